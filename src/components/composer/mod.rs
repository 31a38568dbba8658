mod caution;
mod photos;
#[cfg(feature = "hydrate")]
mod shrink;
mod voice;

use crate::context::use_locale;
use crate::domain::attachment::ACCEPTED_TYPES;
use crate::domain::validate::MESSAGE_MAX_CHARS;
use crate::domain::Attachment;
use crate::i18n::td_string;
use caution::DraftCaution;
use leptos::html::Textarea;
use leptos::prelude::*;
use photos::{PhotoPreviews, PhotoTray};
use voice::{VoiceRecorder, VoiceState};

/// Characters left under which the counter appears.
const COUNTER_FROM: usize = MESSAGE_MAX_CHARS - 500;

/// The message box: Enter sends, Shift+Enter starts a new line; photos
/// come from the attach button or by dropping them on it; the microphone
/// button records a voice message, sent on its own. Send is disabled
/// while there is neither text nor a photo, while the text is too long and
/// while photos upload. The thread owns `draft` so that it can put back a
/// message that failed to send. `on_typing` hears every keystroke that
/// changes the text.
#[component]
pub fn Composer(
    draft: RwSignal<String>,
    on_send: Callback<(String, Vec<Attachment>)>,
    #[prop(optional)] on_typing: Option<Callback<()>>,
) -> impl IntoView {
    let textarea = NodeRef::<Textarea>::new();
    // The thread sets `draft` to clear or restore the box. This writes it
    // to the element ourselves rather than with a `prop:value` binding,
    // which would also blank text typed before the page hydrated.
    let first_look = StoredValue::new(true);
    Effect::new(move |_| {
        let Some(el) = textarea.get() else { return };
        let wanted = draft.get();
        if first_look.get_value() {
            first_look.set_value(false);
            if wanted.is_empty() && !el.value().is_empty() {
                draft.set(el.value()); // typed before the WASM loaded: keep it
                return;
            }
        }
        if el.value() != wanted {
            el.set_value(&wanted);
        }
    });
    let length = Memo::new(move |_| draft.with(|d| d.trim().chars().count()));
    let tray = PhotoTray::new();
    let has_photos = move || tray.photos.with(|p| !p.is_empty());
    let sendable = move || {
        let text_ok = length.get() <= MESSAGE_MAX_CHARS;
        let something = length.get() > 0 || !tray.ready().is_empty();
        text_ok && something && !tray.busy()
    };
    let submit = move || {
        if sendable() {
            on_send.run((draft.get_untracked().trim().to_owned(), tray.ready()));
            draft.set(String::new());
            tray.clear();
        }
    };
    let dragging = RwSignal::new(false);
    let voice = RwSignal::new(VoiceState::Idle);
    let recording = move || !matches!(voice.get(), VoiceState::Idle | VoiceState::Starting);
    let locale = use_locale();
    view! {
        <form
            class="composer"
            class:dragging=move || dragging.get()
            class:with-photos=has_photos
            class:recording=recording
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
            on:dragover=move |ev| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            // A pasted image (a screenshot, an image copied in a browser)
            // is attached like a dropped one; pasted text stays text.
            on:paste=move |ev| {
                #[cfg(feature = "hydrate")]
                if let Some(files) = ev.clipboard_data().and_then(|d| d.files()) {
                    if files.length() > 0 {
                        ev.prevent_default();
                        tray.add(files);
                    }
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = ev;
            }
            on:drop=move |ev| {
                ev.prevent_default();
                dragging.set(false);
                #[cfg(feature = "hydrate")]
                if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
                    tray.add(files);
                }
            }
        >
            <DraftCaution draft />
            <PhotoPreviews tray />
            <input
                id="composer-file"
                class="visually-hidden"
                type="file"
                accept=ACCEPTED_TYPES
                multiple
                on:change=move |ev| {
                    #[cfg(feature = "hydrate")]
                    {
                        use wasm_bindgen::JsCast;
                        let input = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        if let Some(input) = input {
                            if let Some(files) = input.files() {
                                tray.add(files);
                            }
                            input.set_value("");
                        }
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = ev;
                }
            />
            <label
                class="button button-ghost attach-button"
                for="composer-file"
                title=td_string!(locale, composer.attach_photos)
            >
                <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                    <path
                        d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8-8"
                        fill="none"
                        stroke="currentColor"
                        stroke-width="2"
                        stroke-linecap="round"
                        stroke-linejoin="round"
                    />
                </svg>
                <span class="visually-hidden">{td_string!(locale, composer.attach_photos)}</span>
            </label>
            <VoiceRecorder state=voice on_send />
            <label class="visually-hidden" for="composer-input">
                {td_string!(locale, composer.message)}
            </label>
            <textarea
                id="composer-input"
                name="content"
                rows="1"
                placeholder=td_string!(locale, composer.placeholder)
                aria-describedby="composer-hint"
                node_ref=textarea
                on:input=move |ev| {
                    draft.set(event_target_value(&ev));
                    if let Some(on_typing) = on_typing {
                        on_typing.run(());
                    }
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        submit();
                    }
                }
            >
                // The server writes the starting text (a quick question)
                // in the box; the browser keeps what is there.
                {draft.get_untracked()}
            </textarea>
            <button type="submit" class="button button-primary" disabled=move || !sendable()>
                {td_string!(locale, composer.send)}
            </button>
            <p id="composer-hint" class="composer-hint muted">
                <span class="hint-keys">{td_string!(locale, composer.hint)}</span>
                <Show when=move || { length.get() > COUNTER_FROM }>
                    <span
                        class="char-count"
                        class:over=move || { length.get() > MESSAGE_MAX_CHARS }
                    >
                        {move || format!("{} / {MESSAGE_MAX_CHARS}", length.get())}
                    </span>
                </Show>
            </p>
        </form>
    }
    .into_any()
}

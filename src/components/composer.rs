use crate::domain::validate::MESSAGE_MAX_CHARS;
use crate::domain::Attachment;
use leptos::html::Textarea;
use leptos::prelude::*;

/// Characters left under which the counter appears.
const COUNTER_FROM: usize = MESSAGE_MAX_CHARS - 500;

/// The message box: Enter sends, Shift+Enter starts a new line; Send is
/// disabled while the text is blank or too long. The thread owns `draft`
/// so that it can put back a message that failed to send. `on_typing`
/// hears every keystroke that changes the text.
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
    let sendable = move || (1..=MESSAGE_MAX_CHARS).contains(&length.get());
    let submit = move || {
        if sendable() {
            on_send.run((draft.get_untracked().trim().to_owned(), Vec::new()));
            draft.set(String::new());
        }
    };
    view! {
        <form
            class="composer"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <label class="visually-hidden" for="composer-input">
                "Message"
            </label>
            <textarea
                id="composer-input"
                name="content"
                rows="1"
                placeholder="Write a message…"
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
            ></textarea>
            <button type="submit" class="button button-primary" disabled=move || !sendable()>
                "Send"
            </button>
            <p id="composer-hint" class="composer-hint muted">
                <span class="hint-keys">"Enter to send · Shift+Enter for a new line"</span>
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
}

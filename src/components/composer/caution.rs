//! The sender's note above the message box while the draft would warn its
//! recipient (a phone number, a payment outside souk…): the server checks
//! the draft once typing pauses; the message can be sent anyway.

// The server renders no note; only the browser checks drafts.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code, unused_imports))]

use crate::context::use_locale;
use crate::domain::Warning;
use crate::i18n::td_string;
use leptos::prelude::*;

/// How long typing pauses before the draft is checked.
const PAUSE_MS: u32 = 500;

#[component]
pub fn DraftCaution(draft: RwSignal<String>) -> impl IntoView {
    let warnings = RwSignal::new(Vec::<Warning>::new());
    #[cfg(feature = "hydrate")]
    check_while_typing(draft, warnings);
    #[cfg(not(feature = "hydrate"))]
    let _ = draft;
    let locale = use_locale();
    let note = move || {
        // The most serious first: paying elsewhere, then contact details.
        let warnings = warnings.get();
        let said = [
            Warning::Payment,
            Warning::Phone,
            Warning::Email,
            Warning::Link,
        ]
        .into_iter()
        .find(|w| warnings.contains(w))?;
        let text = match said {
            Warning::Payment => td_string!(locale, warnings.payment_note),
            Warning::Phone => td_string!(locale, warnings.phone_note),
            Warning::Email => td_string!(locale, warnings.email_note),
            Warning::Link => td_string!(locale, warnings.link_note),
        };
        Some(view! {
            <p class="composer-caution" role="status">
                {text}
                " "
                {td_string!(locale, warnings.send_anyway)}
            </p>
        })
    };
    view! { {note} }
}

#[cfg(feature = "hydrate")]
fn check_while_typing(draft: RwSignal<String>, warnings: RwSignal<Vec<Warning>>) {
    use crate::server_fns::messages::draft_warnings;
    use gloo_timers::callback::Timeout;

    let pending = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |_| {
        let text = draft.get();
        if text.trim().is_empty() {
            pending.set_value(None);
            warnings.set(Vec::new());
            return;
        }
        // A new keystroke cancels the check the last one scheduled.
        pending.set_value(Some(Timeout::new(PAUSE_MS, move || {
            leptos::task::spawn_local(async move {
                let found = draft_warnings(text.clone()).await.unwrap_or_default();
                if draft.get_untracked() == text && warnings.get_untracked() != found {
                    warnings.set(found);
                }
            });
        })));
    });
}

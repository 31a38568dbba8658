//! The notice under a message that would move the deal off the site (a
//! phone number, a payment outside souk…), for its recipient, with a
//! one-press report of that message as a scam.

use crate::components::error_message::ErrorMessage;
use crate::context::use_locale;
use crate::domain::ReportReason;
use crate::i18n::td_string;
use crate::server_fns::reports::send_report;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn ScamNotice(message_id: Uuid) -> impl IntoView {
    let locale = use_locale();
    let report = Action::new(move |_: &()| async move {
        send_report(Some(message_id), None, ReportReason::Scam, None).await
    });
    view! {
        <div class="scam-notice" role="note">
            <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
                <path
                    d="M12 3l9 16H3zM12 10v4M12 17v.5"
                    fill="none"
                    stroke="currentColor"
                    stroke-width="2"
                    stroke-linejoin="round"
                />
            </svg>
            <p>{td_string!(locale, warnings.stay_safe)}</p>
            {move || match report.value().get() {
                Some(Ok(())) => {
                    view! {
                        <p class="scam-reported" role="status">
                            {td_string!(locale, warnings.reported)}
                        </p>
                    }
                        .into_any()
                }
                done => {
                    view! {
                        <button
                            type="button"
                            class="button button-ghost button-sm"
                            disabled=move || report.pending().get()
                            on:click=move |_| {
                                report.dispatch(());
                            }
                        >
                            {td_string!(locale, warnings.report)}
                        </button>
                        {done.and_then(Result::err).map(|error| view! { <ErrorMessage error /> })}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

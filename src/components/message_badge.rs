use crate::context::use_locale;
use crate::i18n::td_string;
use leptos::prelude::*;

/// An unread count as shown in the badge and the conversation list: the
/// number, or `99+` above 99.
pub fn capped_count(n: i64) -> String {
    if n > 99 {
        "99+".to_owned()
    } else {
        n.to_string()
    }
}

/// Envelope icon linking to the inbox, with the unread total (hidden at 0,
/// `99+` above 99), kept fresh by the page's live updates.
#[component]
pub fn MessageBadge(
    /// The unread total.
    count: Signal<i64>,
    #[prop(default = 24)] icon_size: u32,
) -> impl IntoView {
    let count = move || count.get();
    let label = move || match count() {
        0 => String::new(),
        n => capped_count(n),
    };
    let size = icon_size.to_string();
    let locale = use_locale();
    view! {
        <a class="message-badge" href="/dashboard/messages">
            <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width=size.clone() height=size>
                <rect
                    x="3"
                    y="5"
                    width="18"
                    height="14"
                    rx="2"
                    fill="none"
                    stroke="currentColor"
                    stroke-width="2"
                />
                <path
                    d="M3 7l9 6 9-6"
                    fill="none"
                    stroke="currentColor"
                    stroke-width="2"
                    stroke-linejoin="round"
                />
            </svg>
            <span class="visually-hidden">{td_string!(locale, messages.title)}</span>
            <span class="badge-count" data-testid="unread-count" hidden=move || count() == 0>
                {label}
                <span class="visually-hidden">
                    {move || td_string!(locale, inbox.unread, count = count()).to_string()}
                </span>
            </span>
        </a>
    }
}

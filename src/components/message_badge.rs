use crate::api::messages::unread_count;
use crate::components::polling::{use_poll, POLL_PERIOD};
use crate::domain::AppError;
use leptos::prelude::*;

/// The unread total shown by the badge. The inbox page, which already polls
/// the conversation list, keeps it up to date while it is open (and sets
/// `inbox_open`), so the badge does not poll a second time there.
///
/// `initial` is the server-rendered count. It is created once by the app
/// shell, never inside the header's reactive closures, so the server and
/// the hydrating browser number their resources the same way. The header
/// awaits it and puts it in `count` before it creates the badge, which
/// only ever reads `count`.
#[derive(Clone, Copy)]
pub struct UnreadTotal {
    pub initial: Resource<Result<i64, AppError>>,
    pub count: RwSignal<Option<i64>>,
    pub inbox_open: RwSignal<bool>,
}

impl UnreadTotal {
    /// `session_version` changes on login and logout, refetching the count.
    pub fn new<T>(session_version: impl Fn() -> T + Send + Sync + 'static) -> Self
    where
        T: PartialEq + Clone + Send + Sync + 'static,
    {
        Self {
            initial: Resource::new(session_version, |_| unread_count()),
            count: RwSignal::new(None),
            inbox_open: RwSignal::new(false),
        }
    }
}

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
/// `99+` above 99). Refreshes every 3 seconds while the tab is visible.
#[component]
pub fn MessageBadge(#[prop(default = 24)] icon_size: u32) -> impl IntoView {
    let unread = expect_context::<UnreadTotal>();
    use_poll(POLL_PERIOD, move || async move {
        if !unread.inbox_open.get_untracked() {
            unread.count.set(Some(unread_count().await?));
        }
        Ok(())
    });
    let count = move || unread.count.get().unwrap_or(0);
    let label = move || match count() {
        0 => String::new(),
        n => capped_count(n),
    };
    let size = icon_size.to_string();
    view! {
        <a class="message-badge" href="/dashboard/messages">
            <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width=size.clone() height=size>
                <rect x="3" y="5" width="18" height="14" rx="2" fill="none" stroke="currentColor" stroke-width="2"/>
                <path d="M3 7l9 6 9-6" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>
            </svg>
            <span class="visually-hidden">"Messages"</span>
            <span class="badge-count" data-testid="unread-count" hidden=move || count() == 0>
                {label}
                <span class="visually-hidden">" unread"</span>
            </span>
        </a>
    }
}

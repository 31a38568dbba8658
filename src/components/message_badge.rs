use crate::api::messages::unread_count;
use crate::components::polling::{use_poll, POLL_PERIOD};
use leptos::prelude::*;

/// Envelope icon linking to the inbox, with the unread total (hidden at 0,
/// `99+` above 99). Refreshes every 3 seconds while the tab is visible.
#[component]
pub fn MessageBadge(#[prop(default = 24)] icon_size: u32) -> impl IntoView {
    let count = RwSignal::new(0_i64);
    // Other components (the open conversation) ask for a refresh when they
    // mark messages read, so the badge drops at once.
    let refresh = expect_context::<BadgeRefresh>();
    let load = Resource::new(move || refresh.0.get(), |_| unread_count());
    Effect::new(move |_| {
        if let Some(Ok(n)) = load.get() {
            count.set(n);
        }
    });
    use_poll(POLL_PERIOD, move || async move {
        let n = unread_count().await?;
        count.set(n);
        Ok(())
    });
    let label = move || match count.get() {
        0 => String::new(),
        n if n > 99 => "99+".to_owned(),
        n => n.to_string(),
    };
    let size = icon_size.to_string();
    view! {
        <a class="message-badge" href="/dashboard/messages">
            <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width=size.clone() height=size>
                <rect x="3" y="5" width="18" height="14" rx="2" fill="none" stroke="currentColor" stroke-width="2"/>
                <path d="M3 7l9 6 9-6" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>
            </svg>
            <span class="visually-hidden">"Messages"</span>
            <span class="badge-count" data-testid="unread-count" hidden=move || count.get() == 0>
                {label}
                <span class="visually-hidden">" unread"</span>
            </span>
        </a>
    }
}

/// Bump to make the badge refetch now (e.g. after reading messages).
#[derive(Clone, Copy)]
pub struct BadgeRefresh(pub RwSignal<u32>);

impl BadgeRefresh {
    pub fn now(&self) {
        self.0.update(|n| *n = n.wrapping_add(1));
    }
}

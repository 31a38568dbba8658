use leptos::prelude::*;

/// "Sync now": fired by the thread after sending, reading or deleting, and
/// by the event stream when something happened, so the list, the thread
/// and the badge change at once rather than at the next tick.
#[derive(Clone, Copy)]
pub struct InboxRefresh(pub Trigger);

impl InboxRefresh {
    pub fn now(&self) {
        self.0.notify();
    }
}

pub fn provide_inbox_refresh() -> InboxRefresh {
    let refresh = InboxRefresh(Trigger::new());
    provide_context(refresh);
    refresh
}

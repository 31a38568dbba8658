use leptos::prelude::*;

/// "Refresh the conversation list now": fired by the thread after sending,
/// reading or deleting, so the list and the badge change at once rather
/// than at the next tick. Provided by the messages page.
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

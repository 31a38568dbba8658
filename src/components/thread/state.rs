//! What the open conversation holds: the messages shown, my messages on
//! their way, the composer's text.

use super::outbox::{merge_from_server, Outbox, Shown};
use crate::context::InboxRefresh;
use crate::domain::Message;
use leptos::prelude::*;
use uuid::Uuid;

/// What the thread shows and sends: server-confirmed messages in server
/// order, then my own that no sync has listed yet. The sync cursor is the
/// newest *server-listed* message, so a message the other side sent just
/// before mine is never skipped.
#[derive(Clone, Copy)]
pub(super) struct ThreadState {
    pub conversation_id: Uuid,
    pub shown: RwSignal<Vec<Shown>>,
    pub outbox: RwSignal<Outbox>,
    pub sends_in_flight: RwSignal<u32>,
    /// The composer's text; the thread puts back a message that failed.
    pub draft: RwSignal<String>,
    pub inbox: InboxRefresh,
}

impl ThreadState {
    pub fn new(conversation_id: Uuid, messages: Vec<Message>) -> Self {
        let state = Self {
            conversation_id,
            shown: RwSignal::new(Vec::new()),
            outbox: RwSignal::new(Outbox::default()),
            sends_in_flight: RwSignal::new(0),
            draft: RwSignal::new(String::new()),
            inbox: expect_context::<InboxRefresh>(),
        };
        state.add_from_server(messages);
        state
    }

    pub fn add_from_server(&self, incoming: Vec<Message>) {
        self.shown
            .update(|shown| merge_from_server(shown, incoming));
        let outbox = self.outbox;
        self.shown
            .with_untracked(|shown| outbox.update(|o| o.drop_listed(shown)));
    }

    /// The newest server-listed message: where the next sync starts.
    pub fn newest_listed(&self) -> Option<Uuid> {
        self.shown.with(|l| l.last().map(|s| s.message.id))
    }
}

//! Sending: my message shows at once and goes out in the background
//! (retried by hand when it fails, with the same client id), and "typing…"
//! for the other person while I write.

use super::log::LogScroll;
use super::outbox::{draft_after_failure, draft_after_sent, Outgoing};
use super::state::ThreadState;
use crate::domain::Attachment;
use crate::server_fns::live::typing_in;
use crate::server_fns::messages::send_message;
use chrono::Utc;
use leptos::prelude::*;
use uuid::Uuid;

impl ThreadState {
    fn send(&self, out: Outgoing) {
        let state = *self;
        state.sends_in_flight.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let ids = out.attachments.iter().map(|a| a.id).collect();
            let sent = send_message(
                state.conversation_id,
                out.content.clone(),
                out.client_id,
                ids,
            );
            match sent.await {
                Ok(stored) => {
                    let shown = state.shown;
                    shown.with_untracked(|shown| {
                        state
                            .outbox
                            .update(|o| o.sent(out.client_id, stored.id, shown))
                    });
                    let draft = state.draft.get_untracked();
                    if let Some(next) = draft_after_sent(&draft, &out.content) {
                        state.draft.set(next);
                    }
                    state.inbox.now();
                }
                Err(_) => {
                    state.outbox.update(|o| o.failed(out.client_id));
                    let draft = state.draft.get_untracked();
                    if let Some(next) = draft_after_failure(&draft, &out.content) {
                        state.draft.set(next);
                    }
                }
            }
            state.send_answered();
        });
    }
}

/// What the composer and the failed bubbles call.
#[derive(Clone, Copy)]
pub(super) struct SendWiring {
    pub on_send: Callback<(String, Vec<Attachment>)>,
    pub on_typing: Callback<()>,
    /// Sends a failed message again (by its client id).
    pub retry: Callback<Uuid>,
}

impl SendWiring {
    pub fn new(state: ThreadState, scroll: LogScroll) -> Self {
        let last_typing_notice = StoredValue::new(None::<chrono::DateTime<Utc>>);
        let on_typing = typing_notifier(state.conversation_id, last_typing_notice);
        let on_send = Callback::new(move |(content, attachments): (String, Vec<Attachment>)| {
            // The message ends that bout of typing; the next keystroke starts
            // a new one, which the other person hears of at once.
            last_typing_notice.set_value(None);
            let out = state
                .outbox
                .try_update(|o| o.queue(content, attachments, Utc::now()));
            if let Some(out) = out {
                state.send(out);
            }
            scroll.to_bottom();
        });
        let retry = Callback::new(move |client_id: Uuid| {
            if let Some(out) = state.outbox.try_update(|o| o.retry(client_id)).flatten() {
                state.send(out);
            }
        });
        Self {
            on_send,
            on_typing,
            retry,
        }
    }
}

/// Tells the other person I am typing: at most once every 3 seconds, so
/// their "typing…" (which lasts `TYPING_FOR`, 5 s) stays up while I type.
/// `last_sent` is when it last did.
fn typing_notifier(
    conversation_id: Uuid,
    last_sent: StoredValue<Option<chrono::DateTime<Utc>>>,
) -> Callback<()> {
    Callback::new(move |_| {
        let now = Utc::now();
        let due = last_sent
            .get_value()
            .is_none_or(|at| now - at >= chrono::Duration::seconds(3));
        if due {
            last_sent.set_value(Some(now));
            leptos::task::spawn_local(async move {
                let _ = typing_in(conversation_id).await;
            });
        }
    })
}

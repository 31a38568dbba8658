//! The open conversation and the page's live updates: opening it reads it;
//! while it is open the stream's events (or the sync) bring its new
//! messages, read as they come, the other person's reads ("Seen") and
//! their typing.

use super::log::LogScroll;
use super::outbox::seen_under;
use super::state::ThreadState;
use crate::context::LiveSync;
use crate::domain::{Conversation, Message};
use crate::server_fns::messages::mark_read;
use leptos::prelude::*;
use uuid::Uuid;

/// What the thread shows of the live updates.
#[derive(Clone, Copy)]
pub(super) struct ThreadLive {
    /// The last sync failed: "Reconnecting…".
    pub failing: ReadSignal<bool>,
    /// The message under which "Seen" shows.
    pub seen: Memo<Option<Uuid>>,
    /// The other person is typing.
    pub typing: Signal<bool>,
    /// Their newest message, if any (what "Mark unread" marks).
    pub latest_from_them: Signal<Option<Uuid>>,
}

pub(super) fn follow_live(
    state: ThreadState,
    scroll: LogScroll,
    conversation: &Conversation,
    me: Uuid,
    focus: Signal<Option<Uuid>>,
    mounted: ReadSignal<bool>,
) -> ThreadLive {
    // Opening the conversation reads it.
    let had_unread = conversation.unread_count > 0;
    Effect::new(move |_| {
        if focus.get_untracked().is_none() {
            scroll.to_bottom();
        }
        if had_unread {
            leptos::task::spawn_local(async move {
                if mark_read(state.conversation_id).await.is_ok() {
                    state.inbox.now();
                }
            });
        }
    });

    // The page's live updates bring this conversation's new messages (and
    // read them) while it is open; the sync starts after the newest listed.
    let live = expect_context::<LiveSync>();
    Effect::new(move |_| {
        live.open
            .set(Some((state.conversation_id, state.newest_listed())));
    });
    on_cleanup(move || live.open.set(None));
    Effect::new(move |_| {
        let new: Vec<Message> = live.arrived.with(|arrived| {
            arrived
                .iter()
                .filter(|m| m.conversation_id == state.conversation_id)
                .cloned()
                .collect()
        });
        if !new.is_empty() {
            let pinned = scroll.near_bottom();
            state.add_from_server(new);
            if pinned {
                scroll.to_bottom();
            }
        }
    });

    let conversation_id = conversation.id;
    // The listing's status as the conversation's later changes tell it
    // (its seller marked it sold, another buyer's offer reserved it).
    let listing = state.deals.listing;
    Effect::new(move |first: Option<()>| {
        let told = live
            .changed
            .with(|changed| changed.get(&conversation_id).map(|c| c.ad_status));
        if let (Some(status), Some(())) = (told, first) {
            listing.set(status);
        }
    });
    let other_id = conversation.other_participant(me).map(|p| p.id);
    let loaded_read = conversation.other_last_read_message_id;
    let other_read = Signal::derive(move || {
        if !mounted.get() {
            return loaded_read; // hydrating: what the server rendered
        }
        live.changed.with(|changed| {
            changed
                .get(&conversation_id)
                .map_or(loaded_read, |c| c.other_last_read_message_id)
        })
    });
    let shown = state.shown;
    ThreadLive {
        failing: live.failing.read_only(),
        seen: Memo::new(move |_| shown.with(|shown| seen_under(shown, me, other_read.get()))),
        typing: Signal::derive(move || {
            mounted.get() && other_id.is_some_and(|other| live.is_typing(conversation_id, other))
        }),
        latest_from_them: Signal::derive(move || {
            shown.with(|shown| {
                shown
                    .iter()
                    .rev()
                    .find(|s| Some(s.message.sender_id) == other_id)
                    .map(|s| s.message.id)
            })
        }),
    }
}

use super::{InboxRefresh, PageLive};
use crate::domain::{Conversation, Message, SyncAnswer, Typing};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What the page's one sync per tick has learnt, for the messages page:
/// the conversation list, the open thread and "typing…". The loop itself is
/// `components::live_updates`, in the header's island; [`LiveSync::follow`]
/// ties this to it.
#[derive(Clone, Copy)]
pub struct LiveSync {
    /// The newest state of every conversation that changed since the page
    /// began, by id; the list lays it over what it loaded.
    pub changed: RwSignal<HashMap<Uuid, Conversation>>,
    /// Conversations that left the list since the page began.
    pub removed: RwSignal<HashSet<Uuid>>,
    /// The open conversation (set by the thread), and its newest message
    /// the server has listed: what the next sync asks to be brought up to.
    pub open: RwSignal<Option<(Uuid, Option<Uuid>)>>,
    /// New messages of the open conversation from the last answer.
    pub arrived: RwSignal<Vec<Message>>,
    pub typing: RwSignal<Vec<Typing>>,
    /// The last sync failed: "Reconnecting…".
    pub failing: RwSignal<bool>,
}

impl LiveSync {
    /// Ties this to the tab's live connection: each answer comes in (it
    /// reads the whole answer; the header only glanced at it), the open
    /// conversation and "sync now" (`refresh`) go out.
    pub fn follow(self, page: PageLive, refresh: InboxRefresh) {
        let PageLive {
            answer,
            open,
            wake,
            failing,
            ..
        } = page;
        Effect::new(move |_| {
            let Some(text) = answer.get() else {
                return;
            };
            match serde_json::from_str::<Envelope>(&text) {
                Ok(envelope) => self.absorb(envelope.data),
                Err(error) => leptos::logging::warn!("an unreadable sync answer: {error}"),
            }
        });
        Effect::new(move |_| open.set(self.open.get()));
        Effect::new(move |_| self.failing.set(failing.get()));
        Effect::new(move |started: Option<()>| {
            refresh.0.track();
            if started.is_some() {
                wake.notify();
            }
        });
    }

    /// Takes in one answer.
    pub fn absorb(&self, answer: SyncAnswer) {
        if !answer.conversations.is_empty() || !answer.removed.is_empty() {
            self.removed.update(|removed| {
                for c in &answer.conversations {
                    removed.remove(&c.id);
                }
                removed.extend(answer.removed.iter().copied());
            });
            self.changed.update(|changed| {
                for id in &answer.removed {
                    changed.remove(id);
                }
                for c in answer.conversations {
                    changed.insert(c.id, c);
                }
            });
        }
        if !answer.messages.is_empty() {
            self.arrived.set(answer.messages);
        }
        if self.typing.with_untracked(|t| *t != answer.typing) {
            self.typing.set(answer.typing);
        }
    }

    /// This conversation left the main list (archived here): the list drops
    /// it before the next sync says so.
    pub fn left_list(&self, id: Uuid) {
        self.removed.update(|removed| {
            removed.insert(id);
        });
        self.changed.update(|changed| {
            changed.remove(&id);
        });
    }

    /// `loaded` (the list as first fetched) with every change since laid
    /// over it, most recently active first (the server's order).
    pub fn merged(&self, loaded: &[Conversation]) -> Vec<Conversation> {
        let changed = self.changed.get();
        let removed = self.removed.get();
        if changed.is_empty() && removed.is_empty() {
            return loaded.to_vec();
        }
        let mut list: Vec<Conversation> = loaded
            .iter()
            .filter(|c| !changed.contains_key(&c.id) && !removed.contains(&c.id))
            .cloned()
            .collect();
        list.extend(changed.into_values());
        list.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
        list
    }

    /// Whether the other person is typing in this conversation.
    pub fn is_typing(&self, conversation_id: Uuid, user_id: Uuid) -> bool {
        self.typing.with(|t| {
            t.iter()
                .any(|t| t.conversation_id == conversation_id && t.user_id == user_id)
        })
    }
}

/// `GET /api/messages/sync`'s body.
#[derive(serde::Deserialize)]
struct Envelope {
    data: SyncAnswer,
}

pub fn provide_live_sync() -> LiveSync {
    let live = LiveSync {
        changed: RwSignal::new(HashMap::new()),
        removed: RwSignal::new(HashSet::new()),
        open: RwSignal::new(None),
        arrived: RwSignal::new(Vec::new()),
        typing: RwSignal::new(Vec::new()),
        failing: RwSignal::new(false),
    };
    provide_context(live);
    live
}

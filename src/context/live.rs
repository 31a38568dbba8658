use super::{InboxRefresh, PageLive};
use crate::domain::{
    Conversation, ConversationChange, Message, StreamEvent, SyncAnswer, Typing, TYPING_FOR,
};
use crate::server_fns::messages::mark_read;
use crate::ui_support::visibility::page_visible;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What the page's sync answers and the stream's events have said, for the
/// messages page: the conversation list, the open thread and "typing…". The
/// loop itself is `components::live_updates`, in the header's island;
/// [`LiveSync::follow`]
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
    /// New messages of the open conversation from the last answer or
    /// event.
    pub arrived: RwSignal<Vec<Message>>,
    pub typing: RwSignal<Vec<Typing>>,
    /// Until when each "typing…" heard from the stream lasts.
    typing_until: StoredValue<HashMap<Typing, chrono::DateTime<chrono::Utc>>>,
    /// The last sync failed: "Reconnecting…".
    pub failing: RwSignal<bool>,
}

impl LiveSync {
    /// Ties this to the tab's live connection: each answer and each event
    /// comes in (read whole; the header only glanced at them), the open
    /// conversation and "sync now" (`refresh`) go out.
    pub fn follow(self, page: PageLive, refresh: InboxRefresh, me: Uuid) {
        let PageLive {
            answer,
            open,
            heard,
            wake,
            failing,
            ..
        } = page;
        heard.listen(move |name, data| match StreamEvent::parse(name, data) {
            Ok(event) => self.hear(event, me),
            Err(error) => leptos::logging::warn!("an unreadable {name} event: {error}"),
        });
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
        self.take_changes(answer.conversations, &answer.removed);
        if !answer.messages.is_empty() {
            self.arrived.set(answer.messages);
        }
        if self.typing.with_untracked(|t| *t != answer.typing) {
            self.typing.set(answer.typing);
        }
    }

    /// Applies one event of the stream (`me`: who is reading), as a sync
    /// answer saying the same would: no request, except reading a new
    /// message of the conversation on screen. The header applies the
    /// unread total and `resync`; a read comes with its conversation's
    /// change ("Seen").
    pub fn hear(&self, event: StreamEvent, me: Uuid) {
        match event {
            StreamEvent::Message(message) => self.message_heard(message, me),
            // The live updates follow the main list: one archived (on
            // another page, or just now here) has left it.
            StreamEvent::Conversation(ConversationChange::Changed(conversation))
                if conversation.archived =>
            {
                self.take_changes(Vec::new(), &[conversation.id]);
            }
            StreamEvent::Conversation(ConversationChange::Changed(conversation)) => {
                self.take_changes(vec![*conversation], &[]);
            }
            StreamEvent::Conversation(ConversationChange::Removed { id, .. }) => {
                self.take_changes(Vec::new(), &[id]);
            }
            StreamEvent::Typing(typing) => self.typing_heard(typing),
            // Calls are the header's (see `components::call`).
            StreamEvent::Read(_)
            | StreamEvent::Unread(_)
            | StreamEvent::Resync(_)
            | StreamEvent::Call(_) => {}
        }
    }

    fn take_changes(&self, conversations: Vec<Conversation>, gone: &[Uuid]) {
        if conversations.is_empty() && gone.is_empty() {
            return;
        }
        self.removed.update(|removed| {
            for c in &conversations {
                removed.remove(&c.id);
            }
            removed.extend(gone.iter().copied());
        });
        self.changed.update(|changed| {
            for id in gone {
                changed.remove(id);
            }
            for c in conversations {
                changed.insert(c.id, c);
            }
        });
    }

    /// A message of the conversation on screen joins the thread and is
    /// read, as the sync would have done. On a hidden page it waits: the
    /// sync when the page shows again brings it and reads it (reading it
    /// now would say "Seen" before anyone looked).
    fn message_heard(&self, message: Message, me: Uuid) {
        let (conversation_id, sender_id) = (message.conversation_id, message.sender_id);
        // Its writer is no longer typing it.
        self.typing.update(|typing| {
            typing.retain(|t| t.conversation_id != conversation_id || t.user_id != sender_id);
        });
        let on_screen = self
            .open
            .with_untracked(|open| open.is_some_and(|(id, _)| id == conversation_id));
        if !on_screen || !page_visible() {
            return;
        }
        self.arrived.set(vec![message]);
        if sender_id != me {
            leptos::task::spawn_local(async move {
                let _ = mark_read(conversation_id).await;
            });
        }
    }

    /// "typing…" for as long as the server keeps it ([`TYPING_FOR`]),
    /// unless it is heard again meanwhile or the message lands.
    fn typing_heard(&self, typing: Typing) {
        let until =
            chrono::Utc::now() + chrono::TimeDelta::from_std(TYPING_FOR).unwrap_or_default();
        self.typing_until.update_value(|all| {
            all.insert(typing, until);
        });
        if self.typing.with_untracked(|t| !t.contains(&typing)) {
            self.typing.update(|t| t.push(typing));
        }
        let live = *self;
        set_timeout(
            move || {
                let over = live
                    .typing_until
                    .with_value(|all| all.get(&typing).is_none_or(|u| *u <= chrono::Utc::now()));
                if over {
                    live.typing.update(|t| t.retain(|each| *each != typing));
                }
            },
            TYPING_FOR,
        );
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
        typing_until: StoredValue::new(HashMap::new()),
        failing: RwSignal::new(false),
    };
    provide_context(live);
    live
}

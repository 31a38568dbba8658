//! Live updates on the wire: one sync per tick, and who is typing.

use super::call::CallSignal;
use super::messaging::parse_id;
use super::{AppError, Conversation, ErrorCode, Message, UnreadCount};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many conversations a sync without a cursor returns.
pub const SYNC_FIRST_PAGE: i64 = 30;

/// "typing…" lasts this long after the last typing call (on the server,
/// and in a page that heard it from the event stream).
pub const TYPING_FOR: std::time::Duration = std::time::Duration::from_secs(5);

/// Someone typing in a conversation, right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Typing {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
}

/// One event of `GET /api/messages/events`. Its name on the wire (the
/// server-sent event's `event:` field) is the variant's in camelCase and
/// its data the variant's JSON: the server writes events from this type,
/// and the browser listens for every name of [`StreamEventKind`].
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(StreamEventKind),
    derive(strum::EnumIter, strum::IntoStaticStr, strum::EnumString),
    strum(serialize_all = "camelCase")
)]
pub enum StreamEvent {
    /// A new message in one of my conversations.
    Message(Message),
    /// A conversation of mine changed, or left my list.
    Conversation(ConversationChange),
    /// Someone read a conversation up to its newest message.
    Read(ReadUpTo),
    Typing(Typing),
    /// My unread total.
    Unread(UnreadCount),
    /// Changes may have been missed: sync.
    Resync(Resync),
    /// A video call's signal to me (it rings, was answered, a session
    /// description or ICE candidate, it ended).
    Call(CallSignal),
}

/// What a `conversation` event says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ConversationChange {
    /// Its new state (with `archived` when I archived it).
    Changed(Box<Conversation>),
    /// `{id, removed: true}`: it left my list (deleted for me).
    Removed { id: Uuid, removed: bool },
}

/// Who read which conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadUpTo {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
}

/// A `resync` event's data: `{}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Resync {}

impl StreamEvent {
    /// The conversation `id` left my list.
    pub fn removed(id: Uuid) -> Self {
        StreamEvent::Conversation(ConversationChange::Removed { id, removed: true })
    }

    /// Its name on the wire.
    pub fn name(&self) -> &'static str {
        StreamEventKind::from(self).into()
    }

    /// Its data on the wire (JSON).
    pub fn data(&self) -> String {
        let written = match self {
            StreamEvent::Message(message) => serde_json::to_string(message),
            StreamEvent::Conversation(change) => serde_json::to_string(change),
            StreamEvent::Read(read) => serde_json::to_string(read),
            StreamEvent::Typing(typing) => serde_json::to_string(typing),
            StreamEvent::Unread(unread) => serde_json::to_string(unread),
            StreamEvent::Resync(resync) => serde_json::to_string(resync),
            StreamEvent::Call(signal) => serde_json::to_string(signal),
        };
        written.unwrap_or_default()
    }

    /// An event as the stream delivered it: its name and its data, read
    /// straight into the variant its name says (no JSON tree in between:
    /// the browser does this for every event).
    pub fn parse(name: &str, data: &str) -> Result<Self, serde_json::Error> {
        use serde::de::Error;
        let kind: StreamEventKind = name
            .parse()
            .map_err(|_| serde_json::Error::custom(format!("unknown event {name}")))?;
        Ok(match kind {
            StreamEventKind::Message => StreamEvent::Message(serde_json::from_str(data)?),
            StreamEventKind::Conversation => {
                StreamEvent::Conversation(ConversationChange::parse(data)?)
            }
            StreamEventKind::Read => StreamEvent::Read(serde_json::from_str(data)?),
            StreamEventKind::Typing => StreamEvent::Typing(serde_json::from_str(data)?),
            StreamEventKind::Unread => StreamEvent::Unread(serde_json::from_str(data)?),
            StreamEventKind::Resync => StreamEvent::Resync(serde_json::from_str(data)?),
            StreamEventKind::Call => StreamEvent::Call(serde_json::from_str(data)?),
        })
    }
}

impl ConversationChange {
    /// A `conversation` event's data: `{id, removed}`, else the
    /// conversation (read without serde's untagged buffering, which would
    /// weigh on the browser's code).
    fn parse(data: &str) -> Result<Self, serde_json::Error> {
        #[derive(Deserialize)]
        struct Removed {
            id: Uuid,
            removed: bool,
        }
        match serde_json::from_str::<Removed>(data) {
            Ok(Removed { id, removed }) => Ok(ConversationChange::Removed { id, removed }),
            Err(_) => Ok(ConversationChange::Changed(Box::new(serde_json::from_str(
                data,
            )?))),
        }
    }
}

impl StreamEventKind {
    /// Every event's name on the wire.
    pub fn names() -> impl Iterator<Item = &'static str> {
        use strum::IntoEnumIterator;
        Self::iter().map(Into::into)
    }
}

/// `GET /api/messages/sync`'s query, as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncQuery {
    pub since: Option<String>,
    pub conversation_id: Option<String>,
    pub after: Option<String>,
}

/// A checked sync request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncRequest {
    /// The cursor of the last answer (its change stamp); none: start afresh.
    pub since: Option<i64>,
    /// The unread total that answer gave (carried in its cursor): still
    /// true when nothing changed since.
    pub since_unread: Option<i64>,
    /// The open conversation, and the newest of its messages I have.
    pub conversation_id: Option<Uuid>,
    pub after: Option<Uuid>,
}

impl SyncQuery {
    pub fn parse(&self) -> Result<SyncRequest, AppError> {
        let (since, since_unread) = match self.since.as_deref() {
            Some(raw) => {
                let cursor = Cursor::decode(raw).ok_or_else(|| {
                    AppError::new(ErrorCode::InvalidQuery, "since is not a cursor")
                })?;
                (Some(cursor.seq), cursor.unread)
            }
            None => (None, None),
        };
        let conversation_id = self
            .conversation_id
            .as_deref()
            .map(|raw| parse_id(raw, "conversationId"))
            .transpose()?;
        let after = self
            .after
            .as_deref()
            .map(|raw| parse_id(raw, "after"))
            .transpose()?;
        if after.is_some() && conversation_id.is_none() {
            return Err(AppError::new(
                ErrorCode::MissingField,
                "after needs conversationId",
            ));
        }
        Ok(SyncRequest {
            since,
            since_unread,
            conversation_id,
            after,
        })
    }
}

/// What changed since the cursor, and how things stand now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncAnswer {
    /// Pass back as `since` next time (opaque).
    pub cursor: String,
    pub unread_count: i64,
    /// Conversations that changed (list shape), most recently active first.
    pub conversations: Vec<Conversation>,
    /// Conversations that left my list.
    pub removed: Vec<Uuid>,
    /// The open conversation's messages newer than `after`, oldest first.
    pub messages: Vec<Message>,
    /// Who is typing where, now.
    pub typing: Vec<Typing>,
}

impl SyncAnswer {
    pub fn cursor_seq(&self) -> Option<i64> {
        Cursor::decode(&self.cursor).map(|c| c.seq)
    }
}

/// A sync cursor: the newest change stamp the answer covered, and the
/// unread total it gave (`<seq>.<unread>`; a bare `<seq>` is accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub seq: i64,
    pub unread: Option<i64>,
}

impl Cursor {
    pub fn encode(&self) -> String {
        match self.unread {
            Some(unread) => format!("{}.{unread}", self.seq),
            None => self.seq.to_string(),
        }
    }

    pub fn decode(text: &str) -> Option<Self> {
        let (seq, unread) = match text.split_once('.') {
            Some((seq, unread)) => (seq, Some(unread.parse().ok().filter(|n: &i64| *n >= 0)?)),
            None => (text, None),
        };
        let seq = seq.parse().ok().filter(|n: &i64| *n >= 0)?;
        Some(Self { seq, unread })
    }
}

/// The `sync` server function's answer: like the REST endpoint's 200 (with
/// its tag) or 304.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SyncReply {
    Unchanged,
    Changed { answer: SyncAnswer, etag: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::call::SignalKind;
    use crate::domain::UserSummary;

    fn every_event() -> Vec<StreamEvent> {
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let message = Message {
            id: a,
            conversation_id: b,
            sender_id: c,
            content: "Encore dispo ?".into(),
            created_at: "2026-12-03T10:00:00Z".parse().unwrap(),
            attachments: Vec::new(),
            call: None,
            warnings: Vec::new(),
            offer: None,
            offer_step: None,
        };
        let conversation = Conversation {
            id: b,
            ad_id: Some(a),
            ad_title: Some("Vélo".into()),
            participants: vec![UserSummary {
                id: c,
                name: "Bob".into(),
            }],
            last_message: Some(message.clone()),
            unread_count: 2,
            updated_at: "2026-12-03T10:00:00Z".parse().unwrap(),
            blocked_by_me: false,
            other_last_read_message_id: None,
            archived: true,
            ad_status: None,
            ad_price_cents: None,
        };
        vec![
            StreamEvent::Message(message),
            StreamEvent::Conversation(ConversationChange::Changed(Box::new(conversation))),
            StreamEvent::removed(b),
            StreamEvent::Read(ReadUpTo {
                conversation_id: b,
                user_id: c,
            }),
            StreamEvent::Typing(Typing {
                conversation_id: b,
                user_id: c,
            }),
            StreamEvent::Unread(UnreadCount { count: 7 }),
            StreamEvent::Resync(Resync {}),
            StreamEvent::Call(CallSignal {
                id: 12,
                call_id: a,
                conversation_id: b,
                from_user_id: c,
                kind: SignalKind::Description,
                data: Some(serde_json::json!({ "type": "offer", "sdp": "v=0\r\n" })),
            }),
        ]
    }

    #[test]
    fn every_event_reads_back_as_written() {
        for event in every_event() {
            let read = StreamEvent::parse(event.name(), &event.data()).unwrap();
            assert_eq!(read, event, "{}", event.name());
        }
        // A name the stream never sends, or data of another event's shape.
        assert!(StreamEvent::parse("messages", "{}").is_err());
        assert!(StreamEvent::parse("unread", r#"{"id":1}"#).is_err());
    }

    #[test]
    fn the_wire_names_are_the_listed_ones() {
        let names: Vec<_> = StreamEventKind::names().collect();
        assert_eq!(
            names,
            [
                "message",
                "conversation",
                "read",
                "typing",
                "unread",
                "resync",
                "call"
            ]
        );
        for event in every_event() {
            assert!(names.contains(&event.name()));
        }
        assert_eq!(
            StreamEvent::removed(Uuid::nil()).data(),
            format!(r#"{{"id":"{}","removed":true}}"#, Uuid::nil())
        );
        assert_eq!(StreamEvent::Resync(Resync {}).data(), "{}");
    }

    #[test]
    fn a_cursor_reads_back_as_written() {
        let cursor = Cursor {
            seq: 42,
            unread: Some(3),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(
            Cursor::decode("42"),
            Some(Cursor {
                seq: 42,
                unread: None
            })
        );
        for bad in ["", "x", "-1", "4.x", "4.-2", "4.2.1"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}

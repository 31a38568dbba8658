//! Live updates on the wire: one sync per tick, and who is typing.

use super::messaging::parse_id;
use super::{AppError, Conversation, ErrorCode, Message};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many conversations a sync without a cursor returns.
pub const SYNC_FIRST_PAGE: i64 = 30;

/// Someone typing in a conversation, right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Typing {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
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
    /// The cursor of the last answer; none: start afresh.
    pub since: Option<i64>,
    /// The open conversation, and the newest of its messages I have.
    pub conversation_id: Option<Uuid>,
    pub after: Option<Uuid>,
}

impl SyncQuery {
    pub fn parse(&self) -> Result<SyncRequest, AppError> {
        let since =
            self.since
                .as_deref()
                .map(|raw| {
                    raw.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                        AppError::new(ErrorCode::InvalidQuery, "since is not a cursor")
                    })
                })
                .transpose()?;
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
        self.cursor.parse().ok()
    }
}

/// The `sync` server function's answer: like the REST endpoint's 200 (with
/// its tag) or 304.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SyncReply {
    Unchanged,
    Changed { answer: SyncAnswer, etag: String },
}

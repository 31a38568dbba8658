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
    use super::Cursor;

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

use super::call::CallLine;
use super::offer::{ListingStatus, Offer, OfferStep};
use super::warning::Warning;
use super::{AppError, Attachment, ErrorCode, UserSummary};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub sender_id: Uuid,
    /// May be empty when the message carries attachments.
    pub content: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// A video call's line ("Missed call", "Call, 3 min"), sent in the
    /// caller's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallLine>,
    /// What in its text would move the deal off the site (a phone number,
    /// a payment outside the site…): the recipient is warned.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// The offer it made or answered, as that offer now stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    /// What it says of `offer`: made it, or answered it how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_step: Option<OfferStep>,
}

pub type Participant = UserSummary;

/// A conversation as one of its two participants sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub id: Uuid,
    pub ad_id: Option<Uuid>,
    pub ad_title: Option<String>,
    pub participants: Vec<Participant>,
    pub last_message: Option<Message>,
    pub unread_count: i64,
    pub updated_at: DateTime<Utc>,
    /// Whether I block the other participant.
    pub blocked_by_me: bool,
    /// The newest message the other participant has read (what "Seen"
    /// goes under), if I can see it.
    #[serde(default)]
    pub other_last_read_message_id: Option<Uuid>,
    /// In my "Archived" view rather than my main list.
    #[serde(default)]
    pub archived: bool,
    /// Whether its listing can still be had ("Reserved", "Sold").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_status: Option<ListingStatus>,
    /// Its listing's price, what offers are weighed against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_price_cents: Option<i64>,
}

impl Conversation {
    /// The participant who is not `me`.
    pub fn other_participant(&self, me: Uuid) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id != me)
    }
}

/// `GET /api/messages/conversations/{id}`: the conversation and its newest
/// page of messages, oldest first; `hasMore` says older pages exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationWithMessages {
    #[serde(flatten)]
    pub conversation: Conversation,
    pub messages: Vec<Message>,
    pub has_more: bool,
}

/// One page of messages, oldest first. With an `after` cursor, `total` is
/// the number of messages newer than the cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagePage {
    pub messages: Vec<Message>,
    pub page: i64,
    pub limit: i64,
    pub total: i64,
    pub has_more: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadCount {
    pub count: i64,
}

/// `POST /api/messages/conversations`, and "Contact seller".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartConversation {
    pub recipient_id: Uuid,
    pub ad_id: Option<Uuid>,
    pub ad_title: Option<String>,
}

/// `POST /api/messages`, and the composer's send.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendMessage {
    pub conversation_id: Uuid,
    #[serde(default)]
    pub content: String,
    pub client_id: Option<Uuid>,
    /// Up to four of my own unused uploads.
    #[serde(default)]
    pub attachment_ids: Vec<Uuid>,
}

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 100;

/// Which slice of a conversation's messages to read: the parsed form of
/// `page`, `limit` and `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageWindow {
    /// Page 1 is the newest `limit` messages.
    Page { page: i64, limit: i64 },
    /// Messages newer than this one, oldest first, at most `limit`.
    After { message_id: Uuid, limit: i64 },
    /// The newest `limit` messages older than this one, oldest first (the
    /// thread's older history).
    Before { message_id: Uuid, limit: i64 },
}

/// The query of `GET /api/messages`. Numbers and ids arrive as text so that
/// a bad one gets a sentence naming the parameter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagesQuery {
    pub conversation_id: Option<String>,
    pub page: Option<String>,
    pub limit: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

impl MessagesQuery {
    /// The conversation and the window of its messages asked for.
    pub fn parse(&self) -> Result<(Uuid, MessageWindow), AppError> {
        let conversation_id = self
            .conversation_id
            .as_deref()
            .ok_or_else(|| AppError::new(ErrorCode::MissingField, "conversationId is required"))?;
        let conversation_id = parse_id(conversation_id, "conversationId")?;
        let after = self
            .after
            .as_deref()
            .map(|a| parse_id(a, "after"))
            .transpose()?;
        let before = self
            .before
            .as_deref()
            .map(|b| parse_id(b, "before"))
            .transpose()?;
        let page = parse_count(self.page.as_deref(), "page", ErrorCode::InvalidPage)?;
        let limit = parse_count(self.limit.as_deref(), "limit", ErrorCode::InvalidLimit)?;
        let window = match before {
            Some(_) if after.is_some() || page.is_some() => {
                return Err(AppError::new(
                    ErrorCode::InvalidQuery,
                    "before cannot be combined with after or page",
                ))
            }
            Some(message_id) => MessageWindow::before(message_id, limit)?,
            None => MessageWindow::new(page, limit, after)?,
        };
        Ok((conversation_id, window))
    }
}

/// An id given as text; `field` names it in the error.
pub fn parse_id(raw: &str, field: &str) -> Result<Uuid, AppError> {
    raw.parse().map_err(|_| {
        AppError::new(
            ErrorCode::InvalidId,
            format!("{field} must be a valid UUID"),
        )
    })
}

pub(crate) fn parse_count(
    raw: Option<&str>,
    field: &str,
    code: ErrorCode,
) -> Result<Option<i64>, AppError> {
    raw.map(|value| {
        value
            .parse()
            .map_err(|_| AppError::new(code, format!("{field} must be a whole number")))
    })
    .transpose()
}

/// A page size asked for (`default` when not), within 1..=MAX_PAGE_SIZE.
pub(crate) fn checked_limit(limit: Option<i64>, default: i64) -> Result<i64, AppError> {
    let limit = limit.unwrap_or(default);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(AppError::new(
            ErrorCode::InvalidLimit,
            format!("limit must be between 1 and {MAX_PAGE_SIZE}"),
        ));
    }
    Ok(limit)
}

impl MessageWindow {
    /// The messages older than `message_id` (`limit` of them, default 50).
    pub fn before(message_id: Uuid, limit: Option<i64>) -> Result<Self, AppError> {
        Ok(MessageWindow::Before {
            message_id,
            limit: checked_limit(limit, DEFAULT_PAGE_SIZE)?,
        })
    }

    pub fn new(
        page: Option<i64>,
        limit: Option<i64>,
        after: Option<Uuid>,
    ) -> Result<Self, AppError> {
        let limit = checked_limit(limit, DEFAULT_PAGE_SIZE)?;
        let page = page.unwrap_or(1);
        if page < 1 {
            return Err(AppError::new(
                ErrorCode::InvalidPage,
                "page must be 1 or more",
            ));
        }
        Ok(match after {
            Some(message_id) => MessageWindow::After { message_id, limit },
            None => MessageWindow::Page { page, limit },
        })
    }
}

/// How many conversations a page of the inbox holds by default.
pub const INBOX_PAGE_SIZE: i64 = 30;

/// `GET /api/messages/conversations`'s query: without `limit` (and
/// `before`), every conversation; `archived=true` for the archived ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationsQuery {
    pub limit: Option<String>,
    pub before: Option<String>,
    pub archived: Option<String>,
}

/// Which of my lists: the main one (the inbox) or the archived one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Folder {
    #[default]
    Inbox,
    Archived,
}

impl Folder {
    pub fn is_archived(self) -> bool {
        self == Folder::Archived
    }
}

/// Where a page ends, for keyset paging: the last item's time, then its
/// id (in the inbox, my last activity in a conversation; in search, a
/// message's time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeysetCursor {
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

impl KeysetCursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.at.timestamp_micros(), self.id)
    }

    pub fn decode(text: &str) -> Result<Self, AppError> {
        let invalid = || AppError::new(ErrorCode::InvalidQuery, "before is not a cursor");
        let (micros, id) = text.split_once('_').ok_or_else(invalid)?;
        let at = micros
            .parse()
            .ok()
            .and_then(DateTime::from_timestamp_micros)
            .ok_or_else(invalid)?;
        Ok(Self {
            at,
            id: id.parse().map_err(|_| invalid())?,
        })
    }
}

/// A page of the inbox (`limit`, and where to continue), or everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxWindow {
    All,
    Page {
        limit: i64,
        before: Option<KeysetCursor>,
    },
}

impl ConversationsQuery {
    /// The list asked for: `archived` is `true` or `false` (the default).
    pub fn folder(&self) -> Result<Folder, AppError> {
        match self.archived.as_deref() {
            None | Some("false") => Ok(Folder::Inbox),
            Some("true") => Ok(Folder::Archived),
            Some(_) => Err(AppError::new(
                ErrorCode::InvalidQuery,
                "archived must be true or false",
            )),
        }
    }

    pub fn parse(&self) -> Result<InboxWindow, AppError> {
        let limit = parse_count(self.limit.as_deref(), "limit", ErrorCode::InvalidLimit)?;
        let before = self
            .before
            .as_deref()
            .map(KeysetCursor::decode)
            .transpose()?;
        if limit.is_none() && before.is_none() {
            return Ok(InboxWindow::All);
        }
        Ok(InboxWindow::Page {
            limit: checked_limit(limit, INBOX_PAGE_SIZE)?,
            before,
        })
    }
}

/// A page of the inbox; `next_cursor` is `None` on the last one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationPage {
    pub conversations: Vec<Conversation>,
    pub next_cursor: Option<String>,
}

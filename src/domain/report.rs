//! Reports: a person, or one message they sent, flagged for the moderators.

use super::{AppError, ErrorCode, UserSummary};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const REPORT_DETAILS_MAX_CHARS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "lowercase"))]
pub enum ReportReason {
    Spam,
    Scam,
    Abuse,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 4] = [Self::Spam, Self::Scam, Self::Abuse, Self::Other];

    /// Its name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spam => "spam",
            Self::Scam => "scam",
            Self::Abuse => "abuse",
            Self::Other => "other",
        }
    }
}

/// `POST /api/reports`: a message (and so its sender) or a person.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewReport {
    #[serde(default)]
    pub message_id: Option<Uuid>,
    #[serde(default)]
    pub user_id: Option<Uuid>,
    pub reason: ReportReason,
    #[serde(default)]
    pub details: Option<String>,
}

/// What a report is about, once the request is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTarget {
    Message(Uuid),
    User(Uuid),
}

impl NewReport {
    /// Exactly one target.
    pub fn target(&self) -> Result<ReportTarget, AppError> {
        match (self.message_id, self.user_id) {
            (Some(message), None) => Ok(ReportTarget::Message(message)),
            (None, Some(user)) => Ok(ReportTarget::User(user)),
            (None, None) => Err(AppError::new(
                ErrorCode::MissingField,
                "Say what you report: messageId or userId",
            )),
            (Some(_), Some(_)) => Err(AppError::new(
                ErrorCode::InvalidInput,
                "Report a message or a user, not both",
            )),
        }
    }
}

/// A report as the moderators see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub id: Uuid,
    pub reason: ReportReason,
    pub details: Option<String>,
    pub created_at: DateTime<Utc>,
    pub reporter: UserSummary,
    pub reported_user: UserSummary,
    /// The reported message, when a message was reported (and still exists).
    pub message: Option<ReportedMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportedMessage {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub content: String,
    pub created_at: DateTime<Utc>,
}

/// Someone whose messages spoke of paying outside the site three times or
/// more in a day: what moderators look at first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepeatPaymentSender {
    pub user: UserSummary,
    /// Their `payment`-flagged messages in the last 24 hours.
    pub flagged: i64,
    pub last_at: DateTime<Utc>,
}

/// How many `payment`-flagged messages in a day put a sender on the list.
pub const REPEAT_PAYMENT_FLAGS: i64 = 3;

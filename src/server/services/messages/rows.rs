//! The rows the reads return, and how they become the wire types.

use crate::domain::call::CallLine;
use crate::domain::offer::{ListingStatus, Offer, OfferStep};
use crate::domain::{Attachment, Conversation, Message, UserSummary, Warning};
use crate::server::services::attachments::StoredAttachment;
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

/// A row of `conversation_views` (see its migration).
pub(super) struct ConversationRow {
    pub id: Uuid,
    pub ad_id: Option<Uuid>,
    pub ad_title: Option<String>,
    pub user_low: Uuid,
    pub low_name: String,
    pub user_high: Uuid,
    pub high_name: String,
    pub unread_count: i64,
    pub updated_at: DateTime<Utc>,
    pub last_id: Option<Uuid>,
    pub last_sender_id: Option<Uuid>,
    pub last_content: Option<String>,
    pub last_created_at: Option<DateTime<Utc>>,
    pub blocked_by_me: bool,
    pub other_last_read_id: Option<Uuid>,
    pub archived: bool,
    pub last_attachments: Option<Json<Vec<StoredAttachment>>>,
    pub last_call: Option<Json<CallLine>>,
    pub last_warnings: Option<Vec<String>>,
    pub last_offer: Option<Json<Offer>>,
    pub last_offer_step: Option<String>,
    pub ad_status: Option<String>,
    pub ad_price_cents: Option<i64>,
    /// Where the conversation sits in my list (paging's key, with the id).
    pub viewer_activity_at: DateTime<Utc>,
}

impl From<ConversationRow> for Conversation {
    fn from(row: ConversationRow) -> Self {
        let last_message = match (
            row.last_id,
            row.last_sender_id,
            row.last_content,
            row.last_created_at,
        ) {
            (Some(id), Some(sender_id), Some(content), Some(created_at)) => Some(Message {
                id,
                conversation_id: row.id,
                sender_id,
                content,
                created_at,
                attachments: attachments_of(row.last_attachments),
                call: row.last_call.map(|Json(line)| line),
                warnings: warnings_of(row.last_warnings.unwrap_or_default()),
                offer: row.last_offer.map(|Json(offer)| offer),
                offer_step: row.last_offer_step.as_deref().and_then(OfferStep::parse),
            }),
            _ => None,
        };
        Conversation {
            id: row.id,
            ad_id: row.ad_id,
            ad_title: row.ad_title,
            participants: vec![
                UserSummary {
                    id: row.user_low,
                    name: row.low_name,
                },
                UserSummary {
                    id: row.user_high,
                    name: row.high_name,
                },
            ],
            last_message,
            unread_count: row.unread_count,
            updated_at: row.updated_at,
            blocked_by_me: row.blocked_by_me,
            other_last_read_message_id: row.other_last_read_id,
            archived: row.archived,
            ad_status: row.ad_status.as_deref().and_then(ListingStatus::parse),
            ad_price_cents: row.ad_price_cents,
        }
    }
}

fn attachments_of(stored: Option<Json<Vec<StoredAttachment>>>) -> Vec<Attachment> {
    stored
        .map(|Json(list)| list.into_iter().map(Attachment::from).collect())
        .unwrap_or_default()
}

/// Stored warnings as the wire says them (a name this build does not know
/// is left out).
pub(in crate::server::services) fn warnings_of(stored: Vec<String>) -> Vec<Warning> {
    stored.iter().filter_map(|w| w.parse().ok()).collect()
}

/// A message as `select_message_row!` reads it, its images from the list
/// kept on it.
pub(in crate::server::services) struct MessageRow {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub sender_id: Uuid,
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub attachments: Json<Vec<StoredAttachment>>,
    pub call: Option<Json<CallLine>>,
    pub warnings: Vec<String>,
    pub offer: Option<Json<Offer>>,
    pub offer_step: Option<String>,
}

impl From<MessageRow> for Message {
    fn from(row: MessageRow) -> Self {
        Message {
            id: row.id,
            conversation_id: row.conversation_id,
            sender_id: row.sender_id,
            content: row.content,
            created_at: row.created_at,
            attachments: attachments_of(Some(row.attachments)),
            call: row.call.map(|Json(line)| line),
            warnings: warnings_of(row.warnings),
            offer: row.offer.map(|Json(offer)| offer),
            offer_step: row.offer_step.as_deref().and_then(OfferStep::parse),
        }
    }
}

/// The columns of `conversation_views` that make a [`ConversationRow`],
/// with the nullability a view hides from the compile-time check.
macro_rules! select_conversation_row {
    ($tail:literal, $($arg:expr),* $(,)?) => {
        sqlx::query_as!(
            ConversationRow,
            r#"SELECT id AS "id!", ad_id, ad_title, user_low AS "user_low!", low_name AS "low_name!",
                      user_high AS "user_high!", high_name AS "high_name!",
                      unread_count AS "unread_count!", updated_at AS "updated_at!",
                      last_id, last_sender_id, last_content, last_created_at,
                      blocked_by_me AS "blocked_by_me!", other_last_read_id,
                      archived AS "archived!",
                      last_attachments AS "last_attachments: Json<Vec<StoredAttachment>>",
                      last_call AS "last_call: Json<crate::domain::call::CallLine>",
                      last_warnings,
                      last_offer AS "last_offer: Json<crate::domain::offer::Offer>",
                      last_offer_step, ad_status, ad_price_cents,
                      viewer_activity_at AS "viewer_activity_at!"
               FROM conversation_views "# + $tail,
            $($arg),*
        )
    };
}

/// The columns of `messages m` that make a [`MessageRow`]; `$tail` joins
/// and filters.
macro_rules! select_message_row {
    ($tail:literal, $($arg:expr),* $(,)?) => {
        sqlx::query_as!(
            MessageRow,
            r#"SELECT m.id, m.conversation_id, m.sender_id, m.content, m.created_at,
                      m.attachment_list AS "attachments: Json<Vec<StoredAttachment>>",
                      m.call AS "call: Json<crate::domain::call::CallLine>",
                      m.warnings,
                      offer_json(mo) AS "offer: Json<crate::domain::offer::Offer>",
                      m.offer_step
               FROM messages m LEFT JOIN offers mo ON mo.id = m.offer_id "# + $tail,
            $($arg),*
        )
    };
}

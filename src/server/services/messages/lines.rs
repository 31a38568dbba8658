//! Lines: messages the site writes in a person's name for something they
//! did (a call, a step of an offer) rather than typed. They take the next
//! sequence number and reach both sides like any message: `deliver` is
//! what every new message, sent or written, does to its conversation.

use super::super::changes::{self, Change};
use super::super::DbResultExt;
use crate::domain::call::CallLine;
use crate::domain::offer::OfferStep;
use crate::domain::AppError;
use crate::server::live::ChangeKind;
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

/// What a line says.
pub enum LineKind {
    Call(CallLine),
    Offer { offer_id: Uuid, step: OfferStep },
}

pub struct Line {
    pub conversation_id: Uuid,
    /// In whose name it is written.
    pub sender: Uuid,
    pub kind: LineKind,
    /// It waits for the other participant to read it (a missed call, an
    /// answer to an offer), rather than counting as read by both.
    pub unread_for_other: bool,
    /// Makes it idempotent per sender, as for messages.
    pub client_id: Option<Uuid>,
}

/// Appends `line` to its conversation inside `tx` (the conversation row is
/// locked until commit, as for a sent message). `None`: a line of the
/// sender's with this `client_id` exists already.
pub async fn append_line(tx: &mut PgConnection, line: Line) -> Result<Option<Uuid>, AppError> {
    let next = sqlx::query!(
        "UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = clock_timestamp()
         WHERE id = $1
         RETURNING last_seq, last_activity_at",
        line.conversation_id,
    )
    .fetch_one(&mut *tx)
    .await
    .or_internal()?;
    let (call, offer_id, offer_step) = match line.kind {
        LineKind::Call(call) => (Some(Json(call)), None, None),
        LineKind::Offer { offer_id, step } => (None, Some(offer_id), Some(step.name())),
    };
    let inserted = sqlx::query_scalar!(
        "INSERT INTO messages
             (id, conversation_id, seq, sender_id, content, created_at, client_id,
              call, offer_id, offer_step)
         VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $9)
         ON CONFLICT (sender_id, client_id) DO NOTHING
         RETURNING id",
        Uuid::new_v4(),
        line.conversation_id,
        next.last_seq,
        line.sender,
        next.last_activity_at,
        line.client_id,
        call as Option<Json<CallLine>>,
        offer_id,
        offer_step,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    let Some(message_id) = inserted else {
        return Ok(None);
    };
    let appended = Appended {
        conversation_id: line.conversation_id,
        sender: line.sender,
        message_id,
        seq: next.last_seq,
        at: next.last_activity_at,
    };
    deliver(tx, appended, line.unread_for_other).await?;
    Ok(Some(message_id))
}

/// A message just inserted, with the sequence number it took.
pub struct Appended {
    pub conversation_id: Uuid,
    pub sender: Uuid,
    pub message_id: Uuid,
    pub seq: i64,
    pub at: DateTime<Utc>,
}

/// What a new message does to its conversation, sent or written as a line:
/// the sender has read it; it brings the conversation back for both (from
/// a deletion, and from the other's archive when it is news for them), and,
/// `unread_for_other`, waits for the other to read it (or be mailed about
/// it, see `notifications`); the change goes out.
pub async fn deliver(
    tx: &mut PgConnection,
    message: Appended,
    unread_for_other: bool,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE conversation_participants
         SET hidden = false,
             last_activity_at = $3,
             last_read_seq = CASE WHEN user_id = $2 OR NOT $5 THEN $4 ELSE last_read_seq END,
             marked_unread = marked_unread AND user_id <> $2 AND $5,
             archived = archived AND (user_id = $2 OR NOT $5),
             unmailed_since = CASE WHEN user_id = $2 OR NOT $5 THEN unmailed_since
                                   ELSE COALESCE(unmailed_since, $3) END
         WHERE conversation_id = $1",
        message.conversation_id,
        message.sender,
        message.at,
        message.seq,
        unread_for_other,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    let change = Change {
        kind: ChangeKind::Message,
        conversation_id: message.conversation_id,
        actor: message.sender,
        message_id: Some(message.message_id),
    };
    changes::touch(tx, change, None).await
}

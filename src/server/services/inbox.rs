//! Inbox tools: archiving a conversation and marking it unread again.
//! Both change only my own participant row, so only I hear of them.

use super::{changes, messages, DbResultExt};
use crate::domain::{AppError, ErrorCode};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Moves a conversation I can see to my "Archived" view (`archived`) or
/// back to my main list. Doing it twice changes nothing more.
#[tracing::instrument(skip(pool))]
pub async fn set_archived(
    pool: &PgPool,
    me: Uuid,
    conversation_id: Uuid,
    archived: bool,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    lock_visible(&mut tx, me, conversation_id).await?;
    let changed = sqlx::query!(
        "UPDATE conversation_participants SET archived = $3
         WHERE conversation_id = $1 AND user_id = $2 AND archived <> $3",
        conversation_id,
        me,
        archived,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    if changed.rows_affected() > 0 {
        changes::touch_mine(&mut tx, me, conversation_id).await?;
    }
    tx.commit().await.or_internal()
}

/// Shows the conversation as unread again: the other person's newest
/// message counts as unread until I open or write in the conversation.
/// The read pointer the other person sees ("Seen") does not move back.
#[tracing::instrument(skip(pool))]
pub async fn mark_unread(pool: &PgPool, me: Uuid, conversation_id: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    lock_visible(&mut tx, me, conversation_id).await?;
    // Everything past my read pointer is the other person's and unread
    // already; otherwise their newest message must be one I can still see.
    let row = sqlx::query!(
        r#"SELECT c.last_seq > GREATEST(p.last_read_seq, p.cleared_seq) AS "unread!",
                  EXISTS (SELECT 1 FROM messages m
                          WHERE m.conversation_id = c.id AND m.sender_id <> $2
                            AND m.seq > p.cleared_seq) AS "theirs!"
           FROM conversation_participants p
           JOIN conversations c ON c.id = p.conversation_id
           WHERE p.conversation_id = $1 AND p.user_id = $2"#,
        conversation_id,
        me,
    )
    .fetch_one(&mut *tx)
    .await
    .or_internal()?;
    if !row.theirs {
        return Err(AppError::new(
            ErrorCode::NothingToMarkUnread,
            "There is no message from the other person to mark unread",
        ));
    }
    let changed = sqlx::query!(
        "UPDATE conversation_participants SET marked_unread = true
         WHERE conversation_id = $1 AND user_id = $2 AND NOT marked_unread AND NOT $3",
        conversation_id,
        me,
        row.unread,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    if changed.rows_affected() > 0 {
        changes::touch_mine(&mut tx, me, conversation_id).await?;
    }
    tx.commit().await.or_internal()
}

/// Locks the conversation's row (the order every writer follows, see
/// `messages::mark_read`), or 404 when it is not in one of my lists.
async fn lock_visible(
    tx: &mut PgConnection,
    me: Uuid,
    conversation_id: Uuid,
) -> Result<(), AppError> {
    sqlx::query_scalar!(
        "SELECT c.id FROM conversations c
         JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = $2
         WHERE c.id = $1 AND NOT p.hidden
         FOR UPDATE OF c",
        conversation_id,
        me,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?
    .map(|_| ())
    .ok_or_else(messages::conversation_not_found)
}

//! Read state: the unread total, marking a conversation read, and
//! delete-for-me.

use super::conversations::conversation_not_found;
use crate::domain::AppError;
use crate::server::live::ChangeKind;
use crate::server::services::changes::{self, Change};
use crate::server::services::DbResultExt;
use sqlx::PgPool;
use uuid::Uuid;

/// Unread messages over all my visible conversations, archived ones
/// included: one row per conversation from the inbox index, no message is
/// read.
#[tracing::instrument(skip(pool))]
pub async fn unread_total(pool: &PgPool, me: Uuid) -> Result<i64, AppError> {
    sqlx::query_scalar!(
        r#"SELECT COALESCE(SUM(GREATEST(c.last_seq - GREATEST(p.last_read_seq, p.cleared_seq), 0)
                               + CASE WHEN p.marked_unread THEN 1 ELSE 0 END), 0)::bigint AS "total!"
           FROM conversation_participants p
           JOIN conversations c ON c.id = p.conversation_id
           WHERE p.user_id = $1 AND NOT p.hidden"#,
        me,
    )
    .fetch_one(pool)
    .await
    .or_internal()
}

/// Marks everything currently in the conversation read for me. When that
/// moves my read pointer, both of us see a change (my unread count, their
/// "Seen").
#[tracing::instrument(skip(pool))]
pub async fn mark_read(pool: &PgPool, me: Uuid, conversation_id: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    // Every writer of a conversation's participant rows takes its row lock
    // first (a send does by taking a sequence number), so two of them never
    // lock the two participant rows in opposite orders (a deadlock).
    sqlx::query!(
        "SELECT id FROM conversations WHERE id = $1 FOR UPDATE",
        conversation_id,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?
    .ok_or_else(conversation_not_found)?;
    // `before` is the row as the statement found it: did the pointer move?
    let moved = sqlx::query_scalar!(
        r#"UPDATE conversation_participants p
           SET last_read_seq = GREATEST(p.last_read_seq, c.last_seq), marked_unread = false,
               unmailed_since = NULL
           FROM conversations c, conversation_participants before
           WHERE c.id = p.conversation_id AND p.conversation_id = $1 AND p.user_id = $2
             AND NOT p.hidden
             AND before.conversation_id = p.conversation_id AND before.user_id = p.user_id
           RETURNING before.last_read_seq < c.last_seq OR before.marked_unread AS "moved!""#,
        conversation_id,
        me,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?
    .ok_or_else(conversation_not_found)?;
    if moved {
        let change = Change {
            kind: ChangeKind::Read,
            conversation_id,
            actor: me,
            message_id: None,
        };
        changes::touch(&mut tx, change, None).await?;
    }
    tx.commit().await.or_internal()
}

/// Hides the conversation for me only, forgetting the messages so far.
#[tracing::instrument(skip(pool))]
pub async fn delete_for_me(pool: &PgPool, me: Uuid, conversation_id: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    // Lock the conversation so a message being sent right now is either
    // included in what I delete or arrives after it (and brings it back).
    let last_seq = sqlx::query_scalar!(
        "SELECT last_seq FROM conversations WHERE id = $1 FOR UPDATE",
        conversation_id,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?
    .ok_or_else(conversation_not_found)?;
    let updated = sqlx::query!(
        "UPDATE conversation_participants
         SET hidden = true, cleared_seq = $3, last_read_seq = GREATEST(last_read_seq, $3),
             marked_unread = false, archived = false, unmailed_since = NULL
         WHERE conversation_id = $1 AND user_id = $2 AND NOT hidden",
        conversation_id,
        me,
        last_seq,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    found_if(updated.rows_affected() == 1)?;
    changes::touch_mine(&mut tx, me, conversation_id).await?;
    tx.commit().await.or_internal()?;
    Ok(())
}

fn found_if(found: bool) -> Result<(), AppError> {
    if found {
        Ok(())
    } else {
        Err(conversation_not_found())
    }
}

//! Blocking: while either of two users blocks the other, neither can send
//! to the other nor start a conversation with them, and what the blocked
//! person sent before no longer counts as unread for the blocker.

use super::changes;
use super::{accounts, DbResultExt};
use crate::domain::{AppError, ErrorCode, UserSummary};
use sqlx::PgPool;
use uuid::Uuid;

/// Blocks `them` for `me` (again: no change). Marks my conversations with
/// them read, since nothing new can arrive while the block stands.
#[tracing::instrument(skip(pool))]
pub async fn block(pool: &PgPool, me: Uuid, them: Uuid) -> Result<(), AppError> {
    if me == them {
        return Err(AppError::new(
            ErrorCode::CannotBlockSelf,
            "You cannot block yourself",
        ));
    }
    if !accounts::user_exists(pool, them).await? {
        return Err(AppError::not_found("User"));
    }
    let mut tx = pool.begin().await.or_internal()?;
    let ours = lock_conversations_between(&mut tx, me, them).await?;
    sqlx::query!(
        "INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
        me,
        them,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    sqlx::query!(
        "UPDATE conversation_participants p
         SET last_read_seq = GREATEST(p.last_read_seq, c.last_seq), marked_unread = false,
             unmailed_since = NULL
         FROM conversations c
         WHERE c.id = p.conversation_id AND p.user_id = $1
           AND $2 IN (c.user_low, c.user_high)",
        me,
        them,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    touch_for_me(&mut tx, me, ours).await?;
    tx.commit().await.or_internal()
}

/// Our conversations, their rows locked in id order before their
/// participant rows change (the order every writer follows; see
/// `messages::mark_read`).
async fn lock_conversations_between(
    tx: &mut sqlx::PgConnection,
    me: Uuid,
    them: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    sqlx::query_scalar!(
        "SELECT id FROM conversations
         WHERE user_low = LEAST($1::uuid, $2::uuid) AND user_high = GREATEST($1::uuid, $2::uuid)
         ORDER BY id FOR UPDATE",
        me,
        them,
    )
    .fetch_all(&mut *tx)
    .await
    .or_internal()
}

/// These conversations changed for me (`blockedByMe`, unread).
async fn touch_for_me(
    tx: &mut sqlx::PgConnection,
    me: Uuid,
    conversations: Vec<Uuid>,
) -> Result<(), AppError> {
    for conversation_id in conversations {
        changes::touch_mine(tx, me, conversation_id).await?;
    }
    Ok(())
}

/// Lifts my block of `them` (none: no change).
#[tracing::instrument(skip(pool))]
pub async fn unblock(pool: &PgPool, me: Uuid, them: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    let ours = lock_conversations_between(&mut tx, me, them).await?;
    let lifted = sqlx::query!(
        "DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2",
        me,
        them,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    if lifted.rows_affected() > 0 {
        touch_for_me(&mut tx, me, ours).await?;
    }
    tx.commit().await.or_internal()
}

/// The users I block, most recent first.
#[tracing::instrument(skip(pool))]
pub async fn blocked_by(pool: &PgPool, me: Uuid) -> Result<Vec<UserSummary>, AppError> {
    sqlx::query_as!(
        UserSummary,
        "SELECT u.id, u.name FROM user_blocks b JOIN users u ON u.id = b.blocked_id
         WHERE b.blocker_id = $1 ORDER BY b.created_at DESC, u.id",
        me,
    )
    .fetch_all(pool)
    .await
    .or_internal()
}

/// Refuses with 403 `blocked` when either of the two blocks the other.
#[tracing::instrument(skip(pool))]
pub async fn ensure_not_blocked(pool: &PgPool, a: Uuid, b: Uuid) -> Result<(), AppError> {
    let blocked = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM user_blocks
               WHERE (blocker_id = $1 AND blocked_id = $2)
                  OR (blocker_id = $2 AND blocked_id = $1)) AS "blocked!""#,
        a,
        b,
    )
    .fetch_one(pool)
    .await
    .or_internal()?;
    if blocked {
        return Err(AppError::new(
            ErrorCode::Blocked,
            "You cannot message this person: one of you has blocked the other",
        ));
    }
    Ok(())
}

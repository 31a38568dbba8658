//! "typing…": announced to the other participant through the change feed
//! and kept only in memory, for a few seconds (see `server::live`).

use super::changes;
use super::{blocks, messages, DbResultExt};
use crate::domain::AppError;
use crate::server::live::{ChangeKind, Notice, Stamp};
use sqlx::PgPool;
use uuid::Uuid;

/// `me` is typing in the conversation; 404 if I cannot see it, 403 while
/// either of us blocks the other.
#[tracing::instrument(skip(pool))]
pub async fn typing(pool: &PgPool, me: Uuid, conversation_id: Uuid) -> Result<(), AppError> {
    let other = messages::other_participant(pool, me, conversation_id)
        .await?
        .ok_or_else(messages::conversation_not_found)?;
    blocks::ensure_not_blocked(pool, me, other).await?;
    let notice = Notice {
        kind: ChangeKind::Typing,
        conversation_id: Some(conversation_id),
        message_id: None,
        actor: me,
        users: vec![Stamp {
            id: other,
            seq: None,
        }],
        origin: Some(crate::server::live::this_instance()),
        call: None,
    };
    let mut db = pool.acquire().await.or_internal()?;
    changes::notify(&mut db, &notice).await
}

//! The change feed's writing side. Whatever changes what a participant
//! sees of a conversation calls [`touch`] inside its transaction: the rows
//! get the next stamp of `change_seq` (what sync reads) and one notice goes
//! out on `souk_changes` when the transaction commits (what every
//! instance's listener hears). Typing and logouts change no row and only
//! notify.

use super::DbResultExt;
use crate::domain::AppError;
use crate::server::live::{ChangeKind, Notice, Stamp, CHANNEL};
use sqlx::PgConnection;
use uuid::Uuid;

/// What a change is about.
#[derive(Debug, Clone, Copy)]
pub struct Change {
    pub kind: ChangeKind,
    pub conversation_id: Uuid,
    pub actor: Uuid,
    pub message_id: Option<Uuid>,
}

/// Stamps the conversation's participant rows (only `only`'s when given)
/// and announces the change.
pub async fn touch(
    db: &mut PgConnection,
    change: Change,
    only: Option<Uuid>,
) -> Result<(), AppError> {
    let stamps = sqlx::query!(
        "UPDATE conversation_participants SET changed_seq = nextval('change_seq')
         WHERE conversation_id = $1 AND ($2::uuid IS NULL OR user_id = $2)
         RETURNING user_id, changed_seq",
        change.conversation_id,
        only,
    )
    .fetch_all(&mut *db)
    .await
    .or_internal()?;
    let notice = Notice {
        kind: change.kind,
        conversation_id: Some(change.conversation_id),
        message_id: change.message_id,
        actor: change.actor,
        users: stamps
            .into_iter()
            .map(|row| Stamp {
                id: row.user_id,
                seq: Some(row.changed_seq),
            })
            .collect(),
        origin: Some(crate::server::live::this_instance()),
        call: None,
    };
    notify(db, &notice).await
}

/// A change to my own view of a conversation that only I see (it left or
/// came back to one of my lists): only my row is stamped.
pub async fn touch_mine(
    db: &mut PgConnection,
    me: Uuid,
    conversation_id: Uuid,
) -> Result<(), AppError> {
    let change = Change {
        kind: ChangeKind::Conversation,
        conversation_id,
        actor: me,
        message_id: None,
    };
    touch(db, change, Some(me)).await
}

/// Announces a change that touches no row (typing, a logout).
pub async fn notify(db: &mut PgConnection, notice: &Notice) -> Result<(), AppError> {
    let payload = serde_json::to_string(notice).map_err(|e| {
        tracing::error!(error = %e, "a change notice did not serialise");
        AppError::internal()
    })?;
    sqlx::query!("SELECT pg_notify($1, $2)", CHANNEL, payload)
        .execute(&mut *db)
        .await
        .or_internal()?;
    Ok(())
}

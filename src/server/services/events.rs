//! What an event stream tells one user about one change: the changed
//! things themselves, in the REST shapes, read from the database (only
//! when something happened to them).

use super::messages;
use crate::domain::{AppError, Conversation, Message, Typing};
use crate::server::live::{ChangeKind, Notice};
use sqlx::PgPool;
use uuid::Uuid;

/// One event of `GET /api/messages/events`.
#[derive(Debug, Clone)]
pub enum Update {
    Message(Message),
    Conversation(Conversation),
    /// The conversation left my list.
    Removed(Uuid),
    Read {
        conversation_id: Uuid,
        user_id: Uuid,
    },
    Typing(Typing),
    Unread(i64),
    /// Changes may have been missed: sync.
    Resync,
}

/// The updates `me` gets for `notice` (none when it is not theirs).
#[tracing::instrument(skip(pool, notice), fields(kind = ?notice.kind))]
pub async fn updates_for(
    pool: &PgPool,
    me: Uuid,
    notice: &Notice,
) -> Result<Vec<Update>, AppError> {
    if notice.stamp_for(me).is_none() {
        return Ok(Vec::new());
    }
    let Some(conversation_id) = notice.conversation_id else {
        return Ok(Vec::new());
    };
    let mut updates = Vec::new();
    match notice.kind {
        ChangeKind::Typing => updates.push(Update::Typing(Typing {
            conversation_id,
            user_id: notice.actor,
        })),
        ChangeKind::Message => {
            if let Some(id) = notice.message_id {
                if let Some(message) = messages::message_seen_by(pool, me, id).await? {
                    updates.push(Update::Message(message));
                }
            }
            updates.push(conversation_update(pool, me, conversation_id).await?);
            updates.push(Update::Unread(messages::unread_total(pool, me).await?));
        }
        ChangeKind::Read => {
            updates.push(Update::Read {
                conversation_id,
                user_id: notice.actor,
            });
            updates.push(conversation_update(pool, me, conversation_id).await?);
            if notice.actor == me {
                updates.push(Update::Unread(messages::unread_total(pool, me).await?));
            }
        }
        ChangeKind::Conversation => {
            updates.push(conversation_update(pool, me, conversation_id).await?);
            updates.push(Update::Unread(messages::unread_total(pool, me).await?));
        }
        ChangeKind::Sessions => {}
    }
    Ok(updates)
}

async fn conversation_update(
    pool: &PgPool,
    me: Uuid,
    conversation_id: Uuid,
) -> Result<Update, AppError> {
    match messages::conversation(pool, me, conversation_id).await {
        Ok(conversation) => Ok(Update::Conversation(conversation)),
        Err(e) if e.code == crate::domain::ErrorCode::NotFound => {
            Ok(Update::Removed(conversation_id))
        }
        Err(e) => Err(e),
    }
}

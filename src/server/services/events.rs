//! What an event stream tells one user about one change: the changed
//! things themselves, in the REST shapes, read from the database (only
//! when something happened to them).

use super::messages;
use crate::domain::{AppError, ConversationChange, ReadUpTo, StreamEvent, Typing, UnreadCount};
use crate::server::live::{ChangeKind, Notice};
use sqlx::PgPool;
use uuid::Uuid;

/// The updates `me` gets for `notice` (none when it is not theirs).
#[tracing::instrument(skip(pool, notice), fields(kind = ?notice.kind))]
pub async fn updates_for(
    pool: &PgPool,
    me: Uuid,
    notice: &Notice,
) -> Result<Vec<StreamEvent>, AppError> {
    if notice.stamp_for(me).is_none() {
        return Ok(Vec::new());
    }
    let Some(conversation_id) = notice.conversation_id else {
        return Ok(Vec::new());
    };
    let mut updates = Vec::new();
    match notice.kind {
        ChangeKind::Typing => updates.push(StreamEvent::Typing(Typing {
            conversation_id,
            user_id: notice.actor,
        })),
        ChangeKind::Message => {
            if let Some(id) = notice.message_id {
                if let Some(message) = messages::message_seen_by(pool, me, id).await? {
                    updates.push(StreamEvent::Message(message));
                }
            }
            updates.push(conversation_update(pool, me, conversation_id).await?);
            updates.push(StreamEvent::Unread(UnreadCount {
                count: messages::unread_total(pool, me).await?,
            }));
        }
        ChangeKind::Read => {
            updates.push(StreamEvent::Read(ReadUpTo {
                conversation_id,
                user_id: notice.actor,
            }));
            updates.push(conversation_update(pool, me, conversation_id).await?);
            if notice.actor == me {
                updates.push(StreamEvent::Unread(UnreadCount {
                    count: messages::unread_total(pool, me).await?,
                }));
            }
        }
        ChangeKind::Conversation => {
            updates.push(conversation_update(pool, me, conversation_id).await?);
            updates.push(StreamEvent::Unread(UnreadCount {
                count: messages::unread_total(pool, me).await?,
            }));
        }
        ChangeKind::Sessions => {}
    }
    Ok(updates)
}

async fn conversation_update(
    pool: &PgPool,
    me: Uuid,
    conversation_id: Uuid,
) -> Result<StreamEvent, AppError> {
    match messages::conversation(pool, me, conversation_id).await {
        Ok(conversation) => Ok(StreamEvent::Conversation(ConversationChange::Changed(
            Box::new(conversation),
        ))),
        Err(e) if e.code == crate::domain::ErrorCode::NotFound => {
            Ok(StreamEvent::removed(conversation_id))
        }
        Err(e) => Err(e),
    }
}

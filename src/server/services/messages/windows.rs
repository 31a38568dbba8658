//! The messages of a conversation: the windows a thread shows (newest,
//! older, after a message), and sending one (idempotent by client id).

use super::conversations::{conversation, conversation_not_found, other_participant};
use super::lines::{deliver, Appended};
use super::read_state::mark_read;
use super::rows::MessageRow;
use crate::domain::messaging::DEFAULT_PAGE_SIZE;
use crate::domain::{
    validate, AppError, ConversationWithMessages, Message, MessagePage, MessageWindow, SendMessage,
};
use crate::server::limits::{Bucket, RateLimits};
use crate::server::services::attachments::{self, StoredAttachment};
use crate::server::services::{blocks, limits, warnings, Created, DbResultExt};
use sqlx::types::Json;
use sqlx::PgPool;
use uuid::Uuid;

/// A message I can see (a participant, not cleared by my delete-for-me).
pub(in crate::server::services) async fn message_seen_by(
    pool: &PgPool,
    me: Uuid,
    id: Uuid,
) -> Result<Option<Message>, AppError> {
    let row = select_message_row!(
        "JOIN conversation_participants p
           ON p.conversation_id = m.conversation_id AND p.user_id = $1
         WHERE m.id = $2 AND m.seq > p.cleared_seq",
        me,
        id,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    Ok(row.map(Message::from))
}

/// The conversation with its newest page of messages (oldest first).
#[tracing::instrument(skip(pool))]
pub async fn conversation_with_messages(
    pool: &PgPool,
    me: Uuid,
    id: Uuid,
) -> Result<ConversationWithMessages, AppError> {
    let conversation = conversation(pool, me, id).await?;
    let page = messages(
        pool,
        me,
        id,
        MessageWindow::Page {
            page: 1,
            limit: DEFAULT_PAGE_SIZE,
        },
    )
    .await?;
    Ok(ConversationWithMessages {
        conversation,
        messages: page.messages,
        has_more: page.has_more,
    })
}

/// The conversation with every message I can see, oldest first (the REST
/// API's promise; the pages load it in pages instead).
#[tracing::instrument(skip(pool))]
pub async fn conversation_with_all_messages(
    pool: &PgPool,
    me: Uuid,
    id: Uuid,
) -> Result<ConversationWithMessages, AppError> {
    let conversation = conversation(pool, me, id).await?;
    let messages = select_message_row!(
        "JOIN conversation_participants p
           ON p.conversation_id = m.conversation_id AND p.user_id = $2
         WHERE m.conversation_id = $1 AND m.seq > p.cleared_seq
         ORDER BY m.seq",
        id,
        me,
    )
    .fetch_all(pool)
    .await
    .or_internal()?
    .into_iter()
    .map(Message::from)
    .collect();
    Ok(ConversationWithMessages {
        conversation,
        messages,
        has_more: false,
    })
}

/// A page of messages, or the messages after a cursor. A window that
/// finds nothing new costs one indexed query.
#[tracing::instrument(skip(pool))]
pub async fn messages(
    pool: &PgPool,
    me: Uuid,
    conversation_id: Uuid,
    window: MessageWindow,
) -> Result<MessagePage, AppError> {
    let cursor = match window {
        MessageWindow::After { message_id, .. } | MessageWindow::Before { message_id, .. } => {
            Some(message_id)
        }
        MessageWindow::Page { .. } => None,
    };
    // Where my view of the conversation starts and ends, in sequence numbers.
    let bounds = sqlx::query!(
        r#"SELECT p.cleared_seq, c.last_seq, cur.seq AS "cursor_seq?"
           FROM conversation_participants p
           JOIN conversations c ON c.id = p.conversation_id
           LEFT JOIN messages cur ON cur.id = $3 AND cur.conversation_id = p.conversation_id
           WHERE p.conversation_id = $1 AND p.user_id = $2 AND NOT p.hidden"#,
        conversation_id,
        me,
        cursor as Option<Uuid>,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?
    .ok_or_else(conversation_not_found)?;

    // The half-open range of sequence numbers (low, high] to return.
    let (page, limit, low, high, has_more) = match window {
        MessageWindow::After { limit, .. } => {
            let cursor = bounds
                .cursor_seq
                .ok_or_else(|| AppError::not_found("Message"))?;
            let low = cursor.max(bounds.cleared_seq);
            let high = bounds.last_seq.min(low + limit);
            (1, limit, low, high, high < bounds.last_seq)
        }
        MessageWindow::Page { page, limit } => {
            let high = bounds
                .last_seq
                .saturating_sub((page - 1).saturating_mul(limit));
            let low = high.saturating_sub(limit).max(bounds.cleared_seq);
            (page, limit, low, high.max(low), low > bounds.cleared_seq)
        }
        MessageWindow::Before { limit, .. } => {
            let cursor = bounds
                .cursor_seq
                .ok_or_else(|| AppError::not_found("Message"))?;
            let high = (cursor - 1).max(bounds.cleared_seq);
            let low = high.saturating_sub(limit).max(bounds.cleared_seq);
            (1, limit, low, high, low > bounds.cleared_seq)
        }
    };
    let total = match window {
        MessageWindow::After { .. } => bounds.last_seq - low,
        MessageWindow::Page { .. } | MessageWindow::Before { .. } => {
            bounds.last_seq - bounds.cleared_seq
        }
    };
    let messages = if high > low {
        select_message_row!(
            "WHERE m.conversation_id = $1 AND m.seq > $2 AND m.seq <= $3 ORDER BY m.seq",
            conversation_id,
            low,
            high,
        )
        .fetch_all(pool)
        .await
        .or_internal()?
        .into_iter()
        .map(Message::from)
        .collect()
    } else {
        Vec::new()
    };
    Ok(MessagePage {
        messages,
        page,
        limit,
        total,
        has_more,
    })
}

/// The open conversation's poll: the messages newer than `after` (or the
/// newest page when I had none). Whoever polls has the conversation open,
/// so the messages it returns are read.
#[tracing::instrument(skip(pool))]
pub async fn poll(
    pool: &PgPool,
    me: Uuid,
    conversation_id: Uuid,
    window: MessageWindow,
) -> Result<MessagePage, AppError> {
    let page = messages(pool, me, conversation_id, window).await?;
    if !page.messages.is_empty() {
        mark_read(pool, me, conversation_id).await?;
    }
    Ok(page)
}

/// Sends a message as `me`, with the scam warnings its text raises
/// (`own_host`: this site's, whose addresses are not links). With a
/// `client_id`, a retry (even a concurrent one) returns the first message
/// and stores nothing new.
#[tracing::instrument(skip(pool, limits, input), fields(conversation_id = %input.conversation_id))]
pub async fn send(
    pool: &PgPool,
    limits: &RateLimits,
    own_host: Option<&str>,
    me: Uuid,
    input: SendMessage,
) -> Result<(Message, Created), AppError> {
    validate::attachment_ids(&input.attachment_ids)?;
    let content = validate::message_content_beside(&input.content, input.attachment_ids.len())?;
    if let Some(client_id) = input.client_id {
        if let Some(first) = find_by_client_id(pool, me, client_id).await? {
            return Ok((first, Created::Existing));
        }
    }
    if let Some(other) = other_participant(pool, me, input.conversation_id).await? {
        blocks::ensure_not_blocked(pool, me, other).await?;
    }
    limits::take(pool, limits, Bucket::MessageUser, &me.to_string()).await?;

    let mut tx = pool.begin().await.or_internal()?;
    // Taking the next sequence number locks the conversation row until we
    // commit: the next sender waits, so sequence order is commit order.
    let next = sqlx::query!(
        "UPDATE conversations c
         SET last_seq = c.last_seq + 1, last_activity_at = clock_timestamp()
         WHERE c.id = $1 AND EXISTS (
             SELECT 1 FROM conversation_participants p
             WHERE p.conversation_id = c.id AND p.user_id = $2 AND NOT p.hidden)
         RETURNING c.last_seq, c.last_activity_at",
        input.conversation_id,
        me,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?
    .ok_or_else(conversation_not_found)?;
    let (seq, now) = (next.last_seq, next.last_activity_at);
    let warnings = warnings::detect(&content, own_host);
    let warning_names: Vec<&str> = warnings.iter().map(|w| w.name()).collect();

    let inserted = sqlx::query!(
        "INSERT INTO messages
             (id, conversation_id, seq, sender_id, content, client_id, created_at, warnings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (sender_id, client_id) DO NOTHING
         RETURNING id, conversation_id, sender_id, content, created_at",
        Uuid::new_v4(),
        input.conversation_id,
        seq,
        me,
        content,
        input.client_id,
        now,
        &warning_names as &[&str],
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    let Some(row) = inserted else {
        // A concurrent retry with the same clientId won: give back the
        // sequence number and return its message.
        tx.rollback().await.or_internal()?;
        let client_id = input.client_id.expect("only a clientId can conflict");
        let first = find_by_client_id(pool, me, client_id).await?;
        return first
            .map(|m| (m, Created::Existing))
            .ok_or_else(AppError::internal);
    };
    let attachments = attachments::attach(&mut tx, me, row.id, &input.attachment_ids).await?;
    let message = Message {
        id: row.id,
        conversation_id: row.conversation_id,
        sender_id: row.sender_id,
        content: row.content,
        created_at: row.created_at,
        attachments,
        call: None,
        warnings,
        offer: None,
        offer_step: None,
    };

    let appended = Appended {
        conversation_id: input.conversation_id,
        sender: me,
        message_id: message.id,
        seq,
        at: now,
    };
    deliver(&mut tx, appended, true).await?;
    tx.commit().await.or_internal()?;
    Ok((message, Created::New))
}

/// My message sent with `client_id`, if there is one.
pub(in crate::server::services) async fn find_by_client_id(
    db: impl sqlx::PgExecutor<'_>,
    me: Uuid,
    client_id: Uuid,
) -> Result<Option<Message>, AppError> {
    let row = select_message_row!("WHERE m.sender_id = $1 AND m.client_id = $2", me, client_id,)
        .fetch_optional(db)
        .await
        .or_internal()?;
    Ok(row.map(Message::from))
}

/// One message as it now stands (its offer's status read afresh).
pub(in crate::server::services) async fn message_by_id(
    pool: &PgPool,
    id: Uuid,
) -> Result<Message, AppError> {
    let row = select_message_row!("WHERE m.id = $1", id)
        .fetch_one(pool)
        .await
        .or_internal()?;
    Ok(Message::from(row))
}

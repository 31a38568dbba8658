//! The MessageService: conversations, messages, read state and
//! delete-for-me.
//!
//! Design notes (the "why" behind the SQL):
//! - Each conversation hands out message sequence numbers 1, 2, 3… while
//!   holding its row lock (`last_seq + 1`). Sends to one conversation are
//!   therefore serialised, sequence order is commit order, and a poller
//!   asking for "after seq N" can never miss a message that commits late.
//!   Sequences are dense (no message is ever removed), so counts are
//!   differences of sequence numbers.
//! - A sender's read pointer moves to the message they send, so every
//!   message past a user's pointer is someone else's: unread = `last_seq -
//!   last_read_seq`, with no scan of messages at all.
//! - Delete-for-me sets `hidden` and `cleared_seq` on the user's own
//!   participant row; a new message clears `hidden`, and messages up to
//!   `cleared_seq` stay gone for that user.
//! - A conversation the user cannot see (not a participant, or hidden by
//!   them) is reported exactly like one that does not exist.

use super::{accounts, listings};
use crate::domain::messaging::Created;
use crate::domain::{
    validate, AppError, Conversation, ConversationWithMessages, Message, MessagePage, UserSummary,
};
use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 100;
const AD_TITLE_MAX_CHARS: usize = 200;

/// `POST /api/messages/conversations`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartConversation {
    pub recipient_id: Uuid,
    pub ad_id: Option<Uuid>,
    pub ad_title: Option<String>,
}

/// `POST /api/messages`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendMessage {
    pub conversation_id: Uuid,
    pub content: String,
    pub client_id: Option<Uuid>,
}

/// Which slice of a conversation's messages to read.
#[derive(Debug, Clone, Copy)]
pub enum MessageWindow {
    /// Page 1 is the newest `limit` messages.
    Page { page: i64, limit: i64 },
    /// Messages newer than this one, oldest first, at most `limit`.
    After { message_id: Uuid, limit: i64 },
}

impl MessageWindow {
    pub fn new(
        page: Option<i64>,
        limit: Option<i64>,
        after: Option<Uuid>,
    ) -> Result<Self, AppError> {
        let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            return Err(AppError::bad_request(
                "invalid_limit",
                format!("limit must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        let page = page.unwrap_or(1);
        if page < 1 {
            return Err(AppError::bad_request(
                "invalid_page",
                "page must be 1 or more",
            ));
        }
        Ok(match after {
            Some(message_id) => MessageWindow::After { message_id, limit },
            None => MessageWindow::Page { page, limit },
        })
    }
}

// ---------------------------------------------------------------- reading

/// One row per conversation as `me` sees it; the last message columns are
/// NULL when it has none (visible to me).
const CONVERSATION_VIEW: &str = "
    SELECT c.id, c.listing_id AS ad_id, COALESCE(l.title, c.ad_title) AS ad_title,
           c.user_low, ul.name AS low_name, c.user_high, uh.name AS high_name,
           GREATEST(c.last_seq - GREATEST(p.last_read_seq, p.cleared_seq), 0) AS unread_count,
           c.last_activity_at AS updated_at,
           lm.id AS last_id, lm.sender_id AS last_sender_id,
           lm.content AS last_content, lm.created_at AS last_created_at
    FROM conversation_participants p
    JOIN conversations c ON c.id = p.conversation_id
    JOIN users ul ON ul.id = c.user_low
    JOIN users uh ON uh.id = c.user_high
    LEFT JOIN listings l ON l.id = c.listing_id
    LEFT JOIN messages lm
           ON lm.conversation_id = c.id AND lm.seq = c.last_seq AND lm.seq > p.cleared_seq
    WHERE p.user_id = $1 AND NOT p.hidden";

#[derive(sqlx::FromRow)]
struct ConversationRow {
    id: Uuid,
    ad_id: Option<Uuid>,
    ad_title: Option<String>,
    user_low: Uuid,
    low_name: String,
    user_high: Uuid,
    high_name: String,
    unread_count: i64,
    updated_at: DateTime<Utc>,
    last_id: Option<Uuid>,
    last_sender_id: Option<Uuid>,
    last_content: Option<String>,
    last_created_at: Option<DateTime<Utc>>,
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
        }
    }
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: Uuid,
    conversation_id: Uuid,
    sender_id: Uuid,
    content: String,
    created_at: DateTime<Utc>,
}

impl From<MessageRow> for Message {
    fn from(row: MessageRow) -> Self {
        Message {
            id: row.id,
            conversation_id: row.conversation_id,
            sender_id: row.sender_id,
            content: row.content,
            created_at: row.created_at,
        }
    }
}

const MESSAGE_COLUMNS: &str = "id, conversation_id, sender_id, content, created_at";

/// My visible conversations, most recently active first.
pub async fn list_conversations(pool: &PgPool, me: Uuid) -> Result<Vec<Conversation>, AppError> {
    let rows = sqlx::query_as::<_, ConversationRow>(&format!(
        "{CONVERSATION_VIEW} ORDER BY p.last_activity_at DESC, c.id"
    ))
    .bind(me)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Conversation::from).collect())
}

/// One conversation as I see it, or 404 if I cannot see it.
pub async fn conversation(pool: &PgPool, me: Uuid, id: Uuid) -> Result<Conversation, AppError> {
    sqlx::query_as::<_, ConversationRow>(&format!("{CONVERSATION_VIEW} AND c.id = $2"))
        .bind(me)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(Conversation::from)
        .ok_or_else(conversation_not_found)
}

/// The conversation with its newest page of messages (oldest first).
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

/// Where my view of a conversation starts and ends, in sequence numbers.
#[derive(sqlx::FromRow)]
struct Bounds {
    cleared_seq: i64,
    last_seq: i64,
    cursor_seq: Option<i64>,
}

/// A page of messages, or the messages after a cursor (the 3-second poll).
/// A poll that finds nothing new costs one indexed query.
pub async fn messages(
    pool: &PgPool,
    me: Uuid,
    conversation_id: Uuid,
    window: MessageWindow,
) -> Result<MessagePage, AppError> {
    let cursor = match window {
        MessageWindow::After { message_id, .. } => Some(message_id),
        MessageWindow::Page { .. } => None,
    };
    let bounds = sqlx::query_as::<_, Bounds>(
        "SELECT p.cleared_seq, c.last_seq, cur.seq AS cursor_seq
         FROM conversation_participants p
         JOIN conversations c ON c.id = p.conversation_id
         LEFT JOIN messages cur ON cur.id = $3 AND cur.conversation_id = p.conversation_id
         WHERE p.conversation_id = $1 AND p.user_id = $2 AND NOT p.hidden",
    )
    .bind(conversation_id)
    .bind(me)
    .bind(cursor)
    .fetch_optional(pool)
    .await?
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
    };
    let total = match window {
        MessageWindow::After { .. } => bounds.last_seq - low,
        MessageWindow::Page { .. } => bounds.last_seq - bounds.cleared_seq,
    };
    let messages = if high > low {
        sqlx::query_as::<_, MessageRow>(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages
             WHERE conversation_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq"
        ))
        .bind(conversation_id)
        .bind(low)
        .bind(high)
        .fetch_all(pool)
        .await?
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

/// Unread messages over all my visible conversations: one row per
/// conversation from the inbox index, no message is read.
pub async fn unread_total(pool: &PgPool, me: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(GREATEST(c.last_seq - GREATEST(p.last_read_seq, p.cleared_seq), 0)), 0)::bigint
         FROM conversation_participants p
         JOIN conversations c ON c.id = p.conversation_id
         WHERE p.user_id = $1 AND NOT p.hidden",
    )
    .bind(me)
    .fetch_one(pool)
    .await?)
}

// ---------------------------------------------------------------- writing

/// Create-or-get the conversation between me and `recipient`, about an
/// optional listing. Concurrent identical calls all get the same id; the
/// unique index decides which one created it.
pub async fn start_conversation(
    pool: &PgPool,
    me: Uuid,
    input: StartConversation,
) -> Result<(Conversation, Created), AppError> {
    if input.recipient_id == me {
        return Err(AppError::bad_request(
            "recipient_is_self",
            "You cannot start a conversation with yourself",
        ));
    }
    if !accounts::user_exists(pool, input.recipient_id).await? {
        return Err(AppError::not_found("Recipient"));
    }
    let ad_title = match input.ad_id {
        Some(ad_id) => {
            let listing = listings::get(pool, ad_id).await?;
            if listing.seller.id != me && listing.seller.id != input.recipient_id {
                return Err(AppError::bad_request(
                    "recipient_not_seller",
                    "A conversation about a listing must include its seller",
                ));
            }
            Some(listing.title)
        }
        None => input
            .ad_title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| t.chars().take(AD_TITLE_MAX_CHARS).collect()),
    };
    let (low, high) = if me < input.recipient_id {
        (me, input.recipient_id)
    } else {
        (input.recipient_id, me)
    };

    let mut tx = pool.begin().await?;
    let created: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO conversations (id, user_low, user_high, listing_id, ad_title)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_low, user_high, listing_id) DO NOTHING
         RETURNING id",
    )
    .bind(Uuid::new_v4())
    .bind(low)
    .bind(high)
    .bind(input.ad_id)
    .bind(&ad_title)
    .fetch_optional(&mut *tx)
    .await?;
    let (id, outcome) = match created {
        Some(id) => {
            // Both participant rows commit with the conversation, so nobody
            // ever sees a conversation without them.
            sqlx::query(
                "INSERT INTO conversation_participants (conversation_id, user_id)
                 VALUES ($1, $2), ($1, $3)",
            )
            .bind(id)
            .bind(low)
            .bind(high)
            .execute(&mut *tx)
            .await?;
            (id, Created::New)
        }
        None => {
            // Someone (maybe a concurrent twin of this request) created it;
            // their commit is visible to this new statement.
            let id: Uuid = sqlx::query_scalar(
                "SELECT id FROM conversations
                 WHERE user_low = $1 AND user_high = $2 AND listing_id IS NOT DISTINCT FROM $3",
            )
            .bind(low)
            .bind(high)
            .bind(input.ad_id)
            .fetch_one(&mut *tx)
            .await?;
            // Starting it again brings a conversation I deleted back to my
            // inbox (still without the messages I deleted).
            sqlx::query(
                "UPDATE conversation_participants SET hidden = false
                 WHERE conversation_id = $1 AND user_id = $2 AND hidden",
            )
            .bind(id)
            .bind(me)
            .execute(&mut *tx)
            .await?;
            (id, Created::Existing)
        }
    };
    tx.commit().await?;
    Ok((conversation(pool, me, id).await?, outcome))
}

/// Sends a message as `me`. With a `client_id`, a retry (even a concurrent
/// one) returns the first message and stores nothing new.
pub async fn send(
    pool: &PgPool,
    me: Uuid,
    input: SendMessage,
) -> Result<(Message, Created), AppError> {
    let content = validate::message_content(&input.content)?;
    if let Some(client_id) = input.client_id {
        if let Some(first) = find_by_client_id(pool, me, client_id).await? {
            return Ok((first, Created::Existing));
        }
    }

    let mut tx = pool.begin().await?;
    // Taking the next sequence number locks the conversation row until we
    // commit: the next sender waits, so sequence order is commit order.
    let next: Option<(i64, DateTime<Utc>)> = sqlx::query_as(
        "UPDATE conversations c
         SET last_seq = c.last_seq + 1, last_activity_at = clock_timestamp()
         WHERE c.id = $1 AND EXISTS (
             SELECT 1 FROM conversation_participants p
             WHERE p.conversation_id = c.id AND p.user_id = $2 AND NOT p.hidden)
         RETURNING c.last_seq, c.last_activity_at",
    )
    .bind(input.conversation_id)
    .bind(me)
    .fetch_optional(&mut *tx)
    .await?;
    let (seq, now) = next.ok_or_else(conversation_not_found)?;

    let inserted = sqlx::query_as::<_, MessageRow>(&format!(
        "INSERT INTO messages (id, conversation_id, seq, sender_id, content, client_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (sender_id, client_id) DO NOTHING
         RETURNING {MESSAGE_COLUMNS}"
    ))
    .bind(Uuid::new_v4())
    .bind(input.conversation_id)
    .bind(seq)
    .bind(me)
    .bind(&content)
    .bind(input.client_id)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(message) = inserted else {
        // A concurrent retry with the same clientId won: give back the
        // sequence number and return its message.
        tx.rollback().await?;
        let client_id = input.client_id.expect("only a clientId can conflict");
        let first = find_by_client_id(pool, me, client_id).await?;
        return first
            .map(|m| (m, Created::Existing))
            .ok_or_else(AppError::internal);
    };

    sqlx::query(
        "UPDATE conversation_participants
         SET hidden = false,
             last_activity_at = $3,
             last_read_seq = CASE WHEN user_id = $2 THEN $4 ELSE last_read_seq END
         WHERE conversation_id = $1",
    )
    .bind(input.conversation_id)
    .bind(me)
    .bind(now)
    .bind(seq)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((message.into(), Created::New))
}

async fn find_by_client_id(
    pool: &PgPool,
    me: Uuid,
    client_id: Uuid,
) -> Result<Option<Message>, AppError> {
    Ok(sqlx::query_as::<_, MessageRow>(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages WHERE sender_id = $1 AND client_id = $2"
    ))
    .bind(me)
    .bind(client_id)
    .fetch_optional(pool)
    .await?
    .map(Message::from))
}

/// Marks everything currently in the conversation read for me.
pub async fn mark_read(pool: &PgPool, me: Uuid, conversation_id: Uuid) -> Result<(), AppError> {
    let updated = sqlx::query(
        "UPDATE conversation_participants p
         SET last_read_seq = GREATEST(p.last_read_seq, c.last_seq)
         FROM conversations c
         WHERE c.id = p.conversation_id AND p.conversation_id = $1 AND p.user_id = $2 AND NOT p.hidden",
    )
    .bind(conversation_id)
    .bind(me)
    .execute(pool)
    .await?;
    found_if(updated.rows_affected() == 1)
}

/// Hides the conversation for me only, forgetting the messages so far.
pub async fn delete_for_me(pool: &PgPool, me: Uuid, conversation_id: Uuid) -> Result<(), AppError> {
    let mut tx: Transaction<'_, Postgres> = pool.begin().await?;
    // Lock the conversation so a message being sent right now is either
    // included in what I delete or arrives after it (and brings it back).
    let last_seq: Option<i64> =
        sqlx::query_scalar("SELECT last_seq FROM conversations WHERE id = $1 FOR UPDATE")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(last_seq) = last_seq else {
        return Err(conversation_not_found());
    };
    let updated = sqlx::query(
        "UPDATE conversation_participants
         SET hidden = true, cleared_seq = $3, last_read_seq = GREATEST(last_read_seq, $3)
         WHERE conversation_id = $1 AND user_id = $2 AND NOT hidden",
    )
    .bind(conversation_id)
    .bind(me)
    .bind(last_seq)
    .execute(&mut *tx)
    .await?;
    found_if(updated.rows_affected() == 1)?;
    tx.commit().await?;
    Ok(())
}

fn conversation_not_found() -> AppError {
    AppError::not_found("Conversation")
}

fn found_if(found: bool) -> Result<(), AppError> {
    if found {
        Ok(())
    } else {
        Err(conversation_not_found())
    }
}

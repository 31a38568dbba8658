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

use super::attachments::{self, StoredAttachment};
use super::changes::{self, Change};
use super::{accounts, blocks, limits, listings, Created, DbResultExt};
use crate::domain::messaging::DEFAULT_PAGE_SIZE;
use crate::domain::{
    validate, AppError, Attachment, Conversation, ConversationPage, ConversationWithMessages,
    ErrorCode, Folder, KeysetCursor, Message, MessagePage, MessageWindow, SendMessage,
    StartConversation, UserSummary,
};
use crate::server::limits::{Bucket, RateLimits};
use crate::server::live::ChangeKind;
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::PgPool;
use uuid::Uuid;

const AD_TITLE_MAX_CHARS: usize = 200;

// ---------------------------------------------------------------- reading

/// A row of `conversation_views` (see its migration).
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
    blocked_by_me: bool,
    other_last_read_id: Option<Uuid>,
    archived: bool,
    last_attachments: Option<Json<Vec<StoredAttachment>>>,
    /// Where the conversation sits in my list (paging's key, with the id).
    viewer_activity_at: DateTime<Utc>,
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
                attachments: attachments_of(row.last_attachments),
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
            blocked_by_me: row.blocked_by_me,
            other_last_read_message_id: row.other_last_read_id,
            archived: row.archived,
        }
    }
}

fn attachments_of(stored: Option<Json<Vec<StoredAttachment>>>) -> Vec<Attachment> {
    stored
        .map(|Json(list)| list.into_iter().map(Attachment::from).collect())
        .unwrap_or_default()
}

/// A message as the queries below read it: its images come from
/// `message_attachments(id)`.
pub(super) struct MessageRow {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub sender_id: Uuid,
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub attachments: Json<Vec<StoredAttachment>>,
}

impl From<MessageRow> for Message {
    fn from(row: MessageRow) -> Self {
        Message {
            id: row.id,
            conversation_id: row.conversation_id,
            sender_id: row.sender_id,
            content: row.content,
            created_at: row.created_at,
            attachments: attachments_of(Some(row.attachments)),
        }
    }
}

/// The columns of `conversation_views` that make a [`ConversationRow`],
/// with the nullability a view hides from the compile-time check.
macro_rules! select_conversation_row {
    ($tail:literal, $($arg:expr),* $(,)?) => {
        sqlx::query_as!(
            ConversationRow,
            r#"SELECT id AS "id!", ad_id, ad_title, user_low AS "user_low!", low_name AS "low_name!",
                      user_high AS "user_high!", high_name AS "high_name!",
                      unread_count AS "unread_count!", updated_at AS "updated_at!",
                      last_id, last_sender_id, last_content, last_created_at,
                      blocked_by_me AS "blocked_by_me!", other_last_read_id,
                      archived AS "archived!",
                      last_attachments AS "last_attachments: Json<Vec<StoredAttachment>>",
                      viewer_activity_at AS "viewer_activity_at!"
               FROM conversation_views "# + $tail,
            $($arg),*
        )
    };
}
/// My visible conversations in `folder`, most recently active first.
#[tracing::instrument(skip(pool))]
pub async fn list_conversations(
    pool: &PgPool,
    me: Uuid,
    folder: Folder,
) -> Result<Vec<Conversation>, AppError> {
    let rows = select_conversation_row!(
        "WHERE viewer_id = $1 AND NOT hidden AND archived = $2
         ORDER BY viewer_activity_at DESC, id DESC",
        me,
        folder.is_archived(),
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    Ok(rows.into_iter().map(Conversation::from).collect())
}

/// A page of my inbox: the `limit` conversations after `before` in my
/// list, and the cursor of the next page (none on the last). Keyset
/// paging on the inbox index: a page costs the same at any depth.
#[tracing::instrument(skip(pool))]
pub async fn conversations_page(
    pool: &PgPool,
    me: Uuid,
    folder: Folder,
    limit: i64,
    before: Option<KeysetCursor>,
) -> Result<ConversationPage, AppError> {
    let mut rows = select_conversation_row!(
        "WHERE viewer_id = $1 AND NOT hidden AND archived = $5
           AND ($2::timestamptz IS NULL OR (viewer_activity_at, id) < ($2, $3))
         ORDER BY viewer_activity_at DESC, id DESC LIMIT $4",
        me,
        before.map(|c| c.at),
        before.map(|c| c.id),
        limit + 1,
        folder.is_archived(),
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more.then(|| rows.last()).flatten().map(|last| {
        KeysetCursor {
            at: last.viewer_activity_at,
            id: last.id,
        }
        .encode()
    });
    Ok(ConversationPage {
        conversations: rows.into_iter().map(Conversation::from).collect(),
        next_cursor,
    })
}

/// My newest `limit` conversations in my main list, most recently active
/// first.
pub(super) async fn first_conversations(
    pool: &PgPool,
    me: Uuid,
    limit: i64,
) -> Result<Vec<Conversation>, AppError> {
    let rows = select_conversation_row!(
        "WHERE viewer_id = $1 AND NOT hidden AND NOT archived ORDER BY viewer_activity_at DESC, id DESC LIMIT $2",
        me,
        limit
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    Ok(rows.into_iter().map(Conversation::from).collect())
}

/// The conversations of my main list whose rows changed after stamp
/// `since`, and the ids of those that left it since then (deleted or
/// archived). One range scan of the
/// change index each, whatever the size of the inbox.
pub(super) async fn changed_since(
    pool: &PgPool,
    me: Uuid,
    since: i64,
) -> Result<(Vec<Conversation>, Vec<Uuid>), AppError> {
    let rows = select_conversation_row!(
        "WHERE viewer_id = $1 AND changed_seq > $2 AND NOT hidden AND NOT archived
         ORDER BY viewer_activity_at DESC, id DESC",
        me,
        since
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    let removed = sqlx::query_scalar!(
        "SELECT conversation_id FROM conversation_participants
         WHERE user_id = $1 AND changed_seq > $2 AND (hidden OR archived)",
        me,
        since,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    Ok((rows.into_iter().map(Conversation::from).collect(), removed))
}

/// These conversations as I see them (search hits' conversations), hidden
/// or archived ones included.
pub(super) async fn conversations_by_id(
    pool: &PgPool,
    me: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Conversation>, AppError> {
    let rows = select_conversation_row!("WHERE viewer_id = $1 AND id = ANY($2)", me, ids)
        .fetch_all(pool)
        .await
        .or_internal()?;
    Ok(rows.into_iter().map(Conversation::from).collect())
}

/// A message I can see (a participant, not cleared by my delete-for-me).
pub(super) async fn message_seen_by(
    pool: &PgPool,
    me: Uuid,
    id: Uuid,
) -> Result<Option<Message>, AppError> {
    let row = sqlx::query_as!(
        MessageRow,
        r#"SELECT m.id, m.conversation_id, m.sender_id, m.content, m.created_at,
                  message_attachments(m.id) AS "attachments!: Json<Vec<StoredAttachment>>"
           FROM messages m
           JOIN conversation_participants p
             ON p.conversation_id = m.conversation_id AND p.user_id = $1
           WHERE m.id = $2 AND m.seq > p.cleared_seq"#,
        me,
        id,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    Ok(row.map(Message::from))
}

/// The newest change stamp on my rows: where my next sync starts.
pub async fn latest_stamp(pool: &PgPool, me: Uuid) -> Result<i64, AppError> {
    sqlx::query_scalar!(
        r#"SELECT COALESCE(max(changed_seq), 0) AS "latest!"
           FROM conversation_participants WHERE user_id = $1"#,
        me,
    )
    .fetch_one(pool)
    .await
    .or_internal()
}

/// One conversation as I see it, or 404 if I cannot see it.
#[tracing::instrument(skip(pool))]
pub async fn conversation(pool: &PgPool, me: Uuid, id: Uuid) -> Result<Conversation, AppError> {
    select_conversation_row!("WHERE viewer_id = $1 AND NOT hidden AND id = $2", me, id)
        .fetch_optional(pool)
        .await
        .or_internal()?
        .map(Conversation::from)
        .ok_or_else(conversation_not_found)
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
    let messages = sqlx::query_as!(
        MessageRow,
        r#"SELECT m.id, m.conversation_id, m.sender_id, m.content, m.created_at,
                  message_attachments(m.id) AS "attachments!: Json<Vec<StoredAttachment>>"
           FROM messages m
           JOIN conversation_participants p
             ON p.conversation_id = m.conversation_id AND p.user_id = $2
           WHERE m.conversation_id = $1 AND m.seq > p.cleared_seq
           ORDER BY m.seq"#,
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
        sqlx::query_as!(
            MessageRow,
            r#"SELECT m.id, m.conversation_id, m.sender_id, m.content, m.created_at,
                      message_attachments(m.id) AS "attachments!: Json<Vec<StoredAttachment>>"
               FROM messages m
               WHERE m.conversation_id = $1 AND m.seq > $2 AND m.seq <= $3 ORDER BY m.seq"#,
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

// ---------------------------------------------------------------- writing

/// Create-or-get the conversation between me and `recipient`, about an
/// optional listing. Concurrent identical calls all get the same id; the
/// unique index decides which one created it.
#[tracing::instrument(skip(pool, limits))]
pub async fn start_conversation(
    pool: &PgPool,
    limits: &RateLimits,
    me: Uuid,
    input: StartConversation,
) -> Result<(Conversation, Created), AppError> {
    if input.recipient_id == me {
        return Err(AppError::new(
            ErrorCode::RecipientIsSelf,
            "You cannot start a conversation with yourself",
        ));
    }
    if !accounts::user_exists(pool, input.recipient_id).await? {
        return Err(AppError::not_found("Recipient"));
    }
    blocks::ensure_not_blocked(pool, me, input.recipient_id).await?;
    let ad_title = match input.ad_id {
        Some(ad_id) => {
            let listing = listings::get(pool, ad_id).await?;
            if listing.seller.id != me && listing.seller.id != input.recipient_id {
                return Err(AppError::new(
                    ErrorCode::RecipientNotSeller,
                    "A conversation about a listing must include its seller",
                ));
            }
            Some(listing.title)
        }
        None => input
            .ad_title
            .as_deref()
            .map(|t| validate::plain_text(t, "adTitle"))
            .transpose()?
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| t.chars().take(AD_TITLE_MAX_CHARS).collect()),
    };
    let (low, high) = if me < input.recipient_id {
        (me, input.recipient_id)
    } else {
        (input.recipient_id, me)
    };
    // Only new conversations count; finding an existing one is free.
    let exists = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM conversations
               WHERE user_low = $1 AND user_high = $2
                 AND listing_id IS NOT DISTINCT FROM $3) AS "exists!""#,
        low,
        high,
        input.ad_id,
    )
    .fetch_one(pool)
    .await
    .or_internal()?;
    if !exists {
        limits::check(pool, limits, Bucket::ConversationUser, &me.to_string()).await?;
    }

    let mut tx = pool.begin().await.or_internal()?;
    let created = sqlx::query_scalar!(
        "INSERT INTO conversations (id, user_low, user_high, listing_id, ad_title)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_low, user_high, listing_id) DO NOTHING
         RETURNING id",
        Uuid::new_v4(),
        low,
        high,
        input.ad_id,
        ad_title,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    let (id, outcome) = match created {
        Some(id) => {
            // Both participant rows commit with the conversation, so nobody
            // ever sees a conversation without them.
            sqlx::query!(
                "INSERT INTO conversation_participants (conversation_id, user_id)
                 VALUES ($1, $2), ($1, $3)",
                id,
                low,
                high,
            )
            .execute(&mut *tx)
            .await
            .or_internal()?;
            let change = Change {
                kind: ChangeKind::Conversation,
                conversation_id: id,
                actor: me,
                message_id: None,
            };
            changes::touch(&mut tx, change, None).await?;
            (id, Created::New)
        }
        None => {
            // Someone (maybe a concurrent twin of this request) created it;
            // their commit is visible to this new statement.
            let id = sqlx::query_scalar!(
                "SELECT id FROM conversations
                 WHERE user_low = $1 AND user_high = $2 AND listing_id IS NOT DISTINCT FROM $3",
                low,
                high,
                input.ad_id,
            )
            .fetch_one(&mut *tx)
            .await
            .or_internal()?;
            // Starting it again brings a conversation I deleted back to my
            // inbox (still without the messages I deleted).
            let unhidden = sqlx::query!(
                "UPDATE conversation_participants SET hidden = false
                 WHERE conversation_id = $1 AND user_id = $2 AND hidden",
                id,
                me,
            )
            .execute(&mut *tx)
            .await
            .or_internal()?;
            if unhidden.rows_affected() > 0 {
                changes::touch_mine(&mut tx, me, id).await?;
            }
            (id, Created::Existing)
        }
    };
    tx.commit().await.or_internal()?;
    if outcome == Created::New {
        limits::record(pool, limits, Bucket::ConversationUser, &me.to_string()).await?;
    }
    Ok((conversation(pool, me, id).await?, outcome))
}

/// Sends a message as `me`. With a `client_id`, a retry (even a concurrent
/// one) returns the first message and stores nothing new.
#[tracing::instrument(skip(pool, limits, input), fields(conversation_id = %input.conversation_id))]
pub async fn send(
    pool: &PgPool,
    limits: &RateLimits,
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

    let inserted = sqlx::query!(
        "INSERT INTO messages (id, conversation_id, seq, sender_id, content, client_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (sender_id, client_id) DO NOTHING
         RETURNING id, conversation_id, sender_id, content, created_at",
        Uuid::new_v4(),
        input.conversation_id,
        seq,
        me,
        content,
        input.client_id,
        now,
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
    };

    // Writing reads the conversation for me; a message from me brings it
    // back from the other person's archive, and waits for them to read it
    // (or be mailed about it, see `notifications`).
    sqlx::query!(
        "UPDATE conversation_participants
         SET hidden = false,
             last_activity_at = $3,
             last_read_seq = CASE WHEN user_id = $2 THEN $4 ELSE last_read_seq END,
             marked_unread = marked_unread AND user_id <> $2,
             archived = archived AND user_id = $2,
             unmailed_since = CASE WHEN user_id = $2 THEN unmailed_since
                                   ELSE COALESCE(unmailed_since, $3) END
         WHERE conversation_id = $1",
        input.conversation_id,
        me,
        now,
        seq,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    let change = Change {
        kind: ChangeKind::Message,
        conversation_id: input.conversation_id,
        actor: me,
        message_id: Some(message.id),
    };
    changes::touch(&mut tx, change, None).await?;
    tx.commit().await.or_internal()?;
    Ok((message, Created::New))
}

/// The other person in a conversation I can see (`None` if I cannot: the
/// caller then answers as for one that does not exist).
pub(super) async fn other_participant(
    pool: &PgPool,
    me: Uuid,
    conversation_id: Uuid,
) -> Result<Option<Uuid>, AppError> {
    sqlx::query_scalar!(
        r#"SELECT CASE WHEN c.user_low = $2 THEN c.user_high ELSE c.user_low END AS "other!"
           FROM conversations c
           JOIN conversation_participants p ON p.conversation_id = c.id
           WHERE c.id = $1 AND p.user_id = $2 AND NOT p.hidden"#,
        conversation_id,
        me,
    )
    .fetch_optional(pool)
    .await
    .or_internal()
}

async fn find_by_client_id(
    pool: &PgPool,
    me: Uuid,
    client_id: Uuid,
) -> Result<Option<Message>, AppError> {
    let row = sqlx::query_as!(
        MessageRow,
        r#"SELECT m.id, m.conversation_id, m.sender_id, m.content, m.created_at,
                  message_attachments(m.id) AS "attachments!: Json<Vec<StoredAttachment>>"
           FROM messages m WHERE m.sender_id = $1 AND m.client_id = $2"#,
        me,
        client_id,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    Ok(row.map(Message::from))
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

pub(super) fn conversation_not_found() -> AppError {
    AppError::not_found("Conversation")
}

fn found_if(found: bool) -> Result<(), AppError> {
    if found {
        Ok(())
    } else {
        Err(conversation_not_found())
    }
}

//! Conversations: the `conversation_views` view read as my list (paged,
//! changed since a stamp, by id), one conversation, and starting one.

use super::rows::ConversationRow;
use crate::domain::{
    validate, AppError, Conversation, ConversationPage, ErrorCode, Folder, KeysetCursor,
    StartConversation,
};
use crate::server::limits::{Bucket, RateLimits};
use crate::server::live::ChangeKind;
use crate::server::services::attachments::StoredAttachment;
use crate::server::services::changes::{self, Change};
use crate::server::services::{accounts, blocks, limits, listings, Created, DbResultExt};
use sqlx::types::Json;
use sqlx::PgPool;
use uuid::Uuid;

const AD_TITLE_MAX_CHARS: usize = 200;

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
/// paging on the inbox index (the first page's key is past every row, so
/// it is an index condition either way): a page reads its own rows only,
/// at any depth.
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
           AND (viewer_activity_at, id)
               < (COALESCE($2::timestamptz, 'infinity'), COALESCE($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
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
pub(in crate::server::services) async fn first_conversations(
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
pub(in crate::server::services) async fn changed_since(
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
pub(in crate::server::services) async fn conversations_by_id(
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

/// The other person in a conversation I can see (`None` if I cannot: the
/// caller then answers as for one that does not exist).
pub(in crate::server::services) async fn other_participant(
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

pub(in crate::server::services) fn conversation_not_found() -> AppError {
    AppError::not_found("Conversation")
}

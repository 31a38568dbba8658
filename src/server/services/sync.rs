//! One sync per tick: everything an open page shows (its list, the open
//! thread, the unread badge, who is typing) that changed since the cursor
//! of its last answer. A sync that finds nothing new is told so from this
//! instance's memory of the change feed, without the database.

use super::messages;
use crate::domain::live::{Cursor, SYNC_FIRST_PAGE};
use crate::domain::messaging::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::domain::{AppError, ErrorCode, MessageWindow, SyncAnswer, SyncRequest, Typing};
use crate::server::live::Live;
use sqlx::PgPool;
use std::hash::{DefaultHasher, Hash, Hasher};
use uuid::Uuid;

/// The entity tag of an answer: its cursor, who is typing, and what was
/// asked. Equal tags mean the page would show exactly the same.
pub fn etag(cursor: i64, typing: &[Typing], request: &SyncRequest) -> String {
    let mut hasher = DefaultHasher::new();
    typing.hash(&mut hasher);
    request.conversation_id.hash(&mut hasher);
    request.after.hash(&mut hasher);
    format!("\"{cursor}-{:016x}\"", hasher.finish())
}

/// Whether the page that got the answer tagged `if_none_match` (for the
/// cursor `request.since`) is still current, judged from memory only.
/// `false` when unsure: the caller then reads the database.
pub fn unchanged(live: &Live, me: Uuid, request: &SyncRequest, if_none_match: &str) -> bool {
    let Some(since) = request.since else {
        return false;
    };
    match live.latest(me) {
        Some(latest) if latest <= since => {
            etag(since, &live.typing_for(me), request) == if_none_match
        }
        _ => false,
    }
}

/// A sync as the endpoints answer it: `None` when the page that got the
/// answer tagged `if_none_match` is still current, else the answer and its
/// tag.
pub async fn sync_unless_unchanged(
    pool: &PgPool,
    live: &Live,
    me: Uuid,
    request: SyncRequest,
    if_none_match: Option<&str>,
) -> Result<Option<(SyncAnswer, String)>, AppError> {
    // A page that syncs is open: its user is on the site (no email, no push).
    live.presence().synced(me);
    if let Some(tag) = if_none_match {
        if unchanged(live, me, &request, tag) {
            return Ok(None);
        }
    }
    let answer = sync(pool, live, me, request).await?;
    let tag = etag(
        answer.cursor_seq().unwrap_or_default(),
        &answer.typing,
        &request,
    );
    if if_none_match == Some(tag.as_str()) {
        return Ok(None);
    }
    Ok(Some((answer, tag)))
}

/// What changed for `me` since `request.since` (everything, without it).
/// The open conversation's new messages are read by whoever syncs it.
#[tracing::instrument(skip(pool, live))]
pub async fn sync(
    pool: &PgPool,
    live: &Live,
    me: Uuid,
    request: SyncRequest,
) -> Result<SyncAnswer, AppError> {
    let epoch = live.epoch();
    // Read first: a change that lands during this sync is then either in
    // this answer or after its cursor, never lost (it may come twice).
    let cursor = messages::latest_stamp(pool, me).await?;
    let (conversations, removed) = match request.since {
        Some(since) => messages::changed_since(pool, me, since).await?,
        None => (
            messages::first_conversations(pool, me, SYNC_FIRST_PAGE).await?,
            Vec::new(),
        ),
    };
    let messages = match request.conversation_id {
        Some(conversation_id) => {
            let window = match request.after {
                Some(after) => MessageWindow::After {
                    message_id: after,
                    limit: MAX_PAGE_SIZE,
                },
                None => MessageWindow::Page {
                    page: 1,
                    limit: DEFAULT_PAGE_SIZE,
                },
            };
            match messages::poll(pool, me, conversation_id, window).await {
                Ok(page) => page.messages,
                // Gone from my list meanwhile: `removed` says so.
                Err(e) if e.code == ErrorCode::NotFound => Vec::new(),
                Err(e) => return Err(e),
            }
        }
        None => Vec::new(),
    };
    // Nothing of mine changed since the last answer: its total still holds
    // (every change to an unread count stamps the rows), and summing a big
    // inbox is the one cost here that grows with it.
    let unchanged = conversations.is_empty() && removed.is_empty() && messages.is_empty();
    let unread_count = match request.since_unread {
        Some(unread) if unchanged && request.since.is_some() => unread,
        _ => messages::unread_total(pool, me).await?,
    };
    live.saw(me, cursor, epoch);
    let cursor = Cursor {
        seq: cursor,
        unread: Some(unread_count),
    };
    Ok(SyncAnswer {
        cursor: cursor.encode(),
        unread_count,
        conversations,
        removed,
        messages,
        typing: live.typing_for(me),
    })
}

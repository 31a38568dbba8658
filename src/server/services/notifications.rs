//! Emails about unread messages, and the settings that govern them.
//!
//! The rules:
//! - A message waits in its recipient's participant row (`unmailed_since`,
//!   set by `messages::send`) until they read it or it is mailed.
//! - It is mailed once it has waited `notify_after` (10 minutes by
//!   default) with no page of the site open for its recipient since it
//!   arrived (`users.last_seen_at`, see `presence`), and none open now
//!   (within [`PRESENT_FOR`]): one email per conversation per hour at
//!   most, telling of every message since the last one.
//! - Never to a user who turned emails off, nor about a conversation where
//!   either person blocks the other.
//! - Any number of instances run the job: each claims rows for a while
//!   (`mail_claimed_until`, taken with `SKIP LOCKED`) before it writes, so
//!   one email goes out per claim; a claim left by a crash expires.

use super::DbResultExt;
use crate::domain::call::CallLine;
use crate::domain::language::{self, Locale};
use crate::domain::{AppError, NotificationSettings, Unsubscription};
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

/// A page of the site seen open this recently means its user is there:
/// they get no email or push. Each instance records the users of its open
/// pages every [`crate::server::live::PRESENCE_FLUSH`], well within this.
pub const PRESENT_FOR: Duration = Duration::from_secs(45);
/// At most one email per conversation this often.
pub const MAIL_EVERY: Duration = Duration::from_secs(3600);
/// How long a claimed row is left to the instance that claimed it.
const CLAIM_FOR: Duration = Duration::from_secs(120);
/// The newest messages an email quotes (it counts the others).
const QUOTED_MESSAGES: i64 = 5;

/// One recipient's conversation with messages to mail about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueMail {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
}

/// What an email about unread messages says.
#[derive(Debug, Clone)]
pub struct UnreadDigest {
    pub conversation_id: Uuid,
    pub recipient_email: String,
    pub recipient_name: String,
    /// The language the email is written in (the recipient's).
    pub recipient_locale: Locale,
    pub unsubscribe_token: Uuid,
    pub sender_name: String,
    pub listing_title: Option<String>,
    /// The newest messages, oldest first.
    pub messages: Vec<MailedMessage>,
    /// How many messages it tells of in all (`messages` may quote fewer).
    pub total: i64,
    /// The newest message it tells of: the next email starts after it.
    pub up_to_seq: i64,
}

#[derive(Debug, Clone)]
pub struct MailedMessage {
    pub content: String,
    /// Its attachments' types (photos, a recording).
    pub content_types: Vec<String>,
    /// A call's line ("Missed call").
    pub call: Option<Json<CallLine>>,
    /// An offer it made or answered, and how.
    pub offer: Option<Json<crate::domain::offer::Offer>>,
    pub offer_step: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

/// Claims up to `limit` rows whose email is due, for this instance.
#[tracing::instrument(skip(pool))]
pub async fn claim_due(
    pool: &PgPool,
    notify_after: Duration,
    limit: i64,
) -> Result<Vec<DueMail>, AppError> {
    let due = sqlx::query_as!(
        DueMail,
        "UPDATE conversation_participants p
         SET mail_claimed_until = now() + make_interval(secs => $4)
         FROM (
             SELECT d.conversation_id, d.user_id
             FROM conversation_participants d
             JOIN users u ON u.id = d.user_id
             WHERE d.unmailed_since <= now() - make_interval(secs => $1)
               AND (d.mailed_at IS NULL OR d.mailed_at <= now() - make_interval(secs => $2))
               AND (d.mail_claimed_until IS NULL OR d.mail_claimed_until < now())
               AND (u.last_seen_at IS NULL OR u.last_seen_at < now() - make_interval(secs => $3))
             ORDER BY d.unmailed_since
             LIMIT $5
             FOR UPDATE OF d SKIP LOCKED
         ) due
         WHERE p.conversation_id = due.conversation_id AND p.user_id = due.user_id
         RETURNING p.conversation_id, p.user_id",
        secs(notify_after),
        secs(MAIL_EVERY),
        secs(PRESENT_FOR),
        secs(CLAIM_FOR),
        limit,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    Ok(due)
}

/// What to do with a claimed row.
#[derive(Debug, Clone)]
pub enum Decision {
    /// Send this email.
    Mail(UnreadDigest),
    /// Nothing to send after all (emails turned off, a block, everything
    /// read, or seen on the site since): wait for the next message.
    Nothing,
    /// The user was on the site after some of the messages arrived: the
    /// wait starts again from the first one that came after.
    WaitFrom(DateTime<Utc>),
}

/// Decides what the claimed row's email says, if it is still due.
#[tracing::instrument(skip(pool))]
pub async fn decide(
    pool: &PgPool,
    due: DueMail,
    notify_after: Duration,
) -> Result<Decision, AppError> {
    let Some(row) = sqlx::query!(
        r#"SELECT u.email, u.name, u.locale, u.email_notifications, u.unsubscribe_token,
                  o.id AS sender_id, o.name AS sender_name,
                  COALESCE(l.title, c.ad_title) AS listing_title,
                  c.last_seq,
                  GREATEST(p.last_read_seq, p.cleared_seq, p.mailed_seq) AS "told_up_to!",
                  EXISTS (SELECT 1 FROM user_blocks b
                          WHERE (b.blocker_id = u.id AND b.blocked_id = o.id)
                             OR (b.blocker_id = o.id AND b.blocked_id = u.id)) AS "blocked!",
                  (SELECT min(m.created_at) FROM messages m
                   WHERE m.conversation_id = p.conversation_id
                     AND m.seq > GREATEST(p.last_read_seq, p.cleared_seq, p.mailed_seq)
                     AND m.created_at > COALESCE(u.last_seen_at, '-infinity'))
                      AS first_unseen_at,
                  now() AS "now!"
           FROM conversation_participants p
           JOIN conversations c ON c.id = p.conversation_id
           JOIN users u ON u.id = p.user_id
           JOIN users o ON o.id = CASE WHEN c.user_low = p.user_id
                                       THEN c.user_high ELSE c.user_low END
           LEFT JOIN listings l ON l.id = c.listing_id
           WHERE p.conversation_id = $1 AND p.user_id = $2"#,
        due.conversation_id,
        due.user_id,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?
    else {
        return Ok(Decision::Nothing);
    };
    // Past the recipient's read pointer every message is the other
    // person's (writing moves the writer's pointer).
    let total = row.last_seq - row.told_up_to;
    let Some(first_unseen_at) = row.first_unseen_at else {
        return Ok(Decision::Nothing);
    };
    if !row.email_notifications || row.blocked || total <= 0 {
        return Ok(Decision::Nothing);
    }
    let waited = (row.now - first_unseen_at).to_std().unwrap_or_default();
    if waited < notify_after {
        return Ok(Decision::WaitFrom(first_unseen_at));
    }
    let mut messages = sqlx::query_as!(
        MailedMessage,
        r#"SELECT m.content, m.created_at,
                  ARRAY(SELECT a->>'contentType' FROM jsonb_array_elements(m.attachment_list) a)
                      AS "content_types!: Vec<String>",
                  m.call AS "call: Json<CallLine>",
                  offer_json(mo) AS "offer: Json<crate::domain::offer::Offer>",
                  m.offer_step
           FROM messages m
           LEFT JOIN offers mo ON mo.id = m.offer_id
           WHERE m.conversation_id = $1 AND m.seq > $2 AND m.sender_id = $3
           ORDER BY m.seq DESC
           LIMIT $4"#,
        due.conversation_id,
        row.told_up_to,
        row.sender_id,
        QUOTED_MESSAGES,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    messages.reverse();
    Ok(Decision::Mail(UnreadDigest {
        conversation_id: due.conversation_id,
        recipient_email: row.email,
        recipient_name: row.name,
        recipient_locale: language::locale_or_english(Some(&row.locale)),
        unsubscribe_token: row.unsubscribe_token,
        sender_name: row.sender_name,
        listing_title: row.listing_title,
        messages,
        total,
        up_to_seq: row.last_seq,
    }))
}

/// The email went out: the next one waits an hour and tells only of what
/// came after `up_to_seq` (already waiting, if more came meanwhile).
#[tracing::instrument(skip(pool))]
pub async fn mailed(pool: &PgPool, due: DueMail, up_to_seq: i64) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE conversation_participants p
         SET mailed_at = now(), mailed_seq = $3, mail_claimed_until = NULL,
             unmailed_since = CASE WHEN c.last_seq > GREATEST($3, p.last_read_seq)
                                   THEN now() END
         FROM conversations c
         WHERE c.id = p.conversation_id AND p.conversation_id = $1 AND p.user_id = $2",
        due.conversation_id,
        due.user_id,
        up_to_seq,
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(())
}

/// Nothing to send for this row after all (`None`: it waits for the next
/// message), or not yet (the wait starts at `from`).
#[tracing::instrument(skip(pool))]
pub async fn not_mailed(
    pool: &PgPool,
    due: DueMail,
    from: Option<DateTime<Utc>>,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE conversation_participants
         SET unmailed_since = $3, mail_claimed_until = NULL
         WHERE conversation_id = $1 AND user_id = $2",
        due.conversation_id,
        due.user_id,
        from,
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(())
}

/// Sending failed: the row is tried again after `retry_in`.
#[tracing::instrument(skip(pool))]
pub async fn retry_later(pool: &PgPool, due: DueMail, retry_in: Duration) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE conversation_participants
         SET mail_claimed_until = now() + make_interval(secs => $3)
         WHERE conversation_id = $1 AND user_id = $2",
        due.conversation_id,
        due.user_id,
        secs(retry_in),
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(())
}

/// `me`'s notification settings.
#[tracing::instrument(skip(pool))]
pub async fn settings(pool: &PgPool, me: Uuid) -> Result<NotificationSettings, AppError> {
    sqlx::query_as!(
        NotificationSettings,
        "SELECT email_notifications FROM users WHERE id = $1",
        me
    )
    .fetch_optional(pool)
    .await
    .or_internal()?
    .ok_or_else(AppError::unauthenticated)
}

/// Changes `me`'s settings; the new settings.
#[tracing::instrument(skip(pool))]
pub async fn update_settings(
    pool: &PgPool,
    me: Uuid,
    settings: NotificationSettings,
) -> Result<NotificationSettings, AppError> {
    sqlx::query_as!(
        NotificationSettings,
        "UPDATE users SET email_notifications = $2 WHERE id = $1
         RETURNING email_notifications",
        me,
        settings.email_notifications,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?
    .ok_or_else(AppError::unauthenticated)
}

/// Whose emails an unsubscribe link stops, for the page that confirms it.
/// An unknown link is a 404.
#[tracing::instrument(skip_all)]
pub async fn unsubscription(pool: &PgPool, token: Uuid) -> Result<Unsubscription, AppError> {
    sqlx::query_as!(
        Unsubscription,
        "SELECT email, email_notifications FROM users WHERE unsubscribe_token = $1",
        token,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?
    .ok_or_else(|| AppError::not_found("Unsubscribe link"))
}

/// The unsubscribe link was followed (RFC 8058's one-click POST, or the
/// button of its page): emails are off, whoever asks.
#[tracing::instrument(skip_all)]
pub async fn unsubscribe(pool: &PgPool, token: Uuid) -> Result<Unsubscription, AppError> {
    sqlx::query_as!(
        Unsubscription,
        "UPDATE users SET email_notifications = false WHERE unsubscribe_token = $1
         RETURNING email, email_notifications",
        token,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?
    .ok_or_else(|| AppError::not_found("Unsubscribe link"))
}

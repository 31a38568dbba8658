//! Reports: any logged-in person can report another person, and a
//! participant can report a message someone else sent them. Only the
//! moderators (`SOUK_MODERATORS`) see reports; to everyone else they do
//! not exist.

use super::{accounts, limits, messages, DbResultExt};
use crate::domain::report::REPEAT_PAYMENT_FLAGS;
use crate::domain::{
    validate, AppError, ErrorCode, NewReport, RepeatPaymentSender, Report, ReportReason,
    ReportTarget, ReportedMessage, User, UserSummary,
};
use crate::server::limits::{Bucket, RateLimits};
use crate::server::moderators::Moderators;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// How many reports the moderation list shows, newest first.
const LIST_SIZE: i64 = 200;

/// Files a report by `me`; its id.
#[tracing::instrument(skip(pool, limits, input))]
pub async fn report(
    pool: &PgPool,
    limits: &RateLimits,
    me: Uuid,
    input: NewReport,
) -> Result<Uuid, AppError> {
    let target = input.target()?;
    let details = validate::report_details(input.details.as_deref())?;
    let (reported, message_id) = match target {
        ReportTarget::User(user) => {
            if !accounts::user_exists(pool, user).await? {
                return Err(AppError::not_found("User"));
            }
            (user, None)
        }
        // Only a message I can see (see `messages::message_seen_by`).
        ReportTarget::Message(message) => {
            let seen = messages::message_seen_by(pool, me, message)
                .await?
                .ok_or_else(|| AppError::not_found("Message"))?;
            (seen.sender_id, Some(message))
        }
    };
    if reported == me {
        return Err(AppError::new(
            ErrorCode::CannotReportSelf,
            "You cannot report yourself",
        ));
    }
    limits::take(pool, limits, Bucket::ReportUser, &me.to_string()).await?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO reports (id, reporter_id, reported_id, message_id, reason, details)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        me,
        reported,
        message_id,
        input.reason as ReportReason,
        details,
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(id)
}

struct ReportRow {
    id: Uuid,
    reason: ReportReason,
    details: Option<String>,
    created_at: DateTime<Utc>,
    reporter_id: Uuid,
    reporter_name: String,
    reported_id: Uuid,
    reported_name: String,
    message_id: Option<Uuid>,
    conversation_id: Option<Uuid>,
    content: Option<String>,
    message_created_at: Option<DateTime<Utc>>,
}

impl ReportRow {
    fn into_report(self) -> Report {
        let message = match (
            self.message_id,
            self.conversation_id,
            self.content,
            self.message_created_at,
        ) {
            (Some(id), Some(conversation_id), Some(content), Some(created_at)) => {
                Some(ReportedMessage {
                    id,
                    conversation_id,
                    content,
                    created_at,
                })
            }
            _ => None,
        };
        Report {
            id: self.id,
            reason: self.reason,
            details: self.details,
            created_at: self.created_at,
            reporter: UserSummary {
                id: self.reporter_id,
                name: self.reporter_name,
            },
            reported_user: UserSummary {
                id: self.reported_id,
                name: self.reported_name,
            },
            message,
        }
    }
}

/// The newest reports, for a moderator; 404 for anyone else.
#[tracing::instrument(skip(pool, moderators, viewer), fields(viewer = %viewer.id))]
pub async fn list(
    pool: &PgPool,
    moderators: &Moderators,
    viewer: &User,
) -> Result<Vec<Report>, AppError> {
    if !moderators.includes(&viewer.email) {
        return Err(AppError::not_found("Page"));
    }
    let rows = sqlx::query_as!(
        ReportRow,
        r#"SELECT r.id, r.reason AS "reason: ReportReason", r.details, r.created_at,
                  r.reporter_id, reporter.name AS reporter_name,
                  r.reported_id, reported.name AS reported_name,
                  m.id AS "message_id?", m.conversation_id AS "conversation_id?",
                  m.content AS "content?", m.created_at AS "message_created_at?"
           FROM reports r
           JOIN users reporter ON reporter.id = r.reporter_id
           JOIN users reported ON reported.id = r.reported_id
           LEFT JOIN messages m ON m.id = r.message_id
           ORDER BY r.created_at DESC, r.id DESC
           LIMIT $1"#,
        LIST_SIZE,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    Ok(rows.into_iter().map(ReportRow::into_report).collect())
}

/// Senders whose messages were flagged `payment` at least three times in
/// the last 24 hours, most flagged first; for a moderator, 404 for anyone
/// else.
#[tracing::instrument(skip(pool, moderators, viewer), fields(viewer = %viewer.id))]
pub async fn repeat_payment_senders(
    pool: &PgPool,
    moderators: &Moderators,
    viewer: &User,
) -> Result<Vec<RepeatPaymentSender>, AppError> {
    if !moderators.includes(&viewer.email) {
        return Err(AppError::not_found("Page"));
    }
    let rows = sqlx::query!(
        r#"SELECT m.sender_id, u.name, count(*) AS "flagged!", max(m.created_at) AS "last_at!"
           FROM messages m JOIN users u ON u.id = m.sender_id
           WHERE 'payment' = ANY (m.warnings) AND m.created_at > now() - interval '1 day'
           GROUP BY m.sender_id, u.name
           HAVING count(*) >= $1
           ORDER BY count(*) DESC, max(m.created_at) DESC
           LIMIT $2"#,
        REPEAT_PAYMENT_FLAGS,
        LIST_SIZE,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    Ok(rows
        .into_iter()
        .map(|row| RepeatPaymentSender {
            user: UserSummary {
                id: row.sender_id,
                name: row.name,
            },
            flagged: row.flagged,
            last_at: row.last_at,
        })
        .collect())
}

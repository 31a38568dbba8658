//! Users and their sessions.

use super::{changes, limits, DbResultExt};
use crate::domain::language::{self, Locale};
use crate::domain::{validate, AppError, Credentials, ErrorCode, Registration, User};
use crate::server::auth::{cookie::SESSION_DAYS, password, SessionToken};
use crate::server::limits::{Bucket, RateLimits};
use crate::server::live::{ChangeKind, Notice};
use crate::server::moderators::Moderators;
use sqlx::PgPool;
use std::net::IpAddr;
use uuid::Uuid;

/// Creates the account. A taken email (in any letter case) is a 409, also
/// when two registrations race: the unique index decides. From a known
/// IP, registrations are rate-limited per IP.
#[tracing::instrument(skip_all)]
pub async fn register(
    pool: &PgPool,
    limits: &RateLimits,
    input: Registration,
    ip: Option<IpAddr>,
    locale: Locale,
) -> Result<User, AppError> {
    let email = validate::email(&input.email)?;
    let name = validate::display_name(&input.name)?;
    validate::password(&input.password)?;
    if let Some(ip) = ip {
        limits::take(pool, limits, Bucket::RegisterIp, &ip.to_string()).await?;
    }
    let hash = password::hash(input.password).await?;
    sqlx::query_as!(
        User,
        r#"INSERT INTO users (id, email, name, password_hash, locale) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, email, name, created_at, FALSE AS "is_moderator!""#,
        Uuid::new_v4(),
        email,
        name,
        hash,
        language::code(locale),
    )
    .fetch_one(pool)
    .await
    .on_constraint("users_email_lower_key", || {
        AppError::new(
            ErrorCode::EmailTaken,
            "An account with this email already exists",
        )
    })
}

/// Checks the email and password pair; the same 401 whichever is wrong.
/// Failed attempts are limited per email and per IP: past the limit, even
/// the right password gets 429 until the window has moved on.
#[tracing::instrument(skip_all)]
pub async fn authenticate(
    pool: &PgPool,
    limits: &RateLimits,
    input: Credentials,
    ip: Option<IpAddr>,
) -> Result<User, AppError> {
    let email = validate::plain_text(&input.email, "email")?.trim();
    let email_key = email.to_lowercase();
    let ip_key = ip.map(|ip| ip.to_string());
    limits::check(pool, limits, Bucket::LoginEmail, &email_key).await?;
    if let Some(ip_key) = &ip_key {
        limits::check(pool, limits, Bucket::LoginIp, ip_key).await?;
    }
    let failed = || async {
        limits::record(pool, limits, Bucket::LoginEmail, &email_key).await?;
        if let Some(ip_key) = &ip_key {
            limits::record(pool, limits, Bucket::LoginIp, ip_key).await?;
        }
        Err(AppError::new(
            ErrorCode::InvalidCredentials,
            "Wrong email or password",
        ))
    };
    if input.password.chars().count() > validate::PASSWORD_MAX_CHARS {
        return failed().await;
    }
    let found = sqlx::query!(
        "SELECT id, email, name, created_at, password_hash
         FROM users WHERE lower(email) = lower($1)",
        email,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    let stored = found.as_ref().map(|row| row.password_hash.clone());
    // Without a stored hash this still spends the time of a real check.
    let matches = password::verify(input.password, stored).await?;
    match found {
        Some(row) if matches => Ok(User {
            id: row.id,
            email: row.email,
            name: row.name,
            created_at: row.created_at,
            is_moderator: false,
        }),
        _ => failed().await,
    }
}

/// A new session for `user_id`, and the account's language, read by the
/// same statement: a login brings the language to the device.
#[tracing::instrument(skip(pool))]
pub async fn start_session(
    pool: &PgPool,
    user_id: Uuid,
) -> Result<(SessionToken, Locale), AppError> {
    let token = SessionToken::generate();
    let locale = sqlx::query_scalar!(
        r#"INSERT INTO sessions (token_hash, user_id, expires_at)
           VALUES ($1, $2, now() + make_interval(days => $3))
           RETURNING (SELECT locale FROM users WHERE id = $2) AS "locale!""#,
        token.hash(),
        user_id,
        SESSION_DAYS as i32,
    )
    .fetch_one(pool)
    .await
    .or_internal()?;
    Ok((token, language::locale_or_english(Some(&locale))))
}

/// The user a live session belongs to. One indexed lookup: this runs on
/// every authenticated request, polls included.
#[tracing::instrument(skip_all)]
pub async fn user_for_session(
    pool: &PgPool,
    moderators: &Moderators,
    token: &SessionToken,
) -> Result<Option<User>, AppError> {
    let user = sqlx::query_as!(
        User,
        r#"SELECT u.id, u.email, u.name, u.created_at, FALSE AS "is_moderator!"
           FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.token_hash = $1 AND s.expires_at > now()"#,
        token.hash(),
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    Ok(user.map(|user| with_role(user, moderators)))
}

/// The user, marked as a moderator when their email is in `SOUK_MODERATORS`.
pub fn with_role(mut user: User, moderators: &Moderators) -> User {
    user.is_moderator = moderators.includes(&user.email);
    user
}

/// Ends every session of the user, on every device ("Log out everywhere").
#[tracing::instrument(skip(pool))]
pub async fn end_all_sessions(pool: &PgPool, user_id: Uuid) -> Result<(), AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    sqlx::query!("DELETE FROM sessions WHERE user_id = $1", user_id)
        .execute(&mut *tx)
        .await
        .or_internal()?;
    sessions_ended(&mut tx, user_id).await?;
    tx.commit().await.or_internal()
}

#[tracing::instrument(skip_all)]
pub async fn end_session(pool: &PgPool, token: &SessionToken) -> Result<(), AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    let ended = sqlx::query_scalar!(
        "DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id",
        token.hash(),
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    if let Some(user_id) = ended {
        sessions_ended(&mut tx, user_id).await?;
    }
    tx.commit().await.or_internal()
}

/// Instances that cache sessions (for sync) forget this user's at once.
async fn sessions_ended(tx: &mut sqlx::PgConnection, user_id: Uuid) -> Result<(), AppError> {
    let notice = Notice {
        kind: ChangeKind::Sessions,
        conversation_id: None,
        message_id: None,
        actor: user_id,
        users: Vec::new(),
        origin: Some(crate::server::live::this_instance()),
        call: None,
    };
    changes::notify(tx, &notice).await
}

/// Forgets sessions that have expired (run now and then; safe from several
/// instances at once).
#[tracing::instrument(skip(pool))]
pub async fn purge_expired_sessions(pool: &PgPool) -> Result<u64, AppError> {
    let done = sqlx::query!("DELETE FROM sessions WHERE expires_at < now()")
        .execute(pool)
        .await
        .or_internal()?;
    Ok(done.rows_affected())
}

#[tracing::instrument(skip(pool))]
pub async fn user_exists(pool: &PgPool, id: Uuid) -> Result<bool, AppError> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS "exists!""#,
        id
    )
    .fetch_one(pool)
    .await
    .or_internal()
}

/// Keeps the language `user` chose: their pages after a login elsewhere,
/// their emails and their pushes follow it.
#[tracing::instrument(skip(pool))]
pub async fn set_locale(pool: &PgPool, user: Uuid, locale: Locale) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE users SET locale = $2 WHERE id = $1",
        user,
        language::code(locale)
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(())
}

/// The id of the account with this email (in any letter case), if any.
#[tracing::instrument(skip(pool))]
pub async fn user_id_by_email(pool: &PgPool, email: &str) -> Result<Option<Uuid>, AppError> {
    sqlx::query_scalar!("SELECT id FROM users WHERE lower(email) = lower($1)", email)
        .fetch_optional(pool)
        .await
        .or_internal()
}

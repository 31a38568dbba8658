//! Users and their sessions.

use super::unique_violation;
use crate::domain::{validate, AppError, Credentials, Registration, User};
use crate::server::auth::{cookie::SESSION_DAYS, password, SessionToken};
use sqlx::PgPool;
use uuid::Uuid;

const USER_COLUMNS: &str = "id, email, name, created_at";

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    email: String,
    name: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            email: row.email,
            name: row.name,
            created_at: row.created_at,
        }
    }
}

/// Creates the account. A taken email (in any letter case) is a 409, also
/// when two registrations race: the unique index decides.
pub async fn register(pool: &PgPool, input: Registration) -> Result<User, AppError> {
    let email = validate::email(&input.email)?;
    let name = validate::display_name(&input.name)?;
    validate::password(&input.password)?;
    let hash = password::hash(input.password).await?;
    let inserted = sqlx::query_as::<_, UserRow>(&format!(
        "INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)
         RETURNING {USER_COLUMNS}"
    ))
    .bind(Uuid::new_v4())
    .bind(&email)
    .bind(&name)
    .bind(&hash)
    .fetch_one(pool)
    .await;
    match inserted {
        Ok(row) => Ok(row.into()),
        Err(e) if unique_violation(&e) == Some("users_email_lower_key") => Err(AppError::conflict(
            "email_taken",
            "An account with this email already exists",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Checks the email and password pair; the same 401 whichever is wrong.
pub async fn authenticate(pool: &PgPool, input: Credentials) -> Result<User, AppError> {
    let wrong_pair = || {
        AppError::new(
            crate::domain::ErrorKind::Unauthenticated,
            "invalid_credentials",
            "Wrong email or password",
        )
    };
    if input.password.chars().count() > validate::PASSWORD_MAX_CHARS {
        return Err(wrong_pair());
    }
    let found: Option<(UserRow, String)> = sqlx::query_as::<_, UserRowWithHash>(&format!(
        "SELECT {USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)"
    ))
    .bind(input.email.trim())
    .fetch_optional(pool)
    .await?
    .map(|r| (r.user, r.password_hash));
    let (user, stored) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    if password::verify(input.password, stored).await? {
        user.map(User::from).ok_or_else(wrong_pair)
    } else {
        Err(wrong_pair())
    }
}

#[derive(sqlx::FromRow)]
struct UserRowWithHash {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

pub async fn start_session(pool: &PgPool, user_id: Uuid) -> Result<SessionToken, AppError> {
    let token = SessionToken::generate();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(days => $3))",
    )
    .bind(token.hash())
    .bind(user_id)
    .bind(SESSION_DAYS as i32)
    .execute(pool)
    .await?;
    Ok(token)
}

/// The user a live session belongs to. One indexed lookup: this runs on
/// every authenticated request, polls included.
pub async fn user_for_session(
    pool: &PgPool,
    token: &SessionToken,
) -> Result<Option<User>, AppError> {
    let row = sqlx::query_as::<_, UserRow>(
        "SELECT u.id, u.email, u.name, u.created_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > now()",
    )
    .bind(token.hash())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(User::from))
}

pub async fn end_session(pool: &PgPool, token: &SessionToken) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at < now()")
        .bind(token.hash())
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn user_exists(pool: &PgPool, id: Uuid) -> Result<bool, AppError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)")
            .bind(id)
            .fetch_one(pool)
            .await?,
    )
}

//! Who is on the site: each instance records the users it saw with a page
//! open (see `server::live::presence`), for every instance to read.

use super::DbResultExt;
use crate::domain::AppError;
use sqlx::PgPool;
use uuid::Uuid;

/// `users` had a page of the site open just now. Their rows are updated
/// in id order, so two instances recording the same users cannot deadlock.
#[tracing::instrument(skip_all, fields(users = users.len()))]
pub async fn record_seen(pool: &PgPool, users: &[Uuid]) -> Result<(), AppError> {
    if users.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "UPDATE users SET last_seen_at = now()
         WHERE id IN (SELECT id FROM users WHERE id = ANY($1) ORDER BY id FOR UPDATE)",
        users
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(())
}

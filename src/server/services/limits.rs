//! Counting rate-limited actions in PostgreSQL, so a limit holds across
//! every instance on the database. Windows slide: an action is refused
//! when the limit's count of events already happened within the last
//! window, and a refused attempt is not counted.

use super::DbResultExt;
use crate::domain::{AppError, ErrorCode};
use crate::server::limits::{Bucket, Limit, RateLimits};
use sqlx::PgPool;

/// Refuses with 429 (and when to retry) if `key` has used up `bucket`.
#[tracing::instrument(skip(db, limits))]
pub async fn check(
    db: impl sqlx::PgExecutor<'_>,
    limits: &RateLimits,
    bucket: Bucket,
    key: &str,
) -> Result<(), AppError> {
    let Some(limit) = limits.of(bucket) else {
        return Ok(());
    };
    let usage = sqlx::query!(
        r#"SELECT count(*) AS "count!",
                  EXTRACT(EPOCH FROM min(at) + make_interval(secs => $3) - clock_timestamp())::float8
                      AS "retry_after: f64"
           FROM (SELECT at FROM rate_limit_events
                 WHERE bucket = $1 AND key = $2
                   AND at > clock_timestamp() - make_interval(secs => $3)
                 ORDER BY at DESC LIMIT $4) recent"#,
        bucket.name(),
        key,
        limit.window.as_secs_f64(),
        i64::from(limit.count),
    )
    .fetch_one(db)
    .await
    .or_internal()?;
    if usage.count >= i64::from(limit.count) {
        return Err(too_many(limit, usage.retry_after));
    }
    Ok(())
}

/// Counts one event of `bucket` for `key`.
#[tracing::instrument(skip(db, limits))]
pub async fn record(
    db: impl sqlx::PgExecutor<'_>,
    limits: &RateLimits,
    bucket: Bucket,
    key: &str,
) -> Result<(), AppError> {
    if limits.of(bucket).is_none() {
        return Ok(());
    }
    sqlx::query!(
        "INSERT INTO rate_limit_events (bucket, key) VALUES ($1, $2)",
        bucket.name(),
        key,
    )
    .execute(db)
    .await
    .or_internal()?;
    Ok(())
}

/// [`check`], then [`record`], as one step per key: concurrent takes of
/// one key wait for each other, so a burst cannot slip past the count.
#[tracing::instrument(skip(pool, limits))]
pub async fn take(
    pool: &PgPool,
    limits: &RateLimits,
    bucket: Bucket,
    key: &str,
) -> Result<(), AppError> {
    if limits.of(bucket).is_none() {
        return Ok(());
    }
    let mut tx = pool.begin().await.or_internal()?;
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))",
        bucket.name(),
        key,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    check(&mut *tx, limits, bucket, key).await?;
    record(&mut *tx, limits, bucket, key).await?;
    tx.commit().await.or_internal()
}

/// Forgets events older than any window (run now and then; safe from
/// several instances at once).
#[tracing::instrument(skip(pool))]
pub async fn purge(pool: &PgPool, longest_window_secs: f64) -> Result<u64, AppError> {
    let done = sqlx::query!(
        "DELETE FROM rate_limit_events WHERE at < clock_timestamp() - make_interval(secs => $1)",
        longest_window_secs,
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(done.rows_affected())
}

fn too_many(limit: Limit, retry_after: Option<f64>) -> AppError {
    let seconds = retry_after.map_or(limit.window.as_secs(), |s| s.ceil().max(1.0) as u64);
    let mut error = AppError::new(
        ErrorCode::RateLimited,
        "Too many attempts. Please wait a moment and try again.",
    );
    error.retry_after = Some(seconds);
    error
}

//! Whether this instance can serve requests.

use sqlx::PgPool;

/// Ready when the database answers and every migration compiled into this
/// binary has been applied; otherwise why not.
#[tracing::instrument(skip(pool))]
pub async fn ready(pool: &PgPool) -> Result<(), String> {
    let latest = crate::server::db::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    let applied = sqlx::query_scalar!(
        r#"SELECT COALESCE(MAX(version), 0) AS "version!" FROM _sqlx_migrations WHERE success"#
    )
    .fetch_one(pool)
    .await
    .map_err(|e| format!("database not reachable: {e}"))?;
    if applied < latest {
        return Err(format!("migrations pending: at {applied}, need {latest}"));
    }
    Ok(())
}

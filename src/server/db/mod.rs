//! Connecting to PostgreSQL and bringing its schema up to date.

pub mod embedded;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::Connection;
use std::time::Duration;

/// How long start-up waits for the database to answer.
pub const STARTUP_WAIT: Duration = Duration::from_secs(60);

/// How long a request waits for a connection. While the database is away
/// every attempt to connect fails, and the pool would retry until this
/// runs out: short enough that the request still answers (503
/// `unavailable`) within a second. A healthy pool hands out a connection
/// in microseconds; waiting this long means it is saturated, and saying so
/// beats queueing.
const ACQUIRE_WAIT: Duration = Duration::from_millis(500);

/// A connection idle longer than this is pinged before it is handed out
/// (the database may have restarted meanwhile); a fresher one is not.
const TRUSTED_IDLE: Duration = Duration::from_secs(1);

/// A pool on `url`, once the database answers: at start-up it may still be
/// booting (a container starting beside us, a failover), so this retries
/// every second for up to `wait` before giving up.
pub async fn connect(url: &str, wait: Duration) -> Result<PgPool, sqlx::Error> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let attempt = PgPoolOptions::new()
            .max_connections(20)
            .acquire_timeout(ACQUIRE_WAIT)
            // sqlx pings every connection it hands out by default: a second
            // round trip per query under load. One back in the pool within
            // TRUSTED_IDLE (pinged as it came back) is handed out as is.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= TRUSTED_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(bounded_statements(url.parse()?))
            .await;
        match attempt {
            Ok(pool) => return Ok(pool),
            Err(error) if tokio::time::Instant::now() < deadline => {
                tracing::warn!(%error, "database not reachable yet; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(error) => return Err(error),
        }
    }
}

/// No statement runs longer than 10 s, nor waits more than 5 s for a lock:
/// a stuck query or a long lock turns into an error the request can
/// report, instead of a request that hangs and a connection that is lost
/// to the pool.
fn bounded_statements(options: PgConnectOptions) -> PgConnectOptions {
    options.options([("statement_timeout", "10s"), ("lock_timeout", "5s")])
}

/// The migrations, compiled into the binary: a release binary needs
/// nothing beside it to set up a fresh database.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Brings the schema up to date. Safe when several instances start at once:
/// sqlx holds an advisory lock while it migrates.
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}

/// Creates the database `url` names when it does not exist yet, through the
/// server's `postgres` maintenance database.
pub async fn create_database_if_missing(url: &str) -> Result<(), sqlx::Error> {
    use sqlx::{ConnectOptions, Connection};
    let options: PgConnectOptions = url.parse()?;
    let name = options.get_database().unwrap_or("postgres").to_owned();
    let mut admin = options.database("postgres").connect().await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut admin)
            .await?;
    if !exists {
        // Identifiers cannot be bound as parameters; quote it ourselves.
        let quoted = name.replace('"', "\"\"");
        sqlx::query(&format!("CREATE DATABASE \"{quoted}\""))
            .execute(&mut admin)
            .await?;
    }
    admin.close().await
}

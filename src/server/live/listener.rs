//! The one connection per instance that LISTENs to the change feed.

use super::notice::{Notice, CHANNEL};
use super::Live;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::time::Duration;

/// Listens until the process ends, reconnecting after a failure; `live`
/// counts as connected only while a LISTEN is in place.
pub async fn run(pool: PgPool, live: Live) {
    loop {
        match listen(&pool).await {
            Ok(mut listener) => {
                live.connected();
                tracing::info!("listening to the change feed");
                // `try_recv` answers None when the connection was lost;
                // we then make a new one ourselves, so that we know when
                // notifications flow again.
                loop {
                    match listener.try_recv().await {
                        Ok(Some(notification)) => {
                            match serde_json::from_str::<Notice>(notification.payload()) {
                                Ok(notice) => live.apply(notice),
                                Err(error) => tracing::warn!(%error, "unreadable change notice"),
                            }
                        }
                        Ok(None) => break,
                        Err(error) => {
                            tracing::warn!(%error, "change feed failed");
                            break;
                        }
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "cannot listen to the change feed"),
        }
        live.disconnected();
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

//! Records, every few seconds, who had a page of the site open on this
//! instance (see `live::presence`), for every instance's emails and pushes.

use crate::server::live::{Live, PRESENCE_FLUSH};
use crate::server::services::presence;

pub async fn run(pool: sqlx::PgPool, live: Live) {
    let mut tick = tokio::time::interval(PRESENCE_FLUSH);
    loop {
        tick.tick().await;
        let seen = live.presence().take_seen();
        // A failure is logged by the service; open streams are recorded at
        // the next tick, and pages that sync come back within seconds.
        let _ = presence::record_seen(&pool, &seen).await;
    }
}

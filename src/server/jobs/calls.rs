//! Ends, every few seconds, the calls nobody answered in time and
//! those a side left without hanging up (a closed tab, a lost network).
//! Any instance may end a call: the first to delete its row writes the line.

use crate::domain::call::GONE_AFTER;
use crate::server::services::calls;
use std::time::Duration;

/// How often stale calls are looked for: "Missed call" comes within this
/// of the 30 seconds.
const EVERY: Duration = Duration::from_secs(2);

/// `ring_for`: how long a call rings before it is missed.
pub async fn run(pool: sqlx::PgPool, ring_for: Duration) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        // A failure is logged by the service; the next tick tries again.
        let _ = calls::end_stale(&pool, ring_for, GONE_AFTER).await;
    }
}

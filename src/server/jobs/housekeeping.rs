//! Every ten minutes: expired sessions, rate-limit events too old to count
//! and uploads no message took within a day are deleted, and offers past
//! their time are marked expired (with their line). Every instance runs
//! it; the writes do not conflict.

use crate::server::media::Media;
use crate::server::services::{accounts, attachments, limits, offers};
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(600);

pub async fn run(pool: sqlx::PgPool, media: Media, longest_window: Duration) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        let sessions = accounts::purge_expired_sessions(&pool).await;
        let events = limits::purge(&pool, longest_window.as_secs_f64()).await;
        let uploads = attachments::purge_unused(&pool, &media).await;
        let offers = offers::expire_due(&pool).await;
        if let (Ok(sessions), Ok(events), Ok(uploads), Ok(offers)) =
            (sessions, events, uploads, offers)
        {
            tracing::debug!(
                sessions,
                events,
                uploads,
                offers,
                "purged expired sessions, old limit events and unused uploads; expired offers"
            );
        }
    }
}

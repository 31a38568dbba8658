//! The email job: every few seconds, claims the conversations whose
//! unread messages are due to be mailed (`services::notifications`) and
//! sends one email for each.

use crate::server::notify::mail::unread;
use crate::server::notify::Notifier;
use crate::server::services::notifications::{self, Decision, DueMail};
use std::time::Duration;

/// Claimed per round; a full round is followed by another at once.
const BATCH: i64 = 20;
/// After a failed send, the email is tried again this much later.
const RETRY_IN: Duration = Duration::from_secs(60);

/// How often the job looks: often enough that an email leaves soon after
/// its wait, rarely enough to cost nothing.
fn period(notify_after: Duration) -> Duration {
    (notify_after / 2).clamp(Duration::from_secs(1), Duration::from_secs(30))
}

pub async fn run(pool: sqlx::PgPool, notifier: Notifier) {
    tracing::info!("{}", notifier.mailer.describe());
    let mut tick = tokio::time::interval(period(notifier.notify_after));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        while run_once(&pool, &notifier).await == BATCH as usize {}
    }
}

/// One round: the emails due now; how many rows it claimed.
pub async fn run_once(pool: &sqlx::PgPool, notifier: &Notifier) -> usize {
    let Ok(due) = notifications::claim_due(pool, notifier.notify_after, BATCH).await else {
        return 0;
    };
    for row in &due {
        mail_one(pool, notifier, *row).await;
    }
    due.len()
}

async fn mail_one(pool: &sqlx::PgPool, notifier: &Notifier, due: DueMail) {
    // Failures of the database are logged by the services; the claim then
    // expires and another round tries again.
    let _ = match notifications::decide(pool, due, notifier.notify_after).await {
        Ok(Decision::Mail(digest)) => {
            let sent = match unread::email(&digest, notifier.mailer.from(), &notifier.site_url) {
                Ok(email) => notifier.mailer.send(email).await,
                Err(e) => Err(e),
            };
            match sent {
                Ok(()) => notifications::mailed(pool, due, digest.up_to_seq).await,
                Err(error) => {
                    tracing::warn!(%error, conversation_id = %due.conversation_id, "an email was not sent");
                    notifications::retry_later(pool, due, RETRY_IN).await
                }
            }
        }
        Ok(Decision::Nothing) => notifications::not_mailed(pool, due, None).await,
        Ok(Decision::WaitFrom(since)) => notifications::not_mailed(pool, due, Some(since)).await,
        Err(_) => Ok(()),
    };
}

//! What every instance does in the background, beside serving requests:
//! housekeeping, recording who is on the site, ending stale calls, emails
//! and pushes. Each
//! loop runs until the process ends; the rules they follow are in
//! `services`, so any number of instances can run them at once.

mod calls;
mod housekeeping;
mod mail;
mod presence;
mod push;

use super::AppState;
use std::time::Duration;

/// Starts every background loop for `state`'s instance.
pub fn spawn_all(state: &AppState, longest_limit_window: Duration, ring_for: Duration) {
    tokio::spawn(housekeeping::run(
        state.pool.clone(),
        state.media.clone(),
        longest_limit_window,
    ));
    tokio::spawn(presence::run(state.pool.clone(), state.live.clone()));
    tokio::spawn(calls::run(state.pool.clone(), ring_for));
    tokio::spawn(mail::run(state.pool.clone(), state.notify.clone()));
    tokio::spawn(push::run(
        state.pool.clone(),
        state.live.clone(),
        state.notify.clone(),
    ));
}

pub use mail::run_once as send_due_mails;
pub use push::{push_message, run as push_worker};

//! Who has a page of the site open on this instance: the users of open
//! event streams, and whoever synced lately. Each instance writes them to
//! PostgreSQL every [`PRESENCE_FLUSH`] (`users.last_seen_at`), so that every
//! instance knows who is away, without a database write per sync.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

/// How often each instance records who it saw.
pub const PRESENCE_FLUSH: Duration = Duration::from_secs(15);

#[derive(Clone, Default)]
pub struct Presence(Arc<Mutex<Seen>>);

#[derive(Default)]
struct Seen {
    /// Users who synced since the last flush.
    synced: HashSet<Uuid>,
    /// Open event streams, by user.
    streams: HashMap<Uuid, usize>,
}

impl Presence {
    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        // The sets only gain or lose whole entries: a panic elsewhere
        // cannot leave them half-made.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `user` has a page open that just synced.
    pub fn synced(&self, user: Uuid) {
        self.seen().synced.insert(user);
    }

    /// `user` opened an event stream; they count as present until the
    /// returned guard is dropped (the stream ended).
    pub fn stream_opened(&self, user: Uuid) -> StreamPresence {
        *self.seen().streams.entry(user).or_default() += 1;
        StreamPresence {
            presence: self.clone(),
            user,
        }
    }

    /// Whether `user` has a page open here now, as far as this instance
    /// knows.
    pub fn is_here(&self, user: Uuid) -> bool {
        let seen = self.seen();
        seen.streams.contains_key(&user) || seen.synced.contains(&user)
    }

    /// Everyone seen since the last call: to record as present.
    pub fn take_seen(&self) -> Vec<Uuid> {
        let mut seen = self.seen();
        let mut users: HashSet<Uuid> = std::mem::take(&mut seen.synced);
        users.extend(seen.streams.keys().copied());
        users.into_iter().collect()
    }
}

/// Keeps its user present while an event stream is open.
pub struct StreamPresence {
    presence: Presence,
    user: Uuid,
}

impl Drop for StreamPresence {
    fn drop(&mut self) {
        let mut seen = self.presence.seen();
        if let Some(open) = seen.streams.get_mut(&self.user) {
            *open -= 1;
            if *open == 0 {
                seen.streams.remove(&self.user);
                // Seen until now: recorded at the next flush.
                seen.synced.insert(self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_keeps_its_user_present_until_it_closes() {
        let presence = Presence::default();
        let user = Uuid::new_v4();
        let first = presence.stream_opened(user);
        let second = presence.stream_opened(user);
        assert_eq!(presence.take_seen(), vec![user]);
        drop(first);
        assert!(presence.is_here(user));
        assert_eq!(presence.take_seen(), vec![user]);
        drop(second);
        // Seen once more, at the flush after the stream closed.
        assert_eq!(presence.take_seen(), vec![user]);
        assert!(presence.take_seen().is_empty());
        assert!(!presence.is_here(user));
    }

    #[test]
    fn a_sync_counts_until_the_next_flush() {
        let presence = Presence::default();
        let user = Uuid::new_v4();
        presence.synced(user);
        assert!(presence.is_here(user));
        assert_eq!(presence.take_seen(), vec![user]);
        assert!(!presence.is_here(user));
    }
}

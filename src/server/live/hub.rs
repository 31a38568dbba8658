use super::heard::{HeardChange, Said};
use super::notice::{ChangeKind, Notice};
use super::presence::Presence;
use crate::domain::{AppError, StreamEvent, Typing, User, TYPING_FOR};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use uuid::Uuid;

/// A session checked against the database is trusted this long (a logout
/// anywhere forgets it at once through the change feed).
const SESSION_CACHE_FOR: Duration = Duration::from_secs(60);
/// Sessions kept in memory at most (then the oldest half is forgotten).
const SESSION_CACHE_MAX: usize = 100_000;

/// What the event streams hear.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    Change(Arc<HeardChange>),
    /// Changes may have been missed: call sync.
    Resync,
}

#[derive(Clone)]
pub struct Live(Arc<Inner>);

struct Inner {
    /// How many times a stream read what to say about a change (see
    /// `HeardChange`): once per recipient and change.
    stream_reads: AtomicU64,
    connected: AtomicBool,
    epoch: AtomicU64,
    state: Mutex<State>,
    events: broadcast::Sender<LiveEvent>,
    presence: Presence,
}

#[derive(Default)]
struct State {
    /// The newest change stamp each user's rows are known to carry.
    latest: HashMap<Uuid, i64>,
    /// Who is typing, by the person who should see it.
    typing: HashMap<Uuid, Vec<TypingEntry>>,
    sessions: HashMap<Vec<u8>, CachedSession>,
}

impl State {
    /// `user`'s rows carry at least stamp `seq` (stamps only grow).
    fn note(&mut self, user: Uuid, seq: i64) {
        let known = self.latest.entry(user).or_insert(seq);
        *known = (*known).max(seq);
    }
}

struct TypingEntry {
    typing: Typing,
    until: Instant,
}

struct CachedSession {
    user: User,
    until: Instant,
}

impl Default for Live {
    fn default() -> Self {
        Self::new()
    }
}

impl Live {
    pub fn new() -> Self {
        let (events, _) = broadcast::channel(4096);
        Self(Arc::new(Inner {
            stream_reads: AtomicU64::new(0),
            connected: AtomicBool::new(false),
            epoch: AtomicU64::new(0),
            state: Mutex::new(State::default()),
            events,
            presence: Presence::default(),
        }))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half-made
        // in a way that matters: they only ever lose or gain whole entries.
        self.0.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The listener is listening: from now on every change is heard.
    pub fn connected(&self) {
        self.0.epoch.fetch_add(1, Ordering::SeqCst);
        self.0.connected.store(true, Ordering::SeqCst);
    }

    /// The listener lost its connection: forget what was known.
    pub fn disconnected(&self) {
        self.0.connected.store(false, Ordering::SeqCst);
        self.0.epoch.fetch_add(1, Ordering::SeqCst);
        let mut state = self.state();
        state.latest.clear();
        state.sessions.clear();
        drop(state);
        let _ = self.0.events.send(LiveEvent::Resync);
    }

    pub fn is_connected(&self) -> bool {
        self.0.connected.load(Ordering::SeqCst)
    }

    /// Taken before a database read whose result [`saw`](Self::saw) records.
    pub fn epoch(&self) -> u64 {
        self.0.epoch.load(Ordering::SeqCst)
    }

    /// The newest stamp of `user`'s rows, when known for sure.
    pub fn latest(&self, user: Uuid) -> Option<i64> {
        if !self.is_connected() {
            return None;
        }
        self.state().latest.get(&user).copied()
    }

    /// Records that `user`'s rows carried `seq` at a read that began at
    /// `epoch` (ignored if the listener connected or dropped since).
    pub fn saw(&self, user: Uuid, seq: i64, epoch: u64) {
        let mut state = self.state();
        if self.is_connected() && self.epoch() == epoch {
            state.note(user, seq);
        }
    }

    /// Who is typing where, as `user` should see it now.
    pub fn typing_for(&self, user: Uuid) -> Vec<Typing> {
        let now = Instant::now();
        let mut state = self.state();
        let Some(entries) = state.typing.get_mut(&user) else {
            return Vec::new();
        };
        entries.retain(|e| e.until > now);
        let typing = entries.iter().map(|e| e.typing).collect();
        if entries.is_empty() {
            state.typing.remove(&user);
        }
        typing
    }

    pub fn cached_session(&self, token_hash: &[u8]) -> Option<User> {
        if !self.is_connected() {
            return None;
        }
        let state = self.state();
        let cached = state.sessions.get(token_hash)?;
        (cached.until > Instant::now()).then(|| cached.user.clone())
    }

    /// What `recipient`'s streams say about `change`, read once for all of
    /// them (and counted: see [`Live::stream_reads`]).
    pub async fn said_to<F, Fut>(
        &self,
        change: &HeardChange,
        recipient: Uuid,
        read: F,
    ) -> Result<Said, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Vec<StreamEvent>, AppError>>,
    {
        change
            .said_to(recipient, || {
                self.0.stream_reads.fetch_add(1, Ordering::Relaxed);
                read()
            })
            .await
    }

    /// How many times streams read what to say about a change.
    pub fn stream_reads(&self) -> u64 {
        self.0.stream_reads.load(Ordering::Relaxed)
    }

    /// A session this instance ended: not served from memory again.
    pub fn forget_session(&self, token_hash: &[u8]) {
        self.state().sessions.remove(token_hash);
    }

    /// Every session of `user` this instance remembers.
    pub fn forget_sessions_of(&self, user: Uuid) {
        self.state().sessions.retain(|_, s| s.user.id != user);
    }

    pub fn cache_session(&self, token_hash: &[u8], user: User, epoch: u64) {
        let mut state = self.state();
        if !self.is_connected() || self.epoch() != epoch {
            return;
        }
        if state.sessions.len() >= SESSION_CACHE_MAX {
            let now = Instant::now();
            state.sessions.retain(|_, s| s.until > now);
            if state.sessions.len() >= SESSION_CACHE_MAX {
                state.sessions.clear();
            }
        }
        let until = Instant::now() + SESSION_CACHE_FOR;
        state
            .sessions
            .insert(token_hash.to_vec(), CachedSession { user, until });
    }

    /// Who has a page open on this instance.
    pub fn presence(&self) -> &Presence {
        &self.0.presence
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.0.events.subscribe()
    }

    /// Takes in one notice from the feed.
    pub fn apply(&self, notice: Notice) {
        let mut state = self.state();
        for stamp in &notice.users {
            if let Some(seq) = stamp.seq {
                state.note(stamp.id, seq);
            }
        }
        match (notice.kind, notice.conversation_id) {
            (ChangeKind::Typing, Some(conversation_id)) => {
                let typing = Typing {
                    conversation_id,
                    user_id: notice.actor,
                };
                let until = Instant::now() + TYPING_FOR;
                for stamp in &notice.users {
                    let entries = state.typing.entry(stamp.id).or_default();
                    entries.retain(|e| e.typing != typing);
                    entries.push(TypingEntry { typing, until });
                }
            }
            // The message landed: its writer is no longer typing it.
            (ChangeKind::Message, Some(conversation_id)) => {
                for stamp in &notice.users {
                    if let Some(entries) = state.typing.get_mut(&stamp.id) {
                        entries.retain(|e| {
                            e.typing.conversation_id != conversation_id
                                || e.typing.user_id != notice.actor
                        });
                    }
                }
            }
            (ChangeKind::Sessions, _) => {
                state.sessions.retain(|_, s| s.user.id != notice.actor);
            }
            _ => {}
        }
        drop(state);
        let _ = self
            .0
            .events
            .send(LiveEvent::Change(Arc::new(HeardChange::new(notice))));
    }
}

//! What the islands of one page share in the browser: the header's live
//! connection (sync tick and event stream) and the messages page read and
//! write the same state, though sibling islands share no Leptos context.
//! The header's island runs the one connection of the tab; the messages
//! page's island says which conversation is open, reads each sync answer
//! and each event of the stream, and asks for a sync now.

use leptos::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

#[derive(Clone)]
pub struct PageLive {
    /// The unread total: the badge and the tab's title.
    pub unread: ArcRwSignal<i64>,
    /// The open conversation, and its newest message the page has: what
    /// the next sync asks to be brought up to.
    pub open: ArcRwSignal<Option<(Uuid, Option<Uuid>)>>,
    /// The newest sync answer that changed something (the JSON of its
    /// `data`), for the islands that show more than the badge.
    pub answer: ArcRwSignal<Option<Arc<str>>>,
    /// The event stream's events, for whoever applies them.
    pub heard: StreamListeners,
    /// "Sync now": after sending, reading, deleting, when the event stream
    /// (re)opens or says `resync`.
    pub wake: ArcTrigger,
    /// The event stream is open (the tick relaxes).
    pub streaming: ArcRwSignal<bool>,
    /// The last sync failed: "Reconnecting…".
    pub failing: ArcRwSignal<bool>,
    /// "Video call" pressed in a conversation (its id and the other
    /// person's name): the header's island, which runs calls, takes it.
    pub call_request: ArcRwSignal<Option<(Uuid, String)>>,
}

impl PageLive {
    fn new() -> Self {
        Self {
            unread: ArcRwSignal::new(0),
            open: ArcRwSignal::new(None),
            answer: ArcRwSignal::new(None),
            heard: StreamListeners::default(),
            wake: ArcTrigger::new(),
            streaming: ArcRwSignal::new(false),
            failing: ArcRwSignal::new(false),
            call_request: ArcRwSignal::new(None),
        }
    }

    /// This page's shared state. In the browser there is one per page
    /// (the islands of a page run in one WebAssembly instance); on the
    /// server nothing runs, and each caller gets its own.
    pub fn get() -> Self {
        #[cfg(feature = "hydrate")]
        {
            thread_local! {
                static PAGE: PageLive = PageLive::new();
            }
            PAGE.with(Clone::clone)
        }
        #[cfg(not(feature = "hydrate"))]
        PageLive::new()
    }
}

/// Who applies the event stream's events: each listener gets every event
/// (its name and data, as on the wire), in order, as it comes.
#[derive(Clone, Default)]
pub struct StreamListeners {
    listeners: Arc<Mutex<Vec<(u64, Listener)>>>,
    next_id: Arc<AtomicU64>,
}

type Listener = Arc<dyn Fn(&str, &str) + Send + Sync>;

impl StreamListeners {
    /// Calls `listener` with every event from now until the calling
    /// owner (the island or component) is cleaned up.
    pub fn listen(&self, listener: impl Fn(&str, &str) + Send + Sync + 'static) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.list().push((id, Arc::new(listener)));
        let listeners = self.clone();
        on_cleanup(move || listeners.list().retain(|(each, _)| *each != id));
    }

    /// Hands one event to every listener.
    pub fn tell(&self, name: &str, data: &str) {
        // Called without the lock held: a listener may listen or stop.
        let listeners: Vec<Listener> = self.list().iter().map(|(_, l)| l.clone()).collect();
        for listener in listeners {
            listener(name, data);
        }
    }

    fn list(&self) -> std::sync::MutexGuard<'_, Vec<(u64, Listener)>> {
        self.listeners.lock().unwrap_or_else(|e| e.into_inner())
    }
}

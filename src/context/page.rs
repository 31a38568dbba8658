//! What the islands of one page share in the browser: the header's live
//! connection (sync tick and event stream) and the messages page read and
//! write the same state, though sibling islands share no Leptos context.
//! The header's island runs the one connection of the tab; the messages
//! page's island says which conversation is open, reads each sync answer,
//! and asks for a sync now.

use leptos::prelude::*;
use std::sync::Arc;
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
    /// "Sync now": after sending, reading, deleting, or when the event
    /// stream heard of something.
    pub wake: ArcTrigger,
    /// The event stream is open (the tick relaxes).
    pub streaming: ArcRwSignal<bool>,
    /// The last sync failed: "Reconnecting…".
    pub failing: ArcRwSignal<bool>,
}

impl PageLive {
    fn new() -> Self {
        Self {
            unread: ArcRwSignal::new(0),
            open: ArcRwSignal::new(None),
            answer: ArcRwSignal::new(None),
            wake: ArcTrigger::new(),
            streaming: ArcRwSignal::new(false),
            failing: ArcRwSignal::new(false),
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

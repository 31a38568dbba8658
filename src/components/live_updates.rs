//! The page's live updates: one sync per tick for everything it shows, and
//! the event stream that makes the tick come at once when something
//! happens. Rendered once, in the header, while someone is logged in. A
//! message that arrives out of sight shows a system notification, when the
//! browser allows them (`components::notifications`).

use crate::components::hydration::after_hydration;
use crate::components::notifications::arrivals::Arrivals;
use crate::components::notifications::{announcer, page_visible};
use crate::components::polling::{use_poll, POLL_PERIOD};
use crate::context::{InboxRefresh, LiveSync, UnreadTotal};
use crate::domain::SyncReply;
use crate::server_fns::live::sync_changes;
use leptos::prelude::*;
use uuid::Uuid;

/// The interval while the event stream is open: a safety net only.
const RELAXED_PERIOD: u32 = 30_000;

#[component]
pub fn LiveUpdates(
    /// The logged-in user.
    me: Uuid,
) -> impl IntoView {
    // Nothing may change what the page shows before it is all hydrated.
    let owner = Owner::current();
    after_hydration(move || {
        if let Some(owner) = owner {
            owner.with(|| start(me));
        }
    });
}

/// The sync loop and the event stream, for as long as the owner lives.
fn start(me: Uuid) {
    let live = expect_context::<LiveSync>();
    let unread = expect_context::<UnreadTotal>();
    let wake = expect_context::<InboxRefresh>().0;
    let period = Signal::derive(move || {
        if live.streaming.get() {
            RELAXED_PERIOD
        } else {
            POLL_PERIOD
        }
    });
    let arrivals = StoredValue::new_local(Arrivals::default());
    let announce = announcer();
    let failing = use_poll(period, wake, move || {
        let announce = announce.clone();
        async move {
            let (since, etag) = live.cursor.get_value().unzip();
            // The open conversation, while it is on screen: a hidden tab
            // does not ask for its messages, which would count them as read
            // ("Seen" for the other person) before anyone looked.
            let (conversation_id, after) = match live.open.get_untracked() {
                Some((id, after)) if page_visible() => (Some(id), after),
                _ => (None, None),
            };
            if let SyncReply::Changed { answer, etag } =
                sync_changes(since, etag, conversation_id, after).await?
            {
                live.cursor.set_value(Some((answer.cursor.clone(), etag)));
                unread.count.set(Some(answer.unread_count));
                let news = arrivals
                    .try_update_value(|a| a.news(&answer, me, conversation_id))
                    .unwrap_or_default();
                announce(news);
                live.absorb(answer);
            }
            Ok(())
        }
    });
    Effect::new(move |_| live.failing.set(failing.get()));
    #[cfg(feature = "hydrate")]
    stream::open(live, wake);
}

#[cfg(feature = "hydrate")]
mod stream {
    use super::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::EventSource;

    const EVENTS: [&str; 6] = [
        "message",
        "conversation",
        "read",
        "typing",
        "unread",
        "resync",
    ];

    /// Opens `/api/messages/events`: every event wakes the sync; while the
    /// stream is open the interval relaxes, and when it fails the 3-second
    /// interval takes over at once (the browser reconnects by itself, with
    /// `Last-Event-ID`).
    pub fn open(live: LiveSync, wake: Trigger) {
        let Ok(source) = EventSource::new("/api/messages/events") else {
            return;
        };
        let on_event = Closure::<dyn Fn()>::new(move || wake.notify());
        let on_open = Closure::<dyn Fn()>::new(move || {
            live.streaming.set(true);
            wake.notify(); // whatever happened while it was closed
        });
        let on_error = Closure::<dyn Fn()>::new(move || live.streaming.set(false));
        for name in EVENTS {
            let _ =
                source.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref());
        }
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let kept = send_wrapper::SendWrapper::new((source, on_event, on_open, on_error));
        on_cleanup(move || {
            let (source, ..) = kept.take();
            source.close();
            live.streaming.set(false);
        });
    }
}

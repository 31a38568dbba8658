//! The tab's one live connection, run by the header's island on every page
//! of a logged-in user: the event stream, whose events carry what changed
//! (each applied where it shows, with no request), and one sync per tick
//! for everything the page shows (the fallback, and the catch-up when the
//! stream (re)opens or says `resync`). What it learns goes to the page's
//! shared state (`PageLive`): the unread count (the badge, the tab's
//! title), the events and the whole answer for the messages page. A
//! message that arrives out of sight shows a system notification, when the
//! browser allows them (`components::notifications`).
//!
//! This runs on every page, so it reads the answer with the browser's own
//! JSON parser, taking only what it needs: serde and the message types
//! load with the messages page, not here.

#[cfg(feature = "hydrate")]
mod stream;
#[cfg(feature = "hydrate")]
mod sync;

#[cfg(feature = "hydrate")]
use crate::components::notifications::{announcer, arrivals::Arrivals};
use crate::context::PageLive;
#[cfg(feature = "hydrate")]
use crate::domain::PushPayload;
use crate::ui_support::hydration::after_hydration;
#[cfg(feature = "hydrate")]
use crate::ui_support::visibility::page_visible;
use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use std::{cell::RefCell, rc::Rc};
use uuid::Uuid;

/// The interval while the event stream is open: a safety net only.
#[cfg(feature = "hydrate")]
const RELAXED_PERIOD: u32 = 30_000;

/// Starts the live connection once the page is live, for as long as the
/// calling island lives.
pub fn start_live_updates(me: Uuid, page: PageLive) {
    let owner = Owner::current();
    after_hydration(move || {
        if let Some(owner) = owner {
            #[cfg(feature = "hydrate")]
            owner.with(|| run(me, page));
            #[cfg(not(feature = "hydrate"))]
            let _ = (owner, me, page);
        }
    });
}

#[cfg(feature = "hydrate")]
fn run(me: Uuid, page: PageLive) {
    use crate::ui_support::polling::{use_poll, POLL_PERIOD};

    let streaming = page.streaming.clone();
    let period = Signal::derive(move || {
        if streaming.get() {
            RELAXED_PERIOD
        } else {
            POLL_PERIOD
        }
    });
    let me = me.to_string();
    let cursor: Rc<RefCell<Option<(String, String)>>> = Rc::default();
    let arrivals: Rc<RefCell<Arrivals>> = Rc::default();
    let announce = announcer();
    hear_events(&page, &me, arrivals.clone(), announce.clone());
    let shared = page.clone();
    let tick = move || {
        let (page, cursor, arrivals, announce, me) = (
            shared.clone(),
            cursor.clone(),
            arrivals.clone(),
            announce.clone(),
            me.clone(),
        );
        async move {
            // The open conversation, while it is on screen: a hidden tab
            // does not ask for its messages, which would count them as read
            // ("Seen" for the other person) before anyone looked.
            let open = page.open.get_untracked().filter(|_| page_visible());
            let last = cursor.borrow().clone();
            let Some(answer) = sync::sync(last, open).await? else {
                return Ok(());
            };
            *cursor.borrow_mut() = Some((answer.cursor.clone(), answer.etag.clone()));
            page.unread.set(answer.unread);
            let open_id = open.map(|(id, _)| id.to_string());
            let news = arrivals
                .borrow_mut()
                .news(&answer.conversations, &me, open_id.as_deref());
            announce(news);
            page.answer.set(Some(answer.text));
            Ok(())
        }
    };
    let failing = use_poll(period, page.wake.clone(), tick);
    let page_failing = page.failing.clone();
    Effect::new(move |_| page_failing.set(failing.get()));
    stream::open(
        page.streaming.clone(),
        page.wake.clone(),
        page.heard.clone(),
    );
    show_count_in_title(page.unread);
}

/// What the header does with the stream's events: the badge takes the
/// unread total, a changed conversation may call for a notification, and
/// `resync` asks for a sync (the messages page applies the rest).
#[cfg(feature = "hydrate")]
fn hear_events(
    page: &PageLive,
    me: &str,
    arrivals: Rc<RefCell<Arrivals>>,
    announce: impl Fn(Vec<PushPayload>) + 'static,
) {
    let (unread, wake, open) = (page.unread.clone(), page.wake.clone(), page.open.clone());
    // The browser runs one thread: what is not `Send` may come along.
    let kept = send_wrapper::SendWrapper::new((arrivals, announce, me.to_owned()));
    page.heard.listen(move |name, data| match name {
        "unread" => {
            if let Some(count) = sync::heard_unread(data) {
                unread.set(count);
            }
        }
        "conversation" => {
            let Some(conversation) = sync::heard_conversation(data) else {
                return;
            };
            let (arrivals, announce, me) = &*kept;
            let open = open.get_untracked().filter(|_| page_visible());
            let open_id = open.map(|(id, _)| id.to_string());
            let news = arrivals
                .borrow_mut()
                .news(&[conversation], me, open_id.as_deref());
            announce(news);
        }
        "resync" => wake.notify(),
        _ => {}
    });
}

/// "(3) Messages — souk": the tab's title carries the unread count.
#[cfg(feature = "hydrate")]
fn show_count_in_title(unread: ArcRwSignal<i64>) {
    use crate::components::message_badge::capped_count;
    Effect::new(move |_| {
        let count = unread.get();
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let title = document.title();
        let plain = title_without_count(&title);
        let titled = match count {
            0 => plain.to_owned(),
            n => format!("({}) {plain}", capped_count(n)),
        };
        if titled != title {
            document.set_title(&titled);
        }
    });
}

/// `title` without a leading "(3) ".
pub fn title_without_count(title: &str) -> &str {
    match title
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(") "))
    {
        Some((count, rest)) if count.trim_end_matches('+').parse::<u32>().is_ok() => rest,
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::title_without_count;

    #[test]
    fn the_count_comes_off_the_title() {
        assert_eq!(
            title_without_count("(3) Messages — souk"),
            "Messages — souk"
        );
        assert_eq!(title_without_count("(99+) souk"), "souk");
        assert_eq!(title_without_count("Messages — souk"), "Messages — souk");
        assert_eq!(title_without_count("(draft) souk"), "(draft) souk");
    }
}

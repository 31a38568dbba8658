//! The header's live part, on every page of a logged-in user: the unread
//! badge, the tab's one live connection (`live_updates`) and video calls,
//! which ring on any page (`call`). The only code every page loads: it
//! stays small (see the README's page weights).

use crate::components::call::CallPanel;
use crate::components::live_updates::start_live_updates;
use crate::components::message_badge::MessageBadge;
use crate::context::PageLive;
use crate::ui_support::hydration::island_hydrated;
use leptos::prelude::*;
use uuid::Uuid;

#[island]
pub fn LiveHeader(
    /// The logged-in user.
    me: Uuid,
    /// The unread total when the page was made.
    unread: i64,
) -> impl IntoView {
    let page = PageLive::get();
    page.unread.set(unread);
    let count = page.unread.clone();
    start_live_updates(me, page);
    island_hydrated();
    view! {
        <MessageBadge count=Signal::from(count) />
        <CallPanel me />
    }
}

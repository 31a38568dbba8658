//! The message log: the messages in order with their day separators,
//! "Seen" under the last one the other person read, my messages on their
//! way, and the older history, loaded when the reader scrolls to the top.

use super::bubble::{Bubble, OutgoingBubble};
use super::outbox::merge_older;
use super::state::ThreadState;
use crate::components::load_more::LoadMoreButton;
use crate::context::use_locale;
use crate::domain::{AppError, Attachment};
use crate::i18n::td_string;
use crate::server_fns::messages::older_messages;
use crate::ui_support::time::day_label;
use chrono::Utc;
use leptos::html::Div;
use leptos::prelude::*;
use uuid::Uuid;

/// The history before the messages shown, loaded a page at a time,
/// keeping what the reader was looking at in place.
#[derive(Clone, Copy)]
pub(super) struct OlderHistory {
    more: RwSignal<bool>,
    load: Action<(), Result<(), AppError>>,
}

impl OlderHistory {
    /// `focus`, a search hit: older pages load until it is there, then it
    /// is scrolled into view (and highlighted by its bubble).
    pub fn new(
        state: ThreadState,
        scroll: LogScroll,
        has_more: bool,
        focus: Signal<Option<Uuid>>,
    ) -> Self {
        let more = RwSignal::new(has_more);
        let load = Action::new(move |_: &()| async move {
            let Some(before) = state
                .shown
                .with_untracked(|s| s.first().map(|s| s.message.id))
            else {
                return Ok::<(), AppError>(());
            };
            let page = older_messages(state.conversation_id, before).await?;
            let from_bottom = scroll.distance_to_bottom();
            state
                .shown
                .update(|shown| merge_older(shown, page.messages));
            more.set(page.has_more);
            scroll.keep_distance_to_bottom(from_bottom);
            Ok(())
        });
        let older = Self { more, load };
        Effect::new(move |_| {
            let Some(target) = focus.get() else { return };
            let present = state
                .shown
                .with(|s| s.iter().any(|s| s.message.id == target));
            if present {
                scroll.into_view(target);
            } else if more.get() && !load.pending().get() {
                load.dispatch(());
            }
        });
        older
    }

    /// Scrolled near the top: the next older page.
    fn on_scroll(self, scroll: LogScroll) {
        if self.more.get_untracked() && !self.load.pending().get_untracked() && scroll.near_top() {
            self.load.dispatch(());
        }
    }
}

#[component]
pub(super) fn MessageLog(
    state: ThreadState,
    scroll: LogScroll,
    older: OlderHistory,
    me: Uuid,
    focus: Signal<Option<Uuid>>,
    mounted: ReadSignal<bool>,
    /// The message under which "Seen" shows.
    seen: Memo<Option<Uuid>>,
    retry: Callback<Uuid>,
    viewing: RwSignal<Option<Attachment>>,
    /// The log's accessible name.
    label: String,
) -> impl IntoView {
    let (shown, outbox) = (state.shown, state.outbox);
    let locale = use_locale();
    view! {
        // Focusable: a keyboard scrolls it even when no message holds a
        // link or a button.
        <div
            class="message-log"
            role="log"
            tabindex="0"
            aria-live="polite"
            aria-label=label
            node_ref=scroll.0
            on:scroll=move |_| older.on_scroll(scroll)
        >
            <LoadMoreButton
                more=older.more
                load=older.load
                label=td_string!(locale, thread.load_earlier)
            />
            <Show when=move || shown.with(Vec::is_empty) && outbox.with(|o| o.items.is_empty())>
                <p class="muted thread-empty">{td_string!(locale, thread.say_hello)}</p>
            </Show>
            <For each=move || shown.get() key=|s| s.message.id let:item>
                {item
                    .new_day
                    .then(|| {
                        let at = item.message.created_at;
                        view! {
                            <p class="day-separator">
                                <span>
                                    {move || day_label(locale, at, Utc::now(), mounted.get())}
                                </span>
                            </p>
                        }
                    })}
                <Bubble
                    message=item.message.clone()
                    mine=item.message.sender_id == me
                    focus
                    mounted
                    open_photo=viewing.write_only()
                />
                {
                    let id = item.message.id;
                    view! {
                        <Show when=move || seen.get() == Some(id)>
                            <p class="seen">{td_string!(locale, thread.seen)}</p>
                        </Show>
                    }
                }
            </For>
            <For each=move || outbox.get().items key=|o| (o.client_id, o.delivery) let:out>
                <OutgoingBubble
                    out=out.clone()
                    mounted
                    retry=Callback::new(move |_| retry.run(out.client_id))
                    open_photo=viewing.write_only()
                />
            </For>
        </div>
    }
}

/// Keeps the log scrolled to the newest message while the reader is there.
#[derive(Clone, Copy)]
pub(super) struct LogScroll(NodeRef<Div>);

impl LogScroll {
    pub fn new() -> Self {
        Self(NodeRef::new())
    }

    /// Brings a message's bubble to the middle of the log.
    pub fn into_view(self, message_id: Uuid) {
        #[cfg(not(feature = "hydrate"))]
        let _ = (self, message_id);
        #[cfg(feature = "hydrate")]
        request_animation_frame(move || {
            let bubble = document().get_element_by_id(&super::anchors::message_anchor(message_id));
            if let (Some(bubble), Some(log)) = (bubble, self.0.get_untracked()) {
                let (at, frame) = (
                    bubble.get_bounding_client_rect(),
                    log.get_bounding_client_rect(),
                );
                let offset = at.top() - frame.top() - (frame.height() - at.height()) / 2.0;
                log.set_scroll_top(log.scroll_top() + offset as i32);
            }
        });
    }

    pub fn to_bottom(self) {
        request_animation_frame(move || {
            if let Some(log) = self.0.get_untracked() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }

    pub fn near_top(self) -> bool {
        self.0
            .get_untracked()
            .is_some_and(|log| log.scroll_top() < 80)
    }

    /// How far the view is from the bottom of the log.
    pub fn distance_to_bottom(self) -> i32 {
        self.0
            .get_untracked()
            .map_or(0, |log| log.scroll_height() - log.scroll_top())
    }

    /// After older messages went in above: the same messages in view.
    pub fn keep_distance_to_bottom(self, distance: i32) {
        request_animation_frame(move || {
            if let Some(log) = self.0.get_untracked() {
                log.set_scroll_top(log.scroll_height() - distance);
            }
        });
    }

    pub fn near_bottom(self) -> bool {
        self.0
            .get_untracked()
            .is_none_or(|log| log.scroll_height() - log.scroll_top() - log.client_height() < 48)
    }
}

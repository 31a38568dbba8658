//! The open conversation: its messages (new ones come with the page's live
//! updates), optimistic sending with retry, "Seen", "typing…", and the
//! header's actions.

mod block;
mod bubble;
mod delete;
mod inbox_actions;
mod menu;
pub mod outbox;
mod photos;
mod report;

use crate::components::composer::Composer;
use crate::components::time::{day_label, use_mounted};
use crate::context::{InboxRefresh, LiveSync};
use crate::domain::{AppError, Attachment, Conversation, ConversationWithMessages, Message};
use crate::server_fns::live::typing_in;
use crate::server_fns::messages::{mark_read, older_messages, send_message};
use block::{BlockUser, BlockedNotice};
use bubble::{Bubble, OutgoingBubble};
use chrono::Utc;
use delete::DeleteConversation;
use inbox_actions::{ArchiveButton, MarkUnreadButton};
use leptos::html::Div;
use leptos::prelude::*;
use menu::ThreadMenu;
use outbox::{
    draft_after_failure, draft_after_sent, merge_from_server, merge_older, seen_under, Outbox,
    Outgoing, Shown,
};
use photos::Lightbox;
use report::ReportUser;
use uuid::Uuid;

/// What the thread shows and sends: server-confirmed messages in server
/// order, then my own that no sync has listed yet. The sync cursor is the
/// newest *server-listed* message, so a message the other side sent just
/// before mine is never skipped.
#[derive(Clone, Copy)]
struct ThreadState {
    conversation_id: Uuid,
    shown: RwSignal<Vec<Shown>>,
    outbox: RwSignal<Outbox>,
    sends_in_flight: RwSignal<u32>,
    /// The composer's text; the thread puts back a message that failed.
    draft: RwSignal<String>,
    inbox: InboxRefresh,
}

impl ThreadState {
    fn new(conversation_id: Uuid, messages: Vec<Message>) -> Self {
        let state = Self {
            conversation_id,
            shown: RwSignal::new(Vec::new()),
            outbox: RwSignal::new(Outbox::default()),
            sends_in_flight: RwSignal::new(0),
            draft: RwSignal::new(String::new()),
            inbox: expect_context::<InboxRefresh>(),
        };
        state.add_from_server(messages);
        state
    }

    fn add_from_server(&self, incoming: Vec<Message>) {
        self.shown
            .update(|shown| merge_from_server(shown, incoming));
        let outbox = self.outbox;
        self.shown
            .with_untracked(|shown| outbox.update(|o| o.drop_listed(shown)));
    }

    /// The newest server-listed message: where the next sync starts.
    fn newest_listed(&self) -> Option<Uuid> {
        self.shown.with(|l| l.last().map(|s| s.message.id))
    }

    fn send(&self, out: Outgoing) {
        let state = *self;
        state.sends_in_flight.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let ids = out.attachments.iter().map(|a| a.id).collect();
            let sent = send_message(
                state.conversation_id,
                out.content.clone(),
                out.client_id,
                ids,
            );
            match sent.await {
                Ok(stored) => {
                    let shown = state.shown;
                    shown.with_untracked(|shown| {
                        state
                            .outbox
                            .update(|o| o.sent(out.client_id, stored.id, shown))
                    });
                    let draft = state.draft.get_untracked();
                    if let Some(next) = draft_after_sent(&draft, &out.content) {
                        state.draft.set(next);
                    }
                    state.inbox.now();
                }
                Err(_) => {
                    state.outbox.update(|o| o.failed(out.client_id));
                    let draft = state.draft.get_untracked();
                    if let Some(next) = draft_after_failure(&draft, &out.content) {
                        state.draft.set(next);
                    }
                }
            }
            state.sends_in_flight.update(|n| *n -= 1);
        });
    }
}

/// `focus`: a message to scroll to and highlight (a search hit).
#[component]
pub fn Thread(
    data: ConversationWithMessages,
    me: Uuid,
    #[prop(optional)] focus: Signal<Option<Uuid>>,
) -> impl IntoView {
    let ConversationWithMessages {
        conversation,
        messages,
        has_more,
    } = data;
    let state = ThreadState::new(conversation.id, messages);
    let shown = state.shown;
    let mounted = use_mounted();
    let log_ref = NodeRef::<Div>::new();
    let scroll = LogScroll(log_ref);

    // Opening the conversation reads it.
    let had_unread = conversation.unread_count > 0;
    Effect::new(move |_| {
        if focus.get_untracked().is_none() {
            scroll.to_bottom();
        }
        if had_unread {
            leptos::task::spawn_local(async move {
                if mark_read(state.conversation_id).await.is_ok() {
                    state.inbox.now();
                }
            });
        }
    });

    // The page's sync brings this conversation's new messages (and reads
    // them) while it is open.
    let live = expect_context::<LiveSync>();
    Effect::new(move |_| {
        live.open
            .set(Some((state.conversation_id, state.newest_listed())));
    });
    on_cleanup(move || live.open.set(None));
    Effect::new(move |_| {
        let new: Vec<Message> = live.arrived.with(|arrived| {
            arrived
                .iter()
                .filter(|m| m.conversation_id == state.conversation_id)
                .cloned()
                .collect()
        });
        if !new.is_empty() {
            let pinned = scroll.near_bottom();
            state.add_from_server(new);
            if pinned {
                scroll.to_bottom();
            }
        }
    });
    let failing = live.failing.read_only();

    // Older history: loaded when the reader scrolls to the top (or asks),
    // keeping what they were looking at in place.
    let has_older = RwSignal::new(has_more);
    let load_older = Action::new(move |_: &()| async move {
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
        has_older.set(page.has_more);
        scroll.keep_distance_to_bottom(from_bottom);
        Ok(())
    });
    // A search hit: older history loads until it is there, then it is
    // scrolled into view (and highlighted by the bubble).
    Effect::new(move |_| {
        let Some(target) = focus.get() else { return };
        let present = shown.with(|s| s.iter().any(|s| s.message.id == target));
        if present {
            scroll.into_view(target);
        } else if has_older.get() && !load_older.pending().get() {
            load_older.dispatch(());
        }
    });
    let on_scroll = move |_| {
        if has_older.get_untracked() && !load_older.pending().get_untracked() && scroll.near_top() {
            load_older.dispatch(());
        }
    };
    let last_typing_notice = StoredValue::new(None::<chrono::DateTime<Utc>>);
    let on_typing = typing_notifier(state.conversation_id, last_typing_notice);

    let on_send = Callback::new(move |(content, attachments): (String, Vec<Attachment>)| {
        // The message ends that bout of typing; the next keystroke starts
        // a new one, which the other person hears of at once.
        last_typing_notice.set_value(None);
        let out = state
            .outbox
            .try_update(|o| o.queue(content, attachments, Utc::now()));
        if let Some(out) = out {
            state.send(out);
        }
        scroll.to_bottom();
    });
    let retry = move |client_id: Uuid| {
        if let Some(out) = state.outbox.try_update(|o| o.retry(client_id)).flatten() {
            state.send(out);
        }
    };

    let other = conversation.other_name(me);
    let other_id = conversation.other_participant(me).map(|p| p.id);
    let blocked = RwSignal::new(conversation.blocked_by_me);
    let viewing = RwSignal::new(None::<Attachment>);
    let outbox = state.outbox;
    let conversation_id = conversation.id;
    let loaded_read = conversation.other_last_read_message_id;
    let other_read = Signal::derive(move || {
        if !mounted.get() {
            return loaded_read; // hydrating: what the server rendered
        }
        live.changed.with(|changed| {
            changed
                .get(&conversation_id)
                .map_or(loaded_read, |c| c.other_last_read_message_id)
        })
    });
    let seen = Memo::new(move |_| shown.with(|shown| seen_under(shown, me, other_read.get())));
    let typing = move || {
        mounted.get() && other_id.is_some_and(|other| live.is_typing(conversation_id, other))
    };
    let typing_line = format!("{other} is typing…");
    let latest_from_them = Signal::derive(move || {
        shown.with(|shown| {
            shown
                .iter()
                .rev()
                .find(|s| Some(s.message.sender_id) == other_id)
                .map(|s| s.message.id)
        })
    });
    view! {
        <div class="thread">
            <ThreadHeader conversation=conversation.clone() me failing blocked latest_from_them />
            <Lightbox viewing />
            <div
                class="message-log"
                role="log"
                aria-live="polite"
                aria-label=format!("Conversation with {other}")
                node_ref=log_ref
                on:scroll=on_scroll
            >
                <Show when=move || has_older.get()>
                    <div class="load-older">
                        <button
                            type="button"
                            class="button button-ghost button-sm"
                            disabled=move || load_older.pending().get()
                            on:click=move |_| {
                                load_older.dispatch(());
                            }
                        >
                            {move || {
                                if load_older.pending().get() {
                                    "Loading…"
                                } else {
                                    "Load earlier messages"
                                }
                            }}
                        </button>
                    </div>
                </Show>
                <Show when=move || shown.with(Vec::is_empty) && outbox.with(|o| o.items.is_empty())>
                    <p class="muted thread-empty">"No messages yet. Say hello!"</p>
                </Show>
                <For each=move || shown.get() key=|s| s.message.id let:item>
                    {item
                        .new_day
                        .then(|| {
                            let at = item.message.created_at;
                            view! {
                                <p class="day-separator">
                                    <span>{move || day_label(at, Utc::now(), mounted.get())}</span>
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
                                <p class="seen">"Seen"</p>
                            </Show>
                        }
                    }
                </For>
                <For each=move || outbox.get().items key=|o| (o.client_id, o.delivery) let:out>
                    <OutgoingBubble
                        out=out.clone()
                        mounted
                        retry=Callback::new(move |_| retry(out.client_id))
                        open_photo=viewing.write_only()
                    />
                </For>
            </div>
            <p class="typing-line" aria-live="polite">
                {move || typing().then(|| typing_line.clone())}
            </p>
            {move || match other_id {
                Some(other_id) if blocked.get() => {
                    view! { <BlockedNotice other_id blocked /> }.into_any()
                }
                _ => view! { <Composer draft=state.draft on_send on_typing /> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

/// The other person, the listing, "Reconnecting…", and the menu of
/// actions: Archive, Mark unread, Report, Block and Delete.
#[component]
fn ThreadHeader(
    conversation: Conversation,
    me: Uuid,
    failing: ReadSignal<bool>,
    blocked: RwSignal<bool>,
    latest_from_them: Signal<Option<Uuid>>,
) -> impl IntoView {
    let other = conversation.other_participant(me).cloned();
    let title = conversation.title();
    let archived = RwSignal::new(conversation.archived);
    let back_to = if conversation.archived {
        "/dashboard/messages?folder=archived"
    } else {
        "/dashboard/messages"
    }
    .to_owned();
    let title_link = match conversation.ad_id {
        Some(ad) => view! {
            <a class="thread-listing" href=format!("/listings/{ad}")>
                {title}
            </a>
        }
        .into_any(),
        None => view! { <span class="thread-listing">{title}</span> }.into_any(),
    };
    view! {
        <header class="thread-header">
            <a class="back-link" href="/dashboard/messages" aria-label="Back to conversations">
                "←"
            </a>
            <div class="thread-heading">
                <h2>{conversation.other_name(me)}</h2>
                {title_link}
            </div>
            <Show when=move || failing.get()>
                <span class="reconnecting" role="status">
                    "Reconnecting…"
                </span>
            </Show>
            <ThreadMenu>
                <ArchiveButton id=conversation.id archived />
                <Show when=move || latest_from_them.with(Option::is_some)>
                    <MarkUnreadButton id=conversation.id back_to=back_to.clone() />
                </Show>
                {other
                    .map(|other| {
                        view! {
                            <ReportUser
                                other_id=other.id
                                other_name=other.name.clone()
                                latest_from_them
                            />
                            <BlockUser other_id=other.id other_name=other.name blocked />
                        }
                    })}
                <DeleteConversation id=conversation.id />
            </ThreadMenu>
        </header>
    }
    .into_any()
}

/// Tells the other person I am typing: at most once every 3 seconds, so
/// their "typing…" (which lasts 5) stays up while I type. `last_sent` is
/// when it last did.
fn typing_notifier(
    conversation_id: Uuid,
    last_sent: StoredValue<Option<chrono::DateTime<Utc>>>,
) -> Callback<()> {
    Callback::new(move |_| {
        let now = Utc::now();
        let due = last_sent
            .get_value()
            .is_none_or(|at| now - at >= chrono::Duration::seconds(3));
        if due {
            last_sent.set_value(Some(now));
            leptos::task::spawn_local(async move {
                let _ = typing_in(conversation_id).await;
            });
        }
    })
}

/// Keeps the log scrolled to the newest message while the reader is there.
#[derive(Clone, Copy)]
struct LogScroll(NodeRef<Div>);

impl LogScroll {
    /// Brings a message's bubble to the middle of the log.
    fn into_view(self, message_id: Uuid) {
        #[cfg(not(feature = "hydrate"))]
        let _ = (self, message_id);
        #[cfg(feature = "hydrate")]
        request_animation_frame(move || {
            let bubble = document().get_element_by_id(&bubble::bubble_id(message_id));
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

    fn to_bottom(self) {
        request_animation_frame(move || {
            if let Some(log) = self.0.get_untracked() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }

    fn near_top(self) -> bool {
        self.0
            .get_untracked()
            .is_some_and(|log| log.scroll_top() < 80)
    }

    /// How far the view is from the bottom of the log.
    fn distance_to_bottom(self) -> i32 {
        self.0
            .get_untracked()
            .map_or(0, |log| log.scroll_height() - log.scroll_top())
    }

    /// After older messages went in above: the same messages in view.
    fn keep_distance_to_bottom(self, distance: i32) {
        request_animation_frame(move || {
            if let Some(log) = self.0.get_untracked() {
                log.set_scroll_top(log.scroll_height() - distance);
            }
        });
    }

    fn near_bottom(self) -> bool {
        self.0
            .get_untracked()
            .is_none_or(|log| log.scroll_height() - log.scroll_top() - log.client_height() < 48)
    }
}

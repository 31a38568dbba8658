//! The open conversation: its messages, the 3-second poll for new ones,
//! optimistic sending with retry, and delete-for-me.

use crate::api::messages::{delete_conversation, mark_read, messages_after, send_message};
use crate::components::composer::Composer;
use crate::components::polling::{use_poll, POLL_PERIOD};
use crate::components::time::{clock, day_label, same_day, use_mounted};
use crate::domain::{ConversationWithMessages, Message};
use crate::pages::messages::InboxRefresh;
use chrono::{DateTime, Utc};
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

/// A message from the server, with whether it opens a new day.
#[derive(Clone)]
struct Shown {
    message: Message,
    new_day: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Delivery {
    Pending,
    Sent,
    Failed,
}

/// A message I sent from this page that no poll has returned yet.
#[derive(Clone)]
struct Outgoing {
    client_id: Uuid,
    content: String,
    created_at: DateTime<Utc>,
    delivery: RwSignal<Delivery>,
    stored_id: RwSignal<Option<Uuid>>,
}

#[component]
pub fn Thread(data: ConversationWithMessages, me: Uuid) -> impl IntoView {
    let ConversationWithMessages {
        conversation,
        messages,
        ..
    } = data;
    let conversation_id = conversation.id;
    let mounted = use_mounted();
    let inbox = expect_context::<InboxRefresh>();
    let log_ref = NodeRef::<Div>::new();

    // Server-confirmed messages in server order, then my own not yet seen
    // in a poll. The poll cursor is the newest *server-listed* message, so
    // a message the other side sent just before mine is never skipped.
    let shown = RwSignal::new(Vec::<Shown>::new());
    let outgoing = RwSignal::new(Vec::<Outgoing>::new());
    let sends_in_flight = RwSignal::new(0_u32);
    let add_from_server = move |incoming: Vec<Message>| {
        shown.update(|list| {
            for message in incoming {
                if list.iter().any(|s| s.message.id == message.id) {
                    continue;
                }
                let new_day = list.last().is_none_or(|prev| {
                    !same_day(prev.message.created_at, message.created_at, false)
                });
                list.push(Shown { message, new_day });
            }
        });
        let listed: Vec<Uuid> = shown.with_untracked(|l| l.iter().map(|s| s.message.id).collect());
        outgoing.update(|mine| {
            mine.retain(|o| {
                !o.stored_id
                    .get_untracked()
                    .is_some_and(|id| listed.contains(&id))
            })
        });
    };
    add_from_server(messages);

    let scroll_to_bottom = move || {
        request_animation_frame(move || {
            if let Some(log) = log_ref.get_untracked() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    };
    let near_bottom = move || {
        log_ref
            .get_untracked()
            .is_none_or(|log| log.scroll_height() - log.scroll_top() - log.client_height() < 48)
    };

    // Opening the conversation reads it.
    let had_unread = conversation.unread_count > 0;
    Effect::new(move |_| {
        scroll_to_bottom();
        if had_unread {
            leptos::task::spawn_local(async move {
                if mark_read(conversation_id).await.is_ok() {
                    inbox.now();
                }
            });
        }
    });

    let failing = use_poll(POLL_PERIOD, move || async move {
        if sends_in_flight.get_untracked() > 0 {
            return Ok(()); // the send's reply will bring it; avoid a double
        }
        let after = shown.with_untracked(|l| l.last().map(|s| s.message.id));
        let page = messages_after(conversation_id, after).await?;
        if !page.messages.is_empty() {
            let pinned = near_bottom();
            add_from_server(page.messages);
            if pinned {
                scroll_to_bottom();
            }
            inbox.now(); // they were marked read: list and badge change
        }
        Ok(())
    });

    // A failed message stays in the log with "Retry", and its text goes back
    // into an empty composer. Sending that same text again retries the
    // failed message (same clientId) instead of making a second one, so
    // nothing typed is lost and nothing is stored twice.
    let draft = RwSignal::new(String::new());
    let deliver = move |out: Outgoing| {
        out.delivery.set(Delivery::Pending);
        sends_in_flight.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            match send_message(conversation_id, out.content.clone(), out.client_id).await {
                Ok(stored) => {
                    out.stored_id.set(Some(stored.id));
                    out.delivery.set(Delivery::Sent);
                    if draft.with_untracked(|d| d.trim() == out.content) {
                        draft.set(String::new());
                    }
                    inbox.now();
                }
                Err(_) => {
                    out.delivery.set(Delivery::Failed);
                    if draft.with_untracked(|d| d.trim().is_empty()) {
                        draft.set(out.content.clone());
                    }
                }
            }
            sends_in_flight.update(|n| *n -= 1);
        });
    };
    let on_send = Callback::new(move |content: String| {
        let failed_twin = outgoing.with_untracked(|list| {
            list.iter()
                .find(|o| o.content == content && o.delivery.get_untracked() == Delivery::Failed)
                .cloned()
        });
        let out = failed_twin.unwrap_or_else(|| {
            let out = Outgoing {
                client_id: Uuid::new_v4(),
                content,
                created_at: Utc::now(),
                delivery: RwSignal::new(Delivery::Pending),
                stored_id: RwSignal::new(None),
            };
            outgoing.update(|list| list.push(out.clone()));
            out
        });
        deliver(out);
        scroll_to_bottom();
    });

    let other = conversation.other_name(me);
    let title = conversation.title();
    let title_link = match conversation.ad_id {
        Some(ad) => view! { <a class="thread-listing" href=format!("/listings/{ad}")>{title}</a> }
            .into_any(),
        None => view! { <span class="thread-listing">{title}</span> }.into_any(),
    };

    view! {
        <div class="thread">
            <header class="thread-header">
                <a class="back-link" href="/dashboard/messages" aria-label="Back to conversations">"←"</a>
                <div class="thread-heading">
                    <h2>{other.clone()}</h2>
                    {title_link}
                </div>
                <Show when=move || failing.get()>
                    <span class="reconnecting" role="status">"Reconnecting…"</span>
                </Show>
                <DeleteConversation id=conversation_id/>
            </header>
            <div class="message-log" role="log" aria-live="polite" aria-label=format!("Conversation with {other}") node_ref=log_ref>
                <Show when=move || shown.with(Vec::is_empty) && outgoing.with(Vec::is_empty)>
                    <p class="muted thread-empty">"No messages yet. Say hello!"</p>
                </Show>
                <For each=move || shown.get() key=|s| s.message.id let:item>
                    {item.new_day.then(|| {
                        let at = item.message.created_at;
                        view! { <p class="day-separator"><span>{move || day_label(at, Utc::now(), mounted.get())}</span></p> }
                    })}
                    <Bubble
                        mine=item.message.sender_id == me
                        content=item.message.content.clone()
                        at=item.message.created_at
                        mounted
                    />
                </For>
                <For each=move || outgoing.get() key=|o| o.client_id let:out>
                    <OutgoingBubble out=out.clone() mounted retry=Callback::new(move |_| deliver(out.clone()))/>
                </For>
            </div>
            <Composer draft on_send/>
        </div>
    }
}

#[component]
fn Bubble(
    mine: bool,
    content: String,
    at: DateTime<Utc>,
    mounted: ReadSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="bubble-row" class:mine=mine>
            <div class="bubble">
                <p class="bubble-text">{content}</p>
                <time class="bubble-time" datetime=at.to_rfc3339()>{move || clock(at, mounted.get())}</time>
            </div>
        </div>
    }
}

#[component]
fn OutgoingBubble(out: Outgoing, mounted: ReadSignal<bool>, retry: Callback<()>) -> impl IntoView {
    let delivery = out.delivery;
    let at = out.created_at;
    view! {
        <div class="bubble-row mine" class:failed=move || delivery.get() == Delivery::Failed>
            <div class="bubble" class:pending=move || delivery.get() == Delivery::Pending>
                <p class="bubble-text">{out.content.clone()}</p>
                <span class="bubble-time">
                    {move || match delivery.get() {
                        Delivery::Pending => "Sending…".into_any(),
                        Delivery::Sent => view! { <time datetime=at.to_rfc3339()>{clock(at, mounted.get())}</time> }.into_any(),
                        Delivery::Failed => view! {
                            <span class="send-failed" role="alert">"Not sent"</span>
                            " "
                            <button type="button" class="link-button" on:click=move |_| retry.run(())>"Retry"</button>
                        }.into_any(),
                    }}
                </span>
            </div>
        </div>
    }
}

/// "Delete" with an inline confirmation: it hides the conversation for me
/// only, which the prompt says.
#[component]
fn DeleteConversation(id: Uuid) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let inbox = expect_context::<InboxRefresh>();
    let navigate = use_navigate();
    let delete = Action::new_local(move |_: &()| async move { delete_conversation(id).await });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            inbox.now();
            navigate("/dashboard/messages", Default::default());
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    view! {
        <div class="delete-conversation">
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="button button-ghost button-sm" on:click=move |_| confirming.set(true)>
                        "Delete"
                    </button>
                }
            >
                <div class="confirm" role="group" aria-label="Confirm deletion">
                    <span>"Delete this conversation for you?"</span>
                    <button type="button" class="button button-danger button-sm"
                        disabled=move || delete.pending().get()
                        on:click=move |_| { delete.dispatch(()); }>
                        "Delete conversation"
                    </button>
                    <button type="button" class="button button-ghost button-sm" on:click=move |_| confirming.set(false)>
                        "Cancel"
                    </button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </div>
    }
}

//! `/dashboard/messages`: the inbox and the open conversation.

use crate::components::conversation_list::ConversationList;
use crate::components::error_message::ErrorMessage;
use crate::components::require_login::RequireLogin;
use crate::components::thread::Thread;
use crate::components::time::use_mounted;
use crate::context::LiveSync;
use crate::domain::{AppError, Conversation, User};
use crate::server_fns::messages::{conversations_page, get_conversation};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

#[component]
pub fn MessagesPage() -> impl IntoView {
    view! {
        <Title text="Messages" />
        <RequireLogin next="/dashboard/messages" content=|user| view! { <Inbox user /> } />
    }
}

#[component]
fn Inbox(user: User) -> impl IntoView {
    let query = use_query_map();
    // `?conversation=`: absent (None), not a uuid (Some(None)), or an id.
    let asked =
        Memo::new(move |_| query.with(|q| q.get("conversation").map(|id| id.parse::<Uuid>().ok())));
    let selected = Memo::new(move |_| asked.get().flatten());
    let asked_for_invalid = move || asked.get() == Some(None);

    // The list: its first page server-rendered, "Load more" for the next
    // ones, and every change the live updates hear of laid over it.
    let initial = Resource::new(|| (), |_| conversations_page(None, None));
    let more = RwSignal::new(Vec::<Conversation>::new());
    // `None` until a further page was loaded: then the first page's cursor.
    let next = RwSignal::new(None::<Option<String>>);
    let next_cursor = Signal::derive(move || match next.get() {
        Some(cursor) => cursor,
        None => initial
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor),
    });
    let load_more = Action::new_local(move |_: &()| async move {
        let page = conversations_page(None, next_cursor.get_untracked()).await?;
        more.update(|more| more.extend(page.conversations));
        next.set(Some(page.next_cursor));
        Ok::<(), AppError>(())
    });
    let live = expect_context::<LiveSync>();
    let failing = live.failing;
    // Until this page is hydrated it shows exactly what the server sent:
    // the live updates may have heard of changes while its code loaded.
    let mounted = use_mounted();
    let list = Signal::derive(move || {
        let mut loaded = initial
            .get()
            .and_then(Result::ok)
            .map(|page| page.conversations)
            .unwrap_or_default();
        more.with(|more| loaded.extend(more.iter().cloned()));
        if mounted.get() {
            live.merged(&loaded)
        } else {
            loaded
        }
    });
    let me = user.id;
    view! {
        <div class="inbox" class:thread-open=move || selected.get().is_some()>
            <section class="inbox-list card">
                <div class="inbox-list-header">
                    <h1>"Messages"</h1>
                    <Show when=move || failing.get()>
                        <span class="reconnecting" role="status">
                            "Reconnecting…"
                        </span>
                    </Show>
                </div>
                <Transition fallback=|| {
                    view! { <p class="muted pad">"Loading conversations…"</p> }
                }>
                    {move || Suspend::new(async move {
                        let _ = initial.await;
                        view! {
                            <ConversationList conversations=list selected=selected.into() me />
                            <Show when=move || next_cursor.with(Option::is_some)>
                                <div class="load-more">
                                    <button
                                        type="button"
                                        class="button button-outline button-sm"
                                        disabled=move || load_more.pending().get()
                                        on:click=move |_| {
                                            load_more.dispatch(());
                                        }
                                    >
                                        {move || {
                                            if load_more.pending().get() {
                                                "Loading…"
                                            } else {
                                                "Load more"
                                            }
                                        }}
                                    </button>
                                </div>
                            </Show>
                        }
                    })}
                </Transition>
            </section>
            <section class="inbox-thread card">
                {move || match selected.get() {
                    Some(id) => view! { <OpenConversation id me /> }.into_any(),
                    None if asked_for_invalid() => view! { <ConversationNotFound /> }.into_any(),
                    None => {
                        view! {
                            <div class="empty-state thread-placeholder">
                                <h2>"Select a conversation"</h2>
                                <p class="muted">
                                    "Your messages with buyers and sellers appear here."
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                }}
            </section>
        </div>
    }
}

#[component]
fn OpenConversation(id: Uuid, me: Uuid) -> impl IntoView {
    let loaded = Resource::new(move || id, get_conversation);
    view! {
        <Suspense fallback=|| {
            view! { <p class="muted pad">"Loading conversation…"</p> }
        }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(data) => view! { <Thread data me /> }.into_any(),
                    Err(e) if e.is_not_found() => view! { <ConversationNotFound /> }.into_any(),
                    Err(e) => {
                        view! { <ErrorMessage message=e.to_string() class="pad" /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConversationNotFound() -> impl IntoView {
    view! {
        <div class="empty-state thread-placeholder">
            <h2>"Conversation not found"</h2>
            <p class="muted">"It may have been deleted, or the link is wrong."</p>
            <a class="button button-outline button-sm" href="/dashboard/messages">
                "Back to messages"
            </a>
        </div>
    }
}

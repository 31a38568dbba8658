//! `/dashboard/messages`: the inbox and the open conversation.

use crate::components::conversation_list::ConversationList;
use crate::components::error_message::ErrorMessage;
use crate::components::inbox_search::{SearchBox, SearchResults};
use crate::components::load_more::{LoadMoreButton, MorePages};
use crate::components::require_login::RequireLogin;
use crate::components::thread::Thread;
use crate::components::time::use_mounted;
use crate::context::LiveSync;
use crate::domain::{AppError, Conversation, Folder, User};
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
    // `?message=`: a search hit to show in the open conversation.
    let focus: Signal<Option<Uuid>> =
        Memo::new(move |_| query.with(|q| q.get("message").and_then(|m| m.parse().ok()))).into();
    let folder = Memo::new(move |_| match query.with(|q| q.get("folder")).as_deref() {
        Some("archived") => Folder::Archived,
        _ => Folder::Inbox,
    });
    let search = Memo::new(move |_| {
        query
            .with(|q| q.get("q"))
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty())
    });
    let search_text = Signal::derive(move || search.get().unwrap_or_default());
    let failing = expect_context::<LiveSync>().failing;
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
                <SearchBox query=search_text />
                {move || match search.get() {
                    Some(text) => view! { <SearchResults query=text focus me /> }.into_any(),
                    None => {
                        let folder = folder.get();
                        view! {
                            <FolderTabs folder />
                            <ConversationsPane folder selected=selected.into() me />
                        }
                            .into_any()
                    }
                }}
            </section>
            <section class="inbox-thread card">
                {move || match selected.get() {
                    Some(id) => view! { <OpenConversation id me focus /> }.into_any(),
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

/// "Inbox" and "Archived".
#[component]
fn FolderTabs(folder: Folder) -> impl IntoView {
    let current = move |this: Folder| (folder == this).then_some("page");
    view! {
        <nav class="folder-tabs" aria-label="Folders">
            <a href="/dashboard/messages" aria-current=current(Folder::Inbox)>
                "Inbox"
            </a>
            <a href="/dashboard/messages?folder=archived" aria-current=current(Folder::Archived)>
                "Archived"
            </a>
        </nav>
    }
}

/// The conversations of one folder: the first page server-rendered, "Load
/// more" for the next ones, and what the live updates hear of laid over
/// it.
#[component]
fn ConversationsPane(folder: Folder, selected: Signal<Option<Uuid>>, me: Uuid) -> impl IntoView {
    let live = expect_context::<LiveSync>();
    // Until this page is hydrated it shows exactly what the server sent:
    // the live updates may have heard of changes while its code loaded.
    let mounted = use_mounted();
    // The live updates follow the main list. The archived one is fetched
    // again when a conversation leaves the main list (it may have been
    // archived), and drops those that went back to it.
    let left_main_list = Memo::new(move |_| {
        if folder.is_archived() && mounted.get() {
            live.removed.with(|removed| removed.len())
        } else {
            0
        }
    });
    let initial = Resource::new(
        move || left_main_list.get(),
        move |_| conversations_page(Some(folder), None),
    );
    let more = MorePages::<Conversation>::new();
    let next_cursor = Signal::derive(move || {
        more.next_cursor(|| initial.get().and_then(Result::ok)?.next_cursor)
    });
    let load_more = Action::new(move |_: &()| async move {
        let page = conversations_page(Some(folder), next_cursor.get_untracked()).await?;
        more.add(page.conversations, page.next_cursor);
        Ok::<(), AppError>(())
    });
    let list = Signal::derive(move || {
        let mut loaded = initial
            .get()
            .and_then(Result::ok)
            .map(|page| page.conversations)
            .unwrap_or_default();
        more.items.with(|more| loaded.extend(more.iter().cloned()));
        match (mounted.get(), folder) {
            (false, _) => loaded,
            (true, Folder::Inbox) => live.merged(&loaded),
            (true, Folder::Archived) => live.changed.with(|back_in_main| {
                loaded.retain(|c| !back_in_main.contains_key(&c.id));
                loaded
            }),
        }
    });
    view! {
        <Transition fallback=|| {
            view! { <p class="muted pad">"Loading conversations…"</p> }
        }>
            {move || Suspend::new(async move {
                let _ = initial.await;
                view! {
                    <ConversationList conversations=list selected folder me />
                    <LoadMoreButton next_cursor load=load_more />
                }
            })}
        </Transition>
    }
}

#[component]
fn OpenConversation(id: Uuid, me: Uuid, focus: Signal<Option<Uuid>>) -> impl IntoView {
    let loaded = Resource::new(move || id, get_conversation);
    view! {
        <Suspense fallback=|| {
            view! { <p class="muted pad">"Loading conversation…"</p> }
        }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(data) => view! { <Thread data me focus /> }.into_any(),
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

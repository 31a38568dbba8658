//! `/dashboard/messages`: the inbox and the open conversation.

mod data;
mod links;

use crate::components::conversation_list::ConversationList;
use crate::components::error_message::ErrorMessage;
use crate::components::inbox_search::{SearchBox, SearchResults};
use crate::components::load_more::{LoadMoreButton, MorePages};
use crate::components::notifications::NotificationSwitch;
use crate::components::require_login::RequireLogin;
use crate::components::thread::Thread;
use crate::context::use_locale;
use crate::context::{provide_inbox_refresh, provide_live_sync, InboxLocation, LiveSync, PageLive};
use crate::domain::{AppError, Conversation, Folder};
use crate::i18n::td_string;
use crate::server_fns::messages::conversations_page;
use crate::ui_support::answer::answered;
use crate::ui_support::hydration::island_hydrated;
use crate::ui_support::render_once::follows;
use crate::ui_support::time::use_mounted;
use data::{FirstAnswers, FirstQuestions, InboxAddress, InboxData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use links::{follow_history, follow_link, follow_search};
use uuid::Uuid;

#[component]
pub fn MessagesPage() -> impl IntoView {
    // The address as the server got it; the island keeps it from then on.
    let query = use_location().search.get_untracked();
    let address = InboxAddress::of(Signal::stored(query.clone()));
    let first = FirstQuestions::ask(address);
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, messages.title) />
        <RequireLogin
            next="/dashboard/messages"
            content=move |user| {
                let query = query.clone();
                view! {
                    <Suspense fallback=move || {
                        view! { <p class="muted">{td_string!(locale, common.loading)}</p> }
                    }>
                        // Made once (see `RequireLogin`).
                        {Suspend::new(async move {
                            let first = first.answers().await;
                            view! { <Inbox me=user.id query first /> }
                        })}
                    </Suspense>
                }
            }
        />
    }
}

/// The messages page's live part, all of it: the list, the search, the
/// thread and the composer. Its code loads with this page only.
#[island(lazy)]
fn Inbox(me: Uuid, query: String, first: FirstAnswers) -> impl IntoView {
    let live = provide_live_sync();
    let refresh = provide_inbox_refresh();
    live.follow(PageLive::get(), refresh, me);
    let location = InboxLocation::provide(query);
    follow_history(location);
    let address = InboxAddress::of(location.query.into());
    let data = InboxData::new(address, first);
    island_hydrated();
    view! {
        <div
            class="inbox-island"
            on:click=move |event| follow_link(location, event)
            on:submit=move |event| follow_search(location, event)
        >
            <InboxView me address data />
        </div>
    }
}

#[component]
fn InboxView(me: Uuid, address: InboxAddress, data: InboxData) -> impl IntoView {
    let InboxAddress {
        selected,
        asked_for_invalid,
        focus,
        folder,
        search,
        draft,
    } = address;
    let search_text = Signal::derive(move || search.get().unwrap_or_default());
    let failing = expect_context::<LiveSync>().failing;
    let locale = use_locale();
    view! {
        <div class="inbox" class:thread-open=move || selected.get().is_some()>
            <section class="inbox-list card">
                <div class="inbox-list-header">
                    <h1>{td_string!(locale, messages.title)}</h1>
                    <Show when=move || failing.get()>
                        <span class="reconnecting" role="status">
                            {td_string!(locale, thread.reconnecting)}
                        </span>
                    </Show>
                </div>
                <NotificationSwitch prompt=true />
                <SearchBox query=search_text />
                {follows(move || match search.get() {
                    Some(text) => {
                        view! { <SearchResults query=text hits=data.hits focus me /> }.into_any()
                    }
                    None => {
                        let folder = folder.get();
                        view! {
                            <FolderTabs folder />
                            <ConversationsPane folder data selected=selected.into() me />
                        }
                            .into_any()
                    }
                })}
            </section>
            <section class="inbox-thread card">
                {follows(move || match selected.get() {
                    Some(id) => view! { <OpenConversation id data me focus draft /> }.into_any(),
                    None if asked_for_invalid.get() => view! { <ConversationNotFound /> }.into_any(),
                    None => {
                        view! {
                            <div class="empty-state thread-placeholder">
                                <h2>{td_string!(locale, messages.select)}</h2>
                                <p class="muted">{td_string!(locale, messages.select_help)}</p>
                            </div>
                        }
                            .into_any()
                    }
                })}
            </section>
        </div>
    }
}

/// "Inbox" and "Archived".
#[component]
fn FolderTabs(folder: Folder) -> impl IntoView {
    let current = move |this: Folder| (folder == this).then_some("page");
    let locale = use_locale();
    view! {
        <nav class="folder-tabs" aria-label=td_string!(locale, messages.folders)>
            <a href="/dashboard/messages" aria-current=current(Folder::Inbox)>
                {td_string!(locale, messages.inbox)}
            </a>
            <a href="/dashboard/messages?folder=archived" aria-current=current(Folder::Archived)>
                {td_string!(locale, messages.archived)}
            </a>
        </nav>
    }
}

/// The conversations of one folder: the first page server-rendered, "Load
/// more" for the next ones, and what the live updates hear of laid over
/// it.
#[component]
fn ConversationsPane(
    folder: Folder,
    data: InboxData,
    selected: Signal<Option<Uuid>>,
    me: Uuid,
) -> impl IntoView {
    let live = expect_context::<LiveSync>();
    // Until this page is hydrated it shows exactly what the server sent:
    // the live updates may have heard of changes while its code loaded.
    let mounted = use_mounted();
    let more = MorePages::<Conversation>::new();
    let next_cursor =
        Signal::derive(move || more.next_cursor(|| data.conversations_in(folder)?.next_cursor));
    let load_more = Action::new(move |_: &()| async move {
        let page = conversations_page(Some(folder), next_cursor.get_untracked()).await?;
        more.add(page.conversations, page.next_cursor);
        Ok::<(), AppError>(())
    });
    let list = Signal::derive(move || {
        let mut loaded = data
            .conversations_in(folder)
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
    #[derive(Clone, PartialEq)]
    enum Shown {
        Loading,
        Failed(AppError),
        List,
    }
    // Rebuilt only when what is shown changes, not with every answer.
    let shown = Memo::new(move |_| match answered(data.conversations.get(), &folder) {
        Some(Ok(_)) => Shown::List,
        Some(Err(e)) => Shown::Failed(e),
        // Another folder's answer: this one's is on its way.
        None => Shown::Loading,
    });
    let locale = use_locale();
    follows(move || match shown.get() {
        Shown::Loading => {
            view! { <p class="muted pad">{td_string!(locale, messages.loading_conversations)}</p> }
                .into_any()
        }
        Shown::Failed(error) => view! { <ErrorMessage error class="pad" /> }.into_any(),
        Shown::List => view! {
            <ConversationList conversations=list selected folder me />
            <LoadMoreButton
                more=Signal::derive(move || next_cursor.with(Option::is_some))
                load=load_more
            />
        }
        .into_any(),
    })
}

#[component]
fn OpenConversation(
    id: Uuid,
    data: InboxData,
    me: Uuid,
    focus: Signal<Option<Uuid>>,
    draft: Memo<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    follows(move || match answered(data.thread.get(), &id) {
        Some(Ok(thread)) => {
            let draft = draft.get_untracked().unwrap_or_default();
            view! { <Thread data=thread me focus draft /> }.into_any()
        }
        Some(Err(e)) if e.is_not_found() => view! { <ConversationNotFound /> }.into_any(),
        Some(Err(e)) => view! { <ErrorMessage error=e class="pad" /> }.into_any(),
        None => {
            view! { <p class="muted pad">{td_string!(locale, messages.loading_conversation)}</p> }
                .into_any()
        }
    })
}

#[component]
fn ConversationNotFound() -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="empty-state thread-placeholder">
            <h2>{td_string!(locale, messages.not_found)}</h2>
            <p class="muted">{td_string!(locale, messages.not_found_help)}</p>
            <a class="button button-outline button-sm" href="/dashboard/messages">
                {td_string!(locale, search.back_to_messages)}
            </a>
        </div>
    }
}

//! What the messages page shows: read from its address, and asked of the
//! server once per page.
//!
//! The resources are made here, at the top of the page, and the components
//! behind the login gate only read them. While the server renders, a
//! `<Suspense>` builds what it holds more than once to find out what it
//! reads; a resource made in there would be made again each time, the
//! browser would then hydrate from another copy's data than the one the
//! HTML shows, and the copies the server throws away lose their request's
//! context before they ask anything.

use crate::components::answer::{answer_for, answered, Answer};
use crate::components::time::use_mounted;
use crate::context::LiveSync;
use crate::domain::{ConversationPage, ConversationWithMessages, Folder, SearchPage};
use crate::server_fns::messages::{conversations_page, get_conversation, search_messages};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

/// What the address asks for.
#[derive(Clone, Copy)]
pub struct InboxAddress {
    /// `?conversation=`, when it is an id.
    pub selected: Memo<Option<Uuid>>,
    /// `?conversation=` is there but is not an id.
    pub asked_for_invalid: Memo<bool>,
    /// `?message=`: a search hit to show in the open conversation.
    pub focus: Signal<Option<Uuid>>,
    /// `?folder=archived`, or the inbox.
    pub folder: Memo<Folder>,
    /// `?q=`, trimmed, when not empty.
    pub search: Memo<Option<String>>,
}

impl InboxAddress {
    pub fn from_query() -> Self {
        let query = use_query_map();
        let asked = Memo::new(move |_| {
            query.with(|q| q.get("conversation").map(|id| id.parse::<Uuid>().ok()))
        });
        let focus = Memo::new(move |_| query.with(|q| q.get("message")?.parse().ok()));
        Self {
            selected: Memo::new(move |_| asked.get().flatten()),
            asked_for_invalid: Memo::new(move |_| asked.get() == Some(None)),
            focus: focus.into(),
            folder: Memo::new(move |_| match query.with(|q| q.get("folder")).as_deref() {
                Some("archived") => Folder::Archived,
                _ => Folder::Inbox,
            }),
            search: Memo::new(move |_| {
                query
                    .with(|q| q.get("q"))
                    .map(|q| q.trim().to_owned())
                    .filter(|q| !q.is_empty())
            }),
        }
    }
}

/// The page's data.
#[derive(Clone, Copy)]
pub struct InboxData {
    /// The first page of the folder shown; nothing while searching.
    pub conversations: Resource<Answer<Folder, ConversationPage>>,
    /// The open conversation with its newest messages.
    pub thread: Resource<Answer<Uuid, ConversationWithMessages>>,
    /// The first hits of the search.
    pub hits: Resource<Answer<String, SearchPage>>,
}

impl InboxData {
    pub fn new(address: InboxAddress) -> Self {
        let live = expect_context::<LiveSync>();
        // Until the page is hydrated it shows exactly what the server sent:
        // the live updates may have heard of changes while its code loaded.
        let mounted = use_mounted();
        // The live updates follow the main list. The archived one is asked
        // for again when a conversation leaves the main list (it may have
        // been archived).
        let left_main_list = Memo::new(move |_| {
            if address.folder.get().is_archived() && mounted.get() {
                live.removed.with(|removed| removed.len())
            } else {
                0
            }
        });
        Self {
            conversations: answer_for(
                move || {
                    let folder = address.folder.get();
                    let searching = address.search.with(Option::is_some);
                    (!searching).then(|| (folder, left_main_list.get()))
                },
                |&(folder, _)| folder,
                |(folder, _)| conversations_page(Some(folder), None),
            ),
            thread: answer_for(move || address.selected.get(), |&id| id, get_conversation),
            hits: answer_for(
                move || address.search.get(),
                Clone::clone,
                |q| search_messages(q, None),
            ),
        }
    }

    /// The first page of `folder`'s conversations, once it is here.
    pub fn conversations_in(self, folder: Folder) -> Option<ConversationPage> {
        answered(self.conversations.get().flatten(), &folder)?.ok()
    }
}

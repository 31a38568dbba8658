//! What the messages page shows: read from its address, asked of the
//! server by the page for its first answer (sent to the island with the
//! page), then by the island whenever the address changes.

use crate::context::{query_value, LiveSync};
use crate::domain::validate::MESSAGE_MAX_CHARS;
use crate::domain::{ConversationPage, ConversationWithMessages, Folder, SearchPage};
use crate::server_fns::messages::{conversations_page, get_conversation, search_messages};
use crate::ui_support::answer::{answer_for, answered, loaded_for, Answer, Loaded};
use crate::ui_support::time::use_mounted;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
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
    /// `?draft=`: text for the open conversation's message box, not sent
    /// (a quick question from the listing page).
    pub draft: Memo<Option<String>>,
}

impl InboxAddress {
    /// The address of `query` (the query string, without its `?`).
    pub fn of(query: Signal<String>) -> Self {
        let value = move |name: &str| query.with(|q| query_value(q, name));
        let asked = Memo::new(move |_| value("conversation").map(|id| id.parse::<Uuid>().ok()));
        let focus = Memo::new(move |_| value("message")?.parse().ok());
        Self {
            selected: Memo::new(move |_| asked.get().flatten()),
            asked_for_invalid: Memo::new(move |_| asked.get() == Some(None)),
            focus: focus.into(),
            folder: Memo::new(move |_| match value("folder").as_deref() {
                Some("archived") => Folder::Archived,
                _ => Folder::Inbox,
            }),
            search: Memo::new(move |_| {
                value("q")
                    .map(|q| q.trim().to_owned())
                    .filter(|q| !q.is_empty())
            }),
            draft: Memo::new(move |_| {
                value("draft")
                    .filter(|d| !d.trim().is_empty())
                    .map(|d| d.chars().take(MESSAGE_MAX_CHARS).collect())
            }),
        }
    }

    /// What the folder's list shows: nothing while searching.
    fn folder_shown(self) -> Option<Folder> {
        let searching = self.search.with(Option::is_some);
        (!searching).then(|| self.folder.get())
    }
}

/// The page's first answers, as the server got them: what the island
/// shows first (its props).
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct FirstAnswers {
    pub conversations: Answer<Folder, ConversationPage>,
    pub thread: Answer<Uuid, ConversationWithMessages>,
    pub hits: Answer<String, SearchPage>,
}

/// The resources behind the first answers. Made on the server at the top
/// of the page: a resource made behind the login gate would be made again
/// each time the server's `<Suspense>` walks what it holds.
#[derive(Clone, Copy)]
pub struct FirstQuestions {
    conversations: Resource<Answer<Folder, ConversationPage>>,
    thread: Resource<Answer<Uuid, ConversationWithMessages>>,
    hits: Resource<Answer<String, SearchPage>>,
}

impl FirstQuestions {
    pub fn ask(address: InboxAddress) -> Self {
        Self {
            conversations: answer_for(
                move || address.folder_shown(),
                |&folder| folder,
                |folder| conversations_page(Some(folder), None),
            ),
            thread: answer_for(move || address.selected.get(), |&id| id, get_conversation),
            hits: answer_for(
                move || address.search.get(),
                Clone::clone,
                |q| search_messages(q, None),
            ),
        }
    }

    pub async fn answers(self) -> FirstAnswers {
        FirstAnswers {
            conversations: self.conversations.await,
            thread: self.thread.await,
            hits: self.hits.await,
        }
    }
}

/// The island's data: the first answers, then the answers for each new
/// address.
#[derive(Clone, Copy)]
pub struct InboxData {
    /// The first page of the folder shown; nothing while searching.
    pub conversations: Loaded<Folder, ConversationPage>,
    /// The open conversation with its newest messages.
    pub thread: Loaded<Uuid, ConversationWithMessages>,
    /// The first hits of the search.
    pub hits: Loaded<String, SearchPage>,
}

impl InboxData {
    pub fn new(address: InboxAddress, first: FirstAnswers) -> Self {
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
            conversations: loaded_for(
                first.conversations,
                move || {
                    address
                        .folder_shown()
                        .map(|folder| (folder, left_main_list.get()))
                },
                |&(folder, _)| folder,
                |(folder, _)| conversations_page(Some(folder), None),
            ),
            thread: loaded_for(
                first.thread,
                move || address.selected.get(),
                |&id| id,
                get_conversation,
            ),
            hits: loaded_for(
                first.hits,
                move || address.search.get(),
                Clone::clone,
                |q| search_messages(q, None),
            ),
        }
    }

    /// The first page of `folder`'s conversations, once it is here.
    pub fn conversations_in(self, folder: Folder) -> Option<ConversationPage> {
        answered(self.conversations.get(), &folder)?.ok()
    }
}

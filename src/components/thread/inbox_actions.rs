use crate::components::error_message::ErrorMessage;
use crate::context::use_locale;
use crate::context::{InboxLocation, InboxRefresh, LiveSync};
use crate::i18n::td_string;
use crate::server_fns::messages::{archive_conversation, mark_unread};
use leptos::prelude::*;
use uuid::Uuid;

/// "Archive" / "Unarchive": the conversation leaves the main list (or
/// comes back) at once; the next sync confirms it.
#[component]
pub fn ArchiveButton(id: Uuid, archived: RwSignal<bool>) -> impl IntoView {
    let live = expect_context::<LiveSync>();
    let inbox = expect_context::<InboxRefresh>();
    let locale = use_locale();
    let toggle = Action::new(move |to: &bool| {
        let to = *to;
        async move {
            archive_conversation(id, to).await?;
            archived.set(to);
            if to {
                live.left_list(id);
            }
            inbox.now();
            Ok::<(), crate::domain::AppError>(())
        }
    });
    view! {
        <button
            type="button"
            class="button button-ghost button-sm"
            disabled=move || toggle.pending().get()
            on:click=move |_| {
                toggle.dispatch(!archived.get_untracked());
            }
        >
            {move || {
                if archived.get() {
                    td_string!(locale, thread.unarchive)
                } else {
                    td_string!(locale, thread.archive)
                }
            }}
        </button>
        {move || {
            toggle.value().get().and_then(Result::err).map(|e| view! { <ErrorMessage error=e /> })
        }}
    }
}

/// "Mark unread": the conversation shows unread again, and the thread
/// closes (reading it would undo that).
#[component]
pub fn MarkUnreadButton(id: Uuid, back_to: String) -> impl IntoView {
    let inbox = expect_context::<InboxRefresh>();
    let location = expect_context::<InboxLocation>();
    let mark = Action::new(move |_: &()| async move { mark_unread(id).await });
    let locale = use_locale();
    Effect::new(move |_| {
        if let Some(Ok(())) = mark.value().get() {
            inbox.now();
            location.go(&back_to);
        }
    });
    view! {
        <button
            type="button"
            class="button button-ghost button-sm"
            disabled=move || mark.pending().get()
            on:click=move |_| {
                mark.dispatch(());
            }
        >
            {td_string!(locale, thread.mark_unread)}
        </button>
        {move || {
            mark.value().get().and_then(Result::err).map(|e| view! { <ErrorMessage error=e /> })
        }}
    }
}

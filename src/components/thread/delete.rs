use crate::components::confirm::ConfirmedAction;
use crate::context::use_locale;
use crate::context::{InboxLocation, InboxRefresh, INBOX_PATH};
use crate::i18n::td_string;
use crate::server_fns::messages::delete_conversation;
use leptos::prelude::*;
use uuid::Uuid;

/// "Delete" with an inline confirmation: it hides the conversation for me
/// only, which the prompt says.
#[component]
pub fn DeleteConversation(id: Uuid) -> impl IntoView {
    let inbox = expect_context::<InboxRefresh>();
    let location = expect_context::<InboxLocation>();
    let delete = Action::new(move |_: &()| async move { delete_conversation(id).await });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            inbox.now();
            location.go(INBOX_PATH);
        }
    });
    let locale = use_locale();
    view! {
        <div class="delete-conversation">
            <ConfirmedAction
                label=td_string!(locale, delete.delete)
                group_label=td_string!(locale, delete.confirm_deletion)
                prompt=td_string!(locale, delete.prompt)
                confirm_label=td_string!(locale, delete.confirm)
                action=delete
            />
        </div>
    }
}

use crate::components::confirm::ConfirmedAction;
use crate::components::error_message::ErrorMessage;
use crate::context::use_locale;
use crate::context::InboxRefresh;
use crate::i18n::td_string;
use crate::server_fns::messages::{block_user, unblock_user};
use leptos::prelude::*;
use uuid::Uuid;

/// "Block" with an inline confirmation that says what it does.
#[component]
pub fn BlockUser(other_id: Uuid, other_name: String, blocked: RwSignal<bool>) -> impl IntoView {
    let inbox = expect_context::<InboxRefresh>();
    let block = Action::new(move |_: &()| async move {
        block_user(other_id).await?;
        blocked.set(true);
        inbox.now();
        Ok::<(), crate::domain::AppError>(())
    });
    let locale = use_locale();
    let prompt = td_string!(locale, block.prompt, name = &other_name).to_string();
    let confirm_label = td_string!(locale, block.confirm, name = &other_name).to_string();
    view! {
        <Show when=move || !blocked.get()>
            <div class="block-user">
                <ConfirmedAction
                    label=td_string!(locale, block.block)
                    group_label=td_string!(locale, block.confirm_blocking)
                    prompt=prompt.clone()
                    confirm_label=confirm_label.clone()
                    action=block
                />
            </div>
        </Show>
    }
    .into_any()
}

/// In place of the composer while I block the other person.
#[component]
pub fn BlockedNotice(other_id: Uuid, blocked: RwSignal<bool>) -> impl IntoView {
    let inbox = expect_context::<InboxRefresh>();
    let unblock = Action::new(move |_: &()| async move {
        unblock_user(other_id).await?;
        blocked.set(false);
        inbox.now();
        Ok::<(), crate::domain::AppError>(())
    });
    let locale = use_locale();
    view! {
        <div class="blocked-notice" role="status">
            <p>{td_string!(locale, block.you_blocked)}</p>
            <button
                type="button"
                class="button button-outline button-sm"
                disabled=move || unblock.pending().get()
                on:click=move |_| {
                    unblock.dispatch(());
                }
            >
                {td_string!(locale, block.unblock)}
            </button>
            {move || {
                unblock
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| view! { <ErrorMessage error=e /> })
            }}
        </div>
    }
    .into_any()
}

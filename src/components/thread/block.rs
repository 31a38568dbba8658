use crate::components::confirm::ConfirmedAction;
use crate::components::error_message::ErrorMessage;
use crate::context::InboxRefresh;
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
    let prompt = format!("Block {other_name}? Neither of you will be able to message the other.");
    let confirm_label = format!("Block {other_name}");
    view! {
        <Show when=move || !blocked.get()>
            <div class="block-user">
                <ConfirmedAction
                    label="Block"
                    group_label="Confirm blocking"
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
    view! {
        <div class="blocked-notice" role="status">
            <p>"You blocked this user."</p>
            <button
                type="button"
                class="button button-outline button-sm"
                disabled=move || unblock.pending().get()
                on:click=move |_| {
                    unblock.dispatch(());
                }
            >
                "Unblock"
            </button>
            {move || {
                unblock
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| view! { <ErrorMessage message=e.to_string() /> })
            }}
        </div>
    }
    .into_any()
}

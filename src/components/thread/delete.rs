use crate::components::error_message::ErrorMessage;
use crate::context::InboxRefresh;
use crate::server_fns::messages::delete_conversation;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

/// "Delete" with an inline confirmation: it hides the conversation for me
/// only, which the prompt says.
#[component]
pub fn DeleteConversation(id: Uuid) -> impl IntoView {
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
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="button button-ghost button-sm"
                            on:click=move |_| confirming.set(true)
                        >
                            "Delete"
                        </button>
                    }
                }
            >
                <div class="confirm" role="group" aria-label="Confirm deletion">
                    <span>"Delete this conversation for you?"</span>
                    <button
                        type="button"
                        class="button button-danger button-sm"
                        disabled=move || delete.pending().get()
                        on:click=move |_| {
                            delete.dispatch(());
                        }
                    >
                        "Delete conversation"
                    </button>
                    <button
                        type="button"
                        class="button button-ghost button-sm"
                        on:click=move |_| confirming.set(false)
                    >
                        "Cancel"
                    </button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <ErrorMessage message=e /> })}
        </div>
    }
}

//! Server functions for the messaging UI, over `services::messages`.

use crate::domain::{AppError, Conversation, ConversationWithMessages, Message, MessagePage};
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/rpc")]
pub async fn list_conversations() -> Result<Vec<Conversation>, AppError> {
    let (state, user) = crate::server::auth::require_user().await?;
    crate::server::services::messages::list_conversations(&state.pool, user.id).await
}

#[server(prefix = "/rpc")]
pub async fn get_conversation(id: Uuid) -> Result<ConversationWithMessages, AppError> {
    let (state, user) = crate::server::auth::require_user().await?;
    crate::server::services::messages::conversation_with_messages(&state.pool, user.id, id).await
}

/// Older messages: `page` 2, 3… of `limit`.
#[server(prefix = "/rpc")]
pub async fn older_messages(
    conversation_id: Uuid,
    page: i64,
    limit: i64,
) -> Result<MessagePage, AppError> {
    use crate::server::services::messages::{self, MessageWindow};
    let (state, user) = crate::server::auth::require_user().await?;
    let window = MessageWindow::new(Some(page), Some(limit), None)?;
    messages::messages(&state.pool, user.id, conversation_id, window).await
}

/// The 3-second poll: messages newer than `after` (or the newest page when
/// the conversation was empty), and marks the conversation read when there
/// were some, since the reader has it open.
#[server(prefix = "/rpc")]
pub async fn messages_after(
    conversation_id: Uuid,
    after: Option<Uuid>,
) -> Result<MessagePage, AppError> {
    use crate::server::services::messages::{self, MessageWindow, MAX_PAGE_SIZE};
    let (state, user) = crate::server::auth::require_user().await?;
    let window = MessageWindow::new(None, Some(MAX_PAGE_SIZE), after)?;
    let page = messages::messages(&state.pool, user.id, conversation_id, window).await?;
    if !page.messages.is_empty() {
        messages::mark_read(&state.pool, user.id, conversation_id).await?;
    }
    Ok(page)
}

#[server(prefix = "/rpc")]
pub async fn send_message(
    conversation_id: Uuid,
    content: String,
    client_id: Uuid,
) -> Result<Message, AppError> {
    use crate::server::services::messages::{self, SendMessage};
    let (state, user) = crate::server::auth::require_user().await?;
    let input = SendMessage {
        conversation_id,
        content,
        client_id: Some(client_id),
    };
    messages::send(&state.pool, user.id, input)
        .await
        .map(|(message, _)| message)
}

#[server(prefix = "/rpc")]
pub async fn mark_read(conversation_id: Uuid) -> Result<(), AppError> {
    let (state, user) = crate::server::auth::require_user().await?;
    crate::server::services::messages::mark_read(&state.pool, user.id, conversation_id).await
}

#[server(prefix = "/rpc")]
pub async fn delete_conversation(conversation_id: Uuid) -> Result<(), AppError> {
    let (state, user) = crate::server::auth::require_user().await?;
    crate::server::services::messages::delete_for_me(&state.pool, user.id, conversation_id).await
}

/// Unread total for the badge; 0 when logged out, so the badge can poll
/// on any page without erroring.
#[server(prefix = "/rpc")]
pub async fn unread_count() -> Result<i64, AppError> {
    match crate::server::auth::current_user().await? {
        (state, Some(user)) => {
            crate::server::services::messages::unread_total(&state.pool, user.id).await
        }
        (_, None) => Ok(0),
    }
}

/// "Contact seller": create or get the conversation, then open it. Also the
/// target of the button's plain `<form>` before the WASM has loaded, hence
/// the redirects rather than a return value.
#[server(prefix = "/rpc")]
pub async fn contact_seller(
    seller_id: Uuid,
    ad_id: Option<Uuid>,
    ad_title: Option<String>,
) -> Result<(), AppError> {
    use crate::server::services::messages::{self, StartConversation};
    let (state, user) = crate::server::auth::current_user().await?;
    let Some(user) = user else {
        let back = match ad_id {
            Some(id) => format!("/listings/{id}"),
            None => "/".to_owned(),
        };
        leptos_axum::redirect(&format!("/login?next={back}"));
        return Ok(());
    };
    let input = StartConversation {
        recipient_id: seller_id,
        ad_id,
        ad_title,
    };
    let (conversation, _) = messages::start_conversation(&state.pool, user.id, input).await?;
    leptos_axum::redirect(&format!(
        "/dashboard/messages?conversation={}",
        conversation.id
    ));
    Ok(())
}

//! Server functions for the messaging UI, over `services::messages`.

use crate::domain::{
    AppError, ConversationPage, ConversationWithMessages, Folder, Message, MessagePage, SearchPage,
    Warning,
};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {
    super::ssr::{current_user, require_user, state},
    crate::domain::listing::QuickQuestion,
    crate::domain::messaging::INBOX_PAGE_SIZE,
    crate::domain::Search,
    crate::domain::{messaging, KeysetCursor, MessageWindow, StartConversation},
    crate::server::services::{blocks, inbox, messages, search, warnings},
    crate::ui_support::{form::urlencode, labels},
};

#[server(prefix = "/rpc", endpoint = "get_conversation")]
pub async fn get_conversation(id: Uuid) -> Result<ConversationWithMessages, AppError> {
    let user = require_user().await?;
    messages::conversation_with_messages(&state()?.pool, user.id, id).await
}

/// The messages before `before` (the thread's older history).
#[server(prefix = "/rpc", endpoint = "older_messages")]
pub async fn older_messages(conversation_id: Uuid, before: Uuid) -> Result<MessagePage, AppError> {
    let user = require_user().await?;
    let window = MessageWindow::before(before, None)?;
    messages::messages(&state()?.pool, user.id, conversation_id, window).await
}

/// A page (30) of the inbox or of the archived conversations, after
/// `before`.
#[server(prefix = "/rpc", endpoint = "conversations_page")]
pub async fn conversations_page(
    folder: Option<Folder>,
    before: Option<String>,
) -> Result<ConversationPage, AppError> {
    let user = require_user().await?;
    let before = before.as_deref().map(KeysetCursor::decode).transpose()?;
    let folder = folder.unwrap_or_default();
    messages::conversations_page(&state()?.pool, user.id, folder, INBOX_PAGE_SIZE, before).await
}

/// Archives the conversation (`archived`), or brings it back.
#[server(prefix = "/rpc", endpoint = "archive_conversation")]
pub async fn archive_conversation(conversation_id: Uuid, archived: bool) -> Result<(), AppError> {
    let user = require_user().await?;
    inbox::set_archived(&state()?.pool, user.id, conversation_id, archived).await
}

#[server(prefix = "/rpc", endpoint = "mark_unread")]
pub async fn mark_unread(conversation_id: Uuid) -> Result<(), AppError> {
    let user = require_user().await?;
    inbox::mark_unread(&state()?.pool, user.id, conversation_id).await
}

/// The page's search box: a page of hits (20), after `before`.
#[server(prefix = "/rpc", endpoint = "search_messages")]
pub async fn search_messages(q: String, before: Option<String>) -> Result<SearchPage, AppError> {
    let user = require_user().await?;
    let query = Search::new(&q, None, before.as_deref())?;
    search::search(&state()?.pool, user.id, query).await
}

#[server(prefix = "/rpc", endpoint = "send_message")]
pub async fn send_message(
    conversation_id: Uuid,
    content: String,
    client_id: Uuid,
    #[server(default)] attachment_ids: Vec<Uuid>,
) -> Result<Message, AppError> {
    let user = require_user().await?;
    let input = messaging::SendMessage {
        conversation_id,
        content,
        client_id: Some(client_id),
        attachment_ids,
    };
    let state = state()?;
    let (message, _) =
        messages::send(&state.pool, &state.limits, state.own_host(), user.id, input).await?;
    Ok(message)
}

/// What the draft in the message box would warn its recipient of (the
/// sender's note before sending); nothing is stored.
#[server(prefix = "/rpc", endpoint = "draft_warnings")]
pub async fn draft_warnings(content: String) -> Result<Vec<Warning>, AppError> {
    require_user().await?;
    let state = state()?;
    Ok(warnings::draft(&content, state.own_host()))
}

#[server(prefix = "/rpc", endpoint = "mark_read")]
pub async fn mark_read(conversation_id: Uuid) -> Result<(), AppError> {
    let user = require_user().await?;
    messages::mark_read(&state()?.pool, user.id, conversation_id).await
}

#[server(prefix = "/rpc", endpoint = "delete_conversation")]
pub async fn delete_conversation(conversation_id: Uuid) -> Result<(), AppError> {
    let user = require_user().await?;
    messages::delete_for_me(&state()?.pool, user.id, conversation_id).await
}

/// Unread total for the badge; 0 when logged out, so the badge can poll
/// on any page without erroring.
#[server(prefix = "/rpc", endpoint = "unread_count")]
pub async fn unread_count() -> Result<i64, AppError> {
    match current_user().await? {
        Some(user) => messages::unread_total(&state()?.pool, user.id).await,
        None => Ok(0),
    }
}

/// "Contact seller": create or get the conversation, then open it. Also the
/// target of the button's plain `<form>` before the WASM has loaded, hence
/// the redirects rather than a return value.
#[server(prefix = "/rpc", endpoint = "contact_seller")]
pub async fn contact_seller(
    seller_id: Uuid,
    ad_id: Option<Uuid>,
    ad_title: Option<String>,
    // A suggested first question (`QuickQuestion`), put in the message
    // box (`?draft=`): never sent, never stored.
    #[server(default)] question: Option<String>,
) -> Result<(), AppError> {
    let Some(user) = current_user().await? else {
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
    let state = state()?;
    let (conversation, _) =
        messages::start_conversation(&state.pool, &state.limits, user.id, input).await?;
    let draft = question
        .as_deref()
        .and_then(QuickQuestion::parse)
        .map(|q| {
            let text = labels::quick_question(crate::context::use_locale(), q);
            format!("&draft={}", urlencode(text))
        })
        .unwrap_or_default();
    leptos_axum::redirect(&format!(
        "/dashboard/messages?conversation={}{draft}",
        conversation.id
    ));
    Ok(())
}

/// Blocks the other person of a conversation (see `services::blocks`).
#[server(prefix = "/rpc", endpoint = "block_user")]
pub async fn block_user(user_id: Uuid) -> Result<(), AppError> {
    let user = require_user().await?;
    blocks::block(&state()?.pool, user.id, user_id).await
}

#[server(prefix = "/rpc", endpoint = "unblock_user")]
pub async fn unblock_user(user_id: Uuid) -> Result<(), AppError> {
    let user = require_user().await?;
    blocks::unblock(&state()?.pool, user.id, user_id).await
}

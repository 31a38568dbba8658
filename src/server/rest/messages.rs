use super::{ApiJson, ApiPath, ApiQuery, CurrentUser, Done, Paged, Reply};
use crate::domain::{
    AppError, Conversation, ConversationWithMessages, ConversationsQuery, InboxWindow, Message,
    MessagePage, MessageWindow, MessagesQuery, SearchHit, SearchQuery, SendMessage,
    StartConversation, UnreadCount,
};
use crate::server::services::{inbox, messages, search, Created};
use crate::server::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

fn status_of(created: Created) -> StatusCode {
    match created {
        Created::New => StatusCode::CREATED,
        Created::Existing => StatusCode::OK,
    }
}

/// Every conversation, or a page of them with `limit` / `before`.
pub async fn conversations(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<ConversationsQuery>,
) -> Result<Response, AppError> {
    let folder = query.folder()?;
    Ok(match query.parse()? {
        InboxWindow::All => {
            Reply::ok(messages::list_conversations(&state.pool, user.id, folder).await?)
                .into_response()
        }
        InboxWindow::Page { limit, before } => {
            let page =
                messages::conversations_page(&state.pool, user.id, folder, limit, before).await?;
            Paged {
                data: page.conversations,
                next_cursor: page.next_cursor,
            }
            .into_response()
        }
    })
}

pub async fn start(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<StartConversation>,
) -> Result<Reply<Conversation>, AppError> {
    let (conversation, created) =
        messages::start_conversation(&state.pool, &state.limits, user.id, input).await?;
    Ok(Reply(status_of(created), conversation))
}

pub async fn conversation(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<ConversationWithMessages>, AppError> {
    Ok(Reply::ok(
        messages::conversation_with_all_messages(&state.pool, user.id, id).await?,
    ))
}

pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    messages::delete_for_me(&state.pool, user.id, id).await?;
    Ok(Reply::done(Done::Deleted))
}

pub async fn mark_read(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    messages::mark_read(&state.pool, user.id, id).await?;
    Ok(Reply::done(Done::Read))
}

pub async fn archive(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    inbox::set_archived(&state.pool, user.id, id, true).await?;
    Ok(Reply::done(Done::Archived))
}

pub async fn unarchive(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    inbox::set_archived(&state.pool, user.id, id, false).await?;
    Ok(Reply::done(Done::Unarchived))
}

pub async fn mark_unread(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    inbox::mark_unread(&state.pool, user.id, id).await?;
    Ok(Reply::done(Done::Unread))
}

pub async fn send(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<SendMessage>,
) -> Result<Reply<Message>, AppError> {
    let (message, created) =
        messages::send(&state.pool, &state.limits, state.own_host(), user.id, input).await?;
    Ok(Reply(status_of(created), message))
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<MessagesQuery>,
) -> Result<Reply<MessagePage>, AppError> {
    let (conversation_id, window) = query.parse()?;
    let page = match window {
        MessageWindow::After { .. } => {
            messages::poll(&state.pool, user.id, conversation_id, window).await?
        }
        MessageWindow::Page { .. } | MessageWindow::Before { .. } => {
            messages::messages(&state.pool, user.id, conversation_id, window).await?
        }
    };
    Ok(Reply::ok(page))
}

/// Messages I can see that match `q`, newest first, `limit` (20) a page.
pub async fn search(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Paged<SearchHit>, AppError> {
    let page = search::search(&state.pool, user.id, query.parse()?).await?;
    Ok(Paged {
        data: page.hits,
        next_cursor: page.next_cursor,
    })
}

pub async fn unread(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Reply<UnreadCount>, AppError> {
    let count = messages::unread_total(&state.pool, user.id).await?;
    Ok(Reply::ok(UnreadCount { count }))
}

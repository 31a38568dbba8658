use super::extract::invalid_id;
use super::{ApiJson, ApiPath, ApiQuery, CurrentUser, Reply};
use crate::domain::{
    AppError, Conversation, ConversationWithMessages, ErrorCode, Message, MessagePage,
    MessageWindow, SendMessage, StartConversation, UnreadCount,
};
use crate::server::services::{messages, Created};
use crate::server::AppState;
use axum::extract::State;
use http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

fn status_of(created: Created) -> StatusCode {
    match created {
        Created::New => StatusCode::CREATED,
        Created::Existing => StatusCode::OK,
    }
}

pub async fn conversations(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Reply<Vec<Conversation>>, AppError> {
    Ok(Reply::ok(
        messages::list_conversations(&state.pool, user.id).await?,
    ))
}

pub async fn start(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<StartConversation>,
) -> Result<Reply<Conversation>, AppError> {
    let (conversation, created) = messages::start_conversation(&state.pool, user.id, input).await?;
    Ok(Reply(status_of(created), conversation))
}

pub async fn conversation(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<ConversationWithMessages>, AppError> {
    Ok(Reply::ok(
        messages::conversation_with_messages(&state.pool, user.id, id).await?,
    ))
}

pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<serde_json::Value>, AppError> {
    messages::delete_for_me(&state.pool, user.id, id).await?;
    Ok(Reply::done("deleted"))
}

pub async fn mark_read(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<serde_json::Value>, AppError> {
    messages::mark_read(&state.pool, user.id, id).await?;
    Ok(Reply::done("read"))
}

pub async fn send(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<SendMessage>,
) -> Result<Reply<Message>, AppError> {
    let (message, created) = messages::send(&state.pool, user.id, input).await?;
    Ok(Reply(status_of(created), message))
}

/// Query of `GET /api/messages`. Numbers and ids arrive as text so that a
/// bad one gets a sentence naming the parameter.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    conversation_id: Option<String>,
    page: Option<String>,
    limit: Option<String>,
    after: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Reply<MessagePage>, AppError> {
    let conversation_id = query
        .conversation_id
        .ok_or_else(|| AppError::new(ErrorCode::MissingField, "conversationId is required"))?;
    let conversation_id = parse_uuid(&conversation_id, "conversationId")?;
    let after = query
        .after
        .as_deref()
        .map(|a| parse_uuid(a, "after"))
        .transpose()?;
    let page = parse_int(query.page.as_deref(), "page", ErrorCode::InvalidPage)?;
    let limit = parse_int(query.limit.as_deref(), "limit", ErrorCode::InvalidLimit)?;
    let window = MessageWindow::new(page, limit, after)?;
    let page = match window {
        MessageWindow::After { .. } => {
            messages::poll(&state.pool, user.id, conversation_id, window).await?
        }
        MessageWindow::Page { .. } => {
            messages::messages(&state.pool, user.id, conversation_id, window).await?
        }
    };
    Ok(Reply::ok(page))
}

pub async fn unread(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Reply<UnreadCount>, AppError> {
    let count = messages::unread_total(&state.pool, user.id).await?;
    Ok(Reply::ok(UnreadCount { count }))
}

fn parse_uuid(raw: &str, field: &str) -> Result<Uuid, AppError> {
    raw.parse().map_err(|_| invalid_id(field))
}

fn parse_int(raw: Option<&str>, field: &str, code: ErrorCode) -> Result<Option<i64>, AppError> {
    raw.map(|value| {
        value
            .parse()
            .map_err(|_| AppError::new(code, format!("{field} must be a whole number")))
    })
    .transpose()
}

//! Video calls over REST: starting one in a conversation, answering,
//! declining, hanging up, the signals between the two browsers, "still
//! here", and my current call with its signals (for a page without its
//! event stream).

use super::{ApiJson, ApiPath, ApiQuery, CurrentUser, Done, Outcome, Reply};
use crate::domain::call::{CallView, CurrentCall, SignalInput};
use crate::domain::AppError;
use crate::server::services::calls;
use crate::server::AppState;
use axum::extract::State;
use serde::Deserialize;

/// `POST /api/messages/conversations/{id}/calls`.
pub async fn start(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(conversation_id): ApiPath,
) -> Result<Reply<CallView>, AppError> {
    let call = calls::start(&state.pool, &state.ice, user.id, conversation_id).await?;
    Ok(Reply::created(call))
}

/// `POST /api/calls/{id}/accept`.
pub async fn accept(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<CallView>, AppError> {
    Ok(Reply::ok(
        calls::accept(&state.pool, &state.ice, user.id, id).await?,
    ))
}

/// `POST /api/calls/{id}/decline`.
pub async fn decline(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    calls::decline(&state.pool, user.id, id).await?;
    Ok(Reply::done(Done::Ended))
}

/// `POST /api/calls/{id}/hangup`.
pub async fn hang_up(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    calls::hang_up(&state.pool, user.id, id).await?;
    Ok(Reply::done(Done::Ended))
}

/// `POST /api/calls/{id}/signals` `{kind, data}`.
pub async fn signal(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
    ApiJson(input): ApiJson<SignalInput>,
) -> Result<Reply<Outcome>, AppError> {
    let sent = calls::signal(&state.pool, user.id, id, input).await?;
    Ok(Reply::ok(Outcome::new(Done::Sent, sent)))
}

/// `POST /api/calls/{id}/alive`.
pub async fn alive(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Outcome>, AppError> {
    let on = calls::alive(&state.pool, user.id, id).await?;
    Ok(Reply::ok(Outcome::new(Done::Alive, on)))
}

#[derive(Debug, Deserialize)]
pub struct AfterQuery {
    #[serde(default)]
    after: i64,
}

/// `GET /api/calls/current?after=<signal id>`.
pub async fn current(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<AfterQuery>,
) -> Result<Reply<CurrentCall>, AppError> {
    Ok(Reply::ok(
        calls::current(&state.pool, &state.ice, user.id, query.after).await?,
    ))
}

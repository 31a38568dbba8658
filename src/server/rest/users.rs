use super::{ApiPath, CurrentUser, Done, Reply};
use crate::domain::{AppError, UserSummary};
use crate::server::services::blocks;
use crate::server::AppState;
use axum::extract::State;

pub async fn block(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    blocks::block(&state.pool, user.id, id).await?;
    Ok(Reply::done(Done::Blocked))
}

pub async fn unblock(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Done>, AppError> {
    blocks::unblock(&state.pool, user.id, id).await?;
    Ok(Reply::done(Done::Unblocked))
}

pub async fn blocked(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Reply<Vec<UserSummary>>, AppError> {
    Ok(Reply::ok(blocks::blocked_by(&state.pool, user.id).await?))
}

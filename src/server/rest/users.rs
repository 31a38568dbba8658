use super::{ApiPath, CurrentUser, Reply};
use crate::domain::{AppError, UserSummary};
use crate::server::services::blocks;
use crate::server::AppState;
use axum::extract::State;

pub async fn block(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<serde_json::Value>, AppError> {
    blocks::block(&state.pool, user.id, id).await?;
    Ok(Reply::done("blocked"))
}

pub async fn unblock(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<serde_json::Value>, AppError> {
    blocks::unblock(&state.pool, user.id, id).await?;
    Ok(Reply::done("unblocked"))
}

pub async fn blocked(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Reply<Vec<UserSummary>>, AppError> {
    Ok(Reply::ok(blocks::blocked_by(&state.pool, user.id).await?))
}

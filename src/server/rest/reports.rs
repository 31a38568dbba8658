use super::{ApiJson, CurrentUser, Reply};
use crate::domain::{AppError, NewReport, Report};
use crate::server::services::reports;
use crate::server::AppState;
use axum::extract::State;
use http::StatusCode;

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<NewReport>,
) -> Result<Reply<serde_json::Value>, AppError> {
    let id = reports::report(&state.pool, &state.limits, user.id, input).await?;
    Ok(Reply(StatusCode::CREATED, serde_json::json!({ "id": id })))
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Reply<Vec<Report>>, AppError> {
    Ok(Reply::ok(
        reports::list(&state.pool, &state.moderators, &user).await?,
    ))
}

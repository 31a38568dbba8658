use super::{ApiJson, ApiPath, CurrentUser, Reply};
use crate::domain::{AppError, Listing, NewListing};
use crate::server::services::listings;
use crate::server::AppState;
use axum::extract::State;

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<NewListing>,
) -> Result<Reply<Listing>, AppError> {
    Ok(Reply::created(
        listings::create(&state.pool, user.id, input).await?,
    ))
}

pub async fn newest(State(state): State<AppState>) -> Result<Reply<Vec<Listing>>, AppError> {
    Ok(Reply::ok(listings::newest(&state.pool).await?))
}

pub async fn get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath,
) -> Result<Reply<Listing>, AppError> {
    Ok(Reply::ok(listings::get(&state.pool, id).await?))
}

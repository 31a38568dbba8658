//! Offers over REST: making one in a conversation, answering it (accept,
//! decline, counter), withdrawing it, and the seller's word on a listing's
//! availability.

use super::{ApiJson, ApiPath, CurrentUser, Reply};
use crate::domain::offer::{CounterOffer, NewListingStatus, NewOffer};
use crate::domain::{AppError, Listing, Message};
use crate::server::services::{offers, Created};
use crate::server::AppState;
use axum::extract::State;
use http::StatusCode;

/// `POST /api/messages/conversations/{id}/offers` `{amountCents, clientId?}`.
pub async fn make(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(conversation_id): ApiPath,
    ApiJson(input): ApiJson<NewOffer>,
) -> Result<Reply<Message>, AppError> {
    let (card, created) =
        offers::make(&state.pool, &state.limits, user.id, conversation_id, input).await?;
    let status = match created {
        Created::New => StatusCode::CREATED,
        Created::Existing => StatusCode::OK,
    };
    Ok(Reply(status, card))
}

/// `POST /api/offers/{id}/accept`.
pub async fn accept(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Message>, AppError> {
    Ok(Reply::ok(offers::accept(&state.pool, user.id, id).await?))
}

/// `POST /api/offers/{id}/decline`.
pub async fn decline(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Message>, AppError> {
    Ok(Reply::ok(offers::decline(&state.pool, user.id, id).await?))
}

/// `POST /api/offers/{id}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<Reply<Message>, AppError> {
    Ok(Reply::ok(offers::withdraw(&state.pool, user.id, id).await?))
}

/// `POST /api/offers/{id}/counter` `{amountCents}`: 201 with the new offer.
pub async fn counter(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
    ApiJson(input): ApiJson<CounterOffer>,
) -> Result<Reply<Message>, AppError> {
    Ok(Reply::created(
        offers::counter(&state.pool, &state.limits, user.id, id, input).await?,
    ))
}

/// `POST /api/listings/{id}/status` `{status}`: the seller's only.
pub async fn set_listing_status(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
    ApiJson(input): ApiJson<NewListingStatus>,
) -> Result<Reply<Listing>, AppError> {
    Ok(Reply::ok(
        offers::set_listing_status(&state.pool, user.id, id, input.status).await?,
    ))
}

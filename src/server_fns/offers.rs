//! Server functions for offers, over `services::offers`: the amount comes
//! as typed ("80", "80,50 €").

use crate::domain::{AppError, Message};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {
    super::ssr::{require_user, state},
    crate::domain::offer::{CounterOffer, ListingStatus, NewOffer},
    crate::domain::{validate, ErrorCode},
    crate::server::services::offers,
};

/// An amount as a person types it, in cents.
#[cfg(feature = "ssr")]
fn amount_cents(typed: &str) -> Result<i64, AppError> {
    let bare: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .collect();
    validate::parse_price(&bare)
}

#[server(prefix = "/rpc", endpoint = "make_offer")]
pub async fn make_offer(
    conversation_id: Uuid,
    amount: String,
    client_id: Uuid,
) -> Result<Message, AppError> {
    let user = require_user().await?;
    let state = state()?;
    let input = NewOffer {
        amount_cents: amount_cents(&amount)?,
        client_id: Some(client_id),
    };
    let (card, _) =
        offers::make(&state.pool, &state.limits, user.id, conversation_id, input).await?;
    Ok(card)
}

/// `how`: `accept`, `decline` or `withdraw`. Answers the offer's card as
/// it now stands.
#[server(prefix = "/rpc", endpoint = "answer_offer")]
pub async fn answer_offer(offer_id: Uuid, how: String) -> Result<Message, AppError> {
    let user = require_user().await?;
    let pool = &state()?.pool;
    match how.as_str() {
        "accept" => offers::accept(pool, user.id, offer_id).await,
        "decline" => offers::decline(pool, user.id, offer_id).await,
        "withdraw" => offers::withdraw(pool, user.id, offer_id).await,
        _ => Err(AppError::new(ErrorCode::InvalidField, "Unknown answer")),
    }
}

/// Answers the offer with one of mine; returns my offer's card.
#[server(prefix = "/rpc", endpoint = "counter_offer")]
pub async fn send_counter_offer(offer_id: Uuid, amount: String) -> Result<Message, AppError> {
    let user = require_user().await?;
    let state = state()?;
    let input = CounterOffer {
        amount_cents: amount_cents(&amount)?,
    };
    offers::counter(&state.pool, &state.limits, user.id, offer_id, input).await
}

/// The seller's buttons on the listing page ("Mark as sold"…): a plain
/// form, so it works before any code has loaded; back to the listing.
#[server(prefix = "/rpc", endpoint = "set_listing_status")]
pub async fn set_listing_status(listing_id: Uuid, status: String) -> Result<(), AppError> {
    let user = require_user().await?;
    let status = ListingStatus::parse(&status)
        .ok_or_else(|| AppError::new(ErrorCode::InvalidField, "Unknown listing status"))?;
    offers::set_listing_status(&state()?.pool, user.id, listing_id, status).await?;
    leptos_axum::redirect(&format!("/listings/{listing_id}"));
    Ok(())
}

//! Listings for the home page, the listing page and the new-listing form.

use crate::domain::{AppError, Listing};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {
    super::ssr::{require_user, state},
    crate::domain::{validate, NewListing},
    crate::server::services::listings,
};

#[server(prefix = "/rpc", endpoint = "newest_listings")]
pub async fn newest_listings() -> Result<Vec<Listing>, AppError> {
    listings::newest(&state()?.pool).await
}

#[server(prefix = "/rpc", endpoint = "get_listing")]
pub async fn get_listing(id: Uuid) -> Result<Listing, AppError> {
    listings::get(&state()?.pool, id).await
}

/// Publishes a listing from the form (the price as typed, e.g. "12,50"),
/// then opens its page.
#[server(prefix = "/rpc", endpoint = "create_listing")]
pub async fn create_listing(
    title: String,
    description: String,
    price: String,
) -> Result<(), AppError> {
    let user = require_user().await?;
    let price_cents = validate::parse_price(&price)?;
    let input = NewListing {
        title,
        description,
        price_cents,
    };
    let listing = listings::create(&state()?.pool, user.id, input).await?;
    leptos_axum::redirect(&format!("/listings/{}", listing.id));
    Ok(())
}

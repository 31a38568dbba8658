use crate::domain::{AppError, Listing};
use leptos::prelude::*;
use uuid::Uuid;

#[server(prefix = "/rpc")]
pub async fn newest_listings() -> Result<Vec<Listing>, AppError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::services::listings::newest(&state.pool).await
}

#[server(prefix = "/rpc")]
pub async fn get_listing(id: Uuid) -> Result<Listing, AppError> {
    let state = expect_context::<crate::server::AppState>();
    crate::server::services::listings::get(&state.pool, id).await
}

/// Publishes a listing from the form (the price as typed, e.g. "12,50"),
/// then opens its page.
#[server(prefix = "/rpc")]
pub async fn create_listing(
    title: String,
    description: String,
    price: String,
) -> Result<(), AppError> {
    use crate::domain::{validate, NewListing};
    let (state, user) = crate::server::auth::require_user().await?;
    let price_cents = validate::parse_price(&price)?;
    let listing = crate::server::services::listings::create(
        &state.pool,
        user.id,
        NewListing {
            title,
            description,
            price_cents,
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/listings/{}", listing.id));
    Ok(())
}

//! The rows an offer's writes lock, always in this order: the listing's,
//! then the offer's (see the design notes in `offers`).

use super::super::DbResultExt;
use crate::domain::offer::ListingStatus;
use crate::domain::AppError;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

pub struct LockedListing {
    pub status: ListingStatus,
    pub price_cents: i64,
    pub seller_id: Uuid,
}

/// Locks the listing's row until commit (`None`: there is no such listing).
pub async fn lock_listing(
    tx: &mut PgConnection,
    listing_id: Uuid,
) -> Result<Option<LockedListing>, AppError> {
    let row = sqlx::query!(
        "SELECT status, price_cents, seller_id FROM listings WHERE id = $1 FOR UPDATE",
        listing_id,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    Ok(row.map(|r| LockedListing {
        status: ListingStatus::parse(&r.status).unwrap_or_default(),
        price_cents: r.price_cents,
        seller_id: r.seller_id,
    }))
}

/// An offer, locked with its listing.
pub struct LockedOffer {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub listing_id: Uuid,
    pub by_user_id: Uuid,
    pub amount_cents: i64,
    pub created_at: DateTime<Utc>,
    /// Pending and within its time.
    pub pending: bool,
    /// The message that made it.
    pub card_id: Uuid,
    pub listing_status: ListingStatus,
    pub price_cents: i64,
    pub seller_id: Uuid,
}

/// Locks the offer's listing, then the offer; 404 unless I take part in
/// its conversation (and have not deleted it).
pub async fn lock_offer(
    tx: &mut PgConnection,
    me: Uuid,
    offer_id: Uuid,
) -> Result<LockedOffer, AppError> {
    let not_found = || AppError::not_found("Offer");
    let listing_id = sqlx::query_scalar!(
        "SELECT o.listing_id FROM offers o
         JOIN conversation_participants p
           ON p.conversation_id = o.conversation_id AND p.user_id = $2 AND NOT p.hidden
         WHERE o.id = $1",
        offer_id,
        me,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?
    .ok_or_else(not_found)?;
    let listing = lock_listing(tx, listing_id).await?.ok_or_else(not_found)?;
    let offer = sqlx::query!(
        r#"SELECT o.conversation_id, o.by_user_id, o.amount_cents, o.created_at,
                  (o.status = 'pending' AND o.expires_at > clock_timestamp()) AS "pending!",
                  (SELECT m.id FROM messages m
                   WHERE m.offer_id = o.id AND m.offer_step IN ('offered', 'countered'))
                      AS "card_id!"
           FROM offers o WHERE o.id = $1 FOR UPDATE"#,
        offer_id,
    )
    .fetch_one(&mut *tx)
    .await
    .or_internal()?;
    Ok(LockedOffer {
        id: offer_id,
        conversation_id: offer.conversation_id,
        listing_id,
        by_user_id: offer.by_user_id,
        amount_cents: offer.amount_cents,
        created_at: offer.created_at,
        pending: offer.pending,
        card_id: offer.card_id,
        listing_status: listing.status,
        price_cents: listing.price_cents,
        seller_id: listing.seller_id,
    })
}

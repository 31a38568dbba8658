//! A listing's availability: set by its seller, or reserved by an accepted
//! offer; either way its other pending offers are declined when it is no
//! longer available, and every conversation about it hears of it.

use super::super::changes::{self, Change};
use super::super::messages;
use super::super::{listings, DbResultExt};
use super::locks::lock_listing;
use super::step_line;
use crate::domain::offer::{ListingStatus, OfferStep};
use crate::domain::{AppError, Listing};
use crate::server::live::ChangeKind;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The seller marks the listing available, reserved or sold; 404 for
/// anyone else. Available again, it is reserved for no one.
#[tracing::instrument(skip(pool))]
pub async fn set_listing_status(
    pool: &PgPool,
    me: Uuid,
    listing_id: Uuid,
    status: ListingStatus,
) -> Result<Listing, AppError> {
    let not_found = || AppError::not_found("Listing");
    let mut tx = pool.begin().await.or_internal()?;
    let listing = lock_listing(&mut tx, listing_id)
        .await?
        .filter(|l| l.seller_id == me)
        .ok_or_else(not_found)?;
    if listing.status != status {
        sqlx::query!(
            "UPDATE listings
             SET status = $2,
                 reserved_for = CASE WHEN $2 = 'available' THEN NULL ELSE reserved_for END
             WHERE id = $1",
            listing_id,
            status.name(),
        )
        .execute(&mut *tx)
        .await
        .or_internal()?;
        listing_changed(&mut tx, listing_id, me).await?;
    }
    tx.commit().await.or_internal()?;
    listings::get(pool, listing_id).await
}

/// After the listing's status changed (its row is locked): if it is no
/// longer available, its pending offers are declined in the seller's name,
/// and every conversation about it is told (they show "Reserved").
pub(super) async fn listing_changed(
    tx: &mut PgConnection,
    listing_id: Uuid,
    seller: Uuid,
) -> Result<(), AppError> {
    let declined = sqlx::query!(
        "UPDATE offers o SET status = 'declined', answered_at = clock_timestamp()
         FROM listings l
         WHERE l.id = $1 AND o.listing_id = l.id AND l.status <> 'available'
           AND o.status = 'pending' AND o.expires_at > clock_timestamp()
         RETURNING o.id, o.conversation_id",
        listing_id,
    )
    .fetch_all(&mut *tx)
    .await
    .or_internal()?;
    for offer in declined {
        let line = step_line(offer.conversation_id, seller, offer.id, OfferStep::Declined);
        messages::append_line(tx, line).await?;
    }
    let conversations = sqlx::query_scalar!(
        "SELECT id FROM conversations WHERE listing_id = $1 ORDER BY id",
        listing_id,
    )
    .fetch_all(&mut *tx)
    .await
    .or_internal()?;
    for conversation_id in conversations {
        let change = Change {
            kind: ChangeKind::Conversation,
            conversation_id,
            actor: seller,
            message_id: None,
        };
        changes::touch(tx, change, None).await?;
    }
    Ok(())
}

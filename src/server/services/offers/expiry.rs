//! Offers past their 48 hours. A read says `expired` at once (the
//! database's `offer_json`); housekeeping stores it and writes the line
//! "Offer expired", as does a new offer in the conversation first.

use super::super::messages;
use super::super::DbResultExt;
use super::locks::lock_listing;
use super::step_line;
use crate::domain::offer::OfferStep;
use crate::domain::AppError;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// How many due offers one housekeeping pass handles.
const BATCH: i64 = 200;

/// Marks due offers expired, each in a transaction of its own that takes
/// the locks in the usual order (listing, offer). Returns how many.
#[tracing::instrument(skip(pool))]
pub async fn expire_due(pool: &PgPool) -> Result<u64, AppError> {
    let due = sqlx::query!(
        "SELECT id, listing_id FROM offers
         WHERE status = 'pending' AND expires_at <= now()
         ORDER BY expires_at LIMIT $1",
        BATCH,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    let mut expired = 0;
    for offer in due {
        let mut tx = pool.begin().await.or_internal()?;
        lock_listing(&mut tx, offer.listing_id).await?;
        expired += expire(&mut tx, Due::Offer(offer.id)).await?;
        tx.commit().await.or_internal()?;
    }
    Ok(expired)
}

/// Marks the conversation's due offer expired (its listing is locked).
pub(super) async fn expire_in_conversation(
    tx: &mut PgConnection,
    conversation_id: Uuid,
) -> Result<u64, AppError> {
    expire(tx, Due::InConversation(conversation_id)).await
}

/// Which offers to look at: one, or a conversation's.
enum Due {
    Offer(Uuid),
    InConversation(Uuid),
}

async fn expire(tx: &mut PgConnection, due: Due) -> Result<u64, AppError> {
    let (offer, conversation) = match due {
        Due::Offer(id) => (Some(id), None),
        Due::InConversation(id) => (None, Some(id)),
    };
    let expired = sqlx::query!(
        "UPDATE offers SET status = 'expired', answered_at = expires_at
         WHERE ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR conversation_id = $2)
           AND status = 'pending' AND expires_at <= clock_timestamp()
         RETURNING id, conversation_id, by_user_id",
        offer,
        conversation,
    )
    .fetch_all(&mut *tx)
    .await
    .or_internal()?;
    let count = expired.len() as u64;
    // The line is the author's.
    for offer in expired {
        let line = step_line(
            offer.conversation_id,
            offer.by_user_id,
            offer.id,
            OfferStep::Expired,
        );
        messages::append_line(tx, line).await?;
    }
    Ok(count)
}

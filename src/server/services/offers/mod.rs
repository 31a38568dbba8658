//! Offers (SPEC "Offers"): a price proposed in a conversation about a
//! listing whose seller takes part, answered by the other side (accept,
//! decline, counter) or withdrawn by its author; an accepted offer reserves
//! the listing. Rooms: this one (making and answering), `locks` (the rows
//! an offer's writes hold and in which order), `listing_status` (the
//! seller's word, and what a listing's change does to its conversations)
//! and `expiry`.
//!
//! Design notes:
//! - Every write about an offer locks its listing's row first, then the
//!   offer's, then (by writing lines) conversations': one order, so no two
//!   writes wait on each other in a circle, and two answers about one
//!   listing take turns. The second sees what the first did: a reserved
//!   listing is no longer available, an answered offer no longer pending.
//! - A conversation has at most one pending offer: checked under the
//!   listing's lock, and held by a unique index besides.
//! - The offer row is the truth. The message that made it (its card) and
//!   each later step's line point at it, so a message always carries the
//!   offer as it now stands, and a pending offer past its 48 hours reads
//!   as `expired` before housekeeping marks it.

mod expiry;
mod listing_status;
mod locks;

pub use expiry::expire_due;
pub use listing_status::set_listing_status;

use super::limits;
use super::messages::{self, Line, LineKind};
use super::{blocks, Created, DbResultExt};
use crate::domain::offer::{
    check_counter, check_opening, AmountRefused, CounterOffer, ListingStatus, NewOffer,
    OfferStatus, OfferStep, OFFER_LIFETIME_HOURS,
};
use crate::domain::{AppError, ErrorCode, Message};
use crate::server::limits::{Bucket, RateLimits};
use locks::{lock_offer, LockedOffer};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

fn listing_not_available() -> AppError {
    AppError::new(
        ErrorCode::ListingNotAvailable,
        "This listing is no longer available",
    )
}

fn offer_not_pending() -> AppError {
    AppError::new(
        ErrorCode::OfferNotPending,
        "This offer has already been answered",
    )
}

fn own_offer() -> AppError {
    AppError::new(
        ErrorCode::CannotAnswerOwnOffer,
        "You cannot answer your own offer",
    )
}

fn refused(amount: AmountRefused) -> AppError {
    match amount {
        AmountRefused::TooLow => AppError::new(ErrorCode::OfferTooLow, "This offer is too low"),
        AmountRefused::TooHigh => AppError::new(ErrorCode::OfferTooHigh, "This offer is too high"),
    }
}

/// Proposes `amountCents` for the conversation's listing: 201 with the
/// offer's card, or the card already made with this `clientId` (200).
/// 404 if I cannot see the conversation; 409 `listing_not_available`
/// (no listing, its seller not in it, or not available), `offer_pending`;
/// 400 `offer_too_low` / `offer_too_high` (half the price, below it).
#[tracing::instrument(skip(pool, limits))]
pub async fn make(
    pool: &PgPool,
    limits: &RateLimits,
    me: Uuid,
    conversation_id: Uuid,
    input: NewOffer,
) -> Result<(Message, Created), AppError> {
    if let Some(client_id) = input.client_id {
        if let Some(first) = messages::find_by_client_id(pool, me, client_id).await? {
            return Ok((first, Created::Existing));
        }
    }
    let other = messages::other_participant(pool, me, conversation_id)
        .await?
        .ok_or_else(messages::conversation_not_found)?;
    blocks::ensure_not_blocked(pool, me, other).await?;
    let listing_id = listing_of_deal(pool, conversation_id)
        .await?
        .ok_or_else(listing_not_available)?;
    limits::take(pool, limits, Bucket::OfferUser, &me.to_string()).await?;

    let mut tx = pool.begin().await.or_internal()?;
    let listing = locks::lock_listing(&mut tx, listing_id)
        .await?
        .ok_or_else(listing_not_available)?;
    if let Some(client_id) = input.client_id {
        // A retry that waited for the lock while its first try made the
        // offer gets that one, not `offer_pending`.
        if let Some(first) = messages::find_by_client_id(&mut *tx, me, client_id).await? {
            return Ok((first, Created::Existing));
        }
    }
    if listing.status != ListingStatus::Available {
        return Err(listing_not_available());
    }
    expiry::expire_in_conversation(&mut tx, conversation_id).await?;
    if has_pending(&mut tx, conversation_id).await? {
        return Err(AppError::new(
            ErrorCode::OfferPending,
            "An offer is already waiting for an answer in this conversation",
        ));
    }
    check_opening(input.amount_cents, listing.price_cents).map_err(refused)?;
    let offer_id =
        insert_offer(&mut tx, conversation_id, listing_id, me, input.amount_cents).await?;
    let line = Line {
        client_id: input.client_id,
        ..step_line(conversation_id, me, offer_id, OfferStep::Offered)
    };
    let Some(card) = messages::append_line(&mut tx, line).await? else {
        // A concurrent retry with the same clientId won: its card stands.
        tx.rollback().await.or_internal()?;
        let client_id = input.client_id.expect("only a clientId can conflict");
        return messages::find_by_client_id(pool, me, client_id)
            .await?
            .map(|m| (m, Created::Existing))
            .ok_or_else(AppError::internal);
    };
    tx.commit().await.or_internal()?;
    Ok((messages::message_by_id(pool, card).await?, Created::New))
}

/// Accepts the other side's pending offer: the listing is reserved for the
/// buyer and every other pending offer on it declined. Answers the offer's
/// card as it now stands. Like a message, refused (403) while either of
/// the two blocks the other; declining and withdrawing never are.
#[tracing::instrument(skip(pool))]
pub async fn accept(pool: &PgPool, me: Uuid, offer_id: Uuid) -> Result<Message, AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    let offer = lock_offer(&mut tx, me, offer_id).await?;
    ensure_deal_open(pool, me, &offer).await?;
    let buyer = if offer.by_user_id == offer.seller_id {
        me
    } else {
        offer.by_user_id
    };
    take_step(
        &mut tx,
        &offer,
        me,
        OfferStatus::Accepted,
        OfferStep::Accepted,
    )
    .await?;
    sqlx::query!(
        "UPDATE listings SET status = 'reserved', reserved_for = $2 WHERE id = $1",
        offer.listing_id,
        buyer,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    listing_status::listing_changed(&mut tx, offer.listing_id, offer.seller_id).await?;
    tx.commit().await.or_internal()?;
    messages::message_by_id(pool, offer.card_id).await
}

/// Declines the other side's pending offer.
#[tracing::instrument(skip(pool))]
pub async fn decline(pool: &PgPool, me: Uuid, offer_id: Uuid) -> Result<Message, AppError> {
    close(pool, me, offer_id, Close::Decline).await
}

/// Withdraws my own pending offer (403 `not_your_offer` for the other's).
#[tracing::instrument(skip(pool))]
pub async fn withdraw(pool: &PgPool, me: Uuid, offer_id: Uuid) -> Result<Message, AppError> {
    close(pool, me, offer_id, Close::Withdraw).await
}

/// How a pending offer ends without a deal: its answerer declines it, or
/// its author withdraws it. Neither is refused between people who block
/// each other: both only step back.
#[derive(Debug, Clone, Copy)]
enum Close {
    Decline,
    Withdraw,
}

async fn close(pool: &PgPool, me: Uuid, offer_id: Uuid, how: Close) -> Result<Message, AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    let offer = lock_offer(&mut tx, me, offer_id).await?;
    let (status, step) = match how {
        Close::Decline if offer.by_user_id == me => return Err(own_offer()),
        Close::Withdraw if offer.by_user_id != me => {
            return Err(AppError::new(
                ErrorCode::NotYourOffer,
                "Only the person who made this offer can withdraw it",
            ))
        }
        Close::Decline => (OfferStatus::Declined, OfferStep::Declined),
        Close::Withdraw => (OfferStatus::Withdrawn, OfferStep::Withdrawn),
    };
    if !offer.pending {
        return Err(offer_not_pending());
    }
    take_step(&mut tx, &offer, me, status, step).await?;
    tx.commit().await.or_internal()?;
    messages::message_by_id(pool, offer.card_id).await
}

/// Answers the other side's pending offer with one of mine, strictly
/// between the last two amounts; theirs becomes `countered`. Answers my
/// new offer's card.
#[tracing::instrument(skip(pool, limits))]
pub async fn counter(
    pool: &PgPool,
    limits: &RateLimits,
    me: Uuid,
    offer_id: Uuid,
    input: CounterOffer,
) -> Result<Message, AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    let offer = lock_offer(&mut tx, me, offer_id).await?;
    ensure_deal_open(pool, me, &offer).await?;
    let before = amount_before(&mut tx, &offer).await?;
    check_counter(input.amount_cents, offer.amount_cents, before).map_err(refused)?;
    limits::take(pool, limits, Bucket::OfferUser, &me.to_string()).await?;
    set_status(&mut tx, offer_id, OfferStatus::Countered).await?;
    let countering = insert_offer(
        &mut tx,
        offer.conversation_id,
        offer.listing_id,
        me,
        input.amount_cents,
    )
    .await?;
    let line = step_line(offer.conversation_id, me, countering, OfferStep::Countered);
    let card = messages::append_line(&mut tx, line)
        .await?
        .ok_or_else(AppError::internal)?;
    tx.commit().await.or_internal()?;
    messages::message_by_id(pool, card).await
}

/// The listing a conversation's offers are about: one whose seller is a
/// participant (`None` otherwise).
async fn listing_of_deal(pool: &PgPool, conversation_id: Uuid) -> Result<Option<Uuid>, AppError> {
    sqlx::query_scalar!(
        r#"SELECT l.id AS "id!"
           FROM conversations c
           JOIN listings l ON l.id = c.listing_id
           WHERE c.id = $1 AND l.seller_id IN (c.user_low, c.user_high)"#,
        conversation_id,
    )
    .fetch_optional(pool)
    .await
    .or_internal()
}

async fn has_pending(tx: &mut PgConnection, conversation_id: Uuid) -> Result<bool, AppError> {
    let pending = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM offers
                          WHERE conversation_id = $1 AND status = 'pending') AS "pending!""#,
        conversation_id,
    )
    .fetch_one(&mut *tx)
    .await
    .or_internal()?;
    Ok(pending)
}

async fn insert_offer(
    tx: &mut PgConnection,
    conversation_id: Uuid,
    listing_id: Uuid,
    by: Uuid,
    amount_cents: i64,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    // The clock, not the transaction's start: a writer that waited for the
    // listing's lock makes the later offer.
    sqlx::query!(
        "INSERT INTO offers
             (id, conversation_id, listing_id, by_user_id, amount_cents, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, clock_timestamp(),
                 clock_timestamp() + make_interval(hours => $6))",
        id,
        conversation_id,
        listing_id,
        by,
        amount_cents,
        OFFER_LIFETIME_HOURS as i32,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    Ok(id)
}

/// `offer` (pending, locked) may still make a deal, answered by `me`: not
/// my own (400), neither of us blocks the other (403), its listing is
/// available (409: checked before its status, so the offer a rival
/// acceptance declined is answered as the listing it lost) and it is
/// pending (409).
async fn ensure_deal_open(pool: &PgPool, me: Uuid, offer: &LockedOffer) -> Result<(), AppError> {
    if offer.by_user_id == me {
        return Err(own_offer());
    }
    blocks::ensure_not_blocked(pool, me, offer.by_user_id).await?;
    if offer.listing_status != ListingStatus::Available {
        return Err(listing_not_available());
    }
    if !offer.pending {
        return Err(offer_not_pending());
    }
    Ok(())
}

/// A step on a pending offer: it takes `status`, and the step's line goes
/// in its thread in `by`'s name.
async fn take_step(
    tx: &mut PgConnection,
    offer: &LockedOffer,
    by: Uuid,
    status: OfferStatus,
    step: OfferStep,
) -> Result<(), AppError> {
    set_status(tx, offer.id, status).await?;
    let line = step_line(offer.conversation_id, by, offer.id, step);
    messages::append_line(tx, line).await?;
    Ok(())
}

async fn set_status(
    tx: &mut PgConnection,
    offer_id: Uuid,
    status: OfferStatus,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE offers SET status = $2, answered_at = clock_timestamp() WHERE id = $1",
        offer_id,
        status.name(),
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    Ok(())
}

/// The line of a step on an offer, in `by`'s name: news for the other side,
/// except an expiry, which nobody did.
fn step_line(conversation_id: Uuid, by: Uuid, offer_id: Uuid, step: OfferStep) -> Line {
    Line {
        conversation_id,
        sender: by,
        kind: LineKind::Offer { offer_id, step },
        unread_for_other: step != OfferStep::Expired,
        client_id: None,
    }
}

/// The amount before the one a counter answers: the offer that one
/// countered, or the listing's price when it opened the bargaining.
async fn amount_before(tx: &mut PgConnection, offer: &LockedOffer) -> Result<i64, AppError> {
    let previous = sqlx::query!(
        "SELECT status, amount_cents FROM offers
         WHERE conversation_id = $1 AND created_at < $2
         ORDER BY created_at DESC LIMIT 1",
        offer.conversation_id,
        offer.created_at,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    Ok(match previous {
        Some(p) if p.status == "countered" => p.amount_cents,
        _ => offer.price_cents,
    })
}

//! Offers: a price proposed in a conversation about a listing, and the
//! listing's availability they change.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long an unanswered offer stands.
pub const OFFER_LIFETIME_HOURS: i64 = 48;

/// An offer as the message that made it (or answered it) carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub id: Uuid,
    pub amount_cents: i64,
    pub status: OfferStatus,
    pub by_user_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

impl Offer {
    /// Its status at `now`: a pending offer past its time has expired,
    /// whether or not anyone has said so yet.
    pub fn status_at(&self, now: DateTime<Utc>) -> OfferStatus {
        match self.status {
            OfferStatus::Pending if self.expires_at <= now => OfferStatus::Expired,
            status => status,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    Pending,
    Accepted,
    Declined,
    Countered,
    Withdrawn,
    Expired,
}

impl OfferStatus {
    /// Its name on the wire and in the database.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Countered => "countered",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
        }
    }
}

/// What a message that points at an offer says of it: it made the offer
/// (`offered`, or `countered` when it answers another), or it is the line
/// of a later step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferStep {
    Offered,
    Countered,
    Accepted,
    Declined,
    Withdrawn,
    Expired,
}

impl OfferStep {
    pub fn name(self) -> &'static str {
        match self {
            Self::Offered => "offered",
            Self::Countered => "countered",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Offered,
            Self::Countered,
            Self::Accepted,
            Self::Declined,
            Self::Withdrawn,
            Self::Expired,
        ]
        .into_iter()
        .find(|step| step.name() == name)
    }

    /// The message made the offer (its card), rather than answered it.
    pub fn makes_offer(self) -> bool {
        matches!(self, Self::Offered | Self::Countered)
    }
}

/// Whether a listing can still be had.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    #[default]
    Available,
    Reserved,
    Sold,
}

impl ListingStatus {
    pub fn name(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Reserved => "reserved",
            Self::Sold => "sold",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Available, Self::Reserved, Self::Sold]
            .into_iter()
            .find(|status| status.name() == name)
    }
}

/// `POST /api/messages/conversations/{id}/offers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewOffer {
    pub amount_cents: i64,
    #[serde(default)]
    pub client_id: Option<Uuid>,
}

/// `POST /api/offers/{id}/counter`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterOffer {
    pub amount_cents: i64,
}

/// `POST /api/listings/{id}/status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewListingStatus {
    pub status: ListingStatus,
}

/// The lowest amount an opening offer may be: half the price, rounded up.
pub fn lowest_opening(price_cents: i64) -> i64 {
    price_cents - price_cents / 2
}

/// Why an amount is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountRefused {
    TooLow,
    TooHigh,
}

/// An opening offer is at least half the price and below it.
pub fn check_opening(amount_cents: i64, price_cents: i64) -> Result<(), AmountRefused> {
    if amount_cents >= price_cents {
        Err(AmountRefused::TooHigh)
    } else if amount_cents < lowest_opening(price_cents) {
        Err(AmountRefused::TooLow)
    } else {
        Ok(())
    }
}

/// A counter lies strictly between the last two amounts: the one it
/// answers and the one before it (the price when there was none).
pub fn check_counter(amount_cents: i64, answered: i64, before: i64) -> Result<(), AmountRefused> {
    let (low, high) = (answered.min(before), answered.max(before));
    if amount_cents <= low {
        Err(AmountRefused::TooLow)
    } else if amount_cents >= high {
        Err(AmountRefused::TooHigh)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_offer_is_at_least_half_the_price_and_below_it() {
        assert_eq!(check_opening(5_000, 10_000), Ok(()));
        assert_eq!(check_opening(9_999, 10_000), Ok(()));
        assert_eq!(check_opening(4_999, 10_000), Err(AmountRefused::TooLow));
        assert_eq!(check_opening(10_000, 10_000), Err(AmountRefused::TooHigh));
        assert_eq!(check_opening(12_000, 10_000), Err(AmountRefused::TooHigh));
        // Half of an odd price rounds up.
        assert_eq!(lowest_opening(10_001), 5_001);
        assert_eq!(check_opening(5_000, 10_001), Err(AmountRefused::TooLow));
        // Nothing is below a free listing's price.
        assert_eq!(check_opening(1, 0), Err(AmountRefused::TooHigh));
    }

    #[test]
    fn a_counter_lies_strictly_between_the_last_two_amounts() {
        // The seller answers 80 € on a 100 € listing.
        assert_eq!(check_counter(9_000, 8_000, 10_000), Ok(()));
        assert_eq!(
            check_counter(8_000, 8_000, 10_000),
            Err(AmountRefused::TooLow)
        );
        assert_eq!(
            check_counter(10_000, 8_000, 10_000),
            Err(AmountRefused::TooHigh)
        );
        // The buyer answers the seller's 90 € after offering 80 €.
        assert_eq!(check_counter(8_500, 9_000, 8_000), Ok(()));
        assert_eq!(
            check_counter(7_000, 9_000, 8_000),
            Err(AmountRefused::TooLow)
        );
        assert_eq!(
            check_counter(9_000, 9_000, 8_000),
            Err(AmountRefused::TooHigh)
        );
    }

    #[test]
    fn a_pending_offer_past_its_time_has_expired() {
        let offer = Offer {
            id: Uuid::nil(),
            amount_cents: 8_000,
            status: OfferStatus::Pending,
            by_user_id: Uuid::nil(),
            expires_at: "2026-12-05T10:00:00Z".parse().unwrap(),
        };
        let before = "2026-12-05T09:59:59Z".parse().unwrap();
        let after = "2026-12-05T10:00:00Z".parse().unwrap();
        assert_eq!(offer.status_at(before), OfferStatus::Pending);
        assert_eq!(offer.status_at(after), OfferStatus::Expired);
        let accepted = Offer {
            status: OfferStatus::Accepted,
            ..offer
        };
        assert_eq!(accepted.status_at(after), OfferStatus::Accepted);
    }
}

//! The thread's deals: each offer as it now stands (every later message
//! about an offer brings its new status), the listing's status, and the
//! offer panel that is open, if any.

use crate::domain::offer::{ListingStatus, Offer, OfferStatus, OfferStep};
use crate::domain::Message;
use leptos::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// What the panel is for: a new offer, or a counter to the other's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferPanel {
    Make,
    Counter(Offer),
}

/// The thread's offers as they now stand, the listing's status, and the
/// open panel.
#[derive(Clone, Copy)]
pub struct Deals {
    pub offers: RwSignal<HashMap<Uuid, Offer>>,
    pub listing: RwSignal<Option<ListingStatus>>,
    pub price_cents: Option<i64>,
    pub panel: RwSignal<Option<OfferPanel>>,
    pub other_name: StoredValue<String>,
}

impl Deals {
    pub fn new(
        listing: Option<ListingStatus>,
        price_cents: Option<i64>,
        other_name: String,
    ) -> Self {
        Self {
            offers: RwSignal::new(HashMap::new()),
            listing: RwSignal::new(listing),
            price_cents,
            panel: RwSignal::new(None),
            other_name: StoredValue::new(other_name),
        }
    }

    /// Learns from messages (oldest first) what their offers now are. A
    /// counter answers the one pending offer there was.
    pub fn hear(&self, messages: &[Message]) {
        let news: Vec<(Offer, OfferStep)> = messages
            .iter()
            .filter_map(|m| Some((m.offer?, m.offer_step?)))
            .collect();
        if news.is_empty() {
            return;
        }
        self.offers.update(|offers| {
            for (offer, step) in &news {
                if *step == OfferStep::Countered {
                    for other in offers.values_mut() {
                        if other.id != offer.id && other.status == OfferStatus::Pending {
                            other.status = OfferStatus::Countered;
                        }
                    }
                }
                offers.insert(offer.id, *offer);
            }
        });
        if news.iter().any(|(_, step)| *step == OfferStep::Accepted) {
            self.listing.set(Some(ListingStatus::Reserved));
        }
    }

    /// Whether an offer can be made here now.
    pub fn open_to_offers(&self) -> bool {
        self.price_cents.is_some() && self.listing.get() == Some(ListingStatus::Available)
    }
}

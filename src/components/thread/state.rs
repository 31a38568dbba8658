//! What the open conversation holds: the messages shown, my messages on
//! their way, the composer's text.

use super::deals::Deals;
use super::outbox::{merge_from_server, Outbox, Shown};
use crate::context::InboxRefresh;
use crate::domain::offer::{Offer, OfferStatus};
use crate::domain::Message;
use leptos::prelude::*;
use uuid::Uuid;

/// What the thread shows and sends: server-confirmed messages in server
/// order, then my own that the server has not listed yet. The sync cursor is the
/// newest *server-listed* message, so a message the other side sent just
/// before mine is never skipped.
#[derive(Clone, Copy)]
pub(super) struct ThreadState {
    pub conversation_id: Uuid,
    /// Who is reading (whose messages may be on their way).
    pub me: Uuid,
    /// My messages the server listed while a send of mine had not answered
    /// yet (the event stream is often faster than the answer): shown once
    /// the sends have answered, so a message never shows both as sent and
    /// as still on its way.
    held: StoredValue<Vec<Message>>,
    pub shown: RwSignal<Vec<Shown>>,
    pub outbox: RwSignal<Outbox>,
    pub sends_in_flight: RwSignal<u32>,
    /// The composer's text; the thread puts back a message that failed.
    pub draft: RwSignal<String>,
    pub inbox: InboxRefresh,
    /// The offers made here as they now stand, and the listing's status.
    pub deals: Deals,
}

impl ThreadState {
    pub fn new(
        conversation_id: Uuid,
        me: Uuid,
        messages: Vec<Message>,
        draft: String,
        deals: Deals,
    ) -> Self {
        let state = Self {
            conversation_id,
            me,
            held: StoredValue::new(Vec::new()),
            shown: RwSignal::new(Vec::new()),
            outbox: RwSignal::new(Outbox::default()),
            sends_in_flight: RwSignal::new(0),
            draft: RwSignal::new(draft),
            inbox: expect_context::<InboxRefresh>(),
            deals,
        };
        state.add_from_server(messages);
        state
    }

    pub fn add_from_server(&self, mut incoming: Vec<Message>) {
        self.deals.hear(&incoming);
        if self.sends_in_flight.get_untracked() > 0 {
            let me = self.me;
            let (mine, others) = incoming.into_iter().partition(|m| m.sender_id == me);
            self.held
                .update_value(|held: &mut Vec<Message>| held.extend(mine));
            incoming = others;
        }
        self.shown
            .update(|shown| merge_from_server(shown, incoming));
        let outbox = self.outbox;
        self.shown
            .with_untracked(|shown| outbox.update(|o| o.drop_listed(shown)));
    }

    /// A send has answered: once none is on its way, my held messages
    /// show.
    pub fn send_answered(&self) {
        self.sends_in_flight.update(|n| *n -= 1);
        if self.sends_in_flight.get_untracked() == 0 {
            let held = self
                .held
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            if !held.is_empty() {
                self.add_from_server(held);
            }
        }
    }

    /// The newest server-listed message: where the next sync starts.
    pub fn newest_listed(&self) -> Option<Uuid> {
        self.shown.with(|l| l.last().map(|s| s.message.id))
    }

    /// The amount before `offer` in the bargaining: the offer it countered,
    /// if it did (else the listing's price applies).
    pub fn amount_before(&self, offer: Offer) -> Option<i64> {
        let cards: Vec<Offer> = self.shown.with_untracked(|shown| {
            shown
                .iter()
                .filter(|s| s.message.offer_step.is_some_and(|step| step.makes_offer()))
                .filter_map(|s| s.message.offer)
                .collect()
        });
        let at = cards.iter().position(|c| c.id == offer.id)?;
        let previous = cards.get(at.checked_sub(1)?)?;
        let status = self
            .deals
            .offers
            .with_untracked(|o| o.get(&previous.id).map(|p| p.status))
            .unwrap_or(previous.status);
        (status == OfferStatus::Countered).then_some(previous.amount_cents)
    }
}

//! How the domain's enums read on screen, in the reader's language.

use crate::domain::call::{CallLine, CallOutcome};
use crate::domain::language::Locale;
use crate::domain::listing::QuickQuestion;
use crate::domain::offer::{ListingStatus, Offer, OfferStatus, OfferStep};
use crate::domain::report::ReportReason;
use crate::domain::Conversation;
use crate::i18n::td_string;
use crate::ui_support::money::price;
use uuid::Uuid;

/// What a reporter picks from, and what moderators see.
pub fn report_reason(locale: Locale, reason: ReportReason) -> &'static str {
    match reason {
        ReportReason::Spam => td_string!(locale, report.reasons.spam),
        ReportReason::Scam => td_string!(locale, report.reasons.scam),
        ReportReason::Abuse => td_string!(locale, report.reasons.abuse),
        ReportReason::Other => td_string!(locale, report.reasons.other),
    }
}

/// A suggested first question, as the buyer would write it.
pub fn quick_question(locale: Locale, question: QuickQuestion) -> &'static str {
    match question {
        QuickQuestion::StillAvailable => td_string!(locale, listing.questions.available),
        QuickQuestion::Negotiable => td_string!(locale, listing.questions.negotiable),
        QuickQuestion::CanVisit => td_string!(locale, listing.questions.visit),
    }
}

/// How the other person of `conversation` is shown (their account may be
/// gone).
pub fn other_name(locale: Locale, conversation: &Conversation, me: Uuid) -> String {
    conversation
        .other_participant(me)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| td_string!(locale, conversation.deleted_user).to_owned())
}

/// The listing's title, or "General" for a conversation about no listing.
pub fn conversation_title(locale: Locale, conversation: &Conversation) -> String {
    conversation
        .ad_title
        .clone()
        .unwrap_or_else(|| td_string!(locale, conversation.general).to_owned())
}

/// A call's line in the thread and the list: "Missed call", "Call, 3 min".
pub fn call_line(locale: Locale, line: CallLine) -> String {
    match (line.outcome, line.duration_secs) {
        (CallOutcome::Missed, _) => td_string!(locale, call.missed_line).to_owned(),
        (CallOutcome::Declined, _) => td_string!(locale, call.declined_line).to_owned(),
        (CallOutcome::Ended, Some(seconds)) if seconds < 60 => {
            td_string!(locale, call.seconds_line, seconds).to_string()
        }
        (CallOutcome::Ended, seconds) => {
            let minutes = (seconds.unwrap_or(0) + 30) / 60;
            td_string!(locale, call.minutes_line, minutes).to_string()
        }
    }
}

/// "Reserved", "Sold".
pub fn listing_status(locale: Locale, status: ListingStatus) -> &'static str {
    match status {
        ListingStatus::Available => td_string!(locale, listing.status_available),
        ListingStatus::Reserved => td_string!(locale, listing.status_reserved),
        ListingStatus::Sold => td_string!(locale, listing.status_sold),
    }
}

/// The seller's button that sets `status`.
pub fn mark_listing_as(locale: Locale, status: ListingStatus) -> &'static str {
    match status {
        ListingStatus::Available => td_string!(locale, listing.mark_available),
        ListingStatus::Reserved => td_string!(locale, listing.mark_reserved),
        ListingStatus::Sold => td_string!(locale, listing.mark_sold),
    }
}

/// What the list says of an offer's message: "Offer: 80,00 €" for one
/// made, the line for a later step.
pub fn offer_preview(
    locale: Locale,
    offer: &Offer,
    step: OfferStep,
    mine: bool,
    name: &str,
) -> String {
    if step.makes_offer() {
        let amount = price(locale, offer.amount_cents);
        td_string!(locale, offers.preview, price = &*amount).to_string()
    } else {
        offer_line(locale, offer, step, mine, name)
    }
}

/// An offer's step as a line of the thread, from the reader's side:
/// `mine` when the reader took the step, `name` the other person.
pub fn offer_line(
    locale: Locale,
    offer: &Offer,
    step: OfferStep,
    mine: bool,
    name: &str,
) -> String {
    let amount = price(locale, offer.amount_cents);
    let price = &*amount;
    match (step, mine) {
        (OfferStep::Offered, true) => td_string!(locale, offers.you_offered, price).to_string(),
        (OfferStep::Offered, false) => {
            td_string!(locale, offers.they_offered, name, price).to_string()
        }
        (OfferStep::Countered, true) => td_string!(locale, offers.you_countered, price).to_string(),
        (OfferStep::Countered, false) => {
            td_string!(locale, offers.they_countered, name, price).to_string()
        }
        (OfferStep::Accepted, true) => {
            td_string!(locale, offers.you_accepted, name, price).to_string()
        }
        (OfferStep::Accepted, false) => {
            td_string!(locale, offers.they_accepted, name, price).to_string()
        }
        (OfferStep::Declined, true) => {
            td_string!(locale, offers.you_declined, name, price).to_string()
        }
        (OfferStep::Declined, false) => {
            td_string!(locale, offers.they_declined, name, price).to_string()
        }
        (OfferStep::Withdrawn, true) => td_string!(locale, offers.you_withdrew, price).to_string(),
        (OfferStep::Withdrawn, false) => {
            td_string!(locale, offers.they_withdrew, name, price).to_string()
        }
        (OfferStep::Expired, _) => td_string!(locale, offers.expired_line).to_owned(),
    }
}

/// An offer card's status, from the reader's side (`mine`: I made it).
pub fn offer_status(locale: Locale, status: OfferStatus, mine: bool, name: &str) -> String {
    match status {
        OfferStatus::Pending if mine => {
            td_string!(locale, offers.status_pending_mine, name).to_string()
        }
        OfferStatus::Pending => td_string!(locale, offers.status_pending_theirs).to_owned(),
        OfferStatus::Accepted => td_string!(locale, offers.status_accepted).to_owned(),
        OfferStatus::Declined => td_string!(locale, offers.status_declined).to_owned(),
        OfferStatus::Countered => td_string!(locale, offers.status_countered).to_owned(),
        OfferStatus::Withdrawn => td_string!(locale, offers.status_withdrawn).to_owned(),
        OfferStatus::Expired => td_string!(locale, offers.status_expired).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_follow_each_language_s_rules() {
        // French counts 0 as singular; English does not.
        assert_eq!(
            td_string!(Locale::fr, inbox.unread, count = 0_i64),
            " non lu"
        );
        assert_eq!(
            td_string!(Locale::fr, inbox.unread, count = 1_i64),
            " non lu"
        );
        assert_eq!(
            td_string!(Locale::fr, inbox.unread, count = 2_i64),
            " non lus"
        );
        assert_eq!(
            td_string!(Locale::en, inbox.photos, count = 0_i64),
            "0 photos"
        );
        assert_eq!(td_string!(Locale::en, inbox.photos, count = 1_i64), "Photo");
        assert_eq!(td_string!(Locale::fr, inbox.photos, count = 0_i64), "Photo");
    }

    #[test]
    fn call_lines_say_how_the_call_went() {
        use crate::domain::call::{CallLine, CallOutcome};
        let line = |outcome, duration_secs| CallLine {
            outcome,
            duration_secs,
        };
        assert_eq!(
            call_line(Locale::en, line(CallOutcome::Missed, None)),
            "Missed call"
        );
        assert_eq!(
            call_line(Locale::fr, line(CallOutcome::Declined, None)),
            "Appel refusé"
        );
        assert_eq!(
            call_line(Locale::en, line(CallOutcome::Ended, Some(42))),
            "Call, 42 s"
        );
        assert_eq!(
            call_line(Locale::fr, line(CallOutcome::Ended, Some(170))),
            "Appel, 3 min"
        );
    }

    #[test]
    fn offer_steps_read_from_the_readers_side() {
        let offer = Offer {
            id: Uuid::nil(),
            amount_cents: 8_000,
            status: OfferStatus::Pending,
            by_user_id: Uuid::nil(),
            expires_at: "2026-12-05T10:00:00Z".parse().unwrap(),
        };
        let line = |locale, step, mine| offer_line(locale, &offer, step, mine, "Sam");
        assert_eq!(
            line(Locale::en, OfferStep::Offered, true),
            "You offered €80.00"
        );
        assert_eq!(
            line(Locale::en, OfferStep::Accepted, false),
            "Sam accepted your offer of €80.00"
        );
        assert_eq!(
            line(Locale::fr, OfferStep::Countered, false),
            "Sam contre-propose 80,00\u{a0}€"
        );
        assert_eq!(line(Locale::fr, OfferStep::Expired, true), "Offre expirée");
        // The list: the offer made by its amount, a later step by its line.
        assert_eq!(
            offer_preview(Locale::fr, &offer, OfferStep::Offered, true, "Sam"),
            "Offre : 80,00\u{a0}€"
        );
        assert_eq!(
            offer_preview(Locale::en, &offer, OfferStep::Declined, true, "Sam"),
            "You declined Sam’s offer of €80.00"
        );
    }
}

//! How the domain's enums read on screen, in the reader's language.

use crate::domain::call::{CallLine, CallOutcome};
use crate::domain::language::Locale;
use crate::domain::listing::QuickQuestion;
use crate::domain::report::ReportReason;
use crate::domain::Conversation;
use crate::i18n::td_string;
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
}

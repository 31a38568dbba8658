//! How the domain's enums read on screen, in the reader's language.

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
}

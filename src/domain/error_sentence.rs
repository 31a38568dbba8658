//! An error's sentence in the reader's language. Codes never change; the
//! English sentence is the one the error was made with (it may name the
//! field or the limit), the French one is its code's.

use super::language::Locale;
use super::validate::{
    DESCRIPTION_MAX_CHARS, MESSAGE_MAX_CHARS, NAME_MAX_CHARS, PASSWORD_MIN_CHARS, TITLE_MAX_CHARS,
};
use super::{attachment::MAX_ATTACHMENTS, AppError, ErrorCode};
use crate::i18n::td_string;
use std::borrow::Cow;

impl AppError {
    /// What to tell a reader of `locale`.
    pub fn sentence(&self, locale: Locale) -> Cow<'static, str> {
        match locale {
            Locale::en => self.message.clone(),
            Locale::fr => Cow::Owned(code_sentence(self.code, locale)),
        }
    }
}

/// The sentence of `code` in `locale`, whatever the error's own words.
pub fn code_sentence(code: ErrorCode, locale: Locale) -> String {
    use ErrorCode::*;
    match code {
        InvalidJson => td_string!(locale, errors.invalid_json).to_string(),
        InvalidContentType => td_string!(locale, errors.invalid_content_type).to_string(),
        InvalidBody => td_string!(locale, errors.invalid_body).to_string(),
        InvalidField => td_string!(locale, errors.invalid_field).to_string(),
        InvalidQuery => td_string!(locale, errors.invalid_query).to_string(),
        InvalidInput => td_string!(locale, errors.invalid_input).to_string(),
        MissingField => td_string!(locale, errors.missing_field).to_string(),
        InvalidId => td_string!(locale, errors.invalid_id).to_string(),
        InvalidPage => td_string!(locale, errors.invalid_page).to_string(),
        InvalidLimit => td_string!(locale, errors.invalid_limit).to_string(),
        EmptyContent => td_string!(locale, errors.empty_content).to_string(),
        ContentTooLong => {
            td_string!(locale, errors.content_too_long, max = MESSAGE_MAX_CHARS).to_string()
        }
        InvalidTitle => td_string!(locale, errors.invalid_title, max = TITLE_MAX_CHARS).to_string(),
        InvalidDescription => td_string!(
            locale,
            errors.invalid_description,
            max = DESCRIPTION_MAX_CHARS
        )
        .to_string(),
        InvalidPrice => td_string!(locale, errors.invalid_price).to_string(),
        InvalidEmail => td_string!(locale, errors.invalid_email).to_string(),
        InvalidName => td_string!(locale, errors.invalid_name, max = NAME_MAX_CHARS).to_string(),
        InvalidCharacters => td_string!(locale, errors.invalid_characters).to_string(),
        WeakPassword => {
            td_string!(locale, errors.weak_password, min = PASSWORD_MIN_CHARS).to_string()
        }
        InvalidPassword => td_string!(locale, errors.invalid_password).to_string(),
        RecipientIsSelf => td_string!(locale, errors.recipient_is_self).to_string(),
        RecipientNotSeller => td_string!(locale, errors.recipient_not_seller).to_string(),
        CannotBlockSelf => td_string!(locale, errors.cannot_block_self).to_string(),
        CannotReportSelf => td_string!(locale, errors.cannot_report_self).to_string(),
        TooManyAttachments => {
            td_string!(locale, errors.too_many_attachments, max = MAX_ATTACHMENTS).to_string()
        }
        InvalidAttachment => td_string!(locale, errors.invalid_attachment).to_string(),
        InvalidImage => td_string!(locale, errors.invalid_image).to_string(),
        InvalidAudio => td_string!(locale, errors.invalid_audio).to_string(),
        RecordingTooLong => td_string!(locale, errors.recording_too_long).to_string(),
        Busy => td_string!(locale, errors.busy).to_string(),
        CallEnded => td_string!(locale, errors.call_ended).to_string(),
        OfferTooLow => td_string!(locale, errors.offer_too_low).to_string(),
        OfferTooHigh => td_string!(locale, errors.offer_too_high).to_string(),
        CannotAnswerOwnOffer => td_string!(locale, errors.cannot_answer_own_offer).to_string(),
        NotYourOffer => td_string!(locale, errors.not_your_offer).to_string(),
        OfferPending => td_string!(locale, errors.offer_pending).to_string(),
        ListingNotAvailable => td_string!(locale, errors.listing_not_available).to_string(),
        OfferNotPending => td_string!(locale, errors.offer_not_pending).to_string(),
        InvalidSubscription => td_string!(locale, errors.invalid_subscription).to_string(),
        InvalidPushEndpoint => td_string!(locale, errors.invalid_push_endpoint).to_string(),
        NotAuthenticated => td_string!(locale, errors.not_authenticated).to_string(),
        InvalidCredentials => td_string!(locale, errors.invalid_credentials).to_string(),
        ForbiddenOrigin => td_string!(locale, errors.forbidden_origin).to_string(),
        Blocked => td_string!(locale, errors.blocked).to_string(),
        NotFound => td_string!(locale, errors.not_found).to_string(),
        UnknownEndpoint => td_string!(locale, errors.unknown_endpoint).to_string(),
        EmailTaken => td_string!(locale, errors.email_taken).to_string(),
        NothingToMarkUnread => td_string!(locale, errors.nothing_to_mark_unread).to_string(),
        AttachmentUsed => td_string!(locale, errors.attachment_used).to_string(),
        PayloadTooLarge => td_string!(locale, errors.payload_too_large).to_string(),
        UnsupportedFileType => td_string!(locale, errors.unsupported_file_type).to_string(),
        RateLimited => td_string!(locale, errors.rate_limited).to_string(),
        InternalError => td_string!(locale, errors.internal_error).to_string(),
        NetworkError => td_string!(locale, errors.network_error).to_string(),
        Unavailable => td_string!(locale, errors.unavailable).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_code_has_a_sentence_in_each_language() {
        for code in ErrorCode::iter() {
            for locale in [Locale::en, Locale::fr] {
                assert!(
                    !code_sentence(code, locale).is_empty(),
                    "{code:?} {locale:?}"
                );
            }
        }
        let long = AppError::new(ErrorCode::ContentTooLong, "Content is over 5000 characters");
        assert_eq!(long.sentence(Locale::en), "Content is over 5000 characters");
        assert_eq!(
            long.sentence(Locale::fr),
            "Un message compte au plus 5000 caractères."
        );
    }
}

//! Input rules, shared so the browser can warn before sending and the server
//! enforces the same limits. The database repeats the hard limits as CHECK
//! constraints.

use super::{AppError, ErrorCode};

pub const MESSAGE_MAX_CHARS: usize = 5000;
pub const TITLE_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
pub const NAME_MAX_CHARS: usize = 80;
pub const PASSWORD_MIN_CHARS: usize = 8;
/// argon2 happily hashes megabytes; we don't let anyone make us.
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const EMAIL_MAX_CHARS: usize = 254;

/// Text people type may hold newlines and tabs, but no other control
/// character: a NUL cannot even be stored, and the others only hide or
/// garble what is shown. `field` names the field in the error.
pub fn plain_text<'a>(raw: &'a str, field: &str) -> Result<&'a str, AppError> {
    let is_forbidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if raw.chars().any(is_forbidden) {
        return Err(AppError::new(
            ErrorCode::InvalidCharacters,
            format!("{field} contains a control character"),
        ));
    }
    Ok(raw)
}

/// Trims and checks a message body. Lengths count characters, not bytes.
pub fn message_content(raw: &str) -> Result<String, AppError> {
    message_content_beside(raw, 0)
}

/// A message body beside `attachments` images: it may be empty when there
/// is at least one.
pub fn message_content_beside(raw: &str, attachments: usize) -> Result<String, AppError> {
    let content = plain_text(raw, "content")?.trim();
    if content.is_empty() && attachments == 0 {
        return Err(AppError::new(
            ErrorCode::EmptyContent,
            "Message cannot be empty",
        ));
    }
    if content.chars().count() > MESSAGE_MAX_CHARS {
        return Err(AppError::new(
            ErrorCode::ContentTooLong,
            format!("Message is too long (at most {MESSAGE_MAX_CHARS} characters)"),
        ));
    }
    Ok(content.to_owned())
}

/// The images of one message: at most four, each once.
pub fn attachment_ids(ids: &[uuid::Uuid]) -> Result<(), AppError> {
    use super::attachment::MAX_ATTACHMENTS;
    if ids.len() > MAX_ATTACHMENTS {
        return Err(AppError::new(
            ErrorCode::TooManyAttachments,
            format!("A message can carry at most {MAX_ATTACHMENTS} images"),
        ));
    }
    if ids.iter().enumerate().any(|(i, id)| ids[..i].contains(id)) {
        return Err(AppError::new(
            ErrorCode::InvalidAttachment,
            "The same image is attached twice",
        ));
    }
    Ok(())
}

pub fn listing_title(raw: &str) -> Result<String, AppError> {
    let title = plain_text(raw, "title")?.trim();
    if title.is_empty() {
        return Err(AppError::new(ErrorCode::InvalidTitle, "Title is required"));
    }
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(AppError::new(
            ErrorCode::InvalidTitle,
            format!("Title is too long (at most {TITLE_MAX_CHARS} characters)"),
        ));
    }
    Ok(title.to_owned())
}

pub fn listing_description(raw: &str) -> Result<String, AppError> {
    let description = plain_text(raw, "description")?.trim();
    if description.chars().count() > DESCRIPTION_MAX_CHARS {
        return Err(AppError::new(
            ErrorCode::InvalidDescription,
            format!("Description is too long (at most {DESCRIPTION_MAX_CHARS} characters)"),
        ));
    }
    Ok(description.to_owned())
}

pub fn price_cents(cents: i64) -> Result<i64, AppError> {
    if cents < 0 {
        return Err(AppError::new(
            ErrorCode::InvalidPrice,
            "Price cannot be negative",
        ));
    }
    Ok(cents)
}

/// Parses what a person types in a price field ("12", "12.5", "12,50").
pub fn parse_price(raw: &str) -> Result<i64, AppError> {
    let invalid = || AppError::new(ErrorCode::InvalidPrice, "Price must be a number like 12.50");
    let cleaned = raw.trim().replace(',', ".");
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || frac.len() > 2 {
        return Err(invalid());
    }
    let euros: i64 = whole.parse().map_err(|_| invalid())?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| invalid())?;
    euros
        .checked_mul(100)
        .and_then(|c| c.checked_add(cents))
        .ok_or_else(invalid)
}

/// Normalises an email for storage; uniqueness is case-insensitive in the
/// database too (a unique index on `lower(email)`).
pub fn email(raw: &str) -> Result<String, AppError> {
    let email = plain_text(raw, "email")?.trim();
    let valid = email.chars().count() <= EMAIL_MAX_CHARS
        && !email.chars().any(char::is_whitespace)
        && matches!(email.split_once('@'), Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@'));
    if !valid {
        return Err(AppError::new(
            ErrorCode::InvalidEmail,
            "Enter a valid email address",
        ));
    }
    Ok(email.to_owned())
}

pub fn password(raw: &str) -> Result<(), AppError> {
    let count = raw.chars().count();
    if count < PASSWORD_MIN_CHARS {
        return Err(AppError::new(
            ErrorCode::WeakPassword,
            format!("Password must be at least {PASSWORD_MIN_CHARS} characters"),
        ));
    }
    if count > PASSWORD_MAX_CHARS {
        return Err(AppError::new(
            ErrorCode::InvalidPassword,
            format!("Password must be at most {PASSWORD_MAX_CHARS} characters"),
        ));
    }
    Ok(())
}

pub fn display_name(raw: &str) -> Result<String, AppError> {
    let name = plain_text(raw, "name")?.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX_CHARS {
        return Err(AppError::new(
            ErrorCode::InvalidName,
            format!("Name is required (at most {NAME_MAX_CHARS} characters)"),
        ));
    }
    Ok(name.to_owned())
}

/// Optional free text beside a report: trimmed, empty means none.
pub fn report_details(raw: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(raw) = raw else { return Ok(None) };
    let details = plain_text(raw, "details")?.trim();
    if details.chars().count() > super::report::REPORT_DETAILS_MAX_CHARS {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "details are too long (at most {} characters)",
                super::report::REPORT_DETAILS_MAX_CHARS
            ),
        ));
    }
    Ok((!details.is_empty()).then(|| details.to_owned()))
}

/// Only same-site paths are followed after login: `/x` yes, `//evil.com`,
/// `/\evil.com` and `https://…` no.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(|c| c.is_control()) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_trimmed_and_counted_in_characters() {
        assert_eq!(message_content("  hi \n").unwrap(), "hi");
        assert!(message_content(" \n\t ").is_err());
        let emoji = "é".repeat(MESSAGE_MAX_CHARS);
        assert!(message_content(&emoji).is_ok(), "5000 two-byte chars fit");
        assert!(message_content(&format!("{emoji}x")).is_err());
    }

    #[test]
    fn control_characters_are_refused_except_newline_and_tab() {
        assert!(message_content("line one\nline\ttwo").is_ok());
        for bad in ["a\0b", "a\u{7}b", "a\rb", "a\u{1b}[31mb", "a\u{85}b"] {
            let error = message_content(bad).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidCharacters, "{bad:?}");
            assert!(error.message.contains("content"));
        }
        assert!(display_name("Zo\0é").is_err());
        assert!(email("a\0@b.co").is_err());
        assert!(listing_title("T\0").is_err());
        assert!(listing_description("D\0").is_err());
    }

    #[test]
    fn next_only_follows_local_paths() {
        assert_eq!(safe_next(Some("/listings/1")), "/listings/1");
        assert_eq!(safe_next(Some("//evil.com")), "/");
        assert_eq!(safe_next(Some("/\\evil.com")), "/");
        assert_eq!(safe_next(Some("https://evil.com")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn prices_parse_like_people_type_them() {
        assert_eq!(parse_price("12").unwrap(), 1200);
        assert_eq!(parse_price("12.5").unwrap(), 1250);
        assert_eq!(parse_price("12,05").unwrap(), 1205);
        assert!(parse_price("-1").is_err());
        assert!(parse_price("1.234").is_err());
        assert!(parse_price("abc").is_err());
        assert!(parse_price("").is_err());
    }

    #[test]
    fn emails_need_a_domain() {
        assert!(email("a@b.co").is_ok());
        assert!(email("a@b").is_err());
        assert!(email("@b.co").is_err());
        assert!(email("a b@c.de").is_err());
    }
}

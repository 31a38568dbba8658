//! The site's two languages, French and English (`crate::i18n::Locale`),
//! and how a choice is written: `fr` or `en`, in the `lang` cookie, the
//! switch's address and the account.

pub use crate::i18n::Locale;

/// The cookie that keeps a visitor's choice.
pub const LANGUAGE_COOKIE: &str = "lang";

/// A choice as written (`fr`, `en`); anything else is no choice.
pub fn parse_locale(code: &str) -> Option<Locale> {
    match code.trim() {
        "fr" => Some(Locale::fr),
        "en" => Some(Locale::en),
        _ => None,
    }
}

/// A choice as stored or written, English when it is none of ours (the
/// account's column only holds `fr` or `en`).
pub fn locale_or_english(code: Option<&str>) -> Locale {
    code.and_then(parse_locale).unwrap_or(Locale::en)
}

/// The language a browser prefers among ours, from its `Accept-Language`
/// list (best first, primary subtag only: `fr-CA` is French).
pub fn preferred<T: AsRef<str>>(asked: impl IntoIterator<Item = T>) -> Option<Locale> {
    asked.into_iter().find_map(|tag| {
        let tag = tag.as_ref();
        let primary = tag.split(['-', '_']).next().unwrap_or(tag);
        parse_locale(&primary.to_ascii_lowercase())
    })
}

/// What a request gets: its choice (the cookie's), else the browser's
/// preference, else English. `asked` (the browser's list) is only read
/// when there is no choice.
pub fn choose<T: AsRef<str>, L: IntoIterator<Item = T>>(
    chosen: Option<Locale>,
    asked: impl FnOnce() -> L,
) -> Locale {
    chosen.or_else(|| preferred(asked())).unwrap_or(Locale::en)
}

/// The other language: what the header's switch offers.
pub fn other(locale: Locale) -> Locale {
    match locale {
        Locale::fr => Locale::en,
        Locale::en => Locale::fr,
    }
}

/// How a choice is written (`fr`, `en`).
pub fn code(locale: Locale) -> &'static str {
    match locale {
        Locale::fr => "fr",
        Locale::en => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_wins_then_the_browser_then_english() {
        assert_eq!(choose(parse_locale("fr"), || ["en-US"]), Locale::fr);
        assert_eq!(choose(parse_locale("en"), || ["fr-FR"]), Locale::en);
        assert_eq!(choose(parse_locale("de"), || ["fr-CA", "en"]), Locale::fr);
        assert_eq!(choose(None, || ["de-DE", "en-GB", "fr"]), Locale::en);
        assert_eq!(choose(None, || ["de-DE"]), Locale::en);
        assert_eq!(choose(None, || ["FR"]), Locale::fr);
    }
}

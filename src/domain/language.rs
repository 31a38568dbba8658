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

/// The language a browser prefers among ours, from its `Accept-Language`
/// list (best first, primary subtag only: `fr-CA` is French).
pub fn preferred<'a>(asked: impl IntoIterator<Item = &'a str>) -> Option<Locale> {
    asked.into_iter().find_map(|tag| {
        let primary = tag.split(['-', '_']).next().unwrap_or(tag);
        parse_locale(&primary.to_ascii_lowercase())
    })
}

/// What a request gets: the cookie's choice, else the browser's
/// preference, else English.
pub fn choose<'a>(cookie: Option<&str>, asked: impl IntoIterator<Item = &'a str>) -> Locale {
    cookie
        .and_then(parse_locale)
        .or_else(|| preferred(asked))
        .unwrap_or(Locale::en)
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
        assert_eq!(choose(Some("fr"), ["en-US"]), Locale::fr);
        assert_eq!(choose(Some("en"), ["fr-FR"]), Locale::en);
        assert_eq!(choose(Some("de"), ["fr-CA", "en"]), Locale::fr);
        assert_eq!(choose(None, ["de-DE", "en-GB", "fr"]), Locale::en);
        assert_eq!(choose(None, ["de-DE"]), Locale::en);
        assert_eq!(choose(None, ["FR"]), Locale::fr);
    }
}

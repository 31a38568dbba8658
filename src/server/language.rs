//! The language of a request: the `lang` cookie, else `Accept-Language`,
//! else English; and the cookie that keeps a choice. Every adapter (pages,
//! REST, server functions, the error sentences) asks here.

use crate::domain::language::{self, Locale, LANGUAGE_COOKIE};
use crate::server::auth::cookie::cookie_value;
use http::{header, HeaderMap, HeaderValue};

/// The choice is kept for a year.
const CHOICE_KEPT_SECONDS: u32 = 365 * 24 * 3600;

/// The language `headers` ask for.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    AskedLanguage::of(headers).locale()
}

/// What a request asks for, kept to be decided later (after the answer,
/// and only if it is needed): the `lang` cookie's choice, and the
/// `Accept-Language` header, unparsed.
pub struct AskedLanguage {
    chosen: Option<Locale>,
    accept: Option<HeaderValue>,
}

impl AskedLanguage {
    pub fn of(headers: &HeaderMap) -> Self {
        Self {
            chosen: cookie_value(headers, LANGUAGE_COOKIE).and_then(language::parse_locale),
            accept: headers.get(header::ACCEPT_LANGUAGE).cloned(),
        }
    }

    /// The cookie's choice, else the browser's preference, else English.
    pub fn locale(&self) -> Locale {
        language::choose(self.chosen, || {
            self.accept
                .as_ref()
                .and_then(|value| value.to_str().ok())
                .map(accept_language::parse)
                .unwrap_or_default()
        })
    }
}

/// The `lang` cookie for `locale`. Readable by the page (not HttpOnly):
/// it holds nothing secret.
pub fn choice_cookie(locale: Locale, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{LANGUAGE_COOKIE}={}; SameSite=Lax; Path=/; Max-Age={CHOICE_KEPT_SECONDS}{secure}",
        language::code(locale)
    ))
    .expect("cookie is ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reads_the_cookie_then_accept_language() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr-FR,fr;q=0.9,en;q=0.8"),
        );
        assert_eq!(request_locale(&headers), Locale::fr);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("souk_session=x; lang=en"),
        );
        assert_eq!(request_locale(&headers), Locale::en);
        assert_eq!(request_locale(&HeaderMap::new()), Locale::en);
    }
}

//! The page's language. The server takes it from the request (the `lang`
//! cookie, else `Accept-Language`) and writes it in `<html lang>`; in the
//! browser an island reads it back from there, so it renders in the
//! language the server did and never flashes the other one.

use crate::domain::language::Locale;
use leptos::prelude::*;

/// The page's language, for the shell and every component under it.
pub fn provide_locale() -> Locale {
    let locale = page_locale();
    provide_context(locale);
    locale
}

/// The page's language (what `provide_locale` gave, else read again).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(page_locale)
}

#[cfg(feature = "ssr")]
fn page_locale() -> Locale {
    use_context::<http::request::Parts>()
        .map(|request| crate::server::language::request_locale(&request.headers))
        .unwrap_or(Locale::en)
}

#[cfg(not(feature = "ssr"))]
fn page_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        use crate::domain::language;
        let lang = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
            .and_then(|html| html.get_attribute("lang"));
        language::locale_or_english(lang.as_deref())
    }
    #[cfg(not(feature = "hydrate"))]
    Locale::en
}

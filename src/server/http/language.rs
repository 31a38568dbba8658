//! The language of a request (the `lang` cookie, else `Accept-Language`,
//! else English) and the header's switch, a plain form post that works
//! without code: it sets the cookie, keeps the choice in a logged-in
//! user's account, and goes back to the page it came from.

use crate::domain::language::{self, Locale, LANGUAGE_COOKIE};
use crate::domain::AppError;
use crate::server::auth::cookie::{cookie_value, is_https};
use crate::server::services::accounts;
use crate::server::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use http::{header, HeaderMap, HeaderValue};
use serde::Deserialize;

/// The choice is kept for a year.
const CHOICE_KEPT_SECONDS: u32 = 365 * 24 * 3600;

/// The language `headers` ask for.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    let asked = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(accept_language::parse)
        .unwrap_or_default();
    language::choose(
        cookie_value(headers, LANGUAGE_COOKIE),
        asked.iter().map(String::as_str),
    )
}

/// The switch's form: the language chosen and the page to go back to.
#[derive(Deserialize)]
pub struct LanguageChoice {
    lang: String,
    #[serde(default)]
    next: String,
}

/// `POST /language`: remembers the choice and goes back to `next` (a path
/// of this site; anything else goes home).
pub async fn choose_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    choice: Result<Form<LanguageChoice>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(choice) = choice.map_err(|rejection| {
        AppError::new(crate::domain::ErrorCode::InvalidBody, rejection.body_text())
    })?;
    let locale = language::parse_locale(&choice.lang).ok_or_else(|| {
        AppError::new(
            crate::domain::ErrorCode::InvalidField,
            "The language must be fr or en",
        )
    })?;
    if let Some((user, _)) = state.sessions().of_request(&headers).await? {
        accounts::set_locale(&state.pool, user.id, locale).await?;
    }
    let mut response = Redirect::to(local_path(&choice.next)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        choice_cookie(locale, is_https(&headers, state.secure_cookies)),
    );
    Ok(response)
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

/// `next` when it is a path of this site, else the home page: the switch
/// never sends anyone elsewhere.
fn local_path(next: &str) -> &str {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local {
        next
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_goes_back_only_to_this_site() {
        assert_eq!(
            local_path("/dashboard/messages?c=1"),
            "/dashboard/messages?c=1"
        );
        assert_eq!(local_path("//evil.example/"), "/");
        assert_eq!(local_path("https://evil.example/"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path(""), "/");
    }

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

//! The header's language switch, a plain form post that works without
//! code: it sets the `lang` cookie, keeps the choice in a logged-in user's
//! account, and goes back to the page it came from.

use crate::domain::language;
use crate::domain::AppError;
use crate::server::auth::cookie::is_https;
use crate::server::language::choice_cookie;
use crate::server::services::accounts;
use crate::server::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use http::{header, HeaderMap};
use serde::Deserialize;

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
}

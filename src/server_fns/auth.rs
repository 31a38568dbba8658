//! Logging in and out from the pages' forms (which also work before the
//! WASM has loaded, hence the redirects).

use crate::domain::{AppError, User};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::ssr::{client_ip, current_user, request_headers, set_cookie, state},
    crate::domain::{validate, Credentials, Registration},
    crate::server::auth::{cookie, SessionToken},
    crate::server::services::accounts,
    crate::server::AppState,
    uuid::Uuid,
};

/// The logged-in user, or `None`.
#[server(prefix = "/rpc", endpoint = "get_me")]
pub async fn get_me() -> Result<Option<User>, AppError> {
    current_user().await
}

#[server(prefix = "/rpc", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let state = state()?;
    let credentials = Credentials { email, password };
    let user =
        accounts::authenticate(&state.pool, &state.limits, credentials, client_ip()?).await?;
    start_session_and_go(&state, user.id, next.as_deref()).await
}

#[server(prefix = "/rpc", endpoint = "register")]
pub async fn register(
    name: String,
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let state = state()?;
    let registration = Registration {
        email,
        password,
        name,
    };
    let user = accounts::register(
        &state.pool,
        &state.limits,
        registration,
        client_ip()?,
        crate::context::use_locale(),
    )
    .await?;
    start_session_and_go(&state, user.id, next.as_deref()).await
}

#[server(prefix = "/rpc", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let state = state()?;
    let headers = request_headers();
    if let Some(token) = SessionToken::from_headers(&headers) {
        state.sessions().end(&token).await?;
    }
    set_cookie(SessionToken::clear_cookie(cookie::is_https(
        &headers,
        state.secure_cookies,
    )));
    leptos_axum::redirect("/");
    Ok(())
}

/// Ends every session of the logged-in user, on every device.
#[server(prefix = "/rpc", endpoint = "logout_everywhere")]
pub async fn logout_everywhere() -> Result<(), AppError> {
    let state = state()?;
    if let Some(user) = current_user().await? {
        state.sessions().end_all(&user).await?;
    }
    let secure = cookie::is_https(&request_headers(), state.secure_cookies);
    set_cookie(SessionToken::clear_cookie(secure));
    leptos_axum::redirect("/");
    Ok(())
}

/// Logs the user in with a new session, then sends the browser to the
/// (same-site) `next` path.
#[cfg(feature = "ssr")]
async fn start_session_and_go(
    state: &AppState,
    user_id: Uuid,
    next: Option<&str>,
) -> Result<(), AppError> {
    // The site speaks the account's language from now on, on this device too.
    let (token, locale) = accounts::start_session(&state.pool, user_id).await?;
    let secure = cookie::is_https(&request_headers(), state.secure_cookies);
    set_cookie(token.set_cookie(secure));
    set_cookie(crate::server::language::choice_cookie(locale, secure));
    leptos_axum::redirect(&validate::safe_next(next));
    Ok(())
}

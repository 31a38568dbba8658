use crate::domain::{AppError, User};
use leptos::prelude::*;

/// The logged-in user, or `None`.
#[server(prefix = "/rpc")]
pub async fn get_me() -> Result<Option<User>, AppError> {
    let (_, user) = crate::server::auth::current_user().await?;
    Ok(user)
}

#[server(prefix = "/rpc")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::domain::Credentials;
    use crate::server::services::accounts;
    let state = ssr::state()?;
    let user = accounts::authenticate(&state.pool, Credentials { email, password }).await?;
    ssr::start_session_and_go(&state, user.id, next.as_deref()).await
}

#[server(prefix = "/rpc")]
pub async fn register(
    name: String,
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::Registration;
    use crate::server::services::accounts;
    let state = ssr::state()?;
    let user = accounts::register(
        &state.pool,
        Registration {
            email,
            password,
            name,
        },
    )
    .await?;
    ssr::start_session_and_go(&state, user.id, next.as_deref()).await
}

#[server(prefix = "/rpc")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::auth::SessionToken;
    use crate::server::services::accounts;
    let state = ssr::state()?;
    let headers = ssr::request_headers();
    if let Some(token) = SessionToken::from_headers(&headers) {
        accounts::end_session(&state.pool, &token).await?;
    }
    ssr::set_cookie(SessionToken::clear_cookie(ssr::secure(&state, &headers)));
    leptos_axum::redirect("/");
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::domain::{validate, AppError};
    use crate::server::auth::cookie;
    use crate::server::services::accounts;
    use crate::server::AppState;
    use http::{header, HeaderMap, HeaderValue};
    use leptos::prelude::use_context;
    use uuid::Uuid;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(AppError::internal)
    }

    pub fn request_headers() -> HeaderMap {
        use_context::<http::request::Parts>()
            .map(|p| p.headers)
            .unwrap_or_default()
    }

    pub fn secure(state: &AppState, headers: &HeaderMap) -> bool {
        cookie::is_https(headers, state.secure_cookies)
    }

    pub fn set_cookie(value: HeaderValue) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(header::SET_COOKIE, value);
        }
    }

    /// Logs the user in with a new session, then sends the browser to the
    /// (same-site) `next` path.
    pub async fn start_session_and_go(
        state: &AppState,
        user_id: Uuid,
        next: Option<&str>,
    ) -> Result<(), AppError> {
        let token = accounts::start_session(&state.pool, user_id).await?;
        set_cookie(token.set_cookie(secure(state, &request_headers())));
        leptos_axum::redirect(&validate::safe_next(next));
        Ok(())
    }
}

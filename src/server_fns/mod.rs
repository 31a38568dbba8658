//! Server functions: what the pages call, served at `/rpc/<name>`. They
//! exist in both builds (the browser gets a stub that POSTs to the URL);
//! on the server each is a thin adapter over `server::services`, like the
//! REST handlers. Every one names its endpoint, so the URLs are the same
//! in every build and instances of different builds can serve each other's
//! pages during a rolling deploy.

pub mod auth;
pub mod listings;
pub mod live;
pub mod messages;
pub mod notifications;
pub mod offers;
pub mod reports;

/// What every server function body needs from the request it serves.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::domain::{AppError, User};
    use crate::server::AppState;
    use http::{header, HeaderMap, HeaderValue};
    use leptos::prelude::use_context;

    /// The application state, provided to every server function and page.
    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            AppError::internal()
        })
    }

    pub fn request_headers() -> HeaderMap {
        use_context::<http::request::Parts>()
            .map(|p| p.headers)
            .unwrap_or_default()
    }

    /// The client's IP address, when known.
    pub fn client_ip() -> Result<Option<std::net::IpAddr>, AppError> {
        let state = state()?;
        Ok(use_context::<http::request::Parts>().and_then(|parts| {
            crate::server::client_ip::client_ip(
                &parts.headers,
                &parts.extensions,
                state.trust_proxy,
            )
        }))
    }

    /// The user behind the request's session cookie, if any (see
    /// `services::sessions`).
    pub async fn current_user() -> Result<Option<User>, AppError> {
        let state = state()?;
        let user = state.sessions().of_request(&request_headers()).await?;
        Ok(user.map(|(user, _)| user))
    }

    /// Like [`current_user`], failing with 401 when nobody is logged in.
    pub async fn require_user() -> Result<User, AppError> {
        current_user().await?.ok_or_else(AppError::unauthenticated)
    }

    pub fn set_cookie(value: HeaderValue) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(header::SET_COOKIE, value);
        }
    }
}

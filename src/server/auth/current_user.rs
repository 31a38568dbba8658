//! Resolving the session cookie to a user, for REST handlers (an axum
//! extractor) and for server functions (from the Leptos context).

use super::SessionToken;
use crate::domain::{AppError, User};
use crate::server::services::accounts;
use crate::server::AppState;
use axum::extract::FromRequestParts;
use http::request::Parts;

/// The logged-in user; rejects the request with 401 when there is none.
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token =
            SessionToken::from_headers(&parts.headers).ok_or_else(AppError::unauthenticated)?;
        accounts::user_for_session(&state.pool, &token)
            .await?
            .map(CurrentUser)
            .ok_or_else(AppError::unauthenticated)
    }
}

/// Inside a server function or a server-rendered page: the app state and
/// the user behind the request's cookie, if any.
pub async fn current_user() -> Result<(AppState, Option<User>), AppError> {
    let state = leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::internal()
    })?;
    let parts = leptos::prelude::use_context::<Parts>();
    let token = parts.and_then(|p| SessionToken::from_headers(&p.headers));
    let user = match token {
        Some(token) => accounts::user_for_session(&state.pool, &token).await?,
        None => None,
    };
    Ok((state, user))
}

/// Like [`current_user`], failing with 401 when nobody is logged in.
pub async fn require_user() -> Result<(AppState, User), AppError> {
    match current_user().await? {
        (state, Some(user)) => Ok((state, user)),
        (_, None) => Err(AppError::unauthenticated()),
    }
}

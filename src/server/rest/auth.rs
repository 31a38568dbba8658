use super::{ApiJson, Done, Reply};
use super::{ClientIp, CurrentUser};
use crate::domain::{AppError, Credentials, Registration, User};
use crate::server::auth::{cookie, SessionToken};
use crate::server::language::{choice_cookie, request_locale};
use crate::server::services::accounts;
use crate::server::AppState;
use axum::extract::State;
use axum::response::{AppendHeaders, IntoResponse, Response};
use http::{header, HeaderMap, StatusCode};

pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(input): ApiJson<Registration>,
) -> Result<Response, AppError> {
    let locale = request_locale(&headers);
    let user = accounts::register(&state.pool, &state.limits, input, ip, locale).await?;
    logged_in(&state, &headers, user, StatusCode::CREATED).await
}

pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(input): ApiJson<Credentials>,
) -> Result<Response, AppError> {
    let user = accounts::authenticate(&state.pool, &state.limits, input, ip).await?;
    logged_in(&state, &headers, user, StatusCode::OK).await
}

async fn logged_in(
    state: &AppState,
    headers: &HeaderMap,
    user: User,
    status: StatusCode,
) -> Result<Response, AppError> {
    // The site speaks the account's language from now on, on this device too.
    let (token, locale) = accounts::start_session(&state.pool, user.id).await?;
    let secure = cookie::is_https(headers, state.secure_cookies);
    Ok((
        AppendHeaders([
            (header::SET_COOKIE, token.set_cookie(secure)),
            (header::SET_COOKIE, choice_cookie(locale, secure)),
        ]),
        Reply(status, accounts::with_role(user, &state.moderators)),
    )
        .into_response())
}

/// Always succeeds: logging out twice is still logged out.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = SessionToken::from_headers(&headers) {
        state.sessions().end(&token).await?;
    }
    let secure = cookie::is_https(&headers, state.secure_cookies);
    Ok((
        [(header::SET_COOKIE, SessionToken::clear_cookie(secure))],
        Reply::done(Done::LoggedOut),
    )
        .into_response())
}

/// Ends every session of the logged-in user, this one included.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    state.sessions().end_all(&user).await?;
    let secure = cookie::is_https(&headers, state.secure_cookies);
    Ok((
        [(header::SET_COOKIE, SessionToken::clear_cookie(secure))],
        Reply::done(Done::LoggedOut),
    )
        .into_response())
}

pub async fn me(CurrentUser(user): CurrentUser) -> Reply<User> {
    Reply::ok(user)
}

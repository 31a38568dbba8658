//! Notification settings, Web Push subscriptions, and the one-click
//! unsubscribe link of the emails.

use super::{ApiJson, CurrentUser, Done, Reply};
use crate::domain::{
    AppError, NotificationSettings, PushEndpoint, PushSubscriptionJson, VapidPublicKey,
};
use crate::server::auth::SessionToken;
use crate::server::services::{notifications, push};
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, StatusCode};
use uuid::Uuid;

/// `GET /api/settings`.
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Reply<NotificationSettings>, AppError> {
    Ok(Reply::ok(
        notifications::settings(&state.pool, user.id).await?,
    ))
}

/// `POST /api/settings` `{emailNotifications}`.
pub async fn update_settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<NotificationSettings>,
) -> Result<Reply<NotificationSettings>, AppError> {
    Ok(Reply::ok(
        notifications::update_settings(&state.pool, user.id, input).await?,
    ))
}

/// `GET /api/push/vapid-public-key`: what browsers subscribe with.
pub async fn vapid_public_key(State(state): State<AppState>) -> Reply<VapidPublicKey> {
    Reply::ok(VapidPublicKey {
        key: state.notify.push.public_key().to_owned(),
    })
}

/// `POST /api/push/subscriptions`: this browser's `PushSubscription`.
pub async fn subscribe(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PushSubscriptionJson>,
) -> Result<Reply<Done>, AppError> {
    let session = SessionToken::from_headers(&headers).ok_or_else(AppError::unauthenticated)?;
    let allow_insecure = state.notify.push.allows_insecure();
    push::subscribe(&state.pool, allow_insecure, user.id, &session.hash(), input).await?;
    Ok(Reply(StatusCode::CREATED, Done::Subscribed))
}

/// `DELETE /api/push/subscriptions` `{endpoint}`.
pub async fn unsubscribe(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<PushEndpoint>,
) -> Result<Reply<Done>, AppError> {
    push::unsubscribe(&state.pool, user.id, &input.endpoint).await?;
    Ok(Reply::done(Done::Unsubscribed))
}

/// `POST /unsubscribe/{token}`: the emails' unsubscribe link, without a
/// cookie. A mail client's one-click POST (RFC 8058, body
/// `List-Unsubscribe=One-Click`) gets a plain 200; the button on the
/// link's page goes back to that page, which now says emails are off.
pub async fn one_click_unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: String,
) -> Result<Response, AppError> {
    let token: Uuid = token
        .parse()
        .map_err(|_| AppError::not_found("Unsubscribe link"))?;
    notifications::unsubscribe(&state.pool, token).await?;
    if body.contains("List-Unsubscribe=One-Click") {
        Ok((StatusCode::OK, "Email notifications are off.").into_response())
    } else {
        Ok(Redirect::to(&format!("/unsubscribe/{token}")).into_response())
    }
}

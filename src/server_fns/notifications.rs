//! The settings page's calls: email notifications on and off, this
//! browser's push subscription, and the page of an email's unsubscribe
//! link. Over `services::notifications` and `services::push`.

use crate::domain::{AppError, NotificationSettings, PushSubscriptionJson, Unsubscription};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {
    super::ssr::{request_headers, require_user, state},
    crate::server::auth::SessionToken,
    crate::server::services::{notifications, push},
};

#[server(prefix = "/rpc", endpoint = "notification_settings")]
pub async fn get_notification_settings() -> Result<NotificationSettings, AppError> {
    let user = require_user().await?;
    notifications::settings(&state()?.pool, user.id).await
}

/// Emails about unread messages on (`email_notifications`) or off.
#[server(prefix = "/rpc", endpoint = "set_email_notifications")]
pub async fn set_email_notifications(
    // An unticked checkbox sends nothing.
    #[server(default)] email_notifications: bool,
) -> Result<NotificationSettings, AppError> {
    let user = require_user().await?;
    let settings = NotificationSettings {
        email_notifications,
    };
    notifications::update_settings(&state()?.pool, user.id, settings).await
}

/// The key this browser subscribes to pushes with (its bytes, as
/// `pushManager.subscribe` takes them).
#[server(prefix = "/rpc", endpoint = "push_public_key")]
pub async fn push_public_key() -> Result<Vec<u8>, AppError> {
    let state = state()?;
    crate::server::notify::push::vapid::decode(state.notify.push.public_key())
        .ok_or_else(AppError::internal)
}

/// Stores this browser's push subscription for the logged-in user.
#[server(prefix = "/rpc", endpoint = "save_push_subscription", input = server_fn::codec::Json)]
pub async fn save_push_subscription(subscription: PushSubscriptionJson) -> Result<(), AppError> {
    let user = require_user().await?;
    let state = state()?;
    let session =
        SessionToken::from_headers(&request_headers()).ok_or_else(AppError::unauthenticated)?;
    let allow_insecure = state.notify.push.allows_insecure();
    push::subscribe(
        &state.pool,
        allow_insecure,
        user.id,
        &session.hash(),
        subscription,
    )
    .await
}

/// This browser gets no more pushes.
#[server(prefix = "/rpc", endpoint = "remove_push_subscription")]
pub async fn remove_push_subscription(endpoint: String) -> Result<(), AppError> {
    let user = require_user().await?;
    push::unsubscribe(&state()?.pool, user.id, &endpoint).await
}

/// What an unsubscribe link is about (no login: the link is the key).
#[server(prefix = "/rpc", endpoint = "unsubscription")]
pub async fn get_unsubscription(token: Uuid) -> Result<Unsubscription, AppError> {
    notifications::unsubscription(&state()?.pool, token).await
}

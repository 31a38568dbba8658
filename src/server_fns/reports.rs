//! Reporting from the thread, and the moderators' lists (`services::reports`).

use crate::domain::{AppError, RepeatPaymentSender, Report, ReportReason};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {
    super::ssr::{require_user, state},
    crate::domain::NewReport,
    crate::server::services::reports,
};

/// Reports a message (`message_id`) or a person (`user_id`).
#[server(prefix = "/rpc", endpoint = "report")]
pub async fn send_report(
    message_id: Option<Uuid>,
    user_id: Option<Uuid>,
    reason: ReportReason,
    details: Option<String>,
) -> Result<(), AppError> {
    let user = require_user().await?;
    let state = state()?;
    let input = NewReport {
        message_id,
        user_id,
        reason,
        details,
    };
    reports::report(&state.pool, &state.limits, user.id, input).await?;
    Ok(())
}

/// The newest reports; only moderators get them (404 for anyone else).
#[server(prefix = "/rpc", endpoint = "list_reports")]
pub async fn list_reports() -> Result<Vec<Report>, AppError> {
    let user = require_user().await?;
    let state = state()?;
    reports::list(&state.pool, &state.moderators, &user).await
}

/// Senders flagged `payment` three times or more in a day; moderators
/// only (404 for anyone else).
#[server(prefix = "/rpc", endpoint = "repeat_payment_senders")]
pub async fn repeat_payment_senders() -> Result<Vec<RepeatPaymentSender>, AppError> {
    let user = require_user().await?;
    let state = state()?;
    reports::repeat_payment_senders(&state.pool, &state.moderators, &user).await
}

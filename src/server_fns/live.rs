//! The page's one sync per tick, and typing (see `services::sync`).

use crate::domain::{AppError, SyncReply};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {
    super::ssr::{require_user, state},
    crate::domain::SyncQuery,
    crate::server::services::{sync, typing},
};

/// What changed since `since` (the cursor of the answer tagged `etag`).
#[server(prefix = "/rpc", endpoint = "sync")]
pub async fn sync_changes(
    since: Option<String>,
    etag: Option<String>,
    conversation_id: Option<Uuid>,
    after: Option<Uuid>,
) -> Result<SyncReply, AppError> {
    let user = require_user().await?;
    let state = state()?;
    let request = SyncQuery {
        since,
        conversation_id: conversation_id.map(|id| id.to_string()),
        after: after.map(|id| id.to_string()),
    }
    .parse()?;
    let synced =
        sync::sync_unless_unchanged(&state.pool, &state.live, user.id, request, etag.as_deref())
            .await?;
    Ok(match synced {
        Some((answer, etag)) => SyncReply::Changed { answer, etag },
        None => SyncReply::Unchanged,
    })
}

/// I am typing in the conversation.
#[server(prefix = "/rpc", endpoint = "typing")]
pub async fn typing_in(conversation_id: Uuid) -> Result<(), AppError> {
    let user = require_user().await?;
    typing::typing(&state()?.pool, user.id, conversation_id).await
}

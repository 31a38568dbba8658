//! For load balancers: `/healthz` says the process is up, `/readyz` that it
//! can serve (database reachable, schema migrated).

use crate::server::services::health;
use crate::server::AppState;
use axum::extract::State;
use axum::response::IntoResponse;
use http::StatusCode;

pub async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, "ok")
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match health::ready(&state.pool).await {
        Ok(()) => (StatusCode::OK, "ready".to_owned()),
        Err(reason) => (StatusCode::SERVICE_UNAVAILABLE, reason),
    }
}

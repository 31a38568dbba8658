//! No request runs forever: a whole request, its body included, gets 30
//! seconds, then the client is told to try again (503 in the envelope),
//! and the work behind it is dropped. The event stream is the exception.

use super::rpc_errors::error_response;
use crate::domain::{AppError, ErrorCode};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Duration;

pub const REQUEST_DEADLINE: Duration = Duration::from_secs(30);

/// The event stream stays open for as long as the page does.
const UNBOUNDED: &[&str] = &["/api/messages/events"];

pub async fn request_deadline(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if UNBOUNDED.contains(&path.as_str()) {
        return next.run(request).await;
    }
    match tokio::time::timeout(REQUEST_DEADLINE, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%path, "request ran out of time");
            let error = AppError::new(
                ErrorCode::Unavailable,
                "The request took too long. Please try again.",
            );
            error_response(&path, error)
        }
    }
}

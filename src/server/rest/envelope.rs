//! The envelope every API response wears: `{"success": true, "data": …}`
//! or `{"success": false, "error": "<sentence>", "code": "<code>"}`.

use crate::domain::{AppError, ErrorCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::StatusCode;
use serde::Serialize;

/// A successful reply with a status.
pub struct Reply<T>(pub StatusCode, pub T);

impl<T> Reply<T> {
    pub fn ok(data: T) -> Self {
        Reply(StatusCode::OK, data)
    }

    pub fn created(data: T) -> Self {
        Reply(StatusCode::CREATED, data)
    }
}

impl Reply<serde_json::Value> {
    /// The reply of an action with nothing to return but its success,
    /// e.g. `{"read": true}`.
    pub fn done(what: &'static str) -> Self {
        Reply::ok(serde_json::json!({ what: true }))
    }
}

impl<T: Serialize> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "success": true, "data": self.1 });
        (self.0, Json(body)).into_response()
    }
}

/// A page of a list: `data` stays the array, and `nextCursor` (null on
/// the last page) sits beside it.
pub struct Paged<T> {
    pub data: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T: Serialize> IntoResponse for Paged<T> {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "success": true,
            "data": self.data,
            "nextCursor": self.next_cursor,
        });
        Json(body).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "success": false,
            "error": self.message,
            "code": self.code,
        });
        let mut response = (self.code.status(), Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

pub async fn unknown_endpoint() -> AppError {
    AppError::new(ErrorCode::UnknownEndpoint, "No such API endpoint")
}

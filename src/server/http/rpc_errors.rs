//! Server functions answer with the same statuses as the REST API.
//!
//! `server_fn` sends every error with status 500 and its body (our
//! `AppError` as JSON, marked by the `serverfnerror` header). This layer
//! sets the status its code stands for, so a client mistake is a 4xx on
//! `/rpc` too, undecodable arguments included, and refuses bodies over the
//! limit before any server function reads them.

use crate::domain::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};

/// The largest JSON or form body a request may carry.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The header `server_fn` marks its error responses with.
const SERVER_FN_ERROR: &str = "serverfnerror";

pub async fn with_real_statuses(request: Request, next: Next) -> Response {
    let is_rpc = request.uri().path().starts_with("/rpc/");
    if is_rpc && declared_length(&request).is_some_and(|n| n > MAX_BODY_BYTES) {
        let path = request.uri().path().to_owned();
        return rpc_error(&path, AppError::payload_too_large(MAX_BODY_BYTES));
    }
    let response = next.run(request).await;
    // A form posted without JavaScript gets its error as a redirect back
    // to the page (`?__err=…`), which must stay a redirect.
    let sent_as_500 = response.status() == StatusCode::INTERNAL_SERVER_ERROR;
    if !sent_as_500 || !response.headers().contains_key(SERVER_FN_ERROR) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Error bodies are a code and a sentence: small.
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return AppError::internal().into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.code.status();
        if let Some(seconds) = error.retry_after {
            parts.headers.insert(header::RETRY_AFTER, seconds.into());
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn declared_length(request: &Request) -> Option<usize> {
    request
        .headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// `error` as the caller of `path` reads errors: a server function's body
/// under `/rpc`, the API's envelope elsewhere.
pub(super) fn error_response(path: &str, error: AppError) -> Response {
    if path.starts_with("/rpc/") {
        rpc_error(path, error)
    } else {
        error.into_response()
    }
}

/// An error as a server function sends it, with its real status.
fn rpc_error(path: &str, error: AppError) -> Response {
    let body = serde_json::to_vec(&error).unwrap_or_default();
    let mut response = (error.code.status(), body).into_response();
    let headers = response.headers_mut();
    if let Some(seconds) = error.retry_after {
        headers.insert(header::RETRY_AFTER, seconds.into());
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(path) = HeaderValue::from_str(path) {
        headers.insert(SERVER_FN_ERROR, path);
    }
    response
}

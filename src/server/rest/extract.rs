//! Extractors that turn every kind of bad input into a 400 in the envelope
//! (axum's own rejections are plain text), and the logged-in user.

use crate::domain::{AppError, ErrorCode, User};
use crate::server::client_ip::client_ip;
use crate::server::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use http::request::Parts;
use std::net::IpAddr;
use uuid::Uuid;

/// A JSON body; malformed JSON, a wrong type or a missing field is a 400
/// that says which.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == http::StatusCode::PAYLOAD_TOO_LARGE {
            return AppError::payload_too_large(crate::server::http::MAX_BODY_BYTES);
        }
        match rejection {
            JsonRejection::MissingJsonContentType(_) => AppError::new(
                ErrorCode::InvalidContentType,
                "Send the body as JSON with Content-Type: application/json",
            ),
            JsonRejection::JsonSyntaxError(_) => {
                AppError::new(ErrorCode::InvalidJson, "The request body is not valid JSON")
            }
            JsonRejection::JsonDataError(e) => AppError::new(
                ErrorCode::InvalidField,
                format!("Invalid request body: {}", e.body_text()),
            ),
            other => AppError::new(ErrorCode::InvalidBody, other.body_text()),
        }
    }
}

/// The `{id}` of a path, which must be a uuid.
#[derive(FromRequestParts, serde::Deserialize)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath(pub Uuid);

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        AppError::new(ErrorCode::InvalidId, "id must be a valid UUID")
    }
}

/// Query parameters; a bad one is a 400 that says which.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        let detail = match rejection {
            QueryRejection::FailedToDeserializeQueryString(e) => {
                format!("Invalid query: {}", e.body_text())
            }
            other => other.body_text(),
        };
        AppError::new(ErrorCode::InvalidQuery, detail)
    }
}

/// The client's IP address, when known (see `server::client_ip`).
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(
            &parts.headers,
            &parts.extensions,
            state.trust_proxy,
        )))
    }
}

/// The logged-in user; rejects the request with 401 when there is none.
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (user, _) = state.sessions().require(&parts.headers).await?;
        Ok(CurrentUser(user))
    }
}

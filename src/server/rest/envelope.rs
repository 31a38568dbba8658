//! The envelope every API response wears, and extractors that turn every
//! kind of bad input into a 400 in that envelope (axum's own rejections are
//! plain text).

use crate::domain::{AppError, ErrorKind};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::request::Parts;
use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

/// A successful reply: `{"success": true, "data": …}` with a status.
pub struct Reply<T>(pub StatusCode, pub T);

impl<T> Reply<T> {
    pub fn ok(data: T) -> Self {
        Reply(StatusCode::OK, data)
    }

    pub fn created(data: T) -> Self {
        Reply(StatusCode::CREATED, data)
    }
}

impl<T: Serialize> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "success": true, "data": self.1 });
        (self.0, Json(body)).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::json!({
            "success": false,
            "error": self.message,
            "code": self.code,
        });
        (status, Json(body)).into_response()
    }
}

/// A JSON body; malformed JSON, a wrong type or a missing field is a 400
/// that says which.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::bad_request(
            "invalid_content_type",
            "Send the body as JSON with Content-Type: application/json",
        ),
        JsonRejection::JsonSyntaxError(_) => {
            AppError::bad_request("invalid_json", "The request body is not valid JSON")
        }
        JsonRejection::JsonDataError(e) => AppError::bad_request(
            "invalid_field",
            format!("Invalid request body: {}", e.body_text()),
        ),
        other => AppError::bad_request("invalid_body", other.body_text()),
    }
}

/// The `{id}` of a path, which must be a uuid.
pub struct ApiPath(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for ApiPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| invalid_id("id"))?;
        raw.parse().map(ApiPath).map_err(|_| invalid_id("id"))
    }
}

pub fn invalid_id(field: &str) -> AppError {
    AppError::bad_request("invalid_id", format!("{field} must be a valid UUID"))
}

/// Query parameters; a bad one is a 400 that says which.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(AppError::bad_request(
                "invalid_query",
                format!("Invalid query: {}", e.body_text()),
            )),
            Err(other) => Err(AppError::bad_request("invalid_query", other.body_text())),
        }
    }
}

pub async fn unknown_endpoint() -> AppError {
    AppError::new(
        ErrorKind::NotFound,
        "unknown_endpoint",
        "No such API endpoint",
    )
}

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

/// What an action with nothing else to return did, answered as
/// `{"<what>": true}` (e.g. `{"read": true}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Read,
    Unread,
    Archived,
    Unarchived,
    Deleted,
    Blocked,
    Unblocked,
    LoggedOut,
    Subscribed,
    Unsubscribed,
    /// A call declined or hung up.
    Ended,
    /// A call's signal passed on.
    Sent,
    /// A side of a call said it is there.
    Alive,
}

impl Done {
    /// The key on the wire.
    pub fn key(self) -> &'static str {
        match self {
            Done::Read => "read",
            Done::Unread => "unread",
            Done::Archived => "archived",
            Done::Unarchived => "unarchived",
            Done::Deleted => "deleted",
            Done::Blocked => "blocked",
            Done::Unblocked => "unblocked",
            Done::LoggedOut => "loggedOut",
            Done::Subscribed => "subscribed",
            Done::Unsubscribed => "unsubscribed",
            Done::Ended => "ended",
            Done::Sent => "sent",
            Done::Alive => "alive",
        }
    }
}

impl Serialize for Done {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Outcome::new(*self, true).serialize(serializer)
    }
}

impl Reply<Done> {
    pub fn done(what: Done) -> Self {
        Reply::ok(what)
    }
}

/// Whether an action happened or had nothing left to act on, answered as
/// `{"<what>": true}` or `{"<what>": false}` (e.g. `{"sent": false}` for a
/// signal to a call that has just ended).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    what: Done,
    happened: bool,
}

impl Outcome {
    pub fn new(what: Done, happened: bool) -> Self {
        Outcome { what, happened }
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.what.key(), &self.happened)?;
        map.end()
    }
}

/// The envelope of an answer, written straight from the data (not through
/// a `serde_json::Value`, which would copy every field into a map first).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Success<T, C> {
    success: bool,
    data: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<C>,
}

impl<T: Serialize> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        let body = Success::<T, ()> {
            success: true,
            data: self.1,
            next_cursor: None,
        };
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
        // `nextCursor` is always there: null on the last page.
        let body = Success {
            success: true,
            data: self.data,
            next_cursor: Some(self.next_cursor),
        };
        Json(body).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Failure<'a> {
            success: bool,
            error: &'a str,
            code: ErrorCode,
        }
        let body = Failure {
            success: false,
            error: &self.message,
            code: self.code,
        };
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

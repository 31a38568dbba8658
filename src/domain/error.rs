//! One error type for the whole application. The REST layer turns it into
//! the `{"success": false, "error", "code"}` envelope; server functions send
//! it to the browser as is, so the UI can show the same sentence.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// What went wrong, which decides the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    BadRequest,
    Unauthenticated,
    NotFound,
    Conflict,
    TooManyRequests,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::Unauthenticated => 401,
            ErrorKind::NotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::TooManyRequests => 429,
            ErrorKind::Internal => 500,
        }
    }
}

/// An error with a sentence for a person and a code for a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub kind: ErrorKind,
    pub code: Cow<'static, str>,
    pub message: Cow<'static, str>,
}

impl AppError {
    pub fn new(
        kind: ErrorKind,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            kind,
            code: code.into(),
            message: message.into(),
        }
    }

    pub fn bad_request(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(ErrorKind::BadRequest, code, message)
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            ErrorKind::Unauthenticated,
            "not_authenticated",
            "Not authenticated",
        )
    }

    /// `what` is the thing that was not found, e.g. "Conversation".
    pub fn not_found(what: &str) -> Self {
        Self::new(
            ErrorKind::NotFound,
            "not_found",
            format!("{what} not found"),
        )
    }

    pub fn conflict(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(ErrorKind::Conflict, code, message)
    }

    /// Never carries internal detail: that goes to the log, not to the user.
    pub fn internal() -> Self {
        Self::new(
            ErrorKind::Internal,
            "internal_error",
            "Something went wrong on our side. Please try again.",
        )
    }

    pub fn too_many_requests() -> Self {
        Self::new(
            ErrorKind::TooManyRequests,
            "too_many_requests",
            "Too many attempts. Please wait a moment and try again.",
        )
    }

    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }
}

/// Failures of the server-function transport itself (network down, server
/// unreachable, undecodable reply) become an `Internal` error whose sentence
/// is still fit to show.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Request(_) => Self::new(
                ErrorKind::Internal,
                "network_error",
                "Could not reach the server. Check your connection.",
            ),
            E::Args(detail) | E::MissingArg(detail) => {
                Self::bad_request("invalid_input", format!("Invalid input: {detail}"))
            }
            _ => Self::internal(),
        }
    }
}

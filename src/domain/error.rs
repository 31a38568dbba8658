//! One error type for the whole application. The REST layer turns it into
//! the `{"success": false, "error", "code"}` envelope; server functions send
//! it to the browser as `{"code", "error"}`, so the UI can show the same
//! sentence and act on the same code.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Every machine-readable error code the application answers with. The
/// code decides the HTTP status; the sentence beside it is for people.
/// `ErrorCode::iter()` lists them all, by construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // 400: the request itself is wrong.
    InvalidJson,
    InvalidContentType,
    InvalidBody,
    InvalidField,
    InvalidQuery,
    InvalidInput,
    MissingField,
    InvalidId,
    InvalidPage,
    InvalidLimit,
    EmptyContent,
    ContentTooLong,
    InvalidTitle,
    InvalidDescription,
    InvalidPrice,
    InvalidEmail,
    InvalidName,
    InvalidCharacters,
    WeakPassword,
    InvalidPassword,
    RecipientIsSelf,
    RecipientNotSeller,
    CannotBlockSelf,
    CannotReportSelf,
    TooManyAttachments,
    InvalidAttachment,
    InvalidImage,
    InvalidAudio,
    RecordingTooLong,
    InvalidSubscription,
    InvalidPushEndpoint,
    OfferTooLow,
    OfferTooHigh,
    CannotAnswerOwnOffer,
    // 401
    NotAuthenticated,
    InvalidCredentials,
    // 403
    ForbiddenOrigin,
    Blocked,
    /// Only an offer's author may withdraw it.
    NotYourOffer,
    // 404: unknown, or not the asker's to see.
    NotFound,
    UnknownEndpoint,
    // 409
    EmailTaken,
    NothingToMarkUnread,
    AttachmentUsed,
    /// The person called is already in a call.
    Busy,
    /// The call was answered, declined or hung up already.
    CallEnded,
    /// A conversation has one offer waiting for an answer at a time.
    OfferPending,
    ListingNotAvailable,
    OfferNotPending,
    // 413
    PayloadTooLarge,
    // 415
    UnsupportedFileType,
    // 429
    RateLimited,
    // 500: never with internal detail.
    InternalError,
    /// The browser could not reach the server (never sent by the server).
    NetworkError,
    // 503
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status a response with this code carries.
    #[cfg(feature = "ssr")]
    pub fn status(self) -> http::StatusCode {
        use http::StatusCode as S;
        use ErrorCode::*;
        match self {
            InvalidJson | InvalidContentType | InvalidBody | InvalidField | InvalidQuery
            | InvalidInput | MissingField | InvalidId | InvalidPage | InvalidLimit
            | EmptyContent | ContentTooLong | InvalidTitle | InvalidDescription | InvalidPrice
            | InvalidEmail | InvalidName | InvalidCharacters | WeakPassword | InvalidPassword
            | RecipientIsSelf | RecipientNotSeller | CannotBlockSelf | CannotReportSelf
            | TooManyAttachments | InvalidAttachment | InvalidImage | InvalidAudio
            | RecordingTooLong | InvalidSubscription | InvalidPushEndpoint | OfferTooLow
            | OfferTooHigh | CannotAnswerOwnOffer => S::BAD_REQUEST,
            NotAuthenticated | InvalidCredentials => S::UNAUTHORIZED,
            ForbiddenOrigin | Blocked | NotYourOffer => S::FORBIDDEN,
            NotFound | UnknownEndpoint => S::NOT_FOUND,
            EmailTaken | NothingToMarkUnread | AttachmentUsed | Busy | CallEnded | OfferPending
            | ListingNotAvailable | OfferNotPending => S::CONFLICT,
            PayloadTooLarge => S::PAYLOAD_TOO_LARGE,
            UnsupportedFileType => S::UNSUPPORTED_MEDIA_TYPE,
            RateLimited => S::TOO_MANY_REQUESTS,
            InternalError | NetworkError => S::INTERNAL_SERVER_ERROR,
            Unavailable => S::SERVICE_UNAVAILABLE,
        }
    }
}

/// An error with a sentence for a person and a code for a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    #[serde(rename = "error")]
    pub message: Cow<'static, str>,
    /// With `rate_limited`: seconds until a retry can succeed (the
    /// `Retry-After` header).
    #[serde(
        default,
        rename = "retryAfter",
        skip_serializing_if = "Option::is_none"
    )]
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::NotAuthenticated, "Not authenticated")
    }

    /// `what` is the thing that was not found, e.g. "Conversation".
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    /// Never carries internal detail: that goes to the log, not to the user.
    pub fn internal() -> Self {
        Self::new(
            ErrorCode::InternalError,
            "Something went wrong on our side. Please try again.",
        )
    }

    pub fn unavailable() -> Self {
        Self::new(
            ErrorCode::Unavailable,
            "The service is briefly unavailable. Please try again in a moment.",
        )
    }

    pub fn payload_too_large(limit_bytes: usize) -> Self {
        Self::new(
            ErrorCode::PayloadTooLarge,
            format!("The request body is too large (at most {limit_bytes} bytes)"),
        )
    }

    pub fn is_not_found(&self) -> bool {
        self.code == ErrorCode::NotFound
    }
}

/// Failures of the server-function transport itself (network down, server
/// unreachable, undecodable arguments or reply) become errors whose
/// sentence is still fit to show.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Request(_) => Self::new(
                ErrorCode::NetworkError,
                "Could not reach the server. Check your connection.",
            ),
            // A body over the size limit fails while it is read.
            E::Deserialization(detail) if detail.contains("length limit exceeded") => {
                Self::new(ErrorCode::PayloadTooLarge, "The request body is too large")
            }
            E::Args(detail) | E::MissingArg(detail) => {
                Self::new(ErrorCode::InvalidInput, format!("Invalid input: {detail}"))
            }
            // On the server this is the request's body; in the browser, a
            // reply it could not read, which is ours to fix.
            E::Deserialization(detail) if cfg!(feature = "ssr") => {
                Self::new(ErrorCode::InvalidInput, format!("Invalid input: {detail}"))
            }
            _ => Self::internal(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_on_the_wire() {
        let json = serde_json::to_value(AppError::new(ErrorCode::EmailTaken, "taken")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "email_taken", "error": "taken"})
        );
    }

    #[test]
    fn every_code_is_in_the_api_reference() {
        use strum::IntoEnumIterator;
        let reference = include_str!("../../docs/api.md");
        for code in ErrorCode::iter() {
            let name = serde_json::to_value(code).unwrap();
            let quoted = format!("`{}`", name.as_str().unwrap());
            assert!(
                reference.contains(&quoted),
                "{quoted} is not in docs/api.md"
            );
        }
    }

    #[test]
    fn every_code_round_trips() {
        use strum::IntoEnumIterator;
        for code in ErrorCode::iter() {
            let text = serde_json::to_string(&code).unwrap();
            assert_eq!(serde_json::from_str::<ErrorCode>(&text).unwrap(), code);
        }
    }
}

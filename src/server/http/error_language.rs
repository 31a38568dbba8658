//! Error sentences in the asker's language: an error answer of the REST
//! API (`{"success": false, "error", "code"}`) or of a server function
//! (`{"code", "error"}`) asked for in French gets its code's French
//! sentence. Codes never change; only error answers are read and rewritten.

use crate::domain::language::Locale;
use crate::domain::{error_sentence::code_sentence, ErrorCode};
use crate::server::language::AskedLanguage;
use axum::body::{to_bytes, Body, HttpBody};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header;
use serde_json::Value;

/// Error bodies are a few hundred bytes; anything larger is left alone.
const ERROR_BODY_MAX: usize = 64 * 1024;

pub async fn in_asked_language(request: Request, next: Next) -> Response {
    // Read only for an error answer: most answers are not errors.
    let asked = AskedLanguage::of(request.headers());
    let response = next.run(request).await;
    if response.status().as_u16() < 400 {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    // Only bodies known to be small and whole: a stream is never held.
    let small = HttpBody::size_hint(response.body())
        .upper()
        .is_some_and(|length| length <= ERROR_BODY_MAX as u64);
    if !is_json || !small {
        return response;
    }
    let locale = asked.locale();
    if locale == Locale::en {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_BODY_MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Some(translated) = translated(&bytes, locale) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(translated))
}

/// The body with its `error` sentence in `locale`, when it is an error
/// body with a known code.
fn translated(body: &[u8], locale: Locale) -> Option<Vec<u8>> {
    let mut json: Value = serde_json::from_slice(body).ok()?;
    let object = json.as_object_mut()?;
    let code: ErrorCode = serde_json::from_value(object.get("code")?.clone()).ok()?;
    object.get("error")?.as_str()?;
    object.insert("error".into(), Value::String(code_sentence(code, locale)));
    serde_json::to_vec(&json).ok()
}

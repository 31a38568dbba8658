//! Response headers every answer carries: caching rules and the browser's
//! security policies.
//!
//! Caching makes a rolling deploy safe: files under `/pkg` carry a hash of
//! their content in their name (cargo-leptos `hash-files`), so they are
//! cached for good; pages are revalidated, so a page always names the files
//! of its own build; anything private (JSON, a logged-in visitor's pages) is
//! never stored.

use crate::server::auth::SessionToken;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{header, HeaderMap, HeaderValue};

pub async fn response_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let immutable = path.starts_with("/pkg/");
    let api = path.starts_with("/api/") || path.starts_with("/rpc/");
    let private = api || has_session_cookie(request.headers());
    let mut response = next.run(request).await;
    let cache = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else if private {
        "no-store"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    set_default(headers, header::CACHE_CONTROL, cache);
    if !immutable && !api {
        // A page is in the language its cookie or Accept-Language asks for.
        set_default(headers, header::VARY, "Cookie, Accept-Language");
    }
    set_default(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(headers, header::REFERRER_POLICY, "same-origin");
    set_default(headers, header::X_FRAME_OPTIONS, "DENY");
    response
}

fn set_default(headers: &mut HeaderMap, name: header::HeaderName, value: &'static str) {
    headers
        .entry(name)
        .or_insert(HeaderValue::from_static(value));
}

/// The Content-Security-Policy of a page: scripts only from this site or
/// inline with this response's nonce (what hydration needs), WebAssembly
/// compiled from those scripts, nothing framing the page.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Whether the request carries a session cookie (valid or not): only then
/// can a page hold an island, all of which are behind a login.
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    SessionToken::from_headers(headers).is_some()
}

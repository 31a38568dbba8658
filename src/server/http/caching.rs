//! Caching rules that make a rolling deploy safe: files under `/pkg` carry
//! a hash of their content in their name (cargo-leptos `hash-files`), so
//! they can be cached for good; everything else, pages first, is
//! revalidated, so a page always names the files its own build made.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{header, HeaderValue};

pub async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(value));
    response
}

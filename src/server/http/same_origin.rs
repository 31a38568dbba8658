//! Cross-site request refusal: a page on another site must not make a
//! logged-in visitor's browser change anything here (send a message, log
//! in as someone else). SameSite=Lax cookies already stop most of it; this
//! holds where they do not (older browsers, sibling subdomains, top-level
//! form posts to a login).
//!
//! Every request that can change something (not GET, HEAD or OPTIONS)
//! under `/api` and `/rpc` whose `Origin` is not the site's own, or that
//! has no `Origin` but `Sec-Fetch-Site: cross-site`, is refused with 403
//! `forbidden_origin` before anything runs. Requests with neither header
//! (curl, scripts, server-to-server) pass: they carry no visitor's cookies
//! by accident.

use super::rpc_errors::error_response;
use crate::domain::{AppError, ErrorCode};
use crate::server::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{header, HeaderMap, Method};

pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let guarded = path.starts_with("/api/") || path.starts_with("/rpc/");
    let changes_something = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if guarded && changes_something && is_cross_site(request.headers(), &state) {
        let error = AppError::new(
            ErrorCode::ForbiddenOrigin,
            "This request came from another site and was refused",
        );
        return error_response(path, error);
    }
    next.run(request).await
}

fn is_cross_site(headers: &HeaderMap, state: &AppState) -> bool {
    match headers.get(header::ORIGIN) {
        Some(origin) => !origin
            .to_str()
            .is_ok_and(|origin| is_own_origin(origin, headers, state)),
        None => headers
            .get("sec-fetch-site")
            .is_some_and(|site| site == "cross-site"),
    }
}

/// With `SOUK_PUBLIC_URL` the origin must be exactly it; without, its host
/// (and port) must be the request's `Host`, whatever the scheme a proxy in
/// front of us terminated.
fn is_own_origin(origin: &str, headers: &HeaderMap, state: &AppState) -> bool {
    if let Some(own) = &state.public_origin {
        return origin.eq_ignore_ascii_case(own);
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

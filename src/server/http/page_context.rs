//! What the HTTP layer hands each render (a page, or a server function):
//! the app's state and, for a page, its Content-Security-Policy (naming the
//! nonce of this response's inline scripts) and whether it may hold
//! islands.

use super::headers::{content_security_policy, has_session_cookie};
use crate::server::AppState;
use crate::ui_support::hydration::IslandsAllowed;
use leptos::nonce::use_nonce;
use leptos::prelude::{provide_context, use_context};

pub fn provide(state: &AppState) {
    provide_context(state.clone());
    if let Some(request) = use_context::<http::request::Parts>() {
        provide_context(IslandsAllowed(has_session_cookie(&request.headers)));
    }
    set_content_security_policy();
}

/// Only a page has a nonce (a server function's answer has no scripts).
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = content_security_policy(&nonce.to_string());
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

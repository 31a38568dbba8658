//! Assembling the axum application and serving it.

mod deadline;
mod error_language;
mod headers;
mod health;
mod language;
mod page_context;
mod rpc_errors;
mod same_origin;
mod serve;

pub use rpc_errors::MAX_BODY_BYTES;
pub use serve::{serve, serve_until};

use super::{rest, AppState};
use crate::app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// The whole site: the REST API, the server functions, the pages, and the
/// load balancer's probes.
pub fn app(state: AppState) -> Router {
    let routes = route_list();
    let page_state = state.clone();
    let page_context = move || page_context::provide(&page_state);
    let shell_options = state.leptos_options.clone();
    // Files are served by a ServeDir of our own, before any rendering:
    // leptos_axum's file handler serves them inside a reactive owner made on
    // the request's thread, which can inherit the response options of a
    // "Page not found" rendering at the same moment and answer 404.
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        page_context.clone(),
        shell,
    )
    .with_state(state.clone());
    let files = ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_gzip()
        .precompressed_br()
        .fallback(not_found);
    Router::new()
        .merge(rest::router())
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/language", post(language::choose_language))
        .leptos_routes_with_context(&state, routes, page_context, move || {
            shell(shell_options.clone())
        })
        .fallback_service(files)
        .layer(middleware::from_fn(rpc_errors::with_real_statuses))
        .layer(middleware::from_fn(error_language::in_asked_language))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            same_origin::refuse_cross_site,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(deadline::request_deadline))
        .layer(middleware::from_fn(headers::response_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The pages' routes, listed once per process: while Leptos lists them it
/// stops every resource from loading, process-wide, so listing them again
/// (another router in the same process, as the tests make) would leave a
/// page rendering at that moment waiting for its data forever.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

//! souk: buyer–seller messaging for a classifieds marketplace.
//!
//! One crate, built twice: with `ssr` it is the axum server (`server`),
//! with `hydrate` it is the WASM that makes the server-rendered pages live.
//! - `domain`: types and rules shared by both builds
//! - `server_fns`: server functions (the pages' calls to the server, at `/rpc`)
//! - `app`, `pages`, `components`: the Leptos UI
//! - `server` (ssr only): database, services, auth, REST API, HTTP server

pub mod app;
pub mod components;
pub mod context;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod server_fns;
pub mod ui_support;

/// Brings the page's islands to life: the island script calls this, then
/// hydrates each island (`<leptos-island>`), fetching a lazy one's code
/// first. The page is live once every island has said so
/// (`components::hydration`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A page without islands is live now.
    ui_support::hydration::check();
}

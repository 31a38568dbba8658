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

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (pages split out of this module) hydrate once their code
    // has arrived, so hydration is asynchronous.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Lets browser tests wait for a live page instead of sleeping. Set
        // on the next task, not now: the contents of `<Suspense>` hydrate
        // when their (already serialized) resources resolve, in microtasks
        // that all run before a timeout does.
        leptos::prelude::set_timeout(
            || {
                components::hydration::hydration_done();
                if let Some(window) = web_sys::window() {
                    let _ = js_sys::Reflect::set(&window, &"__SOUK_HYDRATED".into(), &true.into());
                }
            },
            std::time::Duration::ZERO,
        );
    });
}

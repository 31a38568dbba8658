//! When the page is live: every island on it hydrated. The islands of a
//! page hydrate one after another, a lazy one once its code has arrived;
//! until then, nothing may change what an island shows (the live updates
//! would make the one still hydrating differ from the server's HTML, which
//! Leptos cannot recover from). Each island says when it is done; the page
//! is live when all have.

use std::cell::{Cell, RefCell};

/// Whether the page being rendered may hold islands, as the HTTP layer
/// says per request: every island is behind a login, so a request without
/// a session cookie gets a page with no code at all.
#[derive(Clone, Copy, Debug)]
pub struct IslandsAllowed(pub bool);

thread_local! {
    static READY: Cell<usize> = const { Cell::new(0) };
    static DONE: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::new(Vec::new());
}

/// Runs `work` once the page is live (at once if it already is; never on
/// the server).
pub fn after_hydration(work: impl FnOnce() + 'static) {
    if DONE.with(Cell::get) {
        work();
    } else {
        WAITING.with(|waiting| waiting.borrow_mut().push(Box::new(work)));
    }
}

/// Called by each island once it has hydrated (see [`island_hydrated`]).
#[cfg(feature = "hydrate")]
fn one_more_hydrated() {
    READY.with(|ready| ready.set(ready.get() + 1));
    check();
}

/// Says when this island has hydrated: call it at the top of every island.
/// Effects run only in the browser, after the island's first render.
pub fn island_hydrated() {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move |_: Option<()>| one_more_hydrated());
}

/// Called by `hydrate()`, and after each island: once every island of the
/// page has hydrated, runs what waited, and tells the browser tests
/// (`window.__SOUK_HYDRATED`).
#[cfg(feature = "hydrate")]
pub fn check() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Islands inside islands hydrate with their parent, which says so.
    let islands = document
        .query_selector_all("leptos-island:not(leptos-island leptos-island)")
        .map(|list| list.length() as usize)
        .unwrap_or(0);
    if DONE.with(Cell::get) || READY.with(Cell::get) < islands {
        return;
    }
    DONE.with(|done| done.set(true));
    let waiting = WAITING.with(|waiting| std::mem::take(&mut *waiting.borrow_mut()));
    for work in waiting {
        work();
    }
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__SOUK_HYDRATED".into(), &true.into());
    }
}

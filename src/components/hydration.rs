//! Work that must wait until the whole page is hydrated: anything that
//! changes what is shown (the live updates) would otherwise make a part
//! still hydrating (a lazy page, a `<Suspense>`) differ from the server's
//! HTML, which Leptos cannot recover from.

use std::cell::{Cell, RefCell};

thread_local! {
    static DONE: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::new(Vec::new());
}

/// Runs `work` once the page is hydrated (at once if it already is, as
/// after a client-side navigation; never on the server).
pub fn after_hydration(work: impl FnOnce() + 'static) {
    if DONE.with(Cell::get) {
        work();
    } else {
        WAITING.with(|waiting| waiting.borrow_mut().push(Box::new(work)));
    }
}

/// Called once by `hydrate()` when the page is live.
pub fn hydration_done() {
    DONE.with(|done| done.set(true));
    let waiting = WAITING.with(|waiting| std::mem::take(&mut *waiting.borrow_mut()));
    for work in waiting {
        work();
    }
}

//! Client-side polling: a gloo-timers interval that pauses while the tab is
//! hidden, fires at once when it becomes visible again or when woken,
//! backs off after a failure, and stops when the component that started it
//! goes away.

use crate::domain::AppError;
use leptos::prelude::*;
use std::future::Future;

/// The cadence of every poll (the seed's design).
pub const POLL_PERIOD: u32 = 3_000;

/// Calls `tick` every `period_ms` (read before each wait) while the page is
/// visible, and at once whenever `wake` fires. Returns a signal that is
/// `true` while the last call failed ("reconnecting…"). On the server it
/// does nothing.
pub fn use_poll<F, Fut>(period_ms: Signal<u32>, wake: Trigger, tick: F) -> ReadSignal<bool>
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<(), AppError>> + 'static,
{
    let (failing, set_failing) = signal(false);
    #[cfg(feature = "hydrate")]
    browser::start(period_ms, wake, tick, set_failing);
    #[cfg(not(feature = "hydrate"))]
    let _ = (period_ms, wake, tick, set_failing);
    failing
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use gloo_timers::callback::Timeout;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    /// Longest wait between two attempts while the server is unreachable.
    const MAX_BACKOFF_MS: u32 = 30_000;

    struct Poller<F> {
        tick: F,
        period_ms: Signal<u32>,
        failures: Cell<u32>,
        timer: RefCell<Option<Timeout>>,
        in_flight: Cell<bool>,
        /// Woken while a tick was in flight: run again when it ends.
        again: Cell<bool>,
        stopped: Cell<bool>,
        set_failing: WriteSignal<bool>,
    }

    pub fn start<F, Fut>(
        period_ms: Signal<u32>,
        wake: Trigger,
        tick: F,
        set_failing: WriteSignal<bool>,
    ) where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<(), AppError>> + 'static,
    {
        let poller = Rc::new(Poller {
            tick,
            period_ms,
            failures: Cell::new(0),
            timer: RefCell::new(None),
            in_flight: Cell::new(false),
            again: Cell::new(false),
            stopped: Cell::new(false),
            set_failing,
        });
        schedule(&poller, period_ms.get_untracked());

        // Woken: run now (a tick in flight is not doubled).
        let woken = send_wrapper::SendWrapper::new(Rc::clone(&poller));
        Effect::new(move |started: Option<()>| {
            wake.track();
            if started.is_some() {
                run(&woken);
            }
        });

        // Resume at once when the tab becomes visible again.
        let document = web_sys::window().and_then(|w| w.document());
        let on_visible = {
            let poller = Rc::clone(&poller);
            Closure::<dyn Fn()>::new(move || {
                if !is_hidden() {
                    run(&poller);
                }
            })
        };
        if let Some(doc) = &document {
            let _ = doc.add_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        }

        // Leaving the page: cancel the timer and the listener; a poll in
        // flight finishes but schedules nothing more.
        let cleanup = send_wrapper::SendWrapper::new((poller, on_visible, document));
        on_cleanup(move || {
            let (poller, on_visible, document) = cleanup.take();
            poller.stopped.set(true);
            poller.timer.borrow_mut().take();
            if let Some(doc) = document {
                let _ = doc.remove_event_listener_with_callback(
                    "visibilitychange",
                    on_visible.as_ref().unchecked_ref(),
                );
            }
        });
    }

    fn is_hidden() -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .map(|d| d.hidden())
            .unwrap_or(false)
    }

    fn schedule<F, Fut>(poller: &Rc<Poller<F>>, delay_ms: u32)
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<(), AppError>> + 'static,
    {
        if poller.stopped.get() {
            return;
        }
        let next = Rc::clone(poller);
        *poller.timer.borrow_mut() = Some(Timeout::new(delay_ms, move || run(&next)));
    }

    fn run<F, Fut>(poller: &Rc<Poller<F>>)
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<(), AppError>> + 'static,
    {
        if poller.in_flight.get() {
            poller.again.set(true);
            return;
        }
        poller.timer.borrow_mut().take();
        if poller.stopped.get() {
            return;
        }
        if is_hidden() {
            // Sleep until `visibilitychange` wakes us.
            return;
        }
        poller.in_flight.set(true);
        let fut = (poller.tick)();
        let poller = Rc::clone(poller);
        leptos::task::spawn_local(async move {
            let result = fut.await;
            poller.in_flight.set(false);
            if poller.stopped.get() {
                return;
            }
            let delay = match result {
                Ok(()) if poller.again.replace(false) => 0,
                Ok(()) => {
                    poller.failures.set(0);
                    poller.set_failing.set(false);
                    poller.period_ms.get_untracked()
                }
                Err(_) => {
                    let failures = poller.failures.get().saturating_add(1);
                    poller.failures.set(failures);
                    poller.set_failing.set(true);
                    POLL_PERIOD
                        .saturating_mul(1 << failures.min(4))
                        .min(MAX_BACKOFF_MS)
                }
            };
            schedule(&poller, delay);
        });
    }
}

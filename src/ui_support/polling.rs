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
/// visible, and at once whenever `wake` fires (hidden or not). Returns a signal that is
/// `true` while the last call failed ("reconnecting…"). On the server it
/// does nothing.
pub fn use_poll<F, Fut>(period_ms: Signal<u32>, wake: ArcTrigger, tick: F) -> ReadSignal<bool>
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
        wake: ArcTrigger,
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
        schedule(&poller, period_ms.get_untracked(), false);

        // Woken: run now (a tick in flight is not doubled).
        let woken = send_wrapper::SendWrapper::new(Rc::clone(&poller));
        Effect::new(move |started: Option<()>| {
            wake.track();
            if started.is_some() {
                run(&woken, true);
            }
        });

        // Resume at once when the tab becomes visible again.
        let document = web_sys::window().and_then(|w| w.document());
        let on_visible = {
            let poller = Rc::clone(&poller);
            Closure::<dyn Fn()>::new(move || {
                if !is_hidden() {
                    run(&poller, true);
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

    /// Runs `poller` after `delay_ms`; `woken`: for a wake that came while
    /// a tick was in flight.
    fn schedule<F, Fut>(poller: &Rc<Poller<F>>, delay_ms: u32, woken: bool)
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<(), AppError>> + 'static,
    {
        if poller.stopped.get() {
            return;
        }
        let next = Rc::clone(poller);
        *poller.timer.borrow_mut() = Some(Timeout::new(delay_ms, move || run(&next, woken)));
    }

    /// A tick. In a hidden tab only a wake (the event stream heard of a
    /// change) runs it: the interval sleeps until the tab is shown, yet the
    /// tab's title and notifications still learn of what arrives.
    fn run<F, Fut>(poller: &Rc<Poller<F>>, woken: bool)
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
        if is_hidden() && !woken {
            // Sleep until `visibilitychange` or the event stream wakes us.
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
            if result.is_ok() && poller.again.replace(false) {
                schedule(&poller, 0, true);
                return;
            }
            let delay = match result {
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
            schedule(&poller, delay, false);
        });
    }
}

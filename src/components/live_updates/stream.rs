//! The event stream (`/api/messages/events`): every event wakes the sync;
//! while the stream is open the interval relaxes, and when it fails the
//! 3-second interval takes over at once (the browser reconnects by itself,
//! with `Last-Event-ID`).

use crate::domain::StreamEventKind;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::EventSource;

pub fn open(streaming: ArcRwSignal<bool>, wake: ArcTrigger) {
    let Ok(source) = EventSource::new("/api/messages/events") else {
        return;
    };
    let woken = wake.clone();
    let on_event = Closure::<dyn Fn()>::new(move || woken.notify());
    let opened = streaming.clone();
    let on_open = Closure::<dyn Fn()>::new(move || {
        opened.set(true);
        wake.notify(); // whatever happened while it was closed
    });
    let failed = streaming.clone();
    let on_error = Closure::<dyn Fn()>::new(move || failed.set(false));
    for name in StreamEventKind::names() {
        let _ = source.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref());
    }
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let kept = send_wrapper::SendWrapper::new((source, on_event, on_open, on_error));
    on_cleanup(move || {
        let (source, ..) = kept.take();
        source.close();
        streaming.set(false);
    });
}

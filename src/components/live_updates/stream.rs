//! The event stream (`/api/messages/events`): each event goes to the
//! page's listeners, who apply its data to what they show (no request);
//! while the stream is open the sync interval relaxes, and when it fails
//! the 3-second interval takes over at once (the browser reconnects by
//! itself, with `Last-Event-ID`, and the sync on reopening catches up).

use crate::context::StreamListeners;
use crate::domain::StreamEventKind;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

pub fn open(streaming: ArcRwSignal<bool>, wake: ArcTrigger, heard: StreamListeners) {
    let Ok(source) = EventSource::new("/api/messages/events") else {
        return;
    };
    let on_event = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data().as_string().unwrap_or_default();
        heard.tell(&event.type_(), &data);
    });
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

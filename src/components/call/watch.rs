//! What every page of a logged-in user runs for calls while there is
//! none: it watches for one (a `call` event — the stream starts with one
//! when its user is in a call —, a call the server lists while the stream
//! is down, or "Video call" pressed) and then loads the engine, whose code
//! is a chunk of its own: most pages never fetch it, and none asks the
//! server anything for calls while its stream is up.

use super::api::{fetch, get};
use super::{engine, CallUi};
use crate::context::PageLive;
use crate::ui_support::polling::POLL_PERIOD;
use gloo_timers::callback::Interval;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use uuid::Uuid;
use wasm_bindgen_futures::spawn_local;

pub fn watch(me: Uuid, ui: CallUi) {
    let Some(owner) = Owner::current() else {
        return;
    };
    let loading = Rc::new(Cell::new(false));
    let load = {
        let loading = loading.clone();
        Rc::new(move || {
            if !loading.replace(true) {
                let owner = owner.clone();
                spawn_local(async move { engine::run(me, ui, owner).await });
            }
        })
    };
    let page = PageLive::get();

    // The engine hears every event itself once loaded; this only wakes it.
    let wake = send_wrapper::SendWrapper::new(load.clone());
    page.heard.listen(move |name, _| {
        if name == "call" {
            wake();
        }
    });
    let request = page.call_request.clone();
    let asked = load.clone();
    Effect::new(move |_| {
        if request.with(Option::is_some) {
            asked();
        }
    });

    // A call under way when the page opens is the stream's first event;
    // without the stream, the 3-second poll asks.
    let streaming = page.streaming.clone();
    Interval::new(POLL_PERIOD, move || {
        if !streaming.get_untracked() && !loading.get() {
            let load = load.clone();
            spawn_local(async move {
                if let Some((200, data)) = fetch("GET", "/api/calls/current", None, false).await {
                    if get(&data, "call").is_object() {
                        load();
                    }
                }
            });
        }
    })
    .forget();
}

//! The browser's side of calls, once `watch` has loaded it. It hears the
//! call's signals from the event stream and, while the stream is down
//! (and when it starts or the stream comes back), from `GET
//! /api/calls/current`, each signal once whichever way it came. It asks
//! for the camera and microphone, calls the call endpoints, runs the
//! connection (`peer`) once the call is answered, says "still here" every
//! 10 seconds, and hangs up when the page goes away mid-call.

use super::api::{fetch, get, number, text};
use super::peer::{Peer, SendSignal};
use super::ring::Ring;
use super::{Ask, CallUi, Ending, Phase};
use crate::context::PageLive;
use crate::domain::call::ALIVE_EVERY;
use crate::ui_support::media::{microphone_and_camera, stop_tracks};
use crate::ui_support::polling::POLL_PERIOD;
use gloo_timers::callback::{Interval, Timeout};
use js_sys::{Array, JSON};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::{HashSet, VecDeque};
use std::rc::Rc;
use uuid::Uuid;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{MediaStream, MediaStreamTrack};

/// How long "Call ended." stays on screen.
const ENDED_NOTICE_MS: u32 = 4_000;

/// The call this page runs.
struct Active {
    id: String,
    caller: bool,
    peer_name: String,
    /// The call's ICE servers, as the server listed them.
    ice: JsValue,
    local: Option<MediaStream>,
    peer: Option<Rc<Peer>>,
    /// Signals heard before the connection was opened.
    queued: Vec<(String, JsValue)>,
    /// Answered here (or, for the caller, by the other side).
    answered: bool,
    /// This page is answering: its own `accept` is not another page's.
    accepting: bool,
    /// When the server surely had this call: a later poll that does not
    /// list it means it ended.
    known_since: f64,
    _alive: Option<Interval>,
    _ring: Option<Ring>,
}

struct Engine {
    me: String,
    ui: CallUi,
    active: RefCell<Option<Active>>,
    heard: RefCell<HashSet<i64>>,
    outbox: RefCell<VecDeque<(String, String)>>,
    sending: Cell<bool>,
    _notice: RefCell<Option<Timeout>>,
}

/// Runs calls on this page from now on. Its code is a chunk of its own,
/// fetched the first time the page has a call to show or to place (see
/// `watch`); it starts by asking the server for the call and its signals.
#[lazy]
pub fn run(me: Uuid, ui: CallUi, owner: Owner) {
    owner.with(|| start(me, ui));
}

fn start(me: Uuid, ui: CallUi) {
    let engine = Rc::new(Engine {
        me: me.to_string(),
        ui,
        active: RefCell::new(None),
        heard: RefCell::default(),
        outbox: RefCell::default(),
        sending: Cell::new(false),
        _notice: RefCell::new(None),
    });
    let page = PageLive::get();
    let kept = send_wrapper::SendWrapper::new(engine.clone());
    page.heard.listen(move |name, data| {
        if name == "call" {
            if let Ok(signal) = JSON::parse(data) {
                kept.hear(&signal);
            }
        }
    });

    // A ringing call is shown as the page opens; without the stream (or
    // when it comes back), the poll brings what it would have said.
    let streaming = page.streaming.clone();
    let polling = engine.clone();
    let last_streaming = Cell::new(false);
    Effect::new(move |_| {
        let now = streaming.get();
        if now && !last_streaming.get() {
            spawn_local(polling.clone().poll());
        }
        last_streaming.set(now);
    });
    spawn_local(engine.clone().poll());
    let streaming = page.streaming.clone();
    let polling = engine.clone();
    Interval::new(POLL_PERIOD, move || {
        if !streaming.get_untracked() {
            spawn_local(polling.clone().poll());
        }
    })
    .forget();

    let request = page.call_request.clone();
    let caller = engine.clone();
    Effect::new(move |_| {
        if let Some((conversation, name)) = request.get() {
            request.set(None);
            spawn_local(caller.clone().call(conversation, name));
        }
    });
    let asked = engine.clone();
    Effect::new(move |_| {
        let Some(ask) = ui.asked.get() else { return };
        ui.asked.set(None);
        let engine = asked.clone();
        match ask {
            Ask::Accept => spawn_local(engine.accept()),
            Ask::Decline => spawn_local(engine.decline()),
            Ask::HangUp => engine.hang_up(),
        }
    });
    let tracks = engine.clone();
    Effect::new(move |_| tracks.enable("audio", !ui.muted.get()));
    let tracks = engine.clone();
    Effect::new(move |_| tracks.enable("video", !ui.camera_off.get()));

    let leaving = engine.clone();
    let on_leave = Closure::<dyn Fn()>::new(move || leaving.leave());
    if let Some(window) = web_sys::window() {
        let _ =
            window.add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
    }
    on_leave.forget();
}

impl Engine {
    /// One signal, from the stream or a poll (each is taken once).
    fn hear(self: &Rc<Self>, signal: &JsValue) {
        let id = number(signal, "id") as i64;
        if id > 0 && !self.heard.borrow_mut().insert(id) {
            return;
        }
        let call_id = text(signal, "callId");
        let from = text(signal, "fromUserId");
        let kind = text(signal, "kind");
        let data = get(signal, "data");
        let ours = self
            .active
            .borrow()
            .as_ref()
            .is_some_and(|a| a.id == call_id);
        match kind.as_str() {
            "ring" if self.active.borrow().is_none() => spawn_local(self.clone().poll()),
            "accept" if ours && from == self.me => {
                // Answered on another page of mine: this one stops ringing.
                let elsewhere = self
                    .active
                    .borrow()
                    .as_ref()
                    .is_some_and(|a| !a.caller && !a.accepting && !a.answered);
                if elsewhere {
                    self.tear_down();
                    self.ui.phase.set(Phase::Idle);
                }
            }
            "accept" if ours => self.answered_by_them(),
            "description" | "candidate" if ours => {
                let peer = self.active.borrow().as_ref().and_then(|a| a.peer.clone());
                match peer {
                    Some(peer) => spawn_local(async move {
                        if kind == "description" {
                            peer.hear_description(data).await;
                        } else {
                            peer.hear_candidate(data).await;
                        }
                    }),
                    None => {
                        if let Some(active) = self.active.borrow_mut().as_mut() {
                            active.queued.push((kind, data));
                        }
                    }
                }
            }
            "end" if ours => self.ended(&text(&data, "outcome")),
            _ => {}
        }
    }

    /// My call and its signals, as the server has them.
    async fn poll(self: Rc<Self>) {
        let asked_at = js_sys::Date::now();
        let Some((200, data)) = fetch("GET", "/api/calls/current?after=0", None, false).await
        else {
            return;
        };
        let call = get(&data, "call");
        if call.is_object() {
            let ringing_me = text(&call, "calleeId") == self.me
                && get(&call, "answered").as_bool() == Some(false);
            if self.active.borrow().is_none() && ringing_me {
                self.ring(&call);
            }
        } else {
            let gone = self
                .active
                .borrow()
                .as_ref()
                .is_some_and(|a| a.known_since < asked_at);
            if gone {
                self.ended("");
            }
        }
        for signal in Array::from(&get(&data, "signals")).iter() {
            self.hear(&signal);
        }
    }

    /// An incoming call: it rings here until answered, declined or over.
    fn ring(&self, call: &JsValue) {
        let name = text(call, "peerName");
        *self.active.borrow_mut() = Some(Active {
            id: text(call, "id"),
            caller: false,
            peer_name: name.clone(),
            ice: get(call, "iceServers"),
            local: None,
            peer: None,
            queued: Vec::new(),
            answered: false,
            accepting: false,
            known_since: js_sys::Date::now(),
            _alive: None,
            _ring: Ring::start(),
        });
        self.ui.phase.set(Phase::Ringing(name));
    }

    /// "Video call" in a conversation with `name`.
    async fn call(self: Rc<Self>, conversation: Uuid, name: String) {
        if self.active.borrow().is_some() {
            return;
        }
        self.ui.muted.set(false);
        self.ui.camera_off.set(false);
        self.ui.phase.set(Phase::Calling(name.clone()));
        let Ok(local) = microphone_and_camera(true).await else {
            self.ui.phase.set(Phase::Over(Ending::NoDevices, name));
            return;
        };
        let url = format!("/api/messages/conversations/{conversation}/calls");
        let answer = fetch("POST", &url, Some("{}".into()), false).await;
        let still_wanted = self.ui.phase.get_untracked() == Phase::Calling(name.clone());
        let call = match answer {
            Some((201, call)) if still_wanted => call,
            Some((201, call)) => {
                // Hung up while it was being placed.
                stop_tracks(&local);
                let url = format!("/api/calls/{}/hangup", text(&call, "id"));
                let _ = fetch("POST", &url, None, false).await;
                return;
            }
            other => {
                stop_tracks(&local);
                let ending = match other {
                    Some((409, _)) => Ending::Busy,
                    _ => Ending::Failed,
                };
                if still_wanted {
                    self.ui.phase.set(Phase::Over(ending, name));
                }
                return;
            }
        };
        self.show(&self.ui.local, Some(&local));
        let id = text(&call, "id");
        *self.active.borrow_mut() = Some(Active {
            id: id.clone(),
            caller: true,
            peer_name: name,
            ice: get(&call, "iceServers"),
            local: Some(local),
            peer: None,
            queued: Vec::new(),
            answered: false,
            accepting: false,
            known_since: js_sys::Date::now(),
            _alive: Some(keep_alive(&id)),
            _ring: None,
        });
    }

    /// The callee took my call: connect.
    fn answered_by_them(self: &Rc<Self>) {
        let name = {
            let mut active = self.active.borrow_mut();
            let Some(active) = active.as_mut().filter(|a| a.caller && !a.answered) else {
                return;
            };
            active.answered = true;
            active.peer_name.clone()
        };
        self.ui.phase.set(Phase::Talking {
            peer: name,
            connected: false,
        });
        self.connect();
    }

    async fn accept(self: Rc<Self>) {
        let (id, name) = {
            let mut active = self.active.borrow_mut();
            let Some(active) = active.as_mut().filter(|a| !a.caller && !a.answered) else {
                return;
            };
            active.accepting = true;
            active._ring = None;
            (active.id.clone(), active.peer_name.clone())
        };
        self.ui.muted.set(false);
        self.ui.camera_off.set(false);
        self.ui.phase.set(Phase::Talking {
            peer: name.clone(),
            connected: false,
        });
        let Ok(local) = microphone_and_camera(true).await else {
            let _ = fetch("POST", &format!("/api/calls/{id}/decline"), None, false).await;
            self.tear_down();
            self.ui.phase.set(Phase::Over(Ending::NoDevices, name));
            return;
        };
        let answer = fetch("POST", &format!("/api/calls/{id}/accept"), None, false).await;
        let Some((200, call)) = answer else {
            // Over, or answered on another page, meanwhile.
            stop_tracks(&local);
            self.tear_down();
            self.ui.phase.set(Phase::Idle);
            return;
        };
        self.show(&self.ui.local, Some(&local));
        if let Some(active) = self.active.borrow_mut().as_mut() {
            active.answered = true;
            active.ice = get(&call, "iceServers");
            active.local = Some(local);
            active._alive = Some(keep_alive(&id));
        }
        self.connect();
    }

    async fn decline(self: Rc<Self>) {
        let id = self.active.borrow().as_ref().map(|a| a.id.clone());
        self.tear_down();
        self.ui.phase.set(Phase::Idle);
        if let Some(id) = id {
            let _ = fetch("POST", &format!("/api/calls/{id}/decline"), None, false).await;
        }
    }

    fn hang_up(self: &Rc<Self>) {
        let id = self.active.borrow().as_ref().map(|a| a.id.clone());
        self.tear_down();
        self.ui.phase.set(Phase::Idle);
        if let Some(id) = id {
            spawn_local(async move {
                let _ = fetch("POST", &format!("/api/calls/{id}/hangup"), None, false).await;
            });
        }
    }

    /// The page goes away: a call under way (or mine, still ringing)
    /// ends; an incoming one keeps ringing on my other pages.
    fn leave(&self) {
        let id = self
            .active
            .borrow()
            .as_ref()
            .filter(|a| a.caller || a.answered)
            .map(|a| a.id.clone());
        if let Some(id) = id {
            let url = format!("/api/calls/{id}/hangup");
            spawn_local(async move {
                let _ = fetch("POST", &url, None, true).await;
            });
        }
    }

    /// The call ended (`outcome` as its line says; empty when a poll found
    /// it gone).
    fn ended(&self, outcome: &str) {
        let Some((caller, answered, name)) = self
            .active
            .borrow()
            .as_ref()
            .map(|a| (a.caller, a.answered, a.peer_name.clone()))
        else {
            return;
        };
        self.tear_down();
        let ending = match outcome {
            "declined" if caller => Some(Ending::Declined),
            "missed" if caller => Some(Ending::NoAnswer),
            _ if answered => Some(Ending::Ended),
            // It stopped ringing here: the thread says "Missed call".
            _ => None,
        };
        match ending {
            Some(ending) => {
                self.ui.phase.set(Phase::Over(ending, name));
                if ending == Ending::Ended {
                    let phase = self.ui.phase;
                    let shown = phase.get_untracked();
                    *self._notice.borrow_mut() = Some(Timeout::new(ENDED_NOTICE_MS, move || {
                        if phase.get_untracked() == shown {
                            phase.set(Phase::Idle);
                        }
                    }));
                }
            }
            None => self.ui.phase.set(Phase::Idle),
        }
    }

    /// Opens the connection of the answered call, and hands it what was
    /// heard before.
    fn connect(self: &Rc<Self>) {
        let Some((id, ice, local, caller)) = self
            .active
            .borrow()
            .as_ref()
            .and_then(|a| Some((a.id.clone(), a.ice.clone(), a.local.clone()?, a.caller)))
        else {
            return;
        };
        let outbox = self.clone();
        let send: SendSignal = Rc::new(move |kind, json| outbox.send(&id, kind, json));
        let shows = self.clone();
        let states = self.clone();
        // The caller is the impolite side: its offer wins a collision.
        let opened = Peer::open(
            &ice,
            &local,
            !caller,
            send,
            move |remote| shows.show(&shows.ui.remote, Some(&remote)),
            move |state| states.connection(&state),
        );
        let Ok(peer) = opened else {
            self.hang_up();
            self.ui
                .phase
                .set(Phase::Over(Ending::Failed, String::new()));
            return;
        };
        let queued = match self.active.borrow_mut().as_mut() {
            Some(active) => {
                active.peer = Some(peer.clone());
                std::mem::take(&mut active.queued)
            }
            None => return peer.close(),
        };
        spawn_local(async move {
            for (kind, data) in queued {
                if kind == "description" {
                    peer.hear_description(data).await;
                } else {
                    peer.hear_candidate(data).await;
                }
            }
        });
    }

    fn connection(self: &Rc<Self>, state: &str) {
        let name = self.active.borrow().as_ref().map(|a| a.peer_name.clone());
        let Some(name) = name else { return };
        match state {
            "connected" => self.ui.phase.set(Phase::Talking {
                peer: name,
                connected: true,
            }),
            "failed" => {
                self.hang_up();
                self.ui.phase.set(Phase::Over(Ending::Failed, name));
            }
            _ => {}
        }
    }

    /// Sends signals one after another, in the order they were made.
    fn send(self: &Rc<Self>, call_id: &str, kind: &'static str, json: String) {
        let url = format!("/api/calls/{call_id}/signals");
        let body = format!(r#"{{"kind":"{kind}","data":{json}}}"#);
        self.outbox.borrow_mut().push_back((url, body));
        if self.sending.replace(true) {
            return;
        }
        let engine = self.clone();
        spawn_local(async move {
            loop {
                let next = engine.outbox.borrow_mut().pop_front();
                let Some((url, body)) = next else { break };
                let _ = fetch("POST", &url, Some(body), false).await;
            }
            engine.sending.set(false);
        });
    }

    fn enable(&self, kind: &str, on: bool) {
        let Some(local) = self.active.borrow().as_ref().and_then(|a| a.local.clone()) else {
            return;
        };
        for track in local.get_tracks().iter() {
            let track: MediaStreamTrack = track.unchecked_into();
            if track.kind() == kind {
                track.set_enabled(on);
            }
        }
    }

    fn show(&self, video: &NodeRef<leptos::html::Video>, stream: Option<&MediaStream>) {
        if let Some(video) = video.get_untracked() {
            video.set_src_object(stream);
        }
    }

    /// Lets go of everything the call held: camera, microphone,
    /// connection, ring, videos.
    fn tear_down(&self) {
        let Some(active) = self.active.borrow_mut().take() else {
            return;
        };
        self.outbox.borrow_mut().clear();
        if let Some(peer) = &active.peer {
            peer.close();
        }
        if let Some(local) = &active.local {
            stop_tracks(local);
        }
        self.show(&self.ui.local, None);
        self.show(&self.ui.remote, None);
    }
}

/// Says "still here" for my side of the call every 10 seconds.
fn keep_alive(call_id: &str) -> Interval {
    let url = format!("/api/calls/{call_id}/alive");
    Interval::new(ALIVE_EVERY.as_millis() as u32, move || {
        let url = url.clone();
        spawn_local(async move {
            let _ = fetch("POST", &url, None, false).await;
        });
    })
}

//! One side's `RTCPeerConnection`, negotiated with the "perfect
//! negotiation" pattern: either side may make an offer whenever it needs
//! to (`negotiationneeded`); when both offer at once, the impolite side
//! (the caller) ignores the other's offer and the polite side (the callee)
//! takes it in place of its own. ICE candidates that arrive before the
//! description they belong to wait for it.

use js_sys::{Function, Promise, Reflect, JSON};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MediaStream, MediaStreamTrack, RtcConfiguration, RtcIceCandidateInit, RtcPeerConnection,
    RtcPeerConnectionIceEvent, RtcSessionDescriptionInit, RtcSignalingState, RtcTrackEvent,
};

/// Where a side sends its signals: the kind (`description`, `candidate`)
/// and the JSON of its data.
pub type SendSignal = Rc<dyn Fn(&'static str, String)>;

/// The connection's event handlers, kept as long as it is.
type Handlers = RefCell<Vec<Closure<dyn FnMut(JsValue)>>>;

pub struct Peer {
    pc: RtcPeerConnection,
    polite: bool,
    making_offer: Cell<bool>,
    ignore_offer: Cell<bool>,
    waiting_candidates: RefCell<Vec<JsValue>>,
    send: SendSignal,
    _handlers: Handlers,
}

impl Peer {
    /// A connection to the other side sending `local`'s tracks; `ice`:
    /// the call's ICE servers (a JSON array, as the server gave them).
    pub fn open(
        ice: &JsValue,
        local: &MediaStream,
        polite: bool,
        send: SendSignal,
        on_remote: impl Fn(MediaStream) + 'static,
        on_state: impl Fn(String) + 'static,
    ) -> Result<Rc<Self>, JsValue> {
        let config = RtcConfiguration::new();
        config.set_ice_servers(ice);
        let pc = RtcPeerConnection::new_with_configuration(&config)?;
        let peer = Rc::new(Self {
            pc,
            polite,
            making_offer: Cell::new(false),
            ignore_offer: Cell::new(false),
            waiting_candidates: RefCell::new(Vec::new()),
            send,
            _handlers: RefCell::new(Vec::new()),
        });

        let this = Rc::downgrade(&peer);
        let on_negotiation = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(peer) = this.upgrade() {
                wasm_bindgen_futures::spawn_local(async move { peer.offer().await });
            }
        });
        let sender = peer.send.clone();
        let on_candidate = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let ev: RtcPeerConnectionIceEvent = ev.unchecked_into();
            if let Some(candidate) = ev.candidate() {
                if let Ok(json) = JSON::stringify(&candidate.to_json()) {
                    sender("candidate", String::from(json));
                }
            }
        });
        let on_track = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let ev: RtcTrackEvent = ev.unchecked_into();
            if let Ok(stream) = ev.streams().get(0).dyn_into::<MediaStream>() {
                on_remote(stream);
            }
        });
        let this = Rc::downgrade(&peer);
        let on_connection = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(peer) = this.upgrade() {
                let state = Reflect::get(&peer.pc, &"connectionState".into())
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default();
                on_state(state);
            }
        });
        peer.pc
            .set_onnegotiationneeded(Some(on_negotiation.as_ref().unchecked_ref()));
        peer.pc
            .set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
        peer.pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
        peer.pc
            .set_onconnectionstatechange(Some(on_connection.as_ref().unchecked_ref()));
        peer._handlers
            .borrow_mut()
            .extend([on_negotiation, on_candidate, on_track, on_connection]);

        for track in local.get_tracks().iter() {
            let track: MediaStreamTrack = track.unchecked_into();
            peer.pc.add_track_0(&track, local);
        }
        Ok(peer)
    }

    /// Makes and sends an offer (or, after a collision, whatever the
    /// state calls for: the argument-less `setLocalDescription`).
    async fn offer(&self) {
        self.making_offer.set(true);
        let made = self.describe_myself().await;
        self.making_offer.set(false);
        if let Err(error) = made {
            leptos::logging::warn!("could not make an offer: {error:?}");
        }
    }

    async fn describe_myself(&self) -> Result<(), JsValue> {
        let set: Function = Reflect::get(&self.pc, &"setLocalDescription".into())?.dyn_into()?;
        JsFuture::from(set.call0(&self.pc)?.unchecked_into::<Promise>()).await?;
        if let Some(description) = self.pc.local_description() {
            let json = JSON::stringify(&description.to_json())?;
            (self.send)("description", String::from(json));
        }
        Ok(())
    }

    /// The other side's session description.
    pub async fn hear_description(&self, description: JsValue) {
        if let Err(error) = self.take_description(description).await {
            leptos::logging::warn!("could not take a session description: {error:?}");
        }
    }

    async fn take_description(&self, description: JsValue) -> Result<(), JsValue> {
        let kind = Reflect::get(&description, &"type".into())?.as_string();
        let is_offer = kind.as_deref() == Some("offer");
        let collision = is_offer
            && (self.making_offer.get() || self.pc.signaling_state() != RtcSignalingState::Stable);
        self.ignore_offer.set(!self.polite && collision);
        if self.ignore_offer.get() {
            return Ok(());
        }
        let description: RtcSessionDescriptionInit = description.unchecked_into();
        JsFuture::from(self.pc.set_remote_description(&description)).await?;
        if is_offer {
            self.describe_myself().await?;
        }
        let waiting: Vec<JsValue> = self.waiting_candidates.borrow_mut().drain(..).collect();
        for candidate in waiting {
            self.add_candidate(candidate).await?;
        }
        Ok(())
    }

    /// The other side's ICE candidate.
    pub async fn hear_candidate(&self, candidate: JsValue) {
        if self.pc.remote_description().is_none() {
            self.waiting_candidates.borrow_mut().push(candidate);
            return;
        }
        if let Err(error) = self.add_candidate(candidate).await {
            // A candidate of an offer we ignored may fail: that is fine.
            if !self.ignore_offer.get() {
                leptos::logging::warn!("could not add an ICE candidate: {error:?}");
            }
        }
    }

    async fn add_candidate(&self, candidate: JsValue) -> Result<(), JsValue> {
        let candidate: RtcIceCandidateInit = candidate.unchecked_into();
        JsFuture::from(
            self.pc
                .add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(&candidate)),
        )
        .await?;
        Ok(())
    }

    pub fn close(&self) {
        self.pc.set_onnegotiationneeded(None);
        self.pc.set_onicecandidate(None);
        self.pc.set_ontrack(None);
        self.pc.set_onconnectionstatechange(None);
        self.pc.close();
    }
}

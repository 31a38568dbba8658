//! Video calls, run by the header's island so that a call rings on any
//! page of the site: the panel (incoming call with Accept / Decline, the
//! outgoing ring, the call itself with both videos, Mute, Camera off and
//! Hang up, and why a call ended), and in the browser the engine that
//! hears the call's signals (from the event stream, or from a poll while
//! the stream is down), talks to the call endpoints and runs the
//! `RTCPeerConnection` (`peer`, perfect negotiation). Every page only
//! watches for a call (`watch`); the engine's code loads when there is one.

#[cfg(feature = "hydrate")]
mod api;
#[cfg(feature = "hydrate")]
mod engine;
#[cfg(feature = "hydrate")]
mod peer;
#[cfg(feature = "hydrate")]
mod ring;
#[cfg(feature = "hydrate")]
mod watch;

use crate::context::use_locale;
use crate::i18n::td_string;
use leptos::html::Video;
use leptos::prelude::*;
use uuid::Uuid;

/// Where the call stands, as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Idle,
    /// I call them; it rings on their side.
    Calling(String),
    /// They call me.
    Ringing(String),
    /// Answered: connecting until media flows.
    Talking {
        peer: String,
        connected: bool,
    },
    /// Why the call ended, until the panel is closed.
    Over(Ending, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Busy,
    Declined,
    NoAnswer,
    Ended,
    NoDevices,
    Failed,
}

/// The panel's state, shared with the engine.
#[derive(Clone, Copy)]
pub struct CallUi {
    pub phase: RwSignal<Phase>,
    pub muted: RwSignal<bool>,
    pub camera_off: RwSignal<bool>,
    pub remote: NodeRef<Video>,
    pub local: NodeRef<Video>,
    /// What the buttons ask the engine for.
    pub asked: RwSignal<Option<Ask>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    Accept,
    Decline,
    HangUp,
}

impl CallUi {
    fn new() -> Self {
        Self {
            phase: RwSignal::new(Phase::Idle),
            muted: RwSignal::new(false),
            camera_off: RwSignal::new(false),
            remote: NodeRef::new(),
            local: NodeRef::new(),
            asked: RwSignal::new(None),
        }
    }
}

/// A video camera, the sign of calls (its label is beside it).
#[component]
pub fn VideoIcon(size: u32) -> impl IntoView {
    view! {
        <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width=size height=size>
            <path
                d="M3 7h12v10H3zM15 10l6-3v10l-6-3"
                fill="none"
                stroke="currentColor"
                stroke-width="2"
                stroke-linejoin="round"
            />
        </svg>
    }
}

#[component]
pub fn CallPanel(me: Uuid) -> impl IntoView {
    let ui = CallUi::new();
    #[cfg(feature = "hydrate")]
    watch::watch(me, ui);
    #[cfg(not(feature = "hydrate"))]
    let _ = me;
    let locale = use_locale();
    let phase = ui.phase;
    let showing_video = move || matches!(phase.get(), Phase::Calling(_) | Phase::Talking { .. });
    let heading = move || match phase.get() {
        Phase::Idle | Phase::Over(..) => td_string!(locale, call.video_call).to_string(),
        Phase::Ringing(_) => td_string!(locale, call.incoming).to_string(),
        Phase::Calling(name) => td_string!(locale, call.calling, name).to_string(),
        Phase::Talking { peer: name, .. } => td_string!(locale, call.with, name).to_string(),
    };
    let peer_name = move || match phase.get() {
        Phase::Calling(name) | Phase::Ringing(name) | Phase::Over(_, name) => name,
        Phase::Talking { peer, .. } => peer,
        Phase::Idle => String::new(),
    };
    let ask = move |what: Ask| ui.asked.set(Some(what));
    view! {
        <section
            class="call-panel"
            class:with-video=showing_video
            role=move || {
                if matches!(phase.get(), Phase::Ringing(_)) { "alertdialog" } else { "dialog" }
            }
            aria-labelledby="call-heading"
            hidden=move || phase.get() == Phase::Idle
        >
            <h2 id="call-heading" class="call-heading">
                {heading}
            </h2>
            <div class="call-videos" hidden=move || !showing_video()>
                <video
                    class="remote-video"
                    node_ref=ui.remote
                    autoplay
                    playsinline
                    aria-label=move || {
                        let name = peer_name();
                        td_string!(locale, call.their_video, name).to_string()
                    }
                ></video>
                <video
                    class="local-video"
                    node_ref=ui.local
                    autoplay
                    playsinline
                    prop:muted=true
                    aria-label=td_string!(locale, call.your_camera)
                ></video>
            </div>
            {move || match phase.get() {
                Phase::Idle => ().into_any(),
                Phase::Ringing(name) => {
                    view! {
                        <p class="call-status">{td_string!(locale, call.is_calling, name)}</p>
                        <div class="call-actions">
                            <button
                                type="button"
                                class="button button-danger"
                                on:click=move |_| ask(Ask::Decline)
                            >
                                {td_string!(locale, call.decline)}
                            </button>
                            <button
                                type="button"
                                class="button button-primary call-accept"
                                on:click=move |_| ask(Ask::Accept)
                            >
                                {td_string!(locale, call.accept)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Phase::Calling(_) | Phase::Talking { .. } => {
                    view! {
                        <Show when=move || {
                            matches!(phase.get(), Phase::Talking { connected: false, .. })
                        }>
                            <p class="call-status" role="status">
                                {td_string!(locale, call.connecting)}
                            </p>
                        </Show>
                        <div class="call-actions">
                            <button
                                type="button"
                                class="button button-ghost"
                                aria-pressed=move || ui.muted.get().to_string()
                                on:click=move |_| ui.muted.update(|m| *m = !*m)
                            >
                                {move || {
                                    if ui.muted.get() {
                                        td_string!(locale, call.unmute)
                                    } else {
                                        td_string!(locale, call.mute)
                                    }
                                }}
                            </button>
                            <button
                                type="button"
                                class="button button-ghost"
                                aria-pressed=move || ui.camera_off.get().to_string()
                                on:click=move |_| ui.camera_off.update(|c| *c = !*c)
                            >
                                {move || {
                                    if ui.camera_off.get() {
                                        td_string!(locale, call.camera_on)
                                    } else {
                                        td_string!(locale, call.camera_off)
                                    }
                                }}
                            </button>
                            <button
                                type="button"
                                class="button button-danger"
                                on:click=move |_| ask(Ask::HangUp)
                            >
                                {td_string!(locale, call.hang_up)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Phase::Over(ending, name) => {
                    let said = match ending {
                        Ending::Busy => td_string!(locale, call.busy, name).to_string(),
                        Ending::Declined => td_string!(locale, call.declined, name).to_string(),
                        Ending::NoAnswer => td_string!(locale, call.no_answer, name).to_string(),
                        Ending::Ended => td_string!(locale, call.ended).to_owned(),
                        Ending::NoDevices => td_string!(locale, call.no_devices).to_owned(),
                        Ending::Failed => td_string!(locale, call.failed).to_owned(),
                    };
                    view! {
                        <p class="call-status" role="status">
                            {said}
                        </p>
                        <div class="call-actions">
                            <button
                                type="button"
                                class="button button-ghost"
                                on:click=move |_| phase.set(Phase::Idle)
                            >
                                {td_string!(locale, common.close)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

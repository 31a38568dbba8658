//! Recording a voice message: `Record voice message` asks for the
//! microphone and records (WebM/Opus, Ogg/Opus, or MP4 where the browser
//! records only that), with the running time; `Stop` uploads the
//! recording and sends it as a message of its own, `Cancel` drops it. The
//! recorder stops itself at two minutes. The microphone is released the
//! moment recording ends, whichever way it ends.

// The server renders the button; only the browser records.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code, unused_imports))]

use crate::context::use_locale;
use crate::domain::attachment::clock_duration;
use crate::domain::Attachment;
use crate::i18n::td_string;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum VoiceState {
    Idle,
    /// Asking for the microphone.
    Starting,
    /// Recording, for this many milliseconds so far.
    Recording(i32),
    Sending,
}

/// Why recording could not start or the recording could not be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoiceProblem {
    NoMicrophone,
    Refused,
    Unsupported,
    Failed,
}

#[component]
pub fn VoiceRecorder(
    state: RwSignal<VoiceState>,
    on_send: Callback<(String, Vec<Attachment>)>,
) -> impl IntoView {
    let locale = use_locale();
    let problem = RwSignal::new(None::<VoiceProblem>);
    let problem_text = move || {
        problem.get().map(|p| match p {
            VoiceProblem::NoMicrophone => td_string!(locale, voice.no_microphone),
            VoiceProblem::Refused => td_string!(locale, voice.refused),
            VoiceProblem::Unsupported => td_string!(locale, voice.unsupported),
            VoiceProblem::Failed => td_string!(locale, voice.failed),
        })
    };
    #[cfg(feature = "hydrate")]
    let recorder = browser::Recorder::new(state, problem, on_send);
    #[cfg(not(feature = "hydrate"))]
    let _ = on_send;
    let start = move |_| {
        problem.set(None);
        #[cfg(feature = "hydrate")]
        recorder.start();
    };
    let finish = move |send: bool| {
        #[cfg(feature = "hydrate")]
        recorder.finish(send);
        #[cfg(not(feature = "hydrate"))]
        let _ = send;
    };
    view! {
        {move || match state.get() {
            VoiceState::Idle | VoiceState::Starting => {
                view! {
                    <button
                        type="button"
                        class="button button-ghost voice-button"
                        title=td_string!(locale, voice.record)
                        disabled=move || state.get() == VoiceState::Starting
                        on:click=start
                    >
                        <svg
                            class="icon"
                            aria-hidden="true"
                            viewBox="0 0 24 24"
                            width="20"
                            height="20"
                        >
                            <path
                                d="M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3"
                                fill="none"
                                stroke="currentColor"
                                stroke-width="2"
                                stroke-linecap="round"
                            />
                        </svg>
                        <span class="visually-hidden">{td_string!(locale, voice.record)}</span>
                    </button>
                }
                    .into_any()
            }
            VoiceState::Recording(elapsed) => {
                let elapsed = clock_duration(elapsed);
                view! {
                    <div class="voice-recording">
                        <span class="recording-dot" aria-hidden="true"></span>
                        <span class="voice-elapsed">
                            {td_string!(locale, voice.recording, elapsed)}
                        </span>
                        <button
                            type="button"
                            class="button button-ghost button-sm"
                            on:click=move |_| finish(false)
                        >
                            {td_string!(locale, voice.cancel)}
                        </button>
                        <button
                            type="button"
                            class="button button-primary button-sm"
                            on:click=move |_| finish(true)
                        >
                            {td_string!(locale, voice.stop)}
                        </button>
                    </div>
                }
                    .into_any()
            }
            VoiceState::Sending => {
                view! {
                    <span class="voice-recording muted" role="status">
                        {td_string!(locale, voice.sending)}
                    </span>
                }
                    .into_any()
            }
        }}
        {move || {
            problem_text()
                .map(|text| {
                    view! {
                        <p class="composer-notice" role="alert">
                            {text}
                        </p>
                    }
                })
        }}
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{VoiceProblem, VoiceState};
    use crate::domain::attachment::{MAX_VOICE_MS, VOICE_RECORDING_TYPES};
    use crate::domain::Attachment;
    use crate::ui_support::media::{microphone_and_camera, stop_tracks};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Blob, BlobEvent, BlobPropertyBag, DomException, FormData, MediaRecorder,
        MediaRecorderOptions, MediaStream, Request, RequestInit, Response,
    };

    /// A recording under way.
    struct Active {
        recorder: MediaRecorder,
        stream: MediaStream,
        /// Ticks the running time; dropped (stopped) with the recording.
        _ticker: gloo_timers::callback::Interval,
        /// Whether the recorder's `stop` event sends what it recorded.
        send: Rc<RefCell<bool>>,
    }

    #[derive(Clone, Copy)]
    pub struct Recorder {
        state: RwSignal<VoiceState>,
        problem: RwSignal<Option<VoiceProblem>>,
        on_send: Callback<(String, Vec<Attachment>)>,
        active: StoredValue<Option<Active>, LocalStorage>,
    }

    impl Recorder {
        pub fn new(
            state: RwSignal<VoiceState>,
            problem: RwSignal<Option<VoiceProblem>>,
            on_send: Callback<(String, Vec<Attachment>)>,
        ) -> Self {
            let recorder = Self {
                state,
                problem,
                on_send,
                active: StoredValue::new_local(None),
            };
            // Leaving the conversation mid-recording releases the
            // microphone and sends nothing.
            on_cleanup(move || recorder.finish(false));
            recorder
        }

        pub fn start(self) {
            if self.state.get_untracked() != VoiceState::Idle {
                return;
            }
            self.state.set(VoiceState::Starting);
            leptos::task::spawn_local(async move {
                match self.open().await {
                    Ok(active) => {
                        self.active.set_value(Some(active));
                        self.state.set(VoiceState::Recording(0));
                    }
                    Err(problem) => {
                        self.problem.set(Some(problem));
                        self.state.set(VoiceState::Idle);
                    }
                }
            });
        }

        /// Ends the recording: sends it when `send`, else drops it.
        pub fn finish(self, send: bool) {
            let Some(active) = self.active.try_update_value(Option::take).flatten() else {
                return;
            };
            *active.send.borrow_mut() = send;
            let _ = active.recorder.stop();
            stop_tracks(&active.stream);
            self.state.set(if send {
                VoiceState::Sending
            } else {
                VoiceState::Idle
            });
        }

        async fn open(self) -> Result<Active, VoiceProblem> {
            let mime = VOICE_RECORDING_TYPES
                .into_iter()
                .find(|t| MediaRecorder::is_type_supported(t))
                .ok_or(VoiceProblem::Unsupported)?;
            let stream = microphone_and_camera(false)
                .await
                .map_err(|refused| refused.map_or(VoiceProblem::Unsupported, |e| why_not(&e)))?;
            let options = MediaRecorderOptions::new();
            options.set_mime_type(mime);
            let recorder =
                MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &options)
                    .map_err(|_| VoiceProblem::Unsupported)?;

            let chunks = Rc::new(RefCell::new(Vec::<Blob>::new()));
            let send = Rc::new(RefCell::new(false));
            let kept = chunks.clone();
            let on_data = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                if let Some(blob) = ev.unchecked_into::<BlobEvent>().data() {
                    kept.borrow_mut().push(blob);
                }
            });
            let (sending, recorded_type, this) = (send.clone(), recorder.clone(), self);
            let on_stop = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if !*sending.borrow() {
                    return;
                }
                let parts = js_sys::Array::new();
                for chunk in chunks.borrow_mut().drain(..) {
                    parts.push(&chunk);
                }
                let bag = BlobPropertyBag::new();
                bag.set_type(&recorded_type.mime_type());
                match Blob::new_with_blob_sequence_and_options(&parts, &bag) {
                    Ok(recording) => leptos::task::spawn_local(this.send(recording)),
                    Err(_) => this.failed(),
                }
            });
            recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
            recorder.set_onstop(Some(on_stop.as_ref().unchecked_ref()));
            // The recorder owns its handlers from here: its last data and
            // `stop` events come after `finish` (a few bytes per recording).
            on_data.forget();
            on_stop.forget();
            recorder.start_with_time_slice(1000).map_err(|_| {
                stop_tracks(&stream);
                VoiceProblem::Failed
            })?;

            let started = js_sys::Date::now();
            let ticker = gloo_timers::callback::Interval::new(250, move || {
                let elapsed = (js_sys::Date::now() - started) as i32;
                if elapsed >= MAX_VOICE_MS {
                    // Not from inside the ticker, which finishing drops.
                    leptos::task::spawn_local(async move { self.finish(true) });
                } else if matches!(self.state.get_untracked(), VoiceState::Recording(_)) {
                    self.state.set(VoiceState::Recording(elapsed));
                }
            });
            Ok(Active {
                recorder,
                stream,
                _ticker: ticker,
                send,
            })
        }

        async fn send(self, recording: Blob) {
            match upload(&recording).await {
                Some(attachment) => {
                    self.state.set(VoiceState::Idle);
                    self.on_send.run((String::new(), vec![attachment]));
                }
                None => self.failed(),
            }
        }

        fn failed(self) {
            self.problem.set(Some(VoiceProblem::Failed));
            self.state.set(VoiceState::Idle);
        }
    }

    /// Why the browser gave no microphone.
    fn why_not(error: &JsValue) -> VoiceProblem {
        match error
            .dyn_ref::<DomException>()
            .map(DomException::name)
            .as_deref()
        {
            Some("NotAllowedError" | "SecurityError") => VoiceProblem::Refused,
            Some("NotFoundError" | "OverconstrainedError" | "NotReadableError") => {
                VoiceProblem::NoMicrophone
            }
            _ => VoiceProblem::Failed,
        }
    }

    /// The REST envelope of the upload's answer.
    #[derive(serde::Deserialize)]
    struct Envelope {
        data: Option<Attachment>,
    }

    /// Uploads the recording as an attachment.
    async fn upload(recording: &Blob) -> Option<Attachment> {
        let form = FormData::new().ok()?;
        let name = match recording.type_() {
            t if t.starts_with("audio/mp4") => "voice.m4a",
            t if t.starts_with("audio/ogg") => "voice.ogg",
            _ => "voice.webm",
        };
        form.append_with_blob_and_filename("file", recording, name)
            .ok()?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(&form);
        let request = Request::new_with_str_and_init("/api/messages/attachments", &init).ok()?;
        let answer = JsFuture::from(web_sys::window()?.fetch_with_request(&request))
            .await
            .ok()?;
        let response: Response = answer.dyn_into().ok()?;
        let text = JsFuture::from(response.text().ok()?).await.ok()?;
        let envelope: Envelope = serde_json::from_str(&text.as_string()?).ok()?;
        envelope.data.filter(|_| response.status() == 201)
    }
}

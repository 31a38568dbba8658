//! The ring of an incoming call: two tones, a second on and two off, made
//! by Web Audio (no sound file to load on every page). A browser that
//! allows no sound before the page was touched simply stays silent; the
//! panel still shows the call.

use gloo_timers::callback::Interval;
use web_sys::AudioContext;

/// Rings while it lives.
pub struct Ring {
    context: AudioContext,
    _every: Interval,
}

const TONES_HZ: [f32; 2] = [440.0, 480.0];
const EVERY_MS: u32 = 3_000;
const TONE_SECONDS: f64 = 1.0;
const VOLUME: f32 = 0.08;

impl Ring {
    pub fn start() -> Option<Self> {
        let context = AudioContext::new().ok()?;
        beep(&context);
        let ticking = context.clone();
        let every = Interval::new(EVERY_MS, move || beep(&ticking));
        Some(Self {
            context,
            _every: every,
        })
    }
}

fn beep(context: &AudioContext) {
    let Ok(gain) = context.create_gain() else {
        return;
    };
    gain.gain().set_value(VOLUME);
    let _ = gain.connect_with_audio_node(&context.destination());
    let start = context.current_time();
    for hz in TONES_HZ {
        let Ok(tone) = context.create_oscillator() else {
            continue;
        };
        tone.frequency().set_value(hz);
        let _ = tone.connect_with_audio_node(&gain);
        let _ = tone.start_with_when(start);
        let _ = tone.stop_with_when(start + TONE_SECONDS);
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        let _ = self.context.close();
    }
}

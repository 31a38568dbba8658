//! The browser's microphone and camera, for voice messages and calls:
//! asking for them, and letting them go.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamConstraints, MediaStreamTrack};

/// The microphone, and the camera too when `video`. `Err(None)`: this
/// browser (or an insecure page) offers no media devices; `Err(Some(e))`:
/// it refused, `e` saying why (a `DOMException`: `NotAllowedError`,
/// `NotFoundError`…).
pub async fn microphone_and_camera(video: bool) -> Result<MediaStream, Option<JsValue>> {
    let window = web_sys::window().ok_or(None)?;
    let devices = window.navigator().media_devices().map_err(|_| None)?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::TRUE);
    constraints.set_video(&JsValue::from_bool(video));
    let asked = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| None)?;
    let stream = JsFuture::from(asked).await.map_err(Some)?;
    Ok(stream.unchecked_into())
}

/// Stops every track: the browser's "in use" light goes off.
pub fn stop_tracks(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

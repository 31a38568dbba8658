//! The call endpoints as the browser calls them, read with the browser's
//! own JSON parser (this code loads on every page: see `live_updates`).

use js_sys::{Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// A call endpoint's status and the `data` of its answer. `keepalive`: the
/// request outlives the page (a hang-up as it closes).
pub async fn fetch(
    method: &str,
    url: &str,
    body: Option<String>,
    keepalive: bool,
) -> Option<(u16, JsValue)> {
    let headers = Headers::new().ok()?;
    let _ = headers.set("Accept", "application/json");
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = &body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    // (not in web-sys's RequestInit yet)
    let _ = Reflect::set(&init, &"keepalive".into(), &JsValue::from_bool(keepalive));
    let request = Request::new_with_str_and_init(url, &init).ok()?;
    let window = web_sys::window()?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let status = response.status();
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    let data = text
        .as_string()
        .and_then(|t| JSON::parse(&t).ok())
        .map_or(JsValue::NULL, |answer| get(&answer, "data"));
    Some((status, data))
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

pub fn number(value: &JsValue, key: &str) -> f64 {
    get(value, key).as_f64().unwrap_or_default()
}

//! One sync (`GET /api/messages/sync`), read with the browser's JSON
//! parser: the cursor and tag for the next one, the unread total, and a
//! glance at each changed conversation (what a notification says). The
//! whole answer goes on, as text, to whoever shows more. The stream's
//! `conversation` and `unread` events are read the same way.

use crate::components::notifications::arrivals::{ConversationGlance, MessageGlance};
use crate::domain::attachment::Carried;
use crate::domain::{AppError, ErrorCode};
use js_sys::{Array, Reflect, JSON};
use std::sync::Arc;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCache, RequestInit, Response};

/// A sync answer that changed something.
pub struct Answer {
    pub etag: String,
    pub cursor: String,
    pub unread: i64,
    pub conversations: Vec<ConversationGlance>,
    /// The response as it came: `{"success": true, "data": SyncAnswer}`.
    pub text: Arc<str>,
}

fn unreachable_server() -> AppError {
    AppError::new(
        ErrorCode::NetworkError,
        crate::i18n::td_string!(crate::context::use_locale(), common.check_connection),
    )
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

fn number(value: &JsValue, key: &str) -> f64 {
    get(value, key).as_f64().unwrap_or_default()
}

/// Milliseconds since the epoch of an RFC 3339 time.
fn time(value: &JsValue, key: &str) -> f64 {
    text(value, key).map_or(0.0, |t| js_sys::Date::parse(&t))
}

fn query_value(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// What changed since `last` (the cursor and tag of the last answer), with
/// the messages of `open` after its newest one; `None` when nothing did.
pub async fn sync(
    last: Option<(String, String)>,
    open: Option<(Uuid, Option<Uuid>)>,
) -> Result<Option<Answer>, AppError> {
    let mut url = String::from("/api/messages/sync?");
    if let Some((since, _)) = &last {
        url.push_str(&format!("since={}&", query_value(since)));
    }
    if let Some((conversation, after)) = open {
        url.push_str(&format!("conversationId={conversation}&"));
        if let Some(after) = after {
            url.push_str(&format!("after={after}&"));
        }
    }
    let etag = last.map(|(_, etag)| etag);
    let Some((etag, body)) = fetch(url.trim_end_matches(['&', '?']), etag.as_deref()).await? else {
        return Ok(None);
    };
    let parsed = JSON::parse(&body).map_err(|_| unreachable_server())?;
    let data = get(&parsed, "data");
    Ok(Some(Answer {
        etag,
        cursor: text(&data, "cursor").unwrap_or_default(),
        unread: number(&data, "unreadCount") as i64,
        conversations: Array::from(&get(&data, "conversations"))
            .iter()
            .map(|c| glance(&c))
            .collect(),
        text: body.into(),
    }))
}

/// `GET url` with `If-None-Match: etag`: `None` for a 304, else the new
/// tag and the body.
async fn fetch(url: &str, etag: Option<&str>) -> Result<Option<(String, String)>, AppError> {
    let window = web_sys::window().ok_or_else(unreachable_server)?;
    let headers = Headers::new().map_err(|_| unreachable_server())?;
    let _ = headers.set("Accept", "application/json");
    if let Some(etag) = etag {
        let _ = headers.set("If-None-Match", etag);
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    init.set_cache(RequestCache::NoStore);
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| unreachable_server())?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| unreachable_server())?
        .dyn_into()
        .map_err(|_| unreachable_server())?;
    match response.status() {
        304 => Ok(None),
        200 => {
            let etag = response
                .headers()
                .get("etag")
                .ok()
                .flatten()
                .unwrap_or_default();
            let body = JsFuture::from(response.text().map_err(|_| unreachable_server())?)
                .await
                .map_err(|_| unreachable_server())?
                .as_string()
                .unwrap_or_default();
            Ok(Some((etag, body)))
        }
        401 => Err(AppError::unauthenticated()),
        503 => Err(AppError::unavailable()),
        _ => Err(AppError::internal()),
    }
}

/// A `conversation` event's changed conversation (not one that left the
/// list), at a glance.
pub fn heard_conversation(data: &str) -> Option<ConversationGlance> {
    let conversation = JSON::parse(data).ok()?;
    let changed = get(&conversation, "removed").is_undefined();
    changed.then(|| glance(&conversation))
}

/// An `unread` event's total.
pub fn heard_unread(data: &str) -> Option<i64> {
    let count = get(&JSON::parse(data).ok()?, "count").as_f64()?;
    Some(count as i64)
}

fn glance(conversation: &JsValue) -> ConversationGlance {
    let last = get(conversation, "lastMessage");
    ConversationGlance {
        id: text(conversation, "id").unwrap_or_default(),
        listing_title: text(conversation, "adTitle"),
        unread: number(conversation, "unreadCount") as i64,
        blocked_by_me: get(conversation, "blockedByMe").as_bool().unwrap_or(false),
        updated_ms: time(conversation, "updatedAt"),
        participants: Array::from(&get(conversation, "participants"))
            .iter()
            .map(|p| {
                (
                    text(&p, "id").unwrap_or_default(),
                    text(&p, "name").unwrap_or_default(),
                )
            })
            .collect(),
        last: last.is_object().then(|| MessageGlance {
            id: text(&last, "id").unwrap_or_default(),
            sender_id: text(&last, "senderId").unwrap_or_default(),
            content: text(&last, "content").unwrap_or_default(),
            carried: {
                let types: Vec<String> = Array::from(&get(&last, "attachments"))
                    .iter()
                    .filter_map(|a| text(&a, "contentType"))
                    .collect();
                Carried::of(types.iter().map(String::as_str))
            },
            created_ms: time(&last, "createdAt"),
        }),
    }
}

//! The browser's side of notifications (hydrate build only): the
//! permission, system notifications shown by the page, and the service
//! worker's push subscription.

use super::Permission;
use crate::domain::{PushPayload, PushSubscriptionJson};
use crate::server_fns::notifications::{
    push_public_key, remove_push_subscription, save_push_subscription,
};
use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Notification, NotificationOptions, NotificationPermission, PushSubscription,
    PushSubscriptionOptionsInit, ServiceWorkerContainer, ServiceWorkerRegistration,
};

/// Where the user's choice for this browser is kept: the permission
/// cannot be taken back by a page, so "off" is remembered here.
const CHOICE_KEY: &str = "souk-notifications";

fn has(target: &JsValue, name: &str) -> bool {
    Reflect::has(target, &JsValue::from_str(name)).unwrap_or(false)
}

pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| has(&w, "Notification"))
}

pub fn permission() -> Permission {
    if !supported() {
        return Permission::Unsupported;
    }
    match Notification::permission() {
        NotificationPermission::Denied => Permission::Denied,
        // Allowed for the site, and turned on here (not only allowed).
        NotificationPermission::Granted if choice() == Some(true) => Permission::On,
        _ if choice() == Some(false) => Permission::Off,
        _ => Permission::NotAsked,
    }
}

fn choice() -> Option<bool> {
    let storage = web_sys::window()?.local_storage().ok()??;
    match storage.get_item(CHOICE_KEY).ok()??.as_str() {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

/// "Not now": the messages page stops offering them (settings still do).
pub fn dismiss() -> Permission {
    remember(false);
    permission()
}

fn remember(on: bool) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(CHOICE_KEY, if on { "on" } else { "off" });
    }
}

/// Asks for the permission (from a click), then subscribes this browser
/// to pushes when it can. The permission that results.
pub async fn turn_on() -> Permission {
    if !supported() {
        return Permission::Unsupported;
    }
    if let Ok(asked) = Notification::request_permission() {
        let _ = JsFuture::from(asked).await;
    }
    if Notification::permission() != NotificationPermission::Granted {
        return permission();
    }
    remember(true);
    // Pushes reach the browser while no page is open; without them (no
    // push service, or it refused) the open pages still notify.
    let _ = subscribe_to_pushes().await;
    Permission::On
}

/// No more notifications from this browser: the page stops showing them
/// and the push subscription is dropped, here and on the server.
pub async fn turn_off() -> Permission {
    remember(false);
    if let Some(subscription) = current_subscription().await {
        let endpoint = subscription.endpoint();
        if let Ok(done) = subscription.unsubscribe() {
            let _ = JsFuture::from(done).await;
        }
        let _ = remove_push_subscription(endpoint).await;
    }
    permission()
}

fn service_workers() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let navigator = window.navigator();
    (has(&navigator, "serviceWorker") && has(&window, "PushManager"))
        .then(|| navigator.service_worker())
}

async fn promised<T: JsCast>(promise: Result<Promise, JsValue>) -> Option<T> {
    JsFuture::from(promise.ok()?).await.ok()?.dyn_into().ok()
}

async fn registration() -> Option<ServiceWorkerRegistration> {
    let workers = service_workers()?;
    let _: ServiceWorkerRegistration = promised(Ok(workers.register("/sw.js"))).await?;
    promised(workers.ready()).await
}

async fn current_subscription() -> Option<PushSubscription> {
    let workers = service_workers()?;
    let registration: ServiceWorkerRegistration = promised(Ok(workers.get_registration())).await?;
    promised(registration.push_manager().ok()?.get_subscription()).await
}

async fn subscribe_to_pushes() -> Option<()> {
    let registration = registration().await?;
    let push = registration.push_manager().ok()?;
    let subscription: PushSubscription = match promised(push.get_subscription()).await {
        Some(existing) => existing,
        None => {
            let key = push_public_key().await.ok()?;
            let options = PushSubscriptionOptionsInit::new();
            options.set_user_visible_only(true);
            options.set_application_server_key(&Uint8Array::from(key.as_slice()));
            promised(push.subscribe_with_options(&options)).await?
        }
    };
    let json = js_sys::JSON::stringify(&subscription.to_json().ok()?.into()).ok()?;
    let json: PushSubscriptionJson = serde_json::from_str(&String::from(json)).ok()?;
    save_push_subscription(json).await.ok()
}

/// Shows a system notification; `on_click` runs when it is clicked.
pub fn show(payload: &PushPayload, on_click: impl FnOnce() + 'static) {
    let options = NotificationOptions::new();
    options.set_body(&payload.body);
    options.set_tag(&payload.tag);
    options.set_icon(&payload.icon);
    let Ok(notification) = Notification::new_with_options(&payload.title, &options) else {
        return;
    };
    let shown = notification.clone();
    let click = Closure::once_into_js(move || {
        shown.close();
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        on_click();
    });
    notification.set_onclick(Some(click.unchecked_ref()));
}

/// Runs `open` with the address a click on a push asks a tab to show
/// (the service worker sends it when it cannot navigate the tab itself).
pub fn on_push_click(open: impl Fn(String) + 'static) {
    let Some(workers) = service_workers() else {
        return;
    };
    let listener =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let kind = Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|v| v.as_string());
            let url = Reflect::get(&data, &"url".into())
                .ok()
                .and_then(|v| v.as_string());
            if let (Some("souk-open"), Some(url)) = (kind.as_deref(), url) {
                open(url);
            }
        });
    workers.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    listener.forget();
}

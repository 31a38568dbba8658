//! Notifications in this browser: the "Turn on notifications" control
//! (in `/settings`, and on the messages page until the browser has been
//! asked), never a prompt on page load. Turning them on asks for the
//! permission, then subscribes the browser to Web Push; the page itself
//! shows a notification for a message that arrives out of sight (see
//! `live_updates`).

pub mod arrivals;
#[cfg(feature = "hydrate")]
pub mod browser;

use crate::context::use_locale;
use crate::domain::PushPayload;
use crate::i18n::td_string;
use leptos::prelude::*;

/// What this browser can and may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Unsupported,
    Denied,
    /// Never asked in this browser.
    NotAsked,
    /// Allowed, but turned off here.
    Off,
    On,
}

fn current() -> Permission {
    #[cfg(feature = "hydrate")]
    return browser::permission();
    #[cfg(not(feature = "hydrate"))]
    Permission::Unsupported
}

fn dismiss() -> Permission {
    #[cfg(feature = "hydrate")]
    return browser::dismiss();
    #[cfg(not(feature = "hydrate"))]
    Permission::Unsupported
}

async fn switch(on: bool) -> Permission {
    #[cfg(feature = "hydrate")]
    return if on {
        browser::turn_on().await
    } else {
        browser::turn_off().await
    };
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = on;
        Permission::Unsupported
    }
}

/// Shows each new message's notification (when this browser allows them);
/// a click brings the tab to its conversation, as does a click on a push.
pub fn announcer() -> impl Fn(Vec<PushPayload>) + Clone + 'static {
    #[cfg(feature = "hydrate")]
    {
        // Pages load whole (there is no client-side router), so opening the
        // conversation is a plain navigation.
        let open = |url: String| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&url);
            }
        };
        browser::on_push_click(open);
        move |news: Vec<PushPayload>| {
            if news.is_empty() || browser::permission() != Permission::On {
                return;
            }
            for payload in news {
                let url = payload.url.clone();
                browser::show(&payload, move || open(url));
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    |_: Vec<PushPayload>| {}
}

/// The control. `prompt`: the messages page's version, shown only while
/// the browser has not been asked (and what follows the click).
#[component]
pub fn NotificationSwitch(#[prop(optional)] prompt: bool) -> impl IntoView {
    // Unknown until the page runs in a browser (effects never run on the
    // server): the server's HTML and the first render agree.
    let permission = RwSignal::new(None::<Permission>);
    let locale = use_locale();
    let asked = RwSignal::new(false);
    let busy = RwSignal::new(false);
    Effect::new(move |_| permission.set(Some(current())));
    let change = move |on: bool| {
        busy.set(true);
        asked.set(true);
        leptos::task::spawn_local(async move {
            permission.set(Some(switch(on).await));
            busy.set(false);
        });
    };
    let button = move |on: bool| {
        let label = if on {
            td_string!(locale, notifications.turn_on)
        } else {
            td_string!(locale, notifications.turn_off)
        };
        let class = if on {
            "button button-primary button-sm"
        } else {
            "button button-secondary button-sm"
        };
        view! {
            <button
                type="button"
                class=class
                disabled=move || busy.get() || permission.get().is_none()
                on:click=move |_| change(on)
            >
                {label}
            </button>
        }
    };
    let sentence = |text: &'static str| view! { <p class="notification-note">{text}</p> };
    let body = move || match permission.get() {
        // The prompt offers only what was never asked, and then tells
        // what came of the click.
        state if prompt && !asked.get() && state != Some(Permission::NotAsked) => ().into_any(),
        None | Some(Permission::NotAsked) | Some(Permission::Off) => view! {
            {prompt.then(|| sentence(td_string!(locale, notifications.prompt)))}
            {button(true)}
            {prompt
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button button-ghost button-sm"
                            on:click=move |_| permission.set(Some(dismiss()))
                        >
                            {td_string!(locale, notifications.not_now)}
                        </button>
                    }
                })}
        }
        .into_any(),
        Some(Permission::On) => view! {
            {sentence(td_string!(locale, notifications.on))}
            {(!prompt).then(|| button(false))}
        }
        .into_any(),
        Some(Permission::Denied) => view! {
            <p class="notification-note" role="status">
                {td_string!(locale, notifications.blocked)}
            </p>
        }
        .into_any(),
        Some(Permission::Unsupported) => {
            sentence(td_string!(locale, notifications.unsupported)).into_any()
        }
    };
    view! {
        <div class=if prompt {
            "notification-switch notification-prompt"
        } else {
            "notification-switch"
        }>{body}</div>
    }
}

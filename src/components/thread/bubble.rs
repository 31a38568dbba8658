use super::outbox::{Delivery, Outgoing};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::components::time::clock;

/// A message the server has stored.
#[component]
pub fn Bubble(
    mine: bool,
    content: String,
    at: DateTime<Utc>,
    mounted: ReadSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="bubble-row" class:mine=mine>
            <div class="bubble">
                <p class="bubble-text">{content}</p>
                <time class="bubble-time" datetime=at.to_rfc3339()>
                    {move || clock(at, mounted.get())}
                </time>
            </div>
        </div>
    }
}

/// One of my messages on its way: "Sending…", its time once sent, or
/// "Not sent" with Retry.
#[component]
pub fn OutgoingBubble(
    out: Outgoing,
    mounted: ReadSignal<bool>,
    retry: Callback<()>,
) -> impl IntoView {
    let at = out.created_at;
    let status = match out.delivery {
        Delivery::Pending => "Sending…".into_any(),
        Delivery::Sent => {
            view! { <time datetime=at.to_rfc3339()>{move || clock(at, mounted.get())}</time> }
                .into_any()
        }
        Delivery::Failed => view! {
            <span class="send-failed" role="alert">
                "Not sent"
            </span>
            " "
            <button type="button" class="link-button" on:click=move |_| retry.run(())>
                "Retry"
            </button>
        }
        .into_any(),
    };
    view! {
        <div class="bubble-row mine" class:failed=out.delivery == Delivery::Failed>
            <div class="bubble" class:pending=out.delivery == Delivery::Pending>
                <p class="bubble-text">{out.content.clone()}</p>
                <span class="bubble-time">{status}</span>
            </div>
        </div>
    }
}

use super::anchors::message_anchor;
use super::offer::OfferMessage;
use super::outbox::{Delivery, Outgoing};
use super::photos::Photos;
use super::scam_notice::ScamNotice;
use super::voice::VoiceMessage;
use crate::components::call::VideoIcon;
use crate::context::use_locale;
use crate::domain::call::{CallLine, CallOutcome};
use crate::domain::{Attachment, Message};
use crate::i18n::td_string;
use crate::ui_support::labels;
use crate::ui_support::time::clock;
use leptos::prelude::*;
use uuid::Uuid;

/// A message the server has stored, highlighted when it is `focus` (the
/// search hit the thread was opened at).
#[component]
pub fn Bubble(
    message: Message,
    mine: bool,
    focus: Signal<Option<Uuid>>,
    mounted: ReadSignal<bool>,
    open_photo: WriteSignal<Option<Attachment>>,
) -> impl IntoView {
    let at = message.created_at;
    let id = message.id;
    if let Some(line) = message.call {
        return view! { <CallLineRow line at id mounted /> }.into_any();
    }
    if let (Some(offer), Some(step)) = (message.offer, message.offer_step) {
        return view! { <OfferMessage message offer step mine mounted /> }.into_any();
    }
    // Only the recipient is warned: the sender was told before sending.
    let warned = !mine && !message.warnings.is_empty();
    view! {
        <div class="bubble-row" class:mine=mine id=message_anchor(id)>
            <div class="bubble-column">
                <div class="bubble" class:highlighted=move || focus.get() == Some(id)>
                    <MessageBody
                        content=message.content
                        attachments=message.attachments
                        open_photo
                    />
                    <time class="bubble-time" datetime=at.to_rfc3339()>
                        {move || clock(at, mounted.get())}
                    </time>
                </div>
                {warned.then(|| view! { <ScamNotice message_id=id /> })}
            </div>
        </div>
    }
    .into_any()
}

/// A call's line, across the thread: "Missed call · 14:02".
#[component]
fn CallLineRow(
    line: CallLine,
    at: chrono::DateTime<chrono::Utc>,
    id: Uuid,
    mounted: ReadSignal<bool>,
) -> impl IntoView {
    let label = labels::call_line(use_locale(), line);
    view! {
        <div class="call-line" id=message_anchor(id)>
            <span class="call-line-text" class:missed=line.outcome == CallOutcome::Missed>
                <VideoIcon size=16 />
                {label}
                " · "
                <time datetime=at.to_rfc3339()>{move || clock(at, mounted.get())}</time>
            </span>
        </div>
    }
}

#[component]
fn MessageBody(
    content: String,
    attachments: Vec<Attachment>,
    open_photo: WriteSignal<Option<Attachment>>,
) -> impl IntoView {
    let media = match attachments.first() {
        None => ().into_any(),
        Some(first) if first.is_voice() => {
            view! { <VoiceMessage recording=first.clone() /> }.into_any()
        }
        Some(_) => view! { <Photos attachments open=open_photo /> }.into_any(),
    };
    view! {
        {media}
        {(!content.is_empty()).then(|| view! { <p class="bubble-text">{content}</p> })}
    }
    .into_any()
}

/// One of my messages on its way: "Sending…", its time once sent, or
/// "Not sent" with Retry.
#[component]
pub fn OutgoingBubble(
    out: Outgoing,
    mounted: ReadSignal<bool>,
    retry: Callback<()>,
    open_photo: WriteSignal<Option<Attachment>>,
) -> impl IntoView {
    let at = out.created_at;
    let locale = use_locale();
    let status = match out.delivery {
        Delivery::Pending => td_string!(locale, bubble.sending).into_any(),
        Delivery::Sent => {
            view! { <time datetime=at.to_rfc3339()>{move || clock(at, mounted.get())}</time> }
                .into_any()
        }
        Delivery::Failed => view! {
            <span class="send-failed" role="alert">
                {td_string!(locale, bubble.not_sent)}
            </span>
            " "
            <button type="button" class="link-button" on:click=move |_| retry.run(())>
                {td_string!(locale, bubble.retry)}
            </button>
        }
        .into_any(),
    };
    view! {
        <div class="bubble-row mine" class:failed=out.delivery == Delivery::Failed>
            <div class="bubble" class:pending=out.delivery == Delivery::Pending>
                <MessageBody
                    content=out.content.clone()
                    attachments=out.attachments.clone()
                    open_photo
                />
                <span class="bubble-time">{status}</span>
            </div>
        </div>
    }
    .into_any()
}

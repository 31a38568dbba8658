//! The open conversation: its messages (new ones come with the page's live
//! updates), optimistic sending with retry, "Seen", "typing…", and the
//! header's actions. `Thread` puts together the log (`log`), the live
//! wiring (`live`) and the send wiring (`sending`) around one
//! `ThreadState`.

mod anchors;
mod block;
mod bubble;
mod deals;
mod delete;
mod header;
mod inbox_actions;
mod live;
mod log;
mod menu;
mod offer;
pub mod outbox;
mod photos;
mod report;
mod scam_notice;
mod sending;
mod state;
mod voice;

use crate::components::composer::Composer;
use crate::context::use_locale;
use crate::domain::{Attachment, ConversationWithMessages};
use crate::i18n::td_string;
use crate::ui_support::labels;
use crate::ui_support::time::use_mounted;
use block::BlockedNotice;
use deals::Deals;
use header::ThreadHeader;
use leptos::prelude::*;
use live::follow_live;
use log::{LogScroll, MessageLog, OlderHistory};
use offer::OfferPanelView;
use photos::Lightbox;
use sending::SendWiring;
use state::ThreadState;
use uuid::Uuid;

/// `focus`: a message to scroll to and highlight (a search hit).
#[component]
pub fn Thread(
    data: ConversationWithMessages,
    me: Uuid,
    #[prop(optional)] focus: Signal<Option<Uuid>>,
    /// What the message box starts with (a quick question), not sent.
    #[prop(optional)]
    draft: String,
) -> impl IntoView {
    let ConversationWithMessages {
        conversation,
        messages,
        has_more,
    } = data;
    let locale = use_locale();
    let other = labels::other_name(locale, &conversation, me);
    let deals = Deals::new(
        conversation.ad_status,
        conversation.ad_price_cents,
        other.clone(),
    );
    let state = ThreadState::new(conversation.id, me, messages, draft, deals);
    provide_context(state);
    let mounted = use_mounted();
    let scroll = LogScroll::new();
    let live = follow_live(state, scroll, &conversation, me, focus, mounted);
    let older = OlderHistory::new(state, scroll, has_more, focus);
    let send = SendWiring::new(state, scroll);

    let other_id = conversation.other_participant(me).map(|p| p.id);
    let blocked = RwSignal::new(conversation.blocked_by_me);
    let viewing = RwSignal::new(None::<Attachment>);
    let typing_line = td_string!(locale, thread.is_typing, name = &other).to_string();
    view! {
        <div class="thread">
            <ThreadHeader
                conversation=conversation.clone()
                me
                failing=live.failing
                blocked
                latest_from_them=live.latest_from_them
            />
            <Lightbox viewing />
            <MessageLog
                state
                scroll
                older
                me
                focus
                mounted
                seen=live.seen
                retry=send.retry
                viewing
                label=td_string!(locale, thread.conversation_with, name = &other).to_string()
            />
            <p class="typing-line" aria-live="polite">
                {move || live.typing.get().then(|| typing_line.clone())}
            </p>
            <OfferPanelView conversation_id=conversation.id />
            {move || match other_id {
                Some(other_id) if blocked.get() => {
                    view! { <BlockedNotice other_id blocked /> }.into_any()
                }
                _ => {
                    view! {
                        <Composer draft=state.draft on_send=send.on_send on_typing=send.on_typing />
                    }
                        .into_any()
                }
            }}
        </div>
    }
    .into_any()
}

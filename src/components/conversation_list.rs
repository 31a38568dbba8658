use crate::components::listing_status::ListingStatusTag;
use crate::components::message_badge::capped_count;
use crate::context::use_locale;
use crate::context::LiveSync;
use crate::domain::attachment::Carried;
use crate::domain::{Conversation, Folder, Locale, Message};
use crate::i18n::td_string;
use crate::ui_support::labels;
use crate::ui_support::render_once::{follows, keyed_list};
use crate::ui_support::time::{relative, use_mounted};
use leptos::prelude::*;
use uuid::Uuid;

/// A folder's conversations: one link each, most recently active first.
#[component]
pub fn ConversationList(
    conversations: Signal<Vec<Conversation>>,
    selected: Signal<Option<Uuid>>,
    folder: Folder,
    me: Uuid,
) -> impl IntoView {
    let mounted = use_mounted();
    let locale = use_locale();
    // Rebuilt only when the list turns empty or not: `For` follows the rest.
    let empty = Memo::new(move |_| conversations.with(Vec::is_empty));
    follows(move || {
        if empty.get() {
            return match folder {
                Folder::Inbox => view! {
                    <div class="empty-state empty-inbox">
                        <h2>{td_string!(locale, inbox.no_conversations)}</h2>
                        <p class="muted">{td_string!(locale, inbox.no_conversations_help)}</p>
                        <a class="button button-outline button-sm" href="/">
                            {td_string!(locale, inbox.browse_listings)}
                        </a>
                    </div>
                }
                .into_any(),
                Folder::Archived => view! {
                    <div class="empty-state empty-inbox">
                        <h2>{td_string!(locale, inbox.no_archived)}</h2>
                        <p class="muted">{td_string!(locale, inbox.no_archived_help)}</p>
                    </div>
                }
                .into_any(),
            };
        }
        view! {
            <ul class="conversation-list" aria-label=td_string!(locale, inbox.conversations)>
                {keyed_list(
                    move || conversations.get(),
                    |c| (
                        c.id,
                        c.updated_at,
                        c.unread_count,
                        c.last_message.as_ref().map(|m| m.id),
                        c.ad_status,
                    ),
                    move |conversation| {
                        view! { <ConversationItem conversation selected folder me mounted /> }
                    },
                )}
            </ul>
        }
        .into_any()
    })
}

#[component]
fn ConversationItem(
    conversation: Conversation,
    selected: Signal<Option<Uuid>>,
    folder: Folder,
    me: Uuid,
    mounted: ReadSignal<bool>,
) -> impl IntoView {
    let id = conversation.id;
    let locale = use_locale();
    let other = labels::other_name(locale, &conversation, me);
    let title = labels::conversation_title(locale, &conversation);
    let preview = match &conversation.last_message {
        // An offer's step says who took it.
        Some(m) if m.offer_step.is_some_and(|step| !step.makes_offer()) => {
            preview_of(locale, m, me, &other)
        }
        Some(m) if m.sender_id == me => {
            let preview = preview_of(locale, m, me, &other);
            td_string!(locale, inbox.you_wrote, preview).to_string()
        }
        Some(m) => preview_of(locale, m, me, &other),
        None => td_string!(locale, inbox.no_messages_yet).to_owned(),
    };
    let live = expect_context::<LiveSync>();
    let other_id = conversation.other_participant(me).map(|p| p.id);
    let typing = move || mounted.get() && other_id.is_some_and(|other| live.is_typing(id, other));
    let preview = move || {
        if typing() {
            td_string!(locale, inbox.typing).to_owned()
        } else {
            preview.clone()
        }
    };
    let unread = conversation.unread_count;
    let has_unread = unread > 0;
    let updated = conversation.updated_at;
    let initial = other
        .chars()
        .next()
        .unwrap_or('?')
        .to_uppercase()
        .to_string();
    let is_selected = move || selected.get() == Some(id);
    view! {
        <li>
            <a
                class="conversation-item"
                class:selected=is_selected
                class:unread=has_unread
                href=match folder {
                    Folder::Inbox => format!("/dashboard/messages?conversation={id}"),
                    Folder::Archived => {
                        format!("/dashboard/messages?folder=archived&conversation={id}")
                    }
                }
                aria-current=move || is_selected().then_some("page")
            >
                <span class="avatar" aria-hidden="true">
                    {initial}
                </span>
                <span class="conversation-text">
                    <span class="conversation-top">
                        <span class="conversation-name">{other}</span>
                        <time class="conversation-time muted" datetime=updated.to_rfc3339()>
                            {move || relative(locale, updated, chrono::Utc::now(), mounted.get())}
                        </time>
                    </span>
                    <span class="conversation-title">
                        <span class="conversation-title-text">{title}</span>
                        <ListingStatusTag status=conversation.ad_status />
                    </span>
                    <span class="conversation-preview muted" class:typing=typing>
                        {preview}
                    </span>
                </span>
                {(unread > 0)
                    .then(|| {
                        view! {
                            <span class="unread-pill">
                                {capped_count(unread)}
                                <span class="visually-hidden">
                                    {td_string!(locale, inbox.unread, count = unread)}
                                </span>
                            </span>
                        }
                    })}
            </a>
        </li>
    }
}

/// What the list says of a message: its text, "Photo" for images and
/// "Voice message" for a recording sent without one, a call's line, or
/// "Offer: 80,00 €" and an offer's later steps.
fn preview_of(locale: Locale, message: &Message, me: Uuid, other: &str) -> String {
    if let Some(line) = message.call {
        labels::call_line(locale, line)
    } else if let (Some(offer), Some(step)) = (&message.offer, message.offer_step) {
        labels::offer_preview(locale, offer, step, message.sender_id == me, other)
    } else if message.content.is_empty() {
        Carried::of_attachments(&message.attachments).label(locale)
    } else {
        message.content.clone()
    }
}

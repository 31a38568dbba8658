//! The thread's header.

use super::block::BlockUser;
use super::delete::DeleteConversation;
use super::inbox_actions::{ArchiveButton, MarkUnreadButton};
use super::menu::ThreadMenu;
use super::offer::MakeOfferButton;
use super::report::ReportUser;
use crate::components::call::VideoIcon;
use crate::components::listing_status::ListingStatusTag;
use crate::context::{use_locale, PageLive};
use crate::domain::Conversation;
use crate::i18n::td_string;
use crate::ui_support::labels;
use leptos::prelude::*;
use uuid::Uuid;

/// The other person, the listing, "Reconnecting…", Video call, and the
/// menu of actions: Archive, Mark unread, Report, Block and Delete.
/// Calls the other person: the header's island runs the call (see
/// `components::call`), on whatever page it goes on.
#[component]
fn VideoCallButton(conversation_id: Uuid, peer_name: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <button
            type="button"
            class="button button-ghost button-sm video-call-button"
            title=td_string!(locale, call.video_call)
            on:click=move |_| {
                PageLive::get().call_request.set(Some((conversation_id, peer_name.clone())));
            }
        >
            <VideoIcon size=20 />
            <span class="visually-hidden">{td_string!(locale, call.video_call)}</span>
        </button>
    }
}

#[component]
pub(super) fn ThreadHeader(
    conversation: Conversation,
    me: Uuid,
    failing: ReadSignal<bool>,
    blocked: RwSignal<bool>,
    latest_from_them: Signal<Option<Uuid>>,
) -> impl IntoView {
    let other = conversation.other_participant(me).cloned();
    let locale = use_locale();
    let title = labels::conversation_title(locale, &conversation);
    let archived = RwSignal::new(conversation.archived);
    let back_to = if conversation.archived {
        "/dashboard/messages?folder=archived"
    } else {
        "/dashboard/messages"
    }
    .to_owned();
    let listing_status = expect_context::<super::state::ThreadState>().deals.listing;
    let title_link = match conversation.ad_id {
        Some(ad) => view! {
            <a class="thread-listing" href=format!("/listings/{ad}")>
                {title}
            </a>
        }
        .into_any(),
        None => view! { <span class="thread-listing">{title}</span> }.into_any(),
    };
    view! {
        <header class="thread-header">
            <a
                class="back-link"
                href="/dashboard/messages"
                aria-label=td_string!(locale, thread.back_to_conversations)
            >
                "←"
            </a>
            <div class="thread-heading">
                <h2>{labels::other_name(locale, &conversation, me)}</h2>
                <span class="thread-listing-line">
                    {title_link} <ListingStatusTag status=listing_status />
                </span>
            </div>
            <Show when=move || failing.get()>
                <span class="reconnecting" role="status">
                    {td_string!(locale, thread.reconnecting)}
                </span>
            </Show>
            {other
                .clone()
                .map(|other| {
                    let id = conversation.id;
                    view! {
                        <Show when=move || !blocked.get()>
                            <VideoCallButton conversation_id=id peer_name=other.name.clone() />
                        </Show>
                    }
                })}
            <MakeOfferButton />
            <ThreadMenu>
                <ArchiveButton id=conversation.id archived />
                <Show when=move || latest_from_them.with(Option::is_some)>
                    <MarkUnreadButton id=conversation.id back_to=back_to.clone() />
                </Show>
                {other
                    .map(|other| {
                        view! {
                            <ReportUser
                                other_id=other.id
                                other_name=other.name.clone()
                                latest_from_them
                            />
                            <BlockUser other_id=other.id other_name=other.name blocked />
                        }
                    })}
                <DeleteConversation id=conversation.id />
            </ThreadMenu>
        </header>
    }
    .into_any()
}

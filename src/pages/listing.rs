use crate::components::button::{ButtonSize, ButtonVariant};
use crate::components::contact_seller_button::ContactSellerButton;
use crate::components::error_message::ErrorMessage;
use crate::components::listing_status::ListingStatusTag;
use crate::components::not_found::NotFound;
use crate::context::use_locale;
use crate::context::Session;
use crate::domain::listing::QuickQuestion;
use crate::domain::offer::ListingStatus;
use crate::domain::{AppError, Listing};
use crate::i18n::td_string;
use crate::server_fns::listings::get_listing;
use crate::ui_support::{labels, money};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use uuid::Uuid;

/// `/listings/:id`; an id that is not a uuid is a listing that does not exist.
#[derive(Params, Clone, PartialEq)]
struct ListingParams {
    id: Option<Uuid>,
}

#[component]
pub fn ListingPage() -> impl IntoView {
    let params = use_params::<ListingParams>();
    let id = move || params.with(|p| p.as_ref().ok().and_then(|p| p.id));
    let locale = use_locale();
    let listing = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_listing(id).await,
            None => Err(AppError::not_found("Listing")),
        }
    });
    view! {
        <Suspense fallback=move || {
            view! { <p class="muted">{td_string!(locale, common.loading)}</p> }
        }>
            {Suspend::new(async move {
                match listing.await {
                    Ok(listing) => view! { <ListingDetail listing /> }.into_any(),
                    Err(e) if e.is_not_found() => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListingDetail(listing: Listing) -> impl IntoView {
    let session = expect_context::<Session>();
    let locale = use_locale();
    let seller_id = listing.seller.id;
    let contact = {
        let listing = listing.clone();
        move || {
            let listing = listing.clone();
            Suspend::new(async move {
                let user = session.user.await.ok().flatten();
                let own = user.as_ref().is_some_and(|u| u.id == seller_id);
                if own {
                    view! {
                        <p class="own-listing-note">{td_string!(locale, listing.yours)}</p>
                        <StatusButtons listing_id=listing.id status=listing.status />
                    }
                    .into_any()
                } else {
                    view! {
                        <ContactSellerButton
                            seller_id=listing.seller.id
                            seller_name=listing.seller.name.clone()
                            ad_id=listing.id
                            ad_title=listing.title.clone()
                            variant=ButtonVariant::Primary
                            size=ButtonSize::Lg
                            full_width=true
                        />
                        {user
                            .is_some()
                            .then(|| {
                                view! {
                                    <QuickQuestions
                                        seller_id=listing.seller.id
                                        ad_id=listing.id
                                        ad_title=listing.title.clone()
                                    />
                                }
                            })}
                    }
                    .into_any()
                }
            })
        }
    };
    view! {
        <Title text=listing.title.clone() />
        <article class="listing-detail">
            <div class="listing-main card">
                <h1>{listing.title.clone()}</h1>
                <p class="listing-price">
                    {money::price(locale, listing.price_cents)}
                    <ListingStatusTag status=Some(listing.status) />
                </p>
                <h2 class="section-title">{td_string!(locale, listing.description)}</h2>
                <p class="listing-description">{listing.description.clone()}</p>
            </div>
            <aside class="listing-aside card">
                <p class="muted">{td_string!(locale, listing.sold_by)}</p>
                <p class="seller-name">{listing.seller.name.clone()}</p>
                <Transition fallback=|| ()>{contact}</Transition>
            </aside>
        </article>
    }
}

/// Three suggested first questions. Each opens the conversation (as
/// Contact does) with the question in the message box, not sent: a plain
/// form, whose chosen button names the question.
#[component]
fn QuickQuestions(seller_id: Uuid, ad_id: Uuid, ad_title: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form class="quick-questions" method="post" action="/rpc/contact_seller">
            <p class="muted">{td_string!(locale, listing.questions.heading)}</p>
            <input type="hidden" name="seller_id" value=seller_id.to_string() />
            <input type="hidden" name="ad_id" value=ad_id.to_string() />
            <input type="hidden" name="ad_title" value=ad_title />
            {QuickQuestion::ALL
                .into_iter()
                .map(|question| {
                    view! {
                        <button
                            type="submit"
                            class="button button-outline button-sm quick-question"
                            name="question"
                            value=question.as_str()
                        >
                            {labels::quick_question(locale, question)}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}

/// The seller's say on the listing: each status it is not in, as a button
/// of a plain form.
#[component]
fn StatusButtons(listing_id: Uuid, status: ListingStatus) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form class="listing-status-form" method="post" action="/rpc/set_listing_status">
            <input type="hidden" name="listing_id" value=listing_id.to_string() />
            {[ListingStatus::Available, ListingStatus::Reserved, ListingStatus::Sold]
                .into_iter()
                .filter(|s| *s != status)
                .map(|s| {
                    view! {
                        <button
                            type="submit"
                            class="button button-outline button-sm"
                            name="status"
                            value=s.name()
                        >
                            {labels::mark_listing_as(locale, s)}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}

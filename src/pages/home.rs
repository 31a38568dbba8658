use crate::components::error_message::ErrorMessage;
use crate::components::listing_status::ListingStatusTag;
use crate::context::use_locale;
use crate::domain::Listing;
use crate::i18n::td_string;
use crate::server_fns::listings::newest_listings;
use crate::ui_support::money;
use leptos::prelude::*;
use leptos_meta::Title;

/// The newest listings.
#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let listings = Resource::new(|| (), |_| newest_listings());
    view! {
        <Title text="" />
        <div class="page-heading">
            <h1>{td_string!(locale, home.latest_listings)}</h1>
            <a class="button button-primary" href="/listings/new">
                {td_string!(locale, header.new_listing)}
            </a>
        </div>
        <Suspense fallback=move || {
            view! { <p class="muted">{td_string!(locale, home.loading_listings)}</p> }
        }>
            {Suspend::new(async move {
                match listings.await {
                    Ok(list) if list.is_empty() => {
                        view! {
                            <section class="empty-state">
                                <h2>{td_string!(locale, home.no_listings)}</h2>
                                <p class="muted">{td_string!(locale, home.be_the_first)}</p>
                            </section>
                        }
                            .into_any()
                    }
                    Ok(list) => {
                        view! {
                            <ul class="listing-grid">
                                {list
                                    .into_iter()
                                    .map(|l| view! { <ListingCard listing=l /> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListingCard(listing: Listing) -> impl IntoView {
    view! {
        <li class="listing-card">
            <a href=format!("/listings/{}", listing.id)>
                <span class="listing-card-title">{listing.title}</span>
                <span class="listing-card-price">
                    {money::price(use_locale(), listing.price_cents)}
                    <ListingStatusTag status=Some(listing.status) />
                </span>
                <span class="listing-card-seller muted">{listing.seller.name}</span>
            </a>
        </li>
    }
}

use crate::components::error_message::ErrorMessage;
use crate::domain::listing::format_price;
use crate::domain::Listing;
use crate::server_fns::listings::newest_listings;
use leptos::prelude::*;
use leptos_meta::Title;

/// The newest listings.
#[component]
pub fn HomePage() -> impl IntoView {
    let listings = Resource::new(|| (), |_| newest_listings());
    view! {
        <Title text="" />
        <div class="page-heading">
            <h1>"Latest listings"</h1>
            <a class="button button-primary" href="/listings/new">
                "New listing"
            </a>
        </div>
        <Suspense fallback=|| {
            view! { <p class="muted">"Loading listings…"</p> }
        }>
            {Suspend::new(async move {
                match listings.await {
                    Ok(list) if list.is_empty() => {
                        view! {
                            <section class="empty-state">
                                <h2>"No listings yet"</h2>
                                <p class="muted">"Be the first to sell something."</p>
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
                    Err(e) => view! { <ErrorMessage message=e.to_string() /> }.into_any(),
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
                <span class="listing-card-price">{format_price(listing.price_cents)}</span>
                <span class="listing-card-seller muted">{listing.seller.name}</span>
            </a>
        </li>
    }
}

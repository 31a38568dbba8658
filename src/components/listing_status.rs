//! "Reserved" / "Sold" beside a listing, wherever it is shown (its page,
//! a conversation about it): nothing while it is available.

use crate::context::use_locale;
use crate::domain::offer::ListingStatus;
use crate::ui_support::labels;
use leptos::prelude::*;

#[component]
pub fn ListingStatusTag(#[prop(into)] status: Signal<Option<ListingStatus>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        status
            .get()
            .filter(|s| *s != ListingStatus::Available)
            .map(|s| {
                view! {
                    <span class="listing-status-tag" class:sold=s == ListingStatus::Sold>
                        {labels::listing_status(locale, s)}
                    </span>
                }
            })
    }
}

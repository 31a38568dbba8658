use crate::components::not_found::NotFound;
use leptos::prelude::*;

/// Every path no route matches.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <NotFound /> }
}

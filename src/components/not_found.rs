use crate::context::use_locale;
use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_meta::Title;

/// "Page not found", with a 404 status when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, not_found.title) />
        <section class="empty-state">
            <h1>{td_string!(locale, not_found.heading)}</h1>
            <p class="muted">{td_string!(locale, not_found.explanation)}</p>
            <a class="button button-primary" href="/">
                {td_string!(locale, not_found.back_to_listings)}
            </a>
        </section>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;

/// "Page not found", with a 404 status when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found" />
        <section class="empty-state">
            <h1>"Page not found"</h1>
            <p class="muted">"The page you are looking for does not exist or has moved."</p>
            <a class="button button-primary" href="/">
                "Back to listings"
            </a>
        </section>
    }
}

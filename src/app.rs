//! The application shell and its routes.

use crate::components::header::Header;
use crate::context::{provide_locale, provide_session, provide_unread_total};
use crate::domain::language;
use crate::pages::{
    home::HomePage, listing::ListingPage, login::LoginPage, messages::MessagesPage,
    moderation::ModerationPage, new_listing::NewListingPage, not_found::NotFoundPage,
    register::RegisterPage, settings::SettingsPage, unsubscribe::UnsubscribePage,
};
#[cfg(feature = "ssr")]
use crate::ui_support::hydration::IslandsAllowed;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_url,
    path, SsrMode,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = provide_locale();
    view! {
        <!DOCTYPE html>
        <html lang=language::code(locale)>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                // Only the islands (`#[island]`) of a page load code and
                // come alive; the rest is HTML from the server. A page
                // without any loads no code at all.
                {may_have_islands().then(|| view! { <HydrationScripts options islands=true /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Whether this page gets the islands' code: the HTTP layer says
/// (`IslandsAllowed`); in the browser, always.
fn may_have_islands() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<IslandsAllowed>().is_some_and(|allowed| allowed.0)
    }
    #[cfg(not(feature = "ssr"))]
    true
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout />
        </Router>
    }
}

/// Everything inside the router: the session's actions must be created
/// after the router has put a no-JavaScript form's error in context.
#[component]
fn Layout() -> impl IntoView {
    use_url().read_untracked().provide_server_action_error();
    let session = provide_session();
    provide_unread_total(session);

    view! {
        // "Messages — souk"; the header's island adds the unread count
        // ("(3) Messages — souk") in the browser.
        <Title formatter=|page: String| {
            if page.is_empty() { "souk".to_owned() } else { format!("{page} — souk") }
        } />
        <Header />
        <main class="page">
            // Every page renders with `SsrMode::Async`: the server waits for
            // its data and sends whole HTML. Pages work without their code
            // (forms post, content is there for crawlers), statuses such as
            // 404 are set before the headers go out, and a logged-out
            // visitor on a private page gets a real redirect. The data is a
            // few indexed queries, so the wait is a few milliseconds.
            <Routes fallback=NotFoundPage>
                <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async />
                <Route path=path!("/listings/new") view=NewListingPage ssr=SsrMode::Async />
                <Route path=path!("/listings/:id") view=ListingPage ssr=SsrMode::Async />
                <Route path=path!("/dashboard/messages") view=MessagesPage ssr=SsrMode::Async />
                <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async />
                <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                <Route path=path!("/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async />
            </Routes>
        </main>
    }
}

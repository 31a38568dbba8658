//! The application shell and its routes.

use crate::components::header::Header;
use crate::components::message_badge::capped_count;
use crate::context::{
    provide_inbox_refresh, provide_live_sync, provide_session, provide_unread_total, UnreadTotal,
};
use crate::pages::{
    listing::ListingPage, not_found::NotFoundPage, HomeRoute, LoginRoute, MessagesRoute,
    ModerationRoute, NewListingRoute, RegisterRoute, SettingsRoute, UnsubscribeRoute,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_url,
    path, Lazy, SsrMode,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Every page's policy names the nonce of its own inline scripts.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use leptos::nonce::use_nonce;
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = crate::server::http::content_security_policy(&nonce.to_string());
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The unread count the tab title shows. The server writes the head after
/// the page, outside its reactive owner, where no signal may be read: its
/// title goes without the count, which hydration adds.
fn unread_in_title(unread: UnreadTotal) -> Option<i64> {
    #[cfg(feature = "ssr")]
    {
        let _ = unread;
        None
    }
    #[cfg(not(feature = "ssr"))]
    unread.count.get()
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
    let unread = provide_unread_total(session);
    provide_live_sync();
    provide_inbox_refresh();

    view! {
        // "(3) Messages — souk": the tab shows the unread count.
        <Title formatter=move |page: String| {
            let title = if page.is_empty() {
                "souk".to_owned()
            } else {
                format!("{page} — souk")
            };
            match unread_in_title(unread) {
                Some(n) if n > 0 => format!("({}) {title}", capped_count(n)),
                _ => title,
            }
        } />
        <Header />
        <main class="page">
            // Every page renders with `SsrMode::Async`: the server waits for
            // its data and sends whole HTML. Pages then work without the
            // WASM (forms post, content is there for crawlers), statuses
            // such as 404 are set before the headers go out, and a logged-out
            // visitor on a private page gets a real redirect. The data is a
            // few indexed queries, so the wait is a few milliseconds.
            <Routes fallback=NotFoundPage>
                <Route path=path!("") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                <Route
                    path=path!("/register")
                    view={Lazy::<RegisterRoute>::new()}
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/listings/new")
                    view={Lazy::<NewListingRoute>::new()}
                    ssr=SsrMode::Async
                />
                <Route path=path!("/listings/:id") view=ListingPage ssr=SsrMode::Async />
                <Route
                    path=path!("/dashboard/messages")
                    view={Lazy::<MessagesRoute>::new()}
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/moderation")
                    view={Lazy::<ModerationRoute>::new()}
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/settings")
                    view={Lazy::<SettingsRoute>::new()}
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/unsubscribe/:token")
                    view={Lazy::<UnsubscribeRoute>::new()}
                    ssr=SsrMode::Async
                />
            </Routes>
        </main>
    }
}

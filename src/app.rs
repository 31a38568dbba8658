//! The application shell and its routes.

use crate::api::auth::{get_me, Login, Logout, Register};
use crate::components::header::Header;
use crate::components::message_badge::UnreadTotal;
use crate::domain::{AppError, User};
use crate::pages::{
    home::HomePage, listing::ListingPage, login::LoginPage, messages::MessagesPage,
    new_listing::NewListingPage, not_found::NotFoundPage, register::RegisterPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_url,
    path, SsrMode,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Who is logged in, and the actions that change it. Provided to every page.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<User>, AppError>>,
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/souk.css"/>
        <Title formatter=|page: String| if page.is_empty() { "souk".to_owned() } else { format!("{page} · souk") }/>
        <Router>
            <Layout/>
        </Router>
    }
}

/// Everything inside the router. A `ServerAction` shows the error of a
/// form posted without JavaScript (the server redirects back with
/// `?__path=…&__err=…`) only if that error is in context when the action is
/// created; `<Routes>` provides it for the pages, and we provide it here for
/// the session's actions, which live above the routes.
#[component]
fn Layout() -> impl IntoView {
    use_url().read_untracked().provide_server_action_error();
    let login = ServerAction::<Login>::new();
    let register = ServerAction::<Register>::new();
    let logout = ServerAction::<Logout>::new();
    // Refetched whenever one of the actions completes.
    let session_version = move || {
        (
            login.version().get(),
            register.version().get(),
            logout.version().get(),
        )
    };
    let user = Resource::new(session_version, |_| get_me());
    provide_context(Session {
        user,
        login,
        register,
        logout,
    });
    provide_context(UnreadTotal::new(session_version));

    view! {
        <Header/>
        <main class="page">
            // Every page renders with `SsrMode::Async`: the server waits for
            // its data and sends whole HTML. Pages then work without the
            // WASM (forms post, content is there for crawlers), statuses
            // such as 404 are set before the headers go out, and a logged-out
            // visitor on a private page gets a real redirect. The data is a
            // few indexed queries, so the wait is a few milliseconds.
            <Routes fallback=NotFoundPage>
                <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                <Route path=path!("/listings/new") view=NewListingPage ssr=SsrMode::Async/>
                <Route path=path!("/listings/:id") view=ListingPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/messages") view=MessagesPage ssr=SsrMode::Async/>
            </Routes>
        </main>
    }
}

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
        <Stylesheet id="leptos" href="/pkg/souk.css"/>
        <Title formatter=|page: String| if page.is_empty() { "souk".to_owned() } else { format!("{page} · souk") }/>
        <Router>
            <Header/>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/register") view=RegisterPage/>
                    <Route path=path!("/listings/new") view=NewListingPage ssr=SsrMode::Async/>
                    <Route path=path!("/listings/:id") view=ListingPage/>
                    <Route path=path!("/dashboard/messages") view=MessagesPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

//! One module per route. Pages never import each other.
//!
//! Every page but the listing page is a lazy route: its code is split out
//! of the WebAssembly that every page loads (`cargo leptos build --split`)
//! and fetched when the page is first shown; the server names the chunk in
//! the HTML of a page that needs it, so a first visit fetches it in
//! parallel. The listing page, where most visitors land, stays in the main
//! module.

pub mod home;
pub mod listing;
pub mod login;
pub mod messages;
pub mod moderation;
pub mod new_listing;
pub mod not_found;
pub mod register;
pub mod settings;
pub mod unsubscribe;

/// Declares `$route`, the lazy route that shows the component `$page`.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::IntoAny;
                leptos::prelude::view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/`: the newest listings.
    HomeRoute => home::HomePage
);
lazy_page!(
    /// `/login`.
    LoginRoute => login::LoginPage
);
lazy_page!(
    /// `/register`.
    RegisterRoute => register::RegisterPage
);
lazy_page!(
    /// `/listings/new`.
    NewListingRoute => new_listing::NewListingPage
);
lazy_page!(
    /// `/dashboard/messages`: the inbox, the thread and the composer.
    MessagesRoute => messages::MessagesPage
);
lazy_page!(
    /// `/moderation`: the reports, for the moderators.
    ModerationRoute => moderation::ModerationPage
);
lazy_page!(
    /// `/settings`: email and browser notifications.
    SettingsRoute => settings::SettingsPage
);
lazy_page!(
    /// `/unsubscribe/{token}`: an email's unsubscribe link.
    UnsubscribeRoute => unsubscribe::UnsubscribePage
);

//! One module per route. Pages never import each other.
//!
//! Pages render on the server only: what comes alive in the browser are the
//! islands they hold (`#[island]`), whose code alone is downloaded. The
//! header's island is in the WebAssembly every page loads; the messages
//! page's and the settings page's are lazy (`#[island(lazy)]`), fetched only
//! where they appear (`cargo leptos build --split`).
//!
//! So what a page awaits is a `Suspend` inside its `<Suspense>`, not a
//! closure making one: nothing re-runs it in the browser, and the server
//! calls such a closure twice (once to find its resources, once to render).

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

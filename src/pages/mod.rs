//! One module per route.

pub mod home;
pub mod listing;
pub mod login;
pub mod messages;
pub mod new_listing;
pub mod not_found;
pub mod register;

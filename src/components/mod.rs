//! Reusable pieces of UI.

pub mod contact_seller_button;
pub mod header;
pub mod message_badge;
pub mod polling;
pub mod require_login;

//! Reusable pieces of UI.

pub mod composer;
pub mod contact_seller_button;
pub mod conversation_list;
pub mod header;
pub mod message_badge;
pub mod polling;
pub mod require_login;
pub mod thread;
pub mod time;

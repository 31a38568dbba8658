//! Reusable pieces of UI. They read app-wide state from `crate::context`,
//! never from pages or the shell.

pub mod button;
pub mod call;
pub mod composer;
pub mod confirm;
pub mod contact_seller_button;
pub mod conversation_list;
pub mod error_message;
pub mod form_field;
pub mod header;
pub mod inbox_search;
pub mod listing_status;
pub mod live_header;
pub mod live_updates;
pub mod load_more;
pub mod message_badge;
pub mod not_found;
pub mod notifications;
pub mod require_login;
pub mod thread;

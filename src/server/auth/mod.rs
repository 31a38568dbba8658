//! Who is asking: passwords, sessions and the session cookie.

pub mod cookie;
pub mod current_user;
pub mod password;

pub use cookie::SessionToken;
pub use current_user::{current_user, require_user, CurrentUser};

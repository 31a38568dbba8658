//! Who is asking: password hashes and the session token in its cookie.
//! Resolving a token to a user is the accounts service's job; the REST
//! extractor and the server functions' helpers call it.

pub mod cookie;
pub mod password;

pub use cookie::SessionToken;

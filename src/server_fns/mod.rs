//! Server functions: what the pages call. They exist in both builds (the
//! browser gets a stub that POSTs to `/rpc/…`); on the server each is a thin
//! adapter over `server::services`, exactly like the REST handlers.

pub mod auth;
pub mod listings;
pub mod messages;

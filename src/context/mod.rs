//! App-wide contexts: a type and a `provide_…()` each. The shell provides
//! them once; pages and components read them with `expect_context`.

mod inbox;
mod live;
mod session;
mod unread;

pub use inbox::{provide_inbox_refresh, InboxRefresh};
pub use live::{provide_live_sync, LiveSync};
pub use session::{provide_session, Session};
pub use unread::{provide_unread_total, UnreadTotal};

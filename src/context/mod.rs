//! App-wide contexts: a type and a `provide_…()` each. The shell provides
//! them once; pages and components read them with `expect_context`. In the
//! browser only islands run, and they do not see the shell's contexts:
//! what they share is `PageLive`, and each island provides the contexts its
//! components need.

mod inbox;
mod language;
mod live;
mod page;
mod session;
mod unread;

pub use inbox::{provide_inbox_refresh, query_value, InboxLocation, InboxRefresh, INBOX_PATH};
pub use language::{provide_locale, use_locale};
pub use live::{provide_live_sync, LiveSync};
pub use page::{PageLive, StreamListeners};
pub use session::{provide_session, Session};
pub use unread::{provide_unread_total, UnreadTotal};

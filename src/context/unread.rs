use super::Session;
use crate::domain::AppError;
use crate::server_fns::messages::unread_count;
use leptos::prelude::*;

/// The unread total when the page is made: the header's badge starts
/// from it (then `PageLive` keeps it fresh). Asked for once by the shell,
/// never inside the header's reactive closures.
#[derive(Clone, Copy)]
pub struct UnreadTotal {
    pub initial: Resource<Result<i64, AppError>>,
}

/// Refetches the count whenever the session changes.
pub fn provide_unread_total(session: Session) -> UnreadTotal {
    let unread = UnreadTotal {
        initial: Resource::new(move || session.version.get(), |_| unread_count()),
    };
    provide_context(unread);
    unread
}

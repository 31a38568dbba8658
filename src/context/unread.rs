use super::Session;
use crate::domain::AppError;
use crate::server_fns::messages::unread_count;
use leptos::prelude::*;

/// The unread total shown by the badge, kept fresh by the live updates.
///
/// `initial` is the server-rendered count. It is created once by the app
/// shell, never inside the header's reactive closures, so the server and
/// the hydrating browser number their resources the same way. The header
/// awaits it and puts it in `count` before it creates the badge, which
/// only ever reads `count`.
#[derive(Clone, Copy)]
pub struct UnreadTotal {
    pub initial: Resource<Result<i64, AppError>>,
    pub count: RwSignal<Option<i64>>,
}

/// Refetches the count whenever the session changes.
pub fn provide_unread_total(session: Session) -> UnreadTotal {
    let unread = UnreadTotal {
        initial: Resource::new(move || session.version.get(), |_| unread_count()),
        count: RwSignal::new(None),
    };
    provide_context(unread);
    unread
}

use crate::domain::{AppError, User};
use crate::server_fns::auth::{get_me, Login, Logout, LogoutEverywhere, Register};
use leptos::prelude::*;

/// Who is logged in, and the actions that change it.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<User>, AppError>>,
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
    pub logout_everywhere: ServerAction<LogoutEverywhere>,
    /// Changes whenever someone logs in or out: what session-bound data
    /// refetches on.
    pub version: Signal<(usize, usize, usize, usize)>,
}

/// A `ServerAction` shows the error of a form posted without JavaScript
/// (the server redirects back with `?__path=…&__err=…`) only if that error
/// is in context when the action is created, so call this inside the
/// router, after `provide_server_action_error()`.
pub fn provide_session() -> Session {
    let login = ServerAction::<Login>::new();
    let register = ServerAction::<Register>::new();
    let logout = ServerAction::<Logout>::new();
    let logout_everywhere = ServerAction::<LogoutEverywhere>::new();
    let version = Signal::derive(move || {
        (
            login.version().get(),
            register.version().get(),
            logout.version().get(),
            logout_everywhere.version().get(),
        )
    });
    let session = Session {
        user: Resource::new(move || version.get(), |_| get_me()),
        login,
        register,
        logout,
        logout_everywhere,
        version,
    };
    provide_context(session);
    session
}

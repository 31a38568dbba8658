//! The service layer: every read and write of the domain goes through
//! here, and every business rule lives here. REST handlers and server
//! functions are thin adapters over it, and nothing else talks SQL.
//!
//! Each public service function is `#[tracing::instrument]`ed, so a
//! database failure is logged (by [`DbResultExt`]) inside a span that names
//! the operation that failed.

pub mod accounts;
pub mod attachments;
pub mod blocks;
pub mod calls;
pub mod changes;
pub mod events;
pub mod health;
pub mod inbox;
pub mod limits;
pub mod listings;
pub mod messages;
pub mod notifications;
pub mod offers;
pub mod presence;
pub mod push;
pub mod reports;
pub mod search;
pub mod sessions;
pub mod sync;
pub mod typing;
pub mod warnings;

use crate::domain::AppError;

/// Whether a create-or-get made something new (201) or found it (200).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    New,
    Existing,
}

/// Turning database results into application results.
pub(crate) trait DbResultExt<T> {
    /// A database failure becomes a 500 (503 while the database cannot be
    /// reached); its detail goes to the log, never to the user.
    fn or_internal(self) -> Result<T, AppError>;

    /// A unique violation of `constraint` becomes `client_error` (a race
    /// lost to another request, settled by the database); any other
    /// failure is handled as [`or_internal`](Self::or_internal) does.
    fn on_constraint(
        self,
        constraint: &str,
        client_error: impl FnOnce() -> AppError,
    ) -> Result<T, AppError>;
}

impl<T> DbResultExt<T> for Result<T, sqlx::Error> {
    fn or_internal(self) -> Result<T, AppError> {
        self.map_err(internal)
    }

    fn on_constraint(
        self,
        constraint: &str,
        client_error: impl FnOnce() -> AppError,
    ) -> Result<T, AppError> {
        match self {
            Err(sqlx::Error::Database(db))
                if db.is_unique_violation() && db.constraint() == Some(constraint) =>
            {
                Err(client_error())
            }
            other => other.or_internal(),
        }
    }
}

fn internal(error: sqlx::Error) -> AppError {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
            tracing::warn!(%error, "database unreachable");
            AppError::unavailable()
        }
        sqlx::Error::Database(ref db) if is_server_going_away(db.code().as_deref()) => {
            tracing::warn!(%error, "database shutting down or starting");
            AppError::unavailable()
        }
        error => {
            tracing::error!(%error, "database error");
            AppError::internal()
        }
    }
}

/// SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin
/// shutdown, crash shutdown, cannot connect now): the database is going or
/// not yet back, so the request may be retried.
fn is_server_going_away(code: Option<&str>) -> bool {
    code.is_some_and(|code| code.starts_with("08") || code.starts_with("57P0"))
}

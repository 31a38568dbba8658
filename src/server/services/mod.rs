//! The service layer: every read and write of the domain goes through
//! here. REST handlers and server functions are thin adapters over it, and
//! nothing else talks SQL.

pub mod accounts;
pub mod listings;
pub mod messages;

use crate::domain::AppError;

/// Database failures are logged with their detail and reach the user as a
/// plain 500.
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::internal()
    }
}

/// The name of the constraint a statement violated, if it was a unique
/// violation: lets a service turn a race lost to another request into the
/// right answer instead of a 500.
pub(crate) fn unique_violation(error: &sqlx::Error) -> Option<&str> {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => db.constraint(),
        _ => None,
    }
}

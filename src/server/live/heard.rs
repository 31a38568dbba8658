//! A change as this instance heard it, shared by every event stream open
//! here: what a recipient's streams say about it is read from the database
//! once for that recipient, however many of their tabs are open, and
//! forgotten with the change once every stream has passed it.

use super::notice::Notice;
use crate::domain::{AppError, StreamEvent};
use std::collections::HashMap;
use std::future::Future;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// What one recipient's streams send for a change.
pub type Said = Arc<Vec<StreamEvent>>;

#[derive(Debug)]
pub struct HeardChange {
    notice: Notice,
    said: Mutex<HashMap<Uuid, Arc<OnceCell<Said>>>>,
}

impl HeardChange {
    pub fn new(notice: Notice) -> Self {
        Self {
            notice,
            said: Mutex::new(HashMap::new()),
        }
    }

    /// What `recipient`'s streams send: `read` runs for the first of them
    /// (again after it failed), the others wait for its answer.
    pub async fn said_to<F, Fut>(&self, recipient: Uuid, read: F) -> Result<Said, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<StreamEvent>, AppError>>,
    {
        let cell = self
            .said
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(recipient)
            .or_default()
            .clone();
        cell.get_or_try_init(|| async { read().await.map(Arc::new) })
            .await
            .cloned()
    }
}

impl Deref for HeardChange {
    type Target = Notice;

    fn deref(&self) -> &Notice {
        &self.notice
    }
}

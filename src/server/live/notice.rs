//! What travels on the `souk_changes` channel: one notice per change,
//! NOTIFYed inside the transaction that made it (so it is delivered, to
//! every instance, exactly when the change commits).

use crate::domain::call::CallLine;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The PostgreSQL channel of the change feed.
pub const CHANNEL: &str = "souk_changes";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A new message (`message_id`), sent by `actor`.
    Message,
    /// `actor` read the conversation further.
    Read,
    /// The conversation appeared, left a list or changed otherwise.
    Conversation,
    /// `actor` is typing in the conversation (never stored).
    Typing,
    /// `actor`'s sessions ended (a logout): forget cached ones.
    Sessions,
    /// `actor` signalled in a call (never stored beyond the call).
    Call,
}

/// Someone who sees the change, and their participant row's new stamp
/// (none for typing and sessions, which change no row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub id: Uuid,
    #[serde(default)]
    pub seq: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub kind: ChangeKind,
    #[serde(default)]
    pub conversation_id: Option<Uuid>,
    #[serde(default)]
    pub message_id: Option<Uuid>,
    pub actor: Uuid,
    pub users: Vec<Stamp>,
    /// The instance whose request made the change: work to do once per
    /// change (a push) is done there.
    #[serde(default)]
    pub origin: Option<Uuid>,
    /// With `call`: which signal, or how the call ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallNotice>,
}

/// A call notice's subject: a signal kept in `call_signals` (read by the
/// recipient's stream: a description is too large for a notice), or the
/// end of the call (whose rows are gone by then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallNotice {
    pub call_id: Uuid,
    #[serde(default)]
    pub signal_id: Option<i64>,
    #[serde(default)]
    pub ended: Option<CallLine>,
}

/// This process's id among the instances on one database.
pub fn this_instance() -> Uuid {
    static INSTANCE: std::sync::OnceLock<Uuid> = std::sync::OnceLock::new();
    *INSTANCE.get_or_init(Uuid::new_v4)
}

impl Notice {
    /// This user's stamp, when the notice is for them.
    pub fn stamp_for(&self, user: Uuid) -> Option<&Stamp> {
        self.users.iter().find(|s| s.id == user)
    }
}

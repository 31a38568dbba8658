//! What this instance knows, in memory, about changes made by every
//! instance: fed by PostgreSQL `LISTEN` (see `listener`), so that a sync
//! that finds nothing new answers without a database round trip, and the
//! event streams hear of changes at once.
//!
//! The knowledge is only trusted while the listener is connected: when it
//! drops, everything is forgotten and every user counts as changed (their
//! next sync reads the database) until it is back. An `epoch` counts the
//! listener's connects and disconnects, so a database read that started
//! before one cannot record what it saw as current.

mod heard;
mod hub;
pub mod listener;
pub mod notice;
pub mod presence;

pub use heard::{HeardChange, Said};
pub use hub::{Live, LiveEvent};
pub use notice::{this_instance, CallNotice, ChangeKind, Notice, Stamp, CHANNEL};
pub use presence::{Presence, StreamPresence, PRESENCE_FLUSH};

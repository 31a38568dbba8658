//! The MessageService, in rooms: `conversations` (the view as my list,
//! one conversation, starting one), `windows` (the messages a thread
//! shows, and sending), `lines` (what the site writes in a person's name:
//! calls, offers), `read_state` (unread, mark read, delete-for-me), and
//! `rows` (what the reads return, mapped to the wire types).
//!
//! Design notes (the "why" behind the SQL):
//! - Each conversation hands out message sequence numbers 1, 2, 3… while
//!   holding its row lock (`last_seq + 1`). Sends to one conversation are
//!   therefore serialised, sequence order is commit order, and a poller
//!   asking for "after seq N" can never miss a message that commits late.
//!   Sequences are dense (no message is ever removed), so counts are
//!   differences of sequence numbers.
//! - A sender's read pointer moves to the message they send, so every
//!   message past a user's pointer is someone else's: unread = `last_seq -
//!   last_read_seq`, with no scan of messages at all.
//! - Delete-for-me sets `hidden` and `cleared_seq` on the user's own
//!   participant row; a new message clears `hidden`, and messages up to
//!   `cleared_seq` stay gone for that user.
//! - A conversation the user cannot see (not a participant, or hidden by
//!   them) is reported exactly like one that does not exist.

// First: its `select_conversation_row!` is used by the others.
#[macro_use]
mod rows;
mod conversations;
mod lines;
mod read_state;
mod windows;

pub use conversations::*;
pub(in crate::server::services) use lines::{append_line, Line, LineKind};
pub use read_state::*;
pub(in crate::server::services) use rows::MessageRow;
pub use windows::*;

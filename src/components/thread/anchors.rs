//! Where a message stands in the log: the element id of its row (a bubble,
//! an offer's card, a line), which a search hit scrolls to.

use uuid::Uuid;

pub fn message_anchor(message_id: Uuid) -> String {
    format!("message-{message_id}")
}

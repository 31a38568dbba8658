//! The rules of the thread's messages, apart from the view: what the
//! server has confirmed, and what I sent from this page that no poll has
//! returned yet (pending, sent or failed, retried with the same clientId).

use crate::domain::{Attachment, Message};
use crate::ui_support::time::same_day;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A message from the server, with whether it opens a new day.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub message: Message,
    pub new_day: bool,
}

/// Adds the server's messages in server order, skipping those already
/// shown (a poll and a send's reply may both bring one).
pub fn merge_from_server(shown: &mut Vec<Shown>, incoming: Vec<Message>) {
    for message in incoming {
        if shown.iter().any(|s| s.message.id == message.id) {
            continue;
        }
        let new_day = shown
            .last()
            .is_none_or(|prev| !same_day(prev.message.created_at, message.created_at, false));
        shown.push(Shown { message, new_day });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delivery {
    Pending,
    Sent,
    Failed,
}

/// A message I sent from this page that no poll has listed yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub client_id: Uuid,
    pub content: String,
    /// Uploaded already; sent with the text.
    pub attachments: Vec<Attachment>,
    pub created_at: DateTime<Utc>,
    pub delivery: Delivery,
    pub stored_id: Option<Uuid>,
}

/// My messages on their way, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outbox {
    pub items: Vec<Outgoing>,
}

impl Outbox {
    /// Queues `content` and `attachments` for sending and returns what to
    /// send. Sending a failed message again (same text and images) retries
    /// that message (same clientId), so it is never stored twice.
    pub fn queue(
        &mut self,
        content: String,
        attachments: Vec<Attachment>,
        now: DateTime<Utc>,
    ) -> Outgoing {
        let failed_twin = self.items.iter_mut().find(|o| {
            o.content == content && o.attachments == attachments && o.delivery == Delivery::Failed
        });
        if let Some(twin) = failed_twin {
            twin.delivery = Delivery::Pending;
            return twin.clone();
        }
        let out = Outgoing {
            client_id: Uuid::new_v4(),
            content,
            attachments,
            created_at: now,
            delivery: Delivery::Pending,
            stored_id: None,
        };
        self.items.push(out.clone());
        out
    }

    /// Retries a failed message ("Retry"): pending again, same clientId.
    pub fn retry(&mut self, client_id: Uuid) -> Option<Outgoing> {
        let out = self.items.iter_mut().find(|o| o.client_id == client_id)?;
        out.delivery = Delivery::Pending;
        Some(out.clone())
    }

    /// The server stored it as `stored_id`; if a sync already listed it
    /// (before this reply came), it leaves the outbox at once.
    pub fn sent(&mut self, client_id: Uuid, stored_id: Uuid, shown: &[Shown]) {
        if let Some(out) = self.items.iter_mut().find(|o| o.client_id == client_id) {
            out.delivery = Delivery::Sent;
            out.stored_id = Some(stored_id);
        }
        self.drop_listed(shown);
    }

    pub fn failed(&mut self, client_id: Uuid) {
        if let Some(out) = self.items.iter_mut().find(|o| o.client_id == client_id) {
            out.delivery = Delivery::Failed;
        }
    }

    /// Forgets the sent messages the server now lists in the thread.
    pub fn drop_listed(&mut self, shown: &[Shown]) {
        self.items.retain(|o| {
            !o.stored_id
                .is_some_and(|id| shown.iter().any(|s| s.message.id == id))
        });
    }
}

/// The composer's text after a send succeeded: cleared if it still holds
/// what was sent, left alone if the person has typed something new.
pub fn draft_after_sent(draft: &str, sent: &str) -> Option<String> {
    (draft.trim() == sent).then(String::new)
}

/// The composer's text after a send failed: the failed text comes back
/// into an empty composer, so nothing typed is lost.
pub fn draft_after_failure(draft: &str, failed: &str) -> Option<String> {
    draft.trim().is_empty().then(|| failed.to_owned())
}

/// Puts older messages (oldest first) before those shown.
pub fn merge_older(shown: &mut Vec<Shown>, older: Vec<Message>) {
    let mut all = Vec::with_capacity(older.len() + shown.len());
    merge_from_server(&mut all, older);
    merge_from_server(&mut all, shown.drain(..).map(|s| s.message).collect());
    *shown = all;
}

/// The message "Seen" goes under: my newest message at or before the one
/// the other person has read up to (`read`).
pub fn seen_under(shown: &[Shown], me: Uuid, read: Option<Uuid>) -> Option<Uuid> {
    let read = read?;
    let upto = shown.iter().position(|s| s.message.id == read)?;
    shown[..=upto]
        .iter()
        .rev()
        .find(|s| s.message.sender_id == me)
        .map(|s| s.message.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, hour, 0, 0).unwrap()
    }

    fn message(id: u128, hour: u32) -> Message {
        Message {
            id: Uuid::from_u128(id),
            conversation_id: Uuid::nil(),
            sender_id: Uuid::nil(),
            content: format!("m{id}"),
            created_at: at(hour),
            attachments: Vec::new(),
            call: None,
            warnings: Vec::new(),
            offer: None,
            offer_step: None,
        }
    }

    #[test]
    fn a_message_brought_twice_is_shown_once() {
        let mut shown = Vec::new();
        merge_from_server(&mut shown, vec![message(1, 9), message(2, 10)]);
        merge_from_server(&mut shown, vec![message(2, 10), message(3, 11)]);
        let ids: Vec<u128> = shown.iter().map(|s| s.message.id.as_u128()).collect();
        assert_eq!(ids, [1, 2, 3]);
    }

    #[test]
    fn the_first_message_of_each_day_opens_it() {
        let mut shown = Vec::new();
        let mut next_day = message(3, 9);
        next_day.created_at += chrono::Duration::days(1);
        merge_from_server(&mut shown, vec![message(1, 9), message(2, 10), next_day]);
        let days: Vec<bool> = shown.iter().map(|s| s.new_day).collect();
        assert_eq!(days, [true, false, true]);
    }

    #[test]
    fn a_send_is_pending_then_sent() {
        let mut outbox = Outbox::default();
        let out = outbox.queue("hello".into(), Vec::new(), at(9));
        assert_eq!(outbox.items[0].delivery, Delivery::Pending);
        outbox.sent(out.client_id, Uuid::from_u128(7), &[]);
        assert_eq!(outbox.items[0].delivery, Delivery::Sent);
        assert_eq!(outbox.items[0].stored_id, Some(Uuid::from_u128(7)));
    }

    #[test]
    fn sending_a_failed_text_again_retries_it_with_the_same_client_id() {
        let mut outbox = Outbox::default();
        let first = outbox.queue("hello".into(), Vec::new(), at(9));
        outbox.failed(first.client_id);
        let again = outbox.queue("hello".into(), Vec::new(), at(10));
        assert_eq!(again.client_id, first.client_id);
        assert_eq!(outbox.items.len(), 1);
        assert_eq!(outbox.items[0].delivery, Delivery::Pending);
    }

    #[test]
    fn the_same_text_while_the_first_is_pending_is_a_new_message() {
        let mut outbox = Outbox::default();
        let first = outbox.queue("ok".into(), Vec::new(), at(9));
        let second = outbox.queue("ok".into(), Vec::new(), at(9));
        assert_ne!(first.client_id, second.client_id);
        assert_eq!(outbox.items.len(), 2);
    }

    #[test]
    fn retry_keeps_the_client_id() {
        let mut outbox = Outbox::default();
        let out = outbox.queue("hello".into(), Vec::new(), at(9));
        outbox.failed(out.client_id);
        let retried = outbox.retry(out.client_id).unwrap();
        assert_eq!(retried.client_id, out.client_id);
        assert_eq!(outbox.items[0].delivery, Delivery::Pending);
    }

    #[test]
    fn sent_messages_leave_the_outbox_once_the_server_lists_them() {
        let mut outbox = Outbox::default();
        let listed = outbox.queue("a".into(), Vec::new(), at(9));
        let unlisted = outbox.queue("b".into(), Vec::new(), at(9));
        let failed = outbox.queue("c".into(), Vec::new(), at(9));
        outbox.sent(listed.client_id, Uuid::from_u128(1), &[]);
        outbox.sent(unlisted.client_id, Uuid::from_u128(2), &[]);
        outbox.failed(failed.client_id);
        let mut shown = Vec::new();
        merge_from_server(&mut shown, vec![message(1, 9)]);
        outbox.drop_listed(&shown);
        let left: Vec<&str> = outbox.items.iter().map(|o| o.content.as_str()).collect();
        assert_eq!(left, ["b", "c"]);
    }

    #[test]
    fn the_draft_is_cleared_only_if_it_still_holds_the_sent_text() {
        assert_eq!(draft_after_sent(" hello ", "hello"), Some(String::new()));
        assert_eq!(draft_after_sent("something new", "hello"), None);
    }

    #[test]
    fn a_failed_text_comes_back_only_into_an_empty_composer() {
        assert_eq!(draft_after_failure("  ", "hello"), Some("hello".into()));
        assert_eq!(draft_after_failure("typing", "hello"), None);
    }

    #[test]
    fn seen_goes_under_my_newest_message_the_other_has_read() {
        let me = Uuid::from_u128(7);
        let mine = |id, hour| Message {
            sender_id: me,
            ..message(id, hour)
        };
        let mut shown = Vec::new();
        merge_from_server(
            &mut shown,
            vec![mine(1, 9), mine(2, 10), message(3, 11), mine(4, 12)],
        );
        let read = |id: u128| Some(Uuid::from_u128(id));
        assert_eq!(seen_under(&shown, me, read(2)), read(2));
        // They answered after reading mine: still under my message 2.
        assert_eq!(seen_under(&shown, me, read(3)), read(2));
        assert_eq!(seen_under(&shown, me, read(4)), read(4));
        assert_eq!(seen_under(&shown, me, None), None);
        // Read up to something not shown (older than the loaded page).
        assert_eq!(seen_under(&shown, me, read(99)), None);
    }

    #[test]
    fn a_message_listed_before_its_send_replied_shows_once() {
        let mut outbox = Outbox::default();
        let out = outbox.queue("hello".into(), Vec::new(), at(9));
        let stored = Message {
            content: "hello".into(),
            ..message(5, 9)
        };
        let mut shown = Vec::new();
        merge_from_server(&mut shown, vec![stored.clone()]);
        outbox.drop_listed(&shown); // the sync: not yet known to be ours
        assert_eq!(outbox.items.len(), 1);
        outbox.sent(out.client_id, stored.id, &shown); // then the reply
        assert!(outbox.items.is_empty());
    }

    #[test]
    fn older_history_goes_first_and_days_are_marked_again() {
        let mut shown = Vec::new();
        merge_from_server(&mut shown, vec![message(3, 9), message(4, 10)]);
        let mut yesterday = message(1, 23);
        yesterday.created_at -= chrono::Duration::days(1);
        merge_older(&mut shown, vec![yesterday, message(2, 8), message(3, 9)]);
        let ids: Vec<u128> = shown.iter().map(|s| s.message.id.as_u128()).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        let days: Vec<bool> = shown.iter().map(|s| s.new_day).collect();
        assert_eq!(days, [true, true, false, false]);
    }
}

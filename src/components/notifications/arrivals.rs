//! Which messages the page announces with a system notification: each new
//! message from the other person, once, when its conversation is out of
//! sight (the tab hidden, or another conversation open).

use crate::domain::attachment::Carried;
use crate::domain::PushPayload;
use std::collections::HashSet;

/// What a notification needs of a conversation in a sync answer (read by
/// `live_updates` without the message types, which do not load on every
/// page).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConversationGlance {
    pub id: String,
    pub listing_title: Option<String>,
    pub unread: i64,
    pub blocked_by_me: bool,
    /// Its last activity, in milliseconds since the epoch.
    pub updated_ms: f64,
    /// Each participant's id and name.
    pub participants: Vec<(String, String)>,
    pub last: Option<MessageGlance>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageGlance {
    pub id: String,
    pub sender_id: String,
    pub content: String,
    pub carried: Carried,
    pub created_ms: f64,
}

#[derive(Default)]
pub struct Arrivals {
    /// The newest activity the first answer showed: anything at or before
    /// it was there before the page opened, and is not news.
    watermark: Option<f64>,
    started: bool,
    announced: HashSet<String>,
}

impl Arrivals {
    /// The notifications an answer's `conversations` call for; `open` is
    /// the conversation on screen (when the page is visible).
    pub fn news(
        &mut self,
        conversations: &[ConversationGlance],
        me: &str,
        open: Option<&str>,
    ) -> Vec<PushPayload> {
        if !self.started {
            self.started = true;
            self.watermark = conversations.iter().map(|c| c.updated_ms).reduce(f64::max);
            return Vec::new();
        }
        let mut news = Vec::new();
        for conversation in conversations {
            let Some(message) = &conversation.last else {
                continue;
            };
            let is_news = message.sender_id != me
                && conversation.unread > 0
                && !conversation.blocked_by_me
                && open != Some(conversation.id.as_str())
                && self.watermark.is_none_or(|w| message.created_ms > w);
            if is_news && self.announced.insert(message.id.clone()) {
                let sender = conversation
                    .participants
                    .iter()
                    .find(|(id, _)| *id == message.sender_id)
                    .map(|(_, name)| name.as_str())
                    .unwrap_or_default();
                news.push(PushPayload::for_message(
                    crate::context::use_locale(),
                    &conversation.id,
                    sender,
                    conversation.listing_title.as_deref(),
                    &message.content,
                    message.carried,
                ));
            }
        }
        news
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conversation(
        id: &str,
        message: &str,
        from: &str,
        at: f64,
        unread: i64,
    ) -> ConversationGlance {
        ConversationGlance {
            id: id.into(),
            listing_title: Some("Armchair".into()),
            unread,
            updated_ms: at,
            participants: vec![("me".into(), "Sam".into()), ("bea".into(), "Bea".into())],
            last: Some(MessageGlance {
                id: message.into(),
                sender_id: from.into(),
                content: "Still there?".into(),
                created_ms: at,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn only_new_messages_from_the_other_person_out_of_sight_are_news() {
        let mut arrivals = Arrivals::default();
        // The first answer says what was there before: no news.
        assert!(arrivals
            .news(&[conversation("c1", "m1", "bea", 10.0, 1)], "me", None)
            .is_empty());
        let later = conversation("c1", "m2", "bea", 20.0, 2);
        let news = arrivals.news(std::slice::from_ref(&later), "me", None);
        assert_eq!(news.len(), 1);
        assert_eq!(news[0].title, "Bea · Armchair");
        assert_eq!(news[0].tag, "conversation-c1");
        // Once per message.
        assert!(arrivals.news(&[later], "me", None).is_empty());
        // Not my own, not on screen, not read, not older than the page.
        assert!(arrivals
            .news(&[conversation("c1", "m3", "me", 30.0, 0)], "me", None)
            .is_empty());
        assert!(arrivals
            .news(
                &[conversation("c2", "m4", "bea", 40.0, 1)],
                "me",
                Some("c2")
            )
            .is_empty());
        assert!(arrivals
            .news(&[conversation("c3", "m5", "bea", 50.0, 0)], "me", None)
            .is_empty());
        assert!(arrivals
            .news(&[conversation("c4", "m6", "bea", 5.0, 1)], "me", None)
            .is_empty());
    }
}

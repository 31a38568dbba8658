//! Which messages the page announces with a system notification: each new
//! message from the other person, once, when its conversation is out of
//! sight (the tab hidden, or another conversation open).

use crate::domain::{PushPayload, SyncAnswer};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use uuid::Uuid;

#[derive(Default)]
pub struct Arrivals {
    /// The newest activity the first answer showed: anything at or before
    /// it was there before the page opened, and is not news.
    watermark: Option<DateTime<Utc>>,
    started: bool,
    announced: HashSet<Uuid>,
}

impl Arrivals {
    /// The notifications `answer` calls for; `open` is the conversation on
    /// screen (when the page is visible).
    pub fn news(&mut self, answer: &SyncAnswer, me: Uuid, open: Option<Uuid>) -> Vec<PushPayload> {
        if !self.started {
            self.started = true;
            self.watermark = answer.conversations.iter().map(|c| c.updated_at).max();
            return Vec::new();
        }
        let mut news = Vec::new();
        for conversation in &answer.conversations {
            let Some(message) = &conversation.last_message else {
                continue;
            };
            let is_news = message.sender_id != me
                && conversation.unread_count > 0
                && !conversation.blocked_by_me
                && open != Some(conversation.id)
                && self.watermark.is_none_or(|w| message.created_at > w);
            if is_news && self.announced.insert(message.id) {
                let sender = conversation
                    .participants
                    .iter()
                    .find(|p| p.id == message.sender_id)
                    .map(|p| p.name.as_str())
                    .unwrap_or_default();
                news.push(PushPayload::for_message(
                    conversation.id,
                    sender,
                    conversation.ad_title.as_deref(),
                    &message.content,
                    message.attachments.len(),
                ));
            }
        }
        news
    }
}

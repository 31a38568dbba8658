//! One user's event stream, and what it tells them about each change:
//! the changed things themselves, in the REST shapes, read from the
//! database (only when something happened to them), once per recipient on
//! this instance however many of their tabs listen.
//!
//! The stream's rules: a reconnect whose `Last-Event-ID` is older than the
//! user's newest change starts with `resync`; each change about the user
//! says what changed, with the change's stamp as the event's id; a change
//! that could not be read, or changes this instance may have missed, say
//! `resync` (the page then syncs); the stream ends with the user's session.

use super::sessions::Sessions;
use super::{calls, messages};
use crate::domain::{
    AppError, ConversationChange, ReadUpTo, Resync, StreamEvent, Typing, UnreadCount,
};
use crate::server::auth::SessionToken;
use crate::server::live::{ChangeKind, Live, LiveEvent, Notice, StreamPresence};
use crate::server::moderators::Moderators;
use sqlx::PgPool;
use std::collections::VecDeque;
use tokio::sync::broadcast::{error::RecvError, Receiver};
use uuid::Uuid;

/// An event of the stream, with the stamp of the change it follows (its
/// id on the wire), if any.
pub type FeedEvent = (StreamEvent, Option<i64>);

/// One open stream of one user.
pub struct EventFeed {
    pool: PgPool,
    live: Live,
    moderators: Moderators,
    me: Uuid,
    token: SessionToken,
    receiver: Receiver<LiveEvent>,
    queued: VecDeque<FeedEvent>,
    /// Its user has a page open while the stream lasts.
    _present: StreamPresence,
}

impl EventFeed {
    /// Opens `me`'s stream (`token`: their session). `last_seen`: the
    /// `Last-Event-ID` of a reconnect.
    pub async fn open(
        pool: PgPool,
        live: Live,
        moderators: Moderators,
        (me, token): (Uuid, SessionToken),
        last_seen: Option<i64>,
    ) -> Result<Self, AppError> {
        // Subscribe before looking: a change in between is then heard.
        let receiver = live.subscribe();
        let mut queued = VecDeque::new();
        if let Some(last_seen) = last_seen {
            if messages::latest_stamp(&pool, me).await? > last_seen {
                queued.push_back(resync());
            }
        }
        if let Some(ring) = calls::opening_signal(&pool, me).await? {
            queued.push_back((StreamEvent::Call(ring), None));
        }
        Ok(Self {
            _present: live.presence().stream_opened(me),
            pool,
            live,
            moderators,
            me,
            token,
            receiver,
            queued,
        })
    }

    /// The next event; `None` ends the stream (the session ended).
    pub async fn next(&mut self) -> Option<FeedEvent> {
        loop {
            if let Some(event) = self.queued.pop_front() {
                return Some(event);
            }
            match self.receiver.recv().await {
                Ok(LiveEvent::Change(change)) => {
                    // The reads below are boxed: a stream waits here far
                    // more than it reads, and an idle stream should hold
                    // only what waiting needs (see the 50,000-stream run).
                    if change.kind == ChangeKind::Sessions
                        && change.actor == self.me
                        && !Box::pin(self.session_alive()).await
                    {
                        return None;
                    }
                    let Some(stamp) = change.stamp_for(self.me) else {
                        continue; // not about me
                    };
                    let id = stamp.seq;
                    let (pool, me) = (&self.pool, self.me);
                    let said = Box::pin(
                        self.live
                            .said_to(&change, me, || updates_for(pool, me, &change)),
                    )
                    .await;
                    match said {
                        Ok(events) => self
                            .queued
                            .extend(events.iter().cloned().map(|event| (event, id))),
                        // The page will ask sync for what this could not say.
                        Err(_) => self.queued.push_back(resync()),
                    }
                }
                Ok(LiveEvent::Resync) | Err(RecvError::Lagged(_)) => {
                    self.queued.push_back(resync());
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    async fn session_alive(&self) -> bool {
        let sessions = Sessions {
            pool: &self.pool,
            live: &self.live,
            moderators: &self.moderators,
        };
        !matches!(sessions.user(&self.token).await, Ok(None))
    }
}

fn resync() -> FeedEvent {
    (StreamEvent::Resync(Resync {}), None)
}

/// The updates `me` gets for `notice` (none when it is not theirs).
#[tracing::instrument(skip(pool, notice), fields(kind = ?notice.kind))]
pub async fn updates_for(
    pool: &PgPool,
    me: Uuid,
    notice: &Notice,
) -> Result<Vec<StreamEvent>, AppError> {
    if notice.stamp_for(me).is_none() {
        return Ok(Vec::new());
    }
    let Some(conversation_id) = notice.conversation_id else {
        return Ok(Vec::new());
    };
    let mut updates = Vec::new();
    match notice.kind {
        ChangeKind::Typing => updates.push(StreamEvent::Typing(Typing {
            conversation_id,
            user_id: notice.actor,
        })),
        ChangeKind::Message => {
            if let Some(id) = notice.message_id {
                if let Some(message) = messages::message_seen_by(pool, me, id).await? {
                    updates.push(StreamEvent::Message(message));
                }
            }
            updates.push(conversation_update(pool, me, conversation_id).await?);
            updates.push(StreamEvent::Unread(UnreadCount {
                count: messages::unread_total(pool, me).await?,
            }));
        }
        ChangeKind::Read => {
            updates.push(StreamEvent::Read(ReadUpTo {
                conversation_id,
                user_id: notice.actor,
            }));
            updates.push(conversation_update(pool, me, conversation_id).await?);
            if notice.actor == me {
                updates.push(StreamEvent::Unread(UnreadCount {
                    count: messages::unread_total(pool, me).await?,
                }));
            }
        }
        ChangeKind::Conversation => {
            updates.push(conversation_update(pool, me, conversation_id).await?);
            updates.push(StreamEvent::Unread(UnreadCount {
                count: messages::unread_total(pool, me).await?,
            }));
        }
        ChangeKind::Call => {
            let Some(call) = &notice.call else {
                return Ok(updates);
            };
            let signal = match (call.ended, call.signal_id) {
                (Some(line), _) => calls::end_signal(notice, call, line),
                (None, Some(id)) => calls::signal_for(pool, me, id).await?,
                (None, None) => None,
            };
            updates.extend(signal.map(StreamEvent::Call));
        }
        ChangeKind::Sessions => {}
    }
    Ok(updates)
}

async fn conversation_update(
    pool: &PgPool,
    me: Uuid,
    conversation_id: Uuid,
) -> Result<StreamEvent, AppError> {
    match messages::conversation(pool, me, conversation_id).await {
        Ok(conversation) => Ok(StreamEvent::Conversation(ConversationChange::Changed(
            Box::new(conversation),
        ))),
        Err(e) if e.code == crate::domain::ErrorCode::NotFound => {
            Ok(StreamEvent::removed(conversation_id))
        }
        Err(e) => Err(e),
    }
}

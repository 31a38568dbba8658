//! Live updates over REST: `sync` (with ETag and 304), the event stream,
//! and typing.

use super::{ApiPath, ApiQuery, CurrentUser, Reply};
use crate::domain::{AppError, SyncQuery, User};
use crate::domain::{Resync, StreamEvent};
use crate::server::auth::SessionToken;
use crate::server::live::{LiveEvent, StreamPresence};
use crate::server::services::events;
use crate::server::services::{messages, sync, typing};
use crate::server::AppState;
use axum::extract::{FromRequestParts, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, Stream};
use http::request::Parts;
use http::{header, HeaderMap, HeaderValue, StatusCode};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

/// The logged-in user with their session's token: the stream ends when
/// that session does.
pub struct SessionUser(pub User, SessionToken);

impl FromRequestParts<AppState> for SessionUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (user, token) = state.sessions().require(&parts.headers).await?;
        Ok(SessionUser(user, token))
    }
}

/// `GET /api/messages/sync`.
pub async fn sync(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<SyncQuery>,
) -> Result<Response, AppError> {
    let request = query.parse()?;
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    let synced =
        sync::sync_unless_unchanged(&state.pool, &state.live, user.id, request, if_none_match)
            .await?;
    let Some((answer, tag)) = synced else {
        return Ok(not_modified(if_none_match.unwrap_or_default()));
    };
    let mut response = Reply::ok(answer).into_response();
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(response)
}

fn not_modified(tag: &str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// `POST /api/messages/conversations/{id}/typing`.
pub async fn typing(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
) -> Result<StatusCode, AppError> {
    typing::typing(&state.pool, user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How often an idle stream says it is alive.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// `GET /api/messages/events`: server-sent events for the logged-in user.
/// Each event that follows a change carries that change's stamp as its id;
/// a reconnect with `Last-Event-ID` older than the user's newest stamp
/// starts with `resync`.
pub async fn events(
    State(state): State<AppState>,
    SessionUser(user, token): SessionUser,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    // Subscribe before looking: a change in between is then heard.
    let receiver = state.live.subscribe();
    let mut queued = VecDeque::new();
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    if let Some(last_seen) = last_seen {
        if messages::latest_stamp(&state.pool, user.id).await? > last_seen {
            queued.push_back(to_event(StreamEvent::Resync(Resync {}), None));
        }
    }
    let feed = Feed {
        _present: state.live.presence().stream_opened(user.id),
        state,
        me: user.id,
        token,
        receiver,
        queued,
    };
    let stream = stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        Some((Ok(event), feed))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT)))
}

struct Feed {
    state: AppState,
    me: Uuid,
    token: SessionToken,
    receiver: tokio::sync::broadcast::Receiver<LiveEvent>,
    queued: VecDeque<Event>,
    /// Its user has a page open while the stream lasts.
    _present: StreamPresence,
}

impl Feed {
    /// The next event; `None` ends the stream (the session ended).
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.queued.pop_front() {
                return Some(event);
            }
            match self.receiver.recv().await {
                Ok(LiveEvent::Change(notice)) => {
                    if notice.kind == crate::server::live::ChangeKind::Sessions
                        && notice.actor == self.me
                        && !self.session_alive().await
                    {
                        return None;
                    }
                    let Some(stamp) = notice.stamp_for(self.me) else {
                        continue; // not about me
                    };
                    let id = stamp.seq;
                    let (pool, me) = (&self.state.pool, self.me);
                    let said = self
                        .state
                        .live
                        .said_to(&notice, me, || events::updates_for(pool, me, &notice))
                        .await;
                    match said {
                        Ok(updates) => self
                            .queued
                            .extend(updates.iter().cloned().map(|u| to_event(u, id))),
                        // The page will ask sync for what this could not say.
                        Err(_) => self
                            .queued
                            .push_back(to_event(StreamEvent::Resync(Resync {}), None)),
                    }
                }
                Ok(LiveEvent::Resync) | Err(RecvError::Lagged(_)) => {
                    self.queued
                        .push_back(to_event(StreamEvent::Resync(Resync {}), None));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    async fn session_alive(&self) -> bool {
        let state = &self.state;
        !matches!(state.sessions().user(&self.token).await, Ok(None))
    }
}

fn to_event(update: StreamEvent, id: Option<i64>) -> Event {
    let event = Event::default().event(update.name()).data(update.data());
    match id {
        Some(id) => event.id(id.to_string()),
        None => event,
    }
}

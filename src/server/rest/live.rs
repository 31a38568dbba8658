//! Live updates over REST: `sync` (with ETag and 304), the event stream,
//! and typing.

use super::{ApiPath, ApiQuery, CurrentUser, Reply};
use crate::domain::StreamEvent;
use crate::domain::{AppError, SyncQuery, User};
use crate::server::auth::SessionToken;
use crate::server::services::events::EventFeed;
use crate::server::services::{sync, typing};
use crate::server::AppState;
use axum::extract::{FromRequestParts, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, Stream};
use http::request::Parts;
use http::{header, HeaderMap, HeaderValue, StatusCode};
use std::convert::Infallible;
use std::time::Duration;

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

/// `GET /api/messages/events`: server-sent events for the logged-in user
/// (the stream's rules are in `services::events`).
pub async fn events(
    State(state): State<AppState>,
    SessionUser(user, token): SessionUser,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    let feed = EventFeed::open(
        state.pool.clone(),
        state.live.clone(),
        state.moderators.clone(),
        (user.id, token),
        last_seen,
    )
    .await?;
    let stream = stream::unfold(feed, |mut feed| async move {
        let (event, id) = feed.next().await?;
        Some((Ok(to_event(event, id)), feed))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT)))
}

fn to_event(update: StreamEvent, id: Option<i64>) -> Event {
    let event = Event::default().event(update.name()).data(update.data());
    match id {
        Some(id) => event.id(id.to_string()),
        None => event,
    }
}

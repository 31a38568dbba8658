//! Live updates: sync deltas with ETag and 304, a no-change sync that needs
//! no database, events across two instances on one database, reconnects
//! with Last-Event-ID, typing and read receipts.

use crate::client::{Api, Session};
use axum::body::Body;
use http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sqlx::PgPool;
use std::time::Duration;

/// A sync: the status, the answer (when 200) and the ETag.
struct Synced {
    status: StatusCode,
    body: Value,
    etag: Option<String>,
}

impl Synced {
    fn data(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "{}", self.body);
        &self.body["data"]
    }

    fn cursor(&self) -> String {
        self.data()["cursor"].as_str().unwrap().to_owned()
    }
}

async fn sync(api: &Api, who: &Session, query: &str, if_none_match: Option<&str>) -> Synced {
    let mut req = Request::builder()
        .uri(format!("/api/messages/sync{query}"))
        .header(header::COOKIE, &who.cookie);
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    let res = api.send(req.body(Body::empty()).unwrap()).await;
    let etag = res
        .headers()
        .get(header::ETAG)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = serde_json::from_slice(res.body()).unwrap_or(Value::Null);
    Synced {
        status: res.status(),
        body,
        etag,
    }
}

/// Syncs again from `last`, as the page does on its next tick.
async fn next(api: &Api, who: &Session, last: &Synced, extra: &str) -> Synced {
    let query = format!("?since={}{extra}", last.cursor());
    sync(api, who, &query, last.etag.as_deref()).await
}

/// The next sync that brings a change. An instance hears of a change a
/// moment after it commits, so a sync right after may still say 304.
async fn next_change(api: &Api, who: &Session, last: &Synced, extra: &str) -> Synced {
    let started = std::time::Instant::now();
    loop {
        let synced = next(api, who, last, extra).await;
        if synced.status != StatusCode::NOT_MODIFIED {
            return synced;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "no change came");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[sqlx::test]
async fn a_sync_says_what_changed_and_304_when_nothing_did(pool: PgPool) {
    for (api, tag) in [
        (Api::new(pool.clone()), "a"),
        (Api::live(pool.clone()).await, "b"),
    ] {
        let (alice, bob) = (
            api.user(&format!("Alice{tag}")).await,
            api.user(&format!("Bob{tag}")).await,
        );
        let first = sync(&api, &alice, "", None).await;
        assert_eq!(first.data()["conversations"], json!([]));
        assert!(first.etag.as_deref().is_some_and(|t| t.starts_with('"')));

        let conv = api.conversation(&bob, &alice, None).await;
        let hello = api.send_message(&bob, &conv, "hello").await;
        let changed = next_change(&api, &alice, &first, "").await;
        let data = changed.data();
        assert_eq!(data["unreadCount"], 1);
        assert_eq!(data["conversations"][0]["id"], json!(conv));
        assert_eq!(data["conversations"][0]["unreadCount"], 1);

        let same = next(&api, &alice, &changed, "").await;
        assert_eq!(same.status, StatusCode::NOT_MODIFIED);
        assert_eq!(same.etag, changed.etag);

        // The open thread: its new messages come along, and are read.
        let open = format!(
            "&conversationId={conv}&after={}",
            hello["id"].as_str().unwrap()
        );
        let quiet = next(&api, &alice, &changed, &open).await;
        assert_eq!(quiet.data()["messages"], json!([]));
        let again = api.send_message(&bob, &conv, "still there?").await;
        let with_message = next_change(&api, &alice, &quiet, &open).await;
        assert_eq!(with_message.data()["messages"][0]["id"], again["id"]);
        assert_eq!(with_message.data()["unreadCount"], 0);

        // Bob sees that Alice read it.
        let bobs = sync(&api, &bob, "", None).await;
        assert_eq!(
            bobs.data()["conversations"][0]["otherLastReadMessageId"],
            again["id"]
        );

        // A deleted conversation is reported as removed.
        api.delete(&format!("/api/messages/conversations/{conv}"), Some(&alice))
            .await;
        let after_delete = next_change(&api, &alice, &with_message, "").await;
        assert_eq!(after_delete.data()["removed"], json!([conv]));
        assert_eq!(after_delete.data()["conversations"], json!([]));
    }
}

#[sqlx::test]
async fn a_no_change_sync_answers_without_the_database(pool: PgPool) {
    let api = Api::live(pool.clone()).await;
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&bob, &alice, None).await;
    api.send_message(&bob, &conv, "hello").await;
    let first = sync(&api, &alice, "", None).await;
    let second = next(&api, &alice, &first, "").await;
    assert_eq!(second.status, StatusCode::NOT_MODIFIED);

    // With every pooled connection taken, any query would wait and fail.
    let mut held = Vec::new();
    while let Ok(Ok(conn)) = tokio::time::timeout(Duration::from_millis(200), pool.acquire()).await
    {
        held.push(conn);
    }
    let third = next(&api, &alice, &first, "").await;
    assert_eq!(third.status, StatusCode::NOT_MODIFIED, "{}", third.body);
    drop(held);
}

#[sqlx::test]
async fn a_logout_ends_the_remembered_session_at_once(pool: PgPool) {
    let api = Api::live(pool).await;
    let alice = api.user("Alice").await;
    let first = sync(&api, &alice, "", None).await;
    assert_eq!(first.status, StatusCode::OK);
    api.post("/api/auth/logout", json!({}), Some(&alice)).await;
    wait_until(|| async {
        next(&api, &alice, &first, "").await.status == StatusCode::UNAUTHORIZED
    })
    .await;
}

#[sqlx::test]
async fn bad_sync_queries_are_refused(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    for (query, code) in [
        ("?since=abc", "invalid_query"),
        ("?since=-1", "invalid_query"),
        ("?conversationId=nope", "invalid_id"),
        (
            "?after=6f1c58a4-2f6b-4bd4-a4a8-0d6e1f6a2b3c",
            "missing_field",
        ),
    ] {
        let res = sync(&api, &alice, query, None).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{query}: {}", res.body);
        assert_eq!(res.body["code"], code, "{query}");
    }
    let res = api.get("/api/messages/sync", None).await;
    res.assert_error(401, "not_authenticated");
}

/// Polls `condition` until it holds (10 s at most).
async fn wait_until<F, Fut>(condition: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = std::time::Instant::now();
    while !condition().await {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never happened"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An open event stream: reads events as they come.
pub struct Stream {
    body: Body,
    buffer: String,
}

#[derive(Debug)]
pub struct SseEvent {
    pub name: String,
    pub id: Option<String>,
    pub data: Value,
}

impl Stream {
    pub async fn open(api: &Api, who: &Session, last_event_id: Option<&str>) -> Self {
        let mut req = Request::builder()
            .method(Method::GET)
            .uri("/api/messages/events")
            .header(header::COOKIE, &who.cookie);
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        let res = api.open(req.body(Body::empty()).unwrap()).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
        Self {
            body: res.into_body(),
            buffer: String::new(),
        }
    }

    /// The next event (heartbeats skipped), within 5 s.
    pub async fn next(&mut self) -> SseEvent {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = SseEvent {
                    name: "message".into(),
                    id: None,
                    data: Value::Null,
                };
                let mut any = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event: ") {
                        event.name = v.into();
                        any = true;
                    } else if let Some(v) = line.strip_prefix("id: ") {
                        event.id = Some(v.into());
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        event.data = serde_json::from_str(v).unwrap();
                        any = true;
                    }
                }
                if any {
                    // Every event the stream sends reads back as the
                    // typed event the browser knows.
                    let typed =
                        souk::domain::StreamEvent::parse(&event.name, &event.data.to_string());
                    assert!(typed.is_ok(), "{} {}: {typed:?}", event.name, event.data);
                    return event;
                }
                continue;
            }
            let frame = tokio::time::timeout(Duration::from_secs(5), self.body.frame())
                .await
                .expect("an event within 5 s")
                .expect("the stream is open")
                .unwrap();
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
    }

    /// Skips events until one named `name`.
    pub async fn until(&mut self, name: &str) -> SseEvent {
        loop {
            let event = self.next().await;
            if event.name == name {
                return event;
            }
        }
    }
}

#[sqlx::test]
async fn events_reach_a_stream_on_another_instance(pool: PgPool) {
    let (one, two) = (Api::live(pool.clone()).await, Api::live(pool).await);
    let (alice, bob) = (one.user("Alice").await, one.user("Bob").await);
    let conv = one.conversation(&bob, &alice, None).await;
    let mut stream = Stream::open(&two, &alice, None).await;

    let sent = one.send_message(&bob, &conv, "are you there?").await;
    let message = stream.until("message").await;
    assert_eq!(message.data["id"], sent["id"]);
    assert!(message.id.is_some(), "a change event has an id");
    let unread = stream.until("unread").await;
    assert_eq!(unread.data["count"], 1);

    // Typing, through the other instance too.
    let typed = one
        .send(
            Request::builder()
                .method(Method::POST)
                .uri(format!("/api/messages/conversations/{conv}/typing"))
                .header(header::COOKIE, &bob.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(typed.status(), StatusCode::NO_CONTENT);
    let typing = stream.until("typing").await;
    assert_eq!(
        typing.data,
        json!({ "conversationId": conv, "userId": bob.id })
    );
    let synced = sync(&two, &alice, "", None).await;
    assert_eq!(
        synced.data()["typing"],
        json!([{ "conversationId": conv, "userId": bob.id }])
    );
    // The message lands: nobody is typing any more.
    one.send_message(&bob, &conv, "yes").await;
    stream.until("message").await;
    let synced = sync(&two, &alice, "", None).await;
    assert_eq!(synced.data()["typing"], json!([]));
}

#[sqlx::test]
async fn a_reconnect_with_an_old_last_event_id_starts_with_resync(pool: PgPool) {
    let api = Api::live(pool).await;
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&bob, &alice, None).await;
    let mut stream = Stream::open(&api, &alice, None).await;
    api.send_message(&bob, &conv, "one").await;
    let seen = stream.until("message").await.id.unwrap();
    drop(stream);

    // Missed while away: the reconnect says so first.
    api.send_message(&bob, &conv, "two").await;
    let mut back = Stream::open(&api, &alice, Some(&seen)).await;
    assert_eq!(back.next().await.name, "resync");

    // Up to date: the first event is the next change itself.
    let latest = {
        let mut s = Stream::open(&api, &alice, None).await;
        api.send_message(&bob, &conv, "three").await;
        // Notices of earlier sends may still be arriving.
        loop {
            let event = s.until("message").await;
            if event.data["content"] == "three" {
                break event.id.unwrap();
            }
        }
    };
    let mut current = Stream::open(&api, &alice, Some(&latest)).await;
    api.send_message(&bob, &conv, "four").await;
    let first = current.next().await;
    assert_eq!(first.name, "message", "{first:?} after {latest}");
    assert_eq!(first.data["content"], "four");
}

/// A change is read once per recipient on an instance, however many of
/// their tabs have a stream open; each stream still says all of it.
#[sqlx::test]
async fn three_streams_of_one_recipient_cost_one_read(pool: PgPool) {
    let api = Api::live(pool).await;
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&bob, &alice, None).await;
    let mut tabs = Vec::new();
    for _ in 0..3 {
        tabs.push(Stream::open(&api, &alice, None).await);
    }
    let reads_before = api.state().live.stream_reads();

    let sent = api
        .send_message(&bob, &conv, "one read for three tabs")
        .await;
    for tab in &mut tabs {
        assert_eq!(tab.until("message").await.data["id"], sent["id"]);
        assert_eq!(tab.until("unread").await.data["count"], 1);
    }
    assert_eq!(api.state().live.stream_reads() - reads_before, 1);
}

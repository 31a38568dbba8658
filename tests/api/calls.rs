//! Video calls' signalling: who may call, answer and signal (the two
//! participants only), busy, how a call ends (hung up, declined, missed)
//! and that only its line stays; a call between users on two instances.

use crate::client::{Api, Session};
use crate::live::Stream;
use http::StatusCode;
use serde_json::{json, Value};
use souk::domain::call::{GONE_AFTER, RING_FOR};
use sqlx::PgPool;
use std::time::Duration;

async fn call(api: &Api, caller: &Session, conversation: &str) -> crate::client::Reply {
    api.post(
        &format!("/api/messages/conversations/{conversation}/calls"),
        json!({}),
        Some(caller),
    )
    .await
}

/// Calls, and the new call's id.
async fn call_id(api: &Api, caller: &Session, conversation: &str) -> String {
    let started = call(api, caller, conversation).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    started.data()["id"].as_str().unwrap().to_owned()
}

async fn post(api: &Api, who: &Session, path: &str, body: Value) -> crate::client::Reply {
    api.post(path, body, Some(who)).await
}

async fn current(api: &Api, who: &Session, after: i64) -> Value {
    let reply = api
        .get(&format!("/api/calls/current?after={after}"), Some(who))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.data().clone()
}

/// The kinds of a current call's signals, in order.
fn kinds(current: &Value) -> Vec<&str> {
    current["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect()
}

/// The call lines of a conversation, as `who` reads its messages.
async fn lines(api: &Api, who: &Session, conversation: &str) -> Vec<Value> {
    let reply = api
        .get(
            &format!("/api/messages/conversations/{conversation}"),
            Some(who),
        )
        .await;
    reply.data()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.get("call").cloned())
        .collect()
}

async fn nothing_kept(api: &Api) {
    for table in ["calls", "call_lines", "call_signals"] {
        assert_eq!(api.count(table).await, 0, "{table} is empty after the call");
    }
}

#[sqlx::test]
async fn a_call_rings_is_answered_relays_signals_and_leaves_only_its_line(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob, eve) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Eve").await,
    );
    let conv = api.conversation(&alice, &bob, None).await;
    let started = call(&api, &alice, &conv).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let id = started.data()["id"].as_str().unwrap().to_owned();
    assert_eq!(started.data()["peerName"], "Bob");
    assert_eq!(started.data()["answered"], false);
    assert_eq!(started.data()["iceServers"], json!([]));

    // It rings for Bob, and only for him.
    let ringing = current(&api, &bob, 0).await;
    assert_eq!(ringing["call"]["id"], id.as_str());
    assert_eq!(ringing["call"]["peerName"], "Alice");
    assert_eq!(ringing["signals"][0]["kind"], "ring");
    assert_eq!(current(&api, &eve, 0).await["call"], Value::Null);

    // An outsider can neither answer nor signal nor end it.
    let offer = json!({ "kind": "description", "data": { "type": "offer", "sdp": "v=0\r\n" } });
    for path in ["accept", "decline", "hangup", "alive"] {
        post(&api, &eve, &format!("/api/calls/{id}/{path}"), json!({}))
            .await
            .assert_error(404, "not_found");
    }
    post(
        &api,
        &eve,
        &format!("/api/calls/{id}/signals"),
        offer.clone(),
    )
    .await
    .assert_error(404, "not_found");
    // Only the callee answers.
    post(&api, &alice, &format!("/api/calls/{id}/accept"), json!({}))
        .await
        .assert_error(404, "not_found");

    let accepted = post(&api, &bob, &format!("/api/calls/{id}/accept"), json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert_eq!(accepted.data()["answered"], true);
    post(&api, &bob, &format!("/api/calls/{id}/accept"), json!({}))
        .await
        .assert_error(409, "call_ended");

    let sent = post(&api, &alice, &format!("/api/calls/{id}/signals"), offer).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.data()["sent"], true);
    let candidate = json!({ "kind": "candidate", "data": { "candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host", "sdpMid": "0" } });
    post(&api, &bob, &format!("/api/calls/{id}/signals"), candidate).await;
    post(
        &api,
        &bob,
        &format!("/api/calls/{id}/signals"),
        json!({ "kind": "ring", "data": {} }),
    )
    .await
    .assert_error(400, "invalid_field");
    post(
        &api,
        &bob,
        &format!("/api/calls/{id}/signals"),
        json!({ "kind": "candidate" }),
    )
    .await
    .assert_error(400, "missing_field");

    let ring_id = ringing["signals"][0]["id"].as_i64().unwrap();
    let for_bob = current(&api, &bob, ring_id).await;
    assert_eq!(
        kinds(&for_bob),
        ["accept", "description"],
        "his own accept (other pages stop ringing), her offer"
    );
    assert_eq!(for_bob["signals"][1]["data"]["type"], "offer");
    let for_alice = current(&api, &alice, 0).await;
    assert_eq!(kinds(&for_alice), ["accept", "candidate"]);

    let hung_up = post(&api, &alice, &format!("/api/calls/{id}/hangup"), json!({})).await;
    assert_eq!(hung_up.status, StatusCode::OK, "{}", hung_up.body);
    post(&api, &bob, &format!("/api/calls/{id}/hangup"), json!({}))
        .await
        .assert_error(404, "not_found");
    nothing_kept(&api).await;
    for who in [&alice, &bob] {
        assert_eq!(
            lines(&api, who, &conv).await,
            [json!({ "outcome": "ended", "durationSecs": 0 })]
        );
    }
    // Both were on the call: its line is not news to either.
    let unread = api.get("/api/messages/unread", Some(&bob)).await;
    assert_eq!(unread.data()["count"], 0);
}

/// A side's "still here" or last signal can cross the other side's hang-up
/// on the wire: for a call that has ended it is dropped (`false`), not
/// refused (an outsider still gets 404 while the call is on, see above).
#[sqlx::test]
async fn a_keep_alive_or_signal_crossing_the_hang_up_is_dropped_not_refused(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let id = call_id(&api, &alice, &conv).await;
    let accepted = post(&api, &bob, &format!("/api/calls/{id}/accept"), json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let alive = post(&api, &bob, &format!("/api/calls/{id}/alive"), json!({})).await;
    assert_eq!(
        (alive.status, alive.data().clone()),
        (StatusCode::OK, json!({ "alive": true }))
    );

    let hung_up = post(&api, &alice, &format!("/api/calls/{id}/hangup"), json!({})).await;
    assert_eq!(hung_up.status, StatusCode::OK, "{}", hung_up.body);
    let alive = post(&api, &bob, &format!("/api/calls/{id}/alive"), json!({})).await;
    assert_eq!(
        (alive.status, alive.data().clone()),
        (StatusCode::OK, json!({ "alive": false }))
    );
    let candidate = json!({ "kind": "candidate", "data": { "candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host" } });
    let sent = post(&api, &bob, &format!("/api/calls/{id}/signals"), candidate).await;
    assert_eq!(
        (sent.status, sent.data().clone()),
        (StatusCode::OK, json!({ "sent": false }))
    );
    nothing_kept(&api).await;
}

#[sqlx::test]
async fn a_second_call_to_someone_in_a_call_is_busy(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob, carol) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Carol").await,
    );
    let alice_bob = api.conversation(&alice, &bob, None).await;
    let carol_bob = api.conversation(&carol, &bob, None).await;
    let alice_carol = api.conversation(&alice, &carol, None).await;
    let first = call(&api, &alice, &alice_bob).await;
    assert_eq!(first.status, StatusCode::CREATED);
    call(&api, &carol, &carol_bob)
        .await
        .assert_error(409, "busy");
    call(&api, &carol, &alice_carol)
        .await
        .assert_error(409, "busy");
    assert_eq!(api.count("calls").await, 1, "the busy call left nothing");

    // Someone else's conversation: not found, as any unknown one.
    call(&api, &carol, &alice_bob)
        .await
        .assert_error(404, "not_found");
}

#[sqlx::test]
async fn declined_and_unanswered_calls_leave_their_lines(pool: PgPool) {
    let api = Api::new(pool.clone());
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;

    let id = call_id(&api, &alice, &conv).await;
    post(&api, &alice, &format!("/api/calls/{id}/decline"), json!({}))
        .await
        .assert_error(404, "not_found");
    let declined = post(&api, &bob, &format!("/api/calls/{id}/decline"), json!({})).await;
    assert_eq!(declined.data()["ended"], true);

    call(&api, &alice, &conv).await;
    let ended = souk::server::services::calls::end_stale(&pool, RING_FOR, GONE_AFTER)
        .await
        .unwrap();
    assert_eq!(ended, 0, "a call that just started keeps ringing");
    let ended = souk::server::services::calls::end_stale(&pool, Duration::ZERO, GONE_AFTER)
        .await
        .unwrap();
    assert_eq!(ended, 1);
    nothing_kept(&api).await;
    assert_eq!(
        lines(&api, &alice, &conv).await,
        [
            json!({ "outcome": "declined" }),
            json!({ "outcome": "missed" })
        ]
    );
    // The missed call waits for Bob.
    let unread = api.get("/api/messages/unread", Some(&bob)).await;
    assert_eq!(unread.data()["count"], 1);
    let listed = api.get("/api/messages/conversations", Some(&bob)).await;
    assert_eq!(listed.data()[0]["lastMessage"]["call"]["outcome"], "missed");
    // Away, he hears of it by email, as of a message.
    assert_eq!(api.send_due_mails().await, 1);
    let mails = api.mails();
    assert!(
        mails[0].contains("To: Bob <bob@example.com>"),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("[Missed call]"), "{}", mails[0]);
}

#[sqlx::test]
async fn a_call_between_users_on_two_instances(pool: PgPool) {
    let (one, two) = (Api::live(pool.clone()).await, Api::live(pool).await);
    let (alice, bob) = (one.user("Alice").await, one.user("Bob").await);
    let conv = one.conversation(&alice, &bob, None).await;
    let mut alice_hears = Stream::open(&one, &alice, None).await;
    let mut bob_hears = Stream::open(&two, &bob, None).await;

    let id = call_id(&one, &alice, &conv).await;
    let ring = bob_hears.until("call").await;
    assert_eq!(ring.data["kind"], "ring");
    assert_eq!(ring.data["callId"], id.as_str());
    assert_eq!(ring.data["fromUserId"], alice.id.as_str());

    let accepted = post(&two, &bob, &format!("/api/calls/{id}/accept"), json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK);
    assert_eq!(alice_hears.until("call").await.data["kind"], "accept");

    let offer = json!({ "type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" });
    post(
        &one,
        &alice,
        &format!("/api/calls/{id}/signals"),
        json!({ "kind": "description", "data": offer }),
    )
    .await;
    let heard = loop {
        let event = bob_hears.until("call").await;
        if event.data["kind"] == "description" {
            break event;
        }
    };
    assert_eq!(heard.data["data"], offer);
    post(
        &two,
        &bob,
        &format!("/api/calls/{id}/signals"),
        json!({ "kind": "description", "data": { "type": "answer", "sdp": "v=0\r\n" } }),
    )
    .await;
    let answer = alice_hears.until("call").await;
    assert_eq!(answer.data["data"]["type"], "answer");

    post(&two, &bob, &format!("/api/calls/{id}/hangup"), json!({})).await;
    for stream in [&mut alice_hears, &mut bob_hears] {
        let end = stream.until("call").await;
        assert_eq!(end.data["kind"], "end");
        assert_eq!(end.data["data"]["outcome"], "ended");
    }
    nothing_kept(&one).await;
    assert_eq!(lines(&two, &alice, &conv).await.len(), 1);
}

#[sqlx::test]
async fn a_stream_opened_during_a_call_starts_by_saying_so(pool: PgPool) {
    let api = Api::live(pool).await;
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let id = call_id(&api, &alice, &conv).await;
    // Bob opens a page after the ring: his stream's first event is it.
    let mut bob_hears = Stream::open(&api, &bob, None).await;
    let first = bob_hears.next().await;
    assert_eq!(first.name, "call");
    assert_eq!(first.data["kind"], "ring");
    assert_eq!(first.data["callId"], id.as_str());
    assert!(first.id.is_none(), "not a change: no event id");
}

//! Blocking: neither side can send or start a conversation while a block
//! stands, either way; the blocker's unread count forgets the blocked
//! person's messages; unblocking restores everything.

use crate::client::Api;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn a_block_stops_sending_both_ways_until_it_is_lifted(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "buy my stuff").await;

    let blocked = api
        .post(
            &format!("/api/users/{}/block", bob.id),
            json!({}),
            Some(&alice),
        )
        .await;
    assert_eq!(blocked.status, StatusCode::OK, "{}", blocked.body);
    for (from, to) in [(&alice, &bob), (&bob, &alice)] {
        api.post(
            "/api/messages",
            json!({"conversationId": conv, "content": "hello?"}),
            Some(from),
        )
        .await
        .assert_error(403, "blocked");
        api.post(
            "/api/messages/conversations",
            json!({"recipientId": to.id, "adTitle": "another"}),
            Some(from),
        )
        .await
        .assert_error(403, "blocked");
    }
    let unread = api.get("/api/messages/unread", Some(&alice)).await;
    assert_eq!(
        unread.data()["count"],
        0,
        "the blocked person's messages left the count"
    );
    let list = api.get("/api/users/blocked", Some(&alice)).await;
    assert_eq!(list.data(), &json!([{ "id": bob.id, "name": "Bob" }]));
    assert_eq!(
        api.get("/api/users/blocked", Some(&bob)).await.data(),
        &json!([])
    );

    let lifted = api
        .delete(&format!("/api/users/{}/block", bob.id), Some(&alice))
        .await;
    assert_eq!(lifted.status, StatusCode::OK);
    api.send_message(&bob, &conv, "sorry").await;
    assert_eq!(
        api.get("/api/messages/unread", Some(&alice)).await.data()["count"],
        1
    );
}

#[sqlx::test]
async fn blocking_is_idempotent_and_checked(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let path = format!("/api/users/{}/block", bob.id);
    for _ in 0..2 {
        assert_eq!(
            api.post(&path, json!({}), Some(&alice)).await.status,
            StatusCode::OK
        );
    }
    api.post(
        &format!("/api/users/{}/block", alice.id),
        json!({}),
        Some(&alice),
    )
    .await
    .assert_error(400, "cannot_block_self");
    let unknown = uuid::Uuid::new_v4();
    api.post(
        &format!("/api/users/{unknown}/block"),
        json!({}),
        Some(&alice),
    )
    .await
    .assert_error(404, "not_found");
    api.post(&path, json!({}), None)
        .await
        .assert_error(401, "not_authenticated");
    api.post("/api/users/not-a-uuid/block", json!({}), Some(&alice))
        .await
        .assert_error(400, "invalid_id");
}

#[sqlx::test]
async fn an_outsider_still_gets_404_not_403_for_a_blocked_pairs_conversation(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob, eve) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Eve").await,
    );
    let conv = api.conversation(&alice, &bob, None).await;
    api.post(
        &format!("/api/users/{}/block", bob.id),
        json!({}),
        Some(&alice),
    )
    .await;
    api.post(
        "/api/messages",
        json!({"conversationId": conv, "content": "hi"}),
        Some(&eve),
    )
    .await
    .assert_error(404, "not_found");
}

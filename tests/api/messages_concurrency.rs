//! Races the database must settle: 20 identical requests at once.

use crate::client::Api;
use futures::future::join_all;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn twenty_concurrent_creates_make_one_conversation(pool: PgPool) {
    let api = Api::new(pool);
    let (buyer, seller) = (api.user("Buyer").await, api.user("Seller").await);
    let ad = api.listing(&seller, "Bike").await;
    let replies = join_all((0..20).map(|_| {
        let (api, buyer, body) = (
            api.clone(),
            buyer.clone(),
            json!({"recipientId": seller.id, "adId": ad}),
        );
        tokio::spawn(async move {
            api.post("/api/messages/conversations", body, Some(&buyer))
                .await
        })
    }))
    .await;
    let replies: Vec<_> = replies.into_iter().map(Result::unwrap).collect();
    let created = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let existing = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!((created, existing), (1, 19));
    let first = &replies[0].data()["id"];
    assert!(replies.iter().all(|r| &r.data()["id"] == first));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM conversations")
        .fetch_one(&api.pool())
        .await
        .unwrap();
    let participants: i64 = sqlx::query_scalar("SELECT count(*) FROM conversation_participants")
        .fetch_one(&api.pool())
        .await
        .unwrap();
    assert_eq!((count, participants), (1, 2));
}

#[sqlx::test]
async fn twenty_concurrent_creates_without_a_listing_make_one(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    // Half of them from each side of the pair.
    let replies = join_all((0..20).map(|i| {
        let (api, from, to) = if i % 2 == 0 {
            (api.clone(), a.clone(), b.id.clone())
        } else {
            (api.clone(), b.clone(), a.id.clone())
        };
        tokio::spawn(async move {
            api.post(
                "/api/messages/conversations",
                json!({"recipientId": to}),
                Some(&from),
            )
            .await
        })
    }))
    .await;
    let replies: Vec<_> = replies.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        replies
            .iter()
            .filter(|r| r.status == StatusCode::CREATED)
            .count(),
        1
    );
    let first = &replies[0].data()["id"];
    assert!(replies.iter().all(|r| &r.data()["id"] == first));
}

#[sqlx::test]
async fn racing_retries_of_one_client_id_store_one_message(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    let body =
        json!({"conversationId": conv, "content": "only once", "clientId": uuid::Uuid::new_v4()});
    let replies = join_all((0..20).map(|_| {
        let (api, a, body) = (api.clone(), a.clone(), body.clone());
        tokio::spawn(async move { api.post("/api/messages", body, Some(&a)).await })
    }))
    .await;
    let replies: Vec<_> = replies.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        replies
            .iter()
            .filter(|r| r.status == StatusCode::CREATED)
            .count(),
        1
    );
    assert_eq!(
        replies
            .iter()
            .filter(|r| r.status == StatusCode::OK)
            .count(),
        19
    );
    let first = replies[0].data();
    assert!(replies.iter().all(|r| r.data() == first));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM messages")
        .fetch_one(&api.pool())
        .await
        .unwrap();
    assert_eq!(count, 1);
    // No sequence number was burnt: the next message is number 2.
    api.send_message(&b, &conv, "next").await;
    let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM messages ORDER BY seq")
        .fetch_all(&api.pool())
        .await
        .unwrap();
    assert_eq!(seqs, [1, 2]);
}

#[sqlx::test]
async fn concurrent_senders_get_dense_ordered_sequences(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    join_all((0..20).map(|i| {
        let (api, who, conv) = (
            api.clone(),
            if i % 2 == 0 { a.clone() } else { b.clone() },
            conv.clone(),
        );
        tokio::spawn(async move { api.send_message(&who, &conv, &format!("m{i}")).await })
    }))
    .await;
    let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM messages ORDER BY seq")
        .fetch_all(&api.pool())
        .await
        .unwrap();
    assert_eq!(seqs, (1..=20).collect::<Vec<_>>());
    let page = api
        .get(
            &format!("/api/messages?conversationId={conv}&limit=100"),
            Some(&a),
        )
        .await;
    assert_eq!(page.data()["total"], 20);
    // Each side has read up to its own last message; the sum of unread is
    // exactly the messages after each one's last send.
    let unread_a = api.get("/api/messages/unread", Some(&a)).await.data()["count"]
        .as_i64()
        .unwrap();
    let unread_b = api.get("/api/messages/unread", Some(&b)).await.data()["count"]
        .as_i64()
        .unwrap();
    assert!(unread_a + unread_b < 20 && (unread_a == 0 || unread_b == 0));
}

/// Sends and reads of one conversation at once, from both sides, as two
/// open pages make them: none may fail (they once deadlocked on the two
/// participant rows, locked in opposite orders).
#[sqlx::test]
async fn concurrent_sends_and_reads_never_fail(pool: PgPool) {
    let api = Api::with_settings(pool, |state| {
        state
            .limits
            .set(souk::server::limits::Bucket::MessageUser, None)
    });
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let replies = join_all((0..200).map(|i| {
        let (api, conv) = (api.clone(), conv.clone());
        let who = if i % 2 == 0 {
            alice.clone()
        } else {
            bob.clone()
        };
        tokio::spawn(async move {
            if i % 4 < 2 {
                api.post(
                    "/api/messages",
                    json!({"conversationId": conv, "content": format!("m{i}")}),
                    Some(&who),
                )
                .await
            } else {
                api.post(
                    &format!("/api/messages/conversations/{conv}/read"),
                    json!({}),
                    Some(&who),
                )
                .await
            }
        })
    }))
    .await;
    for reply in replies {
        let reply = reply.unwrap();
        assert!(
            reply.status.is_success(),
            "{}: {}",
            reply.status,
            reply.body
        );
    }
}

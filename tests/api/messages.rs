use crate::client::Api;
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

fn contents(messages: &Value) -> Vec<String> {
    messages
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test]
async fn contacting_a_seller_creates_then_returns_the_conversation(pool: PgPool) {
    let api = Api::new(pool);
    let (buyer, seller) = (api.user("Buyer").await, api.user("Seller").await);
    let ad = api.listing(&seller, "Bike").await;

    let first = api
        .post(
            "/api/messages/conversations",
            json!({"recipientId": seller.id, "adId": ad, "adTitle": "ignored"}),
            Some(&buyer),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let conversation = first.data();
    assert_eq!(conversation["adId"], json!(ad));
    assert_eq!(
        conversation["adTitle"], "Bike",
        "the title comes from the listing"
    );
    assert_eq!(conversation["lastMessage"], Value::Null);
    assert_eq!(conversation["unreadCount"], 0);
    assert!(conversation["updatedAt"].is_string());
    let mut names: Vec<&str> = conversation["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Buyer", "Seller"]);

    let again = api
        .post(
            "/api/messages/conversations",
            json!({"recipientId": seller.id, "adId": ad}),
            Some(&buyer),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.data()["id"], conversation["id"]);
    // The same pair from the other side is the same conversation.
    let reverse = api
        .post(
            "/api/messages/conversations",
            json!({"recipientId": buyer.id, "adId": ad}),
            Some(&seller),
        )
        .await;
    assert_eq!(reverse.status, StatusCode::OK);
    assert_eq!(reverse.data()["id"], conversation["id"]);
}

#[sqlx::test]
async fn one_conversation_per_pair_and_listing_and_one_without(pool: PgPool) {
    let api = Api::new(pool);
    let (buyer, seller) = (api.user("Buyer").await, api.user("Seller").await);
    let (ad1, ad2) = (
        api.listing(&seller, "One").await,
        api.listing(&seller, "Two").await,
    );
    let c1 = api.conversation(&buyer, &seller, Some(&ad1)).await;
    let c2 = api.conversation(&buyer, &seller, Some(&ad2)).await;
    let none = api.conversation(&buyer, &seller, None).await;
    let none_again = api
        .post(
            "/api/messages/conversations",
            json!({"recipientId": seller.id, "adTitle": "Hi"}),
            Some(&buyer),
        )
        .await;
    assert_eq!(none_again.status, StatusCode::OK);
    assert_eq!(none_again.data()["id"], json!(none));
    assert_ne!(c1, c2);
    assert_ne!(c1, none);
    let list = api.get("/api/messages/conversations", Some(&buyer)).await;
    assert_eq!(list.data().as_array().unwrap().len(), 3);
}

#[sqlx::test]
async fn starting_a_conversation_rejects_bad_input(pool: PgPool) {
    let api = Api::new(pool);
    let (buyer, seller, other) = (
        api.user("Buyer").await,
        api.user("Seller").await,
        api.user("Other").await,
    );
    let ad = api.listing(&seller, "Bike").await;
    let path = "/api/messages/conversations";
    api.post(path, json!({"recipientId": buyer.id}), Some(&buyer))
        .await
        .assert_error(400, "recipient_is_self");
    api.post(path, json!({"recipientId": "nope"}), Some(&buyer))
        .await
        .assert_error(400, "invalid_field");
    api.post(path, json!({}), Some(&buyer))
        .await
        .assert_error(400, "invalid_field");
    api.post(
        path,
        json!({"recipientId": uuid::Uuid::new_v4()}),
        Some(&buyer),
    )
    .await
    .assert_error(404, "not_found");
    api.post(
        path,
        json!({"recipientId": seller.id, "adId": uuid::Uuid::new_v4()}),
        Some(&buyer),
    )
    .await
    .assert_error(404, "not_found");
    api.post(
        path,
        json!({"recipientId": other.id, "adId": ad}),
        Some(&buyer),
    )
    .await
    .assert_error(400, "recipient_not_seller");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM conversations")
        .fetch_one(&api.pool())
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[sqlx::test]
async fn sending_updates_the_conversation_and_the_unread_counts(pool: PgPool) {
    let api = Api::new(pool);
    let (buyer, seller) = (api.user("Buyer").await, api.user("Seller").await);
    let ad = api.listing(&seller, "Bike").await;
    let conv = api.conversation(&buyer, &seller, Some(&ad)).await;

    let reply = api
        .post(
            "/api/messages",
            json!({"conversationId": conv, "content": "  Still available?  "}),
            Some(&buyer),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let message = reply.data();
    assert_eq!(message["content"], "Still available?");
    assert_eq!(message["senderId"], json!(buyer.id));
    assert_eq!(message["conversationId"], json!(conv));
    assert!(message["createdAt"].as_str().unwrap().ends_with('Z'));
    api.send_message(&buyer, &conv, "<b>not html</b>").await;

    let unread = api.get("/api/messages/unread", Some(&seller)).await;
    assert_eq!(unread.data(), &json!({"count": 2}));
    assert_eq!(
        api.get("/api/messages/unread", Some(&buyer)).await.data()["count"],
        0,
        "own messages are never unread"
    );

    let list = api.get("/api/messages/conversations", Some(&seller)).await;
    let row = &list.data()[0];
    assert_eq!(row["unreadCount"], 2);
    assert_eq!(row["lastMessage"]["content"], "<b>not html</b>");

    let read = api
        .post(
            &format!("/api/messages/conversations/{conv}/read"),
            json!({}),
            Some(&seller),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(
        api.get("/api/messages/unread", Some(&seller)).await.data()["count"],
        0
    );

    // Replying counts as having read; the buyer now has one unread.
    api.send_message(&seller, &conv, "Yes!").await;
    assert_eq!(
        api.get("/api/messages/unread", Some(&buyer)).await.data()["count"],
        1
    );
    let full = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&buyer))
        .await;
    assert_eq!(
        contents(&full.data()["messages"]),
        ["Still available?", "<b>not html</b>", "Yes!"]
    );
    assert_eq!(full.data()["unreadCount"], 1);
    assert_eq!(full.data()["hasMore"], false);
}

#[sqlx::test]
async fn content_is_validated_in_characters_after_trimming(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    let send = |content: Value| {
        api.post(
            "/api/messages",
            json!({"conversationId": conv, "content": content}),
            Some(&a),
        )
    };
    send(json!("   \n "))
        .await
        .assert_error(400, "empty_content");
    send(json!("x".repeat(5001)))
        .await
        .assert_error(400, "content_too_long");
    send(json!(5)).await.assert_error(400, "invalid_field");
    assert_eq!(
        send(json!(format!("  {}  ", "é".repeat(5000))))
            .await
            .status,
        StatusCode::CREATED
    );
    api.post("/api/messages", json!({"content": "hi"}), Some(&a))
        .await
        .assert_error(400, "invalid_field");
    api.post(
        "/api/messages",
        json!({"conversationId": "x", "content": "hi"}),
        Some(&a),
    )
    .await
    .assert_error(400, "invalid_field");
    api.post(
        "/api/messages",
        json!({"conversationId": conv, "content": "hi", "clientId": "x"}),
        Some(&a),
    )
    .await
    .assert_error(400, "invalid_field");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM messages")
        .fetch_one(&api.pool())
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[sqlx::test]
async fn a_retried_client_id_returns_the_first_message(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    let client_id = uuid::Uuid::new_v4();
    let body = json!({"conversationId": conv, "content": "once", "clientId": client_id});
    let first = api.post("/api/messages", body.clone(), Some(&a)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let retry = api.post("/api/messages", body, Some(&a)).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.data(), first.data());
    // Another sender may use the same clientId: keys are per sender.
    let other = api
        .post(
            "/api/messages",
            json!({"conversationId": conv, "content": "b", "clientId": client_id}),
            Some(&b),
        )
        .await;
    assert_eq!(other.status, StatusCode::CREATED);
    let page = api
        .get(&format!("/api/messages?conversationId={conv}"), Some(&a))
        .await;
    assert_eq!(contents(&page.data()["messages"]), ["once", "b"]);
    assert_eq!(
        api.get("/api/messages/unread", Some(&b)).await.data()["count"],
        0
    );
}

#[sqlx::test]
async fn pages_run_from_the_newest_and_read_oldest_first(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    let empty = api
        .get(&format!("/api/messages?conversationId={conv}"), Some(&a))
        .await;
    assert_eq!(
        empty.data(),
        &json!({"messages": [], "page": 1, "limit": 50, "total": 0, "hasMore": false})
    );

    for i in 1..=6 {
        api.send_message(&a, &conv, &format!("m{i}")).await;
    }
    let page = |n: i64, limit: i64| {
        api.get_owned(
            format!("/api/messages?conversationId={conv}&page={n}&limit={limit}"),
            a.clone(),
        )
    };
    let p1 = page(1, 3).await;
    assert_eq!(contents(&p1.data()["messages"]), ["m4", "m5", "m6"]);
    assert_eq!(
        (p1.data()["total"].clone(), p1.data()["hasMore"].clone()),
        (json!(6), json!(true))
    );
    let p2 = page(2, 3).await;
    assert_eq!(contents(&p2.data()["messages"]), ["m1", "m2", "m3"]);
    assert_eq!(
        p2.data()["hasMore"],
        false,
        "an exact multiple ends without a phantom page"
    );
    assert_eq!(
        contents(&page(3, 3).await.data()["messages"]),
        Vec::<String>::new()
    );
    let p2_of_4 = page(2, 4).await;
    assert_eq!(
        contents(&p2_of_4.data()["messages"]),
        ["m1", "m2"],
        "the last page is short"
    );
    assert_eq!(p2_of_4.data()["hasMore"], false);
    assert_eq!(
        page(1, 100).await.data()["messages"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

#[sqlx::test]
async fn paging_parameters_are_checked(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    for (query, code) in [
        (format!("conversationId={conv}&limit=0"), "invalid_limit"),
        (format!("conversationId={conv}&limit=101"), "invalid_limit"),
        (format!("conversationId={conv}&page=0"), "invalid_page"),
        (format!("conversationId={conv}&page=abc"), "invalid_page"),
        (format!("conversationId={conv}&after=abc"), "invalid_id"),
        ("conversationId=abc".to_owned(), "invalid_id"),
        (String::new(), "missing_field"),
    ] {
        api.get(&format!("/api/messages?{query}"), Some(&a))
            .await
            .assert_error(400, code);
    }
    api.get(
        &format!(
            "/api/messages?conversationId={conv}&after={}",
            uuid::Uuid::new_v4()
        ),
        Some(&a),
    )
    .await
    .assert_error(404, "not_found");
}

#[sqlx::test]
async fn the_after_cursor_returns_exactly_the_newer_messages(pool: PgPool) {
    let api = Api::new(pool.clone());
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    let first = api.send_message(&a, &conv, "one").await;
    let second = api.send_message(&b, &conv, "two").await;
    api.send_message(&a, &conv, "three").await;
    // Two messages with the very same timestamp must still both arrive, in order.
    sqlx::query(
        "UPDATE messages SET created_at = (SELECT created_at FROM messages WHERE content = 'two')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let after = |id: &Value| {
        api.get_owned(
            format!(
                "/api/messages?conversationId={conv}&after={}",
                id.as_str().unwrap()
            ),
            b.clone(),
        )
    };
    let newer = after(&first["id"]).await;
    assert_eq!(contents(&newer.data()["messages"]), ["two", "three"]);
    assert_eq!(newer.data()["total"], 2);
    assert_eq!(newer.data()["hasMore"], false);
    assert_eq!(
        contents(&after(&second["id"]).await.data()["messages"]),
        ["three"]
    );
    let last = api
        .get(
            &format!("/api/messages?conversationId={conv}&page=1"),
            Some(&b),
        )
        .await;
    let last_id = last.data()["messages"][2]["id"].clone();
    assert_eq!(
        contents(&after(&last_id).await.data()["messages"]),
        Vec::<String>::new(),
        "a quiet poll is empty"
    );

    let limited = api
        .get(
            &format!(
                "/api/messages?conversationId={conv}&after={}&limit=1",
                first["id"].as_str().unwrap()
            ),
            Some(&b),
        )
        .await;
    assert_eq!(contents(&limited.data()["messages"]), ["two"]);
    assert_eq!(limited.data()["hasMore"], true);

    // A cursor from another conversation is unknown here.
    let other = api.conversation(&a, &api.user("C").await, None).await;
    let foreign = api.send_message(&a, &other, "elsewhere").await;
    api.get(
        &format!(
            "/api/messages?conversationId={conv}&after={}",
            foreign["id"].as_str().unwrap()
        ),
        Some(&a),
    )
    .await
    .assert_error(404, "not_found");
}

#[sqlx::test]
async fn delete_hides_for_one_side_until_a_new_message(pool: PgPool) {
    let api = Api::new(pool);
    let (buyer, seller) = (api.user("Buyer").await, api.user("Seller").await);
    let conv = api.conversation(&buyer, &seller, None).await;
    api.send_message(&seller, &conv, "old news").await;

    let deleted = api
        .delete(&format!("/api/messages/conversations/{conv}"), Some(&buyer))
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert!(api
        .get("/api/messages/conversations", Some(&buyer))
        .await
        .data()
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        api.get("/api/messages/unread", Some(&buyer)).await.data()["count"],
        0
    );
    api.get(&format!("/api/messages/conversations/{conv}"), Some(&buyer))
        .await
        .assert_error(404, "not_found");
    api.delete(&format!("/api/messages/conversations/{conv}"), Some(&buyer))
        .await
        .assert_error(404, "not_found");
    // The seller keeps everything.
    let seller_view = api
        .get(
            &format!("/api/messages/conversations/{conv}"),
            Some(&seller),
        )
        .await;
    assert_eq!(contents(&seller_view.data()["messages"]), ["old news"]);

    api.send_message(&seller, &conv, "new offer").await;
    let back = api.get("/api/messages/conversations", Some(&buyer)).await;
    assert_eq!(
        back.data()[0]["id"],
        json!(conv),
        "a new message brings it back"
    );
    assert_eq!(back.data()[0]["unreadCount"], 1);
    let buyer_view = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&buyer))
        .await;
    assert_eq!(
        contents(&buyer_view.data()["messages"]),
        ["new offer"],
        "only what came after the deletion"
    );
    let page = api
        .get(
            &format!("/api/messages?conversationId={conv}"),
            Some(&buyer),
        )
        .await;
    assert_eq!(page.data()["total"], 1);
}

#[sqlx::test]
async fn starting_a_deleted_conversation_again_brings_it_back_empty(pool: PgPool) {
    let api = Api::new(pool);
    let (buyer, seller) = (api.user("Buyer").await, api.user("Seller").await);
    let conv = api.conversation(&buyer, &seller, None).await;
    api.send_message(&buyer, &conv, "hello").await;
    api.delete(&format!("/api/messages/conversations/{conv}"), Some(&buyer))
        .await;
    let again = api
        .post(
            "/api/messages/conversations",
            json!({"recipientId": seller.id}),
            Some(&buyer),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.data()["id"], json!(conv));
    assert_eq!(again.data()["lastMessage"], Value::Null);
    let view = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&buyer))
        .await;
    assert!(view.data()["messages"].as_array().unwrap().is_empty());
}

#[sqlx::test]
async fn conversations_are_listed_by_latest_activity(pool: PgPool) {
    let api = Api::new(pool);
    let (me, x, y) = (
        api.user("Me").await,
        api.user("X").await,
        api.user("Y").await,
    );
    let with_x = api.conversation(&me, &x, None).await;
    let with_y = api.conversation(&me, &y, None).await;
    api.send_message(&x, &with_x, "ping").await;
    let order: Vec<Value> = api
        .get("/api/messages/conversations", Some(&me))
        .await
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(order, [json!(with_x), json!(with_y)]);
    api.send_message(&y, &with_y, "pong").await;
    let order: Vec<Value> = api
        .get("/api/messages/conversations", Some(&me))
        .await
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(order, [json!(with_y), json!(with_x)]);
}

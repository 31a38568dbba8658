//! Paging: the inbox by `limit` and `before` with `nextCursor`, the older
//! history of a thread with `before`, and the whole conversation at once.

use crate::client::Api;
use http::StatusCode;
use sqlx::PgPool;

#[sqlx::test]
async fn the_inbox_pages_with_a_cursor_and_all_without_a_limit(pool: PgPool) {
    let api = Api::new(pool);
    let me = api.user("Alice").await;
    let seller = api.user("Bob").await;
    let mut started = Vec::new();
    for i in 0..5 {
        let ad = api.listing(&seller, &format!("Lamp {i}")).await;
        started.push(api.conversation(&me, &seller, Some(&ad)).await);
    }
    let newest_first: Vec<String> = started.iter().rev().cloned().collect();

    let mut seen = Vec::new();
    let mut path = "/api/messages/conversations?limit=2".to_owned();
    loop {
        let page = api.get(&path, Some(&me)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let ids: Vec<String> = page
            .data()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        assert!(ids.len() <= 2);
        seen.extend(ids);
        match page.body["nextCursor"].as_str() {
            Some(cursor) => path = format!("/api/messages/conversations?limit=2&before={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, newest_first, "every conversation once, newest first");

    let all = api.get("/api/messages/conversations", Some(&me)).await;
    assert_eq!(all.data().as_array().unwrap().len(), 5);
    assert!(all.body.get("nextCursor").is_none(), "{}", all.body);

    for (query, code) in [
        ("?limit=0", "invalid_limit"),
        ("?limit=101", "invalid_limit"),
        ("?before=nonsense", "invalid_query"),
        ("?before=123_not-a-uuid", "invalid_query"),
    ] {
        api.get(&format!("/api/messages/conversations{query}"), Some(&me))
            .await
            .assert_error(400, code);
    }
}

#[sqlx::test]
async fn older_history_comes_before_a_message_and_the_conversation_has_it_all(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let mut ids = Vec::new();
    for i in 0..55 {
        let from = if i % 2 == 0 { &alice } else { &bob };
        ids.push(api.send_message(from, &conv, &format!("m{i}")).await["id"].clone());
    }
    let whole = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&alice))
        .await;
    let messages = whole.data()["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 55, "all messages, as the seed says");
    assert_eq!(messages[0]["content"], "m0");
    assert_eq!(whole.data()["hasMore"], false);

    let before = ids[10].as_str().unwrap();
    let older = api
        .get(
            &format!("/api/messages?conversationId={conv}&before={before}&limit=4"),
            Some(&alice),
        )
        .await;
    let contents: Vec<&str> = older.data()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(contents, ["m6", "m7", "m8", "m9"]);
    assert_eq!(older.data()["hasMore"], true);
    let first = api
        .get(
            &format!(
                "/api/messages?conversationId={conv}&before={}",
                ids[2].as_str().unwrap()
            ),
            Some(&alice),
        )
        .await;
    assert_eq!(first.data()["messages"].as_array().unwrap().len(), 2);
    assert_eq!(first.data()["hasMore"], false);
    api.get(
        &format!("/api/messages?conversationId={conv}&before={before}&after={before}"),
        Some(&alice),
    )
    .await
    .assert_error(400, "invalid_query");
}

//! Text with control characters is refused with a 400 that names the
//! field, on REST and server functions alike; nothing reaches PostgreSQL
//! (which refuses a NUL with an error of its own).

use crate::client::Api;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn a_nul_or_control_character_is_400_in_every_text_field(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let cases = [
        (
            "/api/messages",
            json!({"conversationId": conv, "content": "hi\u{0}there"}),
            "content",
        ),
        (
            "/api/messages",
            json!({"conversationId": conv, "content": "bell\u{7}"}),
            "content",
        ),
        (
            "/api/listings",
            json!({"title": "Lamp\u{0}", "description": "d", "priceCents": 1}),
            "title",
        ),
        (
            "/api/listings",
            json!({"title": "Lamp", "description": "d\u{0}", "priceCents": 1}),
            "description",
        ),
        (
            "/api/messages/conversations",
            json!({"recipientId": bob.id, "adTitle": "x\u{0}"}),
            "adTitle",
        ),
    ];
    for (path, body, field) in cases {
        let reply = api.post(path, body.clone(), Some(&alice)).await;
        reply.assert_error(400, "invalid_characters");
        let sentence = reply.body["error"].as_str().unwrap();
        assert!(sentence.contains(field), "{path} {body}: {sentence}");
    }
    let anonymous = [
        (
            "/api/auth/register",
            json!({"email": "z@example.com", "password": "password123", "name": "Z\u{0}"}),
        ),
        (
            "/api/auth/register",
            json!({"email": "z\u{0}@example.com", "password": "password123", "name": "Z"}),
        ),
        (
            "/api/auth/login",
            json!({"email": "alice\u{0}@example.com", "password": "password123"}),
        ),
    ];
    for (path, body) in anonymous {
        api.post(path, body, None)
            .await
            .assert_error(400, "invalid_characters");
    }
    assert_eq!(api.count("messages").await, 0);
}

#[sqlx::test]
async fn newlines_and_tabs_are_kept(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let message = api.send_message(&alice, &conv, "one\n\ttwo").await;
    assert_eq!(message["content"], "one\n\ttwo");
}

#[sqlx::test]
async fn server_functions_refuse_control_characters_too(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let form = format!(
        "conversation_id={conv}&content=hi%00there&client_id={}",
        uuid::Uuid::new_v4()
    );
    api.rpc("send_message", &form, Some(&alice))
        .await
        .assert_rpc_error(400, "invalid_characters");
    api.rpc("login", "email=a%00%40b.co&password=password123", None)
        .await
        .assert_rpc_error(400, "invalid_characters");
    api.rpc(
        "register",
        "name=Z%00&email=z%40b.co&password=password123",
        None,
    )
    .await
    .assert_rpc_error(400, "invalid_characters");
}

//! Rate limits: 429 `rate_limited` with `Retry-After`, counted in
//! PostgreSQL so they hold across instances; refused attempts do not
//! count, and reads (polls) are never limited.

use crate::client::Api;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{header, Method, Request, StatusCode};
use serde_json::json;
use souk::server::limits::{Bucket, Limit};
use sqlx::PgPool;
use std::net::SocketAddr;

fn limited(pool: PgPool, bucket: Bucket, text: &str) -> Api {
    Api::with_settings(pool, |state| {
        state.limits.set(bucket, Limit::parse(text).unwrap());
    })
}

fn login(email: &str, password: &str) -> serde_json::Value {
    json!({ "email": email, "password": password })
}

fn assert_retry_after(reply: &crate::client::Reply, at_most: u64) {
    reply.assert_error(429, "rate_limited");
    let seconds = reply.retry_after.expect("a Retry-After header");
    assert!((1..=at_most).contains(&seconds), "Retry-After: {seconds}");
}

#[sqlx::test]
async fn the_eleventh_failed_login_for_an_email_is_refused_even_with_the_right_password(
    pool: PgPool,
) {
    let api = Api::new(pool);
    api.user("Alice").await;
    api.user("Bob").await;
    for _ in 0..10 {
        api.post(
            "/api/auth/login",
            login("alice@example.com", "wrong-password"),
            None,
        )
        .await
        .assert_error(401, "invalid_credentials");
    }
    let refused = api
        .post(
            "/api/auth/login",
            login("ALICE@example.com", "password123"),
            None,
        )
        .await;
    assert_retry_after(&refused, 15 * 60);
    // Someone else's account is not touched.
    let bob = api
        .post(
            "/api/auth/login",
            login("bob@example.com", "password123"),
            None,
        )
        .await;
    assert_eq!(bob.status, StatusCode::OK);
}

#[sqlx::test]
async fn limits_hold_across_instances_on_one_database(pool: PgPool) {
    let (one, two) = (Api::new(pool.clone()), Api::new(pool));
    one.user("Alice").await;
    for i in 0..10 {
        let instance = if i % 2 == 0 { &one } else { &two };
        instance
            .post(
                "/api/auth/login",
                login("alice@example.com", "nope-nope"),
                None,
            )
            .await
            .assert_error(401, "invalid_credentials");
    }
    for instance in [&one, &two] {
        let reply = instance
            .post(
                "/api/auth/login",
                login("alice@example.com", "password123"),
                None,
            )
            .await;
        assert_retry_after(&reply, 15 * 60);
    }
}

#[sqlx::test]
async fn the_thirty_first_message_in_a_minute_is_refused_and_retries_are_free(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let first_id = uuid::Uuid::new_v4();
    for i in 0..30 {
        let client_id = if i == 0 {
            first_id
        } else {
            uuid::Uuid::new_v4()
        };
        let body =
            json!({"conversationId": conv, "content": format!("m{i}"), "clientId": client_id});
        let reply = api.post("/api/messages", body, Some(&alice)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }
    let body = json!({"conversationId": conv, "content": "one too many"});
    assert_retry_after(&api.post("/api/messages", body, Some(&alice)).await, 60);
    // A retry of a stored message is answered, not counted.
    let retry = json!({"conversationId": conv, "content": "m0", "clientId": first_id});
    assert_eq!(
        api.post("/api/messages", retry, Some(&alice)).await.status,
        StatusCode::OK
    );
    // Bob has his own budget, and polling is never limited.
    api.send_message(&bob, &conv, "still fine").await;
    let polled = api
        .get(
            &format!("/api/messages?conversationId={conv}"),
            Some(&alice),
        )
        .await;
    assert_eq!(polled.status, StatusCode::OK);
    assert_eq!(api.count("messages").await, 31);
}

#[sqlx::test]
async fn only_new_conversations_count(pool: PgPool) {
    let api = limited(pool, Bucket::ConversationUser, "2/3600");
    let alice = api.user("Alice").await;
    let (bob, carol, dan) = (
        api.user("Bob").await,
        api.user("Carol").await,
        api.user("Dan").await,
    );
    api.conversation(&alice, &bob, None).await;
    api.conversation(&alice, &carol, None).await;
    let again = api
        .post(
            "/api/messages/conversations",
            json!({"recipientId": bob.id}),
            Some(&alice),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "finding one is free");
    let third = api
        .post(
            "/api/messages/conversations",
            json!({"recipientId": dan.id}),
            Some(&alice),
        )
        .await;
    assert_retry_after(&third, 3600);
}

/// A register request from `ip`, as the socket layer would mark it.
fn register_from(ip: &str, name: &str) -> Request<Body> {
    let body =
        json!({"email": format!("{name}@example.com"), "password": "password123", "name": name});
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/auth/register")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let peer: SocketAddr = format!("{ip}:50000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    req
}

#[sqlx::test]
async fn registrations_are_limited_per_ip(pool: PgPool) {
    let api = limited(pool, Bucket::RegisterIp, "2/3600");
    for name in ["a", "b"] {
        assert_eq!(
            api.send(register_from("10.0.0.1", name)).await.status(),
            StatusCode::CREATED
        );
    }
    let refused = api.send(register_from("10.0.0.1", "c")).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(
        api.send(register_from("10.0.0.2", "c")).await.status(),
        StatusCode::CREATED
    );
}

#[sqlx::test]
async fn failed_logins_are_limited_per_ip_across_emails(pool: PgPool) {
    let api = limited(pool, Bucket::LoginIp, "3/900");
    api.user("Alice").await;
    let attempt = |email: &str, password: &str| {
        let mut req = Request::post("/api/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(login(email, password).to_string()))
            .unwrap();
        req.extensions_mut()
            .insert(ConnectInfo::<SocketAddr>("10.0.0.9:4000".parse().unwrap()));
        req
    };
    for email in ["x@example.com", "y@example.com", "z@example.com"] {
        assert_eq!(
            api.send(attempt(email, "wrong-password")).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let refused = api.send(attempt("alice@example.com", "password123")).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[sqlx::test]
async fn server_functions_answer_429_with_retry_after_too(pool: PgPool) {
    let api = limited(pool, Bucket::LoginEmail, "1/900");
    api.user("Alice").await;
    api.rpc(
        "login",
        "email=alice%40example.com&password=wrong-password",
        None,
    )
    .await
    .assert_rpc_error(401, "invalid_credentials");
    let refused = api
        .rpc(
            "login",
            "email=alice%40example.com&password=password123",
            None,
        )
        .await;
    refused.assert_rpc_error(429, "rate_limited");
    assert!(refused.retry_after.is_some_and(|s| (1..=900).contains(&s)));
}

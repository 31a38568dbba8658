//! Requests from another site that would change something are refused
//! with 403 `forbidden_origin`, before anything is stored.

use crate::client::{Api, Session};
use axum::body::Body;
use http::{header, Method, Request, StatusCode};
use serde_json::json;
use sqlx::PgPool;

/// A JSON POST as a browser on `origin` would send it to our `localhost`.
fn post_from(path: &str, origin: Option<&str>, body: &str, who: Option<&Session>) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(origin) = origin {
        req = req.header(header::ORIGIN, origin);
    }
    if let Some(who) = who {
        req = req.header(header::COOKIE, &who.cookie);
    }
    req.body(Body::from(body.to_owned())).unwrap()
}

#[sqlx::test]
async fn a_send_from_another_site_is_refused_and_stores_nothing(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let body = json!({"conversationId": conv, "content": "spam"}).to_string();
    let res = api
        .send(post_from(
            "/api/messages",
            Some("https://evil.example"),
            &body,
            Some(&alice),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let envelope: serde_json::Value = serde_json::from_slice(res.body()).unwrap();
    assert_eq!(envelope["code"], "forbidden_origin");
    assert_eq!(envelope["success"], false);
    assert_eq!(api.count("messages").await, 0);

    let same_site = api
        .send(post_from(
            "/api/messages",
            Some("http://localhost"),
            &body,
            Some(&alice),
        ))
        .await;
    assert_eq!(same_site.status(), StatusCode::CREATED);
}

#[sqlx::test]
async fn a_login_form_posted_from_another_site_is_refused(pool: PgPool) {
    let api = Api::new(pool);
    api.user("Alice").await;
    let sessions_before = api.count("sessions").await;
    let req = Request::builder()
        .method(Method::POST)
        .uri("/rpc/login")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("email=alice%40example.com&password=password123"))
        .unwrap();
    let res = api.send(req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    let error: serde_json::Value = serde_json::from_slice(res.body()).unwrap();
    assert_eq!(error["code"], "forbidden_origin");
    assert_eq!(api.count("sessions").await, sessions_before);
}

#[sqlx::test]
async fn without_origin_sec_fetch_site_cross_site_is_refused(pool: PgPool) {
    let api = Api::new(pool);
    let body =
        json!({"email": "z@example.com", "password": "password123", "name": "Z"}).to_string();
    let mut req = post_from("/api/auth/register", None, &body, None);
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(api.send(req).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(api.count("users").await, 0);

    let mut same_origin = post_from("/api/auth/register", None, &body, None);
    same_origin
        .headers_mut()
        .insert("sec-fetch-site", "same-origin".parse().unwrap());
    assert_eq!(api.send(same_origin).await.status(), StatusCode::CREATED);
}

#[sqlx::test]
async fn scripts_without_either_header_and_reads_from_anywhere_pass(pool: PgPool) {
    let api = Api::new(pool);
    let body =
        json!({"email": "z@example.com", "password": "password123", "name": "Z"}).to_string();
    let res = api
        .send(post_from("/api/auth/register", None, &body, None))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let read = Request::get("/api/listings")
        .header(header::ORIGIN, "https://elsewhere.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(api.send(read).await.status(), StatusCode::OK);
}

#[sqlx::test]
async fn with_a_public_url_only_that_origin_is_the_sites_own(pool: PgPool) {
    let api = Api::with_public_origin(pool, "https://souk.example");
    let body =
        json!({"email": "z@example.com", "password": "password123", "name": "Z"}).to_string();
    let from_host = post_from("/api/auth/register", Some("http://localhost"), &body, None);
    assert_eq!(api.send(from_host).await.status(), StatusCode::FORBIDDEN);
    let from_public = post_from(
        "/api/auth/register",
        Some("https://souk.example"),
        &body,
        None,
    );
    assert_eq!(api.send(from_public).await.status(), StatusCode::CREATED);
}

//! Server functions (`/rpc/…`, what the pages call) answer with the same
//! statuses and codes as the REST API.

use crate::client::Api;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn a_private_function_without_a_session_is_401(pool: PgPool) {
    let api = Api::new(pool);
    api.rpc("conversations_page", "", None)
        .await
        .assert_rpc_error(401, "not_authenticated");
}

#[sqlx::test]
async fn invalid_content_is_400_with_its_code(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let form = format!(
        "conversation_id={conv}&content=%20%20&client_id={}",
        uuid::Uuid::new_v4()
    );
    api.rpc("send_message", &form, Some(&alice))
        .await
        .assert_rpc_error(400, "empty_content");
}

#[sqlx::test]
async fn undecodable_arguments_are_400(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    api.rpc("get_conversation", "id=not-a-uuid", Some(&alice))
        .await
        .assert_rpc_error(400, "invalid_input");
    api.rpc("get_conversation", "", Some(&alice))
        .await
        .assert_rpc_error(400, "invalid_input");
}

#[sqlx::test]
async fn an_unknown_or_foreign_conversation_is_404(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob, eve) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Eve").await,
    );
    let conv = api.conversation(&alice, &bob, None).await;
    api.rpc("get_conversation", &format!("id={conv}"), Some(&eve))
        .await
        .assert_rpc_error(404, "not_found");
    let unknown = uuid::Uuid::new_v4();
    api.rpc("get_conversation", &format!("id={unknown}"), Some(&alice))
        .await
        .assert_rpc_error(404, "not_found");
}

#[sqlx::test]
async fn a_taken_email_is_409(pool: PgPool) {
    let api = Api::new(pool);
    api.user("Alice").await;
    api.rpc(
        "register",
        "name=Alice&email=alice%40example.com&password=password123",
        None,
    )
    .await
    .assert_rpc_error(409, "email_taken");
}

#[sqlx::test]
async fn wrong_credentials_are_401(pool: PgPool) {
    let api = Api::new(pool);
    api.user("Alice").await;
    api.rpc(
        "login",
        "email=alice%40example.com&password=wrong-password",
        None,
    )
    .await
    .assert_rpc_error(401, "invalid_credentials");
}

#[sqlx::test]
async fn a_body_over_64_kib_is_413_and_nothing_is_stored(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let form = format!(
        "conversation_id={conv}&content={}&client_id={}",
        "a".repeat(2 * 1024 * 1024),
        uuid::Uuid::new_v4()
    );
    api.rpc("send_message", &form, Some(&alice))
        .await
        .assert_rpc_error(413, "payload_too_large");
    assert_eq!(api.count("messages").await, 0);
}

#[sqlx::test]
async fn a_json_body_over_64_kib_is_413_on_rest_too(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let body = json!({ "conversationId": conv, "content": "a".repeat(100 * 1024) });
    api.post("/api/messages", body, Some(&alice))
        .await
        .assert_error(413, "payload_too_large");
}

#[sqlx::test]
async fn success_is_200_with_the_result(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "hello").await;
    let reply = api.rpc("unread_count", "", Some(&alice)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, json!(1));
}

#[sqlx::test]
async fn server_function_urls_are_stable_names(pool: PgPool) {
    let api = Api::new(pool);
    // No build-path hash: the same URL in every build.
    let reply = api.rpc("newest_listings", "", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[sqlx::test]
async fn a_form_posted_without_javascript_is_redirected_back_with_its_error(pool: PgPool) {
    let api = Api::new(pool);
    let req = http::Request::post("/rpc/login")
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "text/html")
        .header(http::header::REFERER, "http://localhost/login")
        .body(axum::body::Body::from(
            "email=a%40b.co&password=wrong-password",
        ))
        .unwrap();
    let res = api.send(req).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers()[http::header::LOCATION].to_str().unwrap();
    assert!(location.contains("__err="), "{location}");
}

/// A quick question from a listing page, posted as a plain form: the
/// conversation opens with the question in `?draft=` (in the asker's
/// language), and nothing is sent or stored but the conversation.
#[sqlx::test]
async fn a_quick_question_opens_the_conversation_with_it_unsent(pool: PgPool) {
    let api = Api::new(pool);
    let seller = api.user("Seller").await;
    let buyer = api.user("Buyer").await;
    let listing = api.listing(&seller, "Bike").await;
    let ask = |question: &str, lang: &str| {
        http::Request::post("/rpc/contact_seller")
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(http::header::ACCEPT, "text/html")
            .header(
                http::header::COOKIE,
                format!("{}; lang={lang}", buyer.cookie),
            )
            .body(axum::body::Body::from(format!(
                "seller_id={}&ad_id={listing}&ad_title=Bike&question={question}",
                seller.id
            )))
            .unwrap()
    };
    let res = api.send(ask("available", "en")).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers()[http::header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with("/dashboard/messages?conversation=")
            && location.ends_with("&draft=Is%20it%20still%20available%3F"),
        "{location}"
    );
    let res = api.send(ask("negotiable", "fr")).await;
    let location = res.headers()[http::header::LOCATION].to_str().unwrap();
    assert!(
        location.ends_with("&draft=Le%20prix%20est-il%20n%C3%A9gociable%E2%80%AF%3F"),
        "{location}"
    );
    // An unknown question opens the conversation without a draft.
    let res = api.send(ask("send-me-money", "en")).await;
    let location = res.headers()[http::header::LOCATION].to_str().unwrap();
    assert!(!location.contains("draft="), "{location}");

    assert_eq!(api.count("conversations").await, 1);
    assert_eq!(api.count("messages").await, 0);
}

//! Reports: a participant reports a message, anyone reports a person; only
//! moderators (`SOUK_MODERATORS`) see them, and everyone else gets 404.

use crate::client::{Api, Session};
use http::StatusCode;
use serde_json::json;
use souk::server::limits::{Bucket, Limit};
use souk::server::moderators::Moderators;
use sqlx::PgPool;

/// The site with `moderator@example.com` as its moderator.
fn moderated(pool: PgPool) -> Api {
    Api::with_settings(pool, |state| {
        state.moderators = Moderators::parse("Moderator@example.com");
    })
}

async fn report(api: &Api, who: &Session, body: serde_json::Value) -> crate::client::Reply {
    api.post("/api/reports", body, Some(who)).await
}

#[sqlx::test]
async fn a_reported_message_reaches_the_moderators_and_nobody_else(pool: PgPool) {
    let api = moderated(pool);
    let (alice, bob, eve) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Eve").await,
    );
    let moderator = api.user("Moderator").await;
    let conv = api.conversation(&alice, &bob, None).await;
    let sent = api
        .send_message(&bob, &conv, "Pay by wire to this account")
        .await;
    let message_id = sent["id"].as_str().unwrap();

    // Only a participant can report it, and not their own message.
    report(
        &api,
        &eve,
        json!({ "messageId": message_id, "reason": "scam" }),
    )
    .await
    .assert_error(404, "not_found");
    report(
        &api,
        &bob,
        json!({ "messageId": message_id, "reason": "scam" }),
    )
    .await
    .assert_error(400, "cannot_report_self");
    let filed = report(
        &api,
        &alice,
        json!({ "messageId": message_id, "reason": "scam", "details": "  asks for a wire  " }),
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);

    let list = api.get("/api/reports", Some(&moderator)).await;
    let reports = list.data().as_array().unwrap();
    assert_eq!(reports.len(), 1, "{}", list.body);
    let one = &reports[0];
    assert_eq!(one["id"], filed.data()["id"]);
    assert_eq!(one["reason"], "scam");
    assert_eq!(one["details"], "asks for a wire");
    assert_eq!(one["reporter"], json!({ "id": alice.id, "name": "Alice" }));
    assert_eq!(one["reportedUser"], json!({ "id": bob.id, "name": "Bob" }));
    assert_eq!(one["message"]["content"], "Pay by wire to this account");
    assert_eq!(one["message"]["conversationId"], json!(conv));

    for someone in [&alice, &bob, &eve] {
        api.get("/api/reports", Some(someone))
            .await
            .assert_error(404, "not_found");
    }
    api.get("/api/reports", None)
        .await
        .assert_error(401, "not_authenticated");
    let me = api.get("/api/auth/me", Some(&moderator)).await;
    assert_eq!(me.data()["isModerator"], true);
    let me = api.get("/api/auth/me", Some(&alice)).await;
    assert_eq!(me.data()["isModerator"], false);
}

#[sqlx::test]
async fn a_person_can_be_reported_without_a_message(pool: PgPool) {
    let api = moderated(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let moderator = api.user("Moderator").await;
    let filed = report(&api, &alice, json!({ "userId": bob.id, "reason": "abuse" })).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let list = api.get("/api/reports", Some(&moderator)).await;
    assert_eq!(list.data()[0]["reportedUser"]["name"], "Bob");
    assert_eq!(list.data()[0]["message"], json!(null));
    assert_eq!(list.data()[0]["details"], json!(null));
}

#[sqlx::test]
async fn a_report_needs_one_target_and_a_known_reason(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let sent = api.send_message(&bob, &conv, "hi").await;
    let cases = [
        (json!({ "reason": "spam" }), 400, "missing_field"),
        (
            json!({ "userId": bob.id, "messageId": sent["id"], "reason": "spam" }),
            400,
            "invalid_input",
        ),
        (
            json!({ "userId": bob.id, "reason": "rude" }),
            400,
            "invalid_field",
        ),
        (json!({ "userId": bob.id }), 400, "invalid_field"),
        (
            json!({ "userId": "not-a-uuid", "reason": "spam" }),
            400,
            "invalid_field",
        ),
        (
            json!({ "userId": bob.id, "reason": "spam", "details": "a\u{0}b" }),
            400,
            "invalid_characters",
        ),
        (
            json!({ "userId": bob.id, "reason": "spam", "details": "x".repeat(1001) }),
            400,
            "invalid_input",
        ),
        (
            json!({ "userId": alice.id, "reason": "spam" }),
            400,
            "cannot_report_self",
        ),
        (
            json!({ "userId": uuid::Uuid::new_v4(), "reason": "spam" }),
            404,
            "not_found",
        ),
        (
            json!({ "messageId": uuid::Uuid::new_v4(), "reason": "spam" }),
            404,
            "not_found",
        ),
    ];
    for (body, status, code) in cases {
        report(&api, &alice, body.clone())
            .await
            .assert_error(status, code);
    }
    assert_eq!(api.count("reports").await, 0, "nothing was stored");
}

#[sqlx::test]
async fn a_message_cleared_by_delete_for_me_can_no_longer_be_reported(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let sent = api.send_message(&bob, &conv, "gone for Alice").await;
    let deleted = api
        .delete(&format!("/api/messages/conversations/{conv}"), Some(&alice))
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    report(
        &api,
        &alice,
        json!({ "messageId": sent["id"], "reason": "spam" }),
    )
    .await
    .assert_error(404, "not_found");
}

#[sqlx::test]
async fn reports_are_rate_limited_per_reporter(pool: PgPool) {
    let api = Api::with_settings(pool, |state| {
        state
            .limits
            .set(Bucket::ReportUser, Limit::parse("2/86400").unwrap());
    });
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let body = json!({ "userId": bob.id, "reason": "spam" });
    for _ in 0..2 {
        assert_eq!(
            report(&api, &alice, body.clone()).await.status,
            StatusCode::CREATED
        );
    }
    let refused = report(&api, &alice, body.clone()).await;
    refused.assert_error(429, "rate_limited");
    assert!(refused.retry_after.is_some_and(|s| s <= 86400));
    // A refused one is neither stored nor counted against someone else.
    assert_eq!(api.count("reports").await, 2);
    assert_eq!(
        report(&api, &bob, json!({ "userId": alice.id, "reason": "spam" }))
            .await
            .status,
        StatusCode::CREATED
    );
}

#[sqlx::test]
async fn server_functions_report_and_list_with_the_same_rules(pool: PgPool) {
    let api = moderated(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let moderator = api.user("Moderator").await;
    let done = api
        .rpc(
            "report",
            &format!("user_id={}&reason=abuse&details=rude", bob.id),
            Some(&alice),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    api.rpc("report", "reason=abuse", Some(&alice))
        .await
        .assert_rpc_error(400, "missing_field");
    api.rpc("list_reports", "", Some(&alice))
        .await
        .assert_rpc_error(404, "not_found");
    let list = api.rpc("list_reports", "", Some(&moderator)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body[0]["details"], "rude");
}

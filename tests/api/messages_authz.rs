//! Every messaging endpoint × owner / other participant / outsider /
//! anonymous. Outsiders get the same 404 as for a conversation that does
//! not exist; anonymous callers get 401.

use crate::client::{Api, Session};
use http::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

struct Call {
    method: Method,
    path: String,
    body: Option<Value>,
}

fn calls(conv: &str, message_id: &str, recipient: &str) -> Vec<Call> {
    let call = |method: Method, path: String, body: Option<Value>| Call { method, path, body };
    vec![
        call(Method::GET, "/api/messages/conversations".into(), None),
        call(
            Method::POST,
            "/api/messages/conversations".into(),
            Some(json!({"recipientId": recipient})),
        ),
        call(
            Method::GET,
            format!("/api/messages/conversations/{conv}"),
            None,
        ),
        call(
            Method::POST,
            "/api/messages".into(),
            Some(json!({"conversationId": conv, "content": "hi"})),
        ),
        call(
            Method::GET,
            format!("/api/messages?conversationId={conv}"),
            None,
        ),
        call(
            Method::GET,
            format!("/api/messages?conversationId={conv}&after={message_id}"),
            None,
        ),
        call(Method::GET, "/api/messages/unread".into(), None),
        call(
            Method::POST,
            format!("/api/messages/conversations/{conv}/read"),
            Some(json!({})),
        ),
        call(
            Method::DELETE,
            format!("/api/messages/conversations/{conv}"),
            None,
        ),
    ]
}

/// Endpoints that name the conversation (the others are about "my" data).
fn names_conversation(call: &Call) -> bool {
    call.path.contains("conversationId=")
        || call.path.matches('/').count() > 3
        || call
            .body
            .as_ref()
            .is_some_and(|b| b.get("conversationId").is_some())
}

async fn run(api: &Api, call: &Call, who: Option<&Session>) -> crate::client::Reply {
    api.request(
        call.method.clone(),
        &call.path,
        call.body.clone(),
        who.map(|s| s.cookie.as_str()),
    )
    .await
}

#[sqlx::test]
async fn anonymous_callers_get_401_everywhere(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    let message = api.send_message(&a, &conv, "hello").await;
    for call in calls(&conv, message["id"].as_str().unwrap(), &b.id) {
        let reply = run(&api, &call, None).await;
        reply.assert_error(401, "not_authenticated");
        assert_eq!(
            reply.body["error"], "Not authenticated",
            "{} {}",
            call.method, call.path
        );
    }
}

#[sqlx::test]
async fn outsiders_cannot_tell_a_conversation_exists(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b, outsider) = (
        api.user("A").await,
        api.user("B").await,
        api.user("Eve").await,
    );
    let conv = api.conversation(&a, &b, None).await;
    let message = api.send_message(&a, &conv, "secret").await;
    let message_id = message["id"].as_str().unwrap();
    let missing = uuid::Uuid::new_v4().to_string();
    for call in calls(&conv, message_id, &b.id)
        .iter()
        .filter(|c| names_conversation(c))
    {
        let foreign = run(&api, call, Some(&outsider)).await;
        foreign.assert_error(404, "not_found");
        let unknown_call = Call {
            method: call.method.clone(),
            path: call.path.replace(&conv, &missing),
            body: call
                .body
                .as_ref()
                .map(|b| serde_json::from_str(&b.to_string().replace(&conv, &missing)).unwrap()),
        };
        let unknown = run(&api, &unknown_call, Some(&outsider)).await;
        assert_eq!(
            foreign.body, unknown.body,
            "{} {}: same answer as for a missing one",
            call.method, call.path
        );
    }
    // The outsider's own views show nothing of it, and nothing changed for A and B.
    assert!(api
        .get("/api/messages/conversations", Some(&outsider))
        .await
        .data()
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        api.get("/api/messages/unread", Some(&outsider))
            .await
            .data()["count"],
        0
    );
    let b_view = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&b))
        .await;
    assert_eq!(b_view.data()["messages"].as_array().unwrap().len(), 1);
    assert_eq!(
        b_view.data()["unreadCount"],
        1,
        "the outsider could not mark it read"
    );
}

#[sqlx::test]
async fn both_participants_can_use_every_endpoint(pool: PgPool) {
    let api = Api::new(pool);
    let (owner, other) = (api.user("Owner").await, api.user("Other").await);
    let conv = api.conversation(&owner, &other, None).await;
    let message = api.send_message(&owner, &conv, "hello").await;
    for (who, recipient) in [(&owner, &other), (&other, &owner)] {
        for call in calls(&conv, message["id"].as_str().unwrap(), &recipient.id) {
            let reply = run(&api, &call, Some(who)).await;
            assert!(
                reply.status.is_success(),
                "{} {} as {}: {}",
                call.method,
                call.path,
                who.name,
                reply.body
            );
        }
        // The DELETE at the end hid it for `who`; bring it back for the next round.
        api.conversation(who, recipient, None).await;
    }
}

#[sqlx::test]
async fn the_sender_is_always_the_logged_in_user(pool: PgPool) {
    let api = Api::new(pool);
    let (a, b) = (api.user("A").await, api.user("B").await);
    let conv = api.conversation(&a, &b, None).await;
    let reply = api
        .post(
            "/api/messages",
            json!({"conversationId": conv, "content": "hi", "senderId": b.id}),
            Some(&a),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.data()["senderId"], json!(a.id));
}

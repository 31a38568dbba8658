//! Inbox tools: archive (and back with a new message from the other
//! person), mark unread (badge and list, without moving the other person's
//! "Seen"), and their visibility rules.

use crate::client::{Api, Session};
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn list(api: &Api, who: &Session, query: &str) -> Vec<Value> {
    let reply = api
        .get(&format!("/api/messages/conversations{query}"), Some(who))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.data().as_array().unwrap().clone()
}

fn ids(list: &[Value]) -> Vec<&str> {
    list.iter().map(|c| c["id"].as_str().unwrap()).collect()
}

async fn unread_total(api: &Api, who: &Session) -> i64 {
    let reply = api.get("/api/messages/unread", Some(who)).await;
    reply.data()["count"].as_i64().unwrap()
}

/// How far the other person has read, as `who` sees it ("Seen").
async fn seen_by_other(api: &Api, who: &Session) -> Value {
    list(api, who, "").await[0]["otherLastReadMessageId"].clone()
}

#[sqlx::test]
async fn archiving_moves_a_conversation_until_the_other_person_writes(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "Still for sale?").await;
    let archive = format!("/api/messages/conversations/{conv}/archive");

    let reply = api.post(&archive, json!({}), Some(&alice)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(list(&api, &alice, "").await.is_empty());
    assert!(list(&api, &alice, "?limit=10").await.is_empty());
    let archived = list(&api, &alice, "?archived=true").await;
    assert_eq!(ids(&archived), [conv.as_str()]);
    assert_eq!(archived[0]["archived"], true);
    // Archived unread messages still count, and Bob's list is his own.
    assert_eq!(unread_total(&api, &alice).await, 1);
    assert_eq!(ids(&list(&api, &bob, "").await), [conv.as_str()]);
    // Archiving twice is fine; the conversation still opens.
    let again = api.post(&archive, json!({}), Some(&alice)).await;
    assert_eq!(again.status, StatusCode::OK);
    let open = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&alice))
        .await;
    assert_eq!(open.status, StatusCode::OK);

    // My own message leaves it archived; theirs brings it back.
    api.send_message(&alice, &conv, "Yes").await;
    assert!(list(&api, &alice, "").await.is_empty());
    api.send_message(&bob, &conv, "Great, I'll take it").await;
    let back = list(&api, &alice, "").await;
    assert_eq!(ids(&back), [conv.as_str()]);
    assert_eq!(back[0]["archived"], false);
    assert!(list(&api, &alice, "?archived=true").await.is_empty());

    // Unarchiving by hand.
    api.post(&archive, json!({}), Some(&alice)).await;
    let reply = api.delete(&archive, Some(&alice)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(ids(&list(&api, &alice, "").await), [conv.as_str()]);
}

#[sqlx::test]
async fn archive_and_unread_refuse_what_i_cannot_see(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob, eve) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Eve").await,
    );
    let conv = api.conversation(&alice, &bob, None).await;
    for action in ["archive", "unread"] {
        let path = format!("/api/messages/conversations/{conv}/{action}");
        api.post(&path, json!({}), Some(&eve))
            .await
            .assert_error(404, "not_found");
        api.post(&path, json!({}), None)
            .await
            .assert_error(401, "not_authenticated");
        api.post(
            &format!("/api/messages/conversations/nope/{action}"),
            json!({}),
            Some(&alice),
        )
        .await
        .assert_error(400, "invalid_id");
    }
    api.get("/api/messages/conversations?archived=maybe", Some(&alice))
        .await
        .assert_error(400, "invalid_query");
    // Nothing from Bob yet: nothing to mark unread.
    api.post(
        &format!("/api/messages/conversations/{conv}/unread"),
        json!({}),
        Some(&alice),
    )
    .await
    .assert_error(409, "nothing_to_mark_unread");
}

#[sqlx::test]
async fn mark_unread_counts_their_newest_message_again_until_i_read(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "Hello").await;
    api.send_message(&bob, &conv, "Is it available?").await;
    api.send_message(&alice, &conv, "Yes it is").await; // reads, then writes
    assert_eq!(unread_total(&api, &alice).await, 0);
    let seen_before = seen_by_other(&api, &bob).await;

    let unread = format!("/api/messages/conversations/{conv}/unread");
    let reply = api.post(&unread, json!({}), Some(&alice)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(unread_total(&api, &alice).await, 1);
    assert_eq!(list(&api, &alice, "").await[0]["unreadCount"], 1);
    // Twice is still one, and Bob's "Seen" did not move back.
    api.post(&unread, json!({}), Some(&alice)).await;
    assert_eq!(unread_total(&api, &alice).await, 1);
    assert_eq!(seen_by_other(&api, &bob).await, seen_before);
    assert_ne!(seen_before, Value::Null);

    // A further message from Bob adds to it; reading clears both.
    api.send_message(&bob, &conv, "Hello?").await;
    assert_eq!(unread_total(&api, &alice).await, 2);
    let read = api
        .post(
            &format!("/api/messages/conversations/{conv}/read"),
            json!({}),
            Some(&alice),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(unread_total(&api, &alice).await, 0);

    // Writing clears the mark too; an unread conversation stays as it is.
    api.post(&unread, json!({}), Some(&alice)).await;
    api.send_message(&alice, &conv, "Sorry, here").await;
    assert_eq!(unread_total(&api, &alice).await, 0);
    api.send_message(&bob, &conv, "Ok").await;
    api.post(&unread, json!({}), Some(&alice)).await;
    assert_eq!(unread_total(&api, &alice).await, 1);
}

#[sqlx::test]
async fn the_server_functions_archive_and_mark_unread(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "Hi").await;
    let reply = api
        .rpc(
            "archive_conversation",
            &format!("conversation_id={conv}&archived=true"),
            Some(&alice),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = api
        .rpc("conversations_page", "folder=archived", Some(&alice))
        .await;
    assert_eq!(page.body["conversations"][0]["id"], conv.as_str());
    let inbox = api.rpc("conversations_page", "", Some(&alice)).await;
    assert_eq!(inbox.body["conversations"], json!([]));

    api.post(
        &format!("/api/messages/conversations/{conv}/read"),
        json!({}),
        Some(&alice),
    )
    .await;
    let reply = api
        .rpc(
            "mark_unread",
            &format!("conversation_id={conv}"),
            Some(&alice),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(unread_total(&api, &alice).await, 1);
}

#[sqlx::test]
async fn the_sync_drops_an_archived_conversation_and_brings_it_back(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "Hi").await;
    let first = api.get("/api/messages/sync", Some(&alice)).await;
    let cursor = first.data()["cursor"].as_str().unwrap().to_owned();

    api.post(
        &format!("/api/messages/conversations/{conv}/archive"),
        json!({}),
        Some(&alice),
    )
    .await;
    let after_archive = api
        .get(&format!("/api/messages/sync?since={cursor}"), Some(&alice))
        .await;
    assert_eq!(after_archive.data()["removed"], json!([conv]));
    assert_eq!(after_archive.data()["conversations"], json!([]));
    assert_eq!(
        after_archive.data()["unreadCount"],
        1,
        "archived still counts"
    );
    let cursor = after_archive.data()["cursor"].as_str().unwrap().to_owned();

    api.send_message(&bob, &conv, "Still there?").await;
    let back = api
        .get(&format!("/api/messages/sync?since={cursor}"), Some(&alice))
        .await;
    assert_eq!(back.data()["removed"], json!([]));
    assert_eq!(back.data()["conversations"][0]["id"], conv.as_str());
    assert_eq!(back.data()["conversations"][0]["archived"], false);
}

/// "Seen" comes from the message id the database keeps beside each read
/// pointer: it follows every statement that moves a pointer (a read, a
/// send, a delete for me, a block) and is null before any reading.
#[sqlx::test]
async fn seen_follows_every_move_of_the_read_pointer(pool: PgPool) {
    let api = Api::new(pool.clone());
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let hello = api.send_message(&alice, &conv, "Hello").await;
    assert_eq!(seen_by_other(&api, &alice).await, Value::Null);
    assert_eq!(seen_by_other(&api, &bob).await, hello["id"]);

    let read = format!("/api/messages/conversations/{conv}/read");
    api.post(&read, json!({}), Some(&bob)).await;
    assert_eq!(seen_by_other(&api, &alice).await, hello["id"]);

    let hi = api.send_message(&bob, &conv, "Hi").await;
    assert_eq!(seen_by_other(&api, &alice).await, hi["id"]);
    let unread_reply = api.send_message(&bob, &conv, "Still there?").await;
    assert_eq!(seen_by_other(&api, &bob).await, hello["id"]);

    // Deleting for me reads everything up to then.
    let deleted = api
        .delete(&format!("/api/messages/conversations/{conv}"), Some(&alice))
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    assert_eq!(seen_by_other(&api, &bob).await, unread_reply["id"]);

    // So does blocking.
    let last = api.send_message(&bob, &conv, "Hello?").await;
    assert_eq!(seen_by_other(&api, &bob).await, unread_reply["id"]);
    let block = format!("/api/users/{}/block", bob.id);
    let blocked = api.post(&block, json!({}), Some(&alice)).await;
    assert!(blocked.status.is_success(), "{}", blocked.body);
    assert_eq!(seen_by_other(&api, &bob).await, last["id"]);

    let stale: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM conversation_participants p
         LEFT JOIN messages m ON m.conversation_id = p.conversation_id AND m.seq = p.last_read_seq
         WHERE p.last_read_message_id IS DISTINCT FROM m.id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stale, 0);
}

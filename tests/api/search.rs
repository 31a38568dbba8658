//! Search: accents, case and plurals in French and English, escaping in
//! snippets, paging, and only what the asker can see.

use crate::client::{Api, Session};
use http::StatusCode;
use leptos_router::location::Url;
use serde_json::Value;
use sqlx::PgPool;

async fn search(api: &Api, who: &Session, q: &str) -> Vec<Value> {
    let path = format!("/api/messages/search?q={}", Url::escape(q));
    let reply = api.get(&path, Some(who)).await;
    assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.body);
    reply.data().as_array().unwrap().clone()
}

fn contents(hits: &[Value]) -> Vec<&str> {
    hits.iter()
        .map(|h| h["message"]["content"].as_str().unwrap())
        .collect()
}

#[sqlx::test]
async fn accents_case_and_plurals_match_in_french_and_english(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "Le velo est en bon état")
        .await;
    api.send_message(&alice, &conv, "J'ai deux VÉLOS à vendre")
        .await;
    api.send_message(&bob, &conv, "The bikes are in the garage")
        .await;
    api.send_message(&alice, &conv, "Rendez-vous à la gare")
        .await;

    for q in ["vélo", "VELO", "vélos", "Velos"] {
        let hits = search(&api, &bob, q).await;
        assert_eq!(
            contents(&hits),
            ["J'ai deux VÉLOS à vendre", "Le velo est en bon état"],
            "{q}: newest first"
        );
    }
    assert_eq!(
        contents(&search(&api, &alice, "bike").await),
        ["The bikes are in the garage"]
    );
    assert_eq!(
        contents(&search(&api, &alice, "etat").await),
        ["Le velo est en bon état"]
    );
    // Every word must match.
    assert!(search(&api, &alice, "vélo garage").await.is_empty());
    let hit = &search(&api, &alice, "garage").await[0];
    assert_eq!(hit["conversation"]["id"], conv.as_str());
    assert!(hit["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>garage</mark>"));
}

#[sqlx::test]
async fn snippets_escape_the_text_before_marking_hits(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "Vélo <b>rouge</b> & 'bleu' <mark>x</mark>")
        .await;
    let hits = search(&api, &alice, "velo").await;
    assert_eq!(
        hits[0]["snippet"],
        "<mark>Vélo</mark> &lt;b&gt;rouge&lt;/b&gt; &amp; &#39;bleu&#39; &lt;mark&gt;x&lt;/mark&gt;"
    );
}

#[sqlx::test]
async fn only_what_i_can_see_is_found(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob, eve) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Eve").await,
    );
    let ours = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &ours, "Canapé en cuir, old message")
        .await;
    let theirs = api.conversation(&bob, &eve, None).await;
    api.send_message(&eve, &theirs, "Canapé pour Bob seulement")
        .await;

    assert_eq!(
        contents(&search(&api, &alice, "canape").await),
        ["Canapé en cuir, old message"]
    );
    assert!(
        search(&api, &eve, "cuir").await.is_empty(),
        "not Eve's conversation"
    );

    // Delete-for-me clears what was there; a later message is found.
    let deleted = api
        .delete(&format!("/api/messages/conversations/{ours}"), Some(&alice))
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert!(search(&api, &alice, "canape").await.is_empty());
    assert_eq!(
        search(&api, &bob, "cuir").await.len(),
        1,
        "Bob still has it"
    );
    api.send_message(&bob, &ours, "Toujours un canapé").await;
    assert_eq!(
        contents(&search(&api, &alice, "canapé").await),
        ["Toujours un canapé"]
    );
}

#[sqlx::test]
async fn results_page_with_a_cursor_and_bad_queries_are_400(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    for i in 0..5 {
        api.send_message(&bob, &conv, &format!("lampe numéro {i}"))
            .await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/messages/search?q=lampes&limit=2".to_owned();
    loop {
        let page = api.get(&path, Some(&alice)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        seen.extend(
            contents(page.data().as_array().unwrap())
                .iter()
                .map(|c| c.to_string()),
        );
        match page.body["nextCursor"].as_str() {
            Some(cursor) => path = format!("/api/messages/search?q=lampes&limit=2&before={cursor}"),
            None => break,
        }
    }
    let expected: Vec<String> = (0..5).rev().map(|i| format!("lampe numéro {i}")).collect();
    assert_eq!(seen, expected);

    // Stop words alone find nothing, without an error.
    assert!(search(&api, &alice, "le la the").await.is_empty());
    for (query, status, code) in [
        ("", 400, "missing_field"),
        ("?q=%20%20", 400, "missing_field"),
        ("?q=a%00b", 400, "invalid_characters"),
        ("?q=x&limit=0", 400, "invalid_limit"),
        ("?q=x&before=nope", 400, "invalid_query"),
    ] {
        api.get(&format!("/api/messages/search{query}"), Some(&alice))
            .await
            .assert_error(status, code);
    }
    let long = "a".repeat(201);
    api.get(&format!("/api/messages/search?q={long}"), Some(&alice))
        .await
        .assert_error(400, "invalid_query");
    api.get("/api/messages/search?q=x", None)
        .await
        .assert_error(401, "not_authenticated");
    let rpc = api.rpc("search_messages", "q=lampe", Some(&alice)).await;
    assert_eq!(rpc.status, StatusCode::OK, "{}", rpc.body);
    assert_eq!(rpc.body["hits"].as_array().unwrap().len(), 5);
}

/// PostgreSQL's parser takes `<…>` runs as markup and skips what a
/// `<script>` holds: in a message they are text like any other.
#[sqlx::test]
async fn words_between_angle_brackets_are_found(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    api.send_message(&bob, &conv, "<script>velo</script> pour enfant")
        .await;
    api.send_message(&bob, &conv, "Prix <velo rouge> à débattre")
        .await;
    let hits = search(&api, &alice, "velo").await;
    assert_eq!(
        contents(&hits),
        [
            "Prix <velo rouge> à débattre",
            "<script>velo</script> pour enfant"
        ]
    );
    assert_eq!(
        hits[1]["snippet"],
        "&lt;script&gt;<mark>velo</mark>&lt;/script&gt; pour enfant"
    );
    assert_eq!(
        hits[0]["snippet"],
        "Prix &lt;<mark>velo</mark> rouge&gt; à débattre"
    );
}

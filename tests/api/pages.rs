//! Server-rendered pages: the data they carry for the browser to hydrate.

use crate::client::Api;
use serde_json::{json, Value};
use sqlx::PgPool;

/// The props the server sent with the page's island named `name` (the
/// browser hydrates the island from them alone), once per island on the
/// page.
fn island_props(html: &str, name: &str) -> Vec<Value> {
    let marker = format!("data-component=\"{name}_");
    html.split(&marker)
        .skip(1)
        .map(|rest| {
            let quoted = rest
                .split("data-props=\"")
                .nth(1)
                .expect("the island's props");
            let escaped = quoted.split('"').next().unwrap();
            let json = escaped
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            serde_json::from_str(&json).expect("the island's props are JSON")
        })
        .collect()
}

/// While the server renders, a `<Suspense>` builds what it holds more than
/// once, and many pages render at once. Each page's islands must still
/// carry the data of its own request: its user, its unread count, and on
/// the messages page the list and the open conversation.
#[sqlx::test]
async fn concurrent_renders_give_each_island_its_own_request_data(pool: PgPool) {
    let api = Api::new(pool);
    let seller = api.user("seller").await;
    let buyer = api.user("buyer").await;
    let listing = api.listing(&seller, "Oak table").await;
    let conversation = api.conversation(&buyer, &seller, Some(&listing)).await;
    api.send_message(&buyer, &conversation, "Is the oak table still there?")
        .await;
    let messages = format!("/dashboard/messages?conversation={conversation}");
    let listing_page = format!("/listings/{listing}");
    // (path, who, their unread count)
    let renders = [
        (messages.as_str(), &seller, 1),
        (messages.as_str(), &buyer, 0),
        (listing_page.as_str(), &seller, 1),
        (listing_page.as_str(), &buyer, 0),
        ("/", &seller, 1),
        ("/settings", &buyer, 0),
    ];
    for _ in 0..10 {
        let pages =
            futures::future::join_all(renders.iter().map(|&(path, who, _)| api.page(path, who)))
                .await;
        for (html, &(path, who, unread)) in pages.iter().zip(&renders) {
            assert!(
                !html.contains("internal_error"),
                "an internal error in {path}"
            );
            let header = island_props(html, "LiveHeader");
            assert_eq!(header.len(), 1, "one live header on {path}");
            assert_eq!(header[0]["me"], json!(who.id), "{path} for {}", who.name);
            assert_eq!(
                header[0]["unread"],
                json!(unread),
                "{path} for {}",
                who.name
            );
            if path != messages {
                assert!(island_props(html, "Inbox").is_empty(), "{path}");
                continue;
            }
            let inbox = island_props(html, "Inbox");
            assert_eq!(inbox.len(), 1, "{path}");
            let inbox = &inbox[0];
            assert_eq!(inbox["me"], json!(who.id));
            assert_eq!(
                inbox["query"],
                json!(format!("conversation={conversation}"))
            );
            let (folder, list) = (
                &inbox["first"]["conversations"][0],
                &inbox["first"]["conversations"][1],
            );
            assert_eq!(folder, &json!("inbox"));
            assert_eq!(list["Ok"]["conversations"][0]["id"], json!(conversation));
            let thread = &inbox["first"]["thread"];
            assert_eq!(thread[0], json!(conversation));
            let texts: Vec<_> = thread[1]["Ok"]["messages"]
                .as_array()
                .expect("the open conversation's messages")
                .iter()
                .map(|m| m["content"].clone())
                .collect();
            assert_eq!(texts, [json!("Is the oak table still there?")]);
            assert_eq!(inbox["first"]["hits"], Value::Null, "no search asked for");
            // What the island shows is also in the HTML, before any code.
            let list_html = html.split("inbox-thread").next().unwrap();
            assert!(
                list_html.contains("Oak table"),
                "the list lacks the conversation"
            );
            assert!(html.contains("Is the oak table still there?"), "no thread");
        }
    }
}

/// A listing page is HTML and the header's one island: its own code
/// stays out of the page (see the README's page weights).
#[sqlx::test]
async fn a_listing_page_has_no_island_but_the_header(pool: PgPool) {
    let api = Api::new(pool);
    let seller = api.user("seller").await;
    let buyer = api.user("buyer").await;
    let listing = api.listing(&seller, "Oak table").await;
    let html = api.page(&format!("/listings/{listing}"), &buyer).await;
    assert_eq!(
        html.matches("<leptos-island").count(),
        1,
        "only the header's island"
    );
    assert_eq!(island_props(&html, "LiveHeader").len(), 1);
    // The contact button is a form that works without code.
    assert!(html.contains("<form"), "the contact form");
    assert!(html.contains("class=\"contact-seller\""));
}

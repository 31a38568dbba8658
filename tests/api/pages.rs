//! Server-rendered pages: the data they carry for the browser to hydrate.

use crate::client::{Api, Session};
use axum::body::Body;
use http::{header, Request, StatusCode};
use sqlx::PgPool;

async fn page(api: &Api, path: &str, who: &Session) -> String {
    let req = Request::get(path)
        .header(header::COOKIE, &who.cookie)
        .body(Body::empty())
        .unwrap();
    let res = api.send(req).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    String::from_utf8(res.body().to_vec()).unwrap()
}

/// The ids of the resources whose data the page sends after its HTML.
fn resource_ids(html: &str) -> Vec<u32> {
    let list = html
        .split("__PENDING_RESOURCES=[")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("the page's resource list");
    list.split(',')
        .filter(|id| !id.is_empty())
        .map(|id| id.parse().unwrap())
        .collect()
}

/// While the server renders, a `<Suspense>` builds what it holds more than
/// once. Each piece of the page's data must still be asked for exactly once
/// (the browser finds it by its position in the list), and asked for in the
/// request's context, however the renders interleave.
#[sqlx::test]
async fn the_messages_page_asks_for_each_piece_of_its_data_once(pool: PgPool) {
    let api = Api::new(pool);
    let seller = api.user("seller").await;
    let buyer = api.user("buyer").await;
    let listing = api.listing(&seller, "Oak table").await;
    let conversation = api.conversation(&buyer, &seller, Some(&listing)).await;
    api.send_message(&buyer, &conversation, "Is the oak table still there?")
        .await;
    let path = format!("/dashboard/messages?conversation={conversation}");
    for _ in 0..10 {
        let pages = futures::future::join_all((0..6).map(|_| page(&api, &path, &seller))).await;
        for html in pages {
            // The session, the unread count, the conversations, the open
            // conversation and the search (not asked for here).
            let ids = resource_ids(&html);
            assert_eq!(ids.len(), 5, "{ids:?}");
            assert!(
                !html.contains("internal_error"),
                "an internal error in the page"
            );
            let list = html.split("inbox-thread").next().unwrap();
            assert!(
                list.contains("Oak table"),
                "the list lacks the conversation"
            );
            assert!(html.contains("Is the oak table still there?"), "no thread");
        }
    }
}

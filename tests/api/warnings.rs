//! Scam warnings on the wire: decided when a message is sent, kept with
//! it, the same for both participants and in the inbox; this site's own
//! links raise nothing; a draft is checked without anything stored; the
//! moderators' list of repeat `payment` senders.

use crate::client::{Api, Session};
use http::StatusCode;
use serde_json::{json, Value};
use souk::server::moderators::Moderators;
use sqlx::PgPool;

async fn send(api: &Api, who: &Session, conversation: &str, content: &str) -> Value {
    api.send_message(who, conversation, content).await
}

#[sqlx::test]
async fn a_message_carries_its_warnings_for_both_sides(pool: PgPool) {
    let api = Api::with_public_origin(pool, "https://souk.example");
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;

    let flagged = send(
        &api,
        &bob,
        &conv,
        "Appelez-moi au 06 12 34 56 78, virement OK",
    )
    .await;
    assert_eq!(flagged["warnings"], json!(["phone", "payment"]));
    let plain = send(
        &api,
        &bob,
        &conv,
        "Le prix est de 1 500,00 €, rendez-vous le 12/03 à 18h30",
    )
    .await;
    assert_eq!(plain["warnings"], json!([]));
    let own = send(
        &api,
        &bob,
        &conv,
        "L'annonce : https://souk.example/listings/42",
    )
    .await;
    assert_eq!(own["warnings"], json!([]));
    let elsewhere = send(&api, &bob, &conv, "Photos : www.mes-photos.fr").await;
    assert_eq!(elsewhere["warnings"], json!(["link"]));

    let read = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&alice))
        .await;
    let warnings: Vec<&Value> = read.data()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["warnings"])
        .collect();
    assert_eq!(
        warnings,
        [
            &json!(["phone", "payment"]),
            &json!([]),
            &json!([]),
            &json!(["link"])
        ]
    );
    let listed = api.get("/api/messages/conversations", Some(&alice)).await;
    assert_eq!(listed.data()[0]["lastMessage"]["warnings"], json!(["link"]));
}

#[sqlx::test]
async fn a_draft_is_checked_and_nothing_is_stored(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    let checked = api
        .rpc(
            "draft_warnings",
            "content=Payez+par+western-union+ou+mail+moi+a.b%40free.fr",
            Some(&alice),
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_eq!(checked.body, json!(["email", "payment"]));
    let calm = api
        .rpc("draft_warnings", "content=Toujours+dispo+%3F", Some(&alice))
        .await;
    assert_eq!(calm.body, json!([]));
    assert_eq!(api.count("messages").await, 0);
    api.rpc("draft_warnings", "content=hello", None)
        .await
        .assert_rpc_error(401, "not_authenticated");
}

#[sqlx::test]
async fn moderators_see_who_asked_to_be_paid_off_the_site_three_times_in_a_day(pool: PgPool) {
    let api = Api::with_settings(pool, |state| {
        state.moderators = Moderators::parse("moderator@example.com");
    });
    let (alice, bob, carol) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Carol").await,
    );
    let moderator = api.user("Moderator").await;
    let with_bob = api.conversation(&alice, &bob, None).await;
    let with_carol = api.conversation(&alice, &carol, None).await;
    for text in ["Virement uniquement", "Mon RIB suit", "Western Union ?"] {
        send(&api, &bob, &with_bob, text).await;
    }
    send(&api, &carol, &with_carol, "Par virement ?").await;
    send(&api, &carol, &with_carol, "Mon IBAN suit").await;
    send(&api, &carol, &with_carol, "Appelez le 06 12 34 56 78").await; // not payment

    let listed = api
        .rpc("repeat_payment_senders", "", Some(&moderator))
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let names: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["user"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bob"], "Carol has two payment flags only");
    assert_eq!(listed.body[0]["flagged"], 3);
    api.rpc("repeat_payment_senders", "", Some(&alice))
        .await
        .assert_rpc_error(404, "not_found");
}

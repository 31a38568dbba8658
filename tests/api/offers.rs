//! Offers: the amount rules, one pending offer per conversation, answers
//! and who may give them, expiry without a job, the listing's status, the
//! limit, live delivery, and the races SPEC names, run concurrently many
//! times: exactly one side wins, the other gets 409.

use crate::client::{Api, Reply, Session};
use crate::live::Stream;
use futures::future::join_all;
use http::StatusCode;
use serde_json::{json, Value};
use souk::server::limits::{Bucket, Limit};
use sqlx::PgPool;

/// How many times each race is run.
const RACES: usize = 25;

/// A seller with a 10,00 € listing, a buyer and their conversation about it.
struct Deal {
    seller: Session,
    buyer: Session,
    listing: String,
    conversation: String,
}

async fn deal(api: &Api, seller: Session, buyer_name: &str) -> Deal {
    let buyer = api.user(buyer_name).await;
    let listing = api.listing(&seller, "Lampe").await;
    let conversation = api.conversation(&buyer, &seller, Some(&listing)).await;
    Deal {
        seller,
        buyer,
        listing,
        conversation,
    }
}

async fn offer(api: &Api, who: &Session, conversation: &str, cents: i64) -> Reply {
    api.post(
        &format!("/api/messages/conversations/{conversation}/offers"),
        json!({ "amountCents": cents }),
        Some(who),
    )
    .await
}

async fn answer(api: &Api, who: &Session, offer_id: &str, how: &str, body: Value) -> Reply {
    api.post(&format!("/api/offers/{offer_id}/{how}"), body, Some(who))
        .await
}

async fn counter(api: &Api, who: &Session, offer_id: &str, cents: i64) -> Reply {
    let body = json!({ "amountCents": cents });
    answer(api, who, offer_id, "counter", body).await
}

/// `who` sets the listing's status (only its seller may).
async fn mark(api: &Api, who: &Session, listing: &str, status: &str) -> Reply {
    let path = format!("/api/listings/{listing}/status");
    api.post(&path, json!({ "status": status }), Some(who))
        .await
}

fn offer_id(reply: &Reply) -> String {
    assert!(reply.status.is_success(), "{}", reply.body);
    reply.data()["offer"]["id"].as_str().unwrap().to_owned()
}

/// The conversation's messages as `who` reads them.
async fn thread(api: &Api, who: &Session, conversation: &str) -> Vec<Value> {
    let reply = api
        .get(
            &format!("/api/messages/conversations/{conversation}"),
            Some(who),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.data()["messages"].as_array().unwrap().clone()
}

fn steps(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .filter_map(|m| m["offerStep"].as_str().map(str::to_owned))
        .collect()
}

async fn listing_status(api: &Api, listing: &str) -> String {
    let reply = api.get(&format!("/api/listings/{listing}"), None).await;
    reply.data()["status"].as_str().unwrap().to_owned()
}

#[sqlx::test]
async fn an_opening_offer_is_at_least_half_the_price_below_it_and_alone(pool: PgPool) {
    let api = Api::new(pool);
    let d = deal(&api, api.user("Sam").await, "Bea").await;

    offer(&api, &d.buyer, &d.conversation, 499)
        .await
        .assert_error(400, "offer_too_low");
    offer(&api, &d.buyer, &d.conversation, 1000)
        .await
        .assert_error(400, "offer_too_high");
    offer(&api, &d.buyer, &d.conversation, 0)
        .await
        .assert_error(400, "offer_too_low");
    let made = offer(&api, &d.buyer, &d.conversation, 800).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let card = made.data();
    assert_eq!(card["offerStep"], "offered");
    assert_eq!(card["senderId"], d.buyer.id);
    assert_eq!(card["offer"]["amountCents"], 800);
    assert_eq!(card["offer"]["status"], "pending");
    assert_eq!(card["offer"]["byUserId"], d.buyer.id);
    let expires: chrono::DateTime<chrono::Utc> = card["offer"]["expiresAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let hours = (expires - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((47.9..=48.0).contains(&hours), "expires in {hours} h");

    // One pending offer per conversation, whoever makes the next.
    offer(&api, &d.buyer, &d.conversation, 700)
        .await
        .assert_error(409, "offer_pending");
    offer(&api, &d.seller, &d.conversation, 900)
        .await
        .assert_error(409, "offer_pending");

    // The list says it: its last message carries the offer.
    let list = api
        .get("/api/messages/conversations", Some(&d.seller))
        .await;
    let last = &list.data()[0]["lastMessage"];
    assert_eq!(last["offer"]["amountCents"], 800);
    assert_eq!(list.data()[0]["adStatus"], "available");
    assert_eq!(list.data()[0]["unreadCount"], 1);
}

#[sqlx::test]
async fn who_may_offer_and_answer(pool: PgPool) {
    let api = Api::new(pool);
    let d = deal(&api, api.user("Sam").await, "Bea").await;
    let eve = api.user("Eve").await;

    // Not a participant: as if it did not exist.
    offer(&api, &eve, &d.conversation, 800)
        .await
        .assert_error(404, "not_found");
    // A conversation about no listing.
    let plain = api.conversation(&d.buyer, &eve, None).await;
    offer(&api, &d.buyer, &plain, 800)
        .await
        .assert_error(409, "listing_not_available");

    let id = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
    for how in ["accept", "decline", "counter"] {
        answer(&api, &d.buyer, &id, how, json!({ "amountCents": 900 }))
            .await
            .assert_error(400, "cannot_answer_own_offer");
        answer(&api, &eve, &id, how, json!({ "amountCents": 900 }))
            .await
            .assert_error(404, "not_found");
    }
    answer(&api, &d.seller, &id, "withdraw", json!({}))
        .await
        .assert_error(403, "not_your_offer");
    answer(&api, &d.buyer, "not-a-uuid", "accept", json!({}))
        .await
        .assert_error(400, "invalid_id");
    answer(
        &api,
        &d.seller,
        &id,
        "counter",
        json!({ "amountCents": "cheap" }),
    )
    .await
    .assert_error(400, "invalid_field");

    // Blocked, a deal goes no further (but may be declined or withdrawn).
    api.post(
        &format!("/api/users/{}/block", d.buyer.id),
        json!({}),
        Some(&d.seller),
    )
    .await;
    for how in ["accept", "counter"] {
        answer(&api, &d.seller, &id, how, json!({ "amountCents": 900 }))
            .await
            .assert_error(403, "blocked");
    }
    offer(&api, &d.buyer, &d.conversation, 800)
        .await
        .assert_error(403, "blocked");
    api.delete(&format!("/api/users/{}/block", d.buyer.id), Some(&d.seller))
        .await;

    // Withdrawn, it is answered no more.
    let withdrawn = answer(&api, &d.buyer, &id, "withdraw", json!({})).await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    assert_eq!(withdrawn.data()["offer"]["status"], "withdrawn");
    answer(&api, &d.seller, &id, "accept", json!({}))
        .await
        .assert_error(409, "offer_not_pending");
    answer(&api, &d.buyer, &id, "withdraw", json!({}))
        .await
        .assert_error(409, "offer_not_pending");
    // The seller may open too.
    let opened = offer(&api, &d.seller, &d.conversation, 950).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
}

#[sqlx::test]
async fn a_haggle_ends_in_a_reserved_listing_told_in_the_thread(pool: PgPool) {
    let api = Api::new(pool);
    let d = deal(&api, api.user("Sam").await, "Bea").await;

    let first = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
    // A counter lies strictly between the last two amounts (800 and the
    // price, 1000).
    for (cents, code) in [(800, "offer_too_low"), (1000, "offer_too_high")] {
        counter(&api, &d.seller, &first, cents)
            .await
            .assert_error(400, code);
    }
    let countered = counter(&api, &d.seller, &first, 900).await;
    assert_eq!(countered.status, StatusCode::CREATED, "{}", countered.body);
    assert_eq!(countered.data()["offerStep"], "countered");
    assert_eq!(countered.data()["offer"]["byUserId"], d.seller.id);
    let second = offer_id(&countered);
    // Now between 800 and 900.
    for (cents, code) in [(800, "offer_too_low"), (900, "offer_too_high")] {
        counter(&api, &d.buyer, &second, cents)
            .await
            .assert_error(400, code);
    }
    let third = offer_id(&counter(&api, &d.buyer, &second, 850).await);
    let accepted = answer(&api, &d.seller, &third, "accept", json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert_eq!(accepted.data()["offer"]["id"], third);
    assert_eq!(accepted.data()["offer"]["status"], "accepted");
    assert_eq!(accepted.data()["offerStep"], "countered");

    let messages = thread(&api, &d.buyer, &d.conversation).await;
    assert_eq!(
        steps(&messages),
        ["offered", "countered", "countered", "accepted"]
    );
    let statuses: Vec<&str> = messages
        .iter()
        .map(|m| m["offer"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["countered", "countered", "accepted", "accepted"]);
    assert_eq!(listing_status(&api, &d.listing).await, "reserved");
    let conversation = api
        .get(
            &format!("/api/messages/conversations/{}", d.conversation),
            Some(&d.buyer),
        )
        .await;
    assert_eq!(conversation.data()["adStatus"], "reserved");
    // Reserved: no more offers, and an answered offer stays answered.
    offer(&api, &d.buyer, &d.conversation, 700)
        .await
        .assert_error(409, "listing_not_available");
    answer(&api, &d.seller, &third, "decline", json!({}))
        .await
        .assert_error(409, "offer_not_pending");
}

#[sqlx::test]
async fn accepting_declines_the_listings_other_offers_and_the_seller_sets_its_status(pool: PgPool) {
    let api = Api::new(pool);
    let d = deal(&api, api.user("Sam").await, "Bea").await;
    let other = api.user("Tom").await;
    let rival = api.conversation(&other, &d.seller, Some(&d.listing)).await;
    let mine = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
    let theirs = offer_id(&offer(&api, &other, &rival, 700).await);

    let accepted = answer(&api, &d.seller, &mine, "accept", json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let rival_thread = thread(&api, &other, &rival).await;
    assert_eq!(steps(&rival_thread), ["offered", "declined"]);
    assert_eq!(rival_thread[1]["senderId"], d.seller.id);
    assert_eq!(rival_thread[0]["offer"]["id"], theirs);
    assert_eq!(rival_thread[0]["offer"]["status"], "declined");
    let rival_view = api
        .get(
            &format!("/api/messages/conversations/{rival}"),
            Some(&other),
        )
        .await;
    assert_eq!(rival_view.data()["adStatus"], "reserved");

    // Only the seller has a say on the listing's status.
    for who in [&d.buyer, &other] {
        mark(&api, who, &d.listing, "available")
            .await
            .assert_error(404, "not_found");
    }
    mark(&api, &d.seller, &d.listing, "gone")
        .await
        .assert_error(400, "invalid_field");
    let again = mark(&api, &d.seller, &d.listing, "available").await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.data()["status"], "available");
    let retry = offer_id(&offer(&api, &other, &rival, 750).await);
    let sold = mark(&api, &d.seller, &d.listing, "sold").await;
    assert_eq!(sold.data()["status"], "sold");
    // Sold: the pending offer was declined with a line.
    let rival_thread = thread(&api, &other, &rival).await;
    assert_eq!(rival_thread.last().unwrap()["offer"]["id"], retry);
    assert_eq!(rival_thread.last().unwrap()["offerStep"], "declined");
    assert_eq!(listing_status(&api, &d.listing).await, "sold");
}

/// The home page's card of a listing, as `who` gets it.
async fn home_card(api: &Api, who: &Session, listing: &str) -> String {
    let html = api.page("/", who).await;
    let after = html
        .split(&format!("href=\"/listings/{listing}\""))
        .nth(1)
        .expect("the listing's card");
    after.split("</li>").next().unwrap().to_owned()
}

#[sqlx::test]
async fn the_newest_listings_say_reserved_and_sold_on_their_cards(pool: PgPool) {
    let api = Api::new(pool);
    let d = deal(&api, api.user("Sam").await, "Bea").await;
    assert!(!home_card(&api, &d.buyer, &d.listing)
        .await
        .contains("listing-status-tag"));
    mark(&api, &d.seller, &d.listing, "reserved").await;
    let card = home_card(&api, &d.buyer, &d.listing).await;
    assert!(card.contains("\"listing-status-tag\">Reserved"), "{card}");
    mark(&api, &d.seller, &d.listing, "sold").await;
    let card = home_card(&api, &d.buyer, &d.listing).await;
    assert!(card.contains("\"listing-status-tag sold\">Sold"), "{card}");
}

#[sqlx::test]
async fn an_offer_past_48_hours_reads_expired_before_housekeeping_marks_it(pool: PgPool) {
    let api = Api::new(pool.clone());
    let d = deal(&api, api.user("Sam").await, "Bea").await;
    let id = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
    sqlx::query("UPDATE offers SET expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    let messages = thread(&api, &d.seller, &d.conversation).await;
    assert_eq!(messages[0]["offer"]["status"], "expired");
    answer(&api, &d.seller, &id, "accept", json!({}))
        .await
        .assert_error(409, "offer_not_pending");

    // Housekeeping stores it, with its line, once.
    assert_eq!(
        souk::server::services::offers::expire_due(&pool)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        souk::server::services::offers::expire_due(&pool)
            .await
            .unwrap(),
        0
    );
    let messages = thread(&api, &d.seller, &d.conversation).await;
    assert_eq!(steps(&messages), ["offered", "expired"]);
    // Nobody has the line to read.
    let list = api.get("/api/messages/conversations", Some(&d.buyer)).await;
    assert_eq!(list.data()[0]["unreadCount"], 0);

    // A new offer in the conversation marks one that is due first.
    let next = offer_id(&offer(&api, &d.buyer, &d.conversation, 700).await);
    sqlx::query("UPDATE offers SET expires_at = now() - interval '1 second' WHERE id = $1::uuid")
        .bind(&next)
        .execute(&pool)
        .await
        .unwrap();
    let made = offer(&api, &d.buyer, &d.conversation, 750).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let messages = thread(&api, &d.seller, &d.conversation).await;
    assert_eq!(
        steps(&messages),
        ["offered", "expired", "offered", "expired", "offered"]
    );
}

#[sqlx::test]
async fn a_client_id_makes_one_offer_however_often_it_is_sent(pool: PgPool) {
    let api = Api::new(pool);
    let d = deal(&api, api.user("Sam").await, "Bea").await;
    let body = json!({ "amountCents": 800, "clientId": uuid::Uuid::new_v4() });
    let path = format!("/api/messages/conversations/{}/offers", d.conversation);
    let replies = join_all((0..10).map(|_| {
        let (api, buyer, body, path) = (api.clone(), d.buyer.clone(), body.clone(), path.clone());
        tokio::spawn(async move { api.post(&path, body, Some(&buyer)).await })
    }))
    .await;
    let replies: Vec<Reply> = replies.into_iter().map(Result::unwrap).collect();
    let created = replies
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        created,
        1,
        "{:?}",
        replies.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    let ids: Vec<&Value> = replies.iter().map(|r| &r.data()["id"]).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "one message: {ids:?}");
    assert_eq!(api.count("offers").await, 1);
}

#[sqlx::test]
async fn offers_reach_the_other_side_live(pool: PgPool) {
    let api = Api::live(pool).await;
    let d = deal(&api, api.user("Sam").await, "Bea").await;
    let mut stream = Stream::open(&api, &d.seller, None).await;
    let id = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
    let heard = stream.until("message").await;
    assert_eq!(heard.data["offer"]["id"], id);
    assert_eq!(heard.data["offerStep"], "offered");

    let mut buyer_stream = Stream::open(&api, &d.buyer, None).await;
    answer(&api, &d.seller, &id, "accept", json!({})).await;
    let heard = buyer_stream.until("message").await;
    assert_eq!(heard.data["offerStep"], "accepted");
    assert_eq!(heard.data["offer"]["status"], "accepted");
    let changed = buyer_stream.until("conversation").await;
    assert_eq!(changed.data["adStatus"], "reserved");
}

#[sqlx::test]
async fn the_offer_limit_holds(pool: PgPool) {
    let api = Api::with_settings(pool, |state| {
        state
            .limits
            .set(Bucket::OfferUser, Limit::parse("2/86400").unwrap());
    });
    let d = deal(&api, api.user("Sam").await, "Bea").await;
    for _ in 0..2 {
        let id = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
        answer(&api, &d.buyer, &id, "withdraw", json!({})).await;
    }
    offer(&api, &d.buyer, &d.conversation, 800)
        .await
        .assert_error(429, "rate_limited");
}

/// Runs `a` and `b` at once; returns their statuses and error codes.
async fn race(
    api: &Api,
    a: (Session, String, Value),
    b: (Session, String, Value),
) -> [(StatusCode, String); 2] {
    let run = |(who, path, body): (Session, String, Value)| {
        let api = api.clone();
        tokio::spawn(async move { api.post(&path, body, Some(&who)).await })
    };
    let (a, b) = (run(a), run(b));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    [a, b].map(|r| {
        let code = r.body["code"].as_str().unwrap_or_default().to_owned();
        (r.status, code)
    })
}

/// One winner, and a 409 for the other: `if_first_won` when the first
/// won, else `if_second_won`.
fn one_wins(outcome: &[(StatusCode, String); 2], if_first_won: &str, if_second_won: &str) {
    let conflict = |(status, code): &(StatusCode, String), expected: &str| {
        *status == StatusCode::CONFLICT && code == expected
    };
    let first_won = outcome[0].0.is_success() && conflict(&outcome[1], if_first_won);
    let second_won = outcome[1].0.is_success() && conflict(&outcome[0], if_second_won);
    assert!(first_won || second_won, "{outcome:?}");
}

#[sqlx::test]
async fn accept_against_withdraw_one_wins(pool: PgPool) {
    let api = Api::new(pool);
    let seller = api.user("Sam").await;
    for round in 0..RACES {
        let d = deal(&api, seller.clone(), &format!("Bea{round}")).await;
        let id = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
        let outcome = race(
            &api,
            (
                d.seller.clone(),
                format!("/api/offers/{id}/accept"),
                json!({}),
            ),
            (
                d.buyer.clone(),
                format!("/api/offers/{id}/withdraw"),
                json!({}),
            ),
        )
        .await;
        one_wins(&outcome, "offer_not_pending", "offer_not_pending");
        let status = listing_status(&api, &d.listing).await;
        let accepted = outcome[0].0.is_success();
        assert_eq!(status, if accepted { "reserved" } else { "available" });
    }
}

#[sqlx::test]
async fn two_accepts_on_one_listing_one_wins(pool: PgPool) {
    let api = Api::new(pool);
    let seller = api.user("Sam").await;
    for round in 0..RACES {
        let d = deal(&api, seller.clone(), &format!("Bea{round}")).await;
        let other = api.user(&format!("Tom{round}")).await;
        let rival = api.conversation(&other, &seller, Some(&d.listing)).await;
        let mine = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
        let theirs = offer_id(&offer(&api, &other, &rival, 700).await);
        let outcome = race(
            &api,
            (
                seller.clone(),
                format!("/api/offers/{mine}/accept"),
                json!({}),
            ),
            (
                seller.clone(),
                format!("/api/offers/{theirs}/accept"),
                json!({}),
            ),
        )
        .await;
        one_wins(&outcome, "listing_not_available", "listing_not_available");
    }
    // Each listing was reserved once: one accepted offer each.
    let accepted: i64 = sqlx::query_scalar("SELECT count(*) FROM offers WHERE status = 'accepted'")
        .fetch_one(&api.pool())
        .await
        .unwrap();
    assert_eq!(accepted, RACES as i64);
}

#[sqlx::test]
async fn a_counter_against_an_accept_one_wins(pool: PgPool) {
    let api = Api::new(pool);
    let seller = api.user("Sam").await;
    for round in 0..RACES {
        let d = deal(&api, seller.clone(), &format!("Bea{round}")).await;
        let id = offer_id(&offer(&api, &d.buyer, &d.conversation, 800).await);
        let outcome = race(
            &api,
            (
                seller.clone(),
                format!("/api/offers/{id}/accept"),
                json!({}),
            ),
            (
                seller.clone(),
                format!("/api/offers/{id}/counter"),
                json!({ "amountCents": 900 }),
            ),
        )
        .await;
        // Accepted, the listing is gone for the counter; countered, the
        // offer is answered for the accept.
        one_wins(&outcome, "listing_not_available", "offer_not_pending");
        let pending: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM offers WHERE status = 'pending' AND conversation_id = $1::uuid",
        )
        .bind(&d.conversation)
        .fetch_one(&api.pool())
        .await
        .unwrap();
        // The counter's offer stands only if the counter won.
        assert_eq!(pending, if outcome[1].0.is_success() { 1 } else { 0 });
    }
}

use crate::client::Api;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn a_listing_is_created_and_read_back(pool: PgPool) {
    let api = Api::new(pool);
    let sam = api.user("Sam").await;
    let created = api
        .post(
            "/api/listings",
            json!({"title": " Lamp ", "description": "Nice", "priceCents": 4250}),
            Some(&sam),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let listing = created.data();
    assert_eq!(listing["title"], "Lamp");
    assert_eq!(listing["priceCents"], 4250);
    assert_eq!(listing["seller"], json!({"id": sam.id, "name": "Sam"}));
    assert!(listing["createdAt"].is_string());

    let id = listing["id"].as_str().unwrap();
    let fetched = api.get(&format!("/api/listings/{id}"), None).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.data(), listing);
}

#[sqlx::test]
async fn listings_are_newest_first(pool: PgPool) {
    let api = Api::new(pool);
    let sam = api.user("Sam").await;
    for title in ["first", "second", "third"] {
        api.listing(&sam, title).await;
    }
    let all = api.get("/api/listings", None).await;
    let titles: Vec<&str> = all
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["third", "second", "first"]);
}

#[sqlx::test]
async fn creating_a_listing_needs_a_login_and_valid_fields(pool: PgPool) {
    let api = Api::new(pool);
    api.post(
        "/api/listings",
        json!({"title": "x", "description": "", "priceCents": 1}),
        None,
    )
    .await
    .assert_error(401, "not_authenticated");
    let sam = api.user("Sam").await;
    let cases = [
        (
            json!({"title": "", "description": "", "priceCents": 1}),
            "invalid_title",
        ),
        (
            json!({"title": "t".repeat(121), "description": "", "priceCents": 1}),
            "invalid_title",
        ),
        (
            json!({"title": "t", "description": "d".repeat(5001), "priceCents": 1}),
            "invalid_description",
        ),
        (
            json!({"title": "t", "description": "", "priceCents": -1}),
            "invalid_price",
        ),
        (
            json!({"title": "t", "description": "", "priceCents": "12"}),
            "invalid_field",
        ),
        (json!({"title": "t", "description": ""}), "invalid_field"),
    ];
    for (body, code) in cases {
        api.post("/api/listings", body, Some(&sam))
            .await
            .assert_error(400, code);
    }
    let title_120 = "é".repeat(120);
    let ok = api
        .post(
            "/api/listings",
            json!({"title": title_120, "description": "", "priceCents": 0}),
            Some(&sam),
        )
        .await;
    assert_eq!(
        ok.status,
        StatusCode::CREATED,
        "120 characters fit, whatever their bytes"
    );
}

#[sqlx::test]
async fn an_unknown_or_malformed_listing_id(pool: PgPool) {
    let api = Api::new(pool);
    api.get(&format!("/api/listings/{}", uuid::Uuid::new_v4()), None)
        .await
        .assert_error(404, "not_found");
    api.get("/api/listings/not-a-uuid", None)
        .await
        .assert_error(400, "invalid_id");
}

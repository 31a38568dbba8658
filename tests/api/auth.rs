use crate::client::{session_from, Api};
use http::{Method, StatusCode};
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn register_returns_the_user_and_a_session_cookie(pool: PgPool) {
    let api = Api::new(pool);
    let reply = api
        .post(
            "/api/auth/register",
            json!({"email": "Zoe@Example.com", "password": "password123", "name": " Zoé "}),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let user = reply.data();
    assert_eq!(user["email"], "Zoe@Example.com");
    assert_eq!(user["name"], "Zoé", "names are trimmed");
    assert!(user["id"].as_str().unwrap().parse::<uuid::Uuid>().is_ok());
    assert!(
        user["createdAt"].as_str().unwrap().ends_with('Z'),
        "RFC 3339 UTC"
    );
    assert!(user.get("passwordHash").is_none() && user.get("password_hash").is_none());
    let cookie = reply.set_cookie.as_deref().unwrap();
    for attribute in [
        "souk_session=",
        "HttpOnly",
        "SameSite=Lax",
        "Path=/",
        "Max-Age=",
    ] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing from {cookie}"
        );
    }
    assert!(!cookie.contains("Secure"), "plain http is not Secure");

    let me = api
        .get("/api/auth/me", Some(&session_from(&reply, "Zoé")))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.data()["email"], "Zoe@Example.com");
}

#[sqlx::test]
async fn the_cookie_is_secure_behind_https(pool: PgPool) {
    let api = Api::new(pool);
    let reply = api
        .raw_with_header(
            "/api/auth/register",
            r#"{"email":"s@example.com","password":"password123","name":"S"}"#,
            ("x-forwarded-proto", "https"),
        )
        .await;
    assert!(reply.set_cookie.unwrap().contains("; Secure"));
}

#[sqlx::test]
async fn emails_are_unique_whatever_their_case(pool: PgPool) {
    let api = Api::new(pool);
    api.user("Ana").await;
    let again = api
        .post(
            "/api/auth/register",
            json!({"email": "ANA@example.COM", "password": "password123", "name": "Other"}),
            None,
        )
        .await;
    again.assert_error(409, "email_taken");
}

#[sqlx::test]
async fn registration_rejects_bad_input(pool: PgPool) {
    let api = Api::new(pool);
    let cases = [
        (
            json!({"email": "a@example.com", "password": "short", "name": "A"}),
            "weak_password",
        ),
        (
            json!({"email": "not-an-email", "password": "password123", "name": "A"}),
            "invalid_email",
        ),
        (
            json!({"email": "a@example.com", "password": "password123", "name": "  "}),
            "invalid_name",
        ),
        (
            json!({"email": "a@example.com", "password": "password123"}),
            "invalid_field",
        ),
        (
            json!({"email": 5, "password": "password123", "name": "A"}),
            "invalid_field",
        ),
    ];
    for (body, code) in cases {
        api.post("/api/auth/register", body, None)
            .await
            .assert_error(400, code);
    }
    api.raw(
        Method::POST,
        "/api/auth/register",
        Some("{nope"),
        None,
        true,
    )
    .await
    .assert_error(400, "invalid_json");
    api.raw(Method::POST, "/api/auth/register", Some("{}"), None, false)
        .await
        .assert_error(400, "invalid_content_type");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&api.pool())
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing stored from bad input");
}

#[sqlx::test]
async fn login_checks_the_pair_case_insensitively(pool: PgPool) {
    let api = Api::new(pool);
    api.user("Lea").await;
    let ok = api
        .post(
            "/api/auth/login",
            json!({"email": "LEA@example.com", "password": "password123"}),
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.data()["name"], "Lea");
    assert!(ok.set_cookie.is_some());

    let wrong = api
        .post(
            "/api/auth/login",
            json!({"email": "lea@example.com", "password": "password124"}),
            None,
        )
        .await;
    wrong.assert_error(401, "invalid_credentials");
    let unknown = api
        .post(
            "/api/auth/login",
            json!({"email": "nobody@example.com", "password": "password123"}),
            None,
        )
        .await;
    unknown.assert_error(401, "invalid_credentials");
    assert_eq!(
        wrong.body["error"], unknown.body["error"],
        "no hint which one was wrong"
    );
    api.post("/api/auth/login", json!({"email": "lea@example.com"}), None)
        .await
        .assert_error(400, "invalid_field");
}

#[sqlx::test]
async fn me_without_or_with_a_bad_cookie_is_401(pool: PgPool) {
    let api = Api::new(pool);
    let anonymous = api.get("/api/auth/me", None).await;
    anonymous.assert_error(401, "not_authenticated");
    assert_eq!(anonymous.body["error"], "Not authenticated");
    api.request(
        Method::GET,
        "/api/auth/me",
        None,
        Some("souk_session=forged"),
    )
    .await
    .assert_error(401, "not_authenticated");
}

#[sqlx::test]
async fn logout_ends_the_session(pool: PgPool) {
    let api = Api::new(pool);
    let lea = api.user("Lea").await;
    let out = api.post("/api/auth/logout", json!({}), Some(&lea)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
    api.get("/api/auth/me", Some(&lea))
        .await
        .assert_error(401, "not_authenticated");
    // Logging out again is harmless.
    assert_eq!(
        api.post("/api/auth/logout", json!({}), Some(&lea))
            .await
            .status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn expired_sessions_are_refused(pool: PgPool) {
    let api = Api::new(pool.clone());
    let lea = api.user("Lea").await;
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    api.get("/api/auth/me", Some(&lea))
        .await
        .assert_error(401, "not_authenticated");
}

#[sqlx::test]
async fn unknown_api_paths_get_a_json_404(pool: PgPool) {
    let api = Api::new(pool);
    api.get("/api/nope", None)
        .await
        .assert_error(404, "unknown_endpoint");
}

#[sqlx::test]
async fn expired_sessions_are_purged_and_live_ones_kept(pool: PgPool) {
    let api = Api::new(pool.clone());
    let alice = api.user("Alice").await;
    api.user("Bob").await;
    sqlx::query(
        "UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id <> $1::uuid",
    )
    .bind(&alice.id)
    .execute(&pool)
    .await
    .unwrap();
    let purged = souk::server::services::accounts::purge_expired_sessions(&pool)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(
        api.get("/api/auth/me", Some(&alice)).await.status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn logging_out_everywhere_ends_every_session_of_the_user_only(pool: PgPool) {
    let api = Api::new(pool);
    let phone = api.user("Alice").await;
    let laptop_login = api
        .post(
            "/api/auth/login",
            json!({"email": "alice@example.com", "password": "password123"}),
            None,
        )
        .await;
    let laptop = session_from(&laptop_login, "Alice");
    let bob = api.user("Bob").await;
    let reply = api
        .request(
            Method::POST,
            "/api/auth/logout-everywhere",
            None,
            Some(&laptop.cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    for session in [&phone, &laptop] {
        api.get("/api/auth/me", Some(session))
            .await
            .assert_error(401, "not_authenticated");
    }
    assert_eq!(
        api.get("/api/auth/me", Some(&bob)).await.status,
        StatusCode::OK
    );
}

//! Web Push: subscriptions (and bad ones), and pushes as a push service
//! receives them: encrypted for the browser (RFC 8291), signed with VAPID
//! (RFC 8292), with a TTL; a 410 forgets the subscription.

use crate::client::{Api, Session};
use axum::body::Bytes;
use axum::extract::State;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http::{HeaderMap, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
use web_push_native::jwt_simple::prelude::*;
use web_push_native::p256;

/// A browser's side of a subscription: its key pair and secret.
struct Browser {
    secret: p256::SecretKey,
    auth: [u8; 16],
}

impl Browser {
    fn new() -> Self {
        let mut auth = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut auth);
        Self {
            secret: p256::SecretKey::random(&mut rand::rngs::OsRng),
            auth,
        }
    }

    /// `PushSubscription.toJSON()` for `endpoint`.
    fn subscription(&self, endpoint: &str) -> Value {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        let public = self.secret.public_key().to_encoded_point(false);
        json!({
            "endpoint": endpoint,
            "expirationTime": null,
            "keys": {
                "p256dh": URL_SAFE_NO_PAD.encode(public.as_bytes()),
                "auth": URL_SAFE_NO_PAD.encode(self.auth),
            }
        })
    }

    fn decrypt(&self, body: &[u8]) -> Value {
        let auth = web_push_native::Auth::clone_from_slice(&self.auth);
        let plain = web_push_native::decrypt(body.to_vec(), &self.secret, &auth)
            .expect("the payload decrypts with the subscription's keys");
        serde_json::from_slice(&plain).unwrap()
    }
}

/// What a push service received.
#[derive(Clone, Debug)]
struct Received {
    headers: HeaderMap,
    body: Bytes,
}

/// A push service on loopback that answers every push with `status`.
struct PushService {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl PushService {
    async fn start(status: StatusCode) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let app = axum::Router::new()
            .route(
                "/push/{id}",
                axum::routing::post(
                    |State((log, status)): State<(Arc<Mutex<Vec<Received>>>, StatusCode)>,
                     headers: HeaderMap,
                     body: Bytes| async move {
                        log.lock().unwrap().push(Received { headers, body });
                        status
                    },
                ),
            )
            .with_state((received.clone(), status));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, received }
    }

    fn endpoint(&self, id: &str) -> String {
        format!("{}/push/{id}", self.url)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn subscribe(api: &Api, who: &Session, subscription: Value) -> crate::client::Reply {
    api.post("/api/push/subscriptions", subscription, Some(who))
        .await
}

async fn message_id(api: &Api, from: &Session, conversation: &str, text: &str) -> uuid::Uuid {
    let message = api.send_message(from, conversation, text).await;
    message["id"].as_str().unwrap().parse().unwrap()
}

async fn push(api: &Api, to: &Session, message: uuid::Uuid) {
    let to: uuid::Uuid = to.id.parse().unwrap();
    souk::server::jobs::push_message(&api.pool(), &api.state().notify, to, message).await;
}

#[sqlx::test]
async fn a_push_is_encrypted_for_the_browser_and_signed(pool: PgPool) {
    let api = Api::new(pool);
    let service = PushService::start(StatusCode::CREATED).await;
    let alice = api.user("Alice").await;
    let bob = api.user("Bob").await;
    let listing = api.listing(&alice, "Camping tent").await;
    let conversation = api.conversation(&bob, &alice, Some(&listing)).await;
    let browser = Browser::new();
    let reply = subscribe(&api, &alice, browser.subscription(&service.endpoint("a1"))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);

    let key = api.get("/api/push/vapid-public-key", None).await;
    let vapid_key = key.data()["key"].as_str().unwrap().to_owned();

    let message = message_id(
        &api,
        &bob,
        &conversation,
        "Is the tent still available?\nThanks",
    )
    .await;
    push(&api, &alice, message).await;

    let received = service.received();
    assert_eq!(received.len(), 1);
    let push = &received[0];
    assert_eq!(push.headers["content-encoding"], "aes128gcm");
    let ttl: u64 = push.headers["ttl"].to_str().unwrap().parse().unwrap();
    assert!(ttl > 0 && ttl <= 86_400, "TTL {ttl}");

    // Authorization: vapid t=<JWT signed by the server's key>, k=<that key>.
    let authorization = push.headers["authorization"].to_str().unwrap();
    let rest = authorization.strip_prefix("vapid t=").expect(authorization);
    let (token, k) = rest.split_once(", k=").expect(authorization);
    assert_eq!(k, vapid_key);
    let public = ES256PublicKey::from_bytes(&URL_SAFE_NO_PAD.decode(k).unwrap()).unwrap();
    let options = VerificationOptions {
        allowed_audiences: Some(std::collections::HashSet::from([service.url.clone()])),
        ..Default::default()
    };
    let claims = public
        .verify_token::<NoCustomClaims>(token, Some(options))
        .expect("the VAPID token verifies, for the push service's origin");
    assert_eq!(claims.subject.as_deref(), Some("mailto:ops@souk.test"));
    let expires = claims.expires_at.unwrap().as_secs();
    let now = Clock::now_since_epoch().as_secs();
    assert!(
        expires > now && expires <= now + 86_400,
        "VAPID exp within a day"
    );

    let payload = browser.decrypt(&push.body);
    assert_eq!(payload["title"], "Bob · Camping tent");
    assert_eq!(payload["body"], "Is the tent still available?");
    assert_eq!(payload["tag"], format!("conversation-{conversation}"));
    assert_eq!(
        payload["url"],
        format!("/dashboard/messages?conversation={conversation}")
    );
    assert_eq!(payload["icon"], "/icon-192.png");
}

#[sqlx::test]
async fn a_gone_subscription_is_forgotten(pool: PgPool) {
    let api = Api::new(pool);
    let gone = PushService::start(StatusCode::GONE).await;
    let alive = PushService::start(StatusCode::CREATED).await;
    let alice = api.user("Alice").await;
    let bob = api.user("Bob").await;
    let conversation = api.conversation(&bob, &alice, None).await;
    for endpoint in [gone.endpoint("old"), alive.endpoint("new")] {
        let reply = subscribe(&api, &alice, Browser::new().subscription(&endpoint)).await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let message = message_id(&api, &bob, &conversation, "hello").await;
    push(&api, &alice, message).await;
    assert_eq!(gone.received().len(), 1);
    assert_eq!(alive.received().len(), 1);
    let left: Vec<String> = sqlx::query_scalar("SELECT endpoint FROM push_subscriptions")
        .fetch_all(&api.pool())
        .await
        .unwrap();
    assert_eq!(left, vec![alive.endpoint("new")]);
}

#[sqlx::test]
async fn no_push_to_whoever_is_on_the_site_blocked_or_the_sender(pool: PgPool) {
    let api = Api::new(pool);
    let service = PushService::start(StatusCode::CREATED).await;
    let alice = api.user("Alice").await;
    let bob = api.user("Bob").await;
    let conversation = api.conversation(&bob, &alice, None).await;
    for (who, id) in [(&alice, "alice"), (&bob, "bob")] {
        subscribe(
            &api,
            who,
            Browser::new().subscription(&service.endpoint(id)),
        )
        .await;
    }
    // The sender gets no push for their own message.
    let message = message_id(&api, &bob, &conversation, "one").await;
    push(&api, &bob, message).await;
    assert!(service.received().is_empty());

    // Alice has a page open.
    let alice_id: uuid::Uuid = alice.id.parse().unwrap();
    souk::server::services::presence::record_seen(&api.pool(), &[alice_id])
        .await
        .unwrap();
    push(&api, &alice, message).await;
    assert!(service.received().is_empty());

    // Alice is away, but blocks Bob.
    sqlx::query("UPDATE users SET last_seen_at = NULL")
        .execute(&api.pool())
        .await
        .unwrap();
    let block = format!("/api/users/{}/block", bob.id);
    api.post(&block, json!({}), Some(&alice)).await;
    push(&api, &alice, message).await;
    assert!(service.received().is_empty());
}

#[sqlx::test]
async fn a_new_message_is_pushed_by_the_worker_off_the_request(pool: PgPool) {
    let api = Api::live(pool).await;
    let service = PushService::start(StatusCode::CREATED).await;
    let alice = api.user("Alice").await;
    let bob = api.user("Bob").await;
    let conversation = api.conversation(&bob, &alice, None).await;
    let browser = Browser::new();
    subscribe(&api, &alice, browser.subscription(&service.endpoint("a"))).await;
    let state = api.state().clone();
    tokio::spawn(souk::server::jobs::push_worker(
        state.pool.clone(),
        state.live.clone(),
        state.notify.clone(),
    ));
    // The worker listens before the message is sent.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    api.send_message(&bob, &conversation, "pushed").await;
    let started = std::time::Instant::now();
    while service.received().is_empty() {
        assert!(started.elapsed().as_secs() < 10, "no push arrived");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        browser.decrypt(&service.received()[0].body)["body"],
        "pushed"
    );
}

#[sqlx::test]
async fn bad_subscriptions_are_refused_and_nothing_is_stored(pool: PgPool) {
    // Pushes limited to public https addresses, as in production.
    let api = Api::with_settings(pool, |state| {
        let config = souk::server::notify::PushConfig {
            private_key: None,
            key_file: std::env::temp_dir()
                .join(format!("souk-test-vapid-{}", uuid::Uuid::new_v4()))
                .join("key"),
            subject: "mailto:ops@souk.test".to_owned(),
            allow_insecure: false,
        };
        state.notify.push = souk::server::notify::PushSender::new(&config).unwrap();
    });
    let alice = api.user("Alice").await;
    let good = Browser::new().subscription("https://fcm.googleapis.com/fcm/send/abc");
    let mut missing_key = good.clone();
    missing_key["keys"].as_object_mut().unwrap().remove("auth");
    let mut bad_base64 = good.clone();
    bad_base64["keys"]["p256dh"] = json!("not base64!!");
    let mut short_key = good.clone();
    short_key["keys"]["p256dh"] = json!(URL_SAFE_NO_PAD.encode([4u8; 33]));
    let mut short_auth = good.clone();
    short_auth["keys"]["auth"] = json!(URL_SAFE_NO_PAD.encode([1u8; 8]));
    let mut private = good.clone();
    private["endpoint"] = json!("https://192.168.1.20/push/x");
    let mut loopback = good.clone();
    loopback["endpoint"] = json!("http://127.0.0.1:8080/push");
    let mut not_url = good.clone();
    not_url["endpoint"] = json!("push me");
    for (body, code) in [
        (missing_key, "invalid_field"),
        (
            json!({"endpoint": "https://fcm.googleapis.com/x"}),
            "invalid_field",
        ),
        (bad_base64, "invalid_subscription"),
        (short_key, "invalid_subscription"),
        (short_auth, "invalid_subscription"),
        (private, "invalid_push_endpoint"),
        (loopback, "invalid_push_endpoint"),
        (not_url, "invalid_push_endpoint"),
    ] {
        subscribe(&api, &alice, body.clone())
            .await
            .assert_error(400, code);
    }
    api.raw(
        http::Method::POST,
        "/api/push/subscriptions",
        Some("{"),
        Some(&alice.cookie),
        true,
    )
    .await
    .assert_error(400, "invalid_json");
    assert_eq!(api.count("push_subscriptions").await, 0);

    // Logged out: 401. The good one is stored.
    subscribe(
        &api,
        &Session {
            cookie: String::new(),
            ..alice.clone()
        },
        good.clone(),
    )
    .await
    .assert_error(401, "not_authenticated");
    assert_eq!(
        subscribe(&api, &alice, good).await.status,
        StatusCode::CREATED
    );
    assert_eq!(api.count("push_subscriptions").await, 1);
}

#[sqlx::test]
async fn unsubscribing_and_logging_out_remove_the_browser(pool: PgPool) {
    let api = Api::new(pool);
    let service = PushService::start(StatusCode::CREATED).await;
    let alice = api.user("Alice").await;
    // Two browsers: this session's, and another one.
    let other = crate::client::session_from(
        &api.post(
            "/api/auth/login",
            json!({"email": "alice@example.com", "password": "password123"}),
            None,
        )
        .await,
        "Alice",
    );
    subscribe(
        &api,
        &alice,
        Browser::new().subscription(&service.endpoint("1")),
    )
    .await;
    subscribe(
        &api,
        &other,
        Browser::new().subscription(&service.endpoint("2")),
    )
    .await;
    // Subscribing again replaces the row.
    subscribe(
        &api,
        &other,
        Browser::new().subscription(&service.endpoint("2")),
    )
    .await;
    assert_eq!(api.count("push_subscriptions").await, 2);

    let reply = api
        .request(
            http::Method::DELETE,
            "/api/push/subscriptions",
            Some(json!({"endpoint": service.endpoint("2")})),
            Some(&other.cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(api.count("push_subscriptions").await, 1);

    api.post("/api/auth/logout", json!({}), Some(&alice)).await;
    assert_eq!(api.count("push_subscriptions").await, 0);
}

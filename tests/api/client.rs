//! A small client that drives the real axum router in-process.

use axum::body::Body;
use axum::Router;
use http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use souk::server::AppState;
use sqlx::PgPool;
use tower::ServiceExt;

#[derive(Clone)]
pub struct Api {
    router: Router,
    pool: PgPool,
    state: AppState,
    /// Where this site's emails are written (`.eml` files).
    mail_dir: std::path::PathBuf,
}

/// A response: status and the JSON envelope.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub set_cookie: Option<String>,
    /// The `Retry-After` header, in seconds.
    pub retry_after: Option<u64>,
}

impl Reply {
    /// `data` of a success envelope; panics with the body otherwise.
    pub fn data(&self) -> &Value {
        assert_eq!(
            self.body["success"],
            json!(true),
            "not a success: {}",
            self.body
        );
        &self.body["data"]
    }

    /// Asserts an error envelope with this status and code.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.body["success"], json!(false), "body: {}", self.body);
        self.assert_rpc_error(status, code);
    }

    /// Asserts a server function's error: this status, and a body with
    /// this code and a sentence.
    pub fn assert_rpc_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.body["code"], json!(code), "body: {}", self.body);
        let sentence = self.body["error"].as_str().unwrap_or_default();
        assert!(
            !sentence.is_empty(),
            "an error needs a sentence: {}",
            self.body
        );
    }
}

/// A logged-in user: their id and session cookie.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    pub name: String,
    pub cookie: String,
}

/// A directory of its own under the system's temporary directory.
fn test_dir(what: &str) -> std::path::PathBuf {
    std::env::temp_dir()
        .join(format!("souk-test-{what}"))
        .join(uuid::Uuid::new_v4().to_string())
}

/// Attachment storage in a directory of its own.
fn test_media() -> souk::server::media::Media {
    use souk::server::media::{Media, Storage, StorageConfig};
    Media::new(Storage::open(&StorageConfig::Local(test_dir("files"))).unwrap())
}

/// Emails written to `mail` (or sent to an SMTP server), no wait before
/// an unread message is mailed, pushes allowed to loopback (the tests'
/// receivers), a VAPID key of its own; links point at `https://souk.test`.
pub fn test_notifier(mail: souk::server::notify::MailConfig) -> souk::server::notify::Notifier {
    use souk::server::notify::{Notifier, NotifyConfig, PushConfig};
    let config = NotifyConfig {
        mail,
        mail_from: "souk <notifications@souk.test>".to_owned(),
        notify_after: std::time::Duration::ZERO,
        push: PushConfig {
            private_key: None,
            key_file: test_dir("vapid").join("vapid-key"),
            subject: "mailto:ops@souk.test".to_owned(),
            allow_insecure: true,
        },
    };
    Notifier::new(&config, "https://souk.test").unwrap()
}

impl Api {
    /// The whole site (REST API, server functions, pages, middleware) on a
    /// fresh test database, with `site` as its static files directory.
    pub fn new(pool: PgPool) -> Self {
        Self::with_site_root(pool, "target/site")
    }

    pub fn with_site_root(pool: PgPool, site_root: &str) -> Self {
        Self::with_settings(pool, |state| {
            state.leptos_options.site_root = site_root.into();
        })
    }

    /// The site served as `public_origin` (`SOUK_PUBLIC_URL`).
    pub fn with_public_origin(pool: PgPool, public_origin: &str) -> Self {
        Self::with_settings(pool, |state| {
            state.public_origin = Some(public_origin.to_owned());
        })
    }

    /// The site with its settings changed by `adjust` (another instance on
    /// the same database is another `Api` on the same pool).
    pub fn with_settings(pool: PgPool, adjust: impl FnOnce(&mut AppState)) -> Self {
        let mail_dir = test_dir("mail");
        let notify = test_notifier(souk::server::notify::MailConfig::Files(mail_dir.clone()));
        let mut state = AppState {
            pool: pool.clone(),
            leptos_options: leptos::config::LeptosOptions::builder()
                .output_name("souk")
                .site_root("target/site")
                .build(),
            secure_cookies: false,
            public_origin: None,
            limits: souk::server::limits::RateLimits::default(),
            trust_proxy: false,
            moderators: souk::server::moderators::Moderators::default(),
            live: souk::server::live::Live::new(),
            media: test_media(),
            notify,
            ice: souk::server::ice::IceConfig::default(),
        };
        adjust(&mut state);
        Self {
            router: souk::server::http::app(state.clone()),
            state,
            pool,
            mail_dir,
        }
    }

    /// Another router for the same site, as another instance in this
    /// process would make.
    pub fn make_router(&self) -> Router {
        souk::server::http::app(self.state.clone())
    }

    /// The site with its change-feed listener running, as a server runs
    /// it (another one on the same pool is another instance).
    pub async fn live(pool: PgPool) -> Self {
        let live = souk::server::live::Live::new();
        let listening = live.clone();
        let api = Self::with_settings(pool.clone(), |state| state.live = listening);
        tokio::spawn(souk::server::live::listener::run(pool, live.clone()));
        let started = std::time::Instant::now();
        while !live.is_connected() {
            assert!(
                started.elapsed().as_secs() < 10,
                "the listener never connected"
            );
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        api
    }

    /// Sends a request and hands back the response with its body unread
    /// (for streams).
    pub async fn open(&self, req: Request<Body>) -> http::Response<Body> {
        self.router.clone().oneshot(req).await.unwrap()
    }

    /// The whole app, to serve on a real socket.
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Runs the cleanup of unused uploads now; how many it deleted.
    pub async fn purge_unused_uploads(&self) -> usize {
        souk::server::services::attachments::purge_unused(&self.pool, &self.state.media)
            .await
            .unwrap()
    }

    /// Whether the attachment storage holds `key`.
    pub async fn stored(&self, key: &str) -> bool {
        self.state.media.storage.get(key).await.unwrap().is_some()
    }

    pub fn pool(&self) -> PgPool {
        self.pool.clone()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// One round of the email job, as each instance runs it; how many
    /// conversations it looked at.
    pub async fn send_due_mails(&self) -> usize {
        souk::server::jobs::send_due_mails(&self.pool, &self.state.notify).await
    }

    /// The emails written so far (`.eml` files), oldest first.
    pub fn mails(&self) -> Vec<String> {
        let Ok(dir) = std::fs::read_dir(&self.mail_dir) else {
            return Vec::new();
        };
        let mut files: Vec<_> = dir
            .filter_map(Result::ok)
            .filter(|f| f.path().extension().is_some_and(|e| e == "eml"))
            .map(|f| {
                let modified = f.metadata().and_then(|m| m.modified()).ok();
                (modified, std::fs::read_to_string(f.path()).unwrap())
            })
            .collect();
        files.sort_by_key(|(modified, _)| *modified);
        files.into_iter().map(|(_, mail)| mail).collect()
    }

    /// How many rows `table` holds now.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Reply {
        let body = body.map(|b| b.to_string());
        self.raw(method, path, body.as_deref(), cookie, true).await
    }

    /// Sends `body` as is (for malformed JSON tests).
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        cookie: Option<&str>,
        json_type: bool,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if json_type && body.is_some() {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie);
        }
        let req = req.body(Body::from(body.unwrap_or_default().to_owned()));
        self.send_json(req.unwrap()).await
    }

    /// POSTs JSON with one extra header.
    pub async fn raw_with_header(&self, path: &str, body: &str, extra: (&str, &str)) -> Reply {
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(extra.0, extra.1)
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send_json(req).await
    }

    /// Calls a server function as the browser does: a form-encoded POST to
    /// `/rpc/<name>`. The reply's body is the function's JSON result, or
    /// `{"code", "error"}`.
    pub async fn rpc(&self, name: &str, form: &str, who: Option<&Session>) -> Reply {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(format!("/rpc/{name}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(who) = who {
            req = req.header(header::COOKIE, &who.cookie);
        }
        self.send_json(req.body(Body::from(form.to_owned())).unwrap())
            .await
    }

    /// Uploads `bytes` as `POST /api/messages/attachments` does from a
    /// browser: a multipart part named `file`, with a name and a type the
    /// server must not trust.
    pub async fn upload(&self, who: Option<&Session>, file_name: &str, bytes: &[u8]) -> Reply {
        let boundary = "souk-test-boundary-7d1f";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"{file_name}\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/api/messages/attachments")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            );
        if let Some(who) = who {
            req = req.header(header::COOKIE, &who.cookie);
        }
        self.send_json(req.body(Body::from(body)).unwrap()).await
    }

    /// A GET as `who`, answered with its raw bytes (images).
    pub async fn get_bytes(&self, path: &str, who: &Session) -> http::Response<axum::body::Bytes> {
        let req = Request::builder()
            .uri(path)
            .header(header::COOKIE, &who.cookie)
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// A page's HTML as `who` gets it (it must answer 200).
    pub async fn page(&self, path: &str, who: &Session) -> String {
        let res = self.get_bytes(path, who).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        String::from_utf8(res.body().to_vec()).unwrap()
    }

    /// Sends any request; the status, headers and raw body of the answer.
    pub async fn send(&self, req: Request<Body>) -> http::Response<axum::body::Bytes> {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        http::Response::from_parts(parts, bytes)
    }

    async fn send_json(&self, req: Request<Body>) -> Reply {
        let res = self.send(req).await;
        let status = res.status();
        let set_cookie = res
            .headers()
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_owned());
        let body = serde_json::from_slice(res.body()).unwrap_or_else(|_| {
            panic!(
                "not JSON ({status}): {}",
                String::from_utf8_lossy(res.body())
            )
        });
        let retry_after = res
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().parse().unwrap());
        Reply {
            status,
            body,
            set_cookie,
            retry_after,
        }
    }

    /// `get` with owned arguments, for use in closures.
    pub async fn get_owned(&self, path: String, who: Session) -> Reply {
        self.get(&path, Some(&who)).await
    }

    pub async fn get(&self, path: &str, who: Option<&Session>) -> Reply {
        self.request(Method::GET, path, None, who.map(|s| s.cookie.as_str()))
            .await
    }

    pub async fn post(&self, path: &str, body: Value, who: Option<&Session>) -> Reply {
        self.request(
            Method::POST,
            path,
            Some(body),
            who.map(|s| s.cookie.as_str()),
        )
        .await
    }

    pub async fn delete(&self, path: &str, who: Option<&Session>) -> Reply {
        self.request(Method::DELETE, path, None, who.map(|s| s.cookie.as_str()))
            .await
    }

    /// Registers `name` (email `<name>@example.com`) and returns the session.
    pub async fn user(&self, name: &str) -> Session {
        let reply = self
            .post(
                "/api/auth/register",
                json!({ "email": format!("{}@example.com", name.to_lowercase()), "password": "password123", "name": name }),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        session_from(&reply, name)
    }

    pub async fn listing(&self, seller: &Session, title: &str) -> String {
        let reply = self
            .post(
                "/api/listings",
                json!({ "title": title, "description": "desc", "priceCents": 1000 }),
                Some(seller),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.data()["id"].as_str().unwrap().to_owned()
    }

    /// Starts (or gets) a conversation from `from` to `to` about `ad_id`.
    pub async fn conversation(&self, from: &Session, to: &Session, ad_id: Option<&str>) -> String {
        let reply = self
            .post(
                "/api/messages/conversations",
                json!({ "recipientId": to.id, "adId": ad_id }),
                Some(from),
            )
            .await;
        assert!(reply.status.is_success(), "{}", reply.body);
        reply.data()["id"].as_str().unwrap().to_owned()
    }

    pub async fn send_message(
        &self,
        from: &Session,
        conversation_id: &str,
        content: &str,
    ) -> Value {
        let reply = self
            .post(
                "/api/messages",
                json!({ "conversationId": conversation_id, "content": content }),
                Some(from),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.data().clone()
    }
}

/// The session cookie of a register/login reply.
pub fn session_from(reply: &Reply, name: &str) -> Session {
    let set_cookie = reply.set_cookie.as_deref().expect("a session cookie");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    Session {
        id: reply.data()["id"].as_str().unwrap().to_owned(),
        name: name.to_owned(),
        cookie,
    }
}

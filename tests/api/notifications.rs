//! Emails about unread messages: who is mailed and who is not, the hourly
//! cap with two job runners at once, the email as a recipient reads it,
//! and the unsubscribe link without a cookie. (Pushes: `push.rs`.)

use crate::client::{Api, Session};
use http::{header, Method, Request, StatusCode};
use serde_json::json;
use sqlx::PgPool;

/// A seller with a listing, a buyer, and the buyer's conversation about it.
struct Deal {
    seller: Session,
    buyer: Session,
    conversation: String,
}

async fn deal(api: &Api) -> Deal {
    let seller = api.user("Alice").await;
    let buyer = api.user("Bob").await;
    let listing = api.listing(&seller, "Camping tent").await;
    let conversation = api.conversation(&buyer, &seller, Some(&listing)).await;
    Deal {
        seller,
        buyer,
        conversation,
    }
}

/// An email as a mail reader shows it.
struct Mail {
    headers: Vec<(String, String)>,
    text: String,
    html: String,
}

impl Mail {
    fn parse(raw: &str) -> Self {
        let parsed = mailparse::parse_mail(raw.as_bytes()).unwrap();
        let headers = parsed
            .get_headers()
            .into_iter()
            .map(|h| (h.get_key(), h.get_value()))
            .collect();
        let part = |mime: &str| {
            parsed
                .subparts
                .iter()
                .find(|p| p.ctype.mimetype == mime)
                .map(|p| p.get_body().unwrap().replace("\r\n", "\n"))
                .unwrap_or_default()
        };
        Self {
            headers,
            text: part("text/plain"),
            html: part("text/html"),
        }
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
    }
}

async fn unsubscribe_token(api: &Api, who: &Session) -> uuid::Uuid {
    sqlx::query_scalar("SELECT unsubscribe_token FROM users WHERE id = $1::uuid")
        .bind(&who.id)
        .fetch_one(&api.pool())
        .await
        .unwrap()
}

#[sqlx::test]
async fn an_unread_message_is_mailed_to_its_recipient_only(pool: PgPool) {
    let api = Api::new(pool);
    let deal = deal(&api).await;
    api.send_message(
        &deal.buyer,
        &deal.conversation,
        "Hello! Is the tent\nstill available?",
    )
    .await;

    assert_eq!(api.send_due_mails().await, 1);
    let mails = api.mails();
    assert_eq!(mails.len(), 1, "one email, to the seller only");
    let mail = Mail::parse(&mails[0]);
    assert_eq!(mail.header("To"), "Alice <alice@example.com>");
    assert_eq!(mail.header("From"), "souk <notifications@souk.test>");
    assert_eq!(
        mail.header("Subject"),
        "Bob sent you a message about “Camping tent”"
    );
    let token = unsubscribe_token(&api, &deal.seller).await;
    let link = format!("https://souk.test/unsubscribe/{token}");
    assert_eq!(
        mail.header("List-Unsubscribe"),
        format!("<{link}>, <mailto:notifications@souk.test?subject=unsubscribe%20{token}>")
    );
    assert_eq!(
        mail.header("List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    assert_eq!(mail.header("Auto-Submitted"), "auto-generated");
    assert!(mail.header("Message-ID").ends_with("@souk.test>"));
    assert!(!mail.header("Date").is_empty());
    let conversation_link = format!(
        "https://souk.test/dashboard/messages?conversation={}",
        deal.conversation
    );
    for body in [&mail.text, &mail.html] {
        assert!(body.contains("Hello Alice"), "{body}");
        assert!(body.contains("Is the tent"), "{body}");
        assert!(body.contains(&conversation_link), "{body}");
        assert!(body.contains(&link), "{body}");
    }
    assert!(
        mail.text
            .contains("\n> Hello! Is the tent\n> still available?\n"),
        "{}",
        mail.text
    );

    // Mailed once: the next round finds nothing.
    assert_eq!(api.send_due_mails().await, 0);
    assert_eq!(api.mails().len(), 1);
}

#[sqlx::test]
async fn the_html_body_escapes_what_people_wrote(pool: PgPool) {
    let api = Api::new(pool);
    let deal = deal(&api).await;
    api.send_message(
        &deal.buyer,
        &deal.conversation,
        "<b>bold</b> & <script>x</script>",
    )
    .await;
    api.send_due_mails().await;
    let mail = Mail::parse(&api.mails()[0]);
    // Escaped (as numeric entities), never markup.
    assert!(
        mail.html
            .contains("&#60;b&#62;bold&#60;/b&#62; &#38; &#60;script&#62;"),
        "{}",
        mail.html
    );
    assert!(!mail.html.contains("<script>") && !mail.html.contains("<b>"));
    assert!(mail.text.contains("<b>bold</b> & <script>x</script>"));
}

#[sqlx::test]
async fn no_email_for_read_messages_present_users_blocks_or_opted_out(pool: PgPool) {
    let api = Api::new(pool);

    // Read before the job ran.
    let read = deal(&api).await;
    api.send_message(&read.buyer, &read.conversation, "one")
        .await;
    let path = format!("/api/messages/conversations/{}/read", read.conversation);
    assert_eq!(
        api.post(&path, json!({}), Some(&read.seller)).await.status,
        StatusCode::OK
    );
    assert_eq!(api.send_due_mails().await, 0);

    // On the site (a page of theirs seen just now).
    let carol = api.user("Carol").await;
    let dan = api.user("Dan").await;
    let conversation = api.conversation(&dan, &carol, None).await;
    api.send_message(&dan, &conversation, "are you there?")
        .await;
    let carol_id: uuid::Uuid = carol.id.parse().unwrap();
    souk::server::services::presence::record_seen(&api.pool(), &[carol_id])
        .await
        .unwrap();
    assert_eq!(api.send_due_mails().await, 0, "Carol is on the site");

    // Blocked after the message came.
    let erin = api.user("Erin").await;
    let fred = api.user("Fred").await;
    let conversation = api.conversation(&fred, &erin, None).await;
    api.send_message(&fred, &conversation, "buy my stuff").await;
    let block = format!("/api/users/{}/block", fred.id);
    assert_eq!(
        api.post(&block, json!({}), Some(&erin)).await.status,
        StatusCode::OK
    );

    // Emails turned off.
    let gina = api.user("Gina").await;
    let hugo = api.user("Hugo").await;
    let conversation = api.conversation(&hugo, &gina, None).await;
    let off = api
        .post(
            "/api/settings",
            json!({"emailNotifications": false}),
            Some(&gina),
        )
        .await;
    assert_eq!(off.data()["emailNotifications"], json!(false));
    api.send_message(&hugo, &conversation, "hello?").await;

    api.send_due_mails().await;
    assert!(api.mails().is_empty(), "{:?}", api.mails());
}

#[sqlx::test]
async fn a_page_seen_after_the_message_came_starts_the_wait_again(pool: PgPool) {
    let api = Api::new(pool);
    let deal = deal(&api).await;
    api.send_message(&deal.buyer, &deal.conversation, "first")
        .await;
    // The seller had a page open after it came, then left.
    sqlx::query("UPDATE users SET last_seen_at = now() - interval '1 minute' WHERE id = $1::uuid")
        .bind(&deal.seller.id)
        .execute(&api.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE messages SET created_at = now() - interval '2 minutes'")
        .execute(&api.pool())
        .await
        .unwrap();
    api.send_due_mails().await;
    assert!(api.mails().is_empty(), "seen on the site since it came");

    // A message that comes while they are away is mailed, with the
    // earlier one they saw but did not read.
    api.send_message(&deal.buyer, &deal.conversation, "second")
        .await;
    api.send_due_mails().await;
    let mails = api.mails();
    assert_eq!(mails.len(), 1);
    let mail = Mail::parse(&mails[0]);
    assert!(
        mail.text.contains("> first") && mail.text.contains("> second"),
        "{}",
        mail.text
    );
    assert_eq!(
        mail.header("Subject"),
        "Bob sent you 2 messages about “Camping tent”"
    );
}

#[sqlx::test]
async fn two_runners_at_once_send_one_email_and_the_next_waits_an_hour(pool: PgPool) {
    let api = Api::new(pool.clone());
    // Another instance on the same database, with its own mail directory.
    let other = Api::new(pool);
    let deal = deal(&api).await;
    api.send_message(&deal.buyer, &deal.conversation, "one")
        .await;
    api.send_message(&deal.buyer, &deal.conversation, "two")
        .await;

    let (a, b) = tokio::join!(api.send_due_mails(), other.send_due_mails());
    assert_eq!(a + b, 1, "one runner claims it");
    assert_eq!(api.mails().len() + other.mails().len(), 1);

    // Within the hour: gathered, not mailed.
    api.send_message(&deal.buyer, &deal.conversation, "three")
        .await;
    api.send_message(&deal.buyer, &deal.conversation, "four")
        .await;
    let (a, b) = tokio::join!(api.send_due_mails(), other.send_due_mails());
    assert_eq!(a + b, 0);
    assert_eq!(api.mails().len() + other.mails().len(), 1);

    // An hour later: one email with what came since the first.
    sqlx::query(
        "UPDATE conversation_participants SET mailed_at = mailed_at - interval '61 minutes'",
    )
    .execute(&api.pool())
    .await
    .unwrap();
    let (a, b) = tokio::join!(api.send_due_mails(), other.send_due_mails());
    assert_eq!(a + b, 1);
    let mut mails = api.mails();
    mails.extend(other.mails());
    assert_eq!(mails.len(), 2);
    let second = mails
        .iter()
        .map(|m| Mail::parse(m))
        .find(|m| m.text.contains("> three"))
        .expect("the second email tells of the later messages");
    assert!(second.text.contains("> four"));
    assert!(!second.text.contains("> one"), "{}", second.text);
    assert_eq!(
        second.header("Subject"),
        "Bob sent you 2 messages about “Camping tent”"
    );
}

#[sqlx::test]
async fn many_rounds_racing_never_mail_twice(pool: PgPool) {
    let api = Api::new(pool.clone());
    let others: Vec<Api> = (0..3).map(|_| Api::new(pool.clone())).collect();
    let deal = deal(&api).await;
    for round in 0..10 {
        api.send_message(&deal.buyer, &deal.conversation, &format!("message {round}"))
            .await;
        let runs = others.iter().map(|o| o.send_due_mails());
        let (_, _) = tokio::join!(api.send_due_mails(), futures::future::join_all(runs));
    }
    let total = api.mails().len() + others.iter().map(|o| o.mails().len()).sum::<usize>();
    assert_eq!(total, 1, "one email within the hour");
}

#[sqlx::test]
async fn the_unsubscribe_link_turns_emails_off_without_a_cookie(pool: PgPool) {
    let api = Api::new(pool);
    let deal = deal(&api).await;
    let token = unsubscribe_token(&api, &deal.seller).await;

    // A mail client's one-click POST (RFC 8058): no cookie, no Origin.
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/unsubscribe/{token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let res = api.send(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let settings = api.get("/api/settings", Some(&deal.seller)).await;
    assert_eq!(settings.data()["emailNotifications"], json!(false));

    api.send_message(&deal.buyer, &deal.conversation, "hello")
        .await;
    api.send_due_mails().await;
    assert!(api.mails().is_empty());

    // The page's button posts a form, then shows the page again.
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/unsubscribe/{token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = api.send(req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/unsubscribe/{token}")
    );

    // A link that names nobody.
    for bad in [uuid::Uuid::new_v4().to_string(), "not-a-token".to_owned()] {
        let req = Request::builder()
            .method(Method::POST)
            .uri(format!("/unsubscribe/{bad}"))
            .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
            .unwrap();
        assert_eq!(api.send(req).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}

#[sqlx::test]
async fn the_unsubscribe_page_asks_then_confirms(pool: PgPool) {
    let api = Api::new(pool);
    let deal = deal(&api).await;
    let token = unsubscribe_token(&api, &deal.seller).await;
    let page = |api: Api| async move {
        let req = Request::builder()
            .uri(format!("/unsubscribe/{token}"))
            .body(axum::body::Body::empty())
            .unwrap();
        let res = api.send(req).await;
        (
            res.status(),
            String::from_utf8(res.body().to_vec()).unwrap(),
        )
    };
    let (status, html) = page(api.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("alice@example.com"), "{html}");
    assert!(html.contains("Turn off emails"), "{html}");
    assert!(
        html.contains(&format!("action=\"/unsubscribe/{token}\"")),
        "{html}"
    );
    // Opening the page changes nothing (link checkers open links).
    let settings = api.get("/api/settings", Some(&deal.seller)).await;
    assert_eq!(settings.data()["emailNotifications"], json!(true));

    api.post(
        "/api/settings",
        json!({"emailNotifications": false}),
        Some(&deal.seller),
    )
    .await;
    let (_, html) = page(api.clone()).await;
    assert!(html.contains(" are off"), "{html}");

    let req = Request::builder()
        .uri(format!("/unsubscribe/{}", uuid::Uuid::new_v4()))
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(api.send(req).await.status(), StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn settings_need_a_login_and_a_boolean(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    api.get("/api/settings", None)
        .await
        .assert_error(401, "not_authenticated");
    let on = api.get("/api/settings", Some(&alice)).await;
    assert_eq!(on.data()["emailNotifications"], json!(true));
    api.post(
        "/api/settings",
        json!({"emailNotifications": "no"}),
        Some(&alice),
    )
    .await
    .assert_error(400, "invalid_field");
    api.post("/api/settings", json!({}), Some(&alice))
        .await
        .assert_error(400, "invalid_field");
}

/// A real SMTP server on loopback (aiosmtpd, from PyPI, which
/// scripts/setup.sh installs), writing what it receives to a Maildir.
struct SmtpServer {
    child: tokio::process::Child,
    port: u16,
    maildir: std::path::PathBuf,
}

impl SmtpServer {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = std::env::temp_dir().join(format!("souk-smtp-{}", uuid::Uuid::new_v4()));
        // scripts/test names the interpreter that has aiosmtpd.
        let python = std::env::var("SOUK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let child = tokio::process::Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .kill_on_drop(true)
            .spawn()
            .expect("Python with aiosmtpd (SOUK_PYTHON; scripts/setup.sh installs it)");
        let started = std::time::Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(started.elapsed().as_secs() < 20, "aiosmtpd did not start");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Self {
            child,
            port,
            maildir,
        }
    }

    fn received(&self) -> Vec<String> {
        let Ok(dir) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        dir.filter_map(Result::ok)
            .map(|f| std::fs::read_to_string(f.path()).unwrap())
            .collect()
    }
}

#[sqlx::test]
async fn emails_go_out_over_smtp(pool: PgPool) {
    let mut smtp = SmtpServer::start().await;
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let api = Api::with_settings(pool, |state| {
        state.notify = crate::client::test_notifier(souk::server::notify::MailConfig::Smtp(url));
    });
    let deal = deal(&api).await;
    api.send_message(&deal.buyer, &deal.conversation, "Sent over SMTP")
        .await;
    assert_eq!(api.send_due_mails().await, 1);

    let received = smtp.received();
    assert_eq!(received.len(), 1, "the SMTP server got one email");
    let mail = Mail::parse(&received[0]);
    assert_eq!(mail.header("To"), "Alice <alice@example.com>");
    assert_eq!(
        mail.header("List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    assert!(mail.text.contains("> Sent over SMTP"), "{}", mail.text);
    let _ = smtp.child.kill().await;
}

#[sqlx::test]
async fn a_failed_send_is_tried_again_later(pool: PgPool) {
    // Nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("smtp://127.0.0.1:{port}");
    let api = Api::with_settings(pool, |state| {
        state.notify = crate::client::test_notifier(souk::server::notify::MailConfig::Smtp(url));
    });
    let deal = deal(&api).await;
    api.send_message(&deal.buyer, &deal.conversation, "lost?")
        .await;
    assert_eq!(api.send_due_mails().await, 1);
    let (pending, claimed): (bool, bool) = sqlx::query_as(
        "SELECT unmailed_since IS NOT NULL, mail_claimed_until > now()
         FROM conversation_participants WHERE user_id = $1::uuid",
    )
    .bind(&deal.seller.id)
    .fetch_one(&api.pool())
    .await
    .unwrap();
    assert!(pending && claimed, "still to send, after a pause");
    assert_eq!(api.send_due_mails().await, 0, "not at once");
}

#[sqlx::test]
async fn the_email_is_in_the_language_the_recipient_chose(pool: PgPool) {
    let api = Api::new(pool);
    let deal = deal(&api).await;
    let chose = api
        .send(
            Request::post("/language")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &deal.seller.cookie)
                .body(axum::body::Body::from("lang=fr&next=%2F"))
                .unwrap(),
        )
        .await;
    assert_eq!(chose.status(), StatusCode::SEE_OTHER);
    api.send_message(&deal.buyer, &deal.conversation, "Toujours dispo ?")
        .await;

    assert_eq!(api.send_due_mails().await, 1);
    let mail = Mail::parse(&api.mails()[0]);
    assert_eq!(
        mail.header("Subject"),
        "Bob vous a envoyé un message à propos de «\u{a0}Camping tent\u{a0}»"
    );
    assert!(mail.text.contains("Bonjour Alice"), "{}", mail.text);
    assert!(mail.text.contains("Lire et répondre"), "{}", mail.text);
    assert!(mail.html.contains("<html lang=\"fr\">"), "{}", mail.html);
    assert!(mail.html.contains("Bonjour Alice"), "{}", mail.html);
    assert!(!mail.html.contains("Read and reply"), "{}", mail.html);
}

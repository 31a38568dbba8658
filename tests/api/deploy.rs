//! What a load balancer and a rolling deploy rely on.

use crate::client::Api;
use axum::body::Body;
use http::{header, Request, StatusCode};
use sqlx::PgPool;

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

#[sqlx::test]
async fn healthz_and_readyz_answer_when_migrated(pool: PgPool) {
    let api = Api::new(pool);
    assert_eq!(api.send(get("/healthz")).await.status(), StatusCode::OK);
    assert_eq!(api.send(get("/readyz")).await.status(), StatusCode::OK);
}

#[sqlx::test]
async fn readyz_refuses_while_migrations_are_pending(pool: PgPool) {
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let api = Api::new(pool);
    assert_eq!(
        api.send(get("/readyz")).await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(api.send(get("/healthz")).await.status(), StatusCode::OK);
}

#[sqlx::test]
async fn hashed_files_are_cached_for_good_and_pages_are_not(pool: PgPool) {
    let site = std::env::temp_dir().join(format!("souk-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/souk.0a1b2c.css"), "body{}").unwrap();
    let api = Api::with_site_root(pool, site.to_str().unwrap());

    let css = api.send(get("/pkg/souk.0a1b2c.css")).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(
        css.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let page = api.send(get("/")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
    let missing = api.send(get("/pkg/souk.ffffff.wasm")).await;
    assert_ne!(
        missing.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable",
        "a 404 must not be cached for good"
    );
    std::fs::remove_dir_all(site).unwrap();
}

/// Static files are served apart from page rendering: a "Page not found"
/// rendering at the same moment never turns a file's answer into a 404,
/// and every one of those pages answers its 404.
#[sqlx::test]
async fn files_stay_200_while_not_found_pages_render(pool: PgPool) {
    let site = std::env::temp_dir().join(format!("souk-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/souk.0a1b2c.css"), "body{}").unwrap();
    let api = Api::with_site_root(pool, site.to_str().unwrap());
    let (mut files, mut pages) = (Vec::new(), Vec::new());
    // A few at a time: each page takes a pooled connection (the test pool is
    // small).
    for _ in 0..50 {
        let missing = (0..3).map(|_| api.send(get("/no-such-page")));
        let present = (0..4).map(|_| api.send(get("/pkg/souk.0a1b2c.css")));
        let (missing, present) = tokio::join!(
            futures::future::join_all(missing),
            futures::future::join_all(present)
        );
        files.extend(present.iter().map(|f| f.status()));
        pages.extend(missing.iter().map(|p| p.status()));
    }
    let wrong_files = files.iter().filter(|s| **s != StatusCode::OK).count();
    assert_eq!(
        wrong_files,
        0,
        "{wrong_files} of {} file requests were not 200",
        files.len()
    );
    let wrong_pages = pages.iter().filter(|s| **s != StatusCode::NOT_FOUND);
    assert_eq!(wrong_pages.count(), 0, "pages answered {pages:?}");
    std::fs::remove_dir_all(site).unwrap();
}

#[sqlx::test]
async fn two_instances_seeding_the_demo_at_once_make_it_once(pool: PgPool) {
    let (a, b) = tokio::join!(
        souk::server::demo::seed(&pool),
        souk::server::demo::seed(&pool)
    );
    a.unwrap();
    b.unwrap();
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    let listings: i64 = sqlx::query_scalar("SELECT count(*) FROM listings")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((users, listings), (4, 8));
}

#[sqlx::test]
async fn pages_carry_a_content_security_policy_naming_their_script_nonce(pool: PgPool) {
    let api = Api::new(pool);
    let page = api.send(get("/login")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers();
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let html = String::from_utf8_lossy(page.body());
    let nonce = html
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("inline scripts carry a nonce");
    assert!(policy.contains(&format!("'nonce-{nonce}'")), "{policy}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin");

    // "Page not found" carries it too.
    let missing = api.send(get("/no-such-page")).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let policy = missing.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.contains("'nonce-"), "{policy}");
}

#[sqlx::test]
async fn json_and_a_logged_in_visitors_pages_are_never_stored(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    let json = api.send(get("/api/listings")).await;
    assert_eq!(json.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(json.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let private_page = Request::get("/")
        .header(header::COOKIE, &alice.cookie)
        .body(Body::empty())
        .unwrap();
    let page = api.send(private_page).await;
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
}

/// Making another router in the same process (the tests make one each)
/// never holds up the data of a page rendering at that moment: Leptos
/// stops every resource from loading, process-wide, while it lists a
/// router's routes.
#[sqlx::test]
async fn pages_render_while_another_router_is_made(pool: PgPool) {
    let api = Api::new(pool);
    let making = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let maker = std::thread::spawn({
        let (api, making) = (api.clone(), making.clone());
        move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let _inside = runtime.enter();
            while making.load(std::sync::atomic::Ordering::Relaxed) {
                drop(api.make_router());
            }
        }
    });
    let mut late = 0;
    for _ in 0..30 {
        let page = tokio::time::timeout(std::time::Duration::from_secs(5), api.send(get("/")));
        match page.await {
            Ok(page) => assert_eq!(page.status(), StatusCode::OK),
            Err(_) => late += 1,
        }
    }
    making.store(false, std::sync::atomic::Ordering::Relaxed);
    maker.join().unwrap();
    assert_eq!(late, 0, "{late} of 30 pages were not there within 5 s");
}

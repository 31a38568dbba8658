//! French and English: every page reads wholly in the language the request
//! asks for (the `lang` cookie, else `Accept-Language`), `<html lang>`
//! says which, and the header's switch keeps the choice (cookie and
//! account).

use crate::client::{Api, Session};
use axum::body::Body;
use http::{header, Request, StatusCode};
use serde_json::{json, Value};
use souk::server::moderators::Moderators;
use sqlx::PgPool;
use std::collections::BTreeMap;

/// Every translation of `lang`, by key (`header.log_in` → "Log in").
fn translations(lang: &str) -> BTreeMap<String, String> {
    let path = format!("{}/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut flat = BTreeMap::new();
    fn walk(prefix: &str, value: &Value, flat: &mut BTreeMap<String, String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    let key = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(&key, value, flat);
                }
            }
            Value::String(text) => {
                flat.insert(prefix.to_owned(), text.clone());
            }
            other => panic!("{prefix}: not a string: {other}"),
        }
    }
    walk("", &json, &mut flat);
    flat
}

/// The words of `other` a page in `lang` must not show: each translation
/// that differs from `lang`'s, cut at its arguments, long enough not to be
/// a word both languages share.
fn foreign_phrases(lang: &str, other: &str) -> Vec<String> {
    let (ours, theirs) = (translations(lang), translations(other));
    let shared: Vec<&String> = ours.values().collect();
    theirs
        .iter()
        .filter(|(key, text)| ours.get(*key) != Some(text))
        .flat_map(|(_, text)| {
            text.split("{{")
                .map(|part| part.split("}}").last().unwrap_or(part).trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|phrase| phrase.chars().count() >= 5)
        .filter(|phrase| !shared.iter().any(|text| text.contains(phrase.as_str())))
        .collect()
}

/// What a reader meets on the page: its text, and the attributes that are
/// words (accessible names, titles, placeholders, alternative text), not
/// its scripts, class names or islands' data.
fn readable(html: &str) -> String {
    const WORDS: [&str; 4] = ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""];
    let mut kept = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        kept.push_str(&rest[..open]);
        kept.push('\n');
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        for attribute in WORDS {
            for (at, _) in tag.match_indices(attribute) {
                let value = &tag[at + attribute.len()..];
                kept.push_str(value.split('"').next().unwrap_or_default());
                kept.push('\n');
            }
        }
        rest = &rest[open + close + 1..];
        if tag.starts_with("<script") {
            rest = rest.split_once("</script>").map_or("", |(_, after)| after);
        }
    }
    kept.push_str(rest);
    unescape(&kept)
}

fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn page(api: &Api, path: &str, cookie: &str) -> (StatusCode, String) {
    let req = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let res = api.send(req).await;
    let status = res.status();
    (status, String::from_utf8(res.body().to_vec()).unwrap())
}

#[test]
fn both_languages_have_the_same_keys() {
    let (en, fr) = (translations("en"), translations("fr"));
    let missing_in_fr: Vec<_> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    let missing_in_en: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing_in_fr.is_empty(), "not in French: {missing_in_fr:?}");
    assert!(
        missing_in_en.is_empty(),
        "not in English: {missing_in_en:?}"
    );
}

#[sqlx::test]
async fn every_page_reads_wholly_in_the_language_asked_for(pool: PgPool) {
    let api = Api::with_settings(pool, |state| {
        state.moderators = Moderators::parse("moderator@example.com");
    });
    let seller = api.user("Moderator").await;
    let buyer = api.user("Buyer").await;
    let listing = api.listing(&seller, "Table").await;
    let conversation = api.conversation(&buyer, &seller, Some(&listing)).await;
    let sent = api.send_message(&buyer, &conversation, "Bonjour").await;
    let reported = api
        .post(
            "/api/reports",
            json!({ "messageId": sent["id"], "reason": "spam" }),
            Some(&seller),
        )
        .await;
    assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.body);
    let token: uuid::Uuid =
        sqlx::query_scalar("SELECT unsubscribe_token FROM users WHERE id = $1::uuid")
            .bind(&seller.id)
            .fetch_one(&api.pool())
            .await
            .unwrap();

    let visitor_pages = [
        "/".to_owned(),
        format!("/listings/{listing}"),
        "/login".into(),
        "/register".into(),
        format!("/unsubscribe/{token}"),
    ];
    let member_pages = [
        "/".to_owned(),
        format!("/listings/{listing}"),
        "/listings/new".into(),
        format!("/dashboard/messages?conversation={conversation}"),
        "/dashboard/messages?folder=archived".into(),
        "/dashboard/messages?q=bonjour".into(),
        "/settings".into(),
        "/moderation".into(),
    ];
    for (lang, other) in [("fr", "en"), ("en", "fr")] {
        let foreign = foreign_phrases(lang, other);
        let check = |path: &str, status: StatusCode, html: &str| {
            assert_eq!(status, StatusCode::OK, "{lang} {path}");
            assert!(
                html.contains(&format!("<html lang=\"{lang}\"")),
                "{lang} {path}: <html lang> is not {lang}"
            );
            let text = readable(html);
            let found: Vec<_> = foreign
                .iter()
                .filter(|p| text.contains(p.as_str()))
                .collect();
            assert!(found.is_empty(), "{lang} {path} shows {other}: {found:?}");
        };
        let as_visitor = format!("lang={lang}");
        for path in &visitor_pages {
            let (status, html) = page(&api, path, &as_visitor).await;
            check(path, status, &html);
        }
        let as_seller = format!("{}; lang={lang}", seller.cookie);
        for path in &member_pages {
            let (status, html) = page(&api, path, &as_seller).await;
            check(path, status, &html);
        }
        let (status, html) = page(&api, "/no-such-page", &as_visitor).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        check("/no-such-page", StatusCode::OK, &html);
    }
}

#[sqlx::test]
async fn a_first_visit_follows_accept_language(pool: PgPool) {
    let api = Api::new(pool);
    let req = Request::get("/")
        .header(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9,en;q=0.8")
        .body(Body::empty())
        .unwrap();
    let res = api.send(req).await;
    let vary = res
        .headers()
        .get(header::VARY)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let html = String::from_utf8(res.body().to_vec()).unwrap();
    assert!(html.contains("<html lang=\"fr\""), "{html}");
    assert!(html.contains("Dernières annonces"));
    assert!(vary.contains("Accept-Language"), "{vary}");

    // Registering from a French browser keeps French for the account.
    let req = Request::post("/api/auth/register")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "fr-CA")
        .body(Body::from(
            json!({ "email": "zoe@example.com", "password": "password123", "name": "Zoé" })
                .to_string(),
        ))
        .unwrap();
    assert_eq!(api.send(req).await.status(), StatusCode::CREATED);
    let stored: String =
        sqlx::query_scalar("SELECT locale FROM users WHERE email = 'zoe@example.com'")
            .fetch_one(&api.pool())
            .await
            .unwrap();
    assert_eq!(stored, "fr");
}

async fn switch(api: &Api, form: &str, who: Option<&Session>) -> http::Response<axum::body::Bytes> {
    let mut req = Request::post("/language")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(who) = who {
        req = req.header(header::COOKIE, &who.cookie);
    }
    api.send(req.body(Body::from(form.to_owned())).unwrap())
        .await
}

#[sqlx::test]
async fn the_switch_keeps_the_choice_in_a_cookie_and_the_account(pool: PgPool) {
    let api = Api::new(pool);
    let amina = api.user("Amina").await;
    let res = switch(
        &api,
        "lang=fr&next=%2Fdashboard%2Fmessages%3Ffolder%3Darchived",
        Some(&amina),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[header::LOCATION],
        "/dashboard/messages?folder=archived"
    );
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("lang=fr;") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let stored: String = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1::uuid")
        .bind(&amina.id)
        .fetch_one(&api.pool())
        .await
        .unwrap();
    assert_eq!(stored, "fr");

    // Only back to this site; a language we do not have is refused.
    let res = switch(&api, "lang=en&next=https%3A%2F%2Fevil.example%2F", None).await;
    assert_eq!(res.headers()[header::LOCATION], "/");
    let res = switch(&api, "lang=de&next=%2F", None).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_slice(res.body()).unwrap();
    assert_eq!(body["code"], "invalid_field");
}

#[sqlx::test]
async fn error_sentences_follow_the_language_and_codes_do_not(pool: PgPool) {
    let api = Api::new(pool);
    let (seller, buyer) = (api.user("Seller").await, api.user("Buyer").await);
    let conversation = api.conversation(&buyer, &seller, None).await;
    let empty = |lang: Option<&'static str>| {
        let mut req = Request::post("/api/messages")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &buyer.cookie);
        if let Some(lang) = lang {
            req = req.header(header::ACCEPT_LANGUAGE, lang);
        }
        req.body(Body::from(
            json!({ "conversationId": conversation, "content": "   " }).to_string(),
        ))
        .unwrap()
    };
    let french = api.send(empty(Some("fr-FR,fr;q=0.9"))).await;
    assert_eq!(french.status(), StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_slice(french.body()).unwrap();
    assert_eq!(body["success"], false);
    assert_eq!(body["code"], "empty_content");
    assert_eq!(body["error"], "Un message ne peut pas être vide.");
    let english: Value = serde_json::from_slice(api.send(empty(None)).await.body()).unwrap();
    assert_eq!(english["code"], "empty_content");
    assert!(!english["error"].as_str().unwrap().is_empty());
    assert_ne!(english["error"], body["error"]);

    // Not logged in, in French: the code is the same, the sentence French.
    let req = Request::get("/api/messages/unread")
        .header(header::ACCEPT_LANGUAGE, "fr")
        .body(Body::empty())
        .unwrap();
    let res = api.send(req).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = serde_json::from_slice(res.body()).unwrap();
    assert_eq!(body["code"], "not_authenticated");
    assert_eq!(body["error"], "Veuillez vous connecter.");

    // A server function's error, with the cookie's choice.
    let french_visitor = Session {
        id: String::new(),
        name: String::new(),
        cookie: "lang=fr".into(),
    };
    let wrong = api
        .rpc(
            "login",
            "email=seller%40example.com&password=wrong-password",
            Some(&french_visitor),
        )
        .await;
    wrong.assert_rpc_error(401, "invalid_credentials");
    assert_eq!(wrong.body["error"], "E-mail ou mot de passe incorrect.");
}

//! Image attachments: uploads checked by content, re-encoded without
//! metadata, thumbnails, attaching to messages (at most four, each once),
//! access for participants only, and the cleanup of unused uploads.

use crate::client::{Api, Session};
use http::{header, StatusCode};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageEncoder, RgbImage};
use serde_json::{json, Value};
use sqlx::PgPool;

fn picture(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, 128])
    }))
}

/// A PNG of a small test picture (also the storage tests').
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    picture(width, height)
        .write_with_encoder(PngEncoder::new(&mut out))
        .unwrap();
    out
}

fn webp(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let rgba = picture(width, height).to_rgba8();
    WebPEncoder::new_lossless(&mut out)
        .write_image(&rgba, width, height, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

/// The camera's secret in the EXIF block: it must not survive.
const EXIF_SECRET: &[u8] = b"GPS 48.8584N 2.2945E serial SOUK-4815";

/// A JPEG whose EXIF says "rotate 90° clockwise" (orientation 6) and
/// carries [`EXIF_SECRET`].
fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&picture(width, height))
        .unwrap();
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1]); // one entry
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // orientation 6
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    tiff.extend_from_slice(EXIF_SECRET);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let length = (app1.len() + 2) as u16;
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn upload_ok(api: &Api, who: &Session, name: &str, bytes: &[u8]) -> Value {
    let reply = api.upload(Some(who), name, bytes).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", reply.body);
    reply.data().clone()
}

async fn send_with(
    api: &Api,
    who: &Session,
    conv: &str,
    content: &str,
    ids: &[&str],
) -> crate::client::Reply {
    api.post(
        "/api/messages",
        json!({ "conversationId": conv, "content": content, "attachmentIds": ids }),
        Some(who),
    )
    .await
}

#[sqlx::test]
async fn png_jpeg_and_webp_are_accepted_by_their_content(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    let png = upload_ok(&api, &alice, "holiday.jpg", &png(640, 480)).await;
    assert_eq!(png["contentType"], "image/png", "the name does not decide");
    assert_eq!(
        (png["width"].as_i64(), png["height"].as_i64()),
        (Some(640), Some(480))
    );
    assert!(png["size"].as_i64().unwrap() > 0);
    let webp = upload_ok(&api, &alice, "a.webp", &webp(300, 200)).await;
    assert_eq!(webp["contentType"], "image/webp");
    let jpeg = upload_ok(&api, &alice, "IMG_0001.JPG", &jpeg_with_exif(120, 80)).await;
    assert_eq!(jpeg["contentType"], "image/jpeg");

    // The uploader can see their own upload before sending it.
    let id = png["id"].as_str().unwrap();
    let bytes = api
        .get_bytes(&format!("/api/attachments/{id}"), &alice)
        .await;
    assert_eq!(bytes.status(), StatusCode::OK);
    assert_eq!(bytes.headers()[header::CONTENT_TYPE], "image/png");
    let thumb = api
        .get_bytes(&format!("/api/attachments/{id}/thumbnail"), &alice)
        .await;
    assert_eq!(thumb.headers()[header::CONTENT_TYPE], "image/jpeg");
    let small = image::load_from_memory(thumb.body()).unwrap();
    assert_eq!((small.width(), small.height()), (400, 300));
}

#[sqlx::test]
async fn exif_is_gone_and_the_photo_is_upright(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    let original = jpeg_with_exif(120, 80);
    assert!(contains(&original, EXIF_SECRET) && contains(&original, b"Exif"));
    let uploaded = upload_ok(&api, &alice, "photo.jpg", &original).await;
    // Orientation 6 turns the 120×80 sensor image into an 80×120 photo.
    assert_eq!(
        (uploaded["width"].as_i64(), uploaded["height"].as_i64()),
        (Some(80), Some(120))
    );
    let id = uploaded["id"].as_str().unwrap();
    let stored = api
        .get_bytes(&format!("/api/attachments/{id}"), &alice)
        .await;
    let bytes = stored.body();
    assert!(!contains(bytes, EXIF_SECRET), "the EXIF secret survived");
    assert!(!contains(bytes, b"Exif"), "an EXIF block survived");
    let decoded = image::load_from_memory(bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (80, 120));
}

#[sqlx::test]
async fn what_is_not_an_image_is_refused(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    api.upload(
        Some(&alice),
        "notes.png",
        b"just some text, not a picture at all",
    )
    .await
    .assert_error(415, "unsupported_file_type");
    api.upload(Some(&alice), "tiny.png", b"hi")
        .await
        .assert_error(415, "unsupported_file_type");
    let mut broken = png(64, 64);
    broken.truncate(broken.len() / 2);
    api.upload(Some(&alice), "broken.png", &broken)
        .await
        .assert_error(400, "invalid_image");
    // A PNG that claims to be 50,000 px wide is refused without decoding.
    let mut huge = png(1, 1);
    huge[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    api.upload(Some(&alice), "huge.png", &huge)
        .await
        .assert_error(400, "invalid_image");
    api.upload(None, "a.png", &png(2, 2))
        .await
        .assert_error(401, "not_authenticated");
    let wrong = api
        .post(
            "/api/messages/attachments",
            json!({"file": "x"}),
            Some(&alice),
        )
        .await;
    wrong.assert_error(400, "invalid_content_type");
    assert_eq!(api.count("attachments").await, 0);
}

#[sqlx::test]
async fn an_oversized_file_is_413_while_it_streams(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    let mut big = png(8, 8);
    big.resize(10 * 1024 * 1024 + 1, 0);
    api.upload(Some(&alice), "big.png", &big)
        .await
        .assert_error(413, "payload_too_large");
    assert_eq!(api.count("attachments").await, 0);
}

#[sqlx::test]
async fn images_go_with_a_message_to_its_participants_only(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob, eve) = (
        api.user("Alice").await,
        api.user("Bob").await,
        api.user("Eve").await,
    );
    let conv = api.conversation(&alice, &bob, None).await;
    let first = upload_ok(&api, &alice, "a.png", &png(50, 40)).await;
    let second = upload_ok(&api, &alice, "b.png", &png(40, 50)).await;
    let ids = [
        first["id"].as_str().unwrap(),
        second["id"].as_str().unwrap(),
    ];

    let sent = send_with(&api, &alice, &conv, "", &ids).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let listed: Vec<&str> = sent.data()["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ids, "in the order given");
    let first_url = sent.data()["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let thumb_url = sent.data()["attachments"][0]["thumbnailUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(first_url, format!("/api/attachments/{}", ids[0]));

    // Bob sees them in the thread, the list preview and the bytes.
    let thread = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&bob))
        .await;
    assert_eq!(thread.data()["messages"][0]["attachments"][1]["id"], ids[1]);
    let inbox = api.get("/api/messages/conversations", Some(&bob)).await;
    assert_eq!(
        inbox.data()[0]["lastMessage"]["attachments"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    for url in [&first_url, &thumb_url] {
        let res = api.get_bytes(url, &bob).await;
        assert_eq!(res.status(), StatusCode::OK);
        let cache = res.headers()[header::CACHE_CONTROL].to_str().unwrap();
        assert!(cache.starts_with("private"), "{cache}");
        assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    // Eve, and an unknown id, get the same 404.
    for url in [&first_url, &thumb_url] {
        let res = api.get(url, Some(&eve)).await;
        res.assert_error(404, "not_found");
    }
    api.get(
        &format!("/api/attachments/{}", uuid::Uuid::new_v4()),
        Some(&bob),
    )
    .await
    .assert_error(404, "not_found");

    // After Bob deletes the conversation for himself, he no longer sees it.
    api.delete(&format!("/api/messages/conversations/{conv}"), Some(&bob))
        .await;
    api.get(&first_url, Some(&bob))
        .await
        .assert_error(404, "not_found");
}

#[sqlx::test]
async fn an_upload_goes_with_one_message_of_its_uploader(pool: PgPool) {
    let api = Api::new(pool);
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let upload = upload_ok(&api, &alice, "a.png", &png(10, 10)).await;
    let id = upload["id"].as_str().unwrap();

    // Not Bob's to send.
    send_with(&api, &bob, &conv, "look", &[id])
        .await
        .assert_error(400, "invalid_attachment");
    let sent = send_with(&api, &alice, &conv, "look", &[id]).await;
    assert_eq!(sent.status, StatusCode::CREATED);
    // Used once: refused the second time, and nothing is stored.
    send_with(&api, &alice, &conv, "again", &[id])
        .await
        .assert_error(409, "attachment_used");
    assert_eq!(api.count("messages").await, 1);

    let unknown = uuid::Uuid::new_v4().to_string();
    send_with(&api, &alice, &conv, "x", &[&unknown])
        .await
        .assert_error(400, "invalid_attachment");
    let mut five = Vec::new();
    for _ in 0..5 {
        five.push(
            upload_ok(&api, &alice, "p.png", &png(4, 4)).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let five: Vec<&str> = five.iter().map(String::as_str).collect();
    send_with(&api, &alice, &conv, "", &five)
        .await
        .assert_error(400, "too_many_attachments");
    send_with(&api, &alice, &conv, "", &[five[0], five[0]])
        .await
        .assert_error(400, "invalid_attachment");
    send_with(&api, &alice, &conv, "  ", &[])
        .await
        .assert_error(400, "empty_content");
    let four = send_with(&api, &alice, &conv, "", &five[..4]).await;
    assert_eq!(four.status, StatusCode::CREATED, "{}", four.body);
    assert_eq!(four.data()["content"], "");

    // The server function takes them too.
    let form = format!(
        "conversation_id={conv}&content=&client_id={}&attachment_ids[0]={}",
        uuid::Uuid::new_v4(),
        five[4]
    );
    let rpc = api.rpc("send_message", &form, Some(&alice)).await;
    assert_eq!(rpc.status, StatusCode::OK, "{}", rpc.body);
    assert_eq!(rpc.body["attachments"][0]["id"], five[4]);
}

#[sqlx::test]
async fn unused_uploads_older_than_a_day_are_deleted_with_their_bytes(pool: PgPool) {
    let api = Api::new(pool.clone());
    let (alice, bob) = (api.user("Alice").await, api.user("Bob").await);
    let conv = api.conversation(&alice, &bob, None).await;
    let old_unused = upload_ok(&api, &alice, "a.png", &png(4, 4)).await;
    let old_sent = upload_ok(&api, &alice, "b.png", &png(4, 4)).await;
    let fresh = upload_ok(&api, &alice, "c.png", &png(4, 4)).await;
    send_with(&api, &alice, &conv, "", &[old_sent["id"].as_str().unwrap()]).await;
    sqlx::query("UPDATE attachments SET created_at = now() - interval '25 hours' WHERE id <> $1")
        .bind(uuid::Uuid::parse_str(fresh["id"].as_str().unwrap()).unwrap())
        .execute(&pool)
        .await
        .unwrap();

    let purged = api.purge_unused_uploads().await;
    assert_eq!(purged, 1);
    let gone = old_unused["id"].as_str().unwrap();
    api.get(&format!("/api/attachments/{gone}"), Some(&alice))
        .await
        .assert_error(404, "not_found");
    assert!(!api.stored(&format!("originals/{gone}")).await);
    for kept in [&old_sent, &fresh] {
        let id = kept["id"].as_str().unwrap();
        let res = api
            .get_bytes(&format!("/api/attachments/{id}"), &alice)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
}

#[sqlx::test]
async fn uploads_are_rate_limited_and_refused_ones_do_not_count(pool: PgPool) {
    use souk::server::limits::{Bucket, Limit};
    let api = Api::with_settings(pool, |state| {
        state
            .limits
            .set(Bucket::UploadUser, Limit::parse("2/3600").unwrap());
    });
    let alice = api.user("Alice").await;
    // A refused upload is not counted.
    api.upload(Some(&alice), "x.png", b"not an image at all")
        .await
        .assert_error(415, "unsupported_file_type");
    upload_ok(&api, &alice, "a.png", &png(4, 4)).await;
    upload_ok(&api, &alice, "b.png", &png(4, 4)).await;
    let third = api.upload(Some(&alice), "c.png", &png(4, 4)).await;
    third.assert_error(429, "rate_limited");
    assert!(third.retry_after.is_some_and(|s| s > 0));
    let bob = api.user("Bob").await;
    upload_ok(&api, &bob, "d.png", &png(4, 4)).await; // per user
}

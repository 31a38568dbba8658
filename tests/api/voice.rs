//! Voice messages: recordings checked by content and measured from the
//! file (never from the client's word), at most two minutes, sent on their
//! own, served in byte ranges to the conversation's participants only.

use crate::client::{Api, Session};
use http::{header, Method, Request, StatusCode};
use ogg::writing::{PacketWriteEndInfo, PacketWriter};
use serde_json::{json, Value};
use sqlx::PgPool;

const CHROMIUM_WEBM: &[u8] = include_bytes!("../fixtures/voice.webm");
const CHROMIUM_MP4: &[u8] = include_bytes!("../fixtures/voice.mp4");

/// An Ogg/Opus recording of `seconds` of silence: the identification and
/// comment headers, then 20 ms Opus frames, fifty to a page, each page
/// stamped with the samples (at 48 kHz) up to its end.
fn ogg_opus(seconds: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = PacketWriter::new(&mut out);
    let serial = 0x50_55_4b;
    let mut head = b"OpusHead".to_vec();
    head.extend_from_slice(&[1, 1]); // version, one channel
    head.extend_from_slice(&312u16.to_le_bytes()); // pre-skip
    head.extend_from_slice(&48_000u32.to_le_bytes());
    head.extend_from_slice(&[0, 0, 0]); // gain, mapping family
    writer
        .write_packet(head, serial, PacketWriteEndInfo::EndPage, 0)
        .unwrap();
    let mut tags = b"OpusTags".to_vec();
    tags.extend_from_slice(&4u32.to_le_bytes());
    tags.extend_from_slice(b"souk");
    tags.extend_from_slice(&0u32.to_le_bytes());
    writer
        .write_packet(tags, serial, PacketWriteEndInfo::EndPage, 0)
        .unwrap();
    let frames = seconds * 50;
    for frame in 1..=frames {
        let end = if frame == frames {
            PacketWriteEndInfo::EndStream
        } else if frame % 50 == 0 {
            PacketWriteEndInfo::EndPage
        } else {
            PacketWriteEndInfo::NormalPacket
        };
        // TOC 0xF8: CELT full band, 20 ms, mono, one frame; then silence.
        let granule = u64::from(frame) * 960 + 312;
        writer
            .write_packet(vec![0xF8, 0xFF, 0xFE], serial, end, granule)
            .unwrap();
    }
    drop(writer);
    out
}

async fn upload_ok(api: &Api, who: &Session, name: &str, bytes: &[u8]) -> Value {
    let reply = api.upload(Some(who), name, bytes).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", reply.body);
    reply.data().clone()
}

fn duration_ms(attachment: &Value) -> i64 {
    attachment["durationMs"].as_i64().expect("durationMs")
}

#[sqlx::test]
async fn browser_recordings_are_accepted_and_measured_from_the_file(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;

    let webm = upload_ok(&api, &alice, "voice.webm", CHROMIUM_WEBM).await;
    assert_eq!(webm["contentType"], "audio/webm");
    assert!((2_000..3_000).contains(&duration_ms(&webm)), "{webm}");
    assert!(webm.get("width").is_none() && webm.get("thumbnailUrl").is_none());
    assert_eq!(webm["size"].as_u64(), Some(CHROMIUM_WEBM.len() as u64));

    let mp4 = upload_ok(&api, &alice, "voice.m4a", CHROMIUM_MP4).await;
    assert_eq!(mp4["contentType"], "audio/mp4");
    assert!((2_000..3_000).contains(&duration_ms(&mp4)), "{mp4}");

    let ogg = upload_ok(&api, &alice, "voice.ogg", &ogg_opus(5)).await;
    assert_eq!(ogg["contentType"], "audio/ogg");
    assert!((4_950..=5_050).contains(&duration_ms(&ogg)), "{ogg}");
}

#[sqlx::test]
async fn a_duration_claimed_by_the_client_is_not_believed(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    let boundary = "voice-boundary-51";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"durationMs\"\r\n\r\n1000\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.ogg\"\r\n\
         Content-Type: audio/ogg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&ogg_opus(3));
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/messages/attachments")
        .header(header::COOKIE, &alice.cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    let res = api.send(req).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let answer: Value = serde_json::from_slice(res.body()).unwrap();
    assert!(
        (2_950..=3_050).contains(&duration_ms(&answer["data"])),
        "{answer}"
    );
}

#[sqlx::test]
async fn text_dressed_as_audio_and_long_recordings_are_refused(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;

    api.upload(
        Some(&alice),
        "voice.webm",
        b"Hello, I am only text, honestly.",
    )
    .await
    .assert_error(415, "unsupported_file_type");
    // The right first bytes, then nothing a demuxer can read.
    let mut fake = CHROMIUM_WEBM[..48].to_vec();
    fake.extend_from_slice(&[0x55; 4000]);
    api.upload(Some(&alice), "voice.webm", &fake)
        .await
        .assert_error(400, "invalid_audio");

    api.upload(Some(&alice), "long.ogg", &ogg_opus(180))
        .await
        .assert_error(400, "recording_too_long");
    let two_minutes = upload_ok(&api, &alice, "two-minutes.ogg", &ogg_opus(120)).await;
    assert!((119_950..=120_050).contains(&duration_ms(&two_minutes)));
    assert_eq!(
        api.count("attachments").await,
        1,
        "the refused left nothing"
    );
}

async fn get_range(
    api: &Api,
    url: &str,
    who: &Session,
    range: &str,
) -> http::Response<axum::body::Bytes> {
    let req = Request::builder()
        .uri(url)
        .header(header::COOKIE, &who.cookie)
        .header(header::RANGE, range)
        .body(axum::body::Body::empty())
        .unwrap();
    api.send(req).await
}

#[sqlx::test]
async fn a_voice_message_plays_for_both_participants_only(pool: PgPool) {
    let api = Api::new(pool);
    let alice = api.user("Alice").await;
    let bob = api.user("Bob").await;
    let eve = api.user("Eve").await;
    let conv = api.conversation(&alice, &bob, None).await;
    let voice = upload_ok(&api, &alice, "voice.webm", CHROMIUM_WEBM).await;
    let photo = upload_ok(&api, &alice, "p.png", &crate::attachments::png(20, 20)).await;
    let both = [voice["id"].as_str().unwrap(), photo["id"].as_str().unwrap()];
    api.post(
        "/api/messages",
        json!({ "conversationId": conv, "content": "", "attachmentIds": both }),
        Some(&alice),
    )
    .await
    .assert_error(400, "invalid_attachment");

    let sent = api
        .post(
            "/api/messages",
            json!({ "conversationId": conv, "content": "", "attachmentIds": [both[0]] }),
            Some(&alice),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let attached = &sent.data()["attachments"][0];
    assert_eq!(attached["durationMs"], voice["durationMs"]);

    let listed = api
        .get(&format!("/api/messages/conversations/{conv}"), Some(&bob))
        .await;
    let heard = &listed.data()["messages"][0]["attachments"][0];
    assert_eq!(heard["contentType"], "audio/webm");
    assert_eq!(heard["durationMs"], voice["durationMs"]);
    let url = heard["url"].as_str().unwrap();

    let whole = api.get_bytes(url, &bob).await;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.headers()[header::CONTENT_TYPE], "audio/webm");
    assert_eq!(whole.headers()[header::ACCEPT_RANGES], "bytes");
    assert_eq!(whole.body().as_ref(), CHROMIUM_WEBM);

    let ranged = get_range(&api, url, &bob, "bytes=100-199").await;
    assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        ranged.headers()[header::CONTENT_RANGE],
        format!("bytes 100-199/{}", CHROMIUM_WEBM.len()).as_str()
    );
    assert_eq!(ranged.body().as_ref(), &CHROMIUM_WEBM[100..200]);
    let beyond = get_range(&api, url, &bob, "bytes=999999-").await;
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    assert_eq!(
        api.get_bytes(url, &eve).await.status(),
        StatusCode::NOT_FOUND
    );
    let thumbnail = format!("{url}/thumbnail");
    assert_eq!(
        api.get_bytes(&thumbnail, &bob).await.status(),
        StatusCode::NOT_FOUND
    );
}

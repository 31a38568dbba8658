//! Web Push subscriptions, and who gets a push for a new message.
//!
//! The rules:
//! - A subscription is checked before it is stored: an https endpoint on
//!   a public address (`notify::push::endpoint`), a P-256 key and a
//!   16-byte secret. One row per endpoint; it belongs to the session that
//!   made it, so logging out removes that browser's.
//! - A new message is pushed to each of its recipient's subscriptions when
//!   no page of theirs is open (within `notifications::PRESENT_FOR`), and
//!   never across a block.

use super::notifications::PRESENT_FOR;
use super::DbResultExt;
use crate::domain::attachment::Carried;
use crate::domain::call::CallLine;
use crate::domain::language;
use crate::domain::offer::OfferStep;
use crate::domain::{AppError, ErrorCode, PushPayload, PushSubscriptionJson};
use crate::server::notify::push::{endpoint, vapid, Subscription};
use crate::ui_support::labels;
use sqlx::types::Json;
use sqlx::PgPool;
use uuid::Uuid;

fn invalid(sentence: &str) -> AppError {
    AppError::new(ErrorCode::InvalidSubscription, sentence.to_owned())
}

/// A subscription's keys, decoded and checked.
fn keys(input: &PushSubscriptionJson) -> Result<(Vec<u8>, Vec<u8>), AppError> {
    let p256dh =
        vapid::decode(&input.keys.p256dh).ok_or_else(|| invalid("keys.p256dh is not base64url"))?;
    if web_push_native::p256::PublicKey::from_sec1_bytes(&p256dh).is_err() || p256dh.len() != 65 {
        return Err(invalid(
            "keys.p256dh is not an uncompressed P-256 public key (65 bytes)",
        ));
    }
    let auth =
        vapid::decode(&input.keys.auth).ok_or_else(|| invalid("keys.auth is not base64url"))?;
    if auth.len() != 16 {
        return Err(invalid("keys.auth must be 16 bytes"));
    }
    Ok((p256dh, auth))
}

/// Stores `me`'s subscription for this browser (again: replaced).
/// `session` is the hash of the session that makes it.
#[tracing::instrument(skip_all)]
pub async fn subscribe(
    pool: &PgPool,
    allow_insecure: bool,
    me: Uuid,
    session: &[u8],
    input: PushSubscriptionJson,
) -> Result<(), AppError> {
    endpoint::check(&input.endpoint, allow_insecure)?;
    let (p256dh, auth) = keys(&input)?;
    sqlx::query!(
        "INSERT INTO push_subscriptions (id, user_id, session_token_hash, endpoint, p256dh, auth)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (endpoint) DO UPDATE
         SET user_id = excluded.user_id, session_token_hash = excluded.session_token_hash,
             p256dh = excluded.p256dh, auth = excluded.auth, created_at = now()",
        Uuid::new_v4(),
        me,
        session,
        input.endpoint,
        p256dh,
        auth,
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(())
}

/// This browser gets no more pushes for `me` (none stored: still done).
#[tracing::instrument(skip_all)]
pub async fn unsubscribe(pool: &PgPool, me: Uuid, endpoint: &str) -> Result<(), AppError> {
    sqlx::query!(
        "DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2",
        me,
        endpoint,
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(())
}

/// The push for `message_id` and where it goes; `None` when `recipient`
/// gets none (no subscription, on the site now, not theirs, a block).
#[tracing::instrument(skip(pool))]
pub async fn for_message(
    pool: &PgPool,
    recipient: Uuid,
    message_id: Uuid,
) -> Result<Option<(PushPayload, Vec<Subscription>)>, AppError> {
    let subscriptions = sqlx::query_as!(
        Subscription,
        "SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = $1",
        recipient,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    if subscriptions.is_empty() {
        return Ok(None);
    }
    let message = sqlx::query!(
        r#"SELECT m.conversation_id, m.content, s.name AS sender_name, r.locale,
                  COALESCE(l.title, c.ad_title) AS listing_title,
                  ARRAY(SELECT a->>'contentType' FROM jsonb_array_elements(m.attachment_list) a)
                      AS "content_types!: Vec<String>",
                  m.call AS "call: Json<CallLine>",
                  offer_json(mo) AS "offer: Json<crate::domain::offer::Offer>",
                  m.offer_step
           FROM messages m
           JOIN conversations c ON c.id = m.conversation_id
           JOIN users s ON s.id = m.sender_id
           JOIN users r ON r.id = $1
           LEFT JOIN listings l ON l.id = c.listing_id
           LEFT JOIN offers mo ON mo.id = m.offer_id
           WHERE m.id = $2 AND m.sender_id <> r.id AND r.id IN (c.user_low, c.user_high)
             AND (r.last_seen_at IS NULL OR r.last_seen_at < now() - make_interval(secs => $3))
             AND NOT EXISTS (SELECT 1 FROM user_blocks b
                             WHERE (b.blocker_id = r.id AND b.blocked_id = s.id)
                                OR (b.blocker_id = s.id AND b.blocked_id = r.id))"#,
        recipient,
        message_id,
        PRESENT_FOR.as_secs_f64(),
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    Ok(message.map(|m| {
        let locale = language::locale_or_english(Some(&m.locale));
        let payload = PushPayload::for_message(
            locale,
            &m.conversation_id.to_string(),
            &m.sender_name,
            m.listing_title.as_deref(),
            &match (
                m.call,
                m.offer,
                m.offer_step.as_deref().and_then(OfferStep::parse),
            ) {
                (Some(Json(line)), ..) => labels::call_line(locale, line),
                (_, Some(Json(offer)), Some(step)) => {
                    labels::offer_line(locale, &offer, step, false, &m.sender_name)
                }
                _ => m.content,
            },
            Carried::of(m.content_types.iter().map(String::as_str)),
        );
        (payload, subscriptions)
    }))
}

/// The push service no longer knows this subscription.
#[tracing::instrument(skip(pool))]
pub async fn forget(pool: &PgPool, subscription_id: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "DELETE FROM push_subscriptions WHERE id = $1",
        subscription_id
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(())
}

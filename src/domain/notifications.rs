//! Notifications on the wire: the user's settings, and the Web Push
//! subscription a browser hands over.

use crate::domain::attachment::Carried;
use crate::domain::language::Locale;
use serde::{Deserialize, Serialize};

/// What `/settings` shows and changes (`GET`/`POST /api/settings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationSettings {
    /// Emails about messages left unread while away.
    pub email_notifications: bool,
}

/// What an email's unsubscribe link is about: whose emails it stops, and
/// whether they are on now (the page at the link shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unsubscription {
    pub email: String,
    pub email_notifications: bool,
}

/// A browser's `PushSubscription.toJSON()`, as posted to
/// `POST /api/push/subscriptions`. Checked by the server before anything
/// is stored: an https endpoint on a public address, and keys of the
/// right size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushSubscriptionJson {
    pub endpoint: String,
    pub keys: PushKeys,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushKeys {
    /// The browser's P-256 public key, base64url (65 bytes uncompressed).
    pub p256dh: String,
    /// Its authentication secret, base64url (16 bytes).
    pub auth: String,
}

/// `DELETE /api/push/subscriptions`: which browser stops getting pushes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushEndpoint {
    pub endpoint: String,
}

/// `GET /api/push/vapid-public-key`: what the browser passes to
/// `pushManager.subscribe` as `applicationServerKey` (base64url).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VapidPublicKey {
    pub key: String,
}

/// What a push says, for the service worker to show (`public/sw.js`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushPayload {
    pub title: String,
    pub body: String,
    /// One notification per conversation: a later one replaces it.
    pub tag: String,
    /// Where a click on it goes.
    pub url: String,
    /// The picture beside it (a PNG: browsers draw no SVG there).
    pub icon: String,
}

/// The site's icon, for notifications.
pub const NOTIFICATION_ICON: &str = "/icon-192.png";

impl PushPayload {
    /// The notification for a new message, as pushes and the page's own
    /// notifications show it: the sender and the listing, then the first
    /// line, in the recipient's language. One per conversation (`tag`); a
    /// click opens it.
    pub fn for_message(
        locale: Locale,
        conversation_id: &str,
        sender_name: &str,
        listing_title: Option<&str>,
        content: &str,
        carried: Carried,
    ) -> Self {
        let title = match listing_title {
            Some(listing) => format!("{sender_name} · {listing}"),
            None => sender_name.to_owned(),
        };
        let first_line = content.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let body = match first_line.trim() {
            "" => carried.label(locale),
            line if line.chars().count() > NOTICE_LINE_CHARS => {
                line.chars().take(NOTICE_LINE_CHARS).collect::<String>() + "…"
            }
            line => line.to_owned(),
        };
        Self {
            title,
            body,
            tag: format!("conversation-{conversation_id}"),
            url: format!("/dashboard/messages?conversation={conversation_id}"),
            icon: NOTIFICATION_ICON.to_owned(),
        }
    }
}

/// A notification's line of text is cut here.
const NOTICE_LINE_CHARS: usize = 120;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_notice_shows_sender_listing_and_first_line() {
        let id = "c1";
        let notice = PushPayload::for_message(
            Locale::en,
            id,
            "Bob",
            Some("Armchair"),
            "\nStill there?\nBye",
            Carried::Nothing,
        );
        assert_eq!(notice.title, "Bob · Armchair");
        assert_eq!(notice.body, "Still there?");
        assert_eq!(notice.tag, format!("conversation-{id}"));
        assert_eq!(notice.url, format!("/dashboard/messages?conversation={id}"));
        assert_eq!(
            PushPayload::for_message(Locale::en, id, "Bob", None, "", Carried::Photos(1)).body,
            "Photo"
        );
        assert_eq!(
            PushPayload::for_message(Locale::fr, id, "Bob", None, "", Carried::Photos(2)).body,
            "2 photos"
        );
        assert_eq!(
            PushPayload::for_message(Locale::fr, id, "Bob", None, "", Carried::Voice).body,
            "Message vocal"
        );
        assert_eq!(
            PushPayload::for_message(Locale::en, id, "Bob", None, "", Carried::Photos(3)).title,
            "Bob"
        );
        let long = PushPayload::for_message(
            Locale::en,
            id,
            "Bob",
            None,
            &"x".repeat(500),
            Carried::Nothing,
        );
        assert_eq!(long.body.chars().count(), NOTICE_LINE_CHARS + 1);
    }
}

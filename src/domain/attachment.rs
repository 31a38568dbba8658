//! Images attached to messages.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// At most this many images go with one message.
pub const MAX_ATTACHMENTS: usize = 4;
/// The largest file accepted, in bytes (10 MiB).
pub const MAX_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;
/// What the attach button offers (the server checks the bytes anyway).
pub const ACCEPTED_TYPES: &str = "image/jpeg,image/png,image/webp";

/// An uploaded image: what `POST /api/messages/attachments` answers, and
/// what a message lists. `url` and `thumbnail_url` serve the bytes to the
/// conversation's participants only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: Uuid,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    /// Bytes, after metadata was removed.
    pub size: i64,
    pub url: String,
    pub thumbnail_url: String,
}

impl Attachment {
    pub fn new(id: Uuid, content_type: String, width: i32, height: i32, size: i64) -> Self {
        Self {
            id,
            content_type,
            width,
            height,
            size,
            url: format!("/api/attachments/{id}"),
            thumbnail_url: format!("/api/attachments/{id}/thumbnail"),
        }
    }
}

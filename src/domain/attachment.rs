//! Images attached to messages.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// At most this many images go with one message.
pub const MAX_ATTACHMENTS: usize = 4;
/// The largest file accepted, in bytes (10 MiB).
pub const MAX_UPLOAD_BYTES: u64 = 10 * 1024 * 1024;
/// The browser scales photos larger than this (pixels on the long side)
/// down to it before uploading them.
pub const SHRINK_LONG_SIDE: u32 = 2048;
/// The largest file the browser takes in to make smaller (bytes, 50 MB);
/// what it uploads must still be within `MAX_UPLOAD_BYTES`.
pub const MAX_PICKED_BYTES: u64 = 50 * 1000 * 1000;
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

/// The size of a `width`×`height` image scaled down, proportions kept, to
/// at most `long_side` pixels on its long side; `None` when it fits already.
pub fn scaled_to_fit(width: u32, height: u32, long_side: u32) -> Option<(u32, u32)> {
    let longest = width.max(height);
    if longest <= long_side {
        return None;
    }
    let scale = |side: u32| (u64::from(side) * u64::from(long_side) / u64::from(longest)).max(1);
    Some((scale(width) as u32, scale(height) as u32))
}

#[cfg(test)]
mod tests {
    use super::scaled_to_fit;

    #[test]
    fn only_images_over_the_long_side_are_scaled_keeping_proportions() {
        assert_eq!(scaled_to_fit(4000, 3000, 2048), Some((2048, 1536)));
        assert_eq!(scaled_to_fit(3000, 4000, 2048), Some((1536, 2048)));
        assert_eq!(scaled_to_fit(2049, 1, 2048), Some((2048, 1)));
        assert_eq!(scaled_to_fit(2048, 2048, 2048), None);
        assert_eq!(scaled_to_fit(800, 600, 2048), None);
    }
}

//! Images and voice messages attached to messages.

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
/// The longest voice message, in milliseconds (2 minutes). The recorder
/// stops itself there; the server measures the file and refuses longer.
pub const MAX_VOICE_MS: i32 = 120_000;
/// What the server allows beyond [`MAX_VOICE_MS`]: a recorder stopped at
/// the cap still writes its last buffered packets after it.
pub const VOICE_CAP_SLACK_MS: i32 = 1_500;
/// What the recorder asks the browser for, best first: WebM/Opus
/// (Chromium, Firefox), Ogg/Opus, MP4 (Safari, which records only that).
pub const VOICE_RECORDING_TYPES: [&str; 4] = [
    "audio/webm;codecs=opus",
    "audio/ogg;codecs=opus",
    "audio/mp4;codecs=mp4a.40.2",
    "audio/mp4",
];

/// An uploaded image or voice recording: what `POST
/// /api/messages/attachments` answers, and what a message lists. `url`
/// (and an image's `thumbnail_url`) serve the bytes to the conversation's
/// participants only. An image has its size in pixels, a recording its
/// `duration_ms`, measured from the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: Uuid,
    pub content_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i32>,
    /// Bytes, after metadata was removed.
    pub size: i64,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
}

impl Attachment {
    pub fn image(id: Uuid, content_type: String, width: i32, height: i32, size: i64) -> Self {
        Self {
            id,
            content_type,
            width: Some(width),
            height: Some(height),
            duration_ms: None,
            size,
            url: format!("/api/attachments/{id}"),
            thumbnail_url: Some(format!("/api/attachments/{id}/thumbnail")),
        }
    }

    pub fn voice(id: Uuid, content_type: String, duration_ms: i32, size: i64) -> Self {
        Self {
            id,
            content_type,
            width: None,
            height: None,
            duration_ms: Some(duration_ms),
            size,
            url: format!("/api/attachments/{id}"),
            thumbnail_url: None,
        }
    }

    /// A recording (played in the thread), not an image.
    pub fn is_voice(&self) -> bool {
        self.content_type.starts_with("audio/")
    }
}

/// What a message carries besides its text, as previews (the list, a
/// notification) name it when there is no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Carried {
    #[default]
    Nothing,
    Photos(usize),
    Voice,
}

impl Carried {
    /// From the attachments' content types.
    pub fn of<'a>(content_types: impl IntoIterator<Item = &'a str>) -> Self {
        let mut photos = 0;
        for content_type in content_types {
            if content_type.starts_with("audio/") {
                return Carried::Voice;
            }
            photos += 1;
        }
        match photos {
            0 => Carried::Nothing,
            count => Carried::Photos(count),
        }
    }

    pub fn of_attachments(attachments: &[Attachment]) -> Self {
        Self::of(attachments.iter().map(|a| a.content_type.as_str()))
    }

    /// "Photo", "2 photos", "Voice message"; empty for nothing.
    pub fn label(self, locale: crate::i18n::Locale) -> String {
        use crate::i18n::td_string;
        match self {
            Carried::Nothing => String::new(),
            Carried::Photos(count) => td_string!(locale, inbox.photos, count).to_string(),
            Carried::Voice => td_string!(locale, inbox.voice_message).to_owned(),
        }
    }
}

/// A duration as a player shows it: `0:07`, `1:42`.
pub fn clock_duration(ms: i32) -> String {
    let seconds = (ms.max(0) + 500) / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
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
    use super::{clock_duration, scaled_to_fit};

    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(clock_duration(0), "0:00");
        assert_eq!(clock_duration(6_600), "0:07");
        assert_eq!(clock_duration(102_000), "1:42");
        assert_eq!(clock_duration(120_000), "2:00");
    }

    #[test]
    fn only_images_over_the_long_side_are_scaled_keeping_proportions() {
        assert_eq!(scaled_to_fit(4000, 3000, 2048), Some((2048, 1536)));
        assert_eq!(scaled_to_fit(3000, 4000, 2048), Some((1536, 2048)));
        assert_eq!(scaled_to_fit(2049, 1, 2048), Some((2048, 1)));
        assert_eq!(scaled_to_fit(2048, 2048, 2048), None);
        assert_eq!(scaled_to_fit(800, 600, 2048), None);
    }
}

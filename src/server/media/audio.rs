//! Checking uploaded voice recordings. Pure and blocking: callers run it
//! off the async runtime (see `services::attachments`).
//!
//! The container is decided by the file's first bytes, then the file is
//! read through, packet by packet, by a demuxer: it must hold audio tracks
//! only, in a voice codec, and its length is where its last packet ends.
//! The length is measured because recorders do not write it (a
//! MediaRecorder WebM has no duration in its header) and a client's word
//! is not proof. Nothing is decoded: the bytes are stored as they came.

use crate::domain::attachment::{MAX_VOICE_MS, VOICE_CAP_SLACK_MS};
use crate::domain::{AppError, ErrorCode};
use symphonia::core::codecs::{CodecType, CODEC_TYPE_AAC, CODEC_TYPE_OPUS, CODEC_TYPE_VORBIS};
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// An accepted recording container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioKind {
    /// WebM (Matroska): Chromium's and Firefox's recordings.
    Webm,
    Ogg,
    /// ISO MP4: Safari's recordings.
    Mp4,
}

/// The codecs a voice recording may carry.
const VOICE_CODECS: [CodecType; 3] = [CODEC_TYPE_OPUS, CODEC_TYPE_VORBIS, CODEC_TYPE_AAC];

impl AudioKind {
    /// The container whose signature `head` (the file's first bytes)
    /// starts with, if it is one we accept.
    pub fn sniff(head: &[u8]) -> Option<Self> {
        match head {
            [0x1A, 0x45, 0xDF, 0xA3, ..] => Some(Self::Webm),
            [b'O', b'g', b'g', b'S', ..] => Some(Self::Ogg),
            [_, _, _, _, b'f', b't', b'y', b'p', ..] => Some(Self::Mp4),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Webm => "audio/webm",
            Self::Ogg => "audio/ogg",
            Self::Mp4 => "audio/mp4",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Webm => "webm",
            Self::Ogg => "ogg",
            Self::Mp4 => "mp4",
        }
    }
}

/// The recording's length in milliseconds, read from its packets: 400
/// `invalid_audio` when it does not read as voice audio of `kind`,
/// `recording_too_long` past two minutes.
pub fn measure(file: impl MediaSource + 'static, kind: AudioKind) -> Result<i32, AppError> {
    let source = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    hint.with_extension(kind.extension());
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            source,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(|_| invalid())?;
    let mut format = probed.format;
    let tracks = format.tracks();
    if tracks.is_empty()
        || tracks
            .iter()
            .any(|t| !VOICE_CODECS.contains(&t.codec_params.codec))
    {
        return Err(invalid());
    }
    let track = format.default_track().ok_or_else(invalid)?;
    let (track_id, time_base) = (track.id, track.codec_params.time_base.ok_or_else(invalid)?);
    let cap_ms = u64::from((MAX_VOICE_MS + VOICE_CAP_SLACK_MS).unsigned_abs());
    let mut end = 0u64;
    let mut packets = 0u32;
    loop {
        match format.next_packet() {
            Ok(packet) if packet.track_id() == track_id => {
                packets += 1;
                end = end.max(packet.ts.saturating_add(packet.dur));
                if millis(time_base.calc_time(end)) > cap_ms {
                    return Err(too_long());
                }
            }
            Ok(_) => {}
            Err(symphonia::core::errors::Error::IoError(e))
                if e.kind() == std::io::ErrorKind::UnexpectedEof =>
            {
                break
            }
            Err(_) => return Err(invalid()),
        }
    }
    let ms = millis(time_base.calc_time(end));
    if packets == 0 || ms == 0 {
        return Err(invalid());
    }
    Ok(ms as i32)
}

fn millis(time: symphonia::core::units::Time) -> u64 {
    time.seconds * 1000 + (time.frac * 1000.0) as u64
}

fn invalid() -> AppError {
    AppError::new(
        ErrorCode::InvalidAudio,
        "The file is not a readable voice recording (WebM, Ogg or MP4 audio)",
    )
}

fn too_long() -> AppError {
    AppError::new(
        ErrorCode::RecordingTooLong,
        "A voice message lasts at most 2 minutes",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn the_container_comes_from_the_first_bytes() {
        assert_eq!(
            AudioKind::sniff(b"\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81"),
            Some(AudioKind::Webm)
        );
        assert_eq!(
            AudioKind::sniff(b"OggS\0\x02\0\0\0\0\0\0"),
            Some(AudioKind::Ogg)
        );
        assert_eq!(
            AudioKind::sniff(b"\0\0\0\x24ftypisom"),
            Some(AudioKind::Mp4)
        );
        assert_eq!(AudioKind::sniff(b"hello, I am text"), None);
    }

    #[test]
    fn a_browser_recording_measures_its_packets() {
        let webm = include_bytes!("../../../tests/fixtures/voice.webm");
        let ms = measure(Cursor::new(webm.to_vec()), AudioKind::Webm).unwrap();
        assert!((2_000..3_000).contains(&ms), "{ms} ms");
        let mp4 = include_bytes!("../../../tests/fixtures/voice.mp4");
        let ms = measure(Cursor::new(mp4.to_vec()), AudioKind::Mp4).unwrap();
        assert!((2_000..3_000).contains(&ms), "{ms} ms");
    }

    #[test]
    fn a_truncated_or_false_recording_is_invalid() {
        let webm = include_bytes!("../../../tests/fixtures/voice.webm");
        let error = measure(Cursor::new(webm[..60].to_vec()), AudioKind::Webm).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidAudio);
        let text = b"OggS but then only words, nothing audio about it".to_vec();
        let error = measure(Cursor::new(text), AudioKind::Ogg).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidAudio);
    }
}

//! Checking and re-encoding uploaded images. Pure and blocking: callers
//! run it off the async runtime (see `services::attachments`).
//!
//! The type is decided by the file's first bytes, never by its name or the
//! browser's word, and then confirmed by a full decode with bounded
//! dimensions and memory (a tiny file may claim to be 60,000 px wide).
//! Re-encoding the decoded pixels is what strips EXIF (GPS position,
//! camera serial) and every other metadata; the EXIF orientation is
//! applied to the pixels first, so portrait photos stay upright.
//!
//! Each image is stored in its own format, except a lossy WebP (what many
//! phones and apps send): the `image` crate writes only lossless WebP,
//! which makes a photo many times larger than it came (a 2048 × 1365
//! photo sent as a 283 KB lossy WebP: 2.6 MB lossless, 569 KB as a JPEG),
//! so it is stored as a JPEG unless it has transparency.

use crate::domain::{AppError, ErrorCode};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::{BufReader, Read, Seek, SeekFrom};

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_MAX_PX: u32 = 400;
/// Thumbnails are JPEGs, whatever the image (small, and every browser).
pub const THUMBNAIL_KIND: ImageKind = ImageKind::Jpeg;
/// Larger images are refused rather than decoded.
const MAX_SIDE_PX: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

/// An accepted image type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    /// The type whose signature `head` (the file's first bytes) starts
    /// with, if it is one we accept.
    pub fn sniff(head: &[u8]) -> Option<Self> {
        match head {
            [0xFF, 0xD8, 0xFF, ..] => Some(Self::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(Self::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(Self::Webp),
            _ => None,
        }
    }

    /// How many first bytes [`sniff`](Self::sniff) needs.
    pub const SIGNATURE_BYTES: usize = 12;

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            Self::Jpeg => ImageFormat::Jpeg,
            Self::Png => ImageFormat::Png,
            Self::Webp => ImageFormat::WebP,
        }
    }
}

/// A re-encoded image and its thumbnail.
pub struct Processed {
    pub kind: ImageKind,
    pub width: u32,
    pub height: u32,
    pub image: Vec<u8>,
    pub thumbnail: Vec<u8>,
}

/// Decodes `file` as `kind`, upright, and re-encodes it without metadata
/// (in the same format, but a lossy WebP as a JPEG), with a thumbnail. A
/// file that does not decode as what its first bytes say is
/// `invalid_image`.
pub fn process(mut file: impl Read + Seek, kind: ImageKind) -> Result<Processed, AppError> {
    let lossy_webp = kind == ImageKind::Webp && webp_is_lossy(&mut file).map_err(unreadable)?;
    file.rewind().map_err(unreadable)?;
    let mut reader = ImageReader::with_format(BufReader::new(file), kind.format());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE_PX);
    limits.max_image_height = Some(MAX_SIDE_PX);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let orientation = decoder.orientation().map_err(undecodable)?;
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    pixels.apply_orientation(orientation);

    let kind = if lossy_webp && !pixels.color().has_alpha() {
        ImageKind::Jpeg
    } else {
        kind
    };
    let image = encode(&pixels, kind)?;
    let thumbnail = encode(
        &pixels.thumbnail(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX),
        THUMBNAIL_KIND,
    )?;
    Ok(Processed {
        kind,
        width: pixels.width(),
        height: pixels.height(),
        image,
        thumbnail,
    })
}

fn encode(pixels: &DynamicImage, kind: ImageKind) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    let written = match kind {
        // JPEG has no transparency: what was transparent becomes black in
        // to_rgb8, so flatten onto white as viewers expect.
        ImageKind::Jpeg => {
            let flat = flatten_on_white(pixels);
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode_image(&flat)
        }
        ImageKind::Png => pixels.write_with_encoder(PngEncoder::new(&mut out)),
        ImageKind::Webp => pixels
            .to_rgba8()
            .write_with_encoder(WebPEncoder::new_lossless(&mut out)),
    };
    written.map_err(|e| {
        tracing::error!(error = %e, "re-encoding a decoded image failed");
        AppError::internal()
    })?;
    Ok(out)
}

fn flatten_on_white(pixels: &DynamicImage) -> DynamicImage {
    if !pixels.color().has_alpha() {
        return DynamicImage::ImageRgb8(pixels.to_rgb8());
    }
    let mut rgb = image::RgbImage::new(pixels.width(), pixels.height());
    for (out, px) in rgb.pixels_mut().zip(pixels.to_rgba8().pixels()) {
        let alpha = u16::from(px[3]);
        for c in 0..3 {
            out[c] = ((u16::from(px[c]) * alpha + 255 * (255 - alpha)) / 255) as u8;
        }
    }
    DynamicImage::ImageRgb8(rgb)
}

/// Whether a WebP file's image data is lossy (a `VP8 ` chunk) rather than
/// lossless (`VP8L`). The chunks follow the 12-byte RIFF header; an
/// extended file (`VP8X`) has others first (ICC profile, EXIF, alpha).
/// Anything else (an animation, a short file) counts as not lossy.
fn webp_is_lossy(file: &mut (impl Read + Seek)) -> std::io::Result<bool> {
    const MOST_CHUNKS_BEFORE_THE_IMAGE: usize = 16;
    file.seek(SeekFrom::Start(12))?;
    let mut chunk = [0u8; 8];
    for _ in 0..MOST_CHUNKS_BEFORE_THE_IMAGE {
        if file.read_exact(&mut chunk).is_err() {
            return Ok(false);
        }
        match &chunk[..4] {
            b"VP8 " => return Ok(true),
            b"VP8L" => return Ok(false),
            _ => {}
        }
        let size = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
        // Chunks are padded to an even size.
        file.seek(SeekFrom::Current(i64::from(size) + i64::from(size & 1)))?;
    }
    Ok(false)
}

fn unreadable(error: std::io::Error) -> AppError {
    tracing::error!(%error, "reading an upload's temporary file failed");
    AppError::internal()
}

fn undecodable(error: image::ImageError) -> AppError {
    let sentence = match error {
        image::ImageError::Limits(_) => {
            format!("The image is too large (at most {MAX_SIDE_PX} pixels a side)")
        }
        _ => "The file is not a readable JPEG, PNG or WebP image".to_owned(),
    };
    AppError::new(ErrorCode::InvalidImage, sentence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_rgba8(width, height)
            .write_with_encoder(PngEncoder::new(&mut out))
            .unwrap();
        out
    }

    #[test]
    fn the_type_comes_from_the_first_bytes() {
        assert_eq!(ImageKind::sniff(&png(1, 1)), Some(ImageKind::Png));
        assert_eq!(
            ImageKind::sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some(ImageKind::Jpeg)
        );
        assert_eq!(
            ImageKind::sniff(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some(ImageKind::Webp)
        );
        assert_eq!(ImageKind::sniff(b"hello, I am text"), None);
        assert_eq!(ImageKind::sniff(b"GIF89a......"), None);
    }

    #[test]
    fn a_large_image_gets_a_thumbnail_within_400_px() {
        let done = process(Cursor::new(png(1200, 600)), ImageKind::Png).unwrap();
        assert_eq!((done.width, done.height), (1200, 600));
        let thumb = image::load_from_memory(&done.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 200));
        assert_eq!(ImageKind::sniff(&done.thumbnail), Some(ImageKind::Jpeg));
    }

    #[test]
    fn a_lossy_webp_is_stored_as_a_jpeg_and_a_lossless_one_as_webp() {
        let lossy = include_bytes!("../../../tests/fixtures/lossy-photo.webp");
        let done = process(Cursor::new(lossy), ImageKind::Webp).unwrap();
        assert_eq!(done.kind, ImageKind::Jpeg);
        assert_eq!(ImageKind::sniff(&done.image), Some(ImageKind::Jpeg));
        assert_eq!((done.width, done.height), (120, 80));

        let mut lossless = Vec::new();
        DynamicImage::new_rgb8(30, 20)
            .write_with_encoder(WebPEncoder::new_lossless(&mut lossless))
            .unwrap();
        let done = process(Cursor::new(lossless), ImageKind::Webp).unwrap();
        assert_eq!(done.kind, ImageKind::Webp);
        assert_eq!(ImageKind::sniff(&done.image), Some(ImageKind::Webp));
    }

    #[test]
    fn a_truncated_image_is_invalid() {
        let mut bytes = png(50, 50);
        bytes.truncate(bytes.len() / 2);
        let error = process(Cursor::new(bytes), ImageKind::Png).err().unwrap();
        assert_eq!(error.code, ErrorCode::InvalidImage);
    }
}

//! Large photos are made smaller in the browser before they are uploaded,
//! as phone messaging apps do: a 12-megapixel photo becomes a few hundred
//! kilobytes, so it goes up in seconds on a slow mobile link (well inside
//! the server's 30-second deadline) and fits under the 10 MB limit even
//! when the original does not. The server still checks and re-encodes
//! whatever arrives.

use crate::domain::attachment::{scaled_to_fit, SHRINK_LONG_SIDE};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, File, ImageBitmap, ImageBitmapOptions, ImageEncodeOptions, ImageOrientation,
    OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

/// Quality of a re-encoded JPEG or WebP: indistinguishable from the
/// original at message size.
const QUALITY: f64 = 0.9;

/// `file` scaled down to at most `SHRINK_LONG_SIDE` pixels on its long
/// side, upright and in its own format; `None` when it is small enough
/// already or the browser cannot do it (the original is then sent).
pub async fn shrunk(file: &File) -> Option<Blob> {
    let bitmap = decode(file).await?;
    let (width, height) = (bitmap.width(), bitmap.height());
    let scaled = scaled_to_fit(width, height, SHRINK_LONG_SIDE);
    let blob = match scaled {
        Some((w, h)) => encode(&bitmap, w, h, &file.type_()).await,
        None => None,
    };
    bitmap.close();
    blob
}

/// Decodes with the photo's EXIF orientation applied, since the canvas
/// output carries no EXIF to say it.
async fn decode(file: &File) -> Option<ImageBitmap> {
    let options = ImageBitmapOptions::new();
    options.set_image_orientation(ImageOrientation::FromImage);
    let promise = web_sys::window()?
        .create_image_bitmap_with_blob_and_image_bitmap_options(file, &options)
        .ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

async fn encode(bitmap: &ImageBitmap, width: u32, height: u32, content_type: &str) -> Option<Blob> {
    let canvas = OffscreenCanvas::new(width, height).ok()?;
    let context: OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .ok()?;
    let options = ImageEncodeOptions::new();
    options.set_type(content_type);
    options.set_quality(QUALITY);
    let promise = canvas.convert_to_blob_with_options(&options).ok()?;
    let blob: Blob = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    // A browser that cannot write this format falls back to PNG: send the
    // original rather than a surprise.
    (blob.type_() == content_type).then_some(blob)
}

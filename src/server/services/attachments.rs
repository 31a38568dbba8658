//! Attachments, images and voice recordings: receiving an upload (streamed
//! to a temporary file, capped while it streams, its type checked by its
//! first bytes), turning an image into a clean image and a thumbnail, or
//! measuring a recording, off the async runtime, keeping them in the
//! storage, attaching uploads to a message, serving them to the
//! conversation's participants only, and forgetting unused ones.

use super::{limits, DbResultExt};
use crate::domain::attachment::MAX_UPLOAD_BYTES;
use crate::domain::{AppError, Attachment, ErrorCode};
use crate::server::limits::{Bucket, RateLimits};
use crate::server::media::audio::{self, AudioKind};
use crate::server::media::images::{self, ImageKind};
use crate::server::media::{Media, MediaKind};
use axum::body::Bytes;
use serde::Deserialize;
use sqlx::{PgConnection, PgPool};
use std::io::{Read, Seek, SeekFrom};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

/// Refuses an upload before its bytes are read when the user has used up
/// their uploads (429).
pub async fn may_upload(pool: &PgPool, limits: &RateLimits, me: Uuid) -> Result<(), AppError> {
    limits::check(pool, limits, Bucket::UploadUser, &me.to_string()).await
}

/// An upload as it streams in, kept in an unnamed temporary file (gone
/// when dropped), so a request holds a few kilobytes of memory, not ten
/// megabytes.
pub struct IncomingUpload {
    file: tokio::fs::File,
    head: Vec<u8>,
    kind: Option<MediaKind>,
    size: u64,
}

/// A complete upload of an accepted type.
pub struct ReceivedUpload {
    file: std::fs::File,
    kind: MediaKind,
}

impl IncomingUpload {
    pub fn new() -> Result<Self, AppError> {
        let file = tempfile::tempfile().map_err(|e| {
            tracing::error!(error = %e, "no temporary file for an upload");
            AppError::internal()
        })?;
        Ok(Self {
            file: tokio::fs::File::from_std(file),
            head: Vec::with_capacity(MediaKind::SIGNATURE_BYTES),
            kind: None,
            size: 0,
        })
    }

    /// Takes the next chunk: 413 past 10 MiB, 415 as soon as the first
    /// bytes are not a JPEG, PNG or WebP image's or a WebM, Ogg or MP4
    /// recording's signature.
    pub async fn push(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        self.size += chunk.len() as u64;
        if self.size > MAX_UPLOAD_BYTES {
            return Err(too_large());
        }
        if self.kind.is_none() {
            let wanted = MediaKind::SIGNATURE_BYTES - self.head.len();
            self.head
                .extend_from_slice(&chunk[..wanted.min(chunk.len())]);
            if self.head.len() == MediaKind::SIGNATURE_BYTES {
                self.kind = Some(sniffed(&self.head)?);
            }
        }
        self.file.write_all(chunk).await.map_err(temp_file_failed)
    }

    pub async fn finish(mut self) -> Result<ReceivedUpload, AppError> {
        let kind = match self.kind {
            Some(kind) => kind,
            None => sniffed(&self.head)?, // shorter than any signature
        };
        self.file.flush().await.map_err(temp_file_failed)?;
        let mut file = self.file.into_std().await;
        file.seek(SeekFrom::Start(0)).map_err(temp_file_failed)?;
        Ok(ReceivedUpload { file, kind })
    }
}

fn sniffed(head: &[u8]) -> Result<MediaKind, AppError> {
    MediaKind::sniff(head).ok_or_else(|| {
        AppError::new(
            ErrorCode::UnsupportedFileType,
            "Only JPEG, PNG and WebP images and WebM, Ogg or MP4 voice recordings can be attached",
        )
    })
}

pub fn too_large() -> AppError {
    AppError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "The file is too large (at most {} MiB)",
            MAX_UPLOAD_BYTES / 1024 / 1024
        ),
    )
}

fn temp_file_failed(e: std::io::Error) -> AppError {
    tracing::error!(error = %e, "writing an upload to its temporary file failed");
    AppError::internal()
}

fn original_key(id: Uuid) -> String {
    format!("originals/{id}")
}

fn thumbnail_key(id: Uuid) -> String {
    format!("thumbnails/{id}")
}

/// Checks the upload and keeps it, as mine and unused: an image decoded
/// and re-encoded with a thumbnail, a recording measured and kept as it
/// came. Either is worked on in a media slot, on a blocking thread.
#[tracing::instrument(skip(pool, media, limits, upload))]
pub async fn save(
    pool: &PgPool,
    media: &Media,
    limits: &RateLimits,
    me: Uuid,
    upload: ReceivedUpload,
) -> Result<Attachment, AppError> {
    let ReceivedUpload { file, kind } = upload;
    let attachment = match kind {
        MediaKind::Image(kind) => save_image(pool, media, me, file, kind).await?,
        MediaKind::Voice(kind) => save_voice(pool, media, me, file, kind).await?,
    };
    limits::record(pool, limits, Bucket::UploadUser, &me.to_string()).await?;
    Ok(attachment)
}

async fn save_image(
    pool: &PgPool,
    media: &Media,
    me: Uuid,
    file: std::fs::File,
    kind: ImageKind,
) -> Result<Attachment, AppError> {
    let processed = in_media_slot(media, move || images::process(file, kind)).await?;
    let id = Uuid::new_v4();
    let size = processed.image.len() as i64;
    let stored = async {
        media
            .storage
            .put(&original_key(id), processed.image)
            .await?;
        media
            .storage
            .put(&thumbnail_key(id), processed.thumbnail)
            .await
    };
    stored.await.map_err(storing_failed)?;
    let content_type = processed.kind.content_type().to_owned();
    let (width, height) = (processed.width as i32, processed.height as i32);
    sqlx::query!(
        "INSERT INTO attachments (id, uploader_id, content_type, width, height, size)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        me,
        content_type,
        width,
        height,
        size,
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(Attachment::image(id, content_type, width, height, size))
}

async fn save_voice(
    pool: &PgPool,
    media: &Media,
    me: Uuid,
    mut file: std::fs::File,
    kind: AudioKind,
) -> Result<Attachment, AppError> {
    let (duration_ms, bytes) = in_media_slot(media, move || {
        let measured = file.try_clone().map_err(temp_file_failed)?;
        let duration_ms = audio::measure(measured, kind)?;
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_end(&mut bytes))
            .map_err(temp_file_failed)?;
        Ok((duration_ms, bytes))
    })
    .await?;
    let id = Uuid::new_v4();
    let size = bytes.len() as i64;
    media
        .storage
        .put(&original_key(id), bytes)
        .await
        .map_err(storing_failed)?;
    let content_type = kind.content_type().to_owned();
    sqlx::query!(
        "INSERT INTO attachments (id, uploader_id, content_type, duration_ms, size)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        me,
        content_type,
        duration_ms,
        size,
    )
    .execute(pool)
    .await
    .or_internal()?;
    Ok(Attachment::voice(id, content_type, duration_ms, size))
}

/// Runs `work` on a blocking thread once a media slot is free (503 when
/// none frees up in time).
async fn in_media_slot<T: Send + 'static>(
    media: &Media,
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let _slot = media.image_slot().await.ok_or_else(AppError::unavailable)?;
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "media work panicked");
        AppError::internal()
    })?
}

fn storing_failed(e: crate::server::media::storage::StorageError) -> AppError {
    tracing::error!(error = %e, "storing an upload failed");
    AppError::unavailable()
}

/// An attachment as a message's `attachment_list` holds it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredAttachment {
    id: Uuid,
    content_type: String,
    width: Option<i32>,
    height: Option<i32>,
    duration_ms: Option<i32>,
    size: i64,
}

impl From<StoredAttachment> for Attachment {
    fn from(a: StoredAttachment) -> Self {
        match (a.width, a.height, a.duration_ms) {
            (Some(width), Some(height), _) => {
                Attachment::image(a.id, a.content_type, width, height, a.size)
            }
            (_, _, duration_ms) => {
                Attachment::voice(a.id, a.content_type, duration_ms.unwrap_or(0), a.size)
            }
        }
    }
}

/// Attaches my unused uploads `ids` (checked by `validate::attachment_ids`)
/// to `message_id`, in order, inside the send's transaction, and lists
/// them on the message (the list every read of messages shows: attached
/// images never change). An upload that is someone else's or unknown is
/// 400, and so is a voice recording with anything else (it is a message of
/// its own); one already sent is 409 (and the send's transaction is
/// dropped).
pub(super) async fn attach(
    tx: &mut PgConnection,
    me: Uuid,
    message_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Attachment>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let attached = sqlx::query_as!(
        StoredAttachment,
        r#"WITH attached AS (
               UPDATE attachments a SET message_id = $1, position = t.position::smallint
               FROM unnest($3::uuid[]) WITH ORDINALITY AS t(id, position)
               WHERE a.id = t.id AND a.uploader_id = $2 AND a.message_id IS NULL
               RETURNING a.id, a.content_type, a.width, a.height, a.duration_ms, a.size,
                         a.position),
           listed AS (
               UPDATE messages SET attachment_list = COALESCE((
                   SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                              'id', id, 'contentType', content_type, 'width', width,
                              'height', height, 'durationMs', duration_ms, 'size', size))
                              ORDER BY position)
                   FROM attached), '[]')
               WHERE id = $1)
           SELECT id AS "id!", content_type AS "content_type!", width, height, duration_ms,
                  size AS "size!"
           FROM attached"#,
        message_id,
        me,
        ids,
    )
    .fetch_all(&mut *tx)
    .await
    .or_internal()?;
    if attached.len() < ids.len() {
        let used = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM attachments
                   WHERE id = ANY($1) AND uploader_id = $2 AND message_id IS NOT NULL
                     AND message_id <> $3) AS "used!""#,
            ids,
            me,
            message_id,
        )
        .fetch_one(&mut *tx)
        .await
        .or_internal()?;
        return Err(if used {
            AppError::new(
                ErrorCode::AttachmentUsed,
                "An image was already sent with another message",
            )
        } else {
            AppError::new(
                ErrorCode::InvalidAttachment,
                "An attached image is not an upload of yours",
            )
        });
    }
    let mut attached: Vec<Attachment> = attached.into_iter().map(Attachment::from).collect();
    if attached.len() > 1 && attached.iter().any(Attachment::is_voice) {
        return Err(AppError::new(
            ErrorCode::InvalidAttachment,
            "A voice message is sent on its own, without images",
        ));
    }
    attached.sort_by_key(|a| ids.iter().position(|id| *id == a.id));
    Ok(attached)
}

/// Which bytes of an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Original,
    Thumbnail,
}

/// The bytes and their type, for the uploader and for the participants
/// of the conversation it was sent in who can still see that message; 404
/// for anyone else, as for an id that does not exist.
#[tracing::instrument(skip(pool, media))]
pub async fn read(
    pool: &PgPool,
    media: &Media,
    me: Uuid,
    id: Uuid,
    variant: Variant,
) -> Result<(String, Bytes), AppError> {
    let content_type = sqlx::query_scalar!(
        "SELECT a.content_type FROM attachments a
         LEFT JOIN messages m ON m.id = a.message_id
         WHERE a.id = $1
           AND (a.uploader_id = $2 OR EXISTS (
                SELECT 1 FROM conversation_participants p
                WHERE p.conversation_id = m.conversation_id AND p.user_id = $2
                  AND m.seq > p.cleared_seq))",
        id,
        me,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?
    .ok_or_else(|| AppError::not_found("Attachment"))?;
    let (key, content_type) = match variant {
        Variant::Original => (original_key(id), content_type),
        Variant::Thumbnail if content_type.starts_with("audio/") => {
            return Err(AppError::not_found("Thumbnail"));
        }
        Variant::Thumbnail => (
            thumbnail_key(id),
            images::THUMBNAIL_KIND.content_type().to_owned(),
        ),
    };
    let bytes = media.storage.get(&key).await.map_err(|e| {
        tracing::error!(error = %e, "reading an attachment failed");
        AppError::unavailable()
    })?;
    let bytes = bytes.ok_or_else(|| {
        tracing::error!(%id, "an attachment's bytes are missing from the storage");
        AppError::not_found("Attachment")
    })?;
    Ok((content_type, bytes))
}

/// Deletes uploads that no message took within a day, rows first (so no
/// message can point at deleted bytes), then their bytes. Returns how many.
#[tracing::instrument(skip(pool, media))]
pub async fn purge_unused(pool: &PgPool, media: &Media) -> Result<usize, AppError> {
    let ids = sqlx::query_scalar!(
        "DELETE FROM attachments
         WHERE message_id IS NULL AND created_at < now() - interval '1 day'
         RETURNING id"
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    for id in &ids {
        for key in [original_key(*id), thumbnail_key(*id)] {
            if let Err(e) = media.storage.delete(&key).await {
                tracing::warn!(error = %e, key, "could not delete an unused upload's bytes");
            }
        }
    }
    Ok(ids.len())
}

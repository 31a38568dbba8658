//! `POST /api/messages/attachments` (multipart, one part named `file`) and
//! `GET /api/attachments/{id}` and `…/{id}/thumbnail`, in byte ranges when
//! asked (a player seeking in a voice message).

use super::{ApiPath, CurrentUser, Reply};
use crate::domain::{AppError, Attachment, ErrorCode};
use crate::server::services::attachments::{self, IncomingUpload, Variant};
use crate::server::AppState;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, StatusCode};

pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Reply<Attachment>, AppError> {
    attachments::may_upload(&state.pool, &state.limits, user.id).await?;
    let mut multipart = multipart.map_err(|_| {
        AppError::new(
            ErrorCode::InvalidContentType,
            "Send the file as multipart/form-data, in a part named file",
        )
    })?;
    let mut received = None;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("file") {
            continue; // other parts are ignored (and not kept)
        }
        if received.is_some() {
            return Err(AppError::new(
                ErrorCode::InvalidBody,
                "Send one file per request",
            ));
        }
        let mut upload = IncomingUpload::new()?;
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            upload.push(&chunk).await?;
        }
        received = Some(upload.finish().await?);
    }
    let received = received.ok_or_else(|| {
        AppError::new(
            ErrorCode::MissingField,
            "The file goes in a part named file",
        )
    })?;
    let attachment =
        attachments::save(&state.pool, &state.media, &state.limits, user.id, received).await?;
    Ok(Reply(StatusCode::CREATED, attachment))
}

fn unreadable(error: MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return attachments::too_large();
    }
    AppError::new(
        ErrorCode::InvalidBody,
        format!("The upload could not be read: {}", error.body_text()),
    )
}

pub async fn original(
    state: State<AppState>,
    user: CurrentUser,
    id: ApiPath,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    serve(state, user, id, headers, Variant::Original).await
}

pub async fn thumbnail(
    state: State<AppState>,
    user: CurrentUser,
    id: ApiPath,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    serve(state, user, id, headers, Variant::Thumbnail).await
}

async fn serve(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
    headers: HeaderMap,
    variant: Variant,
) -> Result<Response, AppError> {
    let (content_type, bytes) =
        attachments::read(&state.pool, &state.media, user.id, id, variant).await?;
    // The bytes under an id never change, but only this user may see them:
    // browsers may keep them, shared caches must not.
    let kept = [
        (header::CONTENT_TYPE, content_type),
        (
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable".to_owned(),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::CONTENT_DISPOSITION, "inline".to_owned()),
        (header::ACCEPT_RANGES, "bytes".to_owned()),
    ];
    let total = bytes.len() as u64;
    let asked = headers
        .get(header::RANGE)
        .and_then(|r| r.to_str().ok())
        .map(|r| http_range_header::parse_range_header(r).and_then(|r| r.validate(total)));
    Ok(match asked {
        // One range, as players ask: that slice (206).
        Some(Ok(ranges)) if ranges.len() == 1 => {
            let (start, end) = (*ranges[0].start(), *ranges[0].end());
            let slice = bytes.slice(start as usize..=end as usize);
            let range = format!("bytes {start}-{end}/{total}");
            (
                StatusCode::PARTIAL_CONTENT,
                kept,
                [(header::CONTENT_RANGE, range)],
                slice,
            )
                .into_response()
        }
        // Out of the file: 416, saying how long it is.
        Some(Err(_)) => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{total}"))],
        )
            .into_response(),
        // No range, or several (rare, and allowed to be answered whole).
        _ => (kept, bytes).into_response(),
    })
}

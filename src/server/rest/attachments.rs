//! `POST /api/messages/attachments` (multipart, one part named `file`) and
//! `GET /api/attachments/{id}` and `…/{id}/thumbnail`.

use super::{ApiPath, CurrentUser, Reply};
use crate::domain::{AppError, Attachment, ErrorCode};
use crate::server::services::attachments::{self, IncomingUpload, Variant};
use crate::server::AppState;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};

pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Reply<Attachment>, AppError> {
    attachments::may_upload(&state.pool, &state.limits, user.id).await?;
    let mut multipart = multipart.map_err(|_| {
        AppError::new(
            ErrorCode::InvalidContentType,
            "Send the image as multipart/form-data, in a part named file",
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
                "Send one image per request",
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
            "The image goes in a part named file",
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
) -> Result<Response, AppError> {
    serve(state, user, id, Variant::Original).await
}

pub async fn thumbnail(
    state: State<AppState>,
    user: CurrentUser,
    id: ApiPath,
) -> Result<Response, AppError> {
    serve(state, user, id, Variant::Thumbnail).await
}

async fn serve(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath,
    variant: Variant,
) -> Result<Response, AppError> {
    let (content_type, bytes) =
        attachments::read(&state.pool, &state.media, user.id, id, variant).await?;
    // The bytes under an id never change, but only this user may see them:
    // browsers may keep them, shared caches must not.
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_owned(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CONTENT_DISPOSITION, "inline".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

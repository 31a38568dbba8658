//! Photos on their way into the next message: each is uploaded as soon as
//! it is chosen (or dropped), with its progress, and sent by id with the
//! text. Checked here for type and size first, so a wrong file gets its
//! sentence at once (the server checks again, by content).

// The server renders an empty tray; only the browser fills it.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use crate::domain::Attachment;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum PhotoState {
    Uploading,
    Ready(Attachment),
    Failed(String),
}

/// One chosen photo: a local preview, its upload's progress and outcome.
#[derive(Clone, Copy)]
pub struct PendingPhoto {
    pub key: u32,
    pub preview: StoredValue<String>,
    pub progress: RwSignal<u8>,
    pub state: RwSignal<PhotoState>,
}

/// The photos of the message being written.
#[derive(Clone, Copy)]
pub struct PhotoTray {
    pub photos: RwSignal<Vec<PendingPhoto>>,
    next_key: StoredValue<u32>,
    /// Why the last files could not be added (too many, wrong type…).
    pub notice: RwSignal<Option<String>>,
}

impl PhotoTray {
    pub fn new() -> Self {
        Self {
            photos: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            notice: RwSignal::new(None),
        }
    }

    /// Still uploading: the message waits.
    pub fn busy(&self) -> bool {
        self.photos.with(|p| {
            p.iter()
                .any(|p| p.state.with(|s| *s == PhotoState::Uploading))
        })
    }

    /// The uploaded photos, in the order chosen.
    pub fn ready(&self) -> Vec<Attachment> {
        self.photos.with(|p| {
            p.iter()
                .filter_map(|p| match p.state.get() {
                    PhotoState::Ready(a) => Some(a),
                    _ => None,
                })
                .collect()
        })
    }

    pub fn remove(&self, key: u32) {
        self.photos.update(|photos| {
            if let Some(at) = photos.iter().position(|p| p.key == key) {
                revoke(&photos.remove(at).preview.get_value());
            }
        });
    }

    /// Empties the tray (the message was sent with them).
    pub fn clear(&self) {
        self.photos.update(|photos| {
            for p in photos.drain(..) {
                revoke(&p.preview.get_value());
            }
        });
        self.notice.set(None);
    }

    /// Adds what was chosen or dropped, up to four in all, and starts
    /// their uploads.
    #[cfg(feature = "hydrate")]
    pub fn add(&self, files: web_sys::FileList) {
        use crate::domain::attachment::{ACCEPTED_TYPES, MAX_ATTACHMENTS, MAX_PICKED_BYTES};
        let locale = crate::context::use_locale();
        let mut refused = None;
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            if self.photos.with_untracked(Vec::len) >= MAX_ATTACHMENTS {
                refused = Some(
                    crate::i18n::td_string!(locale, photos.at_most, count = MAX_ATTACHMENTS)
                        .to_string(),
                );
                break;
            }
            if !ACCEPTED_TYPES.split(',').any(|t| t == file.type_()) {
                let name = file.name();
                refused =
                    Some(crate::i18n::td_string!(locale, photos.wrong_type, name).to_string());
                continue;
            }
            if file.size() > MAX_PICKED_BYTES as f64 {
                let name = file.name();
                refused = Some(crate::i18n::td_string!(locale, photos.over_50, name).to_string());
                continue;
            }
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            let preview = web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
            let photo = PendingPhoto {
                key,
                preview: StoredValue::new(preview),
                progress: RwSignal::new(0),
                state: RwSignal::new(PhotoState::Uploading),
            };
            self.photos.update(|p| p.push(photo));
            upload::start(file, photo);
        }
        self.notice.set(refused);
    }
}

impl Default for PhotoTray {
    fn default() -> Self {
        Self::new()
    }
}

fn revoke(preview: &str) {
    #[cfg(feature = "hydrate")]
    let _ = web_sys::Url::revoke_object_url(preview);
    #[cfg(not(feature = "hydrate"))]
    let _ = preview;
}

#[cfg(feature = "hydrate")]
mod upload {
    use super::{PendingPhoto, PhotoState};
    use crate::components::composer::shrink::shrunk;
    use crate::domain::attachment::MAX_UPLOAD_BYTES;
    use crate::domain::Attachment;
    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{Blob, File, FormData, ProgressEvent, XmlHttpRequest};

    /// The REST envelope of the upload's answer.
    #[derive(serde::Deserialize)]
    struct Envelope {
        data: Option<Attachment>,
        error: Option<String>,
    }

    /// Makes a large photo smaller, then posts it with XMLHttpRequest
    /// (fetch cannot report upload progress) and records progress and
    /// outcome in `photo`.
    pub fn start(file: File, photo: PendingPhoto) {
        leptos::task::spawn_local(async move {
            let blob = match shrunk(&file).await {
                Some(smaller) => smaller,
                None => file.clone().into(),
            };
            let locale = crate::context::use_locale();
            let failure = if blob.size() > MAX_UPLOAD_BYTES as f64 {
                let name = file.name();
                Some(crate::i18n::td_string!(locale, photos.over_10, name).to_string())
            } else if send(&blob, &file.name(), photo).is_none() {
                Some(crate::i18n::td_string!(locale, photos.not_started).to_owned())
            } else {
                None
            };
            if let Some(failure) = failure {
                photo.state.set(PhotoState::Failed(failure));
            }
        });
    }

    fn send(blob: &Blob, name: &str, photo: PendingPhoto) -> Option<()> {
        let xhr = XmlHttpRequest::new().ok()?;
        xhr.open("POST", "/api/messages/attachments").ok()?;
        let form = FormData::new().ok()?;
        form.append_with_blob_and_filename("file", blob, name)
            .ok()?;
        let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |ev: ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                let percent = (ev.loaded() / ev.total() * 100.0).min(100.0) as u8;
                photo.progress.set(percent);
            }
        });
        xhr.upload()
            .ok()?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        let answered = xhr.clone();
        let on_done = Closure::<dyn Fn()>::new(move || {
            let text = answered.response_text().ok().flatten().unwrap_or_default();
            let envelope = serde_json::from_str::<Envelope>(&text).ok();
            let locale = crate::context::use_locale();
            let state = match (answered.status().unwrap_or(0), envelope) {
                (201, Some(Envelope { data: Some(a), .. })) => PhotoState::Ready(a),
                (0, _) => {
                    PhotoState::Failed(crate::i18n::td_string!(locale, common.unreachable).into())
                }
                (_, Some(Envelope { error: Some(e), .. })) => PhotoState::Failed(e),
                _ => PhotoState::Failed(crate::i18n::td_string!(locale, photos.failed).into()),
            };
            photo.progress.set(100);
            photo.state.set(state);
        });
        // `loadend` comes once, after success, failure or abort.
        xhr.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
        xhr.send_with_opt_form_data(Some(&form)).ok()?;
        // The request owns its handlers from here: they live as long as
        // the page (a few bytes per photo).
        on_progress.forget();
        on_done.forget();
        Some(())
    }
}

/// The previews above the message box, each with its progress, error and
/// a remove button.
#[component]
pub fn PhotoPreviews(tray: PhotoTray) -> impl IntoView {
    view! {
        <Show when=move || !tray.photos.with(Vec::is_empty)>
            <ul
                class="composer-photos"
                aria-label=crate::i18n::td_string!(
                    crate::context::use_locale(), photos.photos_to_send
                )
            >
                <For each=move || tray.photos.get() key=|p| p.key let:photo>
                    <PhotoPreview photo tray />
                </For>
            </ul>
        </Show>
        {move || {
            tray.notice
                .get()
                .map(|notice| {
                    view! {
                        <p class="composer-notice" role="alert">
                            {notice}
                        </p>
                    }
                })
        }}
    }
}

#[component]
fn PhotoPreview(photo: PendingPhoto, tray: PhotoTray) -> impl IntoView {
    let position = move || {
        tray.photos
            .with(|p| p.iter().position(|p| p.key == photo.key))
            .map_or(0, |i| i + 1)
    };
    let locale = crate::context::use_locale();
    view! {
        <li
            class="composer-photo"
            class:failed=move || matches!(photo.state.get(), PhotoState::Failed(_))
        >
            <img
                src=photo.preview.get_value()
                alt=move || {
                    let position = position();
                    crate::i18n::td_string!(locale, photos.to_send, position).to_string()
                }
            />
            {move || match photo.state.get() {
                PhotoState::Uploading => {
                    view! {
                        <progress
                            max="100"
                            value=move || photo.progress.get()
                            aria-label=move || {
                                let position = position();
                                crate::i18n::td_string!(locale, photos.uploading, position)
                                    .to_string()
                            }
                        ></progress>
                    }
                        .into_any()
                }
                PhotoState::Failed(error) => {
                    view! {
                        <span class="photo-error" role="alert">
                            {error}
                        </span>
                    }
                        .into_any()
                }
                PhotoState::Ready(_) => ().into_any(),
            }}
            <button
                type="button"
                class="photo-remove"
                aria-label=move || {
                    let position = position();
                    crate::i18n::td_string!(locale, photos.remove, position).to_string()
                }
                on:click=move |_| tray.remove(photo.key)
            >
                "×"
            </button>
        </li>
    }
}

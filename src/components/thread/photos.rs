//! Images in the thread: thumbnails in a message, and the full-size view
//! (a modal `<dialog>`: Escape, the close button or a click beside the
//! image closes it, and focus comes back to the page).

use crate::context::use_locale;
use crate::domain::Attachment;
use crate::i18n::td_string;
use leptos::html::Dialog;
use leptos::prelude::*;

/// A message's images as thumbnails; activating one opens it full size.
#[component]
pub fn Photos(
    attachments: Vec<Attachment>,
    open: WriteSignal<Option<Attachment>>,
) -> impl IntoView {
    let count = attachments.len();
    let locale = use_locale();
    let photos = attachments
        .into_iter()
        .enumerate()
        .map(|(i, photo)| {
            let label = if count == 1 {
                td_string!(locale, photos.open).to_owned()
            } else {
                let position = i + 1;
                td_string!(locale, photos.open_of, position, total = count).to_string()
            };
            let (width, height) = thumbnail_size(&photo);
            let src = photo
                .thumbnail_url
                .clone()
                .unwrap_or_else(|| photo.url.clone());
            view! {
                <button
                    type="button"
                    class="photo-thumb"
                    aria-label=label
                    on:click=move |_| open.set(Some(photo.clone()))
                >
                    <img src=src alt="" width=width height=height loading="lazy" />
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="photos" class:single=count == 1>
            {photos}
        </div>
    }
}

/// The thumbnail's size (within 400 px, as the server makes it), so the
/// thread does not jump while images load.
fn thumbnail_size(photo: &Attachment) -> (i32, i32) {
    let (width, height) = (photo.width.unwrap_or(400), photo.height.unwrap_or(400));
    let longest = width.max(height).max(1);
    if longest <= 400 {
        return (width, height);
    }
    let scale = |side: i32| ((side as i64 * 400) / longest as i64).max(1) as i32;
    (scale(width), scale(height))
}

/// The full-size view of the photo in `viewing`, while there is one.
#[component]
pub fn Lightbox(viewing: RwSignal<Option<Attachment>>) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let locale = use_locale();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        match viewing.get() {
            Some(_) if !el.open() => {
                let _ = el.show_modal();
            }
            None if el.open() => el.close(),
            _ => {}
        }
    });
    view! {
        <dialog
            class="lightbox"
            aria-label=td_string!(locale, photos.photo)
            node_ref=dialog
            on:close=move |_| viewing.set(None)
            on:click=move |ev| {
                if event_target::<leptos::web_sys::HtmlElement>(&ev).tag_name() == "DIALOG" {
                    viewing.set(None);
                }
            }
        >
            <button
                type="button"
                class="lightbox-close button button-ghost button-sm"
                autofocus
                on:click=move |_| viewing.set(None)
            >
                {td_string!(locale, common.close)}
            </button>
            {move || {
                viewing
                    .get()
                    .map(|photo| {
                        view! {
                            <img
                                src=photo.url.clone()
                                alt=td_string!(locale, photos.full_size)
                                width=photo.width
                                height=photo.height
                            />
                        }
                    })
            }}
        </dialog>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnails_keep_the_shape_within_400_px() {
        let photo = |w, h| Attachment::image(uuid::Uuid::nil(), "image/png".into(), w, h, 1);
        assert_eq!(thumbnail_size(&photo(1200, 600)), (400, 200));
        assert_eq!(thumbnail_size(&photo(300, 900)), (133, 400));
        assert_eq!(thumbnail_size(&photo(120, 80)), (120, 80));
    }
}

//! Keyset paging in a list whose first page the server rendered: the
//! pages loaded after it, where the next one starts, and the button.

use crate::context::use_locale;
use crate::domain::AppError;
use crate::i18n::td_string;
use leptos::prelude::*;

/// The pages loaded after the first one.
pub struct MorePages<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    /// `None` until a page was loaded: then its cursor (`None` on the
    /// last page).
    loaded_cursor: RwSignal<Option<Option<String>>>,
}

impl<T: Send + Sync + 'static> Clone for MorePages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for MorePages<T> {}

impl<T: Send + Sync + 'static> MorePages<T> {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            loaded_cursor: RwSignal::new(None),
        }
    }

    /// Where the next page starts, given the first page's cursor.
    pub fn next_cursor(&self, first_page: impl FnOnce() -> Option<String>) -> Option<String> {
        match self.loaded_cursor.get() {
            Some(cursor) => cursor,
            None => first_page(),
        }
    }

    /// Adds a page and remembers where the next one starts.
    pub fn add(&self, items: Vec<T>, next_cursor: Option<String>) {
        self.items.update(|all| all.extend(items));
        self.loaded_cursor.set(Some(next_cursor));
    }
}

impl<T: Send + Sync + 'static> Default for MorePages<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// "Load more" (or `label`), shown while `more` is: the inbox's next
/// conversations, the search's next hits, the thread's earlier messages.
#[component]
pub fn LoadMoreButton(
    #[prop(into)] more: Signal<bool>,
    load: Action<(), Result<(), AppError>>,
    #[prop(optional)] label: Option<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    let label = label.unwrap_or(td_string!(locale, common.load_more));
    view! {
        <Show when=move || more.get()>
            <div class="load-more">
                <button
                    type="button"
                    class="button button-outline button-sm"
                    disabled=move || load.pending().get()
                    on:click=move |_| {
                        load.dispatch(());
                    }
                >
                    {move || {
                        if load.pending().get() {
                            td_string!(locale, common.loading)
                        } else {
                            label
                        }
                    }}
                </button>
            </div>
        </Show>
    }
}

use leptos::prelude::*;

/// "Sync now": fired by the thread after sending, reading or deleting, so
/// the list, the thread and the badge change at once rather than at the
/// next tick. (The messages page's island passes it on to the tab's live
/// connection, `PageLive::wake`.)
#[derive(Clone, Copy)]
pub struct InboxRefresh(pub Trigger);

impl InboxRefresh {
    pub fn now(&self) {
        self.0.notify();
    }
}

pub fn provide_inbox_refresh() -> InboxRefresh {
    let refresh = InboxRefresh(Trigger::new());
    provide_context(refresh);
    refresh
}

/// The messages page's address (`/dashboard/messages?…`), kept by its
/// island: opening a conversation, a folder or a search there changes the
/// address without loading the page again, and Back and Forward go through
/// what was shown. (Pages load whole elsewhere: there is no client-side
/// router.)
#[derive(Clone, Copy)]
pub struct InboxLocation {
    /// The query, without its `?`.
    pub query: RwSignal<String>,
}

/// The path the messages page lives at.
pub const INBOX_PATH: &str = "/dashboard/messages";

impl InboxLocation {
    pub fn provide(query: String) -> Self {
        let location = Self {
            query: RwSignal::new(query),
        };
        provide_context(location);
        location
    }

    /// Shows `href`: in place when it is the messages page, as a new page
    /// otherwise.
    pub fn go(&self, href: &str) {
        #[cfg(feature = "hydrate")]
        {
            let Some(window) = web_sys::window() else {
                return;
            };
            match href.split_once('?').unwrap_or((href, "")) {
                (INBOX_PATH, query) => {
                    if let Ok(history) = window.history() {
                        let _ = history.push_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(href),
                        );
                    }
                    self.query.set(query.to_owned());
                    window.scroll_to_with_x_and_y(0.0, 0.0);
                }
                _ => {
                    let _ = window.location().assign(href);
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = href;
    }
}

/// `name`'s value in `query` (`a=1&b=x%20y`), decoded.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| leptos_router::location::Url::unescape(&value.replace('+', " ")))
    })
}

#[cfg(test)]
mod tests {
    use super::query_value;

    #[test]
    fn query_values_are_decoded() {
        let query = "q=v%C3%A9lo+rouge&folder=archived&empty=";
        assert_eq!(query_value(query, "q").as_deref(), Some("vélo rouge"));
        assert_eq!(query_value(query, "folder").as_deref(), Some("archived"));
        assert_eq!(query_value(query, "empty").as_deref(), Some(""));
        assert_eq!(query_value(query, "conversation"), None);
    }
}

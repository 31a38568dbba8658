//! Inside the messages page, its own links and its search form change the
//! page in place (`InboxLocation`) instead of loading it again: a click on
//! a conversation, a folder or a search hit, and a search, are caught on
//! the island's root. Back and Forward go through what was shown. Anything
//! else (another page, a new tab, a modified click) is left to the browser.

use crate::context::InboxLocation;
#[cfg(feature = "hydrate")]
use crate::context::INBOX_PATH;
use leptos::ev::{MouseEvent, SubmitEvent};

/// A click on a link to this page, in this tab: shown in place.
pub fn follow_link(location: InboxLocation, event: MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if event.default_prevented() || event.button() != 0 || modified {
            return;
        }
        let link = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|link| link.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        let Some(link) = link else {
            return;
        };
        let same_tab = link.target().is_empty() || link.target() == "_self";
        let here = web_sys::window().and_then(|w| w.location().origin().ok());
        if !same_tab || Some(link.origin()) != here || link.pathname() != INBOX_PATH {
            return;
        }
        event.prevent_default();
        location.go(&format!("{}{}", link.pathname(), link.search()));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (location, event);
}

/// The search box's GET form: its query shown in place.
pub fn follow_search(location: InboxLocation, event: SubmitEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if event.default_prevented() {
            return; // a form the page handles itself (the composer)
        }
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        // Only a form that names this page as its action: a form without
        // one would also submit here, to the current address.
        let names_this_page = form.get_attribute("action").as_deref() == Some(INBOX_PATH);
        if !form.method().eq_ignore_ascii_case("get") || !names_this_page {
            return;
        }
        let Ok(fields) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let Ok(query) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&fields) else {
            return;
        };
        event.prevent_default();
        location.go(&format!("{INBOX_PATH}?{}", String::from(query.to_string())));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (location, event);
}

/// Back and Forward within the page: shows the address they lead to.
pub fn follow_history(location: InboxLocation) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::Set;
        let handle = leptos::prelude::window_event_listener(leptos::ev::popstate, move |_| {
            if let Some(window) = web_sys::window() {
                let search = window.location().search().unwrap_or_default();
                location
                    .query
                    .set(search.trim_start_matches('?').to_owned());
            }
        });
        leptos::prelude::on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = location;
}

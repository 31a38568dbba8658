//! Whether the page is in sight: not a background tab or a minimised
//! window. A message shown on a page out of sight has not been read.

pub fn page_visible() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .is_none_or(|d| d.visibility_state() != web_sys::VisibilityState::Hidden)
    }
    #[cfg(not(feature = "hydrate"))]
    true
}

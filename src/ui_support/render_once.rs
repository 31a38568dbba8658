//! Views that follow signals in the browser and are made once on the
//! server. A reactive closure is called twice by the server's renderer
//! inside a `<Suspense>` (once to find the resources it reads, once to
//! write its HTML); where the data is already there, as in an island made
//! from its first answers, the first call is wasted work. Each writes the
//! same HTML both ways (a closure or a keyed list adds no markers of its
//! own), so the browser hydrates what the server sent.

use leptos::prelude::*;

/// `view` as a reactive closure in the browser; on the server, its view,
/// made once.
pub fn follows<V: IntoView + 'static>(
    view: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    return view;
    #[cfg(not(feature = "hydrate"))]
    view()
}

/// A keyed list (`<For>`) in the browser; on the server, the items of
/// `each()` made once.
pub fn keyed_list<T, K, V>(
    each: impl Fn() -> Vec<T> + Send + Sync + 'static,
    key: impl Fn(&T) -> K + Send + Sync + Clone + 'static,
    item: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    K: Eq + std::hash::Hash + Send + Sync + 'static,
    V: IntoView + 'static,
{
    #[cfg(feature = "hydrate")]
    return view! { <For each key children=item /> };
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key; // the server renders each item once, in order
        each().into_iter().map(item).collect_view()
    }
}

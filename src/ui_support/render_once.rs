//! Views that follow signals in the browser and are made once on the
//! server. A reactive closure is called twice by the server's renderer
//! inside a `<Suspense>` (once to find the resources it reads, once to
//! write its HTML); where the data is already there, as in an island made
//! from its first answers, the first call is wasted work.

use leptos::prelude::*;

/// `view` as a reactive closure in the browser; on the server, its view,
/// made once (the same HTML: a closure adds no markers of its own).
#[cfg(feature = "hydrate")]
pub fn follows<V: IntoView + 'static>(
    view: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    view
}

/// `view` as a reactive closure in the browser; on the server, its view,
/// made once (the same HTML: a closure adds no markers of its own).
#[cfg(not(feature = "hydrate"))]
pub fn follows<V: IntoView + 'static>(
    view: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    view()
}

/// A keyed list (`<For>`) in the browser; on the server, the items of
/// `each()` made once (the same HTML).
#[cfg(feature = "hydrate")]
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
    view! { <For each key children=item /> }
}

/// A keyed list (`<For>`) in the browser; on the server, the items of
/// `each()` made once (the same HTML).
#[cfg(not(feature = "hydrate"))]
pub fn keyed_list<T, K, V>(
    each: impl Fn() -> Vec<T> + Send + Sync + 'static,
    _key: impl Fn(&T) -> K + Send + Sync + Clone + 'static,
    item: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    K: Eq + std::hash::Hash + Send + Sync + 'static,
    V: IntoView + 'static,
{
    each().into_iter().map(item).collect_view()
}

//! A resource whose answer carries the key it answers.
//!
//! A page makes its resources once, at its top, and its views read them;
//! when the address changes, a view made for the new key may run before
//! the new answer has come, and must not show the old one as its own.

use crate::domain::AppError;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// The server's answer for `K`, kept with it; nothing when not asked.
pub type Answer<K, T> = Option<(K, Result<T, AppError>)>;

/// The answer in `answer` if it is the one for `key`.
pub fn answered<K: PartialEq, T>(answer: Answer<K, T>, key: &K) -> Option<Result<T, AppError>> {
    answer.and_then(|(k, result)| (k == *key).then_some(result))
}

/// A resource that asks `fetch` while `source` is something, and keeps
/// the key (`key_of` the source) with the answer.
pub fn answer_for<S, K, T, Fut>(
    source: impl Fn() -> Option<S> + Send + Sync + 'static,
    key_of: impl Fn(&S) -> K + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<Answer<K, T>>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    K: Serialize + DeserializeOwned + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(source, move |source: Option<S>| {
        let asked = source.map(|source| (key_of(&source), fetch(source)));
        async move {
            let (key, answer) = asked?;
            Some((key, answer.await))
        }
    })
}

/// An answer an island starts with (the server's, sent with the page) and
/// asks for again whenever `source` changes: an island has no resources of
/// its own to hydrate, so what it shows first comes in its props.
pub struct Loaded<K: 'static, T: 'static>(RwSignal<Answer<K, T>>);

impl<K, T> Clone for Loaded<K, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, T> Copy for Loaded<K, T> {}

impl<K, T> Loaded<K, T>
where
    K: Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    /// The answer now: the one for the current source, or the one before
    /// while it comes (`answered` tells them apart).
    pub fn get(&self) -> Answer<K, T> {
        self.0.get()
    }
}

/// A [`Loaded`] answer: `initial` answers `source` as it is now; each
/// later source is asked of `fetch` (nothing while it is `None`). A slow
/// answer to an older source never replaces a newer one.
pub fn loaded_for<S, K, T, Fut>(
    initial: Answer<K, T>,
    source: impl Fn() -> Option<S> + 'static,
    key_of: impl Fn(&S) -> K + 'static,
    fetch: impl Fn(S) -> Fut + 'static,
) -> Loaded<K, T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    K: Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let answer = RwSignal::new(initial);
    let asked = StoredValue::new(source_untracked(&source));
    Effect::new(move |_| {
        let now = source();
        if asked.with_value(|before| *before == now) {
            return;
        }
        asked.set_value(now.clone());
        let Some(now) = now else {
            answer.set(None);
            return;
        };
        let key = key_of(&now);
        let pending = fetch(now.clone());
        leptos::task::spawn_local(async move {
            let result = pending.await;
            if asked.with_value(|latest| latest.as_ref() == Some(&now)) {
                answer.set(Some((key, result)));
            }
        });
    });
    Loaded(answer)
}

fn source_untracked<S>(source: &impl Fn() -> Option<S>) -> Option<S> {
    leptos::prelude::untrack(source)
}

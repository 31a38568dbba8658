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

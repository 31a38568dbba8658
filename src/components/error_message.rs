use crate::context::use_locale;
use crate::domain::AppError;
use leptos::prelude::*;

/// An error's sentence in the reader's language, announced to screen
/// readers.
#[component]
pub fn ErrorMessage(
    error: AppError,
    /// Extra classes, e.g. "pad".
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let class = if class.is_empty() {
        "form-error".to_owned()
    } else {
        format!("form-error {class}")
    };
    let sentence = error.sentence(use_locale()).into_owned();
    view! {
        <p class=class role="alert">
            {sentence}
        </p>
    }
}

/// Shows the error of the last submission of an action, if it failed.
pub fn action_error<T, S>(value: S) -> impl IntoView
where
    T: 'static,
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    move || {
        value.with(|v| match v {
            Some(Err(e)) => Some(view! { <ErrorMessage error=e.clone() /> }),
            _ => None,
        })
    }
}

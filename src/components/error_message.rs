use crate::domain::AppError;
use leptos::prelude::*;

/// An error's sentence, announced to screen readers.
#[component]
pub fn ErrorMessage(
    #[prop(into)] message: String,
    /// Extra classes, e.g. "pad".
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let class = if class.is_empty() {
        "form-error".to_owned()
    } else {
        format!("form-error {class}")
    };
    view! {
        <p class=class role="alert">
            {message}
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
            Some(Err(e)) => Some(view! { <ErrorMessage message=e.to_string() /> }),
            _ => None,
        })
    }
}

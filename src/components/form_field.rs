//! One labelled field of a form: the login, sign-up and new-listing forms
//! all lay their fields out this way, and tests and screen readers find
//! each control by its label.

use leptos::prelude::*;

/// `label` above the control(s) given as children; `hint` below them, with
/// `hint_id` for the control's `aria-describedby`.
#[component]
pub fn Field(
    label: &'static str,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] hint_id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            {children()}
            {hint
                .map(|hint| {
                    view! {
                        <small id=hint_id class="muted">
                            {hint}
                        </small>
                    }
                })}
        </label>
    }
}

use crate::components::error_message::action_error;
use crate::components::form_field::Field;
use crate::context::Session;
use crate::domain::validate::{NAME_MAX_CHARS, PASSWORD_MIN_CHARS};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    view! {
        <Title text="Create an account" />
        <section class="card auth-card">
            <h1>"Create an account"</h1>
            <ActionForm action=session.register attr:class="stack-form">
                <input type="hidden" name="next" value=next />
                <Field label="Name">
                    <input
                        type="text"
                        name="name"
                        autocomplete="name"
                        maxlength=NAME_MAX_CHARS.to_string()
                        required
                    />
                </Field>
                <Field label="Email">
                    <input type="email" name="email" autocomplete="email" required />
                </Field>
                <Field
                    label="Password"
                    hint=format!("At least {PASSWORD_MIN_CHARS} characters.")
                    hint_id="password-hint"
                >
                    <input
                        type="password"
                        name="password"
                        autocomplete="new-password"
                        minlength=PASSWORD_MIN_CHARS.to_string()
                        required
                        aria-describedby="password-hint"
                    />
                </Field>
                {action_error(session.register.value())}
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || session.register.pending().get()
                >
                    "Create account"
                </button>
            </ActionForm>
            <p class="muted">"Already have an account? " <a href="/login">"Log in"</a></p>
        </section>
    }
}

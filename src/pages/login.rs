use crate::components::error_message::action_error;
use crate::components::form_field::Field;
use crate::context::Session;
use crate::ui_support::form::urlencode;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let register_href = move || {
        let next = next();
        if next.is_empty() {
            "/register".to_owned()
        } else {
            format!("/register?next={}", urlencode(&next))
        }
    };
    view! {
        <Title text="Log in" />
        <section class="card auth-card">
            <h1>"Log in"</h1>
            <ActionForm action=session.login attr:class="stack-form">
                <input type="hidden" name="next" value=next />
                <Field label="Email">
                    <input type="email" name="email" autocomplete="email" required />
                </Field>
                <Field label="Password">
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                    />
                </Field>
                {action_error(session.login.value())}
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || session.login.pending().get()
                >
                    "Log in"
                </button>
            </ActionForm>
            <p class="muted">"New here? " <a href=register_href>"Create an account"</a></p>
        </section>
    }
}

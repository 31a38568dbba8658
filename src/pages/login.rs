use crate::components::error_message::action_error;
use crate::components::form_field::Field;
use crate::context::use_locale;
use crate::context::Session;
use crate::i18n::td_string;
use crate::ui_support::form::urlencode;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let locale = use_locale();
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
        <Title text=td_string!(locale, header.log_in) />
        <section class="card auth-card">
            <h1>{td_string!(locale, header.log_in)}</h1>
            <ActionForm action=session.login attr:class="stack-form">
                <input type="hidden" name="next" value=next />
                <Field label=td_string!(locale, account.email)>
                    <input type="email" name="email" autocomplete="email" required />
                </Field>
                <Field label=td_string!(locale, account.password)>
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
                    {td_string!(locale, header.log_in)}
                </button>
            </ActionForm>
            <p class="muted">
                {td_string!(locale, login.new_here)} " "
                <a href=register_href>{td_string!(locale, account.create_an_account)}</a>
            </p>
        </section>
    }
}

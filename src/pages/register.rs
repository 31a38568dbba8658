use crate::components::error_message::action_error;
use crate::components::form_field::Field;
use crate::context::use_locale;
use crate::context::Session;
use crate::domain::validate::{NAME_MAX_CHARS, PASSWORD_MIN_CHARS};
use crate::i18n::td_string;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let locale = use_locale();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    view! {
        <Title text=td_string!(locale, account.create_an_account) />
        <section class="card auth-card">
            <h1>{td_string!(locale, account.create_an_account)}</h1>
            <ActionForm action=session.register attr:class="stack-form">
                <input type="hidden" name="next" value=next />
                <Field label=td_string!(locale, account.name)>
                    <input
                        type="text"
                        name="name"
                        autocomplete="name"
                        maxlength=NAME_MAX_CHARS.to_string()
                        required
                    />
                </Field>
                <Field label=td_string!(locale, account.email)>
                    <input type="email" name="email" autocomplete="email" required />
                </Field>
                <Field
                    label=td_string!(locale, account.password)
                    hint=td_string!(locale, account.password_hint, count = PASSWORD_MIN_CHARS)
                        .to_string()
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
                    {td_string!(locale, account.create_account)}
                </button>
            </ActionForm>
            <p class="muted">
                {td_string!(locale, account.already_have_one)} " "
                <a href="/login">{td_string!(locale, header.log_in)}</a>
            </p>
        </section>
    }
}

use crate::app::Session;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Shows the error of the last submission, if it failed.
pub fn form_error<T, S>(value: S) -> impl IntoView
where
    T: 'static,
    S: With<Value = Option<Result<T, crate::domain::AppError>>> + Send + Sync + 'static,
{
    move || {
        value.with(|v| match v {
            Some(Err(e)) => Some(view! { <p class="form-error" role="alert">{e.to_string()}</p> }),
            _ => None,
        })
    }
}

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
        <Title text="Log in"/>
        <section class="card auth-card">
            <h1>"Log in"</h1>
            <ActionForm action=session.login attr:class="stack-form">
                <input type="hidden" name="next" value=next/>
                <label class="field">
                    <span>"Email"</span>
                    <input type="email" name="email" autocomplete="email" required/>
                </label>
                <label class="field">
                    <span>"Password"</span>
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                {form_error(session.login.value())}
                <button type="submit" class="button button-primary" disabled=move || session.login.pending().get()>
                    "Log in"
                </button>
            </ActionForm>
            <p class="muted">"New here? " <a href=register_href>"Create an account"</a></p>
        </section>
    }
}

/// Percent-encodes a query value (enough for paths like `/listings/…?a=b`).
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

use crate::components::error_message::ErrorMessage;
use crate::components::not_found::NotFound;
use crate::context::use_locale;
use crate::i18n::td_string;
use crate::server_fns::notifications::get_unsubscription;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// `/unsubscribe/{token}`: the page an email's unsubscribe link opens. It
/// asks before turning emails off (link checkers open links; RFC 8058's
/// one-click POST is for mail clients), then says they are off. No login:
/// the link is the key.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || {
        params
            .read()
            .get("token")
            .and_then(|t| t.parse::<Uuid>().ok())
    };
    let link = Resource::new(token, |token| async move {
        match token {
            Some(token) => get_unsubscription(token)
                .await
                .map(|link| Some((token, link))),
            None => Ok(None),
        }
    });
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, unsubscribe.title) />
        <Suspense fallback=move || {
            view! { <p class="muted">{td_string!(locale, common.loading)}</p> }
        }>
            {Suspend::new(async move {
                match link.await {
                    Ok(Some((token, link))) => {
                        view! {
                            <section class="card form-card">
                                <h1>{td_string!(locale, unsubscribe.title)}</h1>
                                {if link.email_notifications {
                                    view! {
                                        <p>
                                            {td_string!(locale, unsubscribe.stop_before)}
                                            <strong>{link.email}</strong>
                                            {td_string!(locale, unsubscribe.stop_after)}
                                        </p>
                                        <form method="post" action=format!("/unsubscribe/{token}")>
                                            <button type="submit" class="button button-primary">
                                                {td_string!(locale, unsubscribe.turn_off)}
                                            </button>
                                        </form>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p role="status">
                                            {td_string!(locale, unsubscribe.off_before)}
                                            <strong>{link.email}</strong>
                                            {td_string!(locale, unsubscribe.off_middle)}
                                            <a href="/settings">
                                                {td_string!(locale, unsubscribe.your_settings)}
                                            </a> {td_string!(locale, unsubscribe.off_after)}
                                        </p>
                                    }
                                        .into_any()
                                }}
                            </section>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(e) if e.is_not_found() => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

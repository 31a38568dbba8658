use crate::components::error_message::ErrorMessage;
use crate::components::not_found::NotFound;
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
    view! {
        <Title text="Email notifications" />
        <Suspense fallback=|| {
            view! { <p class="muted">"Loading…"</p> }
        }>
            {Suspend::new(async move {
                match link.await {
                    Ok(Some((token, link))) => {
                        view! {
                            <section class="card form-card">
                                <h1>"Email notifications"</h1>
                                {if link.email_notifications {
                                    view! {
                                        <p>
                                            "Stop emails about unread messages to "
                                            <strong>{link.email}</strong> "?"
                                        </p>
                                        <form method="post" action=format!("/unsubscribe/{token}")>
                                            <button type="submit" class="button button-primary">
                                                "Turn off emails"
                                            </button>
                                        </form>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p role="status">
                                            "Emails about unread messages to "
                                            <strong>{link.email}</strong>
                                            " are off. You can turn them back on in "
                                            <a href="/settings">"your settings"</a> "."
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
                    Err(e) => view! { <ErrorMessage message=e.to_string() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

use crate::components::error_message::{action_error, ErrorMessage};
use crate::components::notifications::NotificationSwitch;
use crate::components::require_login::RequireLogin;
use crate::domain::{AppError, NotificationSettings};
use crate::server_fns::notifications::{get_notification_settings, SetEmailNotifications};
use crate::ui_support::hydration::island_hydrated;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/settings`: emails about unread messages on or off, and notifications
/// in this browser.
#[component]
pub fn SettingsPage() -> impl IntoView {
    // Asked for here, not behind the login gate (see `pages::messages::data`).
    let settings = Resource::new(|| (), |_| get_notification_settings());
    view! {
        <Title text="Settings" />
        <RequireLogin next="/settings" content=move |_user| view! { <Settings settings /> } />
    }
}

#[component]
fn Settings(settings: Resource<Result<NotificationSettings, AppError>>) -> impl IntoView {
    view! {
        <section class="card form-card settings">
            <h1>"Settings"</h1>
            <Suspense fallback=|| {
                view! { <p class="muted">"Loading…"</p> }
            }>
                {Suspend::new(async move {
                    match settings.await {
                        Ok(stored) => view! { <SettingsForms stored /> }.into_any(),
                        Err(e) => view! { <ErrorMessage message=e.to_string() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The page's live part: saving the email setting in place, and this
/// browser's notifications. Its code loads with this page only.
#[island(lazy)]
fn SettingsForms(stored: NotificationSettings) -> impl IntoView {
    island_hydrated();
    view! {
        <section class="settings-section" aria-labelledby="settings-email">
            <h2 id="settings-email">"Emails"</h2>
            <EmailSetting stored />
        </section>
        <section class="settings-section" aria-labelledby="settings-browser">
            <h2 id="settings-browser">"Notifications in this browser"</h2>
            <p class="muted">
                "A notification when a message arrives while souk is in another tab, or closed."
            </p>
            <NotificationSwitch />
        </section>
    }
}

/// A checkbox and Save: a plain form, so it works before the page's code
/// has loaded too.
#[component]
fn EmailSetting(stored: NotificationSettings) -> impl IntoView {
    let save = ServerAction::<SetEmailNotifications>::new();
    let on = move || match save.value().get() {
        Some(Ok(saved)) => saved.email_notifications,
        _ => stored.email_notifications,
    };
    view! {
        <ActionForm action=save attr:class="stack-form">
            <label class="checkbox-field">
                <input
                    type="checkbox"
                    name="email_notifications"
                    value="true"
                    checked=stored.email_notifications
                />
                <span>"Email me about messages I have not read"</span>
            </label>
            <p class="muted field-help">
                "When a message waits for you while you are away from souk, we email you \
                 once for that conversation (at most once an hour). Every email has a link \
                 to stop them."
            </p>
            {action_error(save.value())}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary button-sm"
                    disabled=move || save.pending().get()
                >
                    "Save"
                </button>
                <p class="muted" role="status">
                    {move || {
                        save.value()
                            .get()
                            .and_then(|saved| saved.ok())
                            .map(|_| {
                                if on() {
                                    "Saved: emails are on."
                                } else {
                                    "Saved: emails are off."
                                }
                            })
                    }}
                </p>
            </div>
        </ActionForm>
    }
}

use crate::components::error_message::{action_error, ErrorMessage};
use crate::components::notifications::NotificationSwitch;
use crate::components::require_login::RequireLogin;
use crate::context::use_locale;
use crate::domain::{AppError, NotificationSettings};
use crate::i18n::td_string;
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
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, header.settings) />
        <RequireLogin next="/settings" content=move |_user| view! { <Settings settings /> } />
    }
}

#[component]
fn Settings(settings: Resource<Result<NotificationSettings, AppError>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="card form-card settings">
            <h1>{td_string!(locale, header.settings)}</h1>
            <Suspense fallback=move || {
                view! { <p class="muted">{td_string!(locale, common.loading)}</p> }
            }>
                {Suspend::new(async move {
                    match settings.await {
                        Ok(stored) => view! { <SettingsForms stored /> }.into_any(),
                        Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
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
    let locale = use_locale();
    view! {
        <section class="settings-section" aria-labelledby="settings-email">
            <h2 id="settings-email">{td_string!(locale, settings.emails)}</h2>
            <EmailSetting stored />
        </section>
        <section class="settings-section" aria-labelledby="settings-browser">
            <h2 id="settings-browser">{td_string!(locale, settings.browser_notifications)}</h2>
            <p class="muted">{td_string!(locale, settings.browser_notifications_help)}</p>
            <NotificationSwitch />
        </section>
    }
}

/// A checkbox and Save: a plain form, so it works before the page's code
/// has loaded too.
#[component]
fn EmailSetting(stored: NotificationSettings) -> impl IntoView {
    let save = ServerAction::<SetEmailNotifications>::new();
    let locale = use_locale();
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
                <span>{td_string!(locale, settings.email_me)}</span>
            </label>
            <p class="muted field-help">{td_string!(locale, settings.email_me_help)}</p>
            {action_error(save.value())}
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary button-sm"
                    disabled=move || save.pending().get()
                >
                    {td_string!(locale, settings.save)}
                </button>
                <p class="muted" role="status">
                    {move || {
                        save.value()
                            .get()
                            .and_then(|saved| saved.ok())
                            .map(|_| {
                                if on() {
                                    td_string!(locale, settings.saved_on)
                                } else {
                                    td_string!(locale, settings.saved_off)
                                }
                            })
                    }}
                </p>
            </div>
        </ActionForm>
    }
}

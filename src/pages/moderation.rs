use crate::components::error_message::ErrorMessage;
use crate::components::not_found::NotFound;
use crate::components::require_login::RequireLogin;
use crate::context::use_locale;
use crate::domain::{AppError, RepeatPaymentSender, Report};
use crate::i18n::td_string;
use crate::server_fns::reports::{list_reports, repeat_payment_senders};
use crate::ui_support::labels;
use crate::ui_support::time::{clock, day_label, use_mounted};
use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/moderation`: the newest reports, for the moderators only; anyone else
/// gets "Page not found", as if it did not exist.
#[component]
pub fn ModerationPage() -> impl IntoView {
    // Asked for here, not behind the login gate: the server builds what the
    // gate holds more than once, and a resource made there would be made
    // again each time (see `pages::messages::data`). Anyone but a
    // moderator gets an error, never shown.
    let reports = Resource::new(|| (), |_| list_reports());
    let repeat = Resource::new(|| (), |_| repeat_payment_senders());
    view! {
        <RequireLogin
            next="/moderation"
            content=move |user| {
                if user.is_moderator {
                    view! {
                        <Reports reports />
                        <RepeatPaymentSenders repeat />
                    }
                        .into_any()
                } else {
                    view! { <NotFound /> }.into_any()
                }
            }
        />
    }
}

#[component]
fn Reports(reports: Resource<Result<Vec<Report>, AppError>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, header.moderation) />
        <div class="page-heading">
            <h1>{td_string!(locale, moderation.reports)}</h1>
        </div>
        <Suspense fallback=move || {
            view! { <p class="muted">{td_string!(locale, moderation.loading)}</p> }
        }>
            {Suspend::new(async move {
                match reports.await {
                    Ok(list) if list.is_empty() => {
                        view! {
                            <section class="empty-state">
                                <h2>{td_string!(locale, moderation.no_reports)}</h2>
                                <p class="muted">
                                    {td_string!(locale, moderation.nobody_reported)}
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    Ok(list) => {
                        view! {
                            <ol class="report-list">
                                {list
                                    .into_iter()
                                    .map(|report| view! { <ReportCard report /> })
                                    .collect_view()}
                            </ol>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportCard(report: Report) -> impl IntoView {
    let mounted = use_mounted();
    let locale = use_locale();
    let at = report.created_at;
    let when = move || {
        let local = mounted.get();
        format!(
            "{}, {}",
            day_label(locale, at, Utc::now(), local),
            clock(at, local)
        )
    };
    view! {
        <li class="report-card">
            <p class="report-summary">
                <span class="report-reason-tag">
                    {labels::report_reason(locale, report.reason)}
                </span>
                <span>
                    <strong>{report.reporter.name}</strong>
                    {td_string!(locale, moderation.reported)}
                    <strong>{report.reported_user.name}</strong>
                </span>
                <time class="muted" datetime=at.to_rfc3339()>
                    {when}
                </time>
            </p>
            {report
                .message
                .map(|message| {
                    view! {
                        <blockquote class="reported-message">
                            <p>{message.content}</p>
                        </blockquote>
                    }
                })}
            {report.details.map(|details| view! { <p class="report-details">{details}</p> })}
        </li>
    }
}

/// Who asked to be paid off the site again and again today.
#[component]
fn RepeatPaymentSenders(
    repeat: Resource<Result<Vec<RepeatPaymentSender>, AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let mounted = use_mounted();
    view! {
        <section class="repeat-payment" aria-labelledby="repeat-payment-heading">
            <h2 id="repeat-payment-heading">{td_string!(locale, moderation.repeat_payment)}</h2>
            <p class="muted">{td_string!(locale, moderation.repeat_payment_help)}</p>
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    match repeat.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="muted">{td_string!(locale, moderation.nobody_repeat)}</p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="repeat-payment-list">
                                    {list
                                        .into_iter()
                                        .map(|sender| {
                                            let at = sender.last_at;
                                            let count = sender.flagged;
                                            view! {
                                                <li>
                                                    <strong>{sender.user.name}</strong>
                                                    " — "
                                                    {move || {
                                                        let time = clock(at, mounted.get());
                                                        td_string!(locale, moderation.flagged, count, time)
                                                            .to_string()
                                                    }}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

use crate::components::error_message::ErrorMessage;
use crate::components::not_found::NotFound;
use crate::components::require_login::RequireLogin;
use crate::domain::{AppError, Report};
use crate::server_fns::reports::list_reports;
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
    view! {
        <RequireLogin
            next="/moderation"
            content=move |user| {
                if user.is_moderator {
                    view! { <Reports reports /> }.into_any()
                } else {
                    view! { <NotFound /> }.into_any()
                }
            }
        />
    }
}

#[component]
fn Reports(reports: Resource<Result<Vec<Report>, AppError>>) -> impl IntoView {
    view! {
        <Title text="Moderation" />
        <div class="page-heading">
            <h1>"Reports"</h1>
        </div>
        <Suspense fallback=|| {
            view! { <p class="muted">"Loading reports…"</p> }
        }>
            {Suspend::new(async move {
                match reports.await {
                    Ok(list) if list.is_empty() => {
                        view! {
                            <section class="empty-state">
                                <h2>"No reports"</h2>
                                <p class="muted">"Nobody has reported anything yet."</p>
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
                    Err(e) => view! { <ErrorMessage message=e.to_string() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportCard(report: Report) -> impl IntoView {
    let mounted = use_mounted();
    let at = report.created_at;
    let when = move || {
        let local = mounted.get();
        format!("{}, {}", day_label(at, Utc::now(), local), clock(at, local))
    };
    view! {
        <li class="report-card">
            <p class="report-summary">
                <span class="report-reason-tag">{report.reason.label()}</span>
                <span>
                    <strong>{report.reporter.name}</strong>
                    " reported "
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

use crate::components::error_message::ErrorMessage;
use crate::components::form_field::Field;
use crate::domain::validate::plain_text;
use crate::domain::{AppError, ReportReason};
use crate::server_fns::reports::send_report;
use leptos::prelude::*;
use uuid::Uuid;

/// The reporter's answers.
#[derive(Clone)]
struct Filed {
    reason: ReportReason,
    details: String,
}

/// "Report" in the thread's header: a reason picker with optional details,
/// then a thank-you in its place. It reports the other person's newest
/// message when there is one (so the moderators see what was said), else
/// the person.
#[component]
pub fn ReportUser(
    other_id: Uuid,
    other_name: String,
    /// The other person's newest message in the thread, if any.
    #[prop(into)]
    latest_from_them: Signal<Option<Uuid>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let reason = RwSignal::new(None::<ReportReason>);
    let details = RwSignal::new(String::new());
    let send = Action::new(move |filed: &Filed| {
        let filed = filed.clone();
        let message_id = latest_from_them.get_untracked();
        async move {
            plain_text(&filed.details, "details")?;
            let user_id = message_id.is_none().then_some(other_id);
            let details = Some(filed.details).filter(|d| !d.trim().is_empty());
            send_report(message_id, user_id, filed.reason, details).await
        }
    });
    let sent = move || matches!(send.value().get(), Some(Ok(())));
    let heading = format!("Why are you reporting {other_name}?");
    let form_label = format!("Report {other_name}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(reason) = reason.get_untracked() {
            send.dispatch(Filed {
                reason,
                details: details.get_untracked(),
            });
        }
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="button button-ghost button-sm"
                        on:click=move |_| open.set(true)
                    >
                        "Report"
                    </button>
                }
            }
        >
            <div class="report-panel">
                <Show
                    when=sent
                    fallback={
                        let heading = heading.clone();
                        let form_label = form_label.clone();
                        move || {
                            view! {
                                <form
                                    class="report-form"
                                    aria-label=form_label.clone()
                                    on:submit=submit
                                >
                                    <fieldset>
                                        <legend>{heading.clone()}</legend>
                                        <ReasonPicker chosen=reason />
                                    </fieldset>
                                    <Field label="Details (optional)">
                                        <textarea
                                            rows="2"
                                            maxlength="1000"
                                            prop:value=move || details.get()
                                            on:input=move |ev| details.set(event_target_value(&ev))
                                        ></textarea>
                                    </Field>
                                    <div class="report-actions">
                                        <button
                                            type="submit"
                                            class="button button-danger button-sm"
                                            disabled=move || {
                                                send.pending().get() || reason.get().is_none()
                                            }
                                        >
                                            "Send report"
                                        </button>
                                        <button
                                            type="button"
                                            class="button button-ghost button-sm"
                                            on:click=move |_| open.set(false)
                                        >
                                            "Cancel"
                                        </button>
                                    </div>
                                    {move || {
                                        send.value()
                                            .get()
                                            .and_then(Result::err)
                                            .map(|e: AppError| {
                                                view! { <ErrorMessage message=e.to_string() /> }
                                            })
                                    }}
                                </form>
                            }
                        }
                    }
                >
                    <p class="report-thanks" role="status">
                        "Thank you. Our moderators will look at your report."
                        <button type="button" class="link-button" on:click=move |_| open.set(false)>
                            "Close"
                        </button>
                    </p>
                </Show>
            </div>
        </Show>
    }
    .into_any()
}

/// One radio button per reason.
#[component]
fn ReasonPicker(chosen: RwSignal<Option<ReportReason>>) -> impl IntoView {
    ReportReason::ALL
        .into_iter()
        .map(|r| {
            view! {
                <label class="report-reason">
                    <input
                        type="radio"
                        name="reason"
                        value=r.as_str()
                        required=true
                        prop:checked=move || chosen.get() == Some(r)
                        on:change=move |_| chosen.set(Some(r))
                    />
                    {r.label()}
                </label>
            }
        })
        .collect_view()
}

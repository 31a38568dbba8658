use crate::components::error_message::ErrorMessage;
use crate::components::form_field::Field;
use crate::context::use_locale;
use crate::domain::validate::plain_text;
use crate::domain::{AppError, ReportReason};
use crate::i18n::td_string;
use crate::server_fns::reports::send_report;
use crate::ui_support::labels;
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
    let locale = use_locale();
    let heading = td_string!(locale, report.why, name = &other_name).to_string();
    let form_label = td_string!(locale, report.report_name, name = &other_name).to_string();
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
                        {td_string!(locale, report.report)}
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
                                    <Field label=td_string!(locale, report.details)>
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
                                            {td_string!(locale, report.send)}
                                        </button>
                                        <button
                                            type="button"
                                            class="button button-ghost button-sm"
                                            on:click=move |_| open.set(false)
                                        >
                                            {td_string!(locale, common.cancel)}
                                        </button>
                                    </div>
                                    {move || {
                                        send.value()
                                            .get()
                                            .and_then(Result::err)
                                            .map(|e: AppError| {
                                                view! { <ErrorMessage error=e /> }
                                            })
                                    }}
                                </form>
                            }
                        }
                    }
                >
                    <p class="report-thanks" role="status">
                        {td_string!(locale, report.thanks)}
                        <button type="button" class="link-button" on:click=move |_| open.set(false)>
                            {td_string!(locale, common.close)}
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
    let locale = use_locale();
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
                    {labels::report_reason(locale, r)}
                </label>
            }
        })
        .collect_view()
}

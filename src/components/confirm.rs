use crate::components::error_message::ErrorMessage;
use crate::context::use_locale;
use crate::domain::AppError;
use crate::i18n::td_string;
use leptos::prelude::*;

/// A button whose action runs only after an inline confirmation that says
/// what it will do; the action's error, if any, shows below.
#[component]
pub fn ConfirmedAction(
    /// The button, e.g. "Delete".
    label: &'static str,
    /// The accessible name of the confirmation, e.g. "Confirm deletion".
    group_label: &'static str,
    /// What confirming does, in a sentence.
    #[prop(into)]
    prompt: String,
    /// The button that confirms, e.g. "Delete conversation".
    #[prop(into)]
    confirm_label: String,
    action: Action<(), Result<(), AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let confirming = RwSignal::new(false);
    let prompt = StoredValue::new(prompt);
    let confirm_label = StoredValue::new(confirm_label);
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="button button-ghost button-sm"
                        on:click=move |_| confirming.set(true)
                    >
                        {label}
                    </button>
                }
            }
        >
            <div class="confirm" role="group" aria-label=group_label>
                <span>{prompt.get_value()}</span>
                <button
                    type="button"
                    class="button button-danger button-sm"
                    disabled=move || action.pending().get()
                    on:click=move |_| {
                        action.dispatch(());
                    }
                >
                    {confirm_label.get_value()}
                </button>
                <button
                    type="button"
                    class="button button-ghost button-sm"
                    on:click=move |_| confirming.set(false)
                >
                    {td_string!(locale, common.cancel)}
                </button>
            </div>
        </Show>
        {move || {
            action.value().get().and_then(Result::err).map(|e| view! { <ErrorMessage error=e /> })
        }}
    }
    .into_any()
}

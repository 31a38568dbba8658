use crate::components::error_message::action_error;
use crate::components::form_field::Field;
use crate::components::require_login::RequireLogin;
use crate::domain::validate::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use crate::server_fns::listings::CreateListing;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewListingPage() -> impl IntoView {
    let create = ServerAction::<CreateListing>::new();
    view! {
        <Title text="New listing" />
        <RequireLogin
            next="/listings/new"
            content=move |_user| {
                view! {
                    <section class="card form-card">
                        <h1>"Sell something"</h1>
                        <ActionForm action=create attr:class="stack-form">
                            <Field label="Title">
                                <input
                                    type="text"
                                    name="title"
                                    maxlength=TITLE_MAX_CHARS.to_string()
                                    required
                                />
                            </Field>
                            <Field label="Description">
                                <textarea
                                    name="description"
                                    rows="6"
                                    maxlength=DESCRIPTION_MAX_CHARS.to_string()
                                ></textarea>
                            </Field>
                            <Field label="Price">
                                <div class="input-affix">
                                    <span aria-hidden="true">"€"</span>
                                    <input
                                        type="text"
                                        name="price"
                                        inputmode="decimal"
                                        placeholder="0.00"
                                        pattern="[0-9]+([.,][0-9]{1,2})?"
                                        required
                                    />
                                </div>
                            </Field>
                            {action_error(create.value())}
                            <button
                                type="submit"
                                class="button button-primary"
                                disabled=move || create.pending().get()
                            >
                                "Publish"
                            </button>
                        </ActionForm>
                    </section>
                }
            }
        />
    }
}

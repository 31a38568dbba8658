use crate::components::error_message::action_error;
use crate::components::form_field::Field;
use crate::components::require_login::RequireLogin;
use crate::context::use_locale;
use crate::domain::validate::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use crate::i18n::td_string;
use crate::server_fns::listings::CreateListing;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewListingPage() -> impl IntoView {
    let create = ServerAction::<CreateListing>::new();
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, header.new_listing) />
        <RequireLogin
            next="/listings/new"
            content=move |_user| {
                view! {
                    <section class="card form-card">
                        <h1>{td_string!(locale, new_listing.sell_something)}</h1>
                        <ActionForm action=create attr:class="stack-form">
                            <Field label=td_string!(locale, new_listing.title)>
                                <input
                                    type="text"
                                    name="title"
                                    maxlength=TITLE_MAX_CHARS.to_string()
                                    required
                                />
                            </Field>
                            <Field label=td_string!(locale, listing.description)>
                                <textarea
                                    name="description"
                                    rows="6"
                                    maxlength=DESCRIPTION_MAX_CHARS.to_string()
                                ></textarea>
                            </Field>
                            <Field label=td_string!(locale, new_listing.price)>
                                <div class="input-affix">
                                    <span aria-hidden="true">"€"</span>
                                    <input
                                        type="text"
                                        name="price"
                                        inputmode="decimal"
                                        placeholder=td_string!(
                                            locale, new_listing.price_placeholder
                                        )
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
                                {td_string!(locale, new_listing.publish)}
                            </button>
                        </ActionForm>
                    </section>
                }
            }
        />
    }
}

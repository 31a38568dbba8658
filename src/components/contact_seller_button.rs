use crate::components::button::{button_class, ButtonSize, ButtonVariant};
use crate::components::error_message::action_error;
use crate::context::use_locale;
use crate::i18n::td_string;
use crate::server_fns::messages::ContactSeller;
use leptos::form::ActionForm;
use leptos::prelude::*;
use uuid::Uuid;

/// "Contact seller": opens (creating if needed) the conversation with the
/// seller about this listing. It is a real `<form>`, so it works before the
/// WASM has loaded; the server function redirects to the conversation, or
/// to the login page when logged out.
#[component]
pub fn ContactSellerButton(
    seller_id: Uuid,
    #[prop(optional)] seller_name: Option<String>,
    ad_id: Uuid,
    #[prop(into)] ad_title: String,
    #[prop(optional)] variant: ButtonVariant,
    #[prop(optional)] size: ButtonSize,
    #[prop(optional)] full_width: bool,
) -> impl IntoView {
    let contact = ServerAction::<ContactSeller>::new();
    let locale = use_locale();
    let label = match &seller_name {
        Some(name) => td_string!(locale, contact.contact_name, name).to_string(),
        None => td_string!(locale, contact.contact_seller).to_string(),
    };
    let contacting = td_string!(locale, contact.contacting);
    let class = button_class(variant, size, full_width);
    let pending = contact.pending();
    view! {
        <ActionForm action=contact attr:class="contact-seller">
            <input type="hidden" name="seller_id" value=seller_id.to_string() />
            <input type="hidden" name="ad_id" value=ad_id.to_string() />
            <input type="hidden" name="ad_title" value=ad_title />
            <button
                type="submit"
                class=class
                disabled=move || pending.get()
                aria-busy=move || pending.get().to_string()
            >
                <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
                    <path
                        d="M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-4 3v-3H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z"
                        fill="none"
                        stroke="currentColor"
                        stroke-width="2"
                        stroke-linejoin="round"
                    />
                </svg>
                <span>
                    {move || if pending.get() { contacting.to_owned() } else { label.clone() }}
                </span>
            </button>
            {action_error(contact.value())}
        </ActionForm>
    }
}

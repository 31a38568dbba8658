//! The conversation's actions ("⋯"): a disclosure, so the thread header
//! keeps one row at every width and the actions are reached by keyboard
//! (Tab to it, Enter opens, Escape closes and gives focus back).

use crate::context::use_locale;
use crate::i18n::td_string;
use leptos::html::{Details, Summary};
use leptos::prelude::*;

#[component]
pub fn ThreadMenu(children: Children) -> impl IntoView {
    let menu = NodeRef::<Details>::new();
    let locale = use_locale();
    let toggle = NodeRef::<Summary>::new();
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        let Some(menu) = menu.get() else { return };
        if ev.key() == "Escape" && menu.open() {
            menu.set_open(false);
            if let Some(toggle) = toggle.get() {
                let _ = toggle.focus();
            }
        }
    };
    view! {
        <details class="thread-menu" node_ref=menu on:keydown=close_on_escape>
            <summary
                class="button button-ghost button-sm"
                node_ref=toggle
                aria-label=td_string!(locale, thread.actions)
            >
                "⋯"
            </summary>
            <div class="thread-menu-panel">{children()}</div>
        </details>
    }
}

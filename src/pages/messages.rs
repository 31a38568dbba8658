use leptos::prelude::*;

#[component]
pub fn MessagesPage() -> impl IntoView {
    view! { <h1>"Messages"</h1> }
}

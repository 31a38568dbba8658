//! A router with two routes, a header that awaits who is logged in (a
//! resource filled by a server function), and one button: the least a
//! hydrated Leptos page of souk's shape can ship.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    pub name: String,
}

#[server]
pub async fn get_me() -> Result<Option<User>, ServerFnError> {
    Ok(None)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let user = Resource::new(|| (), |_| get_me());
    let account = move || {
        Suspend::new(async move {
            match user.await.ok().flatten() {
                Some(user) => view! { <span>{user.name}</span> }.into_any(),
                None => view! { <a href="/login">"Log in"</a> }.into_any(),
            }
        })
    };
    view! {
        <Title text="floor" />
        <Router>
            <header>
                <Transition fallback=|| ()>{account}</Transition>
            </header>
            <Routes fallback=|| "Not found">
                <Route path=path!("") view=|| view! { <p>"Listings"</p> } />
                <Route path=path!("/listings/:id") view=Listing />
            </Routes>
        </Router>
    }
}

#[component]
fn Listing() -> impl IntoView {
    let clicks = RwSignal::new(0);
    view! { <button on:click=move |_| clicks.update(|n| *n += 1)>{clicks}</button> }
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}

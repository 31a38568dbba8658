use crate::context::use_locale;
use crate::context::Session;
use crate::domain::User;
use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Renders `content` with the logged-in user, or sends a logged-out
/// visitor to `/login?next=<here>` (a real 302 on first load, since the
/// gated routes render with `SsrMode::Async`).
#[component]
pub fn RequireLogin<F, V>(
    /// Where to come back to after logging in.
    next: &'static str,
    /// What to show to a logged-in user.
    content: F,
) -> impl IntoView
where
    F: Fn(User) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = expect_context::<Session>();
    let locale = use_locale();
    // A `Suspend`, not a closure making one: the server builds a closure's
    // view twice inside a `<Suspense>` (once to find its resources, once to
    // render), and the page's whole content sits in here. Only islands run
    // in the browser, so nothing would ever re-run it.
    view! {
        <Suspense fallback=move || {
            view! { <p class="muted">{td_string!(locale, common.loading)}</p> }
        }>
            {Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) => content(user).into_any(),
                    _ => view! { <Redirect path=format!("/login?next={next}") /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

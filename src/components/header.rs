use crate::components::live_header::LiveHeader;
use crate::context::{Session, UnreadTotal};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Site name, links, the unread badge and login/logout, on every page.
#[component]
pub fn Header() -> impl IntoView {
    let session = expect_context::<Session>();
    let unread = expect_context::<UnreadTotal>();
    // A `Suspend` renders once the user is known (no re-runs while the
    // resource settles, which would build the badge several times). For a
    // logged-in user it settles the unread total first and creates the
    // badge with its number: the badge never reads the resource itself,
    // whose timing on the server is not the header's. Made once, not by a
    // closure (see `RequireLogin`).
    let account = Suspend::new(async move {
        match session.user.await.ok().flatten() {
            Some(user) => {
                let count = unread.initial.await.unwrap_or(0);
                view! {
                    // The badge, and the tab's live connection: one sync
                    // per tick for whatever the page shows.
                    <LiveHeader me=user.id unread=count />
                    <span class="header-user" title=user.email.clone()>
                        {user.name.clone()}
                    </span>
                    <ActionForm action=session.logout attr:class="inline-form">
                        <button type="submit" class="button button-ghost button-sm">
                            "Log out"
                        </button>
                    </ActionForm>
                    <details class="user-menu">
                        <summary aria-label="More account actions">"⋯"</summary>
                        <div class="user-menu-panel">
                            <a class="menu-link" href="/settings">
                                "Settings"
                            </a>
                            {user
                                .is_moderator
                                .then(|| {
                                    view! {
                                        <a class="menu-link" href="/moderation">
                                            "Moderation"
                                        </a>
                                    }
                                })}
                            <ActionForm action=session.logout_everywhere attr:class="inline-form">
                                <button type="submit" class="button button-ghost button-sm">
                                    "Log out everywhere"
                                </button>
                            </ActionForm>
                        </div>
                    </details>
                }
                .into_any()
            }
            None => view! {
                <a class="header-link" href="/login">
                    "Log in"
                </a>
                <a class="button button-primary button-sm" href="/register">
                    "Register"
                </a>
            }
            .into_any(),
        }
    });
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <a class="brand" href="/">
                    "souk"
                </a>
                <nav class="header-nav" aria-label="Main">
                    <a class="header-link" href="/listings/new">
                        "New listing"
                    </a>
                    <Transition fallback=|| ()>{account}</Transition>
                </nav>
            </div>
        </header>
    }
}

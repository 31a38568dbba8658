use crate::components::live_header::LiveHeader;
use crate::context::{use_locale, Session, UnreadTotal};
use crate::domain::language::{self, Locale};
use crate::i18n::td_string;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Site name, links, the unread badge and login/logout, on every page.
#[component]
pub fn Header() -> impl IntoView {
    let session = expect_context::<Session>();
    let unread = expect_context::<UnreadTotal>();
    let locale = use_locale();
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
                    <NewListingLink locale on_narrow_screens=true />
                    // The badge, and the tab's live connection: one sync
                    // per tick for whatever the page shows.
                    <LiveHeader me=user.id unread=count />
                    <span class="header-user" title=user.email.clone()>
                        {user.name.clone()}
                    </span>
                    // On a narrow screen "Log out" moves into the menu.
                    <LogOut session locale class="inline-form wide-only" />
                    <details class="user-menu">
                        <summary aria-label=td_string!(
                            locale,
                            header.more_account_actions
                        )>"⋯"</summary>
                        <div class="user-menu-panel">
                            <a class="menu-link" href="/settings">
                                {td_string!(locale, header.settings)}
                            </a>
                            {user
                                .is_moderator
                                .then(|| {
                                    view! {
                                        <a class="menu-link" href="/moderation">
                                            {td_string!(locale, header.moderation)}
                                        </a>
                                    }
                                })}
                            <LogOut session locale class="inline-form narrow-only" />
                            <ActionForm action=session.logout_everywhere attr:class="inline-form">
                                <button type="submit" class="button button-ghost button-sm">
                                    {td_string!(locale, header.log_out_everywhere)}
                                </button>
                            </ActionForm>
                        </div>
                    </details>
                }
                .into_any()
            }
            None => view! {
                <NewListingLink locale on_narrow_screens=false />
                <a class="header-link" href="/login">
                    {td_string!(locale, header.log_in)}
                </a>
                <a class="button button-primary button-sm" href="/register">
                    {td_string!(locale, header.register)}
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
                <nav class="header-nav" aria-label=td_string!(locale, header.main)>
                    <Transition fallback=|| ()>{account}</Transition>
                    <LanguageSwitch locale />
                </nav>
            </div>
        </header>
    }
}

/// "Log out", in the header or (on a narrow screen) in the account menu.
#[component]
fn LogOut(session: Session, locale: Locale, class: &'static str) -> impl IntoView {
    view! {
        <ActionForm action=session.logout attr:class=class>
            <button type="submit" class="button button-ghost button-sm">
                {td_string!(locale, header.log_out)}
            </button>
        </ActionForm>
    }
}

/// "New listing". A narrow screen shows its short form ("Sell", and so
/// names it by that), and none to a visitor, whose header is full with
/// logging in (the home page has its own button).
#[component]
fn NewListingLink(locale: Locale, on_narrow_screens: bool) -> impl IntoView {
    view! {
        <a class="header-link" class:wide-only=!on_narrow_screens href="/listings/new">
            <span class="wide-only">{td_string!(locale, header.new_listing)}</span>
            <span class="narrow-only">{td_string!(locale, header.sell)}</span>
        </a>
    }
}

/// A form that asks for the other language and comes back to this page:
/// it works without code. Its label is in the language it offers.
#[component]
fn LanguageSwitch(locale: Locale) -> impl IntoView {
    let location = use_location();
    let here = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    );
    let offered = language::other(locale);
    let label = match offered {
        Locale::fr => "Français",
        Locale::en => "English",
    };
    view! {
        <form class="inline-form language-switch" method="post" action="/language">
            <input type="hidden" name="lang" value=language::code(offered) />
            <input type="hidden" name="next" value=here />
            // Named in full, shown as its code on a narrow screen.
            <button
                type="submit"
                class="button button-ghost button-sm"
                lang=language::code(offered)
            >
                <span class="language-name">{label}</span>
                <span class="language-code" aria-hidden="true">
                    {language::code(offered).to_uppercase()}
                </span>
            </button>
        </form>
    }
}

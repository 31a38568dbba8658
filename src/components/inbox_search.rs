//! The messages page's search: a box whose words go in the address
//! (`?q=`), and the hits as a list; a hit opens its conversation at that
//! message (`&conversation=…&message=…`).

use crate::components::error_message::ErrorMessage;
use crate::components::load_more::{LoadMoreButton, MorePages};
use crate::context::use_locale;
use crate::domain::{AppError, SearchHit, SearchPage};
use crate::i18n::td_string;
use crate::server_fns::messages::search_messages;
use crate::ui_support::answer::{answered, Loaded};
use crate::ui_support::labels;
use crate::ui_support::time::{relative, use_mounted};
use leptos::prelude::*;
use leptos_router::location::Url;
use uuid::Uuid;

/// The search box. Submitting navigates to `?q=…` (a plain GET form, so it
/// works before the page has hydrated); clearing it goes back to the list.
#[component]
pub fn SearchBox(query: Signal<String>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form class="inbox-search" role="search" method="get" action="/dashboard/messages">
            <label class="visually-hidden" for="inbox-search-input">
                {td_string!(locale, search.search_messages)}
            </label>
            <input
                id="inbox-search-input"
                type="search"
                name="q"
                placeholder=td_string!(locale, search.placeholder)
                autocomplete="off"
                prop:value=move || query.get()
            />
            <button type="submit" class="button button-ghost button-sm">
                {td_string!(locale, search.search)}
            </button>
            <Show when=move || !query.with(String::is_empty)>
                <a class="button button-ghost button-sm" href="/dashboard/messages">
                    {td_string!(locale, search.clear)}
                </a>
            </Show>
        </form>
    }
}

/// The hits for `query`, newest first, 20 at a time: the first ones are
/// the page's `hits`.
#[component]
pub fn SearchResults(
    query: String,
    hits: Loaded<String, SearchPage>,
    focus: Signal<Option<Uuid>>,
    me: Uuid,
) -> impl IntoView {
    let query = StoredValue::new(query);
    // Another search's answer is not this one's: this one's is on its way.
    let answer = move || query.with_value(|q| answered(hits.get(), q));
    let first_page = move || answer()?.ok();
    let more = MorePages::<SearchHit>::new();
    let next_cursor = Signal::derive(move || more.next_cursor(|| first_page()?.next_cursor));
    let load_more = Action::new(move |_: &()| async move {
        let page = search_messages(query.get_value(), next_cursor.get_untracked()).await?;
        more.add(page.hits, page.next_cursor);
        Ok::<(), AppError>(())
    });
    let mounted = use_mounted();
    let locale = use_locale();
    move || {
        let hits = match answer() {
            Some(Ok(page)) => page.hits,
            Some(Err(e)) => {
                return view! { <ErrorMessage error=e class="pad" /> }.into_any();
            }
            None => {
                return view! { <p class="muted pad">{td_string!(locale, search.searching)}</p> }
                    .into_any()
            }
        };
        if hits.is_empty() {
            return view! {
                <div class="empty-state empty-inbox">
                    <h2>{td_string!(locale, search.no_messages_found)}</h2>
                    <p class="muted">
                        {query
                            .with_value(|q| {
                                td_string!(locale, search.nothing_matches, query = q).to_string()
                            })}
                    </p>
                    <a class="button button-outline button-sm" href="/dashboard/messages">
                        {td_string!(locale, search.back_to_messages)}
                    </a>
                </div>
            }
            .into_any();
        }
        let all = Signal::derive(move || {
            let mut all = hits.clone();
            more.items.with(|more| all.extend(more.iter().cloned()));
            all
        });
        view! {
            <ul
                class="conversation-list search-results"
                aria-label=td_string!(locale, search.results)
            >
                <For each=move || all.get() key=|hit| hit.message.id let:hit>
                    <SearchResult hit query=query.get_value() focus me mounted />
                </For>
            </ul>
            <LoadMoreButton
                more=Signal::derive(move || next_cursor.with(Option::is_some))
                load=load_more
                label=td_string!(locale, search.more_results)
            />
        }
        .into_any()
    }
}

#[component]
fn SearchResult(
    hit: SearchHit,
    query: String,
    focus: Signal<Option<Uuid>>,
    me: Uuid,
    mounted: ReadSignal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let conversation_id = hit.conversation.id;
    let message_id = hit.message.id;
    let href = format!(
        "/dashboard/messages?q={}&conversation={conversation_id}&message={message_id}",
        Url::escape(&query)
    );
    let who = if hit.message.sender_id == me {
        td_string!(locale, search.you).to_owned()
    } else {
        labels::other_name(locale, &hit.conversation, me)
    };
    let at = hit.message.created_at;
    let is_selected = move || focus.get() == Some(message_id);
    view! {
        <li>
            <a
                class="conversation-item search-hit"
                class:selected=is_selected
                href=href
                aria-current=move || is_selected().then_some("page")
            >
                <span class="conversation-text">
                    <span class="conversation-top">
                        <span class="conversation-name">{who}</span>
                        <time class="conversation-time muted" datetime=at.to_rfc3339()>
                            {move || relative(locale, at, chrono::Utc::now(), mounted.get())}
                        </time>
                    </span>
                    <span class="conversation-title">
                        {labels::conversation_title(locale, &hit.conversation)}
                    </span>
                    // The server escaped the text before marking the hits.
                    <span class="search-snippet" inner_html=hit.snippet></span>
                </span>
            </a>
        </li>
    }
}

//! Offers in the thread: the card of an offer made (with the answers the
//! reader may give while it is pending), the line of each later step, and
//! the panel that makes or counters one. Cards follow the offer as it now
//! stands: each later message about it brings its new status (`Deals`).

use super::anchors::message_anchor;
use super::deals::OfferPanel;
use super::state::ThreadState;
use crate::components::error_message::ErrorMessage;
use crate::context::use_locale;
use crate::domain::offer::{lowest_opening, Offer, OfferStatus, OfferStep};
use crate::domain::{AppError, Message};
use crate::i18n::td_string;
use crate::server_fns::offers::{answer_offer, make_offer, send_counter_offer};
use crate::ui_support::labels;
use crate::ui_support::money::price;
use crate::ui_support::time::clock;
use leptos::prelude::*;
use uuid::Uuid;

/// A message about an offer: the card of the offer it made, or the line
/// of a later step.
#[component]
pub fn OfferMessage(
    message: Message,
    offer: Offer,
    step: OfferStep,
    mine: bool,
    mounted: ReadSignal<bool>,
) -> impl IntoView {
    let shown = Shown {
        id: message.id,
        at: message.created_at,
        offer,
        step,
        mine,
    };
    if step.makes_offer() {
        view! { <OfferCard shown mounted /> }.into_any()
    } else {
        view! { <OfferLineRow shown mounted /> }.into_any()
    }
}

/// What a message about an offer shows: `mine` when the reader sent it.
#[derive(Clone, Copy)]
struct Shown {
    id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
    offer: Offer,
    step: OfferStep,
    mine: bool,
}

impl Shown {
    /// "You offered 80,00 €", "Sam accepted your offer of 80,00 €".
    fn line(&self, locale: crate::domain::Locale) -> String {
        let name = expect_context::<ThreadState>().deals.other_name.get_value();
        labels::offer_line(locale, &self.offer, self.step, self.mine, &name)
    }
}

/// The card of an offer made: "Bea offered 80,00 €", its status, and the
/// answers: Accept / Decline / Counter for the other's, Withdraw for mine.
#[component]
fn OfferCard(shown: Shown, mounted: ReadSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let deals = expect_context::<ThreadState>().deals;
    let (message_id, at, offer, mine) = (shown.id, shown.at, shown.offer, shown.mine);
    let id = offer.id;
    let now = move || {
        mounted.track();
        chrono::Utc::now()
    };
    let current = move || deals.offers.with(|o| o.get(&id).copied()).unwrap_or(offer);
    let status = move || current().status_at(now());
    let name = deals.other_name.get_value();
    let headline = shown.line(locale);
    let answer = Action::new(move |how: &&'static str| {
        let how = *how;
        async move { answer_offer(id, how.to_owned()).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(card)) = answer.value().get() {
            deals.hear(std::slice::from_ref(&card));
        }
    });
    let busy = Signal::derive(move || answer.pending().get());
    let press = move |how: &'static str| {
        Callback::new(move |_| {
            answer.dispatch(how);
        })
    };
    let counter = Callback::new(move |_| deals.panel.set(Some(OfferPanel::Counter(current()))));
    let actions = move || {
        if status() != OfferStatus::Pending {
            return ().into_any();
        }
        if mine {
            let label = td_string!(locale, offers.withdraw);
            view! { <AnswerButton label kind="outline" busy on_press=press("withdraw") /> }
                .into_any()
        } else {
            view! {
                <AnswerButton
                    label=td_string!(locale, offers.accept)
                    kind="primary"
                    busy
                    on_press=press("accept")
                />
                <AnswerButton
                    label=td_string!(locale, offers.decline)
                    kind="outline"
                    busy
                    on_press=press("decline")
                />
                <AnswerButton
                    label=td_string!(locale, offers.counter)
                    kind="ghost"
                    busy
                    on_press=counter
                />
            }
            .into_any()
        }
    };
    let status_name = name.clone();
    view! {
        <div class="offer-row" class:mine=mine id=message_anchor(message_id)>
            <article class="offer-card" aria-label=headline.clone()>
                <p class="offer-amount">{price(locale, offer.amount_cents)}</p>
                <p class="offer-headline">{headline.clone()}</p>
                <p class="offer-status" data-status=move || format!("{:?}", status())>
                    {move || labels::offer_status(locale, status(), mine, &status_name)}
                    " · "
                    <time datetime=at.to_rfc3339()>{move || clock(at, mounted.get())}</time>
                </p>
                <div class="offer-actions">{actions}</div>
                {move || {
                    answer
                        .value()
                        .get()
                        .and_then(Result::err)
                        .map(|e: AppError| view! { <ErrorMessage error=e /> })
                }}
            </article>
        </div>
    }
}

/// One of a card's answers; `kind`: the button's look.
#[component]
fn AnswerButton(
    label: &'static str,
    kind: &'static str,
    busy: Signal<bool>,
    on_press: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=format!("button button-{kind} button-sm")
            disabled=busy
            on:click=move |_| on_press.run(())
        >
            {label}
        </button>
    }
}

/// A later step of an offer, across the thread: "Sam accepted your offer
/// of 80,00 € · 14:02".
#[component]
fn OfferLineRow(shown: Shown, mounted: ReadSignal<bool>) -> impl IntoView {
    let label = shown.line(use_locale());
    let at = shown.at;
    view! {
        <div class="call-line offer-line" id=message_anchor(shown.id)>
            <span class="call-line-text">
                {label} " · "
                <time datetime=at.to_rfc3339()>{move || clock(at, mounted.get())}</time>
            </span>
        </div>
    }
}

/// "Make an offer" (or "Counter offer"): the amount, with the listing's
/// price and what the amount may be.
#[component]
pub fn OfferPanelView(conversation_id: Uuid) -> impl IntoView {
    let locale = use_locale();
    let state = expect_context::<ThreadState>();
    let deals = state.deals;
    let amount = RwSignal::new(String::new());
    // One offer's id until it is made: pressing Send again after a lost
    // answer gets the offer that was made, not a second one.
    let client_id = StoredValue::new(Uuid::new_v4());
    let send = Action::new(move |(panel, typed): &(OfferPanel, String)| {
        let (panel, typed) = (*panel, typed.clone());
        let client_id = client_id.get_value();
        async move {
            match panel {
                OfferPanel::Make => make_offer(conversation_id, typed, client_id).await,
                OfferPanel::Counter(offer) => send_counter_offer(offer.id, typed).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(card)) = send.value().get() {
            state.add_from_server(vec![card]); // which hears its offer
            client_id.set_value(Uuid::new_v4());
            deals.panel.set(None);
            amount.set(String::new());
        }
    });
    let view_of = move |panel: OfferPanel| {
        let price_cents = deals.price_cents.unwrap_or_default();
        let (heading, bounds) = match panel {
            OfferPanel::Make => (
                td_string!(locale, offers.make).to_owned(),
                td_string!(
                    locale,
                    offers.lowest,
                    price = &*price(locale, lowest_opening(price_cents))
                )
                .to_string(),
            ),
            OfferPanel::Counter(offer) => {
                let before = state.amount_before(offer).unwrap_or(price_cents);
                let (low, high) = (
                    offer.amount_cents.min(before),
                    offer.amount_cents.max(before),
                );
                (
                    td_string!(locale, offers.counter).to_owned(),
                    td_string!(
                        locale,
                        offers.between,
                        low = &*price(locale, low),
                        high = &*price(locale, high)
                    )
                    .to_string(),
                )
            }
        };
        let listing_price = td_string!(
            locale,
            offers.listing_price,
            price = &*price(locale, price_cents)
        )
        .to_string();
        view! {
            <section class="offer-panel" role="dialog" aria-labelledby="offer-panel-heading">
                <h3 id="offer-panel-heading">{heading}</h3>
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    send.dispatch((panel, amount.get_untracked()));
                }>
                    <p class="muted">{listing_price}</p>
                    <label class="field">
                        <span>{td_string!(locale, offers.amount)}</span>
                        <input
                            type="text"
                            inputmode="decimal"
                            autocomplete="off"
                            required
                            autofocus
                            aria-describedby="offer-bounds"
                            prop:value=move || amount.get()
                            on:input=move |ev| amount.set(event_target_value(&ev))
                        />
                        <small id="offer-bounds" class="muted">
                            {bounds}
                        </small>
                    </label>
                    {move || {
                        send.value()
                            .get()
                            .and_then(Result::err)
                            .map(|e: AppError| view! { <ErrorMessage error=e /> })
                    }}
                    <div class="offer-actions">
                        <button
                            type="submit"
                            class="button button-primary button-sm"
                            disabled=move || send.pending().get()
                        >
                            {td_string!(locale, offers.send)}
                        </button>
                        <button
                            type="button"
                            class="button button-ghost button-sm"
                            on:click=move |_| deals.panel.set(None)
                        >
                            {td_string!(locale, offers.cancel)}
                        </button>
                    </div>
                </form>
            </section>
        }
    };
    move || deals.panel.get().map(view_of)
}

/// "Make an offer", in the thread's header while the listing is available.
#[component]
pub fn MakeOfferButton() -> impl IntoView {
    let locale = use_locale();
    let deals = expect_context::<ThreadState>().deals;
    view! {
        <Show when=move || deals.open_to_offers()>
            <button
                type="button"
                class="button button-outline button-sm make-offer-button"
                on:click=move |_| deals.panel.set(Some(OfferPanel::Make))
            >
                {td_string!(locale, offers.make)}
            </button>
        </Show>
    }
}

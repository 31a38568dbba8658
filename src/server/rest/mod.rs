//! The JSON REST API under `/api`: thin handlers over the service layer.

mod attachments;
mod auth;
mod calls;
mod envelope;
mod extract;
mod listings;
mod live;
mod messages;
mod notifications;
mod offers;
mod reports;
mod users;

pub use envelope::{Done, Outcome, Paged, Reply};
pub use extract::{ApiJson, ApiPath, ApiQuery, ClientIp, CurrentUser};

use crate::domain::attachment::MAX_UPLOAD_BYTES;
use crate::server::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

/// An upload's body: the image and the multipart framing around it.
const UPLOAD_BODY_BYTES: usize = MAX_UPLOAD_BYTES as usize + 64 * 1024;

/// Every endpoint under `/api`; unknown `/api/…` paths get a JSON 404.
pub fn router() -> Router<AppState> {
    let routes = Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/logout-everywhere", post(auth::logout_everywhere))
        .route("/auth/me", get(auth::me))
        .route("/listings", get(listings::newest).post(listings::create))
        .route("/listings/{id}", get(listings::get))
        .route("/listings/{id}/status", post(offers::set_listing_status))
        .route("/reports", get(reports::list).post(reports::create))
        .route("/users/blocked", get(users::blocked))
        .route(
            "/settings",
            get(notifications::settings).post(notifications::update_settings),
        )
        .route(
            "/push/vapid-public-key",
            get(notifications::vapid_public_key),
        )
        .route(
            "/push/subscriptions",
            post(notifications::subscribe).delete(notifications::unsubscribe),
        )
        .route(
            "/users/{id}/block",
            post(users::block).delete(users::unblock),
        )
        .route("/messages", get(messages::list).post(messages::send))
        .route(
            "/messages/attachments",
            post(attachments::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)),
        )
        .route("/attachments/{id}", get(attachments::original))
        .route("/attachments/{id}/thumbnail", get(attachments::thumbnail))
        .route("/messages/unread", get(messages::unread))
        .route("/messages/search", get(messages::search))
        .route("/messages/sync", get(live::sync))
        .route("/messages/events", get(live::events))
        .route(
            "/messages/conversations",
            get(messages::conversations).post(messages::start),
        )
        .route(
            "/messages/conversations/{id}",
            get(messages::conversation).delete(messages::delete),
        )
        .route(
            "/messages/conversations/{id}/read",
            post(messages::mark_read),
        )
        .route(
            "/messages/conversations/{id}/archive",
            post(messages::archive).delete(messages::unarchive),
        )
        .route(
            "/messages/conversations/{id}/unread",
            post(messages::mark_unread),
        )
        .route("/messages/conversations/{id}/typing", post(live::typing))
        .route("/messages/conversations/{id}/calls", post(calls::start))
        .route("/messages/conversations/{id}/offers", post(offers::make))
        .route("/offers/{id}/accept", post(offers::accept))
        .route("/offers/{id}/decline", post(offers::decline))
        .route("/offers/{id}/counter", post(offers::counter))
        .route("/offers/{id}/withdraw", post(offers::withdraw))
        .route("/calls/current", get(calls::current))
        .route("/calls/{id}/accept", post(calls::accept))
        .route("/calls/{id}/decline", post(calls::decline))
        .route("/calls/{id}/hangup", post(calls::hang_up))
        .route("/calls/{id}/signals", post(calls::signal))
        .route("/calls/{id}/alive", post(calls::alive))
        .fallback(envelope::unknown_endpoint);
    Router::new()
        .nest("/api", routes)
        // The emails' one-click unsubscribe (RFC 8058): its GET is a page.
        .route(
            "/unsubscribe/{token}",
            post(notifications::one_click_unsubscribe),
        )
}

//! REST API tests against a real PostgreSQL: each `#[sqlx::test]` gets a
//! fresh database with the migrations applied.

mod attachments;
mod auth;
mod blocks;
mod calls;
mod client;
mod cross_site;
mod deploy;
mod hard_input;
mod inbox_tools;
mod languages;
mod limits;
mod listings;
mod live;
mod messages;
mod messages_authz;
mod messages_concurrency;
mod notifications;
mod offers;
mod pages;
mod paging;
mod push;
mod reports;
mod rpc;
mod search;
mod storage;
mod timeouts;
mod voice;
mod warnings;

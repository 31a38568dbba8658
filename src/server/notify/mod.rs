//! Reaching users who are away: email (`mail`) and Web Push (`push`).
//! These are the transports; who is told what, and when, is decided in
//! `services::notifications` and `services::push`, and the work runs in
//! `server::jobs`.

pub mod mail;
pub mod push;

pub use mail::{MailConfig, Mailer};
pub use push::{PushConfig, PushSender};

use std::sync::Arc;
use std::time::Duration;

/// The default wait before an unread message is mailed.
pub const DEFAULT_NOTIFY_AFTER: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub struct NotifyConfig {
    pub mail: MailConfig,
    /// `SOUK_MAIL_FROM`.
    pub mail_from: String,
    /// `SOUK_NOTIFY_AFTER_S`.
    pub notify_after: Duration,
    pub push: PushConfig,
}

/// What the notification work and the push endpoints share.
#[derive(Clone)]
pub struct Notifier {
    pub mailer: Mailer,
    pub push: PushSender,
    /// How long a message waits, unread and unseen, before it is mailed.
    pub notify_after: Duration,
    /// The site's address (`https://souk.example`), for links in emails.
    pub site_url: Arc<str>,
}

impl Notifier {
    pub fn new(config: &NotifyConfig, site_url: &str) -> Result<Self, String> {
        Ok(Self {
            mailer: Mailer::new(&config.mail, &config.mail_from)?,
            push: PushSender::new(&config.push)?,
            notify_after: config.notify_after,
            site_url: site_url.trim_end_matches('/').into(),
        })
    }
}

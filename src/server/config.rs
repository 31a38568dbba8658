//! Settings read from the environment and the command line.

use super::ice::IceConfig;
use super::limits::RateLimits;
use super::media::StorageConfig;
use super::moderators::Moderators;
use super::notify::{MailConfig, NotifyConfig, PushConfig, DEFAULT_NOTIFY_AFTER};
use crate::domain::call::RING_FOR;
use std::env;
use std::time::Duration;

pub struct Config {
    /// `None`: run our own PostgreSQL (see `db::embedded`).
    pub database_url: Option<String>,
    /// Seed the demo users and listings.
    pub demo: bool,
    pub secure_cookies: bool,
    /// `SOUK_PUBLIC_URL`, as an origin (scheme, host and port).
    pub public_origin: Option<String>,
    /// The rate limits: the defaults, or `SOUK_LIMIT_<NAME>`.
    pub limits: RateLimits,
    /// `SOUK_TRUST_PROXY`: the client IP is the first `X-Forwarded-For` hop.
    pub trust_proxy: bool,
    /// `SOUK_MODERATORS`: the emails of the accounts that see reports.
    pub moderators: Moderators,
    /// Where attachments are kept: `SOUK_STORAGE_DIR`, or `SOUK_S3_*`.
    pub storage: StorageConfig,
    /// Emails and pushes: `SOUK_SMTP_URL`, `SOUK_MAIL_FROM`,
    /// `SOUK_NOTIFY_AFTER_S`, `SOUK_VAPID_*`, `SOUK_PUSH_ALLOW_INSECURE`.
    pub notify: NotifyConfig,
    /// Calls' ICE servers: `SOUK_ICE_SERVERS`, `SOUK_TURN_SECRET`.
    pub ice: IceConfig,
    /// How long a call rings before it is missed: `SOUK_CALL_RING_S`
    /// (30 s; the browser tests shorten it).
    pub ring_for: Duration,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let flag = |name: &str| {
            env::var(name)
                .map(|v| matches!(v.as_str(), "1" | "true" | "yes"))
                .unwrap_or(false)
        };
        let demo = flag("SOUK_DEMO") || env::args().any(|a| a == "--demo");
        let public_origin = var("SOUK_PUBLIC_URL")
            .map(|url| url.trim_end_matches('/').to_owned())
            .filter(|url| !url.is_empty());
        Ok(Self {
            database_url: var("DATABASE_URL"),
            demo,
            secure_cookies: flag("SOUK_SECURE_COOKIES"),
            notify: notify_config(public_origin.as_deref(), flag("SOUK_PUSH_ALLOW_INSECURE"))?,
            public_origin,
            limits: RateLimits::from_env()?,
            trust_proxy: flag("SOUK_TRUST_PROXY"),
            moderators: Moderators::parse(&env::var("SOUK_MODERATORS").unwrap_or_default()),
            storage: StorageConfig::from_env(),
            ice: IceConfig::from_env()?,
            ring_for: match var("SOUK_CALL_RING_S") {
                None => RING_FOR,
                Some(secs) => Duration::from_secs(secs.parse().map_err(|_| {
                    format!("SOUK_CALL_RING_S must be a number of seconds, not {secs}")
                })?),
            },
        })
    }
}

/// A non-empty environment variable.
fn var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.is_empty())
}

fn notify_config(
    public_origin: Option<&str>,
    allow_insecure: bool,
) -> Result<NotifyConfig, String> {
    // Emails come from the site's own domain unless told otherwise.
    let domain = public_origin
        .and_then(|origin| origin.split("://").nth(1))
        .map(|host| host.split(':').next().unwrap_or(host).to_owned())
        .unwrap_or_else(|| "localhost".to_owned());
    let notify_after =
        match var("SOUK_NOTIFY_AFTER_S") {
            Some(secs) => Duration::from_secs(secs.parse().map_err(|_| {
                format!("SOUK_NOTIFY_AFTER_S must be a number of seconds, not {secs}")
            })?),
            None => DEFAULT_NOTIFY_AFTER,
        };
    Ok(NotifyConfig {
        mail: match var("SOUK_SMTP_URL") {
            Some(url) => MailConfig::Smtp(url),
            None => MailConfig::Files(var("SOUK_MAIL_DIR").unwrap_or(".souk/mail".into()).into()),
        },
        mail_from: var("SOUK_MAIL_FROM")
            .unwrap_or_else(|| format!("souk <notifications@{domain}>")),
        notify_after,
        push: PushConfig {
            private_key: var("SOUK_VAPID_PRIVATE_KEY"),
            key_file: ".souk/vapid-key".into(),
            subject: var("SOUK_VAPID_SUBJECT")
                .unwrap_or_else(|| format!("mailto:notifications@{domain}")),
            allow_insecure,
        },
    })
}

//! Settings read from the environment and the command line.

use super::limits::RateLimits;
use super::media::StorageConfig;
use super::moderators::Moderators;
use std::env;

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
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let flag = |name: &str| {
            env::var(name)
                .map(|v| matches!(v.as_str(), "1" | "true" | "yes"))
                .unwrap_or(false)
        };
        let demo = flag("SOUK_DEMO") || env::args().any(|a| a == "--demo");
        Ok(Self {
            database_url: env::var("DATABASE_URL").ok().filter(|s| !s.is_empty()),
            demo,
            secure_cookies: flag("SOUK_SECURE_COOKIES"),
            public_origin: env::var("SOUK_PUBLIC_URL")
                .ok()
                .map(|url| url.trim_end_matches('/').to_owned())
                .filter(|url| !url.is_empty()),
            limits: RateLimits::from_env()?,
            trust_proxy: flag("SOUK_TRUST_PROXY"),
            moderators: Moderators::parse(&env::var("SOUK_MODERATORS").unwrap_or_default()),
            storage: StorageConfig::from_env(),
        })
    }
}

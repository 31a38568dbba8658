//! Settings read from the environment and the command line.

use std::env;

pub struct Config {
    /// `None`: run our own PostgreSQL (see `db::embedded`).
    pub database_url: Option<String>,
    /// Seed the demo users and listings.
    pub demo: bool,
    pub secure_cookies: bool,
    /// `SOUK_PUBLIC_URL`, as an origin (scheme, host and port).
    pub public_origin: Option<String>,
}

impl Config {
    pub fn from_env() -> Self {
        let flag = |name: &str| {
            env::var(name)
                .map(|v| matches!(v.as_str(), "1" | "true" | "yes"))
                .unwrap_or(false)
        };
        let demo = flag("SOUK_DEMO") || env::args().any(|a| a == "--demo");
        Self {
            database_url: env::var("DATABASE_URL").ok().filter(|s| !s.is_empty()),
            demo,
            secure_cookies: flag("SOUK_SECURE_COOKIES"),
            public_origin: env::var("SOUK_PUBLIC_URL")
                .ok()
                .map(|url| url.trim_end_matches('/').to_owned())
                .filter(|url| !url.is_empty()),
        }
    }
}

use super::services::sessions::Sessions;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

use super::ice::IceConfig;
use super::limits::RateLimits;
use super::live::Live;
use super::media::Media;
use super::moderators::Moderators;
use super::notify::Notifier;

/// What every request handler can reach. What it holds per process is
/// either shared through the database (the pool, the feed's memory) or
/// the same on every instance (the storage), so any number of instances
/// can serve one database and one storage.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos_options: LeptosOptions,
    /// Set `Secure` on session cookies even without an `X-Forwarded-Proto`
    /// header (for deployments that terminate TLS in the process).
    #[from_ref(skip)]
    pub secure_cookies: bool,
    /// The site's own origin (`SOUK_PUBLIC_URL`, e.g. `https://souk.example`);
    /// without it, the request's `Host` is taken as the site's.
    #[from_ref(skip)]
    pub public_origin: Option<String>,
    #[from_ref(skip)]
    pub limits: RateLimits,
    /// Take the client's IP from `X-Forwarded-For` (`SOUK_TRUST_PROXY=1`).
    #[from_ref(skip)]
    pub trust_proxy: bool,
    /// Who may read the reports (`SOUK_MODERATORS`).
    #[from_ref(skip)]
    pub moderators: Moderators,
    /// This instance's memory of the change feed (see `server::live`).
    #[from_ref(skip)]
    pub live: Live,
    /// Attachment storage and the slots for image work.
    #[from_ref(skip)]
    pub media: Media,
    /// Emails and pushes.
    #[from_ref(skip)]
    pub notify: Notifier,
    /// The STUN and TURN servers calls use (`SOUK_ICE_SERVERS`).
    #[from_ref(skip)]
    pub ice: IceConfig,
}

impl AppState {
    /// The site's own host (`souk.example`, from `SOUK_PUBLIC_URL`): its
    /// addresses in a message are not links to warn about.
    pub fn own_host(&self) -> Option<&str> {
        let origin = self.public_origin.as_deref()?;
        let host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        host.split(':').next()
    }

    /// Who is behind a request (see `services::sessions`).
    pub fn sessions(&self) -> Sessions<'_> {
        Sessions {
            pool: &self.pool,
            live: &self.live,
            moderators: &self.moderators,
        }
    }
}

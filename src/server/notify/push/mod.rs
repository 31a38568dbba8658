//! Web Push: one encrypted POST per subscription to the browser's push
//! service. The payload is encrypted for the browser (RFC 8291,
//! `aes128gcm`) by `web-push-native`, the request signed with the
//! server's VAPID key (RFC 8292, `vapid`); `reqwest` carries it, with a
//! timeout, no redirects, and a resolver that only reaches public
//! addresses (`endpoint`).

pub mod endpoint;
pub mod vapid;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;
use web_push_native::jwt_simple::algorithms::ES256KeyPair;
use web_push_native::{p256, Auth, WebPushBuilder};

/// How long a push service keeps a push for a browser that is offline
/// (its `TTL`), and how long the VAPID signature holds (at most a day).
const PUSH_TTL: Duration = Duration::from_secs(12 * 3600);
/// A push service that has not answered by then is given up on.
const PUSH_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct PushConfig {
    /// `SOUK_VAPID_PRIVATE_KEY`, base64url.
    pub private_key: Option<String>,
    /// Where a generated key is kept when none is configured.
    pub key_file: PathBuf,
    /// `SOUK_VAPID_SUBJECT`: how a push service reaches the site's
    /// operator (`mailto:` or `https:`).
    pub subject: String,
    /// `SOUK_PUSH_ALLOW_INSECURE`: endpoints may be `http` and local.
    pub allow_insecure: bool,
}

/// A browser's subscription, as stored.
#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: Uuid,
    pub endpoint: String,
    pub p256dh: Vec<u8>,
    pub auth: Vec<u8>,
}

/// What became of one push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Delivered,
    /// The push service no longer knows the subscription (404 or 410):
    /// it is to be forgotten.
    Gone,
    Failed(String),
}

#[derive(Clone)]
pub struct PushSender(Arc<Inner>);

struct Inner {
    key: ES256KeyPair,
    public_key: String,
    subject: String,
    allow_insecure: bool,
    client: reqwest::Client,
}

impl PushSender {
    pub fn new(config: &PushConfig) -> Result<Self, String> {
        let key = vapid::load_or_generate(config.private_key.as_deref(), &config.key_file)?;
        let mut client = reqwest::Client::builder()
            .timeout(PUSH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        if !config.allow_insecure {
            client = client
                .https_only(true)
                .dns_resolver(Arc::new(endpoint::PublicOnly));
        }
        let client = client
            .build()
            .map_err(|e| format!("making the push client: {e}"))?;
        Ok(Self(Arc::new(Inner {
            public_key: vapid::public_key(&key),
            key,
            subject: config.subject.clone(),
            allow_insecure: config.allow_insecure,
            client,
        })))
    }

    /// The key browsers subscribe with (base64url).
    pub fn public_key(&self) -> &str {
        &self.0.public_key
    }

    /// Whether endpoints may be `http` and local (tests only).
    pub fn allows_insecure(&self) -> bool {
        self.0.allow_insecure
    }

    /// Pushes `payload` to one browser.
    pub async fn send(&self, subscription: &Subscription, payload: &[u8]) -> Delivery {
        let request = match self.request(subscription, payload) {
            Ok(request) => request,
            Err(e) => return Delivery::Failed(e),
        };
        match self.0.client.execute(request).await {
            Ok(response) => match response.status().as_u16() {
                200..=299 => Delivery::Delivered,
                404 | 410 => Delivery::Gone,
                status => Delivery::Failed(format!("push service answered {status}")),
            },
            Err(e) => Delivery::Failed(e.to_string()),
        }
    }

    fn request(
        &self,
        subscription: &Subscription,
        payload: &[u8],
    ) -> Result<reqwest::Request, String> {
        // Checked again: the rules may have changed since it was stored.
        let url = endpoint::check(&subscription.endpoint, self.0.allow_insecure)
            .map_err(|e| e.message.into_owned())?;
        let browser_key = p256::PublicKey::from_sec1_bytes(&subscription.p256dh)
            .map_err(|_| "the browser's key is not a P-256 point".to_owned())?;
        if subscription.auth.len() != 16 {
            return Err("the browser's secret is not 16 bytes".to_owned());
        }
        let auth = Auth::clone_from_slice(&subscription.auth);
        let uri = url.as_str().parse().map_err(|e| format!("endpoint: {e}"))?;
        let mut request = WebPushBuilder::new(uri, browser_key, auth)
            .with_valid_duration(PUSH_TTL)
            .build(payload.to_vec())
            .map_err(|e| e.to_string())?;
        let authorization = vapid::authorization(&self.0.key, &url, PUSH_TTL, &self.0.subject)?;
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, authorization);
        reqwest::Request::try_from(request).map_err(|e| e.to_string())
    }
}

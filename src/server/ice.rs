//! The ICE servers a call's browsers use to find a path to each other:
//! none are needed on one network; across networks a STUN server, and
//! behind strict NATs a TURN server that relays. `SOUK_ICE_SERVERS` lists
//! their URLs (comma-separated: `stun:…`, `turn:…`, `turns:…`); with
//! `SOUK_TURN_SECRET` (coturn's `static-auth-secret`, its `use-auth-secret`
//! scheme) each call gets TURN credentials that expire: the user name is
//! the expiry time and the user's id, the password its HMAC-SHA1 under the
//! secret, so the TURN server checks them without asking us.

use crate::domain::call::IceServer;
use base64::Engine;
use hmac::{Hmac, Mac};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// How long TURN credentials last: a call needs them when it starts and
/// each time the relay's allocation is refreshed, so beyond any call.
pub const TURN_CREDENTIALS_FOR: Duration = Duration::from_secs(12 * 3600);

#[derive(Debug, Clone, Default)]
pub struct IceConfig {
    stun: Vec<String>,
    turn: Vec<String>,
    turn_secret: Option<String>,
}

impl IceConfig {
    /// From `SOUK_ICE_SERVERS` and `SOUK_TURN_SECRET`.
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Self::parse(
            var("SOUK_ICE_SERVERS").as_deref().unwrap_or(""),
            var("SOUK_TURN_SECRET"),
        )
    }

    pub fn parse(urls: &str, turn_secret: Option<String>) -> Result<Self, String> {
        let mut config = Self {
            turn_secret,
            ..Self::default()
        };
        for url in urls.split(',').map(str::trim).filter(|u| !u.is_empty()) {
            match url.split_once(':').map(|(scheme, _)| scheme) {
                Some("stun" | "stuns") => config.stun.push(url.to_owned()),
                Some("turn" | "turns") => config.turn.push(url.to_owned()),
                _ => {
                    return Err(format!(
                        "SOUK_ICE_SERVERS: {url} is not a stun:, turn: or turns: URL"
                    ))
                }
            }
        }
        Ok(config)
    }

    /// The servers for `user`'s side of a call, TURN credentials made now.
    pub fn servers_for(&self, user: Uuid) -> Vec<IceServer> {
        let mut servers = Vec::new();
        if !self.stun.is_empty() {
            servers.push(IceServer {
                urls: self.stun.clone(),
                username: None,
                credential: None,
            });
        }
        if !self.turn.is_empty() {
            let (username, credential) = match &self.turn_secret {
                Some(secret) => {
                    let (name, password) = turn_credentials(secret, user, SystemTime::now());
                    (Some(name), Some(password))
                }
                None => (None, None),
            };
            servers.push(IceServer {
                urls: self.turn.clone(),
                username,
                credential,
            });
        }
        servers
    }
}

/// coturn's `use-auth-secret` credentials: `<expiry unix time>:<user>`,
/// and base64(HMAC-SHA1(secret, that name)).
pub fn turn_credentials(secret: &str, user: Uuid, now: SystemTime) -> (String, String) {
    let expires = now.duration_since(UNIX_EPOCH).unwrap_or_default() + TURN_CREDENTIALS_FOR;
    let name = format!("{}:{user}", expires.as_secs());
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(name.as_bytes());
    let password = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    (name, password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stun_and_turn_urls_are_sorted_and_others_refused() {
        let config = IceConfig::parse(
            "stun:stun.example.org:3478, turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349",
            None,
        )
        .unwrap();
        let servers = config.servers_for(Uuid::nil());
        assert_eq!(servers.len(), 2);
        assert_eq!(servers[0].urls, ["stun:stun.example.org:3478"]);
        assert_eq!(servers[1].urls.len(), 2);
        assert_eq!(servers[1].username, None);
        assert!(IceConfig::parse("https://example.org", None).is_err());
        assert!(IceConfig::parse("", None)
            .unwrap()
            .servers_for(Uuid::nil())
            .is_empty());
    }

    #[test]
    fn turn_credentials_follow_coturns_scheme() {
        // What `echo -n "$name" | openssl dgst -sha1 -hmac north -binary |
        // base64` gives, as coturn computes it.
        let at = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let user = Uuid::from_u128(1);
        let (name, password) = turn_credentials("north", user, at);
        assert_eq!(name, format!("1800043200:{user}"));
        assert_eq!(password, "lgewwSB+Nzf0EHOCUi9nqSG33oE=");
    }
}

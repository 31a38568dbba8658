//! The session cookie: a random token the browser keeps, whose SHA-256 is
//! the key of a `sessions` row.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use http::{header, HeaderMap, HeaderValue};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "souk_session";
/// Sessions last 30 days.
pub const SESSION_DAYS: i64 = 30;

#[derive(Clone)]
pub struct SessionToken(String);

impl SessionToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The session token sent by the browser, if any.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        cookie_value(headers, COOKIE_NAME).map(|value| Self(value.to_owned()))
    }

    /// What the database stores: the token itself never leaves the cookie.
    pub fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }

    pub fn set_cookie(&self, secure: bool) -> HeaderValue {
        let max_age = SESSION_DAYS * 24 * 3600;
        cookie_header(&self.0, max_age, secure)
    }

    pub fn clear_cookie(secure: bool) -> HeaderValue {
        cookie_header("", 0, secure)
    }
}

fn cookie_header(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}"
    ))
    .expect("cookie is ASCII")
}

/// The value of the request's cookie `name`, if it sent one.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Cookies are `Secure` when the site is served over https: configured, or
/// told by the proxy in front of us.
pub fn is_https(headers: &HeaderMap, configured: bool) -> bool {
    configured
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

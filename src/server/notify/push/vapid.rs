//! The server's VAPID key (RFC 8292): it signs every push, and browsers
//! subscribe with its public half. From `SOUK_VAPID_PRIVATE_KEY` (the raw
//! 32-byte P-256 private key, base64url, as `web-push generate-vapid-keys`
//! prints it); without it, generated once into a file (`.souk/vapid-key`)
//! and read from there afterwards, so subscriptions outlive restarts.

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use http::HeaderValue;
use std::io::Write;
use std::path::Path;
use std::time::Duration;
use web_push_native::jwt_simple::algorithms::{
    ECDSAP256KeyPairLike, ECDSAP256PublicKeyLike, ES256KeyPair,
};
use web_push_native::jwt_simple::claims::Claims;

const PRIVATE_KEY_BYTES: usize = 32;

/// The configured key, else the one in `file` (made there if missing).
pub fn load_or_generate(configured: Option<&str>, file: &Path) -> Result<ES256KeyPair, String> {
    if let Some(encoded) = configured {
        return parse(encoded).map_err(|e| format!("SOUK_VAPID_PRIVATE_KEY: {e}"));
    }
    if let Ok(stored) = std::fs::read_to_string(file) {
        return parse(stored.trim()).map_err(|e| format!("{}: {e}", file.display()));
    }
    let key = ES256KeyPair::generate();
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    // Another instance starting at the same moment may write it first:
    // then its key is the one everybody uses.
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
    {
        Ok(mut out) => {
            restrict_to_owner(&out);
            out.write_all(encode(&key.to_bytes()).as_bytes())
                .map_err(|e| format!("writing {}: {e}", file.display()))?;
            tracing::info!(file = %file.display(), "generated a VAPID key for Web Push");
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_generate(None, file),
        Err(e) => Err(format!("writing {}: {e}", file.display())),
    }
}

#[cfg(unix)]
fn restrict_to_owner(file: &std::fs::File) {
    use std::os::unix::fs::PermissionsExt;
    let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_to_owner(_: &std::fs::File) {}

fn parse(encoded: &str) -> Result<ES256KeyPair, String> {
    let raw = decode(encoded).ok_or("not base64url")?;
    if raw.len() != PRIVATE_KEY_BYTES {
        return Err(format!("a P-256 private key has {PRIVATE_KEY_BYTES} bytes"));
    }
    ES256KeyPair::from_bytes(&raw).map_err(|e| e.to_string())
}

/// The public key browsers subscribe with: the uncompressed point,
/// base64url without padding.
pub fn public_key(key: &ES256KeyPair) -> String {
    let point = key.public_key().public_key().to_bytes_uncompressed();
    encode(&point)
}

/// The `Authorization` of a push to `endpoint`: `vapid t=<JWT>, k=<public
/// key>`, the JWT signed with `key` for the endpoint's origin (scheme,
/// host and port), valid for `valid_for` (at most a day), naming
/// `subject` as the operator's contact. (web-push-native's own signature
/// leaves the port out of the origin, which push services on a
/// non-default port then refuse.)
pub fn authorization(
    key: &ES256KeyPair,
    endpoint: &url::Url,
    valid_for: Duration,
    subject: &str,
) -> Result<HeaderValue, String> {
    let claims = Claims::create(valid_for.into())
        .with_audience(endpoint.origin().ascii_serialization())
        .with_subject(subject);
    let token = key.sign(claims).map_err(|e| e.to_string())?;
    HeaderValue::from_str(&format!("vapid t={token}, k={}", public_key(key)))
        .map_err(|e| e.to_string())
}

fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Base64url with or without padding (browsers give it without; some
/// tools add it).
pub fn decode(encoded: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(encoded)
        .or_else(|_| URL_SAFE.decode(encoded))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_kept_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("vapid-key");
        let first = load_or_generate(None, &file).unwrap();
        let again = load_or_generate(None, &file).unwrap();
        assert_eq!(first.to_bytes(), again.to_bytes());
        assert_eq!(public_key(&first).len(), 87); // 65 bytes, base64url
        let configured =
            load_or_generate(Some(&encode(&first.to_bytes())), Path::new("/nonexistent")).unwrap();
        assert_eq!(configured.to_bytes(), first.to_bytes());
    }

    #[test]
    fn a_bad_configured_key_is_refused() {
        assert!(load_or_generate(Some("short"), Path::new("/nonexistent")).is_err());
        assert!(load_or_generate(Some("!!!"), Path::new("/nonexistent")).is_err());
    }
}

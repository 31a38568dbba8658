//! Where pushes may go. A push endpoint is a URL the browser's push
//! service gave it, and the server POSTs to it: without these rules a
//! subscription could aim the server at its own network (SSRF). Endpoints
//! are `https` URLs whose host is a name or a public address, and at send
//! time the name must resolve to public addresses only (see
//! [`PublicOnly`]). `SOUK_PUSH_ALLOW_INSECURE=1` lifts both, for a push
//! receiver on loopback in tests.

use crate::domain::{AppError, ErrorCode};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use url::{Host, Url};

/// Longer endpoints are not push services' (theirs are a few hundred
/// characters); the database refuses them too.
pub const MAX_ENDPOINT_CHARS: usize = 2048;

fn refused(sentence: &str) -> AppError {
    AppError::new(ErrorCode::InvalidPushEndpoint, sentence.to_owned())
}

/// Checks a subscription's endpoint; the parsed URL.
pub fn check(endpoint: &str, allow_insecure: bool) -> Result<Url, AppError> {
    if endpoint.chars().count() > MAX_ENDPOINT_CHARS {
        return Err(refused("The push endpoint is too long"));
    }
    let url = Url::parse(endpoint).map_err(|_| refused("The push endpoint is not a URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused("The push endpoint must not carry credentials"));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure => {}
        _ => return Err(refused("The push endpoint must be an https URL")),
    }
    if allow_insecure {
        return Ok(url);
    }
    match url.host() {
        Some(Host::Ipv4(ip)) if is_public(IpAddr::V4(ip)) => Ok(url),
        Some(Host::Ipv6(ip)) if is_public(IpAddr::V6(ip)) => Ok(url),
        Some(Host::Domain(name)) if !is_local_name(name) => Ok(url),
        _ => Err(refused(
            "The push endpoint must be on a public address, not a local or private one",
        )),
    }
}

/// Names that never lead out of the machine or its network.
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || [".localhost", ".local", ".internal", ".home.arpa"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        || !name.contains('.')
}

/// Whether `ip` is reachable on the public internet: not loopback,
/// private, link-local, shared, reserved, multicast or documentation.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let [first, second, ..] = ip.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address in its last bytes.
            if first == 0x64 && second == 0xff9b {
                let [.., a, b, c, d] = ip.octets();
                return is_public_v4(Ipv4Addr::new(a, b, c, d));
            }
            !(ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || (first == 0x2001 && second == 0x0db8) // documentation
                || (first == 0x2001 && second < 0x0200)) // IETF protocol assignments (Teredo, ORCHID…)
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

/// The push client's resolver: a name that resolves to any address that
/// is not public leads nowhere (it may have been public when subscribed).
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            if found.is_empty() || !found.iter().all(|addr| is_public(addr.ip())) {
                return Err(format!(
                    "{} does not resolve to public addresses only",
                    name.as_str()
                )
                .into());
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(endpoint: &str) -> Option<ErrorCode> {
        check(endpoint, false).err().map(|e| e.code)
    }

    #[test]
    fn push_services_are_accepted() {
        for endpoint in [
            "https://fcm.googleapis.com/fcm/send/abc:APA91b",
            "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
            "https://web.push.apple.com/QGuQyavXutnMH",
            "https://8.8.8.8/push",
            "https://[2a00:1450:4007:80e::200a]/push",
        ] {
            assert_eq!(code(endpoint), None, "{endpoint}");
        }
    }

    #[test]
    fn local_and_private_addresses_are_refused() {
        for endpoint in [
            "http://fcm.googleapis.com/fcm/send/abc",
            "ftp://example.com/x",
            "not a url",
            "https://localhost/push",
            "https://push.localhost/x",
            "https://printer.local/x",
            "https://intranet/x",
            "https://127.0.0.1/push",
            "https://10.1.2.3/push",
            "https://172.20.0.1/push",
            "https://192.168.1.10/push",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/x",
            "https://0.0.0.0/x",
            "https://[::1]/push",
            "https://[fd00::1]/push",
            "https://[fe80::1]/push",
            "https://[::ffff:127.0.0.1]/push",
            "https://[64:ff9b::a00:1]/push",
            "https://user:secret@example.com/push",
        ] {
            assert_eq!(
                code(endpoint),
                Some(ErrorCode::InvalidPushEndpoint),
                "{endpoint}"
            );
        }
    }

    #[test]
    fn insecure_mode_allows_loopback_over_http() {
        assert!(check("http://127.0.0.1:9999/push/1", true).is_ok());
        assert!(check("ftp://127.0.0.1/x", true).is_err());
    }
}

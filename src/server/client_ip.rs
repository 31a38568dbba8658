//! Who is on the other end, for limits kept per IP address.

use axum::extract::ConnectInfo;
use http::{Extensions, HeaderMap};
use std::net::{IpAddr, SocketAddr};

/// The socket's peer; with `trust_proxy` (`SOUK_TRUST_PROXY=1`, for a
/// server behind a proxy that sets it) the first `X-Forwarded-For` hop
/// instead. `None` when neither is known (requests made in-process).
pub fn client_ip(
    headers: &HeaderMap,
    extensions: &Extensions,
    trust_proxy: bool,
) -> Option<IpAddr> {
    let forwarded = || {
        headers
            .get("x-forwarded-for")?
            .to_str()
            .ok()?
            .split(',')
            .next()?
            .trim()
            .parse()
            .ok()
    };
    let peer = || {
        extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
    };
    if trust_proxy {
        forwarded().or_else(peer)
    } else {
        peer()
    }
}

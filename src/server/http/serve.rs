//! Serving the app over HTTP/1.1, and HTTP/2 without TLS (h2c, prior
//! knowledge: what a proxy in front speaks upstream to multiplex many event
//! streams on few connections), with bounded waits: a client gets 10 s to
//! send a request's head (or the HTTP/2 preface), and on Ctrl-C or SIGTERM
//! open requests get 10 s to finish. (`axum::serve` has no header timeout,
//! so this is our own accept loop on hyper.) TLS belongs to the proxy.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::server::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::time::Duration;
use tower::ServiceExt;

/// A client that has not sent a whole request head by then is dropped
/// (slow-header attacks hold connections open for nothing).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// An HTTP/2 client's first bytes (RFC 9113, 3.4); no HTTP/1 request
/// starts with them.
const HTTP2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How often an idle HTTP/2 connection is pinged, and how long the answer
/// may take before the connection is dropped (a peer gone without closing).
const HTTP2_PING_EVERY: Duration = Duration::from_secs(30);
const HTTP2_PING_ANSWER: Duration = Duration::from_secs(10);

/// How long open requests may finish once the server is asked to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves until Ctrl-C or SIGTERM, then lets open requests finish for up
/// to `SHUTDOWN_GRACE` before it stops anyway.
pub async fn serve(app: Router, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{addr}");
    serve_until(listener, app, HEADER_READ_TIMEOUT, shutdown_signal()).await;
    Ok(())
}

/// Serves on `listener` until `stop` completes, dropping connections whose
/// request head takes longer than `header_read_timeout`.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    app: Router,
    header_read_timeout: Duration,
    stop: impl std::future::Future<Output = ()>,
) {
    let mut http1 = http1::Builder::new();
    http1
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let mut http2 = http2::Builder::new(TokioExecutor::new());
    http2
        .timer(TokioTimer::new())
        .keep_alive_interval(HTTP2_PING_EVERY)
        .keep_alive_timeout(HTTP2_PING_ANSWER);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait, don't spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Streamed pages are written in small chunks; without TCP_NODELAY
        // each one waits for the client's delayed ACK (~40 ms a page).
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "could not set TCP_NODELAY");
        }
        let service = TowerToHyperService::new(app.clone().map_request(
            move |mut request: http::Request<_>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            },
        ));
        let (http1, http2, graceful) = (http1.clone(), http2.clone(), graceful.watcher());
        tokio::spawn(async move {
            let ended = match speaks_http2(&tcp, header_read_timeout).await {
                None => return,
                Some(true) => {
                    let connection = http2.serve_connection(TokioIo::new(tcp), service);
                    graceful.watch(connection).await
                }
                Some(false) => {
                    let connection = http1.serve_connection(TokioIo::new(tcp), service);
                    graceful.watch(connection).await
                }
            };
            if let Err(error) = ended {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("open requests did not finish in time; stopping anyway");
        }
    }
}

/// Whether the client opened with the HTTP/2 preface, read without taking
/// the bytes; `None` when it sent too little within `timeout` (or went away).
async fn speaks_http2(tcp: &tokio::net::TcpStream, timeout: Duration) -> Option<bool> {
    let mut first = [0u8; HTTP2_PREFACE.len()];
    let read = async {
        loop {
            let seen = tcp.peek(&mut first).await.ok()?;
            if seen == 0 {
                return None;
            }
            if seen == first.len() || !HTTP2_PREFACE.starts_with(&first[..seen]) {
                return Some(first[..seen] == *HTTP2_PREFACE);
            }
            // A part of the preface: peeking again at once would find the
            // same bytes, so give the rest a moment to come.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(timeout, read).await.ok().flatten()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

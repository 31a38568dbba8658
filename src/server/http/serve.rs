//! Serving the app over HTTP/1.1 with bounded waits: a client gets 10 s to
//! send a request's headers, and on Ctrl-C or SIGTERM open requests get
//! 10 s to finish. (`axum::serve` has no header timeout, so this is our
//! own accept loop on hyper.) TLS and HTTP/2 belong to the proxy in front.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::time::Duration;
use tower::ServiceExt;

/// A client that has not sent a whole request head by then is dropped
/// (slow-header attacks hold connections open for nothing).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

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
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
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
        let service = app
            .clone()
            .map_request(move |mut request: http::Request<_>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let connection =
            http.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
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

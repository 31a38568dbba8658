//! The accept loop's bounds, on a real socket: a client that does not
//! finish its request head (or HTTP/2 preface) in time is dropped, while
//! whole requests are answered, over HTTP/1.1 and cleartext HTTP/2, and the
//! server stops when asked.

use crate::client::Api;
use souk::server::http::serve_until;
use sqlx::PgPool;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn read_all(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[sqlx::test]
async fn a_slow_request_head_is_dropped_and_a_whole_one_is_answered(pool: PgPool) {
    let app = Api::new(pool).router();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_until(
        listener,
        app,
        Duration::from_millis(500),
        async move {
            let _ = stopped.await;
        },
    ));

    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let answer = read_all(&mut slow).await;
    let waited = started.elapsed();
    assert!(
        !answer.contains("200 OK"),
        "an unfinished head got an answer: {answer}"
    );
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(5),
        "dropped after {waited:?}"
    );

    let mut whole = TcpStream::connect(addr).await.unwrap();
    whole
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_all(&mut whole).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");

    // Asked to stop, the server closes its idle connections and ends.
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(15), server)
        .await
        .expect("the server stops")
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still listening");
}

#[sqlx::test]
async fn http2_with_prior_knowledge_is_answered_and_half_a_preface_is_dropped(pool: PgPool) {
    let app = Api::new(pool).router();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve_until(
        listener,
        app,
        Duration::from_millis(500),
        std::future::pending(),
    ));

    let tcp = TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(tcp),
    )
    .await
    .expect("an HTTP/2 handshake");
    tokio::spawn(connection);
    for _ in 0..2 {
        let request = http::Request::get(format!("http://{addr}/healthz"))
            .body(http_body_util::Empty::<hyper::body::Bytes>::new())
            .unwrap();
        let response = sender.send_request(request).await.unwrap();
        assert_eq!(response.status(), http::StatusCode::OK);
        assert_eq!(response.version(), http::Version::HTTP_2);
    }

    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"PRI * HTTP/2.0\r\n").await.unwrap();
    let started = Instant::now();
    let answer = read_all(&mut slow).await;
    let waited = started.elapsed();
    assert!(answer.is_empty(), "half a preface got an answer: {answer}");
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(5),
        "dropped after {waited:?}"
    );
}

//! The accept loop's bounds, on a real socket: a client that does not
//! finish its request head in time is dropped, while whole requests are
//! answered, and the server stops when asked.

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

//! The storage interface against both backends: a local directory, and an
//! S3-compatible server (s3rver, from `end2end/node_modules`, started here
//! on a free loopback port), plus an upload served from the bucket.

use crate::attachments::png;
use crate::client::Api;
use http::StatusCode;
use souk::server::media::storage::S3Settings;
use souk::server::media::{Media, Storage, StorageConfig};
use sqlx::PgPool;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What every backend must do.
async fn exercise(storage: &Storage) {
    assert_eq!(storage.get("originals/missing").await.unwrap(), None);
    storage.put("originals/a", b"first".to_vec()).await.unwrap();
    storage
        .put("thumbnails/a", b"thumb".to_vec())
        .await
        .unwrap();
    assert_eq!(
        storage.get("originals/a").await.unwrap().as_deref(),
        Some(&b"first"[..])
    );
    storage
        .put("originals/a", b"second".to_vec())
        .await
        .unwrap();
    assert_eq!(
        storage.get("originals/a").await.unwrap().as_deref(),
        Some(&b"second"[..])
    );
    storage.delete("originals/a").await.unwrap();
    storage.delete("originals/a").await.unwrap(); // already gone: fine
    assert_eq!(storage.get("originals/a").await.unwrap(), None);
    assert!(storage.get("thumbnails/a").await.unwrap().is_some());
}

#[tokio::test]
async fn the_local_directory_backend_stores_reads_and_deletes() {
    let dir = std::env::temp_dir()
        .join("souk-test-files")
        .join(uuid::Uuid::new_v4().to_string());
    let storage = Storage::open(&StorageConfig::Local(dir.clone())).unwrap();
    exercise(&storage).await;
    assert!(dir.join("thumbnails").join("a").is_file(), "kept on disk");
}

/// A running s3rver, stopped when dropped.
struct S3Server {
    child: Child,
    port: u16,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const BUCKET: &str = "souk-test";

fn start_s3rver() -> S3Server {
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("end2end/node_modules/.bin/s3rver");
    assert!(
        bin.exists(),
        "s3rver is missing: run `npm ci` in end2end (scripts/test does)"
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = std::env::temp_dir()
        .join("souk-test-s3")
        .join(uuid::Uuid::new_v4().to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let child = Command::new("node")
        .arg(&bin)
        .args(["-d", dir.to_str().unwrap(), "-a", "127.0.0.1", "-p"])
        .arg(port.to_string())
        .args(["--silent", "--configure-bucket", BUCKET])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting s3rver with node");
    let server = S3Server { child, port };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "s3rver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

fn s3_config(server: &S3Server) -> StorageConfig {
    StorageConfig::S3(S3Settings {
        bucket: BUCKET.to_owned(),
        endpoint: Some(format!("http://127.0.0.1:{}", server.port)),
        region: "us-east-1".to_owned(),
        // s3rver's fixed credentials.
        access_key_id: "S3RVER".to_owned(),
        secret_access_key: "S3RVER".to_owned(),
    })
}

#[sqlx::test]
async fn the_s3_backend_stores_reads_deletes_and_serves_uploads(pool: PgPool) {
    let server = start_s3rver();
    let storage = Storage::open(&s3_config(&server)).unwrap();
    exercise(&storage).await;

    let media = Media::new(storage);
    let api = Api::with_settings(pool, |state| state.media = media);
    let alice = api.user("Alice").await;
    let uploaded = api.upload(Some(&alice), "a.png", &png(30, 20)).await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
    let id = uploaded.data()["id"].as_str().unwrap();
    assert!(
        api.stored(&format!("originals/{id}")).await,
        "in the bucket"
    );
    let served = api
        .get_bytes(&format!("/api/attachments/{id}/thumbnail"), &alice)
        .await;
    assert_eq!(served.status(), StatusCode::OK);
    assert!(image::load_from_memory(served.body()).is_ok());
}

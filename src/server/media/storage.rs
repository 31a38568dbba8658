//! Where attachment bytes live, behind one interface: a local directory by
//! default (`SOUK_STORAGE_DIR`, `.souk/files`), or any S3-compatible
//! bucket when `SOUK_S3_BUCKET` is set. Both are `object_store` backends,
//! so the rest of the code never knows which it talks to.

use axum::body::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use std::env;
use std::sync::Arc;

/// Settings for an S3-compatible bucket (`SOUK_S3_*`).
#[derive(Debug, Clone)]
pub struct S3Settings {
    pub bucket: String,
    /// For S3-compatible servers (MinIO, moto, s3rver…); AWS without it.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

#[derive(Debug, Clone)]
pub enum StorageConfig {
    Local(std::path::PathBuf),
    S3(S3Settings),
}

impl StorageConfig {
    pub fn from_env() -> Self {
        let var = |name: &str| env::var(name).ok().filter(|v| !v.is_empty());
        match var("SOUK_S3_BUCKET") {
            Some(bucket) => StorageConfig::S3(S3Settings {
                bucket,
                endpoint: var("SOUK_S3_ENDPOINT"),
                region: var("SOUK_S3_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
                access_key_id: var("SOUK_S3_ACCESS_KEY_ID").unwrap_or_default(),
                secret_access_key: var("SOUK_S3_SECRET_ACCESS_KEY").unwrap_or_default(),
            }),
            None => StorageConfig::Local(
                var("SOUK_STORAGE_DIR")
                    .unwrap_or_else(|| ".souk/files".to_owned())
                    .into(),
            ),
        }
    }
}

/// Stored objects by key, e.g. `originals/<id>`.
#[derive(Clone, Debug)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

/// A storage failure, logged where it happens; callers answer 500/503.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct StorageError(#[from] object_store::Error);

impl Storage {
    pub fn open(config: &StorageConfig) -> Result<Self, String> {
        let store: Arc<dyn ObjectStore> = match config {
            StorageConfig::Local(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("creating {}: {e}", dir.display()))?;
                Arc::new(
                    LocalFileSystem::new_with_prefix(dir)
                        .map_err(|e| format!("opening {}: {e}", dir.display()))?,
                )
            }
            StorageConfig::S3(s3) => {
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_secret_access_key(&s3.secret_access_key);
                if let Some(endpoint) = &s3.endpoint {
                    builder = builder
                        .with_allow_http(endpoint.starts_with("http://"))
                        .with_endpoint(endpoint);
                }
                Arc::new(
                    builder
                        .build()
                        .map_err(|e| format!("configuring the S3 bucket: {e}"))?,
                )
            }
        };
        Ok(Self { store })
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        self.store
            .put(&Path::from(key), PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    /// The object's bytes, or `None` when there is no such key.
    pub async fn get(&self, key: &str) -> Result<Option<Bytes>, StorageError> {
        match self.store.get(&Path::from(key)).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes the object; a key that is already gone is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

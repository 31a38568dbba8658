//! Attachment bytes: checking and re-encoding images (`images`), checking
//! and measuring voice recordings (`audio`), and where they are kept
//! (`storage`). The rules about who may upload, attach and
//! read them are in `services::attachments`.

pub mod audio;
pub mod images;
pub mod storage;

pub use storage::{Storage, StorageConfig};

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// The storage, and the slots for image work: decoding a 10 MiB photo
/// takes tens of megabytes and a core for a moment, so at most one per
/// core runs at a time and a burst of uploads waits its turn instead of
/// exhausting memory.
#[derive(Clone, Debug)]
pub struct Media {
    pub storage: Storage,
    image_slots: Arc<Semaphore>,
}

/// How long an upload waits for a slot before it is told to retry (503).
pub const IMAGE_SLOT_WAIT: Duration = Duration::from_secs(20);

impl Media {
    pub fn new(storage: Storage) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            storage,
            image_slots: Arc::new(Semaphore::new(cores)),
        }
    }

    /// A slot for image work, or `None` after waiting [`IMAGE_SLOT_WAIT`].
    pub async fn image_slot(&self) -> Option<SemaphorePermit<'_>> {
        tokio::time::timeout(IMAGE_SLOT_WAIT, self.image_slots.acquire())
            .await
            .ok()?
            .ok()
    }
}

/// What an upload's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Image(images::ImageKind),
    Voice(audio::AudioKind),
}

impl MediaKind {
    /// How many first bytes [`sniff`](Self::sniff) needs.
    pub const SIGNATURE_BYTES: usize = images::ImageKind::SIGNATURE_BYTES;

    pub fn sniff(head: &[u8]) -> Option<Self> {
        images::ImageKind::sniff(head)
            .map(Self::Image)
            .or_else(|| audio::AudioKind::sniff(head).map(Self::Voice))
    }
}

//! The push worker: hears each new message that this instance's requests
//! made (on the change feed, so once per message across instances), queues
//! a push for each recipient, and sends them off the request path, a few at
//! a time. The queue is bounded: past it, pushes are dropped (and logged),
//! never the requests that caused them.

use crate::domain::PushPayload;
use crate::server::live::{this_instance, ChangeKind, Live, LiveEvent};
use crate::server::notify::push::Delivery;
use crate::server::notify::Notifier;
use crate::server::services::push;
use futures::StreamExt;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;
use uuid::Uuid;

/// Pushes waiting to be sent at most.
const QUEUE: usize = 1024;
/// Pushes in flight at once.
const IN_FLIGHT: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Job {
    recipient: Uuid,
    message_id: Uuid,
}

pub async fn run(pool: sqlx::PgPool, live: Live, notifier: Notifier) {
    let (queue, jobs) = mpsc::channel::<Job>(QUEUE);
    let jobs = futures::stream::unfold(jobs, |mut jobs| async move {
        jobs.recv().await.map(|job| (job, jobs))
    });
    let mut events = live.subscribe();
    let delivering = jobs.for_each_concurrent(IN_FLIGHT, move |job| {
        let (pool, live, notifier) = (pool.clone(), live.clone(), notifier.clone());
        async move {
            if !live.presence().is_here(job.recipient) {
                push_message(&pool, &notifier, job.recipient, job.message_id).await;
            }
        }
    });
    tokio::spawn(delivering);
    loop {
        match events.recv().await {
            Ok(LiveEvent::Change(notice))
                if notice.kind == ChangeKind::Message && notice.origin == Some(this_instance()) =>
            {
                let Some(message_id) = notice.message_id else {
                    continue;
                };
                for stamp in notice.users.iter().filter(|s| s.id != notice.actor) {
                    let job = Job {
                        recipient: stamp.id,
                        message_id,
                    };
                    if queue.try_send(job).is_err() {
                        tracing::warn!("the push queue is full: a push was dropped");
                    }
                }
            }
            Ok(_) => {}
            Err(RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "the push worker missed changes");
            }
            Err(RecvError::Closed) => return,
        }
    }
}

/// Pushes the message to each of the recipient's browsers, if they get a
/// push for it; forgets the subscriptions their push service dropped.
pub async fn push_message(
    pool: &sqlx::PgPool,
    notifier: &Notifier,
    recipient: Uuid,
    message_id: Uuid,
) {
    let Ok(Some((payload, subscriptions))) = push::for_message(pool, recipient, message_id).await
    else {
        return;
    };
    let body = body(&payload);
    let sends = subscriptions.iter().map(|subscription| async {
        (
            subscription.id,
            notifier.push.send(subscription, &body).await,
        )
    });
    for (id, delivery) in futures::future::join_all(sends).await {
        match delivery {
            Delivery::Delivered => {}
            Delivery::Gone => {
                let _ = push::forget(pool, id).await;
            }
            Delivery::Failed(error) => tracing::warn!(%error, "a push was not delivered"),
        }
    }
}

fn body(payload: &PushPayload) -> Vec<u8> {
    serde_json::to_vec(payload).unwrap_or_default()
}

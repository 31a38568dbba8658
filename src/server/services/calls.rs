//! Video calls: who may call whom, one call at a time per person (a second
//! call to someone in a call is `busy`), the signals the two browsers send
//! each other through the server (kept only while the call lasts, told at
//! once through the change feed, and readable by a page without its event
//! stream), and how a call ends: declined, hung up, unanswered after 30 s
//! or left by a side that stopped saying it is there. Whatever ends it,
//! its rows go and one line stays in the thread.

use super::changes;
use super::messages::{Line, LineKind};
use super::{blocks, messages, DbResultExt};
use crate::domain::call::{
    CallLine, CallOutcome, CallSignal, CallView, CurrentCall, SignalInput, SignalKind,
    MAX_SIGNAL_BYTES,
};
use crate::domain::{AppError, ErrorCode};
use crate::server::ice::IceConfig;
use crate::server::live::{this_instance, CallNotice, ChangeKind, Notice, Stamp};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use std::time::Duration;
use uuid::Uuid;

fn call_not_found() -> AppError {
    AppError::not_found("Call")
}

fn busy() -> AppError {
    AppError::new(ErrorCode::Busy, "They are in another call")
}

/// Calls the other participant of the conversation; 404 if I cannot see
/// it, 403 while either of us blocks the other, 409 `busy` when either of
/// us is in a call already.
#[tracing::instrument(skip(pool, ice))]
pub async fn start(
    pool: &PgPool,
    ice: &IceConfig,
    me: Uuid,
    conversation_id: Uuid,
) -> Result<CallView, AppError> {
    let other = messages::other_participant(pool, me, conversation_id)
        .await?
        .ok_or_else(messages::conversation_not_found)?;
    blocks::ensure_not_blocked(pool, me, other).await?;
    let id = Uuid::new_v4();
    let mut tx = pool.begin().await.or_internal()?;
    sqlx::query!(
        "INSERT INTO calls (id, conversation_id, caller_id, callee_id) VALUES ($1, $2, $3, $4)",
        id,
        conversation_id,
        me,
        other,
    )
    .execute(&mut *tx)
    .await
    .or_internal()?;
    // Each person holds one line: taken already, they are in a call.
    sqlx::query!(
        "INSERT INTO call_lines (user_id, call_id) VALUES ($1, $3), ($2, $3)",
        me,
        other,
        id,
    )
    .execute(&mut *tx)
    .await
    .on_constraint("call_lines_pkey", busy)?;
    let ring = Outgoing {
        call_id: id,
        conversation_id,
        from: me,
        to: other,
        kind: SignalKind::Ring,
        data: None,
    };
    ring.send(&mut tx).await?;
    tx.commit().await.or_internal()?;
    view(pool, ice, me, id)
        .await?
        .ok_or_else(AppError::internal)
}

/// The callee takes the call. Their other pages hear it too, and stop
/// ringing; 409 `call_ended` when it was answered already.
#[tracing::instrument(skip(pool, ice))]
pub async fn accept(
    pool: &PgPool,
    ice: &IceConfig,
    me: Uuid,
    call_id: Uuid,
) -> Result<CallView, AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    let taken = sqlx::query!(
        "UPDATE calls SET answered_at = now(), callee_seen_at = now()
         WHERE id = $1 AND callee_id = $2 AND answered_at IS NULL
         RETURNING conversation_id, caller_id",
        call_id,
        me,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    let Some(taken) = taken else {
        drop(tx);
        return Err(match view(pool, ice, me, call_id).await? {
            Some(call) if call.callee_id == me => {
                AppError::new(ErrorCode::CallEnded, "This call was answered already")
            }
            _ => call_not_found(),
        });
    };
    for to in [taken.caller_id, me] {
        let accepted = Outgoing {
            call_id,
            conversation_id: taken.conversation_id,
            from: me,
            to,
            kind: SignalKind::Accept,
            data: None,
        };
        accepted.send(&mut tx).await?;
    }
    tx.commit().await.or_internal()?;
    view(pool, ice, me, call_id)
        .await?
        .ok_or_else(call_not_found)
}

/// The callee says no: the call ends as declined.
#[tracing::instrument(skip(pool))]
pub async fn decline(pool: &PgPool, me: Uuid, call_id: Uuid) -> Result<(), AppError> {
    let ended = end(pool, call_id, Some(me), Ending::Declined).await?;
    if !ended {
        return Err(call_not_found());
    }
    Ok(())
}

/// Either side hangs up: an answered call ends (with its length), an
/// unanswered one is missed (or declined, when the callee hangs up).
#[tracing::instrument(skip(pool))]
pub async fn hang_up(pool: &PgPool, me: Uuid, call_id: Uuid) -> Result<(), AppError> {
    let ended = end(pool, call_id, Some(me), Ending::HungUp).await?;
    if !ended {
        return Err(call_not_found());
    }
    Ok(())
}

/// Passes a session description or an ICE candidate to the other side:
/// `true` once passed, `false` when the call has ended (a last candidate
/// crossing the hang-up is dropped, not refused); 404 for anyone but the
/// call's two people.
#[tracing::instrument(skip(pool, input))]
pub async fn signal(
    pool: &PgPool,
    me: Uuid,
    call_id: Uuid,
    input: SignalInput,
) -> Result<bool, AppError> {
    let kind = match input.kind.parse::<SignalKind>() {
        Ok(kind @ (SignalKind::Description | SignalKind::Candidate)) => kind,
        _ => {
            return Err(AppError::new(
                ErrorCode::InvalidField,
                "kind must be description or candidate",
            ))
        }
    };
    let data = input
        .data
        .ok_or_else(|| AppError::new(ErrorCode::MissingField, "data is required"))?;
    if data.to_string().len() > MAX_SIGNAL_BYTES {
        return Err(AppError::new(
            ErrorCode::InvalidField,
            "data is too large for a signal",
        ));
    }
    let mut tx = pool.begin().await.or_internal()?;
    let call = sqlx::query!(
        "SELECT conversation_id, caller_id, callee_id FROM calls
         WHERE id = $1 AND $2 IN (caller_id, callee_id)
         FOR SHARE",
        call_id,
        me,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    let Some(call) = call else {
        drop(tx);
        return ended_or_not_found(pool, call_id).await;
    };
    let to = if call.caller_id == me {
        call.callee_id
    } else {
        call.caller_id
    };
    let outgoing = Outgoing {
        call_id,
        conversation_id: call.conversation_id,
        from: me,
        to,
        kind,
        data: Some(data),
    };
    outgoing.send(&mut tx).await?;
    tx.commit().await.or_internal()?;
    Ok(true)
}

/// My side of the call is still there: `true` while the call is on,
/// `false` once it has ended (the other side may hang up while this is on
/// its way); 404 for anyone but the call's two people.
#[tracing::instrument(skip(pool))]
pub async fn alive(pool: &PgPool, me: Uuid, call_id: Uuid) -> Result<bool, AppError> {
    let updated = sqlx::query!(
        "UPDATE calls
         SET caller_seen_at = CASE WHEN caller_id = $2 THEN now() ELSE caller_seen_at END,
             callee_seen_at = CASE WHEN callee_id = $2 THEN now() ELSE callee_seen_at END
         WHERE id = $1 AND $2 IN (caller_id, callee_id)",
        call_id,
        me,
    )
    .execute(pool)
    .await
    .or_internal()?;
    if updated.rows_affected() == 0 {
        return ended_or_not_found(pool, call_id).await;
    }
    Ok(true)
}

/// For a call that is not mine: `false` when no such call is on (it
/// ended: its rows are gone, so nothing tells a participant from anyone
/// else), 404 when it is someone else's call.
async fn ended_or_not_found(pool: &PgPool, call_id: Uuid) -> Result<bool, AppError> {
    let on = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM calls WHERE id = $1) AS "on!""#,
        call_id
    )
    .fetch_one(pool)
    .await
    .or_internal()?;
    if on {
        Err(call_not_found())
    } else {
        Ok(false)
    }
}

/// My call, if I am in one, and its signals to me after `after`: what
/// the event stream says, for a page whose stream is down.
#[tracing::instrument(skip(pool, ice))]
pub async fn current(
    pool: &PgPool,
    ice: &IceConfig,
    me: Uuid,
    after: i64,
) -> Result<CurrentCall, AppError> {
    let call_id = sqlx::query_scalar!("SELECT call_id FROM call_lines WHERE user_id = $1", me)
        .fetch_optional(pool)
        .await
        .or_internal()?;
    let Some(call_id) = call_id else {
        return Ok(CurrentCall {
            call: None,
            signals: Vec::new(),
        });
    };
    let signals = sqlx::query_as!(
        SignalRow,
        r#"SELECT s.id, s.call_id, c.conversation_id, s.from_user, s.kind,
                  s.data AS "data: Json<serde_json::Value>"
           FROM call_signals s JOIN calls c ON c.id = s.call_id
           WHERE s.to_user = $1 AND s.id > $2
           ORDER BY s.id"#,
        me,
        after,
    )
    .fetch_all(pool)
    .await
    .or_internal()?
    .into_iter()
    .filter_map(SignalRow::into_signal)
    .collect();
    Ok(CurrentCall {
        call: view(pool, ice, me, call_id).await?,
        signals,
    })
}

/// What a stream that opens tells me of a call I am in: a `ring` for the
/// call (whoever rang), so a page that opens mid-call (or mid-ring) loads
/// what it needs and asks for the rest, with no request of its own.
pub async fn opening_signal(pool: &PgPool, me: Uuid) -> Result<Option<CallSignal>, AppError> {
    let call = sqlx::query!(
        "SELECT c.id, c.conversation_id, c.caller_id FROM call_lines l
         JOIN calls c ON c.id = l.call_id
         WHERE l.user_id = $1",
        me,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    Ok(call.map(|call| CallSignal {
        id: 0,
        call_id: call.id,
        conversation_id: call.conversation_id,
        from_user_id: call.caller_id,
        kind: SignalKind::Ring,
        data: None,
    }))
}

/// The signal `signal_id`, if it is for me (what my stream tells).
pub async fn signal_for(
    pool: &PgPool,
    me: Uuid,
    signal_id: i64,
) -> Result<Option<CallSignal>, AppError> {
    let row = sqlx::query_as!(
        SignalRow,
        r#"SELECT s.id, s.call_id, c.conversation_id, s.from_user, s.kind,
                  s.data AS "data: Json<serde_json::Value>"
           FROM call_signals s JOIN calls c ON c.id = s.call_id
           WHERE s.id = $1 AND s.to_user = $2"#,
        signal_id,
        me,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    Ok(row.and_then(SignalRow::into_signal))
}

/// A kept signal, as read with its call's conversation.
struct SignalRow {
    id: i64,
    call_id: Uuid,
    conversation_id: Uuid,
    from_user: Uuid,
    kind: String,
    data: Option<Json<serde_json::Value>>,
}

impl SignalRow {
    fn into_signal(self) -> Option<CallSignal> {
        Some(CallSignal {
            id: self.id,
            call_id: self.call_id,
            conversation_id: self.conversation_id,
            from_user_id: self.from_user,
            kind: self.kind.parse().ok()?,
            data: self.data.map(|Json(data)| data),
        })
    }
}

/// The `end` signal for a notice that says how a call ended.
pub fn end_signal(notice: &Notice, call: &CallNotice, line: CallLine) -> Option<CallSignal> {
    Some(CallSignal {
        id: 0,
        call_id: call.call_id,
        conversation_id: notice.conversation_id?,
        from_user_id: notice.actor,
        kind: SignalKind::End,
        data: serde_json::to_value(line).ok(),
    })
}

/// Ends the calls nobody answered within `ring_for` (missed) and those a
/// side stopped confirming for `gone_after`. Returns how many.
#[tracing::instrument(skip(pool))]
pub async fn end_stale(
    pool: &PgPool,
    ring_for: Duration,
    gone_after: Duration,
) -> Result<usize, AppError> {
    let stale = sqlx::query_scalar!(
        "SELECT id FROM calls
         WHERE (answered_at IS NULL AND created_at < now() - make_interval(secs => $1))
            OR LEAST(caller_seen_at, callee_seen_at) < now() - make_interval(secs => $2)",
        ring_for.as_secs_f64(),
        gone_after.as_secs_f64(),
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    let mut ended = 0;
    for id in stale {
        if end(pool, id, None, Ending::Stale).await? {
            ended += 1;
        }
    }
    Ok(ended)
}

/// My call `call_id` as I see it, if I am one of its two people.
async fn view(
    pool: &PgPool,
    ice: &IceConfig,
    me: Uuid,
    call_id: Uuid,
) -> Result<Option<CallView>, AppError> {
    let row = sqlx::query!(
        r#"SELECT c.id, c.conversation_id, c.caller_id, c.callee_id,
                  c.answered_at IS NOT NULL AS "answered!", u.name AS peer_name
           FROM calls c
           JOIN users u ON u.id = CASE WHEN c.caller_id = $2 THEN c.callee_id ELSE c.caller_id END
           WHERE c.id = $1 AND $2 IN (c.caller_id, c.callee_id)"#,
        call_id,
        me,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?;
    Ok(row.map(|row| CallView {
        id: row.id,
        conversation_id: row.conversation_id,
        caller_id: row.caller_id,
        callee_id: row.callee_id,
        peer_name: row.peer_name,
        answered: row.answered,
        ice_servers: ice.servers_for(me),
    }))
}

/// A signal on its way to one side.
struct Outgoing {
    call_id: Uuid,
    conversation_id: Uuid,
    from: Uuid,
    to: Uuid,
    kind: SignalKind,
    data: Option<serde_json::Value>,
}

impl Outgoing {
    /// Keeps it for the recipient (until the call ends) and tells their
    /// streams when the transaction commits.
    async fn send(self, tx: &mut PgConnection) -> Result<(), AppError> {
        let kind: &'static str = match self.kind {
            SignalKind::Ring => "ring",
            SignalKind::Accept => "accept",
            SignalKind::Description => "description",
            SignalKind::Candidate => "candidate",
            SignalKind::End => unreachable!("an end is told, not kept"),
        };
        let signal_id = sqlx::query_scalar!(
            "INSERT INTO call_signals (call_id, to_user, from_user, kind, data)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            self.call_id,
            self.to,
            self.from,
            kind,
            self.data.map(Json) as Option<Json<serde_json::Value>>,
        )
        .fetch_one(&mut *tx)
        .await
        .or_internal()?;
        let notice = call_notice(
            self.conversation_id,
            self.from,
            &[self.to],
            CallNotice {
                call_id: self.call_id,
                signal_id: Some(signal_id),
                ended: None,
            },
        );
        changes::notify(tx, &notice).await
    }
}

fn call_notice(conversation_id: Uuid, actor: Uuid, to: &[Uuid], call: CallNotice) -> Notice {
    Notice {
        kind: ChangeKind::Call,
        conversation_id: Some(conversation_id),
        message_id: None,
        actor,
        users: to.iter().map(|&id| Stamp { id, seq: None }).collect(),
        origin: Some(this_instance()),
        call: Some(call),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    HungUp,
    Declined,
    /// Unanswered in time, or a side gone.
    Stale,
}

/// Ends the call, if it is still on and `by` (when given) is one of its
/// two people: its rows go, its line is written in the thread in the
/// caller's name, and both sides hear how it ended. `false`: no such call.
async fn end(
    pool: &PgPool,
    call_id: Uuid,
    by: Option<Uuid>,
    ending: Ending,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await.or_internal()?;
    let ended = sqlx::query!(
        r#"DELETE FROM calls
           WHERE id = $1 AND ($2::uuid IS NULL OR $2 IN (caller_id, callee_id))
             AND ($3 OR callee_id = $2)
           RETURNING conversation_id, caller_id, callee_id, answered_at, now() AS "now!""#,
        call_id,
        by,
        ending != Ending::Declined,
    )
    .fetch_optional(&mut *tx)
    .await
    .or_internal()?;
    let Some(call) = ended else {
        return Ok(false);
    };
    let line = match call.answered_at {
        Some(answered_at) => CallLine {
            outcome: CallOutcome::Ended,
            duration_secs: Some((call.now - answered_at).num_seconds().max(0) as i32),
        },
        None if ending == Ending::Declined
            || (ending == Ending::HungUp && by == Some(call.callee_id)) =>
        {
            CallLine {
                outcome: CallOutcome::Declined,
                duration_secs: None,
            }
        }
        None => CallLine {
            outcome: CallOutcome::Missed,
            duration_secs: None,
        },
    };
    // The line is the caller's; a missed call waits to be read by the
    // callee (and may be mailed to them), any other was seen by both.
    let written = Line {
        conversation_id: call.conversation_id,
        sender: call.caller_id,
        kind: LineKind::Call(line),
        unread_for_other: line.outcome == CallOutcome::Missed,
        client_id: None,
    };
    messages::append_line(&mut tx, written).await?;
    let notice = call_notice(
        call.conversation_id,
        by.unwrap_or(call.caller_id),
        &[call.caller_id, call.callee_id],
        CallNotice {
            call_id,
            signal_id: None,
            ended: Some(line),
        },
    );
    changes::notify(&mut tx, &notice).await?;
    tx.commit().await.or_internal()?;
    Ok(true)
}

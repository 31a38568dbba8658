//! Video calls between the two participants of a conversation: what the
//! call endpoints answer, the signals each side sends the other through
//! the server (kept only while the call lasts), and the line a call leaves
//! in the thread.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use uuid::Uuid;

/// A call nobody answers ends as missed after this.
pub const RING_FOR: Duration = Duration::from_secs(30);
/// How often each side of a call says it is still there.
pub const ALIVE_EVERY: Duration = Duration::from_secs(10);
/// A side not heard from for this long has left: the call ends.
pub const GONE_AFTER: Duration = Duration::from_secs(35);

/// How a call ended, as its line in the thread says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallOutcome {
    /// Not answered (in time, or the caller gave up first).
    Missed,
    Declined,
    /// Answered, then hung up.
    Ended,
}

/// The line a call leaves in the thread: "Missed call", "Call, 3 min".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallLine {
    pub outcome: CallOutcome,
    /// How long an answered call lasted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<i32>,
}

/// A STUN or TURN server for the browser's `RTCPeerConnection`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

/// A call as one of its sides sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallView {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub caller_id: Uuid,
    pub callee_id: Uuid,
    /// The other side's name.
    pub peer_name: String,
    pub answered: bool,
    pub ice_servers: Vec<IceServer>,
}

/// What one side tells the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumString)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum SignalKind {
    /// The call starts: the callee's pages ring.
    Ring,
    /// The callee took it (on one of their pages: the others stop ringing).
    Accept,
    /// A session description (`RTCSessionDescription`: an offer or answer).
    Description,
    /// An ICE candidate.
    Candidate,
    /// The call is over (`data`: its line).
    End,
}

/// A `call` event of the stream, and an entry of the call poll's signals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallSignal {
    /// Increasing within a call (0 for `end`, which is not kept).
    pub id: i64,
    pub call_id: Uuid,
    pub conversation_id: Uuid,
    pub from_user_id: Uuid,
    pub kind: SignalKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

/// `POST /api/calls/{id}/signals`' body.
#[derive(Debug, Clone, Deserialize)]
pub struct SignalInput {
    pub kind: String,
    pub data: Option<serde_json::Value>,
}

/// `GET /api/calls/current`'s answer: my call, if any, and its signals to
/// me after the one asked from (what the stream says, for a page without
/// it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentCall {
    pub call: Option<CallView>,
    pub signals: Vec<CallSignal>,
}

/// The largest signal accepted (a session description with many codecs
/// is a few kilobytes).
pub const MAX_SIGNAL_BYTES: usize = 32 * 1024;

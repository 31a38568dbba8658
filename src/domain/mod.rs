//! Types shared by the server and the browser builds: what the REST API and
//! the server functions send over the wire, and the validation rules both
//! sides apply.

pub mod attachment;
pub mod call;
pub mod error;
pub mod error_sentence;
pub mod language;
pub mod listing;
pub mod live;
pub mod messaging;
pub mod notifications;
pub mod offer;
pub mod report;
pub mod search;
pub mod user;
pub mod validate;
pub mod warning;

pub use attachment::Attachment;
pub use error::{AppError, ErrorCode};
pub use language::Locale;
pub use listing::{Listing, NewListing};
pub use live::{
    ConversationChange, ReadUpTo, Resync, StreamEvent, StreamEventKind, SyncAnswer, SyncQuery,
    SyncReply, SyncRequest, Typing, TYPING_FOR,
};
pub use messaging::{
    Conversation, ConversationPage, ConversationWithMessages, ConversationsQuery, Folder,
    InboxWindow, KeysetCursor, Message, MessagePage, MessageWindow, MessagesQuery, Participant,
    SendMessage, StartConversation, UnreadCount,
};
pub use notifications::{
    NotificationSettings, PushEndpoint, PushKeys, PushPayload, PushSubscriptionJson,
    Unsubscription, VapidPublicKey,
};
pub use report::{
    NewReport, RepeatPaymentSender, Report, ReportReason, ReportTarget, ReportedMessage,
};
pub use search::{Search, SearchHit, SearchPage, SearchQuery};
pub use user::{Credentials, Registration, User, UserSummary};
pub use warning::Warning;

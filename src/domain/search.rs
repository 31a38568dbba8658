//! Searching my messages: `GET /api/messages/search` and the page's
//! search box.

use super::messaging::{checked_limit, parse_count, KeysetCursor};
use super::{validate, AppError, Conversation, ErrorCode, Message};
use serde::{Deserialize, Serialize};

pub const SEARCH_PAGE_SIZE: i64 = 20;
/// Longer queries are refused rather than parsed.
pub const SEARCH_MAX_CHARS: usize = 200;

/// The query as it arrives; see [`SearchQuery::parse`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub limit: Option<String>,
    pub before: Option<String>,
}

/// A checked search: the words, the page size and where the page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub text: String,
    pub limit: i64,
    pub before: Option<KeysetCursor>,
}

impl SearchQuery {
    pub fn parse(&self) -> Result<Search, AppError> {
        let limit = parse_count(self.limit.as_deref(), "limit", ErrorCode::InvalidLimit)?;
        Search::new(
            self.q.as_deref().unwrap_or_default(),
            limit,
            self.before.as_deref(),
        )
    }
}

impl Search {
    pub fn new(text: &str, limit: Option<i64>, before: Option<&str>) -> Result<Self, AppError> {
        let text = validate::plain_text(text, "q")?.trim();
        if text.is_empty() {
            return Err(AppError::new(ErrorCode::MissingField, "q is required"));
        }
        if text.chars().count() > SEARCH_MAX_CHARS {
            return Err(AppError::new(
                ErrorCode::InvalidQuery,
                format!("q must be at most {SEARCH_MAX_CHARS} characters"),
            ));
        }
        Ok(Self {
            text: text.to_owned(),
            limit: checked_limit(limit, SEARCH_PAGE_SIZE)?,
            before: before.map(KeysetCursor::decode).transpose()?,
        })
    }
}

/// One message that matches, its conversation, and an excerpt of its text
/// (HTML: the text escaped, then the matching words in `<mark>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub message: Message,
    pub conversation: Conversation,
    pub snippet: String,
}

/// Hits newest first; `next_cursor` is `None` on the last page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub next_cursor: Option<String>,
}

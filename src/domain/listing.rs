use super::offer::ListingStatus;
use super::UserSummary;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A classified ad ("annonce").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub price_cents: i64,
    pub seller: UserSummary,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub status: ListingStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewListing {
    pub title: String,
    pub description: String,
    pub price_cents: i64,
}

/// A suggested first question on a listing page: choosing one opens the
/// conversation with it in the message box, not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickQuestion {
    StillAvailable,
    Negotiable,
    CanVisit,
}

impl QuickQuestion {
    pub const ALL: [QuickQuestion; 3] = [Self::StillAvailable, Self::Negotiable, Self::CanVisit];

    /// Its name in a form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StillAvailable => "available",
            Self::Negotiable => "negotiable",
            Self::CanVisit => "visit",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == name)
    }
}

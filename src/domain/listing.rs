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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewListing {
    pub title: String,
    pub description: String,
    pub price_cents: i64,
}

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

/// "1 250,00 €" style is what French users expect; we keep it simple and
/// unambiguous: "€1,250.00".
pub fn format_price(cents: i64) -> String {
    let euros = cents / 100;
    let rest = cents % 100;
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("€{grouped}.{rest:02}")
}

#[cfg(test)]
mod tests {
    use super::format_price;

    #[test]
    fn prices_are_grouped_by_thousands() {
        assert_eq!(format_price(0), "€0.00");
        assert_eq!(format_price(5), "€0.05");
        assert_eq!(format_price(125_000), "€1,250.00");
        assert_eq!(format_price(123_456_789), "€1,234,567.89");
    }
}

//! Classified ads.

use super::DbResultExt;
use crate::domain::offer::ListingStatus;
use crate::domain::{validate, AppError, Listing, NewListing, UserSummary};
use sqlx::PgPool;
use uuid::Uuid;

/// How many listings the home page and `GET /api/listings` return.
pub const NEWEST_LIMIT: i64 = 100;

/// A listing row joined with its seller's name.
struct ListingRow {
    id: Uuid,
    title: String,
    description: String,
    price_cents: i64,
    seller_id: Uuid,
    seller_name: String,
    created_at: chrono::DateTime<chrono::Utc>,
    status: String,
}

impl From<ListingRow> for Listing {
    fn from(row: ListingRow) -> Self {
        Listing {
            id: row.id,
            title: row.title,
            description: row.description,
            price_cents: row.price_cents,
            seller: UserSummary {
                id: row.seller_id,
                name: row.seller_name,
            },
            created_at: row.created_at,
            status: ListingStatus::parse(&row.status).unwrap_or_default(),
        }
    }
}

#[tracing::instrument(skip(pool, input))]
pub async fn create(
    pool: &PgPool,
    seller_id: Uuid,
    input: NewListing,
) -> Result<Listing, AppError> {
    let title = validate::listing_title(&input.title)?;
    let description = validate::listing_description(&input.description)?;
    let price = validate::price_cents(input.price_cents)?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO listings (id, seller_id, title, description, price_cents)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        seller_id,
        title,
        description,
        price,
    )
    .execute(pool)
    .await
    .or_internal()?;
    get(pool, id).await
}

#[tracing::instrument(skip(pool))]
pub async fn newest(pool: &PgPool) -> Result<Vec<Listing>, AppError> {
    let rows = sqlx::query_as!(
        ListingRow,
        "SELECT l.id, l.title, l.description, l.price_cents, l.seller_id,
                u.name AS seller_name, l.created_at, l.status
         FROM listings l JOIN users u ON u.id = l.seller_id
         ORDER BY l.created_at DESC, l.id DESC LIMIT $1",
        NEWEST_LIMIT,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    Ok(rows.into_iter().map(Listing::from).collect())
}

#[tracing::instrument(skip(pool))]
pub async fn get(pool: &PgPool, id: Uuid) -> Result<Listing, AppError> {
    sqlx::query_as!(
        ListingRow,
        "SELECT l.id, l.title, l.description, l.price_cents, l.seller_id,
                u.name AS seller_name, l.created_at, l.status
         FROM listings l JOIN users u ON u.id = l.seller_id
         WHERE l.id = $1",
        id,
    )
    .fetch_optional(pool)
    .await
    .or_internal()?
    .map(Listing::from)
    .ok_or_else(|| AppError::not_found("Listing"))
}

//! Demo data, so a newcomer can try both sides of a conversation at once.
//! Idempotent: running it again changes nothing.

use crate::domain::{AppError, NewListing, Registration};
use crate::server::services::{accounts, listings};
use sqlx::PgPool;
use uuid::Uuid;

pub const DEMO_PASSWORD: &str = "password123";

struct DemoUser {
    email: &'static str,
    name: &'static str,
    listings: &'static [(&'static str, &'static str, i64)],
}

const USERS: &[DemoUser] = &[
    DemoUser {
        email: "alice@example.com",
        name: "Alice",
        listings: &[
            (
                "Vintage road bike, 56 cm",
                "Steel frame, recently serviced, new tyres. Pick-up in Lyon.",
                18_000,
            ),
            (
                "Espresso machine",
                "Works perfectly, descaled last month. Comes with two cups.",
                6_500,
            ),
        ],
    },
    DemoUser {
        email: "bob@example.com",
        name: "Bob",
        listings: &[
            (
                "Oak dining table",
                "180 x 90 cm, seats six. A few marks, nothing serious.",
                25_000,
            ),
            (
                "Children's books, lot of 20",
                "Picture books for ages 3 to 6, good condition.",
                1_500,
            ),
        ],
    },
];

pub async fn seed(pool: &PgPool) -> Result<(), AppError> {
    for user in USERS {
        let existing: Option<Uuid> =
            sqlx::query_scalar("SELECT id FROM users WHERE lower(email) = $1")
                .bind(user.email)
                .fetch_optional(pool)
                .await?;
        if existing.is_some() {
            continue;
        }
        let created = accounts::register(
            pool,
            Registration {
                email: user.email.into(),
                password: DEMO_PASSWORD.into(),
                name: user.name.into(),
            },
        )
        .await;
        let seller = match created {
            Ok(user) => user,
            // Another instance seeding at the same moment got there first.
            Err(e) if e.code == "email_taken" => continue,
            Err(e) => return Err(e),
        };
        for (title, description, price_cents) in user.listings {
            listings::create(
                pool,
                seller.id,
                NewListing {
                    title: (*title).into(),
                    description: (*description).into(),
                    price_cents: *price_cents,
                },
            )
            .await?;
        }
        tracing::info!(
            email = user.email,
            "demo user ready (password: {DEMO_PASSWORD})"
        );
    }
    Ok(())
}

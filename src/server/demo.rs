//! Demo data, so a newcomer can try both sides of a conversation at once.
//! Idempotent: running it again changes nothing, also when two instances
//! start at once (the unique email index settles who creates a user).

use crate::domain::{AppError, ErrorCode, Locale, NewListing, Registration};
use crate::server::limits::RateLimits;
use crate::server::services::{accounts, listings};
use sqlx::PgPool;

pub const DEMO_PASSWORD: &str = "password123";

struct DemoUser {
    email: &'static str,
    name: &'static str,
    /// The language their account reads the site, emails and pushes in.
    locale: Locale,
    listings: &'static [(&'static str, &'static str, i64)],
}

const USERS: &[DemoUser] = &[
    DemoUser {
        email: "alice@example.com",
        name: "Alice",
        locale: Locale::en,
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
        locale: Locale::en,
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
    DemoUser {
        email: "camille@example.com",
        name: "Camille",
        locale: Locale::fr,
        listings: &[
            (
                "Vélo de ville, taille M",
                "Cadre alu, révisé en septembre, panier et antivol fournis. À récupérer à Nantes.",
                12_000,
            ),
            (
                "Canapé trois places",
                "Tissu gris, très bon état, non fumeur. Dimensions 210 x 90 cm.",
                28_000,
            ),
        ],
    },
    DemoUser {
        email: "hugo@example.com",
        name: "Hugo",
        locale: Locale::fr,
        listings: &[
            (
                "Lot de BD Astérix (12 albums)",
                "Éditions des années 90, quelques coins abîmés. Envoi possible.",
                4_500,
            ),
            (
                "Machine à café à grains",
                "Fonctionne parfaitement, détartrée le mois dernier.",
                9_000,
            ),
        ],
    },
];

pub async fn seed(pool: &PgPool) -> Result<(), AppError> {
    for user in USERS {
        if accounts::user_id_by_email(pool, user.email)
            .await?
            .is_some()
        {
            continue;
        }
        let created = accounts::register(
            pool,
            &RateLimits::default(),
            Registration {
                email: user.email.into(),
                password: DEMO_PASSWORD.into(),
                name: user.name.into(),
            },
            None,
            user.locale,
        )
        .await;
        let seller = match created {
            Ok(user) => user,
            // Another instance seeding at the same moment got there first.
            Err(e) if e.code == ErrorCode::EmailTaken => continue,
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

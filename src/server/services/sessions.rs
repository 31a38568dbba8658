//! Who is behind a request: its session cookie's token, the session it
//! names, that session's user. Every adapter (the REST extractors, the
//! server functions, the event stream) asks here, so there is one rule for
//! how fresh the answer is: from this instance's short-lived memory of
//! sessions when it can, else one indexed lookup; a logout, here or on any
//! instance (through the change feed), forgets the user's sessions at once.

use super::accounts;
use crate::domain::{AppError, User};
use crate::server::auth::SessionToken;
use crate::server::live::Live;
use crate::server::moderators::Moderators;
use http::HeaderMap;
use sqlx::PgPool;

/// What resolving a session needs.
#[derive(Clone, Copy)]
pub struct Sessions<'a> {
    pub pool: &'a PgPool,
    pub live: &'a Live,
    pub moderators: &'a Moderators,
}

impl Sessions<'_> {
    /// The user whose session the request's cookie names, with its token;
    /// `None` without a cookie or for an ended or unknown session.
    pub async fn of_request(
        self,
        headers: &HeaderMap,
    ) -> Result<Option<(User, SessionToken)>, AppError> {
        let Some(token) = SessionToken::from_headers(headers) else {
            return Ok(None);
        };
        Ok(self.user(&token).await?.map(|user| (user, token)))
    }

    /// Like [`Sessions::of_request`], failing with 401 when nobody is
    /// logged in.
    pub async fn require(self, headers: &HeaderMap) -> Result<(User, SessionToken), AppError> {
        self.of_request(headers)
            .await?
            .ok_or_else(AppError::unauthenticated)
    }

    /// The user behind `token`, if its session is alive.
    #[tracing::instrument(skip_all)]
    pub async fn user(self, token: &SessionToken) -> Result<Option<User>, AppError> {
        let hash = token.hash();
        if let Some(user) = self.live.cached_session(&hash) {
            return Ok(Some(user));
        }
        let epoch = self.live.epoch();
        let user = accounts::user_for_session(self.pool, self.moderators, token).await?;
        if let Some(user) = &user {
            self.live.cache_session(&hash, user.clone(), epoch);
        }
        Ok(user)
    }

    /// Logs this session out (other instances hear of it through the feed).
    pub async fn end(self, token: &SessionToken) -> Result<(), AppError> {
        accounts::end_session(self.pool, token).await?;
        self.live.forget_session(&token.hash());
        Ok(())
    }

    /// Logs `user` out everywhere.
    pub async fn end_all(self, user: &User) -> Result<(), AppError> {
        accounts::end_all_sessions(self.pool, user.id).await?;
        self.live.forget_sessions_of(user.id);
        Ok(())
    }
}

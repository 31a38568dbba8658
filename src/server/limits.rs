//! The rate limits' settings: which actions are limited, how many times
//! per window. The counting is the `limits` service's job.

use std::time::Duration;

/// At most `count` counted events within any window of `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub count: u32,
    pub window: Duration,
}

impl Limit {
    const fn per(count: u32, seconds: u64) -> Option<Limit> {
        Some(Limit {
            count,
            window: Duration::from_secs(seconds),
        })
    }

    /// `<count>/<seconds>` or `off`, as in `SOUK_LIMIT_REGISTER_IP=10/3600`.
    pub fn parse(text: &str) -> Result<Option<Limit>, String> {
        if text.trim().eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let parsed = text.trim().split_once('/').and_then(|(count, seconds)| {
            Some((count.trim().parse().ok()?, seconds.trim().parse().ok()?))
        });
        match parsed {
            Some((count, seconds)) if count > 0 && seconds > 0 => Ok(Limit::per(count, seconds)),
            _ => Err(format!(
                "a limit is `<count>/<seconds>` (both above 0) or `off`, not `{text}`"
            )),
        }
    }
}

/// What a limit counts, and whose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// Failed logins for one email address.
    LoginEmail,
    /// Failed logins from one IP address.
    LoginIp,
    /// Accounts made from one IP address.
    RegisterIp,
    /// Messages sent by one user.
    MessageUser,
    /// Conversations started by one user.
    ConversationUser,
    /// Reports made by one user.
    ReportUser,
    /// Images uploaded by one user.
    UploadUser,
    /// Offers (and counter-offers) made by one user.
    OfferUser,
}

impl Bucket {
    pub const ALL: [Bucket; 8] = [
        Bucket::LoginEmail,
        Bucket::LoginIp,
        Bucket::RegisterIp,
        Bucket::MessageUser,
        Bucket::ConversationUser,
        Bucket::ReportUser,
        Bucket::UploadUser,
        Bucket::OfferUser,
    ];

    /// Its name in the database and in `SOUK_LIMIT_<NAME>`.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::LoginEmail => "LOGIN_EMAIL",
            Bucket::LoginIp => "LOGIN_IP",
            Bucket::RegisterIp => "REGISTER_IP",
            Bucket::MessageUser => "MESSAGE_USER",
            Bucket::ConversationUser => "CONVERSATION_USER",
            Bucket::ReportUser => "REPORT_USER",
            Bucket::UploadUser => "UPLOAD_USER",
            Bucket::OfferUser => "OFFER_USER",
        }
    }

    fn default_limit(self) -> Option<Limit> {
        match self {
            Bucket::LoginEmail => Limit::per(10, 15 * 60),
            Bucket::LoginIp => Limit::per(50, 15 * 60),
            Bucket::RegisterIp => Limit::per(10, 3600),
            Bucket::MessageUser => Limit::per(30, 60),
            Bucket::ConversationUser => Limit::per(20, 3600),
            Bucket::ReportUser => Limit::per(20, 24 * 3600),
            Bucket::UploadUser => Limit::per(100, 3600),
            Bucket::OfferUser => Limit::per(30, 24 * 3600),
        }
    }
}

/// Every limit in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    limits: [Option<Limit>; Bucket::ALL.len()],
}

impl Default for RateLimits {
    /// The product's defaults.
    fn default() -> Self {
        Self {
            limits: Bucket::ALL.map(Bucket::default_limit),
        }
    }
}

impl RateLimits {
    pub fn of(&self, bucket: Bucket) -> Option<Limit> {
        self.limits[bucket as usize]
    }

    /// The longest window in force: older events no longer count.
    pub fn longest_window(&self) -> Duration {
        self.limits
            .iter()
            .flatten()
            .map(|limit| limit.window)
            .max()
            .unwrap_or_default()
    }

    pub fn set(&mut self, bucket: Bucket, limit: Option<Limit>) {
        self.limits[bucket as usize] = limit;
    }

    /// The defaults, overridden by `SOUK_LIMIT_<NAME>` where set.
    pub fn from_env() -> Result<Self, String> {
        let mut limits = Self::default();
        for bucket in Bucket::ALL {
            let name = format!("SOUK_LIMIT_{}", bucket.name());
            if let Ok(value) = std::env::var(&name) {
                limits.set(
                    bucket,
                    Limit::parse(&value).map_err(|e| format!("{name}: {e}"))?,
                );
            }
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_like_the_documentation_writes_them() {
        assert_eq!(
            Limit::parse("10/3600"),
            Ok(Some(Limit {
                count: 10,
                window: Duration::from_secs(3600)
            }))
        );
        assert_eq!(Limit::parse("off"), Ok(None));
        for bad in ["10", "0/60", "10/0", "ten/60", "-1/60", ""] {
            assert!(Limit::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_defaults_are_the_products() {
        let limits = RateLimits::default();
        assert_eq!(limits.of(Bucket::LoginEmail), Limit::per(10, 900));
        assert_eq!(limits.of(Bucket::MessageUser), Limit::per(30, 60));
        assert_eq!(limits.of(Bucket::RegisterIp), Limit::per(10, 3600));
    }
}

//! Who may read the reports: the accounts whose email is listed in
//! `SOUK_MODERATORS` (comma-separated, any case).

use std::collections::HashSet;
use std::sync::Arc;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moderators(Arc<HashSet<String>>);

impl Moderators {
    pub fn parse(list: &str) -> Self {
        let emails = list
            .split(',')
            .map(|email| email.trim().to_lowercase())
            .filter(|email| !email.is_empty())
            .collect();
        Self(Arc::new(emails))
    }

    pub fn includes(&self, email: &str) -> bool {
        self.0.contains(&email.trim().to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::Moderators;

    #[test]
    fn emails_match_whatever_their_case_and_spacing() {
        let moderators = Moderators::parse(" Mod@Example.com,, other@example.com ");
        assert!(moderators.includes("mod@example.com"));
        assert!(moderators.includes("OTHER@example.com"));
        assert!(!moderators.includes("someone@example.com"));
        assert!(!Moderators::parse("").includes(""));
    }
}

//! Scam warnings on a message: what in it would move the deal off the
//! site (the server decides them when the message is sent, see
//! `services::warnings`).

use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Warning {
    /// A phone number, in French or international form.
    Phone,
    /// An email address.
    Email,
    /// A web address that is not this site's.
    Link,
    /// Paying outside the site, or moving the talk to another app.
    Payment,
}

impl Warning {
    /// Its name on the wire and in the database.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

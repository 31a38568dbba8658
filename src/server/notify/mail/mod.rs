//! Sending email: over SMTP (`SOUK_SMTP_URL`, e.g.
//! `smtp://user:pass@mail.example:587?tls=required`), or, when no server is
//! set, as `.eml` files in a directory (`.souk/mail`) that a developer
//! opens in any mail reader. What the emails say is in `unread`.

pub mod unread;

use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// An SMTP server that has not answered by then is given up on for this
/// email (it is tried again later).
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub enum MailConfig {
    Smtp(String),
    Files(PathBuf),
}

#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

impl Mailer {
    /// `from`: the sender's address, e.g. `souk <notifications@souk.example>`.
    pub fn new(config: &MailConfig, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("SOUK_MAIL_FROM is not an address ({from}): {e}"))?;
        let transport = match config {
            MailConfig::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("SOUK_SMTP_URL: {e}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            MailConfig::Files(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("creating the mail directory {}: {e}", dir.display()))?;
                Transport::Files(AsyncFileTransport::new(dir), dir.clone())
            }
        };
        Ok(Self { transport, from })
    }

    /// The address emails come from.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// Where emails go, for the start-up log.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "emails are sent over SMTP (SOUK_SMTP_URL)".to_owned(),
            Transport::Files(_, dir) => format!(
                "emails are written as .eml files to {} (no SOUK_SMTP_URL)",
                dir.display()
            ),
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), String> {
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Transport::Files(files, _) => files
                .send(message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
        }
    }
}

//! The email about unread messages, in the recipient's language: plain
//! text and HTML from the askama templates in `templates/mail/` (one pair
//! per language, checked when the crate compiles), with the one-click
//! unsubscribe headers of RFC 8058.

use crate::domain::attachment::Carried;
use crate::domain::language::Locale;
use crate::i18n::td_string;
use crate::server::services::notifications::UnreadDigest;
use crate::ui_support::labels;
use askama::Template;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use sqlx::types::Json;

/// A quoted message keeps this many lines…
const QUOTED_LINES: usize = 4;
/// …and this many characters.
const QUOTED_CHARS: usize = 300;

/// What both templates show.
struct Mail<'a> {
    recipient_name: &'a str,
    sender_name: &'a str,
    listing_title: Option<&'a str>,
    /// Each quoted message, shortened.
    quotes: Vec<String>,
    /// Messages told of but not quoted.
    earlier: i64,
    conversation_url: String,
    unsubscribe_url: String,
    settings_url: String,
}

#[derive(Template)]
#[template(path = "mail/unread.txt")]
struct Text<'a> {
    mail: &'a Mail<'a>,
}

#[derive(Template)]
#[template(path = "mail/unread.html")]
struct Html<'a> {
    mail: &'a Mail<'a>,
}

#[derive(Template)]
#[template(path = "mail/unread.fr.txt")]
struct FrenchText<'a> {
    mail: &'a Mail<'a>,
}

#[derive(Template)]
#[template(path = "mail/unread.fr.html")]
struct FrenchHtml<'a> {
    mail: &'a Mail<'a>,
}

/// The plain text and the HTML of `mail` in `locale`.
fn render(mail: &Mail, locale: Locale) -> Result<(String, String), askama::Error> {
    Ok(match locale {
        Locale::en => (Text { mail }.render()?, Html { mail }.render()?),
        Locale::fr => (FrenchText { mail }.render()?, FrenchHtml { mail }.render()?),
    })
}

/// The email for `digest`, from `from`; `site` is the site's address
/// (`https://souk.example`), which its links start with.
pub fn email(digest: &UnreadDigest, from: &Mailbox, site: &str) -> Result<Message, String> {
    let unsubscribe_url = format!("{site}/unsubscribe/{}", digest.unsubscribe_token);
    let locale = digest.recipient_locale;
    let mail = Mail {
        recipient_name: &digest.recipient_name,
        sender_name: &digest.sender_name,
        listing_title: digest.listing_title.as_deref(),
        quotes: digest
            .messages
            .iter()
            .map(|m| match (m.call, &m.offer, offer_step(&m.offer_step)) {
                (Some(Json(line)), ..) => format!("[{}]", labels::call_line(locale, line)),
                (_, Some(Json(offer)), Some(step)) => format!(
                    "[{}]",
                    labels::offer_line(locale, offer, step, false, &digest.sender_name)
                ),
                _ => quote(
                    locale,
                    &m.content,
                    Carried::of(m.content_types.iter().map(String::as_str)),
                ),
            })
            .collect(),
        earlier: digest.total - digest.messages.len() as i64,
        conversation_url: format!(
            "{site}/dashboard/messages?conversation={}",
            digest.conversation_id
        ),
        unsubscribe_url: unsubscribe_url.clone(),
        settings_url: format!("{site}/settings"),
    };
    let (text, html) = render(&mail, locale).map_err(|e| e.to_string())?;
    let to = Mailbox::new(
        Some(digest.recipient_name.clone()),
        digest
            .recipient_email
            .parse()
            .map_err(|e| format!("recipient address: {e}"))?,
    );
    // A mail client's unsubscribe button uses the https link (one click,
    // RFC 8058) or, failing that, writes to the sender's address.
    let mailto = format!(
        "mailto:{}?subject=unsubscribe%20{}",
        from.email, digest.unsubscribe_token
    );
    Message::builder()
        .message_id(Some(format!(
            "<{}@{}>",
            uuid::Uuid::new_v4(),
            from.email.domain()
        )))
        .from(from.clone())
        .to(to)
        .subject(subject(digest))
        .header(ListUnsubscribe(format!("<{unsubscribe_url}>, <{mailto}>")))
        .header(ListUnsubscribePost("List-Unsubscribe=One-Click".to_owned()))
        .header(AutoSubmitted("auto-generated".to_owned()))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html),
                ),
        )
        .map_err(|e| e.to_string())
}

fn subject(digest: &UnreadDigest) -> String {
    let locale = digest.recipient_locale;
    let (name, count) = (&digest.sender_name, digest.total);
    match &digest.listing_title {
        Some(title) => td_string!(locale, mail.subject_about, name, count, title).to_string(),
        None => td_string!(locale, mail.subject, name, count).to_string(),
    }
}

/// The first lines of a message, and its photos as "[Photo]" or its
/// recording as "[Voice message]".
fn quote(locale: Locale, content: &str, carried: Carried) -> String {
    let lines: Vec<&str> = content.lines().take(QUOTED_LINES).collect();
    let mut quote = lines.join("\n");
    if quote.chars().count() > QUOTED_CHARS {
        quote = quote.chars().take(QUOTED_CHARS).collect::<String>();
        quote = quote.trim_end().to_owned() + "…";
    } else if content.lines().count() > lines.len() {
        quote.push_str(" …");
    }
    let photos = match carried {
        Carried::Nothing => return quote,
        carried => format!("[{}]", carried.label(locale)),
    };
    if quote.is_empty() {
        photos
    } else {
        format!("{quote}\n{photos}")
    }
}

/// A header of our own, its value as written: `lettre` types only the
/// common ones.
macro_rules! text_header {
    ($(#[$doc:meta])* $type:ident, $name:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        struct $type(String);

        impl Header for $type {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($name)
            }

            fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok(Self(s.to_owned()))
            }

            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(
    /// RFC 2369: where a mail client's unsubscribe button goes.
    ListUnsubscribe,
    "List-Unsubscribe"
);
text_header!(
    /// RFC 8058: `List-Unsubscribe=One-Click`, a POST to the https link
    /// turns emails off, with no cookie or login.
    ListUnsubscribePost,
    "List-Unsubscribe-Post"
);
text_header!(
    /// RFC 3834: `auto-generated`, so no vacation replies.
    AutoSubmitted,
    "Auto-Submitted"
);

/// A stored offer step, if this build knows it.
fn offer_step(stored: &Option<String>) -> Option<crate::domain::offer::OfferStep> {
    stored
        .as_deref()
        .and_then(crate::domain::offer::OfferStep::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_keeps_the_first_lines() {
        assert_eq!(quote(Locale::en, "Hello", Carried::Nothing), "Hello");
        assert_eq!(
            quote(Locale::en, "a\nb\nc\nd\ne\nf", Carried::Nothing),
            "a\nb\nc\nd …"
        );
        assert_eq!(quote(Locale::en, "", Carried::Photos(1)), "[Photo]");
        assert_eq!(quote(Locale::fr, "", Carried::Voice), "[Message vocal]");
        assert_eq!(
            quote(Locale::en, "Look", Carried::Photos(2)),
            "Look\n[2 photos]"
        );
        let long = "é".repeat(400);
        assert_eq!(
            quote(Locale::en, &long, Carried::Nothing).chars().count(),
            QUOTED_CHARS + 1
        );
    }
}

//! Scam warnings: what in a message would move a deal off the site. Most
//! marketplace fraud starts there: a phone number or an email address to
//! talk elsewhere, a web address, or a way to pay outside the site. A pure
//! function of the text (and the site's own host), in French and English,
//! accents and case ignored; each kind is reported once.
//!
//! No false alarms on what marketplace messages are full of: prices
//! (`1 500,00 €`), dates (`12/03/2026`), times (`18h30`), postcodes and
//! listing references are not phone numbers (a candidate must be a valid
//! number for `phonenumber`, French by default), and an ordinary word with
//! a dot in it is not a web address (one without a scheme or `www.` needs
//! a known top-level domain).

use crate::domain::Warning;
use linkify::{LinkFinder, LinkKind};

/// What `text` raises, in the order of [`Warning`]'s variants.
/// `own_host`: this site's host (`souk.example`), whose addresses are not
/// links to warn about.
pub fn detect(text: &str, own_host: Option<&str>) -> Vec<Warning> {
    let plain = deunicode::deunicode(text).to_lowercase();
    let mut found = Vec::new();
    if has_phone_number(text) {
        found.push(Warning::Phone);
    }
    let (email, link) = addresses(text, &plain, own_host);
    if email {
        found.push(Warning::Email);
    }
    if link {
        found.push(Warning::Link);
    }
    if speaks_of_paying_elsewhere(&plain) {
        found.push(Warning::Payment);
    }
    found
}

/// What may sit between the digits of a written phone number.
fn is_number_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '.' | '-' | '/' | '(' | ')' | '\u{a0}' | '\u{202f}' | '\t'
    )
}

/// A run of digits and separators (or a leading `+`) with 8 to 15 digits
/// that `phonenumber` takes for a valid number, French unless it says
/// otherwise (`+44…`, `0044…`).
fn has_phone_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        // A number glued to letters (`A320`, `18h30`) is not one.
        let glued = i > 0 && chars[i - 1].is_alphanumeric();
        if !starts || glued {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && (chars[end].is_ascii_digit() || is_number_separator(chars[end]))
        {
            end += 1;
        }
        let mut last = end;
        while last > i && is_number_separator(chars[last - 1]) {
            last -= 1;
        }
        // `0612345678km` is glued to a word; `0612345678 après` is not.
        let glued_after = last == end && chars.get(end).is_some_and(|c| c.is_alphanumeric());
        let candidate: String = chars[i..last].iter().collect();
        let digits = candidate.chars().filter(char::is_ascii_digit).count();
        if (8..=15).contains(&digits) && !glued_after && is_valid_number(&candidate) {
            return true;
        }
        i = end;
    }
    false
}

fn is_valid_number(candidate: &str) -> bool {
    phonenumber::parse(Some(phonenumber::country::Id::FR), candidate)
        .is_ok_and(|number| phonenumber::is_valid(&number))
}

/// The warnings of a draft not sent yet (the sender's note); a draft over
/// a message's length raises nothing (it cannot be sent as it is).
pub fn draft(text: &str, own_host: Option<&str>) -> Vec<Warning> {
    if text.chars().count() > crate::domain::validate::MESSAGE_MAX_CHARS {
        return Vec::new();
    }
    detect(text, own_host)
}

/// Top-level domains an address without a scheme or `www.` must end in.
const KNOWN_TLDS: &[&str] = &[
    "com", "fr", "net", "org", "be", "ch", "lu", "ca", "eu", "de", "es", "it", "uk", "io", "co",
    "info", "biz", "me", "ly", "gl", "app", "site", "online", "shop", "store", "xyz", "ru", "cn",
    "link", "click", "top", "club", "pro", "tk", "ml", "ga", "cf", "gq", "page", "live", "web",
];

/// Mail providers an address spelled around (`jean at gmail point com`)
/// names.
const MAIL_PROVIDERS: &[&str] = &[
    "gmail",
    "hotmail",
    "yahoo",
    "outlook",
    "orange",
    "free",
    "wanadoo",
    "laposte",
    "icloud",
    "live",
    "protonmail",
    "proton",
    "sfr",
    "aol",
    "gmx",
    "msn",
];

/// Whether the text holds an email address, and a web address not of
/// this site.
fn addresses(text: &str, plain: &str, own_host: Option<&str>) -> (bool, bool) {
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    let (mut email, mut link) = (false, false);
    for found in finder.links(text) {
        match found.kind() {
            LinkKind::Email => email = true,
            LinkKind::Url if is_foreign_link(found.as_str(), own_host) => link = true,
            _ => {}
        }
    }
    (email || spelled_email(plain), link)
}

fn is_foreign_link(address: &str, own_host: Option<&str>) -> bool {
    let lower = address.to_lowercase();
    let has_scheme = lower.contains("://");
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or_default();
    if own_host.is_some_and(|own| host == own || host.ends_with(&format!(".{own}"))) {
        return false;
    }
    let tld = host.rsplit('.').next().unwrap_or_default();
    has_scheme || host.starts_with("www.") || KNOWN_TLDS.contains(&tld)
}

/// `jean at gmail`, `jean [at] hotmail`, `jean arobase orange`.
fn spelled_email(plain: &str) -> bool {
    let words = words(plain);
    words.windows(2).any(|pair| {
        matches!(pair[0], "at" | "arobase" | "arobas") && MAIL_PROVIDERS.contains(&pair[1])
    })
}

fn words(plain: &str) -> Vec<&str> {
    plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Names of ways to pay (or talk) off the site, found in the text with
/// every space and sign taken out, so that `western-union`, `whats app`
/// and `mandat cash` are found too. Long enough never to be part of an
/// ordinary word.
const SQUASHED: &[&str] = &[
    "whatsapp",
    "whatsap",
    "watsapp",
    "watsap",
    "wathsapp",
    "westernunion",
    "westernunio",
    "moneygram",
    "mandatcash",
    "transcash",
    "neosurf",
    "telegram",
    "virementbancaire",
    "banktransfer",
    "wiretransfer",
    "transfertbancaire",
    "liendepaiement",
    "lienpaiement",
    "liendepayement",
    "paymentlink",
    "paylink",
    "friendsandfamily",
    "friendsfamily",
];

/// Whole words that name a way to pay off the site.
const PAYMENT_WORDS: &[&str] = &["iban", "rib", "virement", "swift", "bic"];

/// With PayPal, what makes it a payment without buyer protection.
const PAYPAL_PERSONAL: &[&str] = &[
    "ami",
    "amis",
    "friend",
    "friends",
    "famille",
    "family",
    "proche",
    "proches",
    "personnel",
    "personal",
];

/// What makes `pcs` the prepaid coupon (not "3 pcs").
const COUPON_WORDS: &[&str] = &[
    "coupon",
    "coupons",
    "recharge",
    "recharges",
    "ticket",
    "tickets",
    "carte",
    "mastercard",
    "code",
    "codes",
];

fn speaks_of_paying_elsewhere(plain: &str) -> bool {
    let words = words(plain);
    let squashed: String = words.concat();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    SQUASHED.iter().any(|name| squashed.contains(name))
        || has(PAYMENT_WORDS)
        || (words.contains(&"paypal") && has(PAYPAL_PERSONAL))
        || (words.contains(&"pcs") && has(COUPON_WORDS))
        || spelled_whatsapp(plain)
}

/// `w.a`, `w/a`, `w-a`: WhatsApp as scammers write it.
fn spelled_whatsapp(plain: &str) -> bool {
    let chars: Vec<char> = plain.chars().collect();
    chars.windows(3).enumerate().any(|(i, w)| {
        let before = i.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(i + 3);
        w[0] == 'w'
            && matches!(w[1], '.' | '/' | '-')
            && w[2] == 'a'
            && !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Warning::*;

    /// Ordinary marketplace messages, in both languages: none raises
    /// anything.
    const ORDINARY: &[&str] = &[
        "Bonjour, est-ce toujours disponible ?",
        "Hello, is this still available?",
        "Le prix est-il négociable ?",
        "Is the price negotiable?",
        "Je peux passer le voir samedi vers 14h.",
        "I could come and see it on Saturday around 2pm.",
        "Je vous propose 150 € au lieu de 180 €.",
        "Would you take 150 € instead of 180?",
        "Le vélo est à 1 500,00 €, c'est ferme.",
        "Prix : 1 500 € à débattre.",
        "Je peux monter à 150e, pas plus.",
        "Disponible du 12/03 au 15/03.",
        "Rendez-vous le 12/03/2026 à 18h30 devant la gare.",
        "Shall we say 12/03/2026 at 6:30pm?",
        "J'habite à Paris 75011, près de la place Léon Blum.",
        "I live in 75011, near the metro.",
        "Je suis à Lyon 69003, vous êtes où ?",
        "C'est l'annonce n° 2614839201 ?",
        "About listing ref 1234567890: is it sold?",
        "Merci beaucoup, à samedi !",
        "Thanks a lot, see you on Saturday!",
        "Il a 3 ans, très peu servi.",
        "It is 3 years old and barely used.",
        "Dimensions : 120 x 80 x 75 cm.",
        "It measures 120 x 80 x 75 cm.",
        "Il pèse 12,5 kg environ.",
        "Le canapé fait 2,10 m de long.",
        "Vendu avec 2 coussins et la housse.",
        "Comes with 4 chairs and the extension leaf.",
        "Je paie en espèces à la remise.",
        "I will pay cash when I pick it up.",
        "On peut faire la transaction sur le site ?",
        "Can we use the site's payment?",
        "Pouvez-vous envoyer une photo de l'arrière ?",
        "Could you send a photo of the back?",
        "La batterie tient encore 40 km.",
        "The battery still does 40 km.",
        "Taille 42, couleur bleue.",
        "Size 10, navy blue.",
        "Je suis disponible entre 9h et 12h.",
        "I'm free between 9 and 12.",
        "Code postal 13008, Marseille.",
        "Je reviens vers vous demain.",
        "I'll get back to you tomorrow.",
        "Ok pour 80 €, je viens ce soir.",
        "OK for 80, I'll come tonight.",
        "Il y a une petite rayure sur le côté.",
        "There is a small scratch on the side.",
        "Livraison possible ? J'habite à 20 km.",
        "Could you deliver? I'm 20 km away.",
        "Le modèle est un A320 de 2019.",
        "It's the 2019 model, reference XR-2000.",
        "Facture de 2021 disponible.",
        "I have the receipt from 2021.",
        "Je mesure 1m80, le vélo ira ?",
        "Est-ce que le prix inclut les 4 pneus ?",
        "Does the price include the 4 tyres?",
        "On se retrouve au 12 rue de la Paix.",
        "Meet me at 12 Main Street.",
        "Je pars en vacances du 1er au 15 août.",
        "I'm away from 1 to 15 August.",
        "Vous acceptez 2 x 50 € ?",
        "Merci, bonne journée.",
        "Have a nice day.",
        "Le lot de 3 pcs est à 10 €.",
        "The set of 3 pcs is 10 €.",
        "Entre amis on peut s'arranger sur le prix.",
        "Il reste 2 places pour le concert du 20/12.",
        "The tickets are for 20/12 at 8pm.",
        "Vous pouvez payer par carte sur le site.",
        "Tél. à venir, je vous écris ici.",
        "My phone is broken, let's keep writing here.",
        "C'était 1 200 € neuf, je le laisse à 450.",
        "It was 1,200 new, I'm asking 450.",
        "Le numéro de série commence par 4815.",
        "Année 2018, 45 000 km.",
        "2018, 45,000 km on the clock.",
        "Je suis au 3e étage sans ascenseur.",
        "Third floor, no lift, sorry!",
        "Vous êtes toujours intéressé ?",
        "Are you still interested?",
        "Je vous réserve le meuble jusqu'à jeudi.",
        "I'll keep it for you until Thursday.",
        "Il fonctionne parfaitement, testé hier.",
        "Works perfectly, tested yesterday.",
        "Je peux baisser à 95 € si vous venez aujourd'hui.",
        "I can drop to 95 if you come today.",
        "La table fait 160.90.75 cm.",
        "Ouvert de 8h30 à 19h00 du lundi au samedi.",
        "Open 8.30-19.00 Monday to Saturday.",
        "Le score était 3-2 hier, quel match !",
        "Envoi possible par Colissimo, 8,50 € en plus.",
        "Shipping by post is 8.50 extra.",
        "Bonjour Camille, le canapé est-il toujours disponible ?",
        "Hi Bob, is the table still available?",
        "Je l'ai acheté chez Ikea en 2020.",
        "Bought at Ikea in 2020.",
        "Ça marche, à tout à l'heure.",
        "Sounds good, see you later.",
        "Écran 27 pouces, 144 Hz.",
        "27 inch screen, 144 Hz.",
        "Je vous laisse mon adresse quand on confirme.",
        "Voir les photos de l'annonce, merci.ok",
        "Il est en bon état.Merci de confirmer.",
    ];

    /// Messages that move the deal elsewhere, and what each raises.
    const RAISING: &[(&str, &[Warning])] = &[
        ("Appelez-moi au 06 12 34 56 78", &[Phone]),
        ("Mon numéro : 06.12.34.56.78", &[Phone]),
        ("Tel 06-12-34-56-78 après 18h", &[Phone]),
        ("0612345678", &[Phone]),
        ("Call me on +33 6 12 34 56 78", &[Phone]),
        ("+33612345678", &[Phone]),
        ("0033 6 12 34 56 78", &[Phone]),
        ("Mon fixe : 01 42 68 53 00", &[Phone]),
        ("My UK number is +44 20 7946 0958", &[Phone]),
        ("Belgique : +32 470 12 34 56", &[Phone]),
        ("Suisse +41 79 123 45 67", &[Phone]),
        ("Appelle le 07 81 23 45 67 stp", &[Phone]),
        ("num 06/12/34/56/78", &[Phone]),
        ("Joignable au (06) 12 34 56 78", &[Phone]),
        ("Écrivez-moi à jean.dupont@gmail.com", &[Email]),
        ("My email: bob.smith@example.org", &[Email]),
        ("contact : marie_l@orange.fr", &[Email]),
        ("jean at gmail point com", &[Email]),
        ("Écris à camille arobase hotmail", &[Email]),
        ("bob [at] yahoo dot com", &[Email]),
        ("Regardez https://bit.ly/3xYz", &[Link]),
        ("Plus de photos sur www.monsite.fr", &[Link]),
        ("See photos at http://example.com/gallery", &[Link]),
        ("Paiement sécurisé ici : secure-pay.com/order", &[Link]),
        ("Voici le lien mondial-relay-suivi.info/colis", &[Link]),
        ("Paiement par virement uniquement", &[Payment]),
        ("Je vous envoie mon RIB", &[Payment]),
        (
            "Voici mon IBAN FR76 3000 6000 0112 3456 7890 189",
            &[Payment],
        ),
        ("Can you do a bank transfer?", &[Payment]),
        ("Wire transfer only, please", &[Payment]),
        ("Payez par Western Union", &[Payment]),
        ("western-union ok ?", &[Payment]),
        ("WesternUnion de préférence", &[Payment]),
        ("MoneyGram accepted", &[Payment]),
        ("Par mandat cash à la poste", &[Payment]),
        ("Achetez un coupon PCS de 150 €", &[Payment]),
        ("Recharge PCS Mastercard svp", &[Payment]),
        ("Un ticket Transcash de 100 €", &[Payment]),
        ("Code Neosurf accepté", &[Payment]),
        ("PayPal entre amis stp", &[Payment]),
        ("Paypal friends and family only", &[Payment]),
        ("Send it via PayPal F&F, friends and family", &[Payment]),
        ("Je vous envoie un lien de paiement", &[Payment]),
        ("I'll send you a payment link", &[Payment]),
        ("Contacte-moi sur WhatsApp", &[Payment]),
        ("on continue sur whats app ?", &[Payment]),
        ("Écris-moi sur w.a", &[Payment]),
        ("ajoute moi sur watsap", &[Payment]),
        ("Let's talk on Telegram", &[Payment]),
        ("Whatsapp moi au 06 12 34 56 78", &[Phone, Payment]),
        ("Call or WhatsApp +33 6 12 34 56 78", &[Phone, Payment]),
        (
            "Mon mail : vendeur@gmail.com, paiement par virement",
            &[Email, Payment],
        ),
        (
            "Virement sur mon IBAN, détails sur www.paie-vite.com",
            &[Link, Payment],
        ),
        ("Tél 0612345678 ou mail a.b@free.fr", &[Phone, Email]),
        (
            "Le transporteur vous envoie un lien de paiement sur WhatsApp",
            &[Payment],
        ),
        ("Envoyez 50 € par Transcash et je réserve", &[Payment]),
        (
            "Je suis à l'étranger, paiement par Western Union",
            &[Payment],
        ),
        ("Donne-moi ton numéro WhatsApp", &[Payment]),
        ("Pay with a Neosurf code", &[Payment]),
        ("Réglez par virement bancaire", &[Payment]),
        ("Mon tel: +33 (0)6 12 34 56 78", &[Phone]),
        ("Visit souk-deals.shop to pay", &[Link]),
    ];

    #[test]
    fn ordinary_messages_raise_nothing() {
        assert!(
            ORDINARY.len() >= 100,
            "{} ordinary messages",
            ORDINARY.len()
        );
        let raised: Vec<_> = ORDINARY
            .iter()
            .map(|text| (text, detect(text, Some("souk.example"))))
            .filter(|(_, found)| !found.is_empty())
            .collect();
        assert!(raised.is_empty(), "false alarms: {raised:#?}");
    }

    #[test]
    fn messages_that_move_the_deal_elsewhere_raise_what_they_do() {
        assert!(RAISING.len() >= 60, "{} raising messages", RAISING.len());
        let wrong: Vec<_> = RAISING
            .iter()
            .map(|(text, expected)| (text, expected, detect(text, Some("souk.example"))))
            .filter(|(_, expected, found)| found.as_slice() != **expected)
            .collect();
        assert!(wrong.is_empty(), "expected ≠ found: {wrong:#?}");
    }

    #[test]
    fn this_sites_own_addresses_are_not_links() {
        assert!(detect("https://souk.example/listings/42", Some("souk.example")).is_empty());
        assert!(detect("voir www.souk.example/annonce", Some("souk.example")).is_empty());
        assert_eq!(
            detect("https://souk.example.evil.com/pay", Some("souk.example")),
            [Link]
        );
    }

    #[test]
    fn accents_and_case_are_ignored() {
        assert_eq!(detect("PAIEMENT PAR VIREMENT", None), [Payment]);
        assert_eq!(detect("Wéstern Ünion", None), [Payment]);
        assert_eq!(detect("TÉLÉGRAM", None), [Payment]);
    }
}

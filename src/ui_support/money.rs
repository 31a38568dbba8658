//! Prices as each language writes them: "1 250,00 €" in French, "€1,250.00"
//! in English. The digits come from ICU's number formatter (grouping and
//! decimal separator of the locale); where the euro sign goes is the
//! translation's.

use crate::domain::language::Locale;
use crate::i18n::td_string;
use leptos_i18n::reexports::fixed_decimal::Decimal;

/// `cents` as a price in `locale`.
pub fn price(locale: Locale, cents: i64) -> String {
    let mut amount = Decimal::from(cents);
    amount.multiply_pow10(-2);
    td_string!(locale, price, amount).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_read_as_each_language_writes_them() {
        assert_eq!(price(Locale::en, 0), "€0.00");
        assert_eq!(price(Locale::en, 5), "€0.05");
        assert_eq!(price(Locale::en, 125_000), "€1,250.00");
        assert_eq!(price(Locale::en, 123_456_789), "€1,234,567.89");
        assert_eq!(price(Locale::fr, 1_500), "15,00\u{a0}€");
        assert_eq!(price(Locale::fr, 125_000), "1\u{202f}250,00\u{a0}€");
    }
}

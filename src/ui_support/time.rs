//! How times read in the UI, in the reader's language. The server renders
//! UTC; once the page is live in the browser, times switch to the reader's
//! own time zone.

use crate::domain::language::Locale;
use crate::i18n::td_string;
use chrono::{DateTime, Datelike, Local, Month, NaiveDate, Utc, Weekday};
use leptos::prelude::*;

/// `false` during server rendering and hydration, `true` once mounted: lets
/// local-time text differ from the server's without a hydration mismatch.
pub fn use_mounted() -> ReadSignal<bool> {
    let (mounted, set_mounted) = signal(false);
    Effect::new(move |_| set_mounted.set(true));
    mounted
}

fn local_date(t: DateTime<Utc>, local: bool) -> NaiveDate {
    if local {
        t.with_timezone(&Local).date_naive()
    } else {
        t.date_naive()
    }
}

/// `t` formatted with `pattern`, in the reader's zone when `local`.
fn format_time(t: DateTime<Utc>, local: bool, pattern: &str) -> String {
    if local {
        t.with_timezone(&Local).format(pattern).to_string()
    } else {
        t.format(pattern).to_string()
    }
}

/// "14:05".
pub fn clock(t: DateTime<Utc>, local: bool) -> String {
    format_time(t, local, "%H:%M")
}

/// "Today", "Yesterday", "Monday 3 November", "3 November 2025" (in French
/// "Aujourd’hui", "Hier", "lundi 3 novembre", "3 novembre 2025").
pub fn day_label(locale: Locale, t: DateTime<Utc>, now: DateTime<Utc>, local: bool) -> String {
    let (day, today) = (local_date(t, local), local_date(now, local));
    let (date, month) = (day.day(), month_names(locale, day.month()).0);
    match (today - day).num_days() {
        0 => td_string!(locale, time.today).to_string(),
        1 => td_string!(locale, time.yesterday).to_string(),
        2..=6 => {
            let weekday = weekday_name(locale, day.weekday());
            td_string!(locale, time.weekday_date, weekday, date, month).to_string()
        }
        _ if day.year() == today.year() => td_string!(locale, time.date, date, month).to_string(),
        _ => {
            let year = day.year();
            td_string!(locale, time.date_year, date, month, year).to_string()
        }
    }
}

pub fn same_day(a: DateTime<Utc>, b: DateTime<Utc>, local: bool) -> bool {
    local_date(a, local) == local_date(b, local)
}

/// Conversation-list style: "now", "5 min ago", "14:05" today,
/// "Yesterday", "3 Nov" (in French "à l’instant", "il y a 5 min", "14:05",
/// "Hier", "3 nov.").
pub fn relative(locale: Locale, t: DateTime<Utc>, now: DateTime<Utc>, local: bool) -> String {
    let minutes = (now - t).num_minutes();
    if minutes < 1 {
        td_string!(locale, time.now).to_string()
    } else if minutes < 60 {
        td_string!(locale, time.minutes_ago, minutes).to_string()
    } else if same_day(t, now, local) {
        clock(t, local)
    } else if (local_date(now, local) - local_date(t, local)).num_days() == 1 {
        td_string!(locale, time.yesterday).to_string()
    } else {
        let day = local_date(t, local);
        let (date, month) = (day.day(), month_names(locale, day.month()).1);
        td_string!(locale, time.date, date, month).to_string()
    }
}

fn weekday_name(locale: Locale, weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => td_string!(locale, time.weekdays.monday),
        Weekday::Tue => td_string!(locale, time.weekdays.tuesday),
        Weekday::Wed => td_string!(locale, time.weekdays.wednesday),
        Weekday::Thu => td_string!(locale, time.weekdays.thursday),
        Weekday::Fri => td_string!(locale, time.weekdays.friday),
        Weekday::Sat => td_string!(locale, time.weekdays.saturday),
        Weekday::Sun => td_string!(locale, time.weekdays.sunday),
    }
}

/// A month's name, whole ("November", "novembre") and short ("Nov",
/// "nov.").
fn month_names(locale: Locale, month: u32) -> (&'static str, &'static str) {
    match Month::try_from(month as u8).unwrap_or(Month::January) {
        Month::January => (
            td_string!(locale, time.months.january),
            td_string!(locale, time.short_months.january),
        ),
        Month::February => (
            td_string!(locale, time.months.february),
            td_string!(locale, time.short_months.february),
        ),
        Month::March => (
            td_string!(locale, time.months.march),
            td_string!(locale, time.short_months.march),
        ),
        Month::April => (
            td_string!(locale, time.months.april),
            td_string!(locale, time.short_months.april),
        ),
        Month::May => (
            td_string!(locale, time.months.may),
            td_string!(locale, time.short_months.may),
        ),
        Month::June => (
            td_string!(locale, time.months.june),
            td_string!(locale, time.short_months.june),
        ),
        Month::July => (
            td_string!(locale, time.months.july),
            td_string!(locale, time.short_months.july),
        ),
        Month::August => (
            td_string!(locale, time.months.august),
            td_string!(locale, time.short_months.august),
        ),
        Month::September => (
            td_string!(locale, time.months.september),
            td_string!(locale, time.short_months.september),
        ),
        Month::October => (
            td_string!(locale, time.months.october),
            td_string!(locale, time.short_months.october),
        ),
        Month::November => (
            td_string!(locale, time.months.november),
            td_string!(locale, time.short_months.november),
        ),
        Month::December => (
            td_string!(locale, time.months.december),
            td_string!(locale, time.short_months.december),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn days_and_relative_times_read_in_each_language() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 15, 0, 0).unwrap();
        let monday = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
        assert_eq!(
            day_label(Locale::en, monday, now, false),
            "Monday 30 November"
        );
        assert_eq!(
            day_label(Locale::fr, monday, now, false),
            "lundi 30 novembre"
        );
        let last_year = Utc.with_ymd_and_hms(2025, 5, 1, 9, 0, 0).unwrap();
        assert_eq!(day_label(Locale::fr, last_year, now, false), "1 mai 2025");
        assert_eq!(day_label(Locale::fr, now, now, false), "Aujourd’hui");
        let five_ago = now - chrono::Duration::minutes(5);
        assert_eq!(relative(Locale::en, five_ago, now, false), "5 min ago");
        assert_eq!(relative(Locale::fr, five_ago, now, false), "il y a 5 min");
        assert_eq!(relative(Locale::fr, now, now, false), "à l’instant");
        assert_eq!(relative(Locale::fr, last_year, now, false), "1 mai");
        assert_eq!(relative(Locale::en, last_year, now, false), "1 May");
    }
}

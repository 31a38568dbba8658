//! How times read in the UI. The server renders UTC; once the page is live
//! in the browser, times switch to the reader's own time zone.

use chrono::{DateTime, Datelike, Local, NaiveDate, Utc};
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

/// "Today", "Yesterday", "Monday 3 November", "3 November 2025".
pub fn day_label(t: DateTime<Utc>, now: DateTime<Utc>, local: bool) -> String {
    let (day, today) = (local_date(t, local), local_date(now, local));
    match (today - day).num_days() {
        0 => "Today".to_owned(),
        1 => "Yesterday".to_owned(),
        2..=6 => day.format("%A %-d %B").to_string(),
        _ if day.year() == today.year() => day.format("%-d %B").to_string(),
        _ => day.format("%-d %B %Y").to_string(),
    }
}

pub fn same_day(a: DateTime<Utc>, b: DateTime<Utc>, local: bool) -> bool {
    local_date(a, local) == local_date(b, local)
}

/// Conversation-list style: "now", "5 min", "14:05" today, "Yesterday",
/// "3 Nov".
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>, local: bool) -> String {
    let minutes = (now - t).num_minutes();
    if minutes < 1 {
        "now".to_owned()
    } else if minutes < 60 {
        format!("{minutes} min")
    } else if same_day(t, now, local) {
        clock(t, local)
    } else if (local_date(now, local) - local_date(t, local)).num_days() == 1 {
        "Yesterday".to_owned()
    } else {
        format_time(t, local, "%-d %b")
    }
}

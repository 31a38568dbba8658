//! A voice message in the thread: the browser's player, and its length as
//! the server measured it (a recorder's WebM says nothing of its length,
//! so the player alone may not know it before it has played).

use crate::context::use_locale;
use crate::domain::attachment::clock_duration;
use crate::domain::Attachment;
use crate::i18n::td_string;
use leptos::prelude::*;

#[component]
pub fn VoiceMessage(recording: Attachment) -> impl IntoView {
    let locale = use_locale();
    let duration = clock_duration(recording.duration_ms.unwrap_or(0));
    let label = td_string!(locale, voice.message_of, duration = duration.clone()).to_string();
    view! {
        <div class="voice-message" role="group" aria-label=label>
            <audio controls preload="metadata" src=recording.url></audio>
            <span class="voice-duration" aria-hidden="true">
                {duration}
            </span>
        </div>
    }
}

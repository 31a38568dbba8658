//! Searching the messages a user can see. The words are parsed by both
//! text-search configurations (French and English, accents stripped; see
//! the migration), a message matches when either matches, and the GIN
//! index on (conversation, words) is probed once per conversation of mine.

use super::attachments::StoredAttachment;
use super::messages::{self, MessageRow};
use super::DbResultExt;
use crate::domain::call::CallLine;
use crate::domain::{AppError, KeysetCursor, Message, Search, SearchHit, SearchPage};
use sqlx::types::Json;
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

/// Matching messages newest first, only those I can see: in my
/// conversations, not cleared by my delete-for-me.
#[tracing::instrument(skip(pool))]
pub async fn search(pool: &PgPool, me: Uuid, search: Search) -> Result<SearchPage, AppError> {
    // The snippet is made from the text with every hit between two control
    // characters (which message text never contains, see `validate`), so
    // it can be escaped first and marked after.
    let mut rows = sqlx::query!(
        r#"WITH q AS (
               SELECT websearch_to_tsquery('souk_french', $2)
                   || websearch_to_tsquery('souk_english', $2) AS words,
                      'HighlightAll=true, StartSel=' || chr(1) || ', StopSel=' || chr(2) AS marks)
           SELECT m.id, m.conversation_id, m.sender_id, m.content, m.created_at,
                  m.attachment_list AS "attachments: Json<Vec<StoredAttachment>>",
                  m.call AS "call: Json<CallLine>",
                  m.warnings,
                  offer_json(mo) AS "offer: Json<crate::domain::offer::Offer>",
                  m.offer_step,
                  ts_headline('souk_english',
                              ts_headline('souk_french', souk_search_text(m.content),
                                          q.words, q.marks),
                              q.words, q.marks) AS "marked!"
           FROM q, conversation_participants p
           JOIN messages m ON m.conversation_id = p.conversation_id
           LEFT JOIN offers mo ON mo.id = m.offer_id
           WHERE p.user_id = $1 AND m.seq > p.cleared_seq AND m.search @@ q.words
             AND ($3::timestamptz IS NULL OR (m.created_at, m.id) < ($3, $4))
           ORDER BY m.created_at DESC, m.id DESC
           LIMIT $5"#,
        me,
        search.text,
        search.before.map(|c| c.at),
        search.before.map(|c| c.id),
        search.limit + 1,
    )
    .fetch_all(pool)
    .await
    .or_internal()?;
    let more = rows.len() as i64 > search.limit;
    rows.truncate(search.limit as usize);
    let next_cursor = more.then(|| rows.last()).flatten().map(|last| {
        KeysetCursor {
            at: last.created_at,
            id: last.id,
        }
        .encode()
    });

    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.conversation_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let conversations: HashMap<Uuid, _> = messages::conversations_by_id(pool, me, &ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let hits = rows
        .into_iter()
        .filter_map(|row| {
            let conversation = conversations.get(&row.conversation_id)?.clone();
            Some(SearchHit {
                snippet: snippet(&row.marked),
                message: Message::from(MessageRow {
                    id: row.id,
                    conversation_id: row.conversation_id,
                    sender_id: row.sender_id,
                    content: row.content,
                    created_at: row.created_at,
                    attachments: row.attachments,
                    call: row.call,
                    warnings: row.warnings,
                    offer: row.offer,
                    offer_step: row.offer_step,
                }),
                conversation,
            })
        })
        .collect();
    Ok(SearchPage { hits, next_cursor })
}

const HIT_START: char = '\u{1}';
const HIT_END: char = '\u{2}';
/// What `<` and `>` are in the searched text (see the migration
/// `search_markup`): the parser would take them for markup.
const LT_STAND_IN: char = '\u{3}';
const GT_STAND_IN: char = '\u{4}';
/// How much text a snippet keeps before its first hit, and in all.
const LEAD_CHARS: usize = 40;
const SNIPPET_CHARS: usize = 160;

/// An excerpt of `marked` (text with hits between [`HIT_START`] and
/// [`HIT_END`], `<` and `>` as their stand-ins) around its first hit, cut
/// at spaces, HTML-escaped, then
/// with each hit in `<mark>`. Nested marks (a word both languages matched)
/// count once.
pub fn snippet(marked: &str) -> String {
    let chars: Vec<char> = marked.chars().collect();
    let first_hit = chars.iter().position(|&c| c == HIT_START).unwrap_or(0);
    let mut start = first_hit.saturating_sub(LEAD_CHARS);
    if start > 0 {
        // Begin at a word: just after the first space at or past `start`.
        start = chars[start..first_hit]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(first_hit, |i| start + i + 1);
    }
    let mut end = (start + SNIPPET_CHARS).min(chars.len());
    if end < chars.len() {
        // End at a word: at the last space before `end`, past the hit.
        if let Some(i) = chars[first_hit..end]
            .iter()
            .rposition(|c| c.is_whitespace())
        {
            end = first_hit + i;
        }
    }
    let mut out = String::with_capacity(marked.len() + 16);
    if start > 0 {
        out.push('…');
    }
    let mut depth = 0u32;
    for &c in &chars[start..end] {
        match c {
            HIT_START => {
                if depth == 0 {
                    out.push_str("<mark>");
                }
                depth += 1;
            }
            HIT_END => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push_str("</mark>");
                }
            }
            '&' => out.push_str("&amp;"),
            '<' | LT_STAND_IN => out.push_str("&lt;"),
            '>' | GT_STAND_IN => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    if depth > 0 {
        out.push_str("</mark>");
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn escapes_the_text_then_marks_the_hits() {
        assert_eq!(
            snippet("<b>\u{1}vélo\u{2}</b> & \"co\""),
            "&lt;b&gt;<mark>vélo</mark>&lt;/b&gt; &amp; &quot;co&quot;"
        );
    }

    #[test]
    fn a_word_both_languages_matched_is_marked_once() {
        assert_eq!(
            snippet("un \u{1}\u{1}vélo\u{2}\u{2} rouge"),
            "un <mark>vélo</mark> rouge"
        );
    }

    #[test]
    fn a_long_text_is_cut_at_spaces_around_the_first_hit() {
        let before = "mot ".repeat(30);
        let after = " suite".repeat(60);
        let s = snippet(&format!("{before}le \u{1}vélo\u{2}{after}"));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("le <mark>vélo</mark> suite"), "{s}");
        assert!(
            !s.contains("mo…") && !s.contains("…ot"),
            "cut inside a word: {s}"
        );
        assert!(s.chars().count() <= super::SNIPPET_CHARS + 2 + 13, "{s}");
    }

    #[test]
    fn a_hit_cut_by_the_end_is_closed() {
        let s = snippet(&format!("\u{1}{}\u{2}", "a".repeat(300)));
        assert!(s.starts_with("<mark>") && s.ends_with("</mark>…"), "{s}");
    }
}

//! Who a sentence's facts are attributed to: "according to AFP", "selon l'armée", "CSP
//! executives contacted by RFI", "quips a Malian security source", "Prime Minister Choguel
//! Kokalla Maïga said".
//!
//! The source is kept as the words of the text (a short phrase, never more than a few
//! words) plus the actor when an actor mention lies inside it. One attribution per
//! sentence; a sentence without a cue has none. Quotes spanning several sentences are not
//! followed: that would need discourse tracking this stage does not do.

use faultline_model::fact::Attribution;
use faultline_packs::facts::{AttributionCue, CueKind, FactKind, TokenKind};

use super::SentenceView;

/// The longest source phrase kept, in tokens.
const MAX_SOURCE: usize = 8;

/// Words that end a source phrase on its right.
const STOPS: &[&str] = &[
    ",", ".", ";", ":", "\"", "“", "”", "«", "»", "(", ")", "that", "que", "qu", "who", "qui",
    "on", "in", "le", "to",
];

/// Words that may open a source phrase on its left (kept) or end the search (dropped).
const OPENERS: &[&str] = &["a", "an", "the", "un", "une", "le", "la", "les", "l", "des", "all"];

/// The attribution of the sentence, if it has a cue.
pub(crate) fn attribution(view: &SentenceView<'_>) -> Option<Attribution> {
    let cue = |which: AttributionCue| {
        view.matches
            .iter()
            .find(|m| m.kind() == FactKind::Cue(CueKind::Attribution(which)))
    };
    if let Some(m) = cue(AttributionCue::Follows) {
        let right = phrase_right(view, m.end);
        // "CSP executives contacted by RFI": the people contacted are the source too.
        let by = matches!(view.word(m.end.saturating_sub(1)), "by" | "par");
        let left = if by {
            phrase_left(view, m.start)
        } else {
            None
        };
        let (s, e) = match (left, right) {
            (Some((ls, _)), Some((_, re))) => (ls, re),
            (None, Some(r)) => r,
            _ => return None,
        };
        return Some(make(view, s, e));
    }
    if let Some(m) = cue(AttributionCue::Speech) {
        // "“…,” confides a rebel executive": the speaker follows a closing quote.
        let inverted = m.start == 0
            || (m.start.saturating_sub(2)..m.start)
                .any(|i| matches!(view.word(i), "\"" | "”" | "“" | "»" | "«"));
        let span = if inverted {
            phrase_right(view, m.end)
        } else {
            // "X, spokesman for the CSP, explains": the subject opens the clause.
            phrase_left(view, m.start).or_else(|| {
                view.args
                    .iter()
                    .find(|a| a.end <= m.start)
                    .map(|a| (a.start, a.end))
            })
        };
        return span.map(|(s, e)| make(view, s, e));
    }
    if let Some(m) = cue(AttributionCue::Source) {
        let (s, _) = phrase_left(view, m.start).unwrap_or((m.start, m.start));
        let e = phrase_right(view, m.end)
            .filter(|_| matches!(view.word(m.end), "close" | "proche" | "proches"))
            .map_or(m.end, |(_, e)| e);
        return Some(make(view, s.min(m.start), e));
    }
    None
}

/// The source phrase starting at token `from`: up to a stop word or `MAX_SOURCE` tokens.
fn phrase_right(view: &SentenceView<'_>, from: usize) -> Option<(usize, usize)> {
    let mut end = from;
    while end < view.tokens.len() && end - from < MAX_SOURCE {
        let w = view.word(end);
        if end > from && STOPS.contains(&w) && !inside_arg(view, end) {
            break;
        }
        if end == from && matches!(w, "," | "." | ";" | ":") {
            return None;
        }
        end += 1;
    }
    // A phrase ending inside an actor's name takes the whole name.
    if let Some(a) = view.args.iter().find(|a| a.start < end && end < a.end) {
        end = a.end;
    }
    (end > from).then_some((from, end))
}

/// The source phrase ending just before token `to`: back to a determiner (kept) or a
/// punctuation mark (dropped), at most `MAX_SOURCE` tokens.
fn phrase_left(view: &SentenceView<'_>, to: usize) -> Option<(usize, usize)> {
    let mut start = to;
    while start > 0 && to - start < MAX_SOURCE {
        let i = start - 1;
        let tok = view.tokens.get(i)?;
        if tok.kind == TokenKind::Punct && !inside_arg(view, i) && tok.folded != "-" {
            break;
        }
        start = i;
        if OPENERS.contains(&view.word(i)) {
            break;
        }
    }
    if let Some(a) = view.args.iter().find(|a| a.start < start && start < a.end) {
        start = a.start;
    }
    (start < to).then_some((start, to))
}

fn inside_arg(view: &SentenceView<'_>, i: usize) -> bool {
    view.args.iter().any(|a| a.start <= i && i < a.end)
}

fn make(view: &SentenceView<'_>, s: usize, e: usize) -> Attribution {
    let text = match (view.tokens.get(s), view.tokens.get(e.saturating_sub(1))) {
        (Some(a), Some(b)) => view.doc_text.get(a.start..b.end).unwrap_or(""),
        _ => "",
    };
    let actor = view
        .args
        .iter()
        .find(|a| a.start >= s && a.end <= e)
        .map(|a| a.actor.clone());
    Attribution {
        text: text.trim().to_string(),
        actor,
    }
}

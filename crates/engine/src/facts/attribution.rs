//! Who a sentence's facts are attributed to: "according to AFP", "selon l'armée", "CSP
//! executives contacted by RFI", "quips a Malian security source", "Prime Minister Choguel
//! Kokalla Maïga said".
//!
//! The source is kept as the words of the text (a short phrase, never more than a few
//! words: "Niger's junta", "des sources sécuritaires") plus the actor when an actor mention
//! lies inside it; a bare "qui"/"who" stands for the noun it follows. Claims of an attack
//! ("revendiquée par le GSIM") are read by the event stage, which owns the attacker. One attribution per
//! sentence; a sentence without a cue has none. Quotes spanning several sentences are not
//! followed: that would need discourse tracking this stage does not do.

use faultline_model::Lang;
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
const OPENERS: &[&str] = &[
    "a", "an", "the", "un", "une", "le", "la", "les", "l", "des", "all",
];

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
        let left = if by { phrase_left(view, m.start) } else { None };
        let (s, e) = match (left, right) {
            (Some((ls, _)), Some((_, re))) => (ls, re),
            (None, Some(r)) => r,
            _ => return None,
        };
        return Some(make(view, s, e));
    }
    if let Some(m) = cue(AttributionCue::Speech) {
        // "“…,” confides a rebel executive": the speaker follows a closing quote.
        let is_quote = |i: usize| matches!(view.word(i), "\"" | "”" | "“" | "»" | "«");
        let quoted_before = (0..m.start).any(is_quote);
        // "…, ont indiqué mercredi des sources sécuritaires", "…, said the army": a verb
        // of saying right after a comma in French, or before a determiner in English, has
        // its source after it.
        let after_comma = view.word(m.start.saturating_sub(1)) == ",";
        let det_after = view.is_det(view.word(skip_times(view, m.end)));
        let inverted = m.start == 0
            || (m.start.saturating_sub(2)..m.start).any(is_quote)
            || (after_comma && (quoted_before || view.lang == Lang::Fr || det_after));
        let span = if inverted {
            phrase_right(view, skip_times(view, m.end))
        } else {
            // "X, spokesman for the CSP, explains": the subject opens the clause.
            phrase_left(view, m.start).or_else(|| {
                view.args
                    .iter()
                    .rev()
                    .find(|a| a.end <= m.start && m.start - a.end <= 1)
                    .map(|a| (a.start, a.end))
            })
        };
        let span = span.map(|(s, e)| relative_antecedent(view, s, e).unwrap_or((s, e)));
        return span.map(|(s, e)| make(view, s, e));
    }
    if let Some(m) = cue(AttributionCue::Source) {
        // "a-t-on appris lundi de sources locales": the phrase opens at its preposition,
        // not at the verb before it.
        let from = (m.start.saturating_sub(MAX_SOURCE)..m.start)
            .rev()
            .find(|&t| matches!(view.word(t), "de" | "d" | "from"))
            .filter(|&t| {
                (t + 1..m.start).all(|k| {
                    view.tokens
                        .get(k)
                        .is_some_and(|x| x.kind == TokenKind::Word)
                })
            });
        let (s, _) = match from {
            Some(t) => (t, m.start),
            None => phrase_left(view, m.start).unwrap_or((m.start, m.start)),
        };
        let e = phrase_right(view, m.end)
            .filter(|_| matches!(view.word(m.end), "close" | "proche" | "proches"))
            .map_or_else(|| adjectives_after(view, m.end), |(_, e)| e);
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
        // "Niger's junta": the possessive's apostrophe belongs to the phrase.
        let word = view.folded(tok);
        let possessive = word == "'" && view.word(i + 1) == "s" && i > 0;
        if tok.kind == TokenKind::Punct && !inside_arg(view, i) && word != "-" && !possessive {
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

/// Words that end a French noun's trailing adjectives: verbs of saying and auxiliaries.
const NOT_ADJECTIVES: &[&str] = &[
    "ont",
    "a",
    "est",
    "sont",
    "qui",
    "que",
    "selon",
    "affirment",
    "indiquent",
    "precisent",
    "said",
    "say",
    "says",
];

/// "sources locales et sécuritaires": in French a source noun's adjectives follow it.
fn adjectives_after(view: &SentenceView<'_>, from: usize) -> usize {
    if view.lang != Lang::Fr {
        return from;
    }
    let mut end = from;
    while end < from + 4
        && view.tokens.get(end).is_some_and(|t| {
            t.kind == TokenKind::Word
                && view
                    .doc_text
                    .get(t.start..t.end)
                    .is_some_and(|w| w.chars().all(char::is_lowercase))
        })
        && !NOT_ADJECTIVES.contains(&view.word(end))
        && !STOPS.contains(&view.word(end))
    {
        end += 1;
    }
    // Never end on a conjunction.
    while end > from && matches!(view.word(end - 1), "et" | "ou") {
        end -= 1;
    }
    end
}

/// The first token at or after `from` that is not part of a date ("said on Tuesday the
/// army", "ont indiqué mercredi des sources").
fn skip_times(view: &SentenceView<'_>, from: usize) -> usize {
    view.time_toks
        .iter()
        .find(|&&(s, _)| s == from || (s == from + 1 && matches!(view.word(from), "on" | "le")))
        .map_or(from, |&(_, e)| e)
}

/// "…, le GSIM, lié à Al-Qaïda, qui affirme …": a source phrase that is only a relative
/// pronoun stands for the noun it follows, past appositions set off by commas.
fn relative_antecedent(view: &SentenceView<'_>, s: usize, e: usize) -> Option<(usize, usize)> {
    if e != s + 1 || !matches!(view.word(s), "qui" | "who" | "which") {
        return None;
    }
    let mut comma = s.checked_sub(1).filter(|&c| view.word(c) == ",")?;
    // Walk back over comma-delimited appositions that open with a lower-case word.
    for _ in 0..3 {
        let prev = (0..comma).rev().find(|&t| view.word(t) == ",");
        let seg_start = prev.map_or(0, |p| p + 1);
        let opens_lower = view.tokens.get(seg_start).is_some_and(|t| {
            view.doc_text
                .get(t.start..t.end)
                .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
        }) && !view.args.iter().any(|a| a.start == seg_start);
        match prev {
            Some(p) if opens_lower => comma = p,
            _ => break,
        }
    }
    let asides = view.asides();
    let arg = view.args.iter().rev().find(|a| {
        a.end <= comma
            && !asides
                .iter()
                .any(|&(x, y)| x < a.start && a.end < y && y <= comma)
    })?;
    // A bracketed acronym after the name ("Groupe de soutien … (GSIM)") is the same actor:
    // keep the name.
    let first = view
        .args
        .iter()
        .filter(|b| b.actor.id == arg.actor.id && b.end <= arg.start && arg.start - b.end <= 2)
        .map(|b| b.start)
        .min()
        .unwrap_or(arg.start);
    Some((first, arg.end))
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

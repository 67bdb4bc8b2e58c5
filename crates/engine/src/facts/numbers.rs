//! Counting the dead in a sentence, in digits or words, in English and French.
//!
//! Rules, after ACLED's conservative coding: a number counts only next to a word for the
//! dead ("twelve civilians were killed", "killing at least 20", "une vingtaine de morts");
//! a stated range takes its low end ("between 10 and 15 dead" is 10); "twenty on each
//! side" is 40; vague counts take the pack's defaults ("several" 10, "dozens"/"des
//! dizaines" 12, "hundreds" 100, "une vingtaine" 20) and are flagged as estimates; wounded
//! are not dead; "dozens of dead and wounded" cannot be separated, so no number is given
//! and a note says why; deaths reported without a number give no number and a note (a
//! count is never invented). Several counts in one sentence give the largest, as they most
//! often restate one toll.

use faultline_packs::facts::{Casualty, CueKind, FactKind, TokenKind};

use super::SentenceView;

/// What a sentence says about deaths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Count {
    pub value: Option<u32>,
    pub estimated: bool,
    pub note: Option<String>,
}

/// A number found in the tokens `[start, end)`.
#[derive(Debug, Clone, Copy)]
struct Num {
    start: usize,
    end: usize,
    value: u32,
    estimated: bool,
    /// Written as a lone article ("a soldier was killed"): only counts right before a noun.
    article: bool,
}

/// Words allowed between a death word and the number after it ("killed at least 12").
const RIGHT_FILLERS: &[&str] = &[
    "at", "least", "some", "about", "around", "nearly", "almost", "over", "more", "than", "au",
    "moins", "environ", "pres", "de", "d", "'", "plus", "quelque",
];

/// Words that stop a left-side number from counting: its count is of something else.
const LEFT_BARRIERS: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "since", "dans", "en", "lors", "apres", "avant",
    "depuis", "pendant", "sur",
];

/// The death count of the sentence, or None when it names no casualties at all.
pub(crate) fn fatalities(view: &SentenceView<'_>) -> Option<Count> {
    let nums = numbers(view);
    let casualties: Vec<(usize, usize, Casualty)> = view
        .matches
        .iter()
        .filter_map(|m| match m.kind() {
            FactKind::Cue(CueKind::Casualty(c)) => Some((m.start, m.end, c)),
            _ => None,
        })
        .collect();
    if casualties.is_empty() {
        return None;
    }
    let mut dead: Vec<Num> = Vec::new();
    let mut mixed = false;
    for &(cs, ce, kind) in &casualties {
        let found = number_left(view, &nums, cs).or_else(|| number_right(view, &nums, ce));
        match (kind, found) {
            (Casualty::Dead, Some(n)) => dead.push(n),
            (Casualty::Either, Some(_)) => mixed = true,
            _ => {}
        }
    }
    let any_dead = casualties.iter().any(|c| c.2 == Casualty::Dead);
    // "deaths on both sides – twenty on each side": the count stands apart from the word.
    if any_dead {
        dead.extend(
            nums.iter()
                .copied()
                .filter(|n| n.value > 0 && each_side(view, n)),
        );
    }
    let best = dead
        .iter()
        .map(|n| apply_each_side(view, n))
        .max_by_key(|n| n.value);
    match best {
        Some(n) => Some(Count {
            value: Some(n.value),
            estimated: n.estimated,
            note: n
                .estimated
                .then(|| "vague count read with ACLED's conservative default".to_string()),
        }),
        None if mixed || casualties.iter().any(|c| c.2 == Casualty::Either) && !any_dead => {
            Some(Count {
                value: None,
                estimated: false,
                note: Some("dead and wounded are counted together".into()),
            })
        }
        None if any_dead => Some(Count {
            value: None,
            estimated: false,
            note: Some("deaths reported without a number".into()),
        }),
        None => None,
    }
}

/// "twenty on each side", "une vingtaine de morts de part et d'autre".
fn each_side(view: &SentenceView<'_>, n: &Num) -> bool {
    view.cues(|k| k == CueKind::EachSide)
        .any(|m| m.start >= n.end && m.start <= n.end + 4)
}

fn apply_each_side(view: &SentenceView<'_>, n: &Num) -> Num {
    if each_side(view, n) {
        Num {
            value: n.value.saturating_mul(2),
            ..*n
        }
    } else {
        *n
    }
}

/// The number before a death word: up to five words before it ("douze soldats maliens ont
/// été tués"), none of them a barrier.
fn number_left(view: &SentenceView<'_>, nums: &[Num], cue: usize) -> Option<Num> {
    let n = nums
        .iter()
        .filter(|n| n.end <= cue && cue - n.end <= 5)
        .max_by_key(|n| n.end)?;
    let clean = (n.end..cue).all(|i| {
        view.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
            && !LEFT_BARRIERS.contains(&view.word(i))
            || matches!(view.word(i), "'" | "-")
    });
    if !clean {
        return None;
    }
    if n.article && n.end == cue {
        return None;
    }
    Some(*n)
}

/// The number after a death word: right after it, past "at least", "au moins".
fn number_right(view: &SentenceView<'_>, nums: &[Num], cue_end: usize) -> Option<Num> {
    let mut i = cue_end;
    while i < view.tokens.len() && RIGHT_FILLERS.contains(&view.word(i)) {
        i += 1;
    }
    let n = nums.iter().find(|n| n.start == i)?;
    if n.article
        && !view
            .tokens
            .get(n.end)
            .is_some_and(|t| t.kind == TokenKind::Word)
    {
        return None;
    }
    Some(*n)
}

/// Every number of the sentence: digit runs (with "2,500" and "2 500" joined), number
/// words from the pack, and ranges reduced to their low end.
fn numbers(view: &SentenceView<'_>) -> Vec<Num> {
    let in_time = |i: usize| view.time_toks.iter().any(|&(s, e)| s <= i && i < e);
    let mut out: Vec<Num> = Vec::new();
    let mut i = 0;
    while i < view.tokens.len() {
        let Some(t) = view.tokens.get(i) else {
            break;
        };
        if t.kind == TokenKind::Number && !in_time(i) {
            let mut digits = view.folded(t).to_string();
            let mut end = i + 1;
            // Thousands: "2,500", "2 500", "2.500".
            while let (Some(sep), Some(next)) = (view.tokens.get(end), view.tokens.get(end + 1)) {
                let grouped = next.kind == TokenKind::Number && view.folded(next).len() == 3;
                let joins = matches!(view.folded(sep), "," | ".") && sep.end == next.start;
                if grouped && joins {
                    digits.push_str(view.folded(next));
                    end += 2;
                } else {
                    break;
                }
            }
            // "2015" in "the 2015 agreement" is a year; "2,500" is not.
            let is_year = end == i + 1 && digits.len() == 4 && digits.starts_with(['1', '2']);
            if let Ok(value) = digits.parse::<u32>()
                && !is_year
            {
                out.push(Num {
                    start: i,
                    end,
                    value,
                    estimated: false,
                    article: false,
                });
            }
            i = end;
            continue;
        }
        i += 1;
    }
    for m in &view.matches {
        if let FactKind::Number { value, estimated } = m.kind() {
            let article = matches!(m.word.phrase.as_str(), "a" | "an" | "un" | "une");
            out.push(Num {
                start: m.start,
                end: m.end,
                value,
                estimated,
                article,
            });
        }
    }
    out.sort_by_key(|n| n.start);
    // "between 10 and 15", "10 to 15", "10-15", "entre 10 et 15": the low end, spanning both.
    let mut merged: Vec<Num> = Vec::with_capacity(out.len());
    for n in out {
        if let Some(prev) = merged.last_mut()
            && n.start == prev.end + 1
            && view.cue_at(prev.end, |k| k == CueKind::RangeJoin).is_some()
            && !prev.article
            && !n.article
        {
            prev.value = prev.value.min(n.value);
            prev.end = n.end;
            prev.estimated |= n.estimated;
            continue;
        }
        merged.push(n);
    }
    merged
}

//! Modality and polarity of a fact from the cues around its trigger: "want to establish a
//! pact" is intended, "could be undermined by an alliance" speculative, "no question of
//! carrying out joint attacks" negative.
//!
//! The cue must stand in the trigger's clause, shortly before it (or, for participles such
//! as "expected" and "prévu", just after it). A word that qualifies an actor rather than the
//! happening ("présumés jihadistes", "suspected JNIM militants") is not a modality cue. A
//! future-pointing date in the clause makes a fact intended. Nothing here guesses beyond
//! the cues: without one, a fact is asserted and positive.

use faultline_model::fact::{Modality, Polarity};
use faultline_model::time::TimeMention;
use faultline_packs::facts::CueKind;

use super::SentenceView;

/// How far before a trigger a modality or negation cue may stand, in tokens.
const BEFORE: usize = 8;
/// How far after a trigger a participle cue ("expected", "prévu") may stand.
const AFTER: usize = 3;

/// How far before a trigger a negation may stand, in tokens.
const NEGATION: usize = 5;
/// How far a negating determiner may stand from the noun it negates.
const NEAR_NEGATION: usize = 2;

/// Negation cues that are determiners.
const NEGATING_DETERMINERS: &[&str] = &["no", "aucun", "aucune", "without", "sans", "neither"];

/// Auxiliaries that carry a following negation back to their subject.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "did", "do", "does", "has", "have", "had", "will", "n", "ne",
];

/// The modality and polarity of a fact whose trigger spans tokens `[start, end)`.
pub(crate) fn stance(
    view: &SentenceView<'_>,
    start: usize,
    end: usize,
    times: &[TimeMention],
) -> (Modality, Polarity) {
    let (cs, ce) = view.clause(start);
    let from = start.saturating_sub(BEFORE).max(cs);
    let qualifies_actor = |m_end: usize| view.args.iter().any(|a| a.start == m_end);
    let mut modality = None;
    let mut nearest = usize::MAX;
    for m in view.cues(|k| matches!(k, CueKind::Modality(_))) {
        let CueKind::Modality(kind) = cue_kind(m.kind()) else {
            continue;
        };
        if qualifies_actor(m.end) {
            continue;
        }
        let before = m.end <= start && m.start >= from;
        let after = m.start >= end && m.start < (end + AFTER).min(ce);
        if !(before || after) {
            continue;
        }
        let distance = if before { start - m.end } else { m.start - end };
        if distance < nearest {
            nearest = distance;
            modality = Some(kind);
        }
    }
    // Before the trigger ("ruled out any talks with"), or right after it and its arguments
    // when they are the subject of a negated auxiliary ("talks between X and Y are not on
    // the agenda"); not after a comma, where a new clause starts ("X, did not comment").
    let auxiliary = AUXILIARIES.contains(&view.word(end));
    let negated = view.cues(|k| k == CueKind::Negation).any(|m| {
        // A negating determiner negates its own noun ("no joint attacks"), not a verb
        // further on ("no group claimed the attack").
        let reach = if NEGATING_DETERMINERS.contains(&m.word.phrase.as_str()) {
            NEAR_NEGATION
        } else {
            NEGATION
        };
        let before = m.end <= start && m.start >= from && start - m.end <= reach;
        let after = auxiliary && m.start > end && m.start <= end + 2 && m.start < ce;
        (before || after) && view.word(m.end) != "only"
    });
    let modality = modality.unwrap_or_else(|| {
        if view.future_date_in_clause(start, times) {
            Modality::Intended
        } else {
            Modality::Asserted
        }
    });
    let polarity = if negated || refused_after(view, end) {
        Polarity::Negative
    } else {
        Polarity::Positive
    };
    (modality, polarity)
}

/// Pronouns that take up a fact named earlier in the sentence: "it", "la", "le".
const TAKE_UP: &[&str] = &["it", "them", "that", "le", "la", "les", "l"];

/// "We remain open to dialogue, but we do not seek it", "prêts au dialogue, mais nous ne
/// le demandons pas": a clause opened by "but" that negates a pronoun taking up the fact
/// denies it.
fn refused_after(view: &SentenceView<'_>, end: usize) -> bool {
    const REACH: usize = 12;
    view.cues(|k| k == CueKind::ClauseBreak)
        .filter(|b| matches!(view.word(b.start), "but" | "mais"))
        .filter(|b| b.start >= end && b.start <= end + REACH)
        .any(|b| {
            view.cues(|k| k == CueKind::Negation)
                .filter(|n| n.start >= b.end && n.start <= b.end + 3)
                .any(|n| {
                    // "do not seek it" (the pronoun after the verb), "ne le cherchons pas"
                    // (the pronoun right after "ne").
                    (n.end..n.end + 3).any(|t| TAKE_UP.contains(&view.word(t)))
                })
        })
}

fn cue_kind(kind: faultline_packs::facts::FactKind) -> CueKind {
    match kind {
        faultline_packs::facts::FactKind::Cue(k) => k,
        _ => CueKind::ClauseBreak,
    }
}

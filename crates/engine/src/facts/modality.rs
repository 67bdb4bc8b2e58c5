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
    let negated = view
        .cues(|k| k == CueKind::Negation)
        .any(|m| m.end <= start && m.start >= from && view.word(m.end) != "only");
    let modality = modality.unwrap_or_else(|| {
        if view.future_date_in_clause(start, times) {
            Modality::Intended
        } else {
            Modality::Asserted
        }
    });
    let polarity = if negated {
        Polarity::Negative
    } else {
        Polarity::Positive
    };
    (modality, polarity)
}

fn cue_kind(kind: faultline_packs::facts::FactKind) -> CueKind {
    match kind {
        faultline_packs::facts::FactKind::Cue(k) => k,
        _ => CueKind::ClauseBreak,
    }
}

//! Descriptions that stand for a generic reference: "armed groups in the north that have
//! signed a peace agreement" is what the pack's generic "signatory armed groups" names, and
//! "des groupes armés qui ont signé l'accord de paix" its French "groupes armés signataires".
//!
//! The pattern (a plural group noun, a relative clause, the verb "signed" and an agreement)
//! is grammar and lives here; which generic it stands for, and so which kinds of actor it
//! may resolve to, comes from the actor pack. A pack without that generic gets no
//! description mentions. Resolution is the generic resolver's: this module only marks the
//! span, never picks an actor.

use std::sync::LazyLock;

use regex::Regex;

use faultline_packs::actors::{ActorPack, Folded};

/// "armed groups … that have signed a peace agreement", "groupes armés qui ont signé un
/// accord": the head noun (group 1) with at most a short qualifier before the relative
/// pronoun, within one sentence.
static SIGNATORIES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(armed groups|armed movements|rebel groups|groupes armés|mouvements armés|groupes rebelles)\b[^.;:!?()]{0,40}?\b(?:that|which|who|qui)\s+(?:have\s+|has\s+|had\s+|ont\s+|avaient\s+|avait\s+)?(?:signed|signé)\b[^.;:!?]{0,40}?\b(?:agreement|accords?)\b",
    )
    .ok()
});

/// The generic phrases a signatory description stands for, by language.
const SIGNATORY_GENERICS: &[&str] = &["signatory armed groups", "groupes armes signataires"];

/// Spans of signatory descriptions in `text`, with the pack's generic indices they stand
/// for. Empty when the pack has no such generic. `folded` is the document folded for the
/// actor matcher.
pub(super) fn signatory_descriptions(
    text: &str,
    folded: &Folded,
    pack: &ActorPack,
) -> Vec<(usize, usize, Vec<usize>)> {
    let mut generics: Vec<usize> = SIGNATORY_GENERICS
        .iter()
        .flat_map(|g| pack.generics_folded(g).iter().copied())
        .collect();
    generics.sort_unstable();
    generics.dedup();
    let Some(re) = SIGNATORIES.as_ref() else {
        return Vec::new();
    };
    if generics.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (start, end) in signing_clauses(text, folded) {
        let Some(clause) = text.get(start..end) else {
            continue;
        };
        out.extend(
            re.captures_iter(clause)
                .filter_map(|c| c.get(1))
                .map(|m| (start + m.start(), start + m.end(), generics.clone())),
        );
    }
    out
}

/// Stretches of text between two of ". ; : ! ?" that hold a form of "signed" or "signé".
///
/// The description pattern never crosses those marks and its word boundaries see them as
/// the edge of the text, so searching these stretches alone finds the same spans as
/// searching the whole text; the Unicode word boundaries make the pattern slow on French
/// text, and most stretches never mention signing. Every match holds "signed" or "signé"
/// in some letter case, so its folded form holds "igne" ("s" is left out because the
/// pattern's case-insensitive "s" also matches the long s, which folding keeps).
fn signing_clauses(text: &str, folded: &Folded) -> Vec<(usize, usize)> {
    const MARKS: [char; 5] = ['.', ';', ':', '!', '?'];
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (at, word) in folded.text.match_indices("igne") {
        let Some((hit, _)) = folded.original_span(at, at + word.len()) else {
            continue;
        };
        if out.last().is_some_and(|&(_, end)| hit < end) {
            continue;
        }
        let start = text
            .get(..hit)
            .and_then(|h| h.rfind(MARKS))
            .map_or(0, |i| i + 1);
        let end = text
            .get(hit..)
            .and_then(|t| t.find(MARKS))
            .map_or(text.len(), |i| hit + i);
        out.push((start, end));
    }
    out
}

/// Compiles this module's pattern now (see `crate::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&SIGNATORIES);
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_packs::actors::fold;

    /// Searching only the clauses that mention signing finds what searching the whole
    /// text finds, in English and French, with accents and capitals.
    #[test]
    fn searching_signing_clauses_finds_what_a_full_search_finds() {
        let pack = ActorPack::embedded();
        let texts = [
            "The armed groups in the north that have signed the 2015 peace agreement met in Kidal.",
            "Les groupes armés qui ont signé l'accord de paix d'Alger ont quitté le CSA.",
            "LES GROUPES ARMÉS QUI ONT SIGNÉ L'ACCORD ont protesté. Armed movements which signed an agreement too.",
            "Rebel groups that signed nothing; armed groups that had signed the accords in June.",
            "Talks resumed. The government designed a plan; rebel groups who signed the agreement agreed.",
            "No signature here: the armed groups refused the agreement.",
        ];
        for text in texts {
            let found = signatory_descriptions(text, &fold(text), &pack);
            let full: Vec<(usize, usize)> = SIGNATORIES
                .as_ref()
                .map(|re| {
                    re.captures_iter(text)
                        .filter_map(|c| c.get(1))
                        .map(|m| (m.start(), m.end()))
                        .collect()
                })
                .unwrap_or_default();
            let spans: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
            assert_eq!(spans, full, "{text}");
        }
        let text = "Les groupes armés qui ont signé l'accord de paix.";
        assert_eq!(signatory_descriptions(text, &fold(text), &pack).len(), 1);
    }
}

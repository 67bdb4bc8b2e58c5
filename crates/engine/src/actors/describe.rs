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

use faultline_packs::actors::{ActorPack, fold_key};

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
/// for. Empty when the pack has no such generic.
pub(super) fn signatory_descriptions(
    text: &str,
    pack: &ActorPack,
) -> Vec<(usize, usize, Vec<usize>)> {
    let generics: Vec<usize> = pack
        .generics()
        .iter()
        .enumerate()
        .filter(|(_, g)| SIGNATORY_GENERICS.contains(&fold_key(&g.phrase).as_str()))
        .map(|(i, _)| i)
        .collect();
    let Some(re) = SIGNATORIES.as_ref() else {
        return Vec::new();
    };
    if generics.is_empty() {
        return Vec::new();
    }
    re.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| (m.start(), m.end(), generics.clone()))
        .collect()
}

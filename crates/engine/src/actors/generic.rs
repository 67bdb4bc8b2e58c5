//! Generic references ("the rebels", "the junta", "l'armée", "the Russian auxiliaries")
//! resolved to the actor they stand for in one document: by apposition ("the rebels of the
//! CSP"), by a modifier ("the CSP rebels"), by the most recent fitting named mention, by the
//! only fitting actor named later, or, for state actors, by the pack's actor for the
//! document's country at its date. Each resolution records its reason.
//!
//! When none of these settles it the mention stays unresolved: this module never picks
//! between equally good candidates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use faultline_model::actor::{ActorKind, RelationKind, Resolution};
use faultline_packs::actors::{ActorPack, GenericScope, fold_key};

use super::{Found, Link};

/// Words that join a generic reference to the name it qualifies: "the rebels of the CSP".
const JOINERS: [&str; 12] = [
    "of", "of the", "for", "for the", "from", "from the", "de", "de la", "de l'", "du", "des", "d'",
];

/// The longest gap, in bytes, that can hold a joiner with its spaces ("de la", "for the").
const MAX_JOINER_GAP: usize = 24;

pub(super) fn resolve(
    text: &str,
    found: &mut [Found],
    pack: &ActorPack,
    focus: Option<&str>,
    when: Option<(NaiveDate, NaiveDate)>,
    countries: &[(usize, usize, usize)],
) {
    for g in 0..found.len() {
        let Some(generics) = found.get(g).and_then(|f| f.generic.clone()) else {
            continue;
        };
        let (gs, ge) = found.get(g).map_or((0, 0), |f| (f.start, f.end));
        let mut kinds: Vec<ActorKind> = Vec::new();
        let mut scope = GenericScope::Any;
        for (n, gi) in generics.iter().enumerate() {
            if let Some(entry) = pack.generics().get(*gi) {
                kinds.extend(entry.kinds.iter().copied());
                if n == 0 {
                    scope = entry.scope.clone();
                }
            }
        }
        // "the Russian army", "Niger's junta": a demonym or a country name (possessive)
        // right before names the country; "la junte du Niger", "the army of Burkina Faso":
        // a country right after, through a joiner, does too.
        let before = countries.iter().find(|c| {
            c.1 <= gs
                && text
                    .get(c.1..gs)
                    .is_some_and(|gap| matches!(gap.trim(), "" | "'s" | "’s"))
        });
        let after = || {
            countries.iter().find(|c| {
                // A joiner is a few characters; checking the length first keeps this from
                // folding the rest of the document for every country named after the
                // mention (it was a tenth of the whole analysis).
                c.0 >= ge
                    && c.0 - ge <= MAX_JOINER_GAP
                    && text
                        .get(ge..c.0)
                        .is_some_and(|gap| JOINERS.contains(&fold_key(gap).as_str()))
            })
        };
        if let Some(&(_, _, ci)) = before.or_else(after)
            && let Some(cue) = pack.country_cues().get(ci)
        {
            scope = GenericScope::Country(cue.country.clone());
        }
        let country: Option<&str> = match &scope {
            GenericScope::Any => None,
            GenericScope::Focus => focus,
            GenericScope::Country(c) => Some(c.as_str()),
        };
        let fits = |f: &Found| -> Option<usize> {
            let Link::Pack(i) = f.link else {
                return None;
            };
            if f.generic.is_some() {
                return None;
            }
            let a = pack.actor_at(i)?;
            let kind_ok = kinds.contains(&a.kind);
            let country_ok = country.is_none_or(|c| a.countries.iter().any(|x| x == c));
            (kind_ok && country_ok).then_some(i)
        };
        let decided = decide(text, found, g, gs, ge, &fits).or_else(|| {
            fallback(pack, &kinds, &scope, country, when).map(|(i, why)| (None, i, why))
        });
        if let Some(f) = found.get_mut(g) {
            match decided {
                Some((antecedent, i, why)) => {
                    f.link = Link::Pack(i);
                    f.resolution = Some(Resolution { antecedent, why });
                }
                None => {
                    f.link = Link::Unresolved;
                    f.resolution = Some(Resolution {
                        antecedent: None,
                        why: "unresolved: the document does not settle it".into(),
                    });
                }
            }
        }
    }
}

type Decision = (Option<usize>, usize, String);

fn decide(
    text: &str,
    found: &[Found],
    g: usize,
    gs: usize,
    ge: usize,
    fits: &dyn Fn(&Found) -> Option<usize>,
) -> Option<Decision> {
    // Apposition: "the rebels of the CSP", "les jihadistes du GSIM".
    if let Some((n, next)) = found
        .iter()
        .enumerate()
        .skip(g + 1)
        .find(|(_, f)| f.start >= ge)
        && next.start - ge <= MAX_JOINER_GAP
        && let Some(gap) = text.get(ge..next.start)
        && JOINERS.contains(&fold_key(gap).as_str())
        && let Some(i) = fits(next)
    {
        return Some((Some(n), i, "apposition".into()));
    }
    // Modifier: "the CSP rebels".
    if let Some((p, prev)) = found
        .iter()
        .enumerate()
        .take(g)
        .rev()
        .find(|(_, f)| f.end <= gs)
        && text
            .get(prev.end..gs)
            .is_some_and(|gap| !gap.is_empty() && gap.trim().is_empty())
        && let Some(i) = fits(prev)
    {
        return Some((Some(p), i, "modifier".into()));
    }
    // Named before: the most salient fitting actor so far, the most recent one counting
    // double ("the rebels" after a paragraph on the FLA's history that names the HCUA once
    // is still the FLA). A tie between two others is not settled.
    let mut counts: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut recent: Option<usize> = None;
    for (p, f) in found.iter().enumerate().take(g) {
        if let Some(i) = fits(f) {
            let e = counts.entry(i).or_default();
            e.0 += 1;
            e.1 = p;
            recent = Some(i);
        }
    }
    if let Some(ri) = recent {
        let score = |i: usize, n: usize| if i == ri { n + 2 } else { n };
        let mut ranked: Vec<(usize, usize, usize)> = counts
            .iter()
            .map(|(&i, &(n, p))| (score(i, n), i, p))
            .collect();
        ranked.sort_by_key(|&(sc, i, _)| (std::cmp::Reverse(sc), i != ri));
        if let Some(&(top, i, p)) = ranked.first() {
            let tied = ranked
                .get(1)
                .is_some_and(|&(sc, j, _)| sc == top && j != ri && i != ri);
            if !tied {
                let why = if i == ri { "recency" } else { "salience" };
                return Some((Some(p), i, why.into()));
            }
        }
    }
    // Named only later: resolve when exactly one fitting actor is named.
    let later: Vec<(usize, usize)> = found
        .iter()
        .enumerate()
        .skip(g + 1)
        .filter_map(|(n, f)| fits(f).map(|i| (n, i)))
        .collect();
    if let Some(&(n, i)) = later.first()
        && later.iter().all(|&(_, j)| j == i)
    {
        return Some((Some(n), i, "only fitting actor in the document".into()));
    }
    None
}

/// For references scoped to a country ("the army", "the junta", "the Russian auxiliaries"):
/// the pack's only actor of that kind and country at the document's date, after dropping a
/// successor before its succession date and a predecessor after it.
fn fallback(
    pack: &ActorPack,
    kinds: &[ActorKind],
    scope: &GenericScope,
    country: Option<&str>,
    when: Option<(NaiveDate, NaiveDate)>,
) -> Option<(usize, String)> {
    if matches!(scope, GenericScope::Any) {
        return None;
    }
    let country = country?;
    let mut cands: Vec<usize> = pack
        .actors()
        .enumerate()
        .filter(|(_, a)| kinds.contains(&a.kind) && a.countries.iter().any(|c| c == country))
        .filter(|(_, a)| when.is_none_or(|(s, e)| a.period.overlaps(s, e)))
        .map(|(i, _)| i)
        .collect();
    if cands.len() > 1 {
        // Without a date, predecessor and successor cannot be told apart.
        let (ws, we) = when?;
        let ids: Vec<String> = cands
            .iter()
            .filter_map(|&i| pack.actor_at(i).map(|a| a.id.clone()))
            .collect();
        let mut drop: Vec<String> = Vec::new();
        for r in pack.relations() {
            if r.relation != RelationKind::SuccessorOf
                || !ids.contains(&r.subject)
                || !ids.contains(&r.object)
            {
                continue;
            }
            let Some(from) = r.period.from else {
                continue;
            };
            if we < from.earliest() {
                drop.push(r.subject.clone());
            } else if ws >= from.latest() {
                drop.push(r.object.clone());
            }
        }
        cands.retain(|&i| pack.actor_at(i).is_some_and(|a| !drop.contains(&a.id)));
    }
    match cands.as_slice() {
        [only] => Some((
            *only,
            format!("the only fitting actor of {country} at the date"),
        )),
        _ => None,
    }
}

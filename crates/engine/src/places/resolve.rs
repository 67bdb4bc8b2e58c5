//! Choosing one gazetteer entry for an ambiguous name ("Adrar": a town and a province in
//! Algeria, a region of Mauritania, the massif in Mali; "Léré": France, Chad or Mali).
//!
//! A plain additive score, so each reason can be read and tuned on its own: the document's
//! country focus, population, region consistency with the other places, the kind of feature
//! and whether the text used the entry's own name. Pure functions over the gazetteer.

use std::collections::{HashMap, HashSet};

use faultline_packs::gazetteer::{Candidate, FeatureKind, Gazetteer, NameKind, Place};

use super::Name;
use super::cues::Cues;

/// Countries the tool is built for: with no other evidence, a name there wins a tie.
const HOME: &[&str] = &["ML", "BF", "NE", "MR", "DZ", "SN", "GN", "CI", "TD", "LY"];

/// Which countries a document is about, from its country names, demonyms and unambiguous
/// place names.
#[derive(Debug, Default)]
pub struct Focus {
    weight: HashMap<String, f64>,
    total: f64,
}

impl Focus {
    pub(super) fn from_names(gazetteer: &Gazetteer, names: &[Name<'_>]) -> Focus {
        let mut focus = Focus::default();
        for n in names {
            let places = || {
                n.m.candidates
                    .iter()
                    .filter_map(|c| gazetteer.place(c.place))
            };
            // A country's name or demonym is strong evidence even when a town shares the
            // name (Mali is also a town in Guinea).
            let named: HashSet<&str> = places()
                .filter(|p| p.kind == FeatureKind::Country)
                .map(|p| p.country.as_str())
                .collect();
            let (countries, w) = if named.is_empty() {
                (
                    places().map(|p| p.country.as_str()).collect::<HashSet<_>>(),
                    1.0,
                )
            } else {
                (named, 2.0)
            };
            // An ambiguous name says nothing about focus on its own.
            if countries.len() == 1
                && let Some(cc) = countries.into_iter().next()
            {
                *focus.weight.entry(cc.to_string()).or_default() += w;
                focus.total += w;
            }
        }
        focus
    }

    /// Share of the evidence pointing at `country`, 0 to 1.
    pub fn share(&self, country: &str) -> f64 {
        if self.total <= 0.0 {
            return 0.0;
        }
        self.weight.get(country).copied().unwrap_or(0.0) / self.total
    }

    /// The country the document is mostly about, when one clearly leads.
    pub fn main_country(&self) -> Option<&str> {
        let (cc, w) = self
            .weight
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
        (*w / self.total >= 0.5).then_some(cc.as_str())
    }
}

/// What the rest of the document says, for resolving one name.
pub struct Context<'a> {
    focus: &'a Focus,
    /// (country, admin1) of names that have a single candidate.
    regions: HashSet<(String, String)>,
}

impl<'a> Context<'a> {
    pub(super) fn new(gazetteer: &Gazetteer, names: &[Name<'_>], focus: &'a Focus) -> Self {
        let regions = names
            .iter()
            .filter(|n| n.m.candidates.len() == 1)
            .filter_map(|n| n.m.candidates.first())
            .filter_map(|c| gazetteer.place(c.place))
            .filter(|p| !p.admin1.is_empty())
            .map(|p| (p.country.clone(), p.admin1.clone()))
            .collect();
        Context { focus, regions }
    }
}

fn score(place: &Place, how: NameKind, cues: &Cues, cx: &Context<'_>) -> f64 {
    let mut s = 4.0 * cx.focus.share(&place.country);
    s += 0.5 * ((place.population as f64) + 1.0).log10();
    s += match place.kind {
        // "Mali" the country, not Mali the Guinean town.
        FeatureKind::Country => 6.0,
        FeatureKind::Capital => 1.0,
        FeatureKind::Town => 0.0,
        FeatureKind::Region if cues.region => 4.0,
        FeatureKind::Region => -0.5,
        FeatureKind::Area => 0.5,
    };
    if how == NameKind::Name {
        s += 1.0;
    }
    if cx
        .regions
        .contains(&(place.country.clone(), place.admin1.clone()))
    {
        s += 1.5;
    }
    if HOME.contains(&place.country.as_str()) {
        s += 0.75;
    }
    s
}

/// The best entry for a name, or None when it has no place candidates.
pub fn choose<'g>(
    gazetteer: &'g Gazetteer,
    candidates: &[Candidate],
    cues: &Cues,
    cx: &Context<'_>,
) -> Option<&'g Place> {
    let mut best: Option<(f64, &'g Place)> = None;
    for c in candidates {
        if c.how == NameKind::Demonym {
            continue;
        }
        let Some(place) = gazetteer.place(c.place) else {
            continue;
        };
        let s = score(place, c.how, cues, cx);
        // Ties go to the smaller id, so results never depend on pack order.
        let better = match best {
            None => true,
            Some((bs, bp)) => s > bs || (s == bs && place.id < bp.id),
        };
        if better {
            best = Some((s, place));
        }
    }
    let (_, place) = best?;
    // A town named with a region cue stands for its region when the pack has it.
    if cues.region && matches!(place.kind, FeatureKind::Town | FeatureKind::Capital) {
        let region = candidates
            .iter()
            .filter_map(|c| gazetteer.place(c.place))
            .find(|p| p.kind == FeatureKind::Region && p.country == place.country);
        return Some(region.unwrap_or(place));
    }
    Some(place)
}

//! Choosing one gazetteer entry for an ambiguous name ("Adrar": a town and a province in
//! Algeria, a region of Mauritania, the massif in Mali; "Léré": France, Chad or Mali).
//!
//! A plain additive score, so each reason can be read and tuned on its own: the document's
//! country focus, population, region consistency with the other places, the kind of feature
//! and whether the text used the entry's own name. Pure functions over the gazetteer.
//!
//! Before scoring, a candidate far from the document's focus must earn its place: a small
//! town abroad or a foreign city reached only through one of its many alternate names ("Boni"
//! is an alias of Bonn) is how an unknown Sahel village becomes a point in Germany. Such a
//! candidate is dropped, so an unknown name yields no place rather than a wrong one, unless
//! the text names its country nearby or it is a capital or a major city.

use rustc_hash::{FxHashMap, FxHashSet};

use faultline_packs::gazetteer::{Candidate, FeatureKind, Gazetteer, NameKind, Place};

use super::Name;
use super::cues::Cues;

/// Countries the tool is built for: with no other evidence, a name there wins a tie. The
/// gazetteer holds them at full depth, so together they are the region a Sahel text is about.
const HOME: &[&str] = &["ML", "BF", "NE", "MR", "DZ", "SN", "GN", "CI", "TD", "LY"];

/// Beyond this distance from the centroid of the country a text is about, a place is far.
/// About the span of one large country plus its neighbours: Bamako to Tamanrasset is 1,900 km.
const FAR_KM: f64 = 2_000.0;

/// A far city this large is worth naming without its country: readers write "Lagos" or
/// "Moscou" bare, not "Gaya" (India) or "Nara" (Japan).
const MAJOR_CITY: u64 = 1_000_000;

/// How far (in bytes) from a name its country's name must be to count as naming it nearby:
/// about two sentences of news prose.
const NEARBY_BYTES: usize = 300;

/// Which countries a document is about, from its country names, demonyms and unambiguous
/// place names.
#[derive(Debug, Default)]
pub struct Focus {
    weight: FxHashMap<String, f64>,
    total: f64,
    /// Where each country is named (its name or a demonym): (country, start, end).
    named_at: Vec<(String, usize, usize)>,
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
            let named: FxHashSet<&str> = places()
                .filter(|p| p.kind == FeatureKind::Country)
                .map(|p| p.country.as_str())
                .collect();
            for cc in &named {
                focus.named_at.push((cc.to_string(), n.m.start, n.m.end));
            }
            let (countries, w) = if named.is_empty() {
                // A foreign place reached only through one of its many alternate names is
                // the weakest evidence there is ("Tori" is an alias of Turin): it does not vote.
                let voters = n
                    .m
                    .candidates
                    .iter()
                    .filter_map(|c| Some((gazetteer.place(c.place)?, c.how)))
                    .filter(|(p, how)| *how == NameKind::Name || HOME.contains(&p.country.as_str()))
                    .map(|(p, _)| p.country.as_str());
                (voters.collect::<FxHashSet<_>>(), 1.0)
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

    /// Whether `country` is named (by name or demonym) within [`NEARBY_BYTES`] of `start..end`.
    fn named_near(&self, country: &str, start: usize, end: usize) -> bool {
        self.named_at.iter().any(|(cc, s, e)| {
            cc == country && *s <= end.saturating_add(NEARBY_BYTES) && start <= e + NEARBY_BYTES
        })
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
    /// (country, admin1) of names whose candidates all lie in one first-level region: "Niono"
    /// is a town and the cercle around it, both in Ségou.
    regions: FxHashSet<(String, String)>,
    /// Where the document is, to tell near places from far ones.
    home: Home,
}

/// The part of the world a document is about.
#[derive(Debug, Clone, PartialEq)]
enum Home {
    /// The Sahel region ([`HOME`]) alone: the text's main country is one of those countries,
    /// or no country clearly leads (the tool's default).
    Sahel,
    /// The Sahel region and the surroundings of the main country, given by its centroid.
    Around(f64, f64),
}

impl<'a> Context<'a> {
    pub(super) fn new(gazetteer: &Gazetteer, names: &[Name<'_>], focus: &'a Focus) -> Self {
        let regions = names
            .iter()
            .filter_map(|n| {
                let mut places =
                    n.m.candidates
                        .iter()
                        .filter_map(|c| gazetteer.place(c.place));
                let first = places.next()?;
                let one_region =
                    places.all(|p| p.country == first.country && p.admin1 == first.admin1);
                (one_region && !first.admin1.is_empty())
                    .then(|| (first.country.clone(), first.admin1.clone()))
            })
            .collect();
        let home = match focus.main_country() {
            Some(cc) if !HOME.contains(&cc) => gazetteer
                .country(cc)
                .map_or(Home::Sahel, |c| Home::Around(c.lat, c.lon)),
            _ => Home::Sahel,
        };
        Context {
            focus,
            regions,
            home,
        }
    }

    /// Whether `place` lies outside the part of the world the document is about. The Sahel
    /// countries are never far: a report on French troops in Mali is mostly "French" by its
    /// demonyms, and its Malian villages must not become far away.
    fn is_far(&self, place: &Place) -> bool {
        if HOME.contains(&place.country.as_str()) {
            return false;
        }
        match self.home {
            Home::Sahel => true,
            Home::Around(lat, lon) => km(lat, lon, place.lat, place.lon) > FAR_KM,
        }
    }

    /// Whether a candidate may be chosen at all for the name at `start..end`: near places
    /// always; far ones only when the text names their country nearby, or when they are a
    /// capital or a major city called by their own name.
    fn admits(&self, place: &Place, how: NameKind, start: usize, end: usize) -> bool {
        if !self.is_far(place) || place.kind == FeatureKind::Country {
            return true;
        }
        if self.focus.named_near(&place.country, start, end) {
            return true;
        }
        match place.kind {
            // Capitals keep their exonyms: "Moscou", "Alger", "Pékin" are aliases too.
            FeatureKind::Capital => true,
            FeatureKind::Town => how == NameKind::Name && place.population >= MAJOR_CITY,
            FeatureKind::Region
            | FeatureKind::District
            | FeatureKind::Area
            | FeatureKind::Country => false,
        }
    }
}

/// Great-circle distance in kilometres.
fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let a = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().clamp(0.0, 1.0).asin()
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
        // A cercle shares its seat town's name; only "cercle de X" or "the X cercle" means it.
        FeatureKind::District if cues.district => 4.0,
        FeatureKind::District => -1.0,
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

/// The best entry for the name at `start..end`, or None when none of its candidates is a
/// place the document can mean.
pub fn choose<'g>(
    gazetteer: &'g Gazetteer,
    candidates: &[Candidate],
    (start, end): (usize, usize),
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
        if !cx.admits(place, c.how, start, end) {
            continue;
        }
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
    // A town named with a region or cercle cue stands for that unit when the pack has it; a
    // large town outscores its unit on population, so the cue must override the score.
    let wanted = if cues.region {
        FeatureKind::Region
    } else if cues.district {
        FeatureKind::District
    } else {
        return Some(place);
    };
    if !matches!(place.kind, FeatureKind::Town | FeatureKind::Capital) {
        return Some(place);
    }
    let mut units = candidates
        .iter()
        .filter_map(|c| gazetteer.place(c.place))
        .filter(|p| p.kind == wanted && p.country == place.country);
    let first = units.next();
    // Of several units by that name, the one holding the town.
    let unit = first
        .into_iter()
        .chain(units)
        .find(|p| p.admin1 == place.admin1)
        .or(first);
    Some(unit.unwrap_or(place))
}

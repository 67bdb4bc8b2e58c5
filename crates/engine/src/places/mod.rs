//! The place stage: find place names in a document with the gazetteer, drop the ones that are
//! parts of people's or groups' names, resolve each to one gazetteer entry, and give it the
//! ACLED geo precision its wording allows (1 the town, 2 around it, 3 a region or country).
//!
//! Resolution weighs, for every entry a name may mean: the document's country focus (country
//! names, demonyms and unambiguous places in the text), population, consistency with the
//! first-level regions of the other places, and the kind of feature. No IO, no global state,
//! and never a panic on odd text.

mod cues;
mod resolve;

use aho_corasick::AhoCorasick;
use faultline_model::Document;
use faultline_model::actor::Mention;
use faultline_model::place::PlaceMention;
use faultline_packs::gazetteer::{FeatureKind, Gazetteer, NameKind, NameMatch, Place};
use regex::Regex;
use std::sync::LazyLock;

pub use cues::{Cues, read_cues};
use resolve::{Focus, choose};

/// "the centre of the country", "le nord du pays": a part of the country the text is about.
///
/// Word boundaries are ASCII ones (`(?-u:\b)`): every word here is ASCII, and a Unicode
/// `\b` makes the regex crate leave its fast DFA for a backtracker on any text with an
/// accented letter, which made this one search a fifth of the places stage on French news.
static COUNTRY_PART: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:the\s+)?(?:north|south|east|west|centre|center|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:part\s+)?of\s+the\s+country(?-u:\b)|(?-u:\b)(?:(?:le|au|du)\s+)?(?:nord|sud|centre|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest)\s+du\s+pays(?-u:\b)",
    )
    .ok()
});

/// The words every [`COUNTRY_PART`] match ends with, in any ASCII letter case: a text without
/// them skips that search. "pay" rather than "pays" because the pattern's case-insensitive
/// "s" also matches the long s; none of these letters has another case partner.
static COUNTRY_WORDS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["country", "pay"])
        .ok()
});

/// Find place mentions and resolve each to one gazetteer entry. Actor mentions are passed
/// in so that names of people and groups are not read as places.
pub fn geocode(doc: &Document, gazetteer: &Gazetteer, mentions: &[Mention]) -> Vec<PlaceMention> {
    let text = doc.text.as_str();
    let names = select_names(text, gazetteer, mentions);
    let focus = Focus::from_names(gazetteer, &names);
    let context = resolve::Context::new(gazetteer, &names, &focus);

    let mut out = Vec::new();
    for n in &names {
        if n.is_demonym() {
            continue;
        }
        let cues = read_cues(text, n.m.start, n.m.end);
        let Some(place) = choose(
            gazetteer,
            n.m.candidates,
            (n.m.start, n.m.end),
            &cues,
            &context,
        ) else {
            continue;
        };
        // A common word is a place only when a region cue names it ("la région du Sahel").
        if gazetteer.is_stopword(n.m.key) && !cues.region {
            continue;
        }
        let (start, precision) = precision_of(place, &cues, n.m.start);
        out.push(mention(doc, gazetteer, place, start, n.m.end, precision));
    }
    out.extend(country_parts(doc, gazetteer, &focus, &out));
    out.sort_by_key(|p| p.start);
    out
}

/// A gazetteer match that survived the surface checks.
struct Name<'g> {
    m: NameMatch<'g>,
}

impl Name<'_> {
    fn is_demonym(&self) -> bool {
        self.m.candidates.iter().any(|c| c.how == NameKind::Demonym)
    }
}

/// Leftmost-longest matches that are capitalised (or demonyms), outside actor mentions and not
/// part of a person's or group's name.
fn select_names<'g>(text: &str, gazetteer: &'g Gazetteer, mentions: &[Mention]) -> Vec<Name<'g>> {
    let mut kept: Vec<Name<'g>> = Vec::new();
    let mut covered_to = 0;
    for m in gazetteer.find_names(text) {
        if m.start < covered_to {
            continue;
        }
        let Some(surface) = text.get(m.start..m.end) else {
            continue;
        };
        let demonym = m.candidates.iter().any(|c| c.how == NameKind::Demonym);
        // French writes demonyms in lower case ("les soldats maliens"); they are evidence of
        // the document's focus, never places, so case does not matter for them.
        if !demonym && !surface.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if mentions.iter().any(|a| a.start < m.end && m.start < a.end) {
            continue;
        }
        if !demonym && cues::looks_like_person_or_org(text, m.start, m.end) {
            continue;
        }
        covered_to = m.end;
        kept.push(Name { m });
    }
    kept
}

/// The ACLED codebook gives geo-precision 2 when "the source material indicates that activity
/// took place in a small part of a region, and mentions a general area", the event then being
/// coded to a town with coordinates in that area; 3 is for a larger region, coded at a natural
/// location or the provincial capital. A cercle is a small part of a region of Mali (admin2
/// under admin1), so a cercle is 2 and a region 3. When the pack lacks the cercle of "cercle de
/// X", the town X stands for the area, still at 2.
fn precision_of(place: &Place, cues: &Cues, start: usize) -> (usize, u8) {
    match place.kind {
        FeatureKind::Country => (cues.direction_start.unwrap_or(start), 3),
        FeatureKind::Region | FeatureKind::Area => (start, 3),
        FeatureKind::District => (start, 2),
        FeatureKind::Town | FeatureKind::Capital if cues.region => (start, 3),
        FeatureKind::Town | FeatureKind::Capital if cues.vicinity || cues.district => (start, 2),
        FeatureKind::Town | FeatureKind::Capital => (start, 1),
    }
}

fn mention(
    doc: &Document,
    gazetteer: &Gazetteer,
    place: &Place,
    start: usize,
    end: usize,
    geo_precision: u8,
) -> PlaceMention {
    let admin1 = gazetteer
        .admin_name(&place.country, &place.admin1, None)
        .map(str::to_string);
    let admin2 = gazetteer
        .admin_name(&place.country, &place.admin1, Some(&place.admin2))
        .map(str::to_string);
    PlaceMention {
        text: doc.text.get(start..end).unwrap_or("").to_string(),
        start,
        end,
        name: place.name.clone(),
        country: place.country.clone(),
        admin1,
        admin2,
        lat: place.lat,
        lon: place.lon,
        geo_precision,
        gazetteer_id: place.id.clone(),
        feature: place.feature.clone(),
    }
}

/// "the centre of the country", "le nord du pays": resolved to the document's focus country
/// at region precision, when the text is clearly about one country.
fn country_parts(
    doc: &Document,
    gazetteer: &Gazetteer,
    focus: &Focus,
    found: &[PlaceMention],
) -> Vec<PlaceMention> {
    let Some(re) = COUNTRY_PART.as_ref() else {
        return Vec::new();
    };
    if COUNTRY_WORDS
        .as_ref()
        .is_some_and(|words| !words.is_match(&doc.text))
    {
        return Vec::new();
    }
    let Some(code) = focus.main_country() else {
        return Vec::new();
    };
    let Some(place) = gazetteer.by_id(&format!("country:{code}")) else {
        return Vec::new();
    };
    re.find_iter(&doc.text)
        .filter(|m| !found.iter().any(|p| p.start < m.end() && m.start() < p.end))
        .map(|m| mention(doc, gazetteer, place, m.start(), m.end(), 3))
        .collect()
}

/// Compiles this module's patterns now (see `crate::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&COUNTRY_PART);
    LazyLock::force(&COUNTRY_WORDS);
}

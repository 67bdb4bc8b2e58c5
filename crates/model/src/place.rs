//! Place mentions: a span of the cleaned text resolved to one gazetteer entry, with the ACLED
//! geo precision the wording allows. Plain data only: finding and resolving places is the
//! engine's job, the gazetteer itself lives in the packs crate.

use serde::{Deserialize, Serialize};

/// A place name found in the text and resolved to a gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// The words of the text that name the place, as written.
    pub text: String,
    /// Byte offsets into the cleaned text (`Document::text`).
    pub start: usize,
    pub end: usize,
    /// The entry's name ("Kidal", "Adrar des Ifoghas", "Mali").
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country the entry lies in.
    pub country: String,
    /// Display names of the first- and second-level administrative units, when known.
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// ACLED geo precision: 1 the town itself, 2 near a town or a small area around it,
    /// 3 a region, a province or a country-level area.
    pub geo_precision: u8,
    /// Stable id of the entry in the gazetteer pack ("geonames:2455290", "admin1:ML.10",
    /// "country:ML", "fl:ml-lere").
    pub gazetteer_id: String,
    /// The entry's feature code (PPL, PPLC, ADM1, PCLI, MTS, RGN), saying what kind of place
    /// this is.
    pub feature: String,
}

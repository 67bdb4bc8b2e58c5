//! Accuracy on eval/localities.tsv: Malian, Burkinabè and Nigerien localities as conflict
//! reporting writes them, each put in an English and a French news sentence that names its
//! country, must be geocoded within 10 km of the reference coordinates. The share is printed
//! and must stay above 90 %, over the whole table and over the rows whose coordinates do not
//! come from a GeoNames mirror (the only rows that test GeoNames' own accuracy).

use std::path::Path;

use faultline_engine::places::geocode;
use faultline_model::{DocId, Document, Language, OffsetMap};
use faultline_packs::gazetteer::Gazetteer;

fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let a = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

fn doc(text: String, lang: &str) -> Document {
    Document {
        id: DocId("locality".into()),
        source: Default::default(),
        meta: Default::default(),
        raw: text.clone(),
        html: None,
        offsets: OffsetMap::identity(text.len()),
        text,
        removed: Vec::new(),
        language: Language {
            code: lang.into(),
            confidence: 1.0,
        },
        sentences: Vec::new(),
        simhash: 0,
    }
}

fn sentences(name: &str, country: &str) -> [(String, &'static str); 2] {
    let (en, fr) = match country {
        "ML" => ("Mali", "au Mali"),
        "BF" => ("Burkina Faso", "au Burkina Faso"),
        "NE" => ("Niger", "au Niger"),
        _ => ("", ""),
    };
    [
        (
            format!(
                "Armed men attacked an army post in {name}, {en}, on Sunday, local sources said."
            ),
            "en",
        ),
        (
            format!("Des hommes armés ont attaqué un poste de l'armée à {name}, {fr}, dimanche."),
            "fr",
        ),
    ]
}

#[test]
fn localities_are_geocoded_within_10_km() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/localities.tsv");
    let table = std::fs::read_to_string(path).unwrap();
    let gazetteer = Gazetteer::embedded();
    let (mut total, mut good) = (0usize, 0usize);
    // Rows whose reference is not a GeoNames mirror (see the table's header).
    let (mut independent, mut independent_good) = (0usize, 0usize);
    let mut misses = Vec::new();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, country, lat, lon, source] = cols[..] else {
            panic!("bad line {line:?}");
        };
        let (lat, lon): (f64, f64) = (lat.parse().unwrap(), lon.parse().unwrap());
        let is_independent =
            !source.contains("country-state-city") && !source.contains("checks names only");
        for (text, lang) in sentences(name, country) {
            total += 1;
            independent += usize::from(is_independent);
            let found = geocode(&doc(text.clone(), lang), &gazetteer, &[]);
            let got = found.iter().find(|p| p.text == name);
            match got {
                Some(p) if km(p.lat, p.lon, lat, lon) <= 10.0 => {
                    good += 1;
                    independent_good += usize::from(is_independent);
                }
                Some(p) => misses.push(format!(
                    "{name} ({lang}): {} {} at {:.0} km",
                    p.name,
                    p.country,
                    km(p.lat, p.lon, lat, lon)
                )),
                None => misses.push(format!("{name} ({lang}): not found")),
            }
        }
    }
    let share = good as f64 / total as f64;
    println!(
        "localities: {good}/{total} geocoded within 10 km ({:.1} %)",
        share * 100.0
    );
    let independent_share = independent_good as f64 / independent.max(1) as f64;
    println!(
        "  of which independent of the gazetteer's data: {independent_good}/{independent} ({:.1} %)",
        independent_share * 100.0
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(total >= 200, "the table must hold at least 100 localities");
    assert!(
        independent >= 40,
        "{independent} sentences from independent rows"
    );
    assert!(
        independent_share > 0.90,
        "{:.1} % of independent rows within 10 km",
        independent_share * 100.0
    );
    assert!(
        share > 0.90,
        "{:.1} % within 10 km:\n{}",
        share * 100.0,
        misses.join("\n")
    );
}

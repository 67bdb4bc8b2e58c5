//! The seed articles' places (`places` in eval/seeds.gold.json): every required place must be
//! found in its document and resolved within its tolerance. The texts are an acceptance test,
//! not training data: nothing in the place stage names them.

use std::path::Path;

use faultline_engine::places::geocode;
use faultline_model::{DocId, Document, Language, OffsetMap};
use faultline_packs::gazetteer::Gazetteer;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    places: Vec<GoldPlace>,
}

#[derive(Deserialize)]
struct GoldPlace {
    doc: String,
    text: String,
    name: String,
    lat: f64,
    lon: f64,
    tolerance_km: f64,
    required: bool,
}

fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

fn doc(text: String) -> Document {
    Document {
        id: DocId("seed".into()),
        source: Default::default(),
        meta: Default::default(),
        raw: text.clone(),
        html: None,
        offsets: OffsetMap::identity(text.len()),
        text,
        removed: Vec::new(),
        language: Language {
            code: "en".into(),
            confidence: 1.0,
        },
        sentences: Vec::new(),
        simhash: 0,
    }
}

#[test]
fn seed_places_are_found_within_tolerance() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let gold: Gold =
        serde_json::from_str(&std::fs::read_to_string(root.join("eval/seeds.gold.json")).unwrap())
            .unwrap();
    let gazetteer = Gazetteer::embedded();
    let mut failures = Vec::new();
    for g in gold.places.iter().filter(|g| g.required) {
        let path = root.join(format!("corpus/sample/{}.txt", g.doc));
        let d = doc(std::fs::read_to_string(&path).unwrap());
        let found = geocode(&d, &gazetteer, &[]);
        let hit = found
            .iter()
            .filter(|p| p.text == g.text)
            .find(|p| km(p.lat, p.lon, g.lat, g.lon) <= g.tolerance_km);
        if hit.is_none() {
            let seen: Vec<String> = found
                .iter()
                .filter(|p| p.text == g.text)
                .map(|p| format!("{} {} ({:.3}, {:.3})", p.name, p.country, p.lat, p.lon))
                .collect();
            failures.push(format!(
                "{}: {:?} ({}) not within {} km; got {seen:?}",
                g.doc, g.text, g.name, g.tolerance_km
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_documents_have_no_person_or_group_places() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let gazetteer = Gazetteer::embedded();
    let forbidden = [
        "Alghabass",
        "Intalla",
        "Goïta",
        "Wagner",
        "Iyad",
        "Ghaly",
        "Attaye",
        "Sghir",
        "Malian",
        "Azawad",
    ];
    for entry in std::fs::read_dir(root.join("corpus/sample")).unwrap() {
        let path = entry.unwrap().path();
        let d = doc(std::fs::read_to_string(&path).unwrap());
        for p in geocode(&d, &gazetteer, &[]) {
            assert!(
                !forbidden.iter().any(|f| p.text.contains(f)),
                "{}: {:?} taken as a place ({})",
                path.display(),
                p.text,
                p.name
            );
        }
    }
}

//! Speed of the gazetteer load and of the place stage, printed for the record. Ignored by
//! default because timings only mean something in a release build:
//! `cargo test --release -p faultline-engine --test places_speed -- --ignored --nocapture`.

use std::path::Path;
use std::time::Instant;

use faultline_engine::places::geocode;
use faultline_model::{DocId, Document, Language, OffsetMap};
use faultline_packs::gazetteer::Gazetteer;

#[test]
#[ignore]
fn gazetteer_load_and_place_stage_speed() {
    let t = Instant::now();
    let gazetteer = Gazetteer::embedded();
    let load = t.elapsed();
    println!(
        "gazetteer: {} entries, {} names, loaded in {:.1} ms",
        gazetteer.len(),
        gazetteer.name_count(),
        load.as_secs_f64() * 1000.0
    );

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let docs: Vec<Document> = texts
        .iter()
        .map(|t| Document {
            id: DocId("bench".into()),
            source: Default::default(),
            meta: Default::default(),
            raw: t.clone(),
            html: None,
            text: t.clone(),
            offsets: OffsetMap::identity(t.len()),
            removed: Vec::new(),
            language: Language::default(),
            sentences: Vec::new(),
            simhash: 0,
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let rounds = 200;
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        for d in &docs {
            found += geocode(d, &gazetteer, &[]).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "place stage: {:.2} MB/s over {} KB x {rounds} ({found} mentions)",
        (bytes * rounds) as f64 / secs / 1e6,
        bytes / 1000
    );
    assert!(found > 0);
}

//! A by-hand speed check of the time stage (no criterion): the seed texts repeated into
//! one large document, timed end to end. Run with
//! `cargo test -p faultline-engine --release --test time_speed -- --ignored --nocapture`.

use std::time::Instant;

use chrono::NaiveDate;
use faultline_engine::{Options, prepare};
use faultline_model::SourceDoc;
use faultline_packs::time::TimeLexicon;

const SEEDS: [&str; 5] = [
    include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt"),
    include_str!("../../../corpus/sample/001_342f4aa3da8e3581.txt"),
    include_str!("../../../corpus/sample/002_e81ef2acb61dc933.txt"),
    include_str!("../../../corpus/sample/003_dc49e1b830e2c5ab.txt"),
    include_str!("../../../corpus/sample/004_05cfed11f65feb06.txt"),
];

#[test]
#[ignore = "a measurement, not a check; run by hand"]
fn time_stage_throughput() {
    let lexicon = TimeLexicon::embedded();
    let options = Options {
        reference: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 21),
    };
    let docs: Vec<_> = (0..40)
        .flat_map(|_| SEEDS)
        .map(|raw| {
            prepare(SourceDoc {
                raw: raw.to_string(),
                ..SourceDoc::default()
            })
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let started = Instant::now();
    let mut found = 0;
    for doc in &docs {
        found += faultline_engine::time::normalize_dates(doc, &lexicon, &options)
            .1
            .len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "time stage: {} documents, {:.2} MB, {found} expressions in {secs:.3} s: {:.1} MB/s, {:.0} documents/s",
        docs.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        docs.len() as f64 / secs
    );
    let started = Instant::now();
    for _ in 0..100 {
        std::hint::black_box(TimeLexicon::embedded());
    }
    println!(
        "loading the embedded lexicon: {:.2} ms",
        started.elapsed().as_secs_f64() * 10.0
    );
}

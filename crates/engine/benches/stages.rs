//! Per-stage throughput of the engine over the sample corpus, in bytes of input per second,
//! so a slow stage shows up by name. Run with `cargo bench -p faultline-engine --bench stages`.
//!
//! Each stage is timed on its own inputs, computed once outside the timed loop (the places
//! stage gets the actor mentions it needs ready-made). The seed articles are the input
//! because they are real news copy; the corpus benchmark (`faultline bench`, see
//! docs/performance.md) measures the whole pipeline on a large generated corpus. This file
//! must not assert anything about speed: it measures, the numbers go in the docs.

use chrono::NaiveDate;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use faultline_engine::{Options, actors, analyze, clean, identity, language, places, prepare};
use faultline_engine::{facts, sentences, time};
use faultline_model::actor::Mention;
use faultline_model::place::PlaceMention;
use faultline_model::time::{Published, TimeMention};
use faultline_model::{Document, SourceDoc, SourceFormat, SourceRef};
use faultline_packs::Packs;
use std::sync::LazyLock;

const SEEDS: [&str; 5] = [
    include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt"),
    include_str!("../../../corpus/sample/001_342f4aa3da8e3581.txt"),
    include_str!("../../../corpus/sample/002_e81ef2acb61dc933.txt"),
    include_str!("../../../corpus/sample/003_dc49e1b830e2c5ab.txt"),
    include_str!("../../../corpus/sample/004_05cfed11f65feb06.txt"),
];

static PACKS: LazyLock<Packs> = LazyLock::new(Packs::embedded);

fn options() -> Options {
    Options {
        reference: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 21),
    }
}

fn sources() -> Vec<SourceDoc> {
    SEEDS
        .iter()
        .enumerate()
        .map(|(i, raw)| SourceDoc {
            source: SourceRef {
                path: format!("seed-{i}.txt"),
                format: SourceFormat::Text,
                ..SourceRef::default()
            },
            raw: (*raw).to_string(),
            ..SourceDoc::default()
        })
        .collect()
}

static DOCS: LazyLock<Vec<Document>> =
    LazyLock::new(|| sources().into_iter().map(prepare).collect());

fn raw_bytes() -> BytesCount {
    BytesCount::new(SEEDS.iter().map(|s| s.len()).sum::<usize>())
}

fn text_bytes() -> BytesCount {
    BytesCount::new(DOCS.iter().map(|d| d.text.len()).sum::<usize>())
}

fn main() {
    // Load the packs before timing starts: loading is measured by `faultline bench`.
    LazyLock::force(&PACKS);
    LazyLock::force(&DOCS);
    divan::main();
}

#[divan::bench]
fn clean(b: Bencher) {
    b.counter(raw_bytes())
        .bench(|| SEEDS.map(|raw| clean::clean_text(black_box(raw))));
}

#[divan::bench]
fn doc_id(b: Bencher) {
    b.counter(text_bytes()).bench(|| {
        DOCS.iter()
            .map(|d| identity::doc_id(black_box(&d.text)))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn simhash(b: Bencher) {
    b.counter(text_bytes()).bench(|| {
        DOCS.iter()
            .map(|d| identity::simhash(black_box(&d.text)))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn language(b: Bencher) {
    b.counter(text_bytes()).bench(|| {
        DOCS.iter()
            .map(|d| language::detect_language(black_box(&d.text), None))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn sentences(b: Bencher) {
    b.counter(text_bytes()).bench(|| {
        DOCS.iter()
            .map(|d| sentences::split_sentences(black_box(&d.text), d.language.lang()))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn time(b: Bencher) {
    let options = options();
    b.counter(text_bytes()).bench(|| {
        DOCS.iter()
            .map(|d| time::normalize_dates(black_box(d), &PACKS.time, &options))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn actors(b: Bencher) {
    let options = options();
    let dates: Vec<_> = DOCS
        .iter()
        .map(|d| time::normalize_dates(d, &PACKS.time, &options).0.date())
        .collect();
    b.counter(text_bytes()).bench(|| {
        DOCS.iter()
            .zip(&dates)
            .map(|(d, date)| actors::find_mentions(black_box(d), &PACKS.actors, *date))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn places(b: Bencher) {
    let options = options();
    let mentions: Vec<_> = DOCS
        .iter()
        .map(|d| {
            let date = time::normalize_dates(d, &PACKS.time, &options).0.date();
            actors::find_mentions(d, &PACKS.actors, date)
        })
        .collect();
    b.counter(text_bytes()).bench(|| {
        DOCS.iter()
            .zip(&mentions)
            .map(|(d, m)| places::geocode(black_box(d), &PACKS.gazetteer, m))
            .collect::<Vec<_>>()
    });
}

/// What the fact stages read besides the document: the outputs of the stages before them.
struct Analysed {
    published: Published,
    times: Vec<TimeMention>,
    mentions: Vec<Mention>,
    places: Vec<PlaceMention>,
}

/// Events and relations together, as `analyze` runs them (`facts::extract_facts`), on
/// documents whose dates, actors and places are found once outside the timed loop.
#[divan::bench]
fn facts(b: Bencher) {
    let options = options();
    let inputs: Vec<Analysed> = DOCS
        .iter()
        .map(|d| {
            let (published, times) = time::normalize_dates(d, &PACKS.time, &options);
            let mentions = actors::find_mentions(d, &PACKS.actors, published.date());
            let places = places::geocode(d, &PACKS.gazetteer, &mentions);
            Analysed {
                published,
                times,
                mentions,
                places,
            }
        })
        .collect();
    b.counter(text_bytes()).bench(|| {
        DOCS.iter()
            .zip(&inputs)
            .map(|(d, a)| {
                facts::extract_facts(
                    black_box(d),
                    &a.mentions,
                    &a.times,
                    &a.places,
                    &a.published,
                    &PACKS,
                )
            })
            .collect::<Vec<_>>()
    });
}

/// The text stages together, from raw text to a [`Document`].
#[divan::bench]
fn prepare_all(b: Bencher) {
    b.counter(raw_bytes())
        .with_inputs(sources)
        .bench_values(|docs| docs.into_iter().map(prepare).collect::<Vec<_>>());
}

/// Everything one document goes through in `faultline ingest`: `prepare` then `analyze`.
#[divan::bench]
fn prepare_and_analyze(b: Bencher) {
    let options = options();
    b.counter(raw_bytes())
        .with_inputs(sources)
        .bench_values(|docs| {
            docs.into_iter()
                .map(|s| analyze(prepare(s), &PACKS, &options))
                .collect::<Vec<_>>()
        });
}

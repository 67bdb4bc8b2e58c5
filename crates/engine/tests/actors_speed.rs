//! Matching speed of the actor stage with the full embedded pack: MB of text scanned per
//! second over the seed articles analysed many times as separate documents. Ignored by
//! default; run it in a release build:
//! `cargo test --release -p faultline-engine --test actors_speed -- --ignored --nocapture`.

use std::path::PathBuf;
use std::time::Instant;

use faultline_engine::actors::find_mentions;
use faultline_model::{DocId, Document, Language, OffsetMap, SourceRef, Span};
use faultline_packs::actors::ActorPack;

fn document(text: &str) -> Document {
    Document {
        id: DocId("bench".into()),
        source: SourceRef::default(),
        meta: Default::default(),
        raw: text.to_string(),
        html: None,
        text: text.to_string(),
        offsets: OffsetMap::identity(text.len()),
        removed: Vec::new(),
        language: Language::undetermined(),
        sentences: vec![Span::new(0, text.len())],
        simhash: 0,
    }
}

#[test]
#[ignore = "benchmark: run with --release --ignored --nocapture"]
fn actor_matching_speed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    let mut docs: Vec<Document> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .map(|t| document(&t))
        .collect();
    docs.sort_by(|a, b| a.text.cmp(&b.text));

    let t = Instant::now();
    let pack = ActorPack::embedded();
    let load = t.elapsed();

    let rounds = 400;
    let mut bytes = 0usize;
    let mut mentions = 0usize;
    let t = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            bytes += d.text.len();
            mentions += find_mentions(d, &pack, None).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "pack load + matcher build: {:.1} ms ({} patterns)",
        load.as_secs_f64() * 1000.0,
        pack.matcher().pattern_count()
    );
    println!(
        "{:.1} MB in {secs:.2} s: {:.2} MB/s, {} documents, {mentions} mentions",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        rounds * docs.len()
    );
    assert!(mentions > 0);

    // One long document (the seeds end to end, 1 MB): the stage must stay near-linear.
    let joined: String = docs
        .iter()
        .map(|d| d.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let big = document(&joined.repeat(1_000_000 / joined.len().max(1) + 1));
    let t = Instant::now();
    let n = find_mentions(&big, &pack, None).len();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "one {:.1} MB document: {secs:.2} s, {:.2} MB/s, {n} mentions",
        big.text.len() as f64 / 1e6,
        big.text.len() as f64 / 1e6 / secs
    );
}

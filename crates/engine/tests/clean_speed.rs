//! Throughput of the text stages (clean + language + sentences) on the seed corpus. Run
//! in a release build: `cargo test --release -p faultline-engine --test clean_speed --
//! --ignored --nocapture`. Ignored by default because a debug build says nothing useful.

use std::time::Instant;

use faultline_engine::{clean::clean_text, language::detect_language, sentences::split_sentences};

#[test]
#[ignore = "measures speed; run in release with --ignored --nocapture"]
fn text_stages_throughput() {
    let seeds = [
        include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt"),
        include_str!("../../../corpus/sample/001_342f4aa3da8e3581.txt"),
        include_str!("../../../corpus/sample/002_e81ef2acb61dc933.txt"),
        include_str!("../../../corpus/sample/003_dc49e1b830e2c5ab.txt"),
        include_str!("../../../corpus/sample/004_05cfed11f65feb06.txt"),
        include_str!("fixtures/text/fr_article.txt"),
        include_str!("fixtures/text/en_article.txt"),
    ];
    // Warm the language models once, as a long-running ingest would.
    let _ = detect_language("warm up the models", None);
    let rounds = 200;
    let mut bytes = 0usize;
    let mut sentences = 0usize;
    let (mut clean_s, mut language_s, mut sentences_s) = (0.0, 0.0, 0.0);
    for _ in 0..rounds {
        for raw in seeds {
            let t = Instant::now();
            let cleaned = clean_text(raw);
            clean_s += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let language = detect_language(&cleaned.text, None);
            language_s += t.elapsed().as_secs_f64();
            let t = Instant::now();
            sentences += split_sentences(&cleaned.text, language.lang()).len();
            sentences_s += t.elapsed().as_secs_f64();
            bytes += raw.len();
        }
    }
    let mb = bytes as f64 / 1e6;
    let total = clean_s + language_s + sentences_s;
    println!(
        "text stages: {:.1} MB/s overall ({} docs, {bytes} bytes, {sentences} sentences); \
         clean {:.1} MB/s, language {:.1} MB/s, sentences {:.1} MB/s",
        mb / total,
        rounds * seeds.len(),
        mb / clean_s,
        mb / language_s,
        mb / sentences_s,
    );
    assert!(sentences > 0);
}

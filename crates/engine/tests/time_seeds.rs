//! The time stage on the five seed articles against the hand-made gold facts
//! (`eval/seeds.gold.json`, entries `times` and `documents`): every required date expression
//! is found with its value and precision, every required publication date is right, and no
//! listed false date ("may" the verb, "5 mins", "2,500 men", "Article 5", "we") appears.
//! The seeds are the acceptance test; the rules are exercised on other text in
//! `time_cases.rs`.

use chrono::NaiveDate;
use faultline_engine::{Options, prepare};
use faultline_model::time::{Published, TimeMention};
use faultline_model::{Meta, SourceDoc, SourceRef};
use faultline_packs::time::TimeLexicon;
use serde_json::Value;

const GOLD: &str = include_str!("../../../eval/seeds.gold.json");
const SEEDS: [(&str, &str); 5] = [
    (
        "000_4f3cddc50e930001",
        include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt"),
    ),
    (
        "001_342f4aa3da8e3581",
        include_str!("../../../corpus/sample/001_342f4aa3da8e3581.txt"),
    ),
    (
        "002_e81ef2acb61dc933",
        include_str!("../../../corpus/sample/002_e81ef2acb61dc933.txt"),
    ),
    (
        "003_dc49e1b830e2c5ab",
        include_str!("../../../corpus/sample/003_dc49e1b830e2c5ab.txt"),
    ),
    (
        "004_05cfed11f65feb06",
        include_str!("../../../corpus/sample/004_05cfed11f65feb06.txt"),
    ),
];

/// The day the gold was written; the stage is given it as `today`.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn run(name: &str, raw: &str) -> (String, Published, Vec<TimeMention>) {
    let doc = prepare(SourceDoc {
        source: SourceRef {
            path: format!("{name}.txt"),
            ..SourceRef::default()
        },
        meta: Meta::default(),
        raw: raw.to_string(),
        html: None,
    });
    let options = Options {
        reference: None,
        today: Some(today()),
    };
    let (published, times) =
        faultline_engine::time::normalize_dates(&doc, &TimeLexicon::embedded(), &options);
    (doc.text, published, times)
}

fn show(times: &[TimeMention]) -> String {
    times
        .iter()
        .map(|t| {
            format!(
                "  {:?} -> {:?} {:?} {:?} {:?}",
                t.text,
                t.value(),
                t.precision(),
                t.direction,
                t.role
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn seeds_match_the_gold_times_and_publication_dates() {
    let gold: Value = serde_json::from_str(GOLD).unwrap();
    let mut failures = Vec::new();
    for (name, raw) in SEEDS {
        let (text, published, times) = run(name, raw);
        let docs = gold["documents"].as_array().unwrap();
        if let Some(g) = docs.iter().find(|d| d["doc"] == name) {
            let want = &g["published"];
            let got = serde_json::to_value(&published).unwrap();
            let required = want["required"].as_bool().unwrap_or(false);
            if (got["value"] != want["value"] || got["precision"] != want["precision"]) && required
            {
                failures.push(format!(
                    "{name}: published {} {}, want {} {}",
                    got["value"], got["precision"], want["value"], want["precision"]
                ));
            }
        }
        for g in gold["times"].as_array().unwrap() {
            if g["doc"] != name || !g["required"].as_bool().unwrap_or(false) {
                continue;
            }
            let expr = g["text"].as_str().unwrap();
            let Some(at) = text.find(expr) else {
                // The cleaner lifted the line (a byline) out of the text: the publication
                // date check above covers it.
                continue;
            };
            let hit = times
                .iter()
                .find(|t| t.start <= at && at < t.end.max(t.start + 1));
            let want = (g["value"].as_str(), g["precision"].as_str().unwrap());
            match hit {
                Some(t) => {
                    let json = serde_json::to_value(t).unwrap();
                    let got = (json["value"].as_str(), json["precision"].as_str().unwrap());
                    if got != want {
                        failures.push(format!("{name}: {expr:?} gave {got:?}, want {want:?}"));
                    }
                }
                None => failures.push(format!("{name}: {expr:?} not found")),
            }
        }
        if !failures.is_empty() {
            eprintln!("{name}:\n{}", show(&times));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn seeds_have_no_false_dates() {
    // Words that must never be part of a date expression in these texts: the verbs "may"
    // and "march", the pronoun "we", and the counts of minutes, men, vehicles and articles.
    let forbidden = [
        "may", "march", "we", "mins", "men", "vehicles", "Article", "hundred", "twenty",
    ];
    for (name, raw) in SEEDS {
        let (_, _, times) = run(name, raw);
        for t in &times {
            let words: Vec<&str> = t.text.split(|c: char| !c.is_alphanumeric()).collect();
            for f in forbidden {
                assert!(
                    !words.contains(&f),
                    "{name}: false date {:?}\n{}",
                    t.text,
                    show(&times)
                );
            }
            assert!(
                t.text.chars().any(char::is_alphabetic) || t.text.len() >= 4,
                "{name}: a bare number {:?} read as a date",
                t.text
            );
        }
    }
}

#[test]
#[ignore = "prints every seed's dates; run by hand with --nocapture"]
fn dump_seed_times() {
    for (name, raw) in SEEDS {
        let (_, published, times) = run(name, raw);
        println!("{name}: {}", serde_json::to_string(&published).unwrap());
        println!("{}", show(&times));
    }
}

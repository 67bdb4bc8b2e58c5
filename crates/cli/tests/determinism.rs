//! Correctness under parallelism: the same corpus ingested with one worker thread and with
//! four gives byte-identical exports. Store row ids, merged event ids and near-duplicate
//! links depend on the order documents are written, so this fails if the pipeline writes
//! in arrival order instead of input order, or if an export orders rows by arrival.
//!
//! The corpus is generated here from the sample articles (places, actors, years and numbers
//! substituted, and some stories reprinted with a changed header or footer, as syndication
//! does), a few hundred documents, so that worker threads really do finish out of order.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample")
}

/// A small deterministic generator (xorshift64*): the corpus must be the same every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: [&str; 12] = [
    "Kidal",
    "Ménaka",
    "Gao",
    "Tombouctou",
    "Mopti",
    "Ségou",
    "Djibo",
    "Tillabéri",
    "Kayes",
    "Sikasso",
    "Douentza",
    "Ansongo",
];
const ACTORS: [&str; 6] = ["JNIM", "Wagner", "FAMa", "CMA", "MINUSMA", "EIGS"];
const YEARS: [&str; 6] = ["2019", "2020", "2021", "2022", "2023", "2024"];

/// Replace every whole-word occurrence of any of `words` by a random pick from `words`.
fn substitute(text: &str, words: &[&str], rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for w in words {
            if let Some(after) = rest.strip_prefix(w) {
                let before_ok = out.chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok {
                    out.push_str(rng.pick(words));
                    rest = after;
                    continue 'scan;
                }
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

fn corpus(dir: &Path, documents: usize) -> PathBuf {
    let mut seeds: Vec<String> = std::fs::read_dir(sample_dir())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    let mut rng = Rng(0x5eed_f00d);
    let mut jsonl = String::new();
    let mut previous: Option<String> = None;
    for n in 0..documents {
        let text = match (&previous, n % 7) {
            // A syndicated reprint of the previous story under another site's header.
            (Some(story), 3) => format!("Sahel Wire | Security | {n}\n{story}"),
            (Some(story), 5) => format!("{story}\nReproduction prohibited (site {n})."),
            _ => {
                let seed = &seeds[rng.below(seeds.len())];
                let text = substitute(seed, &PLACES, &mut rng);
                let text = substitute(&text, &ACTORS, &mut rng);
                substitute(&text, &YEARS, &mut rng)
            }
        };
        let mut record = serde_json::json!({"id": format!("doc-{n}"), "text": text});
        if n % 3 == 0 {
            record["published"] = format!("2023-{:02}-{:02}", 1 + n % 12, 1 + n % 28).into();
        }
        writeln!(jsonl, "{record}").unwrap();
        previous = Some(text);
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    path
}

fn faultline(db: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("faultline")
        .expect("binary built")
        .arg("--db")
        .arg(db)
        .arg("--quiet")
        .args(args)
        .output()
        .expect("faultline runs");
    assert!(
        out.status.success(),
        "faultline {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn one_thread_and_four_threads_give_identical_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = corpus(tmp.path(), 280);
    let corpus = corpus.to_str().unwrap();
    let one = tmp.path().join("one.db");
    let four = tmp.path().join("four.db");

    let summary = |db: &Path, threads: &str| -> serde_json::Value {
        let out = faultline(
            db,
            &[
                "--json",
                "ingest",
                "--threads",
                threads,
                "--batch",
                "16",
                corpus,
            ],
        );
        serde_json::from_slice(&out).unwrap()
    };
    let s1 = summary(&one, "1");
    let s4 = summary(&four, "4");
    assert_eq!(s1["failed"], 0, "{s1}");
    assert!(s1["new"].as_u64().unwrap() > 200, "{s1}");
    assert!(
        s1["near_duplicates"].as_u64().unwrap() >= 40,
        "reprints are linked: {s1}"
    );
    for key in ["new", "unchanged", "near_duplicates", "documents"] {
        // Not assert_eq: the per-document list is too long to print.
        assert!(
            s1[key] == s4[key],
            "summary {key:?} differs between 1 and 4 threads"
        );
    }

    let exports: [&[&str]; 3] = [
        &["export", "jsonl"],
        &["export", "acled-csv", "--timestamp", "1700000000"],
        &["export", "relations-csv"],
    ];
    for args in exports {
        let a = faultline(&one, args);
        let b = faultline(&four, args);
        assert!(a.len() > 1000, "{args:?} exported almost nothing");
        if a != b {
            let (a, b) = (String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            panic!("{args:?} differs between 1 and 4 threads, first at line {line:?}");
        }
    }
}

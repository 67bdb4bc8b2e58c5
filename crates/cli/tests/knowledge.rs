//! The knowledge base end to end on the sample corpus: events merged across sources, the
//! actor graph at a date, and every export format.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

mod support;

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("kb.db");
    let status = Command::cargo_bin("faultline")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["--quiet", "--json", "demo", "--no-serve"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    db
}

fn run(db: &Path, args: &[&str]) -> String {
    support::faultline(db, args)
}

#[test]
fn the_capture_of_kidal_is_one_event_with_three_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let db = demo_db(tmp.path());
    let page: Value = serde_json::from_str(&run(
        &db,
        &["events", "--type", "Government regains territory", "--json"],
    ))
    .unwrap();
    let events = page["events"].as_array().unwrap();
    let kidal: Vec<&Value> = events
        .iter()
        .filter(|e| e["location"]["name"] == "Kidal")
        .collect();
    assert_eq!(kidal.len(), 1, "{page:#}");
    let sources: Vec<&str> = kidal[0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source_path"].as_str().unwrap())
        .collect();
    for seed in ["000_", "003_", "004_"] {
        assert!(
            sources.iter().any(|s| s.contains(seed)),
            "no source from seed {seed}: {sources:?}"
        );
    }
    assert!(
        kidal[0]["date"].as_str().unwrap().starts_with("2023-11"),
        "{}",
        kidal[0]["date"]
    );
}

#[test]
fn the_graph_in_may_2024_shows_an_intended_pact_and_open_hostility() {
    let tmp = tempfile::tempdir().unwrap();
    let db = demo_db(tmp.path());
    let out: Value =
        serde_json::from_str(&run(&db, &["relations", "--at", "2024-05-20", "--json"])).unwrap();
    let edges = out["relations"].as_array().unwrap();
    let find = |a: &str, p: &str, b: &str| {
        edges.iter().find(|e| {
            e["predicate"] == p
                && ((e["subject"]["id"] == a && e["object"]["id"] == b)
                    || (e["subject"]["id"] == b && e["object"]["id"] == a))
        })
    };
    let pact = find("csp", "non_aggression_pact", "jnim").expect("a CSP–JNIM pact edge");
    assert_eq!(pact["status"], "intended", "wanting a pact is not a pact");
    let hostile = find("csp", "hostile_to", "fama").expect("a CSP–FAMa hostile edge");
    assert_eq!(hostile["status"], "established");
    if let Some(alliance) = find("csp", "allied_with", "jnim") {
        assert_ne!(
            alliance["status"], "established",
            "“it's not about forming an alliance”"
        );
    }
    // Before the first evidence, nothing.
    let early: Value =
        serde_json::from_str(&run(&db, &["relations", "--at", "2010-01-01", "--json"])).unwrap();
    assert!(
        early["relations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["first_seen"].is_null()),
        "only undated evidence may show before 2010: {early:#}"
    );
}

#[test]
fn exports_are_well_formed() {
    let tmp = tempfile::tempdir().unwrap();
    let db = demo_db(tmp.path());

    let csv = run(&db, &["export", "acled-csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header.len(), 31);
    assert_eq!(header[0], "event_id_cnty");
    assert_eq!(header[30], "timestamp");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let kidal = rows
        .iter()
        .find(|r| &r[21] == "Kidal" && &r[6] == "Government regains territory")
        .expect("a Kidal row");
    assert!(kidal[0].starts_with("MLI"), "{kidal:?}");
    assert_eq!(&kidal[15], "466");
    assert_eq!(&kidal[17], "Mali");
    assert!(kidal[27].contains("Kidal"), "notes cite the evidence");

    let geojson: Value = serde_json::from_str(&run(&db, &["export", "geojson"])).unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert!(c[0].as_f64().unwrap().abs() <= 180.0 && c[1].as_f64().unwrap().abs() <= 90.0);
    }

    let graphml = run(&db, &["export", "graphml", "--at", "2024-05-20"]);
    assert!(graphml.starts_with("<?xml"));
    assert!(graphml.contains("<edge ") && graphml.contains("non_aggression_pact"));
    assert_eq!(
        graphml.matches("<node ").count(),
        graphml.matches("</node>").count()
    );

    let relations = run(&db, &["export", "relations-csv"]);
    let mut reader = csv::Reader::from_reader(relations.as_bytes());
    let n = reader.records().count();
    assert!(n >= 10, "{n} relation statements");

    let jsonl = run(&db, &["export", "jsonl"]);
    let docs: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 5);
    assert!(docs.iter().all(|d| d["document"]["text"].is_string()));
}

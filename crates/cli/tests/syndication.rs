//! Syndicated copies of one wire story count as more sources for the same facts, not as
//! more events or more edges: a story and three reprints (another site's header, footer and
//! byline) give the same events and the same graph as the story alone, with every event
//! and every relation backed by four documents instead of one.

use std::path::Path;

use serde_json::Value;

mod support;

fn run(db: &Path, args: &[&str]) -> Value {
    let args: Vec<&str> = ["--quiet", "--json"].iter().chain(args).copied().collect();
    serde_json::from_str(&support::faultline(db, &args)).unwrap()
}

/// Events as (type, place, number of sources), in a stable order.
fn events(db: &Path) -> Vec<(String, String, usize)> {
    let page = run(db, &["events", "--limit", "1000"]);
    let mut out: Vec<(String, String, usize)> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["sub_event_type"].as_str().unwrap().to_string(),
                e["location"]["name"].as_str().unwrap_or("").to_string(),
                e["sources"].as_array().unwrap().len(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Edges as (subject, predicate, object, status, evidence count), in a stable order.
fn edges(db: &Path) -> Vec<(String, String, String, String, u64)> {
    let graph = run(db, &["relations", "--at", "2030-01-01", "--evidence", "0"]);
    let mut out: Vec<_> = graph["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["subject"]["id"].as_str().unwrap().to_string(),
                e["predicate"].as_str().unwrap().to_string(),
                e["object"]["id"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
                e["evidence_count"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn reprints_of_a_wire_story_are_more_sources_not_more_facts() {
    let story = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample/000_4f3cddc50e930001.txt"),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let alone = tmp.path().join("alone");
    let copies = tmp.path().join("copies");
    std::fs::create_dir_all(&alone).unwrap();
    std::fs::create_dir_all(&copies).unwrap();
    std::fs::write(alone.join("story.txt"), &story).unwrap();
    std::fs::write(copies.join("a_story.txt"), &story).unwrap();
    std::fs::write(
        copies.join("b_sahel_daily.txt"),
        format!("Sahel Daily | World | Africa\n\n{story}\n\nShare this article on Facebook\n"),
    )
    .unwrap();
    std::fs::write(
        copies.join("c_bamako_news.txt"),
        format!("By our correspondent in Bamako, with AFP\n\n{story}\n\n© Bamako News 2024\n"),
    )
    .unwrap();
    std::fs::write(
        copies.join("d_west_africa_wire.txt"),
        format!("West Africa Wire\nUpdated 18 May 2024\n\n{story}\n\nRead also: our Sahel file\n"),
    )
    .unwrap();

    let one = tmp.path().join("one.db");
    let four = tmp.path().join("four.db");
    run(&one, &["ingest", alone.to_str().unwrap()]);
    let summary = run(&four, &["ingest", copies.to_str().unwrap()]);
    assert_eq!(summary["new"], 4, "{summary:#}");
    assert_eq!(summary["near_duplicates"], 3, "{summary:#}");

    let single = events(&one);
    assert!(!single.is_empty(), "the story yields events");
    let expected: Vec<_> = single
        .iter()
        .map(|(t, place, n)| (t.clone(), place.clone(), n * 4))
        .collect();
    assert_eq!(events(&four), expected);

    let single = edges(&one);
    assert!(!single.is_empty(), "the story yields relations");
    let expected: Vec<_> = single
        .iter()
        .map(|(s, p, o, status, n)| (s.clone(), p.clone(), o.clone(), status.clone(), n * 4))
        .collect();
    assert_eq!(edges(&four), expected);
}

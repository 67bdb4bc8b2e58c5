//! The committed accuracy report must match what the code produces, so that a change in
//! extraction quality shows up in review as a diff of `eval/seeds.report.md`.
//! Regenerate with `UPDATE_EXPECT=1 cargo test -p faultline-cli --test eval_report`.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

#[test]
fn the_committed_seed_report_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.md");
    let out = Command::cargo_bin("faultline")
        .unwrap()
        .current_dir(&root)
        .args([
            "eval",
            "eval/seeds.gold.json",
            "--corpus",
            "corpus/sample",
            "--report",
        ])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).unwrap();
    expect_test::expect_file!["../../../eval/seeds.report.md"].assert_eq(&text);
}

//! What the CLI tests share: running the built `faultline` binary against a database and
//! failing with its stderr when it fails. It must not hide a failing exit status.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// Runs `faultline --db DB ARGS…` and returns its standard output.
pub fn faultline(db: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("faultline")
        .unwrap()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "faultline {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

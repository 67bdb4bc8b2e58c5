//! A database filled by the real pipeline on the sample corpus, shared by the server's
//! integration tests: `faultline_ingest::sources` → `engine::prepare`/`analyze` →
//! `Store::insert_batch`, as `faultline ingest corpus/sample` does. Built once per test
//! binary; must not be changed by any test.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use faultline_model::Analysis;
use faultline_packs::Packs;
use faultline_store::Store;

pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample")
}

/// Analyses of every readable document under `paths`, in input order.
pub fn analyse(paths: Vec<PathBuf>, packs: &Packs) -> Vec<Analysis> {
    let options = faultline_engine::Options {
        reference: None,
        // The engine reads no clock; a fixed "today" keeps the fixture reproducible.
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22),
    };
    faultline_ingest::sources(paths, faultline_ingest::Options::default())
        .filter_map(Result::ok)
        .map(|source| faultline_engine::analyze(faultline_engine::prepare(source), packs, &options))
        .collect()
}

pub fn build_db(path: &Path, inputs: Vec<PathBuf>) {
    let packs = Packs::embedded();
    let analyses = analyse(inputs, &packs);
    let mut store = Store::open(path).expect("create the test database");
    store
        .insert_batch(&analyses)
        .expect("store the sample corpus");
}

/// The sample corpus database, built on first use.
pub fn sample_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("sample.db");
        build_db(&path, vec![sample_dir()]);
        (dir, path)
    });
    path
}

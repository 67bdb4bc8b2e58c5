//! `faultline bench`: measures the pipeline on a corpus and prints documents/s, MB/s and peak
//! memory, for extract-only (analysis, nothing written) and end-to-end ingest (into a fresh
//! database). Build the corpus with `scripts/bench/make_corpus.py`; see docs/performance.md.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use clap::{Args, ValueEnum};
use faultline_store::Store;
use serde::Serialize;

use crate::ingest::{Summary, Tuning, run_pipeline};
use crate::output::print_json;
use crate::{Global, engine_options, load_packs_to_analyse};

#[derive(Debug, Clone, Copy, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Read and analyse; store nothing.
    Extract,
    /// Read, analyse and write into a fresh database.
    Ingest,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Corpus files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "extract")]
    mode: Mode,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Serialize)]
struct BenchReport {
    mode: Mode,
    threads: usize,
    documents: u64,
    failed: u64,
    megabytes: f64,
    seconds: f64,
    documents_per_second: f64,
    megabytes_per_second: f64,
    megabytes_per_second_per_core: f64,
    peak_memory_mb: Option<f64>,
}

pub fn run(g: &Global, args: BenchArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let packs = Arc::new(load_packs_to_analyse(g));
    let load_seconds = started.elapsed().as_secs_f64();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let paths = args.paths.clone();
    let sources = move || faultline_ingest::sources(paths, Default::default());
    let tuning = Tuning {
        threads: Some(threads),
        batch: crate::ingest::DEFAULT_BATCH,
        commit_every: crate::ingest::DEFAULT_COMMIT_EVERY,
        progress: !g.quiet && !g.json,
        live_errors: false,
    };
    let summary: Summary = match args.mode {
        Mode::Extract => run_pipeline(None, packs, engine_options(None), sources, tuning)?,
        Mode::Ingest => {
            let dir = tempfile::tempdir()?;
            let mut store = Store::open(&dir.path().join("bench.db"))?;
            run_pipeline(
                Some(&mut store),
                packs,
                engine_options(None),
                sources,
                tuning,
            )?
        }
    };
    let report = BenchReport {
        mode: args.mode,
        threads,
        documents: summary.new + summary.unchanged,
        failed: summary.failed,
        megabytes: summary.megabytes,
        seconds: summary.seconds,
        documents_per_second: summary.documents_per_second,
        megabytes_per_second: summary.megabytes_per_second,
        megabytes_per_second_per_core: summary.megabytes_per_second
            / threads.min(num_cores()) as f64,
        peak_memory_mb: summary.peak_memory_mb,
    };
    if g.json {
        return print_json(&report);
    }
    crate::out!("mode:              {:?}", report.mode)?;
    crate::out!("packs loaded in:   {load_seconds:.2} s")?;
    crate::out!("threads:           {}", report.threads)?;
    crate::out!(
        "documents:         {} ({} failed), {:.1} MB",
        report.documents,
        report.failed,
        report.megabytes
    )?;
    crate::out!("time:              {:.2} s", report.seconds)?;
    crate::out!("documents/s:       {:.0}", report.documents_per_second)?;
    crate::out!(
        "MB/s:              {:.2} ({:.2} per core)",
        report.megabytes_per_second,
        report.megabytes_per_second_per_core
    )?;
    match report.peak_memory_mb {
        Some(mb) => crate::out!("peak memory:       {mb:.0} MB")?,
        None => crate::out!("peak memory:       not available on this platform")?,
    }
    Ok(())
}

fn num_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

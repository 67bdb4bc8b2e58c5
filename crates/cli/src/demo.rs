//! `faultline demo`: the main job on the built-in sample corpus. Ingests the five seed
//! articles (embedded in the binary, so it runs anywhere), shows what the store holds, and
//! then serves the web UI over it unless `--no-serve` is given.

use std::sync::Arc;

use anyhow::Result;
use faultline_model::{SourceDoc, SourceFormat, SourceRef};
use faultline_store::Store;

use crate::ingest::{Tuning, report, run_pipeline};
use crate::{Global, engine_options, load_packs_to_analyse};

/// The sample corpus, as shipped in `corpus/sample/`.
const SAMPLE: &[(&str, &str)] = &[
    (
        "corpus/sample/000_4f3cddc50e930001.txt",
        include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt"),
    ),
    (
        "corpus/sample/001_342f4aa3da8e3581.txt",
        include_str!("../../../corpus/sample/001_342f4aa3da8e3581.txt"),
    ),
    (
        "corpus/sample/002_e81ef2acb61dc933.txt",
        include_str!("../../../corpus/sample/002_e81ef2acb61dc933.txt"),
    ),
    (
        "corpus/sample/003_dc49e1b830e2c5ab.txt",
        include_str!("../../../corpus/sample/003_dc49e1b830e2c5ab.txt"),
    ),
    (
        "corpus/sample/004_05cfed11f65feb06.txt",
        include_str!("../../../corpus/sample/004_05cfed11f65feb06.txt"),
    ),
];

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Stop after ingesting instead of serving the web UI.
    #[arg(long)]
    pub no_serve: bool,
    /// Address for the web UI.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: std::net::SocketAddr,
}

pub fn run(g: &Global, args: DemoArgs) -> Result<()> {
    let packs = load_packs_to_analyse(g);
    let mut store = Store::open(&g.db)?;
    let sources = || {
        SAMPLE.iter().map(|(path, text)| {
            Ok(SourceDoc {
                source: SourceRef {
                    path: (*path).to_string(),
                    line: None,
                    record: None,
                    format: SourceFormat::Text,
                },
                meta: Default::default(),
                raw: (*text).to_string(),
                html: None,
            })
        })
    };
    let summary = run_pipeline(
        Some(&mut store),
        Arc::new(packs),
        engine_options(None),
        sources,
        Tuning {
            threads: None,
            batch: crate::ingest::DEFAULT_BATCH,
            commit_every: crate::ingest::DEFAULT_COMMIT_EVERY,
            progress: false,
            live_errors: !g.json,
        },
    )?;
    report(g, &summary)?;
    if g.json {
        drop(store);
        return if args.no_serve {
            Ok(())
        } else {
            crate::serve::serve(g, args.addr)
        };
    }
    let stats = store.stats()?;
    crate::out!(
        "The database holds {} documents, {} sentences.",
        stats.documents,
        stats.sentences
    )?;
    crate::out!("Try:")?;
    let db = g.db.display();
    crate::out!("  faultline --db {db} search \"non-aggression pact\"")?;
    crate::out!("  faultline --db {db} stats")?;
    if args.no_serve {
        return Ok(());
    }
    drop(store);
    crate::serve::serve(g, args.addr)
}

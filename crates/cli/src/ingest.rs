//! `faultline ingest`: the streaming pipeline from inputs to the store.
//!
//! One reader thread walks the inputs, worker threads prepare and analyse documents, and the
//! calling thread is the single writer that commits batches. Queues between them are bounded,
//! so memory stays flat however large the corpus is. A document whose id is already stored is
//! not analysed again; a kill between batches loses at most the batch in flight, which the
//! next run redoes.
//!
//! The writer stores documents in input order whatever the number of workers: the reader
//! numbers them, the writer puts finished ones back in order, and the reader may run at most
//! [`window`] documents ahead of the writer, which bounds the reordering buffer. Store row
//! ids, event clusters and near-duplicate links depend on insertion order, so this is what
//! makes `--threads 1` and `--threads 8` give the same database.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, bounded};
use faultline_engine::Options;
use faultline_model::SourceDoc;
use faultline_packs::Packs;
use faultline_store::{Encoded, Inserted, Store};
use serde::Serialize;

use crate::{Global, PartialFailure, engine_options, load_packs_to_analyse, parse_date};

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Largest document accepted, e.g. 5MB, 800KB, 1048576.
    #[arg(long, default_value = "5MB", value_parser = parse_size, value_name = "SIZE")]
    max_doc_size: u64,
    /// Reference date for relative dates in documents that carry no date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    reference: Option<String>,
    /// Worker threads for analysis (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// The most documents the writer takes at a time: each batch is held in memory until
    /// written. A writer that waits takes what is ready once 32 are; when the workers
    /// finish, it has only that much left to write alone (docs/performance.md, eleventh and
    /// twelfth rounds).
    #[arg(long, default_value_t = DEFAULT_BATCH, value_name = "N")]
    batch: usize,
    /// Documents per database transaction: batches are committed together until they reach
    /// this many. Longer transactions rewrite each index page once for more documents (4,096:
    /// 7% faster than one batch per transaction over 20,000 documents, with 42% fewer bytes
    /// written); a kill loses at most the uncommitted ones, which the next run writes.
    #[arg(long, default_value_t = DEFAULT_COMMIT_EVERY, value_name = "N")]
    commit_every: usize,
}

/// See `--batch`.
pub const DEFAULT_BATCH: usize = 256;

/// See `--commit-every`.
pub const DEFAULT_COMMIT_EVERY: usize = 4096;

/// The fewest analysed documents handed to a writer that waits, before a batch is full.
const EAGER_BATCH: usize = 32;

/// The longest a written document waits for its commit while input keeps coming.
const GROUP_AGE: Duration = Duration::from_secs(5);

/// The pause in batches after which the writer commits what it has: under load a batch
/// comes every fraction of a second, so a second without one means input has paused.
const WRITER_IDLE: Duration = Duration::from_secs(1);

/// About the longest an analysed document waits to be handed to the writer.
const HAND_ON_AFTER: Duration = Duration::from_secs(2);

/// Parses sizes such as `5MB`, `800k`, `1048576`.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (examples: 5MB, 800KB, 1048576)"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        other => return Err(format!("unknown size unit {other:?} in {s:?}")),
    };
    n.checked_mul(mult)
        .filter(|&v| v > 0)
        .ok_or_else(|| format!("{s:?} is not a usable size"))
}

#[derive(Debug, Serialize, Clone)]
pub struct InputError {
    pub path: String,
    pub line: Option<u64>,
    pub problem: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct DocOutcome {
    pub id: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// What `ingest --json` prints.
#[derive(Debug, Serialize, Default)]
pub struct Summary {
    /// Documents stored for the first time, near-duplicates included.
    pub new: u64,
    /// New documents that are near-duplicates (syndicated copies) of a stored document.
    pub near_duplicates: u64,
    pub unchanged: u64,
    pub failed: u64,
    pub errors: Vec<InputError>,
    /// Per-document outcomes, the first [`LISTED`] of them: a summary must not grow with
    /// the corpus.
    pub documents: Vec<DocOutcome>,
    pub documents_truncated: bool,
    pub errors_truncated: bool,
    /// Megabytes of input text in new documents.
    pub megabytes: f64,
    pub seconds: f64,
    pub documents_per_second: f64,
    /// Megabytes of input text analysed per second (new documents only).
    pub megabytes_per_second: f64,
    /// Peak resident memory of the process, where the platform tells it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_memory_mb: Option<f64>,
}

/// How many documents and errors a summary lists by name.
const LISTED: usize = 10_000;

impl Summary {
    fn document(&mut self, outcome: DocOutcome) {
        if self.documents.len() < LISTED {
            self.documents.push(outcome);
        } else {
            self.documents_truncated = true;
        }
    }

    fn error(&mut self, error: InputError) {
        self.failed += 1;
        if self.errors.len() < LISTED {
            self.errors.push(error);
        } else {
            self.errors_truncated = true;
        }
    }
}

/// What a worker hands the writer, numbered in input order.
struct Numbered<T>(u64, T);

/// An analysed document as the writer needs it.
struct Written {
    id: String,
    path: String,
    line: Option<u64>,
    size: u64,
    rows: Option<Encoded>,
}

/// What a worker made of one input item.
enum Work {
    /// Analysed, and encoded into rows when there is a store to write them to.
    Analysed(Box<Written>),
    Known {
        id: String,
        path: String,
        line: Option<u64>,
    },
    Failed(InputError),
}

pub fn run(g: &Global, args: IngestArgs) -> Result<()> {
    let reference = args.reference.as_deref().map(parse_date).transpose()?;
    let options = engine_options(reference);
    let packs = load_packs_to_analyse(g);
    if let Ok(Some(found)) = Store::stored_schema_version(&g.db)
        && (1..faultline_store::SCHEMA_VERSION).contains(&found)
        && !g.quiet
    {
        // Up to schema 9 a migration rewrote tables; later ones only add columns.
        let cost = if found < 9 {
            "once; about 30 s per 100,000 documents"
        } else {
            "once, in a moment"
        };
        eprintln!(
            "faultline: upgrading {} from schema {found} to {} ({cost})",
            g.db.display(),
            faultline_store::SCHEMA_VERSION
        );
    }
    let mut store = Store::open(&g.db)?;
    let input = faultline_ingest::Options {
        max_document_bytes: args.max_doc_size,
    };
    let paths = args.paths.clone();
    let sources = move || faultline_ingest::sources(paths, input);
    let summary = run_pipeline(
        Some(&mut store),
        Arc::new(packs),
        options,
        sources,
        Tuning {
            threads: args.threads,
            batch: args.batch.max(1),
            commit_every: args.commit_every,
            progress: !g.quiet && !g.json,
            live_errors: !g.json,
        },
    )?;
    report(g, &summary)?;
    if summary.failed > 0 {
        return Err(PartialFailure.into());
    }
    Ok(())
}

pub fn report(g: &Global, summary: &Summary) -> Result<()> {
    if g.json {
        crate::output::print_json(summary)?;
    } else {
        let near = match summary.near_duplicates {
            0 => String::new(),
            n => format!(" ({n} near-duplicates of stored stories)"),
        };
        crate::out!(
            "{} new{near}, {} unchanged, {} failed ({:.1} documents/s) into {}",
            summary.new,
            summary.unchanged,
            summary.failed,
            summary.documents_per_second,
            g.db.display()
        )?;
    }
    Ok(())
}

pub struct Tuning {
    pub threads: Option<usize>,
    pub batch: usize,
    /// Documents per transaction (see `--commit-every`).
    pub commit_every: usize,
    pub progress: bool,
    /// Print each input error on stderr as it happens (text mode; JSON mode lists them in
    /// the summary instead).
    pub live_errors: bool,
}

/// Runs reader → workers → writer. `sources` is called on the reader thread. Without a
/// store, documents are analysed and counted but not written (the extract-only benchmark).
pub fn run_pipeline<I, F>(
    store: Option<&mut Store>,
    packs: Arc<Packs>,
    options: Options,
    sources: F,
    tuning: Tuning,
) -> Result<Summary>
where
    F: FnOnce() -> I + Send + 'static,
    I: Iterator<Item = Result<SourceDoc, faultline_ingest::IngestError>>,
{
    let started = Instant::now();
    let known: Arc<HashSet<String>> = Arc::new(match store.as_deref() {
        Some(store) => store.known_ids()?,
        None => HashSet::new(),
    });
    let threads = tuning
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let window = window(threads);
    let (src_tx, src_rx) =
        bounded::<Numbered<Result<SourceDoc, faultline_ingest::IngestError>>>(threads * 8);
    let (work_tx, work_rx) = bounded::<Numbered<Work>>(window);
    // One permit per document the reader may have in flight; the writer hands a permit back
    // each time it takes the next document in order.
    let (permit_tx, permit_rx) = bounded::<()>(window);
    for _ in 0..window {
        permit_tx.send(()).context("preparing the pipeline")?;
    }

    let input_read = Arc::new(AtomicBool::new(false));
    let read = Arc::clone(&input_read);
    let reader = std::thread::Builder::new()
        .name("faultline-reader".into())
        .spawn(move || {
            for (seq, item) in (0u64..).zip(sources()) {
                if permit_rx.recv().is_err() || src_tx.send(Numbered(seq, item)).is_err() {
                    break;
                }
            }
            read.store(true, Ordering::Relaxed);
        })
        .context("starting the reader thread")?;

    let encode = store.is_some();
    let mut workers = Vec::with_capacity(threads);
    for i in 0..threads {
        let rx = src_rx.clone();
        let tx = work_tx.clone();
        let packs = Arc::clone(&packs);
        let known = Arc::clone(&known);
        let options = options.clone();
        workers.push(
            std::thread::Builder::new()
                .name(format!("faultline-worker-{i}"))
                .spawn(move || {
                    if encode {
                        yield_to_writer();
                    }
                    work(rx, tx, &packs, &known, &options, encode)
                })
                .context("starting a worker thread")?,
        );
    }
    drop(src_rx);
    drop(work_tx);

    let progress = if tuning.progress {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {elapsed} {pos} documents ({per_sec}) {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Some(bar)
    } else {
        None
    };

    // The writer runs on its own thread: while it commits one batch, this thread keeps
    // taking documents in order and handing permits back, so the workers never wait for a
    // commit. With the commit on this thread, the workers stalled once the window was full;
    // two batches of slack absorb a slow commit.
    let (batch_tx, batch_rx) = bounded::<Vec<Work>>(2);
    let batch_size = tuning.batch;
    let commit_every = tuning.commit_every;
    let writer_waiting = AtomicBool::new(false);
    let written = std::thread::scope(|scope| {
        let signals = WriterSignals {
            waiting: &writer_waiting,
            input_read: &input_read,
        };
        let writer = std::thread::Builder::new()
            .name("faultline-writer".into())
            .spawn_scoped(scope, move || {
                write_batches(store, batch_rx, commit_every, signals)
            })
            .context("starting the writer thread")?;
        // A writer with nothing to do takes a part of a batch rather than wait for a whole
        // one: what it writes now it need not write after the workers have finished, alone
        // on one core while the other sits idle.
        let due = |chunk: &Chunk| {
            chunk.due(batch_size)
                || (chunk.analysed >= EAGER_BATCH
                    && batch_tx.is_empty()
                    && writer_waiting.load(Ordering::Relaxed))
        };
        let mut chunk = Chunk {
            items: Vec::new(),
            analysed: 0,
            handed_at: Instant::now(),
        };
        let mut pending: BTreeMap<u64, Work> = BTreeMap::new();
        let mut next: u64 = 0;
        'pipeline: loop {
            // Waiting with a timeout, not forever: a chunk that input stopped filling (a
            // feed piped in, a slow disk) is handed on after the pause, not with the next
            // document, which may be hours away.
            let mut ready = Vec::new();
            match work_rx.recv_timeout(HAND_ON_AFTER) {
                Ok(Numbered(seq, work)) => {
                    pending.insert(seq, work);
                    while let Some(work) = pending.remove(&next) {
                        ready.push(work);
                        next += 1;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            for item in ready {
                // Ignored error: the reader has finished and dropped its end.
                let _ = permit_tx.send(());
                match &item {
                    Work::Analysed(..) => chunk.analysed += 1,
                    Work::Failed(e) if tuning.live_errors => {
                        let print = || match e.line {
                            Some(l) => eprintln!("{}:{}: {}", e.path, l, e.problem),
                            None => eprintln!("{}: {}", e.path, e.problem),
                        };
                        match &progress {
                            Some(bar) => bar.suspend(print),
                            None => print(),
                        }
                    }
                    _ => {}
                }
                chunk.items.push(item);
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
                // A send fails only when the writer stopped on an error, which its join
                // below reports.
                if due(&chunk) && batch_tx.send(chunk.take()).is_err() {
                    break 'pipeline;
                }
            }
            // Also after a pause in input, when no document came to trigger the check.
            if due(&chunk) && batch_tx.send(chunk.take()).is_err() {
                break;
            }
        }
        if !chunk.items.is_empty() {
            let _ = batch_tx.send(chunk.take());
        }
        drop(batch_tx);
        // On a write error, dropping the receiver and the permits makes the workers and
        // reader stop.
        drop(work_rx);
        drop(permit_tx);
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?
    });
    for w in workers {
        let _ = w.join();
    }
    let _ = reader.join();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let (mut summary, bytes) = written?;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    summary.seconds = secs;
    let total = summary.new + summary.unchanged;
    summary.documents_per_second = total as f64 / secs;
    summary.megabytes_per_second = bytes as f64 / 1e6 / secs;
    summary.megabytes = bytes as f64 / 1e6;
    summary.peak_memory_mb = peak_memory_mb();
    Ok(summary)
}

/// Documents in input order on their way to the writer as one batch.
struct Chunk {
    items: Vec<Work>,
    /// Analysed documents among `items` (the others are known or failed).
    analysed: usize,
    /// When the last batch was handed on.
    handed_at: Instant,
}

impl Chunk {
    /// Whether to hand the chunk on: at its size (a long run of known documents too, so the
    /// chunk stays small), or once it has waited [`HAND_ON_AFTER`], so a slow trickle of
    /// input still lands (the writer commits it once batches pause).
    fn due(&self, batch_size: usize) -> bool {
        self.analysed >= batch_size
            || self.items.len() >= 4 * batch_size
            || (!self.items.is_empty() && self.handed_at.elapsed() > HAND_ON_AFTER)
    }

    /// The documents to hand on; the chunk starts over.
    fn take(&mut self) -> Vec<Work> {
        self.analysed = 0;
        self.handed_at = Instant::now();
        std::mem::take(&mut self.items)
    }
}

/// Lowers the calling worker thread's scheduling priority a little.
///
/// With as many workers as cores, the single writer is a third thread sharing them: the
/// scheduler gave each thread an equal share, so the writer got two thirds of a core while it
/// needs most of one, and the workers then waited on it with cores idle. Behind the writer,
/// the workers use whatever it leaves. Linux keeps a nice value per thread; elsewhere the
/// call could renice the whole process, so it is made on Linux only. A refusal (a sandbox)
/// leaves the priority as it was.
fn yield_to_writer() {
    #[cfg(target_os = "linux")]
    if let Ok(lower) = thread_priority::ThreadPriorityValue::try_from(WORKER_PRIORITY) {
        let _ = thread_priority::set_current_thread_priority(
            thread_priority::ThreadPriority::Crossplatform(lower),
        );
    }
}

/// On thread-priority's scale of 0 to 99, where 50 is the default niceness.
#[cfg(target_os = "linux")]
const WORKER_PRIORITY: u8 = 40;

/// What the writer and the threads feeding it tell each other.
#[derive(Clone, Copy)]
struct WriterSignals<'a> {
    /// Set by the writer while it waits for a batch.
    waiting: &'a AtomicBool,
    /// Set by the reader once every input is read.
    input_read: &'a AtomicBool,
}

/// The writer thread: writes each batch, commits groups of them (`Store::group_commits`)
/// and keeps the tally, in input order. Without a store (extract-only) it only counts.
fn write_batches(
    mut store: Option<&mut Store>,
    batches: Receiver<Vec<Work>>,
    commit_every: usize,
    signals: WriterSignals<'_>,
) -> Result<(Summary, u64)> {
    let WriterSignals {
        waiting,
        input_read,
    } = signals;
    // Once the input is all read, the documents still to come are the few the workers hold
    // and those waiting in order. What is written by then is committed at once, so that the
    // checkpoint copies it while the last documents are analysed and written, and the commit
    // and checkpoint left for the end, on one core, cover those few alone.
    let mut committed_once_read = false;
    let mut summary = Summary::default();
    let mut bytes: u64 = 0;
    if let Some(store) = store.as_deref_mut() {
        store
            .checkpoint_in_background()
            .context("starting the database checkpoint thread")?;
        store.group_commits(commit_every, GROUP_AGE);
    }
    // Freeing a written batch (every document's text and rows) is work the writer need
    // not wait for; a thread of its own does it.
    let (dropped, to_drop) = bounded::<Vec<Encoded>>(2);
    let dropper = std::thread::Builder::new()
        .name("faultline-free".into())
        .spawn(move || to_drop.iter().for_each(drop))
        .context("starting a thread")?;
    loop {
        waiting.store(true, Ordering::Relaxed);
        let received = batches.recv_timeout(WRITER_IDLE);
        waiting.store(false, Ordering::Relaxed);
        let mut chunk = match received {
            Ok(chunk) => chunk,
            Err(RecvTimeoutError::Timeout) => {
                // Input has paused: what is written so far lands now, not with the next batch.
                if let Some(store) = store.as_deref_mut() {
                    store
                        .commit_group()
                        .context("committing documents to the database")?;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let analysed = chunk
            .iter()
            .filter(|w| matches!(w, Work::Analysed(_)))
            .count();
        let results = match store.as_deref_mut() {
            _ if analysed == 0 => Vec::new(),
            Some(store) => {
                let rows: Vec<Encoded> = chunk
                    .iter_mut()
                    .filter_map(|w| match w {
                        Work::Analysed(w) => w.rows.take(),
                        _ => None,
                    })
                    .collect();
                let results = store.insert_encoded(&rows).context(
                    "writing a batch of documents to the database (the documents since \
                         the last commit are not stored: the same ingest run again writes them)",
                )?;
                // The dropper stops only when this thread closes the channel.
                let _ = dropped.send(rows);
                if !committed_once_read && input_read.load(Ordering::Relaxed) {
                    committed_once_read = true;
                    store
                        .commit_group()
                        .context("committing documents to the database")?;
                }
                results
            }
            None => vec![Inserted::New { version: 1 }; analysed],
        };
        // Outcomes are listed in input order; results come in the order of the analysed
        // documents among them.
        let mut results = results.into_iter();
        for work in chunk {
            match work {
                Work::Analysed(w) => {
                    if let Some(result) = results.next() {
                        tally_written(&mut summary, &mut bytes, *w, result);
                    }
                }
                Work::Known { id, path, line } => {
                    summary.unchanged += 1;
                    summary.document(DocOutcome {
                        id,
                        path,
                        line,
                        status: "unchanged",
                        version: None,
                    });
                }
                Work::Failed(e) => summary.error(e),
            }
        }
    }
    drop(dropped);
    let _ = dropper.join();
    if let Some(store) = store {
        store
            .checkpoint_inline()
            .context("checkpointing the database")?;
    }
    Ok((summary, bytes))
}

fn tally_written(summary: &mut Summary, bytes: &mut u64, w: Written, result: Inserted) {
    let (status, version) = match result {
        Inserted::New { version } => {
            summary.new += 1;
            *bytes += w.size;
            ("new", Some(version))
        }
        Inserted::NearDuplicate { version } => {
            summary.new += 1;
            summary.near_duplicates += 1;
            *bytes += w.size;
            ("near-duplicate", Some(version))
        }
        Inserted::Unchanged => {
            summary.unchanged += 1;
            ("unchanged", None)
        }
    };
    summary.document(DocOutcome {
        id: w.id,
        path: w.path,
        line: w.line,
        status,
        version,
    });
}

/// How many documents may be between the reader and the writer: enough to keep every
/// worker busy while one document takes long, few enough that memory stays flat.
fn window(threads: usize) -> usize {
    (threads * 16).max(64)
}

fn work(
    rx: Receiver<Numbered<Result<SourceDoc, faultline_ingest::IngestError>>>,
    tx: Sender<Numbered<Work>>,
    packs: &Packs,
    known: &HashSet<String>,
    options: &Options,
    encode: bool,
) {
    for Numbered(seq, item) in rx.iter() {
        let out = match item {
            Err(e) => Work::Failed(InputError {
                path: e.path,
                line: e.line,
                problem: e.problem,
            }),
            Ok(source) => {
                let size = source.raw.len() as u64;
                let path = source.source.path.clone();
                let line = source.source.line;
                let document = faultline_engine::prepare(source);
                if document.text.trim().is_empty() {
                    Work::Failed(InputError {
                        path,
                        line,
                        problem: "no article text left after removing boilerplate".into(),
                    })
                } else if known.contains(&document.id.0) {
                    Work::Known {
                        id: document.id.0,
                        path,
                        line,
                    }
                } else {
                    let analysis = faultline_engine::analyze(document, packs, options);
                    // Encoding here, in parallel, leaves the single writer only the writing.
                    let id = analysis.document.id.0.clone();
                    let rows = encode.then(|| Encoded::from_analysis(analysis)).transpose();
                    match rows {
                        Ok(rows) => Work::Analysed(Box::new(Written {
                            id,
                            path,
                            line,
                            size,
                            rows,
                        })),
                        Err(e) => Work::Failed(InputError {
                            path,
                            line,
                            problem: format!("could not encode the analysis for storing: {e}"),
                        }),
                    }
                }
            }
        };
        if tx.send(Numbered(seq, out)).is_err() {
            break;
        }
    }
}

/// Peak resident set size (VmHWM) in megabytes, read from /proc on Linux.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("5MB"), Ok(5 * 1024 * 1024));
        assert_eq!(parse_size("800k"), Ok(800 * 1024));
        assert_eq!(parse_size("1048576"), Ok(1048576));
        assert!(parse_size("0").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("lots").is_err());
    }
}

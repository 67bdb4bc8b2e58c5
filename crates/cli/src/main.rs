//! The `faultline` command: the edge where user input, files, the clock and the database meet
//! the pure engine. Errors get their context here (anyhow) and `main` alone maps them to exit
//! codes: 0 success, 1 when some inputs failed, 2 on usage or fatal errors.

// The analysis makes many small strings and vectors per document on every worker thread;
// glibc's malloc took ~15% of analysis time in the profile (docs/performance.md), and
// mimalloc's thread-local free lists cut that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod demo;
mod eval;
mod export;
mod extract;
mod facts;
mod ingest;
mod output;
mod packs;
mod query;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use faultline_packs::Packs;

const EXAMPLES: &str = "\
Examples:
  faultline demo                           ingest the built-in sample corpus and show it
  faultline ingest corpus/ news.jsonl.gz   ingest files and directories (recursively)
  cat article.txt | faultline ingest -     ingest standard input
  faultline search \"non-aggression pact\"   full-text search over sentences
  faultline --db kb.db search Kidal --json machine-readable output
  faultline extract article.txt --json     analyse without storing";

#[derive(Parser, Debug)]
#[command(
    name = "faultline",
    version,
    about = "Turn news about armed conflicts into a time-aware knowledge base of actors, events and relations.",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug, Clone)]
struct Global {
    /// Database file (created if missing).
    #[arg(
        long,
        global = true,
        default_value = "faultline.db",
        value_name = "PATH"
    )]
    db: PathBuf,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Extra data pack directory, adding to or overriding the built-in packs (repeatable).
    #[arg(long = "packs", global = true, value_name = "DIR")]
    packs: Vec<PathBuf>,
    /// Hide the progress bar and notes on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest the built-in sample corpus into the database, then serve the web UI over it.
    Demo(demo::DemoArgs),
    /// Read articles (text, HTML, JSON Lines) into the database.
    #[command(after_help = "\
Examples:
  faultline ingest corpus/sample
  faultline ingest feed.jsonl.gz --max-doc-size 10MB
  faultline --json ingest - < article.txt")]
    Ingest(ingest::IngestArgs),
    /// Analyse documents without storing them; prints one JSON object per document.
    #[command(after_help = "\
Examples:
  faultline extract article.txt --json
  faultline extract --jsonl articles.jsonl --reference 2024-05-20")]
    Extract(extract::ExtractArgs),
    /// Score the pipeline against a gold file: precision, recall and F1 per category.
    #[command(after_help = "\
Examples:
  faultline eval eval/seeds.gold.json
  faultline eval eval/seeds.gold.json --report eval/seeds.report.md --json")]
    Eval(eval::EvalArgs),
    /// Full-text search over stored sentences.
    #[command(after_help = "\
Examples:
  faultline search \"non-aggression pact\"
  faultline search 'Kidal NEAR/5 capture' --fts --json")]
    Search(query::SearchArgs),
    /// Measure speed and memory on a corpus (see docs/performance.md).
    #[command(after_help = "\
Examples:
  python3 scripts/bench/make_corpus.py --mb 200
  faultline bench bench/corpus --mode extract
  faultline bench bench/corpus --mode ingest --json")]
    Bench(bench::BenchArgs),
    /// The state of relations between actors at a date.
    #[command(after_help = "\
Examples:
  faultline relations --at 2024-05-20
  faultline relations --at 2024-05-20 --actor JNIM --json")]
    Relations(facts::RelationsArgs),
    /// Events, merged across sources, filtered by actor, type, dates and place.
    #[command(after_help = "\
Examples:
  faultline events --actor FAMa --since 2023-11-01 --until 2023-11-30
  faultline events --type Battles --bbox -5,14,5,21 --json")]
    Events(facts::EventsArgs),
    /// What the knowledge base knows about one actor over time: its newest dated entries.
    Timeline(facts::TimelineArgs),
    /// Actors from the packs with how often the store has seen them.
    #[command(after_help = "\
Examples:
  faultline actors --kind jihadist_group
  faultline actors --candidates --json")]
    Actors(facts::ActorsArgs),
    /// One actor: names over time, aliases, memberships and leaders, when it was seen.
    Actor(facts::ActorArgs),
    /// Write the knowledge base as ACLED CSV, relations CSV, GeoJSON, GraphML or JSON Lines.
    #[command(after_help = "\
Examples:
  faultline export acled-csv -o events.csv
  faultline export graphml --at 2024-05-20 -o actors.graphml
  faultline export geojson --since 2023-01-01 > events.geojson")]
    Export(export::ExportArgs),
    /// Serve the web UI and the JSON API (read-only) over the database.
    #[command(after_help = "\
Examples:
  faultline serve
  faultline --db kb.db serve --addr 127.0.0.1:9000")]
    Serve(serve::ServeArgs),
    /// Check your own data packs (exit code 1 when there are problems).
    #[command(after_help = "\
Examples:
  faultline packs check my-packs/
  faultline --packs my-packs/ ingest corpus/")]
    Packs(packs::PacksArgs),
    /// Counts of what the database holds.
    Stats,
    /// Show one stored document: metadata, cleaned text, sentences.
    Show(query::ShowArgs),
}

/// Failures that end the run with exit code 2 and a message, as opposed to some inputs
/// failing (exit code 1).
#[derive(Debug)]
pub struct PartialFailure;

impl std::fmt::Display for PartialFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("some inputs failed")
    }
}

impl std::error::Error for PartialFailure {}

fn main() -> ExitCode {
    // mimalloc asks the kernel for transparent huge pages, and each first touch of one
    // zeroes 2 MB. Ingest churns through short-lived arenas, so the kernel spent 5% of all
    // CPU in `clear_page_erms`; with 4 KB pages ingest is ~5% faster and peaks ~45 MB lower
    // (docs/performance.md, sixth round). Failure (an old kernel) only costs that speed.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<PartialFailure>() => ExitCode::from(1),
        // A closed pipe (`faultline search … | head`) is the reader's choice, not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("faultline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn run(cli: Cli) -> Result<()> {
    let g = cli.global;
    match cli.command {
        Command::Demo(args) => demo::run(&g, args),
        Command::Serve(args) => serve::run(&g, args),
        Command::Bench(args) => bench::run(&g, args),
        Command::Ingest(args) => ingest::run(&g, args),
        Command::Extract(args) => extract::run(&g, args),
        Command::Eval(args) => eval::run(&g, args),
        Command::Search(args) => query::search(&g, args),
        Command::Stats => query::stats(&g),
        Command::Packs(args) => packs::run(&g, args),
        Command::Export(args) => export::run(&g, args),
        Command::Relations(args) => facts::relations(&g, args),
        Command::Events(args) => facts::events(&g, args),
        Command::Timeline(args) => facts::timeline(&g, args),
        Command::Actors(args) => facts::actors(&g, args),
        Command::Actor(args) => facts::actor(&g, args),
        Command::Show(args) => query::show(&g, args),
    }
}

/// The built-in packs plus the user's; a broken user pack is reported and skipped, never fatal.
fn load_packs(g: &Global) -> Packs {
    let (packs, problems) = Packs::with_user_dirs(&user_pack_dirs(g));
    warn_user_packs(problems);
    packs
}

/// [`load_packs`] for a command that analyses documents next: the engine compiles its
/// patterns on another core meanwhile, so the first documents do not wait for them.
fn load_packs_to_analyse(g: &Global) -> Packs {
    std::thread::scope(|scope| {
        scope.spawn(faultline_engine::warm_up);
        load_packs(g)
    })
}

fn warn_user_packs(problems: Option<faultline_packs::PackError>) {
    if let Some(e) = problems {
        eprint!("faultline: warning: user packs not loaded, using the built-in packs. {e}");
    }
}

/// The actor pack alone, built-in plus the `--packs` directories: all that naming an actor
/// needs. Loading every pack (the gazetteer above all) took longer than the queries that
/// take an actor's name (`events --actor`, `relations --actor`, `timeline`).
fn load_actor_pack(g: &Global) -> faultline_packs::actors::ActorPack {
    let (pack, problems) = faultline_packs::actors::ActorPack::with_user_dirs(&user_pack_dirs(g));
    warn_user_packs(problems);
    pack
}

fn user_pack_dirs(g: &Global) -> Vec<&std::path::Path> {
    g.packs.iter().map(PathBuf::as_path).collect()
}

/// Parses `YYYY-MM-DD` for `--reference`.
fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

/// The engine reads no clock; the CLI gives it today's date.
fn engine_options(reference: Option<NaiveDate>) -> faultline_engine::Options {
    faultline_engine::Options {
        reference,
        today: Some(chrono::Local::now().date_naive()),
    }
}

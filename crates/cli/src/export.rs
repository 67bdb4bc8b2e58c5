//! `faultline export`: the knowledge base as files other tools read.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use faultline_export::Selection;
use faultline_store::Store;

use crate::{Global, load_packs, parse_date};

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(subcommand)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short, global = true, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Format {
    /// Events as ACLED-compatible CSV (ACLED's columns and order; notes cite the evidence).
    AcledCsv {
        #[command(flatten)]
        selection: EventSelection,
        /// Value of the `timestamp` column (Unix seconds); default now. Fixing it makes two
        /// exports of one database byte-identical.
        #[arg(long, value_name = "SECONDS")]
        timestamp: Option<i64>,
    },
    /// Every relation statement with its modality, polarity, attribution and evidence.
    RelationsCsv,
    /// Events with a place as a GeoJSON FeatureCollection.
    Geojson(EventSelection),
    /// The actor graph at a date as GraphML (for Gephi).
    Graphml {
        /// The date (YYYY-MM-DD); default today.
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// Every stored analysis (document, spans and facts) as JSON Lines.
    Jsonl,
}

#[derive(Args, Debug)]
struct EventSelection {
    /// Include planned, speculative and denied events (tagged), which ACLED does not code.
    #[arg(long)]
    all: bool,
    /// Events on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Events on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
}

impl EventSelection {
    fn selection(&self) -> Result<Selection> {
        Ok(Selection {
            all_modalities: self.all,
            from: self
                .since
                .as_deref()
                .map(parse_date)
                .transpose()?
                .map(|d| d.to_string()),
            to: self
                .until
                .as_deref()
                .map(parse_date)
                .transpose()?
                .map(|d| d.to_string()),
        })
    }
}

pub fn run(g: &Global, args: ExportArgs) -> Result<()> {
    let store = Store::open_read_only(&g.db)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        Format::AcledCsv {
            selection,
            timestamp,
        } => {
            let packs = load_packs(g);
            let events = faultline_export::events(&store, &selection.selection()?);
            let skipped = faultline_export::acled_csv(
                events,
                &packs,
                timestamp.unwrap_or_else(|| chrono::Utc::now().timestamp()),
                &mut out,
            )?;
            if skipped > 0 && !g.quiet {
                eprintln!("faultline: {skipped} undated event(s) left out: ACLED rows need a date");
            }
        }
        Format::RelationsCsv => faultline_export::relations_csv(&store, &mut out)?,
        Format::Geojson(sel) => {
            let events = faultline_export::events(&store, &sel.selection()?);
            faultline_export::geojson(events, &mut out)?;
        }
        Format::Graphml { at } => {
            let at = at
                .as_deref()
                .map(parse_date)
                .transpose()?
                .unwrap_or_else(|| chrono::Local::now().date_naive());
            faultline_export::graphml(&store.graph_at(&at.to_string())?, &mut out)?;
        }
        Format::Jsonl => faultline_export::jsonl(&store, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

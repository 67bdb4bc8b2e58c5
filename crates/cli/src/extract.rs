//! `faultline extract`: analyse documents and print what was found, storing nothing.
//!
//! Output is one JSON object per input document, in input order (JSON Lines), whatever the
//! number of threads: documents are analysed in parallel in bounded chunks and printed in
//! order, so the output is deterministic.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use faultline_model::actor::Mention;
use faultline_model::fact::{Event, Relation};
use faultline_model::place::PlaceMention;
use faultline_model::time::{Published, TimeMention};
use faultline_model::{Analysis, SourceRef};
use rayon::prelude::*;
use serde::Serialize;

use crate::output::print_json;
use crate::{Global, PartialFailure, engine_options, load_packs_to_analyse, parse_date};

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories to analyse (text, HTML, JSON Lines).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// A JSON Lines file of {"id","text" or "html","published"?,"title"?,"url"?} objects;
    /// `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Reference date for documents that carry no date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    reference: Option<String>,
    /// Largest document accepted, in bytes.
    #[arg(long, default_value_t = 5 * 1024 * 1024, value_name = "BYTES")]
    max_doc_size: u64,
}

/// The public shape of one analysed document; later stages add their fields here.
#[derive(Serialize)]
pub struct Extracted<'a> {
    pub id: &'a str,
    pub source: &'a SourceRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    pub language: &'a str,
    pub language_confidence: f64,
    pub published: &'a Published,
    pub times: &'a [TimeMention],
    pub mentions: &'a [Mention],
    pub places: &'a [PlaceMention],
    pub events: &'a [Event],
    pub relations: &'a [Relation],
    pub sentences: usize,
}

impl<'a> Extracted<'a> {
    pub fn new(a: &'a Analysis) -> Self {
        let d = &a.document;
        Extracted {
            id: &d.id.0,
            source: &d.source,
            title: d.meta.title.as_deref(),
            url: d.meta.url.as_deref(),
            language: &d.language.code,
            language_confidence: d.language.confidence,
            published: &a.published,
            times: &a.times,
            mentions: &a.mentions,
            places: &a.places,
            events: &a.events,
            relations: &a.relations,
            sentences: d.sentences.len(),
        }
    }
}

#[derive(Serialize)]
struct Failed<'a> {
    source: FailedSource<'a>,
    error: &'a str,
}

#[derive(Serialize)]
struct FailedSource<'a> {
    path: &'a str,
    line: Option<u64>,
}

const CHUNK: usize = 256;

pub fn run(g: &Global, args: ExtractArgs) -> Result<()> {
    let reference = args.reference.as_deref().map(parse_date).transpose()?;
    let options = engine_options(reference);
    let packs = load_packs_to_analyse(g);
    let mut paths = args.files;
    paths.extend(args.jsonl);
    if paths.is_empty() {
        anyhow::bail!("nothing to extract: give FILE arguments or --jsonl FILE (see --help)");
    }
    let input = faultline_ingest::Options {
        max_document_bytes: args.max_doc_size,
    };
    let mut failed = 0usize;
    let mut items = faultline_ingest::sources(paths, input).peekable();
    while items.peek().is_some() {
        let chunk: Vec<_> = items.by_ref().take(CHUNK).collect();
        let analysed: Vec<_> = chunk
            .into_par_iter()
            .map(|item| {
                item.map(|source| {
                    let doc = faultline_engine::prepare(source);
                    faultline_engine::analyze(doc, &packs, &options)
                })
            })
            .collect();
        for result in &analysed {
            match result {
                Ok(a) => {
                    if g.json {
                        print_json(&Extracted::new(a))?;
                    } else {
                        print_human(a)?;
                    }
                }
                Err(e) => {
                    failed += 1;
                    if g.json {
                        print_json(&Failed {
                            source: FailedSource {
                                path: &e.path,
                                line: e.line,
                            },
                            error: &e.problem,
                        })?;
                    }
                    eprintln!("{e}");
                }
            }
        }
    }
    if failed > 0 {
        return Err(PartialFailure.into());
    }
    Ok(())
}

fn print_human(a: &Analysis) -> Result<()> {
    let d = &a.document;
    crate::out!("{} {}", d.id, d.source)?;
    if let Some(t) = &d.meta.title {
        crate::out!("  title:     {t}")?;
    }
    crate::out!(
        "  language:  {} ({:.2}), {} sentences",
        d.language.code,
        d.language.confidence,
        d.sentences.len()
    )?;
    crate::out!(
        "  found:     {} dates, {} actor mentions, {} places, {} events, {} relations",
        a.times.len(),
        a.mentions.len(),
        a.places.len(),
        a.events.len(),
        a.relations.len()
    )?;
    Ok(())
}

//! Read-only commands over the store: search, stats, show.

use anyhow::{Result, bail};
use clap::Args;
use faultline_store::Store;
use serde::Serialize;

use crate::Global;
use crate::output::{ellipsize, print_json};

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Words to find (all must match; "quoted phrases" and hyphenated words match as written).
    #[arg(required = true)]
    query: Vec<String>,
    /// Most results to show.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Pass the query to SQLite FTS5 as written (AND, OR, NOT, NEAR, prefix*).
    #[arg(long)]
    fts: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Document id (or a unique prefix of it).
    id: String,
}

fn open(g: &Global) -> Result<Store> {
    Ok(Store::open_read_only(&g.db)?)
}

pub fn search(g: &Global, args: SearchArgs) -> Result<()> {
    let store = open(g)?;
    let query = args.query.join(" ");
    let hits = store.search(&query, args.limit, args.fts)?;
    if g.json {
        #[derive(Serialize)]
        struct Out<'a> {
            query: &'a str,
            count: usize,
            hits: &'a [faultline_store::SearchHit],
        }
        return print_json(&Out {
            query: &query,
            count: hits.len(),
            hits: &hits,
        });
    }
    if hits.is_empty() {
        crate::out!("no sentence matches {query:?}")?;
    }
    for h in &hits {
        crate::out!(
            "{} (doc {} sentence {}, bytes {}..{} of the input)",
            h.source_path,
            &h.doc_id[..12.min(h.doc_id.len())],
            h.sentence_index,
            h.raw_start,
            h.raw_end
        )?;
        crate::out!("    {}", ellipsize(&h.snippet, 300))?;
    }
    Ok(())
}

pub fn stats(g: &Global) -> Result<()> {
    let store = open(g)?;
    let stats = store.stats()?;
    if g.json {
        return print_json(&stats);
    }
    crate::out!("database:  {}", g.db.display())?;
    crate::out!(
        "documents: {} ({} articles)",
        stats.documents,
        stats.articles
    )?;
    crate::out!("sentences: {}", stats.sentences)?;
    crate::out!(
        "mentions:  {} ({} linked to an actor)",
        stats.mentions,
        stats.linked_mentions
    )?;
    crate::out!(
        "events:    {} ({} reports)",
        stats.events,
        stats.event_reports
    )?;
    crate::out!("relations: {} statements", stats.relations)?;
    if let (Some(a), Some(b)) = (&stats.first_published, &stats.last_published) {
        crate::out!("published: {a} to {b}")?;
    }
    let langs: Vec<String> = stats
        .languages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    crate::out!("languages: {}", langs.join(", "))?;
    Ok(())
}

pub fn show(g: &Global, args: ShowArgs) -> Result<()> {
    let store = open(g)?;
    let Some(doc) = store.document(&args.id)? else {
        bail!("no document with id {:?} in {}", args.id, g.db.display());
    };
    if g.json {
        return print_json(&doc);
    }
    let d = &doc.analysis.document;
    crate::out!("id:        {}", d.id)?;
    crate::out!("source:    {}", d.source)?;
    if let Some(t) = &d.meta.title {
        crate::out!("title:     {t}")?;
    }
    if let Some(b) = &d.meta.byline {
        crate::out!("byline:    {b}")?;
    }
    crate::out!(
        "language:  {} ({:.2})",
        d.language.code,
        d.language.confidence
    )?;
    crate::out!("version:   {} of {}", doc.version, doc.article_key)?;
    crate::out!("removed:   {} boilerplate lines", d.removed.len())?;
    crate::out!()?;
    for (i, s) in d.sentences.iter().enumerate() {
        crate::out!("[{i}] {}", s.text(&d.text))?;
    }
    Ok(())
}

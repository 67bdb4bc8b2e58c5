//! `faultline eval`: run the pipeline over the documents of a gold file and score the output
//! per category, optionally writing the Markdown report that is committed under `eval/`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use faultline_eval::{Gold, SystemDoc};
use faultline_packs::Packs;
use serde_json::Value;

use crate::extract::Extracted;
use crate::output::print_json;
use crate::{Global, engine_options, load_packs};

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold file in the format of eval/seeds.gold.json.
    gold: PathBuf,
    /// Directory holding the gold documents, as files named after the gold `doc` keys.
    #[arg(long, default_value = "corpus/sample", value_name = "DIR")]
    corpus: PathBuf,
    /// Write the Markdown report to this file (commit it so quality changes show in review).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

pub fn run(g: &Global, args: EvalArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let gold: Gold = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a gold file", args.gold.display()))?;
    let packs = load_packs(g);
    let report = evaluate(&gold, &args.corpus, &packs)?;
    let title = format!(
        "Evaluation on {}",
        args.gold.file_name().map_or_else(
            || args.gold.display().to_string(),
            |n| n.to_string_lossy().into_owned()
        )
    );
    if let Some(path) = &args.report {
        std::fs::write(path, report.to_markdown(&title))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if g.json {
        return print_json(&report);
    }
    crate::out!(
        "{:<32} {:>9} {:>6} {:>5} {:>12}",
        "category",
        "precision",
        "recall",
        "F1",
        "required"
    )?;
    for s in &report.scores {
        crate::out!(
            "{:<32} {:>9.2} {:>6.2} {:>5.2} {:>12}",
            s.category,
            s.precision,
            s.recall,
            s.f1,
            s.required_label()
        )?;
    }
    if !report.findings.is_empty() {
        crate::out!("\n{} misses and wrong answers:", report.findings.len())?;
        for f in &report.findings {
            crate::out!("  {} {}: {}", f.category, f.doc, f.what)?;
        }
    }
    Ok(())
}

/// Runs the pipeline over every document the gold file names and scores the result.
pub fn evaluate(gold: &Gold, corpus: &Path, packs: &Packs) -> Result<faultline_eval::Report> {
    let mut keys: Vec<&str> = gold.documents.iter().map(|d| d.doc.as_str()).collect();
    for key in gold
        .times
        .iter()
        .map(|t| t.doc.as_str())
        .chain(gold.places.iter().map(|p| p.doc.as_str()))
        .chain(gold.relations.iter().map(|r| r.doc.as_str()))
        .chain(gold.events.iter().map(|e| e.doc.as_str()))
    {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let files = files_by_stem(corpus)?;
    let options = engine_options(None);
    let mut analyses = BTreeMap::new();
    for key in keys {
        let Some(path) = files.get(key) else {
            bail!(
                "gold document {key:?} has no file named {key}.* under {}",
                corpus.display()
            );
        };
        let source = faultline_ingest::sources(vec![path.clone()], Default::default())
            .next()
            .with_context(|| format!("{}: no document in the file", path.display()))?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let doc = faultline_engine::prepare(source);
        analyses.insert(
            key.to_string(),
            faultline_engine::analyze(doc, packs, &options),
        );
    }
    let extracted: BTreeMap<String, Value> = analyses
        .iter()
        .map(|(k, a)| Ok((k.clone(), serde_json::to_value(Extracted::new(a))?)))
        .collect::<Result<_>>()?;
    let docs: BTreeMap<String, SystemDoc<'_>> = analyses
        .iter()
        .map(|(k, a)| {
            (
                k.clone(),
                SystemDoc {
                    text: &a.document.text,
                    extracted: &extracted[k],
                    byline: a.document.meta.byline.as_deref(),
                },
            )
        })
        .collect();
    Ok(faultline_eval::score(gold, &docs, &actor_ids(gold, packs)))
}

/// Maps gold actor ids to pack actor ids through the pack's own name lookup: the canonical
/// name first, then the other names, taking the pack actor most of them point at.
fn actor_ids(gold: &Gold, packs: &Packs) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for actor in &gold.actors {
        let mut votes: BTreeMap<String, usize> = BTreeMap::new();
        for name in std::iter::once(&actor.canonical).chain(&actor.names) {
            if let Some(found) = packs.actors.lookup(name).first() {
                *votes.entry(found.id.clone()).or_default() += 1;
            }
        }
        if let Some((id, _)) = votes.into_iter().max_by_key(|(_, n)| *n) {
            out.insert(actor.id.clone(), id);
        }
    }
    out
}

fn files_by_stem(dir: &Path) -> Result<HashMap<String, PathBuf>> {
    let mut out = HashMap::new();
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("reading corpus {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
            out.insert(stem.to_string(), path.clone());
        }
    }
    Ok(out)
}

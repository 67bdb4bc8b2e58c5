//! The analysis pipeline: one source document in, one [`Analysis`] out.
//!
//! Architecture Invariant: the engine does no IO, reads no clock and keeps no global mutable
//! state; the reference date comes in through [`Options`]. It never fails on odd text: each
//! stage returns what it found plus diagnostics. Parallelism lives outside (`analyze` is
//! single-document and deterministic), so the same input always gives the same output.

pub mod actors;
mod ascii;
pub mod clean;
pub mod facts;
pub mod identity;
pub mod language;
pub mod places;
pub mod sentences;
pub mod time;

use chrono::NaiveDate;
pub use faultline_model::{Analysis, Diagnostic, Stage};
use faultline_model::{Document, SourceDoc};
use faultline_packs::Packs;

/// Caller-supplied context. The engine reads no clock: "today" comes from here.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Reference date for relative expressions when a document has no publication date
    /// (`--reference`).
    pub reference: Option<NaiveDate>,
    /// The day the analysis runs: nothing is published after it, so it bounds inferred
    /// years ("Friday May 17" is the latest such Friday not after today).
    pub today: Option<NaiveDate>,
}

/// Compiles the engine's patterns (the cleaner's, the actor and place stages' regexes) now
/// instead of in the first documents that need them. They take about 40 ms of one core;
/// a caller that runs this on a thread of its own while it loads the packs, which keep one
/// core busy, starts analysing with them ready.
pub fn warm_up() {
    clean::warm_up();
    actors::warm_up();
    places::warm_up();
    language::warm_up();
}

/// The text stages: clean the raw text, identify the document, detect its language, split
/// its sentences. Cheap enough to run before deciding whether a document is new.
pub fn prepare(source: SourceDoc) -> Document {
    let SourceDoc {
        source,
        mut meta,
        raw,
        html,
    } = source;
    let cleaned = clean::clean_text(&raw);
    meta.fill_from(cleaned.meta);
    let language = language::detect_language(&cleaned.text, meta.language.as_deref());
    let sentences = sentences::split_sentences(&cleaned.text, language.lang());
    Document {
        id: identity::doc_id(&cleaned.text),
        simhash: identity::simhash(&cleaned.text),
        source,
        meta,
        raw,
        html,
        text: cleaned.text,
        offsets: cleaned.offsets,
        removed: cleaned.removed,
        language,
        sentences,
    }
}

/// Run every stage over a prepared document.
pub fn analyze(document: Document, packs: &Packs, options: &Options) -> Analysis {
    let (published, times) = time::normalize_dates(&document, &packs.time, options);
    let mentions = actors::find_mentions(&document, &packs.actors, published.date());
    let places = places::geocode(&document, &packs.gazetteer, &mentions);
    let (events, relations) =
        facts::extract_facts(&document, &mentions, &times, &places, &published, packs);
    Analysis {
        document,
        published,
        times,
        mentions,
        places,
        events,
        relations,
        diagnostics: Vec::new(),
    }
}

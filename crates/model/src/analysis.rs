//! The result of running the pipeline over one document: the document itself plus what each
//! stage found. Lives here, not in the engine, so the store, exports and server can read
//! analyses without depending on the engine.

use serde::{Deserialize, Serialize};

use crate::Document;
use crate::actor::Mention;
use crate::fact::{Event, Relation};
use crate::place::PlaceMention;
use crate::time::{Published, TimeMention};

/// The stages, in pipeline order. Names stages in timings, progress and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Ingest,
    Clean,
    Language,
    Sentences,
    Times,
    Mentions,
    Places,
    Events,
    Relations,
}

/// Something a stage wants a user to know about a document without failing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub stage: Stage,
    pub message: String,
}

/// Everything the pipeline found in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub document: Document,
    /// Publication date: from metadata, a byline, or inferred from the text's dates.
    pub published: Published,
    pub times: Vec<TimeMention>,
    pub mentions: Vec<Mention>,
    pub places: Vec<PlaceMention>,
    /// Absent in analyses stored before the fact stages existed.
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    pub diagnostics: Vec<Diagnostic>,
}

//! The vocabulary every faultline crate speaks: a [`Document`] with its cleaned text and the
//! spans that stages attach to it, and the facts (actors, times, places, events, relations)
//! that cite those spans as evidence.
//!
//! This crate holds plain data only: no IO, no parsing of pack files, no pipeline logic, so
//! that every other crate can depend on it without pulling anything heavy.

pub mod actor;
pub mod analysis;
pub mod document;
pub mod fact;
pub mod place;
pub mod span;
pub mod time;

pub use analysis::{Analysis, Diagnostic, Stage};
pub use document::{
    CleanTextBuilder, DocId, Document, Lang, Language, Meta, OffsetMap, RemovedLine, SourceDoc,
    SourceFormat, SourceRef,
};
pub use span::Span;

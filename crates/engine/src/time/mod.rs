//! Placeholder time stage; the time issue replaces it.

use faultline_model::Document;
use faultline_model::time::{Published, TimeMention};
use faultline_packs::time::TimeLexicon;

use crate::Options;

/// Find and normalise the document's date expressions, and settle its publication date.
pub fn normalize_dates(
    _doc: &Document,
    _lexicon: &TimeLexicon,
    _options: &Options,
) -> (Published, Vec<TimeMention>) {
    (Published::default(), Vec::new())
}

//! Placeholder time stage; the time issue replaces it.

use chrono::NaiveDate;
use faultline_model::Document;
use faultline_model::time::{Published, TimeMention};
use faultline_packs::time::TimeLexicon;

/// Find and normalise the document's date expressions, and settle its publication date.
pub fn normalize_dates(
    _doc: &Document,
    _lexicon: &TimeLexicon,
    _reference: Option<NaiveDate>,
) -> (Published, Vec<TimeMention>) {
    (Published::default(), Vec::new())
}

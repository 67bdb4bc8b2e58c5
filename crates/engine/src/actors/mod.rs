//! Placeholder actor stage; the actors issue replaces it.

use chrono::NaiveDate;
use faultline_model::Document;
use faultline_model::actor::Mention;
use faultline_packs::actors::ActorPack;

/// Find actor mentions and link them to pack actors (names valid at the document's date,
/// when it is known).
pub fn find_mentions(
    _doc: &Document,
    _pack: &ActorPack,
    _doc_date: Option<NaiveDate>,
) -> Vec<Mention> {
    Vec::new()
}

//! Placeholder place stage; the places issue replaces it.

use faultline_model::Document;
use faultline_model::actor::Mention;
use faultline_model::place::PlaceMention;
use faultline_packs::gazetteer::Gazetteer;

/// Find place mentions and resolve each to one gazetteer entry. Actor mentions are passed
/// in so that names of people and groups are not read as places.
pub fn geocode(
    _doc: &Document,
    _gazetteer: &Gazetteer,
    _mentions: &[Mention],
) -> Vec<PlaceMention> {
    Vec::new()
}

//! Placeholder actor stage; the actors issue replaces it.

use faultline_model::Document;
use faultline_model::actor::Mention;
use faultline_model::time::Published;
use faultline_packs::actors::ActorPack;

/// Find actor mentions and link them to pack actors (names valid at the document's date).
pub fn find_mentions(_doc: &Document, _pack: &ActorPack, _published: &Published) -> Vec<Mention> {
    Vec::new()
}

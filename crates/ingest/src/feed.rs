//! Feeds (phase 2 placeholder).

use crate::{Docs, IngestError, one};

pub(crate) fn read_feed(path: &str, _bytes: &[u8], _limit: u64) -> Docs {
    one(Err(IngestError { path: path.to_owned(), line: None, problem: "feeds are not supported yet".into() }))
}

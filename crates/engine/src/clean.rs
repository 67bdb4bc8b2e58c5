//! Placeholder cleaning stage (identity); replaced by the boilerplate cleaner.

use faultline_model::{CleanTextBuilder, Meta, OffsetMap, RemovedLine};

pub struct Cleaned {
    pub text: String,
    pub offsets: OffsetMap,
    pub removed: Vec<RemovedLine>,
    pub meta: Meta,
}

pub fn clean_text(raw: &str) -> Cleaned {
    let mut b = CleanTextBuilder::new();
    b.push_raw(0, raw);
    let (text, offsets) = b.finish();
    Cleaned {
        text,
        offsets,
        removed: Vec::new(),
        meta: Meta::default(),
    }
}

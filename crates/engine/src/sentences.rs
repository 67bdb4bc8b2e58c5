//! Placeholder sentence splitter (one sentence per line); replaced by the real splitter.

use faultline_model::{Lang, Span};

pub fn split_sentences(text: &str, _lang: Lang) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if !trimmed.trim().is_empty() {
            out.push(Span::new(start, start + trimmed.len()));
        }
        start += line.len();
    }
    out
}

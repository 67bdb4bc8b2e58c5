//! Document identity: a hash of the normalised cleaned text.
//!
//! Normalisation folds what differs between two copies of one article but not its words:
//! Unicode composition (NFC), runs of white space, and letter case are ignored, so the same
//! article saved by two scrapers, or with CRLF line ends, gets one id.

use faultline_model::DocId;
use unicode_normalization::UnicodeNormalization;

pub fn doc_id(clean_text: &str) -> DocId {
    let mut hasher = blake3::Hasher::new();
    let mut buf = [0u8; 4];
    let mut pending_space = false;
    let mut started = false;
    for c in clean_text.nfc() {
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            hasher.update(b" ");
            pending_space = false;
        }
        started = true;
        for lc in c.to_lowercase() {
            hasher.update(lc.encode_utf8(&mut buf).as_bytes());
        }
    }
    let hash = hasher.finalize();
    DocId(hash.to_hex()[..32].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_words_different_spacing_and_case_share_an_id() {
        assert_eq!(
            doc_id("Le FAMa a repris Kidal.\r\n"),
            doc_id("  le fama   a repris\nKidal.")
        );
        assert_ne!(doc_id("Kidal was taken."), doc_id("Kidal was not taken."));
    }

    #[test]
    fn composed_and_decomposed_accents_share_an_id() {
        assert_eq!(doc_id("Ménaka"), doc_id("Me\u{301}naka"));
    }
}

//! Precomputed folds of the Latin letters, shared by the packs that fold text for matching.
//!
//! Decomposition tables are slow to search and French news has an accented letter every
//! few words, so each folding scheme works out its fold of U+0080–U+024F (Latin-1 and the
//! Latin extensions: the accented letters of French and of transcribed Sahelian names) once.
//! The schemes differ (the actors pack keeps apostrophes, the gazetteer splits on them);
//! this module only holds the table.

/// The folds of one scheme for U+0080 to U+024F.
pub(crate) struct LatinFolds(Vec<String>);

/// The first character the table covers.
const FIRST: u32 = 0x80;
/// One past the last.
const END: u32 = 0x250;

impl LatinFolds {
    /// Works out `fold` for every character of the range.
    pub(crate) fn new(fold: impl Fn(char, &mut String)) -> Self {
        LatinFolds(
            (FIRST..END)
                .map(|u| {
                    let mut folded = String::new();
                    if let Some(c) = char::from_u32(u) {
                        fold(c, &mut folded);
                    }
                    folded
                })
                .collect(),
        )
    }

    /// The fold of `c`, when the table covers it.
    pub(crate) fn get(&self, c: char) -> Option<&str> {
        (c as u32)
            .checked_sub(FIRST)
            .and_then(|i| self.0.get(i as usize))
            .map(String::as_str)
    }
}

/// The end of the run of ASCII bytes that starts at `at`: the offset of the first other
/// byte, or the length. Sixteen bytes at a time (`<[u8]>::is_ascii` tests a chunk a word
/// at a time): news text is mostly ASCII, and testing byte by byte cost the folds six
/// instructions a byte. The engine's passes over a document's text use it too.
pub fn ascii_run_end(bytes: &[u8], at: usize) -> usize {
    let Some(rest) = bytes.get(at..) else {
        return bytes.len();
    };
    let whole = rest
        .chunks_exact(16)
        .take_while(|chunk| chunk.is_ascii())
        .count()
        * 16;
    rest.get(whole..)
        .and_then(|tail| tail.iter().position(|b| !b.is_ascii()))
        .map_or(bytes.len(), |i| at + whole + i)
}

#[cfg(test)]
mod tests {
    use super::{LatinFolds, ascii_run_end};

    /// Chunk by chunk, the run ends where a byte-by-byte search ends it: wherever the first
    /// other byte falls within or across the chunks, from any starting offset.
    #[test]
    fn ascii_runs_end_at_the_first_other_byte() {
        for split in [0, 1, 15, 16, 17, 31, 32, 33, 47] {
            let text = format!("{}é{}", "a".repeat(split), "b".repeat(20));
            let bytes = text.as_bytes();
            for at in 0..=bytes.len() + 1 {
                let by_bytes = bytes
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|b| !b.is_ascii()))
                    .map_or(bytes.len(), |i| at + i);
                assert_eq!(ascii_run_end(bytes, at), by_bytes, "{split} {at}");
            }
        }
    }

    #[test]
    fn covers_the_latin_range_only() {
        let upper = LatinFolds::new(|c, out| out.extend(c.to_uppercase()));
        assert_eq!(upper.get('é'), Some("É"));
        assert_eq!(upper.get('ɏ'), Some("Ɏ"));
        assert_eq!(upper.get('a'), None);
        assert_eq!(upper.get('ɐ'), None);
    }
}

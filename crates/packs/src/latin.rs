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

#[cfg(test)]
mod tests {
    use super::LatinFolds;

    #[test]
    fn covers_the_latin_range_only() {
        let upper = LatinFolds::new(|c, out| out.extend(c.to_uppercase()));
        assert_eq!(upper.get('é'), Some("É"));
        assert_eq!(upper.get('ɏ'), Some("Ɏ"));
        assert_eq!(upper.get('a'), None);
        assert_eq!(upper.get('ɐ'), None);
    }
}

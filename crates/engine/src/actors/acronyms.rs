//! Acronyms the text defines for itself: "HCUA (High Council for the Unity of Azawad)",
//! "the Coordination of Azawad Movements (CMA)", "le Front de libération de l'Azawad (FLA)".
//! Finds short-form/long-form pairs in both orders with the Schwartz–Hearst algorithm
//! (A Simple Algorithm for Identifying Abbreviation Definitions in Biomedical Text, 2003),
//! which also works for French because it only needs the short form's letters to appear in
//! order in the long form, the first at a word start.
//!
//! This module only finds pairs and their spans; linking them to the pack is the caller's.

use std::sync::LazyLock;

use regex::Regex;

/// A parenthesis on one line. `None` only if the constant pattern failed to compile, which
/// a test rules out; the stage then learns no acronyms rather than panicking.
static PARENS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\(([^()\n]{1,160})\)").ok());

/// A short form and its long form as the text gives them, with byte spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pair {
    pub short: (usize, usize),
    pub long: (usize, usize),
    /// Whether Schwartz–Hearst matched the letters (false when the pair was only read from
    /// the "LONG (SHORT)" layout, which the caller may accept when LONG is a known name).
    pub letters_match: bool,
}

/// Whether a token can be a short form: 2 to 10 characters, starting with a letter or digit,
/// with at least two capitals ("CSP-PSD", "FAMa", "GSIM").
pub(super) fn is_short_form(s: &str) -> bool {
    let n = s.chars().count();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    (2..=10).contains(&n)
        && s.chars().next().is_some_and(char::is_alphanumeric)
        && upper >= 2
        && !s.contains(char::is_whitespace)
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == '&')
}

/// Every short-form/long-form pair written with parentheses in `text`.
pub(super) fn find_pairs(text: &str) -> Vec<Pair> {
    let mut out = Vec::new();
    let Some(parens) = PARENS.as_ref() else {
        return out;
    };
    for cap in parens.captures_iter(text) {
        let (Some(whole), Some(inner)) = (cap.get(0), cap.get(1)) else {
            continue;
        };
        // "(GSIM, JNIM in Arabic)": the first item is the definition.
        let first_len = inner.as_str().find([',', ';']).unwrap_or(inner.len());
        let first = inner.as_str().get(..first_len).unwrap_or("");
        let lead = first.len() - first.trim_start().len();
        let first_trim = first.trim();
        let first_span = (
            inner.start() + lead,
            inner.start() + lead + first_trim.len(),
        );
        let line_start = text
            .get(..whole.start())
            .and_then(|p| p.rfind('\n'))
            .map_or(0, |i| i + 1);
        let before = text.get(line_start..whole.start()).unwrap_or("");
        if is_short_form(first_trim) {
            // LONG (SHORT): the long form is among the words just before the parenthesis.
            let n = first_trim.chars().count();
            let max_words = (n + 5).min(n * 2);
            let window_start = word_window_start(before, max_words);
            let window = before.get(window_start..).unwrap_or("").trim_end();
            if window.is_empty() {
                continue;
            }
            let abs = line_start + window_start;
            match best_long_form(first_trim, window) {
                Some(ls) => out.push(Pair {
                    short: first_span,
                    long: (abs + ls, abs + window.len()),
                    letters_match: true,
                }),
                None => out.push(Pair {
                    short: first_span,
                    long: (abs, abs + window.len()),
                    letters_match: false,
                }),
            }
        } else if first_trim.split_whitespace().count() >= 2 {
            // SHORT (LONG): the short form is the word right before the parenthesis.
            let trimmed = before.trim_end();
            let ws = trimmed
                .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '«')
                .map_or(0, |i| i + 1);
            let short = trimmed.get(ws..).unwrap_or("");
            let short = short.trim_end_matches([',', ':']);
            if !is_short_form(short) {
                continue;
            }
            let short_span = (line_start + ws, line_start + ws + short.len());
            if let Some(ls) = best_long_form(short, first_trim)
                && ls == 0
            {
                out.push(Pair {
                    short: short_span,
                    long: first_span,
                    letters_match: true,
                });
            } else {
                out.push(Pair {
                    short: short_span,
                    long: first_span,
                    letters_match: false,
                });
            }
        }
    }
    out
}

/// Byte offset in `s` where its last `n` words begin.
fn word_window_start(s: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == n {
                    return i + c.len_utf8();
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    0
}

/// Schwartz–Hearst: match the short form's letters right to left in the candidate long form,
/// the first letter at a word start. Returns the byte offset in `long` where the long form
/// begins.
pub(super) fn best_long_form(short: &str, long: &str) -> Option<usize> {
    let s: Vec<char> = short.chars().flat_map(fold_char).collect();
    let l: Vec<(usize, char)> = long
        .char_indices()
        .flat_map(|(i, c)| fold_char(c).map(move |f| (i, f)))
        .collect();
    let mut si = s.len();
    let mut li = l.len();
    while si > 0 {
        si -= 1;
        let c = s.get(si).copied()?;
        if !c.is_alphanumeric() {
            continue;
        }
        loop {
            if li == 0 {
                return None;
            }
            li -= 1;
            let lc = l.get(li).map(|x| x.1)?;
            let word_start = li == 0 || l.get(li - 1).is_some_and(|p| !p.1.is_alphanumeric());
            if lc == c && (si != 0 || word_start) {
                break;
            }
        }
    }
    let at = l.get(li).map(|x| x.0)?;
    // The long form starts at the word containing the first matched letter.
    let start = long
        .get(..at)
        .and_then(|p| p.rfind(char::is_whitespace))
        .map_or(0, |i| i + 1);
    // A long form that contains the short form as a word is not its definition.
    let lf = long.get(start..).unwrap_or("");
    if lf.split_whitespace().any(|w| w == short) {
        return None;
    }
    Some(start)
}

fn fold_char(c: char) -> impl Iterator<Item = char> {
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base.is_none() && !unicode_normalization::char::is_combining_mark(d) {
            base = Some(d);
        }
    });
    base.unwrap_or(c).to_lowercase()
}

/// Compiles this module's pattern now (see `crate::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&PARENS);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String, bool)> {
        find_pairs(text)
            .into_iter()
            .map(|p| {
                (
                    text[p.short.0..p.short.1].to_string(),
                    text[p.long.0..p.long.1].to_string(),
                    p.letters_match,
                )
            })
            .collect()
    }

    #[test]
    fn pattern_compiles() {
        assert!(PARENS.is_some());
    }

    #[test]
    fn finds_pairs_in_both_orders_and_languages() {
        let cases: [(&str, (&str, &str, bool)); 5] = [
            (
                "a founder of the HCUA (High Council for the Unity of Azawad), a split",
                ("HCUA", "High Council for the Unity of Azawad", true),
            ),
            (
                "les rebelles du Front de libération de l'Azawad (FLA) ont attaqué",
                ("FLA", "Front de libération de l'Azawad", true),
            ),
            (
                "fighters of the Movement for Justice in the Sahel (MJS) said",
                ("MJS", "Movement for Justice in the Sahel", true),
            ),
            (
                "le Groupe de soutien à l'islam et aux musulmans (GSIM) a revendiqué",
                ("GSIM", "Groupe de soutien à l'islam et aux musulmans", true),
            ),
            (
                "the Coordination of Azawad Movements (CMA) said",
                ("CMA", "Coordination of Azawad Movements", false),
            ),
        ];
        for (text, (short, long, letters)) in cases {
            let found = pairs(text);
            let hit = found.iter().find(|p| p.0 == short);
            let Some(hit) = hit else {
                panic!("no pair for {short} in {text:?}: {found:?}");
            };
            assert_eq!(hit.2, letters, "{text}");
            if letters {
                assert_eq!(hit.1, long, "{text}");
            } else {
                assert!(hit.1.ends_with(long), "{text}: {}", hit.1);
            }
        }
    }

    #[test]
    fn ignores_parentheses_that_define_nothing() {
        for text in [
            "the fighting (twenty on each side) was heavy",
            "Bamako (AFP) - the army said",
            "in 2012 (see above)",
        ] {
            assert!(
                pairs(text).iter().all(|p| !p.2),
                "{text}: {:?}",
                pairs(text)
            );
        }
    }
}

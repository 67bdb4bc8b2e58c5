//! The sentence stage: split cleaned text into sentence spans that survive news copy and
//! machine translation.
//!
//! Rules, in the order a candidate boundary meets them: every line break ends a sentence
//! (a headline without a full stop is a sentence of its own); a run of terminators (`.`,
//! `!`, `?`, `…`) takes the closing quotes and brackets that follow it, where a spaced
//! quote closes only when a quote is open on the line (mixed “ … » styles count alike);
//! a lowercase letter, digit after a point, or comma after the terminators means the
//! sentence goes on ("the means.continues", "2.5", "etc., and"); a word glued to a full
//! stop starts a sentence when it is capitalised ("Kidal.The"); before a capitalised word,
//! a full stop after an abbreviation of the language ("Gen.", "M.", "Mme") or an initial
//! ("J. R. R.", "U.S.") is not a boundary.
//!
//! The abbreviation lists are code constants, not a data pack: they are part of the
//! splitting rule (which entries may precede a name), and a user list could only make the
//! splitter worse in ways a test would not catch. Spans are trimmed, ordered, non-
//! overlapping and on character boundaries; the splitter never panics and does no IO.

use faultline_model::{Lang, Span};

/// Abbreviations of one language: those that may stand before any word (titles, "U.S."),
/// and those that only stand before a number ("No. 5", "Sept. 12", "p. 4") — "sept" is
/// also the French for seven, so it must not hold a sentence open before a word.
struct Abbreviations {
    before_word: &'static [&'static str],
    before_number: &'static [&'static str],
}

const ENGLISH: Abbreviations = Abbreviations {
    before_word: &[
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Col", "Lt", "Capt", "Cpt", "Sgt", "Maj",
        "Cpl", "Pvt", "Adm", "Cmdr", "Brig", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Amb",
        "St", "Mt", "Ft", "Jr", "Sr", "vs", "v", "e.g", "i.e", "a.k.a", "cf", "approx", "U.S",
        "U.N", "U.K", "E.U",
    ],
    before_number: &[
        "No", "Nos", "no", "Vol", "Fig", "Art", "Sec", "p", "pp", "Jan", "Feb", "Mar", "Apr",
        "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "approx", "ca",
    ],
};

const FRENCH: Abbreviations = Abbreviations {
    before_word: &[
        "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mes", "Mgr", "Dr", "Pr", "Gén", "Gen",
        "Gal", "Col", "Cdt", "Cmdt", "Cne", "Lt", "Lcl", "Sgt", "Adj", "St", "Ste", "av", "apr",
        "J.-C", "env", "cf", "c.-à-d", "S.E", "S.M", "Vve",
    ],
    before_number: &[
        "n°", "No", "no", "p", "pp", "art", "Art", "chap", "vol", "janv", "févr", "avr", "juil",
        "sept", "oct", "nov", "déc", "env",
    ],
};

/// Split `text` into sentence spans. `lang` picks the abbreviation list; `Other` uses
/// both, as a text of unknown language is most often one of the two here.
pub fn split_sentences(text: &str, lang: Lang) -> Vec<Span> {
    let abbreviations: &[&Abbreviations] = match lang {
        Lang::En => &[&ENGLISH],
        Lang::Fr => &[&FRENCH],
        Lang::Other => &[&ENGLISH, &FRENCH],
    };
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut line_start = 0;
    while line_start < bytes.len() {
        // Lines end after each '\n' or '\r', as `split_inclusive(['\n', '\r'])` cuts them;
        // searched by byte (both are ASCII, so never inside a character).
        let line_end = bytes
            .get(line_start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n' || b == b'\r'))
            .map_or(bytes.len(), |i| line_start + i + 1);
        let line = text.get(line_start..line_end).unwrap_or("");
        let body = line.trim_end_matches(['\n', '\r']);
        split_line(body, line_start, abbreviations, &mut out);
        line_start = line_end;
    }
    out
}

/// Split one line (no line breaks inside) starting at byte `base` of the text.
///
/// Positions are byte offsets. The scan moves byte by byte over ASCII that is neither a
/// terminator nor a double quote, which is nearly all of a line, and decodes characters
/// only around a terminator: collecting each line's characters first was most of the
/// stage's time.
fn split_line(line: &str, base: usize, abbreviations: &[&Abbreviations], out: &mut Vec<Span>) {
    let bytes = line.as_bytes();
    let char_at = |at: usize| line.get(at..).and_then(|rest| rest.chars().next());
    let skip_spaces = |mut at: usize| {
        while let Some(s) = char_at(at).filter(|s| s.is_whitespace()) {
            at += s.len_utf8();
        }
        at
    };
    let mut sentence_start = 0usize;
    // Double quotes seen on the line before position `i`: odd means one is open.
    let mut quotes = 0usize;
    let mut i = 0usize;
    // Straight to the next byte that may matter: one outside ASCII, or a terminator or
    // double quote.
    while let Some(next) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| SCAN_STOPS[usize::from(b)]))
    {
        i += next;
        let Some(c) = char_at(i) else {
            break;
        };
        if is_double_quote(c) {
            quotes += 1;
        }
        if !is_terminator(c) {
            i += c.len_utf8();
            continue;
        }
        // The run of terminators: "...", "?!", "…".
        let run_start = i;
        let mut j = i;
        while let Some(t) = char_at(j).filter(|&t| is_terminator(t)) {
            j += t.len_utf8();
        }
        // One character, a full stop (one byte): "..." and "…" are longer.
        let run_is_single_point = j - run_start == 1 && c == '.';
        // Closers glued to the run: `.”`, `.)`, `.»`, `.'`.
        let mut end = j;
        while let Some(q) = char_at(end) {
            let glued_close = is_closing_bracket(q)
                || (is_double_quote(q) && q != '«' && (q == '»' || quotes % 2 == 1))
                || matches!(q, '’' | '\'');
            if !glued_close {
                break;
            }
            if is_double_quote(q) {
                quotes += 1;
            }
            end += q.len_utf8();
        }
        // A closer after a space: `. »`, `. ”` (only when a quote is open).
        let mut k = skip_spaces(end);
        let spaced_close = char_at(k).filter(|&q| {
            k > end && (q == '»' || (matches!(q, '”' | '“' | '"') && quotes % 2 == 1))
        });
        if let Some(q) = spaced_close {
            quotes += 1;
            end = k + q.len_utf8();
            k = skip_spaces(end);
        }
        let glued = k == end;
        let boundary = match char_at(k) {
            None => true,
            Some(next) => {
                let candidate = Candidate {
                    word: word_before(line, run_start),
                    single_point: run_is_single_point,
                    glued: glued && end == j,
                    next,
                    after_next: char_at(k + next.len_utf8()),
                };
                is_boundary(&candidate, abbreviations)
            }
        };
        if boundary {
            push_trimmed(line, base, sentence_start, end, out);
            sentence_start = end;
        }
        i = end.max(i + c.len_utf8());
    }
    push_trimmed(line, base, sentence_start, line.len(), out);
}

/// The bytes the line scan stops at: every byte outside ASCII (a character that may be
/// a terminator or a quote: "…", "»"), and the ASCII terminators and double quote.
static SCAN_STOPS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b >= 0x80 || matches!(b as u8, b'.' | b'!' | b'?' | b'"');
        b += 1;
    }
    table
};

/// A run of terminators and what surrounds it.
struct Candidate<'a> {
    /// The word the run is attached to ("Gen" in "Gen.", "U.S" in "U.S.").
    word: &'a str,
    /// The run is one full stop (not "...", "?" or "!").
    single_point: bool,
    /// The next character touches the run, with no space or closer between.
    glued: bool,
    /// The first character after the run, its closers and any space.
    next: char,
    after_next: Option<char>,
}

/// Decide whether a terminator run ends a sentence.
fn is_boundary(candidate: &Candidate<'_>, abbreviations: &[&Abbreviations]) -> bool {
    let &Candidate {
        word,
        single_point,
        glued,
        next,
        after_next,
    } = candidate;
    if next.is_lowercase() {
        return false;
    }
    if matches!(
        next,
        ',' | ';' | ':' | ')' | ']' | '-' | '–' | '—' | '/' | '.'
    ) {
        return false;
    }
    if glued {
        // "2.5", "rfi.fr", "U.N": no space, so only a capitalised word after a real word
        // (not an initial) starts a new sentence ("Kidal.The").
        if !next.is_uppercase() && !is_double_quote(next) {
            return false;
        }
        let letters = trailing_letters(word);
        if letters < 2 || word.contains('.') || is_abbreviation(word, abbreviations, false) {
            return false;
        }
        if is_double_quote(next) {
            return after_next.is_some_and(char::is_uppercase);
        }
        return true;
    }
    if !single_point {
        return true;
    }
    if next.is_alphabetic() || is_double_quote(next) || next.is_ascii_digit() {
        if is_abbreviation(word, abbreviations, next.is_ascii_digit()) {
            return false;
        }
        // An initial: "J. R. R. Tolkien", "Iyad A. Ghaly", "U.S. forces".
        if trailing_letters(word) == 1
            && word.chars().next_back().is_some_and(char::is_uppercase)
            && !next.is_ascii_digit()
        {
            return false;
        }
    }
    true
}

/// The word that ends just before byte `run_start`, without leading brackets and
/// opening quotes: "(Gen" → "Gen", "U.S" → "U.S".
fn word_before(line: &str, run_start: usize) -> &str {
    let end = run_start.min(line.len());
    let mut start = end;
    for (b, c) in line.get(..end).unwrap_or("").char_indices().rev() {
        if c.is_whitespace() || is_double_quote(c) || matches!(c, '(' | '[' | '{' | '‘') {
            break;
        }
        start = b;
    }
    line.get(start..end).unwrap_or("")
}

/// How many letters end `word` ("Kidal" 5, "J.-C" 1, "2015" 0).
fn trailing_letters(word: &str) -> usize {
    word.chars().rev().take_while(|c| c.is_alphabetic()).count()
}

fn is_abbreviation(word: &str, lists: &[&Abbreviations], before_number: bool) -> bool {
    if word.is_empty() {
        return false;
    }
    // "Lt.-Col." is known by its last part.
    let last_part = word.rsplit('-').next().unwrap_or(word);
    let known = |list: &[&str]| list.contains(&word) || list.contains(&last_part);
    lists
        .iter()
        .any(|a| known(a.before_word) || (before_number && known(a.before_number)))
}

fn push_trimmed(line: &str, base: usize, start: usize, end: usize, out: &mut Vec<Span>) {
    let Some(piece) = line.get(start..end) else {
        return;
    };
    let head = piece.len() - piece.trim_start_matches(is_space).len();
    let trimmed = piece.trim_matches(is_space);
    if trimmed.is_empty() || !trimmed.chars().any(|c| c.is_alphanumeric()) {
        // A lone quote or bracket left between two sentences belongs to neither; keep it
        // out rather than invent a sentence of punctuation.
        if let Some(last) = out.last_mut().filter(|_| !trimmed.is_empty()) {
            let at = base + start + head + trimmed.len();
            if last.end == base + start && at > last.end {
                last.end = at;
            }
        }
        return;
    }
    let s = base + start + head;
    out.push(Span::new(s, s + trimmed.len()));
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}')
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟')
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

fn is_closing_bracket(c: char) -> bool {
    matches!(c, ')' | ']' | '}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The splitter as first written, over a vector of the line's characters, kept to
    /// check that the byte-offset scan draws the same boundaries.
    mod by_chars {
        use super::super::*;

        pub fn split_sentences(text: &str, lang: Lang) -> Vec<Span> {
            let abbreviations: &[&Abbreviations] = match lang {
                Lang::En => &[&ENGLISH],
                Lang::Fr => &[&FRENCH],
                Lang::Other => &[&ENGLISH, &FRENCH],
            };
            let mut out = Vec::new();
            let mut line_start = 0;
            for line in text.split_inclusive(['\n', '\r']) {
                let body = line.trim_end_matches(['\n', '\r']);
                let chars: Vec<(usize, char)> = body.char_indices().collect();
                split_line(body, &chars, line_start, abbreviations, &mut out);
                line_start += line.len();
            }
            out
        }

        /// Split one line (no line breaks inside) starting at byte `base` of the text; `chars`
        /// are its characters with their offsets.
        pub fn split_line(
            line: &str,
            chars: &[(usize, char)],
            base: usize,
            abbreviations: &[&Abbreviations],
            out: &mut Vec<Span>,
        ) {
            let mut sentence_start = 0usize;
            // Double quotes seen on the line before position `i`: odd means one is open.
            let mut quotes = 0usize;
            let mut i = 0usize;
            while let Some(&(_, c)) = chars.get(i) {
                if is_double_quote(c) {
                    quotes += 1;
                }
                if !is_terminator(c) {
                    i += 1;
                    continue;
                }
                // The run of terminators: "...", "?!", "…".
                let run_start = i;
                let mut j = i;
                while chars.get(j).is_some_and(|&(_, c)| is_terminator(c)) {
                    j += 1;
                }
                let run_is_single_point = j - run_start == 1 && c == '.';
                // Closers glued to the run: `.”`, `.)`, `.»`, `.'`.
                let mut end = j;
                while let Some(&(_, q)) = chars.get(end) {
                    let glued_close = is_closing_bracket(q)
                        || (is_double_quote(q) && q != '«' && (q == '»' || quotes % 2 == 1))
                        || matches!(q, '’' | '\'');
                    if !glued_close {
                        break;
                    }
                    if is_double_quote(q) {
                        quotes += 1;
                    }
                    end += 1;
                }
                // A closer after a space: `. »`, `. ”` (only when a quote is open).
                let mut k = end;
                while chars.get(k).is_some_and(|&(_, s)| s.is_whitespace()) {
                    k += 1;
                }
                let spaced_close = chars.get(k).filter(|&&(_, q)| {
                    k > end && (q == '»' || (matches!(q, '”' | '“' | '"') && quotes % 2 == 1))
                });
                if spaced_close.is_some() {
                    quotes += 1;
                    end = k + 1;
                    k = end;
                    while chars.get(k).is_some_and(|&(_, s)| s.is_whitespace()) {
                        k += 1;
                    }
                }
                let glued = k == end;
                let next = chars.get(k).map(|&(_, n)| n);
                let boundary = match next {
                    None => true,
                    Some(next) => {
                        let candidate = Candidate {
                            word: word_before(line, chars, run_start),
                            single_point: run_is_single_point,
                            glued: glued && end == j,
                            next,
                            after_next: chars.get(k + 1).map(|&(_, n)| n),
                        };
                        is_boundary(&candidate, abbreviations)
                    }
                };
                if boundary {
                    let end_byte = chars.get(end).map_or(line.len(), |&(b, _)| b);
                    push_trimmed(line, base, sentence_start, end_byte, out);
                    sentence_start = end_byte;
                }
                i = end.max(i + 1);
            }
            push_trimmed(line, base, sentence_start, line.len(), out);
        }

        /// The word that ends just before position `run_start`, without leading brackets and
        /// opening quotes: "(Gen" → "Gen", "U.S" → "U.S".
        fn word_before<'a>(line: &'a str, chars: &[(usize, char)], run_start: usize) -> &'a str {
            let end = chars.get(run_start).map_or(line.len(), |&(b, _)| b);
            let mut start = end;
            let mut idx = run_start;
            while idx > 0 {
                let Some(&(b, c)) = chars.get(idx - 1) else {
                    break;
                };
                if c.is_whitespace() || is_double_quote(c) || matches!(c, '(' | '[' | '{' | '‘') {
                    break;
                }
                start = b;
                idx -= 1;
            }
            line.get(start..end).unwrap_or("")
        }
    }

    /// Pieces of news copy around terminators: abbreviations, initials, quotes of both
    /// styles and both kinds of spacing, numbers, accented and non-Latin letters.
    const PIECES: &[&str] = &[
        "Gen", "M", "Mme", "U.S", "J", "Lt.-Col", "No", "sept", "Kidal", "l'armée", "a", "2.5",
        "12", "É", "Ménaka", "said", "(", ")", "[", "‘", "’", "'", "\"", "“", "”", "«", "»", "„",
        ".", ".", ".", "...", "…", "?", "!", "?!", "。", "؟", ",", ";", " ", " ", " ", "  ",
        "\u{a0}", "\u{202f}", "\t", "\n", "\r", "-", "—", "x", "The",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn byte_scan_splits_like_the_character_scan(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40),
            lang in proptest::sample::select(&[Lang::En, Lang::Fr, Lang::Other][..]),
        ) {
            let text = pieces.concat();
            prop_assert_eq!(split_sentences(&text, lang), by_chars::split_sentences(&text, lang));
        }
    }
}

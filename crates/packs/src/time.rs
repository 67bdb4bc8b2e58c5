//! The date-words lexicon: month and weekday names, number and ordinal words, units, parts
//! of periods ("early", "mi-", "fin"), relative words ("yesterday", "il y a"), tense cues
//! and prepositions, in English and French, read from the `time` pack.
//!
//! The pack is plain TSV (`phrase<TAB>lang<TAB>value`, sorted by phrase, `#` comments) under
//! `packs/time/`, embedded in the binary; a user directory may add or override entries.
//! This module also owns the tokenizer that turns both pack phrases and document text into
//! lookup keys, so the two can never disagree. It knows words, not grammar: how words
//! combine into dates is the engine's business.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::path::Path;

use faultline_model::Lang;

use crate::classes::{ascii_class, char_class};
use crate::manifest::{lexicon_rows, problem};
use crate::{PackError, PackProblem};

/// A calendar unit as used in "three weeks ago" or "la semaine dernière".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Day,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
}

/// A part of a month or year: "early February", "mi-mars", "fin 2015".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Early,
    Mid,
    Late,
}

/// What a relative modifier means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shift {
    Last,
    Next,
    This,
    /// A stretch ending at the reference: "the past two months", "ces derniers mois".
    Past,
    /// Counts back from the reference: "ago", "il y a".
    Ago,
    /// Counts forward from the reference: "in two weeks", "dans deux semaines".
    In,
}

/// Whether a modifier stands before ("last week") or after ("mardi dernier") its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    Before,
    After,
}

/// The direction a tense cue points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Past,
    Future,
    /// Looks like a past tense but is not one ("armed", "hundred"): stops the guess.
    Neither,
}

/// The grammatical role of a preposition or determiner next to a bare month or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// "in", "en", "during".
    At,
    /// "on", "le".
    On,
    Since,
    From,
    Until,
    /// "of", "de": in French "l'accord de 2015" makes the year part of a name.
    Of,
    Between,
    And,
    /// "the", "its": "the 2015 peace agreement".
    Det,
}

/// What a lexicon phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordKind {
    /// 1 to 12.
    Month(u32),
    /// 1 (Monday) to 7 (Sunday).
    Weekday(u32),
    /// A count; None for a vague one ("several", "plusieurs").
    Number(Option<u32>),
    Ordinal(u32),
    Unit(Unit),
    Part(Part),
    /// A day relative to the reference: -1 for "yesterday".
    Deictic(i32),
    Modifier(Shift, Position),
    Cue(Cue),
    Anchor(Anchor),
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeWord {
    /// The phrase as written in the pack.
    pub phrase: String,
    /// None when the entry applies to any language.
    pub lang: Option<Lang>,
    pub kind: WordKind,
}

pub use crate::classes::TokenClass;

/// A token: a byte range of the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub class: TokenClass,
    /// Whether a line break separates this token from the previous one.
    pub line_break_before: bool,
}

/// Cut `text` into words, digit runs and single punctuation characters, skipping spaces.
/// Used for pack phrases and for document text alike.
///
/// Byte by byte, decoding only characters outside ASCII: the scan tokenizes every
/// document, and news text is nearly all ASCII.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let mut saw_break = false;
    let mut i = 0;
    while let Some(class) = class_at(text, i) {
        let Some((class, len)) = class else {
            saw_break |= bytes.get(i) == Some(&b'\n');
            i += 1.max(char_len_at(text, i));
            continue;
        };
        let start = i;
        i += len;
        // A word or a number runs on while its class does, ASCII a run at a time;
        // punctuation is one character.
        if class != TokenClass::Punct {
            loop {
                i = bytes
                    .get(i..)
                    .and_then(|rest| rest.iter().position(|&b| ascii_class(b) != Some(class)))
                    .map_or(bytes.len(), |at| i + at);
                // The run stops at ASCII of another class or at a character outside ASCII,
                // which may continue a word ("décembre").
                match class_at(text, i) {
                    Some(Some((next, len)))
                        if next == class && bytes.get(i).is_some_and(|b| !b.is_ascii()) =>
                    {
                        i += len;
                    }
                    _ => break,
                }
            }
        }
        out.push(Token {
            start,
            end: i,
            class,
            line_break_before: saw_break,
        });
        saw_break = false;
    }
    out
}

/// The class and byte length of the character at byte `i` of `text`: None past the end,
/// Some(None) for white space. ASCII is classed by table without decoding.
#[inline]
fn class_at(text: &str, i: usize) -> Option<Option<(TokenClass, usize)>> {
    let &b = text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some(ascii_class(b).map(|c| (c, 1)));
    }
    let c = text.get(i..)?.chars().next()?;
    Some(char_class(c).map(|class| (class, c.len_utf8())))
}

/// Byte length of the character at byte `i` (0 past the end).
fn char_len_at(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8)
}

/// The bytes folding may change: capitals, the backquote, and every byte outside ASCII.
static CHANGES_IN_FOLD: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_uppercase() || c == b'`';
        b += 1;
    }
    table
};

/// [`fold`] without a copy when folding changes nothing (ASCII with no capital and no
/// backquote, as most words and all punctuation of a text are): a scan folds every token.
pub fn fold_key(word: &str) -> Cow<'_, str> {
    if !word.bytes().any(|b| CHANGES_IN_FOLD[usize::from(b)]) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(fold(word))
    }
}

/// Lower-case, strip French accents and unify apostrophes, so "Décembre", "decembre" and
/// "DÉCEMBRE" give one key (one-letter words excepted).
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`], appending to `out`: a scan folds every word of a document, and one buffer
/// for all of them saves an allocation per word.
pub fn fold_into(word: &str, out: &mut String) {
    // A one-letter word keeps its accent: French "à" (to) and "a" (has) must stay apart.
    let single_letter = word.chars().nth(1).is_none() && word.chars().all(char::is_alphabetic);
    if single_letter {
        out.extend(word.chars().flat_map(char::to_lowercase));
        return;
    }
    // Most words are ASCII; their folding is lower-casing (and the backquote apostrophe).
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| match b {
            b'`' => '\'',
            b => char::from(b.to_ascii_lowercase()),
        }));
        return;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        out.push(match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'û' | 'ù' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            '’' | '‘' | 'ʼ' | '`' | '´' => '\'',
            '‐' | '‑' | '–' => '-',
            other => other,
        });
    }
}

/// The lookup key of a phrase: its folded tokens joined by single spaces.
pub fn phrase_key(phrase: &str) -> (String, usize) {
    let tokens = tokenize(phrase);
    let key = tokens
        .iter()
        .map(|t| fold(phrase.get(t.start..t.end).unwrap_or("")))
        .collect::<Vec<_>>()
        .join(" ");
    (key, tokens.len())
}

/// The pack files, each with its column count and how to read its value column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum File {
    Months,
    Weekdays,
    Numbers,
    Ordinals,
    Units,
    Parts,
    Deictic,
    Modifiers,
    Cues,
    Anchors,
}

const FILES: [(File, &str); 10] = [
    (File::Anchors, "anchors.tsv"),
    (File::Cues, "cues.tsv"),
    (File::Deictic, "deictic.tsv"),
    (File::Modifiers, "modifiers.tsv"),
    (File::Months, "months.tsv"),
    (File::Numbers, "numbers.tsv"),
    (File::Ordinals, "ordinals.tsv"),
    (File::Parts, "parts.tsv"),
    (File::Units, "units.tsv"),
    (File::Weekdays, "weekdays.tsv"),
];

const EMBEDDED: [(&str, &str); 10] = [
    (
        "anchors.tsv",
        include_str!("../../../packs/time/anchors.tsv"),
    ),
    ("cues.tsv", include_str!("../../../packs/time/cues.tsv")),
    (
        "deictic.tsv",
        include_str!("../../../packs/time/deictic.tsv"),
    ),
    (
        "modifiers.tsv",
        include_str!("../../../packs/time/modifiers.tsv"),
    ),
    ("months.tsv", include_str!("../../../packs/time/months.tsv")),
    (
        "numbers.tsv",
        include_str!("../../../packs/time/numbers.tsv"),
    ),
    (
        "ordinals.tsv",
        include_str!("../../../packs/time/ordinals.tsv"),
    ),
    ("parts.tsv", include_str!("../../../packs/time/parts.tsv")),
    ("units.tsv", include_str!("../../../packs/time/units.tsv")),
    (
        "weekdays.tsv",
        include_str!("../../../packs/time/weekdays.tsv"),
    ),
];

const EMBEDDED_MANIFEST: &str = include_str!("../../../packs/time/PACK.toml");

/// The compiled lexicon: phrase keys to entries.
#[derive(Debug, Default)]
pub struct TimeLexicon {
    /// (file, key, lang) to entry, so a later directory overrides an earlier one.
    entries: BTreeMap<(File, String, Option<LangKey>), TimeWord>,
    /// Key to its entries, and whether a longer phrase continues the key (the keys of the
    /// first 1..n-1 tokens of every phrase of n tokens are in here too), so that a scan
    /// lengthening a key token by token learns both in one lookup. Fx hashing: the scan
    /// looks up every word of every document, and SipHash was a visible share of that.
    index: FxHashMap<String, (Vec<TimeWord>, bool)>,
    /// A bit per [`key_sign`] of every key of `index`: most words of a text are no key,
    /// and a clear bit says so without hashing the word.
    signs: Box<[u64]>,
    max_words: usize,
    /// Versions of the packs loaded, embedded first ("time 1.0.0").
    pub versions: Vec<String>,
}

/// Words of the key-sign bit set: 2^15 bits, so a lexicon of a few thousand keys leaves
/// most bits clear.
const SIGN_WORDS: usize = 1 << 9;

/// Where a key's bit sits in the sign set (word, mask): from its length and its first and
/// last bytes, which tell most words apart from the lexicon's keys without hashing them.
fn key_sign(key: &str) -> (usize, u64) {
    let bytes = key.as_bytes();
    let (first, last) = (
        bytes.first().copied().unwrap_or(0),
        bytes.last().copied().unwrap_or(0),
    );
    let mixed = ((bytes.len() as u64) << 16 | u64::from(first) << 8 | u64::from(last))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        >> (64 - 15);
    ((mixed >> 6) as usize, 1u64 << (mixed & 63))
}

/// `Lang` is not `Ord`; this mirrors it for the override map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum LangKey {
    En,
    Fr,
    Other,
}

fn lang_key(lang: Lang) -> LangKey {
    match lang {
        Lang::En => LangKey::En,
        Lang::Fr => LangKey::Fr,
        Lang::Other => LangKey::Other,
    }
}

impl TimeLexicon {
    /// The lexicon embedded in the binary. Its files are checked by the crate's tests, so a
    /// problem line here can only come from a broken build; such lines are skipped.
    pub fn embedded() -> Self {
        Self::load_embedded().0
    }

    /// Problems in the embedded files (empty in a correct build).
    pub fn embedded_problems() -> Vec<PackProblem> {
        Self::load_embedded().1
    }

    fn load_embedded() -> (Self, Vec<PackProblem>) {
        let mut lex = TimeLexicon::default();
        let (version, problems) = crate::manifest::load_embedded(
            "packs/time",
            &EMBEDDED,
            EMBEDDED_MANIFEST,
            |path, name, text, problems| lex.load_file(path, name, text, problems),
        );
        lex.versions.extend(version);
        lex.rebuild();
        (lex, problems)
    }

    /// Add or override entries from `dir/time/` (a directory laid out like `packs/`). A
    /// directory without a `time/` folder adds nothing. On problems, nothing from the
    /// directory is kept and every problem is returned.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PackError> {
        let Some((mut staged, version)) =
            crate::manifest::stage_user_pack(dir, "time", TimeLexicon::load_file)?
        else {
            return Ok(());
        };
        self.entries.append(&mut staged.entries);
        self.versions.extend(version);
        self.rebuild();
        Ok(())
    }

    /// Every entry whose phrase has this key (folded tokens joined by spaces).
    pub fn lookup(&self, key: &str) -> &[TimeWord] {
        self.index
            .get(key)
            .map_or(&[], |(words, _)| words.as_slice())
    }

    /// Whether some phrase of more tokens starts with this key: without it, a scan that
    /// lengthens keys token by token can stop (most words start no phrase at all).
    pub fn continues(&self, key: &str) -> bool {
        self.index.get(key).is_some_and(|(_, more)| *more)
    }

    /// [`lookup`](Self::lookup) and [`continues`](Self::continues) in one hash lookup.
    pub fn lookup_and_continues(&self, key: &str) -> (&[TimeWord], bool) {
        let (word, bit) = key_sign(key);
        if self.signs.get(word).is_some_and(|w| w & bit == 0) {
            return (&[], false);
        }
        self.index
            .get(key)
            .map_or((&[], false), |(words, more)| (words.as_slice(), *more))
    }

    /// The longest phrase, in tokens.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn rebuild(&mut self) {
        self.index.clear();
        self.max_words = 0;
        for ((_, key, _), word) in &self.entries {
            let n = key.split(' ').count();
            self.max_words = self.max_words.max(n);
            for (at, _) in key.match_indices(' ') {
                if let Some(prefix) = key.get(..at) {
                    self.index.entry(prefix.to_string()).or_default().1 = true;
                }
            }
            self.index
                .entry(key.clone())
                .or_default()
                .0
                .push(word.clone());
        }
        let mut signs = vec![0u64; SIGN_WORDS];
        for key in self.index.keys() {
            let (word, bit) = key_sign(key);
            if let Some(w) = signs.get_mut(word) {
                *w |= bit;
            }
        }
        self.signs = signs.into_boxed_slice();
    }

    fn load_file(&mut self, path: &Path, name: &str, text: &str, problems: &mut Vec<PackProblem>) {
        let Some(file) = FILES.iter().find(|(_, n)| *n == name).map(|(f, _)| *f) else {
            let known: Vec<&str> = FILES.iter().map(|(_, n)| *n).collect();
            problems.push(problem(
                path,
                None,
                format!(
                    "unknown time pack file; expected one of {}",
                    known.join(", ")
                ),
            ));
            return;
        };
        let columns = if file == File::Modifiers { 4 } else { 3 };
        let mut seen: HashMap<(String, Option<LangKey>), usize> = HashMap::new();
        for row in lexicon_rows(path, text, columns, problems) {
            let (lineno, phrase, lang) = (row.line, row.phrase, row.lang);
            let kind = match parse_value(file, &row.values) {
                Ok(kind) => kind,
                Err(message) => {
                    problems.push(problem(path, Some(lineno), message));
                    continue;
                }
            };
            let (key, _) = phrase_key(phrase);
            let lk = lang.map(lang_key);
            if let Some(first) = seen.insert((key.clone(), lk), lineno) {
                problems.push(problem(
                    path,
                    Some(lineno),
                    format!("'{phrase}' repeats line {first} (same phrase once accents and case are folded)"),
                ));
                continue;
            }
            self.entries.insert(
                (file, key, lk),
                TimeWord {
                    phrase: phrase.to_string(),
                    lang,
                    kind,
                },
            );
        }
    }
}

fn parse_value(file: File, cols: &[&str]) -> Result<WordKind, String> {
    let value = cols.first().copied().unwrap_or("");
    let int = |lo: u32, hi: u32| -> Result<u32, String> {
        match value.parse::<u32>() {
            Ok(n) if (lo..=hi).contains(&n) => Ok(n),
            _ => Err(format!("value '{value}' is not a number from {lo} to {hi}")),
        }
    };
    let bad = |expected: &str| format!("value '{value}' is not one of {expected}");
    Ok(match file {
        File::Months => WordKind::Month(int(1, 12)?),
        File::Weekdays => WordKind::Weekday(int(1, 7)?),
        File::Numbers => {
            if value == "several" {
                WordKind::Number(None)
            } else {
                WordKind::Number(Some(int(1, 1000)?))
            }
        }
        File::Ordinals => WordKind::Ordinal(int(1, 31)?),
        File::Units => WordKind::Unit(match value {
            "day" => Unit::Day,
            "week" => Unit::Week,
            "fortnight" => Unit::Fortnight,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            _ => return Err(bad("day, week, fortnight, month, quarter, year")),
        }),
        File::Parts => WordKind::Part(match value {
            "early" => Part::Early,
            "mid" => Part::Mid,
            "late" => Part::Late,
            _ => return Err(bad("early, mid, late")),
        }),
        File::Deictic => match value.parse::<i32>() {
            Ok(n) if (-7..=7).contains(&n) => WordKind::Deictic(n),
            _ => return Err(format!("value '{value}' is not a day offset from -7 to 7")),
        },
        File::Modifiers => {
            let shift = match value {
                "last" => Shift::Last,
                "next" => Shift::Next,
                "this" => Shift::This,
                "past" => Shift::Past,
                "ago" => Shift::Ago,
                "in" => Shift::In,
                _ => return Err(bad("last, next, this, past, ago, in")),
            };
            let position = match cols.get(1).copied() {
                Some("before") => Position::Before,
                Some("after") => Position::After,
                other => {
                    return Err(format!(
                        "position '{}' is not one of before, after",
                        other.unwrap_or("")
                    ));
                }
            };
            WordKind::Modifier(shift, position)
        }
        File::Cues => WordKind::Cue(match value {
            "past" => Cue::Past,
            "future" => Cue::Future,
            "neither" => Cue::Neither,
            _ => return Err(bad("past, future, neither")),
        }),
        File::Anchors => WordKind::Anchor(match value {
            "at" => Anchor::At,
            "on" => Anchor::On,
            "since" => Anchor::Since,
            "from" => Anchor::From,
            "until" => Anchor::Until,
            "of" => Anchor::Of,
            "between" => Anchor::Between,
            "and" => Anchor::And,
            "det" => Anchor::Det,
            _ => return Err(bad("at, on, since, from, until, of, between, and, det")),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as first written, character by character: the byte-wise one must cut
    /// every text the same way.
    fn tokenize_by_chars(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut open: Option<(usize, TokenClass, bool)> = None;
        let mut saw_break = false;
        for (i, c) in text.char_indices() {
            let class = char_class(c);
            if let Some((start, cls, line_break_before)) = open {
                if class == Some(cls) && cls != TokenClass::Punct {
                    continue;
                }
                out.push(Token {
                    start,
                    end: i,
                    class: cls,
                    line_break_before,
                });
                open = None;
            }
            match class {
                Some(cls) => {
                    open = Some((i, cls, saw_break));
                    saw_break = false;
                }
                None => saw_break |= c == '\n',
            }
        }
        if let Some((start, class, line_break_before)) = open {
            out.push(Token {
                start,
                end: text.len(),
                class,
                line_break_before,
            });
        }
        out
    }

    #[test]
    fn tokenizing_by_bytes_cuts_like_by_characters() {
        for text in [
            "",
            "BAMAKO, 12 mars (Reuters) -\nLe 1er décembre 2023, à l'aube…",
            "Friday May 17th, 2024\r\n\n  il y a deux semaines\u{a0}; mi-mars",
            "Les 2\u{202f}500 déplacés — «\u{a0}aujourd’hui\u{a0}» ٣ ١٢ l'année",
            "\u{b}tab\there\u{85}next\u{2028}line ǅ ß ﬁ Σ",
            "x",
            "  \n",
        ] {
            assert_eq!(tokenize(text), tokenize_by_chars(text), "{text:?}");
        }
    }

    /// The sign set only ever skips words that are no key: every key and every prefix of
    /// a phrase is still found, and other words find nothing either way.
    #[test]
    fn key_signs_never_hide_a_key() {
        let lex = TimeLexicon::embedded();
        let others = ["xyzzy", "the army", "kidal", "", "a", "2024", "é"];
        for key in lex.index.keys().map(String::as_str).chain(others) {
            let (words, continues) = lex.lookup_and_continues(key);
            assert_eq!(words, lex.lookup(key), "{key}");
            assert_eq!(continues, lex.continues(key), "{key}");
        }
        assert!(!lex.lookup_and_continues("decembre").0.is_empty());
    }

    #[test]
    fn fold_key_borrows_only_what_folding_keeps() {
        for (word, borrowed) in [
            ("mars", true),
            ("2024", true),
            (",", true),
            ("a", true),
            ("Mars", false),
            ("A", false),
            ("décembre", false),
            ("aujourd`hui", false),
            ("à", false),
            ("DÉCEMBRE", false),
        ] {
            let key = fold_key(word);
            assert_eq!(key, fold(word), "{word}");
            assert_eq!(matches!(key, Cow::Borrowed(_)), borrowed, "{word}");
        }
    }

    #[test]
    fn embedded_pack_has_no_problems() {
        let problems = TimeLexicon::embedded_problems();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(shown.is_empty(), "{}", shown.join("\n"));
        let lex = TimeLexicon::embedded();
        assert!(lex.len() > 300);
        assert!(lex.max_words() >= 4, "'the day before yesterday'");
    }

    #[test]
    fn lookups_fold_case_accents_and_apostrophes() {
        let lex = TimeLexicon::embedded();
        for (text, want) in [
            ("DÉCEMBRE", WordKind::Month(12)),
            ("decembre", WordKind::Month(12)),
            ("Août", WordKind::Month(8)),
            ("aujourd’hui", WordKind::Deictic(0)),
            ("avant-hier", WordKind::Deictic(-2)),
            ("il y a", WordKind::Modifier(Shift::Ago, Position::Before)),
            ("fortnight", WordKind::Unit(Unit::Fortnight)),
        ] {
            let (key, _) = phrase_key(text);
            let found: Vec<WordKind> = lex.lookup(&key).iter().map(|w| w.kind).collect();
            assert!(found.contains(&want), "{text}: {found:?}");
        }
        assert!(lex.lookup("xyzzy").is_empty());
    }

    #[test]
    fn tokenizer_keeps_offsets_on_multibyte_text_and_marks_line_breaks() {
        let text = "le 1er décembre\n2023–24 à 10h12";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            words,
            [
                "le",
                "1",
                "er",
                "décembre",
                "2023",
                "–",
                "24",
                "à",
                "10",
                "h",
                "12"
            ]
        );
        assert!(toks[4].line_break_before);
        assert!(!toks[3].line_break_before);
    }

    #[test]
    fn a_broken_user_pack_reports_every_problem_with_its_line() {
        let dir = std::env::temp_dir().join(format!("faultline-time-pack-{}", std::process::id()));
        let time = dir.join("time");
        std::fs::create_dir_all(&time).unwrap();
        std::fs::write(time.join("PACK.toml"), "name = \"mine\"\nversion = \"1\"\n").unwrap();
        std::fs::write(
            time.join("months.tsv"),
            "# mine\nzzz\ten\t3\naaa\ten\t13\nbbb\txx\t2\nccc\ten\n",
        )
        .unwrap();
        std::fs::write(time.join("seasons.tsv"), "summer\ten\tx\n").unwrap();
        let mut lex = TimeLexicon::embedded();
        let err = lex.add_dir(&dir).unwrap_err();
        let text = err.to_string();
        std::fs::remove_dir_all(&dir).ok();
        for want in [
            "PACK.toml: missing 'source'",
            "PACK.toml: missing 'licence'",
            "months.tsv:3: not sorted",
            "months.tsv:3: value '13'",
            "months.tsv:4: unknown language 'xx'",
            "months.tsv:5: expected 3 tab-separated columns",
            "seasons.tsv: unknown time pack file",
        ] {
            assert!(text.contains(want), "missing {want:?} in:\n{text}");
        }
    }

    #[test]
    fn a_user_pack_adds_and_overrides_entries() {
        let dir = std::env::temp_dir().join(format!("faultline-time-add-{}", std::process::id()));
        let time = dir.join("time");
        std::fs::create_dir_all(&time).unwrap();
        std::fs::write(
            time.join("PACK.toml"),
            "name = \"mine\"\nversion = \"2\"\nsource = \"me\"\nlicence = \"CC0-1.0\"\n",
        )
        .unwrap();
        std::fs::write(time.join("months.tsv"), "dezember\t*\t12\nmay\ten\t6\n").unwrap();
        let mut lex = TimeLexicon::embedded();
        let result = lex.add_dir(&dir);
        std::fs::remove_dir_all(&dir).ok();
        result.unwrap();
        assert_eq!(lex.lookup("dezember")[0].kind, WordKind::Month(12));
        assert_eq!(lex.lookup("may")[0].kind, WordKind::Month(6));
        assert!(lex.versions.iter().any(|v| v == "mine 2"));
    }
}

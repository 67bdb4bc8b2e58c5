//! The fact lexicon: event triggers, relation cues, modality, negation and attribution cues,
//! casualty words and number words, in English and French, read from the `facts` pack.
//!
//! Files under `packs/facts/` (embedded; a user directory's `facts/` adds to or overrides
//! them), each sorted TSV with `#` comments: `events.tsv` (phrase, lang, trigger class),
//! `relations.tsv` (phrase, lang, predicate, argument order), `cues.tsv` (phrase, lang,
//! kind, value) and `numbers.tsv` (phrase, lang, value, exact or estimated). A phrase ending
//! in `*` matches any word starting with its last word ("attack*" matches "attacked").
//! This module owns the tokenizer that turns both pack phrases and document text into
//! folded words, so the two cannot disagree, and finds phrases in token streams. It knows
//! words only: how triggers, cues and actors combine into facts is the engine's business.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use faultline_model::Lang;
use faultline_model::fact::{Modality, Predicate};

use crate::classes::{ascii_class, char_class};
use crate::manifest::{lexicon_rows, problem};
use crate::{PackError, PackProblem};

/// What kind of happening a trigger word names. The engine turns a class into an ACLED
/// sub-event type once it knows the participants (an attack on civilians is violence against
/// civilians; an attack on an armed group is a battle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventClass {
    /// "attacked", "raid", "attaque": typed by its target.
    Attack,
    /// "clashes", "fighting", "ambushed", "affrontements": always a battle.
    Clash,
    /// "captured", "took control of", "entered", "s'est emparé de": a takeover of territory.
    Capture,
    /// "killed", "massacred", "tués": typed by the victims.
    Kill,
    AirStrike,
    Shelling,
    Explosive,
    Suicide,
    Grenade,
    Chemical,
    Sexual,
    Abduction,
    Protest,
    Riot,
    Agreement,
    Arrest,
    /// "joined", "defected", "merger", "s'est rallié": change to group/activity.
    Change,
    Base,
    Looting,
    /// "withdrew from", "handed over": non-violent transfer of territory.
    Transfer,
    /// "defused", "weapons cache": disrupted weapons use.
    Disrupted,
    /// A strategic development of no other kind ("seized power", "launched an operation").
    Other,
}

impl EventClass {
    const NAMES: [(EventClass, &'static str); 22] = [
        (EventClass::Abduction, "abduction"),
        (EventClass::Agreement, "agreement"),
        (EventClass::AirStrike, "air_strike"),
        (EventClass::Arrest, "arrest"),
        (EventClass::Attack, "attack"),
        (EventClass::Base, "base"),
        (EventClass::Capture, "capture"),
        (EventClass::Change, "change"),
        (EventClass::Chemical, "chemical"),
        (EventClass::Clash, "clash"),
        (EventClass::Disrupted, "disrupted"),
        (EventClass::Explosive, "explosive"),
        (EventClass::Grenade, "grenade"),
        (EventClass::Kill, "kill"),
        (EventClass::Looting, "looting"),
        (EventClass::Other, "other"),
        (EventClass::Protest, "protest"),
        (EventClass::Riot, "riot"),
        (EventClass::Sexual, "sexual"),
        (EventClass::Shelling, "shelling"),
        (EventClass::Suicide, "suicide"),
        (EventClass::Transfer, "transfer"),
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("other", |(_, n)| n)
    }

    fn parse(s: &str) -> Option<Self> {
        Self::NAMES.iter().find(|(_, n)| *n == s).map(|(c, _)| *c)
    }
}

/// Where a relation cue's two arguments stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Order {
    /// Subject before the cue, object after: "JNIM, linked to al-Qaeda".
    Forward,
    /// Object before the cue, subject after: "the alliance led by Iyad Ag Ghaly".
    Reverse,
    /// Both after the cue, joined by "and"/"et": "an alliance between X and Y".
    Between,
    /// A predicate of coordinated subjects: "JNIM and the Islamic State are at war".
    Mutual,
    /// A bare noun whose sentence names no actor ("It's not about forming an alliance"):
    /// the two actors of the sentence before, if it names exactly two.
    Context,
}

/// What an attribution cue introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttributionCue {
    /// The source follows the cue: "according to AFP", "selon l'armée", "contacted by RFI".
    Follows,
    /// A verb of saying: its subject, or the phrase after it in an inverted quote ("said a
    /// local official"), is the source.
    Speech,
    /// A noun naming a source: "a Malian security source", "des sources locales".
    Source,
}

/// Casualty words: whether they count the dead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Casualty {
    Dead,
    Wounded,
    /// "casualties", "victims": dead and wounded together, not separable.
    Either,
}

/// What a cue word tells the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CueKind {
    Modality(Modality),
    /// Denies or rules out what follows: "not", "no question of", "pas question de".
    Negation,
    Attribution(AttributionCue),
    Casualty(Casualty),
    /// Words for civilian victims: "civilians", "villagers", "civils".
    Civilians,
    /// Marks a count over a stretch of time, not one event: "over the past year".
    Aggregate,
    /// Introduces associated actors: "accompanied by", "alongside", "appuyés par".
    Accompanied,
    /// Introduces the agent of a passive verb: "by", "par".
    Agent,
    /// Multiplies a count by two: "on each side", "de part et d'autre".
    EachSide,
    /// Joins the two ends of a range: "to", "and", "à", "et".
    RangeJoin,
    /// "since", "depuis": the start of a relation's validity.
    Since,
    /// "until", "jusqu'à": the end of a relation's validity.
    Until,
    /// Ends a clause for argument search: "while", "but", "whereas", "tandis que".
    ClauseBreak,
    /// A place noun that makes a capture a takeover of territory: "town", "camp", "localité".
    Territory,
    /// A word for allies or auxiliaries: "its Russian auxiliaries" support the actor before.
    Ally,
    /// Right before a trigger, makes it a state rather than an event: "are fighting",
    /// "continue de combattre".
    Ongoing,
    /// Words for armed people as victims: "soldiers", "militants", "terroristes". Killing
    /// them is a battle, not violence against civilians.
    Forces,
    /// Before an attack noun, makes the clause's subject its target: "repelled an attack",
    /// "a subi une attaque".
    Undergo,
    /// Names who claimed an attack: "claimed by", "revendiquée par", "a revendiqué".
    Claim,
}

/// What a lexicon phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactKind {
    Event(EventClass),
    Relation(Predicate, Order),
    Cue(CueKind),
    /// A count; `estimated` marks ACLED's conservative reading of a vague count.
    Number {
        value: u32,
        estimated: bool,
    },
}

/// The families whose matches do not compete with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Event,
    Relation,
    Cue,
    Number,
}

impl FactKind {
    pub fn family(&self) -> Family {
        match self {
            FactKind::Event(_) => Family::Event,
            FactKind::Relation(..) => Family::Relation,
            FactKind::Cue(_) => Family::Cue,
            FactKind::Number { .. } => Family::Number,
        }
    }
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactWord {
    /// The phrase as written in the pack.
    pub phrase: String,
    /// None when the entry applies to any language.
    pub lang: Option<Lang>,
    pub kind: FactKind,
    /// Folded words of the phrase; the last is a prefix when `prefix` is set.
    words: Vec<String>,
    prefix: bool,
}

/// A token of text: a run of letters, a run of digits, or one other character.
///
/// Its folded form (lower-cased, accents removed, apostrophes and dashes unified) lives in
/// the [`Tokens`] table that holds it: read it through [`TokenSlice::word`] or
/// [`TokenSlice::folded`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Byte range of the folded form in the table's folded buffer.
    folded: (u32, u32),
}

/// The kind of a token: the time pack's classes, one tokenization rule for both packs.
pub use crate::classes::TokenClass as TokenKind;

/// The tokens of a text and their folded forms.
///
/// The folded forms share one buffer, so tokenising a document costs a few allocations
/// rather than one per word (a `String` per token was most of the fact stages' time).
/// A table may hold several texts appended one after the other, such as every sentence of
/// a document; [`Tokens::slice`] reads a stretch of it.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
    folded: String,
}

impl Tokens {
    /// An empty table with room for a text of `bytes` bytes.
    pub fn with_capacity(bytes: usize) -> Self {
        Tokens {
            // News prose averages about one token per five to six bytes, punctuation
            // included; room for one per four spares most documents a regrowth (a copy of
            // the whole table).
            tokens: Vec::with_capacity(bytes / 4),
            folded: String::with_capacity(bytes),
        }
    }

    /// Append the tokens of `text`, whose first byte stands at byte `offset` of the text the
    /// table's offsets refer to.
    pub fn push_text(&mut self, text: &str, offset: usize) {
        // Most characters of the text are ASCII: those are classified and folded by table
        // from the byte, a word's or a number's run of them in one go, and only the other
        // characters are decoded.
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some((kind, c)) = class_at(text, at) {
            let len = c.map_or(1, char::len_utf8);
            let Some(kind) = kind else {
                at += len;
                continue;
            };
            let (start, from) = (at, self.folded.len());
            self.fold_at(bytes, at, c);
            at += len;
            if kind != TokenKind::Punct {
                loop {
                    let run = bytes
                        .get(at..)
                        .and_then(|rest| rest.iter().position(|&b| ascii_class(b) != Some(kind)))
                        .map_or(bytes.len(), |i| at + i);
                    let ascii = bytes.get(at..run).unwrap_or(&[]);
                    self.folded.extend(
                        ascii
                            .iter()
                            .map(|&b| char::from(ASCII_FOLDS[usize::from(b & 0x7f)])),
                    );
                    at = run;
                    // The run stops at an ASCII byte of another class, or at a character
                    // outside ASCII that may still continue a word ("armée").
                    match class_at(text, at) {
                        Some((Some(k), Some(c))) if k == kind => {
                            fold_wide(c, &mut self.folded);
                            at += c.len_utf8();
                        }
                        _ => break,
                    }
                }
            }
            self.close(start + offset, at + offset, kind, from);
        }
    }

    /// Fold the character at byte `at` (`c`, or the ASCII byte there when None).
    fn fold_at(&mut self, bytes: &[u8], at: usize, c: Option<char>) {
        match c {
            Some(c) => fold_wide(c, &mut self.folded),
            None => {
                let b = bytes.get(at).copied().unwrap_or(b' ');
                self.folded
                    .push(char::from(ASCII_FOLDS[usize::from(b & 0x7f)]));
            }
        }
    }

    /// Record the token `[start, end)` whose folded form runs from `from` to the end of the
    /// buffer.
    fn close(&mut self, start: usize, end: usize, kind: TokenKind, from: usize) {
        let to = self.folded.len();
        // Past 4 GB of folded text, tokens are left out rather than indexed wrongly.
        let (Ok(from), Ok(to)) = (u32::try_from(from), u32::try_from(to)) else {
            self.folded.truncate(from);
            return;
        };
        self.tokens.push(Token {
            start,
            end,
            kind,
            folded: (from, to),
        });
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Every token of the table.
    pub fn as_slice(&self) -> TokenSlice<'_> {
        self.slice(0..self.tokens.len())
    }

    /// Tokens `range` of the table (clamped to the table).
    pub fn slice(&self, range: std::ops::Range<usize>) -> TokenSlice<'_> {
        let end = range.end.min(self.tokens.len());
        let start = range.start.min(end);
        TokenSlice {
            tokens: self.tokens.get(start..end).unwrap_or(&[]),
            folded: &self.folded,
        }
    }
}

/// A stretch of a [`Tokens`] table, indexed from 0.
#[derive(Debug, Clone, Copy)]
pub struct TokenSlice<'a> {
    tokens: &'a [Token],
    folded: &'a str,
}

impl<'a> TokenSlice<'a> {
    /// The tokens, for positions and kinds.
    #[inline]
    pub fn tokens(&self) -> &'a [Token] {
        self.tokens
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&'a Token> {
        self.tokens.get(i)
    }

    /// The folded word of token `i`, or "" past the end.
    #[inline]
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| self.folded(t))
    }

    /// The folded form of a token of this table.
    #[inline]
    pub fn folded(&self, t: &Token) -> &'a str {
        self.folded
            .get(t.folded.0 as usize..t.folded.1 as usize)
            .unwrap_or("")
    }
}

/// The class of the character at byte `at` of `text`, with the character itself when it
/// is not ASCII; None past the end.
#[inline]
fn class_at(text: &str, at: usize) -> Option<(Option<TokenKind>, Option<char>)> {
    let &b = text.as_bytes().get(at)?;
    if b.is_ascii() {
        return Some((ascii_class(b), None));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((char_class(c), Some(c)))
}

/// [`fold_char`] of each ASCII character, as a table.
static ASCII_FOLDS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c == b'`' {
            b'\''
        } else {
            c.to_ascii_lowercase()
        };
        b += 1;
    }
    table
};

/// Cut `text` into words, digit runs and single other characters, with byte offsets.
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens::with_capacity(text.len());
    out.push_text(text, 0);
    out
}

/// Lower-case, strip accents and unify apostrophes and dashes, so "Tués", "tues" and
/// "TUÉS" give one word.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Append the folded form of one character to `out`.
#[inline]
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        // Most characters of English and French news are ASCII: skip the case tables.
        out.push(if c == '`' {
            '\''
        } else {
            c.to_ascii_lowercase()
        });
    } else {
        fold_wide(c, out);
    }
}

/// [`fold_char`] for a character outside ASCII.
fn fold_wide(c: char, out: &mut String) {
    for c in c.to_lowercase() {
        out.push(match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'û' | 'ù' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'œ' => 'o',
            '’' | '‘' | 'ʼ' | '´' => '\'',
            '‐' | '‑' | '–' | '—' => '-',
            other => other,
        });
    }
}

/// A phrase found in a token stream: tokens `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactMatch<'a> {
    pub start: usize,
    pub end: usize,
    pub word: &'a FactWord,
}

impl FactMatch<'_> {
    pub fn kind(&self) -> FactKind {
        self.word.kind
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum File {
    Cues,
    Events,
    Numbers,
    Relations,
}

const FILES: [(File, &str, usize); 4] = [
    (File::Cues, "cues.tsv", 4),
    (File::Events, "events.tsv", 3),
    (File::Numbers, "numbers.tsv", 4),
    (File::Relations, "relations.tsv", 4),
];

const EMBEDDED: [(&str, &str); 4] = [
    ("cues.tsv", include_str!("../../../packs/facts/cues.tsv")),
    (
        "events.tsv",
        include_str!("../../../packs/facts/events.tsv"),
    ),
    (
        "numbers.tsv",
        include_str!("../../../packs/facts/numbers.tsv"),
    ),
    (
        "relations.tsv",
        include_str!("../../../packs/facts/relations.tsv"),
    ),
];

const EMBEDDED_MANIFEST: &str = include_str!("../../../packs/facts/PACK.toml");

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

/// The lexicon compiled for matching. Each token is looked up once by its folded word and
/// once by its first characters (for the one-word prefixes such as "kill*"), so a token
/// tries only the entries that can start with it.
#[derive(Debug, Default)]
struct Matcher {
    /// First folded word to the entries (other than one-word prefixes) starting with it,
    /// in pack order.
    by_first: HashMap<String, Vec<FactWord>, WordHash>,
    /// One-word prefixes by their first `head` characters, in pack order: a token can
    /// only start with the prefixes filed under its own first characters.
    prefixes: HashMap<String, Vec<FactWord>, WordHash>,
    /// How many leading characters key `prefixes`: 3 (the loader refuses shorter
    /// prefixes), or fewer should a shorter one ever get in.
    head: usize,
    /// Most tokens start no entry; these sketches of the keys turn most of them away
    /// without hashing. Bit `min(len, 63)` of `lengths[b]` is set when some key of
    /// `by_first` starts with byte `b` and has `len` bytes; bit `c % 64` of
    /// `second[b]` when some key of `prefixes` starts with bytes `b`, `c`.
    lengths: Vec<u64>,
    second: Vec<u64>,
}

/// Characters of a word that key the prefix index.
const PREFIX_HEAD: usize = 3;

impl Matcher {
    fn build(entries: &BTreeMap<(File, String, Option<LangKey>), FactWord>) -> Matcher {
        let lone_prefix = |w: &FactWord| w.prefix && w.words.len() == 1;
        let head_len = entries
            .values()
            .filter(|w| lone_prefix(w))
            .filter_map(|w| w.words.first())
            .map(|p| p.chars().count())
            .min()
            .map_or(PREFIX_HEAD, |n| n.min(PREFIX_HEAD));
        let mut by_first: HashMap<String, Vec<FactWord>, WordHash> = HashMap::default();
        let mut prefixes: HashMap<String, Vec<FactWord>, WordHash> = HashMap::default();
        for w in entries.values() {
            let Some(first) = w.words.first() else {
                continue;
            };
            let (map, key) = if lone_prefix(w) {
                (&mut prefixes, head(first, head_len))
            } else {
                (&mut by_first, first.as_str())
            };
            map.entry(key.to_string()).or_default().push(w.clone());
        }
        let mut lengths = vec![0u64; 256];
        for key in by_first.keys() {
            if let Some(slot) = key
                .bytes()
                .next()
                .and_then(|b| lengths.get_mut(usize::from(b)))
            {
                *slot |= 1 << key.len().min(63);
            }
        }
        let mut second = vec![0u64; 256];
        for key in prefixes.keys() {
            let mut bytes = key.bytes();
            let (Some(b), c) = (bytes.next(), bytes.next()) else {
                continue;
            };
            if let Some(slot) = second.get_mut(usize::from(b)) {
                // A one-byte key (a prefix of one character) lets every second byte in.
                *slot |= c.map_or(u64::MAX, |c| 1 << (c % 64));
            }
        }
        Matcher {
            by_first,
            prefixes,
            head: head_len,
            lengths,
            second,
        }
    }

    /// The entries that may match at a token whose folded word is `word`: whole words
    /// first, then lone prefixes, each in pack order. Matches of the very same tokens keep
    /// this order, which the engine's rules were written against.
    fn candidates(&self, word: &str) -> impl Iterator<Item = &FactWord> {
        let bytes = word.as_bytes();
        let sketch = |table: &[u64], bit: usize| {
            bytes
                .first()
                .and_then(|&b| table.get(usize::from(b)))
                .is_some_and(|mask| mask >> bit & 1 == 1)
        };
        let exact = sketch(&self.lengths, word.len().min(63))
            .then(|| self.by_first.get(word))
            .flatten();
        // A word of fewer than `head` bytes has fewer characters than any prefix.
        let second = bytes.get(1).map_or(0, |&c| usize::from(c % 64));
        let prefixed = (word.len() >= self.head && sketch(&self.second, second))
            .then(|| self.prefixes.get(head(word, self.head)))
            .flatten();
        exact.into_iter().chain(prefixed).flatten()
    }
}

/// The first `n` characters of `word` (all of it when shorter).
fn head(word: &str, n: usize) -> &str {
    word.char_indices()
        .nth(n)
        .and_then(|(at, _)| word.get(..at))
        .unwrap_or(word)
}

/// FNV-1a for the lexicon's word maps: the keys are short words, looked up twice per
/// token, where the standard SipHash costs more than the lookup. The maps are built from
/// reviewed packs, not from untrusted input, so flooding resistance is not needed.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type WordHash = std::hash::BuildHasherDefault<Fnv>;

/// The compiled lexicon.
#[derive(Debug, Default)]
pub struct FactLexicon {
    /// (file, folded phrase, lang) to entry, so a later directory overrides an earlier one.
    entries: BTreeMap<(File, String, Option<LangKey>), FactWord>,
    /// The entries compiled for [`FactLexicon::find`].
    matcher: Matcher,
    /// Versions of the packs loaded, embedded first ("facts 1.0.0").
    pub versions: Vec<String>,
}

impl FactLexicon {
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
        let mut lex = FactLexicon::default();
        let (version, problems) = crate::manifest::load_embedded(
            "packs/facts",
            &EMBEDDED,
            EMBEDDED_MANIFEST,
            |path, name, text, problems| lex.load_file(path, name, text, problems),
        );
        lex.versions.extend(version);
        lex.matcher = Matcher::build(&lex.entries);
        (lex, problems)
    }

    /// Add or override entries from `dir/facts/` (a directory laid out like `packs/`). A
    /// directory without a `facts/` folder adds nothing. On problems nothing from the
    /// directory is kept and every problem is returned.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PackError> {
        let Some((mut staged, version)) =
            crate::manifest::stage_user_pack(dir, "facts", FactLexicon::load_file)?
        else {
            return Ok(());
        };
        self.entries.append(&mut staged.entries);
        self.matcher = Matcher::build(&self.entries);
        self.versions.extend(version);
        Ok(())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, in file and phrase order.
    pub fn words(&self) -> impl Iterator<Item = &FactWord> {
        self.entries.values()
    }

    /// Phrases found in `tokens` for a text of language `lang` (entries of the other
    /// language are skipped unless the language is unknown). Within each [`Family`] the
    /// matches are leftmost-longest and do not overlap; matches of different families may.
    pub fn find<'a>(&'a self, tokens: TokenSlice<'_>, lang: Lang) -> Vec<FactMatch<'a>> {
        let applies = |w: &FactWord| match (w.lang, lang) {
            (None, _) | (_, Lang::Other) => true,
            (Some(a), b) => a == b,
        };
        let mut all: Vec<FactMatch<'a>> = Vec::new();
        for i in 0..tokens.len() {
            for w in self.matcher.candidates(tokens.word(i)) {
                if !applies(w) {
                    continue;
                }
                if let Some(end) = w.match_at(tokens, i) {
                    all.push(FactMatch {
                        start: i,
                        end,
                        word: w,
                    });
                }
            }
        }
        // Leftmost-longest per family: sort by family, start, then longest first (a stable
        // sort, so matches of the very same tokens keep the candidates' order).
        all.sort_by_key(|m| (m.word.kind.family(), m.start, std::cmp::Reverse(m.end)));
        // How far each family's kept matches reach, indexed by `Family as usize`.
        let mut covered = [0usize; 4];
        let mut last: Option<(usize, usize)> = None;
        all.retain(|m| {
            let Some(reach) = covered.get_mut(m.word.kind.family() as usize) else {
                return false;
            };
            // Another entry of a different kind for the very same phrase is kept (a word
            // may be both a casualty word and a civilian word).
            if m.start < *reach && last != Some((m.start, m.end)) {
                return false;
            }
            *reach = m.end;
            last = Some((m.start, m.end));
            true
        });
        all.sort_by_key(|m| (m.start, m.end));
        all
    }

    fn load_file(&mut self, path: &Path, name: &str, text: &str, problems: &mut Vec<PackProblem>) {
        let Some(&(file, _, columns)) = FILES.iter().find(|(_, n, _)| *n == name) else {
            let known: Vec<&str> = FILES.iter().map(|(_, n, _)| *n).collect();
            problems.push(problem(
                path,
                None,
                format!(
                    "unknown facts pack file; expected one of {}",
                    known.join(", ")
                ),
            ));
            return;
        };
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
            let (body, prefix) = match phrase.strip_suffix('*') {
                Some(b) => (b, true),
                None => (phrase, false),
            };
            let tokens = tokenize(body);
            let tokens = tokens.as_slice();
            let words: Vec<String> = (0..tokens.len())
                .map(|i| tokens.word(i).to_string())
                .collect();
            if words.is_empty() || (prefix && body.ends_with(' ')) {
                problems.push(problem(
                    path,
                    Some(lineno),
                    format!("'{phrase}' has no words to match"),
                ));
                continue;
            }
            if prefix && words.last().is_some_and(|w| w.chars().count() < 3) {
                problems.push(problem(
                    path,
                    Some(lineno),
                    format!("'{phrase}': a prefix needs at least 3 letters"),
                ));
                continue;
            }
            let key = format!("{}{}", words.join(" "), if prefix { "*" } else { "" });
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
                FactWord {
                    phrase: phrase.to_string(),
                    lang,
                    kind,
                    words,
                    prefix,
                },
            );
        }
    }
}

impl FactWord {
    /// The token just past the phrase when it matches at `tokens[i]`.
    fn match_at(&self, tokens: TokenSlice<'_>, i: usize) -> Option<usize> {
        let n = self.words.len();
        if i + n > tokens.len() {
            return None;
        }
        for (k, w) in self.words.iter().enumerate() {
            let t = tokens.word(i + k);
            let ok = if k + 1 == n && self.prefix {
                t.starts_with(w.as_str())
            } else {
                t == w
            };
            if !ok {
                return None;
            }
        }
        Some(i + n)
    }
}

fn parse_value(file: File, cols: &[&str]) -> Result<FactKind, String> {
    let value = cols.first().copied().unwrap_or("");
    let second = cols.get(1).copied().unwrap_or("");
    let bad =
        |what: &str, v: &str, expected: &str| format!("{what} '{v}' is not one of {expected}");
    Ok(match file {
        File::Events => match EventClass::parse(value) {
            Some(c) => FactKind::Event(c),
            None => {
                let names: Vec<&str> = EventClass::NAMES.iter().map(|(_, n)| *n).collect();
                return Err(bad("class", value, &names.join(", ")));
            }
        },
        File::Relations => {
            let predicate: Predicate = value.parse()?;
            let order = match second {
                "forward" => Order::Forward,
                "reverse" => Order::Reverse,
                "between" => Order::Between,
                "context" => Order::Context,
                "mutual" => Order::Mutual,
                _ => {
                    return Err(bad(
                        "order",
                        second,
                        "forward, reverse, between, mutual, context",
                    ));
                }
            };
            FactKind::Relation(predicate, order)
        }
        File::Numbers => {
            let n = match value.parse::<u32>() {
                Ok(n) if (1..=100_000).contains(&n) => n,
                _ => return Err(format!("value '{value}' is not a number from 1 to 100000")),
            };
            let estimated = match second {
                "exact" => false,
                "estimated" => true,
                _ => return Err(bad("reading", second, "exact, estimated")),
            };
            FactKind::Number {
                value: n,
                estimated,
            }
        }
        File::Cues => FactKind::Cue(parse_cue(value, second)?),
    })
}

fn parse_cue(kind: &str, value: &str) -> Result<CueKind, String> {
    let none = |k: CueKind| {
        if value == "-" {
            Ok(k)
        } else {
            Err(format!(
                "kind '{kind}' takes '-' as its value, found '{value}'"
            ))
        }
    };
    match kind {
        "modality" => match value {
            "intended" => Ok(CueKind::Modality(Modality::Intended)),
            "speculative" => Ok(CueKind::Modality(Modality::Speculative)),
            _ => Err(format!(
                "modality '{value}' is not one of intended, speculative"
            )),
        },
        "attribution" => match value {
            "follows" => Ok(CueKind::Attribution(AttributionCue::Follows)),
            "speech" => Ok(CueKind::Attribution(AttributionCue::Speech)),
            "source" => Ok(CueKind::Attribution(AttributionCue::Source)),
            _ => Err(format!(
                "attribution '{value}' is not one of follows, speech, source"
            )),
        },
        "casualty" => match value {
            "dead" => Ok(CueKind::Casualty(Casualty::Dead)),
            "wounded" => Ok(CueKind::Casualty(Casualty::Wounded)),
            "either" => Ok(CueKind::Casualty(Casualty::Either)),
            _ => Err(format!(
                "casualty '{value}' is not one of dead, wounded, either"
            )),
        },
        "negation" => none(CueKind::Negation),
        "civilians" => none(CueKind::Civilians),
        "aggregate" => none(CueKind::Aggregate),
        "accompanied" => none(CueKind::Accompanied),
        "agent" => none(CueKind::Agent),
        "each_side" => none(CueKind::EachSide),
        "range" => none(CueKind::RangeJoin),
        "since" => none(CueKind::Since),
        "until" => none(CueKind::Until),
        "clause" => none(CueKind::ClauseBreak),
        "territory" => none(CueKind::Territory),
        "ally" => none(CueKind::Ally),
        "ongoing" => none(CueKind::Ongoing),
        "forces" => none(CueKind::Forces),
        "undergo" => none(CueKind::Undergo),
        "claim" => none(CueKind::Claim),
        _ => Err(format!(
            "kind '{kind}' is not one of modality, negation, attribution, casualty, civilians, aggregate, accompanied, agent, each_side, range, since, until, clause, territory, ally, ongoing, forces, undergo, claim"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens as first cut, character by character with a `String` per token: the
    /// byte-wise table must give the same positions, kinds and folded words.
    fn tokens_by_chars(text: &str) -> Vec<(usize, usize, TokenKind, String)> {
        let mut out: Vec<(usize, usize, TokenKind, String)> = Vec::new();
        let mut open: Option<(usize, TokenKind, String)> = None;
        for (i, c) in text.char_indices() {
            let k = char_class(c);
            if let Some((start, kind, mut word)) = open.take() {
                if k == Some(kind) && kind != TokenKind::Punct {
                    fold_char(c, &mut word);
                    open = Some((start, kind, word));
                    continue;
                }
                out.push((start, i, kind, word));
            }
            open = k.map(|k| {
                let mut word = String::new();
                fold_char(c, &mut word);
                (i, k, word)
            });
        }
        if let Some((start, kind, word)) = open {
            out.push((start, text.len(), kind, word));
        }
        out
    }

    #[test]
    fn tokenizing_by_bytes_cuts_and_folds_like_by_characters() {
        for text in [
            "",
            "Les FAMa ont « neutralisé » 12 terroristes près de Ménaka, a-t-on appris.",
            "JNIM's `fighters` — l’armée\u{a0}; TUÉS\r\n\tœuvre ß İ Σ ﬁ ٣١٢ 2,500",
            "\u{b}x\u{85}y\u{2028}",
            "Élu2024x 12é AÉb x\u{301}y ÉTÉ-2023 l'«armée» 3½ ǅ",
            "é",
            "9",
        ] {
            let table = tokenize(text);
            let toks = table.as_slice();
            let got: Vec<(usize, usize, TokenKind, String)> = toks
                .tokens()
                .iter()
                .enumerate()
                .map(|(i, t)| (t.start, t.end, t.kind, toks.word(i).to_string()))
                .collect();
            assert_eq!(got, tokens_by_chars(text), "{text:?}");
        }
    }

    fn kinds(lex: &FactLexicon, text: &str, lang: Lang) -> Vec<(String, FactKind)> {
        let table = tokenize(text);
        let toks = table.as_slice();
        lex.find(toks, lang)
            .into_iter()
            .map(|m| {
                let s = toks.get(m.start).map_or(0, |t| t.start);
                let e = toks.get(m.end - 1).map_or(0, |t| t.end);
                (text.get(s..e).unwrap_or("").to_string(), m.kind())
            })
            .collect()
    }

    #[test]
    fn folding_lowers_case_strips_accents_and_unifies_marks() {
        for (word, folded) in [
            ("KILLED", "killed"),
            ("Tués", "tues"),
            ("TUÉS", "tues"),
            ("L`armée", "l'armee"),
            ("l’ARMÉE", "l'armee"),
            ("ŒUVRE", "ouvre"),
            ("Ségou", "segou"),
            ("–", "-"),
            ("2024", "2024"),
        ] {
            assert_eq!(fold(word), folded, "{word}");
        }
    }

    #[test]
    fn a_table_of_several_texts_keeps_their_offsets_and_folded_words() {
        let mut table = Tokens::default();
        table.push_text("Tués à Gao.", 100);
        table.push_text("L’ARMÉE a riposté", 200);
        let all = table.as_slice();
        let words: Vec<&str> = (0..all.len()).map(|i| all.word(i)).collect();
        assert_eq!(
            words,
            ["tues", "a", "gao", ".", "l", "'", "armee", "a", "riposte"]
        );
        let spans: Vec<(usize, usize)> = all.tokens().iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(
            spans,
            [
                (100, 105),
                (106, 108),
                (109, 112),
                (112, 113),
                (200, 201),
                (201, 204),
                (204, 210),
                (211, 212),
                (213, 221)
            ]
        );
        let kinds: Vec<TokenKind> = all.tokens().iter().map(|t| t.kind).collect();
        assert_eq!(kinds.get(3), Some(&TokenKind::Punct));
        // A slice reads its own stretch from 0, and is clamped to the table.
        let second = table.slice(4..99);
        assert_eq!(second.len(), 5);
        assert_eq!(
            (second.word(0), second.word(2), second.word(5)),
            ("l", "armee", "")
        );
        assert!(table.slice(20..30).is_empty());
    }

    #[test]
    fn prefixes_match_inflected_accented_and_upper_case_words() {
        let lex = FactLexicon::embedded();
        for (text, lang, word, kind) in [
            (
                "Des hommes armés ont INCENDIÉ le marché de Boni.",
                Lang::Fr,
                "INCENDIÉ",
                FactKind::Event(EventClass::Looting),
            ),
            (
                "Les émeutes ont repris à Bamako.",
                Lang::Fr,
                "émeutes",
                FactKind::Event(EventClass::Riot),
            ),
            (
                "Deux humanitaires ont été enlevés près de Ménaka.",
                Lang::Fr,
                "enlevés",
                FactKind::Event(EventClass::Abduction),
            ),
            (
                "Gunmen kidnapped two aid workers near Menaka.",
                Lang::En,
                "kidnapped",
                FactKind::Event(EventClass::Abduction),
            ),
            (
                "Two air strikes hit the camp on Sunday.",
                Lang::En,
                "air strikes",
                FactKind::Event(EventClass::AirStrike),
            ),
            (
                "Une grenade a explosé au marché.",
                Lang::Fr,
                "grenade",
                FactKind::Event(EventClass::Grenade),
            ),
        ] {
            let found = kinds(&lex, text, lang);
            assert!(
                found.iter().any(|(t, k)| t == word && *k == kind),
                "{word:?} in {text:?}: {found:?}"
            );
        }
        // A prefix only matches at the start of a word: "attack*" is not in "counterattack".
        let found = kinds(&lex, "a counterattacking force", Lang::En);
        assert!(
            !found
                .iter()
                .any(|(_, k)| *k == FactKind::Event(EventClass::Attack)),
            "{found:?}"
        );
    }

    #[test]
    fn embedded_pack_has_no_problems() {
        let problems = FactLexicon::embedded_problems();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(shown.is_empty(), "{}", shown.join("\n"));
        let lex = FactLexicon::embedded();
        assert!(lex.len() > 300, "{}", lex.len());
        assert!(lex.versions.iter().any(|v| v.starts_with("facts ")));
    }

    #[test]
    fn finds_longest_phrases_with_prefixes_accents_and_apostrophes() {
        let lex = FactLexicon::embedded();
        let found = kinds(
            &lex,
            "Le groupe s’est rallié au JNIM, selon l’armée ; une vingtaine de morts.",
            Lang::Fr,
        );
        let has = |text: &str, kind: FactKind| found.iter().any(|(t, k)| t == text && *k == kind);
        assert!(
            has("s’est rallié", FactKind::Event(EventClass::Change)),
            "{found:?}"
        );
        assert!(
            has(
                "selon",
                FactKind::Cue(CueKind::Attribution(AttributionCue::Follows))
            ),
            "{found:?}"
        );
        assert!(
            has(
                "une vingtaine",
                FactKind::Number {
                    value: 20,
                    estimated: true
                }
            ),
            "{found:?}"
        );
        assert!(has(
            "morts",
            FactKind::Cue(CueKind::Casualty(Casualty::Dead))
        ));
        let en = kinds(
            &lex,
            "Gunmen attacked the village and killed twelve.",
            Lang::En,
        );
        assert!(
            en.iter()
                .any(|(t, k)| t == "attacked" && *k == FactKind::Event(EventClass::Attack)),
            "{en:?}"
        );
        assert!(
            en.iter()
                .any(|(t, k)| t == "killed" && *k == FactKind::Event(EventClass::Kill)),
            "{en:?}"
        );
        // French entries do not fire on English text.
        let none = kinds(&lex, "the attaque", Lang::En);
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn a_broken_user_pack_reports_every_problem_with_its_line() {
        let dir = std::env::temp_dir().join(format!("faultline-facts-pack-{}", std::process::id()));
        let facts = dir.join("facts");
        std::fs::create_dir_all(&facts).unwrap();
        std::fs::write(
            facts.join("PACK.toml"),
            "name = \"mine\"\nversion = \"1\"\n",
        )
        .unwrap();
        std::fs::write(
            facts.join("events.tsv"),
            "# mine\nzzz\ten\tattack\naaa\ten\tpicnic\nbbb\txx\tclash\nccc\ten\nki*\ten\tkill\n",
        )
        .unwrap();
        std::fs::write(
            facts.join("relations.tsv"),
            "friends with\ten\tfriend_of\tforward\nled by\ten\tleader_of\tsideways\n",
        )
        .unwrap();
        std::fs::write(facts.join("weather.tsv"), "rain\ten\tx\n").unwrap();
        let mut lex = FactLexicon::embedded();
        let before = lex.len();
        let err = lex.add_dir(&dir).unwrap_err();
        let text = err.to_string();
        std::fs::remove_dir_all(&dir).ok();
        for want in [
            "PACK.toml: missing 'source'",
            "PACK.toml: missing 'licence'",
            "events.tsv:3: not sorted",
            "events.tsv:3: class 'picnic'",
            "events.tsv:4: unknown language 'xx'",
            "events.tsv:5: expected 3 tab-separated columns",
            "events.tsv:6: 'ki*': a prefix needs at least 3 letters",
            "relations.tsv:1: unknown predicate \"friend_of\"",
            "relations.tsv:2: order 'sideways'",
            "weather.tsv: unknown facts pack file",
        ] {
            assert!(text.contains(want), "missing {want:?} in:\n{text}");
        }
        assert_eq!(lex.len(), before, "nothing from a broken directory is kept");
    }

    #[test]
    fn a_user_pack_adds_and_overrides_entries() {
        let dir = std::env::temp_dir().join(format!("faultline-facts-add-{}", std::process::id()));
        let facts = dir.join("facts");
        std::fs::create_dir_all(&facts).unwrap();
        std::fs::write(
            facts.join("PACK.toml"),
            "name = \"mine\"\nversion = \"2\"\nsource = \"me\"\nlicence = \"CC0-1.0\"\n",
        )
        .unwrap();
        std::fs::write(
            facts.join("events.tsv"),
            "overran\ten\tcapture\nraid\ten\tclash\n",
        )
        .unwrap();
        let mut lex = FactLexicon::embedded();
        let result = lex.add_dir(&dir);
        std::fs::remove_dir_all(&dir).ok();
        result.unwrap();
        let found = kinds(&lex, "They overran the camp in a raid.", Lang::En);
        assert!(found.contains(&("overran".into(), FactKind::Event(EventClass::Capture))));
        assert!(found.contains(&("raid".into(), FactKind::Event(EventClass::Clash))));
        assert!(lex.versions.iter().any(|v| v == "mine 2"));
    }
}

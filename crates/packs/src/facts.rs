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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lower-cased, accents removed, apostrophes and dashes unified.
    pub folded: String,
    pub kind: TokenKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// Cut `text` into words, digit runs and single other characters, with byte offsets.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut open: Option<(usize, TokenKind)> = None;
    let class = |c: char| {
        if c.is_alphabetic() {
            Some(TokenKind::Word)
        } else if c.is_ascii_digit() {
            Some(TokenKind::Number)
        } else if c.is_whitespace() {
            None
        } else {
            Some(TokenKind::Punct)
        }
    };
    let mut push = |start: usize, end: usize, kind: TokenKind| {
        let folded = fold(text.get(start..end).unwrap_or(""));
        out.push(Token {
            start,
            end,
            folded,
            kind,
        });
    };
    for (i, c) in text.char_indices() {
        let k = class(c);
        if let Some((start, kind)) = open {
            if k == Some(kind) && kind != TokenKind::Punct {
                continue;
            }
            push(start, i, kind);
        }
        open = k.map(|k| (i, k));
    }
    if let Some((start, kind)) = open {
        push(start, text.len(), kind);
    }
    out
}

/// Lower-case, strip accents and unify apostrophes and dashes, so "Tués", "tues" and
/// "TUÉS" give one word.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        out.push(match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'û' | 'ù' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'œ' => 'o',
            '’' | '‘' | 'ʼ' | '`' | '´' => '\'',
            '‐' | '‑' | '–' | '—' => '-',
            other => other,
        });
    }
    out
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

/// The compiled lexicon.
#[derive(Debug, Default)]
pub struct FactLexicon {
    /// (file, folded phrase, lang) to entry, so a later directory overrides an earlier one.
    entries: BTreeMap<(File, String, Option<LangKey>), FactWord>,
    /// First folded word (or prefix's first word) to entries starting with it.
    by_first: HashMap<String, Vec<FactWord>>,
    /// Entries whose only word is a prefix ("kill*"), tried at every token.
    prefixes: Vec<FactWord>,
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
        lex.rebuild();
        (lex, problems)
    }

    /// Add or override entries from `dir/facts/` (a directory laid out like `packs/`). A
    /// directory without a `facts/` folder adds nothing. On problems nothing from the
    /// directory is kept and every problem is returned.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PackError> {
        let facts_dir = dir.join("facts");
        if !facts_dir.is_dir() {
            return Ok(());
        }
        let mut problems = Vec::new();
        let mut staged = FactLexicon::default();
        let pack = crate::manifest::read_user_pack(&facts_dir, &mut problems);
        for (path, name, text) in &pack.files {
            staged.load_file(path, name, text, &mut problems);
        }
        let version = pack.version;
        if !problems.is_empty() {
            return Err(PackError { problems });
        }
        self.entries.append(&mut staged.entries);
        self.versions.extend(version);
        self.rebuild();
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
    pub fn find<'a>(&'a self, tokens: &[Token], lang: Lang) -> Vec<FactMatch<'a>> {
        let applies = |w: &FactWord| match (w.lang, lang) {
            (None, _) | (_, Lang::Other) => true,
            (Some(a), b) => a == b,
        };
        let mut all: Vec<FactMatch<'a>> = Vec::new();
        for (i, tok) in tokens.iter().enumerate() {
            let candidates = self
                .by_first
                .get(&tok.folded)
                .into_iter()
                .flatten()
                .chain(self.prefixes.iter());
            for w in candidates {
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
        // Leftmost-longest per family: sort by family, start, then longest first.
        all.sort_by(|a, b| {
            (a.word.kind.family(), a.start, std::cmp::Reverse(a.end)).cmp(&(
                b.word.kind.family(),
                b.start,
                std::cmp::Reverse(b.end),
            ))
        });
        let mut out: Vec<FactMatch<'a>> = Vec::with_capacity(all.len());
        let mut covered: HashMap<Family, usize> = HashMap::new();
        for m in all {
            let fam = m.word.kind.family();
            let reach = covered.entry(fam).or_insert(0);
            if m.start < *reach {
                // Another entry of a different kind for the very same phrase is kept
                // (a word may be both a casualty word and a civilian word).
                let same_span = out
                    .last()
                    .is_some_and(|p| p.start == m.start && p.end == m.end);
                if !same_span {
                    continue;
                }
            }
            *reach = m.end;
            out.push(m);
        }
        out.sort_by_key(|m| (m.start, m.end));
        out
    }

    fn rebuild(&mut self) {
        self.by_first.clear();
        self.prefixes.clear();
        for word in self.entries.values() {
            if word.prefix && word.words.len() == 1 {
                self.prefixes.push(word.clone());
            } else if let Some(first) = word.words.first() {
                self.by_first
                    .entry(first.clone())
                    .or_default()
                    .push(word.clone());
            }
        }
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
            let words: Vec<String> = tokenize(body).into_iter().map(|t| t.folded).collect();
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
    fn match_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let n = self.words.len();
        let slice = tokens.get(i..i + n)?;
        for (k, (w, t)) in self.words.iter().zip(slice).enumerate() {
            let last = k + 1 == n;
            let ok = if last && self.prefix {
                t.folded.starts_with(w.as_str())
            } else {
                t.folded == *w
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

    fn kinds(lex: &FactLexicon, text: &str, lang: Lang) -> Vec<(String, FactKind)> {
        let toks = tokenize(text);
        lex.find(&toks, lang)
            .into_iter()
            .map(|m| {
                let s = toks.get(m.start).map_or(0, |t| t.start);
                let e = toks.get(m.end - 1).map_or(0, |t| t.end);
                (text.get(s..e).unwrap_or("").to_string(), m.kind())
            })
            .collect()
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

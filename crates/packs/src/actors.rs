//! The actor pack: organisations and people of the Sahel conflicts, their names over time,
//! aliases in English and French, dated relations, and the small lexicons the actor stage
//! needs (generic references, role cues, country cues, organisation head words). It loads
//! the TSV files under `packs/actors/`, checks them (`path:line: problem`, every problem at
//! once), and compiles one multi-pattern matcher over case- and accent-folded forms so that
//! the engine scans each document once.
//!
//! This module owns the text folding both the matcher and the engine use, so that patterns
//! and text are folded the same way. It must not look at documents: deciding what a match
//! means in context is the engine's job.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDate;
use faultline_model::actor::{
    Actor, ActorKind, ActorName, ActorRelation, Alias, PartialDate, Period, RelationKind,
};
use serde::Deserialize;

use crate::gazetteer::NameIndex;
use crate::latin::LatinFolds;
use crate::{PackError, PackProblem};

/// The pack's own files, embedded in the binary.
const EMBEDDED: [(&str, &str); 9] = [
    ("PACK.toml", include_str!("../../../packs/actors/PACK.toml")),
    (
        "actors.tsv",
        include_str!("../../../packs/actors/actors.tsv"),
    ),
    ("names.tsv", include_str!("../../../packs/actors/names.tsv")),
    (
        "aliases.tsv",
        include_str!("../../../packs/actors/aliases.tsv"),
    ),
    (
        "relations.tsv",
        include_str!("../../../packs/actors/relations.tsv"),
    ),
    (
        "generics.tsv",
        include_str!("../../../packs/actors/generics.tsv"),
    ),
    ("roles.tsv", include_str!("../../../packs/actors/roles.tsv")),
    (
        "countries.tsv",
        include_str!("../../../packs/actors/countries.tsv"),
    ),
    (
        "orgwords.tsv",
        include_str!("../../../packs/actors/orgwords.tsv"),
    ),
];

/// Name particles that are part of a person's name but never identify them alone.
const PARTICLES: [&str; 12] = [
    "ag", "ould", "ben", "bin", "ibn", "el", "al", "abu", "abou", "dit", "de", "mint",
];

/// What the pack says about itself (`PACK.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    pub licence: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A generic reference ("the rebels", "l'armée") and the actors it can stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenericRef {
    pub lang: String,
    pub phrase: String,
    /// Kinds of actor it can refer to.
    pub kinds: Vec<ActorKind>,
    pub scope: GenericScope,
}

/// Which country an antecedent of a generic reference must belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenericScope {
    /// Any actor of the right kind.
    Any,
    /// An actor of the country the document is about ("the army", "la junte").
    Focus,
    /// An actor of this country ("the Russian auxiliaries").
    Country(String),
}

/// A word that introduces a person's role ("spokesman", "Prime Minister", "porte-parole").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCueEntry {
    pub lang: String,
    pub cue: String,
    pub relation: RelationKind,
}

/// A word that shows which country a text is about: a name, demonym, capital or town.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryCue {
    pub country: String,
    pub cue: String,
    pub lang: Option<String>,
}

/// What a matched pattern stands for. One folded pattern may have several uses ("Islamic
/// State" is an alias of two actors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternUse {
    /// Index into [`ActorPack::aliases`].
    Alias(usize),
    /// Index into [`ActorPack::generics`].
    Generic(usize),
    /// Index into [`ActorPack::country_cues`].
    Country(usize),
    /// Index into [`ActorPack::role_cues`].
    Role(usize),
    /// A distinctive part of a person's name ("Alghabass"), valid only after the full name.
    PersonPart(usize),
}

/// Text folded for matching (lowercase, no accents, dashes as spaces, one space between
/// words) with a map from each folded byte back to the original character it came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl Folded {
    /// The original byte span that folded bytes `[start, end)` came from.
    pub fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let s = *self.starts.get(start)? as usize;
        let e = *self.ends.get(end - 1)? as usize;
        Some((s, e))
    }
}

/// Fold text for matching. Patterns and documents go through this same function.
pub fn fold(text: &str) -> Folded {
    fold_with::<true>(text)
}

/// Fold a pattern: like [`fold`] but trimmed, for table keys.
pub fn fold_key(s: &str) -> String {
    // The engine folds single words and short gaps this way many times per document: no
    // offset maps for them.
    let text = fold_with::<false>(s).text;
    let trimmed = text.trim();
    if trimmed.len() == text.len() {
        text
    } else {
        trimmed.to_string()
    }
}

/// [`fold`], with the map back to the original offsets only when `OFFSETS`.
fn fold_with<const OFFSETS: bool>(text: &str) -> Folded {
    let capacity = |n: usize| if OFFSETS { n } else { 0 };
    let mut out = FoldBuffer::<OFFSETS> {
        text: Vec::with_capacity(text.len()),
        starts: Vec::with_capacity(capacity(text.len())),
        ends: Vec::with_capacity(capacity(text.len())),
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Most news text is ASCII, one byte in and at most one byte out: a whole run of it is
        // folded by table and its offsets written as ranges, which compile to tight loops;
        // only the other characters are decoded one by one. Byte by byte, with a push per
        // byte, this was 2.5% of ingest's instructions.
        let run = crate::latin::ascii_run_end(bytes, at);
        if run > at {
            out.ascii_run(bytes.get(at..run).unwrap_or(&[]), at);
            at = run;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let span = (at as u32, (at + c.len_utf8()) as u32);
        at += c.len_utf8();
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{00b4}' => out.push('\'', span),
            '\u{2010}'..='\u{2015}'
            | '\u{00a0}'
            | '\u{202f}'
            | '\u{2009}'
            | '\u{2002}'
            | '\u{2003}' => out.space(span),
            'œ' | 'Œ' => {
                out.push('o', span);
                out.push('e', span);
            }
            'æ' | 'Æ' => {
                out.push('a', span);
                out.push('e', span);
            }
            'ß' => {
                out.push('s', span);
                out.push('s', span);
            }
            _ if c.is_whitespace() => out.space(span),
            _ => match LATIN_FOLDS.get(c) {
                Some(folded) => folded.chars().for_each(|l| out.push(l, span)),
                None => decompose_lower(c, |l| out.push(l, span)),
            },
        }
    }
    // Only whole characters were written, so the bytes are UTF-8.
    let text = String::from_utf8(out.text)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Folded {
        text,
        starts: out.starts,
        ends: out.ends,
    }
}

/// A [`Folded`] being built, its text as bytes so that ASCII runs are written in place.
struct FoldBuffer<const OFFSETS: bool> {
    text: Vec<u8>,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl<const OFFSETS: bool> FoldBuffer<OFFSETS> {
    /// Appends one folded character that came from the original `span`.
    #[inline]
    fn push(&mut self, ch: char, span: (u32, u32)) {
        let mut utf8 = [0u8; 4];
        let encoded = ch.encode_utf8(&mut utf8).as_bytes();
        self.text.extend_from_slice(encoded);
        if OFFSETS {
            for _ in encoded {
                self.starts.push(span.0);
                self.ends.push(span.1);
            }
        }
    }

    /// Appends a space unless the text already ends with one: runs of white space fold to
    /// one.
    fn space(&mut self, span: (u32, u32)) {
        if self.text.last() != Some(&b' ') {
            self.push(' ', span);
        }
    }

    /// Appends the ASCII bytes `run`, which start at byte `at` of the original: folded by
    /// table, then runs of spaces made one, which most runs of text do not need.
    fn ascii_run(&mut self, run: &[u8], at: usize) {
        let from = self.text.len();
        self.text
            .extend(run.iter().map(|&b| ASCII_FOLD[usize::from(b & 0x7f)]));
        if OFFSETS {
            // Offsets fit: documents are far below 4 GB.
            let (start, end) = (at as u32, (at + run.len()) as u32);
            self.starts.extend(start..end);
            self.ends.extend(start + 1..end + 1);
        }
        // The byte before the run may be a space too.
        let check = from.saturating_sub(1);
        if self
            .text
            .get(check..)
            .is_some_and(|t| t.windows(2).any(|pair| pair == b"  "))
        {
            self.collapse_spaces(check + 1);
        }
    }

    /// Drops each space from `from` on that follows a space, with its offsets.
    fn collapse_spaces(&mut self, from: usize) {
        let mut kept = from;
        for read in from..self.text.len() {
            let b = self.text.get(read).copied().unwrap_or(0);
            if b == b' ' && kept > 0 && self.text.get(kept - 1) == Some(&b' ') {
                continue;
            }
            self.text.swap(kept, read);
            if OFFSETS {
                self.starts.swap(kept, read);
                self.ends.swap(kept, read);
            }
            kept += 1;
        }
        self.text.truncate(kept);
        if OFFSETS {
            self.starts.truncate(kept);
            self.ends.truncate(kept);
        }
    }
}

/// The folded form of each ASCII byte: lower case, a space for the white space and the
/// hyphen (runs of them fold to one space), a straight apostrophe for the backquote.
static ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'-' | b'\t' | b' ' | b'\r' => b' ',
            b'`' => b'\'',
            other => other.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

/// [`decompose_lower`] of the Latin letters, worked out once.
static LATIN_FOLDS: LazyLock<LatinFolds> =
    LazyLock::new(|| LatinFolds::new(|c, out| decompose_lower(c, |l| out.push(l))));

/// A letter without its accents, in lower case ("É" is "e").
fn decompose_lower(c: char, mut emit: impl FnMut(char)) {
    unicode_normalization::char::decompose_canonical(c, |d| {
        if !unicode_normalization::char::is_combining_mark(d) {
            d.to_lowercase().for_each(&mut emit);
        }
    });
}

/// The compiled multi-pattern matcher over folded forms.
///
/// Pack forms are only ever taken where they start and end on a word boundary of the folded
/// text, so word-aligned hash lookups (`NameIndex`, shared with the gazetteer) find the
/// same spans an Aho–Corasick automaton run overlapping at every byte found, at a fraction
/// of the cost (the automaton was a quarter of the actor stage).
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    index: NameIndex,
    uses: Vec<Vec<PatternUse>>,
}

impl Matcher {
    /// Every occurrence (overlapping) of every pattern in folded text that starts and ends
    /// on a word boundary (the characters either side are not alphanumeric), as folded byte
    /// spans with what the pattern stands for, in no particular order.
    pub fn find_all<'a>(&'a self, folded: &str) -> Vec<(usize, usize, &'a [PatternUse])> {
        let mut out = Vec::new();
        self.index.find(folded, |s, e, key| {
            let uses = self.uses.get(key).map_or(&[][..], |u| u.as_slice());
            out.push((s, e, uses));
        });
        out
    }

    pub fn pattern_count(&self) -> usize {
        self.uses.len()
    }
}

/// The actor pack, loaded and compiled.
#[derive(Debug, Clone)]
pub struct ActorPack {
    info: PackInfo,
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    names: Vec<ActorName>,
    aliases: Vec<Alias>,
    relations: Vec<ActorRelation>,
    generics: Vec<GenericRef>,
    roles: Vec<RoleCueEntry>,
    countries: Vec<CountryCue>,
    org_words: HashSet<String>,
    /// For each actor index, distinctive folded parts of a person's name.
    person_parts: Vec<Vec<String>>,
    /// Folded alias text → alias indices, for lookups by name.
    alias_index: HashMap<String, Vec<usize>>,
    /// Folded generic phrase → generic indices, so the engine need not fold the list per
    /// document.
    generic_index: HashMap<String, Vec<usize>>,
    /// Folded country cues, for the same reason.
    country_keys: HashSet<String>,
    matcher: Matcher,
}

impl Default for ActorPack {
    fn default() -> Self {
        ActorPack::embedded()
    }
}

/// The raw rows of one pack directory, before they are merged and compiled.
#[derive(Debug, Default)]
struct Rows {
    info: Option<PackInfo>,
    actors: Vec<Actor>,
    names: Vec<ActorName>,
    aliases: Vec<Alias>,
    relations: Vec<ActorRelation>,
    generics: Vec<GenericRef>,
    roles: Vec<RoleCueEntry>,
    countries: Vec<CountryCue>,
    org_words: Vec<(String, String)>,
    /// Where each row came from, for cross-file checks: (file, line).
    alias_lines: Vec<(PathBuf, usize)>,
    name_lines: Vec<(PathBuf, usize)>,
    relation_lines: Vec<(PathBuf, usize)>,
}

impl ActorPack {
    /// The pack embedded in the binary. The embedded files are checked by a test, so
    /// problems cannot occur here; a bad row would be skipped rather than fail.
    pub fn embedded() -> Self {
        let (rows, _problems) = parse_embedded();
        let mut pack = ActorPack::empty();
        pack.merge(rows);
        pack.compile();
        pack
    }

    /// Check the embedded files: every problem, as `packs/actors/FILE:line: problem`.
    pub fn check_embedded() -> Vec<PackProblem> {
        let (rows, mut problems) = parse_embedded();
        problems.extend(cross_check(&rows, &HashSet::new()));
        problems
    }

    /// The embedded pack plus user pack directories, as [`crate::Packs::with_user_dirs`]
    /// loads them, for callers that need only actors: on problems, the embedded pack alone
    /// together with the problems.
    pub fn with_user_dirs(dirs: &[&Path]) -> (Self, Option<PackError>) {
        crate::with_user_dirs(ActorPack::embedded, dirs, |pack, dir| {
            pack.add_dir(dir)
                .err()
                .map_or_else(Vec::new, |e| e.problems)
        })
    }

    /// Add a user pack directory. Its `actors/` subdirectory may hold any of the pack files;
    /// rows add to the pack and rows with the same key override it. On problems nothing is
    /// changed.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PackError> {
        let base = dir.join("actors");
        if !base.is_dir() {
            return Ok(());
        }
        let mut problems = Vec::new();
        let mut rows = Rows::default();
        // A misspelt file name would otherwise be ignored without a word.
        if let Ok(entries) = std::fs::read_dir(&base) {
            let mut names: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            names.sort();
            for path in names {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let known = EMBEDDED.iter().any(|(f, _)| *f == name);
                if !known && (name.ends_with(".tsv") || name.ends_with(".toml")) {
                    problems.push(PackProblem {
                        path: path.clone(),
                        line: None,
                        message: format!(
                            "unknown actor pack file (expected one of: {})",
                            EMBEDDED.map(|(f, _)| f).join(", ")
                        ),
                    });
                }
            }
        }
        for (file, _) in EMBEDDED {
            let path = base.join(file);
            if !path.is_file() {
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => parse_file(&path, file, &text, &mut rows, &mut problems),
                Err(e) => problems.push(PackProblem {
                    path: path.clone(),
                    line: None,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        let known: HashSet<String> = self.by_id.keys().cloned().collect();
        problems.extend(cross_check(&rows, &known));
        if !problems.is_empty() {
            return Err(PackError { problems });
        }
        self.merge(rows);
        self.compile();
        Ok(())
    }

    fn empty() -> Self {
        ActorPack {
            info: PackInfo::default(),
            actors: Vec::new(),
            by_id: HashMap::new(),
            names: Vec::new(),
            aliases: Vec::new(),
            relations: Vec::new(),
            generics: Vec::new(),
            roles: Vec::new(),
            countries: Vec::new(),
            org_words: HashSet::new(),
            person_parts: Vec::new(),
            alias_index: HashMap::new(),
            generic_index: HashMap::new(),
            country_keys: HashSet::new(),
            matcher: Matcher::default(),
        }
    }

    fn merge(&mut self, rows: Rows) {
        if let Some(info) = rows.info {
            self.info = info;
        }
        for a in rows.actors {
            match self.by_id.get(&a.id) {
                Some(&i) => {
                    if let Some(slot) = self.actors.get_mut(i) {
                        *slot = a;
                    }
                }
                None => {
                    self.by_id.insert(a.id.clone(), self.actors.len());
                    self.actors.push(a);
                }
            }
        }
        // Names over time: a user file that names an actor replaces all its names.
        let renamed: HashSet<String> = rows.names.iter().map(|n| n.actor.clone()).collect();
        self.names.retain(|n| !renamed.contains(&n.actor));
        self.names.extend(rows.names);
        for a in rows.aliases {
            let key = alias_key(&a);
            self.aliases
                .retain(|b| !(b.actor == a.actor && alias_key(b) == key));
            self.aliases.push(a);
        }
        for r in rows.relations {
            self.relations.retain(|q| {
                !(q.subject == r.subject && q.relation == r.relation && q.object == r.object)
            });
            self.relations.push(r);
        }
        for g in rows.generics {
            self.generics
                .retain(|h| !(h.lang == g.lang && fold_key(&h.phrase) == fold_key(&g.phrase)));
            self.generics.push(g);
        }
        for r in rows.roles {
            self.roles
                .retain(|q| !(q.lang == r.lang && fold_key(&q.cue) == fold_key(&r.cue)));
            self.roles.push(r);
        }
        self.countries.extend(rows.countries);
        self.org_words
            .extend(rows.org_words.into_iter().map(|(_, w)| fold_key(&w)));
    }

    /// Derive implicit aliases and person parts, then build the matcher.
    fn compile(&mut self) {
        self.add_implicit_aliases();
        self.person_parts = self.derive_person_parts();
        self.alias_index.clear();
        for (i, a) in self.aliases.iter().enumerate() {
            self.alias_index
                .entry(fold_key(&a.text))
                .or_default()
                .push(i);
        }
        self.generic_index.clear();
        for (i, g) in self.generics.iter().enumerate() {
            self.generic_index
                .entry(fold_key(&g.phrase))
                .or_default()
                .push(i);
        }
        self.country_keys = self.countries.iter().map(|c| fold_key(&c.cue)).collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut uses: Vec<Vec<PatternUse>> = Vec::new();
        let mut add = |key: String, u: PatternUse| {
            if key.is_empty() {
                return;
            }
            let i = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                uses.push(Vec::new());
                patterns.len() - 1
            });
            if let Some(list) = uses.get_mut(i) {
                list.push(u);
            }
        };
        for (i, a) in self.aliases.iter().enumerate() {
            add(fold_key(&a.text), PatternUse::Alias(i));
        }
        for (i, g) in self.generics.iter().enumerate() {
            add(fold_key(&g.phrase), PatternUse::Generic(i));
        }
        for (i, c) in self.countries.iter().enumerate() {
            add(fold_key(&c.cue), PatternUse::Country(i));
        }
        for (i, r) in self.roles.iter().enumerate() {
            add(fold_key(&r.cue), PatternUse::Role(i));
        }
        for (i, parts) in self.person_parts.iter().enumerate() {
            for p in parts {
                add(p.clone(), PatternUse::PersonPart(i));
            }
        }
        self.matcher = Matcher {
            index: NameIndex::new(&patterns),
            uses,
        };
    }

    /// Canonical names (and the short and long halves of "JNIM: Group for …" names) are
    /// aliases too, so that the pack need not repeat them.
    fn add_implicit_aliases(&mut self) {
        let mut have: HashSet<(String, String)> = self
            .aliases
            .iter()
            .map(|a| (a.actor.clone(), fold_key(&a.text)))
            .collect();
        let mut extra = Vec::new();
        let mut forms: Vec<(String, String, Period)> = Vec::new();
        for a in &self.actors {
            forms.push((a.id.clone(), a.name.clone(), Period::default()));
        }
        for n in &self.names {
            forms.push((n.actor.clone(), n.name.clone(), n.period));
        }
        for (id, name, period) in forms {
            let mut parts = vec![name.clone()];
            if let Some((short, long)) = name.split_once(": ") {
                parts.push(short.to_string());
                parts.push(long.to_string());
            }
            // "Military Forces of Mali (2013-2020)": the dated suffix is not said in text.
            if let Some(open) = name.rfind(" (")
                && name[open..].chars().any(|c| c.is_ascii_digit())
            {
                parts.push(name[..open].to_string());
            }
            for p in parts {
                let key = fold_key(&p);
                if have.insert((id.clone(), key)) {
                    extra.push(Alias {
                        actor: id.clone(),
                        case_sensitive: looks_like_acronym(&p),
                        text: p,
                        lang: None,
                        period,
                    });
                }
            }
        }
        self.aliases.extend(extra);
    }

    fn derive_person_parts(&self) -> Vec<Vec<String>> {
        let alias_keys: HashSet<String> = self
            .aliases
            .iter()
            .filter(|a| {
                self.actor(&a.actor)
                    .is_some_and(|x| x.kind != ActorKind::Person)
            })
            .map(|a| fold_key(&a.text))
            .collect();
        let mut count: HashMap<String, usize> = HashMap::new();
        let mut parts: Vec<Vec<String>> = Vec::with_capacity(self.actors.len());
        for a in &self.actors {
            let mut mine: Vec<String> = Vec::new();
            if a.kind == ActorKind::Person {
                for alias in self.aliases.iter().filter(|x| x.actor == a.id) {
                    for tok in fold_key(&alias.text).split([' ', '\'']) {
                        if tok.chars().count() >= 4
                            && !PARTICLES.contains(&tok)
                            && !alias_keys.contains(tok)
                            && !mine.iter().any(|m| m == tok)
                        {
                            mine.push(tok.to_string());
                        }
                    }
                }
            }
            for m in &mine {
                *count.entry(m.clone()).or_default() += 1;
            }
            parts.push(mine);
        }
        // A part two people share ("Mohamed", "Maïga") identifies neither.
        for p in &mut parts {
            p.retain(|t| count.get(t).copied().unwrap_or(0) == 1);
        }
        parts
    }

    pub fn info(&self) -> &PackInfo {
        &self.info
    }

    /// All actors, in pack order (embedded first, then user additions).
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter()
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).and_then(|&i| self.actors.get(i))
    }

    /// Index of an actor, for [`PatternUse::PersonPart`] and fast tables.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn actor_at(&self, index: usize) -> Option<&Actor> {
        self.actors.get(index)
    }

    /// Actors whose id or any alias equals `name` once folded ("jnim", "GSIM", "Ag Ghali").
    pub fn lookup(&self, name: &str) -> Vec<&Actor> {
        let mut out: Vec<&Actor> = Vec::new();
        if let Some(a) = self.actor(name) {
            out.push(a);
        }
        if let Some(list) = self.alias_index.get(&fold_key(name)) {
            for &i in list {
                if let Some(a) = self.aliases.get(i).and_then(|al| self.actor(&al.actor))
                    && !out.iter().any(|o| o.id == a.id)
                {
                    out.push(a);
                }
            }
        }
        out
    }

    /// Alias indices whose folded text equals `folded`.
    pub fn aliases_folded(&self, folded: &str) -> &[usize] {
        self.alias_index.get(folded).map_or(&[], |v| v.as_slice())
    }

    /// Every alias (explicit and derived from canonical names), for the matcher and lists.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    pub fn alias(&self, index: usize) -> Option<&Alias> {
        self.aliases.get(index)
    }

    pub fn aliases_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Alias> + 'a {
        self.aliases.iter().filter(move |a| a.actor == id)
    }

    /// Names over time of one actor, oldest first.
    pub fn names_of(&self, id: &str) -> Vec<&ActorName> {
        let mut v: Vec<&ActorName> = self.names.iter().filter(|n| n.actor == id).collect();
        v.sort_by_key(|n| n.period.from);
        v
    }

    /// The canonical name valid at `date`; without a date, or when no dated name covers
    /// it, the current canonical name.
    pub fn name_at(&self, id: &str, date: Option<NaiveDate>) -> Option<&str> {
        let actor = self.actor(id)?;
        if let Some(d) = date {
            let names = self.names_of(id);
            if let Some(n) = names.iter().rev().find(|n| n.period.contains(d)) {
                return Some(n.name.as_str());
            }
        }
        Some(actor.name.as_str())
    }

    pub fn relations(&self) -> &[ActorRelation] {
        &self.relations
    }

    /// Relations where `id` is subject or object.
    pub fn relations_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a ActorRelation> + 'a {
        self.relations
            .iter()
            .filter(move |r| r.subject == id || r.object == id)
    }

    /// Members of a coalition at `date` (all members ever, without a date).
    pub fn members_of(&self, id: &str, date: Option<NaiveDate>) -> Vec<&Actor> {
        self.relations
            .iter()
            .filter(|r| r.relation == RelationKind::MemberOf && r.object == id)
            .filter(|r| date.is_none_or(|d| r.period.contains(d)))
            .filter_map(|r| self.actor(&r.subject))
            .collect()
    }

    /// People holding a role in `id` at `date`: leaders, spokespeople, office holders.
    pub fn leaders_of(&self, id: &str, date: Option<NaiveDate>) -> Vec<&ActorRelation> {
        self.relations
            .iter()
            .filter(|r| {
                r.object == id
                    && matches!(
                        r.relation,
                        RelationKind::LeaderOf
                            | RelationKind::SpokespersonOf
                            | RelationKind::OfficeIn
                    )
            })
            .filter(|r| date.is_none_or(|d| r.period.contains(d)))
            .collect()
    }

    pub fn generics(&self) -> &[GenericRef] {
        &self.generics
    }

    /// Generic indices whose folded phrase equals `folded`, in pack order.
    pub fn generics_folded(&self, folded: &str) -> &[usize] {
        self.generic_index.get(folded).map_or(&[], |v| v.as_slice())
    }

    /// Whether a folded word or phrase is one of the pack's country cues.
    pub fn is_country_cue_folded(&self, folded: &str) -> bool {
        self.country_keys.contains(folded)
    }

    pub fn role_cues(&self) -> &[RoleCueEntry] {
        &self.roles
    }

    pub fn country_cues(&self) -> &[CountryCue] {
        &self.countries
    }

    /// Whether a folded word heads organisation names ("movement", "front", "katiba").
    pub fn is_org_word(&self, folded_word: &str) -> bool {
        self.org_words.contains(folded_word)
    }

    /// Distinctive parts of a person's name, by actor index.
    pub fn person_parts(&self, index: usize) -> &[String] {
        self.person_parts.get(index).map_or(&[], |v| v.as_slice())
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }
}

/// What makes two aliases of one actor the same: the folded form, or for case-sensitive
/// aliases the form as written ("FAMa" and "FAMA" are two aliases).
fn alias_key(a: &Alias) -> String {
    if a.case_sensitive {
        a.text.clone()
    } else {
        fold_key(&a.text)
    }
}

/// Whether a name is written like an acronym ("JNIM", "FAMa", "CSP-PSD"): then it only
/// matches as written, never inside ordinary words.
pub fn looks_like_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    !s.contains(' ') && upper >= 2 && upper * 2 > letters.len()
}

fn parse_embedded() -> (Rows, Vec<PackProblem>) {
    let mut rows = Rows::default();
    let mut problems = Vec::new();
    for (file, text) in EMBEDDED {
        let path = PathBuf::from("packs/actors").join(file);
        parse_file(&path, file, text, &mut rows, &mut problems);
    }
    (rows, problems)
}

fn problem(path: &Path, line: usize, message: impl Into<String>) -> PackProblem {
    PackProblem {
        path: path.to_path_buf(),
        line: Some(line),
        message: message.into(),
    }
}

/// Data lines of a TSV file: (1-based line number, fields). Blank lines and `#` comments are
/// skipped.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').map(str::trim).collect()))
        }
    })
}

/// Checks that rows come in strictly increasing key order and reports the row that breaks
/// it (a duplicate when equal).
struct SortCheck {
    last: Option<String>,
}

impl SortCheck {
    fn new() -> Self {
        SortCheck { last: None }
    }
    fn check(&mut self, path: &Path, line: usize, key: String, out: &mut Vec<PackProblem>) {
        if let Some(last) = &self.last {
            if *last == key {
                out.push(problem(path, line, format!("duplicate entry {key:?}")));
            } else if key < *last {
                out.push(problem(
                    path,
                    line,
                    format!("not sorted: {key:?} should come before {last:?}"),
                ));
            }
        }
        self.last = Some(key);
    }
}

fn field<'a>(f: &[&'a str], i: usize) -> &'a str {
    f.get(i).copied().unwrap_or("")
}

fn date_field(
    path: &Path,
    line: usize,
    s: &str,
    out: &mut Vec<PackProblem>,
) -> Option<PartialDate> {
    if s.is_empty() {
        return None;
    }
    match s.parse::<PartialDate>() {
        Ok(d) => Some(d),
        Err(e) => {
            out.push(problem(path, line, e));
            None
        }
    }
}

fn period_fields(
    path: &Path,
    line: usize,
    from: &str,
    to: &str,
    out: &mut Vec<PackProblem>,
) -> Period {
    let p = Period {
        from: date_field(path, line, from, out),
        to: date_field(path, line, to, out),
    };
    if let (Some(f), Some(t)) = (p.from, p.to)
        && f.earliest() > t.latest()
    {
        out.push(problem(
            path,
            line,
            format!("period ends ({t}) before it starts ({f})"),
        ));
    }
    p
}

fn lang_field(path: &Path, line: usize, s: &str, out: &mut Vec<PackProblem>) -> Option<String> {
    match s {
        "" => None,
        "en" | "fr" => Some(s.to_string()),
        _ => {
            out.push(problem(
                path,
                line,
                format!("unknown language {s:?} (en, fr or empty)"),
            ));
            None
        }
    }
}

fn columns_ok(
    path: &Path,
    line: usize,
    f: &[&str],
    min: usize,
    max: usize,
    out: &mut Vec<PackProblem>,
) -> bool {
    if f.len() < min || f.len() > max {
        out.push(problem(
            path,
            line,
            if min == max {
                format!("expected {min} tab-separated columns, found {}", f.len())
            } else {
                format!(
                    "expected {min} to {max} tab-separated columns, found {}",
                    f.len()
                )
            },
        ));
        return false;
    }
    true
}

fn required(path: &Path, line: usize, what: &str, s: &str, out: &mut Vec<PackProblem>) -> bool {
    if s.is_empty() {
        out.push(problem(path, line, format!("empty {what}")));
        return false;
    }
    true
}

fn parse_file(path: &Path, file: &str, text: &str, rows: &mut Rows, out: &mut Vec<PackProblem>) {
    let mut sort = SortCheck::new();
    match file {
        "PACK.toml" => match toml::from_str::<PackInfo>(text) {
            Ok(info) => {
                if info.licence.trim().is_empty() {
                    out.push(PackProblem {
                        path: path.to_path_buf(),
                        line: None,
                        message: "PACK.toml states no licence".into(),
                    });
                }
                rows.info = Some(info);
            }
            Err(e) => out.push(PackProblem {
                path: path.to_path_buf(),
                line: None,
                message: format!("bad PACK.toml: {e}"),
            }),
        },
        // id, name, kind, inter, countries, from, to, source
        "actors.tsv" => {
            for (line, f) in data_lines(text) {
                if !columns_ok(path, line, &f, 8, 8, out) {
                    continue;
                }
                let id = field(&f, 0);
                sort.check(path, line, id.to_string(), out);
                if !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    || id.is_empty()
                {
                    out.push(problem(
                        path,
                        line,
                        format!("bad id {id:?} (use a-z, 0-9, _)"),
                    ));
                }
                let name = field(&f, 1);
                required(path, line, "name", name, out);
                let kind = match field(&f, 2).parse::<ActorKind>() {
                    Ok(ActorKind::Candidate) | Err(_) => {
                        out.push(problem(
                            path,
                            line,
                            format!("unknown actor kind {:?}", field(&f, 2)),
                        ));
                        continue;
                    }
                    Ok(k) => k,
                };
                let inter = match field(&f, 3) {
                    "" => None,
                    s => match s.parse::<u8>() {
                        Ok(n @ 1..=8) => Some(n),
                        _ => {
                            out.push(problem(
                                path,
                                line,
                                format!("bad ACLED inter code {s:?} (1 to 8 or empty)"),
                            ));
                            None
                        }
                    },
                };
                let countries: Vec<String> = field(&f, 4)
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                let period = period_fields(path, line, field(&f, 5), field(&f, 6), out);
                let source = field(&f, 7);
                required(path, line, "source", source, out);
                rows.actors.push(Actor {
                    id: id.to_string(),
                    name: name.to_string(),
                    kind,
                    inter,
                    countries,
                    period,
                    source: source.to_string(),
                });
            }
        }
        // actor, from, to, name, source
        "names.tsv" => {
            for (line, f) in data_lines(text) {
                if !columns_ok(path, line, &f, 5, 5, out) {
                    continue;
                }
                let actor = field(&f, 0);
                sort.check(path, line, format!("{actor}\t{}", field(&f, 1)), out);
                let period = period_fields(path, line, field(&f, 1), field(&f, 2), out);
                let name = field(&f, 3);
                if !required(path, line, "name", name, out)
                    | !required(path, line, "source", field(&f, 4), out)
                {
                    continue;
                }
                rows.names.push(ActorName {
                    actor: actor.to_string(),
                    name: name.to_string(),
                    period,
                    source: field(&f, 4).to_string(),
                });
                rows.name_lines.push((path.to_path_buf(), line));
            }
        }
        // actor, alias, lang, case (cs|ci), from, to
        "aliases.tsv" => {
            for (line, f) in data_lines(text) {
                if !columns_ok(path, line, &f, 4, 6, out) {
                    continue;
                }
                let actor = field(&f, 0);
                let alias = field(&f, 1);
                sort.check(path, line, format!("{actor}\t{alias}"), out);
                if !required(path, line, "alias", alias, out) {
                    continue;
                }
                if fold_key(alias).is_empty() {
                    out.push(problem(
                        path,
                        line,
                        format!("alias {alias:?} has no letters"),
                    ));
                    continue;
                }
                let lang = lang_field(path, line, field(&f, 2), out);
                let case_sensitive = match field(&f, 3) {
                    "cs" => true,
                    "ci" => false,
                    s => {
                        out.push(problem(
                            path,
                            line,
                            format!("bad case flag {s:?} (cs or ci)"),
                        ));
                        continue;
                    }
                };
                let period = period_fields(path, line, field(&f, 4), field(&f, 5), out);
                rows.aliases.push(Alias {
                    actor: actor.to_string(),
                    text: alias.to_string(),
                    lang,
                    case_sensitive,
                    period,
                });
                rows.alias_lines.push((path.to_path_buf(), line));
            }
        }
        // subject, relation, object, from, to, title, source
        "relations.tsv" => {
            for (line, f) in data_lines(text) {
                if !columns_ok(path, line, &f, 7, 7, out) {
                    continue;
                }
                let (s, rel, o) = (field(&f, 0), field(&f, 1), field(&f, 2));
                sort.check(
                    path,
                    line,
                    format!("{s}\t{rel}\t{o}\t{}", field(&f, 3)),
                    out,
                );
                let relation = match rel.parse::<RelationKind>() {
                    Ok(r) => r,
                    Err(e) => {
                        out.push(problem(path, line, e));
                        continue;
                    }
                };
                if s == o {
                    out.push(problem(path, line, format!("{s} related to itself")));
                }
                let period = period_fields(path, line, field(&f, 3), field(&f, 4), out);
                let title = Some(field(&f, 5))
                    .filter(|t| !t.is_empty())
                    .map(String::from);
                if !required(path, line, "source", field(&f, 6), out) {
                    continue;
                }
                rows.relations.push(ActorRelation {
                    subject: s.to_string(),
                    relation,
                    object: o.to_string(),
                    period,
                    title,
                    source: field(&f, 6).to_string(),
                });
                rows.relation_lines.push((path.to_path_buf(), line));
            }
        }
        // lang, phrase, kinds, scope (empty | @focus | country)
        "generics.tsv" => {
            for (line, f) in data_lines(text) {
                if !columns_ok(path, line, &f, 3, 4, out) {
                    continue;
                }
                let phrase = field(&f, 1);
                sort.check(path, line, format!("{}\t{phrase}", field(&f, 0)), out);
                let Some(lang) = lang_field(path, line, field(&f, 0), out) else {
                    continue;
                };
                if !required(path, line, "phrase", phrase, out) {
                    continue;
                }
                let mut kinds = Vec::new();
                for k in field(&f, 2).split(',').map(str::trim) {
                    match k.parse::<ActorKind>() {
                        Ok(k) => kinds.push(k),
                        Err(e) => out.push(problem(path, line, e)),
                    }
                }
                let scope = match field(&f, 3) {
                    "" => GenericScope::Any,
                    "@focus" => GenericScope::Focus,
                    c => GenericScope::Country(c.to_string()),
                };
                rows.generics.push(GenericRef {
                    lang,
                    phrase: phrase.to_string(),
                    kinds,
                    scope,
                });
            }
        }
        // lang, cue, relation
        "roles.tsv" => {
            for (line, f) in data_lines(text) {
                if !columns_ok(path, line, &f, 3, 3, out) {
                    continue;
                }
                let cue = field(&f, 1);
                sort.check(path, line, format!("{}\t{cue}", field(&f, 0)), out);
                let Some(lang) = lang_field(path, line, field(&f, 0), out) else {
                    continue;
                };
                let relation = match field(&f, 2).parse::<RelationKind>() {
                    Ok(r) => r,
                    Err(e) => {
                        out.push(problem(path, line, e));
                        continue;
                    }
                };
                if required(path, line, "cue", cue, out) {
                    rows.roles.push(RoleCueEntry {
                        lang,
                        cue: cue.to_string(),
                        relation,
                    });
                }
            }
        }
        // country, cue, lang
        "countries.tsv" => {
            for (line, f) in data_lines(text) {
                if !columns_ok(path, line, &f, 2, 3, out) {
                    continue;
                }
                let (country, cue) = (field(&f, 0), field(&f, 1));
                sort.check(path, line, format!("{country}\t{cue}"), out);
                let lang = lang_field(path, line, field(&f, 2), out);
                if required(path, line, "country", country, out)
                    && required(path, line, "cue", cue, out)
                {
                    rows.countries.push(CountryCue {
                        country: country.to_string(),
                        cue: cue.to_string(),
                        lang,
                    });
                }
            }
        }
        // lang, word
        "orgwords.tsv" => {
            for (line, f) in data_lines(text) {
                if !columns_ok(path, line, &f, 2, 2, out) {
                    continue;
                }
                let word = field(&f, 1);
                sort.check(path, line, format!("{}\t{word}", field(&f, 0)), out);
                let lang = lang_field(path, line, field(&f, 0), out);
                if required(path, line, "word", word, out) {
                    rows.org_words
                        .push((lang.unwrap_or_default(), word.to_string()));
                }
            }
        }
        _ => {}
    }
}

/// Checks across files: every actor id a row names exists (in these rows or in `known`),
/// kinds and countries referenced by lexicons exist, and each alias is unique per actor.
fn cross_check(rows: &Rows, known: &HashSet<String>) -> Vec<PackProblem> {
    let mut out = Vec::new();
    let ids: HashSet<&str> = rows
        .actors
        .iter()
        .map(|a| a.id.as_str())
        .chain(known.iter().map(String::as_str))
        .collect();
    let exists = |id: &str| ids.contains(id);
    for (n, (path, line)) in rows.names.iter().zip(&rows.name_lines) {
        if !exists(&n.actor) {
            out.push(problem(
                path,
                *line,
                format!("unknown actor id {:?}", n.actor),
            ));
        }
    }
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (a, (path, line)) in rows.aliases.iter().zip(&rows.alias_lines) {
        if !exists(&a.actor) {
            out.push(problem(
                path,
                *line,
                format!("unknown actor id {:?}", a.actor),
            ));
        }
        let key = (a.actor.clone(), alias_key(a));
        if let Some(first) = seen.insert(key, *line) {
            out.push(problem(
                path,
                *line,
                format!(
                    "alias {:?} repeats line {first} once folded (case and accents are ignored)",
                    a.text
                ),
            ));
        }
    }
    for (r, (path, line)) in rows.relations.iter().zip(&rows.relation_lines) {
        for id in [&r.subject, &r.object] {
            if !exists(id) {
                out.push(problem(path, *line, format!("unknown actor id {id:?}")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ASCII folded byte by byte, one folded byte per kept input byte: the fold must give
    /// the same text and offsets.
    fn fold_ascii_by_bytes(text: &str) -> (String, Vec<u32>, Vec<u32>) {
        let (mut out, mut starts, mut ends) = (String::new(), Vec::new(), Vec::new());
        for (at, b) in text.bytes().enumerate() {
            let folded = ASCII_FOLD[usize::from(b & 0x7f)];
            if folded == b' ' && out.ends_with(' ') {
                continue;
            }
            out.push(char::from(folded));
            starts.push(at as u32);
            ends.push(at as u32 + 1);
        }
        (out, starts, ends)
    }

    #[test]
    fn ascii_folds_byte_for_byte_with_offsets() {
        for text in [
            "",
            "The Coordination of Azawad Movements (CMA) -- said `no`.",
            "  JNIM\tfighters\r\nattacked  Boulkessi - 12 killed\n\nAl-Qaeda's branch",
            "UPPER lower MiXeD 2024-05-17 a-b--c",
        ] {
            let f = fold(text);
            assert_eq!(
                (f.text, f.starts, f.ends),
                fold_ascii_by_bytes(text),
                "{text:?}"
            );
        }
        for (text, want) in [
            ("Ménaka – l’armée", "menaka l'armee"),
            ("MALI\u{a0}: Œuvre d’État", "mali : oeuvre d'etat"),
        ] {
            assert_eq!(fold(text).text, want, "{text:?}");
        }
    }

    /// A text folds as its characters folded one at a time would, joined with runs of
    /// spaces made one: ASCII runs and the characters between them meet without a seam.
    #[test]
    fn mixed_text_folds_as_its_characters_do() {
        for text in [
            "Ménaka – l’armée  \u{a0} à  Kidal",
            " \u{a0}- É-\u{2009}-x  ",
            "œuvre--à\t\u{2019}Tombouctou ß Æ",
            "Bamako\u{202f}: \u{0130}stanbul Ⱥ  déc.",
        ] {
            let (mut want, mut starts, mut ends) = (String::new(), Vec::new(), Vec::new());
            for (at, c) in text.char_indices() {
                let one = fold(c.encode_utf8(&mut [0; 4]));
                if one.text == " " && want.ends_with(' ') {
                    continue;
                }
                want.push_str(&one.text);
                let span = (at as u32, (at + c.len_utf8()) as u32);
                starts.extend(std::iter::repeat_n(span.0, one.text.len()));
                ends.extend(std::iter::repeat_n(span.1, one.text.len()));
            }
            let f = fold(text);
            assert_eq!((f.text, f.starts, f.ends), (want, starts, ends), "{text:?}");
        }
    }

    #[test]
    fn embedded_pack_passes_its_check() {
        let problems = ActorPack::check_embedded();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(problems.is_empty(), "{}", text.join("\n"));
    }

    #[test]
    fn embedded_pack_is_big_enough() {
        let pack = ActorPack::embedded();
        let orgs = pack
            .actors()
            .filter(|a| a.kind != ActorKind::Person)
            .count();
        let people = pack
            .actors()
            .filter(|a| a.kind == ActorKind::Person)
            .count();
        assert!(orgs >= 80, "{orgs} organisations");
        assert!(people >= 40, "{people} people");
        assert!(!pack.info().licence.is_empty());
    }

    #[test]
    fn fold_maps_back_to_original_offsets() {
        let text = "L’armée malienne — Goïta à Ménaka";
        let f = fold(text);
        assert_eq!(f.text, "l'armee malienne goita a menaka");
        let at = f.text.find("goita").unwrap();
        let (s, e) = f.original_span(at, at + 5).unwrap();
        assert_eq!(&text[s..e], "Goïta");
        let at = f.text.find("menaka").unwrap();
        let (s, e) = f.original_span(at, at + 6).unwrap();
        assert_eq!(&text[s..e], "Ménaka");
    }

    #[test]
    fn lookup_finds_by_id_alias_and_variant() {
        let pack = ActorPack::embedded();
        for (name, id) in [
            ("jnim", "jnim"),
            ("GSIM", "jnim"),
            ("Groupe de soutien a l'islam et aux musulmans", "jnim"),
            ("Iyad Ag-Ghaly", "iyad_ag_ghaly"),
            ("Forces armées maliennes", "fama"),
        ] {
            let found = pack.lookup(name);
            assert!(found.iter().any(|a| a.id == id), "{name} -> {found:?}");
        }
    }

    #[test]
    fn names_follow_the_date() {
        let pack = ActorPack::embedded();
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        let at_2023 = pack.name_at("csp", d("2023-06-01")).unwrap();
        let at_2024 = pack.name_at("csp", d("2024-09-01")).unwrap();
        assert!(at_2023.starts_with("CSP-PSD"), "{at_2023}");
        assert!(at_2024.starts_with("CSP-DPA"), "{at_2024}");
        let fama_2015 = pack.name_at("fama", d("2015-01-01")).unwrap();
        assert_eq!(fama_2015, "Military Forces of Mali (2013-2020)");
    }

    #[test]
    fn memberships_follow_the_date() {
        let pack = ActorPack::embedded();
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        let jnim_2018: Vec<&str> = pack
            .members_of("jnim", d("2018-01-01"))
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert!(jnim_2018.contains(&"katiba_macina"), "{jnim_2018:?}");
        let jnim_2016: Vec<&str> = pack
            .members_of("jnim", d("2016-01-01"))
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert!(!jnim_2016.contains(&"katiba_macina"), "{jnim_2016:?}");
    }

    #[test]
    fn user_dir_overrides_and_reports_every_problem() {
        let dir = std::env::temp_dir().join(format!("faultline-actors-{}", std::process::id()));
        let sub = dir.join("actors");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join("aliases.tsv"),
            "jnim\tNusrat al-Islam\ten\tci\nnobody\tGhost\t\tci\nzz\tA\txx\tmaybe\n",
        )
        .unwrap();
        std::fs::write(sub.join("alias.tsv"), "").unwrap();
        std::fs::write(
            sub.join("actors.tsv"),
            "zz\tZed Front\trebel_group\t2\tMali\t2024-13\t\tnews\nyy\tWhy\tgang\t9\t\t\t\tnews\n",
        )
        .unwrap();
        let mut pack = ActorPack::embedded();
        let err = pack.add_dir(&dir).unwrap_err();
        let text = err.to_string();
        for want in [
            "actors.tsv:1: bad date",
            "actors.tsv:2: not sorted",
            "actors.tsv:2: unknown actor kind",
            "aliases.tsv:2: unknown actor id \"nobody\"",
            "aliases.tsv:3: unknown language",
            "aliases.tsv:3: bad case flag",
            "alias.tsv: unknown actor pack file",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
        assert!(
            pack.lookup("Zed Front").is_empty(),
            "a broken dir changes nothing"
        );

        std::fs::remove_file(sub.join("alias.tsv")).unwrap();
        std::fs::write(
            sub.join("actors.tsv"),
            "zz\tZed Front\trebel_group\t2\tMali\t2024\t\tnews\n",
        )
        .unwrap();
        std::fs::write(
            sub.join("aliases.tsv"),
            "jnim\tNusrat al-Islam\ten\tci\nzz\tZF\t\tcs\n",
        )
        .unwrap();
        pack.add_dir(&dir).unwrap();
        assert_eq!(pack.lookup("ZF").first().map(|a| a.id.as_str()), Some("zz"));
        assert_eq!(
            pack.lookup("nusrat al islam")
                .first()
                .map(|a| a.id.as_str()),
            Some("jnim")
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

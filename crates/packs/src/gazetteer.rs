//! The gazetteer pack: places (towns, regions, countries, natural features) with their
//! names, coordinates and administrative units, compiled into one name matcher.
//!
//! Files (under `packs/gazetteer/`, embedded; a user directory's `gazetteer/` adds to them):
//! `places.tsv` (generated from GeoNames by `scripts/gazetteer/build.py`), `supplement.tsv`
//! (curated, every row citing its source; a row with an existing id replaces that entry),
//! `sahel_localities.tsv` (curated Sahel towns and villages GeoNames lacks, in the supplement's
//! format), `cercles.tsv` (Mali's cercles as ADM2 entries, in the same format), `countries.tsv`
//! (names, demonyms, centroids), `admin.tsv` (admin code to display name) and `stopwords.txt`
//! (words never taken as a place on their own).
//!
//! Names are matched case- and accent-insensitively over folded text ([`fold`]) with offsets
//! mapped back to the original text. This module finds candidate names only; deciding which
//! entry a name means, and whether it is a place at all, is the engine's job. It must not
//! panic on any input, and a broken user file never replaces what was already loaded.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::latin::LatinFolds;
use crate::{PackError, PackProblem};

const EMBEDDED_PLACES: &str = include_str!("../../../packs/gazetteer/places.tsv");
const EMBEDDED_SUPPLEMENT: &str = include_str!("../../../packs/gazetteer/supplement.tsv");
const EMBEDDED_SAHEL: &str = include_str!("../../../packs/gazetteer/sahel_localities.tsv");
const EMBEDDED_CERCLES: &str = include_str!("../../../packs/gazetteer/cercles.tsv");
const EMBEDDED_COUNTRIES: &str = include_str!("../../../packs/gazetteer/countries.tsv");
const EMBEDDED_ADMIN: &str = include_str!("../../../packs/gazetteer/admin.tsv");
const EMBEDDED_STOPWORDS: &str = include_str!("../../../packs/gazetteer/stopwords.txt");
/// Version of the embedded pack, as `PACK.toml` states it (a test keeps the two equal).
pub const PACK_VERSION: &str = "2026.11.3";
/// The credit GeoNames' CC BY 4.0 licence requires wherever places are shown.
pub const ATTRIBUTION: &str =
    "Contains data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0.";

/// What kind of place an entry is, from its feature code. Decides the default precision and
/// how strongly an entry competes for an ambiguous name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    /// A populated place (GeoNames PPL*).
    Town,
    /// A national capital (PPLC).
    Capital,
    /// A first-level administrative unit (ADM1): a region of Mali, a province.
    Region,
    /// A second-level administrative unit (ADM2): a cercle of Mali. Kept apart from
    /// [`FeatureKind::Region`] because reports name the two with different cues ("la région de
    /// Gao" against "le cercle de Gao") and ACLED gives them different precisions.
    District,
    /// A natural or named area: massif, delta, desert (MTS, RGN, AREA, …).
    Area,
    /// A country (PCLI).
    Country,
}

impl FeatureKind {
    fn of(code: &str) -> FeatureKind {
        match code {
            "PPLC" => FeatureKind::Capital,
            "PCLI" => FeatureKind::Country,
            "ADM2" => FeatureKind::District,
            c if c.starts_with("ADM") => FeatureKind::Region,
            c if c.starts_with("PPL") => FeatureKind::Town,
            _ => FeatureKind::Area,
        }
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable id: "geonames:2455290", "admin1:ML.10", "country:ML", "fl:ml-lere".
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Admin codes as GeoNames writes them ("10"; admin2 "8631538"); empty when unknown.
    pub admin1: String,
    pub admin2: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// Feature code as written in the pack (PPL, PPLC, ADM1, PCLI, MTS, RGN).
    pub feature: String,
    pub kind: FeatureKind,
    pub aliases: Vec<String>,
}

/// A country: names, demonyms and a centroid, for country mentions and document focus.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Adjectives and nouns for its people ("Malian", "malienne"): evidence of a document's
    /// focus, never places themselves.
    pub demonyms: Vec<String>,
    pub lat: f64,
    pub lon: f64,
}

/// How a matched string relates to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameKind {
    /// The entry's own name.
    Name,
    /// One of its alternate names.
    Alias,
    /// A demonym of a country entry ("Malian"): evidence of focus, not a place.
    Demonym,
}

/// One entry a matched name may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Index into [`Gazetteer::place`].
    pub place: usize,
    pub how: NameKind,
}

/// A gazetteer name found in a text: byte offsets into the original text, plus every entry
/// the name may refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch<'g> {
    pub start: usize,
    pub end: usize,
    /// The folded key that matched ("menaka").
    pub key: &'g str,
    pub candidates: &'g [Candidate],
}

/// The places pack, compiled for matching.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    // Fx hashing: tens of thousands of ids are inserted at every start-up and looked up
    // per place mention; the keys come from reviewed packs, so flooding is no concern.
    by_id: FxHashMap<String, usize>,
    countries: FxHashMap<String, Country>,
    admin: FxHashMap<String, String>,
    stopwords: FxHashSet<String>,
    keys: Vec<String>,
    targets: Vec<Vec<Candidate>>,
    names: NameIndex,
}

/// Folded names and the word-aligned prefixes of the longer ones, for the word-by-word
/// scan in [`Gazetteer::find_names`] and the actor pack's matcher. An Aho–Corasick automaton over tens of thousands of
/// names tried a match at every byte and was most of the place stage's time; names only
/// start and end on word boundaries, so lookups at word boundaries find the same matches.
#[derive(Debug, Default, Clone)]
pub(crate) struct NameIndex {
    /// A folded name, or a prefix of one that ends where a word ends inside it, of up to
    /// seven bytes, packed into an integer ([`short_key`]): most words of a text are that
    /// short, and an integer key is hashed and compared without touching the heap.
    short: FxHashMap<u64, NameEntry>,
    /// The longer names and prefixes.
    long: FxHashMap<Box<str>, NameEntry>,
    /// First bytes of every name: most word starts begin none and cost no lookup.
    first_bytes: Box<[bool]>,
    /// One bit per entry, at [`filter_bit`] of its key: about two lookups in three miss
    /// (ordinary words), and a bit that is clear answers those without probing a table.
    filter: Box<[u64]>,
    longest: usize,
}

#[derive(Debug, Default, Clone, Copy)]
struct NameEntry {
    /// Index into `keys` and `targets` when this is a whole name.
    key: Option<usize>,
    /// Whether a longer name continues this one.
    continues: bool,
}

impl NameIndex {
    pub(crate) fn new(keys: &[String]) -> Self {
        let mut index = NameIndex::default();
        // Most keys are a short word or two, and a few add a prefix: sized once rather
        // than rehashed as they grow.
        index.short.reserve(keys.len());
        let mut first_bytes = vec![false; 256];
        let mut longest = 0;
        for (i, key) in keys.iter().enumerate() {
            let Some(&first) = key.as_bytes().first() else {
                continue;
            };
            first_bytes[usize::from(first)] = true;
            longest = longest.max(key.len());
            index.entry_mut(key).key = Some(i);
            index.set_filter(key);
            // The scan stops lengthening a candidate that no name continues; it stops at
            // the same positions in the text as here in the name, where the next
            // character is not alphanumeric.
            for (at, c) in key.char_indices().skip(1) {
                if !c.is_alphanumeric() {
                    index.entry_mut(&key[..at]).continues = true;
                    index.set_filter(&key[..at]);
                }
            }
        }
        index.first_bytes = first_bytes.into_boxed_slice();
        index.longest = longest;
        index
    }

    fn entry_mut(&mut self, name: &str) -> &mut NameEntry {
        match short_key(name) {
            Some(k) => self.short.entry(k).or_default(),
            None => self.long.entry(name.into()).or_default(),
        }
    }

    fn set_filter(&mut self, name: &str) {
        if self.filter.is_empty() {
            self.filter = vec![0; FILTER_WORDS].into_boxed_slice();
        }
        let bit = filter_bit(name);
        if let Some(word) = self.filter.get_mut(bit / 64) {
            *word |= 1 << (bit % 64);
        }
    }

    fn entry(&self, name: &str) -> Option<&NameEntry> {
        let bit = filter_bit(name);
        if self
            .filter
            .get(bit / 64)
            .is_none_or(|word| word & (1 << (bit % 64)) == 0)
        {
            return None;
        }
        match short_key(name) {
            Some(k) => self.short.get(&k),
            None => self.long.get(name),
        }
    }

    /// `(start, end, key index)` of every name in `folded` that starts and ends on a word
    /// boundary, overlapping ones included, ordered by start then end.
    ///
    /// One pass over the characters: where a name may start (after a non-alphanumeric
    /// character, on a byte some name begins with), the ends after it are found by reading
    /// on, word by word while a longer name continues the candidate. The word read for the
    /// first lookup is then stepped over, since no name starts inside it, so most
    /// characters are classified once, and no vectors of starts and ends are built.
    pub(crate) fn find(&self, folded: &str, mut found: impl FnMut(usize, usize, usize)) {
        let len = folded.len();
        let mut prev_alnum = false;
        let mut at = 0;
        while let Some(&b) = folded.as_bytes().get(at) {
            let (alnum, width) = char_class(folded, at);
            if prev_alnum || !self.may_start(Some(&b)) {
                prev_alnum = alnum;
                at += width;
                continue;
            }
            let first_end = next_end(folded, at + width);
            let mut end = first_end;
            while let Some(candidate) = folded.get(at..end).filter(|_| end - at <= self.longest) {
                let Some(entry) = self.entry(candidate) else {
                    break;
                };
                if let Some(key) = entry.key {
                    found(at, end, key);
                }
                if !entry.continues || end >= len {
                    break;
                }
                end = next_end(folded, end + char_class(folded, end).1);
            }
            // Every character from `at` up to `first_end` is alphanumeric when the one at
            // `at` is, so none of them starts a name.
            prev_alnum = alnum;
            at = if alnum { first_end } else { at + width };
        }
    }

    fn may_start(&self, byte: Option<&u8>) -> bool {
        byte.and_then(|&b| self.first_bytes.get(usize::from(b)))
            .copied()
            .unwrap_or(false)
    }
}

/// Whether the character at byte `at` of `text` is alphanumeric, and its width in bytes.
/// Byte by byte: folded text is nearly all ASCII, and only the rare other characters need
/// decoding.
#[inline]
fn char_class(text: &str, at: usize) -> (bool, usize) {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => (ASCII_ALNUM[usize::from(b)], 1),
        _ => {
            let c = text.get(at..).and_then(|rest| rest.chars().next());
            (
                c.is_some_and(char::is_alphanumeric),
                c.map_or(1, char::len_utf8),
            )
        }
    }
}

/// The first offset at or after `from` where a name may end: a character that is not
/// alphanumeric, or the end of the text.
#[inline]
fn next_end(text: &str, mut from: usize) -> usize {
    while from < text.len() {
        let (alnum, width) = char_class(text, from);
        if !alnum {
            break;
        }
        from += width;
    }
    from.min(text.len())
}

/// Which ASCII bytes are letters or digits, as a table: the word scan asks for every byte.
static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Bits in [`NameIndex::filter`]: 2^19 (64 KB), several times the number of names and
/// prefixes in the embedded packs, so most bits stay clear and few misses get past.
const FILTER_SHIFT: u32 = 64 - 19;
const FILTER_WORDS: usize = (1 << 19) / 64;

/// The filter bit of a name: the top bits of its Fx hash, which are the well-mixed ones.
fn filter_bit(name: &str) -> usize {
    let hash = match short_key(name) {
        Some(k) => FxBuildHasher.hash_one(k),
        None => FxBuildHasher.hash_one(name),
    };
    (hash >> FILTER_SHIFT) as usize
}

/// A string of at most seven bytes as one integer: its bytes, then its length in the top
/// byte, so that strings differing only by trailing NUL bytes stay distinct.
fn short_key(s: &str) -> Option<u64> {
    let bytes = s.as_bytes();
    if bytes.len() > 7 {
        return None;
    }
    // Byte by byte rather than a copy into an array: a copy of variable length is a call
    // to `memcpy`, and every word start of every document is looked up.
    let packed = bytes
        .iter()
        .enumerate()
        .fold(0u64, |k, (i, &b)| k | u64::from(b) << (8 * i));
    Some(packed | (bytes.len() as u64) << 56)
}

/// Everything read from a set of pack files, before it is merged into a gazetteer.
#[derive(Debug, Default)]
struct Parsed {
    places: Vec<Place>,
    countries: Vec<Country>,
    admin: Vec<(String, String)>,
    stopwords: Vec<String>,
}

impl Gazetteer {
    /// The pack embedded in the binary. Embedded files are checked by tests, so problems
    /// here are not expected; any that remain are skipped rather than fatal.
    pub fn embedded() -> Self {
        let (parsed, _problems) = parse_embedded();
        let mut g = Gazetteer::default();
        g.merge(parsed);
        g.compile();
        g
    }

    /// Problems in the embedded pack files (for tests and `faultline packs check`).
    pub fn check_embedded() -> Result<(), PackError> {
        let (_, problems) = parse_embedded();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(PackError { problems })
        }
    }

    /// Add the files of `dir/gazetteer/`, when that directory exists. Entries with an id
    /// already known replace the old entry. On any problem nothing is added and every problem
    /// is reported.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PackError> {
        let base = dir.join("gazetteer");
        if !base.is_dir() {
            return Ok(());
        }
        let mut parsed = Parsed::default();
        let mut problems = Vec::new();
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&base) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return Err(PackError {
                    problems: vec![PackProblem {
                        path: base,
                        line: None,
                        message: format!("cannot read directory: {e}"),
                    }],
                });
            }
        };
        files.sort();
        for path in files {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let kind = match name {
                "countries.tsv" => FileKind::Countries,
                "admin.tsv" => FileKind::Admin,
                "stopwords.txt" => FileKind::Stopwords,
                // Curated files cite a source per row; a user's own localities file takes
                // the embedded one's name and format.
                n if n.ends_with(".tsv")
                    && (n.starts_with("supplement")
                        || n.starts_with("sahel_localities")
                        || n.starts_with("cercles")) =>
                {
                    FileKind::Supplement
                }
                n if n.ends_with(".tsv") => FileKind::Places,
                _ => continue,
            };
            match std::fs::read_to_string(&path) {
                Ok(text) => parse_file(kind, &path, &text, &mut parsed, &mut problems),
                Err(e) => problems.push(PackProblem {
                    path: path.clone(),
                    line: None,
                    message: format!("cannot read file: {e}"),
                }),
            }
        }
        if !problems.is_empty() {
            return Err(PackError { problems });
        }
        self.merge(parsed);
        self.compile();
        Ok(())
    }

    fn merge(&mut self, parsed: Parsed) {
        for c in parsed.countries {
            let place = Place {
                id: format!("country:{}", c.code),
                name: c.name.clone(),
                country: c.code.clone(),
                admin1: String::new(),
                admin2: String::new(),
                lat: c.lat,
                lon: c.lon,
                population: 0,
                feature: "PCLI".into(),
                kind: FeatureKind::Country,
                aliases: c.aliases.clone(),
            };
            self.insert(place);
            self.countries.insert(c.code.clone(), c);
        }
        // Sized once: growing a vector of tens of thousands of places by doubling copied
        // them over and over.
        self.places.reserve(parsed.places.len());
        self.by_id.reserve(parsed.places.len());
        for p in parsed.places {
            self.insert(p);
        }
        self.admin.extend(parsed.admin);
        self.stopwords.extend(parsed.stopwords);
    }

    fn insert(&mut self, place: Place) {
        match self.by_id.get(&place.id) {
            Some(&i) => {
                if let Some(slot) = self.places.get_mut(i) {
                    *slot = place;
                }
            }
            None => {
                self.by_id.insert(place.id.clone(), self.places.len());
                self.places.push(place);
            }
        }
    }

    /// Rebuild the name index and matcher from the current entries.
    fn compile(&mut self) {
        // Fx hashing and an unstable sort: the keys are distinct, so their order is the
        // same, and loading the packs is part of every command's start-up.
        let mut index: FxHashMap<String, Vec<Candidate>> = FxHashMap::default();
        for (i, p) in self.places.iter().enumerate() {
            let mut add = |s: &str, how: NameKind| {
                let key = fold(s);
                // At least two letters or digits; counting stops at the second.
                if key.chars().filter(|c| c.is_alphanumeric()).nth(1).is_none() {
                    return;
                }
                let list = index.entry(key).or_default();
                match list.iter_mut().find(|c| c.place == i) {
                    Some(c) => c.how = c.how.min(how),
                    None => list.push(Candidate { place: i, how }),
                }
            };
            add(&p.name, NameKind::Name);
            for a in &p.aliases {
                add(a, NameKind::Alias);
            }
            if p.kind == FeatureKind::Country
                && let Some(c) = self.countries.get(&p.country)
            {
                for d in &c.demonyms {
                    add(d, NameKind::Demonym);
                }
            }
        }
        // Sorted on the first eight bytes as an integer, then on the whole key: the same
        // order as sorting the strings (a shorter key's padding is zero, and ties go on to
        // the full comparison), with most comparisons one instruction instead of a call to
        // `memcmp`. Sorting was a quarter of building the gazetteer.
        let mut keys: Vec<(u64, String, Vec<Candidate>)> = index
            .into_iter()
            .map(|(key, candidates)| (sort_prefix(&key), key, candidates))
            .collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let (keys, targets): (Vec<String>, Vec<Vec<Candidate>>) =
            keys.into_iter().map(|(_, key, c)| (key, c)).unzip();
        self.names = NameIndex::new(&keys);
        self.keys = keys;
        self.targets = targets;
    }

    /// Every gazetteer name in `text` that starts and ends on a word boundary, overlapping
    /// matches included, ordered by start then by decreasing length.
    pub fn find_names<'g>(&'g self, text: &str) -> Vec<NameMatch<'g>> {
        if self.keys.is_empty() {
            return Vec::new();
        }
        let folded = FoldedText::new(text);
        let mut out = Vec::new();
        self.names.find(&folded.text, |s, e, idx| {
            let (Some(start), Some(end)) = (folded.original_start(s), folded.original_end(e))
            else {
                return;
            };
            let (Some(key), Some(candidates)) = (self.keys.get(idx), self.targets.get(idx)) else {
                return;
            };
            out.push(NameMatch {
                start,
                end,
                key,
                candidates,
            });
        });
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }

    /// The entry at `index` (from a [`Candidate`]).
    pub fn place(&self, index: usize) -> Option<&Place> {
        self.places.get(index)
    }

    /// The entry with this id.
    pub fn by_id(&self, id: &str) -> Option<&Place> {
        self.by_id.get(id).and_then(|&i| self.places.get(i))
    }

    /// The candidates for a folded name, if the name is known.
    pub fn lookup(&self, folded: &str) -> &[Candidate] {
        match self.keys.binary_search_by(|k| k.as_str().cmp(folded)) {
            Ok(i) => self.targets.get(i).map_or(&[], |t| t.as_slice()),
            Err(_) => &[],
        }
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.get(code)
    }

    /// Display name of an admin unit: `admin_name("ML", "10", None)` is "Kidal".
    pub fn admin_name(&self, country: &str, admin1: &str, admin2: Option<&str>) -> Option<&str> {
        if admin1.is_empty() {
            return None;
        }
        let code = match admin2 {
            Some(a2) if !a2.is_empty() => format!("{country}.{admin1}.{a2}"),
            Some(_) => return None,
            None => format!("{country}.{admin1}"),
        };
        self.admin.get(&code).map(String::as_str)
    }

    /// Whether a folded word is too common to be taken as a place on its own.
    pub fn is_stopword(&self, folded: &str) -> bool {
        self.stopwords.contains(folded)
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of distinct folded names the matcher knows.
    pub fn name_count(&self) -> usize {
        self.keys.len()
    }
}

/// The first eight bytes of `key` as a big-endian integer, zero-padded: comparing two of
/// them orders the keys as their first eight bytes do.
fn sort_prefix(key: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (slot, &b) in bytes.iter_mut().zip(key.as_bytes()) {
        *slot = b;
    }
    u64::from_be_bytes(bytes)
}

#[derive(Debug, Clone, Copy)]
enum FileKind {
    Places,
    Supplement,
    Countries,
    Admin,
    Stopwords,
}

fn parse_embedded() -> (Parsed, Vec<PackProblem>) {
    let mut parsed = Parsed::default();
    let mut problems = Vec::new();
    let base = Path::new("packs/gazetteer");
    let files = [
        (FileKind::Countries, "countries.tsv", EMBEDDED_COUNTRIES),
        (FileKind::Admin, "admin.tsv", EMBEDDED_ADMIN),
        (FileKind::Stopwords, "stopwords.txt", EMBEDDED_STOPWORDS),
        (FileKind::Places, "places.tsv", EMBEDDED_PLACES),
        (FileKind::Supplement, "supplement.tsv", EMBEDDED_SUPPLEMENT),
        (FileKind::Supplement, "sahel_localities.tsv", EMBEDDED_SAHEL),
        (FileKind::Supplement, "cercles.tsv", EMBEDDED_CERCLES),
    ];
    for (kind, name, text) in files {
        parse_file(kind, &base.join(name), text, &mut parsed, &mut problems);
    }
    (parsed, problems)
}

/// Data lines of a pack file with their 1-based line numbers: comments and blank lines skipped.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn parse_file(
    kind: FileKind,
    path: &Path,
    text: &str,
    parsed: &mut Parsed,
    problems: &mut Vec<PackProblem>,
) {
    let mut report = |line: usize, message: String| {
        problems.push(PackProblem {
            path: path.to_path_buf(),
            line: Some(line),
            message,
        })
    };
    // Keys borrowed from the text: tens of thousands of rows are read at every start-up.
    let mut previous: Option<&str> = None;
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut cols: Vec<&str> = Vec::new();
    if matches!(kind, FileKind::Places | FileKind::Supplement) {
        // One place a line, sized once: growing a vector of tens of thousands of places
        // by doubling copied them over and over.
        parsed
            .places
            .reserve(text.bytes().filter(|&b| b == b'\n').count());
    }
    for (n, line) in data_lines(text) {
        cols.clear();
        cols.extend(line.split('\t'));
        let key = cols.first().copied().unwrap_or("");
        match kind {
            FileKind::Stopwords => {
                parsed.stopwords.push(fold(line));
                continue;
            }
            FileKind::Admin => {
                if cols.len() != 2 || key.is_empty() {
                    report(
                        n,
                        format!(
                            "expected 2 tab-separated columns (code, name), found {}",
                            cols.len()
                        ),
                    );
                    continue;
                }
                parsed.admin.push((
                    key.to_string(),
                    cols.get(1).copied().unwrap_or("").to_string(),
                ));
            }
            FileKind::Countries => match parse_country(&cols) {
                Ok(c) => parsed.countries.push(c),
                Err(m) => report(n, m),
            },
            FileKind::Places | FileKind::Supplement => {
                match parse_place(&cols, matches!(kind, FileKind::Supplement)) {
                    Ok(p) => parsed.places.push(p),
                    Err(m) => report(n, m),
                }
            }
        }
        if !seen.insert(key) {
            report(n, format!("duplicate key {key:?}"));
        }
        if let Some(prev) = previous
            && prev > key
        {
            report(n, format!("not sorted: {key:?} comes after {prev:?}"));
        }
        previous = Some(key);
    }
}

fn parse_coord(s: &str, what: &str, limit: f64) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
        _ => Err(format!(
            "{what} {s:?} is not a number between -{limit} and {limit}"
        )),
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

fn check_country_code(cc: &str) -> Result<(), String> {
    if cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(format!("country {cc:?} is not an ISO 3166-1 alpha-2 code"))
    }
}

fn parse_place(cols: &[&str], supplement: bool) -> Result<Place, String> {
    let want = if supplement { 11 } else { 10 };
    let [
        id,
        name,
        country,
        admin1,
        admin2,
        lat,
        lon,
        population,
        feature,
        aliases,
        rest @ ..,
    ] = cols
    else {
        return Err(format!(
            "expected {want} tab-separated columns, found {}",
            cols.len()
        ));
    };
    if cols.len() != want {
        return Err(format!(
            "expected {want} tab-separated columns, found {}",
            cols.len()
        ));
    }
    if supplement && rest.first().is_none_or(|s| s.trim().is_empty()) {
        return Err(
            "missing source: every supplement row must cite where its coordinates come from".into(),
        );
    }
    if id.is_empty() || !id.contains(':') {
        return Err(format!("id {id:?} must look like prefix:value"));
    }
    if name.trim().is_empty() {
        return Err("empty name".into());
    }
    check_country_code(country)?;
    if feature.is_empty() {
        return Err("empty feature code".into());
    }
    let population = population
        .parse::<u64>()
        .map_err(|_| format!("population {population:?} is not a whole number"))?;
    Ok(Place {
        id: id.to_string(),
        name: name.to_string(),
        country: country.to_string(),
        admin1: admin1.to_string(),
        admin2: admin2.to_string(),
        lat: parse_coord(lat, "latitude", 90.0)?,
        lon: parse_coord(lon, "longitude", 180.0)?,
        population,
        feature: feature.to_string(),
        kind: FeatureKind::of(feature),
        aliases: split_list(aliases),
    })
}

fn parse_country(cols: &[&str]) -> Result<Country, String> {
    let [code, name, aliases, demonyms, lat, lon] = cols else {
        return Err(format!(
            "expected 6 tab-separated columns (code, name, aliases, demonyms, lat, lon), found {}",
            cols.len()
        ));
    };
    check_country_code(code)?;
    if name.trim().is_empty() {
        return Err("empty name".into());
    }
    Ok(Country {
        code: code.to_string(),
        name: name.to_string(),
        aliases: split_list(aliases),
        demonyms: split_list(demonyms),
        lat: parse_coord(lat, "latitude", 90.0)?,
        lon: parse_coord(lon, "longitude", 180.0)?,
    })
}

/// Push the folded form of one character: accents removed, lower-cased, apostrophes and
/// hyphens turned into spaces so "Aguel'hoc", "Aguel-hoc" and "Aguel hoc" meet.
fn fold_char(c: char, out: &mut String) {
    if is_apostrophe_or_hyphen(c) {
        out.push(' ');
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match LATIN_FOLDS.get(c) {
        Some(folded) => out.push_str(folded),
        None => fold_letter(c, out),
    }
}

/// [`fold_char`] of the Latin letters, worked out once.
static LATIN_FOLDS: LazyLock<LatinFolds> = LazyLock::new(|| {
    LatinFolds::new(|c, out| {
        if is_apostrophe_or_hyphen(c) {
            out.push(' ');
        } else {
            fold_letter(c, out);
        }
    })
});

fn is_apostrophe_or_hyphen(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '`'
            | '\u{b4}'
            | '\u{2bc}'
            | '-'
            | '\u{2010}'
            | '\u{2011}'
            | '\u{2013}'
    )
}

/// The folded form of a non-ASCII character other than an apostrophe or a hyphen.
fn fold_letter(c: char, out: &mut String) {
    decompose_canonical(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            match l {
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                'ø' => out.push('o'),
                'ł' => out.push('l'),
                'đ' => out.push('d'),
                'ß' => out.push_str("ss"),
                'ı' => out.push('i'),
                other => out.push(other),
            }
        }
    });
}

/// Fold a name for matching: accents removed, lower case, apostrophes and hyphens as spaces,
/// runs of white space collapsed. The conversion script's `fold` must agree with it.
pub fn fold(s: &str) -> String {
    let raw = if s.is_ascii() {
        // [`fold_char`] of ASCII, byte by byte: most names are ASCII.
        let bytes: Vec<u8> = s
            .bytes()
            .map(|b| match b {
                b'\'' | b'`' | b'-' => b' ',
                b => b.to_ascii_lowercase(),
            })
            .collect();
        String::from_utf8(bytes).unwrap_or_default()
    } else {
        let mut raw = String::with_capacity(s.len());
        for c in s.chars() {
            fold_char(c, &mut raw);
        }
        raw
    };
    // Every name and alias of the gazetteer is folded each time the packs load: most are
    // already single-spaced ASCII, and the others are joined in place rather than
    // collected and joined.
    if is_single_spaced_ascii(&raw) {
        return raw;
    }
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `split_whitespace` and a join with single spaces would leave `s` as it is.
fn is_single_spaced_ascii(s: &str) -> bool {
    let bytes = s.as_bytes();
    s.is_ascii()
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
        // The other ASCII white space: tab to carriage return.
        && !bytes.iter().any(|b| (b'\t'..=b'\r').contains(b))
}

/// A text folded like [`fold`] (without collapsing white space, so offsets stay simple),
/// with a map from each folded byte back to the original character it came from.
#[derive(Debug)]
pub struct FoldedText {
    pub text: String,
    /// For each folded byte, the original byte offset of the character it came from
    /// (`u32`: half the memory traffic of `usize`, and documents are far below 4 GB).
    starts: Vec<u32>,
    /// For each folded byte, the original offset just after that character.
    ends: Vec<u32>,
}

impl FoldedText {
    pub fn new(original: &str) -> Self {
        // Offsets are `u32`: a text past 4 GB is folded up to the last character that
        // ends within reach (documents are megabytes at most).
        let mut cut = original.len().min(u32::MAX as usize);
        while !original.is_char_boundary(cut) {
            cut -= 1;
        }
        let original = original.get(..cut).unwrap_or("");
        let bytes = original.as_bytes();
        let mut folded: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut starts: Vec<u32> = Vec::with_capacity(bytes.len());
        let mut ends: Vec<u32> = Vec::with_capacity(bytes.len());
        let mut scratch = String::new();
        let mut at = 0;
        while at < bytes.len() {
            // Most news text is ASCII, one byte in and one byte out: a whole run of it is
            // folded by table and its offsets written as ranges, which compile to tight
            // loops; only the other characters are decoded one by one.
            let run = crate::latin::ascii_run_end(bytes, at);
            if run > at {
                let ascii = bytes.get(at..run).unwrap_or(&[]);
                folded.extend(ascii.iter().map(|&b| ASCII_FOLDS[usize::from(b & 0x7f)]));
                // Offsets fit: the text was cut to `u32::MAX` bytes above.
                starts.extend(at as u32..run as u32);
                ends.extend(at as u32 + 1..run as u32 + 1);
                at = run;
                continue;
            }
            let Some(c) = original.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let (start, end) = (at as u32, (at + c.len_utf8()) as u32);
            at += c.len_utf8();
            scratch.clear();
            if c.is_whitespace() {
                scratch.push(' ');
            } else {
                fold_char(c, &mut scratch);
            }
            folded.extend_from_slice(scratch.as_bytes());
            starts.extend(std::iter::repeat_n(start, scratch.len()));
            ends.extend(std::iter::repeat_n(end, scratch.len()));
        }
        // Only whole characters were written, so the bytes are UTF-8.
        let text = String::from_utf8(folded)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        FoldedText { text, starts, ends }
    }

    /// Original offset of the character that produced folded byte `at`.
    pub fn original_start(&self, at: usize) -> Option<usize> {
        self.starts.get(at).map(|&o| o as usize)
    }

    /// Original offset just after the character that produced the folded byte before `at`.
    pub fn original_end(&self, at: usize) -> Option<usize> {
        at.checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .map(|&o| o as usize)
    }
}

/// [`fold_char`] of each ASCII character, white space other than line breaks as a space
/// (as [`FoldedText`] keeps lines), as a table: the text folds byte by byte.
static ASCII_FOLDS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'\'' | b'`' | b'-' => b' ',
            b'\n' => b'\n',
            // `char::is_whitespace` on ASCII: tab to carriage return, and space.
            b'\t'..=b'\r' | b' ' => b' ',
            _ => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a name may end at `at`: the text ends there or the character there is not
    /// alphanumeric.
    fn boundary_after(folded: &str, at: usize) -> bool {
        folded
            .get(at..)
            .and_then(|s| s.chars().next())
            .is_none_or(|c| !c.is_alphanumeric())
    }

    /// The folded text as first built, character by character: the byte-wise build must
    /// give the same text and the same offsets.
    fn folded_by_chars(original: &str) -> (String, Vec<u32>, Vec<u32>) {
        let (mut text, mut starts, mut ends) = (String::new(), Vec::new(), Vec::new());
        for (i, c) in original.char_indices() {
            let before = text.len();
            if c == '\n' {
                text.push('\n');
            } else if c.is_whitespace() {
                text.push(' ');
            } else {
                fold_char(c, &mut text);
            }
            for _ in before..text.len() {
                starts.push(i as u32);
                ends.push((i + c.len_utf8()) as u32);
            }
        }
        (text, starts, ends)
    }

    #[test]
    fn folding_by_bytes_matches_folding_by_characters() {
        for text in [
            "",
            "À Ménaka, près de Tin-Zaouatene.\r\nAguel'hoc\tet `Kidal`",
            "Œuvre\u{a0}à Ségou — « Dioïla » ; \u{2019}Tessalit\u{2019} ß İstanbul Σ ﬁ",
            "\u{b}\u{c}\u{85}\u{2028}Me\u{301}naka 12\u{202f}km",
        ] {
            let f = FoldedText::new(text);
            assert_eq!(
                (f.text, f.starts, f.ends),
                folded_by_chars(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn folding_meets_spelling_variants() {
        for (a, b) in [
            ("Ménaka", "menaka"),
            ("Aguel'hoc", "aguel hoc"),
            ("Aguel’hoc", "aguel hoc"),
            ("Tin-Zaouatene", "tin zaouatene"),
            ("SÉGOU", "segou"),
            ("Dioïla", "dioila"),
            ("Bœuf", "boeuf"),
            ("  Fada  N'Gourma ", "fada n gourma"),
        ] {
            assert_eq!(fold(a), b, "{a}");
        }
    }

    /// The shortcut for names already single-spaced gives what splitting and joining gives.
    #[test]
    fn fold_collapses_white_space_like_split_and_join() {
        for name in [
            "Gao",
            "In-Delimane",
            " Gao",
            "Gao ",
            "Fada  N'Gourma",
            "Fada\tN'Gourma",
            "Fada\u{a0}N'Gourma",
            "Fada\u{2009} N'Gourma",
            "--",
            "",
            "Ségou’s",
            "Gao\r\nKidal",
            "AGUEL'HOC",
            "Tin-Essako `x`",
            "N'Tillit -- Gourma",
        ] {
            let mut raw = String::new();
            name.chars().for_each(|c| fold_char(c, &mut raw));
            let joined = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(fold(name), joined, "{name:?}");
        }
    }

    /// Keys sorted by their integer prefix, then in full, come out in string order:
    /// keys shorter than eight bytes, keys equal on eight bytes, NUL bytes, accents.
    #[test]
    fn prefix_sort_orders_keys_as_strings() {
        let mut keys = vec![
            "abcdefghi",
            "abcdefgh",
            "abcdefgh\0",
            "a",
            "a\0",
            "ab",
            "é",
            "e",
            "z",
            "",
            "abcdefgha",
            "ségou",
            "segou",
            "gao region",
            "gao",
        ];
        let mut by_prefix: Vec<(u64, &str)> = keys.iter().map(|k| (sort_prefix(k), *k)).collect();
        by_prefix.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        keys.sort_unstable();
        let by_prefix: Vec<&str> = by_prefix.into_iter().map(|(_, k)| k).collect();
        assert_eq!(by_prefix, keys);
        let g = Gazetteer::embedded();
        assert!(g.keys.windows(2).all(|w| w[0] < w[1]));
        assert!(!g.lookup("gao").is_empty(), "binary search finds a key");
    }

    #[test]
    fn folded_offsets_map_back_to_the_original() {
        let text = "À Ménaka, près de Tin-Zaouatene.";
        let f = FoldedText::new(text);
        let s = f.text.find("menaka").unwrap();
        let (a, b) = (
            f.original_start(s).unwrap(),
            f.original_end(s + "menaka".len()).unwrap(),
        );
        assert_eq!(&text[a..b], "Ménaka");
        let s = f.text.find("tin zaouatene").unwrap();
        let (a, b) = (
            f.original_start(s).unwrap(),
            f.original_end(s + "tin zaouatene".len()).unwrap(),
        );
        assert_eq!(&text[a..b], "Tin-Zaouatene");
    }

    #[test]
    fn embedded_pack_is_clean_and_finds_sahel_names() {
        if let Err(e) = Gazetteer::check_embedded() {
            panic!("{e}");
        }
        let g = Gazetteer::embedded();
        assert!(g.len() > 10_000);
        let found: Vec<&str> = g
            .find_names("Fighting near Ménaka and in Tombouctou, then Aguel'hoc.")
            .iter()
            .map(|m| m.key)
            .collect();
        for want in ["menaka", "tombouctou", "aguel hoc"] {
            assert!(found.contains(&want), "{want} not in {found:?}");
        }
    }

    #[test]
    fn sahel_localities_are_embedded_with_a_source_each() {
        let g = Gazetteer::embedded();
        for (name, country) in [
            ("Boni", "ML"),
            ("Sévaré", "ML"),
            ("Solhan", "BF"),
            ("Inatès", "NE"),
            ("Chinégodar", "NE"),
        ] {
            let found = g
                .lookup(&fold(name))
                .iter()
                .filter_map(|c| g.place(c.place))
                .any(|p| p.country == country && p.id.starts_with("fl:"));
            assert!(found, "{name} ({country}) not in the curated localities");
        }
        // Every row is a Sahel locality citing the page its coordinates come from.
        for (n, line) in data_lines(EMBEDDED_SAHEL) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(
                matches!(cols.get(2), Some(&("ML" | "BF" | "NE"))),
                "sahel_localities.tsv:{n}: country"
            );
            assert!(
                cols.get(10)
                    .is_some_and(|s| s.starts_with("Coordinates from ")),
                "sahel_localities.tsv:{n}: source"
            );
        }
    }

    #[test]
    fn curated_localities_neither_duplicate_nor_shadow_other_entries() {
        fn km(a: &Place, b: &Place) -> f64 {
            let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
            let dl = (b.lon - a.lon).to_radians();
            let h =
                ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
            2.0 * 6371.0 * h.sqrt().asin()
        }
        let g = Gazetteer::embedded();
        let all: Vec<&Place> = (0..g.len()).filter_map(|i| g.place(i)).collect();
        let ids: std::collections::HashSet<&str> = data_lines(EMBEDDED_SAHEL)
            .filter_map(|(_, line)| line.split('\t').next())
            .collect();
        let curated: Vec<&Place> = all
            .iter()
            .copied()
            .filter(|p| ids.contains(p.id.as_str()))
            .collect();
        assert!(curated.len() > 50, "{} curated rows", curated.len());
        for p in &curated {
            // The same place under another spelling belongs in a supplement override instead.
            for q in all
                .iter()
                .filter(|q| !ids.contains(q.id.as_str()) && q.country == p.country)
            {
                if q.kind == FeatureKind::Town || q.kind == FeatureKind::Capital {
                    assert!(km(p, q) > 3.0, "{} duplicates {} ({})", p.id, q.id, q.name);
                }
            }
            // No other Sahel entry answers to the curated name ("Sinder" was an alias of Zinder).
            for c in g.lookup(&fold(&p.name)) {
                let Some(q) = g.place(c.place) else { continue };
                assert!(
                    q.id == p.id || !matches!(q.country.as_str(), "ML" | "BF" | "NE"),
                    "{} ({}) is also {} ({})",
                    p.name,
                    p.id,
                    q.id,
                    q.name
                );
            }
        }
    }

    #[test]
    fn cercles_are_adm2_entries_tied_to_the_admin_table_and_their_source() {
        let g = Gazetteer::embedded();
        let mut rows = 0;
        for (n, line) in data_lines(EMBEDDED_CERCLES) {
            rows += 1;
            let cols: Vec<&str> = line.split('\t').collect();
            let id = cols.first().copied().unwrap_or("");
            let p = g
                .by_id(id)
                .unwrap_or_else(|| panic!("cercles.tsv:{n}: {id} not loaded"));
            assert_eq!(p.kind, FeatureKind::District, "cercles.tsv:{n}");
            assert_eq!(
                id,
                format!("admin2:{}.{}.{}", p.country, p.admin1, p.admin2)
            );
            assert!(
                g.admin_name(&p.country, &p.admin1, Some(&p.admin2))
                    .is_some(),
                "cercles.tsv:{n}: admin2 code unknown to admin.tsv"
            );
            // Population 0 keeps a bare name on the town (see the file's header).
            assert_eq!(p.population, 0, "cercles.tsv:{n}");
            // A row placed at its seat must carry exactly that entry's coordinates.
            let source = cols.get(10).copied().unwrap_or("");
            if let Some(rest) = source.strip_prefix("Placed at its seat ") {
                let gid: String = rest
                    .split("GeoNames ")
                    .nth(1)
                    .unwrap_or("")
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let seat = g
                    .by_id(&format!("geonames:{gid}"))
                    .unwrap_or_else(|| panic!("cercles.tsv:{n}: seat {gid:?} not in places"));
                assert_eq!((p.lat, p.lon), (seat.lat, seat.lon), "cercles.tsv:{n}");
                assert!(
                    g.lookup(&fold(&seat.name))
                        .iter()
                        .any(|c| c.place == g.by_id.get(id).copied().unwrap_or(usize::MAX)),
                    "cercles.tsv:{n}: the seat's own name {:?} must reach the cercle",
                    seat.name
                );
            } else {
                assert!(
                    source.starts_with("Coordinates "),
                    "cercles.tsv:{n}: source"
                );
            }
        }
        assert!(rows >= 40, "{rows} cercles");
        for key in [
            "cercle de niono",
            "gourma rharous cercle",
            "cercle d ansongo",
        ] {
            let kinds: Vec<FeatureKind> = g
                .lookup(key)
                .iter()
                .filter_map(|c| g.place(c.place))
                .map(|p| p.kind)
                .collect();
            assert_eq!(kinds, [FeatureKind::District], "{key}");
        }
    }

    #[test]
    fn a_user_localities_file_takes_the_supplement_format() {
        let dir = std::env::temp_dir().join(format!("faultline-sahel-{}", std::process::id()));
        let sub = dir.join("gazetteer");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join("sahel_localities.tsv"),
            "fl:ml-zzyzx\tZzyzx Kouré\tML\t04\t\t14.5\t-3.5\t0\tPPL\tZzyzx\tinvented for a test\n",
        )
        .unwrap();
        let mut g = Gazetteer::embedded();
        g.add_dir(&dir).unwrap();
        assert!(!g.lookup("zzyzx koure").is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn manifest_states_version_and_attribution() {
        #[derive(serde::Deserialize)]
        struct Manifest {
            version: String,
            attribution: String,
        }
        let m: Manifest =
            toml::from_str(include_str!("../../../packs/gazetteer/PACK.toml")).unwrap();
        assert_eq!(m.version, PACK_VERSION);
        assert_eq!(m.attribution, ATTRIBUTION);
    }

    /// The word-aligned index finds exactly what trying every name at every byte finds,
    /// keeping those with non-alphanumeric characters (or the text's ends) either side:
    /// short and long keys, keys with dots and spaces inside, prefixes of other keys,
    /// accented and non-Latin text.
    #[test]
    fn name_index_finds_what_a_full_scan_finds() {
        let keys: Vec<String> = [
            "gao",
            "gao region",
            "m.n.l.a.",
            "m.n.l.a",
            "the army",
            "the",
            "tessit",
            "in",
            "in delimane",
            "in-delimane",
            "a\0",
            "a",
            "ba",
            "bamako district",
            "علي",
            "niono cercle",
            "niono",
        ]
        .iter()
        .map(|k| k.to_string())
        .collect();
        let index = NameIndex::new(&keys);
        let texts = [
            "troops left gao region for gao; the army (m.n.l.a.) said",
            "in delimane and in-delimane, near tessit. the m.n.l.a.x",
            "bamako district a\0 ba a, gaol ingao gao",
            "علي قال in niono cercle, niono-cercle ; niono",
            "",
            "gao",
        ];
        for text in texts {
            let mut fast = Vec::new();
            index.find(text, |s, e, k| fast.push((s, e, k)));
            fast.sort_unstable();
            let mut slow = Vec::new();
            for (k, key) in keys.iter().enumerate() {
                for (s, _) in text.match_indices(key.as_str()) {
                    let e = s + key.len();
                    let before = text[..s].chars().next_back();
                    if !before.is_some_and(char::is_alphanumeric) && boundary_after(text, e) {
                        slow.push((s, e, k));
                    }
                }
            }
            slow.sort_unstable();
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    /// The scan as first written: every start and every end collected, then joined. The
    /// one-pass [`NameIndex::find`] must report the same matches in the same order.
    fn find_by_edges(index: &NameIndex, folded: &str) -> Vec<(usize, usize, usize)> {
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        let mut prev_alnum = false;
        for (at, c) in folded.char_indices() {
            let alnum = c.is_alphanumeric();
            if !alnum && at > 0 {
                ends.push(at);
            }
            if !prev_alnum && index.may_start(folded.as_bytes().get(at)) {
                starts.push(at);
            }
            prev_alnum = alnum;
        }
        if !folded.is_empty() {
            ends.push(folded.len());
        }
        let mut out = Vec::new();
        for s in starts {
            for &e in ends.iter().filter(|&&e| e > s) {
                let Some(entry) = folded
                    .get(s..e)
                    .filter(|_| e - s <= index.longest)
                    .and_then(|c| index.entry(c))
                else {
                    break;
                };
                if let Some(key) = entry.key {
                    out.push((s, e, key));
                }
                if !entry.continues {
                    break;
                }
            }
        }
        out
    }

    /// On the embedded names (tens of thousands, many sharing prefixes) over news text in
    /// both languages and over odd text: names at the very start and end, punctuation
    /// runs, non-Latin letters, a name cut by the end of the text.
    #[test]
    fn one_pass_name_scan_matches_the_two_vector_scan() {
        let g = Gazetteer::embedded();
        let mut texts: Vec<String> = [
            "Gao",
            "gao region",
            "Les FAMa ont quitté Tessit pour In-Delimane, au nord de Ménaka, mardi.",
            "Troops left Bamako for Ségou; the Niono cercle (Mali) saw strikes near Kidal.",
            "«Tombouctou»—Goundam... Dori, Djibo; Ouahigouya/Kaya: Fada N'Gourma",
            "علي قال في غاو ¿Mopti? ñ Ansongo1 Ansongo  ",
            "  ,, ..",
            "",
            "Burkina Faso, Niger et Mali: Bourem, Gourma-Rharous, Léré, Nampala, Diafarabé",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        texts.extend(g.places.iter().take(3000).map(|p| p.name.clone()));
        for text in texts {
            let folded = FoldedText::new(&text).text;
            let mut fast = Vec::new();
            g.names.find(&folded, |s, e, k| fast.push((s, e, k)));
            assert_eq!(fast, find_by_edges(&g.names, &folded), "{text:?}");
        }
    }

    #[test]
    fn names_inside_words_are_not_matched() {
        let g = Gazetteer::embedded();
        let keys: Vec<&str> = g
            .find_names("Gaoland Kidalese")
            .iter()
            .map(|m| m.key)
            .collect();
        assert!(
            !keys.contains(&"gao") && !keys.contains(&"kidal"),
            "{keys:?}"
        );
    }

    #[test]
    fn broken_user_rows_are_all_reported_with_lines() {
        let dir = std::env::temp_dir().join(format!("faultline-gaz-{}", std::process::id()));
        let sub = dir.join("gazetteer");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join("supplement.tsv"),
            "fl:b\tB\tML\t\t\t95\t0\t0\tPPL\t\tsrc\nfl:a\tA\tmali\t\t\t1\t1\t0\tPPL\t\t\n",
        )
        .unwrap();
        let mut g = Gazetteer::embedded();
        let before = g.len();
        let err = g.add_dir(&dir).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("supplement.tsv:1: latitude"), "{text}");
        assert!(text.contains("supplement.tsv:2: missing source"), "{text}");
        assert!(text.contains("supplement.tsv:2: not sorted"), "{text}");
        assert_eq!(g.len(), before);
        std::fs::write(
            sub.join("supplement.tsv"),
            "fl:zz-town\tZzyzxville\tML\t10\t\t18\t1\t10\tPPL\tZzyzx Town\tinvented for a test\n",
        )
        .unwrap();
        g.add_dir(&dir).unwrap();
        assert_eq!(g.len(), before + 1);
        assert!(!g.lookup("zzyzx town").is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }
}

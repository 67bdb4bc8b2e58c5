//! One pass of the pack's multi-pattern matcher over the folded document, turned into hits
//! on the original text: word boundaries checked, acronyms held to their written case, a
//! surname not taken for a group ("Richard Wagner"), and overlapping alias and generic hits
//! reduced to the longest.
//!
//! This module only says where pack forms occur. It does not decide which actor an
//! ambiguous form means or what a generic reference stands for.

use std::collections::BTreeMap;

use faultline_packs::actors::{ActorPack, Folded, PatternUse};

/// Where pack forms occur in the original text. Spans are byte offsets into the text.
#[derive(Debug, Default)]
pub(super) struct Hits {
    /// Alias and generic hits, non-overlapping, longest first won, in text order.
    pub mentions: Vec<MentionHit>,
    /// (start, end, country cue index)
    pub countries: Vec<(usize, usize, usize)>,
    /// (start, end, role cue index), longest where they overlap.
    pub roles: Vec<(usize, usize, usize)>,
    /// (start, end, actor index) of distinctive parts of people's names.
    pub parts: Vec<(usize, usize, usize)>,
}

#[derive(Debug, Clone)]
pub(super) struct MentionHit {
    pub start: usize,
    pub end: usize,
    pub what: HitKind,
}

#[derive(Debug, Clone)]
pub(super) enum HitKind {
    /// Alias indices that fit the text as written (several when the form is ambiguous).
    Alias(Vec<usize>),
    /// Generic reference indices.
    Generic(Vec<usize>),
}

/// Words that may stand before a capitalised single-word alias without making it someone's
/// surname: sentence openers and function words in both languages.
/// Time words lead the list because "Last March, a leader of the CSP" is not a name.
pub(super) const OPENERS: [&str; 56] = [
    "last",
    "next",
    "early",
    "late",
    "mid",
    "this",
    "that",
    "since",
    "until",
    "during",
    "every",
    "dernier",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "and",
    "but",
    "or",
    "when",
    "while",
    "after",
    "before",
    "meanwhile",
    "yesterday",
    "today",
    "both",
    "like",
    "with",
    "for",
    "by",
    "from",
    "against",
    "according",
    "le",
    "la",
    "les",
    "des",
    "du",
    "de",
    "et",
    "ou",
    "selon",
    "pour",
    "par",
    "avec",
    "contre",
    "quand",
    "lorsque",
    "hier",
    "aujourd'hui",
    "mais",
    "un",
    "fin",
];

pub(super) fn scan(text: &str, folded: &Folded, pack: &ActorPack) -> Hits {
    let ftext = folded.text.as_str();
    let mut hits = Hits::default();
    let mut cands: Vec<MentionHit> = Vec::new();
    let mut roles: Vec<(usize, usize, usize)> = Vec::new();
    for (fs, fe, uses) in pack.matcher().find_all(ftext) {
        if !folded_boundary(ftext, fs, fe) {
            continue;
        }
        let Some((s, e)) = folded.original_span(fs, fe) else {
            continue;
        };
        if !original_boundary(text, s, e) {
            continue;
        }
        let Some(orig) = text.get(s..e) else {
            continue;
        };
        let mut aliases = Vec::new();
        let mut generics = Vec::new();
        for u in uses {
            match *u {
                PatternUse::Alias(i) => {
                    if let Some(a) = pack.alias(i)
                        && (!a.case_sensitive || same_case(orig, &a.text))
                    {
                        aliases.push(i);
                    }
                }
                PatternUse::Generic(i) => generics.push(i),
                PatternUse::Country(i) => hits.countries.push((s, e, i)),
                PatternUse::Role(i) => roles.push((s, e, i)),
                PatternUse::PersonPart(i) => {
                    if orig.chars().next().is_some_and(char::is_uppercase) {
                        hits.parts.push((s, e, i));
                    }
                }
            }
        }
        if !aliases.is_empty() {
            if single_word_name(orig) && looks_like_surname(text, s, pack) {
                continue;
            }
            cands.push(MentionHit {
                start: s,
                end: e,
                what: HitKind::Alias(aliases),
            });
        } else if !generics.is_empty() {
            cands.push(MentionHit {
                start: s,
                end: e,
                what: HitKind::Generic(generics),
            });
        }
    }
    hits.mentions = longest_first(cands);
    hits.roles = longest_roles(roles);
    hits.countries.sort_unstable();
    hits.parts.sort_unstable();
    hits
}

/// Keep the longest of overlapping hits; an alias beats a generic of the same length.
fn longest_first(mut cands: Vec<MentionHit>) -> Vec<MentionHit> {
    cands.sort_by_key(|c| {
        (
            std::cmp::Reverse(c.end - c.start),
            matches!(c.what, HitKind::Generic(_)),
            c.start,
        )
    });
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for c in cands {
        let clash = taken
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, &end)| end > c.start);
        if clash {
            continue;
        }
        taken.insert(c.start, c.end);
        out.push(c);
    }
    out.sort_by_key(|c| c.start);
    out
}

fn longest_roles(mut roles: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    roles.sort_by_key(|r| (std::cmp::Reverse(r.1 - r.0), r.0));
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for r in roles {
        if !out.iter().any(|o| o.0 < r.1 && r.0 < o.1) {
            out.push(r);
        }
    }
    out.sort_unstable();
    out
}

fn folded_boundary(f: &str, s: usize, e: usize) -> bool {
    let before = f.get(..s).and_then(|p| p.chars().next_back());
    let after = f.get(e..).and_then(|p| p.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

pub(super) fn original_boundary(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|p| p.chars().next_back());
    let after = text.get(e..).and_then(|p| p.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether `orig` has the letter case of `alias` ("MAA" for "MAA", not "Maa"); an all-caps
/// headline form of a mixed-case alias ("JNIM" for "Jnim") counts too.
pub(super) fn same_case(orig: &str, alias: &str) -> bool {
    let o: Vec<char> = orig.chars().filter(|c| c.is_alphabetic()).collect();
    let a: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    if o.len() != a.len() {
        // A ligature or an accent folded differently: compare case by word starts only.
        return orig.chars().next().map(char::is_uppercase)
            == alias.chars().next().map(char::is_uppercase);
    }
    let same = o
        .iter()
        .zip(&a)
        .all(|(x, y)| x.is_uppercase() == y.is_uppercase());
    same || (o.iter().all(|c| c.is_uppercase()) && a.iter().any(|c| c.is_lowercase()))
}

fn single_word_name(orig: &str) -> bool {
    let mut chars = orig.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    first_upper && !orig.contains([' ', '-']) && chars.clone().any(char::is_lowercase)
}

/// Whether a capitalised word right before `start` makes the word at `start` a surname:
/// "Richard Wagner" is a person, "the Wagner" and "Force Barkhane" are not.
fn looks_like_surname(text: &str, start: usize, pack: &ActorPack) -> bool {
    let Some(before) = text.get(..start) else {
        return false;
    };
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let word_start = rest
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '\'' || *c == '’' || *c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = rest.get(word_start..).unwrap_or("");
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase) || word.chars().count() < 2 {
        return false;
    }
    let lower = faultline_packs::actors::fold_key(word);
    if lower.ends_with("'s") || OPENERS.contains(&lower.as_str()) || pack.is_org_word(&lower) {
        return false;
    }
    // A known name of a group or a country ("Russia Wagner" in a headline) is not a first
    // name; anything else capitalised mid-text is taken to be one.
    pack.aliases_folded(&lower).is_empty() && !pack.is_country_cue_folded(&lower)
}

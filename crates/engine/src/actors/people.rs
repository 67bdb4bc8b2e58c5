//! People named next to a role cue: "Mohamed el Maouloud Ramadane, spokesman for the CSP",
//! "the leader of JNIM, Iyad Ag Ghaly", "le porte-parole de la CSP, X", "Prime Minister X".
//! Finds name-shaped spans (capitalised words with the particles Ag, Ould, Ben, el…) and the
//! cue that makes them a person, with the stretch of text where the organisation is named.
//!
//! This module does not decide whether the person is in the pack or which organisation the
//! cue names; the caller links both against the mentions it already has.

use std::sync::LazyLock;

use faultline_model::actor::RelationKind;
use faultline_packs::actors::{ActorPack, fold_key};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

use super::scan::OPENERS;

/// A capitalised word, possibly hyphenated ("Ag-Ghaly", "al-Sahrawi", "N'Daw", "K."), then
/// more of them with name particles between. Stays on one line.
///
/// Searched anchored, from each place a name can start ([`find_names`]): an unanchored
/// search finds where a match ends and then runs a reverse automaton back to its start,
/// and over the Unicode letter classes that reverse automaton kept building new states —
/// most of the people search's time.
static NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let token = r"(?:(?:[Aa]l|[Ee]l)-)?\p{Lu}(?:\.|[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*)";
    let particle = r"(?:ag|ould|ben|bin|ibn|el|al|abu|abou|dit|de|da|mint)";
    Regex::new(&format!(
        r"{token}(?:[ \t]+(?:{particle}[ \t]+)?{token}){{0,5}}"
    ))
    .ok()
});

/// The matches of [`NAME`] in `haystack`, as `find_iter` gives them: the leftmost match,
/// then the leftmost one after its end. The leftmost match is the one at the first start
/// where an anchored search succeeds, and an anchored search knows its start, so no reverse
/// search runs. A name starts with "al-"/"el-" (either case of the vowel) or an upper-case
/// letter, so only ASCII "A", "a", "E", "e", the ASCII capitals and the characters outside
/// ASCII are tried.
fn find_names<'h>(re: &'h Regex, haystack: &'h str) -> impl Iterator<Item = (usize, usize)> + 'h {
    let bytes = haystack.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(&b) = bytes.get(at) {
            let may_start = !b.is_ascii() || b.is_ascii_uppercase() || b == b'a' || b == b'e';
            // Only character starts are tried: continuation bytes are never one.
            if may_start && haystack.is_char_boundary(at) {
                let input = Input::new(haystack).range(at..).anchored(Anchored::Yes);
                if let Some(m) = re.find(input) {
                    at = m.end().max(at + 1);
                    return Some((m.start(), m.end()));
                }
            }
            at += 1;
        }
        None
    })
}

/// A person-shaped span with the role cue that shows it is a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RoleName {
    pub name: (usize, usize),
    pub title: (usize, usize),
    pub relation: RelationKind,
    /// Where the organisation the role is held in would be named, if anywhere.
    pub org_region: Option<(usize, usize)>,
}

/// Name-shaped spans with a role cue before or after them. `roles` are the role-cue hits
/// (start, end, cue index), sorted.
pub(super) fn role_names(
    text: &str,
    roles: &[(usize, usize, usize)],
    pack: &ActorPack,
) -> Vec<RoleName> {
    let Some(re) = NAME.as_ref() else {
        return Vec::new();
    };
    let names = reachable_stretches(text, roles).flat_map(|(from, to)| {
        let stretch = text.get(from..to).unwrap_or("");
        find_names(re, stretch).map(move |(s, e)| (from + s, from + e))
    });
    names_with_roles(text, names, roles, pack)
}

/// The name-shaped spans `names` (in text order) that a role cue makes people.
fn names_with_roles(
    text: &str,
    names: impl Iterator<Item = (usize, usize)>,
    roles: &[(usize, usize, usize)],
    pack: &ActorPack,
) -> Vec<RoleName> {
    let relation_of = |i: usize| {
        pack.role_cues()
            .get(i)
            .map_or(RelationKind::OfficeIn, |r| r.relation)
    };
    let mut out = Vec::new();
    for (mut s, e) in names {
        // A cue inside the span is a title: "Prime Minister Choguel Kokalla Maïga".
        if let Some(r) = roles
            .iter()
            .filter(|r| r.0 >= s && r.1 < e)
            .max_by_key(|r| r.1)
        {
            let name_start = next_word(text, r.1);
            if name_start < e {
                out.push(RoleName {
                    name: (name_start, e),
                    title: (r.0, r.1),
                    relation: relation_of(r.2),
                    org_region: None,
                });
            }
            continue;
        }
        s = skip_openers(text, s, e);
        if s >= e {
            continue;
        }
        let words = text.get(s..e).map_or(0, |n| n.split_whitespace().count());
        // A cue just before: "le colonel Assimi Goïta", "spokesman Attaye Ag Mohamed".
        if let Some(r) = roles.iter().rev().find(|r| r.1 <= s) {
            let gap = text.get(r.1..s).unwrap_or("");
            // "Son chef, Alghabass Ag Intalla": a cue and a comma, the organisation implied.
            let bare_comma = gap.trim() == "," && words >= 2;
            if bare_comma || (!gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t')) {
                out.push(RoleName {
                    name: (s, e),
                    title: (r.0, r.1),
                    relation: relation_of(r.2),
                    org_region: None,
                });
                continue;
            }
            // "the leader of JNIM, Iyad Ag Ghaly" / "le porte-parole de la CSP, X".
            if words >= 2 && gap.len() <= 80 && !gap.contains('\n') && complement_then_comma(gap) {
                out.push(RoleName {
                    name: (s, e),
                    title: (r.0, r.1),
                    relation: relation_of(r.2),
                    org_region: Some((r.1, s)),
                });
                continue;
            }
        }
        // A cue just after: "X, spokesman for the CSP", "X, the leader of JNIM".
        if words >= 2
            && let Some(r) = roles.iter().find(|r| r.0 >= e && r.0 - e <= 40)
        {
            let gap = text.get(e..r.0).unwrap_or("");
            if comma_then_modifiers(gap) {
                let org_end = line_end(text, r.1).min(r.1 + 80);
                out.push(RoleName {
                    name: (s, e),
                    title: (r.0, r.1),
                    relation: relation_of(r.2),
                    org_region: Some((r.1, org_end)),
                });
            }
        }
    }
    out
}

/// The stretches of text where a name could take a role cue: only those are searched,
/// because the name pattern is most of the stage's cost and most of a report is far from
/// any role.
///
/// A stretch runs between two characters a name cannot hold: ASCII ones other than
/// letters, ". ' -", space and tab (any other character may be a letter, so it never
/// splits). A name lies inside one stretch and the pattern has no look-around, so searching
/// stretch by stretch finds the same names as searching the whole text. A name takes a cue
/// inside it or starting at most 40 bytes after it, or the last cue before it when at most
/// 80 bytes or only white space and a comma lie between; the stretches kept are those
/// where one of these can hold. `roles` are sorted and never overlap.
fn reachable_stretches<'a>(
    text: &'a str,
    roles: &'a [(usize, usize, usize)],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let bytes = text.as_bytes();
    let splits = |b: &u8| NOT_IN_NAMES[usize::from(*b)];
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let from = at;
            let to = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(splits))
                .map_or(bytes.len(), |i| from + i);
            at = to + 1;
            if to > from && cue_within_reach(text, roles, from, to) {
                return Some((from, to));
            }
        }
        None
    })
}

/// The bytes no name holds: ASCII other than letters, ". ' -", space and tab. A table,
/// because the stretch scan asks for every byte of the text.
static NOT_IN_NAMES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = !c.is_ascii_alphabetic() && !matches!(c, b'.' | b'\'' | b'-' | b' ' | b'\t');
        b += 1;
    }
    table
};

fn cue_within_reach(text: &str, roles: &[(usize, usize, usize)], from: usize, to: usize) -> bool {
    let next = roles.partition_point(|r| r.0 < from);
    if roles.get(next).is_some_and(|r| r.0 <= to + 40) {
        return true;
    }
    // No cue starts in the stretch, so the last cue before it is the one its names see;
    // one that runs into the stretch (a cue holding a comma) is kept to be safe.
    next.checked_sub(1)
        .and_then(|i| roles.get(i))
        .is_some_and(|r| {
            r.1 + 80 >= from
                || text
                    .get(r.1..from)
                    .is_some_and(|gap| matches!(gap.trim(), "" | ","))
        })
}

fn next_word(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start().len())
}

fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|r| r.find('\n'))
        .map_or(text.len(), |i| at + i)
}

/// Skip capitalised sentence openers at the start of a name-shaped span ("Yesterday").
fn skip_openers(text: &str, mut s: usize, e: usize) -> usize {
    loop {
        let rest = text.get(s..e).unwrap_or("");
        let word = rest.split_whitespace().next().unwrap_or("");
        if word.is_empty() || !OPENERS.contains(&fold_key(word).as_str()) {
            return s;
        }
        s = next_word(text, s + word.len());
    }
}

/// " of JNIM, " / " de la CSP, " / " for the Platform, ": a complement then a comma.
fn complement_then_comma(gap: &str) -> bool {
    let g = fold_key(gap);
    let Some(body) = g.strip_suffix(',') else {
        return false;
    };
    [
        "of ", "for ", "de ", "du ", "des ", "d'", "within ", "au sein ",
    ]
    .iter()
    .any(|p| body.starts_with(p))
        && !body.contains([',', '.', ';', ':'])
}

/// ", " / ", the " / ", le nouveau ": a comma and at most three lowercase words.
fn comma_then_modifiers(gap: &str) -> bool {
    let Some(rest) = gap.trim_start().strip_prefix(',') else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    words.len() <= 3
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_lowercase() || c == '\'' || c == '’' || c == '-')
                || w.ends_with('\'')
        })
}

/// Compiles this module's pattern now (see `crate::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&NAME);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_compiles() {
        assert!(NAME.is_some());
    }

    #[test]
    fn finds_names_with_cues_before_and_after() {
        let pack = ActorPack::embedded();
        let cases = [
            (
                "Ahmed Ag Bibi, spokesman for the CMA, said on Tuesday.",
                "Ahmed Ag Bibi",
                "spokesman",
            ),
            (
                "said the leader of JNIM, Iyad Ag Ghaly, in a video.",
                "Iyad Ag Ghaly",
                "leader",
            ),
            (
                "a déclaré le porte-parole de la CSP, Mohamed Elmaouloud Ramadane.",
                "Mohamed Elmaouloud Ramadane",
                "porte-parole",
            ),
            (
                "Malian Foreign Minister Abdoulaye Diop reiterated the commitment.",
                "Abdoulaye Diop",
                "Foreign Minister",
            ),
            (
                "selon le colonel Souleymane Dembélé, l'armée a riposté.",
                "Souleymane Dembélé",
                "colonel",
            ),
        ];
        for (text, name, title) in cases {
            let folded = faultline_packs::actors::fold(text);
            let hits = super::super::scan::scan(text, &folded, &pack);
            let found = role_names(text, &hits.roles, &pack);
            let got: Vec<(&str, &str)> = found
                .iter()
                .map(|r| (&text[r.name.0..r.name.1], &text[r.title.0..r.title.1]))
                .collect();
            assert!(got.contains(&(name, title)), "{text}: {got:?}");
        }
    }

    /// Searching only the stretches a cue can reach finds what searching the whole text
    /// finds, whatever the layout: cues on the line before, after a comma, 40 bytes on,
    /// inside the name, in a complement, across punctuation and digits.
    #[test]
    fn searching_near_cues_finds_what_a_full_search_finds() {
        let pack = ActorPack::embedded();
        let texts = [
            "Son chef,\nAlghabass Ag Intalla, a démenti.",
            "Son chef ,\n\n  Alghabass Ag Intalla a démenti.",
            "said the leader of JNIM, Iyad Ag Ghaly, in a video released on 12 March.",
            "Ahmed Ag Bibi (MNLA), spokesman for the CMA, said 14 soldiers died.",
            "Ahmed Ag Bibi, 54, the spokesman of the movement, spoke to reporters.",
            "Prime Minister Choguel Kokalla Maïga met Foreign Minister Abdoulaye Diop.",
            "Le porte-parole du gouvernement, le colonel Abdoulaye Maïga, a lu un communiqué.",
            "« Nous avons riposté », a déclaré le porte-parole de la CSP, Mohamed Elmaouloud Ramadane.",
            "Attaye Ag Mohamed\n, spokesman for the CSP-DPA, confirmed the clashes near Kidal.",
            "Colonel\tAssimi Goïta; the president, Ibrahim Traoré: the junta leaders.",
            "The army chief of staff said 3 soldiers were killed. Mr. Ould Sidi, a local official, agreed.",
            "Aliou Touré, 12 km from Gao, told AFP; the governor, Moussa Traoré, was absent.",
        ];
        let mut people = 0;
        for text in texts {
            let folded = faultline_packs::actors::fold(text);
            let hits = super::super::scan::scan(text, &folded, &pack);
            let everywhere = NAME
                .as_ref()
                .map(|re| {
                    re.find_iter(text)
                        .map(|m| (m.start(), m.end()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let full = names_with_roles(text, everywhere.into_iter(), &hits.roles, &pack);
            assert_eq!(role_names(text, &hits.roles, &pack), full, "{text}");
            people += full.len();
        }
        // The texts are there to be found: a check that finds no one checks nothing.
        assert!(people >= texts.len() / 2, "{people} people");
    }

    /// Anchored searches from each possible start find what an unanchored search finds,
    /// whatever stands around the names: accents, particles, initials, "al-" inside words.
    #[test]
    fn anchored_search_finds_what_find_iter_finds() {
        let Some(re) = NAME.as_ref() else {
            panic!("the name pattern compiles");
        };
        for text in [
            "",
            "le colonel Assimi Goïta et Choguel Kokalla Maïga",
            "Ahmed Ag Bibi, Iyad ag Ghaly, Moussa de la Vega, Adnan Abou Walid al-Sahrawi",
            "K. Ag Intalla, Mr. N'Daw, Tal-Qaeda, McDonald, iPhone, état, Ébola, ÉTAT, El-Hadj",
            "ALGER – Le ministre Ramtane Lamamra\tet   Bah N’Daw à Bamako.",
            "x ǅemal Σtefan ﬁlm Ⅻ Ⓐbc ῼ 12 e-Al al- el-X",
        ] {
            let anchored: Vec<(usize, usize)> = find_names(re, text).collect();
            let unanchored: Vec<(usize, usize)> =
                re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(anchored, unanchored, "{text}");
        }
    }

    #[test]
    fn no_cue_no_person() {
        let pack = ActorPack::embedded();
        let text = "Heavy Fighting Resumed Near Kidal, Sources Said.";
        let folded = faultline_packs::actors::fold(text);
        let hits = super::super::scan::scan(text, &folded, &pack);
        assert!(role_names(text, &hits.roles, &pack).is_empty());
    }
}

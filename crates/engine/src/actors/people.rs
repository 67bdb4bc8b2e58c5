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
use regex::Regex;

use super::scan::OPENERS;

/// A capitalised word, possibly hyphenated ("Ag-Ghaly", "al-Sahrawi", "N'Daw", "K."), then
/// more of them with name particles between. Stays on one line.
static NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let token = r"(?:(?:[Aa]l|[Ee]l)-)?\p{Lu}(?:\.|[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*)";
    let particle = r"(?:ag|ould|ben|bin|ibn|el|al|abu|abou|dit|de|da|mint)";
    Regex::new(&format!(
        r"{token}(?:[ \t]+(?:{particle}[ \t]+)?{token}){{0,5}}"
    ))
    .ok()
});

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
    let relation_of = |i: usize| {
        pack.role_cues()
            .get(i)
            .map_or(RelationKind::OfficeIn, |r| r.relation)
    };
    let mut out = Vec::new();
    for m in re.find_iter(text) {
        let (mut s, e) = (m.start(), m.end());
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

    #[test]
    fn no_cue_no_person() {
        let pack = ActorPack::embedded();
        let text = "Heavy Fighting Resumed Near Kidal, Sources Said.";
        let folded = faultline_packs::actors::fold(text);
        let hits = super::super::scan::scan(text, &folded, &pack);
        assert!(role_names(text, &hits.roles, &pack).is_empty());
    }
}

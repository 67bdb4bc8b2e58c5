//! The actor stage: finds the organisations and people a document talks about and links
//! each mention to a pack actor, with the name that actor carried at the document's date.
//!
//! In order: one scan of the pack's aliases over the folded text (`scan`); the country the
//! document is about and the period its names point to; ambiguous aliases settled by that
//! context; acronyms the text defines (`acronyms`); people introduced by role cues
//! (`people`); a person's surname after their full name; and generic references resolved
//! last, against everything named (`generic`).
//!
//! Like every stage it does no IO and never fails: odd text gives fewer mentions, not an
//! error. It must not guess: a mention the document does not settle keeps `actor: null`.

mod acronyms;
mod describe;
mod generic;
mod people;
mod scan;

use std::collections::HashMap;

use chrono::NaiveDate;
use faultline_model::Document;
use faultline_model::actor::{
    AcronymPair, ActorKind, ActorRef, Mention, MentionHow, RelationKind, Resolution, RoleCue,
};
use faultline_packs::actors::{ActorPack, fold, fold_key};

use scan::HitKind;

/// What a mention links to while the stage works.
#[derive(Debug, Clone, PartialEq)]
enum Link {
    /// A pack actor, by index.
    Pack(usize),
    /// An actor the pack does not know: a candidate organisation or a person with a role.
    New {
        id: String,
        name: String,
        kind: ActorKind,
    },
    /// Several pack actors fit and the context does not choose.
    Ambiguous(Vec<usize>),
    /// A generic reference the document does not settle.
    Unresolved,
}

/// A mention under construction.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    link: Link,
    how: MentionHow,
    /// Alias indices the span matched (for dates and disambiguation).
    aliases: Vec<usize>,
    /// Generic reference indices, for generic mentions.
    generic: Option<Vec<usize>>,
    resolution: Option<Resolution>,
    acronym: Option<AcronymPair>,
    role: Option<RoleCue>,
}

impl Found {
    fn new(start: usize, end: usize, link: Link, how: MentionHow) -> Self {
        Found {
            start,
            end,
            link,
            how,
            aliases: Vec::new(),
            generic: None,
            resolution: None,
            acronym: None,
            role: None,
        }
    }

    fn overlaps(&self, s: usize, e: usize) -> bool {
        self.start < e && s < self.end
    }
}

/// Find actor mentions and link them to pack actors (names valid at the document's date,
/// when it is known).
pub fn find_mentions(
    doc: &Document,
    pack: &ActorPack,
    doc_date: Option<NaiveDate>,
) -> Vec<Mention> {
    let text = doc.text.as_str();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let folded = fold(text);
    let hits = scan::scan(text, &folded, pack);

    let mut found: Vec<Found> = hits
        .mentions
        .iter()
        .map(|h| match &h.what {
            HitKind::Alias(aliases) => {
                let mut actors: Vec<usize> = aliases
                    .iter()
                    .filter_map(|&a| pack.alias(a).and_then(|al| pack.actor_index(&al.actor)))
                    .collect();
                actors.sort_unstable();
                actors.dedup();
                let link = match actors.as_slice() {
                    [one] => Link::Pack(*one),
                    _ => Link::Ambiguous(actors),
                };
                let mut f = Found::new(h.start, h.end, link, MentionHow::Alias);
                f.aliases = aliases.clone();
                f
            }
            HitKind::Generic(g) => {
                let mut f = Found::new(h.start, h.end, Link::Unresolved, MentionHow::Generic);
                f.generic = Some(g.clone());
                f
            }
        })
        .collect();

    // "armed groups … that have signed a peace agreement": a description standing for a
    // generic reference, resolved with the others below.
    for (start, end, generics) in describe::signatory_descriptions(text, &folded, pack) {
        if found.iter().any(|f| f.overlaps(start, end)) {
            continue;
        }
        let mut f = Found::new(start, end, Link::Unresolved, MentionHow::Generic);
        f.generic = Some(generics);
        found.push(f);
    }

    let focus = focus_country(&found, &hits.countries, pack);
    let when = doc_date
        .map(|d| (d, d))
        .or_else(|| name_window(&found, pack));
    disambiguate(&mut found, pack, focus.as_deref(), when);
    learn_acronyms(text, &mut found, pack);
    add_people(text, &mut found, &hits.roles, pack);
    add_person_parts(&mut found, &hits.parts, pack);
    found.sort_by_key(|f| (f.start, f.end));
    generic::resolve(
        text,
        &mut found,
        pack,
        focus.as_deref(),
        when,
        &hits.countries,
    );

    let name_date = doc_date.or_else(|| when.and_then(|(s, e)| latest_in(s, e)));
    found
        .into_iter()
        .map(|f| to_mention(text, f, pack, name_date))
        .collect()
}

fn to_mention(text: &str, f: Found, pack: &ActorPack, date: Option<NaiveDate>) -> Mention {
    let actor = match &f.link {
        Link::Pack(i) => pack.actor_at(*i).map(|a| ActorRef {
            id: a.id.clone(),
            name: pack
                .name_at(&a.id, date)
                .map_or_else(|| a.name.clone(), String::from),
            kind: a.kind.as_str().to_string(),
        }),
        Link::New { id, name, kind } => Some(ActorRef {
            id: id.clone(),
            name: name.clone(),
            kind: kind.as_str().to_string(),
        }),
        Link::Ambiguous(_) | Link::Unresolved => None,
    };
    let resolution = match (&f.link, f.resolution) {
        (Link::Ambiguous(cands), None) => Some(Resolution {
            antecedent: None,
            why: format!(
                "ambiguous: {}",
                cands
                    .iter()
                    .filter_map(|&i| pack.actor_at(i).map(|a| a.id.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
        (_, r) => r,
    };
    Mention {
        text: text.get(f.start..f.end).unwrap_or("").to_string(),
        start: f.start,
        end: f.end,
        actor,
        how: f.how,
        resolution,
        acronym: f.acronym,
        role: f.role,
    }
}

/// The date to name actors at when only the names' window is known: its end, because the
/// press keeps an old name after a rename ("EIGS" in 2023) but never uses one before it.
fn latest_in(s: NaiveDate, e: NaiveDate) -> Option<NaiveDate> {
    if e != NaiveDate::MAX {
        Some(e)
    } else if s != NaiveDate::MIN {
        Some(s)
    } else {
        None
    }
}

/// The country the document is about: country names, demonyms and towns, plus named actors
/// of a single country. Only a clear leader counts; a text split between two countries has
/// no focus, and then "the army" stays unresolved.
fn focus_country(
    found: &[Found],
    countries: &[(usize, usize, usize)],
    pack: &ActorPack,
) -> Option<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for &(_, _, c) in countries {
        if let Some(cue) = pack.country_cues().get(c) {
            *count.entry(cue.country.as_str()).or_default() += 1;
        }
    }
    for f in found {
        if let Link::Pack(i) = f.link
            && let Some(a) = pack.actor_at(i)
            && let [only] = a.countries.as_slice()
        {
            *count.entry(only.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = count.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match ranked.as_slice() {
        [] => None,
        // One country named, however briefly, and no other: that is the document's.
        [(c, _)] => Some(c.to_string()),
        [(c, n), (_, m), ..] => (*n >= 2 && *n * 2 > *m * 3).then(|| c.to_string()),
    }
}

/// The period the document's dated names point to ("CSP-PSD" was used 2021 to 2024): the
/// intersection of the periods of the names it uses, when they agree.
fn name_window(found: &[Found], pack: &ActorPack) -> Option<(NaiveDate, NaiveDate)> {
    let mut lo = NaiveDate::MIN;
    let mut hi = NaiveDate::MAX;
    let mut any = false;
    for f in found {
        if !matches!(f.link, Link::Pack(_)) {
            continue;
        }
        for a in f.aliases.iter().filter_map(|&i| pack.alias(i)) {
            if a.period.is_open() {
                continue;
            }
            any = true;
            if let Some(from) = a.period.from {
                lo = lo.max(from.earliest());
            }
            if let Some(to) = a.period.to {
                hi = hi.min(to.latest());
            }
        }
    }
    (any && lo <= hi).then_some((lo, hi))
}

/// Settle aliases several actors share ("Islamic State", "CNSP") by the document's date,
/// country and the other actors it names. A tie stays ambiguous.
fn disambiguate(
    found: &mut [Found],
    pack: &ActorPack,
    focus: Option<&str>,
    when: Option<(NaiveDate, NaiveDate)>,
) {
    let named: Vec<usize> = found
        .iter()
        .filter_map(|f| match f.link {
            Link::Pack(i) => Some(i),
            _ => None,
        })
        .collect();
    let named_ids: Vec<&str> = named
        .iter()
        .filter_map(|&i| pack.actor_at(i).map(|a| a.id.as_str()))
        .collect();
    for f in found.iter_mut() {
        let Link::Ambiguous(cands) = &f.link else {
            continue;
        };
        let mut scored: Vec<(i32, usize)> = Vec::new();
        for &c in cands {
            let Some(a) = pack.actor_at(c) else {
                continue;
            };
            let mut score = 0;
            if let Some((s, e)) = when {
                let alias_ok = f
                    .aliases
                    .iter()
                    .filter_map(|&i| pack.alias(i))
                    .filter(|al| al.actor == a.id)
                    .any(|al| al.period.overlaps(s, e));
                score += if a.period.overlaps(s, e) && alias_ok {
                    2
                } else {
                    -2
                };
            }
            if let Some(fc) = focus {
                if a.countries.iter().any(|x| x == fc) {
                    score += 2;
                } else if !a.countries.is_empty() {
                    score -= 1;
                }
            }
            if named.contains(&c) {
                score += 1;
            }
            let related = pack.relations_of(&a.id).any(|r| {
                let other = if r.subject == a.id {
                    &r.object
                } else {
                    &r.subject
                };
                r.relation != RelationKind::SuccessorOf && named_ids.contains(&other.as_str())
            });
            if related {
                score += 1;
            }
            scored.push((score, c));
        }
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        match scored.as_slice() {
            [(best, c), (next, _), ..] if best > next => {
                f.resolution = Some(Resolution {
                    antecedent: None,
                    why: "shared alias settled by the document's country, date and co-mentions"
                        .into(),
                });
                f.link = Link::Pack(*c);
            }
            [(_, c)] => f.link = Link::Pack(*c),
            _ => {}
        }
    }
}

/// Pairs the text defines: link the short form to the actor its long form names, or make a
/// candidate actor of an unknown organisation; then link the short form's later uses.
fn learn_acronyms(text: &str, found: &mut Vec<Found>, pack: &ActorPack) {
    let mut learned: Vec<(String, Link, MentionHow, AcronymPair)> = Vec::new();
    for p in acronyms::find_pairs(text) {
        let (Some(short), Some(long)) =
            (text.get(p.short.0..p.short.1), text.get(p.long.0..p.long.1))
        else {
            continue;
        };
        if !pack.lookup(short).is_empty() || learned.iter().any(|l| l.0 == short) {
            continue;
        }
        // The long form is a name the stage already linked, ending where the long form ends.
        let named = found
            .iter()
            .filter(|f| f.start >= p.long.0 && f.end <= p.long.1 && f.how != MentionHow::Generic)
            .filter(|f| {
                text.get(f.end..p.long.1)
                    .is_some_and(|g| g.trim().is_empty())
            })
            .find_map(|f| match f.link {
                Link::Pack(i) => Some(i),
                _ => None,
            });
        let (link, how) = if let Some(i) = named {
            (Link::Pack(i), MentionHow::Acronym)
        } else if !p.letters_match {
            continue;
        } else if let [only] = pack.lookup(long).as_slice()
            && let Some(i) = pack.actor_index(&only.id)
        {
            (Link::Pack(i), MentionHow::Acronym)
        } else if looks_like_organisation(long, pack) {
            (
                Link::New {
                    id: format!("candidate:{}", slug(short)),
                    name: long.to_string(),
                    kind: ActorKind::Candidate,
                },
                MentionHow::Candidate,
            )
        } else {
            continue;
        };
        let pair = AcronymPair {
            short: short.to_string(),
            long: long.to_string(),
        };
        if how == MentionHow::Candidate && !found.iter().any(|f| f.overlaps(p.long.0, p.long.1)) {
            let mut f = Found::new(p.long.0, p.long.1, link.clone(), how);
            f.acronym = Some(pair.clone());
            found.push(f);
        }
        learned.push((short.to_string(), link, how, pair));
    }
    for (short, link, how, pair) in learned {
        let mut at = 0;
        while let Some(i) = text.get(at..).and_then(|t| t.find(short.as_str())) {
            let (s, e) = (at + i, at + i + short.len());
            at = e;
            if scan::original_boundary(text, s, e) && !found.iter().any(|f| f.overlaps(s, e)) {
                let mut f = Found::new(s, e, link.clone(), how);
                f.acronym = Some(pair.clone());
                found.push(f);
            }
        }
    }
}

/// Whether a long form names an organisation: it starts with a capital and one of its words
/// heads organisation names ("Movement", "Front", "Katiba", "Conseil").
fn looks_like_organisation(long: &str, pack: &ActorPack) -> bool {
    long.chars().next().is_some_and(char::is_uppercase)
        && fold_key(long)
            .split([' ', '\''])
            .any(|w| pack.is_org_word(w))
}

fn slug(s: &str) -> String {
    fold_key(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect()
}

/// People next to role cues: attach the role to a pack person already found, or add the
/// name as a new person.
fn add_people(
    text: &str,
    found: &mut Vec<Found>,
    roles: &[(usize, usize, usize)],
    pack: &ActorPack,
) {
    for rn in people::role_names(text, roles, pack) {
        let title = text.get(rn.title.0..rn.title.1).unwrap_or("").to_string();
        let of = rn.org_region.and_then(|(rs, re)| {
            found
                .iter()
                .filter(|f| f.start >= rs && f.end <= re && f.start - rs <= 24)
                .min_by_key(|f| f.start)
                .and_then(|f| match f.link {
                    Link::Pack(i) => pack
                        .actor_at(i)
                        .filter(|a| a.kind != ActorKind::Person)
                        .map(|a| a.id.clone()),
                    _ => None,
                })
        });
        let role = RoleCue { title, of };
        let (s, e) = rn.name;
        if let Some(f) = found.iter_mut().find(|f| f.overlaps(s, e)) {
            let is_person = match f.link {
                Link::Pack(i) => pack
                    .actor_at(i)
                    .is_some_and(|a| a.kind == ActorKind::Person),
                _ => false,
            };
            if is_person && f.role.is_none() {
                f.role = Some(role);
            }
            continue;
        }
        let name = text.get(s..e).unwrap_or("").to_string();
        let link = Link::New {
            id: format!("candidate:{}", slug(&name)),
            name,
            kind: ActorKind::Person,
        };
        let mut f = Found::new(s, e, link, MentionHow::Role);
        f.role = Some(role);
        found.push(f);
    }
}

/// "Alghabass" after "Alghabass Ag Intalla": a distinctive part of a person's name links once
/// the full name has been mentioned earlier in the document.
fn add_person_parts(found: &mut Vec<Found>, parts: &[(usize, usize, usize)], pack: &ActorPack) {
    for &(s, e, i) in parts {
        if found.iter().any(|f| f.overlaps(s, e)) {
            continue;
        }
        let introduced = found
            .iter()
            .any(|f| f.link == Link::Pack(i) && f.end <= s && f.how != MentionHow::Generic);
        if introduced && pack.actor_at(i).is_some() {
            found.push(Found::new(s, e, Link::Pack(i), MentionHow::Alias));
        }
    }
}
/// Compiles the actor stages' patterns now (see `crate::warm_up`).
pub(crate) fn warm_up() {
    acronyms::warm_up();
    describe::warm_up();
    people::warm_up();
}

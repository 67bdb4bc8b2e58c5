//! The relation stage: who stands with whom, as one document says it.
//!
//! Three sources of relations, each a general rule: cue phrases from the facts pack
//! ("linked to", "a split from", "talks with", "pacte de non-agression avec") with their
//! arguments found left and right of the cue; possessive allies ("FAMa and its Russian
//! auxiliaries" support FAMa); and events (an armed clash between two groups is evidence
//! of hostility on its date, an associated actor supports the initiator). Structural cues
//! ("linked to", "leader of", "led by") describe the nearest actor before them; clausal
//! cues ("talks with", "fighting against", "common enemy") take the clause's subject and
//! distribute over coordinated actors. A person who leads or speaks for a group acts for
//! it: "Alghabass Ag Intalla began discussions with JNIM" is read as the group's talks
//! when the document names his group; inside a quotation, "we" is the group of whoever is
//! quoted. Membership named without its coalition ("a fighter from the MNLA" in a text about
//! the CSP) is read only when the actor pack knows the group to be in the coalition at the
//! document's date, and the rule says so. Hostility read from "between X and Y" takes the
//! direction of an event that names its initiator. Modality, polarity and attribution come
//! from the cue's clause and sentence; `when` is the sentence's date, else the document's.

use std::collections::HashMap;

use chrono::NaiveDate;
use faultline_model::Document;
use faultline_model::actor::Mention;
use faultline_model::fact::{
    Attribution, Event, EventType, Evidence, FactActor, FactDate, Modality, Polarity, Predicate,
    Relation, SubEventType,
};
use faultline_model::time::{Published, TimeMention, TimeValue};
use faultline_packs::Packs;
use faultline_packs::actors::ActorPack;
use faultline_packs::facts::{CueKind, FactKind, Order};

use super::{Arg, SentenceTokens, SentenceView, attribution, fact_date, modality};

/// How far left a structural cue's subject may stand, in content words.
const NEAR_GAP: usize = 6;
/// How far left a clausal cue's subject may stand, in content words.
const CLAUSE_GAP: usize = 25;
/// How far right a cue's object may stand, in content words.
const RIGHT_GAP: usize = 6;

/// Find the relations one document states or implies through its events.
pub fn extract_relations(
    doc: &Document,
    mentions: &[Mention],
    times: &[TimeMention],
    events: &[Event],
    published: &Published,
    packs: &Packs,
) -> Vec<Relation> {
    let tokens = SentenceTokens::new(doc);
    let views = SentenceView::all(doc, &tokens, mentions, times, &[], &packs.facts);
    relations_in(&views, times, events, published, packs)
}

/// The relations of a document whose sentence views are already built (their places are
/// not read).
pub(crate) fn relations_in(
    views: &[SentenceView<'_>],
    times: &[TimeMention],
    events: &[Event],
    published: &Published,
    packs: &Packs,
) -> Vec<Relation> {
    let mut found: Vec<Found> = Vec::new();
    for (vi, view) in views.iter().enumerate() {
        let attribution = attribution::attribution(view);
        let date = published.time.map(|t| t.start);
        for f in cue_relations(views, vi, &packs.actors, date) {
            found.push(f.with(view, attribution.clone(), times, published));
        }
        for f in possessive_allies(view) {
            found.push(f.with(view, attribution.clone(), times, published));
        }
    }
    lift_people(&mut found, views);
    let mut out: Vec<Relation> = found.into_iter().map(Found::into_relation).collect();
    out.extend(event_relations(events));
    dedupe(out)
}

/// A relation before it is dated and attributed.
struct Pending {
    subject: Arg,
    predicate: Predicate,
    object: Arg,
    /// The cue's tokens; modality cues may follow its arguments ("an alliance between X
    /// and Y could emerge"), so the end reaches past the later argument.
    cue: (usize, usize),
    rule: String,
    presupposed: bool,
}

impl Pending {
    fn with(
        self,
        view: &SentenceView<'_>,
        attribution: Option<Attribution>,
        times: &[TimeMention],
        published: &Published,
    ) -> Found {
        let reach = self.cue.1.max(self.subject.end).max(self.object.end);
        // "FAMa and its Russian auxiliaries did not take part": a possessive is taken for
        // granted by its clause, whatever the clause says.
        let (modality, polarity) = if self.presupposed {
            (Modality::Asserted, Polarity::Positive)
        } else {
            modality::stance(view, self.cue.0, reach, times)
        };
        let Validity {
            since,
            until,
            bounds,
        } = validity(view, times);
        Found {
            subject: self.subject,
            predicate: self.predicate,
            object: self.object,
            modality,
            polarity,
            attribution,
            when: fact_date(observed(view, self.cue.0, times, &bounds), published),
            since,
            until,
            sentence: view.index,
            evidence: view.evidence(self.rule),
        }
    }
}

/// A dated, attributed relation whose actors are still mentions.
struct Found {
    subject: Arg,
    predicate: Predicate,
    object: Arg,
    modality: Modality,
    polarity: Polarity,
    attribution: Option<Attribution>,
    when: FactDate,
    since: Option<TimeValue>,
    until: Option<TimeValue>,
    sentence: usize,
    evidence: Evidence,
}

impl Found {
    fn into_relation(self) -> Relation {
        Relation {
            subject: self.subject.actor,
            predicate: self.predicate,
            object: self.object.actor,
            modality: self.modality,
            polarity: self.polarity,
            attribution: self.attribution,
            when: self.when,
            since: self.since,
            until: self.until,
            evidence: self.evidence,
        }
    }
}

/// Whether a predicate's cue describes the actor right before it (an apposition or a
/// participle) rather than the subject of a clause.
fn structural(p: Predicate) -> bool {
    !matches!(
        p,
        Predicate::AlliedWith
            | Predicate::NonAggressionPact
            | Predicate::NegotiatingWith
            | Predicate::HostileTo
            | Predicate::RivalOf
    )
}

/// The cue relations of sentence `vi`.
fn cue_relations(
    views: &[SentenceView<'_>],
    vi: usize,
    actors: &ActorPack,
    date: Option<NaiveDate>,
) -> Vec<Pending> {
    let Some(view) = views.get(vi) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Each cue's (left group, right group), for chains: "JNIM, led by Iyad Ag Ghaly and
    // affiliated with al-Qaeda" — the second cue describes JNIM too.
    let mut done: Vec<Done> = Vec::new();
    for m in &view.matches {
        let FactKind::Relation(predicate, order) = m.kind() else {
            continue;
        };
        let rule = format!("relation:cue:{}", m.word.phrase);
        let cue = (m.start, m.end);
        if order == Order::Context {
            out.extend(from_context(views, vi, predicate, cue, &rule));
            continue;
        }
        // "X and Y clashed", "fighting between X and Y": the order of the two names says
        // nothing about who started it, which the rule records for `dedupe`.
        if order == Order::Mutual {
            let group = view.left_group(m.start, CLAUSE_GAP);
            for pair in group.windows(2) {
                if let [a, b] = pair {
                    push(
                        &mut out,
                        view,
                        *a,
                        predicate,
                        *b,
                        cue,
                        &format!("{rule}{UNDIRECTED}"),
                    );
                }
            }
            continue;
        }
        if order == Order::Between {
            let mut group = view.right_group(m.end, 2);
            if let Some(&first) = group.first()
                && group.len() == 1
                && let Some(second) = after_apposition(view, first)
            {
                group.push(second);
            }
            for pair in group.windows(2) {
                if let [a, b] = pair {
                    push(
                        &mut out,
                        view,
                        *a,
                        predicate,
                        *b,
                        cue,
                        &format!("{rule}{UNDIRECTED}"),
                    );
                }
            }
            continue;
        }
        // "attack against", "operations against": the event stage reads those.
        let after_trigger = view.matches.iter().any(|t| {
            matches!(t.kind(), FactKind::Event(_)) && t.end <= m.start && m.start - t.end <= 2
        });
        if predicate == Predicate::HostileTo && after_trigger {
            continue;
        }
        let mut right = view.right_group(m.end, RIGHT_GAP);
        // A compound adjective ("the al-Qaeda-linked GSIM") qualifies one noun only.
        if m.word.phrase.starts_with('-') {
            right.truncate(1);
        }
        // "led by Iyad Ag-Ghaly and affiliated with Al-Qaeda, and armed groups of the north":
        // ", and" after a structural cue's object closes the apposition it stands in.
        if structural(predicate)
            && let Some(cut) = right.iter().position(|&i| {
                view.args.get(i).is_some_and(|b| {
                    b.start >= 2
                        && view.word(b.start - 2) == ","
                        && matches!(view.word(b.start - 1), "and" | "et")
                }) || view.args.get(i).is_some_and(|b| {
                    b.start >= 3
                        && view.word(b.start - 3) == ","
                        && matches!(view.word(b.start - 2), "and" | "et")
                        && view.is_det(view.word(b.start - 1))
                })
            })
            && cut > 0
        {
            right.truncate(cut);
        }
        let left = chained_left(view, &done, m.start).unwrap_or_else(|| {
            if structural(predicate) {
                near_left(view, m.start)
            } else {
                view.left_group(m.start, CLAUSE_GAP)
            }
        });
        done.push(Done {
            appositive: appositive(view, &left, m.start),
            left: left.clone(),
            right: right.clone(),
        });
        if left.is_empty()
            && !predicate.is_role()
            && let Some(antecedent) = pronoun_antecedent(views, vi, m.start)
        {
            for &r in &right {
                let Some(other) = view.args.get(r) else {
                    continue;
                };
                let (subject, object) = match order {
                    Order::Forward => (antecedent.clone(), other.clone()),
                    _ => (other.clone(), antecedent.clone()),
                };
                if subject.actor.id != object.actor.id && !object.is_person() {
                    out.push(Pending {
                        subject,
                        predicate,
                        object,
                        cue,
                        rule: format!("{rule}+pronoun"),
                        presupposed: false,
                    });
                }
            }
            continue;
        }
        let (mut subjects, objects) = match order {
            Order::Forward => (left, right.clone()),
            _ => (right.clone(), left),
        };
        if predicate.is_role() {
            subjects.retain(|&i| view.args.get(i).is_some_and(Arg::is_person));
            if subjects.is_empty() && order == Order::Forward {
                // "The leader of JNIM, Iyad Ag Ghaly,": the person in apposition after the
                // group holds the role.
                subjects = right
                    .iter()
                    .copied()
                    .filter(|&i| view.args.get(i).is_some_and(Arg::is_person))
                    .collect();
            }
            if subjects.is_empty() && order == Order::Forward {
                subjects = role_holder(view, &right);
            }
        }
        for &s in &subjects {
            for &o in &objects {
                if predicate.is_role() && view.args.get(o).is_some_and(Arg::is_person) {
                    continue;
                }
                push(&mut out, view, s, predicate, o, cue, &rule);
            }
        }
        // "confides a fighter from the MNLA" in a text about the CSP: a member of a group
        // named without the coalition it speaks for belongs to the coalition the document
        // is about, when the actor pack knows the group to be part of it at the document's
        // date. The pack supports the reading; the text brings the two together.
        if predicate == Predicate::MemberOf
            && order == Order::Reverse
            && objects.is_empty()
            && let Some((member, coalition)) = coalition_of(views, &right, actors, date, view)
        {
            out.push(Pending {
                subject: member,
                predicate,
                object: coalition,
                cue,
                rule: format!("{rule}+pack:member_of"),
                presupposed: false,
            });
        }
        // The holder found in another sentence is not in this view's args.
        if predicate.is_role() && subjects.is_empty() && order == Order::Forward {
            out.extend(role_from_earlier(
                views, vi, m.start, predicate, &objects, cue, &rule,
            ));
        }
    }
    out
}

fn push(
    out: &mut Vec<Pending>,
    view: &SentenceView<'_>,
    s: usize,
    predicate: Predicate,
    o: usize,
    cue: (usize, usize),
    rule: &str,
) {
    let (Some(subject), Some(object)) = (view.args.get(s), view.args.get(o)) else {
        return;
    };
    // Organisations are what actors belong to, lead, fight or ally with; a person as the
    // object is a misreading ("a fighter from the MNLA" after "Alghabass's message").
    if subject.actor.id == object.actor.id || object.is_person() {
        return;
    }
    out.push(Pending {
        subject: subject.clone(),
        predicate,
        object: object.clone(),
        cue,
        rule: rule.to_string(),
        presupposed: false,
    });
}

/// "It's not about forming an alliance": a bare relation noun in a sentence that names no
/// actor speaks of the two organisations of the sentence before, when it names exactly two.
fn from_context(
    views: &[SentenceView<'_>],
    vi: usize,
    predicate: Predicate,
    cue: (usize, usize),
    rule: &str,
) -> Vec<Pending> {
    if let Some((speaker, other)) = quoted_we(views, vi, cue) {
        return vec![Pending {
            subject: speaker,
            predicate,
            object: other,
            cue,
            rule: format!("{rule}+quoted-we"),
            presupposed: false,
        }];
    }
    let (Some(view), Some(prev)) = (views.get(vi), vi.checked_sub(1).and_then(|i| views.get(i)))
    else {
        return Vec::new();
    };
    if !view.args.is_empty() || prev.index + 1 != view.index {
        return Vec::new();
    }
    let mut orgs: Vec<&Arg> = Vec::new();
    for a in prev
        .args
        .iter()
        .filter(|a| !a.is_person() && !a.is_civilians())
    {
        if !orgs.iter().any(|o| o.actor.id == a.actor.id) {
            orgs.push(a);
        }
    }
    match orgs.as_slice() {
        [a, b] => vec![Pending {
            subject: (*a).clone(),
            predicate,
            object: (*b).clone(),
            cue,
            rule: format!("{rule}+context"),
            presupposed: false,
        }],
        _ => Vec::new(),
    }
}

/// Opening and closing quotation marks, after folding; a straight quote opens when no
/// quotation is open.
const OPENING_QUOTES: &[&str] = &["“", "«", "„"];
const CLOSING_QUOTES: &[&str] = &["”", "»"];

/// How many sentences back a quotation's opening and its speaker are looked for.
const QUOTE_REACH: usize = 4;

/// "We remain open to dialogue when it comes to us, but we do not seek it": inside a
/// quotation, a clause whose subject is "we" or "nous" speaks for the group of whoever is
/// quoted (the actor named last before the quotation opens), and a bare relation noun's
/// other party is the organisation the quotation named last that is not the speaker's
/// own. Nothing is read when the quotation's opening or either party cannot be found in
/// the paragraph.
fn quoted_we(views: &[SentenceView<'_>], vi: usize, cue: (usize, usize)) -> Option<(Arg, Arg)> {
    let view = views.get(vi)?;
    let (cs, _) = view.clause(cue.0);
    if !(cs..cue.0).any(|t| matches!(view.word(t), "we" | "nous")) {
        return None;
    }
    // Walk back to the quotation's opening, within the paragraph.
    let mut closers = 0usize;
    let mut opening: Option<(usize, usize)> = None;
    let mut j = vi;
    'outer: for _ in 0..QUOTE_REACH {
        let v = views.get(j)?;
        let upto = if j == vi { cue.0 } else { v.tokens.len() };
        for t in (0..upto).rev() {
            let w = v.word(t);
            if CLOSING_QUOTES.contains(&w) {
                closers += 1;
            } else if OPENING_QUOTES.contains(&w) || w == "\"" {
                if closers == 0 {
                    opening = Some((j, t));
                    break 'outer;
                }
                closers -= 1;
            }
        }
        let prev = j.checked_sub(1).and_then(|p| views.get(p))?;
        if new_paragraph(prev, v) {
            break;
        }
        j -= 1;
    }
    let (oj, ot) = opening?;
    // The speaker: the last actor named before the opening.
    let before_open = views.get(oj).into_iter().flat_map(|v| {
        v.args
            .iter()
            .rev()
            .filter(move |a| a.end <= ot)
            .map(move |a| (oj, a))
    });
    let earlier = (oj.saturating_sub(2)..oj)
        .rev()
        .filter_map(|k| views.get(k).map(|v| (k, v)))
        .flat_map(|(k, v)| v.args.iter().rev().map(move |a| (k, a)));
    let (speaker_view, speaker) = before_open
        .chain(earlier)
        .find(|(_, a)| !a.is_civilians())?;
    // The speaker's own side: every actor named in the sentence that introduces them.
    let own: Vec<&str> = views
        .get(speaker_view)
        .map(|v| v.args.iter().map(|a| a.actor.id.as_str()).collect())
        .unwrap_or_default();
    let quoted = (oj..=vi).rev().filter_map(|k| views.get(k)).flat_map(|v| {
        let upto = if v.index == view.index {
            cue.0
        } else {
            usize::MAX
        };
        let from = if v.index == views.get(oj).map_or(0, |o| o.index) {
            ot
        } else {
            0
        };
        v.args
            .iter()
            .rev()
            .filter(move |a| a.start >= from && a.end <= upto)
    });
    let other = quoted
        .filter(|a| !a.is_person() && !a.is_civilians())
        .find(|a| !own.contains(&a.actor.id.as_str()) && a.actor.id != speaker.actor.id)?;
    let place = |a: &Arg| Arg {
        start: cue.0,
        end: cue.1,
        actor: a.actor.clone(),
    };
    Some((place(speaker), place(other)))
}

/// Whether a paragraph break stands between two consecutive sentence views.
fn new_paragraph(prev: &SentenceView<'_>, next: &SentenceView<'_>) -> bool {
    prev.doc_text
        .get(prev.span.end..next.span.start)
        .is_none_or(|gap| gap.contains('\n'))
}

/// "an alliance between the GSIM (…), the jihadist alliance led by Iyad Ag-Ghaly, and
/// armed groups of the north": the second side follows ", and" after an apposition of the
/// first. Returns the mention right after that "and" (past determiners), if any.
fn after_apposition(view: &SentenceView<'_>, first: usize) -> Option<usize> {
    const REACH: usize = 30;
    let a = view.args.get(first)?;
    // Past a bracketed acronym of the first side: "the Support Group … (GSIM, JNIM in
    // Arabic),".
    let mut comma = a.end;
    if view.word(comma) == "(" {
        let close =
            (comma..(comma + REACH).min(view.tokens.len())).find(|&t| view.word(t) == ")")?;
        comma = close + 1;
    }
    if view.word(comma) != "," {
        return None;
    }
    let and = (comma + 1..(comma + REACH).min(view.tokens.len()))
        .find(|&t| matches!(view.word(t), "and" | "et") && view.word(t - 1) == ",")?;
    if view.breaks_between(comma, and) {
        return None;
    }
    let mut t = and + 1;
    while t < view.tokens.len() && view.is_det(view.word(t)) {
        t += 1;
    }
    view.args
        .iter()
        .enumerate()
        .find(|(i, b)| b.start == t && *i > first && b.actor.id != a.actor.id)
        .map(|(i, _)| i)
}

/// The nearest actor before a structural cue, with the actors coordinated with it.
fn near_left(view: &SentenceView<'_>, before: usize) -> Vec<usize> {
    let asides = view.asides();
    let Some((i, a)) = view
        .args
        .iter()
        .enumerate()
        .rev()
        .find(|(_, a)| a.end <= before)
    else {
        return Vec::new();
    };
    let gap = (a.end..before)
        .filter(|&t| {
            view.tokens
                .get(t)
                .is_some_and(|k| k.kind != faultline_packs::facts::TokenKind::Punct)
                && !asides.iter().any(|&(s, e)| s <= t && t < e)
        })
        .count();
    let broken = view.breaks_between(a.end, before);
    if gap > NEAR_GAP || broken {
        return Vec::new();
    }
    // "a commander of the CSP joined JNIM": the subject is the commander, a person the text
    // does not name, not the group in his genitive.
    // An apposition ("l'influence de la katiba Macina, affiliée au JNIM") describes the
    // group whatever governs it.
    if !a.is_person() && view.word(a.end) != "," && person_noun_before(view, a.start) {
        return Vec::new();
    }
    view.extend_left(i)
}

/// Whether the mention starting at token `start` is the genitive of a common noun:
/// "a commander of the CSP", "un chef du JNIM" (but not "the rebels of the CSP", where the
/// noun is itself a mention of the group and so is not between them).
fn person_noun_before(view: &SentenceView<'_>, start: usize) -> bool {
    let mut j = start;
    while j > 0 && view.is_det(view.word(j - 1)) && !matches!(view.word(j - 1), "de" | "des") {
        j -= 1;
    }
    if j == 0 || !matches!(view.word(j - 1), "of" | "de" | "du" | "des" | "d") {
        return false;
    }
    let Some(noun) = j.checked_sub(2) else {
        return false;
    };
    !view.args.iter().any(|a| a.start <= noun && noun < a.end)
        && view.tokens.get(noun).is_some_and(|t| {
            t.kind == faultline_packs::facts::TokenKind::Word
                && view
                    .doc_text
                    .get(t.start..t.end)
                    .is_some_and(|w| w.chars().all(char::is_lowercase))
        })
}

/// The coalition a group named after "a fighter from" speaks for: of the organisations the
/// document names, the most often named one the pack counts the group a member of.
fn coalition_of(
    views: &[SentenceView<'_>],
    right: &[usize],
    actors: &ActorPack,
    date: Option<NaiveDate>,
    view: &SentenceView<'_>,
) -> Option<(Arg, Arg)> {
    let member = right.first().and_then(|&i| view.args.get(i))?;
    if member.is_person() {
        return None;
    }
    let mut counts: Vec<(&Arg, usize)> = Vec::new();
    for a in views.iter().flat_map(|v| v.args.iter()) {
        match counts.iter_mut().find(|(b, _)| b.actor.id == a.actor.id) {
            Some((_, n)) => *n += 1,
            None => counts.push((a, 1)),
        }
    }
    counts
        .iter()
        .filter(|(c, _)| super::known_member(actors, &member.actor.id, &c.actor.id, date))
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| (member.clone(), (*c).clone()))
}

/// A cue already read in the sentence, with its argument groups.
struct Done {
    left: Vec<usize>,
    right: Vec<usize>,
    /// Whether the cue opened an apposition right after its left group ("X, linked to Y").
    appositive: bool,
}

/// Whether the cue at token `cue` follows its left group with only a comma and
/// determiners between: "JNIM, linked to", "la katiba Macina, affiliée au".
fn appositive(view: &SentenceView<'_>, left: &[usize], cue: usize) -> bool {
    let Some(last) = left.last().and_then(|&i| view.args.get(i)) else {
        return false;
    };
    last.end < cue
        && cue - last.end <= 3
        && view.word(last.end) == ","
        && (last.end + 1..cue).all(|t| view.is_det(view.word(t)))
}

/// The left group of an earlier cue when this cue continues it: the nearest actor before
/// this cue is the earlier cue's right argument, and the two cues are joined by "and"/"et"
/// ("led by Iyad Ag Ghaly and affiliated with al-Qaeda") or are appositions of one actor
/// ("la katiba Macina, affiliée au JNIM, dirigée par Amadou Koufa").
fn chained_left(view: &SentenceView<'_>, done: &[Done], before: usize) -> Option<Vec<usize>> {
    let (nearest, a) = view
        .args
        .iter()
        .enumerate()
        .rev()
        .find(|(_, a)| a.end <= before)?;
    let near = before - a.end <= 6;
    let joined = near && (a.end..before).any(|t| matches!(view.word(t), "and" | "et"));
    let comma =
        near && view.word(a.end) == "," && (a.end + 1..before).all(|t| view.is_det(view.word(t)));
    if !joined && !comma {
        return None;
    }
    done.iter()
        .rev()
        .find(|d| d.right.contains(&nearest) && !d.left.is_empty() && (joined || d.appositive))
        .map(|d| d.left.clone())
}

/// "However, the CSP is not homogeneous. It brings together …": a clause whose subject is
/// "it", "il", "elle" or "the group" speaks of the first organisation of the sentence
/// before.
fn pronoun_antecedent<'v>(views: &'v [SentenceView<'_>], vi: usize, cue: usize) -> Option<&'v Arg> {
    let view = views.get(vi)?;
    let prev = views.get(vi.checked_sub(1)?)?;
    if prev.index + 1 != view.index {
        return None;
    }
    let (cs, _) = view.clause(cue);
    let subject = (cs..cue).find(|&t| {
        matches!(
            view.word(t),
            "it" | "il" | "elle" | "group" | "groupe" | "movement" | "mouvement" | "coalition"
        )
    })?;
    // The pronoun opens the clause: only a determiner or an adverb and a comma before it.
    if subject > cs + 3 || cue - subject > 4 {
        return None;
    }
    prev.args
        .iter()
        .find(|a| !a.is_person() && !a.is_civilians())
}

/// The person holding a role named without its holder before it: "the leader of the GSIM,
/// Iyad Ag Ghali" (the person right after the group).
fn role_holder(view: &SentenceView<'_>, objects: &[usize]) -> Vec<usize> {
    let Some(&last) = objects.last() else {
        return Vec::new();
    };
    let Some(obj) = view.args.get(last) else {
        return Vec::new();
    };
    match view.args.get(last + 1) {
        Some(next)
            if next.is_person()
                && next.start > obj.end
                && (obj.end..next.start).all(|t| matches!(view.word(t), "," | "-")) =>
        {
            vec![last + 1]
        }
        _ => Vec::new(),
    }
}

/// "this important leader of the CSP": a role after a demonstrative refers to the person
/// last named, in this sentence or the two before.
fn role_from_earlier(
    views: &[SentenceView<'_>],
    vi: usize,
    cue: usize,
    predicate: Predicate,
    objects: &[usize],
    span: (usize, usize),
    rule: &str,
) -> Vec<Pending> {
    let Some(view) = views.get(vi) else {
        return Vec::new();
    };
    let demonstrative = (cue.saturating_sub(3)..cue)
        .any(|t| matches!(view.word(t), "this" | "that" | "ce" | "cet" | "cette"));
    if !demonstrative {
        return Vec::new();
    }
    let before_cue = view.args.iter().rev().filter(|a| a.end <= cue);
    let earlier = (vi.saturating_sub(2)..vi)
        .rev()
        .filter_map(|i| views.get(i))
        .flat_map(|v| v.args.iter().rev());
    let Some(person) = before_cue.chain(earlier).find(|a| a.is_person()) else {
        return Vec::new();
    };
    objects
        .iter()
        .filter_map(|&o| view.args.get(o))
        .filter(|o| !o.is_person() && o.actor.id != person.actor.id)
        .map(|o| Pending {
            subject: person.clone(),
            predicate,
            object: o.clone(),
            cue: span,
            rule: format!("{rule}+demonstrative"),
            presupposed: false,
        })
        .collect()
}

/// "FAMa and its Russian auxiliaries", "les soldats maliens et leurs alliés russes": the
/// possessed allies support the actor before them.
fn possessive_allies(view: &SentenceView<'_>) -> Vec<Pending> {
    let mut out = Vec::new();
    for (bi, b) in view.args.iter().enumerate() {
        let possessive = b.start > 0
            && matches!(
                view.word(b.start - 1),
                "its" | "their" | "ses" | "leurs" | "son" | "sa" | "leur"
            );
        let ally = view
            .cues(|k| k == CueKind::Ally)
            .any(|m| m.start >= b.start && m.start <= b.end);
        if !possessive || !ally || bi == 0 {
            continue;
        }
        let Some(a) = view.args.get(bi - 1) else {
            continue;
        };
        let joined = a.end < b.start
            && (a.end..b.start - 1).all(|t| matches!(view.word(t), "," | "and" | "et"));
        if joined && a.actor.id != b.actor.id {
            out.push(Pending {
                subject: b.clone(),
                predicate: Predicate::Supports,
                object: a.clone(),
                cue: (b.start - 1, b.end),
                rule: "relation:possessive-ally".into(),
                presupposed: true,
            });
        }
    }
    out
}

/// The validity a sentence states for its relations.
struct Validity {
    since: Option<TimeValue>,
    until: Option<TimeValue>,
    /// The time mentions that state it: they bound the relation, they do not date the
    /// evidence.
    bounds: Vec<usize>,
}

/// "since 2012", "depuis avril", "until March".
fn validity(view: &SentenceView<'_>, times: &[TimeMention]) -> Validity {
    let mut bounds = Vec::new();
    let after = |kind: CueKind| {
        view.cues(|k| k == kind).find_map(|m| {
            view.times.iter().copied().find(|&i| {
                times.get(i).is_some_and(|t| {
                    let tok = view.token_at_byte(t.start);
                    t.time.is_some() && tok >= m.end && tok <= m.end + 2
                })
            })
        })
    };
    let since = after(CueKind::Since);
    let until = after(CueKind::Until);
    bounds.extend(since);
    bounds.extend(until);
    let value = |i: Option<usize>| i.and_then(|i| times.get(i)).and_then(|t| t.time);
    Validity {
        since: value(since),
        until: value(until),
        bounds,
    }
}

/// The date the sentence gives its evidence: the nearest dating mention that is not a
/// validity bound.
fn observed(
    view: &SentenceView<'_>,
    cue: usize,
    times: &[TimeMention],
    bounds: &[usize],
) -> Option<TimeValue> {
    view.times
        .iter()
        .filter(|i| !bounds.contains(i))
        .filter_map(|&i| times.get(i))
        .filter_map(|t| t.event_date().map(|v| (t, v)))
        .min_by_key(|(t, _)| view.token_at_byte(t.start).abs_diff(cue))
        .map(|(_, v)| v)
}

/// A person who leads, speaks for or belongs to one group acts for it in clausal relations
/// (talks, pacts, alliances, hostility): the group replaces the person, preferring the
/// group named in the same sentence.
fn lift_people(found: &mut [Found], views: &[SentenceView<'_>]) {
    let mut roles: HashMap<String, Vec<(FactActor, Predicate)>> = HashMap::new();
    for f in found.iter() {
        if matches!(
            f.predicate,
            Predicate::LeaderOf | Predicate::SpokespersonOf | Predicate::MemberOf
        ) && f.subject.is_person()
            && !f.object.is_person()
            && f.polarity == Polarity::Positive
        {
            let list = roles.entry(f.subject.actor.id.clone()).or_default();
            if !list.iter().any(|(a, _)| a.id == f.object.actor.id) {
                list.push((f.object.actor.clone(), f.predicate));
            }
        }
    }
    for f in found.iter_mut() {
        if structural(f.predicate) {
            continue;
        }
        let in_sentence = |id: &str| {
            views
                .iter()
                .find(|v| v.index == f.sentence)
                .is_some_and(|v| v.args.iter().any(|a| a.actor.id == id))
        };
        for side in [true, false] {
            let arg = if side { &f.subject } else { &f.object };
            if !arg.is_person() {
                continue;
            }
            let Some(groups) = roles.get(&arg.actor.id) else {
                continue;
            };
            let chosen = groups
                .iter()
                .find(|(g, _)| in_sentence(&g.id))
                .or_else(|| (groups.len() == 1).then(|| groups.first()).flatten());
            let Some((group, via)) = chosen else {
                continue;
            };
            let other = if side { &f.object } else { &f.subject };
            if other.actor.id == group.id {
                continue;
            }
            let target = if side { &mut f.subject } else { &mut f.object };
            target.actor = group.clone();
            f.evidence.rule = format!("{}+via:{}", f.evidence.rule, via.as_str());
        }
    }
}

/// Relations events imply: hostility between the two sides of a battle or a strike, and
/// support from the actors associated with the initiator.
fn event_relations(events: &[Event]) -> Vec<Relation> {
    let mut out = Vec::new();
    for e in events {
        // A planned, possible or denied event establishes nothing.
        if e.modality != Modality::Asserted || e.polarity != Polarity::Positive {
            continue;
        }
        let violent = matches!(
            e.event_type(),
            EventType::Battles | EventType::ExplosionsRemoteViolence
        );
        if !violent {
            continue;
        }
        let relation = |subject: &FactActor, predicate: Predicate, object: &FactActor| Relation {
            subject: subject.clone(),
            predicate,
            object: object.clone(),
            modality: e.modality,
            polarity: e.polarity,
            attribution: e.attribution.clone(),
            when: e.date.clone(),
            since: None,
            until: None,
            evidence: Evidence {
                rule: format!("relation:event:{}", sub_slug(e.sub_event_type)),
                ..e.evidence.clone()
            },
        };
        let Some(a1) = &e.actor1 else {
            continue;
        };
        let organised = |a: &FactActor| !matches!(a.kind.as_deref(), Some("civilians" | "person"));
        if let Some(a2) = &e.actor2
            && organised(a1)
            && organised(a2)
            && a1.id != a2.id
        {
            out.push(relation(a1, Predicate::HostileTo, a2));
        }
        for a in e
            .assoc_actors
            .iter()
            .filter(|a| organised(a) && a.id != a1.id)
        {
            out.push(relation(a, Predicate::Supports, a1));
        }
    }
    out
}

fn sub_slug(s: SubEventType) -> String {
    s.as_str().to_lowercase().replace([' ', '/'], "_")
}

/// The rule suffix of a relation read from a cue that names its two actors in no
/// meaningful order.
const UNDIRECTED: &str = "+undirected";

/// One relation per (subject, predicate, object, modality, polarity); symmetric
/// predicates count either order once. The first evidence is kept, except that hostility
/// read in no order ("fighting between the CSP and JNIM") takes the direction of an event
/// that names its initiator ("the CSP rebels were ambushed by JNIM").
fn dedupe(relations: Vec<Relation>) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    for r in relations {
        let dup = out.iter_mut().find(|o| {
            let same_pair = (o.subject.id == r.subject.id && o.object.id == r.object.id)
                || (r.predicate.is_symmetric()
                    && o.subject.id == r.object.id
                    && o.object.id == r.subject.id);
            same_pair
                && o.predicate == r.predicate
                && o.modality == r.modality
                && o.polarity == r.polarity
        });
        match dup {
            Some(o)
                if o.subject.id != r.subject.id
                    && o.evidence.rule.ends_with(UNDIRECTED)
                    && !r.evidence.rule.ends_with(UNDIRECTED) =>
            {
                *o = r;
            }
            Some(_) => {}
            None => out.push(r),
        }
    }
    out
}

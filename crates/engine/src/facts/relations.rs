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
//! when the document names his group. Modality, polarity and attribution come from the
//! cue's clause and sentence; `when` is the sentence's date, else the document's.

use std::collections::HashMap;

use faultline_model::Document;
use faultline_model::actor::Mention;
use faultline_model::fact::{
    Attribution, Event, EventType, Evidence, FactActor, FactDate, Modality, Polarity, Predicate,
    Relation, SubEventType,
};
use faultline_model::time::{Published, TimeMention, TimeValue};
use faultline_packs::facts::{CueKind, FactKind, FactLexicon, Order};

use super::{Arg, SentenceView, attribution, fact_date, modality};

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
    lexicon: &FactLexicon,
) -> Vec<Relation> {
    let views = SentenceView::all(doc, mentions, times, &[], lexicon);
    let mut found: Vec<Found> = Vec::new();
    for (vi, view) in views.iter().enumerate() {
        let attribution = attribution::attribution(view);
        for f in cue_relations(&views, vi) {
            found.push(f.with(view, attribution.clone(), times, published));
        }
        for f in possessive_allies(view) {
            found.push(f.with(view, attribution.clone(), times, published));
        }
    }
    lift_people(&mut found, &views);
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
        let (modality, polarity) = modality::stance(view, self.cue.0, reach, times);
        let ((since, until), bounds) = validity(view, times);
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
fn cue_relations(views: &[SentenceView<'_>], vi: usize) -> Vec<Pending> {
    let Some(view) = views.get(vi) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Each cue's (left group, right group), for chains: "JNIM, led by Iyad Ag Ghaly and
    // affiliated with al-Qaeda" — the second cue describes JNIM too.
    let mut done: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
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
        if order == Order::Between {
            let group = view.right_group(m.end, 2);
            for pair in group.windows(2) {
                if let [a, b] = pair {
                    push(&mut out, view, *a, predicate, *b, cue, &rule);
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
        let left = chained_left(view, &done, m.start).unwrap_or_else(|| {
            if structural(predicate) {
                near_left(view, m.start)
            } else {
                view.left_group(m.start, CLAUSE_GAP)
            }
        });
        done.push((left.clone(), right.clone()));
        let (mut subjects, objects) = match order {
            Order::Forward => (left, right.clone()),
            _ => (right.clone(), left),
        };
        if predicate.is_role() {
            subjects.retain(|&i| view.args.get(i).is_some_and(Arg::is_person));
            if subjects.is_empty() && order == Order::Forward {
                subjects = role_holder(views, vi, m.start, &right);
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
        // The holder found in another sentence is not in this view's args.
        if predicate.is_role() && subjects.is_empty() && order == Order::Forward {
            out.extend(role_from_earlier(views, vi, m.start, predicate, &objects, cue, &rule));
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
    let (Some(view), Some(prev)) = (views.get(vi), vi.checked_sub(1).and_then(|i| views.get(i)))
    else {
        return Vec::new();
    };
    if !view.args.is_empty() || prev.index + 1 != view.index {
        return Vec::new();
    }
    let mut orgs: Vec<&Arg> = Vec::new();
    for a in prev.args.iter().filter(|a| !a.is_person() && !a.is_civilians()) {
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
        }],
        _ => Vec::new(),
    }
}

/// The nearest actor before a structural cue, with the actors coordinated with it.
fn near_left(view: &SentenceView<'_>, before: usize) -> Vec<usize> {
    let asides = view.asides();
    let Some((i, a)) = view.args.iter().enumerate().rev().find(|(_, a)| a.end <= before) else {
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
    view.extend_left(i)
}

/// The left group of an earlier cue when this cue continues it after "and"/"et": the
/// nearest actor before this cue is the earlier cue's right argument.
fn chained_left(
    view: &SentenceView<'_>,
    done: &[(Vec<usize>, Vec<usize>)],
    before: usize,
) -> Option<Vec<usize>> {
    let (nearest, a) = view
        .args
        .iter()
        .enumerate()
        .rev()
        .find(|(_, a)| a.end <= before)?;
    let joined = (a.end..before).any(|t| matches!(view.word(t), "and" | "et"))
        && before - a.end <= 6;
    if !joined {
        return None;
    }
    done.iter()
        .rev()
        .find(|(left, right)| right.contains(&nearest) && !left.is_empty())
        .map(|(left, _)| left.clone())
}

/// The person holding a role named without its holder before it: "the leader of the GSIM,
/// Iyad Ag Ghali" (the person right after the group).
fn role_holder(
    views: &[SentenceView<'_>],
    vi: usize,
    _cue: usize,
    objects: &[usize],
) -> Vec<usize> {
    let Some(view) = views.get(vi) else {
        return Vec::new();
    };
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
            });
        }
    }
    out
}

/// "since 2012", "depuis avril", "until March": the validity the sentence states, and the
/// time mentions that state it (they bound the relation, they do not date the evidence).
#[allow(clippy::type_complexity)]
fn validity(
    view: &SentenceView<'_>,
    times: &[TimeMention],
) -> ((Option<TimeValue>, Option<TimeValue>), Vec<usize>) {
    let mut used = Vec::new();
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
    used.extend(since);
    used.extend(until);
    let value = |i: Option<usize>| i.and_then(|i| times.get(i)).and_then(|t| t.time);
    ((value(since), value(until)), used)
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
        for a in e.assoc_actors.iter().filter(|a| organised(a) && a.id != a1.id) {
            out.push(relation(a, Predicate::Supports, a1));
        }
    }
    out
}

fn sub_slug(s: SubEventType) -> String {
    s.as_str().to_lowercase().replace([' ', '/'], "_")
}

/// One relation per (subject, predicate, object, modality, polarity); symmetric
/// predicates count either order once. The first evidence is kept.
fn dedupe(relations: Vec<Relation>) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    for r in relations {
        let dup = out.iter().any(|o| {
            let same_pair = (o.subject.id == r.subject.id && o.object.id == r.object.id)
                || (r.predicate.is_symmetric()
                    && o.subject.id == r.object.id
                    && o.object.id == r.subject.id);
            same_pair
                && o.predicate == r.predicate
                && o.modality == r.modality
                && o.polarity == r.polarity
        });
        if !dup {
            out.push(r);
        }
    }
    out
}

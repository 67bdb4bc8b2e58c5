//! The event stage: ACLED-coded events from trigger words, their participants and context.
//!
//! A trigger's class becomes a sub-event type once its participants are known: an attack
//! or a killing aimed at civilians is violence against civilians, one between armed actors
//! an armed clash (an ambush included); a capture of a place is "Government regains
//! territory" when state forces take it and "Non-state actor overtakes territory" otherwise.
//! actor1 is the initiator (the subject, or the agent of a passive: "were ambushed by
//! JNIM"), actor2 the target, associated actors those "accompanied by" actor1 or
//! coordinated with it. Counts over a stretch of time ("has killed several hundred civilians
//! over the past year") are aggregates, not events. Planned, threatened, speculative and
//! denied events are kept with their modality and polarity. Within one document, reports
//! of one event merge into one (one takeover is one event), and a definite reference ("the
//! fighting last April", "ces combats") adds to the event it refers back to.
//!
//! Victims are targets: the subject of a passive ("soldiers were killed", "ont été tués"),
//! of a verb of undergoing ("repelled an attack", "a subi une attaque") or of a verb whose
//! attack noun is only an adjunct ("killed in an attack") is actor2. The attacker is then
//! the agent, the claimant ("claimed by JNIM", in the sentence or the next, which also
//! becomes the attribution), or, as ACLED codes it, the Unidentified Armed Group of the
//! event's country. Nothing is invented: an event needs an actor or a place, a strategic
//! development needs a date of its own, and a date or count the text does not give stays
//! empty.

use faultline_model::Document;
use faultline_model::actor::ActorKind;
use faultline_model::actor::Mention;
use faultline_model::fact::Attribution;
use faultline_model::fact::{
    DateSource, Event, EventLocation, EventType, FactActor, FactDate, Modality, Polarity,
    SubEventType,
};
use faultline_model::place::PlaceMention;
use faultline_model::time::{Direction, Published, TimeMention, TimeRole, TimeValue};
use faultline_packs::Packs;
use faultline_packs::actors::ActorPack;
use faultline_packs::facts::{CueKind, EventClass, FactKind};

use super::numbers::{Count, fatalities};
use super::{Arg, SentenceTokens, SentenceView, attribution, document_date, modality};

/// How far left of a trigger its initiator may stand, in content words.
const LEFT_GAP: usize = 12;
/// How far right of a trigger its target may stand, in content words.
const RIGHT_GAP: usize = 4;

/// Find the events one document reports.
pub fn extract_events(
    doc: &Document,
    mentions: &[Mention],
    times: &[TimeMention],
    places: &[PlaceMention],
    published: &Published,
    packs: &Packs,
) -> Vec<Event> {
    let tokens = SentenceTokens::new(doc);
    let views = SentenceView::all(doc, &tokens, mentions, times, places, &packs.facts);
    events_in(doc, &views, times, places, published, packs)
}

/// The events of a document whose sentence views are already built.
pub(crate) fn events_in(
    doc: &Document,
    views: &[SentenceView<'_>],
    times: &[TimeMention],
    places: &[PlaceMention],
    published: &Published,
    packs: &Packs,
) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let mut last_violent: Option<(usize, usize)> = None;
    for (vi, view) in views.iter().enumerate() {
        let mut found = sentence_events(doc, view, times, places, published);
        // "Soldiers were killed in an attack … The attack was claimed by JNIM": the
        // claimant of an attack whose attacker the sentence does not name.
        // A claim by the attacker itself ("le FLA a revendiqué une embuscade …, affirmant
        // avoir tué une vingtaine de soldats") is where the event and its count come from.
        let next = views.get(vi + 1).filter(|n| n.index == view.index + 1);
        for (e, _) in found
            .iter_mut()
            .filter(|(e, _)| is_violent(e.sub_event_type) && e.modality == Modality::Asserted)
        {
            let here = claimant(view);
            let claim = match &e.actor1 {
                None => here.or_else(|| next.and_then(claimant)),
                Some(a) => here.filter(|(c, _)| c.id == a.id),
            };
            let Some((actor, attribution)) = claim else {
                continue;
            };
            if e.actor2.as_ref().is_some_and(|a| a.id == actor.id) {
                continue;
            }
            if e.actor1.is_none() {
                e.actor1 = Some(actor);
                e.evidence.rule.push_str("+claim");
            }
            e.attribution = Some(attribution);
        }
        if found.is_empty() {
            // "The fighting had caused deaths on both sides – twenty on each side": a
            // sentence that only counts the dead of the event just reported.
            // "5 soldiers were killed." after an ACLED-style note names no actor of its own.
            if let Some((sentence, idx)) = last_violent
                && sentence + 1 == view.index
                && (refers_back(view) || view.args.is_empty())
                && let Some(count) = fatalities(view)
                && let Some(e) = events.get_mut(idx)
                && e.fatalities.is_none()
                && count.value.is_some()
            {
                set_count(e, count);
            }
            continue;
        }
        for (e, anaphor) in found {
            // "the fighting last April", "ces combats": a definite reference to an event
            // the document has already reported adds to it rather than making a second.
            if anaphor
                && let Some(o) = events
                    .iter_mut()
                    .rev()
                    .find(|o| refers_to(o, &e, &packs.actors, published))
            {
                absorb(o, e);
                continue;
            }
            if is_violent(e.sub_event_type) && e.modality == Modality::Asserted {
                last_violent = Some((view.index, events.len()));
            }
            events.push(e);
        }
    }
    let mut events = merge(events);
    for e in &mut events {
        unidentified_attacker(e, packs);
    }
    events
}

/// Whether the trigger at `start` follows a definite determiner or a demonstrative: "the
/// fighting", "these clashes", "les combats", "ces affrontements".
fn definite(view: &SentenceView<'_>, start: usize) -> bool {
    let prev = start.checked_sub(1).map_or("", |i| view.word(i));
    matches!(
        prev,
        "the"
            | "these"
            | "those"
            | "this"
            | "that"
            | "les"
            | "ces"
            | "ce"
            | "cet"
            | "cette"
            | "le"
            | "la"
            | "l"
    )
}

/// Whether `anaphor`, a definite reference, can be the earlier event `o`: the same kind of
/// event and stance, dates that overlap (or no date of its own), and actors that are `o`'s
/// or, by the actor pack at the document's date, members of them (the MNLA's losses "during
/// the fighting" are the CSP's). An anaphor that names actors foreign to `o` is a new event.
fn refers_to(o: &Event, anaphor: &Event, actors: &ActorPack, published: &Published) -> bool {
    if o.sub_event_type != anaphor.sub_event_type
        || o.modality != anaphor.modality
        || o.polarity != anaphor.polarity
    {
        return false;
    }
    let dates = anaphor.date.source != DateSource::Text
        || match (o.date.range, anaphor.date.range) {
            (Some(x), Some(y)) => x.from <= y.to && y.from <= x.to,
            _ => true,
        };
    let date = published.time.map(|t| t.start);
    let sides: Vec<&str> = [&o.actor1, &o.actor2]
        .into_iter()
        .flatten()
        .map(|a| a.id.as_str())
        .chain(o.assoc_actors.iter().map(|a| a.id.as_str()))
        .collect();
    let fits = |a: &FactActor| {
        sides
            .iter()
            .any(|s| *s == a.id || super::known_member(actors, &a.id, s, date))
    };
    let actors_fit = [&anaphor.actor1, &anaphor.actor2]
        .into_iter()
        .flatten()
        .filter(|a| !a.id.starts_with("uag_"))
        .all(fits);
    dates && actors_fit
}

/// The claimant named in a sentence: "revendiquée par le GSIM", "claimed by JNIM" (the
/// actor after the cue), "JNIM claimed responsibility", "le GSIM a revendiqué l'attaque"
/// (the actor before it), with the claim's words as the attribution.
fn claimant(view: &SentenceView<'_>) -> Option<(FactActor, Attribution)> {
    view.cues(|k| k == CueKind::Claim).find_map(|m| {
        let passive = matches!(view.word(m.end.saturating_sub(1)), "by" | "par");
        let group = if passive {
            view.right_group(m.end, RIGHT_GAP)
        } else {
            view.left_group(m.start, 6)
        };
        let arg = group.first().and_then(|&i| view.args.get(i))?;
        if arg.is_civilians() || arg.is_person() {
            return None;
        }
        let words =
            |s: usize, e: usize| match (view.tokens.get(s), view.tokens.get(e.saturating_sub(1))) {
                (Some(a), Some(b)) => view.doc_text.get(a.start..b.end).unwrap_or("").trim(),
                _ => "",
            };
        // The claim's own words when they run together ("revendiquée par le GSIM");
        // otherwise the claimant and the verb, which an apposition may separate.
        let text = if passive {
            words(m.start, arg.end).to_string()
        } else if m.start.saturating_sub(arg.end) <= 2 {
            words(arg.start, m.end).to_string()
        } else {
            format!("{} … {}", words(arg.start, arg.end), words(m.start, m.end))
        };
        Some((
            arg.actor.clone(),
            Attribution {
                text,
                actor: Some(arg.actor.clone()),
            },
        ))
    })
}

/// ACLED codes a violent event whose attacker the report does not name as carried out by
/// the "Unidentified Armed Group" of the event's country; a named target alone ("soldiers
/// were killed") does not make the target the attacker.
fn unidentified_attacker(e: &mut Event, packs: &Packs) {
    let violent = matches!(
        e.sub_event_type.event_type(),
        EventType::Battles
            | EventType::ExplosionsRemoteViolence
            | EventType::ViolenceAgainstCivilians
    );
    if e.actor1.is_some() || !violent || e.modality != Modality::Asserted {
        return;
    }
    let Some(code) = e.location.as_ref().map(|l| l.country.as_str()) else {
        return;
    };
    let Some(country) = packs.gazetteer.country(code) else {
        return;
    };
    let Some(actor) = packs
        .actors
        .actors()
        .find(|a| a.kind == ActorKind::Unidentified && a.countries.contains(&country.name))
    else {
        return;
    };
    e.actor1 = Some(FactActor {
        id: actor.id.clone(),
        name: actor.name.clone(),
        kind: Some(actor.kind.as_str().to_string()),
    });
    e.evidence.rule.push_str("+unidentified");
}

/// A participant group as fact actors, without repeats.
fn actors_of(view: &SentenceView<'_>, group: &[usize]) -> Vec<FactActor> {
    let mut out: Vec<FactActor> = Vec::new();
    for a in group.iter().filter_map(|&i| view.args.get(i)) {
        if !out.iter().any(|o| o.id == a.actor.id) {
            out.push(a.actor.clone());
        }
    }
    out
}

/// Initiators, targets and associated actors of the trigger at tokens `[start, end)`.
struct Participants {
    actor1: Vec<usize>,
    actor2: Vec<usize>,
    assoc: Vec<usize>,
}

fn participants(view: &SentenceView<'_>, start: usize, end: usize) -> Participants {
    // "ambushed by JNIM", and "claimed by JNIM" after an attack noun.
    let agent_after = |from: usize, within: usize| {
        view.cues(|k| k == CueKind::Agent || k == CueKind::Claim)
            .filter(|m| {
                m.kind() != FactKind::Cue(CueKind::Claim)
                    || matches!(view.word(m.end.saturating_sub(1)), "by" | "par")
            })
            .find(|m| m.start >= from && m.start <= from + within)
            .map(|m| m.end)
    };
    // "the army repelled an attack", "l'armée a subi une attaque": the subject undergoes it.
    let undergone = view
        .cues(|k| k == CueKind::Undergo)
        .find(|m| m.end <= start && start - m.end <= 3 && !view.breaks_between(m.end, start))
        .map(|m| m.start);
    // "fighting between the army and JNIM", "des affrontements ont éclaté le 20 juin entre
    // le JNIM et l'EIGS": both sides follow "between", right after the trigger or before
    // any actor.
    let first_after = view.args.iter().find(|a| a.start >= end).map(|a| a.start);
    let (_, clause_end) = view.clause(start);
    let limit = (end + 7)
        .min(first_after.unwrap_or(usize::MAX))
        .min(clause_end);
    let sides = (end..limit)
        .find(|&t| matches!(view.word(t), "between" | "entre"))
        .map(|t| view.right_group(t + 1, 2))
        .filter(|group| !group.is_empty());
    let between = sides.is_some();
    let mut p = if let Some(group) = sides {
        // "fighting between the army and JNIM": both sides follow.
        Participants {
            actor1: group.first().copied().into_iter().collect(),
            actor2: group.get(1).copied().into_iter().collect(),
            assoc: Vec::new(),
        }
    } else if let Some(after_by) = agent_after(end, 1) {
        // Passive: "were ambushed by JNIM", "attaqués par des hommes armés".
        Participants {
            actor1: view.right_group(after_by, RIGHT_GAP),
            actor2: view.left_group(start, LEFT_GAP),
            assoc: Vec::new(),
        }
    } else if let Some(after_by) = agent_after(end, 10) {
        // Nominal: "the capture of Kidal by Malian soldiers", "air attacks by the air force".
        Participants {
            actor1: view.right_group(after_by, RIGHT_GAP),
            actor2: Vec::new(),
            assoc: Vec::new(),
        }
    } else if let Some(cue) = undergone {
        Participants {
            actor1: Vec::new(),
            actor2: view.left_group(cue, LEFT_GAP),
            assoc: Vec::new(),
        }
    } else if is_passive(view, start) || in_adjunct(view, start) {
        // "Dozens of soldiers were killed", "des civils ont été tués": the subject is the
        // victim; the attacker, when named, is found elsewhere (a claim, an agent).
        Participants {
            actor1: Vec::new(),
            actor2: view.left_group(start, LEFT_GAP),
            assoc: Vec::new(),
        }
    } else {
        Participants {
            actor1: view.left_group(start, LEFT_GAP),
            actor2: view.right_group(end, RIGHT_GAP),
            assoc: Vec::new(),
        }
    };
    // "clashes pitted the army against JNIM", "les affrontements ont opposé les FAMa au
    // JNIM": with no side before a clash, the two actors after it are its sides.
    if p.actor1.is_empty() && !between {
        let after: Vec<usize> = p.actor2.clone();
        if let Some(&first) = after.first()
            && let Some(a) = view.args.get(first)
            && let Some(next) = view.args.get(first + 1)
            && next.start >= a.end
            && next.start - a.end <= 3
            && (a.end..next.start).any(|t| {
                matches!(
                    view.word(t),
                    "against" | "with" | "and" | "au" | "aux" | "a" | "contre" | "et"
                )
            })
            && view
                .matches
                .iter()
                .any(|m| m.start == start && m.kind() == FactKind::Event(EventClass::Clash))
        {
            p.actor1 = vec![first];
            p.actor2 = vec![first + 1];
        }
    }
    // "JNIM and the Islamic State clashed": a clash's coordinated subjects are its sides.
    let mutual = view
        .matches
        .iter()
        .any(|m| m.start == start && m.kind() == FactKind::Event(EventClass::Clash));
    if mutual && p.actor2.is_empty() && p.actor1.len() >= 2 {
        p.actor2 = p.actor1.split_off(1);
        p.actor2.truncate(1);
    }
    // "fought alongside the CSP": the actors after are partners, not targets.
    if let Some(m) = view.cue_at(end, |k| k == CueKind::Accompanied) {
        p.actor2.clear();
        p.assoc.extend(view.right_group(m.end, 2));
    }
    // The actors coordinated with the initiator, and those "accompanied by" it.
    if p.actor1.len() > 1 {
        p.assoc = p.actor1.split_off(1);
    }
    let (cs, ce) = view.clause(start);
    for m in view.cues(|k| k == CueKind::Accompanied) {
        if m.start >= cs && m.start < ce && m.start < end + 8 {
            p.assoc.extend(view.right_group(m.end, 2));
        }
    }
    p
}

/// Prepositions that make an attack noun an adjunct of another verb: "killed in an
/// attack", "tués dans une attaque", "lors d'une embuscade".
const ADJUNCT: &[&str] = &["in", "during", "dans", "lors", "pendant", "durant"];

/// Whether the trigger at `start` is a noun inside an adjunct ("were killed in an attack
/// on the camp"): the subject of the sentence's verb did not carry it out.
fn in_adjunct(view: &SentenceView<'_>, start: usize) -> bool {
    let mut j = start;
    let mut det = false;
    while let Some(prev) = j.checked_sub(1) {
        let w = view.word(prev);
        if view.is_det(w) || matches!(w, "d" | "de" | "'") {
            det = true;
            j = prev;
            continue;
        }
        return det && ADJUNCT.contains(&w);
    }
    false
}

/// English and French auxiliaries of the passive voice.
const PASSIVE_EN: &[&str] = &[
    "was", "were", "been", "being", "be", "is", "are", "get", "got",
];
/// French "être" forms; "est"/"sont" also make the compound past of verbs of motion
/// ("l'armée est entrée"), so they count only before a trigger that is not a capture.
const PASSIVE_FR: &[&str] = &["ete", "etre"];
const ETRE: &[&str] = &["est", "sont", "fut", "furent", "sera", "seront"];

/// Whether the trigger at token `start` is a passive participle without its agent right
/// after it: "were killed", "ont été tués", "were reportedly killed".
fn is_passive(view: &SentenceView<'_>, start: usize) -> bool {
    if view.word(start).ends_with("ing") {
        return false;
    }
    let capture = view
        .matches
        .iter()
        .any(|m| m.start == start && m.kind() == FactKind::Event(EventClass::Capture));
    let mut j = start;
    for _ in 0..3 {
        let Some(prev) = j.checked_sub(1) else {
            return false;
        };
        j = prev;
        let w = view.word(j);
        if PASSIVE_EN.contains(&w) && view.lang != faultline_model::Lang::Fr {
            return true;
        }
        if PASSIVE_FR.contains(&w) || (ETRE.contains(&w) && !capture) {
            return view.lang != faultline_model::Lang::En;
        }
        // "were reportedly killed", "ont été sauvagement tués".
        if !(w.ends_with("ly") || w.ends_with("ment")) {
            return false;
        }
    }
    false
}

/// Whether a sentence refers back to the previous one's event ("The fighting had caused
/// deaths"): a violent trigger after a determiner.
fn refers_back(view: &SentenceView<'_>) -> bool {
    view.matches.iter().any(|m| {
        matches!(m.kind(), FactKind::Event(_)) && m.start > 0 && view.is_det(view.word(m.start - 1))
    })
}

fn sentence_events(
    doc: &Document,
    view: &SentenceView<'_>,
    times: &[TimeMention],
    places: &[PlaceMention],
    published: &Published,
) -> Vec<(Event, bool)> {
    // "has killed several hundred civilians over the past year": a count over a stretch of
    // time. A sentence that dates its event ("on 11 March, after two days of fighting") is
    // about that event.
    let in_sentence = || view.times.iter().filter_map(|&i| times.get(i));
    let dated = in_sentence().any(|t| t.event_date().is_some());
    let aggregate = !dated
        && (view.cues(|k| k == CueKind::Aggregate).next().is_some()
            || in_sentence().any(|t| t.role == TimeRole::Duration));
    let mut candidates: Vec<(usize, Candidate)> = Vec::new();
    for m in &view.matches {
        let FactKind::Event(class) = m.kind() else {
            continue;
        };
        // "are fighting", "continue de combattre": an ongoing state, not one event. An
        // English auxiliary makes a state only with a progressive ("have been killed" is
        // an event).
        let progressive = view.word(m.start).ends_with("ing");
        let ongoing = view.cues(|k| k == CueKind::Ongoing).any(|c| {
            c.end <= m.start
                && m.start - c.end <= 1
                && (c.word.lang != Some(faultline_model::Lang::En) || progressive)
        });
        if ongoing {
            continue;
        }
        let p = participants(view, m.start, m.end);
        let Some(c) = classify(view, class, m.start, m.end, &p, places) else {
            continue;
        };
        if aggregate && is_violent(c.sub) {
            continue;
        }
        let (modality, polarity) = modality::stance(view, m.start, m.end, times);
        let rank = rank(c.sub);
        candidates.push((
            rank,
            Candidate {
                modality,
                polarity,
                trigger: (m.start, m.end),
                rule: format!("event:{}:{}", class.as_str(), m.word.phrase),
                ..c
            },
        ));
    }
    // One event per stance: the most specific trigger wins ("ambushed … killing three"
    // is one clash, not a clash and an attack).
    candidates.sort_by_key(|(rank, c)| {
        (
            c.modality,
            c.polarity,
            *rank,
            c.actor1.is_none(),
            c.trigger.0,
        )
    });
    // Clauses joined by "while", "but" or "tandis que" report events of their own ("the
    // army repelled an attack on Djibo, while the Malian army was fighting near Gao").
    // A clause with other participants is another happening; one without is the same one
    // told twice ("three civilians were killed when a bus hit an IED").
    let mut out: Vec<(Event, bool)> = Vec::new();
    let mut taken: Vec<Taken> = Vec::new();
    for (_, c) in candidates {
        let ids: Vec<String> = [&c.actor1, &c.actor2]
            .into_iter()
            .flatten()
            .map(|a| a.id.clone())
            .collect();
        let clause = view.clause(c.trigger.0);
        let same = taken.iter().any(|(m, p, cl, other)| {
            *m == c.modality
                && *p == c.polarity
                && (*cl == clause
                    || ids.is_empty()
                    || other.is_empty()
                    || ids.iter().any(|i| other.contains(i)))
        });
        if same {
            continue;
        }
        if let Some(e) = build(doc, view, c.clone(), times, places, published) {
            taken.push((c.modality, c.polarity, clause, ids));
            out.push((e, definite(view, c.trigger.0)));
        }
    }
    out
}

/// An event kept from a sentence: its stance, its clause and its actors' ids.
type Taken = (Modality, Polarity, (usize, usize), Vec<String>);

/// A typed trigger before it becomes an event.
#[derive(Clone)]
struct Candidate {
    sub: SubEventType,
    actor1: Option<FactActor>,
    actor2: Option<FactActor>,
    assoc: Vec<FactActor>,
    /// Whether the place is named next to the trigger ("captured Kidal", "the town").
    territory: bool,
    modality: Modality,
    polarity: Polarity,
    trigger: (usize, usize),
    rule: String,
}

fn civilians() -> FactActor {
    FactActor {
        id: "civilians".into(),
        name: "Civilians".into(),
        kind: Some("civilians".into()),
    }
}

fn classify(
    view: &SentenceView<'_>,
    class: EventClass,
    start: usize,
    end: usize,
    p: &Participants,
    places: &[PlaceMention],
) -> Option<Candidate> {
    let arg = |group: &[usize]| -> Option<&Arg> { group.first().and_then(|&i| view.args.get(i)) };
    let mut a1 = arg(&p.actor1);
    let mut a2 = arg(&p.actor2);
    // "une frappe de drone de l'armée", "un kamikaze de l'État islamique": the genitive of a
    // remote weapon names who used it.
    let remote = matches!(
        class,
        EventClass::AirStrike
            | EventClass::Shelling
            | EventClass::Explosive
            | EventClass::Suicide
            | EventClass::Grenade
            | EventClass::Chemical
    );
    if remote && a1.is_none() && a2.is_some_and(|a| a.start > end && genitive_before(view, a.start))
    {
        a1 = a2.take();
    }
    if a2.is_some_and(|a| a1.is_some_and(|b| a.actor.id == b.actor.id)) {
        a2 = None;
    }
    let civilian_words = view
        .cues(|k| k == CueKind::Civilians)
        .any(|m| m.start >= start.saturating_sub(3));
    let civilian_target = a2.is_some_and(Arg::is_civilians) || (a2.is_none() && civilian_words);
    let (cs, ce) = view.clause(start);
    let armed_words = view
        .cues(|k| k == CueKind::Forces)
        .any(|m| m.start >= cs && m.end <= ce && m.start.abs_diff(start) <= 8);
    let armed_target =
        a2.is_some_and(|a| !a.is_civilians() && !a.is_person()) || (a2.is_none() && armed_words);
    let place_after = view.places.iter().filter_map(|&i| places.get(i)).any(|pl| {
        let t = view.token_at_byte(pl.start);
        t >= end && t <= end + 8
    });
    let territory_word = view
        .cues(|k| k == CueKind::Territory)
        .any(|m| m.start >= end && m.start <= end + 6);
    use SubEventType as S;
    let sub = match class {
        EventClass::Clash => S::ArmedClash,
        EventClass::Attack if civilian_target => S::Attack,
        EventClass::Attack => S::ArmedClash,
        EventClass::Kill if civilian_target => S::Attack,
        EventClass::Kill if armed_target => S::ArmedClash,
        EventClass::Kill => return None,
        EventClass::Capture if place_after || territory_word => {
            if a1?.is_state() {
                S::GovernmentRegainsTerritory
            } else {
                S::NonStateActorOvertakesTerritory
            }
        }
        EventClass::Capture if a2.is_some_and(|a| a.is_person() || a.is_civilians()) => {
            S::AbductionForcedDisappearance
        }
        EventClass::Capture => return None,
        EventClass::AirStrike => S::AirDroneStrike,
        EventClass::Shelling => S::ShellingArtilleryMissileAttack,
        EventClass::Explosive => S::RemoteExplosiveLandmineIed,
        EventClass::Suicide => S::SuicideBomb,
        EventClass::Grenade => S::Grenade,
        EventClass::Chemical => S::ChemicalWeapon,
        EventClass::Sexual => S::SexualViolence,
        EventClass::Abduction => S::AbductionForcedDisappearance,
        EventClass::Protest => S::PeacefulProtest,
        EventClass::Riot if matches!(view.word(start), "mob" | "lynched" | "lynching") => {
            S::MobViolence
        }
        EventClass::Riot if view.word(start).starts_with("lynch") => S::MobViolence,
        EventClass::Riot => S::ViolentDemonstration,
        EventClass::Agreement => S::Agreement,
        EventClass::Arrest => S::Arrests,
        EventClass::Change => S::ChangeToGroupActivity,
        EventClass::Base => S::HeadquartersOrBaseEstablished,
        EventClass::Looting => S::LootingPropertyDestruction,
        EventClass::Transfer => S::NonViolentTransferOfTerritory,
        EventClass::Disrupted => S::DisruptedWeaponsUse,
        EventClass::Other => S::Other,
    };
    let mut actor2 = a2.map(|a| a.actor.clone());
    if actor2.is_none() && matches!(sub, S::Attack | S::SexualViolence) && civilian_words {
        actor2 = Some(civilians());
    }
    // A takeover is from someone: another armed actor of the sentence, not on actor1's side.
    if actor2.is_none()
        && matches!(
            sub,
            S::GovernmentRegainsTerritory | S::NonStateActorOvertakesTerritory
        )
    {
        let side: Vec<&str> = p
            .actor1
            .iter()
            .chain(&p.assoc)
            .filter_map(|&i| view.args.get(i))
            .map(|a| a.actor.id.as_str())
            .collect();
        actor2 = view
            .args
            .iter()
            .find(|a| {
                !side.contains(&a.actor.id.as_str())
                    && !a.is_person()
                    && !a.is_civilians()
                    && a.is_state() != a1.is_some_and(Arg::is_state)
            })
            .map(|a| a.actor.clone());
    }
    let mut assoc = actors_of(view, &p.assoc);
    let a1_id = a1.map(|a| a.actor.id.clone());
    let a2_id = actor2.as_ref().map(|a| a.id.clone());
    assoc.retain(|a| Some(&a.id) != a1_id.as_ref() && Some(&a.id) != a2_id.as_ref());
    Some(Candidate {
        sub,
        actor1: a1.map(|a| a.actor.clone()),
        actor2,
        assoc,
        territory: place_after || territory_word,
        modality: Modality::Asserted,
        polarity: Polarity::Positive,
        trigger: (start, end),
        rule: String::new(),
    })
}

/// Whether a genitive ("of", "de", "du", "d'") stands right before token `i`, past
/// determiners.
fn genitive_before(view: &SentenceView<'_>, i: usize) -> bool {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let w = view.word(j);
        if w == "'" || (view.is_det(w) && !matches!(w, "de" | "du" | "des")) {
            continue;
        }
        return matches!(w, "of" | "de" | "du" | "des" | "d");
    }
    false
}

fn is_violent(sub: SubEventType) -> bool {
    use faultline_model::fact::EventType as T;
    matches!(
        sub.event_type(),
        T::Battles | T::ExplosionsRemoteViolence | T::ViolenceAgainstCivilians | T::Riots
    )
}

fn is_strategic(sub: SubEventType) -> bool {
    sub.event_type() == faultline_model::fact::EventType::StrategicDevelopments
}

/// Lower is more specific: a takeover over the clash it ends, a suicide bombing over the
/// attack it is, a battle over the killing it reports.
fn rank(sub: SubEventType) -> usize {
    use SubEventType as S;
    match sub {
        S::GovernmentRegainsTerritory | S::NonStateActorOvertakesTerritory => 0,
        // "soldiers defused an explosive device": the device did not go off.
        S::DisruptedWeaponsUse => 1,
        S::SuicideBomb => 1,
        S::ChemicalWeapon => 2,
        S::AirDroneStrike => 3,
        S::ShellingArtilleryMissileAttack => 4,
        S::RemoteExplosiveLandmineIed => 5,
        S::Grenade => 6,
        S::ArmedClash => 7,
        S::SexualViolence => 8,
        S::AbductionForcedDisappearance => 9,
        S::Attack => 10,
        S::MobViolence | S::ViolentDemonstration => 11,
        S::ExcessiveForceAgainstProtesters | S::ProtestWithIntervention => 12,
        S::PeacefulProtest => 13,
        S::Arrests => 14,
        S::Agreement => 15,
        S::ChangeToGroupActivity => 16,
        S::HeadquartersOrBaseEstablished => 17,
        S::LootingPropertyDestruction => 18,
        S::NonViolentTransferOfTerritory => 19,
        S::Other => 21,
    }
}

/// The date of an event: a date in its sentence that dates it (for an intended event, a
/// future one too), else the document's.
fn event_date(
    view: &SentenceView<'_>,
    trigger: usize,
    modality: Modality,
    times: &[TimeMention],
    published: &Published,
) -> FactDate {
    if let Some(t) = view.date_near(trigger, times) {
        return FactDate::from_text(t);
    }
    if modality == Modality::Intended
        && let Some(t) = future_date(view, trigger, times)
    {
        return FactDate::from_text(t);
    }
    document_date(published)
}

fn future_date(
    view: &SentenceView<'_>,
    trigger: usize,
    times: &[TimeMention],
) -> Option<TimeValue> {
    let relatives = view.relative_clauses();
    view.times
        .iter()
        .filter_map(|&i| times.get(i))
        .filter(|t| t.role == TimeRole::Date && view.dates_here(t, trigger, &relatives))
        .filter_map(|t| t.time.map(|v| (t, v)))
        .min_by_key(|(t, _)| view.token_at_byte(t.start).abs_diff(trigger))
        .map(|(_, v)| v)
}

/// The place of an event: in its sentence, nearest the trigger (after it first); else the
/// nearest place of its paragraph.
fn location(
    doc: &Document,
    view: &SentenceView<'_>,
    trigger: usize,
    times: &[TimeMention],
    places: &[PlaceMention],
) -> Option<EventLocation> {
    // "BAMAKO, 12 March 2024 (AFP) -": the dateline's place is where the story was filed.
    let datelines: Vec<(usize, usize)> = view
        .times
        .iter()
        .filter_map(|&i| times.get(i))
        .filter(|t| t.role == TimeRole::Dateline)
        .map(|t| (t.start, t.end))
        .collect();
    let is_dateline =
        |p: &PlaceMention| datelines.iter().any(|&(s, _)| s >= p.end && s - p.end <= 3);
    let in_sentence = view
        .places
        .iter()
        .filter_map(|&i| places.get(i))
        .filter(|p| !is_dateline(p))
        .min_by_key(|p| {
            let t = view.token_at_byte(p.start);
            (usize::from(t < trigger), t.abs_diff(trigger))
        });
    let chosen = in_sentence.or_else(|| {
        let text = doc.text.as_str();
        let para_start = text
            .get(..view.span.start)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let para_end = text
            .get(view.span.end..)
            .and_then(|s| s.find('\n'))
            .map_or(text.len(), |i| view.span.end + i);
        places
            .iter()
            .filter(|p| p.start >= para_start && p.end <= para_end && !is_dateline(p))
            .min_by_key(|p| {
                if p.end <= view.span.start {
                    (0, view.span.start - p.end)
                } else {
                    (1, p.start.saturating_sub(view.span.end))
                }
            })
    })?;
    Some(EventLocation {
        name: chosen.name.clone(),
        lat: chosen.lat,
        lon: chosen.lon,
        admin1: chosen.admin1.clone(),
        country: chosen.country.clone(),
        geo_precision: chosen.geo_precision,
        gazetteer_id: Some(chosen.gazetteer_id.clone()),
    })
}

fn build(
    doc: &Document,
    view: &SentenceView<'_>,
    c: Candidate,
    times: &[TimeMention],
    places: &[PlaceMention],
    published: &Published,
) -> Option<Event> {
    let (start, _) = c.trigger;
    let date = event_date(view, start, c.modality, times, published);
    let location = location(doc, view, start, times, places);
    let has_actor = c.actor1.is_some() || c.actor2.is_some();
    if is_strategic(c.sub) {
        // A strategic development without an actor or a date of its own is background
        // ("the 2015 peace agreement"), not an event.
        if c.actor1.is_none() || date.source != DateSource::Text {
            return None;
        }
    } else if !has_actor
        && (c.sub.event_type() == EventType::Battles
            || !(location.is_some() && date.source == DateSource::Text))
    {
        // A battle has sides; a strike or an attack on civilians may be reported by place
        // and date alone ("an IED exploded near Boni on 3 May").
        return None;
    }
    if matches!(
        c.sub,
        SubEventType::GovernmentRegainsTerritory | SubEventType::NonStateActorOvertakesTerritory
    ) && (c.actor1.is_none() || !c.territory)
    {
        return None;
    }
    // A happening reported with neither a date nor a place of its own is a general
    // statement ("the air force's drones were decisive"), not an event to code.
    // A date the time stage could not place ("le 5 juillet" in an undated text) and a town
    // the gazetteer lacks ("la localité de Ber") still make the report specific.
    let own_place = (location.is_some() && !view.places.is_empty()) || c.territory;
    let named_date = view
        .times
        .iter()
        .filter_map(|&i| times.get(i))
        .any(|t| t.role == TimeRole::Date && t.direction != Direction::Future);
    if is_violent(c.sub)
        && c.modality == Modality::Asserted
        && c.polarity == Polarity::Positive
        && date.source != DateSource::Text
        && !named_date
        && !own_place
    {
        return None;
    }
    let mut event = Event {
        sub_event_type: c.sub,
        date,
        actor1: c.actor1,
        actor2: c.actor2,
        assoc_actors: c.assoc,
        location,
        fatalities: None,
        fatalities_estimated: false,
        fatalities_note: None,
        modality: c.modality,
        polarity: c.polarity,
        attribution: attribution::attribution(view),
        evidence: view.evidence(c.rule),
    };
    if is_violent(c.sub)
        && let Some(count) = fatalities(view)
    {
        set_count(&mut event, count);
    }
    Some(event)
}

fn set_count(e: &mut Event, count: Count) {
    e.fatalities = count.value;
    e.fatalities_estimated = count.estimated;
    e.fatalities_note = count.note;
}

/// Merge reports of one event within the document: same sub-event type and stance,
/// compatible dates, places and actors. The first report keeps its evidence; later ones
/// fill what it lacks.
fn merge(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        match out.iter_mut().find(|o| same_event(o, &e)) {
            Some(o) => {
                // The better-informed report leads; the other fills its gaps.
                if informed(&e) > informed(o) {
                    let first = std::mem::replace(o, e);
                    absorb(o, first);
                } else {
                    absorb(o, e);
                }
            }
            None => out.push(e),
        }
    }
    out
}

/// How much a report says: its own date first, then its actors, then a fine place.
fn informed(e: &Event) -> (bool, usize, bool) {
    (
        e.date.source == DateSource::Text,
        usize::from(e.actor1.is_some()) + usize::from(e.actor2.is_some()),
        e.location.as_ref().is_some_and(|l| l.geo_precision < 3),
    )
}

fn same_event(a: &Event, b: &Event) -> bool {
    if a.sub_event_type != b.sub_event_type || a.modality != b.modality || a.polarity != b.polarity
    {
        return false;
    }
    // A document date says "on or before": any earlier date of the text fits it.
    let dates = match (a.date.range, b.date.range) {
        (Some(x), Some(y)) => {
            (y.from <= x.to && (x.from <= y.to || a.date.source == DateSource::Document))
                || (b.date.source == DateSource::Document && x.from <= y.to)
        }
        _ => true,
    };
    let places = match (&a.location, &b.location) {
        (Some(x), Some(y)) => {
            x.gazetteer_id == y.gazetteer_id
                || (x.country == y.country && (x.geo_precision == 3 || y.geo_precision == 3))
        }
        _ => true,
    };
    let id = |x: &Option<FactActor>| x.as_ref().map(|a| a.id.clone());
    let fits =
        |x: &Option<FactActor>, y: &Option<FactActor>| x.is_none() || y.is_none() || id(x) == id(y);
    let territorial = matches!(
        a.sub_event_type,
        SubEventType::GovernmentRegainsTerritory
            | SubEventType::NonStateActorOvertakesTerritory
            | SubEventType::NonViolentTransferOfTerritory
    );
    if territorial {
        // One takeover is one event: the same place taken by the same side.
        let same_place = match (&a.location, &b.location) {
            (Some(x), Some(y)) => x.gazetteer_id == y.gazetteer_id || places,
            _ => false,
        };
        let state = |x: &Option<FactActor>| {
            matches!(
                x.as_ref().and_then(|a| a.kind.as_deref()),
                Some("state_force" | "police" | "government" | "foreign_force")
            )
        };
        let same_side = fits(&a.actor1, &b.actor1) || (state(&a.actor1) && state(&b.actor1));
        return dates && same_place && same_side;
    }
    // A headline and its story name the same event with more or fewer actors: one side's
    // actors must all be among the other's, and they must share one.
    let xs: Vec<String> = [id(&a.actor1), id(&a.actor2)]
        .into_iter()
        .flatten()
        .collect();
    let ys: Vec<String> = [id(&b.actor1), id(&b.actor2)]
        .into_iter()
        .flatten()
        .collect();
    let subset = xs.iter().all(|x| ys.contains(x)) || ys.iter().all(|y| xs.contains(y));
    let shared = xs.iter().any(|x| ys.contains(x));
    dates && places && subset && shared
}

fn absorb(into: &mut Event, other: Event) {
    let better_date = match (into.date.source, other.date.source) {
        (DateSource::Text, DateSource::Text) => {
            other.date.range.map(|r| r.precision) < into.date.range.map(|r| r.precision)
        }
        (DateSource::Text, _) => false,
        (_, DateSource::Text) => true,
        _ => into.date.range.is_none() && other.date.range.is_some(),
    };
    if better_date {
        into.date = other.date;
    }
    if into.actor1.is_none() {
        into.actor1 = other.actor1;
    }
    if into.actor2.is_none() {
        into.actor2 = other.actor2;
    }
    for a in other.assoc_actors {
        let known = [&into.actor1, &into.actor2]
            .iter()
            .any(|x| x.as_ref().is_some_and(|x| x.id == a.id))
            || into.assoc_actors.iter().any(|x| x.id == a.id);
        if !known {
            into.assoc_actors.push(a);
        }
    }
    let finer = match (&into.location, &other.location) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => y.geo_precision < x.geo_precision,
        _ => false,
    };
    if finer {
        into.location = other.location;
    }
    if into.fatalities.is_none() && other.fatalities.is_some() {
        into.fatalities = other.fatalities;
        into.fatalities_estimated = other.fatalities_estimated;
        into.fatalities_note = other.fatalities_note;
    }
    if into.attribution.is_none() {
        into.attribution = other.attribution;
    }
}

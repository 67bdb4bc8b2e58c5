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
//! of one event merge into one (one takeover is one event). Nothing is invented: an event
//! needs an actor or a place, a strategic development needs a date of its own, and a date
//! or count the text does not give stays empty.

use faultline_model::Document;
use faultline_model::actor::Mention;
use faultline_model::fact::{
    DateSource, Event, EventLocation, EventType, FactActor, FactDate, Modality, Polarity,
    SubEventType,
};
use faultline_model::place::PlaceMention;
use faultline_model::time::{Published, TimeMention, TimeRole, TimeValue};
use faultline_packs::facts::{CueKind, EventClass, FactKind, FactLexicon};

use super::numbers::{Count, fatalities};
use super::{Arg, SentenceView, attribution, document_date, modality};

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
    lexicon: &FactLexicon,
) -> Vec<Event> {
    let views = SentenceView::all(doc, mentions, times, places, lexicon);
    let mut events: Vec<Event> = Vec::new();
    let mut last_violent: Option<(usize, usize)> = None;
    for view in &views {
        let found = sentence_events(doc, view, times, places, published);
        if found.is_empty() {
            // "The fighting had caused deaths on both sides – twenty on each side": a
            // sentence that only counts the dead of the event just reported.
            if let Some((sentence, idx)) = last_violent
                && sentence + 1 == view.index
                && refers_back(view)
                && let Some(count) = fatalities(view)
                && let Some(e) = events.get_mut(idx)
                && e.fatalities.is_none()
                && count.value.is_some()
            {
                set_count(e, count);
            }
            continue;
        }
        for e in found {
            if is_violent(e.sub_event_type) && e.modality == Modality::Asserted {
                last_violent = Some((view.index, events.len()));
            }
            events.push(e);
        }
    }
    merge(events)
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
    let agent_after = |from: usize, within: usize| {
        view.cues(|k| k == CueKind::Agent)
            .find(|m| m.start >= from && m.start <= from + within)
            .map(|m| m.end)
    };
    let between = matches!(view.word(end), "between" | "entre");
    let mut p = if between {
        // "fighting between the army and JNIM": both sides follow.
        let group = view.right_group(end + 1, 2);
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

/// Whether a sentence refers back to the previous one's event ("The fighting had caused
/// deaths"): a violent trigger after a determiner.
fn refers_back(view: &SentenceView<'_>) -> bool {
    view.matches.iter().any(|m| {
        matches!(m.kind(), FactKind::Event(_))
            && m.start > 0
            && view.is_det(view.word(m.start - 1))
    })
}

fn sentence_events(
    doc: &Document,
    view: &SentenceView<'_>,
    times: &[TimeMention],
    places: &[PlaceMention],
    published: &Published,
) -> Vec<Event> {
    let aggregate = view.cues(|k| k == CueKind::Aggregate).next().is_some()
        || view
            .times
            .iter()
            .filter_map(|&i| times.get(i))
            .any(|t| t.role == TimeRole::Duration);
    let mut candidates: Vec<(usize, Candidate)> = Vec::new();
    for m in &view.matches {
        let FactKind::Event(class) = m.kind() else {
            continue;
        };
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
    candidates.sort_by_key(|(rank, c)| (c.modality, c.polarity, *rank, c.trigger.0));
    let mut out: Vec<Event> = Vec::new();
    let mut taken: Vec<(Modality, Polarity)> = Vec::new();
    for (_, c) in candidates {
        if taken.contains(&(c.modality, c.polarity)) {
            continue;
        }
        if let Some(e) = build(doc, view, c.clone(), times, places, published) {
            taken.push((c.modality, c.polarity));
            out.push(e);
        }
    }
    out
}

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
    if remote && a1.is_none() && a2.is_some_and(|a| a.start > end && genitive_before(view, a.start)) {
        a1 = a2.take();
    }
    if a2.is_some_and(|a| a1.is_some_and(|b| a.actor.id == b.actor.id)) {
        a2 = None;
    }
    let civilian_words = view
        .cues(|k| k == CueKind::Civilians)
        .any(|m| m.start >= start.saturating_sub(3));
    let civilian_target = a2.is_some_and(Arg::is_civilians) || (a2.is_none() && civilian_words);
    let armed_target = a2.is_some_and(|a| !a.is_civilians() && !a.is_person());
    let place_after = view
        .places
        .iter()
        .filter_map(|&i| places.get(i))
        .any(|pl| {
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

fn future_date(view: &SentenceView<'_>, trigger: usize, times: &[TimeMention]) -> Option<TimeValue> {
    view.times
        .iter()
        .filter_map(|&i| times.get(i))
        .filter(|t| t.role == TimeRole::Date)
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
    places: &[PlaceMention],
) -> Option<EventLocation> {
    let in_sentence = view
        .places
        .iter()
        .filter_map(|&i| places.get(i))
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
            .filter(|p| p.start >= para_start && p.end <= para_end)
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
    let location = location(doc, view, start, places);
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
            Some(o) => absorb(o, e),
            None => out.push(e),
        }
    }
    out
}

fn same_event(a: &Event, b: &Event) -> bool {
    if a.sub_event_type != b.sub_event_type
        || a.modality != b.modality
        || a.polarity != b.polarity
    {
        return false;
    }
    // A document date says "on or before": any earlier date of the text fits it.
    let dates = match (a.date.range, b.date.range) {
        (Some(x), Some(y)) => {
            (x.from <= y.to && y.from <= x.to)
                || (a.date.source == DateSource::Document && y.from <= x.to)
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
    let fits = |x: &Option<FactActor>, y: &Option<FactActor>| {
        x.is_none() || y.is_none() || id(x) == id(y)
    };
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
    let mut xs = [id(&a.actor1), id(&a.actor2)];
    let mut ys = [id(&b.actor1), id(&b.actor2)];
    xs.sort();
    ys.sort();
    dates && places && xs == ys && xs.iter().any(Option::is_some)
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

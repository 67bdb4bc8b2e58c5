//! Facts: the events and relations one document states, each with its modality, polarity,
//! attribution, date and the evidence it was read from.
//!
//! An [`Event`] follows the ACLED codebook (6 event types, 25 sub-event types); a
//! [`Relation`] links two actors with a [`Predicate`]. Their JSON shapes are a published
//! contract (`faultline extract --json`): the field names and values here must not change
//! without a version bump. Typed values are kept next to the labels (the date range of an
//! event, of a relation's observation) so that the store can merge facts across documents
//! by date ranges. Plain data only: no text analysis happens here.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::{Precision, TimeValue};

/// How a fact is stated: as having happened or holding, as wanted or planned, or as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    /// Wanted, planned, expected, threatened, mandated.
    Intended,
    /// Possible, rumoured, could, may.
    Speculative,
}

impl Modality {
    pub const ALL: [Modality; 3] = [
        Modality::Asserted,
        Modality::Intended,
        Modality::Speculative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Intended => "intended",
            Modality::Speculative => "speculative",
        }
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Modality {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Modality::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown modality {s:?} (asserted, intended, speculative)"))
    }
}

/// Whether a fact is affirmed or denied / ruled out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Positive,
    Negative,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Positive => "positive",
            Polarity::Negative => "negative",
        }
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a relation says about its subject and object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predicate {
    MemberOf,
    LeaderOf,
    FounderOf,
    SpokespersonOf,
    SplitFrom,
    SuccessorOf,
    AffiliatedWith,
    AlliedWith,
    Supports,
    NonAggressionPact,
    NegotiatingWith,
    HostileTo,
    RivalOf,
}

impl Predicate {
    pub const ALL: [Predicate; 13] = [
        Predicate::MemberOf,
        Predicate::LeaderOf,
        Predicate::FounderOf,
        Predicate::SpokespersonOf,
        Predicate::SplitFrom,
        Predicate::SuccessorOf,
        Predicate::AffiliatedWith,
        Predicate::AlliedWith,
        Predicate::Supports,
        Predicate::NonAggressionPact,
        Predicate::NegotiatingWith,
        Predicate::HostileTo,
        Predicate::RivalOf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::MemberOf => "member_of",
            Predicate::LeaderOf => "leader_of",
            Predicate::FounderOf => "founder_of",
            Predicate::SpokespersonOf => "spokesperson_of",
            Predicate::SplitFrom => "split_from",
            Predicate::SuccessorOf => "successor_of",
            Predicate::AffiliatedWith => "affiliated_with",
            Predicate::AlliedWith => "allied_with",
            Predicate::Supports => "supports",
            Predicate::NonAggressionPact => "non_aggression_pact",
            Predicate::NegotiatingWith => "negotiating_with",
            Predicate::HostileTo => "hostile_to",
            Predicate::RivalOf => "rival_of",
        }
    }

    /// Whether "A p B" says the same as "B p A": such relations are stored with their
    /// actors in a canonical order by the store, and the engine emits them once. Hostility
    /// counts as mutual: a clash or an ambush puts both sides at war, whoever started it.
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            Predicate::AlliedWith
                | Predicate::NonAggressionPact
                | Predicate::NegotiatingWith
                | Predicate::HostileTo
                | Predicate::RivalOf
        )
    }

    /// Whether the subject is a person holding a role in the object.
    pub fn is_role(self) -> bool {
        matches!(
            self,
            Predicate::LeaderOf | Predicate::FounderOf | Predicate::SpokespersonOf
        )
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Predicate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Predicate::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown predicate {s:?}"))
    }
}

/// ACLED's six event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventType {
    Battles,
    #[serde(rename = "Explosions/Remote violence")]
    ExplosionsRemoteViolence,
    #[serde(rename = "Violence against civilians")]
    ViolenceAgainstCivilians,
    Protests,
    Riots,
    #[serde(rename = "Strategic developments")]
    StrategicDevelopments,
}

impl EventType {
    pub const ALL: [EventType; 6] = [
        EventType::Battles,
        EventType::ExplosionsRemoteViolence,
        EventType::ViolenceAgainstCivilians,
        EventType::Protests,
        EventType::Riots,
        EventType::StrategicDevelopments,
    ];

    /// The name as ACLED writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown event type {s:?}"))
    }
}

/// ACLED's 25 sub-event types; each belongs to one [`EventType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SubEventType {
    #[serde(rename = "Armed clash")]
    ArmedClash,
    #[serde(rename = "Government regains territory")]
    GovernmentRegainsTerritory,
    #[serde(rename = "Non-state actor overtakes territory")]
    NonStateActorOvertakesTerritory,
    #[serde(rename = "Chemical weapon")]
    ChemicalWeapon,
    #[serde(rename = "Air/drone strike")]
    AirDroneStrike,
    #[serde(rename = "Suicide bomb")]
    SuicideBomb,
    #[serde(rename = "Shelling/artillery/missile attack")]
    ShellingArtilleryMissileAttack,
    #[serde(rename = "Remote explosive/landmine/IED")]
    RemoteExplosiveLandmineIed,
    Grenade,
    #[serde(rename = "Sexual violence")]
    SexualViolence,
    Attack,
    #[serde(rename = "Abduction/forced disappearance")]
    AbductionForcedDisappearance,
    #[serde(rename = "Peaceful protest")]
    PeacefulProtest,
    #[serde(rename = "Protest with intervention")]
    ProtestWithIntervention,
    #[serde(rename = "Excessive force against protesters")]
    ExcessiveForceAgainstProtesters,
    #[serde(rename = "Violent demonstration")]
    ViolentDemonstration,
    #[serde(rename = "Mob violence")]
    MobViolence,
    Agreement,
    Arrests,
    #[serde(rename = "Change to group/activity")]
    ChangeToGroupActivity,
    #[serde(rename = "Disrupted weapons use")]
    DisruptedWeaponsUse,
    #[serde(rename = "Headquarters or base established")]
    HeadquartersOrBaseEstablished,
    #[serde(rename = "Looting/property destruction")]
    LootingPropertyDestruction,
    #[serde(rename = "Non-violent transfer of territory")]
    NonViolentTransferOfTerritory,
    Other,
}

impl SubEventType {
    pub const ALL: [SubEventType; 25] = [
        SubEventType::ArmedClash,
        SubEventType::GovernmentRegainsTerritory,
        SubEventType::NonStateActorOvertakesTerritory,
        SubEventType::ChemicalWeapon,
        SubEventType::AirDroneStrike,
        SubEventType::SuicideBomb,
        SubEventType::ShellingArtilleryMissileAttack,
        SubEventType::RemoteExplosiveLandmineIed,
        SubEventType::Grenade,
        SubEventType::SexualViolence,
        SubEventType::Attack,
        SubEventType::AbductionForcedDisappearance,
        SubEventType::PeacefulProtest,
        SubEventType::ProtestWithIntervention,
        SubEventType::ExcessiveForceAgainstProtesters,
        SubEventType::ViolentDemonstration,
        SubEventType::MobViolence,
        SubEventType::Agreement,
        SubEventType::Arrests,
        SubEventType::ChangeToGroupActivity,
        SubEventType::DisruptedWeaponsUse,
        SubEventType::HeadquartersOrBaseEstablished,
        SubEventType::LootingPropertyDestruction,
        SubEventType::NonViolentTransferOfTerritory,
        SubEventType::Other,
    ];

    /// The name as ACLED writes it.
    pub fn as_str(self) -> &'static str {
        use SubEventType::*;
        match self {
            ArmedClash => "Armed clash",
            GovernmentRegainsTerritory => "Government regains territory",
            NonStateActorOvertakesTerritory => "Non-state actor overtakes territory",
            ChemicalWeapon => "Chemical weapon",
            AirDroneStrike => "Air/drone strike",
            SuicideBomb => "Suicide bomb",
            ShellingArtilleryMissileAttack => "Shelling/artillery/missile attack",
            RemoteExplosiveLandmineIed => "Remote explosive/landmine/IED",
            Grenade => "Grenade",
            SexualViolence => "Sexual violence",
            Attack => "Attack",
            AbductionForcedDisappearance => "Abduction/forced disappearance",
            PeacefulProtest => "Peaceful protest",
            ProtestWithIntervention => "Protest with intervention",
            ExcessiveForceAgainstProtesters => "Excessive force against protesters",
            ViolentDemonstration => "Violent demonstration",
            MobViolence => "Mob violence",
            Agreement => "Agreement",
            Arrests => "Arrests",
            ChangeToGroupActivity => "Change to group/activity",
            DisruptedWeaponsUse => "Disrupted weapons use",
            HeadquartersOrBaseEstablished => "Headquarters or base established",
            LootingPropertyDestruction => "Looting/property destruction",
            NonViolentTransferOfTerritory => "Non-violent transfer of territory",
            Other => "Other",
        }
    }

    /// The event type the sub-event type belongs to.
    pub fn event_type(self) -> EventType {
        use SubEventType::*;
        match self {
            ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => {
                EventType::Battles
            }
            ChemicalWeapon
            | AirDroneStrike
            | SuicideBomb
            | ShellingArtilleryMissileAttack
            | RemoteExplosiveLandmineIed
            | Grenade => EventType::ExplosionsRemoteViolence,
            SexualViolence | Attack | AbductionForcedDisappearance => {
                EventType::ViolenceAgainstCivilians
            }
            PeacefulProtest | ProtestWithIntervention | ExcessiveForceAgainstProtesters => {
                EventType::Protests
            }
            ViolentDemonstration | MobViolence => EventType::Riots,
            Agreement
            | Arrests
            | ChangeToGroupActivity
            | DisruptedWeaponsUse
            | HeadquartersOrBaseEstablished
            | LootingPropertyDestruction
            | NonViolentTransferOfTerritory
            | Other => EventType::StrategicDevelopments,
        }
    }
}

impl fmt::Display for SubEventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SubEventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SubEventType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown sub-event type {s:?}"))
    }
}

/// An actor as a fact names it: `{"id","name"}` plus its kind when known.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FactActor {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// Who says a fact: the source as the text names it ("a Malian security source", "AFP"),
/// and the actor when the source is one the actor stage linked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attribution {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<FactActor>,
}

/// Where a fact was read: the sentence, its byte offsets in `Document::text`, and the rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// Empty only in the store's copy of a fact, whose sentence is read back from the
    /// document's sentences instead of being kept twice.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    /// The rule that produced the fact ("event:clash", "relation:cue:linked to").
    pub rule: String,
}

/// A day interval with its precision, as stored for merging; the serialisable twin of
/// [`TimeValue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    #[serde(serialize_with = "crate::time::iso_date::day")]
    pub from: NaiveDate,
    #[serde(serialize_with = "crate::time::iso_date::day")]
    pub to: NaiveDate,
    pub precision: Precision,
}

impl From<TimeValue> for DateRange {
    fn from(t: TimeValue) -> Self {
        DateRange {
            from: t.start,
            to: t.end,
            precision: t.precision,
        }
    }
}

impl From<DateRange> for TimeValue {
    fn from(r: DateRange) -> Self {
        TimeValue {
            start: r.from,
            end: r.to,
            precision: r.precision,
        }
    }
}

/// Where a fact's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A date expression in the fact's own sentence.
    Text,
    /// No date in the sentence: the document's date, with a coarser precision.
    Document,
    /// Neither the sentence nor the document gives a date.
    #[default]
    None,
}

/// A dated value as a fact shows it: the `YYYY`/`YYYY-MM`/`YYYY-MM-DD` label, the range,
/// and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FactDate {
    pub label: Option<String>,
    pub range: Option<DateRange>,
    pub source: DateSource,
}

impl FactDate {
    pub fn none() -> Self {
        FactDate::default()
    }

    /// A date read from the fact's own sentence.
    pub fn from_text(t: TimeValue) -> Self {
        FactDate {
            label: t.label(),
            range: Some(t.into()),
            source: DateSource::Text,
        }
    }

    pub fn time(&self) -> Option<TimeValue> {
        self.range.map(TimeValue::from)
    }

    /// ACLED's 1/2/3, or None without a date.
    pub fn acled_precision(&self) -> Option<u8> {
        self.range.map(|r| r.precision.acled())
    }
}

/// Where an event happened, from the place stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventLocation {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub admin1: Option<String>,
    /// ISO 3166-1 alpha-2 code, as the gazetteer gives it.
    pub country: String,
    pub geo_precision: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer_id: Option<String>,
}

/// One event as one document reports it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "EventRepr")]
pub struct Event {
    pub sub_event_type: SubEventType,
    pub date: FactDate,
    pub actor1: Option<FactActor>,
    pub actor2: Option<FactActor>,
    pub assoc_actors: Vec<FactActor>,
    pub location: Option<EventLocation>,
    /// None when the text states no deaths (or cannot separate dead from wounded).
    pub fatalities: Option<u32>,
    /// The count is ACLED's conservative reading of a vague one ("dozens", "une vingtaine").
    pub fatalities_estimated: bool,
    /// Why the count is what it is, when it is not a plain number in the text.
    pub fatalities_note: Option<String>,
    pub modality: Modality,
    pub polarity: Polarity,
    pub attribution: Option<Attribution>,
    pub evidence: Evidence,
}

impl Event {
    pub fn event_type(&self) -> EventType {
        self.sub_event_type.event_type()
    }
}

/// An event as JSON has it. Read into [`Event`]; [`EventOut`] writes the same fields.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct EventRepr {
    // Written for the JSON's other readers (exports, the API); derived from the rest here.
    #[cfg_attr(not(test), allow(dead_code))]
    event_type: EventType,
    sub_event_type: SubEventType,
    date: Option<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    time_precision: Option<u8>,
    #[serde(default)]
    date_source: DateSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date_range: Option<DateRange>,
    actor1: Option<FactActor>,
    actor2: Option<FactActor>,
    #[serde(default)]
    assoc_actors: Vec<FactActor>,
    location: Option<EventLocation>,
    fatalities: Option<u32>,
    #[serde(default)]
    fatalities_estimated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fatalities_note: Option<String>,
    modality: Modality,
    polarity: Polarity,
    attribution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attribution_actor: Option<FactActor>,
    evidence: Evidence,
}

#[cfg(test)]
impl From<Event> for EventRepr {
    fn from(e: Event) -> Self {
        let (attribution, attribution_actor) = split_attribution(e.attribution);
        EventRepr {
            event_type: e.sub_event_type.event_type(),
            sub_event_type: e.sub_event_type,
            time_precision: e.date.acled_precision(),
            date: e.date.label,
            date_source: e.date.source,
            date_range: e.date.range,
            actor1: e.actor1,
            actor2: e.actor2,
            assoc_actors: e.assoc_actors,
            location: e.location,
            fatalities: e.fatalities,
            fatalities_estimated: e.fatalities_estimated,
            fatalities_note: e.fatalities_note,
            modality: e.modality,
            polarity: e.polarity,
            attribution,
            attribution_actor,
            evidence: e.evidence,
        }
    }
}

impl From<EventRepr> for Event {
    fn from(r: EventRepr) -> Self {
        Event {
            sub_event_type: r.sub_event_type,
            date: fact_date(r.date, r.date_range, r.date_source),
            actor1: r.actor1,
            actor2: r.actor2,
            assoc_actors: r.assoc_actors,
            location: r.location,
            fatalities: r.fatalities,
            fatalities_estimated: r.fatalities_estimated,
            fatalities_note: r.fatalities_note,
            modality: r.modality,
            polarity: r.polarity,
            attribution: join_attribution(r.attribution, r.attribution_actor),
            evidence: r.evidence,
        }
    }
}

/// One relation between two actors as one document states it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "RelationRepr")]
pub struct Relation {
    pub subject: FactActor,
    pub predicate: Predicate,
    pub object: FactActor,
    pub modality: Modality,
    pub polarity: Polarity,
    pub attribution: Option<Attribution>,
    /// When the relation was observed: the evidence's date, else the document's.
    pub when: FactDate,
    /// Since or until when the text says the relation holds.
    pub since: Option<TimeValue>,
    pub until: Option<TimeValue>,
    pub evidence: Evidence,
}

/// A relation as JSON has it. Read into [`Relation`]; [`RelationOut`] writes the same
/// fields.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct RelationRepr {
    subject: FactActor,
    predicate: Predicate,
    object: FactActor,
    modality: Modality,
    polarity: Polarity,
    attribution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attribution_actor: Option<FactActor>,
    when: Option<String>,
    #[serde(default)]
    when_source: DateSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    when_range: Option<DateRange>,
    // The labels are written for the JSON's other readers; the ranges are what reads back.
    #[cfg_attr(not(test), allow(dead_code))]
    since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    since_range: Option<DateRange>,
    #[cfg_attr(not(test), allow(dead_code))]
    until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until_range: Option<DateRange>,
    evidence: Evidence,
}

#[cfg(test)]
impl From<Relation> for RelationRepr {
    fn from(r: Relation) -> Self {
        let (attribution, attribution_actor) = split_attribution(r.attribution);
        RelationRepr {
            subject: r.subject,
            predicate: r.predicate,
            object: r.object,
            modality: r.modality,
            polarity: r.polarity,
            attribution,
            attribution_actor,
            when: r.when.label,
            when_source: r.when.source,
            when_range: r.when.range,
            since: r.since.and_then(|t| t.label()),
            since_range: r.since.map(DateRange::from),
            until: r.until.and_then(|t| t.label()),
            until_range: r.until.map(DateRange::from),
            evidence: r.evidence,
        }
    }
}

impl From<RelationRepr> for Relation {
    fn from(r: RelationRepr) -> Self {
        Relation {
            subject: r.subject,
            predicate: r.predicate,
            object: r.object,
            modality: r.modality,
            polarity: r.polarity,
            attribution: join_attribution(r.attribution, r.attribution_actor),
            when: fact_date(r.when, r.when_range, r.when_source),
            since: r.since_range.map(TimeValue::from),
            until: r.until_range.map(TimeValue::from),
            evidence: r.evidence,
        }
    }
}

/// [`EventRepr`] borrowed from an [`Event`], field for field: serialising through an owned
/// repr (`serde(into)`) cloned every event, each of its actors' strings included, and the
/// store serialises every event and relation it writes.
#[derive(Serialize)]
struct EventOut<'a> {
    event_type: EventType,
    sub_event_type: SubEventType,
    date: Option<&'a str>,
    time_precision: Option<u8>,
    date_source: DateSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_range: Option<DateRange>,
    actor1: Option<&'a FactActor>,
    actor2: Option<&'a FactActor>,
    assoc_actors: &'a [FactActor],
    location: Option<&'a EventLocation>,
    fatalities: Option<u32>,
    fatalities_estimated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    fatalities_note: Option<&'a str>,
    modality: Modality,
    polarity: Polarity,
    attribution: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution_actor: Option<&'a FactActor>,
    evidence: &'a Evidence,
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EventOut {
            event_type: self.sub_event_type.event_type(),
            sub_event_type: self.sub_event_type,
            date: self.date.label.as_deref(),
            time_precision: self.date.acled_precision(),
            date_source: self.date.source,
            date_range: self.date.range,
            actor1: self.actor1.as_ref(),
            actor2: self.actor2.as_ref(),
            assoc_actors: &self.assoc_actors,
            location: self.location.as_ref(),
            fatalities: self.fatalities,
            fatalities_estimated: self.fatalities_estimated,
            fatalities_note: self.fatalities_note.as_deref(),
            modality: self.modality,
            polarity: self.polarity,
            attribution: self.attribution.as_ref().map(|a| a.text.as_str()),
            attribution_actor: self.attribution.as_ref().and_then(|a| a.actor.as_ref()),
            evidence: &self.evidence,
        }
        .serialize(serializer)
    }
}

/// [`RelationRepr`] borrowed from a [`Relation`]; see [`EventOut`].
#[derive(Serialize)]
struct RelationOut<'a> {
    subject: &'a FactActor,
    predicate: Predicate,
    object: &'a FactActor,
    modality: Modality,
    polarity: Polarity,
    attribution: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution_actor: Option<&'a FactActor>,
    when: Option<&'a str>,
    when_source: DateSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    when_range: Option<DateRange>,
    since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since_range: Option<DateRange>,
    until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until_range: Option<DateRange>,
    evidence: &'a Evidence,
}

impl Serialize for Relation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RelationOut {
            subject: &self.subject,
            predicate: self.predicate,
            object: &self.object,
            modality: self.modality,
            polarity: self.polarity,
            attribution: self.attribution.as_ref().map(|a| a.text.as_str()),
            attribution_actor: self.attribution.as_ref().and_then(|a| a.actor.as_ref()),
            when: self.when.label.as_deref(),
            when_source: self.when.source,
            when_range: self.when.range,
            since: self.since.and_then(|t| t.label()),
            since_range: self.since.map(DateRange::from),
            until: self.until.and_then(|t| t.label()),
            until_range: self.until.map(DateRange::from),
            evidence: &self.evidence,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
fn split_attribution(a: Option<Attribution>) -> (Option<String>, Option<FactActor>) {
    match a {
        Some(a) => (Some(a.text), a.actor),
        None => (None, None),
    }
}

fn join_attribution(text: Option<String>, actor: Option<FactActor>) -> Option<Attribution> {
    text.map(|text| Attribution { text, actor })
}

fn fact_date(label: Option<String>, range: Option<DateRange>, source: DateSource) -> FactDate {
    FactDate {
        label,
        range,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sub_event_type_round_trips_and_belongs_to_one_type() {
        let mut per_type = std::collections::BTreeMap::new();
        for s in SubEventType::ALL {
            assert_eq!(s.as_str().parse::<SubEventType>(), Ok(s));
            *per_type.entry(s.event_type()).or_insert(0) += 1;
        }
        assert_eq!(per_type.len(), 6);
        assert_eq!(per_type[&EventType::Battles], 3);
        assert_eq!(per_type[&EventType::ExplosionsRemoteViolence], 6);
        assert_eq!(per_type[&EventType::StrategicDevelopments], 8);
        for p in Predicate::ALL {
            assert_eq!(p.as_str().parse::<Predicate>(), Ok(p));
        }
        assert!("friend_of".parse::<Predicate>().is_err());
    }

    /// Events and relations are written through borrowed forms and read through owned
    /// ones: both must have the same fields in the same order with the same omissions, or
    /// stored facts would not read back. Each fact is tried sparse and with every optional
    /// part set.
    #[test]
    fn facts_write_what_their_owned_form_writes_and_read_back() {
        let actor = |id: &str, kind: Option<&str>| FactActor {
            id: id.into(),
            name: format!("{id} name"),
            kind: kind.map(String::from),
        };
        let day = |d: u32| TimeValue::day(NaiveDate::from_ymd_opt(2024, 4, d).unwrap_or_default());
        let evidence = Evidence {
            sentence: "JNIM attacked Boulkessi.".into(),
            start: 3,
            end: 27,
            rule: "event:attack".into(),
        };
        let sparse_event = Event {
            sub_event_type: SubEventType::ALL[0],
            date: FactDate::none(),
            actor1: None,
            actor2: None,
            assoc_actors: Vec::new(),
            location: None,
            fatalities: None,
            fatalities_estimated: false,
            fatalities_note: None,
            modality: Modality::Asserted,
            polarity: Polarity::Positive,
            attribution: None,
            evidence: Evidence {
                sentence: String::new(),
                ..evidence.clone()
            },
        };
        let full_event = Event {
            date: FactDate::from_text(day(5)),
            actor1: Some(actor("jnim", Some("jihadist_group"))),
            actor2: Some(actor("fama", None)),
            assoc_actors: vec![actor("wagner", Some("foreign_force"))],
            location: Some(EventLocation {
                name: "Boulkessi".into(),
                lat: 14.5,
                lon: -1.25,
                admin1: Some("Boucle du Mouhoun".into()),
                country: "BF".into(),
                geo_precision: 1,
                gazetteer_id: Some("geonames:2362344".into()),
            }),
            fatalities: Some(12),
            fatalities_estimated: true,
            fatalities_note: Some("dozens".into()),
            attribution: Some(Attribution {
                text: "a security source".into(),
                actor: Some(actor("fama", None)),
            }),
            evidence: evidence.clone(),
            ..sparse_event.clone()
        };
        for event in [sparse_event, full_event] {
            let written = serde_json::to_string(&event).unwrap_or_default();
            let owned = serde_json::to_string(&EventRepr::from(event.clone())).unwrap_or_default();
            assert_eq!(written, owned);
            assert_eq!(serde_json::from_str::<Event>(&written).ok(), Some(event));
        }
        let sparse_relation = Relation {
            subject: actor("jnim", None),
            predicate: Predicate::ALL[0],
            object: actor("isgs", Some("jihadist_group")),
            modality: Modality::Intended,
            polarity: Polarity::Negative,
            attribution: None,
            when: FactDate::none(),
            since: None,
            until: None,
            evidence: evidence.clone(),
        };
        let full_relation = Relation {
            attribution: Some(Attribution {
                text: "AFP".into(),
                actor: None,
            }),
            when: FactDate::from_text(day(9)),
            since: Some(day(1)),
            until: Some(day(30)),
            ..sparse_relation.clone()
        };
        for relation in [sparse_relation, full_relation] {
            let written = serde_json::to_string(&relation).unwrap_or_default();
            let owned =
                serde_json::to_string(&RelationRepr::from(relation.clone())).unwrap_or_default();
            assert_eq!(written, owned);
            assert_eq!(
                serde_json::from_str::<Relation>(&written).ok(),
                Some(relation)
            );
        }
    }

    #[test]
    fn fact_dates_keep_label_range_and_precision() {
        let day = NaiveDate::from_ymd_opt(2024, 4, 5).unwrap_or_default();
        let d = FactDate::from_text(TimeValue::day(day));
        assert_eq!(d.label.as_deref(), Some("2024-04-05"));
        assert_eq!(d.acled_precision(), Some(1));
        assert_eq!(d.time(), Some(TimeValue::day(day)));
        assert_eq!(FactDate::none().acled_precision(), None);
    }
}

//! The JSON shapes of API v1: what clients (the web UI first) may rely on.
//!
//! These types are the contract, kept apart from the store's own structs so that the store
//! can change how it keeps facts without breaking clients; each has a `From` conversion from
//! the store type it mirrors. The OpenAPI document is derived from these definitions, so it
//! cannot drift from the answers. Nothing here queries or decides anything.

use faultline_model::fact::FactActor;
use faultline_model::{Analysis, Span};
use faultline_store::{
    ActorActivity, Edge, EdgeStatus, EventPage, EventRecord, EvidenceRef, Location, SearchHit,
    Stats, StoredDocument, TimelineEntry,
};
use serde::Serialize;
use utoipa::ToSchema;

/// An actor as facts name it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq, PartialOrd, Ord)]
pub struct ActorRef {
    /// Stable id from the actor pack ("jnim", "csp-psd") or a candidate id.
    pub id: String,
    pub name: String,
    /// Actor kind ("rebel_group", "jihadist_group", "state_force", …) when known.
    pub kind: Option<String>,
}

impl From<&FactActor> for ActorRef {
    fn from(a: &FactActor) -> Self {
        ActorRef {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.clone(),
        }
    }
}

/// A sentence that supports a fact, where it is, who says it and how.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceView {
    pub doc_id: String,
    pub title: Option<String>,
    pub source_path: String,
    pub url: Option<String>,
    /// The document's publication date, when known.
    pub published: Option<String>,
    pub sentence: String,
    /// Byte offsets of the sentence in the cleaned text (`text` of the document).
    pub start: i64,
    pub end: i64,
    /// Byte offsets of the sentence in the raw input.
    pub raw_start: i64,
    pub raw_end: i64,
    /// Who the text says the claim comes from ("a Malian security source").
    pub attribution: Option<String>,
    /// asserted, intended or speculative.
    pub modality: String,
    /// positive, or negative for denied and ruled-out claims.
    pub polarity: String,
    /// The date this evidence gives the fact.
    pub date: Option<String>,
}

impl From<&EvidenceRef> for EvidenceView {
    fn from(e: &EvidenceRef) -> Self {
        EvidenceView {
            doc_id: e.doc_id.clone(),
            title: e.title.clone(),
            source_path: e.source_path.clone(),
            url: e.url.clone(),
            published: e.published.clone(),
            sentence: e.sentence.clone(),
            start: e.start,
            end: e.end,
            raw_start: e.raw_start,
            raw_end: e.raw_end,
            attribution: e.attribution.clone(),
            modality: e.modality.clone(),
            polarity: e.polarity.clone(),
            date: e.date.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocationView {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub admin1: Option<String>,
    pub country: Option<String>,
    /// ACLED geo precision: 1 the place itself, 2 near it, 3 a region.
    pub geo_precision: Option<u8>,
}

impl From<&Location> for LocationView {
    fn from(l: &Location) -> Self {
        LocationView {
            name: l.name.clone(),
            lat: l.lat,
            lon: l.lon,
            admin1: l.admin1.clone(),
            country: l.country.clone(),
            geo_precision: l.geo_precision,
        }
    }
}

/// One report's fatality count.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportedCount {
    pub doc_id: String,
    pub fatalities: u32,
}

/// One real event, merged from every report of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    /// One of ACLED's six event types.
    pub event_type: String,
    /// One of ACLED's 25 sub-event types.
    pub sub_event_type: String,
    /// The most precise date a report gives (YYYY, YYYY-MM or YYYY-MM-DD).
    pub date: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    /// ACLED time precision: 1 day, 2 week, 3 month or coarser.
    pub time_precision: Option<u8>,
    pub actor1: Option<ActorRef>,
    pub actor2: Option<ActorRef>,
    pub assoc_actors: Vec<ActorRef>,
    pub location: Option<LocationView>,
    /// ACLED's conservative choice among the reports' counts.
    pub fatalities: Option<u32>,
    pub fatalities_estimated: bool,
    pub fatalities_reported: Vec<ReportedCount>,
    pub modality: String,
    pub polarity: String,
    /// Number of reports of the event.
    pub source_count: usize,
    /// Every report of the event, with its evidence sentence (empty in `compact` listings).
    pub sources: Vec<EvidenceView>,
}

impl From<&EventRecord> for EventView {
    fn from(e: &EventRecord) -> Self {
        EventView {
            id: e.id,
            event_type: e.event_type.clone(),
            sub_event_type: e.sub_event_type.clone(),
            date: e.date.clone(),
            date_start: e.date_start.clone(),
            date_end: e.date_end.clone(),
            time_precision: e.time_precision,
            actor1: e.actor1.as_ref().map(ActorRef::from),
            actor2: e.actor2.as_ref().map(ActorRef::from),
            assoc_actors: e.assoc_actors.iter().map(ActorRef::from).collect(),
            location: e.location.as_ref().map(LocationView::from),
            fatalities: e.fatalities,
            fatalities_estimated: e.fatalities_estimated,
            fatalities_reported: e
                .fatalities_reported
                .iter()
                .map(|(doc_id, fatalities)| ReportedCount {
                    doc_id: doc_id.clone(),
                    fatalities: *fatalities,
                })
                .collect(),
            modality: e.modality.clone(),
            polarity: e.polarity.clone(),
            source_count: e.source_count,
            sources: e.sources.iter().map(EvidenceView::from).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventsView {
    pub events: Vec<EventView>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<i64>,
}

impl From<&EventPage> for EventsView {
    fn from(p: &EventPage) -> Self {
        EventsView {
            events: p.events.iter().map(EventView::from).collect(),
            next_cursor: p.next_cursor,
        }
    }
}

/// Event counts per period, for the timeline histogram.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistogramView {
    /// "day" or "month".
    pub bucket: String,
    pub bins: Vec<HistogramBin>,
    /// Matching events without a date.
    pub undated: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct HistogramBin {
    /// First day of the period (YYYY-MM-DD).
    pub start: String,
    pub count: u64,
}

/// The state of one actor pair and predicate at a date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EdgeView {
    pub source: ActorRef,
    pub target: ActorRef,
    /// member_of, allied_with, non_aggression_pact, negotiating_with, hostile_to, …
    pub predicate: String,
    /// established, ended, denied, intended or speculative.
    pub status: String,
    /// Modality and polarity of the deciding (newest relevant) evidence.
    pub modality: String,
    pub polarity: String,
    /// Whether the predicate reads the same both ways (drawn without an arrow).
    pub symmetric: bool,
    pub evidence_count: usize,
    /// Positive and negative claims both exist up to the date.
    pub conflicting: bool,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Evidence up to the date, newest first.
    pub evidence: Vec<EvidenceView>,
}

pub fn status_str(s: EdgeStatus) -> &'static str {
    match s {
        EdgeStatus::Established => "established",
        EdgeStatus::Ended => "ended",
        EdgeStatus::Denied => "denied",
        EdgeStatus::Intended => "intended",
        EdgeStatus::Speculative => "speculative",
    }
}

impl From<&Edge> for EdgeView {
    fn from(e: &Edge) -> Self {
        let symmetric = e
            .predicate
            .parse::<faultline_model::fact::Predicate>()
            .is_ok_and(|p| p.is_symmetric())
            || e.predicate == "hostile_to";
        EdgeView {
            source: ActorRef::from(&e.subject),
            target: ActorRef::from(&e.object),
            predicate: e.predicate.clone(),
            status: status_str(e.status).to_string(),
            modality: e.modality.clone(),
            polarity: e.polarity.clone(),
            symmetric,
            evidence_count: e.evidence_count,
            conflicting: e.conflicting,
            first_seen: e.first_seen.clone(),
            last_seen: e.last_seen.clone(),
            evidence: e.evidence.iter().map(EvidenceView::from).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationsView {
    pub at: String,
    pub actor: Option<String>,
    pub edges: Vec<EdgeView>,
}

/// An actor in the graph at a date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NodeView {
    pub id: String,
    /// The name the actor carried at the date.
    pub name: String,
    pub kind: Option<String>,
    /// The coalition the actor belonged to at the date, when that coalition is in the graph.
    pub coalition: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GraphView {
    pub at: String,
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
}

/// A listing entry.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorSummary {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub countries: Vec<String>,
    /// Mentions in the stored documents.
    pub mentions: i64,
    /// Whether the actor comes from the actor pack (else it was learned from text).
    pub in_pack: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorsView {
    pub actors: Vec<ActorSummary>,
}

/// A name an actor carried for a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NameView {
    pub name: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A relation from the actor pack (reviewed reference data, not read from articles).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackRelationView {
    /// member_of, leader_of, successor_of, split_from, …
    pub relation: String,
    pub subject: ActorRef,
    pub object: ActorRef,
    pub title: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Where the pack says this comes from.
    pub source: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, Default)]
pub struct ActivityView {
    pub mentions: i64,
    pub documents: i64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

impl From<&ActorActivity> for ActivityView {
    fn from(a: &ActorActivity) -> Self {
        ActivityView {
            mentions: a.mentions,
            documents: a.documents,
            first_seen: a.first_seen.clone(),
            last_seen: a.last_seen.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineEntryView {
    pub date: Option<String>,
    pub date_start: Option<String>,
    /// "event" or "relation".
    pub kind: String,
    pub summary: String,
    pub event_id: Option<i64>,
    pub evidence: EvidenceView,
}

impl From<&TimelineEntry> for TimelineEntryView {
    fn from(t: &TimelineEntry) -> Self {
        TimelineEntryView {
            date: t.date.clone(),
            date_start: t.date_start.clone(),
            kind: t.kind.clone(),
            summary: t.summary.clone(),
            event_id: t.event_id,
            evidence: EvidenceView::from(&t.evidence),
        }
    }
}

/// Everything about one actor: names over time, memberships, leaders, activity, timeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorDetail {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub countries: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub in_pack: bool,
    pub names: Vec<NameView>,
    pub aliases: Vec<String>,
    /// Pack relations where the actor is the subject (its memberships, its leaders' roles).
    pub memberships: Vec<PackRelationView>,
    /// Pack relations where the actor is the object (its members, leaders, successors).
    pub members: Vec<PackRelationView>,
    pub activity: ActivityView,
    /// The newest entries of the actor's timeline (at most `api::ACTOR_TIMELINE`), in date
    /// order, undated ones last.
    pub timeline: Vec<TimelineEntryView>,
    /// How many entries the timeline has in all.
    pub timeline_total: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpanView {
    pub start: usize,
    pub end: usize,
}

impl From<&Span> for SpanView {
    fn from(s: &Span) -> Self {
        SpanView {
            start: s.start,
            end: s.end,
        }
    }
}

/// An annotated span of the cleaned text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MarkView {
    pub start: usize,
    pub end: usize,
    /// What the span is: mention, time, place, event or relation.
    pub layer: String,
    /// A short reading of the span ("Kidal (ML)", "2023-11-14", "JNIM · jihadist_group").
    pub label: String,
    /// The actor, for mentions.
    pub actor: Option<ActorRef>,
}

/// A stored document with its raw and cleaned text and every annotated span.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub version: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub source_path: String,
    /// Publication date (label) when known.
    pub published: Option<String>,
    pub language: String,
    pub ingested_at: String,
    pub raw: String,
    /// The cleaned text; every offset in this answer points into it.
    pub text: String,
    pub sentences: Vec<SpanView>,
    pub marks: Vec<MarkView>,
}

impl From<&StoredDocument> for DocumentView {
    fn from(d: &StoredDocument) -> Self {
        let a: &Analysis = &d.analysis;
        let doc = &a.document;
        let mut marks = Vec::new();
        for m in &a.mentions {
            let label = match &m.actor {
                Some(actor) => format!("{} · {}", actor.name, actor.kind),
                None => "unresolved mention".to_string(),
            };
            marks.push(MarkView {
                start: m.start,
                end: m.end,
                layer: "mention".into(),
                label,
                actor: m.actor.as_ref().map(|x| ActorRef {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    kind: Some(x.kind.clone()),
                }),
            });
        }
        for t in &a.times {
            marks.push(MarkView {
                start: t.start,
                end: t.end,
                layer: "time".into(),
                label: t
                    .time
                    .map(|v| {
                        if v.start == v.end {
                            v.start.to_string()
                        } else {
                            format!("{} – {}", v.start, v.end)
                        }
                    })
                    .unwrap_or_else(|| "undated".into()),
                actor: None,
            });
        }
        for p in &a.places {
            marks.push(MarkView {
                start: p.start,
                end: p.end,
                layer: "place".into(),
                label: format!("{} ({})", p.name, p.country),
                actor: None,
            });
        }
        for e in &a.events {
            marks.push(MarkView {
                start: e.evidence.start,
                end: e.evidence.end,
                layer: "event".into(),
                label: format!("{} ({})", e.sub_event_type.as_str(), e.modality.as_str()),
                actor: None,
            });
        }
        for r in &a.relations {
            marks.push(MarkView {
                start: r.evidence.start,
                end: r.evidence.end,
                layer: "relation".into(),
                label: format!(
                    "{} {} {} ({}, {})",
                    r.subject.name,
                    r.predicate.as_str(),
                    r.object.name,
                    r.modality.as_str(),
                    r.polarity.as_str()
                ),
                actor: None,
            });
        }
        marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        DocumentView {
            id: doc.id.0.clone(),
            version: d.version,
            title: doc.meta.title.clone(),
            url: doc.meta.url.clone(),
            publisher: doc.meta.source.clone(),
            source_path: doc.source.path.clone(),
            published: a.published.time.and_then(|t| t.label()),
            language: doc.language.code.clone(),
            ingested_at: d.ingested_at.clone(),
            raw: doc.raw.clone(),
            text: doc.text.clone(),
            sentences: doc.sentences.iter().map(SpanView::from).collect(),
            marks,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHitView {
    pub doc_id: String,
    pub title: Option<String>,
    pub source_path: String,
    pub sentence: String,
    /// Byte offsets of the sentence in the cleaned text.
    pub start: i64,
    pub end: i64,
    /// Byte ranges of the matched words within `sentence`.
    pub matches: Vec<SpanView>,
}

impl From<&SearchHit> for SearchHitView {
    fn from(h: &SearchHit) -> Self {
        SearchHitView {
            doc_id: h.doc_id.clone(),
            title: h.title.clone(),
            source_path: h.source_path.clone(),
            sentence: h.sentence.clone(),
            start: h.start,
            end: h.end,
            matches: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchView {
    pub query: String,
    pub hits: Vec<SearchHitView>,
    /// Actors whose name or alias matches the query.
    pub actors: Vec<ActorRef>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LanguageCount {
    pub language: String,
    pub documents: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsView {
    pub documents: i64,
    pub articles: i64,
    pub sentences: i64,
    pub languages: Vec<LanguageCount>,
    /// Earliest and latest event dates, to bound the timeline.
    pub first_event: Option<String>,
    pub last_event: Option<String>,
    /// Earliest and latest dates of relation evidence.
    pub first_relation: Option<String>,
    pub last_relation: Option<String>,
}

impl StatsView {
    pub fn new(s: &Stats) -> Self {
        StatsView {
            documents: s.documents,
            articles: s.articles,
            sentences: s.sentences,
            languages: s
                .languages
                .iter()
                .map(|(language, documents)| LanguageCount {
                    language: language.clone(),
                    documents: *documents,
                })
                .collect(),
            first_event: None,
            last_event: None,
            first_relation: None,
            last_relation: None,
        }
    }
}

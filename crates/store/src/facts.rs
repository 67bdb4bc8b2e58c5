//! Facts in the store: writing what one analysis found, merging reports of the same real event
//! across documents, and the time-aware queries (the graph of actors at a date, events,
//! timelines).
//!
//! The merge rules live here because they need every document: the engine sees one document
//! at a time. The state of an actor pair at a date is derived from the dated evidence before
//! that date when asked, never stored, so that a newly ingested article can change the past.

use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};

use faultline_model::fact::{Event, FactActor, Modality, Polarity, Relation, SubEventType};
use faultline_model::time::iso_day;
use rusqlite::{Connection, OptionalExtension, ToSql, params};
use serde::{Deserialize, Serialize};

use crate::encode::{self, Encoded, RelationRow, event_actors};
use crate::{Result, Store};
use crate::{clusters, rows};

/// How many sentences [`Store::relations_at`] returns per edge.
pub const EDGE_EVIDENCE: usize = 20;

/// How many sources an event listing shows per event unless asked otherwise: enough to read
/// the story, bounded so that a page costs the same for events of any number of reports.
pub const EVENT_SOURCES: usize = 20;

/// Within this distance two reports' places can be the same event's.
const SAME_PLACE_KM: f64 = 30.0;

/// A sentence that supports a fact, with where to find it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRef {
    pub doc_id: String,
    pub title: Option<String>,
    pub source_path: String,
    pub url: Option<String>,
    /// The document's publication date label, when known.
    pub published: Option<String>,
    pub sentence: String,
    /// Byte offsets of the sentence in the cleaned text and in the raw input.
    pub start: i64,
    pub end: i64,
    pub raw_start: i64,
    pub raw_end: i64,
    pub attribution: Option<String>,
    pub modality: String,
    pub polarity: String,
    /// The date this piece of evidence gives the fact, when it gives one.
    pub date: Option<String>,
}

/// An event as the store knows it: one real event with every report of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Id of the merged event (the first report's row id).
    pub id: i64,
    pub event_type: String,
    pub sub_event_type: String,
    /// The most precise date any report gives.
    pub date: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub time_precision: Option<u8>,
    pub actor1: Option<FactActor>,
    pub actor2: Option<FactActor>,
    pub assoc_actors: Vec<FactActor>,
    pub location: Option<Location>,
    /// ACLED's conservative choice among the reports' counts (the lowest stated).
    pub fatalities: Option<u32>,
    pub fatalities_estimated: bool,
    /// The counts reports give, with their documents: every report's when the event is
    /// read with all its sources, else each distinct count once, with the first document
    /// that gave it.
    pub fatalities_reported: Vec<(String, u32)>,
    pub modality: String,
    pub polarity: String,
    /// How many reports the event has.
    pub source_count: usize,
    /// The reports, oldest first: all of them, or as many as the query asked for.
    pub sources: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub admin1: Option<String>,
    pub country: Option<String>,
    pub geo_precision: Option<u8>,
}

/// Filters for [`Store::events`]. Dates are ISO days; an event matches a date window when its
/// date range overlaps it.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub actor: Option<String>,
    /// An event type ("Battles") or sub-event type ("Armed clash").
    pub event_type: Option<String>,
    /// min lon, min lat, max lon, max lat.
    pub bbox: Option<[f64; 4]>,
    pub limit: usize,
    /// Return events whose id is greater than this (from the previous page's `next_cursor`).
    pub cursor: Option<i64>,
    /// Include planned, speculative and denied events (excluded by default).
    pub all_modalities: bool,
    /// At most this many sources per event (`source_count` is always the full count);
    /// `None` for all of them.
    pub sources: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    pub events: Vec<EventRecord>,
    pub next_cursor: Option<i64>,
}

/// The state of a relation between two actors at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeStatus {
    /// Asserted and not contradicted by newer evidence.
    Established,
    /// Asserted once, then denied or ended by newer negative evidence.
    Ended,
    /// Only ever denied or ruled out.
    Denied,
    /// Wanted, planned, expected or threatened, never asserted.
    Intended,
    /// Rumoured or possible, never asserted.
    Speculative,
}

/// One actor pair and predicate at a date, with the evidence that decides it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub subject: FactActor,
    pub predicate: String,
    pub object: FactActor,
    pub status: EdgeStatus,
    /// Modality and polarity of the deciding (newest relevant) evidence.
    pub modality: String,
    pub polarity: String,
    pub evidence_count: usize,
    /// Positive and negative claims both exist up to the date.
    pub conflicting: bool,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Evidence up to the date, newest first.
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Graph {
    pub at: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// One dated item in an actor's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: Option<String>,
    pub date_start: Option<String>,
    /// "event" or "relation".
    pub kind: String,
    pub summary: String,
    pub event_id: Option<i64>,
    pub evidence: EvidenceRef,
}

/// An actor's newest timeline entries, and how many it has in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// In date order, undated entries last.
    pub entries: Vec<TimelineEntry>,
    /// Event reports naming the actor plus statements of its relations.
    pub total: usize,
}

/// One relation as one document states it, for exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationStatement {
    pub subject: FactActor,
    pub predicate: String,
    pub object: FactActor,
    pub modality: String,
    pub polarity: String,
    pub attribution: Option<String>,
    pub when: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub doc_id: String,
    pub source_path: String,
    pub url: Option<String>,
    pub sentence: String,
    pub start: i64,
    pub end: i64,
}

/// How often and when the store has seen an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ActorActivity {
    pub mentions: i64,
    pub documents: i64,
    /// Earliest and latest publication day of a dated document mentioning the actor
    /// (undated documents say nothing about when).
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// A document's event reports and mention totals. `first` holds the ids of the document's
/// first sentence and event report; the others follow in order. Facts name their evidence
/// sentence by its row id, one lookup away when read. Its relation statements are written
/// with the rest of its batch's ([`insert_relations`]).
pub(crate) fn insert_facts(
    tx: &Connection,
    doc: &Encoded,
    first: crate::NextIds,
    sums: &mut BatchSums,
) -> Result<()> {
    sums.add_document(doc);
    sums.add_mentions(doc);
    for (i, e) in doc.events.iter().enumerate() {
        insert_event(tx, &doc.id, i, first.event + i as i64, e, first.sentence)?;
    }
    Ok(())
}

/// A relation statement's values for its row and for the daily and yearly sums of its edge.
struct RelationValues<'a> {
    id: i64,
    idx: i64,
    subject: &'a str,
    predicate: &'static str,
    object: &'a str,
    modality: &'static str,
    polarity: &'static str,
    attribution: Option<&'a str>,
    when_start: Option<String>,
    when_end: Option<String>,
    since: Option<String>,
    until: Option<String>,
    start: i64,
    end: i64,
    raw_start: i64,
    raw_end: i64,
    sentence: Option<i64>,
    edge: i64,
    year: &'a str,
    /// What the statement adds to its edge's sums for its year and for its day.
    year_sum: Sum,
    day_sum: Sum,
}

/// The relation statements of a batch's new documents, each document's numbered from the
/// ids it was given (`NextIds`; given, not taken from each insert, so that all rows go in a
/// few statements across documents), and what they add to the edges' sums.
pub(crate) fn insert_relations(
    tx: &Connection,
    docs: &[(&Encoded, crate::NextIds)],
    sums: &mut BatchSums,
) -> Result<()> {
    let values: Vec<(RelationValues<'_>, &RelationRow, &str)> = docs
        .iter()
        .flat_map(|(doc, first)| {
            doc.relations.iter().enumerate().map(move |(i, row)| {
                (
                    relation_values(row, i, first.relation, first.sentence),
                    row,
                    doc.id.as_str(),
                )
            })
        })
        .collect();
    if values.is_empty() {
        return Ok(());
    }
    let rows: Vec<[&dyn ToSql; 22]> = values
        .iter()
        .map(|(v, row, doc_id)| -> [&dyn ToSql; 22] {
            [
                &v.id,
                doc_id,
                &v.idx,
                &v.subject,
                &v.predicate,
                &v.object,
                &v.modality,
                &v.polarity,
                &v.attribution,
                &row.relation.when.label,
                &v.when_start,
                &v.when_end,
                &v.since,
                &v.until,
                &v.start,
                &v.end,
                &row.json,
                &row.day,
                &v.raw_start,
                &v.raw_end,
                &v.sentence,
                &v.edge,
            ]
        })
        .collect();
    rows::insert_rows(
        tx,
        "INSERT INTO relations (id, doc_id, idx, subject, predicate, object, modality, polarity,
                                attribution, when_label, when_start, when_end, since, until,
                                start, \"end\", json, day, raw_start, raw_end, sentence, edge)",
        "",
        &rows,
    )?;
    let BatchSums {
        years, days, key, ..
    } = sums;
    for (v, row, _) in &values {
        let (s, p, o) = (v.subject, v.predicate, v.object);
        add_sum(years, join_key(key, &[s, p, o, v.year]), &v.year_sum);
        add_sum(days, join_key(key, &[&row.day, s, p, o]), &v.day_sum);
    }
    Ok(())
}

/// Statement `i` of a document whose first statement gets id `next` and whose first
/// sentence row is `first_sentence`.
fn relation_values(
    row: &RelationRow,
    i: usize,
    next: i64,
    first_sentence: i64,
) -> RelationValues<'_> {
    let r = &row.relation;
    let (subject, object) = oriented(r);
    let id = next + i as i64;
    let range = r.when.range;
    let until = r.until.map(|t| iso_day(t.end));
    let asserted = r.modality == Modality::Asserted;
    let positive = r.polarity == Polarity::Positive;
    let newest = newest_key(&row.day, id);
    let day_sum = Sum {
        evidence: 1,
        asserted_positive: i64::from(asserted && positive),
        asserted_negative: i64::from(asserted && !positive),
        intended: i64::from(r.modality == Modality::Intended && positive),
        speculative: i64::from(r.modality == Modality::Speculative && positive),
        open_positive: i64::from(asserted && positive && r.until.is_none()),
        newest_positive: (asserted && positive).then_some(id),
        newest_negative: (asserted && !positive).then_some(id),
        until_max: until.clone().filter(|_| asserted && positive),
        first_day: None,
        last_day: None,
    };
    let dated_day = Some(row.day.clone()).filter(|d| !d.is_empty());
    let year_sum = Sum {
        newest_positive: day_sum.newest_positive.map(|_| newest),
        newest_negative: day_sum.newest_negative.map(|_| newest),
        first_day: dated_day.clone(),
        last_day: dated_day,
        ..day_sum.clone()
    };
    RelationValues {
        id,
        idx: i as i64,
        subject: &subject.id,
        predicate: r.predicate.as_str(),
        object: &object.id,
        modality: r.modality.as_str(),
        polarity: r.polarity.as_str(),
        attribution: r.attribution.as_ref().map(|a| a.text.as_str()),
        when_start: range.map(|d| iso_day(d.from)),
        when_end: range.map(|d| iso_day(d.to)),
        since: r.since.map(|t| iso_day(t.start)),
        until,
        start: r.evidence.start as i64,
        end: r.evidence.end as i64,
        raw_start: row.raw_start as i64,
        raw_end: row.raw_end as i64,
        sentence: row.sentence.map(|i| first_sentence + i),
        edge: edge_key(&subject.id, r.predicate.as_str(), &object.id),
        year: row.day.get(..4).unwrap_or(""),
        year_sum,
        day_sum,
    }
}

/// The key `relations_edge` indexes an edge by (schema 12): the first 8 bytes of the BLAKE3
/// hash of its oriented subject, predicate and object. Eight bytes against the forty-odd of
/// the three names keep the index half as wide, and so the pages each batch rewrites in it
/// (see migration 0012). Queries compare the names too, so a collision costs time, not
/// answers. Stored in every row: the function must never change.
pub(crate) fn edge_key(subject: &str, predicate: &str, object: &str) -> i64 {
    let mut hasher = blake3::Hasher::new();
    for (i, field) in [subject, predicate, object].into_iter().enumerate() {
        if i > 0 {
            hasher.update(&[0x1f]);
        }
        hasher.update(field.as_bytes());
    }
    let bytes = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&bytes.as_bytes()[..8]);
    i64::from_le_bytes(first)
}

/// Makes [`edge_key`] callable from SQL as `faultline_edge_key(subject, predicate, object)`,
/// for the migration that fills it in older rows.
pub(crate) fn register_edge_key(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "faultline_edge_key",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(edge_key(
                &ctx.get::<String>(0)?,
                &ctx.get::<String>(1)?,
                &ctx.get::<String>(2)?,
            ))
        },
    )?;
    Ok(())
}

/// Joins a row key's fields with a separator below every character they hold (ids, days,
/// predicates, words), so that joined keys sort as the fields do.
const KEY_SEPARATOR: char = '\u{1f}';

/// `fields` joined into `key`, a buffer reused so that a key the batch has seen allocates
/// nothing.
fn join_key<'k>(key: &'k mut String, fields: &[&str]) -> &'k str {
    key.clear();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            key.push(KEY_SEPARATOR);
        }
        key.push_str(f);
    }
    key
}

fn add_sum(map: &mut FxHashMap<String, Sum>, key: &str, sum: &Sum) {
    match map.get_mut(key) {
        Some(total) => total.add(sum),
        None => {
            let mut total = Sum::default();
            total.add(sum);
            map.insert(key.to_string(), total);
        }
    }
}

/// What a set of relation statements adds to an edge's yearly or daily sums.
#[derive(Debug, Clone, Default)]
struct Sum {
    evidence: i64,
    asserted_positive: i64,
    asserted_negative: i64,
    intended: i64,
    speculative: i64,
    open_positive: i64,
    /// Yearly: newest key (day * 10^10 + id); daily: the newest statement's id.
    newest_positive: Option<i64>,
    newest_negative: Option<i64>,
    until_max: Option<String>,
    first_day: Option<String>,
    last_day: Option<String>,
}

impl Sum {
    fn add(&mut self, other: &Sum) {
        self.evidence += other.evidence;
        self.asserted_positive += other.asserted_positive;
        self.asserted_negative += other.asserted_negative;
        self.intended += other.intended;
        self.speculative += other.speculative;
        self.open_positive += other.open_positive;
        self.newest_positive = self.newest_positive.max(other.newest_positive);
        self.newest_negative = self.newest_negative.max(other.newest_negative);
        self.until_max = self.until_max.take().max(other.until_max.clone());
        self.first_day = min_some(self.first_day.take(), other.first_day.clone());
        self.last_day = self.last_day.take().max(other.last_day.clone());
    }
}

/// What a transaction adds to the tables of totals, written once per key when it commits
/// (`Store::commit_group`): the yearly and daily sums of its relation statements, its mention
/// totals and the actors it names. News repeats its edges and actors (the same two groups
/// fighting, reported by many articles), and one upsert per statement, or per document and
/// actor, was most of what writing them cost; once per batch, the same keys were still
/// written again by every batch of a transaction. Every total is a sum, a minimum or a
/// maximum, or keeps the first value seen, so adding many documents at once gives the rows
/// that adding them one by one gave.
#[derive(Debug, Default)]
pub(crate) struct BatchSums {
    /// Keys are a row's key fields joined (see [`join_key`]). By subject, predicate, object
    /// and year.
    years: FxHashMap<String, Sum>,
    /// By day, subject, predicate and object, as `relation_days` is keyed.
    days: FxHashMap<String, Sum>,
    /// By actor id ('' for unlinked mentions) and a candidate's words.
    mentions: FxHashMap<String, MentionTotal>,
    /// Where a key is joined before it is looked up.
    key: String,
    /// An actor's name from its first document, its kind from the first that knows it.
    actors: BTreeMap<String, (String, Option<String>)>,
    /// By language: what `document_totals` adds up for `Store::stats`.
    languages: BTreeMap<String, LanguageTotal>,
}

/// A `document_totals` row's worth of a batch.
#[derive(Debug, Default)]
struct LanguageTotal {
    documents: i64,
    sentences: i64,
    first_published: Option<String>,
    last_published: Option<String>,
}

/// A `mention_totals` row's worth of a batch.
#[derive(Debug)]
struct MentionTotal {
    mentions: i64,
    documents: i64,
    first_doc: String,
    first_seen: Option<String>,
    last_seen: Option<String>,
}

impl BatchSums {
    /// A table's totals with their key's `N` fields, in key order.
    fn sorted<const N: usize, V>(map: &FxHashMap<String, V>) -> Vec<([&str; N], &V)> {
        let mut rows: Vec<(&String, &V)> = map.iter().collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
        rows.into_iter()
            .map(|(key, value)| {
                let mut fields = key.split(KEY_SEPARATOR);
                (std::array::from_fn(|_| fields.next().unwrap_or("")), value)
            })
            .collect()
    }

    /// The document's place in the per-language totals.
    fn add_document(&mut self, doc: &Encoded) {
        let total = self.languages.entry(doc.language.clone()).or_default();
        total.documents += 1;
        total.sentences += doc.sentences.len() as i64;
        total.first_published = min_some(total.first_published.take(), doc.published.start.clone());
        total.last_published = total.last_published.take().max(doc.published.end.clone());
    }

    /// Counts the document's mentions and notes the actors it names.
    fn add_mentions(&mut self, doc: &Encoded) {
        let published = &doc.published;
        for m in &doc.mentions {
            let key = join_key(&mut self.key, &[&m.actor, &m.words]);
            match self.mentions.get_mut(key) {
                Some(t) => {
                    t.mentions += m.n;
                    t.documents += 1;
                    if doc.id < t.first_doc {
                        t.first_doc.clone_from(&doc.id);
                    }
                    t.first_seen = min_some(t.first_seen.take(), published.start.clone());
                    t.last_seen = t.last_seen.take().max(published.end.clone());
                }
                None => {
                    self.mentions.insert(
                        key.to_string(),
                        MentionTotal {
                            mentions: m.n,
                            documents: 1,
                            first_doc: doc.id.clone(),
                            first_seen: published.start.clone(),
                            last_seen: published.end.clone(),
                        },
                    );
                }
            }
        }
        for a in &doc.actors {
            match self.actors.get_mut(&a.id) {
                Some((_, kind)) => {
                    if kind.is_none() {
                        kind.clone_from(&a.kind);
                    }
                }
                None => {
                    self.actors
                        .insert(a.id.clone(), (a.name.clone(), a.kind.clone()));
                }
            }
        }
    }

    /// Adds the transaction's totals to their tables, in key order.
    pub(crate) fn write(self, tx: &Connection) -> Result<()> {
        let mentions = Self::sorted::<2, _>(&self.mentions);
        let rows: Vec<[&dyn ToSql; 7]> = mentions
            .iter()
            .map(|([actor, words], t)| -> [&dyn ToSql; 7] {
                [
                    actor,
                    words,
                    &t.mentions,
                    &t.documents,
                    &t.first_doc,
                    &t.first_seen,
                    &t.last_seen,
                ]
            })
            .collect();
        rows::insert_rows(
            tx,
            "INSERT INTO mention_totals (actor_id, words, mentions, documents, first_doc,
                                         first_seen, last_seen)",
            "ON CONFLICT (actor_id, words) DO UPDATE SET
                 mentions = mentions + excluded.mentions,
                 documents = documents + excluded.documents,
                 first_doc = min(first_doc, excluded.first_doc),
                 first_seen = coalesce(min(first_seen, excluded.first_seen), first_seen,
                                       excluded.first_seen),
                 last_seen = coalesce(max(last_seen, excluded.last_seen), last_seen,
                                      excluded.last_seen)",
            &rows,
        )?;
        let rows: Vec<[&dyn ToSql; 5]> = self
            .languages
            .iter()
            .map(|(language, t)| -> [&dyn ToSql; 5] {
                [
                    language,
                    &t.documents,
                    &t.sentences,
                    &t.first_published,
                    &t.last_published,
                ]
            })
            .collect();
        rows::insert_rows(
            tx,
            "INSERT INTO document_totals (language, documents, sentences, first_published,
                                          last_published)",
            "ON CONFLICT (language) DO UPDATE SET
                 documents = documents + excluded.documents,
                 sentences = sentences + excluded.sentences,
                 first_published = coalesce(min(first_published, excluded.first_published),
                                            first_published, excluded.first_published),
                 last_published = coalesce(max(last_published, excluded.last_published),
                                           last_published, excluded.last_published)",
            &rows,
        )?;
        // A kind learned later fills one missing; a known row is not rewritten.
        let rows: Vec<[&dyn ToSql; 3]> = self
            .actors
            .iter()
            .map(|(id, (name, kind))| -> [&dyn ToSql; 3] { [id, name, kind] })
            .collect();
        rows::insert_rows(
            tx,
            "INSERT INTO actors_seen (id, name, kind)",
            "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind
             WHERE actors_seen.kind IS NULL AND excluded.kind IS NOT NULL",
            &rows,
        )?;
        let years = Self::sorted(&self.years);
        let rows: Vec<[&dyn ToSql; 15]> = years
            .iter()
            .map(|([s, p, o, year], v)| -> [&dyn ToSql; 15] {
                [
                    s,
                    p,
                    o,
                    year,
                    &v.evidence,
                    &v.asserted_positive,
                    &v.asserted_negative,
                    &v.intended,
                    &v.speculative,
                    &v.newest_positive,
                    &v.newest_negative,
                    &v.open_positive,
                    &v.until_max,
                    &v.first_day,
                    &v.last_day,
                ]
            })
            .collect();
        rows::insert_rows(
            tx,
            "INSERT INTO relation_years (subject, predicate, object, year, evidence,
                                         asserted_positive, asserted_negative, intended,
                                         speculative, newest_positive, newest_negative,
                                         open_positive, until_max, first_day, last_day)",
            "ON CONFLICT (subject, predicate, object, year) DO UPDATE SET
                 evidence = evidence + excluded.evidence,
                 asserted_positive = asserted_positive + excluded.asserted_positive,
                 asserted_negative = asserted_negative + excluded.asserted_negative,
                 intended = intended + excluded.intended,
                 speculative = speculative + excluded.speculative,
                 newest_positive = coalesce(max(newest_positive, excluded.newest_positive),
                                            newest_positive, excluded.newest_positive),
                 newest_negative = coalesce(max(newest_negative, excluded.newest_negative),
                                            newest_negative, excluded.newest_negative),
                 open_positive = open_positive + excluded.open_positive,
                 until_max = coalesce(max(until_max, excluded.until_max), until_max,
                                      excluded.until_max),
                 first_day = coalesce(min(first_day, excluded.first_day), first_day,
                                      excluded.first_day),
                 last_day = coalesce(max(last_day, excluded.last_day), last_day,
                                     excluded.last_day)",
            &rows,
        )?;
        let days = Self::sorted(&self.days);
        let rows: Vec<[&dyn ToSql; 13]> = days
            .iter()
            .map(|([day, s, p, o], v)| -> [&dyn ToSql; 13] {
                [
                    s,
                    p,
                    o,
                    day,
                    &v.evidence,
                    &v.asserted_positive,
                    &v.asserted_negative,
                    &v.intended,
                    &v.speculative,
                    &v.newest_positive,
                    &v.newest_negative,
                    &v.open_positive,
                    &v.until_max,
                ]
            })
            .collect();
        rows::insert_rows(
            tx,
            "INSERT INTO relation_days (subject, predicate, object, day, evidence,
                                        asserted_positive, asserted_negative, intended,
                                        speculative, last_positive, last_negative,
                                        open_positive, until_max)",
            "ON CONFLICT (day, subject, predicate, object) DO UPDATE SET
                 evidence = evidence + excluded.evidence,
                 asserted_positive = asserted_positive + excluded.asserted_positive,
                 asserted_negative = asserted_negative + excluded.asserted_negative,
                 intended = intended + excluded.intended,
                 speculative = speculative + excluded.speculative,
                 last_positive = coalesce(max(last_positive, excluded.last_positive),
                                          last_positive, excluded.last_positive),
                 last_negative = coalesce(max(last_negative, excluded.last_negative),
                                          last_negative, excluded.last_negative),
                 open_positive = open_positive + excluded.open_positive,
                 until_max = coalesce(max(until_max, excluded.until_max), until_max,
                                      excluded.until_max)",
            &rows,
        )
    }
}

/// The newest-statement key of `relation_years`: day (YYYYMMDD, 0 when undated) * 10^10 +
/// the statement's row id, so that comparing keys compares days, then insertion order.
fn newest_key(day: &str, id: i64) -> i64 {
    let digits: String = day.chars().filter(char::is_ascii_digit).collect();
    digits.parse::<i64>().unwrap_or(0) * 10_000_000_000 + id
}

/// The pair as stored: symmetric predicates in id order, so both directions are one edge.
fn oriented(r: &Relation) -> (&FactActor, &FactActor) {
    if r.predicate.is_symmetric() && r.object.id < r.subject.id {
        (&r.object, &r.subject)
    } else {
        (&r.subject, &r.object)
    }
}

fn insert_event(
    tx: &Connection,
    doc_id: &str,
    idx: usize,
    id: i64,
    row: &encode::EventRow,
    first_sentence: i64,
) -> Result<()> {
    let e = &row.event;
    let range = e.date.range;
    let loc = e.location.as_ref();
    // The event is found before the report is written, so the row is written once with its
    // cluster: updating it afterwards rewrote the row and its cluster index entry.
    let mergeable = e.modality == Modality::Asserted && e.polarity == Polarity::Positive;
    let cluster = if mergeable {
        find_cluster(tx, e)?.unwrap_or(id)
    } else {
        id
    };
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (id, doc_id, idx, cluster, event_type, sub_event_type, date, date_start,
                             date_end, time_precision, date_source, actor1, actor2, place, lat,
                             lon, admin1, country, geo_precision, fatalities,
                             fatalities_estimated, modality, polarity, attribution, start,
                             \"end\", json, raw_start, raw_end, sentence)
         VALUES (?28, ?1, ?2, ?29, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?30)",
    )?;
    insert.execute(params![
        doc_id,
        idx as i64,
        e.event_type().as_str(),
        e.sub_event_type.as_str(),
        e.date.label,
        range.map(|d| iso_day(d.from)),
        range.map(|d| iso_day(d.to)),
        e.date.acled_precision(),
        row.date_source,
        e.actor1.as_ref().map(|a| a.id.as_str()),
        e.actor2.as_ref().map(|a| a.id.as_str()),
        loc.map(|l| l.name.as_str()),
        loc.map(|l| l.lat),
        loc.map(|l| l.lon),
        loc.and_then(|l| l.admin1.as_deref()),
        loc.map(|l| l.country.as_str()),
        loc.map(|l| l.geo_precision),
        e.fatalities,
        e.fatalities_estimated,
        e.modality.as_str(),
        e.polarity.as_str(),
        e.attribution.as_ref().map(|a| a.text.as_str()),
        e.evidence.start as i64,
        e.evidence.end as i64,
        row.json,
        row.raw_start as i64,
        row.raw_end as i64,
        id,
        cluster,
        row.sentence.map(|i| first_sentence + i),
    ])?;
    let mut actor = tx.prepare_cached(
        "INSERT OR IGNORE INTO event_actors (event_id, actor_id, role, cluster)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (a, role) in e
        .actor1
        .iter()
        .map(|a| (a, "actor1"))
        .chain(e.actor2.iter().map(|a| (a, "actor2")))
        .chain(e.assoc_actors.iter().map(|a| (a, "assoc")))
    {
        actor.execute(params![id, a.id, role, cluster])?;
    }
    if mergeable && let Some(l) = loc {
        let day = range.map(|d| iso_day(d.from)).unwrap_or_default();
        tx.prepare_cached(
            "INSERT OR IGNORE INTO event_place_keys (sub_event_type, cell, date_start, cluster)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            e.sub_event_type.as_str(),
            place_cell(l.lat, l.lon),
            day,
            cluster
        ])?;
    }
    if mergeable && let Some(range) = e.date.range {
        let mut key = tx.prepare_cached(
            "INSERT OR IGNORE INTO event_merge_keys (actor_id, sub_event_type, date_start,
                                                     cluster)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        let from = iso_day(range.from);
        for a in event_actors(e) {
            key.execute(params![a.id, e.sub_event_type.as_str(), from, cluster])?;
        }
    }
    clusters::add_report(tx, cluster, doc_id, e)
}

/// Finds the event a new report belongs to: one of the same sub-event type whose merged date
/// is compatible with the report's within their precisions (an undated report or event
/// matches any date), whose place is within [`SAME_PLACE_KM`] (or in the same first-level
/// region when one of them is vague), and which names an actor the report names — or, for a
/// change of territory, which happened in the same town. Takes the best-dated such event, the
/// oldest among equals.
///
/// The report is compared with each event as merged so far, not with its reports one by one:
/// an undated report merged into a town's 2016 capture must not pull the town's 2023 capture
/// into the same event, and a town reported thousands of times holds a few events, not
/// thousands of rows to test.
fn find_cluster(tx: &Connection, e: &Event) -> Result<Option<i64>> {
    let territorial = matches!(
        e.sub_event_type,
        SubEventType::GovernmentRegainsTerritory
            | SubEventType::NonStateActorOvertakesTerritory
            | SubEventType::NonViolentTransferOfTerritory
    );
    // Candidates come from index ranges, so merging costs the same however many reports the
    // store holds: a report with a precise place looks at the events of its type in the grid
    // cells around it (event_place_keys); one with a vague place or none at the events of its
    // type, dated within a year before it, that name one of its actors (event_merge_keys); one
    // with neither a date nor a place merges with nothing. Rust then applies the rules.
    let range = e.date.range;
    let from = range.map(|d| iso_day(d.from));
    let to = range.map(|d| iso_day(d.to));
    // Month, quarter and year values span at most a year: an event whose reports all start
    // more than a year before this one starts cannot overlap it.
    let lowest = range.map(|d| iso_day(d.from - chrono::Days::new(366)));
    let mine: Vec<&str> = event_actors(e).map(|a| a.id.as_str()).collect();
    // Each candidate comes with its merged view in the same statement; a lookup per
    // candidate cost a statement each, seven per report on average.
    let clusters: Vec<(i64, clusters::MergeView)> = match (&e.location, &lowest, &to) {
        (Some(l), _, _) if l.geo_precision < 3 => {
            // Degrees of latitude (and, generously, longitude) worth looking at.
            let window = SAME_PLACE_KM / 90.0;
            let cells = serde_json::to_string(&place_cells(l.lat, l.lon, window))?;
            let (low, high) = match (&lowest, &to) {
                (Some(low), Some(high)) => (low.as_str(), high.as_str()),
                _ => ("0", "9"),
            };
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {} FROM event_clusters c WHERE id IN (
                     SELECT DISTINCT cluster FROM event_place_keys
                     WHERE sub_event_type = ?1 AND cell IN (SELECT value FROM json_each(?2))
                       AND (date_start = '' OR date_start BETWEEN ?3 AND ?4)
                     LIMIT 256) AND {}",
                clusters::MergeView::COLUMNS,
                MAY_MERGE,
            ))?;
            stmt.query_map(
                params![
                    e.sub_event_type.as_str(),
                    cells,
                    low,
                    high,
                    serde_json::to_string(&mine)?,
                    territorial,
                    from,
                    to
                ],
                clusters::MergeView::read,
            )?
            .collect::<Result<_, _>>()?
        }
        (_, Some(low), Some(high)) => {
            let mine = serde_json::to_string(&mine)?;
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {} FROM event_clusters c WHERE id IN (
                     SELECT DISTINCT cluster FROM event_merge_keys
                     WHERE actor_id IN (SELECT value FROM json_each(?2)) AND sub_event_type = ?1
                       AND date_start BETWEEN ?3 AND ?4
                     LIMIT 256) AND {}",
                clusters::MergeView::COLUMNS,
                MAY_MERGE,
            ))?;
            stmt.query_map(
                params![
                    e.sub_event_type.as_str(),
                    mine,
                    low,
                    high,
                    mine,
                    territorial,
                    from,
                    to
                ],
                clusters::MergeView::read,
            )?
            .collect::<Result<_, _>>()?
        }
        _ => Vec::new(),
    };
    let mut best: Option<(u8, i64)> = None;
    for (cluster, c) in clusters {
        let shared_actor = mine.iter().any(|a| c.names(a));
        // A town changes hands once at a time: two reports of a takeover of the same town in
        // compatible periods are one event even when they name different sides of the same
        // camp ("the junta" in one, "the army" in another).
        let same_town = territorial
            && match (&e.location, c.lat, c.lon) {
                (Some(l), Some(lat), Some(lon)) => {
                    l.geo_precision == 1
                        && c.geo_precision == Some(1)
                        && haversine_km(l.lat, l.lon, lat, lon) <= SAME_PLACE_KM
                }
                _ => false,
            };
        if !shared_actor && !same_town {
            continue;
        }
        let place_ok = match (&e.location, c.lat, c.lon) {
            (Some(l), Some(lat), Some(lon)) => {
                haversine_km(l.lat, l.lon, lat, lon) <= SAME_PLACE_KM
                    || ((l.geo_precision >= 3 || c.geo_precision.unwrap_or(1) >= 3)
                        && l.admin1.is_some()
                        && l.admin1 == c.admin1)
            }
            // A report without a place can join an event with one when the rest agrees.
            _ => true,
        };
        if !place_ok {
            continue;
        }
        if let (Some(from), Some(to), Some(start), Some(end)) =
            (&from, &to, &c.date_start, &c.date_end)
            && (start.as_str() > to.as_str() || end.as_str() < from.as_str())
        {
            continue;
        }
        let precision = c.time_precision.unwrap_or(9);
        // The choice depends on which events qualify, not on the order the index gives them.
        if best.is_none_or(|b| (precision, cluster) < b) {
            best = Some((precision, cluster));
        }
    }
    Ok(best.map(|(_, cluster)| cluster))
}

/// The tests of [`find_cluster`] that need nothing but the event's stored row, as SQL over
/// `event_clusters c`, so that candidates which cannot merge are not read out row by row (a
/// town reported every week has hundreds): the event names one of the report's actors (`?5`,
/// a JSON list of ids; `c.actors` is `|id|id|`), unless the report is a change of territory
/// (`?6`), which may merge by place alone; and its dates meet the report's (`?7` to `?8`) when
/// both are dated. Rust applies every rule again, so this only narrows.
const MAY_MERGE: &str = "(?6 OR EXISTS (SELECT 1 FROM json_each(?5) m
                            WHERE instr(c.actors, '|' || m.value || '|') > 0))
     AND NOT (?7 IS NOT NULL AND c.date_start IS NOT NULL AND c.date_end IS NOT NULL
              AND (c.date_start > ?8 OR c.date_end < ?7))";

/// Degrees per side of the grid cells of `event_place_keys`: more than [`SAME_PLACE_KM`]
/// of latitude, so the cells around a place are few.
const CELL_DEGREES: f64 = 0.5;

/// The grid cell of a point: row and column of [`CELL_DEGREES`] cells counted from the south
/// pole and the antimeridian. Migration 6 computes the same numbers in SQL.
fn place_cell(lat: f64, lon: f64) -> i64 {
    let row = ((lat + 90.0) / CELL_DEGREES) as i64;
    let col = ((lon + 180.0) / CELL_DEGREES) as i64;
    row * 1000 + col
}

/// The cells a window of `window` degrees around a point touches.
fn place_cells(lat: f64, lon: f64, window: f64) -> Vec<i64> {
    let corner = |lat: f64, lon: f64| {
        let cell = place_cell(lat, lon);
        (cell / 1000, cell % 1000)
    };
    let (row0, col0) = corner(lat - window, lon - window);
    let (row1, col1) = corner(lat + window, lon + window);
    (row0..=row1)
        .flat_map(|row| (col0..=col1).map(move |col| row * 1000 + col))
        .collect()
}

/// Pairs the items of two lists sorted by `cmp`: equal items together, the others alone, in
/// order.
fn merge_sorted<T>(
    a: Vec<T>,
    b: Vec<T>,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<(Option<T>, Option<T>)> {
    use std::cmp::Ordering;
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let order = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => cmp(x, y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => return out,
        };
        out.push(match order {
            Ordering::Less => (a.next(), None),
            Ordering::Greater => (None, b.next()),
            Ordering::Equal => (a.next(), b.next()),
        });
    }
}

/// The smaller of two optional values, ignoring a missing one (`Option`'s own order puts
/// `None` first).
fn min_some<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// One report of an event: the report as its document gives it, and where to find it.
struct EventRow {
    cluster: i64,
    event: Event,
    evidence: EvidenceRef,
}

impl Store {
    fn actor_names(&self) -> Result<HashMap<String, (String, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, kind FROM actors_seen")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Merged events matching `q`, ordered by id (stable for paging).
    pub fn events(&self, q: &EventQuery) -> Result<EventPage> {
        let limit = if q.limit == 0 { 100 } else { q.limit };
        // Select clusters first, so paging and filters count real events, not reports.
        let (filter, having, mut args) = cluster_filter(q);
        args.push(q.cursor.unwrap_or(0).into());
        let cursor = args.len();
        args.push(((limit + 1) as i64).into());
        let sql = format!(
            "SELECT e.cluster FROM events e WHERE {filter} AND e.cluster > ?{cursor}
             GROUP BY e.cluster {having} ORDER BY e.cluster LIMIT ?{}",
            args.len()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut clusters: Vec<i64> = stmt
            .query_map(rusqlite::params_from_iter(args), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let next_cursor = if clusters.len() > limit {
            clusters.truncate(limit);
            clusters.last().copied()
        } else {
            None
        };
        let events = clusters
            .into_iter()
            .map(|c| self.event_with(c, q.sources))
            .filter_map(|r| r.transpose())
            .collect::<Result<Vec<_>>>()?;
        Ok(EventPage {
            events,
            next_cursor,
        })
    }

    /// How many merged events matching `q` start on each day (ISO days, oldest first), and
    /// how many have no date at all (only counted when `q` sets no date window). One query,
    /// for timelines and histograms over any number of events.
    pub fn event_days(&self, q: &EventQuery) -> Result<(Vec<(String, i64)>, i64)> {
        let (filter, having, args) = cluster_filter(q);
        let sql = format!(
            "SELECT day, count(*) FROM (
                 SELECT min(e.date_start) AS day FROM events e WHERE {filter}
                 GROUP BY e.cluster {having})
             GROUP BY day ORDER BY day IS NULL, day"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows: Vec<(Option<String>, i64)> = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut days = Vec::with_capacity(rows.len());
        let mut undated = 0;
        for (day, n) in rows {
            match day {
                Some(d) => days.push((d, n)),
                None => undated += n,
            }
        }
        Ok((days, undated))
    }

    /// One merged event by id (the cluster id), with every report.
    pub fn event(&self, cluster: i64) -> Result<Option<EventRecord>> {
        self.event_with(cluster, None)
    }

    /// The merged event from its stored summary, with its first `sources` reports (all with
    /// `None`).
    fn event_with(&self, cluster: i64, sources: Option<usize>) -> Result<Option<EventRecord>> {
        let Some((state, reports)) = clusters::read(&self.conn, cluster)? else {
            return Ok(None);
        };
        let Some(mut record) = state.record(cluster) else {
            return Ok(None);
        };
        let limit = sources.map_or(-1, |n| n as i64);
        // The first reports' ids come from the cluster index alone, so that only those rows
        // are read: ordering the whole cluster by id read every report's row, its JSON
        // included, before keeping the first (6 against 3 ms for the largest event, of 229
        // reports, over 150,100 documents; an event reported thousands of times costs more).
        let rows = self.event_rows(
            "WHERE e.id IN (SELECT id FROM events WHERE cluster = ?1 ORDER BY id LIMIT ?2)
             ORDER BY e.id",
            params![cluster, limit],
        )?;
        if sources.is_none() {
            record.fatalities_reported = rows
                .iter()
                .filter_map(|r| r.event.fatalities.map(|f| (r.evidence.doc_id.clone(), f)))
                .collect();
        }
        record.source_count = reports.max(0) as usize;
        record.sources = rows.into_iter().map(|r| r.evidence).collect();
        Ok(Some(record))
    }

    fn event_rows(&self, filter: &str, args: impl rusqlite::Params) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT e.cluster, e.json, e.doc_id, json_extract(d.meta, '$.title'),
                    d.source_path, json_extract(d.meta, '$.url'), d.published, e.raw_start,
                    e.raw_end,
                    CASE WHEN e.raw_start IS NULL
                         THEN (SELECT o.offsets FROM documents o WHERE o.id = e.doc_id) END,
                    (SELECT s.text FROM sentences s WHERE s.id = e.sentence)
             FROM events e JOIN documents d ON d.id = e.doc_id {filter}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        // Cluster, the event (its sentence apart since schema 7), document, title, path.
        type Raw = (
            i64,
            (String, Option<String>),
            String,
            Option<String>,
            String,
        );
        // URL, publication date, raw offsets of the evidence, or the offset map to compute
        // them from for reports stored before schema 5.
        type Meta = (
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<String>,
        );
        let raw: Vec<(Raw, Meta)> = stmt
            .query_map(args, |r| {
                Ok((
                    (
                        r.get(0)?,
                        (r.get(1)?, r.get(10)?),
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                    ),
                    (r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?),
                ))
            })?
            .collect::<Result<_, _>>()?;
        raw.into_iter()
            .map(
                |((cluster, json, doc_id, title, path), (url, published, start, end, map))| {
                    let event = read_event(&json.0, json.1)?;
                    let ev = &event.evidence;
                    let raw = match (start, end, map) {
                        (Some(s), Some(e), _) => faultline_model::Span::new(s as usize, e as usize),
                        (_, _, Some(map)) => {
                            serde_json::from_str::<faultline_model::OffsetMap>(&map)?
                                .span_to_raw(faultline_model::Span::new(ev.start, ev.end))
                        }
                        _ => faultline_model::Span::new(ev.start, ev.end),
                    };
                    let evidence = EvidenceRef {
                        doc_id,
                        title,
                        source_path: path,
                        url,
                        published,
                        sentence: ev.sentence.clone(),
                        start: ev.start as i64,
                        end: ev.end as i64,
                        raw_start: raw.start as i64,
                        raw_end: raw.end as i64,
                        attribution: event.attribution.as_ref().map(|a| a.text.clone()),
                        modality: event.modality.as_str().into(),
                        polarity: event.polarity.as_str().into(),
                        date: event.date.label.clone(),
                    };
                    Ok(EventRow {
                        cluster,
                        event,
                        evidence,
                    })
                },
            )
            .collect()
    }

    /// The state of every relation at `at` (an ISO day), optionally around one actor, with
    /// at most [`EDGE_EVIDENCE`] supporting sentences per edge (newest first;
    /// `evidence_count` is always the full count). See [`Store::relations_at_with`].
    pub fn relations_at(&self, at: &str, actor: Option<&str>) -> Result<Vec<Edge>> {
        self.relations_at_with(at, actor, Some(EDGE_EVIDENCE))
    }

    /// The state of every relation at `at`: for each actor pair and predicate, the newest
    /// asserted statement up to that day decides (positive: established, or ended once a
    /// stated end date has passed; negative: ended if it was ever established, else denied);
    /// with nothing asserted, an intention or a rumour shows as such and never as
    /// established. Undated statements count at every date, as the oldest.
    ///
    /// Folds the per-day sums of `relation_days` in SQL, then reads only the newest
    /// `evidence_limit` statements of each edge (all of them with `None`).
    pub fn relations_at_with(
        &self,
        at: &str,
        actor: Option<&str>,
        evidence_limit: Option<usize>,
    ) -> Result<Vec<Edge>> {
        struct Summary {
            subject: String,
            predicate: String,
            object: String,
            evidence: i64,
            positive: i64,
            negative: i64,
            intended: i64,
            speculative: i64,
            // The newest asserted statement of each polarity as day (YYYYMMDD, 0 when
            // undated) * 10^10 + row id: integer arithmetic over every row of the scan,
            // where formatting a string key per row cost a seventh of the query.
            last_positive: Option<i64>,
            last_negative: Option<i64>,
            open_positive: i64,
            until_max: Option<String>,
            first: Option<String>,
            last: Option<String>,
        }
        // Whole years before the date's year, then the days of its year, each summed per edge
        // in key order and merged here: one GROUP BY over both needed a sort of every row
        // (half of the query's time at 127,000 documents); over the yearly table alone the
        // primary key gives the order.
        let read = |r: &rusqlite::Row<'_>| {
            Ok(Summary {
                subject: r.get(0)?,
                predicate: r.get(1)?,
                object: r.get(2)?,
                evidence: r.get(3)?,
                positive: r.get(4)?,
                negative: r.get(5)?,
                intended: r.get(6)?,
                speculative: r.get(7)?,
                last_positive: r.get(8)?,
                last_negative: r.get(9)?,
                open_positive: r.get(10)?,
                until_max: r.get(11)?,
                first: r.get(12)?,
                last: r.get(13)?,
            })
        };
        let years: Vec<Summary> = self
            .conn
            .prepare_cached(
                "SELECT subject, predicate, object, sum(evidence), sum(asserted_positive),
                        sum(asserted_negative), sum(intended), sum(speculative),
                        max(CASE WHEN asserted_positive > 0 THEN newest_positive END),
                        max(CASE WHEN asserted_negative > 0 THEN newest_negative END),
                        sum(open_positive), max(nullif(until_max, '')), min(first_day),
                        max(last_day)
                 FROM relation_years
                 WHERE year < substr(?1, 1, 4)
                   AND (?2 IS NULL OR subject = ?2 OR object = ?2)
                 GROUP BY subject, predicate, object
                 ORDER BY subject, predicate, object",
            )?
            .query_map(params![at, actor], read)?
            .collect::<Result<_, _>>()?;
        let days: Vec<Summary> = self
            .conn
            .prepare_cached(
                "SELECT subject, predicate, object, sum(evidence), sum(asserted_positive),
                        sum(asserted_negative), sum(intended), sum(speculative),
                        max(CASE WHEN asserted_positive > 0
                                 THEN CAST(replace(day, '-', '') AS INTEGER) * 10000000000
                                      + last_positive END),
                        max(CASE WHEN asserted_negative > 0
                                 THEN CAST(replace(day, '-', '') AS INTEGER) * 10000000000
                                      + last_negative END),
                        sum(open_positive), max(nullif(until_max, '')), min(nullif(day, '')),
                        max(nullif(day, ''))
                 FROM relation_days
                 WHERE day >= substr(?1, 1, 4) || '-01-01' AND day <= ?1
                   AND (?2 IS NULL OR subject = ?2 OR object = ?2)
                 GROUP BY subject, predicate, object
                 ORDER BY subject, predicate, object",
            )?
            .query_map(params![at, actor], read)?
            .collect::<Result<_, _>>()?;
        let summaries = merge_sorted(years, days, |a, b| {
            (&a.subject, &a.predicate, &a.object).cmp(&(&b.subject, &b.predicate, &b.object))
        })
        .into_iter()
        .filter_map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => Some(Summary {
                evidence: a.evidence + b.evidence,
                positive: a.positive + b.positive,
                negative: a.negative + b.negative,
                intended: a.intended + b.intended,
                speculative: a.speculative + b.speculative,
                last_positive: a.last_positive.max(b.last_positive),
                last_negative: a.last_negative.max(b.last_negative),
                open_positive: a.open_positive + b.open_positive,
                until_max: a.until_max.max(b.until_max),
                first: min_some(a.first, b.first),
                last: a.last.max(b.last),
                ..a
            }),
            (a, b) => a.or(b),
        });
        let names = self.actor_names()?;
        let actor_of = |id: &str| FactActor {
            id: id.to_string(),
            name: names
                .get(id)
                .map_or_else(|| id.to_string(), |n| n.0.clone()),
            kind: names.get(id).and_then(|n| n.1.clone()),
        };
        let mut edges = Vec::new();
        for s in summaries {
            let newest_is_negative = match (&s.last_positive, &s.last_negative) {
                (Some(p), Some(n)) => n > p,
                (None, Some(_)) => true,
                _ => false,
            };
            let (status, modality, polarity) = if s.positive + s.negative > 0 {
                if newest_is_negative {
                    if s.positive > 0 {
                        (EdgeStatus::Ended, "asserted", "negative")
                    } else {
                        (EdgeStatus::Denied, "asserted", "negative")
                    }
                } else if s.open_positive == 0 && s.until_max.as_deref().is_some_and(|u| u < at) {
                    (EdgeStatus::Ended, "asserted", "positive")
                } else {
                    (EdgeStatus::Established, "asserted", "positive")
                }
            } else if s.intended > 0 {
                (EdgeStatus::Intended, "intended", "positive")
            } else if s.speculative > 0 {
                (EdgeStatus::Speculative, "speculative", "positive")
            } else {
                // Only denied intentions or rumours: nothing to show.
                continue;
            };
            let evidence =
                self.edge_evidence(&s.subject, &s.predicate, &s.object, at, evidence_limit)?;
            edges.push(Edge {
                subject: actor_of(&s.subject),
                predicate: s.predicate,
                object: actor_of(&s.object),
                status,
                modality: modality.into(),
                polarity: polarity.into(),
                evidence_count: s.evidence.max(0) as usize,
                conflicting: s.positive > 0 && s.negative > 0,
                first_seen: s.first,
                last_seen: s.last,
                evidence,
            });
        }
        Ok(edges)
    }

    /// One edge's state at `at`, as [`Store::relations_at_with`] gives it, with its newest
    /// `evidence_limit` statements: for showing one edge without reading the evidence of
    /// every other edge of its actor (JNIM has forty; at 200 statements each that was 21 MB
    /// of answer over 150,000 documents). `subject` and `object` as the edge stores them.
    pub fn relation_at(
        &self,
        at: &str,
        subject: &str,
        predicate: &str,
        object: &str,
        evidence_limit: Option<usize>,
    ) -> Result<Option<Edge>> {
        let Some(mut edge) = self
            .relations_at_with(at, Some(subject), Some(0))?
            .into_iter()
            .find(|e| e.subject.id == subject && e.predicate == predicate && e.object.id == object)
        else {
            return Ok(None);
        };
        edge.evidence = self.edge_evidence(subject, predicate, object, at, evidence_limit)?;
        Ok(Some(edge))
    }

    /// The newest statements of one edge up to `at`, newest first.
    fn edge_evidence(
        &self,
        subject: &str,
        predicate: &str,
        object: &str,
        at: &str,
        limit: Option<usize>,
    ) -> Result<Vec<EvidenceRef>> {
        if limit == Some(0) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.doc_id, json_extract(d.meta, '$.title'), d.source_path,
                    json_extract(d.meta, '$.url'), d.published,
                    coalesce((SELECT s.text FROM sentences s WHERE s.id = r.sentence),
                             json_extract(nullif(r.json, ''), '$.evidence.sentence')), r.start, r.\"end\",
                    r.raw_start, r.raw_end, r.attribution, r.modality, r.polarity,
                    coalesce(r.when_label, nullif(r.day, ''))
             FROM relations r JOIN documents d ON d.id = r.doc_id
             WHERE r.edge = ?6 AND r.day <= ?4
               AND r.subject = ?1 AND r.predicate = ?2 AND r.object = ?3
             ORDER BY r.day DESC, r.id DESC
             LIMIT ?5",
        )?;
        let limit = limit.map_or(-1, |l| l as i64);
        let edge = edge_key(subject, predicate, object);
        let rows = stmt
            .query_map(params![subject, predicate, object, at, limit, edge], |r| {
                let start: i64 = r.get(6)?;
                let end: i64 = r.get(7)?;
                Ok(EvidenceRef {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    source_path: r.get(2)?,
                    url: r.get(3)?,
                    published: r.get(4)?,
                    sentence: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    start,
                    end,
                    // Statements stored before schema version 4 have no raw offsets; they are
                    // filled below from the document's offset map.
                    raw_start: r.get::<_, Option<i64>>(8)?.unwrap_or(-1),
                    raw_end: r.get::<_, Option<i64>>(9)?.unwrap_or(-1),
                    attribution: r.get(10)?,
                    modality: r.get(11)?,
                    polarity: r.get(12)?,
                    date: r.get(13)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|mut e| {
                if e.raw_start < 0 {
                    let offsets: String = self.conn.query_row(
                        "SELECT offsets FROM documents WHERE id = ?1",
                        params![e.doc_id],
                        |r| r.get(0),
                    )?;
                    let offsets: faultline_model::OffsetMap = serde_json::from_str(&offsets)?;
                    let raw = offsets
                        .span_to_raw(faultline_model::Span::new(e.start as usize, e.end as usize));
                    e.raw_start = raw.start as i64;
                    e.raw_end = raw.end as i64;
                }
                Ok(e)
            })
            .collect()
    }

    /// The actor graph at `at`: every actor with a relation in force, intended or
    /// speculative at that date, and those relations.
    pub fn graph_at(&self, at: &str) -> Result<Graph> {
        self.graph_at_with(at, Some(EDGE_EVIDENCE))
    }

    /// [`Store::graph_at`] with at most `evidence_limit` sentences per edge.
    pub fn graph_at_with(&self, at: &str, evidence_limit: Option<usize>) -> Result<Graph> {
        let edges = self.relations_at_with(at, None, evidence_limit)?;
        let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
        for e in &edges {
            for a in [&e.subject, &e.object] {
                nodes.entry(a.id.clone()).or_insert_with(|| Node {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind: a.kind.clone(),
                });
            }
        }
        Ok(Graph {
            at: at.to_string(),
            nodes: nodes.into_values().collect(),
            edges,
        })
    }

    /// The `limit` newest entries of an actor's history (event reports naming it and
    /// statements of its relations; the dated ones first, by date, then undated ones if room
    /// is left), in date order, and how many there are in all. Bounded because a much-reported
    /// actor has tens of thousands (JNIM: 49,420 over 37,525 documents), which no reader
    /// scrolls and which took seconds to list.
    pub fn timeline(&self, actor: &str, limit: usize) -> Result<Timeline> {
        let mut out = Vec::new();
        let rows = self.event_rows(
            "WHERE e.id IN (SELECT a.event_id FROM event_actors a JOIN events x ON x.id = a.event_id
                            WHERE a.actor_id = ?1 GROUP BY a.event_id
                            ORDER BY x.date_start IS NULL, x.date_start DESC, a.event_id DESC
                            LIMIT ?2)
             ORDER BY e.id",
            params![actor, limit as i64],
        )?;
        let reports: i64 = self.conn.query_row(
            "SELECT count(DISTINCT event_id) FROM event_actors WHERE actor_id = ?1",
            params![actor],
            |r| r.get(0),
        )?;
        let mut total = usize::try_from(reports).unwrap_or(0);
        for row in rows {
            let e = &row.event;
            let who: Vec<&str> = event_actors(e).map(|a| a.name.as_str()).collect();
            let place = e
                .location
                .as_ref()
                .map(|l| format!(" in {}", l.name))
                .unwrap_or_default();
            out.push(TimelineEntry {
                date: e.date.label.clone(),
                date_start: e.date.range.map(|r| iso_day(r.from)),
                kind: "event".into(),
                summary: format!(
                    "{}{}: {}{}",
                    e.sub_event_type.as_str(),
                    if e.modality == Modality::Asserted {
                        ""
                    } else {
                        " (not asserted)"
                    },
                    who.join(", "),
                    place
                ),
                event_id: Some(row.cluster),
                evidence: row.evidence,
            });
        }
        for edge in self.relations_at_with("9999-12-31", Some(actor), Some(limit))? {
            total += edge.evidence_count;
            for ev in &edge.evidence {
                out.push(TimelineEntry {
                    date: ev.date.clone(),
                    date_start: ev.date.clone(),
                    kind: "relation".into(),
                    summary: format!(
                        "{} {} {}{}",
                        edge.subject.name,
                        edge.predicate,
                        edge.object.name,
                        match (ev.modality.as_str(), ev.polarity.as_str()) {
                            ("asserted", "positive") => String::new(),
                            (m, "positive") => format!(" ({m})"),
                            (m, _) => format!(" ({m}, denied)"),
                        }
                    ),
                    event_id: None,
                    evidence: ev.clone(),
                });
            }
        }
        let order = |a: &TimelineEntry, b: &TimelineEntry| {
            (a.date_start.is_none(), &a.date_start, &a.kind, &a.summary).cmp(&(
                b.date_start.is_none(),
                &b.date_start,
                &b.kind,
                &b.summary,
            ))
        };
        // Newest first to keep `limit` of them: the latest dates, then undated ones.
        out.sort_by(|a, b| {
            let dated = |t: &TimelineEntry| t.date_start.is_some();
            dated(b).cmp(&dated(a)).then_with(|| order(a, b).reverse())
        });
        out.truncate(limit);
        out.sort_by(order);
        Ok(Timeline {
            entries: out,
            total,
        })
    }

    /// Mention counts and first and last sighting of an actor.
    pub fn actor_activity(&self, actor: &str) -> Result<ActorActivity> {
        let row = self
            .conn
            .query_row(
                "SELECT coalesce(sum(mentions), 0), coalesce(sum(documents), 0), min(first_seen),
                        max(last_seen)
                 FROM mention_totals WHERE actor_id = ?1",
                params![actor],
                |r| {
                    Ok(ActorActivity {
                        mentions: r.get(0)?,
                        documents: r.get(1)?,
                        first_seen: r.get(2)?,
                        last_seen: r.get(3)?,
                    })
                },
            )
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    /// Every relation statement, in a stable order (document, then position).
    pub fn relation_statements(&self) -> Result<Vec<RelationStatement>> {
        let mut out = Vec::new();
        self.for_each_relation_statement(|s| {
            out.push(s);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `f` with every relation statement in the order of
    /// [`Store::relation_statements`], one at a time, so exports of any size run in constant
    /// memory (SQLite's sorter spills to a temporary file past its cache).
    pub fn for_each_relation_statement(
        &self,
        mut f: impl FnMut(RelationStatement) -> Result<()>,
    ) -> Result<()> {
        let names = self.actor_names()?;
        let actor_of = |id: String| FactActor {
            name: names.get(&id).map_or_else(|| id.clone(), |n| n.0.clone()),
            kind: names.get(&id).and_then(|n| n.1.clone()),
            id,
        };
        let mut stmt = self.conn.prepare(
            "SELECT r.subject, r.predicate, r.object, r.modality, r.polarity, r.attribution,
                    coalesce(r.when_label, d.published), r.since, r.until, r.doc_id,
                    d.source_path, json_extract(d.meta, '$.url'),
                    coalesce((SELECT s.text FROM sentences s WHERE s.id = r.sentence),
                             json_extract(nullif(r.json, ''), '$.evidence.sentence')), r.start, r.\"end\"
             FROM relations r JOIN documents d ON d.id = r.doc_id
             ORDER BY r.doc_id, r.idx",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(RelationStatement {
                subject: actor_of(r.get(0)?),
                predicate: r.get(1)?,
                object: actor_of(r.get(2)?),
                modality: r.get(3)?,
                polarity: r.get(4)?,
                attribution: r.get(5)?,
                when: r.get(6)?,
                since: r.get(7)?,
                until: r.get(8)?,
                doc_id: r.get(9)?,
                source_path: r.get(10)?,
                url: r.get(11)?,
                sentence: r.get(12)?,
                start: r.get(13)?,
                end: r.get(14)?,
            })?;
        }
        Ok(())
    }

    /// Calls `f` with every stored analysis in id order, one at a time, so exports of any
    /// size run in constant memory.
    pub fn for_each_analysis(
        &self,
        mut f: impl FnMut(faultline_model::Analysis) -> Result<()>,
    ) -> Result<()> {
        let sql = format!(
            "SELECT {} FROM documents ORDER BY id",
            crate::ANALYSIS_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(crate::read_analysis(&self.conn, &self.archive, row, 0)?)?;
        }
        Ok(())
    }

    /// Mention counts of every actor seen, for listings.
    pub fn mention_counts(&self) -> Result<HashMap<String, i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT actor_id, sum(mentions) FROM mention_totals WHERE actor_id <> ''
             GROUP BY actor_id",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Candidate actors (acronyms the text defined and the packs do not know), with the
    /// documents that define them.
    pub fn candidates(&self) -> Result<Vec<(String, String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT words, min(first_doc), sum(mentions) FROM mention_totals WHERE words <> ''
             GROUP BY words ORDER BY sum(mentions) DESC, words",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// The WHERE filters (on reports) and HAVING filters (on the merged event's dates) of an
/// event query. A date window is judged on the merged event — the span of its dated
/// reports — so one undated report does not make an event match every window, and an event
/// no report dates matches no window. An actor, too, is looked for in the whole event: every
/// report of an event any report says the actor took part in.
fn cluster_filter(q: &EventQuery) -> (String, String, Vec<rusqlite::types::Value>) {
    let mut filter = String::from("1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if !q.all_modalities {
        filter.push_str(" AND e.modality = 'asserted' AND e.polarity = 'positive'");
    }
    if let Some(t) = &q.event_type {
        args.push(t.clone().into());
        let n = args.len();
        filter.push_str(&format!(
            " AND (e.event_type = ?{n} COLLATE NOCASE OR e.sub_event_type = ?{n} COLLATE NOCASE)"
        ));
    }
    if let Some(actor) = &q.actor {
        args.push(actor.clone().into());
        filter.push_str(&format!(
            " AND e.cluster IN (SELECT cluster FROM event_actors WHERE actor_id = ?{})",
            args.len()
        ));
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = q.bbox {
        for v in [min_lon, max_lon, min_lat, max_lat] {
            args.push(v.into());
        }
        let n = args.len();
        filter.push_str(&format!(
            " AND e.lon BETWEEN ?{} AND ?{} AND e.lat BETWEEN ?{} AND ?{}",
            n - 3,
            n - 2,
            n - 1,
            n
        ));
    }
    let mut having = Vec::new();
    if let Some(from) = &q.from {
        args.push(from.clone().into());
        having.push(format!("max(e.date_end) >= ?{}", args.len()));
    }
    if let Some(to) = &q.to {
        args.push(to.clone().into());
        having.push(format!("min(e.date_start) <= ?{}", args.len()));
    }
    let having = if having.is_empty() {
        String::new()
    } else {
        format!("HAVING {}", having.join(" AND "))
    };
    (filter, having, args)
}

/// An event as `events` keeps it: since schema 7 its evidence sentence is in `sentences`, and
/// `sentence` is that row's text.
pub(crate) fn read_event(json: &str, sentence: Option<String>) -> Result<Event> {
    let mut event: Event = serde_json::from_str(json)?;
    if let Some(sentence) = sentence {
        event.evidence.sentence = sentence;
    }
    Ok(event)
}

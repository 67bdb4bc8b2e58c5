//! A document turned into the values of its rows, ready for the single writer.
//!
//! Ingest analyses documents on every core but writes them on one thread, so whatever the
//! writer does caps the whole pipeline. Everything that needs no database — serialising
//! JSON, formatting dates, mapping spans to raw offsets, counting mentions, dropping the
//! analysis — happens here, on the worker that made the analysis; the writer only binds
//! values and runs statements. This module must not touch a connection.

use std::collections::BTreeMap;

use faultline_model::Analysis;
use faultline_model::actor::{ActorRef, MentionHow};
use faultline_model::fact::{Event, FactActor, Relation};
use faultline_model::time::iso_day;
use serde::Serialize;

use crate::Result;

/// Below this many words a fingerprint says little (a photo caption, a stub) and two short
/// texts on one topic could collide, so short documents are neither linked nor indexed as
/// near-duplicates.
const MIN_WORDS: usize = 40;

/// One document's rows. Build it with [`Encoded::new`] off the writer thread and store it
/// with [`crate::Store::insert_encoded`].
#[derive(Debug, Clone)]
pub struct Encoded {
    pub(crate) id: String,
    pub(crate) article_key: String,
    pub(crate) source_path: String,
    pub(crate) source_line: Option<u64>,
    pub(crate) source_record: Option<String>,
    pub(crate) format: String,
    pub(crate) meta: String,
    pub(crate) language: String,
    pub(crate) language_confidence: f64,
    /// The page the raw input was extracted from, compressed.
    pub(crate) html: Option<Vec<u8>>,
    /// The cleaned text, which the writer cuts into sentence rows.
    pub(crate) text: String,
    /// The raw input followed by the cleaned text, compressed together, as `documents.text`
    /// keeps them (see [`joint_text`]): the sentences and their index are what queries read,
    /// the whole text only `show` and exports.
    pub(crate) stored_text: Vec<u8>,
    /// Where the raw input ends in `stored_text`, in bytes.
    pub(crate) raw_len: usize,
    pub(crate) offsets: String,
    pub(crate) removed: String,
    /// The analysis record's JSON, compressed.
    pub(crate) record: Vec<u8>,
    pub(crate) published: PublishedColumns,
    pub(crate) simhash: u64,
    /// Long enough for its fingerprint to link it to near-duplicates.
    pub(crate) fingerprinted: bool,
    pub(crate) sentences: Vec<SentenceRow>,
    pub(crate) mentions: Vec<MentionRow>,
    /// Every actor the document's mentions and facts name, once, in id order.
    pub(crate) actors: Vec<ActorRow>,
    pub(crate) events: Vec<EventRow>,
    pub(crate) relations: Vec<RelationRow>,
}

/// The `documents.published*` columns of a publication date.
#[derive(Debug, Clone)]
pub(crate) struct PublishedColumns {
    pub label: Option<String>,
    pub precision: String,
    pub source: String,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct SentenceRow {
    pub start: usize,
    pub end: usize,
    pub raw_start: usize,
    pub raw_end: usize,
}

/// Mentions of one actor (or of none) in the document; a candidate actor's are counted per
/// wording.
#[derive(Debug, Clone)]
pub(crate) struct MentionRow {
    /// '' for mentions linked to no actor.
    pub actor: String,
    /// A candidate actor's words; '' otherwise.
    pub words: String,
    pub n: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct ActorRow {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub event: Event,
    /// The event without its evidence sentence when `sentence` points at it.
    pub json: String,
    /// The index of the document's sentence the evidence is, if it is one (the writer
    /// turns it into that sentence's row id).
    pub sentence: Option<i64>,
    pub date_source: String,
    pub raw_start: usize,
    pub raw_end: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct RelationRow {
    pub relation: Relation,
    /// Empty when `sentence` points at the evidence: the statement is whole in the analysis
    /// record (since schema 11). Otherwise the statement whole, its evidence text included,
    /// which exports read when there is no sentence row to read.
    pub json: String,
    /// The index of the document's sentence the evidence is, if it is one (the writer
    /// turns it into that sentence's row id).
    pub sentence: Option<i64>,
    /// The day the statement counts from: its own date, else the publication day, else "".
    pub day: String,
    pub raw_start: usize,
    pub raw_end: usize,
}

/// An analysis as `documents.analysis` keeps it: everything but the document's text layers
/// and metadata, which have their own columns, and its events, which the `events` table keeps
/// whole (`json`, in order by `idx`). Relation statements are here whole since schema 11,
/// each without its evidence text when the evidence is one of the document's sentences
/// (`Store::document` puts it back from the text); before, `relations.json` held them.
#[derive(Serialize)]
struct AnalysisRecord<'a> {
    document: faultline_model::document::DocumentSkeleton<'a>,
    published: &'a faultline_model::time::Published,
    times: &'a [faultline_model::time::TimeMention],
    mentions: Vec<StoredMention<'a>>,
    /// The actors `mentions` link to, each once (since schema 10).
    mention_actors: Vec<&'a ActorRef>,
    places: &'a [faultline_model::place::PlaceMention],
    diagnostics: &'a [faultline_model::Diagnostic],
    relations: &'a [Relation],
}

/// A mention as the analysis record keeps it since schema 10: its actor by position in
/// `mention_actors`, and its words only when they are not the cleaned text at its span. A
/// document names the same few actors dozens of times, and each mention repeated its actor's
/// full name and kind: they were two thirds of the record, which is compressed on the
/// workers. `Store::document` restores the full mention.
#[derive(Serialize)]
struct StoredMention<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    start: usize,
    end: usize,
    actor: Option<usize>,
    how: MentionHow,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<&'a faultline_model::actor::Resolution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acronym: Option<&'a faultline_model::actor::AcronymPair>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a faultline_model::actor::RoleCue>,
}

/// The stored form of `mentions`, and the actors they link to in order of first mention.
fn stored_mentions<'a>(
    mentions: &'a [faultline_model::actor::Mention],
    text: &str,
) -> (Vec<StoredMention<'a>>, Vec<&'a ActorRef>) {
    let mut actors: Vec<&ActorRef> = Vec::new();
    let stored = mentions
        .iter()
        .map(|m| StoredMention {
            text: (text.get(m.start..m.end) != Some(m.text.as_str())).then_some(m.text.as_str()),
            start: m.start,
            end: m.end,
            actor: m.actor.as_ref().map(|a| {
                actors.iter().position(|b| *b == a).unwrap_or_else(|| {
                    actors.push(a);
                    actors.len() - 1
                })
            }),
            how: m.how,
            resolution: m.resolution.as_ref(),
            acronym: m.acronym.as_ref(),
            role: m.role.as_ref(),
        })
        .collect();
    (stored, actors)
}

impl Encoded {
    /// Encodes a borrowed analysis; see [`Encoded::from_analysis`], which ingest uses.
    pub fn new(analysis: &Analysis) -> Result<Encoded> {
        Encoded::from_analysis(analysis.clone())
    }

    /// Encodes an analysis that is not needed afterwards: its text, events and relations
    /// move into the rows instead of being copied.
    pub fn from_analysis(mut analysis: Analysis) -> Result<Encoded> {
        // A relation statement's row had its own JSON copy of the statement, 450 bytes on
        // average against 150 for the rest of the row, and a document has a dozen statements:
        // the copy was a fifth of the store and of what the single writer wrote. In the
        // record it is compressed with the rest, by the worker.
        let evidence_texts: Vec<Option<(usize, String)>> = analysis
            .relations
            .iter_mut()
            .map(|r| {
                document_sentence(&analysis.document.sentences, &r.evidence)
                    .map(|i| (i, std::mem::take(&mut r.evidence.sentence)))
            })
            .collect();
        let doc = &analysis.document;
        let (mentions, mention_actors) = stored_mentions(&analysis.mentions, &doc.text);
        let record = compress(&serde_json::to_vec(&AnalysisRecord {
            document: doc.skeleton(),
            published: &analysis.published,
            times: &analysis.times,
            mentions,
            mention_actors,
            places: &analysis.places,
            diagnostics: &analysis.diagnostics,
            relations: &analysis.relations,
        })?)?;
        let published_day = analysis.published.time.map(|t| iso_day(t.start));
        let mut actors = Actors::default();
        let mentions = mention_rows(&analysis, &mut actors);
        for e in &analysis.events {
            for a in event_actors(e) {
                actors.note(a.id.as_str(), a.name.as_str(), a.kind.as_deref());
            }
        }
        for r in &analysis.relations {
            for a in [&r.subject, &r.object] {
                actors.note(a.id.as_str(), a.name.as_str(), a.kind.as_deref());
            }
        }
        let actors = actors.rows();
        let Analysis {
            document: doc,
            published,
            events,
            relations,
            ..
        } = analysis;
        let events = events
            .into_iter()
            .map(|mut event| {
                let (json, sentence, raw) = fact_columns(&mut event, |e| &mut e.evidence, &doc)?;
                Ok(EventRow {
                    date_source: serde_plain(&event.date.source)?,
                    event,
                    json,
                    sentence,
                    raw_start: raw.start,
                    raw_end: raw.end,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let relations = relations
            .into_iter()
            .zip(evidence_texts)
            .map(|(mut relation, taken)| {
                let sentence = match taken {
                    Some((i, text)) => {
                        relation.evidence.sentence = text;
                        Some(i as i64)
                    }
                    None => None,
                };
                let json = match sentence {
                    Some(_) => String::new(),
                    None => serde_json::to_string(&relation)?,
                };
                let raw = evidence_in_raw(&relation.evidence, &doc);
                Ok(RelationRow {
                    day: relation
                        .when
                        .range
                        .map(|d| iso_day(d.from))
                        .or_else(|| published_day.clone())
                        .unwrap_or_default(),
                    relation,
                    json,
                    sentence,
                    raw_start: raw.start,
                    raw_end: raw.end,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Encoded {
            article_key: doc.source.article_key(&doc.meta),
            format: serde_plain(&doc.source.format)?,
            meta: serde_json::to_string(&doc.meta)?,
            stored_text: joint_text(&doc.raw, &doc.text)?,
            raw_len: doc.raw.len(),
            offsets: serde_json::to_string(&doc.offsets)?,
            removed: serde_json::to_string(&doc.removed)?,
            record,
            published: PublishedColumns::of(&published)?,
            fingerprinted: doc.text.split_whitespace().nth(MIN_WORDS - 1).is_some(),
            sentences: doc
                .sentences
                .iter()
                .map(|span| {
                    let raw = doc.offsets.span_to_raw(*span);
                    SentenceRow {
                        start: span.start,
                        end: span.end,
                        raw_start: raw.start,
                        raw_end: raw.end,
                    }
                })
                .collect(),
            id: doc.id.0,
            source_path: doc.source.path,
            source_line: doc.source.line,
            source_record: doc.source.record,
            language: doc.language.code,
            language_confidence: doc.language.confidence,
            html: doc.html.map(|h| compress(h.as_bytes())).transpose()?,
            text: doc.text,
            simhash: doc.simhash,
            mentions,
            actors,
            events,
            relations,
        })
    }

    /// The document's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The file it came from.
    pub fn source_path(&self) -> &str {
        &self.source_path
    }

    /// Its line in that file, for line-based inputs.
    pub fn source_line(&self) -> Option<u64> {
        self.source_line
    }
}

impl PublishedColumns {
    fn of(published: &faultline_model::time::Published) -> Result<Self> {
        let (label, start, end) = match published.time {
            Some(t) => (t.label(), Some(iso_day(t.start)), Some(iso_day(t.end))),
            None => (None, None, None),
        };
        Ok(PublishedColumns {
            label,
            precision: serde_plain(&published.precision())?,
            source: serde_plain(&published.source)?,
            start,
            end,
        })
    }
}

/// Mentions counted per actor, in a stable order; a candidate actor's words are kept, since
/// they are what `actors --candidates` lists.
fn mention_rows<'a>(analysis: &'a Analysis, actors: &mut Actors<'a>) -> Vec<MentionRow> {
    let mut counts: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for m in &analysis.mentions {
        let actor = m.actor.as_ref();
        let words = if m.how == MentionHow::Candidate {
            m.text.as_str()
        } else {
            ""
        };
        *counts
            .entry((actor.map_or("", |a| a.id.as_str()), words))
            .or_default() += 1;
        if let Some(a) = actor {
            actors.note(&a.id, &a.name, Some(a.kind.as_str()));
        }
    }
    counts
        .into_iter()
        .map(|((actor, words), n)| MentionRow {
            actor: actor.to_string(),
            words: words.to_string(),
            n,
        })
        .collect()
}

/// Each actor's name and kind once per document: the `actors_seen` upsert is a B-tree
/// write, and a document names the same few actors dozens of times.
#[derive(Default)]
struct Actors<'a>(BTreeMap<&'a str, (&'a str, Option<&'a str>)>);

impl<'a> Actors<'a> {
    /// Keeps an actor's name from its first mention, and its kind from the first that
    /// knows it.
    fn note(&mut self, id: &'a str, name: &'a str, kind: Option<&'a str>) {
        let entry = self.0.entry(id).or_insert((name, kind));
        if entry.1.is_none() {
            entry.1 = kind;
        }
    }

    fn rows(self) -> Vec<ActorRow> {
        self.0
            .into_iter()
            .map(|(id, (name, kind))| ActorRow {
                id: id.to_string(),
                name: name.to_string(),
                kind: kind.map(str::to_string),
            })
            .collect()
    }
}

pub(crate) fn event_actors(e: &Event) -> impl Iterator<Item = &FactActor> {
    e.actor1
        .iter()
        .chain(e.actor2.iter())
        .chain(e.assoc_actors.iter())
}

/// An event as `events.json` keeps it, the index of its evidence sentence, and where the
/// evidence is in the raw input. The sentence's text is in `sentences` already; kept in the
/// JSON too it made a third of every row. Evidence that is not exactly one of the document's
/// sentences keeps its text. The fact is left as it was: its sentence is taken out for the
/// JSON and put back.
fn fact_columns<T: Serialize>(
    fact: &mut T,
    evidence: impl Fn(&mut T) -> &mut faultline_model::fact::Evidence,
    doc: &faultline_model::Document,
) -> Result<(String, Option<i64>, faultline_model::Span)> {
    let ev = evidence(fact);
    let raw = evidence_in_raw(ev, doc);
    let found = document_sentence(&doc.sentences, ev);
    let sentence = if found.is_some() {
        std::mem::take(&mut ev.sentence)
    } else {
        String::new()
    };
    let json = serde_json::to_string(fact);
    if found.is_some() {
        evidence(fact).sentence = sentence;
    }
    Ok((json?, found.map(|i| i as i64), raw))
}

/// The index of the document's sentence that `evidence` is exactly, if it is one.
fn document_sentence(
    sentences: &[faultline_model::Span],
    evidence: &faultline_model::fact::Evidence,
) -> Option<usize> {
    sentences
        .binary_search_by_key(&evidence.start, |s| s.start)
        .ok()
        .filter(|&i| sentences[i].end == evidence.end && !evidence.sentence.is_empty())
}

fn evidence_in_raw(
    evidence: &faultline_model::fact::Evidence,
    doc: &faultline_model::Document,
) -> faultline_model::Span {
    doc.offsets
        .span_to_raw(faultline_model::Span::new(evidence.start, evidence.end))
}

/// The raw input and the cleaned text as one compressed value, the raw input first. The
/// cleaned text is the raw input less boilerplate lines and extra white space, so after the
/// raw input it compresses to a few long matches: on the benchmark corpus the pair took 41%
/// less time to compress and half the bytes of compressing each alone.
fn joint_text(raw: &str, text: &str) -> Result<Vec<u8>> {
    let mut both = Vec::with_capacity(raw.len() + text.len());
    both.extend_from_slice(raw.as_bytes());
    both.extend_from_slice(text.as_bytes());
    compress(&both)
}

/// An LZ4 frame ([`crate::LZ4_MAGIC`] first). The raw input, the cleaned text and the
/// analysis record are most of what a document writes (JSON and markup compress three- to
/// fivefold), and only `Store::document` and exports read them back (queries read
/// sentences); shrinking them cut the bytes each commit writes. The columns hold such values
/// as BLOBs, and TEXT written by older versions reads as before.
///
/// LZ4 rather than zstd, which wrote every store before the twelfth performance round: on
/// the benchmark corpus it compresses a document's values in 24 µs against 46 for zstd at
/// level 1, 2% of a document's ingest, for values 46% larger (docs/performance.md, twelfth
/// round). Values zstd wrote still read: a frame's magic number says which codec made it.
pub(crate) fn compress(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let info = lz4_flex::frame::FrameInfo::new().content_size(Some(bytes.len() as u64));
    let mut encoder = lz4_flex::frame::FrameEncoder::with_frame_info(
        info,
        Vec::with_capacity(bytes.len() / 2 + 64),
    );
    encoder
        .write_all(bytes)
        .map_err(lz4_flex::frame::Error::from)
        .and_then(|()| encoder.finish())
        .map_err(|e| crate::StoreError::Io {
            path: "(compressing a document for the store)".into(),
            source: std::io::Error::other(e),
        })
}

/// Serialises a unit enum to its plain string form ("asserted").
pub(crate) fn serde_plain<T: Serialize>(v: &T) -> Result<String> {
    Ok(match serde_json::to_value(v)? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

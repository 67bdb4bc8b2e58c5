//! Merged events kept up to date as reports arrive, so that listing events costs the same
//! whether an event has one report or two thousand.
//!
//! An event's merged fields (the most precise date, the most precise place, the side most
//! reports name, the lowest count) used to be computed by reading every report of it when
//! listed; a wire story reprinted a thousand times made one event cost a thousand JSON
//! records on every page. Each rule is a fold over the reports in the order they were
//! stored, so the store keeps the fold's state in `event_clusters` and updates it with each
//! new report: the record a listing shows is the one reading every report would give.
//!
//! This module decides nothing about which reports belong together (that is
//! `facts::find_cluster`); it only summarises them.

use faultline_model::fact::{DateRange, Event, EventLocation, FactActor};
use faultline_model::time::iso_day;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::encode::event_actors;
use crate::facts::{EventRecord, Location};

/// The most precise date a report gives the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct BestDate {
    label: Option<String>,
    range: DateRange,
    acled_precision: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Kind {
    event_type: String,
    sub_event_type: String,
    modality: String,
    polarity: String,
}

/// What the merge rules need to remember of the reports folded so far. Every list is bounded
/// by the number of distinct actors or counts, never by the number of reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ClusterState {
    /// Type and status, from the first report (reports merge only with reports of the same
    /// type and status).
    kind: Option<Kind>,
    date: Option<BestDate>,
    place: Option<EventLocation>,
    /// How many reports name each actor as the first side, in order of first naming.
    actor1: Vec<(FactActor, u32)>,
    actor2: Vec<(FactActor, u32)>,
    /// Every actor any report names, in order of first naming.
    actors: Vec<FactActor>,
    fatalities: Option<u32>,
    /// Whether every report giving the lowest count called it an estimate.
    fatalities_estimated: bool,
    /// Each distinct count with the first document that gave it.
    reported: Vec<(u32, String)>,
}

impl ClusterState {
    /// Adds one report, stored after every report folded so far. Ties keep the earlier
    /// report: the first of equally precise dates or places, the first-named of equally
    /// frequent sides.
    pub(crate) fn fold(&mut self, doc_id: &str, e: &Event) {
        if self.kind.is_none() {
            self.kind = Some(Kind {
                event_type: e.event_type().as_str().into(),
                sub_event_type: e.sub_event_type.as_str().into(),
                modality: e.modality.as_str().into(),
                polarity: e.polarity.as_str().into(),
            });
        }
        if let Some(range) = e.date.range
            && self
                .date
                .as_ref()
                .is_none_or(|d| range.precision < d.range.precision)
        {
            self.date = Some(BestDate {
                label: e.date.label.clone(),
                range,
                acled_precision: e.date.acled_precision(),
            });
        }
        if let Some(l) = &e.location
            && self
                .place
                .as_ref()
                .is_none_or(|p| l.geo_precision < p.geo_precision)
        {
            self.place = Some(l.clone());
        }
        count(&mut self.actor1, e.actor1.as_ref());
        count(&mut self.actor2, e.actor2.as_ref());
        for a in event_actors(e) {
            if !self.actors.iter().any(|b| b.id == a.id) {
                self.actors.push(a.clone());
            }
        }
        if let Some(f) = e.fatalities {
            match self.fatalities {
                Some(low) if f > low => {}
                Some(low) if f == low => self.fatalities_estimated &= e.fatalities_estimated,
                _ => {
                    self.fatalities = Some(f);
                    self.fatalities_estimated = e.fatalities_estimated;
                }
            }
            if !self.reported.iter().any(|(n, _)| *n == f) {
                self.reported.push((f, doc_id.to_string()));
            }
        }
    }

    /// The merged event, without its sources; `None` before any report is folded.
    pub(crate) fn record(&self, id: i64) -> Option<EventRecord> {
        let kind = self.kind.as_ref()?;
        let actor1 = majority(&self.actor1, None);
        let actor2 = majority(&self.actor2, actor1.as_ref());
        let is = |b: &Option<FactActor>, a: &FactActor| b.as_ref().is_some_and(|b| b.id == a.id);
        let assoc_actors = self
            .actors
            .iter()
            .filter(|a| !is(&actor1, a) && !is(&actor2, a))
            .cloned()
            .collect();
        let date = self.date.as_ref();
        Some(EventRecord {
            id,
            event_type: kind.event_type.clone(),
            sub_event_type: kind.sub_event_type.clone(),
            date: date.and_then(|d| d.label.clone()),
            date_start: date.map(|d| iso_day(d.range.from)),
            date_end: date.map(|d| iso_day(d.range.to)),
            time_precision: date.and_then(|d| d.acled_precision),
            actor1,
            actor2,
            assoc_actors,
            location: self.place.as_ref().map(|l| Location {
                name: l.name.clone(),
                lat: l.lat,
                lon: l.lon,
                admin1: l.admin1.clone(),
                country: Some(l.country.clone()),
                geo_precision: Some(l.geo_precision),
            }),
            fatalities: self.fatalities,
            fatalities_estimated: self.fatalities.is_some() && self.fatalities_estimated,
            fatalities_reported: self
                .reported
                .iter()
                .map(|(n, doc)| (doc.clone(), *n))
                .collect(),
            modality: kind.modality.clone(),
            polarity: kind.polarity.clone(),
            source_count: 0,
            sources: Vec::new(),
        })
    }

    /// The event's date span as stored for merging: the most precise date's first and last
    /// day.
    fn span(&self) -> (Option<String>, Option<String>) {
        match &self.date {
            Some(d) => (Some(iso_day(d.range.from)), Some(iso_day(d.range.to))),
            None => (None, None),
        }
    }
}

fn count(counts: &mut Vec<(FactActor, u32)>, actor: Option<&FactActor>) {
    let Some(a) = actor else { return };
    match counts.iter_mut().find(|(b, _)| b.id == a.id) {
        Some((_, n)) => *n += 1,
        None => counts.push((a.clone(), 1)),
    }
}

/// The actor most reports name for a side, other than `not`; the first named on ties, so
/// one vaguer source ("the junta") does not outvote two precise ones ("the army").
fn majority(counts: &[(FactActor, u32)], not: Option<&FactActor>) -> Option<FactActor> {
    let mut best: Option<&(FactActor, u32)> = None;
    for c in counts {
        if not.is_some_and(|n| n.id == c.0.id) {
            continue;
        }
        if best.is_none_or(|(_, n)| c.1 > *n) {
            best = Some(c);
        }
    }
    best.map(|(a, _)| a.clone())
}

/// Records report `event_id` (of document `doc_id`) as part of event `cluster`: a new
/// summary when the report starts the event, else the stored one with the report folded in.
pub(crate) fn add_report(tx: &Connection, cluster: i64, doc_id: &str, e: &Event) -> Result<()> {
    let (mut state, reports) = read(tx, cluster)?.unwrap_or_default();
    state.fold(doc_id, e);
    write(tx, cluster, &state, reports + 1)
}

fn write(tx: &Connection, cluster: i64, state: &ClusterState, reports: i64) -> Result<()> {
    let (start, end) = state.span();
    let place = state.place.as_ref();
    // Every actor as `|id|id|`, so that merging tests a name without parsing the state.
    let mut actors = String::from("|");
    for a in &state.actors {
        actors.push_str(&a.id);
        actors.push('|');
    }
    tx.prepare_cached(
        "INSERT INTO event_clusters (id, reports, date_start, date_end, time_precision, lat, lon,
                                     admin1, geo_precision, actors)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET reports = excluded.reports,
             date_start = excluded.date_start, date_end = excluded.date_end,
             time_precision = excluded.time_precision, lat = excluded.lat, lon = excluded.lon,
             admin1 = excluded.admin1, geo_precision = excluded.geo_precision,
             actors = excluded.actors",
    )?
    .execute(params![
        cluster,
        reports,
        start,
        end,
        state.date.as_ref().and_then(|d| d.acled_precision),
        place.map(|p| p.lat),
        place.map(|p| p.lon),
        place.and_then(|p| p.admin1.as_deref()),
        place.map(|p| p.geo_precision),
        actors,
    ])?;
    tx.prepare_cached(
        "INSERT INTO event_states (id, state) VALUES (?1, ?2)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![cluster, serde_json::to_string(state)?])?;
    Ok(())
}

/// What merging compares a new report with: the event as merged so far.
pub(crate) struct MergeView {
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub time_precision: Option<u8>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub admin1: Option<String>,
    pub geo_precision: Option<u8>,
    actors: String,
}

impl MergeView {
    /// Whether any report of the event names actor `id`.
    pub fn names(&self, id: &str) -> bool {
        self.actors.split('|').any(|a| !a.is_empty() && a == id)
    }
}

impl MergeView {
    /// The `event_clusters` columns [`MergeView::read`] reads, after the event's id.
    pub(crate) const COLUMNS: &str =
        "id, date_start, date_end, time_precision, lat, lon, admin1, geo_precision, actors";

    /// An event's id and view from a row of [`MergeView::COLUMNS`].
    pub(crate) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, MergeView)> {
        Ok((
            r.get(0)?,
            MergeView {
                date_start: r.get(1)?,
                date_end: r.get(2)?,
                time_precision: r.get(3)?,
                lat: r.get(4)?,
                lon: r.get(5)?,
                admin1: r.get(6)?,
                geo_precision: r.get(7)?,
                actors: r.get(8)?,
            },
        ))
    }
}

/// The stored summary of event `cluster` and its number of reports, if the event exists.
pub(crate) fn read(
    conn: &rusqlite::Connection,
    cluster: i64,
) -> Result<Option<(ClusterState, i64)>> {
    let stored: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT s.state, c.reports FROM event_clusters c JOIN event_states s ON s.id = c.id
             WHERE c.id = ?1",
        )?
        .query_row(params![cluster], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    stored
        .map(|(json, n)| Ok((serde_json::from_str(&json)?, n)))
        .transpose()
}

/// Summarises every stored event from its reports: for stores written before summaries
/// were kept (schema 6), and to repair one.
pub(crate) fn rebuild(tx: &Connection) -> Result<()> {
    tx.execute("DELETE FROM event_clusters", [])?;
    tx.execute("DELETE FROM event_states", [])?;
    let mut states: std::collections::BTreeMap<i64, (ClusterState, i64)> =
        std::collections::BTreeMap::new();
    // Summaries never look at the evidence sentence, which rows written since schema 7 keep
    // in `sentences` (and this runs while migrating to 6, before that column exists).
    let mut stmt = tx.prepare("SELECT cluster, doc_id, json FROM events ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let cluster: i64 = row.get(0)?;
        let doc_id: String = row.get(1)?;
        let json: String = row.get(2)?;
        let event: Event = serde_json::from_str(&json)?;
        let (state, n) = states.entry(cluster).or_default();
        state.fold(&doc_id, &event);
        *n += 1;
    }
    for (cluster, (state, n)) in &states {
        write(tx, *cluster, state, *n)?;
    }
    Ok(())
}

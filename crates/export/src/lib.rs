//! Exports: the knowledge base in the formats analysts load elsewhere — ACLED-compatible CSV
//! (events), a relations CSV, GeoJSON (events on a map), GraphML (the actor graph at a date,
//! for Gephi) and JSON Lines (every analysis).
//!
//! Writers take what the store returns and a `Write`; they never query by themselves beyond
//! paging through the store, and their output is deterministic (stable order, no clock except
//! the explicit `timestamp` argument) so that the same store exports the same bytes.

use std::io::Write;

use faultline_model::fact::FactActor;
use faultline_packs::Packs;
use faultline_store::{EventQuery, EventRecord, Graph, Store, StoreError};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = ExportError> = std::result::Result<T, E>;

/// ACLED's columns, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// Which events an export covers.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Include planned, speculative and denied events (ACLED codes only what happened).
    pub all_modalities: bool,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Every merged event the selection covers, a page of the store at a time, so that an
/// export holds one page in memory whatever the store's size.
pub fn events<'a>(store: &'a Store, selection: &Selection) -> Events<'a> {
    Events {
        store,
        query: EventQuery {
            from: selection.from.clone(),
            to: selection.to.clone(),
            limit: 1000,
            cursor: None,
            all_modalities: selection.all_modalities,
            ..EventQuery::default()
        },
        page: Vec::new().into_iter(),
        done: false,
    }
}

/// See [`events`].
pub struct Events<'a> {
    store: &'a Store,
    query: EventQuery,
    page: std::vec::IntoIter<EventRecord>,
    done: bool,
}

impl Iterator for Events<'_> {
    type Item = Result<EventRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(e) = self.page.next() {
                return Some(Ok(e));
            }
            if self.done {
                return None;
            }
            match self.store.events(&self.query) {
                Ok(page) => {
                    self.done = page.next_cursor.is_none();
                    self.query.cursor = page.next_cursor;
                    self.page = page.events.into_iter();
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e.into()));
                }
            }
        }
    }
}

/// ACLED's disorder type for an event type.
fn disorder_type(event_type: &str) -> &'static str {
    match event_type {
        "Protests" => "Demonstrations",
        "Riots" => "Political violence; Demonstrations",
        "Strategic developments" => "Strategic developments",
        _ => "Political violence",
    }
}

/// The day ACLED's `event_date` shows for a range: the range's middle day, as ACLED codes a
/// week- or month-precise event within its period (time_precision says how precise it is).
fn event_day(e: &EventRecord) -> Option<chrono::NaiveDate> {
    let start = chrono::NaiveDate::parse_from_str(e.date_start.as_deref()?, "%Y-%m-%d").ok()?;
    let end = chrono::NaiveDate::parse_from_str(e.date_end.as_deref()?, "%Y-%m-%d").ok()?;
    let half = (end - start).num_days() / 2;
    start.checked_add_days(chrono::Days::new(half.max(0) as u64))
}

/// The actor's canonical name on the event's day: ACLED names an actor as it was called
/// then ("CSP-PSD" in 2023, "FLA" from November 2024), whatever the reporting text said.
fn name_at(packs: &Packs, actor: &FactActor, day: chrono::NaiveDate) -> String {
    packs
        .actors
        .name_at(&actor.id, Some(day))
        .map_or_else(|| actor.name.clone(), str::to_string)
}

fn inter(packs: &Packs, actor: Option<&FactActor>) -> Option<u8> {
    packs.actors.actor(&actor?.id)?.inter
}

/// Writes events as ACLED-compatible CSV. Undated events cannot be coded and are skipped;
/// the count of skipped events is returned.
pub fn acled_csv(
    events: impl IntoIterator<Item = Result<EventRecord>>,
    packs: &Packs,
    timestamp: i64,
    out: impl Write,
) -> Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ACLED_COLUMNS)?;
    let mut skipped = 0;
    for e in events {
        let e = &e?;
        let Some(day) = event_day(e) else {
            skipped += 1;
            continue;
        };
        let country_code = e
            .location
            .as_ref()
            .and_then(|l| l.country.clone())
            .unwrap_or_default();
        let country = packs
            .gazetteer
            .country(&country_code)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let acled = packs.acled.country(&country_code);
        let prefix = iso3(&country_code);
        let (i1, i2) = (
            inter(packs, e.actor1.as_ref()),
            inter(packs, e.actor2.as_ref()),
        );
        let interaction = match (i1, i2) {
            (Some(a), Some(b)) => format!("{}{}", a.min(b), a.max(b)),
            (Some(a), None) => format!("{a}0"),
            _ => String::new(),
        };
        let civilians = e
            .actor2
            .as_ref()
            .and_then(|a| packs.actors.actor(&a.id))
            .is_some_and(|a| a.kind.as_str() == "civilians");
        let names = |a: &[FactActor]| {
            a.iter()
                .map(|a| name_at(packs, a, day))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let sources: Vec<String> = {
            let mut s: Vec<String> = e
                .sources
                .iter()
                .map(|s| s.url.clone().unwrap_or_else(|| s.source_path.clone()))
                .collect();
            s.sort();
            s.dedup();
            s
        };
        let notes = e
            .sources
            .iter()
            .map(|s| format!("\"{}\" ({})", s.sentence.trim(), s.source_path))
            .collect::<Vec<_>>()
            .join(" | ");
        let mut tags = Vec::new();
        if e.fatalities_estimated {
            tags.push("fatalities estimated".to_string());
        }
        if e.modality != "asserted" || e.polarity != "positive" {
            tags.push(format!("{} {}", e.modality, e.polarity));
        }
        let loc = e.location.as_ref();
        w.write_record([
            format!("{prefix}{}", e.id),
            day.to_string(),
            day.format("%Y").to_string(),
            e.time_precision.map(|p| p.to_string()).unwrap_or_default(),
            disorder_type(&e.event_type).to_string(),
            e.event_type.clone(),
            e.sub_event_type.clone(),
            e.actor1
                .as_ref()
                .map(|a| name_at(packs, a, day))
                .unwrap_or_default(),
            names(&e.assoc_actors),
            i1.map(|i| i.to_string()).unwrap_or_default(),
            e.actor2
                .as_ref()
                .map(|a| name_at(packs, a, day))
                .unwrap_or_default(),
            String::new(),
            i2.map(|i| i.to_string()).unwrap_or_default(),
            interaction,
            if civilians {
                "Civilian targeting".into()
            } else {
                String::new()
            },
            acled.map(|c| c.iso.to_string()).unwrap_or_default(),
            acled.map(|c| c.region.clone()).unwrap_or_default(),
            country,
            loc.and_then(|l| l.admin1.clone()).unwrap_or_default(),
            String::new(),
            String::new(),
            loc.map(|l| l.name.clone()).unwrap_or_default(),
            loc.map(|l| format!("{:.4}", l.lat)).unwrap_or_default(),
            loc.map(|l| format!("{:.4}", l.lon)).unwrap_or_default(),
            loc.and_then(|l| l.geo_precision)
                .map(|p| p.to_string())
                .unwrap_or_default(),
            sources.join("; "),
            String::new(),
            notes,
            e.fatalities.unwrap_or(0).to_string(),
            tags.join("; "),
            timestamp.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(skipped)
}

/// ACLED's event ids start with the country's ISO alpha-3 code; the few countries the
/// Sahel packs cover are spelled out, others fall back to the alpha-2 code.
fn iso3(alpha2: &str) -> &str {
    match alpha2 {
        "ML" => "MLI",
        "BF" => "BFA",
        "NE" => "NER",
        "MR" => "MRT",
        "DZ" => "DZA",
        "SN" => "SEN",
        "GN" => "GIN",
        "CI" => "CIV",
        "TD" => "TCD",
        "LY" => "LBY",
        "NG" => "NGA",
        "" => "XXX",
        other => other,
    }
}

/// One row per relation statement (every piece of evidence, not the merged state), read one
/// at a time from the store.
pub fn relations_csv(store: &Store, out: impl Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "subject_id",
        "subject",
        "predicate",
        "object_id",
        "object",
        "modality",
        "polarity",
        "attribution",
        "when",
        "since",
        "until",
        "doc_id",
        "source",
        "evidence",
    ])?;
    scan(
        |f| store.for_each_relation_statement(f),
        |r| {
            w.write_record([
                r.subject.id.as_str(),
                r.subject.name.as_str(),
                r.predicate.as_str(),
                r.object.id.as_str(),
                r.object.name.as_str(),
                r.modality.as_str(),
                r.polarity.as_str(),
                r.attribution.as_deref().unwrap_or(""),
                r.when.as_deref().unwrap_or(""),
                r.since.as_deref().unwrap_or(""),
                r.until.as_deref().unwrap_or(""),
                r.doc_id.as_str(),
                r.url.as_deref().unwrap_or(&r.source_path),
                r.sentence.as_str(),
            ])?;
            Ok(())
        },
    )?;
    w.flush()?;
    Ok(())
}

/// Events with a place as a GeoJSON FeatureCollection of points, written feature by
/// feature in the layout `serde_json::to_writer_pretty` gives the whole collection.
pub fn geojson(
    events: impl IntoIterator<Item = Result<EventRecord>>,
    mut out: impl Write,
) -> Result<()> {
    let mut first = true;
    let mut buf = Vec::new();
    for e in events {
        let e = e?;
        let Some(l) = e.location.as_ref() else {
            continue;
        };
        let feature = json!({
                "type": "Feature",
                "id": e.id,
                "geometry": {"type": "Point", "coordinates": [l.lon, l.lat]},
                "properties": {
                    "event_type": e.event_type,
                    "sub_event_type": e.sub_event_type,
                    "date": e.date,
                    "time_precision": e.time_precision,
                    "actor1": e.actor1.as_ref().map(|a| &a.name),
                    "actor2": e.actor2.as_ref().map(|a| &a.name),
                    "location": l.name,
                    "admin1": l.admin1,
                    "country": l.country,
                    "geo_precision": l.geo_precision,
                    "fatalities": e.fatalities,
                    "fatalities_estimated": e.fatalities_estimated,
                    "modality": e.modality,
                    "polarity": e.polarity,
                    "sources": e.source_count,
                }
        });
        out.write_all(if first {
            b"{\n  \"features\": [\n"
        } else {
            b",\n"
        })?;
        first = false;
        buf.clear();
        serde_json::to_writer_pretty(&mut buf, &feature)?;
        // Nested two levels down; a JSON string holds no raw newline, so every line of
        // the feature is a line of its layout.
        for (i, line) in buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"    ")?;
            out.write_all(line)?;
        }
    }
    out.write_all(if first {
        b"{\n  \"features\": [],\n"
    } else {
        b"\n  ],\n"
    })?;
    out.write_all(b"  \"type\": \"FeatureCollection\"\n}\n")?;
    Ok(())
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than producing an invalid file.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The actor graph at a date as GraphML, with node kinds and edge predicate, status,
/// modality, polarity and evidence count as attributes (Gephi reads them as columns).
pub fn graphml(graph: &Graph, mut out: impl Write) -> Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, on, name, ty) in [
        ("label", "node", "label", "string"),
        ("kind", "node", "kind", "string"),
        ("predicate", "edge", "predicate", "string"),
        ("status", "edge", "status", "string"),
        ("modality", "edge", "modality", "string"),
        ("polarity", "edge", "polarity", "string"),
        ("evidence", "edge", "evidence_count", "int"),
        ("first_seen", "edge", "first_seen", "string"),
        ("last_seen", "edge", "last_seen", "string"),
    ] {
        writeln!(
            out,
            r#"  <key id="{id}" for="{on}" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(
        out,
        r#"  <graph id="actors-at-{}" edgedefault="directed">"#,
        xml_escape(&graph.at)
    )?;
    for n in &graph.nodes {
        writeln!(out, r#"    <node id="{}">"#, xml_escape(&n.id))?;
        writeln!(
            out,
            r#"      <data key="label">{}</data>"#,
            xml_escape(&n.name)
        )?;
        if let Some(kind) = &n.kind {
            writeln!(out, r#"      <data key="kind">{}</data>"#, xml_escape(kind))?;
        }
        writeln!(out, "    </node>")?;
    }
    for (i, e) in graph.edges.iter().enumerate() {
        let status = serde_json::to_value(e.status)?;
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}">"#,
            xml_escape(&e.subject.id),
            xml_escape(&e.object.id)
        )?;
        for (key, value) in [
            ("predicate", e.predicate.clone()),
            ("status", status.as_str().unwrap_or("").to_string()),
            ("modality", e.modality.clone()),
            ("polarity", e.polarity.clone()),
            ("evidence", e.evidence_count.to_string()),
            ("first_seen", e.first_seen.clone().unwrap_or_default()),
            ("last_seen", e.last_seen.clone().unwrap_or_default()),
        ] {
            writeln!(
                out,
                r#"      <data key="{key}">{}</data>"#,
                xml_escape(&value)
            )?;
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    Ok(())
}

/// Every stored analysis (document, spans, facts) as one JSON object per line, by id.
pub fn jsonl(store: &Store, mut out: impl Write) -> Result<()> {
    scan(
        |f| store.for_each_analysis(f),
        |a| {
            serde_json::to_writer(&mut out, &a)?;
            out.write_all(b"\n")?;
            Ok(())
        },
    )
}

/// Runs a scan of the store (`run`) that hands each item to `f`. The store's error type
/// carries no export errors, so the first one `f` returns stops the scan and is returned as
/// it was.
fn scan<T>(
    run: impl FnOnce(&mut dyn FnMut(T) -> faultline_store::Result<()>) -> faultline_store::Result<()>,
    mut f: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut failure = None;
    let scanned = run(&mut |item| {
        f(item).map_err(|e| {
            failure = Some(e);
            StoreError::Json(serde_json::Error::io(std::io::Error::other(
                "export stopped",
            )))
        })
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(scanned?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped_and_kept_valid() {
        assert_eq!(
            xml_escape("Ansar <Dine> & \"co\"\u{1}"),
            "Ansar &lt;Dine&gt; &amp; &quot;co&quot;"
        );
    }

    #[test]
    fn disorder_types_follow_acled() {
        assert_eq!(disorder_type("Battles"), "Political violence");
        assert_eq!(disorder_type("Protests"), "Demonstrations");
        assert_eq!(
            disorder_type("Strategic developments"),
            "Strategic developments"
        );
    }
}

//! Facts across documents: one real event reported three times is one event; the state of an
//! actor pair at a date follows the dated evidence before it.

mod support;

use chrono::NaiveDate;
use faultline_model::fact::{
    DateRange, DateSource, Event, EventLocation, Evidence, FactActor, FactDate, Modality, Polarity,
    Predicate, Relation, SubEventType,
};
use faultline_model::time::Precision;
use faultline_model::{
    Analysis, DocId, Document, Language, Meta, OffsetMap, SourceFormat, SourceRef, Span,
};
use faultline_store::{EdgeStatus, EventQuery, Store};

fn actor(id: &str) -> FactActor {
    FactActor {
        id: id.into(),
        name: id.to_uppercase(),
        kind: Some("rebel_group".into()),
    }
}

fn date(label: &str, precision: Precision) -> FactDate {
    let parts: Vec<u32> = label.split('-').map(|p| p.parse().unwrap()).collect();
    let y = parts[0] as i32;
    let (from, to) = match parts.len() {
        1 => (
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(y, 12, 31).unwrap(),
        ),
        2 => {
            let from = NaiveDate::from_ymd_opt(y, parts[1], 1).unwrap();
            let next = if parts[1] == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap()
            } else {
                NaiveDate::from_ymd_opt(y, parts[1] + 1, 1).unwrap()
            };
            (from, next.pred_opt().unwrap())
        }
        _ => {
            let d = NaiveDate::from_ymd_opt(y, parts[1], parts[2]).unwrap();
            let to = if precision == Precision::Week {
                d + chrono::Days::new(6)
            } else {
                d
            };
            (d, to)
        }
    };
    FactDate {
        label: Some(label.into()),
        range: Some(DateRange {
            from,
            to,
            precision,
        }),
        source: DateSource::Text,
    }
}

fn kidal() -> EventLocation {
    EventLocation {
        name: "Kidal".into(),
        lat: 18.4411,
        lon: 1.4078,
        admin1: Some("Kidal".into()),
        country: "ML".into(),
        geo_precision: 1,
        gazetteer_id: None,
    }
}

fn evidence(text: &str) -> Evidence {
    Evidence {
        sentence: text.into(),
        start: 0,
        end: text.len(),
        rule: "test".into(),
    }
}

fn doc(id: &str, text: &str, published: Option<&str>) -> Analysis {
    Analysis {
        document: Document {
            id: DocId(id.into()),
            source: SourceRef {
                path: format!("{id}.txt"),
                line: None,
                record: None,
                format: SourceFormat::Text,
            },
            meta: Meta {
                published: published.map(str::to_string),
                ..Meta::default()
            },
            raw: text.into(),
            html: None,
            text: text.into(),
            offsets: OffsetMap::identity(text.len()),
            removed: vec![],
            language: Language {
                code: "en".into(),
                confidence: 1.0,
            },
            sentences: vec![Span::new(0, text.len())],
            simhash: 0,
        },
        published: Default::default(),
        times: vec![],
        mentions: vec![],
        places: vec![],
        events: vec![],
        relations: vec![],
        diagnostics: vec![],
    }
}

fn capture(when: Option<FactDate>, location: Option<EventLocation>, text: &str) -> Event {
    Event {
        sub_event_type: SubEventType::GovernmentRegainsTerritory,
        date: when.unwrap_or_default(),
        actor1: Some(actor("fama")),
        actor2: Some(actor("csp")),
        assoc_actors: vec![actor("wagner")],
        location,
        fatalities: None,
        fatalities_estimated: false,
        fatalities_note: None,
        modality: Modality::Asserted,
        polarity: Polarity::Positive,
        attribution: None,
        evidence: evidence(text),
    }
}

fn relation(
    s: &str,
    p: Predicate,
    o: &str,
    m: Modality,
    pol: Polarity,
    when: &str,
    text: &str,
) -> Relation {
    Relation {
        subject: actor(s),
        predicate: p,
        object: actor(o),
        modality: m,
        polarity: pol,
        attribution: None,
        when: date(when, Precision::Month),
        since: None,
        until: None,
        evidence: evidence(text),
    }
}

#[test]
fn three_reports_of_one_capture_are_one_event_and_another_town_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let mut a = doc("a", "They chased the CSP from Kidal last November.", None);
    a.events.push(capture(
        Some(date("2023-11", Precision::Month)),
        Some(kidal()),
        "They chased the CSP from Kidal last November.",
    ));
    let mut b = doc("b", "The FAMa entered Kidal a fortnight ago.", None);
    b.events.push(capture(
        Some(date("2023-11-21", Precision::Week)),
        Some(kidal()),
        "The FAMa entered Kidal a fortnight ago.",
    ));
    let mut c = doc("c", "The recent capture of Kidal by Malian soldiers.", None);
    c.events.push(capture(
        None,
        Some(kidal()),
        "The recent capture of Kidal by Malian soldiers.",
    ));
    let mut d = doc("d", "The army retook Anefis in October.", None);
    let mut anefis = kidal();
    anefis.name = "Anefis".into();
    anefis.lat = 17.95;
    anefis.lon = 0.55;
    d.events.push(capture(
        Some(date("2023-10", Precision::Month)),
        Some(anefis),
        "The army retook Anefis in October.",
    ));
    store.insert_batch(&[a, b, c, d]).unwrap();

    let page = store
        .events(&EventQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.events.len(), 2, "{:#?}", page.events);
    let kidal = page
        .events
        .iter()
        .find(|e| e.location.as_ref().unwrap().name == "Kidal")
        .unwrap();
    assert_eq!(kidal.sources.len(), 3);
    assert_eq!(
        kidal.date.as_deref(),
        Some("2023-11-21"),
        "the most precise date wins"
    );
    assert_eq!(kidal.time_precision, Some(2));

    let by_actor = store
        .events(&EventQuery {
            actor: Some("wagner".into()),
            from: Some("2023-11-01".into()),
            to: Some("2023-11-30".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_actor.events.len(), 1);

    // A window is judged on the merged event: the undated third report does not make the
    // Kidal capture match a window years before it.
    let before = store
        .events(&EventQuery {
            to: Some("2020-01-01".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert!(before.events.is_empty(), "{:#?}", before.events);
    let (days, undated) = store
        .event_days(&EventQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        days,
        vec![("2023-10-01".to_string(), 1), ("2023-11-01".to_string(), 1)],
        "one count per real event, on its earliest reported day"
    );
    assert_eq!(undated, 0);

    let paged = store
        .events(&EventQuery {
            limit: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(paged.events.len(), 1);
    let rest = store
        .events(&EventQuery {
            limit: 1,
            cursor: paged.next_cursor,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rest.events.len(), 1);
    assert_ne!(rest.events[0].id, paged.events[0].id);
}

/// An attack report with `actors` (first side, second side) on `when`, at `place`.
fn attack(
    actors: (&str, &str),
    when: Option<FactDate>,
    place: Option<EventLocation>,
    text: &str,
) -> Event {
    Event {
        sub_event_type: SubEventType::Attack,
        actor1: Some(actor(actors.0)),
        actor2: Some(actor(actors.1)),
        assoc_actors: vec![],
        ..capture(when, place, text)
    }
}

/// Reports of attacks merge when they name a common actor and their dates meet, whether the
/// candidates come from the place grid (a town) or from the actor keys (a region only); a
/// report that shares no actor, or whose date is months away, stays its own event.
#[test]
fn attack_reports_merge_on_a_shared_actor_and_meeting_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let mut region = kidal();
    region.geo_precision = 3;
    let day = || Some(date("2024-03-12", Precision::Day));
    let reports = [
        ("a", ("jnim", "fama"), day(), Some(kidal())),
        (
            "b",
            ("fama", "csp"),
            Some(date("2024-03", Precision::Month)),
            Some(kidal()),
        ),
        ("c", ("isgs", "mnla"), day(), Some(kidal())),
        (
            "d",
            ("jnim", "fama"),
            Some(date("2024-07-02", Precision::Day)),
            Some(kidal()),
        ),
        ("e", ("jnim", "wagner"), day(), Some(region.clone())),
        ("f", ("wagner", "mnla"), day(), Some(region)),
    ];
    let docs: Vec<Analysis> = reports
        .into_iter()
        .map(|(id, actors, when, place)| {
            let text = format!("Report {id} of fighting near Kidal.");
            let mut a = doc(id, &text, None);
            a.events.push(attack(actors, when, place, &text));
            a
        })
        .collect();
    store.insert_batch(&docs).unwrap();
    let page = store
        .events(&EventQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let mut groups: Vec<Vec<String>> = page
        .events
        .iter()
        .map(|e| {
            let mut ids: Vec<String> = e.sources.iter().map(|s| s.doc_id.clone()).collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    assert_eq!(
        groups,
        [vec!["a", "b", "e", "f"], vec!["c"], vec!["d"]],
        "{:#?}",
        page.events
    );
}

#[test]
fn an_undated_report_does_not_chain_captures_years_apart_into_one_event() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let mut docs = Vec::new();
    for (id, when, text) in [
        (
            "a",
            Some("2016-05-05"),
            "The army retook Kidal on 5 May 2016.",
        ),
        (
            "b",
            None,
            "The army's capture of Kidal was celebrated in Bamako.",
        ),
        (
            "c",
            Some("2023-11-14"),
            "The army retook Kidal on 14 November 2023.",
        ),
        (
            "d",
            Some("2023-11"),
            "Kidal fell to the army in November 2023.",
        ),
    ] {
        let mut d = doc(id, text, None);
        d.events.push(capture(
            when.map(|w| {
                let precision = if w.len() == 7 {
                    Precision::Month
                } else {
                    Precision::Day
                };
                date(w, precision)
            }),
            Some(kidal()),
            text,
        ));
        docs.push(d);
    }
    store.insert_batch(&docs).unwrap();

    let all = store.events(&EventQuery::default()).unwrap().events;
    let dates: Vec<(Option<&str>, usize)> = all
        .iter()
        .map(|e| (e.date.as_deref(), e.source_count))
        .collect();
    assert_eq!(
        dates,
        vec![(Some("2016-05-05"), 2), (Some("2023-11-14"), 2)],
        "the undated report joins the first capture; the 2023 reports make their own event"
    );

    // A listing bounded to one source still counts them all and merges them all; the event
    // read alone has every source.
    let bounded = store
        .events(&EventQuery {
            sources: Some(1),
            ..EventQuery::default()
        })
        .unwrap()
        .events;
    let recent = &bounded[1];
    assert_eq!((recent.sources.len(), recent.source_count), (1, 2));
    assert_eq!(recent.sources[0].doc_id, "c", "oldest report first");
    let whole = store.event(recent.id).unwrap().unwrap();
    assert_eq!(whole.sources.len(), 2);
    assert_eq!(
        (&whole.date, &whole.actor1, &whole.location),
        (&recent.date, &recent.actor1, &recent.location)
    );
}

#[test]
fn the_graph_at_a_date_follows_the_evidence_before_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let mut a = doc("a", "x", None);
    a.relations.push(relation(
        "csp",
        Predicate::NonAggressionPact,
        "jnim",
        Modality::Intended,
        Polarity::Positive,
        "2024-05",
        "The rebels want to establish a non-aggression pact with JNIM.",
    ));
    a.relations.push(relation(
        "csp",
        Predicate::AlliedWith,
        "jnim",
        Modality::Asserted,
        Polarity::Negative,
        "2024-05",
        "It is not about forming an alliance.",
    ));
    a.relations.push(relation(
        "fama",
        Predicate::HostileTo,
        "csp",
        Modality::Asserted,
        Polarity::Positive,
        "2023-11",
        "The army chased the CSP from Kidal.",
    ));
    let mut b = doc("b", "y", None);
    b.relations.push(relation(
        "jnim",
        Predicate::NonAggressionPact,
        "csp",
        Modality::Asserted,
        Polarity::Positive,
        "2024-08",
        "The CSP and JNIM signed a non-aggression pact.",
    ));
    b.relations.push(relation(
        "fama",
        Predicate::HostileTo,
        "csp",
        Modality::Asserted,
        Polarity::Negative,
        "2025-02",
        "The army and the CSP are no longer fighting.",
    ));
    store.insert_batch(&[a, b]).unwrap();

    let status = |at: &str, p: &str| {
        store
            .relations_at(at, None)
            .unwrap()
            .into_iter()
            .find(|e| e.predicate == p)
            .map(|e| (e.status, e.evidence_count))
    };
    assert_eq!(
        status("2023-06-01", "hostile_to"),
        None,
        "nothing known before"
    );
    assert_eq!(
        status("2024-05-20", "non_aggression_pact"),
        Some((EdgeStatus::Intended, 1))
    );
    assert_eq!(
        status("2024-05-20", "allied_with"),
        Some((EdgeStatus::Denied, 1))
    );
    assert_eq!(
        status("2024-05-20", "hostile_to"),
        Some((EdgeStatus::Established, 1))
    );
    // Both directions of a symmetric predicate are one edge.
    assert_eq!(
        status("2024-09-01", "non_aggression_pact"),
        Some((EdgeStatus::Established, 2))
    );
    assert_eq!(
        status("2025-03-01", "hostile_to"),
        Some((EdgeStatus::Ended, 2))
    );
    let graph = store.graph_at("2024-05-20").unwrap();
    assert_eq!(graph.nodes.len(), 3);
    assert!(graph.edges.iter().all(|e| !e.evidence.is_empty()));
    let timeline = store.timeline("csp", 100).unwrap();
    assert_eq!((timeline.entries.len(), timeline.total), (5, 5));
    assert_eq!(timeline.entries[0].date.as_deref(), Some("2023-11"));
}

/// The analysis record leaves events and relations to their tables; reading a document
/// back must still give every one of them, in order, exactly as written.
/// JNIM's and the CSP's pact, asserted in November 2023.
fn pact(text: &str) -> Relation {
    relation(
        "jnim",
        Predicate::NonAggressionPact,
        "csp",
        Modality::Asserted,
        Polarity::Positive,
        "2023-11",
        text,
    )
}

/// Two reports of the capture of Kidal (one dated, one not) and a pact, whose evidence is
/// the first two sentences of "The FAMa retook Kidal. JNIM and the CSP signed a pact. …".
fn retook_kidal_and_signed_a_pact(a: &mut Analysis) {
    a.events.push(capture(
        Some(date("2023-11-14", Precision::Day)),
        Some(kidal()),
        "The FAMa retook Kidal.",
    ));
    a.events.push(capture(None, None, "The FAMa retook Kidal."));
    a.relations.push(pact("JNIM and the CSP signed a pact."));
}

#[test]
fn a_document_reads_back_with_its_events_and_relations_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let text = "The FAMa retook Kidal. JNIM and the CSP signed a pact. They may negotiate.";
    let mut a = doc("rt", text, Some("2023-11-20"));
    retook_kidal_and_signed_a_pact(&mut a);
    a.relations.push(relation(
        "jnim",
        Predicate::NegotiatingWith,
        "fama",
        Modality::Speculative,
        Polarity::Positive,
        "2023-11",
        "They may negotiate.",
    ));
    // The sentences as the splitter gives them; the evidence of every fact but the last is
    // one of them, so the store keeps its text once, in `sentences`.
    a.document.sentences = sentence_spans(text);
    for ev in a
        .events
        .iter_mut()
        .map(|e| &mut e.evidence)
        .chain(a.relations.iter_mut().map(|r| &mut r.evidence))
    {
        ev.start = text.find(ev.sentence.as_str()).unwrap();
        ev.end = ev.start + ev.sentence.len();
    }
    // Evidence that is no sentence of the document (a clause) keeps its own text.
    let last = a.relations.last_mut().unwrap();
    last.evidence.sentence = "may negotiate".into();
    last.evidence.start = text.find("may negotiate").unwrap();
    last.evidence.end = last.evidence.start + "may negotiate".len();
    let path = tmp.path().join("kb.db");
    store.insert_batch(std::slice::from_ref(&a)).unwrap();
    let back = store.document("rt").unwrap().unwrap().analysis;
    assert_eq!(back.events, a.events);
    assert_eq!(back.relations, a.relations);
    assert_eq!(back, a);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stored = |table: &str| -> Vec<(String, Option<i64>)> {
        conn.prepare(&format!("SELECT json, sentence FROM {table} ORDER BY idx"))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // Facts name their sentence by its row in `sentences`.
    let sentence_index = |id: Option<i64>| -> Option<i64> {
        id.map(|id| {
            conn.query_row("SELECT idx FROM sentences WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
        })
    };
    let events = stored("events");
    assert!(events.iter().all(|(json, _)| !json.contains("retook")));
    assert_eq!(
        events
            .iter()
            .map(|e| sentence_index(e.1))
            .collect::<Vec<_>>(),
        [Some(0), Some(0)]
    );
    let relations = stored("relations");
    assert!(!relations[0].0.contains("signed a pact"));
    assert_eq!(sentence_index(relations[0].1), Some(1));
    assert!(relations[1].0.contains("\"sentence\":\"may negotiate\""));
    assert_eq!(relations[1].1, None);
    // The evidence the graph shows has the text back.
    let edges = store.relations_at("2023-12-01", Some("csp")).unwrap();
    let pact = edges
        .iter()
        .find(|e| e.predicate == "non_aggression_pact")
        .unwrap();
    assert_eq!(pact.evidence[0].sentence, "JNIM and the CSP signed a pact.");
}

/// Byte spans of the sentences of `text`, split after each period.
fn sentence_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        spans.push(Span::new(start, i + 1));
        start = i + 2;
    }
    spans.push(Span::new(start, text.len()));
    spans
}

/// A store written before schema 7 kept each fact's evidence sentence in its JSON, and before
/// schema 8 its per-day sums keyed by edge; opened now, its statements show the same
/// sentences and the graph the same edges.
#[test]
fn facts_stored_with_their_sentence_text_read_back_after_migrating() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v6.db");
    let text = "JNIM and the CSP signed a pact.";
    let r = pact(text);
    {
        let conn = support::store_at_version(&path, 6);
        conn.execute(
            "INSERT INTO documents (id, article_key, version, source_path, format, meta, language,
                                    language_confidence, raw, text, offsets, removed, analysis)
             VALUES ('old6', 'a.txt', 1, 'a.txt', 'text', '{}', 'en', 0.9, ?1, ?1,
                     '{\"runs\":[]}', '[]', '{}')",
            [text],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO relations (id, doc_id, idx, subject, predicate, object, modality,
                                    polarity, start, \"end\", json, day)
             VALUES (1, 'old6', 0, 'csp', 'non_aggression_pact', 'jnim', 'asserted',
                     'positive', 0, ?1, ?2, '2023-11-01')",
            rusqlite::params![text.len() as i64, serde_json::to_string(&r).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO relation_days VALUES ('csp', 'non_aggression_pact', 'jnim',
                                               '2023-11-01', 1, 1, 0, 0, 0, 1, NULL, 1, NULL)",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let statements = store.relation_statements().unwrap();
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0].sentence, text);
    let edges = store.relations_at("2023-12-01", None).unwrap();
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0].status, EdgeStatus::Established);
    assert_eq!(edges[0].evidence[0].sentence, text);
    assert!(store.relations_at("2023-10-31", None).unwrap().is_empty());
}

/// An event's evidence points into the raw input: from offsets stored with the report, and,
/// for reports stored before those columns existed, from the document's offset map. Both
/// give the same place.
#[test]
fn event_evidence_has_raw_offsets_stored_or_computed_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let mut store = Store::open(&path).unwrap();
    let text = "The FAMa retook Kidal last week.";
    let mut a = doc("raw", text, Some("2023-11-20"));
    // The input had a ten-byte header before the text that cleaning removed.
    a.document.raw = format!("HEADLINE\n\n{text}");
    a.document.offsets = serde_json::from_str(&format!(
        r#"{{"runs":[{{"clean":0,"raw":10,"len":{}}}]}}"#,
        text.len()
    ))
    .unwrap();
    a.events.push(capture(
        Some(date("2023-11-14", Precision::Week)),
        Some(kidal()),
        text,
    ));
    store.insert_batch(std::slice::from_ref(&a)).unwrap();
    let raw_offsets = |store: &Store| {
        let page = store
            .events(&EventQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        let source = &page.events[0].sources[0];
        (source.raw_start, source.raw_end)
    };
    let stored = raw_offsets(&store);
    assert_eq!(stored, (10, 10 + text.len() as i64));
    let conn = rusqlite::Connection::open(&path).unwrap();
    // Reports without raw offsets were stored before the archive, with the offset map inline.
    support::values_inline(&conn);
    conn.execute("UPDATE events SET raw_start = NULL, raw_end = NULL", [])
        .unwrap();
    assert_eq!(raw_offsets(&store), stored);
}

/// The graph at a date adds whole years before the date's year and that year's days up to
/// the date: statements in earlier years, earlier in the same year, later in the same year
/// and undated ones must all count exactly as they did day by day.
#[test]
fn the_graph_at_a_date_adds_earlier_years_and_the_days_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let mut a = doc("years", "x", None);
    for (pol, when, text) in [
        (
            Polarity::Positive,
            "2021-03",
            "The army fought the CSP near Ber.",
        ),
        (
            Polarity::Negative,
            "2022-07",
            "The army and the CSP no longer fight.",
        ),
        (
            Polarity::Positive,
            "2023-03",
            "Fighting resumed between the army and the CSP.",
        ),
        (
            Polarity::Positive,
            "2023-09",
            "The army struck CSP positions again.",
        ),
    ] {
        a.relations.push(relation(
            "fama",
            Predicate::HostileTo,
            "csp",
            Modality::Asserted,
            pol,
            when,
            text,
        ));
    }
    let mut undated = relation(
        "fama",
        Predicate::HostileTo,
        "csp",
        Modality::Asserted,
        Polarity::Positive,
        "2021",
        "The army is at war with the CSP.",
    );
    undated.when = FactDate::default();
    a.relations.push(undated);
    store.insert_batch(&[a]).unwrap();
    let edge = |at: &str| {
        let e = store
            .relations_at(at, None)
            .unwrap()
            .into_iter()
            .find(|e| e.predicate == "hostile_to")
            .unwrap();
        (e.status, e.evidence_count, e.first_seen, e.last_seen)
    };
    let day = |d: &str| Some(d.to_string());
    assert_eq!(
        edge("2022-01-01"),
        (
            EdgeStatus::Established,
            2,
            day("2021-03-01"),
            day("2021-03-01")
        )
    );
    assert_eq!(
        edge("2023-01-15"),
        (EdgeStatus::Ended, 3, day("2021-03-01"), day("2022-07-01"))
    );
    assert_eq!(
        edge("2023-06-01"),
        (
            EdgeStatus::Established,
            4,
            day("2021-03-01"),
            day("2023-03-01")
        )
    );
    assert_eq!(
        edge("2024-01-01"),
        (
            EdgeStatus::Established,
            5,
            day("2021-03-01"),
            day("2023-09-01")
        )
    );
}

/// A store written before event summaries (schema 5) gets them from its reports when opened.
#[test]
fn a_schema_5_store_summarises_its_events_when_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v5.db");
    {
        let conn = support::store_at_version(&path, 5);
        conn.execute(
            "INSERT INTO documents (id, article_key, version, source_path, format, meta, language,
                                    language_confidence, raw, text, offsets, removed, analysis)
             VALUES ('old5', 'a.txt', 1, 'a.txt', 'text', '{}', 'en', 0.9, 'x', 'x',
                     '{\"runs\":[]}', '[]', '{}')",
            [],
        )
        .unwrap();
        // Two reports of one capture, merged by schema 5 into the first one's cluster.
        for (id, when, precision) in [
            (1, "2023-11", Precision::Month),
            (2, "2023-11-14", Precision::Day),
        ] {
            let e = capture(
                Some(date(when, precision)),
                Some(kidal()),
                "The FAMa entered Kidal.",
            );
            conn.execute(
                "INSERT INTO events (id, doc_id, idx, cluster, event_type, sub_event_type,
                                     date_start, date_end, date_source,
                                     fatalities_estimated, modality, polarity, start, \"end\",
                                     json)
                 VALUES (?1, 'old5', ?1 - 1, 1, 'Strategic developments', ?2, ?3, ?4, 'text', 0,
                         'asserted', 'positive', 0, 1, ?5)",
                rusqlite::params![
                    id,
                    e.sub_event_type.as_str(),
                    e.date.range.unwrap().from.to_string(),
                    e.date.range.unwrap().to.to_string(),
                    serde_json::to_string(&e).unwrap()
                ],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        faultline_store::SCHEMA_VERSION
    );
    let events = store.events(&EventQuery::default()).unwrap().events;
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!((e.id, e.source_count), (1, 2));
    assert_eq!(
        e.date.as_deref(),
        Some("2023-11-14"),
        "the most precise date wins"
    );
    assert_eq!(e.actor1.as_ref().map(|a| a.id.as_str()), Some("fama"));
}

/// Schema 9 rebuilds the sentence, event and relation tables without their index by
/// document. A schema-8 store keeps every row (the events' actors too, which dropping the old
/// events table would have deleted with foreign keys on), each document reads back its own
/// facts in order, search still finds the sentences, and documents added afterwards get the
/// next ids.
#[test]
fn a_schema_8_store_keeps_its_facts_when_its_tables_are_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v8.db");
    let text_a = "The FAMa retook Kidal. JNIM and the CSP signed a pact.";
    let text_b = "JNIM and the CSP signed a pact.";
    let mut a = doc("old-a", text_a, Some("2023-11-20"));
    a.document.sentences = sentence_spans(text_a);
    retook_kidal_and_signed_a_pact(&mut a);
    a.relations.push(relation(
        "jnim",
        Predicate::HostileTo,
        "fama",
        Modality::Asserted,
        Polarity::Positive,
        "2023-11",
        "The FAMa retook Kidal.",
    ));
    let mut b = doc("old-b", text_b, Some("2023-11-21"));
    b.relations.push(pact(text_b));
    for ev in a
        .events
        .iter_mut()
        .map(|e| &mut e.evidence)
        .chain(a.relations.iter_mut().map(|r| &mut r.evidence))
    {
        ev.start = text_a.find(ev.sentence.as_str()).unwrap();
        ev.end = ev.start + ev.sentence.len();
    }
    {
        let conn = support::store_at_version(&path, 8);
        let mut sentence_id = 0;
        // Rows of the two documents interleave by id, as concurrent batches never made them
        // but a range must still find only its own document's rows.
        for d in [&a, &b] {
            let id = &d.document.id.0;
            conn.execute(
                "INSERT INTO documents (id, article_key, version, source_path, format, meta,
                                        language, language_confidence, raw, text, offsets,
                                        removed, analysis)
                 VALUES (?1, ?1, 1, 'x.txt', 'text', '{}', 'en', 0.9, ?2, ?2, ?3, '[]', ?4)",
                rusqlite::params![
                    id,
                    d.document.text,
                    serde_json::to_string(&d.document.offsets).unwrap(),
                    serde_json::json!({
                        "document": d.document.skeleton(),
                        "published": d.published,
                        "times": [], "mentions": [], "places": [], "diagnostics": []
                    })
                    .to_string()
                ],
            )
            .unwrap();
            for (idx, s) in d.document.sentences.iter().enumerate() {
                sentence_id += 1;
                conn.execute(
                    "INSERT INTO sentences (id, doc_id, idx, start, \"end\", raw_start, raw_end,
                                            text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5, ?6)",
                    rusqlite::params![
                        sentence_id,
                        id,
                        idx as i64,
                        s.start as i64,
                        s.end as i64,
                        &d.document.text[s.start..s.end]
                    ],
                )
                .unwrap();
            }
        }
        conn.execute(
            "INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences",
            [],
        )
        .unwrap();
        for (id, doc_id, idx, e) in [(1, "old-a", 0, &a.events[0]), (3, "old-a", 1, &a.events[1])] {
            conn.execute(
                "INSERT INTO events (id, doc_id, idx, cluster, event_type, sub_event_type,
                                     date_source, fatalities_estimated, modality, polarity,
                                     start, \"end\", json)
                 VALUES (?1, ?2, ?3, ?1, 'Strategic developments', ?4, 'text', 0, 'asserted',
                         'positive', 0, 1, ?5)",
                rusqlite::params![
                    id,
                    doc_id,
                    idx,
                    e.sub_event_type.as_str(),
                    serde_json::to_string(e).unwrap()
                ],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO event_actors (event_id, actor_id, role, cluster)
                 VALUES (?1, 'fama', 'actor1', ?1)",
                [id],
            )
            .unwrap();
        }
        for (id, doc_id, idx, r) in [
            (1, "old-a", 0, &a.relations[0]),
            (2, "old-b", 0, &b.relations[0]),
            (3, "old-a", 1, &a.relations[1]),
        ] {
            conn.execute(
                "INSERT INTO relations (id, doc_id, idx, subject, predicate, object, modality,
                                        polarity, start, \"end\", json, day)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'asserted', 'positive', 0, 1, ?7, '2023-11-01')",
                rusqlite::params![
                    id,
                    doc_id,
                    idx,
                    r.subject.id,
                    r.predicate.as_str(),
                    r.object.id,
                    serde_json::to_string(r).unwrap()
                ],
            )
            .unwrap();
        }
    }
    assert_eq!(Store::stored_schema_version(&path).unwrap(), Some(8));
    assert_eq!(
        Store::stored_schema_version(&tmp.path().join("none.db")).unwrap(),
        None
    );
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        faultline_store::SCHEMA_VERSION
    );
    assert_eq!(
        Store::stored_schema_version(&path).unwrap(),
        Some(faultline_store::SCHEMA_VERSION)
    );
    let back = store.document("old-a").unwrap().unwrap().analysis;
    assert_eq!(back.events, a.events);
    assert_eq!(back.relations, a.relations);
    let back = store.document("old-b").unwrap().unwrap().analysis;
    assert!(back.events.is_empty());
    assert_eq!(back.relations, b.relations);
    let hits = store.search("pact", 10, false).unwrap();
    assert_eq!(hits.len(), 2);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM event_actors"), 2);
        assert_eq!(
            count(
                "SELECT count(*) FROM sqlite_schema
                 WHERE tbl_name IN ('sentences', 'events', 'relations')
                   AND name LIKE 'sqlite_autoindex%'"
            ),
            0
        );
        assert_eq!(
            count("SELECT count(*) FROM pragma_foreign_key_check"),
            0,
            "every row still references a stored document"
        );
    }
    // A document written now takes the ids after the migrated ones.
    let mut c = doc("new-c", text_b, Some("2023-11-22"));
    c.events.push(capture(None, Some(kidal()), text_b));
    c.relations.push(pact(text_b));
    store.insert_batch(std::slice::from_ref(&c)).unwrap();
    let back = store.document("new-c").unwrap().unwrap().analysis;
    assert_eq!(back.events, c.events);
    assert_eq!(back.relations, c.relations);
    assert_eq!(
        store.document("old-a").unwrap().unwrap().analysis.relations,
        a.relations
    );
}

/// Every row of `table`, in key order, as text.
fn table_rows(store_path: &std::path::Path, table: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(store_path).unwrap();
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3"))
        .unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |r| {
        (0..width)
            .map(|i| r.get::<_, rusqlite::types::Value>(i))
            .collect::<Result<Vec<_>, _>>()
            .map(|values| format!("{values:?}"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The tables of totals hold the same rows however documents were grouped into batches and
/// transactions: a total with nothing in it stays NULL rather than becoming the 0 or '' of
/// an update that only some groupings run.
#[test]
fn totals_do_not_depend_on_how_documents_were_batched() {
    let docs: Vec<Analysis> = (0..6)
        .map(|i| {
            let text = format!("Report {i}: JNIM and the army fought again.");
            let mut a = doc(&format!("d{i}"), &text, Some("2024-02-01"));
            let polarity = if i == 0 {
                Polarity::Negative
            } else {
                Polarity::Positive
            };
            let when = if i % 2 == 0 { "2024-01" } else { "2024-02" };
            let mut r = relation(
                "jnim",
                Predicate::HostileTo,
                "fama",
                Modality::Asserted,
                polarity,
                when,
                &text,
            );
            if i == 4 {
                r.until = Some(faultline_model::time::TimeValue::day(
                    NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
                ));
            }
            a.relations.push(r);
            a
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole.db");
    Store::open(&whole).unwrap().insert_batch(&docs).unwrap();
    let apart = tmp.path().join("apart.db");
    {
        let mut store = Store::open(&apart).unwrap();
        store.group_commits(2, std::time::Duration::from_secs(60));
        for d in &docs {
            store.insert_batch(std::slice::from_ref(d)).unwrap();
        }
    }
    for table in [
        "relation_days",
        "relation_years",
        "mention_totals",
        "actors_seen",
    ] {
        let rows = table_rows(&whole, table);
        assert!(
            !rows.is_empty() || table != "relation_days",
            "the relations add daily sums"
        );
        assert_eq!(rows, table_rows(&apart, table), "{table}");
    }
}

/// Rebuilds `documents` in schema 11's column order, with its listing index, puts
/// `relations_edge` back on the three names and drops the per-language totals of schema 13:
/// what a store written before schema 12 holds.
fn downgrade_to_schema_11(path: &std::path::Path) {
    const OLD_ORDER: &str = "id, article_key, version, source_path, source_line, source_record, \
        format, meta, language, language_confidence, raw, html, text, offsets, removed, \
        analysis, ingested_at, published, published_precision, published_source, \
        published_start, published_end, simhash, near_duplicate_of, first_event, last_event, \
        first_relation, last_relation, raw_len";
    let conn = rusqlite::Connection::open(path).unwrap();
    support::values_inline(&conn);
    let declared: Vec<String> = OLD_ORDER
        .split(", ")
        .map(|c| match c {
            "id" => "id TEXT PRIMARY KEY".to_string(),
            "ingested_at" => "ingested_at TEXT NOT NULL".to_string(),
            other => other.to_string(),
        })
        .collect();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF;
         BEGIN;
         CREATE TABLE documents_v11 ({declared});
         INSERT INTO documents_v11 (rowid, {OLD_ORDER})
             SELECT rowid, {OLD_ORDER} FROM documents;
         DROP TABLE documents;
         ALTER TABLE documents_v11 RENAME TO documents;
         CREATE INDEX documents_article ON documents(article_key, version);
         CREATE INDEX documents_listing ON documents(id, source_path, published, published_start,
                                                    published_end, meta);
         DROP INDEX relations_edge;
         ALTER TABLE relations DROP COLUMN edge;
         CREATE INDEX relations_edge ON relations(subject, predicate, object, day);
         DROP TABLE document_totals;
         PRAGMA user_version = 11;
         COMMIT;",
        declared = declared.join(", ")
    ))
    .unwrap();
}

/// Schema 12 rebuilt `documents` with its small fields first and keyed `relations_edge` by a
/// hash of the edge; schema 13 keeps totals per language. A store in schema 11's layout reads
/// back the same after migrating (`stats` too, from the new totals): each
/// document whole, the graph with each edge's evidence newest first and its documents' titles
/// and paths, the events' sources, the statements. And since queries compare the names as
/// well as the key, an edge whose key another edge shares keeps its own evidence.
#[test]
fn a_schema_11_store_reads_back_the_same_after_its_indexes_change() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let titled = |mut a: Analysis, title: &str| {
        a.document.meta.title = Some(title.into());
        a.document.meta.url = Some(format!("https://example.org/{}", a.document.id.0));
        a
    };
    let first = "JNIM and the CSP signed a pact.";
    let mut a = titled(doc("a", first, Some("2023-11-20")), "Pact signed");
    a.relations.push(pact(first));
    let second = "JNIM and the CSP renewed their pact as the FAMa attacked JNIM.";
    let mut b = titled(doc("b", second, Some("2023-12-05")), "Pact renewed");
    let mut renewed = pact(second);
    renewed.when = date("2023-12", Precision::Month);
    b.relations.push(renewed);
    b.relations.push(relation(
        "fama",
        Predicate::HostileTo,
        "jnim",
        Modality::Asserted,
        Polarity::Positive,
        "2023-12",
        second,
    ));
    let third = "The FAMa retook Kidal.";
    let mut c = titled(doc("c", third, None), "Kidal retaken");
    c.events.push(capture(
        Some(date("2023-11-14", Precision::Day)),
        Some(kidal()),
        third,
    ));
    let docs = [a, b, c];
    let read = |store: &Store| {
        let analyses: Vec<Analysis> = ["a", "b", "c"]
            .iter()
            .map(|id| store.document(id).unwrap().unwrap().analysis)
            .collect();
        let edges = store.relations_at("2024-01-01", None).unwrap();
        let events = store
            .events(&EventQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        (
            analyses,
            edges,
            events,
            store.relation_statements().unwrap(),
            store.stats().unwrap(),
        )
    };
    let before = {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&docs).unwrap();
        read(&store)
    };
    let (analyses, edges, events, _, stats) = &before;
    assert_eq!((stats.documents, stats.sentences), (3, 3));
    assert_eq!(analyses.as_slice(), &docs);
    assert_eq!(edges.len(), 2);
    let pact_edge = edges.iter().find(|e| e.predicate == "non_aggression_pact");
    let newest_first: Vec<(&str, Option<&str>)> = pact_edge
        .unwrap()
        .evidence
        .iter()
        .map(|e| (e.doc_id.as_str(), e.title.as_deref()))
        .collect();
    assert_eq!(
        newest_first,
        [("b", Some("Pact renewed")), ("a", Some("Pact signed"))]
    );
    assert_eq!(events.events[0].sources[0].source_path, "c.txt");

    downgrade_to_schema_11(&path);
    let rowids = |path: &std::path::Path| -> Vec<(i64, String)> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare("SELECT rowid, id FROM documents ORDER BY rowid")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let old_rowids = rowids(&path);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        faultline_store::SCHEMA_VERSION
    );
    assert_eq!(read(&store), before);
    assert_eq!(rowids(&path), old_rowids);

    // A collision: the hostile edge's statements filed under the pact's key. The pact's
    // evidence must still be its own two statements.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE relations SET edge = (SELECT edge FROM relations
                                          WHERE predicate = 'non_aggression_pact' LIMIT 1)",
            [],
        )
        .unwrap();
    let pact_evidence = |edges: &[faultline_store::Edge]| {
        edges
            .iter()
            .find(|e| e.predicate == "non_aggression_pact")
            .map(|e| e.evidence.clone())
    };
    let (_, edges_before, _, _, _) = &before;
    assert_eq!(
        pact_evidence(&store.relations_at("2024-01-01", None).unwrap()),
        pact_evidence(edges_before)
    );
}

/// A timeline keeps the newest entries the caller asks for, events and statements together,
/// dated ones before undated ones, and says how many there are in all.
#[test]
fn a_timeline_keeps_the_newest_entries_and_counts_them_all() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let mut docs = Vec::new();
    for (i, month) in ["2023-01", "2023-02", "2023-03", "2023-04"]
        .iter()
        .enumerate()
    {
        let text = format!("The FAMa retook Kidal in month {i}.");
        let mut a = doc(&format!("e{i}"), &text, None);
        a.events.push(capture(
            Some(date(month, Precision::Month)),
            Some(kidal()),
            &text,
        ));
        docs.push(a);
        let text = format!("JNIM and the CSP signed pact number {i}.");
        let mut b = doc(&format!("r{i}"), &text, None);
        let mut r = pact(&text);
        r.when = date(&format!("2024-0{}", i + 1), Precision::Month);
        b.relations.push(r);
        docs.push(b);
    }
    let text = "The FAMa retook Kidal once.";
    let mut undated = doc("u", text, None);
    undated.events.push(capture(None, None, text));
    docs.push(undated);
    store.insert_batch(&docs).unwrap();

    let dates = |limit: usize| {
        let t = store.timeline("csp", limit).unwrap();
        let dates: Vec<String> = t
            .entries
            .iter()
            .map(|e| format!("{} {}", e.kind, e.date.as_deref().unwrap_or("undated")))
            .collect();
        (dates, t.total)
    };
    assert_eq!(
        dates(3),
        (
            vec![
                "relation 2024-02".to_string(),
                "relation 2024-03".to_string(),
                "relation 2024-04".to_string()
            ],
            9
        )
    );
    let (six, _) = dates(6);
    assert_eq!(six.first().map(String::as_str), Some("event 2023-03"));
    let (all, total) = dates(100);
    assert_eq!((all.len(), total), (9, 9));
    assert_eq!(all.last().map(String::as_str), Some("event undated"));
}

//! Store behaviour: identity, versions, search, schema guards.

mod support;

use faultline_model::{
    Analysis, DocId, Document, Language, Meta, OffsetMap, SourceFormat, SourceRef, Span,
};
use faultline_store::{Inserted, Store, StoreError};

fn analysis(id: &str, path: &str, url: Option<&str>, text: &str) -> Analysis {
    let mut sentences = Vec::new();
    let mut start = 0;
    for part in text.split_inclusive(". ") {
        let trimmed = part.trim_end();
        sentences.push(Span::new(start, start + trimmed.len()));
        start += part.len();
    }
    Analysis {
        document: Document {
            id: DocId(id.into()),
            source: SourceRef {
                path: path.into(),
                line: None,
                record: None,
                format: SourceFormat::Text,
            },
            meta: Meta {
                url: url.map(str::to_string),
                ..Meta::default()
            },
            raw: text.into(),
            html: None,
            text: text.into(),
            offsets: OffsetMap::identity(text.len()),
            removed: vec![],
            language: Language {
                code: "en".into(),
                confidence: 0.9,
            },
            sentences,
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

#[test]
fn same_id_is_unchanged_and_a_changed_article_is_a_new_version() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let url = Some("https://example.org/kidal");
    let v1 = analysis(
        "aa",
        "a.txt",
        url,
        "The army entered Kidal. Rebels withdrew.",
    );
    let v2 = analysis(
        "bb",
        "b.txt",
        url,
        "The army entered Kidal on Tuesday. Rebels withdrew.",
    );
    assert_eq!(
        store.insert_batch(std::slice::from_ref(&v1)).unwrap(),
        vec![Inserted::New { version: 1 }]
    );
    assert_eq!(
        store.insert_batch(&[v1]).unwrap(),
        vec![Inserted::Unchanged]
    );
    assert_eq!(
        store.insert_batch(&[v2]).unwrap(),
        vec![Inserted::New { version: 2 }]
    );
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.articles), (2, 1));
    assert_eq!(store.document("b").unwrap().unwrap().version, 2);
}

#[test]
fn search_finds_sentences_with_offsets_and_ignores_accents_and_case() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let text = "Des combats ont eu lieu à Ménaka. Le pacte de non-agression est signé.";
    store
        .insert_batch(&[analysis("cc", "fr.txt", None, text)])
        .unwrap();
    let hits = store.search("menaka", 10, false).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentence, "Des combats ont eu lieu à Ménaka.");
    let hits = store.search("NON-AGRESSION pacte", 10, false).unwrap();
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(&text[h.raw_start as usize..h.raw_end as usize], h.sentence);
    assert!(store.search("Gao", 10, false).unwrap().is_empty());
    assert!(matches!(
        store.search("\"", 10, false),
        Err(StoreError::BadQuery { .. })
    ));
    assert!(matches!(
        store.search("AND OR (", 10, true),
        Err(StoreError::BadQuery { .. })
    ));
}

/// The full-text index merges segments sixteen at a time (`Store::tune_full_text`): set on a
/// new store and on an existing one at its next writable open, and a search still finds
/// terms from every one of the many segments that batches wrote.
#[test]
fn the_full_text_index_gathers_sixteen_segments_and_still_finds_every_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let automerge = |path: &std::path::Path| -> i64 {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row(
                "SELECT v FROM sentences_fts_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    {
        let mut store = Store::open(&path).unwrap();
        // One batch per document: each writes a segment of its own.
        for i in 0..40 {
            let text = format!("Fighting near Ménaka was reported by source{i} on day {i}.");
            store
                .insert_batch(&[analysis(&format!("d{i}"), "a.txt", None, &text)])
                .unwrap();
        }
    }
    assert_eq!(automerge(&path), 16);
    let store = Store::open_read_only(&path).unwrap();
    for i in 0..40 {
        let hits = store.search(&format!("source{i}"), 10, false).unwrap();
        assert_eq!(hits.len(), 1, "source{i}");
    }
    assert_eq!(store.search("menaka", 100, false).unwrap().len(), 40);
    drop(store);
    // A store whose index merges at FTS5's default is set again when next opened to write.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('automerge', 4)",
            [],
        )
        .unwrap();
    assert_eq!(automerge(&path), 4);
    drop(Store::open(&path).unwrap());
    assert_eq!(automerge(&path), 16);
}

#[test]
fn a_database_from_a_newer_faultline_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::TooNew { found: 99, .. })
    ));
    assert!(matches!(
        Store::open_read_only(&path),
        Err(StoreError::TooNew { .. })
    ));
}

#[test]
fn foreign_files_are_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("notes.db");
    std::fs::write(&text, "not a database at all\n".repeat(100)).unwrap();
    let err = Store::open(&text).err().expect("refused");
    assert!(err.is_user_error(), "{err}");
    assert!(
        std::fs::read_to_string(&text)
            .unwrap()
            .starts_with("not a database")
    );

    let other = tmp.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER)")
            .unwrap();
    }
    assert!(matches!(
        Store::open(&other),
        Err(StoreError::NotADatabase { .. })
    ));
}

/// A database written by the first release of the schema opens, migrates forward and keeps
/// what it held.
#[test]
fn an_old_database_is_migrated_without_losing_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v1.db");
    {
        let conn = support::store_at_version(&path, 1);
        conn.execute(
            "INSERT INTO documents (id, article_key, version, source_path, format, meta, language,
                                    language_confidence, raw, text, offsets, removed, analysis)
             VALUES ('old1', 'a.txt', 1, 'a.txt', 'text', '{}', 'en', 0.9, 'Kidal fell.',
                     'Kidal fell.', '{\"runs\":[]}', '[]', '{}')",
            [],
        )
        .unwrap();
    }
    // Reading alone cannot migrate: the error says what to run.
    match Store::open_read_only(&path) {
        Err(err @ StoreError::TooOld { found: 1, .. }) => {
            assert!(err.is_user_error());
            assert!(err.to_string().contains("faultline ingest"), "{err}");
        }
        Err(other) => panic!("expected TooOld, got {other}"),
        Ok(_) => panic!("an old database opened read-only"),
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        faultline_store::SCHEMA_VERSION
    );
    assert_eq!(store.stats().unwrap().documents, 1);
    assert!(store.relations_at("2024-01-01", None).unwrap().is_empty());
}

/// The document's text layers live in their own columns and the analysis record beside
/// them; reading a document gives back exactly what was written.
#[test]
fn a_stored_analysis_reads_back_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let mut a = analysis(
        "dd",
        "fr.txt",
        Some("https://example.org/x"),
        "L'armée a repris Kidal. Les rebelles se sont retirés.",
    );
    a.document.html = Some("<p>L'armée a repris Kidal.</p>".into());
    a.document.simhash = 0x0123_4567_89ab_cdef;
    store.insert_batch(std::slice::from_ref(&a)).unwrap();
    let back = store.document("dd").unwrap().unwrap().analysis;
    assert_eq!(back, a);
    let mut all = Vec::new();
    store
        .for_each_analysis(|x| {
            all.push(x);
            Ok(())
        })
        .unwrap();
    assert_eq!(all, vec![a]);
}

/// Schema 5 counts mentions instead of listing them: a schema-4 store's mentions become
/// counts per document and actor, and the actor listings read the same numbers as before.
#[test]
fn mentions_of_a_schema_4_store_become_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v4.db");
    {
        let conn = support::store_at_version(&path, 4);
        conn.execute(
            "INSERT INTO documents (id, article_key, version, source_path, format, meta, language,
                                    language_confidence, raw, text, offsets, removed, analysis,
                                    published_start, published_end)
             VALUES ('old4', 'a.txt', 1, 'a.txt', 'text', '{}', 'en', 0.9, 'x', 'x',
                     '{\"runs\":[]}', '[]', '{}', '2024-02-01', '2024-02-01')",
            [],
        )
        .unwrap();
        for (idx, text, actor, how) in [
            (0, "JNIM", Some("jnim"), "alias"),
            (1, "the jihadists", Some("jnim"), "generic"),
            (2, "JNIM", Some("jnim"), "alias"),
            (3, "the rebels", None, "generic"),
            (4, "FNLA", Some("candidate:fnla"), "candidate"),
        ] {
            conn.execute(
                "INSERT INTO mentions (doc_id, idx, start, \"end\", text, actor_id, how)
                 VALUES ('old4', ?1, 0, 1, ?2, ?3, ?4)",
                rusqlite::params![idx, text, actor, how],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.mentions, stats.linked_mentions), (5, 4));
    let jnim = store.actor_activity("jnim").unwrap();
    assert_eq!((jnim.mentions, jnim.documents), (3, 1));
    assert_eq!(jnim.first_seen.as_deref(), Some("2024-02-01"));
    assert_eq!(store.mention_counts().unwrap().get("jnim"), Some(&3));
    assert_eq!(
        store.candidates().unwrap(),
        vec![("FNLA".to_string(), "old4".to_string(), 1)]
    );
}

/// During ingest a second connection checkpoints the log; when it stops, the log is empty
/// and every committed document is in the database file for any reader.
#[test]
fn background_checkpoints_leave_an_empty_log_and_every_document_readable() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let mut store = Store::open(&path).unwrap();
    store.checkpoint_in_background().unwrap();
    for batch in 0..5 {
        let docs: Vec<Analysis> = (0..20)
            .map(|i| {
                analysis(
                    &format!("d{batch}-{i}"),
                    &format!("f{batch}-{i}.txt"),
                    None,
                    &format!("Report {batch} {i}: the army entered Kidal."),
                )
            })
            .collect();
        store.insert_batch(&docs).unwrap();
    }
    store.checkpoint_inline().unwrap();
    let wal = tmp.path().join("kb.db-wal");
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 100);
}

/// Passive checkpoints alone never let the log start over while a writer keeps appending
/// (a first ingest of 42,000 documents grew a 7 GB log); past its limit, the writer restarts
/// the log after its commit. With a limit of one byte, every commit restarts it, so the file
/// never holds more than the largest batch, and the last checkpoint empties it.
#[test]
fn past_its_limit_the_log_is_emptied_after_a_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let wal = tmp.path().join("kb.db-wal");
    let mut store = Store::open(&path).unwrap();
    store.checkpoint_in_background_with_limit(1).unwrap();
    let mut first = None;
    for batch in 0..5 {
        let docs: Vec<Analysis> = (0..10)
            .map(|i| {
                analysis(
                    &format!("w{batch}-{i}"),
                    &format!("w{batch}-{i}.txt"),
                    None,
                    &format!("Report {batch}-{i}: the army entered Kidal after heavy fighting."),
                )
            })
            .collect();
        store.insert_batch(&docs).unwrap();
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        first.get_or_insert(size);
        // Batches differ by a few bytes of text; a log that grew would double.
        assert!(
            size < first.unwrap() * 3 / 2,
            "batch {batch}: log grew to {size} bytes"
        );
    }
    store.checkpoint_inline().unwrap();
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 50);
}

/// The document's analysis record as stored: compressed JSON, in the archive beside the
/// database since schema 14 or in the document's row.
fn stored_record(conn: &rusqlite::Connection, id: &str) -> serde_json::Value {
    let (archived, inline): (Option<i64>, Vec<u8>) = conn
        .query_row(
            "SELECT archived, analysis FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let record = match archived {
        Some(seq) => rusqlite::Connection::open(support::archive_of(conn))
            .unwrap()
            .query_row("SELECT analysis FROM texts WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .unwrap(),
        None => inline,
    };
    serde_json::from_slice(&support::unpack(&record)).unwrap()
}

/// An analysis of `raw` as ingest makes it, with an HTML page when one is given.
fn engine_analysis(path: &str, raw: &str, html: Option<&str>) -> Analysis {
    let source = faultline_model::SourceDoc {
        source: SourceRef {
            path: path.into(),
            ..SourceRef::default()
        },
        meta: Meta::default(),
        raw: raw.into(),
        html: html.map(str::to_string),
    };
    faultline_engine::analyze(
        faultline_engine::prepare(source),
        &faultline_packs::Packs::embedded(),
        &faultline_engine::Options::default(),
    )
}

/// Relation statements are kept whole in the analysis record since schema 11, and their rows
/// keep no JSON copy when the evidence is one of the document's sentences; rows that kept the
/// copy (schemas 7 to 10) read back the same, and a statement whose evidence is no sentence
/// keeps its text in its row for exports.
#[test]
fn relation_statements_read_back_whole_from_the_record_and_from_older_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let raw = include_str!("../../../corpus/sample/000_4f3cddc50e930001.txt");
    let mut a = engine_analysis("seed.txt", raw, None);
    assert!(
        a.relations.len() >= 3,
        "the seed article states relations: {:?}",
        a.relations
    );
    // One statement whose evidence is part of a sentence, not a whole one.
    let odd = a.relations.len() - 1;
    let ev = &mut a.relations[odd].evidence;
    let start = ev.start + ev.sentence.find(' ').expect("a sentence of several words") + 1;
    ev.sentence = a.document.text[start..ev.end].to_string();
    ev.start = start;
    let id = a.document.id.0.clone();
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(std::slice::from_ref(&a)).unwrap();
    assert_eq!(store.document(&id).unwrap().unwrap().analysis, a);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: Vec<(String, Option<i64>)> = conn
        .prepare("SELECT json, sentence FROM relations ORDER BY idx")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), a.relations.len());
    for (i, (json, sentence)) in rows.iter().enumerate() {
        if i == odd {
            assert!(sentence.is_none(), "the odd evidence is no sentence row");
            assert!(
                json.contains(&a.relations[odd].evidence.sentence),
                "its row keeps its evidence text: {json}"
            );
        } else {
            assert!(sentence.is_some() && json.is_empty(), "row {i}: {json:?}");
        }
    }
    let exported = store.relation_statements().unwrap();
    assert_eq!(exported.len(), a.relations.len());
    assert!(
        exported
            .iter()
            .any(|s| s.sentence == a.relations[odd].evidence.sentence),
        "exports read the odd evidence from its row"
    );

    let mut record = stored_record(&conn, &id);
    let kept = record["relations"]
        .as_array()
        .expect("statements in the record");
    assert_eq!(kept.len(), a.relations.len());
    assert!(
        kept[0]["evidence"].get("sentence").is_none(),
        "evidence that is a sentence row is not kept twice: {}",
        kept[0]
    );

    // As schemas 7 to 10 wrote it: each statement's JSON in its row, without the evidence text
    // when a sentence row holds it, and no statements in the record (in the document's row).
    support::values_inline(&conn);
    for (i, r) in a.relations.iter().enumerate() {
        let mut stored = serde_json::to_value(r).unwrap();
        if i != odd {
            stored["evidence"]
                .as_object_mut()
                .unwrap()
                .remove("sentence");
        }
        conn.execute(
            "UPDATE relations SET json = ?1 WHERE idx = ?2",
            rusqlite::params![stored.to_string(), i as i64],
        )
        .unwrap();
    }
    record.as_object_mut().unwrap().remove("relations");
    conn.execute(
        "UPDATE documents SET analysis = ?1 WHERE id = ?2",
        rusqlite::params![
            zstd::stream::encode_all(record.to_string().as_bytes(), 1).unwrap(),
            id
        ],
    )
    .unwrap();
    assert_eq!(store.document(&id).unwrap().unwrap().analysis, a);
}

/// Each layout a version wrote reads back the same: plain text (before compression), the raw
/// input and the cleaned text compressed apart with full mentions in the record (schemas 5 to
/// 9), both compressed as one value with mentions naming their actors by position (since
/// schema 10), in the archive (since schema 14), as zstd frames and then as LZ4 frames.
#[test]
fn every_stored_layout_of_a_document_reads_back_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let raw = "Share this article\n\nL'armée malienne a repris Kidal aux rebelles du CSP. \
               Les rebelles du CSP se sont retirés vers le nord, a dit l'armée malienne.";
    let html = format!("<html><body><p>{raw}</p></body></html>");
    let a = engine_analysis("fr.txt", raw, Some(&html));
    assert_ne!(
        a.document.raw, a.document.text,
        "the cleaner drops the share line"
    );
    assert!(
        a.mentions.iter().filter(|m| m.actor.is_some()).count() >= 3,
        "the engine links the army and the CSP: {:?}",
        a.mentions
    );
    let id = a.document.id.0.clone();
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(std::slice::from_ref(&a)).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let layout = || -> (String, i64, String, String, Option<i64>) {
        conn.query_row(
            "SELECT typeof(raw), length(raw), typeof(text), typeof(html), raw_len
             FROM documents WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap()
    };
    // Since schema 14: the large values in the archive, the row's own columns empty.
    assert_eq!(
        layout(),
        (
            "blob".into(),
            0,
            "blob".into(),
            "null".into(),
            Some(a.document.raw.len() as i64)
        )
    );
    let inline_text: i64 = conn
        .query_row(
            "SELECT length(text) + length(analysis) + length(offsets) FROM documents WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(inline_text, 0, "nothing large is kept twice");
    let record = stored_record(&conn, &id);
    assert_eq!(store.document(&id).unwrap().unwrap().analysis, a);
    let text: Vec<u8> = rusqlite::Connection::open(support::archive_of(&conn))
        .unwrap()
        .query_row("SELECT text FROM texts", [], |r| r.get(0))
        .unwrap();
    assert!(
        text.starts_with(&support::LZ4_MAGIC),
        "values are LZ4 frames: {:02x?}",
        &text[..4]
    );

    // As schema 14 wrote it before values were LZ4 frames: zstd frames in the archive.
    support::archive_as_zstd(&conn);
    assert_eq!(stored_record(&conn, &id), record);
    assert_eq!(store.document(&id).unwrap().unwrap().analysis, a);

    // As schemas 10 to 13 wrote it: the raw input and the cleaned text compressed as one value,
    // in the document's row.
    support::values_inline(&conn);
    assert_eq!(
        layout(),
        (
            "blob".into(),
            0,
            "blob".into(),
            "blob".into(),
            Some(a.document.raw.len() as i64)
        )
    );
    assert_eq!(stored_record(&conn, &id), record);
    let first = &record["mentions"][0];
    assert!(
        first["actor"].is_u64() && first.get("text").is_none(),
        "mentions name their actor by position and leave their words to the text: {first}"
    );
    assert_eq!(store.document(&id).unwrap().unwrap().analysis, a);

    // As schemas 5 to 9 wrote it: each text layer compressed alone, full mentions.
    let compress = |s: &str| zstd::stream::encode_all(s.as_bytes(), 1).unwrap();
    let mut old_record = record.clone();
    old_record["mentions"] = serde_json::to_value(&a.mentions).unwrap();
    old_record.as_object_mut().unwrap().remove("mention_actors");
    conn.execute(
        "UPDATE documents SET raw = ?1, text = ?2, html = ?3, analysis = ?4, raw_len = NULL
         WHERE id = ?5",
        rusqlite::params![
            compress(&a.document.raw),
            compress(&a.document.text),
            html,
            compress(&old_record.to_string()),
            id
        ],
    )
    .unwrap();
    assert_eq!(store.document(&id).unwrap().unwrap().analysis, a);

    // As a version before compression wrote it.
    conn.execute(
        "UPDATE documents SET raw = ?1, text = ?2, analysis = ?3 WHERE id = ?4",
        rusqlite::params![a.document.raw, a.document.text, old_record.to_string(), id],
    )
    .unwrap();
    assert_eq!(store.document(&id).unwrap().unwrap().analysis, a);
    // Search and evidence read the sentence rows, which stay plain text.
    assert!(
        store.search("Kidal", 5, false).unwrap()[0]
            .sentence
            .contains("repris Kidal")
    );

    // A joint value whose raw length is past its end is reported, not split anywhere.
    conn.execute(
        "UPDATE documents SET raw = X'', text = ?1, raw_len = 100000 WHERE id = ?2",
        rusqlite::params![compress(&a.document.text), id],
    )
    .unwrap();
    let err = store.document(&id).unwrap_err().to_string();
    assert!(err.contains("raw_len 100000 is out of range"), "{err}");
}

/// Mentions are kept as totals per actor; they must say what counting document by document
/// says: how many mentions, in how many documents, first and last publication day.
#[test]
fn mention_totals_agree_with_the_documents_mentions() {
    let packs = faultline_packs::Packs::embedded();
    let options = faultline_engine::Options::default();
    let texts = [
        (
            "a.txt",
            Some("2024-02-01"),
            "JNIM fighters attacked the army camp in Boulkessi on Tuesday. JNIM later claimed \
             the attack in a statement.",
        ),
        (
            "b.txt",
            Some("2024-03-05"),
            "The army said on Monday that JNIM fighters had withdrawn from the area around Djibo.",
        ),
        (
            "c.txt",
            None,
            "JNIM denied the claims, according to a statement shared on social media.",
        ),
        (
            "d.txt",
            Some("2023-12-24"),
            "Soldiers of the Malian army patrolled the market of Gao without incident.",
        ),
    ];
    let analyses: Vec<Analysis> = texts
        .iter()
        .map(|(path, published, text)| {
            let source = faultline_model::SourceDoc {
                source: SourceRef {
                    path: (*path).into(),
                    ..SourceRef::default()
                },
                meta: Meta {
                    published: published.map(str::to_string),
                    ..Meta::default()
                },
                raw: (*text).into(),
                html: None,
            };
            faultline_engine::analyze(faultline_engine::prepare(source), &packs, &options)
        })
        .collect();
    let linked = |a: &Analysis, id: &str| {
        a.mentions
            .iter()
            .filter(|m| m.actor.as_ref().is_some_and(|r| r.id == id))
            .count() as i64
    };
    let with: Vec<&Analysis> = analyses.iter().filter(|a| linked(a, "jnim") > 0).collect();
    assert_eq!(
        with.len(),
        3,
        "the engine links JNIM in three of the four texts"
    );

    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    store.insert_batch(&analyses[..2]).unwrap();
    store.insert_batch(&analyses[2..]).unwrap();
    let jnim = store.actor_activity("jnim").unwrap();
    let mentions: i64 = analyses.iter().map(|a| linked(a, "jnim")).sum();
    assert_eq!((jnim.mentions, jnim.documents), (mentions, 3));
    assert_eq!(
        (jnim.first_seen.as_deref(), jnim.last_seen.as_deref()),
        (Some("2024-02-01"), Some("2024-03-05")),
        "the undated document says nothing about when, the one without JNIM does not count"
    );
    assert_eq!(store.mention_counts().unwrap().get("jnim"), Some(&mentions));
    let all: i64 = analyses.iter().map(|a| a.mentions.len() as i64).sum();
    assert_eq!(store.stats().unwrap().mentions, all);

    // A batch adds its totals at once; the same documents one per batch give the same rows.
    let mut one_by_one = Store::open(&tmp.path().join("one.db")).unwrap();
    for a in &analyses {
        one_by_one.insert_batch(std::slice::from_ref(a)).unwrap();
    }
    let counts = store.mention_counts().unwrap();
    assert_eq!(one_by_one.mention_counts().unwrap(), counts);
    assert!(counts.len() > 1, "{counts:?}");
    for id in counts.keys() {
        assert_eq!(
            format!("{:?}", one_by_one.actor_activity(id).unwrap()),
            format!("{:?}", store.actor_activity(id).unwrap())
        );
    }
}

/// Two ingests into one store at once: the writer numbers rows itself from ids it reads at
/// the start of each batch, so a batch must hold the write lock from that read on, or the
/// other writer's commit makes it fail (or, worse, reuse ids). Every document of both lands,
/// and each one's sentences are its own.
#[test]
fn two_writers_at_once_both_land_every_document() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    Store::open(&path).unwrap();
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for batch in 0..20 {
                    let docs: Vec<Analysis> = (0..5)
                        .map(|i| {
                            analysis(
                                &format!("{w}{batch}-{i}"),
                                &format!("{w}{batch}-{i}.txt"),
                                None,
                                &format!(
                                    "Writer {w} batch {batch} report {i}. The army entered Kidal."
                                ),
                            )
                        })
                        .collect();
                    store.insert_batch(&docs).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = Store::open_read_only(&path).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.sentences), (200, 400));
    let hits = store
        .search("\"writer a batch 7 report 3\"", 10, false)
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, "a7-3");
}

/// Two processes opening an older store at once: one migrates while the other waits for the
/// lock, then finds the work done instead of running the migrations again.
#[test]
fn two_openers_of_an_old_store_migrate_it_once() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v8.db");
    drop(support::store_at_version(&path, 8));
    let openers: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Store::open(&path).map(|s| s.schema_version().unwrap()))
        })
        .collect();
    for o in openers {
        assert_eq!(o.join().unwrap().unwrap(), faultline_store::SCHEMA_VERSION);
    }
}

/// `count` small documents whose texts and ids start with `tag`, each naming the army once.
fn tagged(tag: &str, count: usize) -> Vec<Analysis> {
    (0..count)
        .map(|i| {
            let text = format!("Report {tag} {i}. The army entered Kidal.");
            let mut a = analysis(
                &format!("{tag}-{i}"),
                &format!("{tag}-{i}.txt"),
                None,
                &text,
            );
            let start = text.find("army").unwrap();
            a.mentions.push(faultline_model::actor::Mention {
                text: "army".into(),
                start,
                end: start + 4,
                actor: Some(faultline_model::actor::ActorRef {
                    id: "fama".into(),
                    name: "Military Forces of Mali".into(),
                    kind: "state_force".into(),
                }),
                how: faultline_model::actor::MentionHow::Alias,
                resolution: None,
                acronym: None,
                role: None,
            });
            a
        })
        .collect()
}

fn committed_documents(path: &std::path::Path) -> i64 {
    Store::open_read_only(path)
        .unwrap()
        .stats()
        .unwrap()
        .documents
}

/// Grouped batches share one transaction: another reader sees none of them until the group
/// commits, on size or when asked. A failing batch takes the whole open group with it (what
/// was committed before stays), and the next group starts clean.
#[test]
fn grouped_batches_commit_together_and_roll_back_together() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let mut store = Store::open(&path).unwrap();
    // A document the database itself refuses, to make one batch fail half-way.
    store.insert_batch(&tagged("seed", 1)).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.source_path = 'poison.txt'
             BEGIN SELECT RAISE(ABORT, 'refused'); END",
        )
        .unwrap();
    store.group_commits(10, std::time::Duration::from_secs(3600));

    store.insert_batch(&tagged("a", 4)).unwrap();
    store.insert_batch(&tagged("b", 4)).unwrap();
    assert_eq!(
        committed_documents(&path),
        1,
        "the open group is not visible"
    );
    store.insert_batch(&tagged("c", 2)).unwrap();
    assert_eq!(
        committed_documents(&path),
        11,
        "ten documents commit the group"
    );

    store.insert_batch(&tagged("d", 3)).unwrap();
    let mut bad = tagged("e", 2);
    bad.push(analysis(
        "poison",
        "poison.txt",
        None,
        "Report poison. It fails.",
    ));
    let err = store.insert_batch(&bad).unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");
    store.commit_group().unwrap();
    assert_eq!(
        committed_documents(&path),
        11,
        "d and e rolled back with the failure"
    );
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 11);
    assert_eq!(
        stats.linked_mentions, 11,
        "the totals of the rolled-back batches went with them"
    );

    store.insert_batch(&tagged("f", 2)).unwrap();
    store.commit_group().unwrap();
    assert_eq!(committed_documents(&path), 13);
    assert_eq!(store.stats().unwrap().linked_mentions, 13);
    let hits = store.search("\"report f 1\"", 10, false).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, "f-1");
    assert!(
        store
            .search("\"report d 1\"", 10, false)
            .unwrap()
            .is_empty()
    );
}

/// A group is committed when the store is dropped, and a group older than its age commits
/// with its next batch.
#[test]
fn open_groups_commit_on_drop_and_on_age() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let mut store = Store::open(&path).unwrap();
    store.group_commits(1000, std::time::Duration::from_secs(3600));
    store.insert_batch(&tagged("a", 3)).unwrap();
    assert_eq!(committed_documents(&path), 0);
    drop(store);
    assert_eq!(committed_documents(&path), 3);

    let mut store = Store::open(&path).unwrap();
    store.group_commits(1000, std::time::Duration::ZERO);
    store.insert_batch(&tagged("b", 2)).unwrap();
    assert_eq!(committed_documents(&path), 5);
}

/// A commit that fails (here a deferred foreign key the group breaks; SQLite keeps such a
/// transaction open) reports the error and drops the group, and the next batch starts a
/// transaction of its own.
#[test]
fn a_failed_commit_drops_its_group_and_the_next_batch_starts_afresh() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let mut store = Store::open(&path).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE parent (id TEXT PRIMARY KEY);
             CREATE TABLE child (parent TEXT REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
             CREATE TRIGGER orphan AFTER INSERT ON documents WHEN NEW.source_path = 'late.txt'
             BEGIN INSERT INTO child VALUES ('missing'); END",
        )
        .unwrap();
    store.group_commits(1000, std::time::Duration::from_secs(3600));
    store.insert_batch(&tagged("a", 2)).unwrap();
    store
        .insert_batch(&[analysis(
            "late",
            "late.txt",
            None,
            "Report late. It breaks.",
        )])
        .unwrap();
    let err = store.commit_group().unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    assert_eq!(store.stats().unwrap().documents, 0, "the group is gone");

    store.insert_batch(&tagged("b", 2)).unwrap();
    store.commit_group().unwrap();
    assert_eq!(committed_documents(&path), 2);
}

/// The totals `stats` reports: languages by count, sentences, and the publication range over
/// every language's documents, whatever their order; documents without a date do not widen
/// it, and later batches add to what earlier ones counted.
#[test]
fn stats_count_languages_and_span_every_known_publication_date() {
    use faultline_model::time::{Precision, Published, PublishedSource, TimeValue};
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    // A day when the range is one day, else the month or year it spans; `stats` reads only
    // the range.
    let dated = |id: &str, lang: &str, published: Option<(&str, &str)>| {
        let mut a = analysis(id, &format!("{id}.txt"), None, &format!("Report {id}."));
        a.document.language.code = lang.into();
        if let Some((start, end)) = published {
            a.published = Published {
                time: Some(TimeValue {
                    start: day(start),
                    end: day(end),
                    precision: if start == end {
                        Precision::Day
                    } else {
                        Precision::Month
                    },
                }),
                source: PublishedSource::Metadata,
                reference: Some(day(start)),
            };
        }
        a
    };
    let totals = |store: &Store| {
        let s = store.stats().unwrap();
        let languages: Vec<(&str, i64)> =
            s.languages.iter().map(|(l, n)| (l.as_str(), *n)).collect();
        format!(
            "{languages:?} {} to {} documents {} sentences {}",
            s.first_published.unwrap_or_default(),
            s.last_published.unwrap_or_default(),
            s.documents,
            s.sentences
        )
    };
    let first_batch = [
        dated("a", "fr", Some(("2024-03-05", "2024-03-05"))),
        dated("b", "en", Some(("2023-11-01", "2023-11-30"))),
        dated("c", "en", None),
        dated("d", "fr", Some(("2024-01-01", "2024-12-31"))),
        dated("e", "en", Some(("2024-02-10", "2024-02-10"))),
    ];
    store.insert_batch(&first_batch).unwrap();
    assert_eq!(
        totals(&store),
        r#"[("en", 3), ("fr", 2)] 2023-11-01 to 2024-12-31 documents 5 sentences 5"#
    );
    // A second batch, committed apart, adds to the same totals.
    let second_batch = [dated("f", "fr", Some(("2022-06-01", "2022-06-01")))];
    store.insert_batch(&second_batch).unwrap();
    assert_eq!(
        totals(&store),
        r#"[("en", 3), ("fr", 3)] 2022-06-01 to 2024-12-31 documents 6 sentences 6"#
    );
}

/// A writer killed between the archive's commit and the database's leaves archive rows no
/// document names (see store/src/archive.rs). The next writer clears them before it numbers
/// its own rows, and every document reads back its own text.
#[test]
fn archive_rows_a_killed_writer_left_are_cleared_by_the_next_one() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let first = analysis(
        "aa",
        "a.txt",
        None,
        "The army retook Kidal. The CSP withdrew.",
    );
    let second = analysis("bb", "b.txt", None, "JNIM attacked a convoy near Boni.");
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(std::slice::from_ref(&first)).unwrap();
    let archive_path = tmp.path().join("kb.db-docs");
    let archive = rusqlite::Connection::open(&archive_path).unwrap();
    // What a killed writer's archive commit left: the rows it numbered next.
    for (seq, id) in [(2, "zz"), (3, "yy")] {
        archive
            .execute(
                "INSERT INTO texts (seq, doc_id, text, offsets, removed, analysis)
                 VALUES (?1, ?2, X'00', '{}', '[]', X'00')",
                rusqlite::params![seq, id],
            )
            .unwrap();
    }
    store.insert_batch(std::slice::from_ref(&second)).unwrap();
    assert_eq!(store.document("aa").unwrap().unwrap().analysis, first);
    assert_eq!(store.document("bb").unwrap().unwrap().analysis, second);
    let ids: Vec<String> = archive
        .prepare("SELECT doc_id FROM texts ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids, ["aa", "bb"]);
}

/// A store is its database and the archive beside it. A database copied alone, or beside
/// another store's archive, says which file is wrong instead of showing another document's
/// text; what is in the database itself still answers.
#[test]
fn a_database_without_its_own_archive_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "The army retook Kidal. The CSP withdrew.";
    let (a, b) = (tmp.path().join("a.db"), tmp.path().join("b.db"));
    for (path, id) in [(&a, "aa"), (&b, "bb")] {
        let mut store = Store::open(path).unwrap();
        store
            .insert_batch(&[analysis(id, "a.txt", None, text)])
            .unwrap();
        store.checkpoint_inline().unwrap();
    }
    let alone = tmp.path().join("alone");
    std::fs::create_dir(&alone).unwrap();
    std::fs::copy(&a, alone.join("a.db")).unwrap();
    let store = Store::open_read_only(&alone.join("a.db")).unwrap();
    assert_eq!(store.stats().unwrap().documents, 1);
    let err = store.document("aa").unwrap_err();
    assert!(err.is_user_error());
    let shown = err.to_string();
    assert!(
        shown.contains("a.db-docs") && shown.contains("missing"),
        "{shown}"
    );

    std::fs::copy(tmp.path().join("b.db-docs"), alone.join("a.db-docs")).unwrap();
    let store = Store::open_read_only(&alone.join("a.db")).unwrap();
    let shown = store.document("aa").unwrap_err().to_string();
    assert!(
        shown.contains("a.db-docs") && shown.contains("another store"),
        "{shown}"
    );
}

/// Sentences enter the full-text index in chunks, not with each batch (FTS5 writes a segment
/// per insert): whatever the batch size, every sentence of a committed group is found.
#[test]
fn every_sentence_of_a_committed_group_is_searchable_whatever_its_batches() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("kb.db")).unwrap();
    store.group_commits(1_000, std::time::Duration::from_secs(3600));
    let words = ["Anefis", "Tessalit", "Aguelhok", "Boulkessi", "Djibo"];
    for (i, word) in words.iter().enumerate() {
        let text = format!("Fighting was reported near {word}. The army sent reinforcements.");
        store
            .insert_batch(&[analysis(&format!("d{i}"), "a.txt", None, &text)])
            .unwrap();
    }
    store.commit_group().unwrap();
    for (i, word) in words.iter().enumerate() {
        let hits = store.search(word, 5, false).unwrap();
        assert_eq!(hits.len(), 1, "{word}: {hits:?}");
        assert_eq!(hits[0].doc_id, format!("d{i}"));
    }
    let reader = Store::open_read_only(&tmp.path().join("kb.db")).unwrap();
    assert_eq!(reader.search("reinforcements", 10, false).unwrap().len(), 5);
}

/// A file in the archive's place that is not an archive stops the write with its name, and
/// the database keeps what it had.
#[test]
fn a_foreign_file_in_the_archives_place_is_named_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kb.db");
    let text = "The army retook Kidal. The CSP withdrew.";
    let mut store = Store::open(&path).unwrap();
    store
        .insert_batch(&[analysis("aa", "a.txt", None, text)])
        .unwrap();
    drop(store);
    std::fs::write(
        tmp.path().join("kb.db-docs"),
        "not a database, but a long enough text file to be read as one".repeat(100),
    )
    .unwrap();
    let mut store = Store::open(&path).unwrap();
    let err = store
        .insert_batch(&[analysis("bb", "b.txt", None, text)])
        .unwrap_err();
    assert!(err.is_user_error());
    let shown = err.to_string();
    assert!(
        shown.contains("kb.db-docs") && shown.contains("not a faultline document archive"),
        "{shown}"
    );
    assert_eq!(store.stats().unwrap().documents, 1);
}

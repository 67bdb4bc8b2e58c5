//! The store: one SQLite file (WAL mode) holding documents, sentences, a full-text index and,
//! as later stages land, the facts extracted from them.
//!
//! Architecture Invariant: this is the only crate that names the database crate. The schema
//! is a promise: `PRAGMA user_version` records its version, migrations only move forward, and
//! a database from a newer faultline is refused rather than damaged.
//!
//! Durability: documents are committed in whole batches (one or several per transaction, see
//! [`Store::group_commits`]), so a process killed mid-ingest leaves the database as it was
//! after the last commit, and the next run skips what is already stored (documents are keyed
//! by content hash).

mod archive;
mod checkpoint;
mod clusters;
mod duplicates;
mod encode;
mod facts;
mod rows;

pub use encode::Encoded;

pub use facts::{
    ActorActivity, EDGE_EVIDENCE, EVENT_SOURCES, Edge, EdgeStatus, EventPage, EventQuery,
    EventRecord, EvidenceRef, Graph, Location, Node, RelationStatement, Timeline, TimelineEntry,
};

use std::collections::HashSet;
use std::path::Path;

use faultline_model::Analysis;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::Serialize;

/// Migrations in order; migration `i` moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_documents.sql"),
    include_str!("migrations/0002_facts.sql"),
    include_str!("migrations/0003_near_duplicates.sql"),
    include_str!("migrations/0004_relation_days.sql"),
    include_str!("migrations/0005_slim_lookups.sql"),
    include_str!("migrations/0006_event_summaries.sql"),
    include_str!("migrations/0007_evidence_sentences.sql"),
    include_str!("migrations/0008_relation_days_by_day.sql"),
    include_str!("migrations/0009_fact_ranges.sql"),
    include_str!("migrations/0010_joint_text_drop_events_place.sql"),
    include_str!("migrations/0011_relations_in_record.sql"),
    include_str!("migrations/0012_append_friendly_indexes.sql"),
    include_str!("migrations/0013_document_totals.sql"),
    include_str!("migrations/0014_document_archive.sql"),
];

/// How long a statement waits for a lock another process holds before it gives up.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Puts the store in WAL mode, waiting as other statements do for a process that holds the
/// lock. Switching to WAL takes an exclusive lock without calling SQLite's busy handler, so
/// when two processes opened a store not yet in WAL mode together, one was told "database is
/// locked" at once (one run in ten of `two_openers_of_an_old_store_migrate_it_once`).
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + BUSY_WAIT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            done => return done,
        }
    }
}

/// Segments of one level the full-text index gathers before it merges them (FTS5's
/// `automerge`; see `Store::tune_full_text`).
const FULL_TEXT_AUTOMERGE: i64 = 16;

/// Sentences gathered before they enter the full-text index as one segment (about 500
/// generated documents): see `Store::index_sentences`.
const FULL_TEXT_CHUNK: i64 = 16_384;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// There is no database where the user pointed.
    #[error("{path}: no database here yet; run `faultline ingest PATH…` or `faultline demo` first")]
    Missing { path: String },
    /// The user pointed at something that is not a faultline database.
    #[error("{path}: not a faultline database ({reason})")]
    NotADatabase { path: String, reason: String },
    /// The database was written by a newer faultline.
    #[error(
        "{path}: database schema version {found} is newer than this faultline supports ({supported}); upgrade faultline"
    )]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    /// The database was written by an older faultline and a read-only open cannot migrate it.
    #[error(
        "{path}: database schema version {found} was written by an older faultline (this one reads {supported}); open it once for writing, e.g. `faultline ingest`, to upgrade it in place"
    )]
    TooOld {
        path: String,
        found: i64,
        supported: i64,
    },
    /// A query the user wrote could not be run.
    #[error("bad search query {query:?}: {reason}")]
    BadQuery { query: String, reason: String },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored data could not be read: {0}")]
    Json(#[from] serde_json::Error),
    /// The document archive beside the database (see `archive.rs`) is missing, foreign or
    /// damaged.
    #[error("{path}: {problem}")]
    Archive { path: String, problem: String },
    /// The operating system refused a thread or a file the store needed.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    /// Errors the user can fix (wrong file, bad query), as opposed to internal failures.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            StoreError::NotADatabase { .. }
                | StoreError::TooNew { .. }
                | StoreError::TooOld { .. }
                | StoreError::BadQuery { .. }
                | StoreError::Archive { .. }
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub struct Store {
    pub(crate) conn: Connection,
    path: String,
    /// Checkpoints run by another thread during a long ingest (see [`checkpoint`]).
    checkpoints: Option<checkpoint::Checkpointer>,
    /// Near-duplicate lookups already answered (see [`duplicates::Roots`]).
    roots: duplicates::Roots,
    /// See [`Store::group_commits`].
    group: CommitGroup,
    /// Each document's large values, in a file beside the database (see [`archive`]).
    archive: archive::Archive,
}

/// Batches written into one transaction (see [`Store::group_commits`]).
#[derive(Debug, Default)]
struct CommitGroup {
    /// A batch that brings the open transaction to this many documents commits it,
    documents: usize,
    /// and so does one written this long after the transaction began.
    age: std::time::Duration,
    /// Documents written in the open transaction and when it began, if one is open.
    open: Option<(usize, std::time::Instant)>,
    /// What the open transaction's batches add to the tables of totals, written once per key
    /// when it commits: the same edges and actors recur from batch to batch.
    sums: facts::BatchSums,
    /// The first sentence id of the open transaction not yet in the full-text index.
    unindexed: Option<i64>,
}

/// What happened to one document handed to [`Store::insert_batch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Inserted {
    /// A document never seen before (version 1 of its article, or a changed article's new version).
    New { version: i64 },
    /// The same text is already stored.
    Unchanged,
    /// A new document that is a near-duplicate (a syndicated copy) of one already stored;
    /// [`Store::document`] names which.
    NearDuplicate { version: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    pub doc_id: String,
    pub title: Option<String>,
    pub source_path: String,
    pub sentence_index: i64,
    pub sentence: String,
    /// The sentence with matches wrapped in `[` and `]`.
    pub snippet: String,
    /// Byte offsets of the sentence in the cleaned text.
    pub start: i64,
    pub end: i64,
    /// Byte offsets of the sentence in the raw input.
    pub raw_start: i64,
    pub raw_end: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: i64,
    pub articles: i64,
    pub sentences: i64,
    pub languages: Vec<(String, i64)>,
    /// Actor mentions, and those linked to an actor.
    pub mentions: i64,
    pub linked_mentions: i64,
    /// Event reports, and the real events they merge into.
    pub event_reports: i64,
    pub events: i64,
    pub relations: i64,
    /// Earliest and latest publication day among dated documents.
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

/// A stored document as the CLI and server show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    pub version: i64,
    pub article_key: String,
    pub ingested_at: String,
    /// The first stored copy of the same story, when this document is a near-duplicate.
    pub near_duplicate_of: Option<String>,
    pub analysis: Analysis,
}

impl Drop for Store {
    fn drop(&mut self) {
        // Batches of an open group were reported written (see `group_commits`). Should this
        // fail, they are missing, not damaged, and the next run writes them again.
        let _ = self.commit_group();
    }
}

impl Store {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let conn = Connection::open(path)?;
        let mut store = Store {
            conn,
            archive: archive::Archive::beside(&shown, true),
            path: shown,
            checkpoints: None,
            roots: duplicates::Roots::default(),
            group: CommitGroup::default(),
        };
        store.configure()?;
        store.migrate()?;
        store.tune_full_text()?;
        Ok(store)
    }

    /// Lets the full-text index gather more segments before merging them.
    ///
    /// Each insert into the index writes its sentences' terms as a new segment (FTS5 flushes
    /// at every statement transaction; see `Store::index_sentences`), and at FTS5's default
    /// of 4 segments per level a term's entries were merged, and so rewritten, once per
    /// level, after every four inserts. At 16 each merge takes more segments at once and
    /// there are fewer levels: 1% to 3.7% less CPU over 10,000 to 20,000 documents
    /// (docs/performance.md, eighth round). A search looks a
    /// term up in more segments, a few more B-tree descents that measured nothing. The
    /// setting is stored in the index, so it is written once per store, at its first
    /// writable open, without a schema version of its own.
    fn tune_full_text(&self) -> Result<()> {
        let current: Option<i64> = self
            .conn
            .query_row(
                "SELECT v FROM sentences_fts_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if current != Some(FULL_TEXT_AUTOMERGE) {
            self.conn.execute(
                "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('automerge', ?1)",
                [FULL_TEXT_AUTOMERGE],
            )?;
        }
        Ok(())
    }

    /// Open an existing database for reading only; never creates or migrates.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if !path.exists() {
            return Err(StoreError::Missing { path: shown });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        stable_plans(&conn)?;
        let store = Store {
            conn,
            archive: archive::Archive::beside(&shown, false),
            path: shown,
            checkpoints: None,
            roots: duplicates::Roots::default(),
            group: CommitGroup::default(),
        };
        let version = store.user_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: store.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::TooOld {
                path: store.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(store)
    }

    /// The schema version of the database at `path` without opening it as a store, or `None`
    /// when there is no file there; lets a caller say that [`Store::open`] is about to migrate
    /// (a rebuild of the fact tables takes about 30 s per 100,000 documents).
    pub fn stored_schema_version(path: &Path) -> Result<Option<i64>> {
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Ok(Some(
            conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        ))
    }

    fn configure(&mut self) -> Result<()> {
        let not_db = |e: rusqlite::Error, path: &str| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                StoreError::NotADatabase {
                    path: path.to_string(),
                    reason: "the file is not an SQLite database".into(),
                }
            }
            other => StoreError::Sqlite(other),
        };
        // First: every statement after it may meet a lock another process holds (one
        // migrating the store, or checkpointing it as it closes).
        self.conn.busy_timeout(BUSY_WAIT)?;
        set_wal(&self.conn).map_err(|e| not_db(e, &self.path))?;
        // NORMAL is durable across process kills in WAL mode; only an OS crash can lose the
        // last transaction, never corrupt the file.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // A statement that may fail halfway (a multi-row INSERT, any INSERT checked against a
        // foreign key) keeps a journal of the pages it changes, to undo itself alone. Past
        // 64 KiB SQLite spilled it to a file in /var/tmp: ingest wrote four times as many
        // bytes there as into the database's log, a third of its system time. Kept in memory,
        // a journal holds one statement's pages and is freed when the statement ends. Only
        // read-write connections (ingest, migrations) set this; queries never write.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // A batch touches the FTS index, the facts tables and their indexes all over; with
        // SQLite's default 2 MB page cache the writer evicted and re-read pages within one
        // transaction. The cache is allocated as used, up to this bound (in KiB). Past
        // 40,000 documents the indexes keyed by content hash outgrow it and inserts read
        // pages back from disk: 64 MB instead of 32 took the 200 MB corpus from 850 to 950
        // documents/s for 30 MB more peak memory. Since a transaction holds 4,096 documents
        // (`group_commits`), a group's pages outgrew 64 MB as well: 128 MB took 4.7% off the
        // CPU of the 200 MB corpus (2 interleaved runs each) for a peak of 361 MB instead of
        // 293, under the 400 MB the ingest must stay within; 192 MB passed it (418 MB on
        // 10,593 documents) for nothing more. Smaller corpora gain nothing either way.
        self.conn.pragma_update(None, "cache_size", -131072)?;
        // Writing one document runs about twenty distinct statements, several of them in up
        // to five chunk sizes (see `rows`); with rusqlite's default cache of 16 some were
        // parsed again for every document.
        self.conn.set_prepared_statement_cache_capacity(128);
        stable_plans(&self.conn)?;
        Ok(())
    }

    fn user_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let found = self.user_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found == 0 {
            let tables: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(StoreError::NotADatabase {
                    path: self.path.clone(),
                    reason: "an SQLite database with other tables".into(),
                });
            }
        }
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        // A migration that rebuilds a table drops the old one, and with foreign keys on that
        // drop would delete the rows referencing it (`ON DELETE CASCADE`). SQLite ignores
        // this pragma inside a transaction, so it is set around them.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        // A migration's UPDATE of every document keeps the original of each page it changes
        // in a statement journal; in memory (see `configure`) that held the whole table
        // (1.1 GB at 127,575 documents), so migrations spill it to a temporary file.
        self.conn.pragma_update(None, "temp_store", "DEFAULT")?;
        facts::register_edge_key(&self.conn)?;
        let migrated = self.run_migrations(found);
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        migrated
    }

    fn run_migrations(&mut self, found: i64) -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another process may have run this migration while this one waited for the lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            // Summaries are folds in Rust over the reports' JSON, beyond what SQL can backfill.
            if i + 1 == 6 {
                clusters::rebuild(&tx)?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.user_version()
    }

    /// Ids of every stored document, so a run can skip known documents before analysing
    /// them (32 bytes each: a million documents cost tens of megabytes).
    pub fn known_ids(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT id FROM documents")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<HashSet<_>, _>>()?;
        Ok(ids)
    }

    /// Store a batch of analyses: all of them or none (see [`Store::insert_encoded`]).
    pub fn insert_batch(&mut self, batch: &[Analysis]) -> Result<Vec<Inserted>> {
        let encoded = batch.iter().map(Encoded::new).collect::<Result<Vec<_>>>()?;
        self.insert_encoded(&encoded)
    }

    /// Store a batch of encoded documents: all of them or none. Ingest encodes on its
    /// workers (see [`Encoded`]) so that the single writer only writes. The batch is its own
    /// transaction unless [`Store::group_commits`] groups several; then an error rolls back
    /// the whole group.
    pub fn insert_encoded(&mut self, batch: &[Encoded]) -> Result<Vec<Inserted>> {
        let written = self.write_batch(batch);
        let Ok(out) = written else {
            self.abandon_group();
            return written;
        };
        if let Some((grouped, began)) = &mut self.group.open {
            *grouped += batch.len();
            if *grouped >= self.group.documents || began.elapsed() >= self.group.age {
                self.commit_group()?;
            }
        }
        Ok(out)
    }

    /// Keeps writing batches into one transaction until it holds `documents` documents or
    /// has been open for `age`, then commits. An index whose keys are spread over the whole
    /// table (a content hash, an edge, a day) has a page rewritten for nearly every insert
    /// once the store is large; a longer transaction writes each such page once for more
    /// documents, without holding more documents in memory than one batch. A kill or an
    /// error loses the uncommitted batches, which the next run writes again. The caller
    /// commits an idle group with [`Store::commit_group`] (which [`Store::checkpoint_inline`]
    /// and dropping the store also run).
    pub fn group_commits(&mut self, documents: usize, age: std::time::Duration) {
        self.group.documents = documents;
        self.group.age = age;
    }

    /// Commits the batches written since the last commit, if any.
    pub fn commit_group(&mut self) -> Result<()> {
        if self.group.open.is_none() {
            return Ok(());
        }
        let sums = std::mem::take(&mut self.group.sums);
        // The archive first: a kill between the two commits leaves archive rows no document
        // names, which the next group clears, never a document without its text.
        let committed = self
            .index_sentences()
            .and_then(|()| sums.write(&self.conn))
            .and_then(|()| self.archive.commit())
            .and_then(|()| Ok(self.conn.execute_batch("COMMIT")?));
        if let Err(e) = committed {
            // SQLite may leave the transaction open after a failed commit; the next batch
            // must start a new one, not write into this one.
            self.abandon_group();
            return Err(e);
        }
        self.group.open = None;
        self.after_commit()
    }

    /// Rolls back the open transaction, if one is open: its batches are lost, and the
    /// near-duplicate lookups they answered may name their documents.
    fn abandon_group(&mut self) {
        self.roots.forget();
        self.group.sums = facts::BatchSums::default();
        self.group.unindexed = None;
        self.archive.rollback();
        if self.group.open.take().is_some() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    fn write_batch(&mut self, batch: &[Encoded]) -> Result<Vec<Inserted>> {
        if self.group.open.is_none() {
            // The write lock is taken first: batches number their rows from ids they read,
            // and a read-then-write transaction beside another writer is refused (SQLite
            // cannot let both upgrade) instead of waiting its turn.
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            // The archive's transaction opens inside the database's, so writers meet at the
            // database's lock first and never wait for each other in opposite orders.
            let begun = self
                .conn
                .prepare_cached(archive::NEXT_ROW)
                .and_then(|mut s| s.query_row([], |r| r.get::<_, i64>(0)))
                .map_err(StoreError::from)
                .and_then(|next| self.archive.begin(next));
            if let Err(e) = begun {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(e);
            }
            self.group.open = Some((0, std::time::Instant::now()));
        }
        let tx = &self.conn;
        let mut next = NextIds::read(tx)?;
        let first_sentence = next.sentence;
        let mut out = Vec::with_capacity(batch.len());
        let mut written = Vec::with_capacity(batch.len());
        for doc in batch {
            out.push(insert_encoded(
                tx,
                &mut self.archive,
                doc,
                &mut next,
                &mut self.group.sums,
                &mut self.roots,
                &mut written,
            )?);
        }
        insert_sentences(tx, &written)?;
        facts::insert_relations(tx, &written, &mut self.group.sums)?;
        if next.sentence > first_sentence {
            let from = *self.group.unindexed.get_or_insert(first_sentence);
            if next.sentence - from >= FULL_TEXT_CHUNK {
                self.index_sentences()?;
            }
        }
        Ok(out)
    }

    /// Adds the open transaction's sentences not yet in the full-text index to it, in one
    /// statement; batches call it once `FULL_TEXT_CHUNK` are waiting, and a commit for the
    /// rest. FTS5 writes a new segment at every statement that inserts into it, and merges
    /// segments as they pile up: indexing per batch made one segment per batch and tied the
    /// batch size to the index's merging.
    fn index_sentences(&mut self) -> Result<()> {
        let Some(from) = self.group.unindexed else {
            return Ok(());
        };
        self.conn
            .prepare_cached(
                "INSERT INTO sentences_fts (rowid, text) \
                 SELECT id, text FROM sentences WHERE id >= ?1",
            )?
            .execute(params![from])?;
        self.group.unindexed = None;
        Ok(())
    }

    /// Full-text search over sentences. Plain words are all required (`pact Jnim`); a
    /// hyphenated or quoted phrase must appear as written. With `fts_syntax`, the query is
    /// passed to SQLite FTS5 unchanged (AND, OR, NOT, NEAR, prefix*).
    pub fn search(&self, query: &str, limit: usize, fts_syntax: bool) -> Result<Vec<SearchHit>> {
        let fts_query = if fts_syntax {
            query.to_string()
        } else {
            plain_query(query)
        };
        if fts_query.trim().is_empty() {
            return Err(StoreError::BadQuery {
                query: query.into(),
                reason: "nothing to search for".into(),
            });
        }
        let mut stmt = self.conn.prepare(
            "SELECT s.doc_id, json_extract(d.meta, '$.title'), d.source_path, s.idx, s.text,
                    snippet(sentences_fts, 0, '[', ']', '…', 64),
                    s.start, s.\"end\", s.raw_start, s.raw_end
             FROM sentences_fts
             JOIN sentences s ON s.id = sentences_fts.rowid
             JOIN documents d ON d.id = s.doc_id
             WHERE sentences_fts MATCH ?1
             ORDER BY rank, s.doc_id, s.idx
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![fts_query, limit as i64], |r| {
            Ok(SearchHit {
                doc_id: r.get(0)?,
                title: r.get(1)?,
                source_path: r.get(2)?,
                sentence_index: r.get(3)?,
                sentence: r.get(4)?,
                snippet: r.get(5)?,
                start: r.get(6)?,
                end: r.get(7)?,
                raw_start: r.get(8)?,
                raw_end: r.get(9)?,
            })
        });
        let bad = |e: rusqlite::Error| match e {
            rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("fts5") => {
                StoreError::BadQuery {
                    query: query.into(),
                    reason: msg,
                }
            }
            other => StoreError::Sqlite(other),
        };
        rows.map_err(bad)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(bad)
    }

    pub fn stats(&self) -> Result<Stats> {
        let one = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        // Per-language totals the writer keeps (schema 13): counting the sentences and
        // grouping the documents read both tables whole.
        let mut stmt = self.conn.prepare(
            "SELECT language, documents FROM document_totals ORDER BY documents DESC, language",
        )?;
        let languages = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let (sentences, first_published, last_published) = self.conn.query_row(
            "SELECT coalesce(sum(sentences), 0), min(first_published), max(last_published)
             FROM document_totals",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(Stats {
            documents: one("SELECT count(*) FROM documents")?,
            articles: one("SELECT count(DISTINCT article_key) FROM documents")?,
            sentences,
            languages,
            mentions: one("SELECT coalesce(sum(mentions), 0) FROM mention_totals")?,
            linked_mentions: one(
                "SELECT coalesce(sum(mentions), 0) FROM mention_totals WHERE actor_id <> ''",
            )?,
            event_reports: one("SELECT count(*) FROM events")?,
            events: one("SELECT count(DISTINCT cluster) FROM events")?,
            relations: one("SELECT count(*) FROM relations")?,
            first_published,
            last_published,
        })
    }

    /// A stored document by id or by a unique id prefix.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        let pattern = format!("{}%", id.replace(['%', '_'], ""));
        let sql = format!(
            "SELECT version, article_key, ingested_at, near_duplicate_of, {ANALYSIS_COLUMNS}
             FROM documents WHERE id LIKE ?1 ORDER BY id LIMIT 1"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params![pattern])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        Ok(Some(StoredDocument {
            version: row.get(0)?,
            article_key: row.get(1)?,
            ingested_at: row.get(2)?,
            near_duplicate_of: row.get(3)?,
            analysis: read_analysis(&self.conn, &self.archive, row, 4)?,
        }))
    }

    /// Ids of stored documents in ingest order.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM documents ORDER BY rowid")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }
}

/// Plans that do not depend on bound values. Without this, SQLite marks a statement whose
/// plan looked at a parameter's value (one with ORDER BY and a bound constraint, or a bound
/// LIMIT) and prepares it again every time it is rebound: half the time of reading the
/// evidence of thousands of edges went to parsing the same statement. Every statement here
/// is written for one index path, so a plan chosen once serves all values.
fn stable_plans(conn: &Connection) -> Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// The SELECT columns [`read_analysis`] needs, in its order.
pub(crate) const ANALYSIS_COLUMNS: &str = "analysis, raw, html, text, offsets, removed, meta, \
     first_event, last_event, first_relation, last_relation, id, raw_len, archived";

/// Rebuilds a full analysis from a row of [`ANALYSIS_COLUMNS`] starting at column `at`,
/// and the document's events and relations from their tables. Records written whole
/// (before schema 5) read the same way.
pub(crate) fn read_analysis(
    conn: &Connection,
    archive: &archive::Archive,
    row: &rusqlite::Row<'_>,
    at: usize,
) -> Result<Analysis> {
    use serde_json::Value;
    let id: String = row.get(at + 11)?;
    // Since schema 14 the large values are in the archive (see `archive.rs`).
    let archived = match row.get::<_, Option<i64>>(at + 13)? {
        Some(seq) => Some(archive.read(seq, &id)?),
        None => None,
    };
    let record = match &archived {
        Some(texts) => utf8_column(unpack(&texts.analysis)?)?,
        None => stored_text(row, at)?,
    };
    let mut value: Value = serde_json::from_str(&record)?;
    let no_document = || {
        StoreError::Json(serde_json::Error::io(std::io::Error::other(
            "stored analysis has no document",
        )))
    };
    let (raw, text) = match row.get::<_, Option<i64>>(at + 12)? {
        // Since schema 10, one value holds the raw input and then the cleaned text.
        Some(raw_len) => {
            let mut both = match &archived {
                Some(texts) => unpack(&texts.text)?,
                None => stored_bytes(row, at + 3)?,
            };
            let text = usize::try_from(raw_len)
                .ok()
                .filter(|&n| n <= both.len())
                .map(|n| both.split_off(n))
                .ok_or_else(|| corrupt_column(format!("raw_len {raw_len} is out of range")))?;
            (utf8_column(both)?, utf8_column(text)?)
        }
        None => (stored_text(row, at + 1)?, stored_text(row, at + 3)?),
    };
    restore_mentions(&mut value, &text)?;
    restore_relation_evidence(&mut value, &text)?;
    let document = value
        .get_mut("document")
        .and_then(Value::as_object_mut)
        .ok_or_else(no_document)?;
    if !document.get("id").is_some_and(Value::is_string) {
        return Err(no_document());
    }
    document.insert("raw".into(), Value::String(raw));
    let html = match (&archived, row.get_ref(at + 2)?) {
        (Some(texts), _) => match &texts.html {
            Some(html) => Value::String(utf8_column(unpack(html)?)?),
            None => Value::Null,
        },
        (None, rusqlite::types::ValueRef::Null) => Value::Null,
        (None, _) => Value::String(stored_text(row, at + 2)?),
    };
    document.insert("html".into(), html);
    document.insert("text".into(), Value::String(text));
    for (i, key) in [(4, "offsets"), (5, "removed"), (6, "meta")] {
        let json = match (&archived, key) {
            (Some(texts), "offsets") => texts.offsets.clone(),
            (Some(texts), "removed") => texts.removed.clone(),
            _ => row.get(at + i)?,
        };
        document.insert(key.into(), serde_json::from_str(&json)?);
    }
    if let Some(record) = value.as_object_mut() {
        // The document's rows are the ids its row records (schema 9); the document id is
        // checked as well, so a range can only narrow the search.
        for (key, sql, range_at) in [
            (
                "events",
                "SELECT f.json, s.text FROM events f
                 LEFT JOIN sentences s ON s.id = f.sentence
                 WHERE f.id BETWEEN ?2 AND ?3 AND f.doc_id = ?1 ORDER BY f.idx",
                at + 7,
            ),
            (
                "relations",
                "SELECT f.json, s.text FROM relations f
                 LEFT JOIN sentences s ON s.id = f.sentence
                 WHERE f.id BETWEEN ?2 AND ?3 AND f.doc_id = ?1 ORDER BY f.idx",
                at + 9,
            ),
        ] {
            if record.contains_key(key) {
                continue;
            }
            let first: Option<i64> = row.get(range_at)?;
            let last: Option<i64> = row.get(range_at + 1)?;
            let (Some(first), Some(last)) = (first, last) else {
                record.insert(key.into(), Value::Array(Vec::new()));
                continue;
            };
            let mut stmt = conn.prepare_cached(sql)?;
            let items = stmt
                .query_map(params![id, first, last], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
                })?
                .map(|row| {
                    let (json, sentence) = row?;
                    let mut item: Value = serde_json::from_str(&json)?;
                    // Since schema 7 the evidence sentence is the document's sentence row.
                    if let (Some(sentence), Some(evidence)) = (
                        sentence,
                        item.get_mut("evidence").and_then(Value::as_object_mut),
                    ) {
                        evidence.insert("sentence".into(), Value::String(sentence));
                    }
                    Ok(item)
                })
                .collect::<Result<Vec<Value>>>()?;
            record.insert(key.into(), Value::Array(items));
        }
    }
    Ok(serde_json::from_value(value)?)
}

/// Mentions stored since schema 10 name their actor by position in `mention_actors` and
/// leave out words that are the cleaned text at their span (see `encode::StoredMention`);
/// this puts both back. Older records keep full mentions and no `mention_actors`.
fn restore_mentions(record: &mut serde_json::Value, text: &str) -> Result<()> {
    use serde_json::Value;
    let Some(Value::Array(actors)) = record
        .as_object_mut()
        .and_then(|r| r.remove("mention_actors"))
    else {
        return Ok(());
    };
    let Some(Value::Array(mentions)) = record.get_mut("mentions") else {
        return Ok(());
    };
    for mention in mentions.iter_mut().filter_map(Value::as_object_mut) {
        if let Some(n) = mention.get("actor").and_then(Value::as_u64) {
            let actor = usize::try_from(n)
                .ok()
                .and_then(|n| actors.get(n))
                .ok_or_else(|| {
                    corrupt_column(format!("a mention names actor {n} of {}", actors.len()))
                })?;
            mention.insert("actor".into(), actor.clone());
        }
        if !mention.contains_key("text") {
            let words = text_at_span(mention, text)
                .ok_or_else(|| corrupt_column("a mention's span is not in the text".into()))?;
            mention.insert("text".into(), Value::String(words.to_string()));
        }
    }
    Ok(())
}

/// Relation statements kept in the record since schema 11 leave out their evidence text when
/// it is one of the document's sentences (see `encode::AnalysisRecord`); this puts it back
/// from the cleaned text, as the sentence row holds it. Records of earlier schemas have no
/// `relations`, or statements with their evidence text, and are left as they are.
fn restore_relation_evidence(record: &mut serde_json::Value, text: &str) -> Result<()> {
    use serde_json::Value;
    let Some(Value::Array(relations)) = record.get_mut("relations") else {
        return Ok(());
    };
    for relation in relations {
        let Some(evidence) = relation.get_mut("evidence").and_then(Value::as_object_mut) else {
            continue;
        };
        if evidence
            .get("sentence")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
        {
            continue;
        }
        let sentence = text_at_span(evidence, text).ok_or_else(|| {
            corrupt_column("a relation's evidence is not a span of the document's text".into())
        })?;
        evidence.insert("sentence".into(), Value::String(sentence.to_string()));
    }
    Ok(())
}

/// The part of `text` between a stored object's `start` and `end` byte offsets.
fn text_at_span<'t>(
    object: &serde_json::Map<String, serde_json::Value>,
    text: &'t str,
) -> Option<&'t str> {
    let offset = |key: &str| {
        object
            .get(key)
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    text.get(offset("start")?..offset("end")?)
}

/// A column written as TEXT, or compressed as a BLOB (see `encode::compress`).
fn stored_text(row: &rusqlite::Row<'_>, at: usize) -> Result<String> {
    match row.get_ref(at)? {
        // SQLite does not check TEXT for UTF-8; older versions' values read as they always did.
        rusqlite::types::ValueRef::Text(t) => Ok(String::from_utf8_lossy(t).into_owned()),
        _ => utf8_column(stored_bytes(row, at)?),
    }
}

/// The bytes of a column written as TEXT, or compressed as a BLOB.
fn stored_bytes(row: &rusqlite::Row<'_>, at: usize) -> Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    match row.get_ref(at)? {
        ValueRef::Text(t) => Ok(t.to_vec()),
        ValueRef::Blob(b) => unpack(b),
        other => Err(corrupt_column(format!(
            "expected text, found {:?}",
            other.data_type()
        ))),
    }
}

/// The first bytes of an LZ4 frame, as `encode::compress` writes values.
pub(crate) const LZ4_MAGIC: [u8; 4] = 0x184D_2204_u32.to_le_bytes();

/// A value compressed by `encode::compress`: an LZ4 frame, or a zstd frame as versions
/// before it wrote.
fn unpack(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Read;
    let unpacked = if bytes.starts_with(&LZ4_MAGIC) {
        let mut out = Vec::new();
        lz4_flex::frame::FrameDecoder::new(bytes)
            .read_to_end(&mut out)
            .map(|_| out)
    } else {
        zstd::stream::decode_all(bytes)
    };
    unpacked.map_err(|e| corrupt_column(format!("a compressed column does not decompress: {e}")))
}

fn utf8_column(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes)
        .map_err(|e| corrupt_column(format!("a stored text column is not UTF-8: {e}")))
}

fn corrupt_column(what: String) -> StoreError {
    StoreError::Json(serde_json::Error::io(std::io::Error::other(what)))
}

/// The ids the next sentence, event report and relation statement get. Rows are given their
/// ids rather than taking them from each insert, so that a document's rows are consecutive,
/// its document row can record where they are before they are written, and facts can name
/// their sentences. A batch holds the write lock from its first statement, so the ids are read
/// once per batch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NextIds {
    pub(crate) sentence: i64,
    pub(crate) event: i64,
    pub(crate) relation: i64,
}

impl NextIds {
    fn read(tx: &rusqlite::Connection) -> Result<NextIds> {
        let next = |table: &str| -> Result<i64> {
            Ok(tx
                .prepare_cached(&format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"))?
                .query_row([], |r| r.get(0))?)
        };
        Ok(NextIds {
            sentence: next("sentences")?,
            event: next("events")?,
            relation: next("relations")?,
        })
    }

    /// The first and last of `n` ids from `first`, or none.
    fn range(first: i64, n: usize) -> (Option<i64>, Option<i64>) {
        match n {
            0 => (None, None),
            n => (Some(first), Some(first + n as i64 - 1)),
        }
    }
}

/// `next` holds the ids the document's first rows get; it is moved past them. The document's
/// sentence rows and relation statements are left to [`insert_sentences`] and
/// `facts::insert_relations`, which write a whole batch's together: the document and its first
/// ids go onto `written`.
fn insert_encoded<'a>(
    tx: &rusqlite::Connection,
    archive: &mut archive::Archive,
    doc: &'a Encoded,
    next: &mut NextIds,
    sums: &mut facts::BatchSums,
    roots: &mut duplicates::Roots,
    written: &mut Vec<(&'a Encoded, NextIds)>,
) -> Result<Inserted> {
    let exists = tx
        .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
        .query_row(params![doc.id], |_| Ok(()))
        .optional()?
        .is_some();
    if exists {
        return Ok(Inserted::Unchanged);
    }
    let mut version = tx.prepare_cached(
        "SELECT coalesce(max(version), 0) + 1 FROM documents WHERE article_key = ?1",
    )?;
    let version: i64 = version.query_row(params![doc.article_key], |r| r.get(0))?;
    let near = if doc.fingerprinted {
        duplicates::find_first(
            tx,
            roots,
            &doc.article_key,
            doc.simhash,
            faultline_model::document::NEAR_DUPLICATE_BITS,
        )?
    } else {
        None
    };
    let archived = archive.add(doc)?;
    // The large values are in the archive; their columns here stay empty.
    let mut insert = tx.prepare_cached(
        "INSERT INTO documents (id, article_key, version, source_path, source_line, source_record,
                                format, meta, language, language_confidence, raw, html, text,
                                offsets, removed, analysis, published, published_precision,
                                published_source, published_start, published_end, simhash,
                                near_duplicate_of, first_event, last_event, first_relation,
                                last_relation, raw_len, archived)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, X'', NULL, X'', '', '', X'', ?11,
                 ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    )?;
    let published = &doc.published;
    let (first_event, last_event) = NextIds::range(next.event, doc.events.len());
    let (first_relation, last_relation) = NextIds::range(next.relation, doc.relations.len());
    insert.execute(params![
        doc.id,
        doc.article_key,
        version,
        doc.source_path,
        doc.source_line.map(|l| l as i64),
        doc.source_record,
        doc.format,
        doc.meta,
        doc.language,
        doc.language_confidence,
        published.label,
        published.precision,
        published.source,
        published.start,
        published.end,
        // The same 64 bits read as a signed integer, SQLite's only integer type.
        doc.simhash as i64,
        near,
        first_event,
        last_event,
        first_relation,
        last_relation,
        doc.raw_len as i64,
        archived,
    ])?;
    let first = *next;
    next.sentence += doc.sentences.len() as i64;
    next.event += doc.events.len() as i64;
    next.relation += doc.relations.len() as i64;
    written.push((doc, first));
    if doc.fingerprinted {
        duplicates::index_bands(tx, doc.simhash)?;
    }
    facts::insert_facts(tx, doc, first, sums)?;
    Ok(match near {
        Some(_) => Inserted::NearDuplicate { version },
        None => Inserted::New { version },
    })
}

/// The sentence rows of a batch's new documents, each document's from the id it was given:
/// in chunks across documents, a few statements per batch rather than four per document.
fn insert_sentences(tx: &rusqlite::Connection, docs: &[(&Encoded, NextIds)]) -> Result<()> {
    let values: Vec<([i64; 6], &str, &str)> = docs
        .iter()
        .flat_map(|&(doc, first)| {
            doc.sentences.iter().enumerate().map(move |(idx, s)| {
                (
                    [
                        first.sentence + idx as i64,
                        idx as i64,
                        s.start as i64,
                        s.end as i64,
                        s.raw_start as i64,
                        s.raw_end as i64,
                    ],
                    doc.id.as_str(),
                    doc.text.get(s.start..s.end).unwrap_or(""),
                )
            })
        })
        .collect();
    let rows: Vec<[&dyn rusqlite::ToSql; 8]> = values
        .iter()
        .map(|(v, id, text)| -> [&dyn rusqlite::ToSql; 8] {
            [&v[0], id, &v[1], &v[2], &v[3], &v[4], &v[5], text]
        })
        .collect();
    rows::insert_rows(
        tx,
        "INSERT INTO sentences (id, doc_id, idx, start, \"end\", raw_start, raw_end, text)",
        "",
        &rows,
    )
}

/// Turns what a user types into an FTS5 query: each whitespace-separated word becomes a
/// quoted phrase (so `non-aggression` means the two words in a row, not a syntax error),
/// and all of them must match.
fn plain_query(query: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        if let Some(stripped) = rest.strip_prefix('"') {
            let (phrase, after) = match stripped.find('"') {
                Some(i) => (&stripped[..i], &stripped[i + 1..]),
                None => (stripped, ""),
            };
            if phrase.chars().any(char::is_alphanumeric) {
                parts.push(format!("\"{}\"", phrase.replace('"', "")));
            }
            rest = after.trim_start();
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let word = &rest[..end];
            if word.chars().any(char::is_alphanumeric) {
                parts.push(format!("\"{word}\""));
            }
            rest = rest[end..].trim_start();
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the store writes reads back, and so does what versions before wrote (zstd); a
    /// damaged value of either kind is an error, not a panic.
    #[test]
    fn values_of_either_codec_unpack_and_damaged_ones_are_errors() {
        let text = "Les rebelles du CSP ont repris Kidal. ".repeat(40);
        let lz4 = encode::compress(text.as_bytes()).unwrap();
        assert!(lz4.starts_with(&LZ4_MAGIC));
        assert!(lz4.len() < text.len() / 4, "{} bytes", lz4.len());
        assert_eq!(unpack(&lz4).unwrap(), text.as_bytes());
        let zstd = zstd::stream::encode_all(text.as_bytes(), 1).unwrap();
        assert_eq!(unpack(&zstd).unwrap(), text.as_bytes());
        for value in [&lz4, &zstd] {
            let mut damaged = value.clone();
            damaged.truncate(value.len() / 2);
            let err = unpack(&damaged).unwrap_err().to_string();
            assert!(err.contains("does not decompress"), "{err}");
        }
    }

    #[test]
    fn plain_queries_quote_words_and_keep_phrases() {
        assert_eq!(
            plain_query("non-aggression pact"),
            "\"non-aggression\" \"pact\""
        );
        assert_eq!(
            plain_query("\"common enemy\" Wagner"),
            "\"common enemy\" \"Wagner\""
        );
        assert_eq!(plain_query("  ; - "), "");
    }
}

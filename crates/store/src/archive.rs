//! The document archive: each document's large values (the raw input and cleaned text, the
//! offset map, the removed lines, the analysis record, the HTML page) in a file of their own
//! beside the database, `<database>-docs`, since schema 14.
//!
//! In the database's write-ahead log every page is written twice, once to the log and once
//! more by the checkpoint that copies it into the file, and a long ingest's log fills past
//! its limit and stalls the writer (see `checkpoint.rs`). These values are a third of the
//! store, are written once and are only read back whole by `Store::document` and exports,
//! so they gain nothing from the log. The archive is an SQLite file in rollback-journal
//! mode, where a page the transaction adds at the end of the file is written once, straight
//! into it: 3% faster ingest on 5,000 documents and 6% on 10,593 than with the values in
//! `documents` (docs/performance.md, eleventh round).
//!
//! Invariants:
//! - Rows are numbered in write order (`seq`); `documents.archived` names a document's row,
//!   and rows written by older versions keep their values in `documents` (`archived` NULL).
//! - The archive commits before the database. A kill between the two leaves archive rows no
//!   document names; the next group of writes deletes them before it numbers its own, while
//!   it holds the database's write lock, so no other writer can be between its two commits.
//! - Each row repeats its document's id, and reading checks it: an archive from another
//!   store is an error naming the file, never another document's text.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::{Encoded, Result, StoreError};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS texts (
    seq      INTEGER PRIMARY KEY,   -- documents.archived
    doc_id   TEXT NOT NULL,         -- documents.id, checked on reading
    text     BLOB NOT NULL,         -- raw input then cleaned text, compressed (encode.rs)
    offsets  TEXT NOT NULL,
    removed  TEXT NOT NULL,
    analysis BLOB NOT NULL,
    html     BLOB
);";

/// The number of the next archive row: one past the last a document names. The condition
/// lets SQLite read it from the end of the partial index `documents_archived`; without it,
/// it read every document row to its last column, at every group of writes (12.8 ms over
/// 37,525 archived documents and 14.8 over 10,593 stored inline before schema 14, whose
/// rows run through overflow pages, against 0.03–0.04).
pub(crate) const NEXT_ROW: &str =
    "SELECT coalesce(max(archived), 0) + 1 FROM documents WHERE archived IS NOT NULL";

/// Large pages keep a document's row in one page, without a chain of overflow pages, and
/// hold several rows: at 16 KB an LZ4 row of 8.5 KB took a page alone, and 5,000 documents
/// made a 63 MB archive against 46 MB at 64 KB (and 48 MB at 4 KB, with overflow chains).
/// The size only applies when the file is created.
const PAGE_SIZE: i64 = 65_536;

/// Pages the archive's connection keeps in memory (in KiB). A group of 4,096 documents adds
/// about 21 MB; past this bound the writer writes them into the file before the commit,
/// once, as the commit would, so a larger cache would only add to ingest's peak memory.
const CACHE_KIB: i64 = 8_192;

/// The large values of one document, as `documents` held them before schema 14.
#[derive(Debug)]
pub(crate) struct Texts {
    pub(crate) text: Vec<u8>,
    pub(crate) offsets: String,
    pub(crate) removed: String,
    pub(crate) analysis: Vec<u8>,
    pub(crate) html: Option<Vec<u8>>,
}

/// The archive beside one store, opened on first use.
#[derive(Debug)]
pub(crate) struct Archive {
    path: PathBuf,
    writable: bool,
    conn: OnceCell<Connection>,
    /// The next row's number while a group of writes is open.
    next: Option<i64>,
}

impl Archive {
    /// The archive of the database at `database`; `:memory:` databases get one in memory.
    pub(crate) fn beside(database: &str, writable: bool) -> Archive {
        Archive {
            path: archive_path(database),
            writable,
            conn: OnceCell::new(),
            next: None,
        }
    }

    fn shown(&self) -> String {
        self.path.display().to_string()
    }

    fn conn(&self) -> Result<&Connection> {
        if let Some(conn) = self.conn.get() {
            return Ok(conn);
        }
        let conn = self.open()?;
        Ok(self.conn.get_or_init(|| conn))
    }

    fn open(&self) -> Result<Connection> {
        let in_memory = self.path.as_os_str().is_empty();
        if !self.writable {
            if in_memory || !self.path.exists() {
                return Err(self.problem(
                    "the document archive is missing: a store is its database and this file \
                     beside it, and both must be copied together"
                        .into(),
                ));
            }
            let conn = Connection::open_with_flags(
                &self.path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| self.problem(format!("the document archive cannot be opened: {e}")))?;
            conn.busy_timeout(crate::BUSY_WAIT)?;
            return Ok(conn);
        }
        let conn = if in_memory {
            Connection::open_in_memory()?
        } else {
            Connection::open(&self.path).map_err(|e| {
                self.problem(format!(
                    "the document archive cannot be opened for writing: {e}"
                ))
            })?
        };
        let configured = (|| {
            conn.busy_timeout(crate::BUSY_WAIT)?;
            conn.pragma_update(None, "page_size", PAGE_SIZE)?;
            // The journal keeps the original of the few pages a commit changes; PERSIST leaves
            // the file in place between commits instead of creating and deleting it each time.
            conn.pragma_update(None, "journal_mode", "PERSIST")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
            conn.execute_batch(SCHEMA)
        })();
        configured.map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                self.problem("not a faultline document archive (not an SQLite file)".into())
            }
            other => StoreError::Sqlite(other),
        })?;
        Ok(conn)
    }

    fn problem(&self, problem: String) -> StoreError {
        StoreError::Archive {
            path: self.shown(),
            problem,
        }
    }

    /// Starts the archive's half of a group of writes, whose rows are numbered from `next`
    /// (one past the last row a document of the database names). Rows from there on were
    /// committed by a writer killed before its database commit; they go.
    pub(crate) fn begin(&mut self, next: i64) -> Result<()> {
        let conn = self.conn()?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let cleared = conn
            .prepare_cached("DELETE FROM texts WHERE seq >= ?1")
            .and_then(|mut s| s.execute(params![next]));
        if let Err(e) = cleared {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e.into());
        }
        self.next = Some(next);
        Ok(())
    }

    /// Adds one document's large values to the open group; returns its row number.
    pub(crate) fn add(&mut self, doc: &Encoded) -> Result<i64> {
        let seq = self
            .next
            .ok_or_else(|| self.problem("written outside a group of writes".into()))?;
        self.conn()?
            .prepare_cached(
                "INSERT INTO texts (seq, doc_id, text, offsets, removed, analysis, html)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                seq,
                doc.id,
                doc.stored_text,
                doc.offsets,
                doc.removed,
                doc.record,
                doc.html
            ])?;
        self.next = Some(seq + 1);
        Ok(seq)
    }

    /// Commits the open group, if any.
    pub(crate) fn commit(&mut self) -> Result<()> {
        if self.next.take().is_some() {
            self.conn()?.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    /// Abandons the open group, if any.
    pub(crate) fn rollback(&mut self) {
        if self.next.take().is_some()
            && let Some(conn) = self.conn.get()
        {
            let _ = conn.execute_batch("ROLLBACK");
        }
    }

    /// The values of row `seq`, which must be document `doc_id`'s.
    pub(crate) fn read(&self, seq: i64, doc_id: &str) -> Result<Texts> {
        let row = self
            .conn()?
            .prepare_cached(
                "SELECT doc_id, text, offsets, removed, analysis, html FROM texts WHERE seq = ?1",
            )?
            .query_row(params![seq], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Texts {
                        text: r.get(1)?,
                        offsets: r.get(2)?,
                        removed: r.get(3)?,
                        analysis: r.get(4)?,
                        html: r.get(5)?,
                    },
                ))
            })
            .optional()?;
        match row {
            Some((id, texts)) if id == doc_id => Ok(texts),
            Some((id, _)) => Err(self.problem(format!(
                "row {seq} holds document {id}, where the database expects {doc_id}: this \
                 archive belongs to another store"
            ))),
            None => Err(self.problem(format!(
                "document {doc_id} (row {seq}) is not in the archive: it belongs to another \
                 store or was damaged"
            ))),
        }
    }
}

/// `<database>-docs`, or nothing (in memory) for an in-memory database.
pub fn archive_path(database: &str) -> PathBuf {
    if database.is_empty() || database == ":memory:" {
        return PathBuf::new();
    }
    let mut name = Path::new(database).as_os_str().to_os_string();
    name.push("-docs");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    /// The writer asks for the next row number at every group of writes; it must come from
    /// the index, not from a pass over every document.
    #[test]
    fn the_next_row_number_is_read_from_the_index() {
        let tmp = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&tmp.path().join("kb.db")).unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", super::NEXT_ROW))
            .unwrap()
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter().any(|p| p.contains("documents_archived")),
            "{plan:?}"
        );
    }
}

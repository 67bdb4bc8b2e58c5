//! WAL checkpoints on a thread of their own during a long ingest.
//!
//! In WAL mode a commit appends pages to the log; a checkpoint copies them into the
//! database file and syncs it to disk. SQLite runs checkpoints inside the commit that
//! crosses the log's size limit, so the single writer of an ingest stopped for every copy
//! and every fsync (10–15% of its wall time, measured with `synchronous=OFF` as the
//! comparison). Here the writer's connection stops checkpointing and a second connection
//! runs passive checkpoints, which never block the writer, after each commit; the last one
//! truncates the log. Durability is unchanged: a commit is in the log before it returns,
//! and the log is replayed after a kill.
//!
//! A passive checkpoint never lets the log start over while the writer keeps appending to
//! it (the first ingest of 42,000 documents grew a 7 GB log beside a 2 GB database), so
//! when the log holds more than [`LOG_LIMIT`] the writer waits for one checkpoint that
//! restarts it. By then the other connection has copied nearly every page, and the wait is
//! short. The restart keeps the file and writes over it from the start: emptying it
//! (`TRUNCATE`) on a file system mounted with `discard` made the writer wait for the disk
//! to discard the freed blocks, 20% of its time. The size of the log is counted in frames
//! the writer appended since the last restart (SQLite's WAL hook), not read from the file,
//! which after a restart stays as large as it was. The last checkpoint, when ingest ends,
//! empties the file.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

use rusqlite::{Connection, OpenFlags};

use crate::{Result, Store};

/// Size of the write-ahead log past which the writer restarts it.
pub const LOG_LIMIT: u64 = 128 * 1024 * 1024;

/// The checkpointing thread; dropping it runs a last checkpoint and waits for it.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    nudge: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
    /// Bytes in the log after the last commit, set by the WAL hook.
    log_bytes: Arc<AtomicU64>,
    limit: u64,
}

impl Checkpointer {
    /// Asks for a checkpoint; one already asked for and not yet started covers this one.
    pub(crate) fn nudge(&self) {
        if let Some(tx) = &self.nudge {
            match tx.try_send(()) {
                Ok(()) | Err(TrySendError::Full(())) | Err(TrySendError::Disconnected(())) => {}
            }
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // Closing the channel tells the thread to truncate the log and stop.
        self.nudge.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(conn: Connection, nudges: Receiver<()>) {
    // Errors are ignored on purpose: a checkpoint that fails (the database busy, a disk
    // full) leaves the pages in the log, where readers find them and the next checkpoint
    // or the next open copies them; nothing is lost.
    while nudges.recv().is_ok() {
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
}

impl Store {
    /// Moves WAL checkpoints to a thread of their own until [`Store::checkpoint_inline`]
    /// or until the store is dropped. For long runs of writes (ingest); a store that does
    /// not call this checkpoints the usual way.
    pub fn checkpoint_in_background(&mut self) -> Result<()> {
        self.checkpoint_in_background_with_limit(LOG_LIMIT)
    }

    /// [`Store::checkpoint_in_background`] with the log restarted past `limit` bytes.
    pub fn checkpoint_in_background_with_limit(&mut self, limit: u64) -> Result<()> {
        if self.checkpoints.is_some() {
            return Ok(());
        }
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let (tx, rx) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("faultline-checkpoint".into())
            .spawn(move || run(conn, rx))
            .map_err(|e| crate::StoreError::Io {
                path: self.path.clone(),
                source: e,
            })?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let page_size: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        // A frame is a page plus its 24-byte header.
        let frame = u64::try_from(page_size).unwrap_or(4096) + 24;
        let log_bytes = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&log_bytes);
        // Registering the hook replaces SQLite's automatic checkpoint, which the pragma
        // above has turned off already; the hook only records, it never checkpoints.
        self.conn
            .wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, frames| {
                seen.store(
                    u64::try_from(frames).unwrap_or(0) * frame,
                    Ordering::Relaxed,
                );
                Ok(())
            }))?;
        self.checkpoints = Some(Checkpointer {
            nudge: Some(tx),
            thread: Some(thread),
            log_bytes,
            limit,
        });
        Ok(())
    }

    /// After a commit: hands the checkpoint to the other connection, or, once the log has
    /// grown past its limit, restarts it here.
    pub(crate) fn after_commit(&mut self) -> Result<()> {
        let Some(checkpoints) = &self.checkpoints else {
            return Ok(());
        };
        if checkpoints.log_bytes.load(Ordering::Relaxed) > checkpoints.limit {
            // RESTART waits for the other connection's checkpoint, copies what is left and
            // makes the next commit write from the start of the file, so the disk holds at
            // most the limit plus one batch.
            checkpoints.log_bytes.store(0, Ordering::Relaxed);
            self.conn
                .query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(()))?;
        } else {
            checkpoints.nudge();
        }
        Ok(())
    }

    /// Ends [`Store::checkpoint_in_background`]: commits the open group of batches, if any
    /// ([`Store::group_commits`]), waits for a last checkpoint, which empties the log, and
    /// lets commits checkpoint again.
    pub fn checkpoint_inline(&mut self) -> Result<()> {
        self.commit_group()?;
        if self.checkpoints.take().is_some() {
            self.conn
                .wal_hook(None::<fn(&mut rusqlite::hooks::Wal, std::ffi::c_int) -> _>)?;
            self.conn.pragma_update(None, "wal_autocheckpoint", 1000)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(store: &Store) -> u64 {
        let checkpoints = store.checkpoints.as_ref().expect("background checkpoints");
        checkpoints.log_bytes.load(Ordering::Relaxed)
    }

    /// The writer's decision rests on the frames SQLite reports, not on the file's size,
    /// which a restart leaves as it was: past the limit one commit restarts the log, below
    /// it the count grows with each commit and the writer only nudges the other thread.
    #[test]
    fn the_log_is_measured_in_frames_written_since_the_last_restart() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("kb.db");
        let mut store = Store::open(&path).unwrap();
        store.checkpoint_in_background_with_limit(1).unwrap();
        store
            .conn
            .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (zeroblob(100000));")
            .unwrap();
        let frame = logged(&store);
        assert!(frame > 4096, "the hook saw no frame: {frame}");
        store.after_commit().unwrap();
        assert_eq!(
            logged(&store),
            0,
            "past the limit the writer restarts the log"
        );
        store.checkpoint_inline().unwrap();

        store.checkpoint_in_background_with_limit(u64::MAX).unwrap();
        // The background thread may restart the log between two commits, so only the
        // count after a commit is compared with what that commit wrote.
        store
            .conn
            .execute("INSERT INTO t VALUES (zeroblob(300000))", [])
            .unwrap();
        assert!(logged(&store) > 300_000);
        store.after_commit().unwrap();
        assert!(logged(&store) > 300_000, "below the limit nothing restarts");
        store.checkpoint_inline().unwrap();
        let wal = tmp.path().join("kb.db-wal");
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    }
}

//! Helpers shared by the store's test files.

/// A database at schema `version`, built from the migration files as they shipped, for tests
/// that open an older store and check what migrating it keeps.
pub fn store_at_version(path: &std::path::Path, version: usize) -> rusqlite::Connection {
    const MIGRATIONS: &[&str] = &[
        include_str!("../../src/migrations/0001_documents.sql"),
        include_str!("../../src/migrations/0002_facts.sql"),
        include_str!("../../src/migrations/0003_near_duplicates.sql"),
        include_str!("../../src/migrations/0004_relation_days.sql"),
        include_str!("../../src/migrations/0005_slim_lookups.sql"),
        include_str!("../../src/migrations/0006_event_summaries.sql"),
        include_str!("../../src/migrations/0007_evidence_sentences.sql"),
        include_str!("../../src/migrations/0008_relation_days_by_day.sql"),
    ];
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    conn
}

/// Puts each archived document's large values back in its row and clears `archived`, as
/// stores before schema 14 held them (see store/src/archive.rs), so that tests can rewrite
/// them into the layouts older versions wrote.
#[allow(dead_code)]
pub fn values_inline(conn: &rusqlite::Connection) {
    conn.execute("ATTACH ?1 AS archive", [archive_of(conn)])
        .unwrap();
    conn.execute_batch(
        "UPDATE documents SET
             text = (SELECT t.text FROM archive.texts t WHERE t.seq = archived),
             offsets = (SELECT t.offsets FROM archive.texts t WHERE t.seq = archived),
             removed = (SELECT t.removed FROM archive.texts t WHERE t.seq = archived),
             analysis = (SELECT t.analysis FROM archive.texts t WHERE t.seq = archived),
             html = (SELECT t.html FROM archive.texts t WHERE t.seq = archived),
             archived = NULL
         WHERE archived IS NOT NULL;
         DETACH archive;",
    )
    .unwrap();
}

/// The document archive beside the database `conn` has open (store/src/archive.rs).
#[allow(dead_code)]
pub fn archive_of(conn: &rusqlite::Connection) -> String {
    format!("{}-docs", conn.path().expect("a database file"))
}

/// The first bytes of an LZ4 frame, which every compressed value the store writes begins
/// with (the store's own constant is private to it).
#[allow(dead_code)]
pub const LZ4_MAGIC: [u8; 4] = 0x184D_2204_u32.to_le_bytes();

/// A compressed value as the store writes it (an LZ4 frame) or as versions before wrote it (a
/// zstd frame).
#[allow(dead_code)]
pub fn unpack(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    if bytes.starts_with(&LZ4_MAGIC) {
        let mut out = Vec::new();
        lz4_flex::frame::FrameDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    } else {
        zstd::stream::decode_all(bytes).unwrap()
    }
}

/// Recompresses every compressed value in the archive with zstd, as schema 14 wrote them
/// before values became LZ4 frames.
#[allow(dead_code)]
pub fn archive_as_zstd(conn: &rusqlite::Connection) {
    let archive = rusqlite::Connection::open(archive_of(conn)).unwrap();
    for column in ["text", "analysis", "html"] {
        let values: Vec<(i64, Vec<u8>)> = archive
            .prepare(&format!(
                "SELECT seq, {column} FROM texts WHERE typeof({column}) = 'blob'"
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (seq, value) in values {
            let zstd = zstd::stream::encode_all(unpack(&value).as_slice(), 1).unwrap();
            archive
                .execute(
                    &format!("UPDATE texts SET {column} = ?1 WHERE seq = ?2"),
                    rusqlite::params![zstd, seq],
                )
                .unwrap();
        }
    }
}

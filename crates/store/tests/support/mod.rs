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

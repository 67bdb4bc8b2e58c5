-- Schema version 12: the two indexes whose entries landed all over the file on every batch
-- are gone or shrunk, so that what a batch rewrites no longer grows with the store.
--
-- An ingest commits 4,096 documents at a time. An index keyed by a content hash or by an
-- edge gets entries scattered over its whole width, so each group rewrites nearly every
-- page of it, and the larger the store, the more pages: at 40,000 documents a group wrote
-- more than the log's limit, and the single writer stopped after every commit to copy the
-- log into the database itself (store/src/checkpoint.rs). Dropping both indexes, as an
-- upper bound, made the last 5,000 of 42,525 documents 20% faster.
--
-- 1. `documents_listing` copied each document's listing fields (path, dates, metadata;
--    about 250 bytes) into an index keyed by the document's hash, so listings found them
--    without walking the row's overflow pages, where those fields sat behind the text and
--    the analysis record. The table is rebuilt with the small fields first: they are in the
--    first page of the row, which the lookup by hash reaches anyway, and the index goes.
--    Row ids are kept. Foreign keys are off while migrating, so dropping the old table does
--    not cascade.
-- 2. `relations_edge` was keyed by the edge's three names and the day (about 45 bytes an
--    entry); it is now keyed by a 64-bit hash of the edge (`relations.edge`: `facts::edge_key`,
--    which the migrating connection offers to SQL as `faultline_edge_key`) and the day, about
--    half the size. Queries still compare the names, so a collision could only cost time.

CREATE TABLE documents_v12 (
    id            TEXT PRIMARY KEY,          -- BLAKE3 of the normalised cleaned text
    -- Listing fields first: see above.
    source_path   TEXT NOT NULL,
    published     TEXT,                      -- YYYY, YYYY-MM or YYYY-MM-DD
    published_start TEXT,                    -- first day of the published range
    published_end TEXT,                      -- last day
    meta          TEXT NOT NULL,             -- JSON: title, url, source, author, published, byline, language
    article_key   TEXT NOT NULL,             -- URL, record id or path: the same article across versions
    version       INTEGER NOT NULL,          -- 1 for the first text seen under article_key
    source_line   INTEGER,
    source_record TEXT,
    format        TEXT NOT NULL,
    language      TEXT NOT NULL,
    language_confidence REAL NOT NULL,
    published_precision TEXT,                -- day, week, month, quarter, year, unknown
    published_source TEXT,                   -- metadata, byline, inferred, unknown
    simhash       INTEGER,                   -- 64-bit SimHash of text (as a signed integer)
    near_duplicate_of TEXT,                  -- id of the first stored copy of the same story
    first_event   INTEGER,                   -- events.id range, NULL when none
    last_event    INTEGER,
    first_relation INTEGER,                  -- relations.id range, NULL when none
    last_relation INTEGER,
    raw_len       INTEGER,
    ingested_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- Large fields last.
    text          TEXT NOT NULL,
    offsets       TEXT NOT NULL,             -- JSON offset map, cleaned text -> raw
    removed       TEXT NOT NULL,             -- JSON list of removed boilerplate lines
    analysis      TEXT NOT NULL,             -- the stage results (encode.rs)
    raw           TEXT NOT NULL,
    html          TEXT
);
INSERT INTO documents_v12 (rowid, id, source_path, published, published_start, published_end,
    meta, article_key, version, source_line, source_record, format, language,
    language_confidence, published_precision, published_source, simhash, near_duplicate_of,
    first_event, last_event, first_relation, last_relation, raw_len, ingested_at, text,
    offsets, removed, analysis, raw, html)
SELECT rowid, id, source_path, published, published_start, published_end,
    meta, article_key, version, source_line, source_record, format, language,
    language_confidence, published_precision, published_source, simhash, near_duplicate_of,
    first_event, last_event, first_relation, last_relation, raw_len, ingested_at, text,
    offsets, removed, analysis, raw, html
FROM documents ORDER BY rowid;
DROP TABLE documents;
ALTER TABLE documents_v12 RENAME TO documents;
CREATE INDEX documents_article ON documents(article_key, version);
CREATE INDEX documents_simhash ON documents(simhash, near_duplicate_of)
    WHERE simhash IS NOT NULL;
CREATE INDEX documents_near_duplicate ON documents(near_duplicate_of)
    WHERE near_duplicate_of IS NOT NULL;

ALTER TABLE relations ADD COLUMN edge INTEGER;   -- facts::edge_key(subject, predicate, object)
UPDATE relations SET edge = faultline_edge_key(subject, predicate, object);
DROP INDEX relations_edge;
CREATE INDEX relations_edge ON relations(edge, day);

-- Schema version 6: a summary per merged event, kept up to date as reports arrive
-- (store/src/clusters.rs). Listing an event read and merged every report of it; a story
-- reprinted a thousand times made a page of events cost tens of thousands of JSON records.
-- event_states holds what the merge rules need (the most precise date and place, how often
-- each actor is named, the lowest count); event_clusters what a new report is compared with
-- before it joins the event. Filled from the reports by the store right after this
-- migration.
CREATE TABLE event_clusters (
    id             INTEGER PRIMARY KEY,   -- the event: its first report's events.id
    reports        INTEGER NOT NULL,
    date_start     TEXT,                  -- the merged date, its precision and place, and
    date_end       TEXT,                  -- every actor named (|id|id|): what merging
    time_precision INTEGER,               -- compares a new report with
    lat            REAL,
    lon            REAL,
    admin1         TEXT,
    geo_precision  INTEGER,
    actors         TEXT NOT NULL
);
-- What the merge rules need (JSON), apart, so that the rows merging reads stay small.
CREATE TABLE event_states (
    id    INTEGER PRIMARY KEY REFERENCES event_clusters(id) ON DELETE CASCADE,
    state TEXT NOT NULL
);

-- Nothing queries events by date, by type and date, or through the old merge index any more
-- (listings go through events_cluster, merging through events_place and event_merge_keys);
-- each cost a B-tree entry per report written.
DROP INDEX events_date;
DROP INDEX events_type;
DROP INDEX events_merge;

-- Near-duplicate keys: four 16-bit blocks per fingerprint, probed with one bit flipped at
-- lookup (store/src/duplicates.rs), instead of 28 byte-pair keys written per document. The
-- fingerprints come from the old table, which holds exactly the fingerprinted documents.
CREATE TABLE near_duplicate_blocks (
    key     INTEGER NOT NULL,  -- block number * 65536 + the block's 16 bits
    simhash INTEGER NOT NULL,
    PRIMARY KEY (key, simhash)
) WITHOUT ROWID;
INSERT OR IGNORE INTO near_duplicate_blocks (key, simhash)
    SELECT b.n * 65536 + ((s.simhash >> (16 * b.n)) & 65535), s.simhash
    FROM (SELECT DISTINCT simhash FROM near_duplicate_bands) s,
         (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) b;
DROP TABLE near_duplicate_bands;

-- Merging compares a new report with events, not with their reports one by one
-- (store/src/facts.rs, find_cluster). A report with a precise place looked through
-- events_place at every report of its type within a few kilometres and read each row: for a
-- town reported thousands of times, thousands of rows per report written, the largest cost
-- of ingest at 42,000 documents. Both lookups now give events: by type, half-degree grid
-- cell and start date ('' when undated), and by actor, type and start date.
CREATE TABLE event_place_keys (
    sub_event_type TEXT NOT NULL,
    cell           INTEGER NOT NULL,  -- row * 1000 + column of half-degree cells (facts.rs)
    date_start     TEXT NOT NULL,
    cluster        INTEGER NOT NULL,
    PRIMARY KEY (sub_event_type, cell, date_start, cluster)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_place_keys (sub_event_type, cell, date_start, cluster)
    SELECT sub_event_type,
           CAST((lat + 90.0) / 0.5 AS INTEGER) * 1000 + CAST((lon + 180.0) / 0.5 AS INTEGER),
           coalesce(date_start, ''), cluster
    FROM events
    WHERE modality = 'asserted' AND polarity = 'positive' AND lat IS NOT NULL
      AND lon IS NOT NULL;

DROP TABLE event_merge_keys;
CREATE TABLE event_merge_keys (
    actor_id       TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start     TEXT NOT NULL,
    cluster        INTEGER NOT NULL,
    PRIMARY KEY (actor_id, sub_event_type, date_start, cluster)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_merge_keys (actor_id, sub_event_type, date_start, cluster)
    SELECT a.actor_id, e.sub_event_type, e.date_start, e.cluster
    FROM events e JOIN event_actors a ON a.event_id = e.id
    WHERE e.modality = 'asserted' AND e.polarity = 'positive' AND e.date_start IS NOT NULL;

-- Mentions are totalled per actor (and per candidate's words), which is all any query asks:
-- how often, in how many documents, first and last publication day, an example document.
-- One row per document and actor, keyed by actor then by the document's content hash, put
-- each document's twenty-odd rows on as many random pages of a table that outgrew the page
-- cache after a few thousand documents; totals stay small and in the cache.
CREATE TABLE mention_totals (
    actor_id   TEXT NOT NULL,     -- '' for mentions linked to no actor
    words      TEXT NOT NULL,     -- a candidate actor's words as written; '' otherwise
    mentions   INTEGER NOT NULL,
    documents  INTEGER NOT NULL,
    first_doc  TEXT NOT NULL,     -- the smallest id of a document with such mentions
    first_seen TEXT,              -- earliest publication day of a dated one
    last_seen  TEXT,              -- latest
    PRIMARY KEY (actor_id, words)
) WITHOUT ROWID;
INSERT INTO mention_totals (actor_id, words, mentions, documents, first_doc, first_seen,
                            last_seen)
    SELECT m.actor_id, m.words, sum(m.n), count(DISTINCT m.doc_id), min(m.doc_id),
           min(d.published_start), max(d.published_end)
    FROM mention_counts m JOIN documents d ON d.id = m.doc_id
    GROUP BY m.actor_id, m.words;
DROP TABLE mention_counts;

-- Events involving an actor: each report's actors now carry the report's event, so that
-- listing an actor's events reads these small rows instead of every report row (6,000 for
-- JNIM on a store of 127,000 documents).
ALTER TABLE event_actors ADD COLUMN cluster INTEGER;
UPDATE event_actors SET cluster = (SELECT e.cluster FROM events e WHERE e.id = event_actors.event_id);

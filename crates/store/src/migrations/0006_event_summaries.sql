-- Schema version 6: a summary per merged event, kept up to date as reports arrive
-- (store/src/clusters.rs). Listing an event read and merged every report of it; a story
-- reprinted a thousand times made a page of events cost tens of thousands of JSON records.
-- `state` holds what the merge rules need (the most precise date and place, how often each
-- actor is named, the lowest count); date_start and date_end are the merged date, against
-- which a new report is compared before it joins the event. Filled from the reports by the
-- store right after this migration.
CREATE TABLE event_clusters (
    id         INTEGER PRIMARY KEY,   -- the event: its first report's events.id
    reports    INTEGER NOT NULL,
    date_start TEXT,
    date_end   TEXT,
    state      TEXT NOT NULL          -- JSON
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

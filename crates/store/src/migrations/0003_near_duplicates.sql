-- Schema version 3: near-duplicate links, so syndicated copies of one wire story count as
-- more sources for the same facts rather than as unrelated documents.

ALTER TABLE documents ADD COLUMN simhash INTEGER;         -- 64-bit SimHash of text (as a signed integer); NULL before version 3
ALTER TABLE documents ADD COLUMN near_duplicate_of TEXT;  -- id of the first stored copy of the same story
CREATE INDEX documents_simhash ON documents(simhash) WHERE simhash IS NOT NULL;
CREATE INDEX documents_near_duplicate ON documents(near_duplicate_of)
    WHERE near_duplicate_of IS NOT NULL;

-- The band index: every fingerprint under 28 keys (each pair of its 8 bytes), so that two
-- fingerprints a few bits apart meet under at least one key. Keyed by fingerprint, not by
-- document rowid, because VACUUM may renumber the rowids of a table with a text key.
CREATE TABLE near_duplicate_bands (
    key     INTEGER NOT NULL,  -- pair number * 65536 + the pair's 16 bits
    simhash INTEGER NOT NULL,
    PRIMARY KEY (key, simhash)
) WITHOUT ROWID;

-- Indexes for event merging (find_cluster in store/src/facts.rs), which runs for every
-- event written. It reads each candidate's actors by event id, and event_actors' primary
-- key starts with actor_id, so every read was a full scan of the table; and it filters
-- candidates by type, modality, polarity and dates, which a covering index answers without
-- reading event rows (each carries the event's JSON). Measured on a 1,000-document store
-- growing to 1,600: 17 documents/s before, 167 after (docs/performance.md).
CREATE INDEX event_actors_event ON event_actors(event_id, actor_id);
CREATE INDEX events_merge ON events(sub_event_type, modality, polarity, date_start, date_end,
                                    cluster, lat, lon, admin1, geo_precision, time_precision);

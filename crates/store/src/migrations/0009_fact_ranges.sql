-- Schema version 9: a document's sentences, events and relation statements are found through
-- the row ranges its document row records, not through an index keyed by its id.
--
-- `UNIQUE (doc_id, idx)` gave each of those tables an index keyed by the document's content
-- hash: every sentence and fact added an entry at a random place, and every batch rewrote most
-- of those indexes' pages (a 5,000-document ingest logged each page of the sentences' index
-- four times). They were read only to list one document's facts. The writer gives a
-- document's rows consecutive ids, so its document row now records the first and last id of
-- its events and of its relation statements; sentences are read by id only. The three tables
-- are rebuilt without the constraint (SQLite cannot drop one in place). Migrating runs with
-- foreign keys off, so dropping the old `events` does not cascade to `event_actors`.

ALTER TABLE documents ADD COLUMN first_event INTEGER;     -- events.id range, NULL when none
ALTER TABLE documents ADD COLUMN last_event INTEGER;
ALTER TABLE documents ADD COLUMN first_relation INTEGER;  -- relations.id range, NULL when none
ALTER TABLE documents ADD COLUMN last_relation INTEGER;
UPDATE documents SET
    (first_event, last_event) =
        (SELECT min(id), max(id) FROM events e WHERE e.doc_id = documents.id),
    (first_relation, last_relation) =
        (SELECT min(id), max(id) FROM relations r WHERE r.doc_id = documents.id);

CREATE TABLE sentences_v9 (
    id        INTEGER PRIMARY KEY,
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    start     INTEGER NOT NULL,               -- byte offsets into documents.text
    "end"     INTEGER NOT NULL,
    raw_start INTEGER NOT NULL,               -- byte offsets into documents.raw
    raw_end   INTEGER NOT NULL,
    text      TEXT NOT NULL
);
INSERT INTO sentences_v9 (id, doc_id, idx, start, "end", raw_start, raw_end, text)
    SELECT id, doc_id, idx, start, "end", raw_start, raw_end, text FROM sentences;
DROP TABLE sentences;
-- The full-text index names its content table, so the new table takes the old name.
ALTER TABLE sentences_v9 RENAME TO sentences;

CREATE TABLE events_v9 (
    id            INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    cluster       INTEGER NOT NULL,               -- id of the first report of the same real event
    event_type    TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date          TEXT,                           -- label
    date_start    TEXT,                           -- ISO days of the date range
    date_end      TEXT,
    time_precision INTEGER,
    date_source   TEXT NOT NULL,
    actor1        TEXT,
    actor2        TEXT,
    place         TEXT,
    lat           REAL,
    lon           REAL,
    admin1        TEXT,
    country       TEXT,
    geo_precision INTEGER,
    fatalities    INTEGER,
    fatalities_estimated INTEGER NOT NULL,
    modality      TEXT NOT NULL,
    polarity      TEXT NOT NULL,
    attribution   TEXT,
    start         INTEGER NOT NULL,               -- the evidence sentence in documents.text
    "end"         INTEGER NOT NULL,
    json          TEXT NOT NULL,                  -- the event as extracted
    raw_start     INTEGER,                        -- the evidence sentence in documents.raw
    raw_end       INTEGER,
    sentence      INTEGER                         -- sentences.id of the evidence, if it is one
);
INSERT INTO events_v9
    SELECT id, doc_id, idx, cluster, event_type, sub_event_type, date, date_start, date_end,
           time_precision, date_source, actor1, actor2, place, lat, lon, admin1, country,
           geo_precision, fatalities, fatalities_estimated, modality, polarity, attribution,
           start, "end", json, raw_start, raw_end, sentence
    FROM events;
DROP TABLE events;
ALTER TABLE events_v9 RENAME TO events;
CREATE INDEX events_place ON events(sub_event_type, lat, lon);
CREATE INDEX events_cluster ON events(cluster, modality, polarity, date_start, date_end);

CREATE TABLE relations_v9 (
    id         INTEGER PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    subject    TEXT NOT NULL,
    predicate  TEXT NOT NULL,
    object     TEXT NOT NULL,
    modality   TEXT NOT NULL,
    polarity   TEXT NOT NULL,
    attribution TEXT,
    when_label TEXT,
    when_start TEXT,                              -- when the relation was observed
    when_end   TEXT,
    since      TEXT,                              -- first day it is said to hold, if the text says
    until      TEXT,                              -- last day it is said to hold, if the text says
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    json       TEXT NOT NULL,
    day        TEXT NOT NULL DEFAULT '',          -- when_start, else the publication day
    raw_start  INTEGER,                           -- the evidence sentence in documents.raw
    raw_end    INTEGER,
    sentence   INTEGER                            -- sentences.id of the evidence, if it is one
);
INSERT INTO relations_v9
    SELECT id, doc_id, idx, subject, predicate, object, modality, polarity, attribution,
           when_label, when_start, when_end, since, until, start, "end", json, day, raw_start,
           raw_end, sentence
    FROM relations;
DROP TABLE relations;
ALTER TABLE relations_v9 RENAME TO relations;
CREATE INDEX relations_edge ON relations(subject, predicate, object, day);

-- The full-text index gathers a batch's tokens in memory and writes them out as a segment
-- when that memory passes `hashsize` (1 MB by default), which a batch of 512 documents passed
-- many times: each small segment was later merged again. At 8 MB a batch makes one or two
-- segments (over 20,000 documents: 3% less CPU in all).
INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('hashsize', 8388608);

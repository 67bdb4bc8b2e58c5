-- Schema version 2: what the stages found, in queryable form. The full analysis stays in
-- documents.analysis; these tables hold what queries filter and join on.

ALTER TABLE documents ADD COLUMN published TEXT;            -- YYYY, YYYY-MM or YYYY-MM-DD
ALTER TABLE documents ADD COLUMN published_precision TEXT;  -- day, week, month, quarter, year, unknown
ALTER TABLE documents ADD COLUMN published_source TEXT;     -- metadata, byline, inferred, unknown
ALTER TABLE documents ADD COLUMN published_start TEXT;      -- first day of the published range
ALTER TABLE documents ADD COLUMN published_end TEXT;        -- last day

CREATE TABLE mentions (
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL,
    actor_id TEXT,                                -- NULL: unresolved
    how      TEXT NOT NULL,                       -- alias, acronym, generic, role, candidate
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_actor ON mentions(actor_id);

CREATE TABLE events (
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
    UNIQUE (doc_id, idx)
);
CREATE INDEX events_cluster ON events(cluster);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_type ON events(sub_event_type, date_start);

CREATE TABLE event_actors (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL,
    role     TEXT NOT NULL,                       -- actor1, actor2, assoc
    PRIMARY KEY (actor_id, event_id, role)
) WITHOUT ROWID;

CREATE TABLE relations (
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
    UNIQUE (doc_id, idx)
);
CREATE INDEX relations_subject ON relations(subject, when_start);
CREATE INDEX relations_object ON relations(object, when_start);
CREATE INDEX relations_when ON relations(when_start);

-- Names and kinds of the actors facts mention, so queries can show them without the packs.
CREATE TABLE actors_seen (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT
) WITHOUT ROWID;

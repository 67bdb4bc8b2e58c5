-- Schema version 4: the state of actor pairs at a date without reading every statement,
-- and an index for merging event reports by place.
--
-- `relations.day` is the day a statement dates its relation (its own date, else its
-- document's publication day, else '' for undated, which counts at every date), indexed by
-- edge, so the newest evidence of an edge is one index range. `relation_days` sums the
-- statements of each edge per day by modality and polarity; `Store::relations_at` folds those
-- sums up to the chosen date (thousands of rows, not millions) and fetches only the few
-- sentences it shows.

ALTER TABLE relations ADD COLUMN day TEXT NOT NULL DEFAULT '';
ALTER TABLE relations ADD COLUMN raw_start INTEGER;      -- the evidence sentence in documents.raw
ALTER TABLE relations ADD COLUMN raw_end INTEGER;
UPDATE relations SET day = coalesce(
    when_start,
    (SELECT published_start FROM documents d WHERE d.id = relations.doc_id),
    '');
CREATE INDEX relations_edge ON relations(subject, predicate, object, day);

CREATE TABLE relation_days (
    subject   TEXT NOT NULL,
    predicate TEXT NOT NULL,
    object    TEXT NOT NULL,
    day       TEXT NOT NULL,               -- '' for undated statements
    evidence  INTEGER NOT NULL,            -- statements that day
    asserted_positive INTEGER NOT NULL,
    asserted_negative INTEGER NOT NULL,
    intended    INTEGER NOT NULL,          -- intended and positive
    speculative INTEGER NOT NULL,          -- speculative and positive
    last_positive INTEGER,                 -- the latest asserted positive statement (relations.id)
    last_negative INTEGER,                 -- the latest asserted negative statement
    open_positive INTEGER NOT NULL,        -- asserted positive statements with no end date
    until_max TEXT,                        -- the latest end date an asserted positive one gives
    PRIMARY KEY (subject, predicate, object, day)
) WITHOUT ROWID;
CREATE INDEX relation_days_object ON relation_days(object, day);
CREATE INDEX relation_days_day ON relation_days(day);

INSERT INTO relation_days
SELECT subject, predicate, object, day,
       count(*),
       sum(modality = 'asserted' AND polarity = 'positive'),
       sum(modality = 'asserted' AND polarity = 'negative'),
       sum(modality = 'intended' AND polarity = 'positive'),
       sum(modality = 'speculative' AND polarity = 'positive'),
       max(CASE WHEN modality = 'asserted' AND polarity = 'positive' THEN id END),
       max(CASE WHEN modality = 'asserted' AND polarity = 'negative' THEN id END),
       sum(modality = 'asserted' AND polarity = 'positive' AND until IS NULL),
       max(CASE WHEN modality = 'asserted' AND polarity = 'positive' THEN until END)
FROM relations
GROUP BY subject, predicate, object, day;

-- Event merging looks for earlier reports of the same type near the same place
-- (store/src/facts.rs, find_cluster): an index range instead of a scan of the type.
CREATE INDEX events_place ON events(sub_event_type, lat, lon);

-- Schema version 8: per-day sums of relation statements keyed by day first.
--
-- `relations --at` reads the days of the chosen date's year up to that date. Keyed by edge,
-- those rows sat all over the table: the query found them through an index on `day` and
-- then looked each one up by its key, and that half of the query cost as much as summing
-- every earlier year (27 of 62 ms at 127,575 documents). Keyed by day, they are one range
-- of the table, and the index on `day` goes, so ingest writes one B-tree less per row. No
-- query reads this table by edge.
CREATE TABLE relation_days_by_day (
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
    PRIMARY KEY (day, subject, predicate, object)
) WITHOUT ROWID;
INSERT INTO relation_days_by_day
SELECT subject, predicate, object, day, evidence, asserted_positive, asserted_negative,
       intended, speculative, last_positive, last_negative, open_positive, until_max
FROM relation_days ORDER BY day, subject, predicate, object;
DROP TABLE relation_days;
ALTER TABLE relation_days_by_day RENAME TO relation_days;

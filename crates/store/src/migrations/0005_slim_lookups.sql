-- Schema version 5: lookups that never read a document's body.
--
-- A documents row carries the raw input, the cleaned text and the analysis record, several
-- overflow pages; columns added later (simhash, near_duplicate_of) sit after them, so reading
-- one from the row walks the whole overflow chain. The near-duplicate lookup, which runs for
-- every document written, now finds what it needs in the index.

DROP INDEX documents_simhash;
CREATE INDEX documents_simhash ON documents(simhash, near_duplicate_of)
    WHERE simhash IS NOT NULL;

-- Since schema 4 the graph is read from relation_days and relations_edge; nothing queries
-- relations by subject, object or date alone any more, and each of these indexes cost a
-- B-tree insert per relation statement written (about a dozen per document).
DROP INDEX relations_subject;
DROP INDEX relations_object;
DROP INDEX relations_when;

-- Mentions are counted, not listed: every query on them counts mentions of an actor, the
-- documents that mention it, or the candidate actors by their words, and the mentions
-- themselves, with offsets, stay in documents.analysis. One row per document and actor (and
-- per words for candidate actors, which `actors --candidates` lists) instead of one per
-- mention, in one B-tree keyed by actor: writing a document adds a handful of entries
-- where it added two per mention.
CREATE TABLE mention_counts (
    actor_id TEXT NOT NULL,        -- '' for mentions linked to no actor
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    words    TEXT NOT NULL,        -- a candidate actor's words as written; '' otherwise
    n        INTEGER NOT NULL,     -- how many mentions
    PRIMARY KEY (actor_id, doc_id, words)
) WITHOUT ROWID;
INSERT INTO mention_counts (actor_id, doc_id, words, n)
    SELECT coalesce(actor_id, ''), doc_id,
           CASE WHEN how = 'candidate' THEN text ELSE '' END AS said, count(*)
    FROM mentions
    GROUP BY coalesce(actor_id, ''), doc_id, said;
DROP TABLE mentions;

-- Event merging looks for earlier reports of the same type, dated within a year, sharing an
-- actor. Through events_merge that was a scan of every report of the type in the year,
-- testing each for a shared actor: ~800 rows per event written at 60,000 reports, and the
-- largest cost of ingest at 42,000 documents. Keyed by actor first, it is a range per actor.
CREATE TABLE event_merge_keys (
    actor_id       TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start     TEXT NOT NULL,
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, sub_event_type, date_start, event_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_merge_keys (actor_id, sub_event_type, date_start, event_id)
    SELECT a.actor_id, e.sub_event_type, e.date_start, e.id
    FROM events e JOIN event_actors a ON a.event_id = e.id
    WHERE e.modality = 'asserted' AND e.polarity = 'positive' AND e.date_start IS NOT NULL;

-- Listings (events, the evidence of relations, search hits, actor activity) show each
-- report's document title, path, URL and date. Read from the documents row, `published`
-- sits after the text and the analysis, so each read walked the row's overflow chain; and
-- an event's raw offsets were computed from the document's offset map, also past the text.
-- Now the listings read the document's fields from this index and an event's raw offsets
-- from its own row (NULL in rows written before, which fall back to the offset map).
CREATE INDEX documents_listing ON documents(id, source_path, published, published_start,
                                           published_end, meta);
ALTER TABLE events ADD COLUMN raw_start INTEGER;
ALTER TABLE events ADD COLUMN raw_end INTEGER;

-- Paging events by cluster tests each report's modality, polarity and dates; from the
-- table that was a row lookup per report.
DROP INDEX events_cluster;
CREATE INDEX events_cluster ON events(cluster, modality, polarity, date_start, date_end);

-- The graph at a date summed every relation-day row up to it: 200,000 rows on a store of
-- 127,000 documents whose dates span thirteen years. Sums per edge and year let the query
-- add whole years before the date's year and only that year's days. newest_positive and
-- newest_negative are the newest asserted statement of each polarity as
-- day (YYYYMMDD, 0 when undated) * 10^10 + relations.id; first_day and last_day the dated
-- statements' span; year '' holds undated statements.
CREATE TABLE relation_years (
    subject   TEXT NOT NULL,
    predicate TEXT NOT NULL,
    object    TEXT NOT NULL,
    year      TEXT NOT NULL,
    evidence  INTEGER NOT NULL,
    asserted_positive INTEGER NOT NULL,
    asserted_negative INTEGER NOT NULL,
    intended    INTEGER NOT NULL,
    speculative INTEGER NOT NULL,
    newest_positive INTEGER,
    newest_negative INTEGER,
    open_positive INTEGER NOT NULL,
    until_max TEXT,
    first_day TEXT,
    last_day  TEXT,
    PRIMARY KEY (subject, predicate, object, year)
) WITHOUT ROWID;
INSERT INTO relation_years
SELECT subject, predicate, object, substr(day, 1, 4),
       sum(evidence), sum(asserted_positive), sum(asserted_negative), sum(intended),
       sum(speculative),
       max(CASE WHEN asserted_positive > 0
                THEN CAST(replace(day, '-', '') AS INTEGER) * 10000000000 + last_positive END),
       max(CASE WHEN asserted_negative > 0
                THEN CAST(replace(day, '-', '') AS INTEGER) * 10000000000 + last_negative END),
       sum(open_positive), max(nullif(until_max, '')), min(nullif(day, '')),
       max(nullif(day, ''))
FROM relation_days
GROUP BY subject, predicate, object, substr(day, 1, 4);

-- Nothing reads relation_days by object: the graph query filters by day and groups by edge.
DROP INDEX relation_days_object;

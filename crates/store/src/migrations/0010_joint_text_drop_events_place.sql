-- Schema version 10: a document's raw input and cleaned text are compressed together, its HTML
-- is compressed, and an index nothing reads is dropped.
--
-- The cleaned text is the raw input less boilerplate lines and extra white space: compressed
-- on its own it cost as much as the raw input did, while compressed right after the raw input
-- it is a few long matches. Rows written from this version keep both in `text`, the raw input
-- first, as one compressed value: `raw_len` is the raw input's length in bytes and `raw` is an
-- empty BLOB. Rows written before keep `raw` and `text` as they were and `raw_len` NULL.
-- `html` is a compressed BLOB in new rows and TEXT in older ones.

ALTER TABLE documents ADD COLUMN raw_len INTEGER;

-- `events_place (sub_event_type, lat, lon)` served merging until schema 6, which moved it to
-- `event_place_keys`; since then no statement reads it (listings filter on a case-folded type
-- and go through `events_cluster`), while every report still wrote an entry into it.
DROP INDEX IF EXISTS events_place;

-- Schema version 10: a document's raw input and cleaned text are compressed together, and its
-- HTML is compressed.
--
-- The cleaned text is the raw input less boilerplate lines and extra white space: compressed
-- on its own it cost as much as the raw input did, while compressed right after the raw input
-- it is a few long matches. Rows written from this version keep both in `text`, the raw input
-- first, as one compressed value: `raw_len` is the raw input's length in bytes and `raw` is an
-- empty BLOB. Rows written before keep `raw` and `text` as they were and `raw_len` NULL.
-- `html` is a compressed BLOB in new rows and TEXT in older ones.

ALTER TABLE documents ADD COLUMN raw_len INTEGER;

-- Schema version 14: new documents keep their large values (raw input and cleaned text, offset
-- map, removed lines, analysis record, HTML page) in the document archive, a file beside the
-- database (`<database>-docs`; store/src/archive.rs), where they are written once instead
-- of twice through the write-ahead log. `archived` is the document's row there; the
-- document's own columns for those values are then empty. Documents stored before keep
-- their values here (`archived` NULL), and read as before.

ALTER TABLE documents ADD COLUMN archived INTEGER;
-- The writer numbers a group's archive rows from the largest `archived` (see archive.rs);
-- the numbers only grow, so new entries go at the end of this index.
CREATE INDEX documents_archived ON documents(archived) WHERE archived IS NOT NULL;

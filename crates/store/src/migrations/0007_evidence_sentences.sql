-- Schema version 7: a fact's evidence sentence is kept once, in `sentences`.
--
-- Every event and relation statement carried its sentence's text in its JSON, beside the
-- same text in `sentences`: a third of the bytes of a relation row, written and logged on
-- every ingest. New rows name the sentence by its row (`sentence` = `sentences.id`, one
-- lookup away) and leave it out of `json`; reads put it back. Rows written before keep the text in `json` and
-- `sentence` NULL, and read back as they are.
ALTER TABLE events ADD COLUMN sentence INTEGER;
ALTER TABLE relations ADD COLUMN sentence INTEGER;

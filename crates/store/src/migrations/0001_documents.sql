-- Schema version 1: documents, their sentences and a full-text index over sentences.

CREATE TABLE documents (
    id            TEXT PRIMARY KEY,          -- BLAKE3 of the normalised cleaned text
    article_key   TEXT NOT NULL,             -- URL, record id or path: the same article across versions
    version       INTEGER NOT NULL,          -- 1 for the first text seen under article_key
    source_path   TEXT NOT NULL,
    source_line   INTEGER,
    source_record TEXT,
    format        TEXT NOT NULL,
    meta          TEXT NOT NULL,             -- JSON: title, url, source, author, published, byline, language
    language      TEXT NOT NULL,
    language_confidence REAL NOT NULL,
    raw           TEXT NOT NULL,
    html          TEXT,
    text          TEXT NOT NULL,
    offsets       TEXT NOT NULL,             -- JSON offset map, cleaned text -> raw
    removed       TEXT NOT NULL,             -- JSON list of removed boilerplate lines
    analysis      TEXT NOT NULL,             -- JSON of the stage results (diagnostics and later stages)
    ingested_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_article ON documents(article_key, version);

CREATE TABLE sentences (
    id        INTEGER PRIMARY KEY,
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    start     INTEGER NOT NULL,               -- byte offsets into documents.text
    "end"     INTEGER NOT NULL,
    raw_start INTEGER NOT NULL,               -- byte offsets into documents.raw
    raw_end   INTEGER NOT NULL,
    text      TEXT NOT NULL,
    UNIQUE (doc_id, idx)
);

CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text,
    content = 'sentences',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

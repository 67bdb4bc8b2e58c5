#!/usr/bin/env python3
"""Grow a faultline store to a target number of documents by copying its rows, for timing
queries at scale (`relations --at`, `events`) without ingesting that many documents.

Why not ingest all of it: the 200 MB benchmark corpus holds 42,525 documents (ingested in
about 70 s, see docs/performance.md); a corpus of 100,000 would take 470 MB of disk for
little more information. So a real ingest of the 200 MB corpus is the base, and copies
make up the rest. Copies keep the shape that queries see: every copy of a document gets
a new id and article key, its events, actors, mention counts and relations come along with new row
ids, and each copy's events form their own clusters (copy k of cluster c is cluster c + k*K),
so `events` pages through N times as many real events. Sentences are copied (since schema 7 an
event's or statement's evidence sentence is read from them); the full-text index is not: the
timed queries do not read it. Since schema 14 a document's large values are in the archive
beside the database (`<database>-docs`); it is copied too, each copy's rows renumbered after the
original's and named by the copy's id, so `faultline show` reads a copy's text as well.

    python3 scripts/bench/replicate_store.py bench/corpus/base.db bench/corpus/store-100000.db 100000
"""

import shutil
import sqlite3
import sys


def columns(db, table):
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, dst, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # Committed rows may still sit in the source's write-ahead log, which a file copy misses.
    with sqlite3.connect(src) as base:
        base.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(src, dst)
    db = sqlite3.connect(dst)
    db.execute("PRAGMA journal_mode=WAL")
    archived = "archived" in columns(db, "documents")
    if archived:
        shutil.copyfile(src + "-docs", dst + "-docs")
        db.execute("ATTACH ? AS archive", (dst + "-docs",))
        max_seq = db.execute("SELECT coalesce(max(seq), 0) FROM archive.texts").fetchone()[0] + 1
    else:
        max_seq = 0
    base_docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    max_event = db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0] + 1
    max_rel = db.execute("SELECT coalesce(max(id), 0) FROM relations").fetchone()[0] + 1
    copies = max(0, -(-target // base_docs) - 1)

    def copy_sql(table, replace):
        cols = columns(db, table)
        select = ", ".join(replace.get(c, c) for c in cols)
        quoted = ", ".join(f'"{c}"' for c in cols)
        return f'INSERT INTO {table} ({quoted}) SELECT {select} FROM {table} WHERE {{where}}'

    doc = copy_sql("documents", {
        "id": "id || '-' || :k", "article_key": "article_key || '-' || :k",
        "near_duplicate_of": "CASE WHEN near_duplicate_of IS NULL THEN NULL ELSE near_duplicate_of || '-' || :k END",
        # Schema 9: the document's rows are the id ranges its row records.
        "first_event": "first_event + :k * :ke", "last_event": "last_event + :k * :ke",
        "first_relation": "first_relation + :k * :kr",
        "last_relation": "last_relation + :k * :kr",
        "archived": "archived + :k * :ka",
    })
    texts = (f"INSERT INTO archive.texts (seq, doc_id, text, offsets, removed, analysis, html) "
             f"SELECT seq + :k * :ka, doc_id || '-' || :k, text, offsets, removed, analysis, html "
             f"FROM archive.texts WHERE seq < {max_seq}")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_schema")}
    # Schema 5 counts mentions per document and actor instead of listing them; schema 6
    # keeps totals per actor, multiplied below instead of copied.
    mention_table = next((t for t in ("mention_counts", "mentions") if t in tables), None)
    mention = copy_sql(mention_table, {"doc_id": "doc_id || '-' || :k"}) if mention_table else None
    event = copy_sql("events", {
        "id": "id + :k * :ke", "cluster": "cluster + :k * :ke", "doc_id": "doc_id || '-' || :k",
    })
    actor = copy_sql("event_actors", {"event_id": "event_id + :k * :ke"})
    relation = copy_sql("relations", {"id": "id + :k * :kr", "doc_id": "doc_id || '-' || :k"})
    sentence = copy_sql("sentences", {"id": "NULL", "doc_id": "doc_id || '-' || :k"})
    # Schema 6 keeps a summary per event. A copy's summary still names the original
    # documents where it records who first gave a death toll; the timed queries read it the
    # same way.
    summary = [copy_sql(t, {"id": "id + :k * :ke"}) for t in ("event_clusters", "event_states")
               if t in tables]
    original = "instr(doc_id, '-') = 0"
    for k in range(1, copies + 1):
        args = {"k": k, "ke": max_event, "kr": max_rel, "ka": max_seq}
        with db:
            if archived:
                db.execute(texts, args)
            db.execute(doc.format(where="instr(id, '-') = 0"), args)
            if mention:
                db.execute(mention.format(where=original), args)
            db.execute(event.format(where=original), args)
            db.execute(actor.format(where=f"event_id < {max_event}"), args)
            db.execute(relation.format(where=original), args)
            db.execute(sentence.format(where=original), args)
            for sql in summary:
                db.execute(sql.format(where=f"id < {max_event}"), args)
    # Schema 4 keeps per-day sums of relation statements; rebuild them over the copies
    # (the same statement as migration 0004's backfill).
    if "relation_days" in {r[0] for r in db.execute("SELECT name FROM sqlite_schema")}:
        with db:
            db.execute("DELETE FROM relation_days")
            db.execute("""
                INSERT INTO relation_days
                SELECT subject, predicate, object, day, count(*),
                       sum(modality = 'asserted' AND polarity = 'positive'),
                       sum(modality = 'asserted' AND polarity = 'negative'),
                       sum(modality = 'intended' AND polarity = 'positive'),
                       sum(modality = 'speculative' AND polarity = 'positive'),
                       max(CASE WHEN modality = 'asserted' AND polarity = 'positive' THEN id END),
                       max(CASE WHEN modality = 'asserted' AND polarity = 'negative' THEN id END),
                       sum(modality = 'asserted' AND polarity = 'positive' AND until IS NULL),
                       max(CASE WHEN modality = 'asserted' AND polarity = 'positive' THEN until END)
                FROM relations GROUP BY subject, predicate, object, day""")
    # Schema 5 also keeps yearly sums (the same statement as migration 0005's backfill).
    if "relation_years" in tables:
        with db:
            db.execute("DELETE FROM relation_years")
            db.execute("""
                INSERT INTO relation_years
                SELECT subject, predicate, object, substr(day, 1, 4),
                       sum(evidence), sum(asserted_positive), sum(asserted_negative),
                       sum(intended), sum(speculative),
                       max(CASE WHEN asserted_positive > 0 THEN
                           CAST(replace(day, '-', '') AS INTEGER) * 10000000000 + last_positive
                           END),
                       max(CASE WHEN asserted_negative > 0 THEN
                           CAST(replace(day, '-', '') AS INTEGER) * 10000000000 + last_negative
                           END),
                       sum(open_positive), max(nullif(until_max, '')), min(nullif(day, '')),
                       max(nullif(day, ''))
                FROM relation_days GROUP BY subject, predicate, object, substr(day, 1, 4)""")
    if "mention_totals" in tables:
        with db:
            db.execute("UPDATE mention_totals SET mentions = mentions * ?1, documents = documents * ?1",
                       (copies + 1,))
    # Schema 13 keeps documents and sentences per language, which `stats` reads; copies have
    # the originals' languages and dates, so the counts multiply and the range stays.
    if "document_totals" in tables:
        with db:
            db.execute("UPDATE document_totals SET documents = documents * ?1, sentences = sentences * ?1",
                       (copies + 1,))
    db.execute("ANALYZE")
    n = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    e = db.execute("SELECT count(*) FROM events").fetchone()[0]
    r = db.execute("SELECT count(*) FROM relations").fetchone()[0]
    db.close()
    print(f"{dst}: {n} documents, {e} event reports, {r} relation statements")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Which tables and indexes an ingest rewrites: run it on a copy of a store with a reader
holding a snapshot open, so that no checkpoint empties the write-ahead log, then count the
log's frames by the table or index that owns each page (SQLite's `dbstat`).

Every page a transaction changes is appended to the log once per commit and later copied
into the database, so frames per document is the writer's I/O per document. A key in
arrival order (row ids, ingest order) touches the last pages only; a key spread over its
width (a content hash, an edge, a day) touches nearly every page of its index in each group
of documents, and more pages as the store grows. Compare two stores or two builds by the
frames each table takes.

    python3 scripts/bench/log_frames.py STORE.db FAULTLINE CORPUS [SQL]

STORE.db is copied to ./log-frames.db (left there for inspection); SQL, if given, runs on
the copy first (e.g. "DROP INDEX relations_edge" for an upper bound). The ingest itself is
slow under this setup (the writer's log restarts wait for the reader until they time out),
so time it elsewhere.
"""

import collections
import os
import shutil
import sqlite3
import struct
import subprocess
import sys


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    store, binary, corpus = sys.argv[1:4]
    sql = sys.argv[4] if len(sys.argv) == 5 else None
    copy = "log-frames.db"
    for suffix in ("", "-wal", "-shm", "-docs", "-docs-journal"):
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
    shutil.copy(store, copy)
    # Since schema 14 the documents' large values are in the archive beside the database,
    # which the ingest appends to without going through the log.
    if os.path.exists(store + "-docs"):
        shutil.copy(store + "-docs", copy + "-docs")
    if sql:
        conn = sqlite3.connect(copy)
        conn.executescript(sql)
        conn.close()

    # A read transaction begun before the ingest pins the database as it was: checkpoints
    # cannot copy frames past it, so the log keeps everything the ingest wrote.
    reader = sqlite3.connect(copy, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM documents").fetchall()
    subprocess.run([binary, "ingest", "--quiet", "--db", copy, corpus], check=False)

    with open(copy + "-wal", "rb") as f:
        log = f.read()
    page_size = struct.unpack(">I", log[8:12])[0]
    frames = []
    offset = 32  # the log header; each frame is a 24-byte header and a page
    while offset + 24 + page_size <= len(log):
        page, commit_size = struct.unpack(">II", log[offset : offset + 8])
        frames.append((page, commit_size))
        offset += 24 + page_size
    reader.execute("COMMIT")
    reader.close()

    owner = dict(sqlite3.connect(copy).execute("SELECT pageno, name FROM dbstat"))
    frames_of = collections.Counter()
    pages_of = collections.defaultdict(set)
    for page, _ in frames:
        name = owner.get(page, "(free pages)")
        frames_of[name] += 1
        pages_of[name].add(page)
    commits = sum(1 for _, size in frames if size)
    total = len(frames)
    print(f"{total} frames ({total * page_size / 1048576:.1f} MB) in {commits} commits")
    for name, n in frames_of.most_common():
        print(f"{name:34s} {n:8d} frames {100 * n / total:5.1f}%  {len(pages_of[name]):8d} pages")


if __name__ == "__main__":
    main()

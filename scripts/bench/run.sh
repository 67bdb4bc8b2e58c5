#!/usr/bin/env bash
# Benchmarks faultline on a generated corpus and prints the figures docs/performance.md
# reports: extract-only and end-to-end ingest (documents/s, MB/s, MB/s per core, peak
# memory), then, with QUERIES=1, the query timings on a store of STORE_DOCS documents.
#
# It builds the `dist` binary optimised with a profile of a training run
# (scripts/build-pgo.sh; PGO=0 measures the plain `cargo build --release` instead),
# generates the corpora under bench/corpus/ (git-ignored) if they are missing, and never
# touches the user's own database. Run it on a quiet machine: the figures are only as good
# as the cores are free.
#
#   scripts/bench/run.sh                       # 200 MB corpus, one thread per core
#   MB=20 THREADS=1 scripts/bench/run.sh       # quick run
#   PGO=0 scripts/bench/run.sh                 # the plain release build
#   QUERIES=1 STORE_DOCS=100000 scripts/bench/run.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

MB="${MB:-200}"
THREADS="${THREADS:-$(nproc)}"
# End-to-end ingest writes every document into a fresh store; a smaller corpus gives the
# same rate and keeps the temporary database small. Its target is counted in seed-sized
# documents, so its corpus keeps the sample articles' sizes (make_corpus.py --seed-sized;
# SEED_SIZED=0 ingests the extract-only corpus's kind of documents, 8% longer).
INGEST_MB="${INGEST_MB:-50}"
SEED_SIZED="${SEED_SIZED:-1}"
QUERIES="${QUERIES:-0}"
STORE_DOCS="${STORE_DOCS:-100000}"
CORPUS="bench/corpus/bench-${MB}mb.jsonl"
if [ "$SEED_SIZED" = 1 ]; then
    INGEST_CORPUS="bench/corpus/bench-${INGEST_MB}mb-seed-sized.jsonl"
else
    INGEST_CORPUS="bench/corpus/bench-${INGEST_MB}mb.jsonl"
fi
PGO="${PGO:-1}"

if [ "$PGO" = 1 ]; then
    scripts/build-pgo.sh
    BIN="$ROOT/target/pgo/faultline"
else
    cargo build --release -p faultline-cli
    BIN="$ROOT/target/release/faultline"
fi
mkdir -p bench/corpus
[ -f "$CORPUS" ] || python3 scripts/bench/make_corpus.py --mb "$MB" --out "$CORPUS"
if [ ! -f "$INGEST_CORPUS" ]; then
    if [ "$SEED_SIZED" = 1 ]; then
        python3 scripts/bench/make_corpus.py --mb "$INGEST_MB" --seed-sized --out "$INGEST_CORPUS"
    else
        python3 scripts/bench/make_corpus.py --mb "$INGEST_MB" --out "$INGEST_CORPUS"
    fi
fi

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== extract-only: $BIN bench $CORPUS --mode extract --threads $THREADS"
"$BIN" --quiet bench "$CORPUS" --mode extract --threads "$THREADS"
echo "== end-to-end ingest: $BIN bench $INGEST_CORPUS --mode ingest --threads $THREADS"
"$BIN" --quiet bench "$INGEST_CORPUS" --mode ingest --threads "$THREADS"

if [ "$QUERIES" = 1 ]; then
    # A store of STORE_DOCS documents: the extract corpus (or STORE_BASE_DOCS generated
    # documents) really ingested, then its rows copied up to STORE_DOCS
    # (replicate_store.py says why).
    base_docs="${STORE_BASE_DOCS:-all}"
    base_corpus="bench/corpus/store-base-${base_docs}.jsonl"
    base_db="bench/corpus/store-base-${base_docs}.db"
    db="bench/corpus/store-${STORE_DOCS}.db"
    if [ ! -f "$db" ]; then
        if [ ! -f "$base_db" ] && [ "$base_docs" = all ]; then
            echo "== ingesting the base store: $BIN --db $base_db ingest $CORPUS"
            "$BIN" --db "$base_db" --quiet ingest "$CORPUS"
        elif [ ! -f "$base_db" ]; then
            # About 4,700 bytes per generated document.
            python3 scripts/bench/make_corpus.py --mb "$(( base_docs * 4700 / 1000000 + 1 ))" \
                --out "$base_corpus.tmp" --seed 11
            head -n "$base_docs" "$base_corpus.tmp" > "$base_corpus" && rm "$base_corpus.tmp"
            echo "== ingesting the base store: $BIN --db $base_db ingest $base_corpus"
            "$BIN" --db "$base_db" --quiet ingest "$base_corpus"
        fi
        python3 scripts/bench/replicate_store.py "$base_db" "$db" "$STORE_DOCS"
    fi
    echo "== store: $("$BIN" --db "$db" --json stats | tr -d '\n' | cut -c1-200)"
    run_timed() {
        if command -v hyperfine >/dev/null; then
            hyperfine --warmup 1 --runs "${RUNS:-5}" -N "$*"
        else
            local start end
            start=$(date +%s%N)
            for _ in 1 2 3 4 5; do "$@" >/dev/null; done
            end=$(date +%s%N)
            echo "$*: $(( (end - start) / 5000000 )) ms per run (mean of 5)"
        fi
    }
    # Whole commands, process start and pack loading included, as a user runs them; the
    # first line is that fixed cost alone (one event, no paging).
    run_timed "$BIN" --db "$db" --quiet events --limit 1
    run_timed "$BIN" --db "$db" --quiet relations --at 2023-06-01
    run_timed "$BIN" --db "$db" --quiet relations --at 2023-06-01 --actor JNIM
    run_timed "$BIN" --db "$db" --quiet events
    run_timed "$BIN" --db "$db" --quiet events --since 2023-01-01 --until 2023-12-31
    run_timed "$BIN" --db "$db" --quiet events --actor JNIM
fi

#!/usr/bin/env bash
# Builds target/pgo/faultline: the `dist` binary optimised with a profile of faultline's own
# work (profile-guided optimisation), the build that docs/performance.md measures.
#
# The compiler lays out branches and chooses what to inline from how often each path ran in
# a training run instead of guessing: for faultline's branchy text matching that took 10% off
# extract-only's CPU and 3–4% off ingest's, whose other half is SQLite and the kernel
# (docs/performance.md, eighth round). The plain `cargo build --release`
# gives the same results, only slower; this script is for benchmarks and deployments.
#
# Steps: an instrumented build (target/pgo/generate), a training run on documents the
# benchmarks do not use (a corpus generated with another seed, the sample articles, an HTML
# page; ingest, extract-only, queries and exports), the profiles merged with llvm-profdata
# (rustup's llvm-tools component, installed if missing), then the optimised build
# (target/pgo/use). About ten minutes on two cores.
#
# Both builds use cargo's `dist` profile (Cargo.toml: link-time optimisation of the whole
# program as one unit, another 4–5% off ingest's CPU; thirteenth round); PROFILE=release
# builds without it, as rounds eight to twelve did.
#
#   scripts/build-pgo.sh            # then: target/pgo/faultline ...
set -euo pipefail
PROFILE="${PROFILE:-dist}"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/pgo"
PROFILES="$OUT/profiles"
TRAIN="$OUT/train"

profdata() {
    local sysroot host
    sysroot="$(rustc --print sysroot)"
    host="$(rustc -vV | sed -n 's/^host: //p')"
    echo "$sysroot/lib/rustlib/$host/bin/llvm-profdata"
}

if [ ! -x "$(profdata)" ]; then
    echo "== installing llvm-profdata (rustup component llvm-tools)"
    rustup component add llvm-tools >/dev/null 2>&1 || rustup component add llvm-tools-preview
fi
PROFDATA="$(profdata)"
[ -x "$PROFDATA" ] || { echo "llvm-profdata not found at $PROFDATA" >&2; exit 1; }

echo "== instrumented build (target/pgo/generate)"
rm -rf "$PROFILES" "$TRAIN"
mkdir -p "$PROFILES" "$TRAIN"
CARGO_TARGET_DIR="$OUT/generate" RUSTFLAGS="-Cprofile-generate=$PROFILES" \
    cargo build --profile "$PROFILE" --locked -p faultline-cli
GEN="$OUT/generate/$PROFILE/faultline"
# The build scripts ran instrumented too; their profiles describe no code of ours.
rm -f "$PROFILES"/*.profraw

echo "== training run"
# Seed 23: the benchmark corpora use 7 (and 11 for the query store), so no benchmark
# document is trained on.
python3 scripts/bench/make_corpus.py --mb 8 --seed 23 --out "$TRAIN/train.jsonl" >/dev/null
db="$TRAIN/train.db"
"$GEN" --quiet --db "$db" ingest "$TRAIN/train.jsonl" corpus/sample \
    crates/ingest/tests/fixtures/news_page.html >/dev/null
# Again: every document is known, which is its own path.
"$GEN" --quiet --db "$db" ingest "$TRAIN/train.jsonl" >/dev/null
"$GEN" --quiet bench "$TRAIN/train.jsonl" --mode extract >/dev/null
for query in "events" "events --actor JNIM" "events --since 2024-01-01 --until 2024-06-30" \
    "relations --at 2024-05-20" "relations --at 2024-05-20 --actor JNIM" \
    "timeline JNIM" "actors" "actor JNIM" "search ceasefire" "stats"; do
    # shellcheck disable=SC2086 # each query is words
    "$GEN" --quiet --db "$db" $query >/dev/null
done
for format in acled-csv relations-csv geojson graphml jsonl; do
    "$GEN" --quiet --db "$db" export "$format" --output "$TRAIN/export.$format"
done

echo "== merging the profiles"
"$PROFDATA" merge -o "$OUT/faultline.profdata" "$PROFILES"

echo "== optimised build (target/pgo/use)"
CARGO_TARGET_DIR="$OUT/use" RUSTFLAGS="-Cprofile-use=$OUT/faultline.profdata" \
    cargo build --profile "$PROFILE" --locked -p faultline-cli
cp "$OUT/use/$PROFILE/faultline" "$OUT/faultline"
echo "== built $OUT/faultline"

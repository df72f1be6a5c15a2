#!/usr/bin/env bash
# BM25 search bench: Pharos against Lucene 8.8 on the GCIDE corpus, in one run.
# Follows ../shared/tools/peer-bench/README.md: corpus + queries, both indexes, latency of
# COUNT / TOP_10 / TOP_10_COUNT (best of N per query), then the latency table, the
# Pharos/Lucene ratios and the bit-exact BM25 / LegacyBM25 parity checks of both dumps.
#
#   bench/search/run.sh [--build DIR] [--work DIR] [--iterations N] [--skip-lucene]
# Corpus, queries and indexes already in the work dir are reused (delete them to rebuild).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
WORK=/tmp/pharos-peer-bench
ITER=10
SKIP_LUCENE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --iterations) ITER=$2; shift 2 ;;
    --skip-lucene) SKIP_LUCENE=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
BUILD=$(cd "$BUILD" 2>/dev/null && pwd || echo "$BUILD")  # absolute: the script changes directory
PB=$(cd "${PEER_BENCH:-$ROOT/../shared/tools/peer-bench}" 2>/dev/null && pwd || echo "${PEER_BENCH:-missing}")
BIN=$BUILD/bench/pharos_peer_bench
[ -x "$BIN" ] || { echo "missing $BIN (build the pharos_peer_bench target)" >&2; exit 1; }
[ -d "$PB" ] || { echo "missing peer-bench tools at $PB (set PEER_BENCH)" >&2; exit 1; }
CP=/usr/share/java/lucene-core-8.7.0.jar:/usr/share/java/lucene-analyzers-common-8.7.0.jar:/usr/share/java/lucene-misc-8.7.0.jar
mkdir -p "$WORK" && cd "$WORK"

[ -s gcide.jsonl ] || python3 "$PB/make_corpus.py" gcide > gcide.jsonl
[ -s queries.jsonl ] || python3 "$PB/make_queries.py" gcide.jsonl 200 > queries.jsonl
[ -f classes/LuceneBench.class ] || javac -nowarn -d classes -cp "$CP" "$PB/LuceneBench.java"

if [ ! -d idx-lucene ]; then
  echo "== Lucene index" && java -cp "classes:$CP" LuceneBench index gcide.jsonl idx-lucene
fi
if [ ! -d idx-pharos ]; then
  echo "== Pharos index" && "$BIN" index gcide.jsonl idx-pharos
fi

echo "== latency (best of $ITER per query), one engine after the other on the same machine"
if [ "$SKIP_LUCENE" = 0 ] || [ ! -s res-lucene.tsv ]; then
  java -cp "classes:$CP" LuceneBench query idx-lucene queries.jsonl "$ITER" > res-lucene.tsv
fi
"$BIN" query idx-pharos queries.jsonl "$ITER" > res-pharos.tsv
python3 "$PB/summarize.py" res-lucene.tsv res-pharos.tsv
echo
python3 "$ROOT/bench/search/ratio.py" res-lucene.tsv res-pharos.tsv

echo
echo "== ranking: top-10 dumps checked bit for bit against Lucene's BM25 re-derived from the corpus"
if [ ! -s top-lucene.tsv ]; then
  java -cp "classes:$CP" LuceneBench dump idx-lucene queries.jsonl 10 > top-lucene.tsv
  java -cp "classes:$CP" LuceneBench dump idx-lucene queries.jsonl 10 legacy > top-lucene-legacy.tsv
fi
"$BIN" dump idx-pharos queries.jsonl 10 > top-pharos.tsv
"$BIN" dump idx-pharos queries.jsonl 10 legacy > top-pharos-legacy.tsv
for f in top-lucene.tsv top-pharos.tsv; do
  printf '%-24s ' "$f" && python3 "$PB/parity_check.py" gcide.jsonl queries.jsonl "$f"
done
for f in top-lucene-legacy.tsv top-pharos-legacy.tsv; do
  printf '%-24s ' "$f" && python3 "$PB/parity_check.py" gcide.jsonl queries.jsonl "$f" legacy
done
if cmp -s top-lucene.tsv top-pharos.tsv; then echo "top-pharos.tsv: identical to top-lucene.tsv"; fi

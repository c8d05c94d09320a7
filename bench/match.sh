#!/bin/sh
# Matching benchmark: ranks a synthetic pool of coordinators (default
# 100,000) for one request with the matching code kring runs
# (domain/matching.c), many times, and prints the median time of one
# ranking, next to two baselines timed in the same run on the same array:
# a plain pass that only sums one field, and a qsort of as many ints. The
# aim (issue 7): well under 50 ms for 100,000 coordinators. Two pools: a
# realistic one (12 regions: most coordinators fail some hard rule for a
# given request) and one where every coordinator passes every hard rule, so
# that all of them are scored and sorted (the worst case).
#
#   bench/match.sh                        (from the repository root, after make)
#   POOL=500000 RUNS=101 bench/match.sh
#   MATCH_BENCH=build-x/bench/match_bench bench/match.sh
set -eu

cd "$(dirname "$0")/.."
MATCH_BENCH=${MATCH_BENCH:-build/bench/match_bench}
POOL=${POOL:-100000}
RUNS=${RUNS:-51}
[ -x "$MATCH_BENCH" ] || { echo "bench: $MATCH_BENCH is missing; run make" >&2; exit 1; }
echo "== a realistic pool"
"$MATCH_BENCH" --pool "$POOL" --runs "$RUNS"
echo "== every coordinator passes every hard rule (worst case)"
"$MATCH_BENCH" --pool "$POOL" --runs "$RUNS" --all-pass

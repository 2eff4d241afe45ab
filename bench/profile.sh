#!/usr/bin/env bash
# bench/profile.sh [SIZE]: where `award eval` spends its time.
#
# Runs bench/run.sh's award snapshot (bench/data/bin/award, or ./award) on
# SIZE (default 100000) generated applications, CSV then JSON lines, on one
# core, under `perf stat` and `perf record`, and prints the functions with the
# largest share of the samples (self time).  Falls back to
# `valgrind --tool=callgrind` when perf cannot record here.
# (Hardware counters are printed where the machine has them; a VM often has
# none.)  TOP=20: how many functions.  Run bench/run.sh first (it builds the tools and generates the data).
set -eu
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
N=${1:-100000}
D=$BENCH/data/$N
AWARD=$BENCH/data/bin/award; [ -x "$AWARD" ] || AWARD=$ROOT/award
RULES=$ROOT/rules/2558/public-service.award
OUT=$BENCH/data/profile
mkdir -p "$OUT"
[ -s "$D/apps.csv" ] || { echo "no $D/apps.csv: run bench/run.sh $N first" >&2; exit 2; }

for fmt in csv jsonl; do
  cmd=("$AWARD" eval "$RULES" "$D/apps.$fmt" --format csv --columns "id,category,eligible,total,tier" -o "$OUT/out.csv")
  echo "== award eval, $N applications, $fmt"
  if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
    taskset -c 0 perf stat -e task-clock,page-faults,instructions,cycles "${cmd[@]}" 2>&1 |
      grep -E 'task-clock|page-faults|instructions|cycles|elapsed' | grep -v 'not supported' || true
    taskset -c 0 perf record -q -F 4999 -g -o "$OUT/perf-$fmt.data" "${cmd[@]}" 2>/dev/null
    perf report -i "$OUT/perf-$fmt.data" --stdio --no-children --sort symbol 2>/dev/null |
      grep -E '^ +[0-9.]+%' | sed 's/ *- *- *$//' | head -n "${TOP:-20}" || true
    echo "-- by library"
    perf report -i "$OUT/perf-$fmt.data" --stdio --no-children --sort dso 2>/dev/null |
      grep -E '^ +[0-9.]+%' | head -6 || true
  elif command -v valgrind >/dev/null; then
    valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind-$fmt.out" "${cmd[@]}" 2>/dev/null
    callgrind_annotate "$OUT/callgrind-$fmt.out" 2>/dev/null | sed -n '/^Ir/,$p' | head -30
  else
    echo "neither perf nor valgrind is installed (apt-get install linux-perf valgrind)"
  fi
done

#!/usr/bin/env bash
# bench/compare.sh [SIZE...]: the cost of `award compare OLD NEW DATA` against
# one `award eval` of the same data (issue 11 asks for at most about twice).
#
# Builds award in build-bench-compare/ (BUILD=... to use another build
# directory; AWARD=path to use a binary as it is), compiles bench/gen.c into
# bench/data/bin/, generates bench/data/N/apps.csv when missing (the same
# data as bench/run.sh), and for each size runs, best of REPS (default 3):
#   eval      award eval OLD apps.csv --format csv -o /dev/null
#   same      award compare OLD OLD apps.csv --format csv -o /dev/null  (nothing changes)
#   changed   award compare OLD NEW apps.csv --format csv -o /dev/null  (NEW: tests/compare/
#             public-service-new.award, which changes most applications)
# and prints wall time, peak RSS (/usr/bin/time -f %M) and each compare's
# time over eval's.  Speed never changes the exit status; a failed run does.
#
#   SIZE...  default: 100000 1000000
#   REPS=3   runs per command, best kept
#   CPU=0    the core everything runs on (taskset, when there is one)
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
DATA=$BENCH/data
BIN=$DATA/bin
OLD=$ROOT/rules/2558/public-service.award
NEW=$ROOT/tests/compare/public-service-new.award
REPS=${REPS:-3}
CPU=${CPU:-0}
if [ $# -gt 0 ]; then SIZES="$*"; else SIZES="100000 1000000"; fi
say() { printf '%s\n' "$*" >&2; }

if [ -z "${BENCH_PINNED:-}" ] && command -v taskset >/dev/null; then
  export BENCH_PINNED=1
  exec taskset -c "$CPU" "$0" "$@"
fi
[ -x /usr/bin/time ] || { say "bench/compare.sh needs GNU time (/usr/bin/time: apt-get install time)"; exit 1; }

if [ -z "${AWARD:-}" ]; then
  build=${BUILD:-build-bench-compare}
  (cd "$ROOT" && make -s BUILD="$build" "$build/award" >&2)
  AWARD=$ROOT/$build/award
fi
mkdir -p "$BIN"
if [ ! -x "$BIN/gen" ] || [ "$BENCH/gen.c" -nt "$BIN/gen" ]; then
  cc -std=c11 -O2 -Wall -Wextra -o "$BIN/gen" "$BENCH/gen.c"
fi

# best WALL-SECONDS PEAK-KIB of REPS runs of the command
best() {
  local t m bt="" bm=""
  for _ in $(seq "$REPS"); do
    /usr/bin/time -f '%e %M' -o "$DATA/time.$$" "$@" >/dev/null 2>&1 || {
      rc=$?; [ "$rc" -le 1 ] || { say "failed ($rc): $*"; exit 1; }; }
    read -r t m < <(tail -n 1 "$DATA/time.$$")
    if [ -z "$bt" ] || awk "BEGIN{exit !($t < $bt)}"; then bt=$t; fi
    if [ -z "$bm" ] || [ "$m" -gt "$bm" ]; then bm=$m; fi
  done
  rm -f "$DATA/time.$$"
  echo "$bt $bm"
}

printf '| rows | command | time | peak RSS | time vs eval |\n|---:|---|---:|---:|---:|\n'
for n in $SIZES; do
  d=$DATA/$n
  if [ ! -s "$d/apps.csv" ] || [ "$BIN/gen" -nt "$d/apps.csv" ]; then
    say "== generating $n applications"
    mkdir -p "$d"
    "$BIN/gen" "$n" "$d"
  fi
  read -r te me < <(best "$AWARD" eval "$OLD" "$d/apps.csv" --format csv -o /dev/null)
  read -r ts ms < <(best "$AWARD" compare "$OLD" "$OLD" "$d/apps.csv" --format csv -o /dev/null)
  read -r tc mc < <(best "$AWARD" compare "$OLD" "$NEW" "$d/apps.csv" --format csv -o /dev/null)
  changed=$("$AWARD" compare "$OLD" "$NEW" "$d/apps.csv" --format csv 2>/dev/null | tail -n +2 | wc -l || true)
  for row in "eval:$te:$me" "compare, nothing changes:$ts:$ms" "compare, $changed rows change:$tc:$mc"; do
    IFS=: read -r what t m <<<"$row"
    awk -v n="$n" -v w="$what" -v t="$t" -v m="$m" -v e="$te" \
      'BEGIN { printf "| %d | %s | %.3f s | %.1f MiB | %.2fx |\n", n, w, t, m / 1024, (e > 0 ? t / e : 0) }'
  done
done

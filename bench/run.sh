#!/usr/bin/env bash
# bench/run.sh [SIZE...]: the benchmark of `award eval` against its peers.
#
# Installs what is missing (jq, clips, node/npm and GNU time from Debian; the
# npm engines into bench/node_modules), builds ./award, bench/data/bin/gen and
# bench/data/bin/floor, generates the data (bench/data/N/, never committed),
# runs every engine on every size on one core, checks every output row by row
# against expected.csv, times `award check` of the shipped rule files, and
# prints the table.  See bench/README.md.
#
#   SIZE...            default: 10000 100000 1000000
#   ENGINES="a b ..."  engines to run (default: all of them, see ALL_ENGINES)
#   SLOW_1M=0          skip the slow peers (jq json-rules-engine zen clips) at
#                      sizes of 1 million and more (the default runs them)
#   REPS=3             runs per engine and size, best kept (the slow peers run
#                      once at 1 million rows and more)
#   CPU=0              the core everything runs on
#   CHECK_ITER=200     runs of `award check` per rule file
#
# Exit status: 0 when every engine that ran gave the expected rows, 1 when
# any gave a wrong row or failed.  Speed never changes the exit status.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
DATA=$BENCH/data
BIN=$DATA/bin
RULES=$ROOT/rules/2558/public-service.award
CPU=${CPU:-0}
REPS=${REPS:-3}
CHECK_ITER=${CHECK_ITER:-200}
SLOW_1M=${SLOW_1M:-1}
ALL_ENGINES="award-csv award-json floor jq json-logic json-rules-engine zen clips"
ENGINES=${ENGINES:-$ALL_ENGINES}
SLOW_ENGINES=" jq json-rules-engine zen clips "
COLS=id,category,eligible,total,tier
if [ $# -gt 0 ]; then SIZES="$*"; else SIZES="10000 100000 1000000"; fi

say() { printf '%s\n' "$*" >&2; }

# ---- one core for everything (children inherit the affinity) ----
if [ -z "${BENCH_PINNED:-}" ] && command -v taskset >/dev/null; then
  export BENCH_PINNED=1
  exec taskset -c "$CPU" "$0" "$@"
fi

# ---- install what is missing, once ----
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
apt_updated=
need_pkg() {   # need_pkg COMMAND-OR-PATH DEBIAN-PACKAGE
  if command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]; then return 0; fi
  say "== installing $2 (Debian)"
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq >&2 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >&2 || say "   could not install $2"
}
need_pkg /usr/bin/time time
need_pkg taskset util-linux
need_pkg jq jq
need_pkg clips clips
need_pkg node nodejs
need_pkg npm npm
if command -v npm >/dev/null && { [ ! -d "$BENCH/node_modules/json-logic-js" ] ||
     [ ! -d "$BENCH/node_modules/json-rules-engine" ] ||
     [ ! -d "$BENCH/node_modules/@gorules/zen-engine" ]; }; then
  say "== installing the npm engines into bench/node_modules"
  (cd "$BENCH" && npm install --prefix "$BENCH" --no-package-lock --no-audit --no-fund >&2) ||
    say "   npm install failed"
fi

# ---- build ----
mkdir -p "$BIN"
say "== make award"
for try in 1 2 3; do
  if (cd "$ROOT" && make award >&2); then break; fi
  [ "$try" -lt 3 ] || { say "make award failed"; exit 1; }
  say "   make failed (a file may be mid-edit); retrying in 60 s"; sleep 60
done
cp "$ROOT/award" "$BIN/award"          # a snapshot: the tree may change while we run
CCFLAGS="-std=c11 -O2 -Wall -Wextra"
for p in gen floor; do
  if [ ! -x "$BIN/$p" ] || [ "$BENCH/$p.c" -nt "$BIN/$p" ]; then
    # shellcheck disable=SC2086  # CCFLAGS is a list of flags
    cc $CCFLAGS -o "$BIN/$p" "$BENCH/$p.c"
  fi
done

# ---- data ----
for n in $SIZES; do
  d=$DATA/$n
  if [ ! -s "$d/expected.csv" ] || [ "$BIN/gen" -nt "$d/expected.csv" ]; then
    say "== generating $n applications"
    mkdir -p "$d"
    "$BIN/gen" "$n" "$d"
  fi
done
mkdir -p "$DATA/empty"
"$BIN/gen" 0 "$DATA/empty" 2>/dev/null       # header-only CSV, empty JSON lines
printf '[]\n' > "$DATA/empty/apps.json"

# ---- engines ----
have() {
  case $1 in
    award-csv|award-json|floor) return 0 ;;
    jq) command -v jq >/dev/null ;;
    clips) command -v clips >/dev/null && command -v node >/dev/null ;;
    json-logic) [ -d "$BENCH/node_modules/json-logic-js" ] && command -v node >/dev/null ;;
    json-rules-engine) [ -d "$BENCH/node_modules/json-rules-engine" ] && command -v node >/dev/null ;;
    zen) [ -d "$BENCH/node_modules/@gorules/zen-engine" ] && command -v node >/dev/null ;;
    *) return 1 ;;
  esac
}
input_of() { case $1 in award-csv|floor) echo csv ;; *) echo jsonl ;; esac; }

T="/usr/bin/time -f %M"
E=$BENCH/engines
# run_engine ENGINE IN OUT RSSFILE: one run; peak RSS (KiB) lands in RSSFILE
run_engine() {
  local e=$1 in=$2 out=$3 rss=$4
  case $e in
    award-csv|award-json)
      $T -o "$rss" "$BIN/award" eval "$RULES" "$in" --format csv --columns $COLS -o "$out" ;;
    floor) $T -o "$rss" "$BIN/floor" "$in" "$out" ;;
    jq) $T -o "$rss" jq -n -r -f "$E/award.jq" < "$in" > "$out" ;;
    json-logic) $T -o "$rss" node "$E/json-logic.js" "$in" "$out" ;;
    json-rules-engine) $T -o "$rss" node "$E/json-rules-engine.js" "$in" "$out" ;;
    zen) $T -o "$rss" node "$E/zen.js" "$in" "$out" ;;
    clips)
      # converter and CLIPS in one pipeline on the same core; the peak is the larger one's
      $T -o "$rss.conv" node "$E/clips-facts.js" "$in" |
        $T -o "$rss" clips -f2 "$E/award.clp" 3> "$out" > "$out.log"
      local a b; a=$(tail -1 "$rss"); b=$(tail -1 "$rss.conv")
      [ "$b" -le "$a" ] || echo "$b" > "$rss"
      rm -f "$rss.conv" ;;
  esac
}

now() { date +%s%N; }

# wrong_rows EXPECTED OUT: rows that differ, counting missing and extra rows
wrong_rows() {
  awk 'NR == FNR { e[FNR] = $0; n = FNR; next }
       { m = FNR; if (!(FNR in e) || e[FNR] != $0) bad++ }
       END { if (m < n) bad += n - m; print bad + 0 }' "$1" "$2"
}

RES=$DATA/results.tsv
: > "$RES"
status=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# start-up: best of 5 on an empty input
declare -A STARTUP
for e in $ENGINES; do
  have "$e" || continue
  case $e in
    award-csv|floor) in=$DATA/empty/apps.csv ;;
    award-json) in=$DATA/empty/apps.json ;;
    *) in=$DATA/empty/apps.jsonl ;;
  esac
  best=
  for i in 1 2 3 4 5; do
    t0=$(now); run_engine "$e" "$in" "$TMP/o" "$TMP/rss" >/dev/null 2>&1 || true; t1=$(now)
    dt=$(( (t1 - t0) / 1000 ))
    if [ -z "$best" ] || [ "$dt" -lt "$best" ]; then best=$dt; fi
  done
  STARTUP[$e]=$best
done

for n in $SIZES; do
  d=$DATA/$n
  for e in $ENGINES; do
    if ! have "$e"; then
      printf '%s\t%s\tn/a\t\t\t\tnot installed\n' "$e" "$n" >> "$RES"; continue
    fi
    if [ "$SLOW_1M" = 0 ] && [ "$n" -ge 1000000 ] && [[ $SLOW_ENGINES == *" $e "* ]]; then
      printf '%s\t%s\tskipped\t\t\t\tSLOW_1M=0\n' "$e" "$n" >> "$RES"; continue
    fi
    in=$d/apps.$(input_of "$e")
    out=$d/out-$e.csv
    reps=$REPS
    if [ "$n" -ge 1000000 ] && [[ $SLOW_ENGINES == *" $e "* ]]; then reps=1; fi
    best=; peak=0; verdict=ok
    say "== $e, $n applications"
    for ((r = 1; r <= reps; r++)); do
      t0=$(now)
      if ! run_engine "$e" "$in" "$out" "$TMP/rss" 2> "$TMP/err"; then
        verdict="FAILED: $(head -c 200 "$TMP/err" | tr '\t\n' '  ')"; break
      fi
      t1=$(now)
      dt=$(( (t1 - t0) / 1000 ))
      kib=$(tail -1 "$TMP/rss")
      [ "$kib" -le "$peak" ] || peak=$kib
      if [ -z "$best" ] || [ "$dt" -lt "$best" ]; then best=$dt; fi
      if [ "$r" = 1 ] && ! cmp -s "$d/expected.csv" "$out"; then
        verdict="WRONG: $(wrong_rows "$d/expected.csv" "$out") rows"; break
      fi
    done
    if [ "$verdict" != ok ]; then
      status=1
      printf '%s\t%s\t%s\t\t\t\t%s\n' "$e" "$n" "${verdict%%:*}" "$verdict" >> "$RES"
    else
      printf '%s\t%s\tok\t%s\t%s\t%s\t\n' "$e" "$n" "$best" "$peak" "${STARTUP[$e]:-}" >> "$RES"
    fi
  done
done

# ---- award check ----
CHK=$DATA/check.tsv
: > "$CHK"
for f in "$ROOT"/rules/2558/*.award; do
  "$BIN/award" check "$f" >/dev/null 2>&1 || say "award check $f failed"
  t0=$(now)
  for ((i = 0; i < CHECK_ITER; i++)); do "$BIN/award" check "$f" >/dev/null 2>&1 || true; done
  t1=$(now)
  printf '%s\t%s\n' "${f#"$ROOT"/}" "$(( (t1 - t0) / CHECK_ITER / 1000 ))" >> "$CHK"
done

# ---- the table ----
{
  cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
  printf '%s, %s cores, all runs pinned to core %s; %s; load average at the end %s; best of %s runs (one run for jq, json-rules-engine, zen and clips at 1M rows).\n\n' \
    "$cpu" "$(nproc --all)" "$CPU" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(cut -d' ' -f1-3 /proc/loadavg)" "$REPS"
  awk -F'\t' -v OFS='\t' '
    function fmtrate(x) { return x >= 1e6 ? sprintf("%.2fM", x / 1e6) : x >= 1e3 ? sprintf("%.0fk", x / 1e3) : sprintf("%.0f", x) }
    { eng[NR] = $1; size[NR] = $2; st[NR] = $3; us[NR] = $4; kib[NR] = $5; su[NR] = $6; note[NR] = $7
      if ($3 == "ok") t[$1, $2] = $4 }
    END {
      print "| engine | input | rows | apps/s | time | peak RSS | start-up | time vs award |"
      print "|---|---|---:|---:|---:|---:|---:|---:|"
      for (i = 1; i <= NR; i++) {
        e = eng[i]; n = size[i]
        input = (e == "award-csv" || e == "floor") ? "CSV" : "JSON lines"
        ref = (input == "CSV") ? "award-csv" : "award-json"
        if (st[i] != "ok") {
          printf "| %s | %s | %s | %s | | | | |\n", e, input, n, note[i]
          continue
        }
        rate = n / (us[i] / 1e6)
        ratio = ((ref, n) in t) ? sprintf("%.2fx", us[i] / t[ref, n]) : ""
        printf "| %s | %s | %s | %s | %.3f s | %.1f MiB | %.1f ms | %s |\n",
          e, input, n, fmtrate(rate), us[i] / 1e6, kib[i] / 1024, su[i] / 1000, ratio
      }
    }' "$RES"
  printf '\n"time vs award": the engine'"'"'s time over award'"'"'s on the same input and size (award-csv for CSV, award-json for JSON lines); above 1 is slower than award.\n\n'
  printf '| award check | per check (process start included) |\n|---|---:|\n'
  awk -F'\t' '{ printf "| %s | %.2f ms |\n", $1, $2 / 1000 }' "$CHK"

  # ---- the targets of the issue (reported, never asserted) ----
  printf '\nTargets (largest size run):\n'
  awk -F'\t' -v chk="$CHK" '
    $3 == "ok" { t[$1, $2] = $4; k[$1, $2] = $5; if ($2 > big) big = $2; sizes[$2] = 1 }
    END {
      n = big
      if ((("award-csv", n) in t)) {
        r = n / (t["award-csv", n] / 1e6)
        printf "- award eval, CSV, >= 1M apps/s: %.2fM apps/s at %d rows: %s\n", r / 1e6, n, (r >= 1e6 ? "MET" : "NOT MET")
      }
      if ((("award-json", n) in t)) {
        r = n / (t["award-json", n] / 1e6)
        printf "- award eval, JSON lines, >= 400k apps/s: %.0fk apps/s at %d rows: %s\n", r / 1e3, n, (r >= 4e5 ? "MET" : "NOT MET")
      }
      if ((("award-csv", n) in t) && (("floor", n) in t)) {
        x = t["award-csv", n] / t["floor", n]
        printf "- within 3x of the hand-written C floor (CSV): %.2fx at %d rows: %s\n", x, n, (x <= 3 ? "MET" : "NOT MET")
      }
      split("jq json-logic json-rules-engine zen clips", peers, " ")
      worst = ""; wx = 0
      for (i in peers) for (s in sizes) if (((peers[i], s) in t) && (("award-json", s) in t)) {
        x = t["award-json", s] / t[peers[i], s]
        if (x > wx) { wx = x; worst = peers[i] " at " s " rows" }
      }
      if (worst != "")
        printf "- faster than every other engine (JSON lines): award-json / fastest peer time = %.2f (%s): %s\n", wx, worst, (wx < 1 ? "MET" : "NOT MET")
      if ((("award-csv", 100000) in k) && (("award-csv", 1000000) in k)) {
        for (fmt = 0; fmt < 2; fmt++) {
          e = fmt ? "award-json" : "award-csv"
          if (!(((e, 100000) in k) && ((e, 1000000) in k))) continue
          g = k[e, 1000000] / k[e, 100000]
          printf "- peak memory flat from 100k to 1M rows (%s): %.1f MiB -> %.1f MiB (x%.2f): %s\n", e,
            k[e, 100000] / 1024, k[e, 1000000] / 1024, g, (g <= 1.2 ? "MET" : "NOT MET")
        }
      }
      while ((getline line < chk) > 0) {
        split(line, f, "\t")
        printf "- award check %s under 5 ms: %.2f ms: %s\n", f[1], f[2] / 1000, (f[2] < 5000 ? "MET" : "NOT MET")
      }
    }' "$RES"
} | tee "$DATA/table.md"

exit $status

#!/bin/sh
# test_summary.sh -- `award eval --summary` counts exactly what `award eval`
# reports: for every example batch of every shipped rule file, the counts
# per category, kind and tier (`--summary csv`) equal the rows of the
# results (`--format csv --columns category,kind,tier`) counted here with
# sort and uniq, and the JSON summary's totals equal the number of rows.
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary.
AWARD=${AWARD:-build/award}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-summary-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C
export LC_ALL

for data in examples/*/*.csv; do
    case "$data" in *.expected.csv) continue ;; esac
    dir=$(basename "$(dirname "$data")")
    stem=$(basename "$data" .csv)
    rules="rules/$dir/$stem.award"
    [ -f "$rules" ] || rules="rules/$dir/public-service.award"
    [ -f "$rules" ] || continue
    name="summary_${dir}_$stem"
    "$AWARD" eval "$rules" "$data" --format csv --columns category,kind,tier 2>/dev/null |
        tail -n +2 | sort | uniq -c | awk '{ n = $1; $1 = ""; sub(/^ /, ""); print $0 "," n }' | sort >"$tmp/want"
    "$AWARD" eval "$rules" "$data" --summary csv 2>/dev/null | tail -n +2 | sort >"$tmp/got"
    if ! [ -s "$tmp/want" ]; then
        echo "FAIL $name: no results to count"
    elif cmp -s "$tmp/want" "$tmp/got"; then
        echo "ok $name"
    else
        echo "FAIL $name: --summary csv differs from the results counted: $(diff "$tmp/want" "$tmp/got" | head -4 | tr '\n' ' ')"
    fi
    rows=$("$AWARD" eval "$rules" "$data" --format csv --columns id 2>/dev/null | tail -n +2 | wc -l)
    "$AWARD" eval "$rules" "$data" --summary json 2>/dev/null >"$tmp/s.json"
    sum=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(x["count"] for x in d["summary"]), d["applications"] + d["agency_results"])' "$tmp/s.json")
    if [ "$sum" = "$rows $rows" ]; then
        echo "ok ${name}_json"
    else
        echo "FAIL ${name}_json: the JSON summary counts $sum, the results have $rows rows"
    fi
done

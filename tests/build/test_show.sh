#!/bin/sh
# test_show.sh -- `award show` writes rules that are the rules: for every
# shipped rule file (the 2565 ones extend 2558), what `award show` prints
# checks clean on its own and evaluates every example batch of that year
# exactly as the file itself does (every column of `eval --format csv`),
# and showing it again changes nothing but the comments naming where each
# item came from.
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary.
AWARD=${AWARD:-build/award}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-show-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

for rules in rules/*/*.award; do
    year=$(basename "$(dirname "$rules")")
    stem=$(basename "$rules" .award)
    name="show_${year}_$stem"
    if ! "$AWARD" show "$rules" >"$tmp/flat.award" 2>"$tmp/err"; then
        echo "FAIL $name: award show failed: $(cat "$tmp/err")"
        continue
    fi
    if ! "$AWARD" check "$tmp/flat.award" >"$tmp/out" 2>&1 || [ -s "$tmp/out" ]; then
        echo "FAIL $name: what award show prints does not check clean: $(head -5 "$tmp/out")"
        continue
    fi
    bad=""
    for data in examples/$year/$stem.csv examples/$year/$stem.json; do
        [ -f "$data" ] || continue
        "$AWARD" eval "$rules" "$data" --format csv >"$tmp/a.csv" 2>/dev/null
        "$AWARD" eval "$tmp/flat.award" "$data" --format csv >"$tmp/b.csv" 2>/dev/null
        # the messages of data errors name the rule file: the same text
        sed "s#$tmp/flat.award#$rules#g" "$tmp/b.csv" >"$tmp/b2.csv"
        cmp -s "$tmp/a.csv" "$tmp/b2.csv" || bad="$bad $data"
        [ -s "$tmp/a.csv" ] || bad="$bad $data(no output)"
    done
    # shown again, only the comments of origin differ
    "$AWARD" show "$tmp/flat.award" >"$tmp/again.award" 2>/dev/null
    strip() { grep -v '^ *#' "$1" | sed 's/  # [^"]*$//'; }
    strip "$tmp/flat.award" >"$tmp/f1"
    strip "$tmp/again.award" >"$tmp/f2"
    cmp -s "$tmp/f1" "$tmp/f2" || bad="$bad (showing it again changes it)"
    if [ -z "$bad" ]; then echo "ok $name"; else echo "FAIL $name: results differ for$bad"; fi
done

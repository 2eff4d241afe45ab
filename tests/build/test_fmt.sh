#!/bin/sh
# test_fmt.sh -- `award fmt` on real files: the shipped rule and scenario
# files are formatted (the `--check` of `make check`), formatting them keeps
# what they decide (`award eval` on examples/2558 and `award test` on the
# shipped scenarios give the same results), and a file is rewritten in
# place only when it changes.
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary.
AWARD=${AWARD:-build/award}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-fmt-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# 1. Every shipped file is formatted.
for f in $(find rules examples tests/scenarios -name '*.award' -o -name '*.scenario' | sort); do
    if "$AWARD" fmt --check "$f" >/dev/null 2>&1; then
        ok "fmt_shipped $f"
    else
        fail "fmt_shipped $f" "not formatted; \`$AWARD fmt $f\` would change it"
    fi
done

# 2. Formatting keeps the meaning: a formatted copy of the tree gives the
#    same results, and formatting it again changes nothing.
mkdir -p "$tmp/tree"
cp -R rules examples tests "$tmp/tree/" 2>/dev/null
if (cd "$tmp/tree" && "$OLDPWD/$AWARD" fmt rules examples tests/scenarios) >"$tmp/out" 2>&1 &&
   (cd "$tmp/tree" && "$OLDPWD/$AWARD" fmt --check rules examples tests/scenarios) >>"$tmp/out" 2>&1; then
    ok fmt_tree_idempotent
else fail fmt_tree_idempotent "$(cat "$tmp/out")"; fi
case "$AWARD" in /*) A=$AWARD ;; *) A=$PWD/$AWARD ;; esac
for r in rules/2558/*.award; do
    s=$(basename "$r" .award)
    "$A" eval "$r" "examples/2558/$s.csv" --format csv >"$tmp/before.csv" 2>&1
    (cd "$tmp/tree" && "$A" eval "$r" "examples/2558/$s.csv" --format csv) >"$tmp/after.csv" 2>&1
    if cmp -s "$tmp/before.csv" "$tmp/after.csv"; then ok "fmt_same_results $s"
    else fail "fmt_same_results $s" "$(diff "$tmp/before.csv" "$tmp/after.csv" | head -5)"; fi
done
if (cd "$tmp/tree" && "$A" test --coverage tests/scenarios/2558) >"$tmp/out" 2>&1; then ok fmt_scenarios_pass
else fail fmt_scenarios_pass "$(tail -5 "$tmp/out")"; fi

# 3. In place: a file that changes is replaced, with its mode; one that is
#    formatted is not written at all (its time stays); --check writes nothing.
cp tests/fmt/messy.award "$tmp/m.award"
chmod 640 "$tmp/m.award"
"$A" fmt --check "$tmp/m.award" >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ "$rc" -eq 1 ] && [ "$(cat "$tmp/out")" = "$tmp/m.award" ] && cmp -s "$tmp/m.award" tests/fmt/messy.award; then
    ok fmt_check_writes_nothing
else fail fmt_check_writes_nothing "exit $rc, stdout $(cat "$tmp/out")"; fi
"$A" fmt "$tmp/m.award" >"$tmp/out" 2>&1; rc=$?
mode=$(ls -l "$tmp/m.award" | cut -c1-10)
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ] && cmp -s "$tmp/m.award" tests/fmt/messy.expected.award &&
   [ "$mode" = "-rw-r-----" ] && [ -z "$(ls -A "$tmp" | grep '^\.award-out')" ]; then
    ok fmt_in_place
else fail fmt_in_place "exit $rc, mode $mode, $(cat "$tmp/out")"; fi
touch -t 200001010000 "$tmp/m.award"
"$A" fmt "$tmp/m.award"
if [ -z "$(find "$tmp/m.award" -newer tests/fmt/messy.award)" ] && [ "$(find "$tmp/m.award" -newermt 2000-01-02 | wc -l)" -eq 0 ]; then
    ok fmt_formatted_untouched
else fail fmt_formatted_untouched "a formatted file was written again"; fi
printf 'award x {\n  year 2558 BE "unclosed\n}\n' >"$tmp/bad.award"
cp "$tmp/bad.award" "$tmp/bad.copy"
"$A" fmt "$tmp/bad.award" >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ "$rc" -eq 2 ] && cmp -s "$tmp/bad.award" "$tmp/bad.copy" && grep -q "bad.award:2:16: error:" "$tmp/err"; then
    ok fmt_unclosed_quote_left_alone
else fail fmt_unclosed_quote_left_alone "exit $rc: $(cat "$tmp/err")"; fi

[ "$failures" -eq 0 ]

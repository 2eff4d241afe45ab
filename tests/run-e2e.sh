#!/bin/sh
# run-e2e.sh -- end-to-end tests of the award command.
#
# Usage: run-e2e.sh AWARD-COMMAND   (e.g. "./award" or "valgrind -q ... ./award")
#
# 1. tests/cli/NAME/: `args` holds the arguments (one line, run from the
#    repository root); `stdout`, `stderr` and `status` hold what must come out.
# 2. tests/diag/NAME.award: `award check` must print exactly NAME.expected on
#    standard error and exit with 1 (0 for a file with only warnings, named
#    *-warn.award); where NAME.th.expected is there too, the same in Thai.
# 3. examples/*/*.expected.csv: every data set of the examples, in each of its
#    formats, must give exactly the expected contract columns.
# Messages in English whatever the machine's language: the expected
# outputs are English, and a case that wants Thai says --lang th (or sets
# these itself).  C.UTF-8 keeps the characters the tools see as before.
LANGUAGE=; LC_ALL=C.UTF-8; export LANGUAGE LC_ALL
unset AWARD_LOCALEDIR
award="$1"
passed=0; failed=0
tmp=${TMPDIR:-/tmp}/award-e2e.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# compare NAME EXPECTED-FILE ACTUAL-FILE
compare() {
    if cmp -s "$2" "$3"; then return 0; fi
    echo "FAIL $1: output differs from $2"
    diff -u "$2" "$3" | head -40
    return 1
}

result() {
    if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

for dir in tests/cli/*/; do
    [ -f "$dir/args" ] || continue
    name=$(basename "$dir")
    # shellcheck disable=SC2046
    eval "set -- $(cat "$dir/args")"
    $award "$@" >"$tmp/out" 2>"$tmp/err"
    echo $? >"$tmp/status"
    ok=0
    compare "$name (stdout)" "$dir/stdout" "$tmp/out" || ok=1
    compare "$name (stderr)" "$dir/stderr" "$tmp/err" || ok=1
    compare "$name (status)" "$dir/status" "$tmp/status" || ok=1
    result $ok
done

for f in tests/diag/*.award; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .award)
    want=1
    case "$name" in *-warn) want=0 ;; esac
    $award check "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok=0
    if [ "$rc" -ne "$want" ]; then echo "FAIL diag $name: exit status $rc, expected $want"; ok=1; fi
    compare "diag $name" "tests/diag/$name.expected" "$tmp/err" || ok=1
    result $ok
done

# 2b. tests/diag/NAME.th.expected: `award check --lang th` of NAME.award must
#     print exactly that, with the same exit status as in English, at the
#     same places with the same source lines and carets as NAME.expected
#     (the words change, the places do not).
places() { sed -n -e 's/^\([^ ]*:[0-9]*:[0-9]*:\) .*/\1/p' -e '/^ *[0-9]* |/p' -e '/^ *|/p' "$1"; }
for exp in tests/diag/*.th.expected; do
    [ -f "$exp" ] || continue
    name=$(basename "$exp" .th.expected)
    want=1
    case "$name" in *-warn) want=0 ;; esac
    $award check --lang th "tests/diag/$name.award" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok=0
    if [ "$rc" -ne "$want" ]; then echo "FAIL diag $name (th): exit status $rc, expected $want"; ok=1; fi
    compare "diag $name (th)" "$exp" "$tmp/err" || ok=1
    places "tests/diag/$name.expected" >"$tmp/places.en"
    places "$exp" >"$tmp/places.th"
    compare "diag $name (th places)" "$tmp/places.en" "$tmp/places.th" || ok=1
    result $ok
done

columns=id,category,eligible,total,tier
for exp in examples/*/*.expected.csv; do
    [ -f "$exp" ] || continue
    base=${exp%.expected.csv}
    year=$(basename "$(dirname "$exp")")
    stem=$(basename "$base")
    # which rule file: the data set's own name, or public-service for the broken sets
    rules="rules/$year/$stem.award"
    [ -f "$rules" ] || rules="rules/$year/public-service.award"
    found=0
    for data in "$base.csv" "$base.json" "$base.jsonl" "${base%-jsonl}.jsonl"; do
        [ -f "$data" ] || continue
        case "$stem:$data" in *-jsonl:*.csv) continue ;; esac
        case "$stem:$data" in broken:*.jsonl) continue ;; esac
        found=1
        $award eval "$rules" "$data" --format csv --columns "$columns" >"$tmp/out" 2>/dev/null
        compare "example $data" "$exp" "$tmp/out"
        result $?
    done
    [ "$found" -eq 1 ] || { echo "FAIL $exp: no data file beside it"; result 1; }
done

# 4. The shipped scenarios: every case passes and everything in the rule
#    files is covered; then every mutant of the shipped rule files is killed.
for dir in tests/scenarios/*/; do
    [ -d "$dir" ] || continue
    if $award test --coverage "$dir" >"$tmp/out" 2>&1; then
        result 0
    else
        echo "FAIL scenarios $dir:"; grep -v '^ *[0-9]* of [0-9]* covered' "$tmp/out" | tail -20
        result 1
    fi
done
if [ -z "${E2E_NO_MUTATE:-}" ]; then
    binary=${award##* }   # the binary itself, without a runner such as valgrind
    if sh tests/mutate.sh "$binary" >"$tmp/out" 2>&1; then
        result 0
    else
        echo "FAIL mutation check:"; tail -20 "$tmp/out"
        result 1
    fi
fi

# ---- 5. output and inputs beyond `award ARGS` ----
# What a case of tests/cli/ cannot say (it runs `award ARGS` alone): closed
# and full standard output, EPIPE, an output that is an input, a file
# replaced only after a whole run, an interrupted run.  tests/cli-output.sh
# prints `ok NAME` or `FAIL NAME: ...` per check; any other line fails too.
sh tests/cli-output.sh "${award##* }" >"$tmp/out" 2>&1
while IFS= read -r line; do
    case "$line" in
    "ok "*) result 0 ;;
    *) echo "$line"; result 1 ;;
    esac
done <"$tmp/out"
# ---- end of 5 ----

echo "e2e: $passed passed, $failed failed"
echo "$passed $failed" >"${COUNTS:-/dev/null}"
[ "$failed" -eq 0 ]

#!/bin/sh
# run-unit.sh -- run cmocka unit test binaries, optionally under a runner
# (valgrind).  Usage: run-unit.sh [RUNNER...] -- TEST...
# Prints one line per binary and the closing "N passed, N failed".
runner=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do runner="$runner $1"; shift; done
[ "$1" = "--" ] && shift
# Counts are of cmocka tests, not binaries; a binary that dies counts as
# one failure more.
passed=0; failed=0; bad=0
for t in "$@"; do
    $runner "$t" >"$t.log" 2>&1
    rc=$?
    ok=$(grep -c '^\[       OK \]' "$t.log")
    ko=$(grep -c '^\[  FAILED  \] [a-z_]' "$t.log")
    passed=$((passed + ok)); failed=$((failed + ko))
    if [ "$rc" -eq 0 ]; then
        echo "PASS $(basename "$t") ($ok tests)"
    else
        [ "$ko" -eq 0 ] && failed=$((failed + 1))
        bad=1
        echo "FAIL $(basename "$t") (exit status $rc)"; cat "$t.log"
    fi
done
echo "unit: $passed passed, $failed failed"
echo "$passed $failed" >"${COUNTS:-/dev/null}"
[ "$bad" -eq 0 ]

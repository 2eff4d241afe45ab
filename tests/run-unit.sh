#!/bin/sh
# run-unit.sh -- run cmocka unit test binaries, optionally under a runner
# (valgrind).  Usage: run-unit.sh [RUNNER...] -- TEST...
# Prints one line per binary and the closing "N passed, N failed".
runner=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do runner="$runner $1"; shift; done
[ "$1" = "--" ] && shift
passed=0; failed=0
for t in "$@"; do
    if $runner "$t" >"$t.log" 2>&1; then
        passed=$((passed + 1))
        echo "PASS $(basename "$t") ($(grep -c '^\[       OK \]' "$t.log") tests)"
    else
        failed=$((failed + 1))
        echo "FAIL $(basename "$t")"; cat "$t.log"
    fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# run-unit.sh -- run cmocka unit test binaries, optionally under a runner
# (valgrind), and shell tests of the build (tests/build/test_*.sh).
# Usage: run-unit.sh [RUNNER...] -- TEST...
# Prints one line per binary or script and the closing "N passed, N failed".
# A shell test (TEST ending in .sh) runs with sh, never under the runner (it
# tests make and the docs, not our code), and prints `ok NAME` or
# `FAIL NAME: ...` for each of its cases; its log is left in $LOGDIR
# (the build directory; default $TMPDIR or /tmp).
# Messages in English whatever the machine's language: the expected
# outputs are English, and a case that wants Thai says --lang th (or sets
# these itself).  C.UTF-8 keeps the characters the tools see as before.
LANGUAGE=; LC_ALL=C.UTF-8; export LANGUAGE LC_ALL
unset AWARD_LOCALEDIR
runner=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do runner="$runner $1"; shift; done
[ "$1" = "--" ] && shift
# Counts are of cmocka tests, not binaries; a binary that dies counts as
# one failure more.
passed=0; failed=0; bad=0
for t in "$@"; do
    case "$t" in
    *.sh)
        log=${LOGDIR:-${TMPDIR:-/tmp}}/$(basename "$t" .sh).log
        sh "$t" >"$log" 2>&1
        rc=$?
        ok=$(grep -c '^ok ' "$log")
        ko=$(grep -c '^FAIL ' "$log")
        ;;
    *)
        log=$t.log
        $runner "$t" >"$log" 2>&1
        rc=$?
        ok=$(grep -c '^\[       OK \]' "$log")
        ko=$(grep -c '^\[  FAILED  \] [a-z_]' "$log")
        ;;
    esac
    passed=$((passed + ok)); failed=$((failed + ko))
    if [ "$rc" -eq 0 ]; then
        echo "PASS $(basename "$t") ($ok tests)"
    else
        [ "$ko" -eq 0 ] && failed=$((failed + 1))
        bad=1
        echo "FAIL $(basename "$t") (exit status $rc)"; cat "$log"
    fi
done
echo "unit: $passed passed, $failed failed"
echo "$passed $failed" >"${COUNTS:-/dev/null}"
[ "$bad" -eq 0 ]

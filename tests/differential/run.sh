#!/bin/sh
# run.sh -- the differential tests of the data readers: each tests/differential/*.py
# generates hostile inputs, reads them with a reader no one here wrote (Python's
# csv or json module) and with ours (through data_dump), and requires that every
# record is accounted for the same way.
#
# Usage: run.sh DATA-DUMP-COMMAND   (e.g. "build/data_dump" or "valgrind -q ... build/data_dump")
# Each script is one test case: it exits 0 when the readers agree, and
# prints what differs otherwise.  Needs python3 (installed by make check).
dump="$1"
passed=0; failed=0
for t in tests/differential/*.py; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .py)
    if out=$(python3 "$t" $dump 2>&1); then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL differential $name:"
        printf '%s\n' "$out" | tail -30
    fi
done
echo "differential: $passed passed, $failed failed"
echo "$passed $failed" >"${COUNTS:-/dev/null}"
[ "$failed" -eq 0 ]

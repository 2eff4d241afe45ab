#!/bin/sh
# demo.sh -- evaluate the shipped 2558 examples and show their results.
award=${1:-./award}
set -e
for rules in rules/2558/*.award; do
    echo "== $award check $rules"
    "$award" check "$rules"
    echo "   clean"
done
for set in public-service participatory; do
    echo
    echo "== $award eval rules/2558/$set.award examples/2558/$set.csv"
    "$award" eval "rules/2558/$set.award" "examples/2558/$set.csv" || true
done

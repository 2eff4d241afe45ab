#!/bin/sh
# demo.sh -- check the shipped rule files, evaluate the shipped examples of
# each year, and show what the 2565 rules change for the 2565 batch.
award=${1:-./award}
set -e
for rules in rules/*/*.award; do
    echo "== $award check $rules"
    "$award" check "$rules"
    echo "   clean"
done
for year in 2558 2565; do
    for set in public-service participatory; do
        echo
        echo "== $award eval rules/$year/$set.award examples/$year/$set.csv"
        "$award" eval "rules/$year/$set.award" "examples/$year/$set.csv" || true
    done
done
echo
echo "== $award compare rules/2558/public-service.award rules/2565/public-service.award examples/2565/public-service.csv --year 2565"
"$award" compare rules/2558/public-service.award rules/2565/public-service.award \
    examples/2565/public-service.csv --year 2565 2>&1 | sed -n '/applications compared/,$p' || true

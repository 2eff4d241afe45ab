#!/bin/sh
# demo.sh -- check the shipped rule files, evaluate the shipped examples of
# each year, show what the 2565 rules change for the 2565 batch, and write
# the page and the workbook a director is given (under build/demo/).
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
echo
mkdir -p build/demo
echo "== $award report rules/2558/public-service.award examples/2558/public-service.csv -o build/demo/report.html --xlsx build/demo/results.xlsx"
"$award" report rules/2558/public-service.award examples/2558/public-service.csv \
    -o build/demo/report.html --xlsx build/demo/results.xlsx --quiet || true
echo "   open build/demo/report.html in a browser, build/demo/results.xlsx in Excel or LibreOffice"

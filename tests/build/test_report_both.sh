#!/bin/sh
# test_report_both.sh -- one command gives a director both files:
# `award report RULES DATA -o PAGE.html --xlsx BOOK.xlsx` writes the page
# that `award report -o PAGE.html` alone writes, byte for byte, and the
# workbook that `award eval --format xlsx` writes, sheet for sheet and cell
# for cell (read back by Python's openpyxl), so the counts of both are those
# of `award eval` (test_report_html.sh and test_xlsx.sh check each of those
# against `award eval --summary`).  Also: the counts on standard error at the
# end are `award eval --summary table`'s, and a failing workbook keeps
# neither file.
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary.
AWARD=${AWARD:-build/award}
dir=$(dirname "$AWARD")/report-both-test
rm -rf "$dir" && mkdir -p "$dir" || exit 1
trap 'rm -rf "$dir"' EXIT

. tests/build/openpyxl.sh

check() {
    name=$1 rules=$2 data=$3
    base="$dir/$name"
    "$AWARD" report "$rules" "$data" -o "$base.html" --xlsx "$base.xlsx" 2>"$base.err"
    rc=$?
    if [ "$rc" -gt 1 ] || ! [ -s "$base.html" ] || ! [ -s "$base.xlsx" ]; then
        echo "FAIL ${name}_both_written: exit status $rc, $(head -2 "$base.err")"
        return
    fi
    echo "ok ${name}_both_written"
    "$AWARD" report "$rules" "$data" -o "$base.alone.html" 2>/dev/null
    if cmp -s "$base.html" "$base.alone.html"; then
        echo "ok ${name}_page_as_alone"
    else
        echo "FAIL ${name}_page_as_alone: the page differs from the one report writes without --xlsx"
    fi
    "$AWARD" eval "$rules" "$data" --summary table 2>/dev/null >"$base.summary"
    if grep -v '^award: ' "$base.err" | cmp -s - "$base.summary"; then
        echo "ok ${name}_counts_on_stderr"
    else
        echo "FAIL ${name}_counts_on_stderr: the closing counts differ from eval --summary table"
    fi
    if [ -z "$py" ]; then
        echo "ok ${name}_book_as_eval skipped: openpyxl missing"
        return
    fi
    "$AWARD" eval "$rules" "$data" --format xlsx -o "$base.eval.xlsx" 2>/dev/null
    if out=$("$py" - "$base.xlsx" "$base.eval.xlsx" <<'PYTHON'
import sys
import openpyxl
a, b = (openpyxl.load_workbook(p) for p in sys.argv[1:3])
if a.sheetnames != b.sheetnames:
    sys.exit("sheets %s, not %s" % (a.sheetnames, b.sheetnames))
for name in a.sheetnames:
    ra = [[c.value for c in row] for row in a[name].iter_rows()]
    rb = [[c.value for c in row] for row in b[name].iter_rows()]
    if ra != rb:
        for i, (x, y) in enumerate(zip(ra, rb)):
            if x != y:
                sys.exit("sheet %s row %d: %r, not %r" % (name, i + 1, x, y))
        sys.exit("sheet %s: %d rows, not %d" % (name, len(ra), len(rb)))
PYTHON
    ); then
        echo "ok ${name}_book_as_eval"
    else
        echo "FAIL ${name}_book_as_eval: $out"
    fi
}

check public_service rules/2558/public-service.award examples/2558/public-service.csv
check pmqa40 rules/pmqa/pmqa40-2565.award examples/pmqa/pmqa40-2565.csv

# A workbook that cannot be written keeps neither file, and says why.
"$AWARD" report rules/2558/participatory.award examples/2558/participatory.csv \
    -o "$dir/kept.html" --xlsx /dev/full >/dev/null 2>"$dir/full.err"
rc=$?
if [ "$rc" -eq 2 ] && ! [ -e "$dir/kept.html" ] && grep -q '/dev/full' "$dir/full.err"; then
    echo "ok report_both_failed_workbook"
else
    echo "FAIL report_both_failed_workbook: exit status $rc, page kept: $([ -e "$dir/kept.html" ] && echo yes || echo no), $(head -1 "$dir/full.err")"
fi
"$AWARD" report rules/2558/participatory.award examples/2558/participatory.csv \
    -o "$dir/same" --xlsx "$dir/same" >/dev/null 2>"$dir/same.err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q 'a file each' "$dir/same.err" && ! [ -e "$dir/same" ]; then
    echo "ok report_both_same_file"
else
    echo "FAIL report_both_same_file: exit status $rc, $(head -1 "$dir/same.err")"
fi

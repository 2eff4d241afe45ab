#!/bin/sh
# test_xlsx.sh -- `award eval --format xlsx` writes the workbook it promises
# (docs/language.md, section 13), read back by a reader no one here wrote
# (Python's openpyxl):
# - `results` has every row of `--format csv`, cell for cell: texts equal,
#   numbers equal as decimals and shown with the places CSV gives them;
#   the header row frozen, an autofilter over header and data, widths set;
# - `counts` has the rows of `--summary csv`;
# - `explanations` has, for each result in order, the lines of its
#   explanation as `eval --explain` prints it, beside its id;
# - Thai text arrives intact, and text Excel cannot hold as it is (a byte
#   that is not UTF-8, `_x0041_`, which Excel reads as `A`) is written as
#   docs/language.md says;
# - a run that fails says why and leaves an existing file as it was, with
#   no temporary file beside it.
# The batches are the shipped 2558 examples; the workbooks are written under
# the build directory.
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary.
AWARD=${AWARD:-build/award}
dir=$(dirname "$AWARD")/xlsx-test
rm -rf "$dir" && mkdir -p "$dir" || exit 1
trap 'rm -rf "$dir"' EXIT

. tests/build/openpyxl.sh
if [ -z "$py" ]; then
    echo "ok xlsx skipped: openpyxl missing"
    exit 0
fi

# check NAME NUMERIC RULES DATA [EXTRA-ARGS...]: one workbook against the
# CSV, summary and explanations of the same batch.  NUMERIC names the
# columns that must be numbers besides the total, the line and the score
# items of the default columns (those after `error`).
check() {
    name=$1 numeric=$2 rules=$3 data=$4
    shift 4
    base="$dir/$name"
    "$AWARD" eval "$rules" "$data" "$@" --format xlsx -o "$base.xlsx" 2>"$base.err"
    rc=$?
    if [ "$rc" -gt 1 ] || ! [ -s "$base.xlsx" ]; then
        echo "FAIL ${name}_written: exit status $rc, $(head -2 "$base.err")"
        return
    fi
    echo "ok ${name}_written"
    "$AWARD" eval "$rules" "$data" "$@" --format csv >"$base.csv" 2>/dev/null
    "$AWARD" eval "$rules" "$data" --summary csv >"$base.summary.csv" 2>/dev/null
    "$AWARD" eval "$rules" "$data" --explain >"$base.explain.txt" 2>/dev/null
    "$py" - "$name" "$base" "$numeric" <<'PYTHON'
import csv, re, sys
from decimal import Decimal
import openpyxl
from openpyxl.utils import get_column_letter

name, base, numeric_given = sys.argv[1], sys.argv[2], sys.argv[3]

def check(what, ok, detail):
    print(("ok %s_%s" % (name, what)) if ok else ("FAIL %s_%s: %s" % (name, what, detail)))

wb = openpyxl.load_workbook(base + ".xlsx")
check("sheets", wb.sheetnames == ["results", "explanations", "counts"], wb.sheetnames)

def rows_of(ws):
    return [list(r) for r in ws.iter_rows()]

# The header frozen, the filter over header and data, every column as wide
# as its contents but no wider than the sheet's limit (report_xlsx.c: 60 or
# 120, and 3 for the filter's button; Excel adds 0.71).
def layout(ws, ncols, nrows, most):
    want = "A1:%s%d" % (get_column_letter(ncols), nrows)
    check(ws.title + "_frozen", ws.freeze_panes == "A2", ws.freeze_panes)
    check(ws.title + "_autofilter", ws.auto_filter.ref == want, "%s, expected %s" % (ws.auto_filter.ref, want))
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ncols + 1)]
    check(ws.title + "_widths", all(w and 3 < w <= most + 4 for w in widths), widths)

# results: the CSV, cell for cell
with open(base + ".csv", encoding="utf-8", newline="") as f:
    want = list(csv.reader(f))
ws = wb["results"]
got = rows_of(ws)
header = want[0]
check("results_header", [c.value for c in got[0]] == header, [c.value for c in got[0]])
check("results_rows", len(got) == len(want), "%d rows, CSV has %d" % (len(got), len(want)))
numeric = {"total", "line"} | set(header[header.index("error") + 1:] if "error" in header else [])
numeric |= set(numeric_given.split(",")) - {""}
bad = []
thai = 0
for i, (wrow, grow) in enumerate(zip(want[1:], got[1:]), start=2):
    for col, text, cell in zip(header, wrow, grow):
        v = cell.value
        if text == "":
            ok = v is None
        elif col in numeric:
            places = len(text.split(".")[1]) if "." in text else 0
            fmt = "0." + "0" * places if places else "0"
            ok = (cell.data_type == "n" and not isinstance(v, str) and Decimal(repr(v)) == Decimal(text)
                  and cell.number_format == fmt)
        else:
            ok = cell.data_type == "s" and v == text
            thai += bool(re.search("[\u0e00-\u0e7f]", text))
        if not ok:
            bad.append("row %d `%s`: %r (%s, %s), CSV %r" % (i, col, v, cell.data_type, cell.number_format, text))
check("results_cells", not bad, "; ".join(bad[:3]))
if name == "public_service":
    check("results_thai", thai > 0, "no cell with Thai text")
layout(ws, len(header), len(want), 60)
check("results_id_width", ws.column_dimensions["A"].width >= max(len(r[0]) for r in want), "too narrow")

# counts: --summary csv
with open(base + ".summary.csv", encoding="utf-8", newline="") as f:
    want = list(csv.reader(f))
ws = wb["counts"]
got = [["" if c.value is None else str(c.value) for c in r] for r in ws.iter_rows()]
check("counts", got == want, "%r, expected %r" % (got[:3], want[:3]))
check("counts_numbers", all(isinstance(r[3].value, int) for r in list(ws.iter_rows())[1:]), "a count is text")
layout(ws, 4, len(want), 60)

# explanations: each result's block of `eval --explain`, in order
with open(base + ".explain.txt", encoding="utf-8") as f:
    lines = f.read().split("\n")
while lines and lines[-1] == "":
    lines.pop()
lines = lines[:-2]          # the closing count and the blank line before it
blocks = []
for i, line in enumerate(lines):
    if line and not line.startswith(" ") and (i == 0 or lines[i - 1] == ""):
        if blocks:
            blocks[-1][1].pop()   # the blank line between two explanations
        blocks.append((line, []))
    blocks[-1][1].append(line)
ws = wb["explanations"]
got = rows_of(ws)
check("explanations_header", [c.value for c in got[0]] == ["id", "explanation"], got[0])
sheet = []
for idc, textc in got[1:]:
    if not sheet or sheet[-1][0] != idc.value or textc.value == idc.value:
        sheet.append((idc.value, []))
    sheet[-1][1].append(textc.value or "")
check("explanations", sheet == blocks and len(blocks) > 1,
      "%d explained in the sheet, %d by --explain; first difference: %r" % (
          len(sheet), len(blocks), next(((a, b) for a, b in zip(sheet, blocks) if a != b), None)))
layout(ws, 2, len(got), 120)
PYTHON
    rc=$?
    [ "$rc" -eq 0 ] || echo "FAIL ${name}_read: the reader stopped with exit status $rc"
}

check public_service "" rules/2558/public-service.award examples/2558/public-service.csv
check participatory "" rules/2558/participatory.award examples/2558/participatory.csv
check columns part1_bonus rules/2558/public-service.award examples/2558/public-service.csv \
    --columns id,agency,line,total,tier_label,reason,part1_bonus

# Text Excel cannot take as it is: an agency code with a byte that is not
# UTF-8 and `_x0041_` (a workbook's spelling of `A`); a tab and a line
# break are kept.
"$py" - "$dir/odd.csv" <<'PYTHON'
import sys
src = open("examples/2558/public-service.csv", "rb").read().split(b"\n")
src[1] = src[1].replace(b",D001,", b',"D\xff_x0041_\tx\ny",', 1)
open(sys.argv[1], "wb").write(b"\n".join(src))
PYTHON
"$AWARD" eval rules/2558/public-service.award "$dir/odd.csv" --columns id,agency --format xlsx \
    -o "$dir/odd.xlsx" 2>/dev/null
"$py" - "$dir/odd.xlsx" <<'PYTHON' || echo "FAIL xlsx_odd_text: no workbook to read"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["results"]
got = ws["B2"].value
# openpyxl gives the text as the file holds it: `_x005F_` is the escaped
# underscore, which Excel shows as `_`
want = "D\ufffd_x005F_x0041_\tx\ny"
print("ok xlsx_odd_text" if got == want else "FAIL xlsx_odd_text: %r, expected %r" % (got, want))
PYTHON

# A run that cannot finish says why, leaves the file it would replace as it
# was, and no temporary file beside it: here an agency code is longer than
# an Excel cell can hold.
"$py" - "$dir/long.csv" <<'PYTHON'
import sys
src = open("examples/2558/public-service.csv", "rb").read().split(b"\n")
src[2] = src[2].replace(b",D001,", b"," + "\u0e01".encode() * 40000 + b",", 1)
open(sys.argv[1], "wb").write(b"\n".join(src))
PYTHON
printf 'old\n' >"$dir/kept.xlsx"
"$AWARD" eval rules/2558/public-service.award "$dir/long.csv" --columns id,agency --format xlsx \
    -o "$dir/kept.xlsx" 2>"$dir/kept.err"
rc=$?
want="award: cannot write $dir/kept.xlsx: the \`agency\` cell of PS-2558-002 is longer than an Excel cell can hold (32,767 characters); --format csv gives it whole"
if [ "$rc" -eq 2 ] && [ "$(cat "$dir/kept.xlsx")" = old ] && [ "$(cat "$dir/kept.err")" = "$want" ]; then
    echo "ok xlsx_failed_run_keeps_file"
else
    echo "FAIL xlsx_failed_run_keeps_file: exit status $rc, $(head -c 20 "$dir/kept.xlsx"), $(head -c 300 "$dir/kept.err")"
fi
if [ -z "$(ls -A "$dir" | grep '^\.award-out-')" ]; then
    echo "ok xlsx_no_temporary_left"
else
    echo "FAIL xlsx_no_temporary_left: $(ls -A "$dir" | grep '^\.award-out-')"
fi

# A workbook that cannot be written says why.  (Here and not in tests/cli/,
# whose cases also run under valgrind: when writing the workbook fails,
# libxlsxwriter 1.1.4 does not close the temporary files of the sheets it
# had not reached, which valgrind counts as memory still reachable at exit.)
"$AWARD" eval rules/2558/public-service.award examples/2558/public-service.csv --format xlsx \
    -o /dev/full 2>"$dir/full.err"
rc=$?
if [ "$rc" -eq 2 ] && [ "$(cat "$dir/full.err")" = "award: cannot write /dev/full: No space left on device" ]; then
    echo "ok xlsx_dev_full"
else
    echo "FAIL xlsx_dev_full: exit status $rc, $(head -3 "$dir/full.err")"
fi

# A double holds 15 significant digits exactly: a total with 15 is a number
# Excel shows exactly, one with 16 is written as text, exact.
cat >"$dir/digits.award" <<'AWARD'
award digits "ตัวเลข" {
  year 2566 BE
  precision 2
  input {
    id     text      "รหัส"
    type   category  "ประเภท"
    a      decimal 0 to 9999999999999999 "ก"
  }
  score points "คะแนน" out of 9999999999999999 {
    a "ก" out of 9999999999999999
  }
  tiers levels on points {
    gold "ทอง" at least 85
    fail "ไม่ผ่าน" otherwise
  }
  category 1 office "สำนักงาน" {
    scored by points, tiers levels
  }
}
AWARD
printf 'id,type,a\nA1,1,1234567890123.45\nA2,1,12345678901234.56\n' >"$dir/digits.csv"
"$AWARD" eval "$dir/digits.award" "$dir/digits.csv" --columns id,total --format xlsx -o "$dir/digits.xlsx" 2>/dev/null
"$py" - "$dir/digits.xlsx" <<'PYTHON' || echo "FAIL xlsx_digits: no workbook to read"
import sys, openpyxl
from decimal import Decimal
ws = openpyxl.load_workbook(sys.argv[1])["results"]
a1, a2 = ws["B2"], ws["B3"]
ok = (a1.data_type == "n" and Decimal(repr(a1.value)) == Decimal("1234567890123.45") and a1.number_format == "0.00"
      and a2.data_type == "s" and a2.value == "12345678901234.56")
print("ok xlsx_digits" if ok else "FAIL xlsx_digits: %r %r" % ((a1.value, a1.data_type), (a2.value, a2.data_type)))
PYTHON

#!/bin/sh
# test_scenario_csv.sh -- a scenario file written as a case spreadsheet
# (`award test --export`) gives, run by `award test`, the result the
# scenario file gives:
#
# 1. every shipped scenario file, exported next to itself (in a copy of
#    rules/ and tests/scenarios/, so that `rules` and `from` paths hold):
#    the spreadsheet passes every row, and counts exactly the scenario
#    file's applications and expectations less those the export says it
#    left out (`check` and `agency` expectations, and the cases whose row
#    could not mean the same); where no application was left out, the
#    `--coverage` report is the scenario file's, line for line;
# 2. a wrong rule file fails both the same way: for a few mutants of the
#    shipped rules, the scenario file and its spreadsheet print the same
#    failures (what was expected, what came out) in the same number;
# 3. the file is what Excel reads as Thai: a UTF-8 byte-order mark, CRLF;
#    and a spreadsheet written into another folder names its rule file
#    from there.
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary.
AWARD=${AWARD:-build/award}
case "$AWARD" in /*) ;; *) AWARD=$(pwd)/$AWARD ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-scenario-csv.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C
export LC_ALL

mkdir -p "$tmp/tree/tests"
cp -r rules "$tmp/tree/rules" && cp -r tests/scenarios "$tmp/tree/tests/scenarios" || {
    echo "FAIL scenario_csv_copy: cannot copy rules/ and tests/scenarios/"
    exit 1
}
cd "$tmp/tree" || exit 1

# count WHAT LINE: the number before WHAT in an `award test` closing line
count() {
    printf '%s\n' "$2" | sed -n "s/.*\\([0-9][0-9]*\\) $1.*/\\1/p" | sed -n '$p'
}
# N in "N passed", robust to the digits before it
passed() { printf '%s\n' "$1" | sed -n 's/^\([0-9]*\) passed.*/\1/p'; }
failed() { printf '%s\n' "$1" | sed -n 's/^[0-9]* passed, \([0-9]*\) failed.*/\1/p'; }

# ---- 1. every shipped scenario file ----
for f in $(find tests/scenarios -name '*.scenario' | sort); do
    name=$(printf '%s' "${f#tests/scenarios/}" | sed 's/\.scenario$//; s/[^A-Za-z0-9]/_/g')
    csv=${f%.scenario}.export-cases.csv
    if ! "$AWARD" test --export "$f" --leave-out-unexportable -o "$csv" 2>"$tmp/export.err"; then
        echo "FAIL roundtrip_$name: the export failed: $(grep -v '^ ' "$tmp/export.err" | head -3 | tr '\n' ' ')"
        continue
    fi
    left=$(sed -n 's/^award: left out of the spreadsheet: \([0-9]*\) applications\{0,1\} and \([0-9]*\) expectations\{0,1\}.*/\1 \2/p' "$tmp/export.err")
    apps=${left% *}; exps=${left#* }
    [ -n "$left" ] || { apps=0; exps=0; }
    s_out=$("$AWARD" test "$f" 2>&1 | tail -n 1)
    c_out=$("$AWARD" test "$csv" 2>&1 | tail -n 1)
    sp=$(passed "$s_out"); sf=$(failed "$s_out"); cp=$(passed "$c_out"); cf=$(failed "$c_out")
    if [ -z "$sp" ] || [ -z "$cp" ]; then
        echo "FAIL roundtrip_$name: no closing line (scenario: $s_out; spreadsheet: $c_out)"
    elif [ "$sf" != 0 ] || [ "$cf" != 0 ]; then
        echo "FAIL roundtrip_$name: failures (scenario: $s_out; spreadsheet: $c_out)"
    elif [ "$cp" -ne $((sp - apps - exps)) ]; then
        echo "FAIL roundtrip_$name: the spreadsheet counts $cp, the scenario file $sp less $apps applications and $exps expectations left out"
    elif [ "$cp" -eq 0 ] && [ "$apps" -eq 0 ]; then
        echo "FAIL roundtrip_$name: nothing was exported"
    else
        echo "ok roundtrip_$name"
    fi
    if [ "$apps" -eq 0 ]; then
        "$AWARD" test --coverage "$f" 2>&1 | sed '$d' >"$tmp/cov.scenario"
        "$AWARD" test --coverage "$csv" 2>&1 | sed '$d' >"$tmp/cov.csv"
        if [ -s "$tmp/cov.scenario" ] && cmp -s "$tmp/cov.scenario" "$tmp/cov.csv"; then
            echo "ok coverage_$name"
        else
            echo "FAIL coverage_$name: $(diff "$tmp/cov.scenario" "$tmp/cov.csv" | head -4 | tr '\n' ' ')"
        fi
    fi
done

# ---- 2. mutants fail both the same way ----
# failures SCENARIO-OR-CSV: each failure's expected and got lines, without
# the places (they differ: a line of the scenario file, a row of the
# spreadsheet), sorted
failures() {
    "$AWARD" test "$1" 2>&1 | sed -n 's/^ *\(expected\|got\): *//p' |
        sed 's/[^ ]*\.\(scenario\|csv\):[0-9]*: //g' | sort
}
mutant=0
while IFS='|' read -r scen rules from to; do
    [ -n "$scen" ] || continue
    mutant=$((mutant + 1))
    name="mutant_$mutant"
    cp "$rules" "$tmp/rules.keep"
    sed -i "s/$from/$to/" "$rules"
    if cmp -s "$rules" "$tmp/rules.keep"; then
        echo "FAIL $name: \`$from\` is not in $rules"
        continue
    fi
    csv=${scen%.scenario}.export-cases.csv
    failures "$scen" >"$tmp/f.scenario"
    failures "$csv" >"$tmp/f.csv"
    s_out=$("$AWARD" test "$scen" 2>&1 | tail -n 1)
    c_out=$("$AWARD" test "$csv" 2>&1 | tail -n 1)
    cp "$tmp/rules.keep" "$rules"
    if [ "$(failed "$s_out")" = 0 ]; then
        echo "FAIL $name: the scenario file does not catch $from -> $to in $rules"
    elif [ "$(failed "$s_out")" != "$(failed "$c_out")" ] || ! cmp -s "$tmp/f.scenario" "$tmp/f.csv"; then
        echo "FAIL $name: $from -> $to in $rules: the scenario file says \`$s_out\`, the spreadsheet \`$c_out\`: $(diff "$tmp/f.scenario" "$tmp/f.csv" | head -4 | tr '\n' ' ')"
    else
        echo "ok $name"
    fi
done <<'EOF'
tests/scenarios/2558/public-service.scenario|rules/2558/public-service.award|at least 800|at least 805
tests/scenarios/2558/public-service.scenario|rules/2558/public-service.award|unit_coverage_pct >= 80 |unit_coverage_pct > 80 
tests/scenarios/2558/participatory.scenario|rules/2558/participatory.award|at least 90|at least 91
tests/scenarios/2558/public-service-data-errors.scenario|rules/2558/public-service.award|out of 120|out of 119
tests/scenarios/kpi/2565.scenario|rules/kpi/2565.award|at least 75|at least 75.01
tests/scenarios/pmqa/2562.scenario|rules/pmqa/2562.award|at least 650|at least 651
EOF

# ---- 3. the file itself ----
f=tests/scenarios/language/stages.scenario
mkdir -p "$tmp/elsewhere/deeper"
if "$AWARD" test --export "$f" --leave-out-unexportable -o "$tmp/elsewhere/deeper/stages-cases.csv" 2>/dev/null; then
    out=$("$AWARD" test "$tmp/elsewhere/deeper/stages-cases.csv" 2>&1 | tail -n 1)
    case "$out" in
    "17 passed, 0 failed") echo "ok export_other_folder" ;;
    *) echo "FAIL export_other_folder: $out (the rule file is named from the spreadsheet's folder)" ;;
    esac
    if [ "$(head -c 3 "$tmp/elsewhere/deeper/stages-cases.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]; then
        echo "ok export_bom"
    else
        echo "FAIL export_bom: the spreadsheet does not start with a UTF-8 byte-order mark"
    fi
    lines=$(wc -l <"$tmp/elsewhere/deeper/stages-cases.csv")
    crlf=$(grep -c "$(printf '\r')\$" "$tmp/elsewhere/deeper/stages-cases.csv")
    if [ "$lines" -gt 1 ] && [ "$lines" = "$crlf" ]; then
        echo "ok export_crlf"
    else
        echo "FAIL export_crlf: $crlf of $lines lines end in CR LF"
    fi
else
    echo "FAIL export_other_folder: the export failed"
fi

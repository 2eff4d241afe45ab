#!/bin/sh
# mutate.sh -- do the scenarios have teeth?  Mutation testing of the shipped
# rule files against tests/scenarios/.
#
# Usage (from the top of the repository):  sh tests/mutate.sh ./award
#
# For every rule file under rules/, each mutant changes ONE thing:
#   - a number literal: +1 and -1 (a decimal such as 79.99 by its smallest
#     step, +0.01 and -0.01).  The `year 2558 BE` and `precision 2` lines
#     and the category numbers are mutated like any other number: none of
#     these changes is equivalent (2557 or 2559 moves every "3 years ago"
#     boundary; precision 1 or 3 changes which values are data errors).
#   - a number written inside a condition's message ("ร้อยละ 80"), +1 and -1:
#     the message is part of every result that fails the condition.
#   - a comparison: >= -> >, <= -> <, > -> >=, < -> <=, = -> !=, != -> =
#     (also the signs ≥ ≤ ≠).  The `=` that defines a `let` or a score item
#     (`let a = ...`, `weight 6 = i1 / 5`, `out of 10 = x`) is not a
#     comparison and is left alone.
#   - `and` -> `or`, `or` -> `and`;
#   - `not` removed.
# Nothing is mutated inside comments (no effect on anything), nor in the
# other texts, the labels.  In the shipped files only the labels of fields
# and of score items hold digits ("ระดับตัวชี้วัดที่ 1", "ส่วนที่ 2"); no result
# of `award eval` shows them (docs/language.md, 5.4 and 8), so for every
# decision and every result a scenario can check, changing them is
# equivalent.  (Tier labels and category titles, which results do show,
# hold no digits.)
#
# Each mutant is written over a copy of rules/ in a temporary folder, beside
# a copy of tests/scenarios/ (the same layout, so the scenarios' relative
# `rules "../../../rules/..."` paths reach the mutant).  A mutant is KILLED
# when `award check` refuses it or `award test` on the copied scenarios fails
# (exit status 1); it SURVIVES when every scenario still passes.  Every
# survivor is printed as FILE:LINE: what changed, then the closing line
#   mutate: N killed, N survived
# Exit status: 0 when every mutant was killed, 1 when any survived (or
# `award` crashed on one), 2 when the run could not start (no award binary,
# or the scenarios fail on the rule files as shipped).
#
# Known equivalent mutants (changes that no application can tell apart) are
# listed in EQUIVALENT below with the reason; they are reported, not
# counted.  An entry names the file, the change and the whole mutated line
# as written, so that it stops matching when that line is edited.

if [ $# -ne 1 ]; then
    echo "usage: sh tests/mutate.sh AWARD-BINARY   (from the top of the repository)" >&2
    exit 2
fi
award=$1
case "$award" in /*) ;; *) award="$PWD/$award" ;; esac
[ -x "$award" ] || { echo "mutate: $award is not an executable" >&2; exit 2; }
if [ ! -d rules ] || [ ! -d tests/scenarios ]; then
    echo "mutate: run me from the top of the repository" >&2
    exit 2
fi

LC_ALL=C
export LC_ALL

# One entry a line: FILE<TAB>CHANGE<TAB>LINE (the original line, leading
# blanks removed), as the survivor would be printed; why each change cannot
# be seen is said below the list.
# shellcheck disable=SC2016 # the backquotes are text, not commands
EQUIVALENT='
rules/2558/participatory.award	`<` -> `<=`	require any y in excellent_years: y < year and y + 1 < year and y + 1 in excellent_years
rules/2565/participatory.award	2565 -> 2566	year 2565 BE
rules/2565/participatory.award	2565 -> 2564	year 2565 BE
rules/kpi/2565.award	2565 -> 2566	year 2565 BE
rules/kpi/2565.award	2565 -> 2564	year 2565 BE
rules/pmqa/2562.award	2562 -> 2563	year 2562 BE
rules/pmqa/2562.award	2562 -> 2561	year 2562 BE
rules/pmqa/pmqa40-2565.award	2565 -> 2566	year 2565 BE
rules/pmqa/pmqa40-2565.award	2565 -> 2564	year 2565 BE
'
# Why: `y + 1 < year` already makes y at most year - 2, so `y < year` holds
# whenever the rest does; `y <= year` neither adds nor removes a case.  The
# condition states "both years before 2558" the way the seed says it.
# The 2565 participatory rules read the year nowhere: the only rule that did
# (the excellence award's "two consecutive years before this one") is
# removed in 2565, so no result can tell 2564 or 2566 from 2565.  (The line
# is still needed: without it the file keeps 2558, with a warning.)
# The KPI rules of fiscal 2565 (rules/kpi/2565.award) read the year nowhere
# either: their one date, the deadline of the 12-month report, is written as
# a date (2022-10-31), which does not move with `year`.  (The line is still
# required: every rule file states its year.)
# The PMQA rules (rules/pmqa/) read the year nowhere either: the seeds give
# no condition that counts years (no "won within N years"), so none is
# written, and no result can tell the year before or after from the one
# stated.  (The line is still required, as above.)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-mutate.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
mkdir -p "$tmp/tests"
cp -R rules "$tmp/rules"
cp -R tests/scenarios "$tmp/tests/scenarios"

start=$(date +%s)

# Nothing to learn from mutants if the scenarios fail on the real rules.
if ! "$award" test "$tmp/tests/scenarios" >"$tmp/out" 2>&1; then
    cat "$tmp/out"
    echo "mutate: the scenarios fail on the rule files as shipped; fix that first" >&2
    exit 2
fi

# gen FILE: one line per mutant, LINE|COLUMN|LENGTH|NEW|WHAT
# (columns and lengths in bytes).
gen() {
    awk '
    function isid(c) { return index("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_", c) > 0 || c > "~" }
    function isdigit(c) { return c != "" && index("0123456789", c) > 0 }
    # the number text s moved by d smallest steps (s has no sign)
    function step(s, d,    dot, places, digits, v, out, neg) {
        dot = index(s, ".")
        places = dot ? length(s) - dot : 0
        digits = dot ? substr(s, 1, dot - 1) substr(s, dot + 1) : s
        v = digits + d
        neg = v < 0
        if (neg) v = -v
        out = sprintf("%d", v)
        if (places) {
            while (length(out) <= places) out = "0" out
            out = substr(out, 1, length(out) - places) "." substr(out, length(out) - places + 1)
        }
        return (neg ? "-" : "") out
    }
    function emit(col, len, new, what) {
        printf "%d|%d|%d|%s|%s\n", NR, col, len, new, what
    }
    # numbers inside the text t, which starts at column col0
    function numbers_in(t, col0, prefix,    k, c, j, num) {
        for (k = 1; k <= length(t); k++) {
            c = substr(t, k, 1)
            if (!isdigit(c) || (k > 1 && isdigit(substr(t, k - 1, 1))))
                continue
            j = k
            while (isdigit(substr(t, j + 1, 1))) j++
            if (substr(t, j + 1, 1) == "." && isdigit(substr(t, j + 2, 1))) {
                j += 2
                while (isdigit(substr(t, j + 1, 1))) j++
            }
            num = substr(t, k, j - k + 1)
            emit(col0 + k - 1, length(num), step(num, 1), prefix num " -> " step(num, 1))
            emit(col0 + k - 1, length(num), step(num, -1), prefix num " -> " step(num, -1))
            k = j
        }
    }
    {
        line = $0
        n = length(line)
        first = 1          # no token seen yet on this line
        defkw = 0          # `let`, `weight` or `out` seen: the next bare = defines
        for (i = 1; i <= n; i++) {
            c = substr(line, i, 1)
            if (c == " " || c == "\t" || c == "\r")
                continue
            if (c == "#")
                break
            if (c == "\"") {
                j = i + 1
                while (j <= n && substr(line, j, 1) != "\"") {
                    if (substr(line, j, 1) == "\\") j++
                    j++
                }
                if (item == "require")
                    numbers_in(substr(line, i + 1, j - i - 1), i + 1, "in a message: ")
                first = 0
                i = j
                continue
            }
            three = substr(line, i, 3)
            if (three == "\342\211\245" || three == "\342\211\244" || three == "\342\211\240") {
                new = three == "\342\211\245" ? ">" : three == "\342\211\244" ? "<" : "="
                emit(i, 3, new, "`" three "` -> `" new "`")
                first = 0
                i += 2
                continue
            }
            if (isid(c) && !isdigit(c)) {
                j = i
                while (j < n && isid(substr(line, j + 1, 1))) j++
                w = substr(line, i, j - i + 1)
                if (first && w != "and" && w != "or" && w != "not" && w != "when" && w != "note" && w != "in")
                    item = w
                if (w == "let" || w == "weight" || w == "out")
                    defkw = 1
                if (w == "and")
                    emit(i, 3, "or", "`and` -> `or`")
                else if (w == "or")
                    emit(i, 2, "and", "`or` -> `and`")
                else if (w == "not") {
                    k = j
                    while (substr(line, k + 1, 1) == " ") k++
                    emit(i, k - i + 1, "", "`not` removed")
                }
                first = 0
                i = j
                continue
            }
            if (isdigit(c)) {
                j = i
                while (isdigit(substr(line, j + 1, 1))) j++
                if (substr(line, j + 1, 1) == "." && isdigit(substr(line, j + 2, 1))) {
                    j += 2
                    while (isdigit(substr(line, j + 1, 1))) j++
                }
                num = substr(line, i, j - i + 1)
                emit(i, length(num), step(num, 1), num " -> " step(num, 1))
                emit(i, length(num), step(num, -1), num " -> " step(num, -1))
                first = 0
                i = j
                continue
            }
            two = substr(line, i, 2)
            if (two == ">=" || two == "<=" || two == "!=") {
                new = two == ">=" ? ">" : two == "<=" ? "<" : "="
                emit(i, 2, new, "`" two "` -> `" new "`")
                i++
            } else if (c == ">" || c == "<") {
                emit(i, 1, c "=", "`" c "` -> `" c "=`")
            } else if (c == "=") {
                if (defkw)
                    defkw = 0
                else
                    emit(i, 1, "!=", "`=` -> `!=`")
            }
            first = 0
        }
    }' "$1"
}

killed=0; survived=0; equivalent=0; crashed=0
: >"$tmp/equiv-used"
for rules in $(find rules -name '*.award' | sort); do
    gen "$rules" >"$tmp/mutants" || exit 2
    while IFS='|' read -r line col len new what; do
        awk -v L="$line" -v C="$col" -v N="$len" -v R="$new" \
            'NR == L { $0 = substr($0, 1, C - 1) R substr($0, C + N) } { print }' \
            "$rules" >"$tmp/$rules"
        if ! "$award" check "$tmp/$rules" >/dev/null 2>&1; then
            killed=$((killed + 1))
            continue
        fi
        "$award" test "$tmp/tests/scenarios" >/dev/null 2>&1
        rc=$?
        if [ "$rc" -eq 1 ]; then
            killed=$((killed + 1))
            continue
        fi
        src=$(sed -n "${line}p" "$rules" | sed 's/^[[:space:]]*//')
        if [ "$rc" -ne 0 ]; then
            echo "$rules:$line: $what (column $col): award test exited with status $rc"
            crashed=$((crashed + 1))
            continue
        fi
        key=$(printf '%s\t%s\t%s' "$rules" "$what" "$src")
        if printf '%s\n' "$EQUIVALENT" | grep -Fqx -e "$key"; then
            equivalent=$((equivalent + 1))
            printf '%s\n' "$key" >>"$tmp/equiv-used"
            echo "$rules:$line: $what (column $col): equivalent, see EQUIVALENT in tests/mutate.sh"
            continue
        fi
        survived=$((survived + 1))
        echo "$rules:$line: $what (column $col) survived"
        echo "    $src"
    done <"$tmp/mutants"
    cp "$rules" "$tmp/$rules"
done

# An entry that no longer matches a surviving mutant is stale: the line was
# edited, or a scenario now kills the mutant.
printf '%s\n' "$EQUIVALENT" | while IFS= read -r entry; do
    [ -n "$entry" ] || continue
    grep -Fqx -e "$entry" "$tmp/equiv-used" ||
        echo "mutate: stale EQUIVALENT entry (no surviving mutant matches it): $entry"
done

end=$(date +%s)
[ "$equivalent" -eq 0 ] || echo "mutate: $equivalent equivalent mutant(s) not counted"
echo "mutate: $((end - start)) s"
echo "mutate: $killed killed, $survived survived"
[ "$survived" -eq 0 ] && [ "$crashed" -eq 0 ]

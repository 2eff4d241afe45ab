#!/bin/sh
# test_examples_2565.sh -- what tests/run-e2e.sh does not check about
# examples/2565 (it compares the columns id,category,eligible,total,tier of
# each batch with its expected file):
#   1. the CSV and the JSON batch hold the same applications: every column
#      of `award eval --format csv` agrees, failed messages and points
#      included, and data errors up to the file and line they name;
#   2. every category of each 2565 rule file is in its expected results,
#      both granted (a tier, `awarded`) and refused (`ineligible`), so a
#      category added to the rules without examples is noticed;
#   3. judged with `award compare --year 2565` against the 2558 rules, only
#      applications of what 2565 changed are listed (type 2, the new types 7
#      and 8, agency-level results), as examples/2565/README.md says;
#   4. the outputs quoted in examples/2565/README.md are real: each block
#      that starts with `$ ./award ...` is run, and every line it shows
#      (`...` skips lines) comes out, in that order.
#
# Run from the top of the repository by tests/run-unit.sh (make test), which
# counts its `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary
# (default build/award); python3 (a dependency of the build) reads the CSV.
AWARD=${AWARD:-build/award}
case "$AWARD" in /*) ;; *) AWARD=$PWD/$AWARD ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-examples-2565.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }
ex=examples/2565

# 1. CSV and JSON give the same results, column for column.  A data error
#    names its file and line, which differ between the two, and an empty
#    CSV cell is `empty` where the JSON leaves the key out (`missing`):
#    both are evened out before comparing.
for s in public-service participatory; do
    for f in csv json; do
        "$AWARD" eval "rules/2565/$s.award" "$ex/$s.$f" --format csv 2>/dev/null |
            sed -E -e "s#$ex/$s\\.$f:[0-9]+: ##" -e 's/(field `[a-z0-9_]+` is) missing/\1 empty/' >"$tmp/$s.$f.out"
    done
    if [ "$(wc -l <"$tmp/$s.csv.out")" -gt 1 ] && cmp -s "$tmp/$s.csv.out" "$tmp/$s.json.out"; then
        ok "examples_2565_csv_json_same $s"
    else
        fail "examples_2565_csv_json_same $s" "$(diff "$tmp/$s.csv.out" "$tmp/$s.json.out" | head -6)"
    fi
done

# 2. Every category of the rules is both granted and refused somewhere.
for s in public-service participatory; do
    "$AWARD" show "rules/2565/$s.award" >"$tmp/show" 2>/dev/null
    if out=$(python3 - "$tmp/show" "$ex/$s.expected.csv" <<'EOF' 2>&1
import csv, re, sys
cats = re.findall(r"^\s*category\s+\d+\s+(\w+)", open(sys.argv[1], encoding="utf-8").read(), re.M)
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
if not cats:
    sys.exit("award show printed no category")
missing = []
for c in cats:
    tiers = {r["tier"] for r in rows if r["category"] == c}
    if not tiers - {"ineligible", "error"}:
        missing.append("%s is never granted" % c)
    if "ineligible" not in tiers:
        missing.append("%s is never refused" % c)
print("; ".join(missing))
sys.exit(1 if missing else 0)
EOF
    ); then ok "examples_2565_categories $s"
    else fail "examples_2565_categories $s" "$out (add applications to $ex/$s.csv and .json)"; fi
done

# 3. Under one year, the 2558 and the 2565 public-service rules differ only
#    for type 2 and the new types 7 and 8.
"$AWARD" compare rules/2558/public-service.award rules/2565/public-service.award \
    "$ex/public-service.csv" --year 2565 --format csv >"$tmp/cmp.csv" 2>/dev/null
rc=$?
if out=$(python3 - "$tmp/cmp.csv" "$rc" <<'EOF' 2>&1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
changed = {"integrated", "data_integration", "crisis", "standard_expansion"}
other = [r["id"] for r in rows
         if r["agency_level"] != "true" and not ({r["category_old"], r["category_new"]} & changed)]
problems = []
if sys.argv[2] != "1" or not rows:
    problems.append("compare exited with %s and listed %d changes" % (sys.argv[2], len(rows)))
if other:
    problems.append("changed outside types 2, 7 and 8: %s" % ", ".join(other))
print("; ".join(problems))
sys.exit(1 if problems else 0)
EOF
); then ok examples_2565_compare_policy_only
else fail examples_2565_compare_policy_only "$out"; fi

# 4. The README's quoted outputs.  A block is the lines between ``` fences
#    whose first line is `$ ./award ARGS`; the command is run (ARGS are plain
#    words) and the block's other lines, except `...`, must come out in order.
python3 - "$ex/README.md" "$tmp" <<'EOF' >"$tmp/blocks"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
n, i = 0, 0
while i < len(lines):
    if lines[i].startswith("```") and i + 1 < len(lines) and lines[i + 1].startswith("$ ./award "):
        j = i + 2
        while not lines[j].startswith("```"):
            j += 1
        n += 1
        with open("%s/block%d.cmd" % (sys.argv[2], n), "w", encoding="utf-8") as f:
            f.write(lines[i + 1][len("$ ./award "):] + "\n")
        with open("%s/block%d.want" % (sys.argv[2], n), "w", encoding="utf-8") as f:
            f.write("\n".join(lines[i + 2:j]) + "\n")
        i = j
    i += 1
print(n)
EOF
nblocks=$(cat "$tmp/blocks")
if [ "$nblocks" -lt 2 ]; then
    fail examples_2565_readme_output "expected the diff and compare blocks in $ex/README.md, found $nblocks"
fi
k=1
while [ "$k" -le "$nblocks" ]; do
    # shellcheck disable=SC2046
    "$AWARD" $(cat "$tmp/block$k.cmd") >"$tmp/block$k.got" 2>/dev/null
    if out=$(python3 - "$tmp/block$k.want" "$tmp/block$k.got" <<'EOF' 2>&1
import sys
want = open(sys.argv[1], encoding="utf-8").read().split("\n")
got = open(sys.argv[2], encoding="utf-8").read().split("\n")
at = 0
for w in want:
    if w in ("...", ""):
        continue
    try:
        at = got.index(w, at) + 1
    except ValueError:
        sys.exit("this line does not come out (in this order): %s" % w)
EOF
    ); then ok "examples_2565_readme_output $(cut -d' ' -f1-3 "$tmp/block$k.cmd")"
    else fail "examples_2565_readme_output $(cut -d' ' -f1-3 "$tmp/block$k.cmd")" \
        "$out; run \`award $(cat "$tmp/block$k.cmd")\` and update $ex/README.md"; fi
    k=$((k + 1))
done

[ "$failures" -eq 0 ]

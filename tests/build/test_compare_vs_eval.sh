#!/bin/sh
# test_compare_vs_eval.sh -- `award compare OLD NEW DATA` against evaluating
# OLD and NEW separately with `award eval --format csv`: compare must list
# exactly the applications (and agency-level results) whose category,
# eligibility, total or tier differ between the two evaluations, and its
# JSON counts must be those of the two evaluations: per category, the tiers
# before are OLD's, the tiers after NEW's, and every matrix adds up.
#
# Run from the top of the repository by tests/run-unit.sh (make test), which
# counts its `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary
# (default build/award); python3 (a dependency of the build) reads the CSV
# and JSON.

AWARD=${AWARD:-build/award}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-compare-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# check NAME OLD NEW DATA [OPTIONS...]
check() {
    name=$1 old=$2 new=$3 data=$4
    shift 4
    "$AWARD" eval "$old" "$data" "$@" --format csv --columns id,category,eligible,total,tier >"$tmp/old.csv" 2>/dev/null
    "$AWARD" eval "$new" "$data" "$@" --format csv --columns id,category,eligible,total,tier >"$tmp/new.csv" 2>/dev/null
    "$AWARD" compare "$old" "$new" "$data" "$@" --format csv >"$tmp/cmp.csv" 2>/dev/null
    rc_csv=$?
    "$AWARD" compare "$old" "$new" "$data" "$@" --format json >"$tmp/cmp.json" 2>/dev/null
    if out=$(python3 - "$tmp" "$rc_csv" <<'EOF' 2>&1
import csv, json, os, sys
from collections import Counter
tmp, rc = sys.argv[1], int(sys.argv[2])
def rows(p):
    return list(csv.DictReader(open(p, encoding="utf-8")))
old, new = rows(tmp + "/old.csv"), rows(tmp + "/new.csv")
# A category NEW renamed (RENAMED="old=new,..." in the environment) is the
# same category: OLD's results are read under its new name.
renamed = dict(p.split("=") for p in os.environ.get("RENAMED", "").split(",") if p)
for r in old:
    r["category"] = renamed.get(r["category"], r["category"])
problems = []
# Applications come first, in input order, then agency rows: pair by
# position among applications and by (agency, category) among the rest.
def key(r, i, agency_from):
    return ("agency", r["id"], r["category"]) if i >= agency_from else ("app", i)
n_apps = json.load(open(tmp + "/cmp.json"))["applications"]["compared"]
o = {key(r, i, n_apps): r for i, r in enumerate(old)}
n = {key(r, i, n_apps): r for i, r in enumerate(new)}
want = []
for k in list(o) + [k for k in n if k not in o]:
    a, b = o.get(k), n.get(k)
    fields = ("category", "eligible", "total", "tier")
    if a is None or b is None or any(a[f] != b[f] for f in fields):
        want.append((a or b)["id"])
got = [r["id"] for r in rows(tmp + "/cmp.csv")]
if got != want:
    problems.append("compare listed %s, the two evaluations differ in %s" % (got, want))
if rc != (1 if want else 0):
    problems.append("exit status %d with %d changes" % (rc, len(want)))
d = json.load(open(tmp + "/cmp.json"))
if len(d["changed"]) != len(want):
    problems.append("json lists %d changes, csv %d" % (len(d["changed"]), len(want)))
before, after = Counter(), Counter()
for side, rs in ((before, old), (after, new)):
    for r in rs:
        side[(r["category"] or None, r["tier"])] += 1
total_before = total_after = 0
for m in d["categories"]:
    t, mat = m["tiers"], m["matrix"]
    k = len(t)
    for i, tier in enumerate(t[:-1]):
        row, col = sum(mat[i]), sum(mat[j][i] for j in range(k))
        if row != m["before"][tier] or col != m["after"][tier]:
            problems.append("%s %s: matrix row %d, column %d, before %d, after %d" % (m["id"], tier, row, col, m["before"][tier], m["after"][tier]))
        if m["before"][tier] != before[(m["id"], tier)]:
            problems.append("%s %s before: %d, eval of OLD gives %d" % (m["id"], tier, m["before"][tier], before[(m["id"], tier)]))
        if m["after"][tier] != after[(m["id"], tier)]:
            problems.append("%s %s after: %d, eval of NEW gives %d" % (m["id"], tier, m["after"][tier], after[(m["id"], tier)]))
        total_before += m["before"][tier]
        total_after += m["after"][tier]
if total_before != len(old) or total_after != len(new):
    problems.append("the matrices count %d before and %d after, the evaluations %d and %d" % (total_before, total_after, len(old), len(new)))
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
    ); then echo "ok $name"
    else echo "FAIL $name: $out"; fi
}

ps=rules/2558/public-service.award
check compare_vs_eval_changed "$ps" tests/compare/public-service-new.award examples/2558/public-service.csv
check compare_vs_eval_changed_json "$ps" tests/compare/public-service-new.award examples/2558/public-service.json
check compare_vs_eval_year "$ps" tests/compare/public-service-2559.award examples/2558/public-service.csv
check compare_vs_eval_field_added "$ps" tests/compare/public-service-field.award tests/compare/satisfaction.csv
check compare_vs_eval_same "$ps" "$ps" examples/2558/public-service.csv
check compare_vs_eval_reversed tests/compare/public-service-new.award "$ps" examples/2558/public-service.csv
# The shipped years: 2565 states its changes to 2558 (`extends`), renames
# a category and adds others.
RENAMED=integrated=data_integration check compare_vs_eval_2565_ps "$ps" rules/2565/public-service.award examples/2565/public-service.csv
RENAMED=integrated=data_integration check compare_vs_eval_2565_ps_json "$ps" rules/2565/public-service.award examples/2565/public-service.json
RENAMED=expansion=renowned_expansion check compare_vs_eval_2565_pg rules/2558/participatory.award rules/2565/participatory.award examples/2565/participatory.csv

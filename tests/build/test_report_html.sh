#!/bin/sh
# test_report_html.sh -- `award report` makes a page that a browser shows
# as intended.  For shipped rule files and their examples (2558 Public
# Service: agency-level category 5 and the Form 3 stage; the Participatory
# award; PMQA 2562 and PMQA 4.0: stages; the KPI rules; 2565, which extends
# 2558) and for a small rule file with a gap between two tiers and a hostile
# id, it writes the page, loads it in headless Chromium and checks the DOM
# Chromium built from it (`--dump-dom`):
# - the counts per category, kind and tier equal `award eval --summary csv`;
# - each chart's threshold lines are exactly the thresholds of the tier
#   table in the rules (read from `award show`, not from the page), each at
#   x = x0 + (t - lo) * width / (hi - lo) to two places, and each band is
#   labelled with its tier's label as written there (Thai);
# - nothing is fetched: no script, no link, no URL but the SVG namespace;
# - an id holding markup shows as text and makes no element.
# Then it saves a screenshot, BUILD/report.png, and checks it is a PNG of
# some size (look at it: Thai must not show as boxes).
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary; the build
# directory is its directory.
AWARD=${AWARD:-build/award}
BUILD=$(dirname "$AWARD")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-report-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

sets="2558/public-service 2558/participatory pmqa/2562 pmqa/pmqa40-2565 kpi/2565 2565/public-service"

CHROMIUM=
for c in chromium chromium-browser; do
    if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$c; break; fi
done

# chromium ARGS...: headless, with a profile of its own in $tmp (it writes
# one), its chatter about D-Bus and GPUs dropped.
chromium_run() {
    HOME="$tmp" timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$tmp/profile" "$@" 2>"$tmp/chromium.err"
}

# A rule file of our own: a gap between `fail` (to 749.99) and `good`
# (from 750.01), so a band of no tier and `from`/`to` thresholds.
cat >"$tmp/gap.award" <<'EOF'
award gap "ช่องว่าง" {
  year 2558 BE
  input {
    id    text
    type  category
    score_in decimal 0 to 1000
  }
  score total out of 1000 {
    score_in out of 1000
  }
  tiers levels on total {
    outstanding "ระดับดีเด่น" at least 800
    good        "ระดับดี"    from 750.01 to 799.99
    fail        "ไม่ผ่าน"     from 0 to 749.99
  }
  category 1 std "มาตรฐาน" {
    scored by total, tiers levels
  }
}
EOF
cat >"$tmp/gap.csv" <<'EOF'
id,type,score_in
G-1,1,750
G-2,1,750.01
"<script>alert(1)</script><b>x&amp;y</b>",1,812.5
G-4,1,799.99
G-5,1,100
EOF

# The checks on one page, in Python: DOM RULES-SHOWN SUMMARY-CSV NAME
cat >"$tmp/check.py" <<'EOF'
import re, sys
from decimal import Decimal, ROUND_HALF_EVEN, getcontext
from html.parser import HTMLParser

getcontext().prec = 60
dom_path, shown_path, summary_path, name = sys.argv[1:5]
dom = open(dom_path, encoding="utf-8").read()
fails = []

# The tier tables of the rules, and which table grades each category, from
# `award show` (the rules complete, whatever file they extend).
tables, table_of, in_tiers, cat = {}, {}, None, None
for line in open(shown_path, encoding="utf-8"):
    line = re.sub(r'\s+#\s[^"]*$', '', line.rstrip("\n"))  # show's "# FILE:LINE"
    m = re.match(r'\s*tiers\s+(\S+)', line)
    if m:
        in_tiers = m.group(1); tables[in_tiers] = {}; continue
    if in_tiers and re.match(r'\s*}', line):
        in_tiers = None; continue
    if in_tiers:
        m = re.match(r'\s*(\S+)(?:\s+"([^"]*)")?\s+(?:at least\s+([-\d.]+)|from\s+([-\d.]+)\s+to\s+([-\d.]+)|otherwise)', line)
        if m:
            marks = [v for v in (m.group(3), m.group(4), m.group(5)) if v]
            tables[in_tiers][m.group(1)] = (m.group(2) or m.group(1), marks)
        continue
    m = re.match(r'\s*category\s+\d+\s+(\S+)', line)
    if m:
        cat = m.group(1)
    m = re.search(r'scored by\s+\S+,\s*tiers\s+(\S+)', line)
    if m and cat:
        table_of[cat] = m.group(1)

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.counts = []        # (category, kind, tier, count)
        self.table_cat = None
        self.svgs = []          # attrs of each histogram, with its lines and labels
        self.label = None       # the band-label being read
        self.tags = set()
        self.ids = []           # data-id of every result row
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        cls = a.get("class", "")
        if tag == "table" and cls == "counts":
            self.table_cat = a.get("data-category", "")
        if tag == "tr" and cls.startswith("count") and self.table_cat is not None:
            self.counts.append((self.table_cat, a["data-kind"], a["data-tier"], int(a["data-count"])))
        if tag == "svg" and cls == "histogram":
            self.svgs.append({"a": a, "lines": [], "labels": []})
        if tag == "line" and cls == "threshold":
            self.svgs[-1]["lines"].append(a)
        if tag == "text" and cls == "band-label":
            self.label = [a["data-tier"], ""]
        if tag == "details" and "row" in cls:
            self.ids.append(a.get("data-id"))
    def handle_endtag(self, tag):
        if tag == "table":
            self.table_cat = None
        if tag == "text" and self.label:
            self.svgs[-1]["labels"].append(tuple(self.label)); self.label = None
    def handle_data(self, data):
        if self.label:
            self.label[1] += data

d = Dom()
d.feed(dom)

# counts: every nonzero count of the page is a row of the summary, and back
want = set()
for row in open(summary_path, encoding="utf-8").read().splitlines()[1:]:
    c, k, t, n = row.split(",")
    want.add((c, k, t, int(n)))
got = set(r for r in d.counts if r[3] > 0)
if got != want:
    fails.append("counts differ from --summary: page only %s; summary only %s" % (sorted(got - want)[:3], sorted(want - got)[:3]))

# charts: one per scored category that has totals; thresholds and labels
if not d.svgs and table_of:
    fails.append("no histogram")
thai = re.compile("[\u0e00-\u0e7f]")
for s in d.svgs:
    c = s["a"]["data-category"]
    t = tables.get(table_of.get(c), {})
    lo, hi = Decimal(s["a"]["data-lo"]), Decimal(s["a"]["data-hi"])
    x0, width = Decimal(s["a"]["data-x0"]), Decimal(s["a"]["data-width"])
    want_marks = sorted(Decimal(v) for (_, marks) in t.values() for v in marks)
    got_marks = sorted(Decimal(l["data-threshold"]) for l in s["lines"])
    if want_marks != got_marks:
        fails.append("%s: threshold lines at %s, the tier table has %s" % (c, got_marks, want_marks))
    for l in s["lines"]:
        v = Decimal(l["data-threshold"])
        x = (x0 + (v - lo) * width / (hi - lo)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
        if Decimal(l["x1"]) != x or Decimal(l["x2"]) != x:
            fails.append("%s: threshold %s drawn at x=%s, should be %s" % (c, v, l["x1"], x))
        if not lo <= v <= hi:
            fails.append("%s: threshold %s outside the axis %s..%s" % (c, v, lo, hi))
    if not s["labels"]:
        fails.append("%s: no tier band is labelled" % c)
    for tier, text in s["labels"]:
        if tier not in t or t[tier][0] != text:
            fails.append("%s: band %s labelled %r, the rules say %r" % (c, tier, text, t.get(tier, ("?",))[0]))
        if not thai.search(text):
            fails.append("%s: band label %r has no Thai" % (c, text))

# self-contained: nothing to fetch, nothing to run
for tag in ("script", "link", "iframe", "img", "object", "embed"):
    if tag in d.tags:
        fails.append("the page has a <%s> element" % tag)
urls = set(re.findall(r'(?:https?:|url\()[^"\s)<]*', dom)) - {"http://www.w3.org/2000/svg"}
if urls:
    fails.append("the page refers to %s" % sorted(urls)[:3])
if '@import' in dom:
    fails.append("the page imports a style sheet")

if name == "gap":
    if "<script>alert(1)</script><b>x&amp;y</b>" not in d.ids:
        fails.append("the id with markup is not shown as text: %s" % d.ids)
    if "b" in d.tags:
        fails.append("an id made a <b> element")

for f in fails:
    print("FAIL report_html_%s: %s" % (name, f))
if not fails:
    print("ok report_html_%s" % name)
EOF

if [ -z "$CHROMIUM" ]; then
    for s in $sets gap; do
        echo "ok report_html_$(echo "$s" | tr / _) skipped: no chromium to load the page in"
    done
    echo "ok report_html_screenshot skipped: no chromium"
    exit 0
fi

for s in $sets gap; do
    if [ "$s" = gap ]; then
        rules=$tmp/gap.award data=$tmp/gap.csv name=gap
    else
        rules=rules/$s.award data=examples/$s.csv name=$(echo "$s" | tr / _)
    fi
    page=$tmp/$name.html
    "$AWARD" report "$rules" "$data" -o "$page" 2>"$tmp/report.err"
    rc=$?
    if [ "$rc" -gt 1 ] || ! [ -s "$page" ]; then
        echo "FAIL report_html_$name: award report exited with $rc: $(head -3 "$tmp/report.err")"
        continue
    fi
    "$AWARD" eval "$rules" "$data" --summary csv >"$tmp/summary.csv" 2>/dev/null
    "$AWARD" show "$rules" >"$tmp/shown.award" 2>/dev/null
    if ! chromium_run --dump-dom "file://$page" >"$tmp/dom.html" || ! [ -s "$tmp/dom.html" ]; then
        echo "FAIL report_html_$name: chromium could not load the page: $(tail -2 "$tmp/chromium.err")"
        continue
    fi
    python3 "$tmp/check.py" "$tmp/dom.html" "$tmp/shown.award" "$tmp/summary.csv" "$name"
done

# The screenshot, of the 2558 Public Service page, under the build directory.
png=$BUILD/report.png
rm -f "$png"
chromium_run --screenshot="$png" --window-size=1280,2000 "file://$tmp/2558_public-service.html" >/dev/null
size=$(wc -c <"$png" 2>/dev/null || echo 0)
if [ "$(head -c 8 "$png" 2>/dev/null | od -An -c | tr -d ' \n')" = '211PNG\r\n032\n' ] && [ "$size" -gt 50000 ]; then
    echo "ok report_html_screenshot ($png, $size bytes)"
else
    echo "FAIL report_html_screenshot: $png is not a PNG of some size ($size bytes): $(tail -2 "$tmp/chromium.err")"
fi

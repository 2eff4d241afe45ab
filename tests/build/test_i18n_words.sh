#!/bin/sh
# test_i18n_words.sh -- the words of explanations, of the report page and of
# `award test` in Thai (docs/translating.md), beyond the examples that
# tests/cli/*-th-* pin down:
#   1. every explanation of the example batches, in Thai, has the lines of
#      the English one, none left in English, and its columns lined up by
#      display width (the marks `ผ่าน` and `ไม่ผ่าน` are not as wide);
#   2. in JSON only the sentences for people change with the language;
#   3. the report page's lang and headings follow the language;
#   4. every shipped scenario suite passes and fails the same in Thai as in
#      English (the messages it quotes are compared in English).
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary; its
# catalogues are in the locale/ folder beside it.
AWARD=${AWARD:-build/award}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-i18n-words.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
unset AWARD_LOCALEDIR
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

# 1. Each application and agency of two example batches, explained in
#    English and in Thai, one explanation after another.
for pair in "rules/2558/public-service.award examples/2558/public-service.csv" \
            "rules/2558/participatory.award examples/2558/participatory.csv" \
            "rules/kpi/2565.award examples/kpi/2565.csv" \
            "rules/pmqa/2562.award examples/pmqa/2562.csv" \
            "rules/pmqa/pmqa40-2565.award examples/pmqa/pmqa40-2565.csv"; do
    set -- $pair
    for lang in en th; do
        "$AWARD" eval --lang "$lang" "$1" "$2" --explain >>"$tmp/explain.$lang" 2>/dev/null
    done
done
if python3 - "$tmp/explain.en" "$tmp/explain.th" >"$tmp/why" <<'EOF'
import re, sys, unicodedata
en = open(sys.argv[1], encoding='utf-8').read().split('\n')
th = open(sys.argv[2], encoding='utf-8').read().split('\n')
bad = []
if len(en) != len(th) or len(en) < 500:
    bad.append('%d English lines, %d Thai lines' % (len(en), len(th)))
# words of the explanations' English; none of them is a word of the rule
# language or a name of these rule files (`and`, `or`, `not` and values
# such as `none` are, and stay English in Thai)
words = re.compile(r'(?<![\w`])(needs|it is|it has|holds|FAILS|short|over|tier|line|conditions|score|'
                   r'capped|rounded|weight|given|from|category|result|total|points|with|yes|no|'
                   r'otherwise|at least|highest|note|unknown|empty|passed|waits|every|some|neither|'
                   r'lacks|fails|include|to be|to have|of|since|would|had|exactly|sum|stages?)(?![\w`])')
for line in th:
    m = words.search(re.sub(r'`[^`]*`', '', line))
    if m:
        bad.append('"%s" not translated: %s' % (m.group(1), line.strip()))
def width(s):
    return sum(0 if unicodedata.category(c) in ('Mn', 'Me') else 1 for c in s)
# a condition's line: "    บรรทัด 101  ผ่าน    MESSAGE"; its message, and the
# lines under it, start in one column per explanation
col = None
for line in th + ['']:
    m = re.match(r'^(    \S+ \S+  (?:ผ่าน|ไม่ผ่าน) +)\S', line)
    if m:
        w = width(m.group(1))
        if col is not None and w != col:
            bad.append('misaligned: ' + line.strip())
        col = w
    elif not line.startswith('    '):
        col = None
print('\n'.join(bad[:10]))
sys.exit(1 if bad else 0)
EOF
then ok explain_text_all_thai_aligned
else fail explain_text_all_thai_aligned "$(cat "$tmp/why")"; fi

# 2. JSON: the same members and values in both languages, but for `want`,
#    `is` and `rule`, which are sentences.
"$AWARD" eval --lang en rules/2558/public-service.award examples/2558/public-service.csv --format json --explain \
    >"$tmp/json.en" 2>/dev/null
"$AWARD" eval --lang th rules/2558/public-service.award examples/2558/public-service.csv --format json --explain \
    >"$tmp/json.th" 2>/dev/null
if python3 - "$tmp/json.en" "$tmp/json.th" >"$tmp/why" <<'EOF'
import json, re, sys
thai = re.compile('[\u0e00-\u0e7f]')
bad, changed = [], [0]
def walk(a, b, path):
    if isinstance(a, dict):
        if not isinstance(b, dict) or sorted(a) != sorted(b):
            bad.append('members differ at ' + path)
            return
        for k in a:
            walk(a[k], b[k], path + '/' + k)
    elif isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            bad.append('lists differ at ' + path)
            return
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, '%s[%d]' % (path, i))
    elif path.endswith(('/is', '/rule')) and a is not None:
        changed[0] += 1
        if not thai.search(b or ''):
            bad.append('not Thai at %s: %s' % (path, b))
    elif path.endswith('/want'):
        pass  # code (`x >= 80`) or a sentence (`x to be given`)
    elif a != b and not path.endswith(('/message', '/error')):
        bad.append('%s: %r became %r' % (path, a, b))
en = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
th = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8') if l.strip()]
if len(en) != len(th) or not en:
    bad.append('%d and %d results' % (len(en), len(th)))
for a, b in zip(en, th):
    walk(a, b, a.get('id', '?'))
if changed[0] < 50:
    bad.append('only %d sentences checked' % changed[0])
print('\n'.join(bad[:10]))
sys.exit(1 if bad else 0)
EOF
then ok explain_json_sentences_only
else fail explain_json_sentences_only "$(cat "$tmp/why")"; fi

# 3. The report page: its lang attribute and its own headings.
for lang in en th; do
    "$AWARD" report --lang "$lang" rules/2558/public-service.award examples/2558/broken.csv -o "$tmp/page.$lang.html" \
        --quiet 2>/dev/null
done
if grep -q '<html lang="th">' "$tmp/page.th.html" && grep -q '<h2>ข้อผิดพลาดของข้อมูล</h2>' "$tmp/page.th.html" &&
   grep -q '<h3>ผลการประเมิน</h3>' "$tmp/page.th.html" && ! grep -q '<h2>Data errors</h2>' "$tmp/page.th.html"; then
    ok report_page_thai
else fail report_page_thai "no Thai lang or headings in the Thai page"; fi
if grep -q '<html lang="en">' "$tmp/page.en.html" && grep -q '<h2>Data errors</h2>' "$tmp/page.en.html"; then
    ok report_page_english
else fail report_page_english "no English lang or headings in the English page"; fi

# 4. `award test` in both languages: the same passes and failures, suite by
#    suite (only the words of the closing line differ).
same=true
for suite in tests/scenarios/*/ examples; do
    en=$("$AWARD" test --lang en "$suite" 2>&1 | tail -1 | grep -o '[0-9][0-9]*' | tr '\n' ' ')
    th=$("$AWARD" test --lang th "$suite" 2>&1 | tail -1 | grep -o '[0-9][0-9]*' | tr '\n' ' ')
    if [ -z "$en" ] || [ "$en" != "$th" ]; then
        same=false
        echo "$suite: English counts '$en', Thai counts '$th'" >>"$tmp/why.test"
    fi
done
if $same; then ok test_same_in_both_languages
else fail test_same_in_both_languages "$(cat "$tmp/why.test")"; fi

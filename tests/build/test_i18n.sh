#!/bin/sh
# test_i18n.sh -- the translations of the messages (docs/translating.md):
# every catalogue complete and consistent with its English, the committed
# po/award.pot up to date with the sources, a catalogue built for every
# po/*.po, the language chosen by --lang or by the environment the way
# gettext reads it (and --lang th working on a machine with no Thai locale),
# a Thai `award check` of every broken file of tests/diag/ in Thai from its
# first word to its last, the data errors of a Thai `award eval` in Thai
# problem by problem, and a data error cut to fit its buffer still UTF-8.
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines; a `skip NAME: ...` line (a case the
# machine cannot run) is counted as neither.  AWARD names the binary; its
# catalogues are in the locale/ folder beside it.
AWARD=${AWARD:-build/award}
BUILD_DIR=$(dirname "$AWARD")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-i18n-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# This script runs make itself: not with the outer make's flags.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES AWARD_LOCALEDIR
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

# A file with mistakes of several kinds, and the first line of its messages.
broken=tests/diag/field-typo.award
first_line() { "$@" check "$broken" 2>&1 | head -1; }
thai_head='tests/diag/field-typo.award:28:13: ข้อผิดพลาด: ไม่รู้จักชื่อ `core_misson` หมายถึง `core_mission` หรือไม่'
english_head='tests/diag/field-typo.award:28:13: error: unknown name `core_misson`; did you mean `core_mission`?'

# 1. Every catalogue translates every message of the template (msgcmp counts
#    an untranslated or fuzzy entry as missing), and its formats take the
#    arguments the English takes (msgfmt --check).
for po in po/*.po; do
    lang=$(basename "$po" .po)
    if out=$(msgcmp "$po" po/award.pot 2>&1); then ok "catalogue_${lang}_complete"
    else fail "catalogue_${lang}_complete" "$po lacks translations (translate them; see docs/translating.md):
$(echo "$out" | head -20)"; fi
    if out=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) && ! echo "$out" | grep -q 'untranslated\|fuzzy'
    then ok "catalogue_${lang}_formats"
    else fail "catalogue_${lang}_formats" "msgfmt --check $po: $out"; fi
    # built beside the binary, by the Makefile's wildcard over po/*.po
    if [ -f "$BUILD_DIR/locale/$lang/LC_MESSAGES/award.mo" ]; then ok "catalogue_${lang}_built"
    else fail "catalogue_${lang}_built" "no $BUILD_DIR/locale/$lang/LC_MESSAGES/award.mo"; fi
done

# 2. The committed template has the messages the sources have now: made
#    again into a temporary file, the two list the same messages.
if make -s --no-print-directory pot POT_OUT="$tmp/award.pot" >"$tmp/pot.log" 2>&1; then
    msgcmp --use-untranslated "$tmp/award.pot" po/award.pot >"$tmp/cmp1" 2>&1
    old_has_all=$?
    msgcmp --use-untranslated po/award.pot "$tmp/award.pot" >"$tmp/cmp2" 2>&1
    if [ "$old_has_all" -eq 0 ] && [ $? -eq 0 ]; then
        ok pot_up_to_date
    else
        fail pot_up_to_date "po/award.pot is not what \`make pot\` makes now: run \`make update-po\` and translate what is new:
$(cat "$tmp/cmp1" "$tmp/cmp2" | head -20)"
    fi
else
    fail pot_up_to_date "make pot failed: $(tail -5 "$tmp/pot.log")"
fi

# 3. --lang: Thai on any machine (even where the locale is plain C, in
#    which glibc would ignore LANGUAGE), English whatever the environment.
got=$(first_line env LC_ALL=C LANGUAGE= "$AWARD" --lang th)
if [ "$got" = "$thai_head" ]; then ok lang_th_with_c_locale
else fail lang_th_with_c_locale "got: $got"; fi
got=$(first_line env LC_ALL=C.UTF-8 LANGUAGE=th "$AWARD" --lang=en)
if [ "$got" = "$english_head" ]; then ok lang_en_over_environment
else fail lang_en_over_environment "got: $got"; fi
# anywhere on the line, for every command
got=$("$AWARD" check --lang th 2>&1 | head -1)
if [ "$got" = "award: คำสั่ง check ต้องมีไฟล์หลักเกณฑ์อย่างน้อยหนึ่งไฟล์" ]; then ok lang_after_command
else fail lang_after_command "got: $got"; fi

# 4. A language without a catalogue is a usage error naming the languages
#    there are: English and one per po/*.po.
want=en
for po in po/*.po; do want="$want, $(basename "$po" .po)"; done
"$AWARD" --lang fr check "$broken" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ] &&
   grep -qxF "award: there are no messages in the language \`fr\`: --lang takes $want" "$tmp/err"; then
    ok lang_unknown
else fail lang_unknown "exit status $rc, said: $(cat "$tmp/err")"; fi
"$AWARD" check "$broken" --lang >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -qxF "award: \`--lang\` needs a language: $want" "$tmp/err"; then ok lang_without_value
else fail lang_without_value "exit status $rc, said: $(cat "$tmp/err")"; fi

# 5. Without --lang, the environment, as gettext reads it: LANGUAGE when
#    the locale is not plain C ...
got=$(first_line env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 LANGUAGE=th "$AWARD")
if [ "$got" = "$thai_head" ]; then ok language_th_with_c_utf8
else fail language_th_with_c_utf8 "got: $got"; fi
got=$(first_line env LC_ALL=C LANGUAGE=th "$AWARD")
if [ "$got" = "$english_head" ]; then ok language_ignored_in_c_locale
else fail language_ignored_in_c_locale "got: $got"; fi
# ... and LANG=th_TH.UTF-8 where that locale exists: the machine's, or one
# made here with localedef when the machine has the Thai locale's source.
locpath=
if ! locale -a 2>/dev/null | grep -qix 'th_TH.utf-\{0,1\}8'; then
    mkdir -p "$tmp/locales"
    if localedef -i th_TH -f UTF-8 "$tmp/locales/th_TH.UTF-8" >/dev/null 2>&1; then
        locpath=$tmp/locales
    else
        locpath=none
    fi
fi
if [ "$locpath" = none ]; then
    echo "skip lang_from_LANG: no th_TH.UTF-8 locale here, and localedef could not make one"
else
    got=$(first_line env -u LC_ALL -u LC_MESSAGES -u LANGUAGE ${locpath:+LOCPATH=$locpath} LANG=th_TH.UTF-8 "$AWARD")
    if [ "$got" = "$thai_head" ]; then ok lang_from_LANG
    else fail lang_from_LANG "got: $got"; fi
fi

# 6. AWARD_LOCALEDIR: where the catalogues are looked for.  A new language
#    is a catalogue there, no change to the program; an empty folder leaves
#    English only.
mkdir -p "$tmp/localedir/xx/LC_MESSAGES" "$tmp/empty"
cat >"$tmp/xx.po" <<'EOF'
msgid ""
msgstr ""
"Project-Id-Version: award\n"
"PO-Revision-Date: 2026-12-03 00:00+0000\n"
"Last-Translator: test\n"
"Language-Team: test\n"
"Language: xx\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "unknown name `%s`; did you mean `%s`?"
msgstr "XX name `%s` XX `%s`"
EOF
msgfmt --check -o "$tmp/localedir/xx/LC_MESSAGES/award.mo" "$tmp/xx.po"
got=$(first_line env AWARD_LOCALEDIR="$tmp/localedir" "$AWARD" --lang xx)
if [ "$got" = "tests/diag/field-typo.award:28:13: error: XX name \`core_misson\` XX \`core_mission\`" ]; then
    ok localedir_new_language
else fail localedir_new_language "got: $got"; fi
AWARD_LOCALEDIR=$tmp/empty "$AWARD" --lang th check "$broken" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -qxF "award: there are no messages in the language \`th\`: --lang takes en" "$tmp/err"
then ok localedir_empty
else fail localedir_empty "exit status $rc, said: $(cat "$tmp/err")"; fi

# 7. Every broken file of tests/diag/, checked in Thai: every message and
#    note has its level word in Thai and some Thai in its text (a message
#    missing from the catalogue would come out in English), and the closing
#    count is Thai.  (Python: grep's ranges of Thai letters depend on the
#    locale's collation.)
for f in tests/diag/*.award; do
    echo "== $f"
    "$AWARD" check --lang th "$f" 2>&1 >/dev/null
done >"$tmp/all" 2>&1
if python3 - "$tmp/all" >"$tmp/english" <<'EOF'
import re, sys
thai = re.compile('[\u0e00-\u0e7f]')
levels = ('ข้อผิดพลาด', 'คำเตือน', 'หมายเหตุ')
bad, last = [], None
for line in open(sys.argv[1], encoding='utf-8', errors='replace').read().split('\n') + ['== end']:
    if line.startswith('== '):
        if last is not None and not last.startswith(levels[:2]):
            bad.append('closing line: ' + last)
        last = None
        continue
    if line:
        last = line
    m = re.match(r'^(?:\S+:\d+:\d+: | +=\s)(.*)$', line)
    if not m:
        continue
    level, _, text = m.group(1).partition(': ')
    if level not in levels or not thai.search(text):
        bad.append(line)
print('\n'.join(bad[:10]))
sys.exit(1 if bad else 0)
EOF
then ok diag_all_thai
else fail diag_all_thai "messages not in Thai:
$(cat "$tmp/english")"; fi

# 8. The data errors of `award eval --lang th` on every broken batch the
#    tests have (the readers' and the evaluator's messages): each problem of
#    each error (problems are joined by "; ", after "FILE:LINE: ") has Thai
#    in it, and so has each message on standard error about a whole input
#    ("award: FILE:LINE: ...").  A message missing from the catalogue comes
#    out in English and is named.
fix=tests/cli/eval-th-data-errors
for pair in "rules/2558/public-service.award examples/2558/broken.csv" \
            "rules/2558/public-service.award examples/2558/broken.jsonl" \
            "$fix/rules.award $fix/apps.csv" \
            "$fix/rules.award tests/cli/eval-th-json-errors/apps.jsonl" \
            "$fix/rules.award tests/cli/eval-th-json-cut/apps.json"; do
    set -- $pair
    echo "== $2"
    "$AWARD" eval --lang th "$1" "$2" --format csv --columns error 2>"$tmp/eval-err"
    grep "^award: $2:" "$tmp/eval-err" | sed 's/^/!! /'
done >"$tmp/eval-all" 2>&1
if python3 - "$tmp/eval-all" >"$tmp/english" <<'EOF'
import csv, io, re, sys
thai = re.compile('[\u0e00-\u0e7f]')
place = re.compile(r'^\S+?:\d+: ')
bad, checked = [], 0
for block in open(sys.argv[1], encoding='utf-8').read().split('== ')[1:]:
    name, _, rest = block.partition('\n')
    lines = rest.split('\n')
    # standard error: one message about a whole input a line
    for line in (l[3:] for l in lines if l.startswith('!! ')):
        checked += 1
        if not thai.search(line):
            bad.append(line)
    rows = list(csv.reader(io.StringIO('\n'.join(l for l in lines if not l.startswith('!! ')))))
    for row in rows[1:]:
        for part in place.sub('', row[0]).split('; ') if row and row[0] else []:
            checked += 1
            if not thai.search(part):
                bad.append(name + ': ' + part)
if checked < 40:
    bad.append('only %d messages were checked; the batches give more' % checked)
print('\n'.join(bad[:10]))
sys.exit(1 if bad else 0)
EOF
then ok eval_errors_all_thai
else fail eval_errors_all_thai "data errors not in Thai:
$(cat "$tmp/english")"; fi

# 9. A data error longer than the evaluator's message buffer (two names of
#    256 Thai letters, 768 bytes each) is cut between two characters, in
#    Thai and in English: the results stay valid UTF-8.
python3 - "$tmp" <<'EOF'
import sys
a, b = 'ก' * 256, 'ข' * 256
open(sys.argv[1] + '/cut.award', 'w', encoding='utf-8').write(
    'award cut {\n  year 2565 BE\n  input {\n    id text\n    type category\n'
    '    %s integer >= 0\n    %s integer 0 to %s\n  }\n'
    '  category 1 c {\n    require %s >= 0 "ไม่ติดลบ"\n  }\n}\n' % (b, a, b, a))
open(sys.argv[1] + '/cut.csv', 'w', encoding='utf-8').write('id,type,%s,%s\nA,1,4,5\n' % (b, a))
EOF
for lang in th en; do
    "$AWARD" eval --lang $lang "$tmp/cut.award" "$tmp/cut.csv" --format csv --columns error >"$tmp/cut.$lang" 2>/dev/null
    if python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
data.decode("utf-8")                    # raises on a cut character
sys.exit(0 if len(data) > 1000 else 1)  # and the message was long enough to be cut
' "$tmp/cut.$lang" 2>"$tmp/cut.why"
    then ok "eval_error_cut_whole_$lang"
    else fail "eval_error_cut_whole_$lang" "not valid UTF-8, or not cut: $(tail -1 "$tmp/cut.why")"; fi
done

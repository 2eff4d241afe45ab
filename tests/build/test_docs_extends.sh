#!/bin/sh
# test_docs_extends.sh -- the example of docs/language.md section 17 (a 2565
# file stating its changes to 2558) is a rule file that checks clean, read
# beside a copy of rules/2558 as it would be in rules/2565.
#
# Run from the top of the repository by tests/run-unit.sh, which counts its
# `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the binary.
AWARD=${AWARD:-build/award}
case "$AWARD" in /*) ;; *) AWARD="$PWD/$AWARD" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-docs-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/2565"
cp -R rules/2558 "$tmp/2558"
# the first ``` block after the heading of section 17
sed -n '/^## 17\. Next year/,/^## 18\./p' docs/language.md |
    awk '/^```/ { n++; next } n == 1 { print }' >"$tmp/2565/example.award"
if [ ! -s "$tmp/2565/example.award" ]; then
    echo "FAIL docs_extends_example: no example found in docs/language.md section 17"
elif out=$(cd "$tmp/2565" && "$AWARD" check example.award 2>&1) && [ -z "$out" ]; then
    echo "ok docs_extends_example"
else
    echo "FAIL docs_extends_example: the example of section 17 does not check clean: $out"
fi

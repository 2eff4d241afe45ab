#!/bin/sh
# cli-output.sh -- what the award command does with its output and inputs
# where a case of tests/cli/ cannot say it (a case runs `award ARGS` alone,
# with its standard output in a file): a closed or full standard output,
# EPIPE with SIGPIPE ignored, an output that is an input, a file replaced
# only after a whole run, an interrupted run, the data format taken from
# the extension.
#
# Usage: cli-output.sh AWARD-BINARY   (run from the repository root)
# Prints `ok NAME` or `FAIL NAME: what went wrong` for each check, and
# nothing else; tests/run-e2e.sh counts them.
award="$1"
rules=rules/2558/public-service.award
data=examples/2558/public-service.csv
tmp=${TMPDIR:-/tmp}/award-cli-output.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# check NAME CONDITION-STATUS DETAIL: report one check
check() {
    if [ "$2" -eq 0 ]; then echo "ok $1"; else echo "FAIL $1: $3"; fi
}

# expect NAME WANT-STATUS WANT-STDERR-TEXT: the last run's status (in
# $tmp/status) and a text its standard error (in $tmp/err) must contain
expect() {
    got=$(cat "$tmp/status")
    if [ "$got" != "$2" ]; then
        check "$1" 1 "exit status $got, expected $2; stderr: $(head -3 "$tmp/err")"
    elif ! grep -qF -- "$3" "$tmp/err"; then
        check "$1" 1 "stderr lacks \"$3\": $(head -3 "$tmp/err")"
    else
        check "$1" 0 ""
    fi
}

# no_temp NAME DIR: no temporary output file was left in DIR
no_temp() {
    left=$(find "$2" -maxdepth 1 -name '.award-out-*' | head -1)
    check "$1" "$([ -z "$left" ]; echo $?)" "a temporary file was left: $left"
}

# ---- every write checked ----

"$award" eval "$rules" "$data" --format csv >&- 2>"$tmp/err"; echo $? >"$tmp/status"
expect closed-stdout 2 "award: cannot write standard output: Bad file descriptor"

"$award" eval "$rules" "$data" >/dev/full 2>"$tmp/err"; echo $? >"$tmp/status"
expect full-stdout 2 "award: cannot write standard output: No space left on device"

"$award" explain "$rules" "$data" --id PS-2558-018 >/dev/full 2>"$tmp/err"; echo $? >"$tmp/status"
expect explain-full-stdout 2 "award: cannot write standard output: No space left on device"

"$award" help eval >/dev/full 2>"$tmp/err"; echo $? >"$tmp/status"
expect help-full-stdout 2 "award: cannot write standard output: No space left on device"

# EPIPE: far more output than a pipe holds, to a reader that has gone
awk 'NR == 1 { print; next } { row[NR] = $0 } END {
    for (c = 1; c <= 40; c++) for (i = 2; i <= NR; i++) print "C" c "-" row[i] }' "$data" >"$tmp/big.csv"
(
    trap '' PIPE
    { "$award" eval "$rules" "$tmp/big.csv" --format json 2>"$tmp/err"; echo $? >"$tmp/status"; } | head -1 >/dev/null
)
expect epipe 2 "award: cannot write standard output: Broken pipe"

# A full disk in the middle of -o FILE (a file size limit stands for it):
# the run fails and FILE keeps what it had.
echo "the results of an earlier run" >"$tmp/keep.csv"
(
    trap '' XFSZ
    ulimit -f 4
    "$award" eval "$rules" "$data" --format json -o "$tmp/keep.csv" 2>"$tmp/err"; echo $? >"$tmp/status"
)
expect file-too-large 2 "award: cannot write $tmp/keep.csv: File too large"
check file-too-large-kept "$(grep -qx "the results of an earlier run" "$tmp/keep.csv"; echo $?)" \
    "FILE changed: $(head -c 80 "$tmp/keep.csv")"
no_temp file-too-large-no-temp "$tmp"

# ---- an output that is an input ----

cp "$data" "$tmp/apps.csv"
cp "$rules" "$tmp/rules.award"
ln -s apps.csv "$tmp/link.csv"
ln "$tmp/apps.csv" "$tmp/hard.csv"
for case in "data:$tmp/apps.csv" "rules:$tmp/rules.award" "symlink:$tmp/link.csv" "hardlink:$tmp/hard.csv" \
            "dotted:$tmp/./apps.csv"; do
    name=${case%%:*} out=${case#*:}
    "$award" eval "$tmp/rules.award" "$tmp/apps.csv" -o "$out" 2>"$tmp/err"; echo $? >"$tmp/status"
    expect "output-is-input-$name" 2 "writing the results there would destroy it"
done
check output-is-input-data-kept "$(cmp -s "$data" "$tmp/apps.csv"; echo $?)" "the data file changed"
check output-is-input-rules-kept "$(cmp -s "$rules" "$tmp/rules.award"; echo $?)" "the rule file changed"
"$award" eval "$tmp/rules.award" "$tmp/apps.csv" --format csv >>"$tmp/apps.csv" 2>"$tmp/err"; echo $? >"$tmp/status"
expect stdout-is-input 2 "standard output is the input $tmp/apps.csv"
check stdout-is-input-kept "$(cmp -s "$data" "$tmp/apps.csv"; echo $?)" "the data file changed"

# ---- FILE replaced only by a whole run ----

echo "the results of an earlier run" >"$tmp/keep.csv"
"$award" eval "$rules" "$data" --columns id,bogus -o "$tmp/keep.csv" 2>"$tmp/err"; echo $? >"$tmp/status"
expect failed-run 2 "unknown column \`bogus\`"
check failed-run-kept "$(grep -qx "the results of an earlier run" "$tmp/keep.csv"; echo $?)" "FILE changed"
no_temp failed-run-no-temp "$tmp"

"$award" eval "$rules" "$data" --format csv --output="$tmp/keep.csv" 2>"$tmp/err"; echo $? >"$tmp/status"
expect whole-run 1 "8 of 53 applications had data errors"
"$award" eval "$rules" "$data" --format csv >"$tmp/want.csv" 2>/dev/null
check whole-run-replaced "$(cmp -s "$tmp/want.csv" "$tmp/keep.csv"; echo $?)" "FILE is not the results"
no_temp whole-run-no-temp "$tmp"

# the mode: a new file's follows the umask, a replaced file's is kept
(umask 027; "$award" eval "$rules" "$data" -o "$tmp/new.csv" 2>/dev/null)
mode=$(stat -c %a "$tmp/new.csv" 2>/dev/null)
check new-file-mode "$([ "$mode" = 640 ]; echo $?)" "mode $mode, expected 640 (umask 027)"
chmod 604 "$tmp/keep.csv"
"$award" eval "$rules" "$data" -o "$tmp/keep.csv" 2>/dev/null
mode=$(stat -c %a "$tmp/keep.csv")
check replaced-file-mode "$([ "$mode" = 604 ]; echo $?)" "mode $mode, expected 604 as before"

# a link to the output stays a link; the file it names gets the results
ln -s keep.csv "$tmp/out-link.csv"
"$award" eval "$rules" "$data" --format csv -o "$tmp/out-link.csv" 2>/dev/null
check output-link-kept "$([ -L "$tmp/out-link.csv" ] && cmp -s "$tmp/want.csv" "$tmp/keep.csv"; echo $?)" \
    "the link was replaced, or its file not written"

# an interrupted run: FILE as it was, no temporary file left
echo "the results of an earlier run" >"$tmp/keep.csv"
mkfifo "$tmp/fifo"
"$award" eval "$rules" - --format csv -o "$tmp/keep.csv" <"$tmp/fifo" 2>/dev/null &
pid=$!
exec 9>"$tmp/fifo"
head -3 "$data" >&9
i=0
while [ $i -lt 50 ] && [ -z "$(find "$tmp" -maxdepth 1 -name '.award-out-*')" ]; do
    sleep 0.1; i=$((i + 1))
done
sleep 0.2
{ kill -TERM "$pid"; wait "$pid"; } 2>/dev/null  # no "Terminated" from the shell
exec 9>&-
check interrupted-kept "$(grep -qx "the results of an earlier run" "$tmp/keep.csv"; echo $?)" "FILE changed"
no_temp interrupted-no-temp "$tmp"

# ---- the format from the extension ----

# `abc` in a .json file is broken JSON, not a CSV file with no rows
printf 'abc\n' >"$tmp/apps.JSON"
"$award" eval "$rules" "$tmp/apps.JSON" --format csv >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status"
check json-extension "$([ "$(cat "$tmp/status")" = 1 ] && grep -q JSON "$tmp/err"; echo $?)" \
    "exit $(cat "$tmp/status"), stderr: $(head -2 "$tmp/err")"
# --input says otherwise: CSV, whatever the name
head -3 "$data" >"$tmp/csv-named.json"
"$award" eval "$rules" "$tmp/csv-named.json" --input csv --format csv --columns id,tier >"$tmp/out" 2>"$tmp/err"
check input-overrides-extension "$(printf 'id,tier\nPS-2558-001,outstanding\nPS-2558-002,outstanding\nD001,ineligible\n' |
    cmp -s - "$tmp/out"; echo $?)" "got: $(head -5 "$tmp/out") $(head -2 "$tmp/err")"

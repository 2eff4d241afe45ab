#!/bin/sh
# test_build.sh -- tests of the build and of the docs, as a newcomer meets
# them: make's dependency graph (no two runs of bison or flex on the same
# files), the installer of missing packages (no apt-get when nothing is
# missing; the fuzzer runtime of the installed clang), the C dialect, and the
# docs against the program (every command and option in docs/language.md
# section 14, no link out of the repository, the README's `make check` ending).
#
# Run from the top of the repository by tests/run-unit.sh (make test), which
# counts its `ok NAME` and `FAIL NAME: ...` lines.  AWARD names the award
# binary to ask for its help (default build/award).  Needs only sh, make and
# grep; nothing is installed (apt-get is replaced by a stub that logs).

AWARD=${AWARD:-build/award}
# This script runs make itself: the outer make's flags (jobserver, BUILD=...)
# are not for it.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-build-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# A stub STUB-DIR/NAME that logs its arguments to STUB-DIR/NAME.log and
# exits with STATUS.
stub() {
    printf '#!/bin/sh\necho "$*" >>"%s/%s.log"\nexit %s\n' "$1" "$2" "$3" >"$1/$2"
    chmod +x "$1/$2"
}

# 1. bison and flex each run once for their pair of files, also when both
#    files of a pair are asked for at once (make -j started two runs of the
#    same command on the same files, a race).
b=$tmp/gen
out=$(make -n -j4 BUILD="$b" "$b/parser.c" "$b/parser.h" "$b/lexer.c" "$b/lexer.h" 2>&1)
nb=$(printf '%s\n' "$out" | grep -c '^bison ')
nf=$(printf '%s\n' "$out" | grep -c '^flex ')
if [ "$nb" -eq 1 ] && [ "$nf" -eq 1 ]; then ok one_bison_one_flex_run
else fail one_bison_one_flex_run "make -j4 would run bison $nb times and flex $nf times (once each expected):
$out"; fi

# 2. Every object waits for the generated headers (an object compiled before
#    parser.h exists fails under make -j): bison and flex come before the
#    first compile, whatever object is asked for first.
out=$(make -n BUILD="$b" "$b/main.o" "$b/ast.o" 2>&1)
first_cc=$(printf '%s\n' "$out" | grep -n -- ' -c -o ' | head -1 | cut -d: -f1)
last_gen=$(printf '%s\n' "$out" | grep -n -E '^(bison|flex) ' | tail -1 | cut -d: -f1)
if [ -n "$first_cc" ] && [ -n "$last_gen" ] && [ "$last_gen" -lt "$first_cc" ]; then
    ok objects_wait_for_generated_headers
else fail objects_wait_for_generated_headers "an object is compiled before bison and flex ran:
$out"; fi

# 3. With everything installed, the deps stamp is made without apt-get,
#    sudo or dpkg-query (here stubs that fail, as on a machine without them).
mkdir -p "$tmp/noapt"
for c in apt-get sudo dpkg-query; do stub "$tmp/noapt" "$c" 1; done
b=$tmp/noapt-build
if out=$(PATH="$tmp/noapt:$PATH" make BUILD="$b" "$b/.deps-ok" 2>&1) && [ -f "$b/.deps-ok" ] &&
   ! cat "$tmp"/noapt/*.log >/dev/null 2>&1; then
    ok deps_found_without_apt
else fail deps_found_without_apt "make BUILD=... .deps-ok ran apt-get, sudo or dpkg-query, or failed:
$out
$(cat "$tmp"/noapt/*.log 2>/dev/null)"; fi

# 4. What is missing is installed, and only that, with what and why (here
#    the C compiler is a stub that fails, so libcsv-dev, which has no
#    pkg-config file, is missing).
mkdir -p "$tmp/miss"
stub "$tmp/miss" apt 0
stub "$tmp/miss" cc 1
out=$(CC="$tmp/miss/cc" AWARD_DEPS_APT="$tmp/miss/apt" AWARD_DEPS_NO_SUDO=1 \
      sh tests/install-deps.sh flex bison libcsv-dev 2>&1)
if grep -q 'install -y -qq libcsv-dev$' "$tmp/miss/apt.log" 2>/dev/null &&
   printf '%s\n' "$out" | grep -q 'missing libcsv-dev, which reads CSV application data'; then
    ok deps_missing_installed_with_reason
else fail deps_missing_installed_with_reason "expected apt-get install libcsv-dev and the reason:
$out
$(cat "$tmp/miss/apt.log" 2>/dev/null)"; fi

# 5. The fuzzer runtime installed is the one of the clang that links: a
#    clang 17 that cannot link a fuzz target gets libclang-rt-17-dev, a
#    clang 13 libclang-common-13-dev (never a fixed libclang-rt-14-dev).
for v in 17 13; do
    d=$tmp/clang$v
    mkdir -p "$d"
    stub "$d" apt 0
    printf '#!/bin/sh\n[ "$1" = -dumpversion ] && { echo %s.0.1; exit 0; }\nexit 1\n' "$v" >"$d/clang"
    chmod +x "$d/clang"
    out=$(make --no-print-directory fuzz-deps FUZZ_CC="$d/clang" AWARD_DEPS_APT="$d/apt" \
          AWARD_DEPS_NO_SUDO=1 2>&1)
    want=libclang-rt-$v-dev
    [ "$v" -lt 14 ] && want=libclang-common-$v-dev
    if grep -q "install -y -qq $want\$" "$d/apt.log" 2>/dev/null &&
       ! grep -q 'libclang-rt-14' "$d/apt.log"; then
        ok "fuzz_runtime_of_clang_$v"
    else fail "fuzz_runtime_of_clang_$v" "expected apt-get install $want:
$out
$(cat "$d/apt.log" 2>/dev/null)"; fi
done

# 6. The code uses GNU C (unsigned __int128, __builtin_*_overflow): the
#    Makefile and fuzz.mk say -std=gnu11, and the same.
std_main=$(make --no-print-directory -s --eval='print-warn: ; @echo $(WARN)' print-warn |
           tr ' ' '\n' | grep '^-std=')
std_fuzz=$(make --no-print-directory -s -f fuzz.mk --eval='print-warn: ; @echo $(FUZZ_WARN_OWN)' print-warn |
           tr ' ' '\n' | grep '^-std=')
if grep -q -E '__int128|__builtin_' interp/*.c && [ "$std_main" != -std=gnu11 ]; then
    fail gnu_dialect "interp/ uses GNU C, but the Makefile says $std_main"
elif [ "$std_main" != "$std_fuzz" ]; then
    fail gnu_dialect "the Makefile says $std_main, fuzz.mk $std_fuzz"
else ok gnu_dialect; fi

# 7. No link out of the repository: ../shared/ (the project's domain notes
#    and seed documents) is not in a clone.  (bench/gen.c names it too, in a
#    comment: C files are not searched here.)
found=$(grep -rn -E '(\.\./)*shared/(domain|seeds)' README.md docs bench examples rules tests \
        --include='*.md' --include='*.award' --include='*.scenario' --include='*.sh' \
        --include='*.csv' --include='*.json' 2>/dev/null | grep -v '^tests/build/')
if [ -z "$found" ]; then ok no_links_outside_repository
else fail no_links_outside_repository "these point outside the repository:
$found"; fi

# 8. docs/language.md section 14 shows every command of `award help` and
#    every option of each.
sect=$(sed -n '/^## 14\./,/^## 15\./p' docs/language.md)
if [ ! -x "$AWARD" ]; then
    fail cli_doc_complete "no $AWARD to ask for its help (set AWARD)"
else
    missing=""
    for c in $("$AWARD" help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
        printf '%s\n' "$sect" | grep -q "award $c" || missing="$missing award-$c"
        for o in $("$AWARD" help "$c" 2>/dev/null | grep -o -E -- '(^| |\[)--[a-z][a-z-]*' | tr -d ' [' | sort -u); do
            printf '%s\n' "$sect" | grep -q -- "$o" || missing="$missing $c:$o"
        done
    done
    if [ -z "$missing" ]; then ok cli_doc_complete
    else fail cli_doc_complete "docs/language.md section 14 lacks:$missing"; fi
fi

# 9. The README's `make check` ending has every closing line the suite
#    prints: unit, e2e, differential, tests, asan, and the fuzz stage.
missing=""
for l in 'unit: [0-9]+ passed' 'e2e: [0-9]+ passed' 'differential: [0-9]+ passed' \
         'tests: [0-9]+ passed' 'asan: [0-9]+ passed' 'fuzz-regress: fuzz_[a-z_]+: [0-9]+ inputs passed' \
         'fuzz: [0-9]+ passed, 0 failed'; do
    grep -q -E "^$l" README.md || missing="$missing '$l'"
done
if [ -z "$missing" ]; then ok readme_check_ending
else fail readme_check_ending "README.md lacks the lines$missing"; fi

# 10. Section 7.10 and section 18 agree: any(...), all(...) and the
#     quantifiers follow the rules of absent values (eval.c: ev_quant and
#     FN_ANY/FN_ALL), so 7.10 must not send the reader to 17 for an exception.
s710=$(sed -n '/^### 7\.10/,/^### 7\.11/p' docs/language.md)
if printf '%s\n' "$s710" | grep -q -E 'do not follow|18-known-issues'; then
    fail absent_any_all_doc "section 7.10 still says any/all do not follow the absent-value rules"
elif ! printf '%s\n' "$s710" | grep -q 'any(' ; then
    fail absent_any_all_doc "section 7.10 does not say how any(...) and all(...) treat absent values"
else ok absent_any_all_doc; fi

# 11. Every in-page link of the docs (#anchor) names a heading that exists.
bad=""
for f in README.md docs/*.md; do
    for a in $(grep -o -E '\]\(#[^)]+\)' "$f" | sed 's/^](#//; s/)$//' | sort -u); do
        # GitHub's anchors: lower case, punctuation dropped, spaces to -.
        grep -E '^#+ ' "$f" | sed 's/^#* //' | tr 'A-Z' 'a-z' |
            sed 's/[^a-z0-9 _-]//g; s/ /-/g' | grep -q -x -- "$a" || bad="$bad $f#$a"
    done
done
if [ -z "$bad" ]; then ok doc_anchors_resolve
else fail doc_anchors_resolve "no heading for:$bad"; fi

[ "$failures" -eq 0 ]

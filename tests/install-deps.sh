#!/bin/sh
# install-deps.sh -- make sure what award's build and tests need is there, and
# install (from Debian's packages) only what is missing.
#
# Usage: install-deps.sh REQUIREMENT...
#
# Each REQUIREMENT is named after the Debian package that provides it, but is
# looked for the way the build uses it, so that a machine that got it some
# other way (another distribution, a source build, Homebrew) is not sent to
# apt-get:
#   a command (flex, bison, python3, clang, valgrind ...)  command -v
#   libcsv-dev, libyajl-dev, libutf8proc-dev, libcmocka-dev, libthai-dev
#                      pkg-config when it knows the library, else a tiny C
#                      program compiled and linked with $CC (default cc)
#   libthai-data       libthai opens its word-break dictionary (a program
#                      linked with -lthai and run), else, where that program
#                      cannot be built, the file thbrk.tri is in
#                      $LIBTHAI_DICTDIR or /usr/share/libthai
#   libxlsxwriter-dev  as the libraries above
#   gettext            msgfmt and xgettext are commands
#   chromium           the command
#   fonts-thai-tlwg    fontconfig knows a font for Thai (fc-list :lang=th)
#   python3-openpyxl   Debian's python3 (or the python3 first on PATH) imports it
#   fuzzer-runtime     $FUZZ_CC (default clang) can link a libFuzzer target
#                      with -fsanitize=fuzzer,address,undefined; the Debian
#                      package is the compiler-rt of that clang's own major
#                      version (libclang-rt-N-dev, or libclang-common-N-dev
#                      before LLVM 14), and clang itself comes first
# Anything else is taken as a Debian package name and asked of dpkg-query.
#
# Only when something is missing does it say what and why, and run apt-get
# (through sudo when not root).  Where apt-get is not there, it names what to
# install and exits 1.  Exit 0 when everything is there.
#
# For the tests (tests/build/), AWARD_DEPS_APT names another apt-get to run
# (with the same arguments) and AWARD_DEPS_NO_SUDO=1 does without sudo.

CC=${CC:-cc}
FUZZ_CC=${FUZZ_CC:-clang}
APT=${AWARD_DEPS_APT:-apt-get}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/award-deps.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# why PACKAGE: what award needs it for, for the message before installing.
why() {
    case "$1" in
    flex)            echo "generates the scanner from grammar/lexer.l" ;;
    bison)           echo "generates the parser from grammar/parser.y" ;;
    libcsv-dev)      echo "reads CSV application data" ;;
    libyajl-dev)     echo "reads JSON application data" ;;
    libutf8proc-dev) echo "measures Thai text as it is displayed" ;;
    libcmocka-dev)   echo "runs the unit tests" ;;
    libthai-dev)     echo "splits Thai text into words, to count them" ;;
    libthai-data)    echo "holds the Thai dictionary that words are found with" ;;
    python3)         echo "runs the differential tests of the readers" ;;
    libxlsxwriter-dev) echo "writes Excel workbooks (--format xlsx)" ;;
    gettext)         echo "compiles the translated messages (po/*.po)" ;;
    chromium)        echo "opens the HTML report in the tests, as a reader would" ;;
    fonts-thai-tlwg) echo "draws Thai in the HTML report's test screenshots" ;;
    python3-openpyxl) echo "reads the written .xlsx back in the tests" ;;
    clang)           echo "builds the fuzz targets" ;;
    libclang-rt-*|libclang-common-*)
                     echo "holds the fuzzer and sanitizer runtime of $FUZZ_CC" ;;
    valgrind)        echo "runs make valgrind" ;;
    *)               echo "the build needs" ;;
    esac
}

# probe HEADER LIB: a program including HEADER compiles and links with -lLIB.
probe() {
    printf '#include <stddef.h>\n#include <stdint.h>\n#include <stdarg.h>\n#include <setjmp.h>\n#include <%s>\nint main(void) { return 0; }\n' "$1" \
        >"$tmp/probe.c"
    $CC -o "$tmp/probe" "$tmp/probe.c" "-l$2" >/dev/null 2>&1
}

# library PKG-CONFIG-NAME HEADER LIB
library() {
    if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1" 2>/dev/null; then
        return 0
    fi
    probe "$2" "$3"
}

# thai_dict: libthai finds its dictionary, as award will when it counts words.
thai_dict() {
    printf '#include <thai/thbrk.h>\nint main(void) { ThBrk *b = th_brk_new(0); if (!b) return 1; th_brk_delete(b); return 0; }\n' \
        >"$tmp/dict.c"
    if $CC -o "$tmp/dict" "$tmp/dict.c" -lthai >/dev/null 2>&1; then
        "$tmp/dict"
    else
        [ -f "${LIBTHAI_DICTDIR:-/usr/share/libthai}/thbrk.tri" ]
    fi
}

# fuzzer_links: FUZZ_CC links a libFuzzer target with the sanitizers.
fuzzer_links() {
    printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
        >"$tmp/fuzz.c"
    $FUZZ_CC -fsanitize=fuzzer,address,undefined -o "$tmp/fuzz" "$tmp/fuzz.c" >/dev/null 2>&1
}

# present REQUIREMENT: 0 when it is there.
present() {
    case "$1" in
    libcsv-dev)      probe csv.h csv ;;
    libyajl-dev)     library yajl yajl/yajl_parse.h yajl ;;
    libutf8proc-dev) library libutf8proc utf8proc.h utf8proc ;;
    libcmocka-dev)   library cmocka cmocka.h cmocka ;;
    libthai-dev)     library libthai thai/thbrk.h thai ;;
    libthai-data)    thai_dict ;;
    libxlsxwriter-dev) library xlsxwriter xlsxwriter.h xlsxwriter ;;
    gettext)         command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 ;;
    chromium)        command -v chromium >/dev/null 2>&1 ;;
    fonts-thai-tlwg) command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=th family)" ] ;;
    python3-openpyxl) /usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || python3 -c 'import openpyxl' >/dev/null 2>&1 ;;
    fuzzer-runtime)  command -v "$FUZZ_CC" >/dev/null 2>&1 && fuzzer_links ;;
    flex|bison|python3|clang|valgrind|pkg-config|make|gcc|git)
                     command -v "$1" >/dev/null 2>&1 ;;
    *)               dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" ;;
    esac
}

# install PACKAGE...: say what and why, then apt-get them.
install() {
    for p in "$@"; do echo "install-deps: missing $p, which $(why "$p")"; done
    if ! command -v "$APT" >/dev/null 2>&1; then
        echo "install-deps: apt-get is not available here: install $* (or what provides it on this system), then run make again" >&2
        exit 1
    fi
    echo "install-deps: installing $* with apt-get"
    if [ "$(id -u)" = 0 ] || [ "${AWARD_DEPS_NO_SUDO:-}" = 1 ]; then SUDO=""; else SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO "$APT" update -qq >/dev/null || exit 1
    # shellcheck disable=SC2086
    $SUDO "$APT" install -y -qq "$@" >/dev/null || {
        echo "install-deps: apt-get could not install $*" >&2
        exit 1
    }
}

# The compiler-rt package of FUZZ_CC's own major version.
runtime_package() {
    major=$($FUZZ_CC -dumpversion 2>/dev/null | cut -d. -f1)
    case "$major" in
    ''|*[!0-9]*)
        echo "install-deps: cannot tell the version of $FUZZ_CC (from $FUZZ_CC -dumpversion)" >&2
        exit 1 ;;
    esac
    # LLVM 14 and later ship the runtime as libclang-rt-N-dev; older ones
    # inside libclang-common-N-dev.
    if [ "$major" -ge 14 ]; then echo "libclang-rt-$major-dev"; else echo "libclang-common-$major-dev"; fi
}

missing=""
for r in "$@"; do
    [ "$r" = fuzzer-runtime ] && continue
    present "$r" || missing="$missing $r"
done
# shellcheck disable=SC2086
[ -z "$missing" ] || install $missing
for r in "$@"; do
    [ "$r" = fuzzer-runtime ] || continue
    present fuzzer-runtime && continue
    if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
        [ "$FUZZ_CC" = clang ] || {
            echo "install-deps: $FUZZ_CC (FUZZ_CC) is not installed" >&2
            exit 1
        }
        install clang
    fi
    present fuzzer-runtime && continue
    pkg=$(runtime_package) || exit 1
    install "$pkg"
    present fuzzer-runtime || {
        echo "install-deps: $FUZZ_CC still cannot link a libFuzzer target (-fsanitize=fuzzer,address,undefined)" >&2
        exit 1
    }
done
exit 0

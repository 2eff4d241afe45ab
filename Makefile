# Makefile for award: a rule language for yearly award criteria.
#
#   make          build ./award
#   make demo     install what is missing, build, and evaluate the shipped examples
#   make check    install what is missing, build, and run every test, then
#                 all of them again under AddressSanitizer + UBSan, then every
#                 fuzz seed and reproducer through the fuzz targets (the same
#                 as `make -j4 check`, which is safe)
#   make deps     only look for what the build needs; install what is missing
#   make test     the tests once, without the sanitizer run
#   make asan     the whole test suite under AddressSanitizer + UBSan
#   make valgrind the whole test suite under valgrind (zero leaks, zero errors)
#   make fuzz     run each libFuzzer target for FUZZ_SECONDS (see fuzz.mk)
#
# Generated scanner and parser C go to $(BUILD); nothing generated is committed.
# Parallel builds (make -j) are safe: every generated file has one rule that
# makes it, and everything that includes one waits for it.

BUILD   ?= build
CC      ?= cc
# GNU C11, not ISO C11: the code needs a GNU C compiler (gcc or clang) for
# unsigned __int128 (dec.c: exact 38-digit decimals), __builtin_add/sub/
# mul_overflow (dec.c: overflow checks without undefined behaviour),
# __builtin_ctzll (data_csv.c) and __attribute__((format, noinline,
# always_inline)); -std=c11 accepted them only because their names are
# reserved, which hid that the dialect is GNU's.  fuzz.mk says the same.
WARN    := -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wpointer-arith -Wformat=2 \
           -Wundef -Wvla -Werror
OPT     ?= -O2 -g -flto=auto
SAN     ?=
CFLAGS  ?=
# LOCALEDIR: where the binary finds the compiled translations (see the
# translations block near the end; AWARD_LOCALEDIR overrides it at run time).
ALL_CFLAGS = $(WARN) $(OPT) $(SAN) -D_POSIX_C_SOURCE=200809L -DLOCALEDIR='"$(abspath $(BUILD))/locale"' \
             -Iinterp -I$(BUILD) $(CFLAGS)
LIBS    := -lcsv -lyajl -lutf8proc -lthai -lxlsxwriter
TESTLIBS:= -lcmocka
LABEL   ?= tests
VALGRIND?= valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99

# What the build and the tests need, by Debian package name; install-deps.sh
# looks for each the way the build uses it (command -v, pkg-config, a test
# compile with $(CC)) and runs apt-get only for what is missing.
DEB_PKGS := flex bison libcsv-dev libyajl-dev libutf8proc-dev libcmocka-dev python3 \
            libthai-dev libthai-data libxlsxwriter-dev gettext
DEPS_OK  := $(BUILD)/.deps-ok
# What only the tests need: a browser and a Thai font to look at the HTML
# report, and a reader of .xlsx files no one here wrote.  `make demo` does not
# install them.
TEST_PKGS := chromium fonts-thai-tlwg python3-openpyxl
TEST_DEPS_OK := $(BUILD)/.test-deps-ok

LIB_SRCS := $(filter-out interp/main.c,$(wildcard interp/*.c))
LIB_OBJS := $(patsubst interp/%.c,$(BUILD)/%.o,$(LIB_SRCS)) \
            $(BUILD)/parser.o $(BUILD)/lexer.o
TEST_SRCS:= $(wildcard tests/unit/test_*.c)
TESTS    := $(patsubst tests/unit/%.c,$(BUILD)/%,$(TEST_SRCS))
# Tests of the build itself and of the docs (shell), counted with the unit tests.
BUILD_TESTS := $(wildcard tests/build/test_*.sh)

.PHONY: all deps demo check test unit e2e differential asan valgrind clean
.DELETE_ON_ERROR:

all: award

# Copied through a temporary name, so that ./award is never half written
# (a test or demo running it meanwhile sees the old one or the new one).
award: $(BUILD)/award
	cp $< $<.copy && mv -f $<.copy $@

$(BUILD)/award: $(BUILD)/main.o $(BUILD)/libaward.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libaward.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

# Look for what the build needs, and install what is missing, once per
# build directory.
deps: $(DEPS_OK)
$(DEPS_OK):
	@mkdir -p $(BUILD)
	@CC="$(CC)" sh tests/install-deps.sh $(DEB_PKGS)
	@touch $@
$(TEST_DEPS_OK): $(DEPS_OK)
	@CC="$(CC)" sh tests/install-deps.sh $(TEST_PKGS)
	@touch $@

# One run of bison makes both parser.c and parser.h, one run of flex both
# lexer.c and lexer.h.  A pattern rule with two targets says so to any GNU
# make (a rule with two explicit targets would mean two separate runs, and
# make -j started both at once on the same files).
$(BUILD)/%.c $(BUILD)/%.h: grammar/%.y $(DEPS_OK)
	bison -Wall -Werror --defines=$(BUILD)/$*.h -o $(BUILD)/$*.c $<

$(BUILD)/%.c $(BUILD)/%.h: grammar/%.l $(DEPS_OK)
	flex --header-file=$(BUILD)/$*.h -o $(BUILD)/$*.c $<

# Named here so that make keeps them (not intermediate files of the pattern
# rules): the .d files and the objects refer to them.
.SECONDARY: $(BUILD)/parser.c $(BUILD)/parser.h $(BUILD)/lexer.c $(BUILD)/lexer.h

# Generated code is not ours to make warning-free to our own standard.
GEN_CFLAGS = $(filter-out -Wmissing-prototypes -Wshadow -Wundef,$(ALL_CFLAGS)) \
             -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter

$(BUILD)/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h
	$(CC) $(GEN_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h
	$(CC) $(GEN_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: interp/%.c $(BUILD)/parser.h $(BUILD)/lexer.h $(DEPS_OK)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(BUILD)/libaward.a
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(BUILD)/libaward.a $(LIBS) $(TESTLIBS)

# The readers against readers no one here wrote (Python's csv and json
# modules), over generated hostile inputs: see tests/differential/.
$(BUILD)/data_dump: tests/differential/data_dump.c $(BUILD)/libaward.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libaward.a $(LIBS)

-include $(wildcard $(BUILD)/*.d)

demo: award
	@sh examples/demo.sh ./award

unit: $(TESTS) $(BUILD)/award $(TEST_DEPS_OK)
	@COUNTS=$(BUILD)/unit.counts LOGDIR=$(BUILD) AWARD=$(BUILD)/award \
	    sh tests/run-unit.sh $(RUNNER) -- $(TESTS) $(BUILD_TESTS)

e2e: $(BUILD)/award
	@COUNTS=$(BUILD)/e2e.counts sh tests/run-e2e.sh "$(RUNNER) $(BUILD)/award"

differential: $(BUILD)/data_dump
	@COUNTS=$(BUILD)/differential.counts sh tests/differential/run.sh "$(RUNNER) $(BUILD)/data_dump"

# The closing line counts every unit test and every end-to-end case.
test: $(BUILD)/award unit e2e differential
	@cat $(BUILD)/unit.counts $(BUILD)/e2e.counts $(BUILD)/differential.counts | \
	    awk '{p += $$1; f += $$2} END {printf "$(LABEL): %d passed, %d failed\n", p, f}'

ASAN_FLAGS = LABEL=asan BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
             SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

# Everything, then everything again under AddressSanitizer + UBSan, then
# every fuzz seed and saved reproducer through the fuzz targets once.
# The mutation check runs once, in the plain pass: it asks whether the
# scenarios catch a changed rule, which the sanitizers cannot change, and
# under them its 800 runs of `award test` take most of the time of check.
check: test
	@E2E_NO_MUTATE=1 $(MAKE) --no-print-directory $(ASAN_FLAGS) test
	@$(MAKE) --no-print-directory fuzz-regress

asan:
	@$(MAKE) --no-print-directory $(ASAN_FLAGS) test

valgrind: $(DEPS_OK)
	@sh tests/install-deps.sh valgrind
	@E2E_NO_MUTATE=1 CSV_DIFF_COUNT=150 JSON_DIFF_INPUTS=150 $(MAKE) --no-print-directory LABEL=valgrind BUILD=build-vg OPT="-O1 -g" RUNNER="$(VALGRIND)" test

clean:
	rm -rf build build-asan build-vg build-fuzz award

# ---- Translations of the messages (GNU gettext; docs/translating.md) ----
# po/award.pot lists every message to translate; it is made from the sources
# by `make pot` and committed, so that a translator needs no build.  Each
# po/LANG.po is compiled into $(BUILD)/locale/LANG/LC_MESSAGES/award.mo,
# where the binary looks (LOCALEDIR in ALL_CFLAGS): a new language is one new
# .po file, found by the wildcard.  `make update-po` brings every .po up to
# date with the .pot (msgmerge), keeping what is translated.
PO_FILES := $(wildcard po/*.po)
MO_FILES := $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/award.mo,$(PO_FILES))
# The files whose messages are translated so far: the checker of rule files
# and its front end, the usage errors of the command line, the data errors
# of evaluation (the evaluator, the readers of CSV and JSON, the output
# file), the words of explanations, of the results table and of the report
# page, and the scenario runner.
POT_SRCS := interp/diag.h interp/diag.c interp/check.c interp/syntax_error.c interp/load.c \
            interp/extend.c interp/lex_filter.c interp/parse.c interp/ast.c grammar/parser.y \
            grammar/lexer.l interp/cli.c interp/main.c $(sort $(wildcard interp/cmd_*.c)) \
            interp/eval.c interp/eval_record.c interp/eval_fields.c interp/builtins.c \
            interp/data.c interp/data_csv.c interp/data_json.c interp/outfile.c \
            interp/explain_text.c interp/explain_html.c interp/explain_json.c interp/report.c \
            interp/report_html.c interp/scenario.c interp/scenario_csv.c
# The functions that translate their format (diag.c, cli.c; msg_add of
# eval.c, data_errorf of data.c, record_error of data_json.c) and the marks
# of i18n.h; po/exclude.pot holds formats that only pass on a translated text.
XGETTEXT_FLAGS := --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: --add-location=file \
                  --package-name=award '--msgid-bugs-address=the maintainers of award' -x po/exclude.pot \
                  --keyword=_ --keyword=N_ --keyword=P_:1,2 \
                  --keyword=diag_error:4 --keyword=diag_warning:4 --keyword=diag_note:4 \
                  --keyword=ERR:3 --keyword=WARN:3 --keyword=NOTE:3 \
                  --keyword=cli_usage_error:2 --keyword=cli_say:1 \
                  --keyword=msg_add:2 --keyword=data_errorf:3 --keyword=record_error:2 \
                  --flag=diag_error:4:c-format --flag=diag_warning:4:c-format --flag=diag_note:4:c-format \
                  --flag=ERR:3:c-format --flag=WARN:3:c-format --flag=NOTE:3:c-format \
                  --flag=cli_usage_error:2:c-format --flag=cli_say:1:c-format \
                  --flag=msg_add:2:c-format --flag=data_errorf:3:c-format --flag=record_error:2:c-format \
                  --flag=_:1:pass-c-format --flag=P_:1:pass-c-format --flag=P_:2:pass-c-format

# POT_OUT: elsewhere than po/award.pot, for tests/build/test_i18n.sh to
# see whether the committed catalogue is up to date.
POT_OUT ?= po/award.pot
.PHONY: pot update-po
pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT_OUT).new $(POT_SRCS)
	mv -f $(POT_OUT).new $(POT_OUT)

update-po: pot
	for po in $(PO_FILES); do msgmerge --quiet --update --backup=none $$po po/award.pot || exit 1; done

# --check: every format in a translation takes the arguments its English
# takes, and the header is whole.
$(BUILD)/locale/%/LC_MESSAGES/award.mo: po/%.po | $(DEPS_OK)
	@mkdir -p $(@D)
	msgfmt --check -o $@.new $< && mv -f $@.new $@

# Order-only: the binary does not contain the catalogues, but it and every
# test of it need them built.
$(BUILD)/award: | $(MO_FILES)
# ---- end of translations ----

include fuzz.mk

# fuzz.mk -- libFuzzer targets for award (included from the Makefile; also
# works on its own as `make -f fuzz.mk TARGET`).
#
#   make fuzz-deps     make sure FUZZ_CC (clang) can link a libFuzzer target;
#                      when it cannot, install clang and then the compiler-rt
#                      package of that clang's own version (tests/install-deps.sh)
#   make fuzz-build    build build-fuzz/libaward.a with clang and
#                      -fsanitize=fuzzer-no-link,address,undefined, then the
#                      fuzz targets of tests/fuzz/ against it
#   make fuzz          run every target for FUZZ_SECONDS (default 60) each,
#                      from its seed corpus and dictionary; new inputs go to
#                      build-fuzz/corpus/TARGET, crashes to
#                      build-fuzz/artifacts/TARGET/; prints the executions
#                      and appends a line (time, target, seconds it ran,
#                      executions, exit, the commit checked out when it
#                      started, -dirty with changes not committed) to
#                      build-fuzz/history.tsv, so
#                      the total fuzzing time of each target can be added up.
#                      Do not stop a running fuzzer (kill -STOP) for longer
#                      than -timeout: on resuming, libFuzzer reports the unit
#                      it was running as a timeout
#   make fuzz-regress  run every reproducer in tests/fuzz/regressions/TARGET/
#                      and every seed of tests/fuzz/corpus/TARGET/ through its
#                      target once (a few seconds: fit for `make check`)
#
# FUZZ_TARGETS=fuzz_csv limits `fuzz` and `fuzz-regress` to some targets.

FUZZ_MK       := $(lastword $(MAKEFILE_LIST))
FUZZ_BUILD    ?= build-fuzz
FUZZ_CC       ?= clang
FUZZ_OPT      ?= -O1 -g -fno-omit-frame-pointer
FUZZ_LIB_SAN  ?= -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_LINK_SAN ?= -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS  ?= 60
FUZZ_ARGS     ?=
FUZZ_DIR      := tests/fuzz
FUZZ_LIBS     := -lcsv -lyajl -lutf8proc -lthai -lxlsxwriter
# The project's warning set (the Makefile's WARN when included from it), and
# its dialect, GNU C11 (the Makefile says why).
FUZZ_WARN_OWN := -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
                 -Wmissing-prototypes -Wwrite-strings -Wpointer-arith -Wformat=2 \
                 -Wundef -Wvla -Werror
FUZZ_WARN     ?= $(if $(WARN),$(WARN),$(FUZZ_WARN_OWN))

# Each target, its -max_len (the shipped rule files are under 16 KiB).
FUZZ_TARGETS  ?= fuzz_rules fuzz_csv fuzz_json fuzz_eval fuzz_eval_participatory
FUZZ_MAXLEN_fuzz_rules              := 16384
FUZZ_MAXLEN_fuzz_csv                := 8192
FUZZ_MAXLEN_fuzz_json               := 8192
FUZZ_MAXLEN_fuzz_eval               := 8192
FUZZ_MAXLEN_fuzz_eval_participatory := 8192
FUZZ_DICT_fuzz_rules                := $(FUZZ_DIR)/rules.dict
FUZZ_DICT_fuzz_csv                  := $(FUZZ_DIR)/csv.dict
FUZZ_DICT_fuzz_json                 := $(FUZZ_DIR)/json.dict
FUZZ_DICT_fuzz_eval                 := $(FUZZ_DIR)/eval.dict
FUZZ_DICT_fuzz_eval_participatory   := $(FUZZ_DIR)/eval.dict
FUZZ_SRC_fuzz_rules                 := $(FUZZ_DIR)/fuzz_rules.c
FUZZ_SRC_fuzz_csv                   := $(FUZZ_DIR)/fuzz_csv.c
FUZZ_SRC_fuzz_json                  := $(FUZZ_DIR)/fuzz_json.c
FUZZ_SRC_fuzz_eval                  := $(FUZZ_DIR)/fuzz_eval.c
FUZZ_SRC_fuzz_eval_participatory    := $(FUZZ_DIR)/fuzz_eval.c
FUZZ_DEF_fuzz_eval_participatory    := -DFUZZ_EVAL_PARTICIPATORY

FUZZ_ALL      := fuzz_rules fuzz_csv fuzz_json fuzz_eval fuzz_eval_participatory
FUZZ_BINS     := $(addprefix $(FUZZ_BUILD)/,$(FUZZ_ALL))
FUZZ_HDRS     := $(wildcard $(FUZZ_DIR)/*.h)
FUZZ_CFLAGS    = $(FUZZ_WARN) $(FUZZ_OPT) -D_POSIX_C_SOURCE=200809L \
                 -DFUZZ_RULES_DIR='"$(CURDIR)/rules/2558"' -Iinterp -I$(FUZZ_BUILD)
FUZZ_ENV      := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
                 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

.PHONY: fuzz-deps fuzz-build fuzz-bins fuzz fuzz-regress fuzz-clean

# The runtime must match the clang that links (libclang-rt-14-dev serves
# clang 14 only), so it is chosen from FUZZ_CC's version, not named here.
fuzz-deps:
	@FUZZ_CC="$(FUZZ_CC)" sh tests/install-deps.sh fuzzer-runtime

# The library is built by the Makefile's own rules, in its own directory;
# the targets are linked by a second make that sees the finished library.
# (Its bison and flex rule makes each generated pair in one run, so a
# parallel make does not race on them.)
fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    OPT="$(FUZZ_OPT)" SAN="$(FUZZ_LIB_SAN)" $(FUZZ_BUILD)/libaward.a
	@$(MAKE) --no-print-directory -f $(FUZZ_MK) FUZZ_WARN="$(FUZZ_WARN)" fuzz-bins

fuzz-bins: $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/libaward.a $(FUZZ_HDRS) $(FUZZ_DIR)/fuzz_rules.c \
                      $(FUZZ_DIR)/fuzz_csv.c $(FUZZ_DIR)/fuzz_json.c $(FUZZ_DIR)/fuzz_eval.c
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LINK_SAN) $(FUZZ_DEF_$(notdir $@)) -o $@ \
	    $(FUZZ_SRC_$(notdir $@)) $(FUZZ_BUILD)/libaward.a $(FUZZ_LIBS)

# One target after another, FUZZ_SECONDS each.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    case $$t in \
	    fuzz_rules) m=$(FUZZ_MAXLEN_fuzz_rules); d=$(FUZZ_DICT_fuzz_rules);; \
	    fuzz_csv) m=$(FUZZ_MAXLEN_fuzz_csv); d=$(FUZZ_DICT_fuzz_csv);; \
	    fuzz_json) m=$(FUZZ_MAXLEN_fuzz_json); d=$(FUZZ_DICT_fuzz_json);; \
	    *) m=$(FUZZ_MAXLEN_fuzz_eval); d=$(FUZZ_DICT_fuzz_eval);; \
	    esac; \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts/$$t $(FUZZ_DIR)/corpus/$$t; \
	    log=$(FUZZ_BUILD)/$$t.log; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS)s (log $$log)"; \
	    t0=$$(date +%s); \
	    rev=$$(git describe --always --dirty 2>/dev/null); \
	    $(FUZZ_ENV) $(FUZZ_BUILD)/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$$m \
	        -timeout=10 -rss_limit_mb=2048 -dict=$$d -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t/ $(FUZZ_ARGS) \
	        $(FUZZ_BUILD)/corpus/$$t $(FUZZ_DIR)/corpus/$$t >$$log 2>&1; \
	    rc=$$?; \
	    secs=$$(( $$(date +%s) - t0 )); \
	    execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log); \
	    cov=$$(grep -E '^#[0-9]+' $$log | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+'); \
	    echo "fuzz: $$t: $${execs:-?} executions in $${secs}s, $$cov"; \
	    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$$(date -u +%Y-%m-%dT%H:%M:%SZ)" $$t \
	        $$secs "$${execs:-?}" $$rc "$$rev" \
	        >>$(FUZZ_BUILD)/history.tsv; \
	    if [ $$rc -ne 0 ]; then \
	        echo "fuzz: $$t FAILED (exit $$rc); see $$log and $(FUZZ_BUILD)/artifacts/$$t/"; \
	        grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz check failed|.*runtime error)' $$log | head -5; \
	        fail=1; \
	    fi; \
	done; exit $${fail:-0}

# Every reproducer and every seed, once each.
fuzz-regress: fuzz-build
	@fail=0; passed=0; failed=0; for t in $(FUZZ_TARGETS); do \
	    files=$$(find $(FUZZ_DIR)/regressions/$$t $(FUZZ_DIR)/corpus/$$t -type f 2>/dev/null | sort); \
	    [ -n "$$files" ] || continue; \
	    n=$$(echo "$$files" | wc -l); \
	    log=$(FUZZ_BUILD)/$$t.regress.log; \
	    if $(FUZZ_ENV) $(FUZZ_BUILD)/$$t -timeout=10 -rss_limit_mb=2048 $$files >$$log 2>&1; then \
	        echo "fuzz-regress: $$t: $$n inputs passed"; \
	        passed=$$((passed + n)); \
	    else \
	        echo "fuzz-regress: $$t FAILED; see $$log"; \
	        failed=$$((failed + 1)); \
	        grep -E '^(Running:|==[0-9]+==ERROR|SUMMARY|fuzz check failed|.*runtime error)' $$log | tail -4; \
	        fail=1; \
	    fi; \
	done; echo "fuzz: $$passed passed, $$failed failed"; exit $$fail

fuzz-clean:
	rm -rf $(FUZZ_BUILD)

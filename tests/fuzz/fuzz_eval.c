/* fuzz_eval.c -- libFuzzer target: bytes read as applications (CSV or JSON,
 * chosen as `award eval` chooses) and evaluated against a shipped rule file,
 * then the agency-level results; every result is read through, and no block
 * of mem.h may stay live once the evaluator is freed.
 *
 * The rule file is loaded once: rules/2558/public-service.award, or
 * participatory.award when built with -DFUZZ_EVAL_PARTICIPATORY (the
 * fuzz_eval_participatory target), or the file named by the environment
 * variable AWARD_FUZZ_RULES (a path) when set. */
#include "fuzz_common.h"

#ifdef FUZZ_EVAL_PARTICIPATORY
#define FUZZ_EVAL_RULES "participatory.award"
#else
#define FUZZ_EVAL_RULES "public-service.award"
#endif

static Rules *fuzz_rules;
static Diags *fuzz_diags;
/* Taken once: eval_schema allocates its array in the Rules' arena on every
 * call (eval.c), so calling it once per input grows the Rules without bound
 * and trips the live-block check below. */
static DataSchema fuzz_schema;

typedef struct Run {
    Evaluator *ev;
    FuzzRecords fr;
    unsigned hash;
    size_t agency_results;
} Run;

static int on_record(void *ctx, const RawRecord *rec)
{
    Run *run = ctx;
    fuzz_check_record(&run->fr, rec);
    const AppResult *res = eval_record(run->ev, rec, "fuzz");
    run->hash += fuzz_touch_result(fuzz_rules, res);
    FUZZ_CHECK(!res->agency_row, "eval_record gave an agency row");
    FUZZ_CHECK(res->line == rec->line, "result on line %zu, record on line %zu",
               res->line, rec->line);
    return 0;
}

static void on_agency(void *ctx, const AppResult *res)
{
    Run *run = ctx;
    run->hash += fuzz_touch_result(fuzz_rules, res);
    FUZZ_CHECK(res->agency_row, "eval_finish gave an application row");
    run->agency_results++;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("AWARD_FUZZ_RULES");
    if (path && *path) {
        fuzz_diags = diag_new();
        fuzz_rules = check_load(path, fuzz_diags);
        if (!fuzz_rules || diag_count(fuzz_diags, DIAG_ERROR)) {
            diag_print(fuzz_diags, stderr);
            exit(1);
        }
    } else {
        fuzz_rules = fuzz_load_rules(FUZZ_EVAL_RULES, &fuzz_diags);
    }
    Evaluator *ev = eval_new(fuzz_rules);
    fuzz_schema = eval_schema(ev);
    eval_free(ev);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    long before = mem_live_blocks();
    char *copy;
    FILE *in = fuzz_open_input(data, size, &copy);
    Run run = { 0 };
    run.ev = eval_new(fuzz_rules);
    run.fr.nfields = fuzz_schema.count;
    char err[512];
    int rc = data_read(in, "fuzz", DATA_AUTO, &fuzz_schema, on_record, &run, err, sizeof err);
    FUZZ_CHECK(rc == 0 || rc == -1, "data_read returned %d", rc);
    size_t n = eval_finish(run.ev, on_agency, &run);
    FUZZ_CHECK(n == run.agency_results, "eval_finish says %zu, gave %zu", n, run.agency_results);
    FUZZ_CHECK(eval_count(run.ev) == run.fr.records, "eval_count %zu, records %zu",
               eval_count(run.ev), run.fr.records);
    FUZZ_CHECK(eval_errors(run.ev) <= eval_count(run.ev), "more errors than applications");
    eval_free(run.ev);
    fclose(in);
    free(copy);
    long after = mem_live_blocks();
    FUZZ_CHECK(after == before, "%ld blocks live after the input, %ld before", after, before);
    return 0;
}

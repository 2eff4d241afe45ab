/* fuzz_rules.c -- libFuzzer target: a rule file's bytes through the parser
 * and the checker, every message printed (to /dev/null), then everything
 * freed; no block of mem.h may stay live.
 *
 * When the rules check without errors, a few synthetic applications (every
 * input given the same text, the category picked by identifier) are also
 * evaluated, so odd but valid rules reach the evaluator.  Build with
 * -DFUZZ_RULES_NO_EVAL to leave that out. */
#include "fuzz_common.h"

#ifndef FUZZ_RULES_NO_EVAL
static void on_agency(void *ctx, const AppResult *res)
{
    unsigned *h = ctx;
    (void)res;
    *h += 1;
}

static void evaluate_some(const Rules *r)
{
    static const char *const values[] = { "1", "0", "true", "2558", "12.5",
                                          "99999999999999999.99", "-7", "1;2;3" };
    Evaluator *ev = eval_new(r);
    FUZZ_CHECK(ev != NULL, "eval_new failed on rules that check");
    DataSchema schema = eval_schema(ev);
    FUZZ_CHECK(schema.count == r->ninputs, "schema has %zu slots, rules %zu inputs",
               schema.count, r->ninputs);
    RawField *fields = calloc(schema.count + 1, sizeof *fields);
    if (!fields)
        abort();
    unsigned h = 0;
    size_t ncat = r->ncategories < 4 ? r->ncategories : 4;
    size_t number = 0;
    for (size_t v = 0; v <= sizeof values / sizeof *values; v++) {
        for (size_t c = 0; c < (ncat ? ncat : 1); c++) {
            for (size_t i = 0; i < schema.count; i++) {
                if (v == sizeof values / sizeof *values) {
                    fields[i] = (RawField){ .kind = RAW_ABSENT };
                } else {
                    const char *t = values[v];
                    fields[i] = (RawField){ .kind = RAW_TEXT, .text = t, .len = strlen(t) };
                }
            }
            if (ncat && r->slot_type >= 0) {
                const char *t = r->categories[c]->id;
                fields[r->slot_type] = (RawField){ .kind = RAW_TEXT, .text = t, .len = strlen(t) };
            }
            number++;
            char idbuf[32];
            int idlen = snprintf(idbuf, sizeof idbuf, "A%zu", number);
            if (r->slot_id >= 0)
                fields[r->slot_id] = (RawField){ .kind = RAW_TEXT, .text = idbuf, .len = (size_t)idlen };
            RawRecord rec = { .fields = fields, .items = NULL, .line = number + 1,
                              .number = number, .error = NULL };
            const AppResult *res = eval_record(ev, &rec, "fuzz");
            h += fuzz_touch_result(r, res);
        }
    }
    eval_finish(ev, on_agency, &h);
    eval_free(ev);
    free(fields);
    (void)h;
}
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_null_out();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    long before = mem_live_blocks();
    /* The Rules borrow the text: keep a copy alive until rules_free. */
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';

    Diags *d = diag_new();
    /* Named as if beside the 2565 rule files, so that a seed that extends
     * "../2558/public-service.award" reaches extend.c with a real base. */
    Rules *r = rules_parse(d, "rules/2565/fuzz.award", text, size);
    bool ok = false;
    if (r) {
        if (diag_count(d, DIAG_ERROR) == 0 || r->name)
            ok = check_rules(r, d) && diag_count(d, DIAG_ERROR) == 0;
        char buf[128];
        for (size_t i = 0; i < r->ninputs; i++)
            (void)kind_name(&r->inputs[i]->kind, buf, sizeof buf);
    }
    diag_sort(d);
    FILE *out = fuzz_null_out();
    diag_print(d, out);
    diag_print_summary(d, out);
    fflush(out);
#ifndef FUZZ_RULES_NO_EVAL
    if (r && ok)
        evaluate_some(r);
#else
    (void)ok;
#endif
    rules_free(r);
    diag_free(d);
    free(text);
    long after = mem_live_blocks();
    FUZZ_CHECK(after == before, "%ld blocks live after the input, %ld before", after, before);
    return 0;
}

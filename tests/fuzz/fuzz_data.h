/* fuzz_data.h -- the body of fuzz_csv.c and fuzz_json.c: bytes through one
 * reader with the schema of rules/2558/public-service.award, each record
 * checked against what data.h promises and counted. */
#ifndef AWARD_FUZZ_DATA_H
#define AWARD_FUZZ_DATA_H

#include "fuzz_common.h"

static Rules *fuzz_rules;
static Diags *fuzz_diags;
static Evaluator *fuzz_ev;
static DataSchema fuzz_schema;

static int on_record(void *ctx, const RawRecord *rec)
{
    fuzz_check_record(ctx, rec);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_rules = fuzz_load_rules("public-service.award", &fuzz_diags);
    fuzz_ev = eval_new(fuzz_rules);
    fuzz_schema = eval_schema(fuzz_ev);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    long before = mem_live_blocks();
    char *copy;
    FILE *in = fuzz_open_input(data, size, &copy);
    FuzzRecords fr = { .nfields = fuzz_schema.count };
    char err[512];
    memset(err, 0x55, sizeof err);
    int rc = data_read(in, "fuzz", FUZZ_DATA_FORMAT, &fuzz_schema, on_record, &fr,
                       err, sizeof err);
    FUZZ_CHECK(rc == 0 || rc == -1, "data_read returned %d", rc);
    if (rc < 0) {
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL, "error message not terminated");
        FUZZ_CHECK(err[0] != '\0', "empty error message");
    }
    fclose(in);
    free(copy);
    long after = mem_live_blocks();
    FUZZ_CHECK(after == before, "%ld blocks live after the input, %ld before", after, before);
    return 0;
}

#endif

/* fuzz_common.h -- helpers shared by the libFuzzer harnesses of award.
 *
 * Every harness is a single C file built by fuzz.mk against
 * build-fuzz/libaward.a.  The shipped rule files are found through the
 * environment variable AWARD_FUZZ_RULES_DIR, or else FUZZ_RULES_DIR, which
 * fuzz.mk sets to the absolute path of rules/2558 at build time. */
#ifndef AWARD_FUZZ_COMMON_H
#define AWARD_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "check.h"
#include "data.h"
#include "diag.h"
#include "eval.h"
#include "mem.h"

#ifndef FUZZ_RULES_DIR
#define FUZZ_RULES_DIR "rules/2558"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Stop the run with a message libFuzzer reports as a crash. */
#define FUZZ_CHECK(cond, ...)                                                 \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "fuzz check failed: %s (%s:%d): ", #cond,        \
                    __FILE__, __LINE__);                                      \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
            abort();                                                          \
        }                                                                     \
    } while (0)

/* Somewhere to print messages to: /dev/null, opened once. */
static inline FILE *fuzz_null_out(void)
{
    static FILE *out;
    if (!out) {
        out = fopen("/dev/null", "w");
        if (!out) {
            perror("/dev/null");
            abort();
        }
    }
    return out;
}

/* A read-only stream over a private copy of the input (fmemopen wants a
 * writable buffer and refuses size 0 on some C libraries).  *copy is to be
 * freed (with free) after fclose. */
static inline FILE *fuzz_open_input(const uint8_t *data, size_t size, char **copy)
{
    *copy = malloc(size + 1);
    if (!*copy)
        abort();
    if (size)
        memcpy(*copy, data, size);
    (*copy)[size] = '\0';
    FILE *in = size ? fmemopen(*copy, size, "r") : fopen("/dev/null", "r");
    if (!in) {
        perror("fmemopen");
        abort();
    }
    return in;
}

/* Load and check one shipped rule file (e.g. "public-service.award"). */
static inline Rules *fuzz_load_rules(const char *file, Diags **diags)
{
    const char *dir = getenv("AWARD_FUZZ_RULES_DIR");
    if (!dir || !*dir)
        dir = FUZZ_RULES_DIR;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    *diags = diag_new();
    Rules *r = check_load(path, *diags);
    if (!r || diag_count(*diags, DIAG_ERROR)) {
        diag_print(*diags, stderr);
        fprintf(stderr, "fuzz: cannot load %s (set AWARD_FUZZ_RULES_DIR to the "
                        "directory holding the 2558 rule files)\n", path);
        exit(1);
    }
    return r;
}

/* The schema of rules/2558/public-service.award, which the reader targets
 * read with.  The rules and their messages are kept for the whole run: the
 * schema's names live in the rules' arena. */
static inline DataSchema fuzz_public_service_schema(void)
{
    static Rules *rules;
    static Diags *diags;
    rules = fuzz_load_rules("public-service.award", &diags);
    Evaluator *ev = eval_new(rules);
    DataSchema schema = eval_schema(ev);
    eval_free(ev);
    return schema;
}

/* Touch every byte a record points to, so that ASan sees any bad pointer,
 * and check what data.h promises about each record. */
static inline unsigned fuzz_touch(const char *p, size_t n)
{
    unsigned h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * 31u + (unsigned char)p[i];
    return h;
}

typedef struct FuzzRecords {
    size_t nfields;       /* schema count */
    size_t records;       /* records seen */
    size_t last_line;
    unsigned hash;
} FuzzRecords;

static inline void fuzz_check_record(FuzzRecords *fr, const RawRecord *rec)
{
    FUZZ_CHECK(rec->number == fr->records + 1, "record number %zu after %zu records",
               rec->number, fr->records);
    FUZZ_CHECK(rec->line >= 1, "record %zu on line %zu", rec->number, rec->line);
    fr->records++;
    fr->last_line = rec->line;
    if (rec->error)
        fr->hash += fuzz_touch(rec->error, strlen(rec->error));
    for (size_t i = 0; i < fr->nfields; i++) {
        const RawField *f = &rec->fields[i];
        FUZZ_CHECK(f->kind <= RAW_ARRAY, "field %zu has kind %d", i, (int)f->kind);
        if (f->kind == RAW_ABSENT)
            continue;
        FUZZ_CHECK(f->text != NULL, "field %zu of kind %d has no text", i, (int)f->kind);
        fr->hash += fuzz_touch(f->text, f->len);
        if (f->kind == RAW_ARRAY) {
            for (uint32_t k = 0; k < f->count; k++) {
                const RawField *it = &rec->items[f->first + k];
                FUZZ_CHECK(it->kind != RAW_ABSENT && it->kind != RAW_ARRAY,
                           "array item of kind %d", (int)it->kind);
                fr->hash += fuzz_touch(it->text, it->len);
            }
        }
    }
}

/* Touch everything an AppResult points to. */
static inline unsigned fuzz_touch_result(const Rules *r, const AppResult *res)
{
    unsigned h = 0;
    FUZZ_CHECK(res != NULL, "no result");
    if (res->id)
        h += fuzz_touch(res->id, res->id_len);
    if (res->source)
        h += fuzz_touch(res->source, strlen(res->source));
    if (res->message)
        h += fuzz_touch(res->message, strlen(res->message));
    FUZZ_CHECK(!res->error || res->message, "a data error without a message");
    if (res->tier_id)
        h += fuzz_touch(res->tier_id, strlen(res->tier_id));
    /* with stages: where it stopped or waits, one of the rules' stages */
    FUZZ_CHECK(!res->stage || (res->stage->index < r->nstages && r->stages[res->stage->index] == res->stage),
               "a result at a stage that is not the rules'");
    FUZZ_CHECK(!(res->pending && res->stopped), "a result both pending and stopped");
    FUZZ_CHECK(!res->pending || !res->eligible, "a pending result that is eligible");
    if (res->stage)
        h += fuzz_touch(res->stage->id, strlen(res->stage->id));
    for (size_t i = 0; i < res->nfailed; i++) {
        FUZZ_CHECK(res->failed[i] != NULL, "failed[%zu] is NULL", i);
        h += res->failed[i]->index;
        if (res->failed[i]->message)
            h += fuzz_touch(res->failed[i]->message, strlen(res->failed[i]->message));
    }
    if (res->has_points) {
        for (size_t i = 0; i < r->nnodes; i++) {
            if (res->has_points[i])
                h += fuzz_touch((const char *)&res->points[i], sizeof res->points[i]);
            if (res->raw_points && res->has_points[i])
                h += fuzz_touch((const char *)&res->raw_points[i], sizeof res->raw_points[i]);
            if (res->cut)
                h += res->cut[i];
        }
    }
    if (res->tier)
        h += res->tier->index;
    return h;
}

#endif

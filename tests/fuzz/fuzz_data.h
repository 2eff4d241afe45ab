/* fuzz_data.h -- the body of fuzz_csv.c and fuzz_json.c: bytes through one
 * reader with the schema of rules/2558/public-service.award, each record
 * checked against what data.h promises and counted.
 *
 * With FUZZ_CSV_DIFF (fuzz_csv), every input is read twice: by the reader's
 * own split of simple lines (split_line in data_csv.c) and with every line
 * sent through libcsv (data_csv_direct_lines = false); the two readings must
 * give the same records.  An input without a `"` is read a third time with
 * every cell quoted, which must give the same records again. */
#ifndef AWARD_FUZZ_DATA_H
#define AWARD_FUZZ_DATA_H

#include "fuzz_common.h"
#ifdef FUZZ_CSV_DIFF
#include "data_source.h"
#endif

static Rules *fuzz_rules;
static Diags *fuzz_diags;
static DataSchema fuzz_schema;

/* A growable byte string, outside mem.h's counters. */
typedef struct Buf {
    char *p;
    size_t len, cap;
} Buf;

static void buf_add(Buf *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            abort();
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* v in decimal and a `|` (by hand: snprintf here was most of the target's
 * time once every input was read twice). */
static void buf_addf(Buf *b, size_t v)
{
    char t[32];
    char *p = t + sizeof t;
    *--p = '|';
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf_add(b, p, (size_t)(t + sizeof t - p));
}

typedef struct Ctx {
    FuzzRecords fr;
    Buf *out;   /* each record written out, for comparing two readings */
} Ctx;

static int on_record(void *ctx, const RawRecord *rec)
{
    Ctx *c = ctx;
    fuzz_check_record(&c->fr, rec);
    if (c->out) {
        Buf *b = c->out;
        buf_addf(b, rec->number);
        buf_addf(b, rec->line);
        if (rec->error)
            buf_add(b, rec->error, strlen(rec->error));
        buf_add(b, "\n", 1);
        for (size_t i = 0; i < fuzz_schema.count; i++) {
            const RawField *f = &rec->fields[i];
            buf_addf(b, (size_t)f->kind);
            buf_addf(b, f->len);
            if (f->kind != RAW_ABSENT)
                buf_add(b, f->text, f->len);
            buf_add(b, "\n", 1);
        }
    }
    return 0;
}

/* Read `data` once; the records written to `out` when not NULL. */
static int read_once(const uint8_t *data, size_t size, Buf *out, char *err, size_t errsize)
{
    long before = mem_live_blocks();
    char *copy;
    FILE *in = fuzz_open_input(data, size, &copy);
    Ctx c = { .fr = { .nfields = fuzz_schema.count }, .out = out };
    memset(err, 0x55, errsize);
    int rc = data_read(in, "fuzz", FUZZ_DATA_FORMAT, &fuzz_schema, on_record, &c,
                       err, errsize);
    FUZZ_CHECK(rc == 0 || rc == -1, "data_read returned %d", rc);
    if (rc < 0) {
        FUZZ_CHECK(memchr(err, '\0', errsize) != NULL, "error message not terminated");
        FUZZ_CHECK(err[0] != '\0', "empty error message");
    }
    fclose(in);
    free(copy);
    long after = mem_live_blocks();
    FUZZ_CHECK(after == before, "%ld blocks live after the input, %ld before", after, before);
    if (out) {
        buf_add(out, "rc ", 3);
        buf_addf(out, (size_t)(rc + 1));
        if (rc < 0)
            buf_add(out, err, strlen(err));
    }
    return rc;
}

#ifdef FUZZ_CSV_DIFF
static bool blank(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* The same CSV with every cell of every non-blank line quoted (without
 * the spaces and tabs around it, which quoting would keep). */
static void quote_cells(const uint8_t *data, size_t size, Buf *q)
{
    size_t i = 0;
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        buf_add(q, data, 3);
        i = 3;
    }
    while (i < size) {
        size_t start = i;
        while (i < size && data[i] != '\n' && data[i] != '\r')
            i++;
        size_t end = i;
        if (i < size && data[i] == '\r' && i + 1 < size && data[i + 1] == '\n')
            i += 2;
        else if (i < size)
            i++;
        if (blank(data + start, end - start)) {
            buf_add(q, data + start, i - start);
            continue;
        }
        size_t p = start;
        for (;;) {
            size_t comma = p;
            while (comma < end && data[comma] != ',')
                comma++;
            size_t a = p, z = comma;
            while (a < z && (data[a] == ' ' || data[a] == '\t'))
                a++;
            while (z > a && (data[z - 1] == ' ' || data[z - 1] == '\t'))
                z--;
            buf_add(q, "\"", 1);
            buf_add(q, data + a, z - a);
            buf_add(q, "\"", 1);
            if (comma == end)
                break;
            buf_add(q, ",", 1);
            p = comma + 1;
        }
        buf_add(q, data + end, i - end);
    }
}
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_rules = fuzz_load_rules("public-service.award", &fuzz_diags);
    Evaluator *ev = eval_new(fuzz_rules);
    fuzz_schema = eval_schema(ev); /* its names live in the Rules' arena */
    eval_free(ev);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
#ifdef FUZZ_CSV_DIFF
    Buf direct = { 0 }, lib = { 0 };
    read_once(data, size, &direct, err, sizeof err);
    data_csv_direct_lines = false;
    read_once(data, size, &lib, err, sizeof err);
    data_csv_direct_lines = true;
    if (direct.len != lib.len || memcmp(direct.p, lib.p, direct.len) != 0) {
        fprintf(stderr, "split directly:\n%s\nby libcsv:\n%s\n", direct.p, lib.p);
        FUZZ_CHECK(0, "the reader's own split and libcsv disagree");
    }
    if (!memchr(data, '"', size)) {
        Buf quoted = { 0 }, qin = { 0 };
        quote_cells(data, size, &qin);
        read_once((const uint8_t *)qin.p, qin.len, &quoted, err, sizeof err);
        if (direct.len != quoted.len || memcmp(direct.p, quoted.p, direct.len) != 0) {
            fprintf(stderr, "plain lines read as:\n%s\nquoted:\n%s\n", direct.p, quoted.p);
            FUZZ_CHECK(0, "plain and quoted cells read differently");
        }
        free(quoted.p);
        free(qin.p);
    }
    free(direct.p);
    free(lib.p);
    return 0;
#endif
    read_once(data, size, NULL, err, sizeof err);
    return 0;
}

#endif

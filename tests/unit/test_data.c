/* test_data.c -- unit tests of the CSV and JSON readers (data.h). */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "data.h"
#include "data_source.h" /* data_csv_direct_lines */
#include "mem.h"

/* ---- collecting what a reader delivers ---- */

#define MAX_RECS 16
#define MAX_ITEMS 8

typedef struct GotField {
    RawKind kind;
    char text[96];
    size_t len;
    size_t count;
    RawKind ikind[MAX_ITEMS];
    char itext[MAX_ITEMS][24];
} GotField;

typedef struct GotRec {
    size_t line, number;
    char error[200];
    int has_error;
    GotField f[8];
} GotRec;

typedef struct Got {
    size_t n;          /* records delivered */
    size_t nfields;    /* schema slots */
    size_t stop_at;    /* return stop_rc at this record number */
    int stop_rc;
    size_t max_len[8]; /* longest text seen per slot (for big records) */
    GotRec rec[MAX_RECS];
} Got;

static void copy_text(char *dst, size_t size, const char *s, size_t len)
{
    size_t n = len < size - 1 ? len : size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static int collect(void *ctx, const RawRecord *rec)
{
    Got *g = ctx;
    size_t i = g->n++;
    if (i < MAX_RECS) {
        GotRec *r = &g->rec[i];
        r->line = rec->line;
        r->number = rec->number;
        r->has_error = rec->error != NULL;
        if (rec->error)
            copy_text(r->error, sizeof r->error, rec->error, strlen(rec->error));
        for (size_t k = 0; k < g->nfields; k++) {
            const RawField *f = &rec->fields[k];
            GotField *gf = &r->f[k];
            gf->kind = f->kind;
            gf->len = f->len;
            if (f->kind != RAW_ABSENT && f->kind != RAW_ARRAY) {
                assert_non_null(f->text);
                copy_text(gf->text, sizeof gf->text, f->text, f->len);
            }
            if (f->kind == RAW_ARRAY) {
                gf->count = f->count;
                for (uint32_t m = 0; m < f->count && m < MAX_ITEMS; m++) {
                    const RawField *it = &rec->items[f->first + m];
                    gf->ikind[m] = it->kind;
                    copy_text(gf->itext[m], sizeof gf->itext[m], it->text, it->len);
                }
            }
        }
    }
    for (size_t k = 0; k < g->nfields; k++)
        if (rec->fields[k].kind != RAW_ABSENT && rec->fields[k].len > g->max_len[k])
            g->max_len[k] = rec->fields[k].len;
    if (g->stop_at && rec->number == g->stop_at)
        return g->stop_rc;
    return 0;
}

static const char *const names[] = {"id", "agency", "type", "score", "years"};
static const DataSchema schema = {5, names};
enum { ID, AGENCY, TYPE, SCORE, YEARS };

static char err[256];

/* Read `len` bytes of `input` into g; checks that every block the reader
 * took is given back. */
static int read_n(const char *input, size_t len, DataFormat fmt, Got *g)
{
    memset(g, 0, sizeof *g);
    g->nfields = schema.count;
    err[0] = '\0';
    FILE *f = len ? fmemopen((void *)input, len, "r") : tmpfile();
    assert_non_null(f);
    long before = mem_live_blocks();
    int rc = data_read(f, "apps", fmt, &schema, collect, g, err, sizeof err);
    assert_int_equal(mem_live_blocks(), before);
    fclose(f);
    return rc;
}

static int read_s(const char *input, DataFormat fmt, Got *g)
{
    return read_n(input, strlen(input), fmt, g);
}

static Got *new_got(void)
{
    Got *g = calloc(1, sizeof *g);
    assert_non_null(g);
    return g;
}

#define FIELD(g, r, k) (&(g)->rec[r].f[k])
#define assert_text(g, r, k, kd, s)                                  \
    do {                                                             \
        assert_int_equal(FIELD(g, r, k)->kind, kd);                  \
        assert_string_equal(FIELD(g, r, k)->text, s);                \
        assert_int_equal(FIELD(g, r, k)->len, strlen(s));            \
    } while (0)

/* ---- CSV ---- */

static void csv_basic(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("id,agency,type,score,years\n"
                    "A1,กรมสรรพากร,dept,98.50,2556;2557;2558\n"
                    "A2,Other,office,80.00,2558\n",
                    DATA_CSV, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 2);
    assert_int_equal(g->rec[0].line, 2);
    assert_int_equal(g->rec[0].number, 1);
    assert_false(g->rec[0].has_error);
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_text(g, 0, AGENCY, RAW_TEXT, "กรมสรรพากร");
    assert_text(g, 0, SCORE, RAW_TEXT, "98.50");
    assert_text(g, 0, YEARS, RAW_TEXT, "2556;2557;2558");
    assert_int_equal(g->rec[1].line, 3);
    assert_int_equal(g->rec[1].number, 2);
    assert_text(g, 1, TYPE, RAW_TEXT, "office");
    free(g);
}

static void csv_quoted(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("id,agency,type\n"
                    "A1,\"Office, North\",\"say \"\"hi\"\"\"\n"
                    "A2,\"two\nlines\nhere\",x\n"
                    "\"A\n3\",y,z\n"
                    "A4,b,c\n",
                    DATA_CSV, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 4);
    assert_text(g, 0, AGENCY, RAW_TEXT, "Office, North");
    assert_text(g, 0, TYPE, RAW_TEXT, "say \"hi\"");
    assert_int_equal(g->rec[1].line, 3);
    assert_text(g, 1, AGENCY, RAW_TEXT, "two\nlines\nhere");
    assert_int_equal(g->rec[2].line, 6);
    assert_text(g, 2, ID, RAW_TEXT, "A\n3");
    assert_int_equal(g->rec[3].line, 8);
    assert_int_equal(g->rec[3].number, 4);
    for (size_t i = 0; i < 4; i++)
        assert_false(g->rec[i].has_error);
    free(g);
}

static void csv_bom_crlf(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("\xEF\xBB\xBFid,agency\r\n"
                    "A1,x\r\n"
                    "\r\n"
                    "A2,\"y\r\nz\"\r\n"
                    "A3,w",
                    DATA_AUTO, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_text(g, 0, AGENCY, RAW_TEXT, "x");
    assert_int_equal(g->rec[0].line, 2);
    assert_int_equal(g->rec[1].line, 4);
    assert_text(g, 1, AGENCY, RAW_TEXT, "y\r\nz");
    assert_int_equal(g->rec[2].line, 6);
    assert_text(g, 2, AGENCY, RAW_TEXT, "w");
    free(g);
}

static void csv_cr_only(void **state)
{
    (void)state;
    Got *g = new_got();
    assert_int_equal(read_s("id,agency\rA1,x\r\rA2,y\r", DATA_CSV, g), 0);
    assert_int_equal(g->n, 2);
    assert_int_equal(g->rec[0].line, 2);
    assert_int_equal(g->rec[1].line, 4);
    assert_text(g, 1, AGENCY, RAW_TEXT, "y");
    free(g);
}

static void csv_columns(void **state)
{
    (void)state;
    Got *g = new_got();
    /* Any order, an extra column, `type` and `years` missing, spaces
     * around header names. */
    int rc = read_s(" score ,notes,\tid, agency\n"
                    "70,whatever,A1,X\n",
                    DATA_CSV, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 1);
    assert_false(g->rec[0].has_error);
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_text(g, 0, AGENCY, RAW_TEXT, "X");
    assert_text(g, 0, SCORE, RAW_TEXT, "70");
    assert_int_equal(FIELD(g, 0, TYPE)->kind, RAW_ABSENT);
    assert_int_equal(FIELD(g, 0, YEARS)->kind, RAW_ABSENT);
    free(g);
}

static void csv_empty_cells(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("id,agency,type\nA1,,\"\"\n,  , z \n", DATA_CSV, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 2);
    assert_text(g, 0, AGENCY, RAW_TEXT, "");
    assert_text(g, 0, TYPE, RAW_TEXT, "");
    assert_text(g, 1, ID, RAW_TEXT, "");
    /* spaces around an unquoted cell are not part of it */
    assert_text(g, 1, AGENCY, RAW_TEXT, "");
    assert_text(g, 1, TYPE, RAW_TEXT, "z");
    free(g);
}

static void csv_ragged(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("id,agency,type\n"
                    "A1,x,y\n"
                    "A2,x\n"
                    "A3,x,y,z\n"
                    "A4,x,y\n",
                    DATA_CSV, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 4);
    assert_false(g->rec[0].has_error);
    assert_true(g->rec[1].has_error);
    assert_string_equal(g->rec[1].error, "row has 2 fields, the header has 3");
    assert_text(g, 1, ID, RAW_TEXT, "A2");
    assert_int_equal(FIELD(g, 1, TYPE)->kind, RAW_ABSENT);
    assert_string_equal(g->rec[2].error, "row has 4 fields, the header has 3");
    assert_text(g, 2, ID, RAW_TEXT, "A3");
    assert_false(g->rec[3].has_error);
    assert_int_equal(g->rec[3].line, 5);
    free(g);
}

static void csv_invalid_utf8(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("id,agency,notes\n"
                    "A1,bad\xE0\xB8,ok\n"
                    "A2,ok,bad\xFF\n"
                    "A3,\xE0\xB8\x81,ok\n",
                    DATA_CSV, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_string_equal(g->rec[0].error, "field `agency` is not valid UTF-8");
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_false(g->rec[1].has_error); /* not a schema field */
    assert_false(g->rec[2].has_error);
    assert_text(g, 2, AGENCY, RAW_TEXT, "\xE0\xB8\x81");
    /* a character cut between two cells: each cell is checked alone */
    assert_int_equal(read_s("id,agency\nA1\xE0\xB8,\x81x\n", DATA_CSV, g), 0);
    assert_string_equal(g->rec[0].error, "field `id` is not valid UTF-8");
    assert_int_equal(read_s("agency,id\nA1\xE0\xB8,\x81x\n", DATA_CSV, g), 0);
    assert_string_equal(g->rec[0].error, "field `id` is not valid UTF-8");
    free(g);
}

static void csv_header_duplicate(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("id,agency,notes,notes, agency\nA1,x,y,z,w\n", DATA_CSV, g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 0);
    assert_string_equal(err, "apps:1: the header names `agency` twice (columns 2 and 5)");
    free(g);
}

static void csv_empty(void **state)
{
    (void)state;
    Got *g = new_got();
    assert_int_equal(read_n("", 0, DATA_CSV, g), -1);
    assert_string_equal(err, "apps: no header row: the input is empty");
    assert_int_equal(read_s("\n\r\n  \n", DATA_AUTO, g), -1);
    assert_string_equal(err, "apps: no header row: the input is empty");
    assert_int_equal(read_s("\xEF\xBB\xBF", DATA_CSV, g), -1);
    assert_int_equal(g->n, 0);
    /* a header and nothing else is no error */
    assert_int_equal(read_s("id,agency\n", DATA_CSV, g), 0);
    assert_int_equal(g->n, 0);
    free(g);
}

static void csv_blank_lines(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("\n\nid,agency\n\nA1,x\n   \n\t\nA2,y\n\n", DATA_CSV, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 2);
    assert_int_equal(g->rec[0].line, 5);
    assert_int_equal(g->rec[0].number, 1);
    assert_int_equal(g->rec[1].line, 8);
    assert_int_equal(g->rec[1].number, 2);
    free(g);
}

static void csv_unclosed_quote(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("id,agency\nA1,x\nA2,\"open\nA3,y\n", DATA_CSV, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 2);
    assert_false(g->rec[0].has_error);
    /* the lines it took are named: a stream cannot be read again */
    assert_string_equal(g->rec[1].error,
                        "column 2 (`agency`) opens a quote that is not closed before the end "
                        "of the input: lines 3 to 4 were read as this one record; close it");
    assert_text(g, 1, ID, RAW_TEXT, "A2");
    assert_int_equal(g->rec[1].line, 3);
    /* in the header */
    assert_int_equal(read_s("id,\"agency\nA1,x\n", DATA_CSV, g), -1);
    assert_int_equal(g->n, 0);
    assert_string_equal(err, "apps:1: column 2 of the header opens a quote that is not "
                             "closed before the end of the input; close it");
    free(g);
}

static void csv_stop(void **state)
{
    (void)state;
    Got *g = new_got();
    memset(g, 0, sizeof *g);
    g->nfields = schema.count;
    g->stop_at = 2;
    g->stop_rc = 7;
    const char *in = "id\nA1\nA2\nA3\n";
    FILE *f = fmemopen((void *)in, strlen(in), "r");
    long before = mem_live_blocks();
    int rc = data_read(f, "apps", DATA_CSV, &schema, collect, g, err, sizeof err);
    assert_int_equal(mem_live_blocks(), before);
    fclose(f);
    assert_int_equal(rc, 7);
    assert_int_equal(g->n, 2);
    free(g);
}

/* Input with one huge cell, built on the heap. */
static char *big_input(const char *head, size_t fill, const char *tail, size_t *len)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *s = malloc(hl + fill + tl);
    assert_non_null(s);
    memcpy(s, head, hl);
    memset(s + hl, 'x', fill);
    memcpy(s + hl + fill, tail, tl);
    *len = hl + fill + tl;
    return s;
}

static void csv_long_cell(void **state)
{
    (void)state;
    Got *g = new_got();
    size_t len;
    /* longer than the 64 KiB read buffer, shorter than the record limit */
    char *in = big_input("id,agency\nA1,", 200000, "\nA2,y\n", &len);
    assert_int_equal(read_n(in, len, DATA_CSV, g), 0);
    assert_int_equal(g->n, 2);
    assert_false(g->rec[0].has_error);
    assert_int_equal(FIELD(g, 0, AGENCY)->len, 200000);
    assert_int_equal(g->rec[1].line, 3);
    free(in);
    free(g);
}

static void csv_oversize(void **state)
{
    (void)state;
    Got *g = new_got();
    size_t len;
    char *in = big_input("id,agency,type\nA1,\"", 3u << 20, "\",t\nA2,y,z\n", &len);
    assert_int_equal(read_n(in, len, DATA_CSV, g), 0);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_true(g->max_len[AGENCY] <= (1u << 20));
    assert_false(g->rec[1].has_error);
    assert_int_equal(g->rec[1].line, 3);
    assert_text(g, 1, AGENCY, RAW_TEXT, "y");
    free(in);
    free(g);
}

/* ---- the reader's own split of whole lines against libcsv ---- */

/* Everything a reading gives, written out: each record (number, line,
 * error, then kind, length and text of every field), then the return
 * value and the whole-input message. */
typedef struct Dump {
    char *p;
    size_t len, cap;
    size_t records;
} Dump;

static void dump_add(Dump *d, const void *s, size_t n)
{
    if (d->len + n + 1 > d->cap) {
        size_t cap = d->cap ? d->cap : 1024;
        while (d->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(d->p, cap);
        assert_non_null(p);
        d->p = p;
        d->cap = cap;
    }
    memcpy(d->p + d->len, s, n);
    d->len += n;
    d->p[d->len] = '\0';
}

static void dump_num(Dump *d, size_t v)
{
    char t[32];
    int n = snprintf(t, sizeof t, "%zu|", v);
    dump_add(d, t, (size_t)n);
}

static int dump_record(void *ctx, const RawRecord *rec)
{
    Dump *d = ctx;
    d->records++;
    dump_num(d, rec->number);
    dump_num(d, rec->line);
    if (rec->error)
        dump_add(d, rec->error, strlen(rec->error));
    dump_add(d, "\n", 1);
    for (size_t i = 0; i < schema.count; i++) {
        const RawField *f = &rec->fields[i];
        dump_num(d, (size_t)f->kind);
        dump_num(d, f->len);
        if (f->kind != RAW_ABSENT) {
            assert_non_null(f->text);
            dump_add(d, f->text, f->len);
        }
        dump_add(d, "\n", 1);
    }
    return 0;
}

/* Read input[0..len) as CSV into d, with the reader splitting whole
 * lines itself when it can (direct) or every line through libcsv. */
static void dump_csv(const char *input, size_t len, bool direct, Dump *d)
{
    d->len = 0;
    d->records = 0;
    dump_add(d, "", 0);
    FILE *f = len ? fmemopen((void *)input, len, "r") : tmpfile();
    assert_non_null(f);
    long before = mem_live_blocks();
    data_csv_direct_lines = direct;
    int rc = data_read(f, "apps", DATA_CSV, &schema, dump_record, d, err, sizeof err);
    data_csv_direct_lines = true;
    assert_int_equal(mem_live_blocks(), before);
    fclose(f);
    dump_add(d, "rc ", 3);
    dump_num(d, (size_t)(rc + 1));
    if (rc < 0)
        dump_add(d, err, strlen(err));
}

/* Read input both ways; the two must give the same, which goes to out
 * (when not NULL).  Returns the number of records. */
static size_t same_both_ways(const char *input, size_t len, Dump *out)
{
    Dump direct = {0}, libcsv = {0};
    dump_csv(input, len, true, &direct);
    dump_csv(input, len, false, &libcsv);
    if (strcmp(direct.p, libcsv.p) != 0)
        fail_msg("input:\n%.*s\nsplit directly:\n%s\nby libcsv:\n%s\n",
                 (int)len, input, direct.p, libcsv.p);
    size_t n = direct.records;
    if (out) {
        out->len = 0;
        dump_add(out, direct.p, direct.len);
        out->records = n;
    }
    free(direct.p);
    free(libcsv.p);
    return n;
}

/* Live blocks of the counting allocator when the last record is
 * delivered, less those before the reading.  libcsv allocates its cell
 * buffer the first time it is given text: when the header and every row
 * are split directly, that buffer is never made, so this tells which way
 * a line went. */
typedef struct Blocks {
    long before, at_record;
} Blocks;

static int note_blocks(void *ctx, const RawRecord *rec)
{
    (void)rec;
    Blocks *b = ctx;
    b->at_record = mem_live_blocks() - b->before;
    return 0;
}

static long blocks_at_record(const char *input, bool direct)
{
    FILE *f = fmemopen((void *)input, strlen(input), "r");
    assert_non_null(f);
    Blocks b = {mem_live_blocks(), -1};
    data_csv_direct_lines = direct;
    int rc = data_read(f, "apps", DATA_CSV, &schema, note_blocks, &b, err, sizeof err);
    data_csv_direct_lines = true;
    fclose(f);
    assert_int_equal(rc, 0);
    assert_true(b.at_record >= 0);
    return b.at_record;
}

/* True when the line after the (plain) header of input goes to libcsv. */
static bool goes_to_libcsv(const char *input)
{
    long direct = blocks_at_record(input, true);
    long libcsv = blocks_at_record(input, false);
    assert_true(direct == libcsv || direct + 1 == libcsv);
    return direct == libcsv;
}

/* Lines without quotes are split by the reader itself; each random input
 * is read so, and again with every line sent through libcsv.  The same
 * input with one cell of every row quoted (header included) must give
 * the same records too, both ways (split by the reader, the quoted cell
 * being of the plain shape, and by libcsv); only a cell without spaces
 * around it is quoted, as quoting keeps those. */
static void csv_plain_lines_match_libcsv(void **state)
{
    (void)state;
    static const char *const cells[] = {
        "A1", "", " ", "\t", "x y", " lead", "trail ", "\t both \t", "ก ข",
        "98.50", "2556;2557", "a\tb",
    };
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    Dump a = {0}, b = {0};
    uint32_t seed = 12345;
    size_t compared = 0;
    for (int round = 0; round < 300; round++) {
        char plain[2048], quoted[2048];
        size_t pl = 0, ql = 0;
        const char *eol = ends[round % 3];
        pl += (size_t)snprintf(plain + pl, sizeof plain - pl,
                               " id ,agency,\ttype , score,years%s", eol);
        ql += (size_t)snprintf(quoted + ql, sizeof quoted - ql,
                               " id ,\"agency\",\ttype , score,years%s", eol);
        for (int row = 0; row < 10; row++) {
            seed = seed * 1103515245u + 12345u;
            int n = 4 + (int)((seed >> 16) % 3); /* 4..6 cells: some ragged */
            if ((seed >> 8) % 7 == 0) {          /* a blank line */
                pl += (size_t)snprintf(plain + pl, sizeof plain - pl, "  %s", eol);
                ql += (size_t)snprintf(quoted + ql, sizeof quoted - ql, "  %s", eol);
                continue;
            }
            bool done = false;
            for (int c = 0; c < n; c++) {
                seed = seed * 1103515245u + 12345u;
                const char *cell = cells[(seed >> 16) % (sizeof cells / sizeof *cells)];
                size_t len = strlen(cell);
                bool bare = len == 0 || (cell[0] != ' ' && cell[0] != '\t' &&
                                         cell[len - 1] != ' ' && cell[len - 1] != '\t');
                const char *sep = c ? "," : "";
                const char *q = bare && !done ? "\"" : "";
                done = done || bare;
                pl += (size_t)snprintf(plain + pl, sizeof plain - pl, "%s%s", sep, cell);
                ql += (size_t)snprintf(quoted + ql, sizeof quoted - ql, "%s%s%s%s",
                                       sep, q, cell, q);
            }
            pl += (size_t)snprintf(plain + pl, sizeof plain - pl, "%s", eol);
            ql += (size_t)snprintf(quoted + ql, sizeof quoted - ql, "%s", eol);
        }
        compared += same_both_ways(plain, pl, &a);
        same_both_ways(quoted, ql, &b);
        assert_string_equal(a.p, b.p);
    }
    assert_true(compared > 2000);
    free(a.p);
    free(b.p);
}

/* Random text for a differential test. */
typedef struct Gen {
    uint32_t seed;
    char *p;
    size_t len, cap;
} Gen;

static uint32_t gen_rand(Gen *g, uint32_t n)
{
    g->seed = g->seed * 1103515245u + 12345u;
    return (g->seed >> 8) % n;
}

static void gen_add(Gen *g, const char *s)
{
    size_t n = strlen(s);
    assert_true(g->len + n <= g->cap);
    memcpy(g->p + g->len, s, n);
    g->len += n;
}

static const char *gen_pick(Gen *g, const char *const *list, size_t n)
{
    return list[gen_rand(g, (uint32_t)n)];
}
#define PICK(g, list) gen_pick(g, list, sizeof list / sizeof *list)

/* A quoted cell of the plain shape: between its quotes, pieces with
 * doubled quotes, commas, spaces, tabs, Thai, or nothing at all. */
static void gen_plain_quoted(Gen *g)
{
    static const char *const pieces[] = {
        "a", "A1", " ", "\t", ",", "\"\"", "ก", "ข้อ", "ไม่ต้องรอคิว", "x y",
        "98.50", ";", "'", "\xE0\xB8", "\x81",
    };
    gen_add(g, "\"");
    for (uint32_t n = gen_rand(g, 6); n; n--)
        gen_add(g, PICK(g, pieces));
    gen_add(g, "\"");
}

/* One cell of a row: mostly unquoted or quoted cells of the plain shape,
 * now and then one that only libcsv may split.  eol is the input's line
 * end, for the cells that hold one. */
static void gen_cell(Gen *g, bool odd, const char *eol)
{
    static const char *const plain[] = {
        "A1", "", " ", "\t", " x ", "\tb", "98.50", "ก ข", "กรมสรรพากร", "2556;2557",
        "a\tb", "bad\xE0\xB8", "\x81x",
    };
    static const char *const shapes[] = {
        "a\"b", "a\"", " \"x\"", "\t\"x\"", "\"x\" ", "\"x\"\t", "\"x\"y", "\"x\"\"",
        "\"x\" \"y\"", "\"", "\"\"\"", "x\"\"", "\"a \"\"b\"\" c\" d", "\"x\"  ",
    };
    if (odd) {
        uint32_t k = gen_rand(g, 16);
        if (k == 14) {  /* a quoted cell holding a line end */
            gen_add(g, "\"two");
            gen_add(g, eol);
            gen_add(g, "lines\"");
        } else if (k == 15) {  /* closed lines later, if at all */
            gen_add(g, "\"open ");
        } else {
            gen_add(g, shapes[k]);
        }
    } else if (gen_rand(g, 3) == 0) {
        gen_plain_quoted(g);
    } else {
        gen_add(g, PICK(g, plain));
    }
}

/* Random CSV of many lines, read by the reader's own split and by libcsv
 * alone: the same records, texts, lines, numbers and errors, and the same
 * whole-input result. */
static void csv_quoted_lines_match_libcsv(void **state)
{
    (void)state;
    static const char *const heads[] = {
        "id", "agency", "type", "score", "years", "notes", "other",
    };
    static const char *const odd_heads[] = {
        "\"sc\"\"ore\"", "\"x,y\"", "\"\"", " \"notes\"", "\"notes\" ", "no\"tes",
    };
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    static const char *const blanks[] = {"", " ", "\t ", "  \t"};
    Gen g = {.seed = 2558, .cap = 8192};
    g.p = malloc(g.cap);
    assert_non_null(g.p);
    size_t records = 0, direct_lines = 0;
    for (int round = 0; round < 1500; round++) {
        g.len = 0;
        bool mixed = gen_rand(&g, 4) == 0;  /* line ends differ from line to line */
        const char *eol = ends[gen_rand(&g, 3)];
        /* the header: names in any order, some quoted, now and then one
         * quoted otherwise */
        const char *order[7];
        memcpy(order, heads, sizeof order);
        for (uint32_t i = 6; i > 0; i--) {
            uint32_t j = gen_rand(&g, i + 1);
            const char *t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        uint32_t ncols = 3 + gen_rand(&g, 5);
        for (uint32_t c = 0; c < ncols; c++) {
            if (c)
                gen_add(&g, ",");
            uint32_t k = gen_rand(&g, 20);
            if (k == 0) {
                gen_add(&g, PICK(&g, odd_heads));
                continue;
            }
            const char *q = k < 8 ? "\"" : "";
            const char *sp = k % 4 == 0 ? " " : "";
            gen_add(&g, q);
            gen_add(&g, sp);
            gen_add(&g, order[c]);
            gen_add(&g, sp);
            gen_add(&g, q);
        }
        gen_add(&g, eol);
        for (uint32_t line = 0, nlines = 4 + gen_rand(&g, 12); line < nlines; line++) {
            if (mixed)
                eol = ends[gen_rand(&g, 3)];
            if (gen_rand(&g, 8) == 0) {
                gen_add(&g, PICK(&g, blanks));
            } else {
                uint32_t n = ncols;
                if (gen_rand(&g, 6) == 0)
                    n = n - 1 + gen_rand(&g, 3);  /* ragged */
                bool odd = gen_rand(&g, 5) == 0;
                uint32_t odd_at = gen_rand(&g, n ? n : 1);
                if (!odd && n)
                    direct_lines++;
                for (uint32_t c = 0; c < n; c++) {
                    if (c)
                        gen_add(&g, ",");
                    gen_cell(&g, odd && c == odd_at, eol);
                }
            }
            if (line + 1 < nlines || gen_rand(&g, 4) != 0)
                gen_add(&g, eol);
        }
        records += same_both_ways(g.p, g.len, NULL);
    }
    assert_true(records > 8000);
    assert_true(direct_lines > 8000);
    free(g.p);
}

/* Quoted cells of the plain shape are split by the reader itself, their
 * text the one between the quotes, each "" as one ", spaces kept. */
static void csv_quoted_direct(void **state)
{
    (void)state;
    Got *g = new_got();
    const char *in = "\"id\",\" agency \",type,\"sc\"\"ore\",\"years\"\r\n"
                     "A1,\"a \"\"b\"\" c\",\"\",\"x,y\",\"ก \"\"ข\"\", ค\"\r\n"
                     "\"\",\"  spaced\t \",\"\"\"\",\"\"\"\"\"\",\t z \r\n"
                     "\"A3\",\"\",x,\"\",\r\n";
    assert_int_equal(read_s(in, DATA_CSV, g), 0);
    assert_int_equal(g->n, 3);
    assert_false(g->rec[0].has_error);
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_text(g, 0, AGENCY, RAW_TEXT, "a \"b\" c");
    assert_text(g, 0, TYPE, RAW_TEXT, "");
    assert_int_equal(FIELD(g, 0, SCORE)->kind, RAW_ABSENT); /* `sc"ore` is another name */
    assert_text(g, 0, YEARS, RAW_TEXT, "ก \"ข\", ค");
    assert_int_equal(g->rec[1].line, 3);
    assert_text(g, 1, ID, RAW_TEXT, "");
    assert_text(g, 1, AGENCY, RAW_TEXT, "  spaced\t ");
    assert_text(g, 1, TYPE, RAW_TEXT, "\"");
    assert_text(g, 1, YEARS, RAW_TEXT, "z");
    assert_int_equal(g->rec[2].line, 4);
    assert_text(g, 2, ID, RAW_TEXT, "A3");
    assert_text(g, 2, YEARS, RAW_TEXT, "");
    assert_false(g->rec[2].has_error);
    same_both_ways(in, strlen(in), NULL);

    /* Each of these rows is split without libcsv. */
    static const char *const direct[] = {
        "id,agency\n\"a \"\"b\"\" c\",x\n",
        "id,agency\n\"\",\"\"\n",
        "id,agency\n\"x,y\",\"\"\"\"\r",
        "id,agency\nA1,\"\tก, ข\t\"\r\n",
        "id,agency\n\"A1\"\n",          /* ragged */
        "id,agency\nA1,\"x\",\"\",\n",  /* ragged */
        "id,agency\n\"bad\xE0\xB8\",\"\x81\"\n",
    };
    for (size_t i = 0; i < sizeof direct / sizeof *direct; i++) {
        assert_false(goes_to_libcsv(direct[i]));
        same_both_ways(direct[i], strlen(direct[i]), NULL);
    }
    /* a quoted header too */
    assert_false(goes_to_libcsv("\"id\",\"a\"\"b\"\nA1,x\n"));
    free(g);
}

/* A line with a quote anywhere else than in a quoted cell of the plain
 * shape goes, whole, to libcsv, which gives what it always gave. */
static void csv_quoted_odd_shapes(void **state)
{
    (void)state;
    static const char *const odd[] = {
        "id,agency\nA1,a\"b\n",           /* a quote in an unquoted cell */
        "id,agency\nA1\", x\n",
        "id,agency\n\"A1\", \"x\"\n",     /* a space before the quote */
        "id,agency\n\"A1\",\t\"x\"\n",
        "id,agency\n \"A1\",x\n",
        "id,agency\n\"A1\" ,x\n",         /* a space after the quote */
        "id,agency\n\"A1\",\"x\"\t\n",
        "id,agency\n\"A1\"x,y\"\n",       /* text after the quote */
        "id,agency\n\"A1\",\"x\"\"\n\"\n", /* not closed on the line */
        "id,agency\n\"A1\",\"two\r\nlines\"\n",
        "id,agency\nA1,\"x\n",            /* never closed */
        "id,agency\n\"\n",                /* a lone quote */
        "id,agency\n\"\"\"\n",
    };
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        assert_true(goes_to_libcsv(odd[i]));
        same_both_ways(odd[i], strlen(odd[i]), NULL);
    }
    Got *g = new_got();
    assert_int_equal(read_s(odd[0], DATA_CSV, g), 0);
    assert_text(g, 0, AGENCY, RAW_TEXT, "a\"b");
    assert_int_equal(read_s(odd[2], DATA_CSV, g), 0);
    assert_text(g, 0, AGENCY, RAW_TEXT, "x");
    assert_int_equal(read_s(odd[5], DATA_CSV, g), 0);
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_int_equal(read_s(odd[9], DATA_CSV, g), 0);
    assert_text(g, 0, AGENCY, RAW_TEXT, "two\r\nlines");
    assert_int_equal(read_s(odd[10], DATA_CSV, g), 0);
    assert_string_equal(g->rec[0].error,
                        "column 2 (`agency`) opens a quote that is not closed before the "
                        "end of the input; close it");
    free(g);
}

/* Long quoted cells split directly: unescaped into the record's text as
 * it grows (the cells before them moving with it), and under the same
 * limits as any other cell. */
static void csv_quoted_long(void **state)
{
    (void)state;
    size_t cap = 70000, at = 0;
    char *in = malloc(cap);
    assert_non_null(in);
    at += (size_t)snprintf(in, cap, "id,\"age\"\"ncy\",agency,type\nA1,\"");
    for (size_t i = 0; i < 600; i++)  /* ~6000 bytes, more than the text buffer's first 4096 */
        at += (size_t)snprintf(in + at, cap - at, "ab\"\"cd, ef ");
    at += (size_t)snprintf(in + at, cap - at, "\",\"");
    for (size_t i = 0; i < 5000; i++)
        at += (size_t)snprintf(in + at, cap - at, "ก\"\"");
    at += (size_t)snprintf(in + at, cap - at, "\",\"t\"\"\"\r\nA2,x,y,z\r\n");
    assert_true(at < cap);
    assert_false(goes_to_libcsv(in));
    Dump d = {0};
    assert_int_equal(same_both_ways(in, at, &d), 2);
    free(d.p);
    Got *g = new_got();
    assert_int_equal(read_n(in, at, DATA_CSV, g), 0);
    assert_int_equal(g->n, 2);
    assert_false(g->rec[0].has_error);
    /* read before the text buffer grew for agency: moved with it */
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_int_equal(FIELD(g, 0, AGENCY)->len, 5000 * 4);
    assert_int_equal(strncmp(FIELD(g, 0, AGENCY)->text, "ก\"ก\"", 8), 0);
    assert_text(g, 0, TYPE, RAW_TEXT, "t\"");
    assert_text(g, 1, TYPE, RAW_TEXT, "z");
    free(g);
    free(in);
}

/* Text made of pieces: a string literal, or ("x", n) for n times 'x'. */
typedef struct Part {
    const char *text;
    size_t repeat;
} Part;

static char *build(const Part *parts, size_t n, size_t *len)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += parts[i].repeat ? parts[i].repeat : strlen(parts[i].text);
    char *s = malloc(total);
    assert_non_null(s);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (parts[i].repeat) {
            memset(s + at, parts[i].text[0], parts[i].repeat);
            at += parts[i].repeat;
        } else {
            memcpy(s + at, parts[i].text, strlen(parts[i].text));
            at += strlen(parts[i].text);
        }
    }
    *len = total;
    return s;
}

static void record_limits(void **state)
{
    (void)state;
    Got *g = new_got();
    size_t len;
    const size_t k600 = 600u << 10, k700 = 700u << 10;

    /* CSV: the schema fields together pass the limit: the cell that does
     * not fit, and all after it, are dropped. */
    const Part csv1[] = {{"id,agency,type,score\nA1,", 0}, {"a", k600}, {",", 0},
                         {"t", k600}, {",5\nA2,x,y,z\n", 0}};
    char *in = build(csv1, 5, &len);
    assert_int_equal(read_n(in, len, DATA_CSV, g), 0);
    free(in);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_int_equal(FIELD(g, 0, AGENCY)->len, k600);
    assert_int_equal(FIELD(g, 0, TYPE)->kind, RAW_ABSENT);
    assert_int_equal(FIELD(g, 0, SCORE)->kind, RAW_ABSENT);
    assert_false(g->rec[1].has_error);
    assert_text(g, 1, SCORE, RAW_TEXT, "z");

    /* CSV: columns the schema does not name may add up to more... */
    const Part csv2[] = {{"id,notes,other,agency\nA1,", 0}, {"n", k700}, {",", 0},
                         {"o", k700}, {",x\n", 0}};
    in = build(csv2, 5, &len);
    assert_int_equal(read_n(in, len, DATA_CSV, g), 0);
    free(in);
    assert_int_equal(g->n, 1);
    assert_false(g->rec[0].has_error);
    assert_text(g, 0, AGENCY, RAW_TEXT, "x");

    /* ...but no one cell may pass the limit. */
    const Part csv3[] = {{"id,notes,agency\nA1,", 0}, {"n", 3u << 19}, {",x\nA2,n,y\n", 0}};
    in = build(csv3, 3, &len);
    assert_int_equal(read_n(in, len, DATA_CSV, g), 0);
    free(in);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_text(g, 0, ID, RAW_TEXT, "A1");
    assert_text(g, 1, AGENCY, RAW_TEXT, "y");

    /* JSON: the same rules */
    const Part json1[] = {{"{\"id\": \"A1\", \"agency\": \"", 0}, {"a", k600},
                          {"\", \"notes\": \"", 0}, {"n", k700},
                          {"\", \"type\": \"", 0}, {"t", k600},
                          {"\", \"score\": 1}\n{\"id\": \"A2\"}\n", 0}};
    in = build(json1, 7, &len);
    assert_int_equal(read_n(in, len, DATA_JSON, g), 0);
    free(in);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_int_equal(FIELD(g, 0, AGENCY)->len, k600);
    assert_int_equal(FIELD(g, 0, TYPE)->kind, RAW_ABSENT);
    assert_int_equal(FIELD(g, 0, SCORE)->kind, RAW_ABSENT);
    assert_false(g->rec[1].has_error);

    /* JSON: a list may hold only so many items */
    size_t n = 40000, at = 0;
    char *big = malloc(n * 3 + 64);
    assert_non_null(big);
    at += (size_t)sprintf(big + at, "[{\"id\": \"A1\", \"years\": [");
    for (size_t i = 0; i < n; i++)
        at += (size_t)sprintf(big + at, i ? ",1" : "1");
    at += (size_t)sprintf(big + at, "]}, {\"id\": \"A2\"}]");
    assert_int_equal(read_n(big, at, DATA_JSON, g), 0);
    free(big);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_int_equal(FIELD(g, 0, YEARS)->kind, RAW_ARRAY);
    assert_true(FIELD(g, 0, YEARS)->count < n);
    assert_false(g->rec[1].has_error);
    free(g);
}

/* Every allocation of the CSV reader may fail: the read then ends with
 * "out of memory" (or recovers, where libcsv asks for less), and nothing
 * is left allocated.  (yajl does not check its own allocations, so the
 * JSON reader is not tried this way.) */
static void csv_out_of_memory(void **state)
{
    (void)state;
    Got *g = new_got();
    const char *in = "id,agency,type\nA1,\"x\ny\",z\nA2,b,c\n";
    int failures = 0;
    for (long n = 1; n < 40; n++) {
        memset(g, 0, sizeof *g);
        g->nfields = schema.count;
        FILE *f = fmemopen((void *)in, strlen(in), "r");
        long before = mem_live_blocks();
        mem_fail_after(n);
        int rc = data_read(f, "apps", DATA_AUTO, &schema, collect, g, err, sizeof err);
        mem_fail_after(0);
        assert_int_equal(mem_live_blocks(), before);
        fclose(f);
        if (rc == -1) {
            assert_string_equal(err, "apps: out of memory");
            failures++;
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(g->n, 2);
        }
    }
    assert_true(failures >= 5);
    free(g);
}

/* A CRLF split by the end of the 64 KiB read buffer is still one line end,
 * whether the line fits in the buffer or not. */
static void crlf_at_buffer_end(void **state)
{
    (void)state;
    Got *g = new_got();
    static const size_t fill[] = {65521, 65532, 65533, 65520};
    for (size_t i = 0; i < 4; i++) {
        const Part csv[] = {{"id,agency\r\nA1,", 0}, {"x", fill[i]},
                            {"\r\nA2,y\r\n", 0}};
        size_t len;
        char *in = build(csv, 3, &len);
        assert_int_equal(read_n(in, len, DATA_CSV, g), 0);
        free(in);
        assert_int_equal(g->n, 2);
        assert_false(g->rec[0].has_error);
        assert_int_equal(FIELD(g, 0, AGENCY)->len, fill[i]);
        assert_int_equal(g->rec[1].line, 3);
        assert_text(g, 1, AGENCY, RAW_TEXT, "y");

        const Part json[] = {{"{\"id\":\"A1\",\r\n\"agency\":\"", 0}, {"x", fill[i]},
                             {"\"}\r\n{\"id\":\"A2\"}\r\n", 0}};
        in = build(json, 3, &len);
        assert_int_equal(read_n(in, len, DATA_JSON, g), 0);
        free(in);
        assert_int_equal(g->n, 2);
        assert_false(g->rec[0].has_error);
        assert_int_equal(FIELD(g, 0, AGENCY)->len, fill[i]);
        assert_int_equal(g->rec[1].line, 3);
    }
    free(g);
}

static void format_entry_points(void **state)
{
    (void)state;
    Got *g = new_got();
    g->nfields = schema.count;
    const char *in = "{\"id\": \"A1\"}\n";
    FILE *f = fmemopen((void *)in, strlen(in), "r");
    assert_int_equal(data_read_json(f, "apps", &schema, collect, g, err, sizeof err), 0);
    fclose(f);
    assert_int_equal(g->n, 1);
    assert_text(g, 0, ID, RAW_STRING, "A1");
    /* the same text read as CSV: a header of two odd names */
    f = fmemopen((void *)in, strlen(in), "r");
    assert_int_equal(data_read_csv(f, "apps", &schema, collect, g, err, sizeof err), 0);
    fclose(f);
    assert_int_equal(g->n, 1);
    /* no place for a message is no problem */
    f = tmpfile();
    assert_non_null(f);
    assert_int_equal(data_read_csv(f, NULL, &schema, collect, g, NULL, 0), -1);
    fclose(f);
    free(g);
}

static void read_error(void **state)
{
    (void)state;
    Got *g = new_got();
    g->nfields = schema.count;
    FILE *f = fopen("/dev/null", "w");
    assert_non_null(f);
    long before = mem_live_blocks();
    int rc = data_read(f, "apps", DATA_AUTO, &schema, collect, g, err, sizeof err);
    assert_int_equal(mem_live_blocks(), before);
    fclose(f);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "apps: cannot read: "));
    free(g);
}

/* ---- no row swallows another ---- */

#define AFTER_QUOTE(col) \
    "column " col " has text after its closing quote; quote the whole cell and double " \
    "each quote inside it (\"say \"\"hi\"\"\")"

/* Text after a closing quote: libcsv, lenient, stayed inside the quotes
 * and took the next rows into the cell (B and C vanished, A got C's
 * score).  The row is now its own error, with the cells before the
 * broken one, and the next line is a row again; split directly or by
 * libcsv alone, the same.  Fails on the reader before strict mode. */
static void csv_text_after_quote(void **state)
{
    (void)state;
    Got *g = new_got();
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    for (size_t e = 0; e < 3; e++) {
        char in[256];
        snprintf(in, sizeof in,
                 "id,type,agency,score%s"
                 "A,1,\"Smart\" Service,10%s"
                 "B,1,Plain,20%s"
                 "C,1,\"Quoted, title\",90%s"
                 "D,1,Plain,40%s",
                 ends[e], ends[e], ends[e], ends[e], ends[e]);
        assert_int_equal(same_both_ways(in, strlen(in), NULL), 4);
        assert_int_equal(read_s(in, DATA_CSV, g), 0);
        assert_int_equal(g->n, 4);
        assert_string_equal(g->rec[0].error, AFTER_QUOTE("3 (`agency`)"));
        assert_int_equal(g->rec[0].line, 2);
        assert_text(g, 0, ID, RAW_TEXT, "A");
        assert_text(g, 0, TYPE, RAW_TEXT, "1");
        assert_int_equal(FIELD(g, 0, AGENCY)->kind, RAW_ABSENT);
        assert_int_equal(FIELD(g, 0, SCORE)->kind, RAW_ABSENT);
        static const char *const id[] = {"A", "B", "C", "D"};
        static const char *const score[] = {"", "20", "90", "40"};
        for (size_t i = 1; i < 4; i++) {
            assert_false(g->rec[i].has_error);
            assert_int_equal(g->rec[i].line, i + 2);
            assert_int_equal(g->rec[i].number, i + 1);
            assert_text(g, i, ID, RAW_TEXT, id[i]);
            assert_text(g, i, SCORE, RAW_TEXT, score[i]);
        }
        assert_text(g, 2, AGENCY, RAW_TEXT, "Quoted, title");
    }

    /* other shapes: the first cell, a quote after spaces, an unquoted
     * column, a quote opened again later on the line */
    assert_int_equal(read_s("id,agency,notes\n\"A\"x,y,z\n\"B\",\"x\" \"y\",z\n"
                            "C,x,\"n\"n,\"open\nD,y,z\n",
                            DATA_CSV, g), 0);
    assert_int_equal(g->n, 4);
    assert_string_equal(g->rec[0].error, AFTER_QUOTE("1 (`id`)"));
    assert_int_equal(FIELD(g, 0, ID)->kind, RAW_ABSENT);
    assert_string_equal(g->rec[1].error, AFTER_QUOTE("2 (`agency`)"));
    assert_text(g, 1, ID, RAW_TEXT, "B");
    assert_string_equal(g->rec[2].error, AFTER_QUOTE("3"));
    assert_text(g, 2, AGENCY, RAW_TEXT, "x");
    assert_int_equal(g->rec[3].line, 5);
    assert_false(g->rec[3].has_error);
    assert_text(g, 3, ID, RAW_TEXT, "D");

    /* in a cell over several lines: the line of the break is named, and
     * reading resumes after it */
    assert_int_equal(read_s("id,agency\nA,\"two\nlines\" more\nB,y\n", DATA_CSV, g), 0);
    assert_int_equal(g->n, 2);
    assert_int_equal(g->rec[0].line, 2);
    assert_string_equal(g->rec[0].error,
                        "column 2 (`agency`) has text after its closing quote on line 3; quote "
                        "the whole cell and double each quote inside it (\"say \"\"hi\"\"\")");
    assert_int_equal(g->rec[1].line, 4);
    assert_text(g, 1, AGENCY, RAW_TEXT, "y");

    /* what is not broken: spaces after the closing quote, a quote inside
     * an unquoted cell (kept as text) */
    const char *ok = "id,agency,type\n\"A\"  ,\"x\"\t,a\"b\nB,c\"\"d\"e,\"\"\n";
    assert_int_equal(same_both_ways(ok, strlen(ok), NULL), 2);
    assert_int_equal(read_s(ok, DATA_CSV, g), 0);
    assert_false(g->rec[0].has_error);
    assert_text(g, 0, ID, RAW_TEXT, "A");
    assert_text(g, 0, AGENCY, RAW_TEXT, "x");
    assert_text(g, 0, TYPE, RAW_TEXT, "a\"b");
    assert_false(g->rec[1].has_error);
    assert_text(g, 1, AGENCY, RAW_TEXT, "c\"\"d\"e");
    free(g);
}

/* A broken row in a line longer than the read buffer: the pieces after
 * the break are passed over up to the line's end, and no further. */
static void csv_text_after_quote_long_line(void **state)
{
    (void)state;
    Got *g = new_got();
    size_t len;
    const Part early[] = {{"id,agency\r\nA,\"x\" y", 0}, {"z", 200000},
                          {"\r\nB,\"", 0}, {"w", 70000}, {"\" v\r\nC,u\r\n", 0}};
    char *in = build(early, 5, &len);
    assert_int_equal(same_both_ways(in, len, NULL), 3);
    assert_int_equal(read_n(in, len, DATA_CSV, g), 0);
    free(in);
    assert_int_equal(g->n, 3);
    assert_string_equal(g->rec[0].error, AFTER_QUOTE("2 (`agency`)"));
    assert_string_equal(g->rec[1].error, AFTER_QUOTE("2 (`agency`)"));
    assert_text(g, 1, ID, RAW_TEXT, "B");
    assert_int_equal(g->rec[2].line, 4);
    assert_false(g->rec[2].has_error);
    assert_text(g, 2, AGENCY, RAW_TEXT, "u");
    free(g);
}

/* In the header, text after a closing quote is a whole-input error
 * naming the column; before, the header took the data rows into it. */
static void csv_header_text_after_quote(void **state)
{
    (void)state;
    Got *g = new_got();
    assert_int_equal(read_s("id,\"type\"x,agency\nA,1,x\nB,2,\"y\"\n", DATA_CSV, g), -1);
    assert_int_equal(g->n, 0);
    assert_string_equal(err, "apps:1: column 2 of the header has text after its closing "
                             "quote; write the name without quotes");
    data_csv_direct_lines = false;
    assert_int_equal(read_s("\n\"id\" x\nA\n", DATA_CSV, g), -1);
    data_csv_direct_lines = true;
    assert_string_equal(err, "apps:2: column 1 of the header has text after its closing "
                             "quote; write the name without quotes");
    free(g);
}

/* A lone CR inside a quoted cell is text; the lone CRs outside end lines. */
static void csv_cr_in_quoted_cell(void **state)
{
    (void)state;
    Got *g = new_got();
    const char *in = "id,agency\rA1,\"x\ry\"\rA2,z\r";
    assert_int_equal(same_both_ways(in, strlen(in), NULL), 2);
    assert_int_equal(read_s(in, DATA_CSV, g), 0);
    assert_int_equal(g->n, 2);
    assert_text(g, 0, AGENCY, RAW_TEXT, "x\ry");
    assert_int_equal(g->rec[1].line, 4);
    assert_text(g, 1, AGENCY, RAW_TEXT, "z");
    free(g);
}

/* A NUL in a schema field is its record's error (it used to cut the id
 * in the table); in a column no field reads, it does not matter. */
static void csv_nul_byte(void **state)
{
    (void)state;
    Got *g = new_got();
    static const char in[] = "id,agency,notes\nA\0B,x,y\nC,\"y\0\",z\nD,x,\0\n";
    assert_int_equal(same_both_ways(in, sizeof in - 1, NULL), 3);
    assert_int_equal(read_n(in, sizeof in - 1, DATA_CSV, g), 0);
    assert_int_equal(g->n, 3);
    assert_string_equal(g->rec[0].error,
                        "field `id` holds a NUL byte; remove it (a file full of them is "
                        "UTF-16 or binary, not CSV UTF-8)");
    assert_int_equal(FIELD(g, 0, ID)->len, 3);
    assert_non_null(strstr(g->rec[1].error, "field `agency` holds a NUL byte"));
    assert_false(g->rec[2].has_error);
    free(g);
}

/* UTF-16 and UTF-32 (Excel's "Unicode text", PowerShell 5's Out-File):
 * refused whole, in either format, saying how to convert; they gave 0
 * applications, or phantom ones. */
static void wide_text(void **state)
{
    (void)state;
    Got *g = new_got();
    static const struct {
        const char *in;
        size_t len;
        const char *enc;
    } cases[] = {
        {"\xFF\xFEi\0d\0\n\0A\0\n\0", 12, "UTF-16"},
        {"\xFE\xFF\0i\0d\0\n\0A\0\n", 12, "UTF-16"},
        {"\xFF\xFE\0\0i\0\0\0", 8, "UTF-32"},
        {"\0\0\xFE\xFF\0\0\0i", 8, "UTF-32"},
        {"i\0d\0,\0t\0y\0p\0e\0\r\0\n\0A\0", 20, "UTF-16LE"},
        {"\0[\0{\0\"\0i\0d\0\"\0:\0", 15, "UTF-16BE"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int fmt = DATA_AUTO; fmt <= DATA_JSON; fmt++) {
            assert_int_equal(read_n(cases[i].in, cases[i].len, (DataFormat)fmt, g), -1);
            assert_int_equal(g->n, 0);
            char want[256];
            bool utf32 = cases[i].enc[4] == '3';
            snprintf(want, sizeof want,
                     "apps is %.6s text%s, not UTF-8: save it as \"CSV UTF-8\" (or UTF-8 "
                     "JSON), or convert it with iconv -f %s -t UTF-8",
                     cases[i].enc,
                     utf32 ? "" : " (Excel's \"Unicode text\", PowerShell 5's Out-File)",
                     cases[i].enc);
            assert_string_equal(err, want);
        }
    }
    /* NUL in a few places of UTF-8 text is not UTF-16 */
    static const char some[] = "id,agency\nA\0,x\nB,\0\n";
    assert_int_equal(read_n(some, sizeof some - 1, DATA_CSV, g), 0);
    assert_int_equal(g->n, 2);
    free(g);
}

/* The columns the caller needs: a header without them is an error naming
 * every one; it used to give 0 applications and exit 0. */
static void csv_required_columns(void **state)
{
    (void)state;
    Got *g = new_got();
    static const bool need[] = {true, false, true, false, false}; /* id, type */
    static const char *const inputs[] = {
        "agency,score\nx,1\n", "agency,id\nx,A\n", "id,type\nA,1\n", "{\"agency\":\"x\"}\n",
    };
    static const int rcs[] = {-1, -1, 0, 0};
    static const char *const msgs[] = {
        "apps:1: the header has no column `id`, `type`; the rules need them",
        "apps:1: the header has no column `type`; the rules need it", "", "",
    };
    for (size_t i = 0; i < 4; i++) {
        memset(g, 0, sizeof *g);
        g->nfields = schema.count;
        err[0] = '\0';
        FILE *f = fmemopen((void *)inputs[i], strlen(inputs[i]), "r");
        long before = mem_live_blocks();
        int rc = data_read_required(f, "apps", DATA_AUTO, &schema, need, collect, g, err,
                                    sizeof err);
        assert_int_equal(mem_live_blocks(), before);
        fclose(f);
        assert_int_equal(rc, rcs[i]);
        assert_string_equal(err, msgs[i]);
        assert_int_equal(g->n, rc ? 0 : 1);
    }
    /* a short message buffer cuts the message, terminated */
    char small[20];
    FILE *f = fmemopen((void *)inputs[0], strlen(inputs[0]), "r");
    assert_int_equal(data_read_required(f, "apps", DATA_CSV, &schema, need, collect, g,
                                        small, sizeof small), -1);
    fclose(f);
    assert_string_equal(small, "apps:1: the header ");
    free(g);
}

/* ---- JSON ---- */

static void check_sample(Got *g)
{
    assert_int_equal(g->n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_false(g->rec[i].has_error);
        assert_int_equal(g->rec[i].number, i + 1);
    }
    assert_text(g, 0, ID, RAW_STRING, "A1");
    assert_text(g, 0, AGENCY, RAW_STRING, "\xE0\xB8\x81รม");
    assert_text(g, 0, SCORE, RAW_NUMBER, "80.00");
    assert_text(g, 0, TYPE, RAW_BOOL, "true");
    assert_int_equal(FIELD(g, 0, YEARS)->kind, RAW_ARRAY);
    assert_int_equal(FIELD(g, 0, YEARS)->count, 3);
    assert_int_equal(FIELD(g, 0, YEARS)->ikind[0], RAW_NUMBER);
    assert_string_equal(FIELD(g, 0, YEARS)->itext[0], "2556");
    assert_string_equal(FIELD(g, 0, YEARS)->itext[2], "2558");
    assert_text(g, 1, SCORE, RAW_NUMBER, "-0");
    assert_text(g, 1, TYPE, RAW_BOOL, "false");
    assert_int_equal(FIELD(g, 1, AGENCY)->kind, RAW_NULL);
    assert_int_equal(FIELD(g, 1, YEARS)->kind, RAW_ARRAY);
    assert_int_equal(FIELD(g, 1, YEARS)->count, 0);
    assert_text(g, 2, SCORE, RAW_NUMBER, "1e2");
    assert_text(g, 2, AGENCY, RAW_STRING, "a\"b\\c\n");
    assert_int_equal(FIELD(g, 2, YEARS)->count, 4);
    assert_int_equal(FIELD(g, 2, YEARS)->ikind[0], RAW_STRING);
    assert_string_equal(FIELD(g, 2, YEARS)->itext[0], "x");
    assert_int_equal(FIELD(g, 2, YEARS)->ikind[1], RAW_BOOL);
    assert_int_equal(FIELD(g, 2, YEARS)->ikind[2], RAW_NULL);
    assert_string_equal(FIELD(g, 2, YEARS)->itext[3], "1.5");
    assert_int_equal(FIELD(g, 2, TYPE)->kind, RAW_ABSENT);
}

static void json_array(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("\xEF\xBB\xBF\n [\n"
                    "{\"id\": \"A1\", \"agency\": \"\\u0e01รม\", \"score\": 80.00,"
                    " \"type\": true, \"years\": [2556, 2557, 2558]},\n"
                    "{\"years\": [], \"score\": -0, \"id\": \"A2\", \"type\": false,"
                    " \"agency\": null, \"extra\": {\"a\": [1, {\"b\": 2}]}},\n"
                    "{\"id\": \"A3\", \"score\": 1e2, \"agency\": \"a\\\"b\\\\c\\n\","
                    " \"years\": [\"x\", true, null, 1.5]}\n"
                    "]\n",
                    DATA_AUTO, g);
    assert_int_equal(rc, 0);
    check_sample(g);
    assert_int_equal(g->rec[0].line, 3);
    assert_int_equal(g->rec[2].line, 5);
    free(g);
}

static void json_lines(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\"id\": \"A1\", \"agency\": \"\\u0e01รม\", \"score\": 80.00,"
                    " \"type\": true, \"years\": [2556, 2557, 2558]}\n"
                    "\n"
                    "{\"years\": [], \"score\": -0, \"id\": \"A2\", \"type\": false,"
                    " \"agency\": null, \"extra\": {\"a\": [1, {\"b\": 2}]}}\r\n"
                    "{\"id\": \"A3\", \"score\": 1e2, \"agency\": \"a\\\"b\\\\c\\n\","
                    " \"years\": [\"x\", true, null, 1.5]}",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    check_sample(g);
    assert_int_equal(g->rec[0].line, 1);
    assert_int_equal(g->rec[1].line, 3);
    assert_int_equal(g->rec[2].line, 4);
    free(g);
}

static void json_multiline_objects(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\n  \"id\": \"A1\",\n  \"score\": 1\n}\n"
                    "{\n  \"id\": \"A2\"\n}{\"id\": \"A3\"}\n",
                    DATA_AUTO, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_int_equal(g->rec[0].line, 1);
    assert_int_equal(g->rec[1].line, 5);
    assert_int_equal(g->rec[2].line, 7);
    assert_text(g, 2, ID, RAW_STRING, "A3");
    free(g);
}

static void json_nested(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("[{\"id\": \"A1\", \"agency\": {\"name\": \"x\"}, \"score\": 5},\n"
                    " {\"id\": \"A2\", \"years\": [2556, [2557]]},\n"
                    " {\"id\": \"A3\", \"years\": [{\"y\": 1}], \"type\": \"t\"},\n"
                    " {\"id\": \"A4\", \"notes\": {\"deep\": [[{}]]}}]",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 4);
    assert_string_equal(g->rec[0].error, "field `agency` holds an object");
    assert_text(g, 0, ID, RAW_STRING, "A1");
    assert_text(g, 0, SCORE, RAW_NUMBER, "5");
    assert_int_equal(FIELD(g, 0, AGENCY)->kind, RAW_ABSENT);
    assert_string_equal(g->rec[1].error, "field `years` holds a list with a list in it");
    assert_int_equal(FIELD(g, 1, YEARS)->kind, RAW_ABSENT);
    assert_string_equal(g->rec[2].error, "field `years` holds a list with an object in it");
    assert_text(g, 2, TYPE, RAW_STRING, "t");
    assert_false(g->rec[3].has_error);
    free(g);
}

static void json_not_object(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("[1, {\"id\": \"A2\"}, \"x\", [3, {\"id\": \"no\"}], {\"id\": \"A5\"}]",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 5);
    assert_string_equal(g->rec[0].error, "record 1 is not an object");
    assert_false(g->rec[1].has_error);
    assert_int_equal(g->rec[1].number, 2);
    assert_string_equal(g->rec[2].error, "record 3 is not an object");
    assert_string_equal(g->rec[3].error, "record 4 is not an object");
    assert_text(g, 4, ID, RAW_STRING, "A5");
    assert_int_equal(g->rec[4].number, 5);
    /* in JSON lines too */
    rc = read_s("{\"id\": \"A1\"}\n42\n{\"id\": \"A3\"}\n", DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_string_equal(g->rec[1].error, "record 2 is not an object");
    assert_int_equal(g->rec[1].line, 2);
    free(g);
}

static void json_duplicate_key(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\"id\": \"A1\", \"x\": 1, \"x\": 2, \"score\": 1, \"score\": 2}\n"
                    "{\"score\": 3, \"id\": \"A2\"}\n",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "field `score` appears twice");
    assert_text(g, 0, SCORE, RAW_NUMBER, "1");
    assert_false(g->rec[1].has_error);
    assert_text(g, 1, SCORE, RAW_NUMBER, "3");
    free(g);
}

static void json_broken_line(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\"id\": \"A1\"}\n"
                    "{\"id\": \"A2\", \"score\": tru}\n"
                    "{\"id\": \"A3\"}\n"
                    "{\"id\" \"A4\"}\n"
                    "{\"id\": \"A5\"}\n",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 5);
    assert_false(g->rec[0].has_error);
    assert_true(g->rec[1].has_error);
    assert_string_equal(g->rec[1].error, "invalid JSON: invalid string in json text");
    assert_text(g, 1, ID, RAW_STRING, "A2");
    assert_int_equal(g->rec[1].line, 2);
    assert_int_equal(g->rec[1].number, 2);
    assert_false(g->rec[2].has_error);
    assert_text(g, 2, ID, RAW_STRING, "A3");
    assert_int_equal(g->rec[2].line, 3);
    assert_string_equal(g->rec[3].error,
                        "invalid JSON: object key and value must be "
                        "separated by a colon (':')");
    assert_int_equal(g->rec[3].line, 4);
    assert_int_equal(FIELD(g, 3, ID)->kind, RAW_ABSENT);
    assert_text(g, 4, ID, RAW_STRING, "A5");
    assert_int_equal(g->rec[4].line, 5);
    assert_int_equal(g->rec[4].number, 5);
    free(g);
}

static void json_lost_brace(void **state)
{
    (void)state;
    Got *g = new_got();
    /* A1 lost its `}`: no record has ended yet, so it may still run over
     * several lines; the `{` at the start of line 2 ends it, as an error,
     * and starts A2. */
    int rc = read_s("{\"id\": \"A1\", \"score\": 1\n"
                    "{\"id\": \"A2\"}\n"
                    "{\"id\": \"A3\", \"score\": 3\n",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_string_equal(g->rec[0].error, "invalid JSON on line 2: the record has no end: "
                                         "a new record starts on this line");
    assert_text(g, 0, ID, RAW_STRING, "A1");
    assert_int_equal(g->rec[0].line, 1);
    assert_false(g->rec[1].has_error);
    assert_text(g, 1, ID, RAW_STRING, "A2");
    assert_int_equal(g->rec[1].line, 2);
    /* A2 ended on its line, so these are JSON lines: A3, cut at the end
     * of its line, is that line's error */
    assert_string_equal(g->rec[2].error, "invalid JSON: the line ends inside the record "
                                         "(JSON lines hold one record a line)");
    assert_text(g, 2, ID, RAW_STRING, "A3");
    free(g);
}

static void json_broken_multiline(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\n"
                    "  \"id\": \"A1\",\n"
                    "  \"score\": ,\n"
                    "  \"notes\": {\n"
                    "    \"x\": 1\n"
                    "  }\n"
                    "}\n"
                    "{\n"
                    "  \"id\": \"A2\"\n"
                    "}\n",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 2);
    assert_non_null(strstr(g->rec[0].error, "invalid JSON on line 3: "));
    assert_text(g, 0, ID, RAW_STRING, "A1");
    assert_int_equal(g->rec[0].line, 1);
    assert_false(g->rec[1].has_error);
    assert_text(g, 1, ID, RAW_STRING, "A2");
    assert_int_equal(g->rec[1].line, 8);
    free(g);
}

static void json_broken_array(void **state)
{
    (void)state;
    Got *g = new_got();
    /* A broken element is its record's error; the array goes on after it. */
    int rc = read_s("[\n{\"id\": \"A1\"},\n{\"id\": \"A2\", \"score\": 1.2.3},\n"
                    "{\"id\": \"A3\"}\n]\n",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_false(g->rec[0].has_error);
    assert_text(g, 1, ID, RAW_STRING, "A2");
    assert_int_equal(g->rec[1].line, 3);
    assert_string_equal(g->rec[1].error, "invalid JSON: invalid char in json text");
    assert_false(g->rec[2].has_error);
    assert_text(g, 2, ID, RAW_STRING, "A3");

    /* unclosed at the end: what was read, and a whole-input error */
    rc = read_s("[{\"id\": \"A1\"},\n{\"id\": \"A2\"", DATA_JSON, g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 2);
    assert_text(g, 1, ID, RAW_STRING, "A2");
    assert_non_null(strstr(g->rec[1].error, "premature EOF"));
    assert_string_equal(err, "apps:2: the input ends inside record 2 (line 2): the file may "
                             "have been cut short, and any records after it are missing");

    /* something after the array */
    rc = read_s("[{\"id\": \"A1\"}]\n[{\"id\": \"A2\"}]\n", DATA_JSON, g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 1);
    assert_false(g->rec[0].has_error);
    assert_string_equal(err, "apps:2: text after the end of the array; "
                             "the rest of the input was not read");
    free(g);
}

static void json_top_level(void **state)
{
    (void)state;
    Got *g = new_got();
    assert_int_equal(read_s("\n  42\n", DATA_JSON, g), -1);
    assert_int_equal(g->n, 0);
    assert_string_equal(err, "apps:2: not JSON records: expected an array of "
                             "objects or objects one after another");
    assert_int_equal(read_s("  \n", DATA_JSON, g), -1);
    assert_string_equal(err, "apps: no records: the input is empty");
    assert_int_equal(read_s("[]", DATA_AUTO, g), 0);
    assert_int_equal(g->n, 0);
    free(g);
}

static void json_invalid_utf8(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("[{\"id\": \"A1\", \"agency\": \"bad\xE0\xB8\"},\n"
                    " {\"id\": \"A2\", \"years\": [\"ok\", \"\xC0\xAF\"]},\n"
                    " {\"id\": \"A3\", \"other\": \"\xFF\", \"agency\": \"\xE0\xB8\x81\"}]",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_string_equal(g->rec[0].error, "field `agency` is not valid UTF-8");
    assert_text(g, 0, ID, RAW_STRING, "A1");
    assert_string_equal(g->rec[1].error, "field `years` is not valid UTF-8");
    assert_false(g->rec[2].has_error);
    rc = read_s("{\"type\": \"A1\xE0\xB8\", \"years\": [\"\x81x\"]}\n"
                "{\"years\": [\"\xE0\xB8\", \"\x81\"], \"id\": \"A2\"}\n",
                DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_string_equal(g->rec[0].error, "field `type` is not valid UTF-8");
    assert_string_equal(g->rec[1].error, "field `years` is not valid UTF-8");
    free(g);
}

static void json_stop(void **state)
{
    (void)state;
    Got *g = new_got();
    g->nfields = schema.count;
    g->stop_at = 2;
    g->stop_rc = 5;
    const char *in = "[{\"id\": \"A1\"}, 7, {\"id\": \"A3\"}]";
    FILE *f = fmemopen((void *)in, strlen(in), "r");
    long before = mem_live_blocks();
    int rc = data_read(f, "apps", DATA_AUTO, &schema, collect, g, err, sizeof err);
    assert_int_equal(mem_live_blocks(), before);
    fclose(f);
    assert_int_equal(rc, 5);
    assert_int_equal(g->n, 2);
    free(g);
}

static void json_oversize(void **state)
{
    (void)state;
    Got *g = new_got();
    size_t len;
    char *in = big_input("{\"id\": \"A1\", \"agency\": \"", 3u << 19,
                         "\", \"score\": 1}\n{\"id\": \"A2\"}\n", &len);
    assert_int_equal(read_n(in, len, DATA_JSON, g), 0);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_text(g, 0, ID, RAW_STRING, "A1");
    assert_int_equal(FIELD(g, 0, AGENCY)->kind, RAW_ABSENT);
    assert_false(g->rec[1].has_error);
    free(in);

    /* A string so long that the record is given up while it is read. */
    in = big_input("[{\"id\": \"A1\", \"notes\": \"", 5u << 20,
                   "\"}, {\"id\": \"A2\"}]", &len);
    assert_int_equal(read_n(in, len, DATA_JSON, g), 0);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_false(g->rec[1].has_error);
    assert_text(g, 1, ID, RAW_STRING, "A2");
    free(in);

    in = big_input("{\"id\": \"A1\", \"notes\": \"", 5u << 20,
                   "\"}\n{\"id\": \"A2\"}\n", &len);
    assert_int_equal(read_n(in, len, DATA_JSON, g), 0);
    assert_int_equal(g->n, 2);
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_text(g, 1, ID, RAW_STRING, "A2");
    assert_int_equal(g->rec[1].line, 2);
    free(in);
    free(g);
}

static void json_key_orders(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\"id\": \"A1\", \"score\": 1, \"type\": \"a\"}\n"
                    "{\"type\": \"b\", \"id\": \"A2\", \"zz\": 0, \"score\": 2}\n"
                    "{\"scor\": 9, \"score\": 3, \"id\": \"A3\"}\n",
                    DATA_JSON, g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_text(g, 1, TYPE, RAW_STRING, "b");
    assert_text(g, 1, SCORE, RAW_NUMBER, "2");
    assert_text(g, 2, SCORE, RAW_NUMBER, "3");
    assert_int_equal(FIELD(g, 2, TYPE)->kind, RAW_ABSENT);
    for (size_t i = 0; i < 3; i++)
        assert_false(g->rec[i].has_error);
    free(g);
}

static void json_long_line(void **state)
{
    (void)state;
    Got *g = new_got();
    size_t len;
    char *in = big_input("{\"id\": \"A1\", \"agency\": \"", 150000,
                         "\"}\n{\"id\": \"A2\"}\n", &len);
    assert_int_equal(read_n(in, len, DATA_JSON, g), 0);
    assert_int_equal(g->n, 2);
    assert_false(g->rec[0].has_error);
    assert_int_equal(FIELD(g, 0, AGENCY)->len, 150000);
    assert_int_equal(g->rec[1].line, 2);
    free(in);
    free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_basic),
        cmocka_unit_test(csv_quoted),
        cmocka_unit_test(csv_bom_crlf),
        cmocka_unit_test(csv_cr_only),
        cmocka_unit_test(csv_columns),
        cmocka_unit_test(csv_empty_cells),
        cmocka_unit_test(csv_ragged),
        cmocka_unit_test(csv_invalid_utf8),
        cmocka_unit_test(csv_header_duplicate),
        cmocka_unit_test(csv_empty),
        cmocka_unit_test(csv_blank_lines),
        cmocka_unit_test(csv_unclosed_quote),
        cmocka_unit_test(csv_stop),
        cmocka_unit_test(csv_long_cell),
        cmocka_unit_test(csv_oversize),
        cmocka_unit_test(csv_plain_lines_match_libcsv),
        cmocka_unit_test(csv_quoted_lines_match_libcsv),
        cmocka_unit_test(csv_quoted_direct),
        cmocka_unit_test(csv_quoted_odd_shapes),
        cmocka_unit_test(csv_quoted_long),
        cmocka_unit_test(record_limits),
        cmocka_unit_test(csv_out_of_memory),
        cmocka_unit_test(crlf_at_buffer_end),
        cmocka_unit_test(format_entry_points),
        cmocka_unit_test(read_error),
        cmocka_unit_test(csv_text_after_quote),
        cmocka_unit_test(csv_text_after_quote_long_line),
        cmocka_unit_test(csv_header_text_after_quote),
        cmocka_unit_test(csv_cr_in_quoted_cell),
        cmocka_unit_test(csv_nul_byte),
        cmocka_unit_test(wide_text),
        cmocka_unit_test(csv_required_columns),
        cmocka_unit_test(json_array),
        cmocka_unit_test(json_lines),
        cmocka_unit_test(json_multiline_objects),
        cmocka_unit_test(json_nested),
        cmocka_unit_test(json_not_object),
        cmocka_unit_test(json_duplicate_key),
        cmocka_unit_test(json_broken_line),
        cmocka_unit_test(json_lost_brace),
        cmocka_unit_test(json_broken_multiline),
        cmocka_unit_test(json_broken_array),
        cmocka_unit_test(json_top_level),
        cmocka_unit_test(json_invalid_utf8),
        cmocka_unit_test(json_stop),
        cmocka_unit_test(json_oversize),
        cmocka_unit_test(json_key_orders),
        cmocka_unit_test(json_long_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

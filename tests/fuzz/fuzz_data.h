/* fuzz_data.h -- the body of fuzz_csv.c and fuzz_json.c: bytes through one
 * reader with the schema of rules/2558/public-service.award, each record
 * checked against what data.h promises and counted.
 *
 * With FUZZ_CSV_DIFF (fuzz_csv), every input is read twice: by the reader's
 * own split of simple lines (split_line in data_csv.c) and with every line
 * sent through libcsv (data_csv_direct_lines = false); the two readings must
 * give the same records.  An input without a `"` is read a third time with
 * every cell quoted, which must give the same records again.  And the lines
 * the records start on must be those where row_lines, a small state machine
 * written here from data.h's rules alone, sees rows start: a record lost,
 * added or merged with the next (text after a closing quote once took the
 * following rows into its cell) shows there. */
#ifndef AWARD_FUZZ_DATA_H
#define AWARD_FUZZ_DATA_H

#include "fuzz_common.h"
#ifdef FUZZ_CSV_DIFF
#include "data_source.h"
#endif

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
    Buf *lines; /* each record's line (a size_t), when not NULL */
} Ctx;

static int on_record(void *ctx, const RawRecord *rec)
{
    Ctx *c = ctx;
    fuzz_check_record(&c->fr, rec);
    if (c->lines)
        buf_add(c->lines, &rec->line, sizeof rec->line);
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

/* Read `data` once; the records written to `out`, and their lines to
 * `lines`, when not NULL. */
static int read_once(const uint8_t *data, size_t size, Buf *out, Buf *lines, char *err,
                     size_t errsize)
{
    long before = mem_live_blocks();
    char *copy;
    FILE *in = fuzz_open_input(data, size, &copy);
    Ctx c = { .fr = { .nfields = fuzz_schema.count }, .out = out, .lines = lines };
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
/* The line of every row of CSV input d[0..n), header first, by data.h's
 * rules and nothing else: a row starts at the first byte of a line that is
 * not a space or tab (a line of only those is no row); a cell may open a
 * quote after spaces and tabs; in quotes, "" is a quote and line ends are
 * text; after the closing quote may come spaces and tabs, then a comma or
 * the line's end; anything else there breaks the row, and the next row
 * can start on the next line only.  A quote inside an unquoted cell is
 * text.  Lines end with LF, CRLF or a lone CR.  Returns the count. */
static size_t row_lines(const uint8_t *d, size_t n, Buf *rows)
{
    enum { BETWEEN, CELL_START, UNQUOTED, QUOTED, CLOSED, SPACED, SKIP } st = BETWEEN;
    size_t line = 1, count = 0, i = 0;
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (; i < n; i++) {
        uint8_t c = d[i];
        bool eol = c == '\n' || c == '\r';
        bool space = c == ' ' || c == '\t';
        if (st == QUOTED) {
            if (c == '"')
                st = CLOSED;
        } else if (eol) {
            st = BETWEEN;
        } else if (st == SKIP) {
            ;
        } else if (st == BETWEEN || st == CELL_START) {
            if (st == BETWEEN && !space) {
                buf_add(rows, &line, sizeof line);
                count++;
            }
            if (!space)
                st = c == '"' ? QUOTED : c == ',' ? CELL_START : UNQUOTED;
        } else if (st == UNQUOTED) {
            if (c == ',')
                st = CELL_START;
        } else if (c == ',') {  /* CLOSED or SPACED */
            st = CELL_START;
        } else if (space) {
            st = SPACED;
        } else {
            /* "" in quotes goes on; anything else breaks the row */
            st = c == '"' && st == CLOSED ? QUOTED : SKIP;
        }
        if (eol && !(c == '\r' && i + 1 < n && d[i + 1] == '\n'))
            line++;
    }
    return count;
}

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
    fuzz_schema = fuzz_public_service_schema();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
#ifdef FUZZ_CSV_DIFF
    Buf direct = { 0 }, lib = { 0 }, lines = { 0 }, rows = { 0 };
    int rc = read_once(data, size, &direct, &lines, err, sizeof err);
    data_csv_direct_lines = false;
    read_once(data, size, &lib, NULL, err, sizeof err);
    data_csv_direct_lines = true;
    size_t nrows = row_lines(data, size, &rows);
    if (rc == 0) {  /* the header was read: every other row is a record */
        FUZZ_CHECK(nrows >= 1, "a header, but no row");
        size_t nrec = lines.len / sizeof(size_t);
        if (nrec + 1 != nrows ||
            (nrec && memcmp(lines.p, rows.p + sizeof(size_t), lines.len) != 0)) {
            for (size_t i = 0; i < nrows || i < nrec + 1; i++) {
                size_t a = 0, b = 0;
                if (i < nrows)
                    memcpy(&a, rows.p + i * sizeof a, sizeof a);
                if (i > 0 && i <= nrec)
                    memcpy(&b, lines.p + (i - 1) * sizeof b, sizeof b);
                fprintf(stderr, "row %zu: starts on line %zu; the record on line %zu\n",
                        i, a, b);
            }
            FUZZ_CHECK(0, "%zu records, but %zu rows after the header", nrec,
                       nrows ? nrows - 1 : 0);
        }
    } else {
        FUZZ_CHECK(lines.len == 0, "records before a whole-input error");
    }
    free(lines.p);
    free(rows.p);
    if (direct.len != lib.len || memcmp(direct.p, lib.p, direct.len) != 0) {
        fprintf(stderr, "split directly:\n%s\nby libcsv:\n%s\n", direct.p, lib.p);
        FUZZ_CHECK(0, "the reader's own split and libcsv disagree");
    }
    /* Quoting moves bytes: a start that data_source_init may take for
     * UTF-16 or UTF-32 (a NUL, a byte-order mark) may read otherwise. */
    bool wide = (size && (data[0] == 0xFF || data[0] == 0xFE)) ||
                memchr(data, '\0', size < 70 ? size : 70);
    if (!memchr(data, '"', size) && !wide) {
        Buf quoted = { 0 }, qin = { 0 };
        quote_cells(data, size, &qin);
        read_once((const uint8_t *)qin.p, qin.len, &quoted, NULL, err, sizeof err);
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
    read_once(data, size, NULL, NULL, err, sizeof err);
    return 0;
}

#endif

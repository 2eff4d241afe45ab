/* data_csv.c -- the CSV reader: RFC 4180 records parsed by libcsv, the
 * header row naming the fields, each cell handed on as RAW_TEXT.  Lines
 * that hold a whole row, with no quote or only quoted cells of the plain
 * shape, the most of any real file, are split here directly, to the same
 * result (see split_line).
 *
 * The header is matched against the schema once, into a column -> slot
 * table, so a record costs one table look-up and one copy per cell.  A
 * record's cells are copied into one text buffer reused for every record;
 * the fields point into it, and are moved with it when it grows.  See
 * data.h for what is reported and how.
 *
 * No row may swallow another.  libcsv runs in strict mode: where text
 * follows a closing quote (`"Smart" Service`), a lenient libcsv would go
 * on inside the quotes and take the next rows into the cell.  Strict, it
 * stops there; the row becomes that row's error with the cells read
 * before it, the parser is reset, and the rest of the physical line is
 * passed over, so the next line starts a row of its own.  The one other
 * thing strict mode refuses, a quote inside an unquoted cell (`ab"c`),
 * cannot merge rows and is kept as text, as a lenient libcsv (and
 * Python's csv module) keep it.  split_line only ever takes lines whose
 * quotes are all of the plain shape, so it never meets either case. */
#include "data_source.h"

#include "i18n.h"
#include "mem.h"
#include "utext.h"

#include <csv.h>
#include <stdint.h>
#include <string.h>

/* libcsv's state is a public struct, but the values of its pstate are not
 * named in csv.h; this is libcsv.c's FIELD_BEGUN ("inside a cell").  With
 * the `quoted` flag it is read only to tell an unclosed quote at the end
 * of the input, to tell which of the two things strict mode refuses it
 * stopped at (inside an unquoted cell: a quote in it), and to drop the
 * text of a cell that would otherwise grow without bound. */
enum { LIBCSV_FIELD_BEGUN = 2 };

/* libcsv's options: every line end reported (see reader_init), and strict
 * (see the file's header). */
enum { CSV_OPTS = CSV_STRICT | CSV_REPALL_NL };

typedef struct CsvReader {
    DataSource *src;
    const DataSchema *schema;
    const bool *required;   /* slots the header must have, or NULL */
    size_t *name_len;       /* strlen of each schema name */
    DataRecordFn fn;
    void *ctx;
    struct csv_parser p;

    bool have_header;
    int32_t *col_slot;      /* slot of each header column, -1: ignored */
    size_t ncols;
    size_t *hdr_off;        /* header cells, while the header is read */
    size_t *hdr_len;
    size_t hdr_cap;
    size_t hdr_bytes;       /* header text so far, one more per cell */

    RawField *fields;       /* one per slot; a cell's text points into text */
    size_t *off;            /* while text moves: each slot's offset in it */
    char *text;             /* this record's mapped cells */
    size_t tlen, tcap;      /* tcap never passes DATA_RECORD_LIMIT */

    size_t cell;            /* cells seen in this row */
    size_t live_cols;       /* columns still copied in this row: ncols, or
                               where copying stopped, or 0 once reading
                               has stopped */
    bool oversize;          /* the record passed DATA_RECORD_LIMIT */
    bool unclosed;          /* a quoted cell runs to the end of the input */
    bool broken;            /* text after a closing quote; message in msg */
    bool skip_line;         /* pass over the rest of a broken row's line */
    bool row_start;         /* the next line begins a row */
    size_t rec_line, number;

    int stop;               /* the callback's nonzero return */
    bool failed;            /* whole-input error, message in err */
    char *err;
    size_t errsize;
    char msg[1024];         /* this row's error, when made here (room
                               for a translation: Thai takes 3 bytes a
                               letter) */
} CsvReader;

static void fail_nomem(CsvReader *r)
{
    if (!r->failed)
        data_errorf(r->err, r->errsize, "%s: out of memory", r->src->name);
    r->failed = true;
    r->live_cols = 0;
}

/* Grow the text buffer to hold `more` bytes after the text so far; the
 * caller has made sure that stays within DATA_RECORD_LIMIT.  The fields
 * that hold text point into the buffer, so they are moved with it (rare:
 * the buffer only grows for a record larger than any before it). */
static bool grow_text(CsvReader *r, size_t more)
{
    size_t cap = r->tcap;
    while (cap - r->tlen < more)
        cap *= 2;
    if (cap > DATA_RECORD_LIMIT)
        cap = DATA_RECORD_LIMIT;
    size_t n = r->schema->count;
    for (size_t i = 0; i < n; i++)
        if (r->fields[i].kind == RAW_TEXT)
            r->off[i] = (size_t)(r->fields[i].text - r->text);
    char *t = mem_realloc(r->text, cap);
    if (!t) {
        fail_nomem(r);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (r->fields[i].kind == RAW_TEXT)
            r->fields[i].text = t + r->off[i];
    r->text = t;
    r->tcap = cap;
    return true;
}

/* Copy the text of a quoted cell, s[0..) being what lies between its
 * quotes: each "" in it is one ", until len bytes are written. */
static void copy_unescaped(char *dst, const char *s, size_t len)
{
    char *stop = dst + len;
    while (dst < stop) {
        const char *q = memchr(s, '"', (size_t)(stop - dst));
        size_t n = q ? (size_t)(q - s) + 1 : (size_t)(stop - dst);
        memcpy(dst, s, n);
        dst += n;
        s += n + (q != NULL);  /* the second quote of the pair */
    }
}

/* memcpy, with the short lengths most cells have done in line: a call to
 * the library's memcpy costs more than the copy itself. */
static inline void copy_cell(char *dst, const char *src, size_t len)
{
    if (len >= 8 && len <= 16) {
        memcpy(dst, src, 8);
        memcpy(dst + len - 8, src + len - 8, 8);
    } else if (len >= 4 && len < 8) {
        memcpy(dst, src, 4);
        memcpy(dst + len - 4, src + len - 4, 4);
    } else if (len < 4) {
        for (size_t i = 0; i < len; i++)
            dst[i] = src[i];
    } else {
        memcpy(dst, src, len);
    }
}

/* A cell's len bytes of text, from s as it is, or unescaped (see
 * copy_unescaped) when esc is set; esc is a constant everywhere but in
 * split_line, so the common path does not test it. */
static inline void copy_text(char *dst, const char *s, size_t len, bool esc)
{
    if (esc)
        copy_unescaped(dst, s, len);
    else
        copy_cell(dst, s, len);
}

static void keep_header_cell(CsvReader *r, size_t col, const char *s, size_t len,
                             bool esc)
{
    if (col == r->hdr_cap) {
        size_t cap = r->hdr_cap ? r->hdr_cap * 2 : 32;
        size_t *o = mem_realloc(r->hdr_off, cap * sizeof *o);
        if (o)
            r->hdr_off = o;
        size_t *l = o ? mem_realloc(r->hdr_len, cap * sizeof *l) : NULL;
        if (!l) {
            fail_nomem(r);
            return;
        }
        r->hdr_len = l;
        r->hdr_cap = cap;
    }
    if (len > r->tcap - r->tlen && !grow_text(r, len))
        return;
    copy_text(r->text + r->tlen, s, len, esc);
    r->hdr_off[col] = r->tlen;
    r->hdr_len[col] = len;
    r->tlen += len;
}

/* A cell of the header row: len bytes of text from s (see copy_text). */
static void header_cell(CsvReader *r, const char *s, size_t len, bool esc)
{
    size_t col = r->cell++;
    r->hdr_bytes += len + 1;
    if (r->failed || r->oversize)
        return;
    if (r->hdr_bytes > DATA_RECORD_LIMIT) {
        r->oversize = true;
        return;
    }
    keep_header_cell(r, col, s, len, esc);
}

static void on_header_cell(void *s, size_t len, void *data)
{
    header_cell(data, s, len, false);
}

/* The record's text is full: the cell in column `col` and all after it
 * are dropped. */
static void too_large(CsvReader *r, size_t col)
{
    r->oversize = true;
    if (r->live_cols > col)
        r->live_cols = col;
}

static inline void put_cell(CsvReader *r, int32_t slot, const char *s, size_t len,
                            bool esc)
{
    char *dst = r->text + r->tlen;
    copy_text(dst, s, len, esc);
    RawField *f = &r->fields[slot];
    f->kind = RAW_TEXT;
    f->text = dst;
    f->len = len;
    r->tlen += len;
}

/* A cell that does not fit in the text buffer as it is.  Kept out of line
 * so that the common path of on_cell stays small. */
__attribute__((noinline))
static void put_long_cell(CsvReader *r, size_t col, int32_t slot,
                          const char *s, size_t len, bool esc)
{
    if (len > DATA_RECORD_LIMIT - r->tlen)
        too_large(r, col);
    else if (grow_text(r, len))
        put_cell(r, slot, s, len, esc);
}

/* A cell of a record: len bytes of text from s (see copy_text).  This
 * runs for every cell of the input, so the common path is three tests and
 * one copy; `fits` says the caller knows the cell fits the text buffer as
 * it is (a constant wherever this is in line). */
static inline void record_cell(CsvReader *r, const char *s, size_t len, bool esc,
                               bool fits)
{
    size_t col = r->cell++;
    if (col >= r->live_cols)
        return;
    int32_t slot = r->col_slot[col];
    if (slot < 0) {
        if (len > DATA_RECORD_LIMIT)  /* no one cell may be that large */
            too_large(r, col);
        return;
    }
    if (!fits && len > r->tcap - r->tlen)
        put_long_cell(r, col, slot, s, len, esc);
    else
        put_cell(r, slot, s, len, esc);
}

static void on_cell(void *s, size_t len, void *data)
{
    record_cell(data, s, len, false, false);
}

static int32_t find_slot(const CsvReader *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->schema->count; i++)
        if (r->name_len[i] == len && memcmp(r->schema->names[i], name, len) == 0)
            return (int32_t)i;
    return -1;
}

/* The header has no column for a slot the caller marked required: a
 * whole-input error naming every such slot.  slot_col[i] is the column
 * (from 1) of slot i, 0 for none. */
static void need_columns(CsvReader *r, const size_t *slot_col)
{
    if (!r->required)
        return;
    size_t missing = 0;
    for (size_t i = 0; i < r->schema->count; i++)
        missing += r->required[i] && !slot_col[i];
    if (!missing)
        return;
    r->failed = true;
    /* The names, "`id`, `type`", then one sentence around them.  A name
     * that does not fit is left out whole (err is shorter anyway). */
    char names[400];
    size_t at = 0;
    names[0] = '\0';
    for (size_t i = 0; i < r->schema->count; i++) {
        if (!r->required[i] || slot_col[i])
            continue;
        int n = snprintf(names + at, sizeof names - at, "%s`%s`", at ? ", " : "", r->schema->names[i]);
        if (n < 0 || (size_t)n >= sizeof names - at) {
            names[at] = '\0';
            break;
        }
        at += (size_t)n;
    }
    data_errorf(r->err, r->errsize,
                P_("%s:%zu: the header has no column %s; the rules need it",
                   "%s:%zu: the header has no column %s; the rules need them", missing),
                r->src->name, r->rec_line, names);
}

static void take_header(CsvReader *r)
{
    const char *name = r->src->name;
    if (r->unclosed) {
        data_errorf(r->err, r->errsize,
                    "%s:%zu: column %zu of the header opens a quote that is not closed "
                    "before the end of the input; close it",
                    name, r->rec_line, r->cell);
        r->failed = true;
        return;
    }
    if (r->oversize) {
        data_errorf(r->err, r->errsize,
                    "%s:%zu: the header row is larger than 1 MiB", name,
                    r->rec_line);
        r->failed = true;
        return;
    }
    r->ncols = r->cell;
    r->col_slot = mem_alloc(r->ncols * sizeof *r->col_slot);
    size_t *slot_col = mem_calloc(r->schema->count ? r->schema->count : 1,
                                  sizeof *slot_col);
    if (!r->col_slot || !slot_col) {
        mem_free(slot_col);
        fail_nomem(r);
        return;
    }
    for (size_t c = 0; c < r->ncols; c++) {
        /* Names are compared without the spaces around them: a header
         * such as "id, agency" means the field `agency`. */
        const char *s = r->text + r->hdr_off[c];
        size_t len = r->hdr_len[c];
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        int32_t slot = find_slot(r, s, len);
        r->col_slot[c] = slot;
        if (slot < 0)
            continue;
        if (slot_col[slot]) {
            data_errorf(r->err, r->errsize,
                        "%s:%zu: the header names `%s` twice (columns %zu and %zu)",
                        name, r->rec_line, r->schema->names[slot],
                        slot_col[slot], c + 1);
            r->failed = true;
            break;
        }
        slot_col[slot] = c + 1;
    }
    if (!r->failed)
        need_columns(r, slot_col);
    mem_free(slot_col);
    mem_free(r->hdr_off);
    mem_free(r->hdr_len);
    r->hdr_off = r->hdr_len = NULL;
    r->have_header = true;
}

/* The first slot whose cell is not valid UTF-8, or -1.  The cells lie
 * one after another in the text buffer, so when the whole is valid and no
 * cell begins with a continuation byte, each cell is valid: the text is
 * decoded once per record, not once per cell. */
static int32_t invalid_field(const CsvReader *r)
{
    if (utext_valid(r->text, r->tlen, NULL)) {
        bool split = false;
        for (size_t i = 0; i < r->schema->count && !split; i++) {
            const RawField *f = &r->fields[i];
            split = f->kind == RAW_TEXT && f->len &&
                    ((unsigned char)f->text[0] & 0xC0) == 0x80;
        }
        if (!split)
            return -1;
    }
    for (size_t i = 0; i < r->schema->count; i++) {
        const RawField *f = &r->fields[i];
        if (f->kind == RAW_TEXT && !utext_valid(f->text, f->len, NULL))
            return (int32_t)i;
    }
    return -1;
}

/* The first slot whose cell holds a NUL byte, or -1.  One memchr over
 * the record's text (the schema's cells, one after another) settles the
 * usual case. */
static int32_t nul_field(const CsvReader *r)
{
    if (!memchr(r->text, '\0', r->tlen))
        return -1;
    for (size_t i = 0; i < r->schema->count; i++) {
        const RawField *f = &r->fields[i];
        if (f->kind == RAW_TEXT && memchr(f->text, '\0', f->len))
            return (int32_t)i;
    }
    return -1;
}

/* What is wrong with the finished row, or NULL.  A broken or unclosed
 * row has its message in r->msg already. */
static const char *row_error(CsvReader *r)
{
    if (r->broken || r->unclosed)
        return r->msg;
    if (r->oversize)
        return _("record is larger than 1 MiB");
    if (r->cell != r->ncols) {
        data_errorf(r->msg, sizeof r->msg,
                    P_("row has %zu field, the header has %zu", "row has %zu fields, the header has %zu", r->cell),
                    r->cell, r->ncols);
        return r->msg;
    }
    /* A NUL would cut the text wherever it is used as a C string (and
     * is no character of a text file): the record is refused, not cut. */
    int32_t nul = nul_field(r);
    if (nul >= 0) {
        data_errorf(r->msg, sizeof r->msg,
                    "field `%s` holds a NUL byte; remove it (a file full of them is "
                    "UTF-16 or binary, not CSV UTF-8)", r->schema->names[nul]);
        return r->msg;
    }
    if (!data_is_ascii(r->text, r->tlen)) {
        int32_t bad = invalid_field(r);
        if (bad >= 0) {
            data_errorf(r->msg, sizeof r->msg, "field `%s` is not valid UTF-8",
                        r->schema->names[bad]);
            return r->msg;
        }
    }
    return NULL;
}

static void deliver(CsvReader *r)
{
    /* Slots are not cleared between records: every column is written
     * again, except after the last cell kept of a short or oversized
     * row, and only those are cleared here. */
    size_t kept = r->cell < r->live_cols ? r->cell : r->live_cols;
    for (size_t col = kept; col < r->ncols; col++)
        if (r->col_slot[col] >= 0)
            r->fields[r->col_slot[col]] = (RawField){RAW_ABSENT, NULL, 0, 0, 0};
    RawRecord rec;
    rec.error = row_error(r);
    rec.fields = r->fields;
    rec.items = NULL;
    rec.line = r->rec_line;
    rec.number = ++r->number;
    int rc = r->fn(r->ctx, &rec);
    if (rc)
        r->stop = rc;
}

static void on_row(int c, void *data)
{
    (void)c;
    CsvReader *r = data;
    r->row_start = true;
    if ((r->cell == 0 && !r->broken) || r->stop || r->failed)
        return;  /* an empty line (CSV_REPALL_NL reports every one) */
    if (!r->have_header)
        take_header(r);
    else
        deliver(r);
    r->cell = 0;
    r->tlen = 0;
    r->oversize = r->unclosed = r->broken = false;
    r->live_cols = r->stop || r->failed ? 0 : r->ncols;
}

static bool reader_init(CsvReader *r, DataSource *src, const DataSchema *schema,
                        const bool *required, DataRecordFn fn, void *ctx, char *err,
                        size_t errsize)
{
    memset(r, 0, sizeof *r);
    r->src = src;
    r->schema = schema;
    r->required = required;
    r->fn = fn;
    r->ctx = ctx;
    r->err = err;
    r->errsize = errsize;
    r->row_start = true;
    size_t n = schema->count ? schema->count : 1;
    r->name_len = mem_alloc(n * sizeof *r->name_len);
    r->fields = mem_calloc(n, sizeof *r->fields);
    r->off = mem_alloc(n * sizeof *r->off);
    r->tcap = 4096;
    r->text = mem_alloc(r->tcap);
    if (!r->name_len || !r->fields || !r->off || !r->text)
        return false;
    for (size_t i = 0; i < schema->count; i++)
        r->name_len[i] = strlen(schema->names[i]);
    /* CSV_REPALL_NL: every line end is reported, which is what tells a
     * new row is about to start.  Cells grow libcsv's buffer a page at a
     * time, through the counting allocator. */
    csv_init(&r->p, CSV_OPTS);
    csv_set_realloc_func(&r->p, mem_realloc);
    csv_set_free_func(&r->p, mem_free);
    csv_set_blk_size(&r->p, 4096);
    return true;
}

static void reader_free(CsvReader *r)
{
    csv_free(&r->p);
    mem_free(r->name_len);
    mem_free(r->fields);
    mem_free(r->off);
    mem_free(r->text);
    mem_free(r->col_slot);
    mem_free(r->hdr_off);
    mem_free(r->hdr_len);
}

/* Bound libcsv's own copy of the cell it is in: a cell larger than the
 * limit makes its record too large, and its text is no longer wanted, so
 * it is dropped. */
static void limit_open_cell(CsvReader *r)
{
    if (r->p.entry_pos <= DATA_RECORD_LIMIT)
        return;
    if (r->have_header)
        too_large(r, r->cell);
    else
        r->oversize = true;
    if (r->p.pstate == LIBCSV_FIELD_BEGUN) {
        r->p.entry_pos = 0;
        r->p.spaces = 0;
    }
}

/* The spaces around an unquoted cell; tested on nearly every byte next to
 * a comma, so the usual answer (a byte above ' ') takes one compare. */
static inline bool is_space(char c)
{
    return (unsigned char)c <= ' ' && (c == ' ' || c == '\t');
}

/* The quoted cell whose opening quote is at q, on a line whose text
 * (without its line end) ends at end: its closing quote, when that is
 * followed by a comma or the end of the line; with *pairs the number of
 * "" in it.  NULL when the cell does not end like that: it runs on past
 * the line, or text follows its closing quote. */
static const char *closing_quote(const char *q, const char *end, size_t *pairs)
{
    size_t n = 0;
    for (const char *p = q + 1;;) {
        const char *c = memchr(p, '"', (size_t)(end - p));
        if (!c)
            return NULL;
        if (c + 1 < end && c[1] == '"') {
            n++;
            p = c + 2;
            continue;
        }
        if (c + 1 < end && c[1] != ',')
            return NULL;
        *pairs = n;
        return c;
    }
}

/* True when each quote of the line s[0..end), the first at q, belongs to
 * a quoted cell of the plain shape: opened right at the start of its cell
 * (the line's start or just after a comma, no space before it), closed
 * on this line just before a comma or the line's end, any quote between
 * doubled.  libcsv makes of such a cell exactly the text between the
 * quotes, each "" as one ", spaces and tabs kept. */
static bool quotes_plain(const char *s, const char *end, const char *q)
{
    while (q) {
        if (q > s && q[-1] != ',')
            return false;
        size_t pairs;
        const char *c = closing_quote(q, end, &pairs);
        if (!c)
            return false;
        if (c + 1 == end)
            return true;
        q = memchr(c + 2, '"', (size_t)(end - (c + 2)));
    }
    return true;
}

/* The first comma in [p, end), or end.  Cells are short and of every
 * length, so a byte loop mispredicts its exit on nearly every cell; eight
 * bytes are tested at once instead: a byte of x is zero where w has a
 * comma, and (x - ones) & ~x & highs marks the lowest zero byte exactly
 * (a borrow can only mark bytes above it). */
static inline const char *find_comma(const char *p, const char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t x = w ^ (ones * ',');
        uint64_t m = (x - ones) & ~x & highs;
        if (m)
            return p + (__builtin_ctzll(m) >> 3);
        p += 8;
    }
#endif
    while (p < end && *p != ',')
        p++;
    return p;
}

/* The cells of a line, p[0..end), at least one: what split_line does,
 * with kind saying where they go, a constant in each place this is put in
 * line: CELLS_HEADER (header_cell), CELLS_RECORD (record_cell) or
 * CELLS_FIT (record_cell, every cell known to fit the text buffer). */
enum { CELLS_HEADER, CELLS_RECORD, CELLS_FIT };

static inline __attribute__((always_inline))
void line_cells(CsvReader *r, const char *p, const char *end, int kind)
{
    for (;;) {
        const char *text, *comma;  /* the cell's text; what ends it */
        size_t len;
        bool esc = false;
        if (p < end && *p == '"') {
            size_t pairs = 0;
            const char *c = closing_quote(p, end, &pairs);
            text = p + 1;
            len = (size_t)(c - text) - pairs;
            esc = pairs != 0;
            comma = c + 1;
        } else {
            while (p < end && is_space(*p))
                p++;
            comma = find_comma(p, end);
            const char *q = comma;
            while (q > p && is_space(q[-1]))
                q--;
            text = p;
            len = (size_t)(q - p);
        }
        if (kind == CELLS_HEADER)
            header_cell(r, text, len, esc);
        else
            record_cell(r, text, len, esc, kind == CELLS_FIT);
        if (comma == end)
            break;
        p = comma + 1;
    }
}

/* A whole line at the start of a row, s[0..end) without its line end,
 * with no quote or only quoted cells passed by quotes_plain, is split
 * here instead of by libcsv: cells between commas, an unquoted one
 * without the spaces and tabs around it, a quoted one the text between
 * its quotes (what libcsv makes of them too; the tests check the two
 * agree).  Most lines of real data are like that, and this takes a
 * fraction of the time libcsv does, character by character.  A quoted
 * cell is copied into the record's text as it is, or unescaped when it
 * holds "", under the same limits as any other cell. */
static void split_line(CsvReader *r, const char *s, const char *end)
{
    const char *p = s;
    while (p < end && is_space(*p))
        p++;
    if (p < end) {  /* else a blank line: no cells, not a row */
        /* A cell's text is never longer than the line, so when the line
         * fits the buffer, every cell of it does. */
        if (!r->have_header)
            line_cells(r, p, end, CELLS_HEADER);
        else if ((size_t)(end - p) <= r->tcap - r->tlen)
            line_cells(r, p, end, CELLS_FIT);
        else
            line_cells(r, p, end, CELLS_RECORD);
    }
    on_row('\n', r);
}

/* Set to false, every line goes through libcsv (a hook for the tests,
 * which compare the two ways). */
bool data_csv_direct_lines = true;

/* The field a column holds, when the schema names it, else NULL: messages
 * say "column 3 (`title`)" then. */
static const char *column_name(const CsvReader *r, size_t col)
{
    if (r->have_header && col < r->ncols && r->col_slot[col] >= 0)
        return r->schema->names[r->col_slot[col]];
    return NULL;
}

/* libcsv stopped at text after the closing quote of the cell it is in:
 * in the header a whole-input error, in a record that record's error.
 * The parser is reset and the rest of the line passed over, so that the
 * next line begins a row. */
static void text_after_quote(CsvReader *r)
{
    size_t col = r->cell + 1;
    size_t line = r->src->line;
    if (!r->have_header) {
        data_errorf(r->err, r->errsize,
                    "%s:%zu: column %zu of the header has text after its closing quote; "
                    "write the name without quotes",
                    r->src->name, line, col);
        r->failed = true;
        return;
    }
    /* one whole sentence per case (a named column or not, the quote on the
     * record's first line or a later one), for the translations */
    const char *name = column_name(r, col - 1);
    if (name && line != r->rec_line)
        data_errorf(r->msg, sizeof r->msg,
                    "column %zu (`%s`) has text after its closing quote on line %zu; quote the whole cell "
                    "and double each quote inside it (\"say \"\"hi\"\"\")", col, name, line);
    else if (name)
        data_errorf(r->msg, sizeof r->msg,
                    "column %zu (`%s`) has text after its closing quote; quote the whole cell "
                    "and double each quote inside it (\"say \"\"hi\"\"\")", col, name);
    else if (line != r->rec_line)
        data_errorf(r->msg, sizeof r->msg,
                    "column %zu has text after its closing quote on line %zu; quote the whole cell "
                    "and double each quote inside it (\"say \"\"hi\"\"\")", col, line);
    else
        data_errorf(r->msg, sizeof r->msg,
                    "column %zu has text after its closing quote; quote the whole cell "
                    "and double each quote inside it (\"say \"\"hi\"\"\")", col);
    r->broken = true;
    /* csv_fini without callbacks only resets the parser: the cell that
     * was open is not part of the record. */
    csv_fini(&r->p, NULL, NULL, NULL);
    on_row('\n', r);
    r->skip_line = !r->src->at_line_start;
}

/* Feed one piece of input to libcsv.  Strict mode stops it at the two
 * things it refuses (see the file's header); after a quote inside an
 * unquoted cell, parsing goes on; after text following a closing quote,
 * the rest of the piece is dropped. */
static void parse_piece(CsvReader *r, const char *s, size_t len)
{
    void (*cell_fn)(void *, size_t, void *) = r->have_header ? on_cell : on_header_cell;
    while (len) {
        size_t used = csv_parse(&r->p, s, len, cell_fn, on_row, r);
        if (r->stop || r->failed)
            return;
        if (used == len)
            break;
        if (csv_error(&r->p) != CSV_EPARSE) {
            fail_nomem(r);
            return;
        }
        r->p.status = CSV_SUCCESS;  /* csv_parse sets it, and never clears it */
        if (r->p.pstate != LIBCSV_FIELD_BEGUN || r->p.quoted) {
            text_after_quote(r);
            return;
        }
        /* A quote inside an unquoted cell: given to libcsv alone, not
         * strict, which keeps it as text. */
        csv_set_opts(&r->p, CSV_REPALL_NL);
        size_t one = csv_parse(&r->p, s + used, 1, cell_fn, on_row, r);
        csv_set_opts(&r->p, CSV_OPTS);
        if (one != 1) {
            fail_nomem(r);
            return;
        }
        s += used + 1;
        len -= used + 1;
        cell_fn = r->have_header ? on_cell : on_header_cell;
    }
    limit_open_cell(r);
}

/* A quoted cell open at the end of the input: which column, and which
 * lines went into it (they cannot be read again: the input is a stream). */
static void note_unclosed(CsvReader *r)
{
    r->unclosed = true;
    if (!r->have_header)
        return;
    size_t col = r->cell + 1;
    const char *name = column_name(r, col - 1);
    bool one_line = r->src->line == r->rec_line;
    /* one whole sentence per case, for the translations */
    if (name && one_line)
        data_errorf(r->msg, sizeof r->msg,
                    "column %zu (`%s`) opens a quote that is not closed before the end of "
                    "the input; close it", col, name);
    else if (name)
        data_errorf(r->msg, sizeof r->msg,
                    "column %zu (`%s`) opens a quote that is not closed before the end of "
                    "the input: lines %zu to %zu were read as this one record; close it",
                    col, name, r->rec_line, r->src->line);
    else if (one_line)
        data_errorf(r->msg, sizeof r->msg,
                    "column %zu opens a quote that is not closed before the end of "
                    "the input; close it", col);
    else
        data_errorf(r->msg, sizeof r->msg,
                    "column %zu opens a quote that is not closed before the end of "
                    "the input: lines %zu to %zu were read as this one record; close it",
                    col, r->rec_line, r->src->line);
}

int data_csv_run(DataSource *src, const DataSchema *schema, const bool *required,
                 DataRecordFn fn, void *ctx, char *err, size_t errsize)
{
    CsvReader r;
    if (!reader_init(&r, src, schema, required, fn, ctx, err, errsize)) {
        fail_nomem(&r);
        reader_free(&r);
        return -1;
    }
    const char *piece;
    size_t len;
    bool starts;
    while (data_source_next(src, &piece, &len, &starts)) {
        if (r.skip_line) {  /* the rest of a broken row's line */
            r.skip_line = !src->at_line_start;
            continue;
        }
        if (starts && r.row_start) {
            r.rec_line = src->line;
            r.row_start = false;
            /* libcsv is between rows here, so a whole line that it would
             * split as split_line does may skip it */
            char last = piece[len - 1];
            if (data_csv_direct_lines && (last == '\n' || last == '\r')) {
                const char *end = piece + len;
                while (end > piece && (end[-1] == '\n' || end[-1] == '\r'))
                    end--;
                const char *q = memchr(piece, '"', (size_t)(end - piece));
                if (!q || quotes_plain(piece, end, q)) {
                    split_line(&r, piece, end);
                    if (r.stop || r.failed)
                        break;
                    continue;
                }
            }
        }
        parse_piece(&r, piece, len);
        if (r.stop || r.failed)
            break;
    }
    if (!r.stop && !r.failed) {
        if (src->failed) {
            r.failed = true;
            data_source_read_error(src, err, errsize);
        } else {
            if (r.p.quoted && r.p.pstate == LIBCSV_FIELD_BEGUN)
                note_unclosed(&r);
            csv_fini(&r.p, r.have_header ? on_cell : on_header_cell, on_row, &r);
            if (!r.have_header && !r.failed) {
                data_errorf(err, errsize, "%s: no header row: the input is empty",
                            src->name);
                r.failed = true;
            }
        }
    }
    reader_free(&r);
    return r.failed ? -1 : r.stop;
}

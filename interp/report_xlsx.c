/* report_xlsx.c -- the Excel workbook of `award eval --format xlsx` (see
 * report_xlsx.h), made with libxlsxwriter.
 *
 * The cells of the results are those of the CSV report (report_cell), so
 * the workbook and CSV cannot say different things; the counts are those
 * of --summary (tally.h); the explanations are explain_text's lines.  What
 * is particular to a workbook lives here: text Excel can hold, numbers as
 * Excel keeps them (doubles, made at one place, exact_double), sheets of
 * at most 1,048,576 rows, column widths, and libxlsxwriter's failures said
 * in plain words. */
#include "report_xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "dec.h"
#include "mem.h"
#include "report.h"
#include "strbuf.h"
#include "tally.h"
#include "utext.h"

/* exact_double relies on each operation being rounded once, to double. */
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "report_xlsx.c needs double arithmetic evaluated in double (FLT_EVAL_METHOD 0)"
#endif

/* A column is as wide as its widest cell, in characters as displayed, plus
 * room for the autofilter's button, but no wider than this: a long message
 * is better read in the cell than across three screens. */
#define RESULTS_MAX_WIDTH 60
#define EXPLAIN_MAX_WIDTH 120
#define WIDTH_PADDING 3

/* One sheet being written, and the sheets it continues on. */
typedef struct Sheet {
    lxw_worksheet *ws;
    const char *name;           /* "results", "explanations", "counts" */
    unsigned part;              /* 1; then 2, 3, ... on the sheets it continues on */
    lxw_row_t row;              /* the next row to write */
    const char *const *header;  /* the column names */
    size_t ncols;
    size_t *width;              /* per column: the widest cell, in display columns */
    size_t max_width;
} Sheet;

struct XlsxReport {
    lxw_workbook *wb;           /* NULL once closed */
    char *file;                 /* the output as the user named it, for messages */
    Report *cols;               /* a CSV report, for its columns and cells */
    Explainer *x;
    const char **result_header; /* the names of cols's columns */
    Sheet results, explain;
    lxw_format *bold;
    lxw_format *places[DEC_MAX_SCALE + 1]; /* "0", "0.0", "0.00", ... made when first needed */
    Tally tally;
    Sb cell;                    /* one cell's text, as CSV gives it */
    Sb clean;                   /* the same as Excel can hold it */
    const AppResult *res;       /* the result being written, for messages */
    bool failed;
    char err[512];
};

static const char *const explain_header[] = { "id", "explanation" };
static const char *const counts_header[] = { "category", "kind", "tier", "count" };

/* ---- failures ---- */

/* Record the first failure as "cannot write FILE: ..."; returns false. */
__attribute__((format(printf, 2, 3)))
static bool fail(XlsxReport *w, const char *fmt, ...)
{
    if (w->failed)
        return false;
    w->failed = true;
    int n = snprintf(w->err, sizeof w->err, "cannot write %s: ", w->file);
    if (n < 0 || (size_t)n >= sizeof w->err)
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->err + n, sizeof w->err - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

/* The id of the result being written, for a message: its first
 * characters only (an id can be anything a data file holds, a whole page
 * of it too), cut between characters. */
static void id_for_message(const XlsxReport *w, char *buf, size_t size)
{
    enum { SHOWN = 40 };
    const char *id = w->res ? w->res->id : "";
    size_t len = w->res ? w->res->id_len : 0, end = 0;
    int32_t cp;
    for (size_t chars = 0; end < len && chars < SHOWN; chars++)
        end += utext_decode(id + end, len - end, &cp);
    snprintf(buf, size, "%.*s%s", (int)end, id, end < len ? "..." : "");
}

/* What a failed write of a cell means, for the person who asked for it. */
static bool fail_cell(XlsxReport *w, const Sheet *s, size_t col, lxw_error e)
{
    char id[256];
    id_for_message(w, id, sizeof id);
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return fail(w, "the `%s` cell of %s is longer than an Excel cell can hold (32,767 characters); "
                    "--format csv gives it whole", s->header[col], id);
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return fail(w, "out of memory");
    return fail(w, "the sheet `%s` could not take the `%s` of %s (libxlsxwriter: %s)", s->name,
                s->header[col], id, lxw_strerror(e));
}

/* libxlsxwriter prints its own messages for programmers on standard error
 * ("[ERROR] workbook_close(): Zip ZIP_ERRNO error while creating xlsx
 * file '/dev/fd/3'. ..."); fail says the same in plain words.  Around the
 * calls that print, standard error goes to /dev/null.  Returns the saved
 * descriptor for unmute, -1 when it could not be saved (then the library's
 * message shows too, which is better than losing ours). */
static int mute_stderr(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY);
    if (saved < 0 || null < 0 || dup2(null, STDERR_FILENO) < 0) {
        if (saved >= 0)
            close(saved);
        saved = -1;
    }
    if (null >= 0)
        close(null);
    return saved;
}

static void unmute_stderr(int saved)
{
    if (saved < 0)
        return;
    int e = errno; /* the caller reads the library's errno after this */
    dup2(saved, STDERR_FILENO);
    close(saved);
    errno = e;
}

/* ---- text Excel can hold ---- */

static bool hex4(const char *s)
{
    for (int k = 0; k < 4; k++)
        if (!s[k] || !strchr("0123456789abcdefABCDEF", s[k]))
            return false;
    return true;
}

/* s[0..len) as a workbook can hold it, into w->clean (NUL-terminated):
 * - a byte that is not UTF-8, a NUL (which would end the C string
 *   libxlsxwriter takes) and U+FFFE, U+FFFF (which XML cannot hold) become
 *   U+FFFD, as in JSON: Excel refuses a file with any of them;
 * - `_x` followed by four hex digits and `_` is how a workbook spells a
 *   control character (libxlsxwriter writes a tab-less C0 control as
 *   `_x001B_`), so Excel would show a text `_x0041_` as `A`; its `_` is
 *   written `_x005F_` (the underscore itself), and Excel shows the text as
 *   it was.
 * Every other character, Thai and control characters included, is kept
 * (libxlsxwriter escapes the controls). */
static void clean_text(XlsxReport *w, const char *s, size_t len)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    Sb *to = &w->clean;
    sb_reset(to);
    sb_add(to, "", 0);
    for (size_t i = 0; i < len;) {
        size_t plain = i; /* ASCII but NUL and `_` needs no look */
        while (plain < len && (unsigned char)s[plain] - 1u < 0x7Fu && s[plain] != '_')
            plain++;
        if (plain > i) {
            sb_add(to, s + i, plain - i);
            i = plain;
            continue;
        }
        int32_t cp;
        size_t n = utext_decode(s + i, len - i, &cp);
        if (cp < 0 || cp == 0 || cp == 0xFFFE || cp == 0xFFFF) {
            sb_add(to, replacement, 3);
        } else if (cp == '_' && i + 7 <= len && s[i + 1] == 'x' && s[i + 6] == '_' && hex4(s + i + 2)) {
            sb_str(to, "_x005F_");
        } else {
            sb_add(to, s + i, n);
        }
        i += n;
    }
}

/* ---- numbers ---- */

/* Excel keeps every number as an IEEE double, so a workbook cannot do
 * without one; this is the only place award makes one, from an exact
 * decimal, at the very edge.  When the decimal has at most 15 significant
 * digits, the coefficient (below 10^15 < 2^53) and the power of ten (at
 * most 10^18 = 2^18 * 5^18, with 5^18 < 2^53) are exact doubles, and IEEE
 * division rounds their quotient once: the result is the double nearest
 * the decimal.  Its error is below 10^-16 of the value, far less than half
 * a unit of the decimal's last place, so Excel, which shows at most 15
 * significant digits and here the decimal's own places (the cell's number
 * format), shows exactly the decimal; totals and points have a few places.
 * A decimal with more significant digits than a double keeps is not made
 * a number: false, and it is written as text, exact. */
static bool exact_double(Dec d, double *out)
{
    static const double pow10[DEC_MAX_SCALE + 1] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    };
    Dec n = dec_normalize(d);
    const dec_int limit = 1000000000000000; /* 10^15 */
    if (n.coef >= limit || n.coef <= -limit || n.scale < 0 || n.scale > DEC_MAX_SCALE)
        return false;
    *out = (double)(int64_t)n.coef / pow10[n.scale];
    return true;
}

/* The format that shows a number with `places` decimals ("0.00"). */
static lxw_format *places_format(XlsxReport *w, int places)
{
    if (w->places[places])
        return w->places[places];
    char spec[DEC_MAX_SCALE + 3] = "0";
    if (places > 0) {
        spec[1] = '.';
        memset(spec + 2, '0', (size_t)places);
        spec[2 + places] = '\0';
    }
    lxw_format *f = workbook_add_format(w->wb);
    if (!f)
        return NULL;
    format_set_num_format(f, spec);
    w->places[places] = f;
    return f;
}

/* ---- sheets ---- */

static void note_width(Sheet *s, size_t col, const char *text, size_t len)
{
    /* A character is never wider than its bytes (a wide one takes two
     * columns and three bytes), so most cells need not be measured. */
    if (len <= s->width[col] || s->width[col] >= s->max_width)
        return;
    size_t wd = utext_width(text, len);
    if (wd > s->width[col])
        s->width[col] = wd;
}

/* Start the sheet (or its next part): its header row, in bold and frozen,
 * so that it stays in view while the rows scroll. */
static bool sheet_begin(XlsxReport *w, Sheet *s)
{
    char name[64];
    if (s->part > 1)
        snprintf(name, sizeof name, "%s %u", s->name, s->part);
    else
        snprintf(name, sizeof name, "%s", s->name);
    if (!s->width && !(s->width = mem_calloc(s->ncols ? s->ncols : 1, sizeof *s->width)))
        return fail(w, "out of memory");
    /* In constant-memory mode a sheet opens a temporary file at once. */
    int saved = mute_stderr();
    errno = 0;
    s->ws = workbook_add_worksheet(w->wb, name);
    int e = errno;
    unmute_stderr(saved);
    if (!s->ws)
        return fail(w, "the sheet `%s` could not be started: %s (it is kept in a temporary file in "
                    "$TMPDIR, or /tmp, until the workbook is written)", name,
                    e ? strerror(e) : "out of memory");
    s->row = 0;
    for (size_t c = 0; c < s->ncols; c++) {
        lxw_error le = worksheet_write_string(s->ws, 0, (lxw_col_t)c, s->header[c], w->bold);
        if (le != LXW_NO_ERROR)
            return fail_cell(w, s, c, le);
        s->width[c] = utext_width(s->header[c], strlen(s->header[c]));
    }
    worksheet_freeze_panes(s->ws, 1, 0);
    s->row = 1;
    return true;
}

/* Finish the sheet (or its part): widths, and an autofilter over the
 * header and the data, so that a reader can sort and pick rows. */
static bool sheet_finish(XlsxReport *w, Sheet *s)
{
    if (!s->ws)
        return true;
    for (size_t c = 0; c < s->ncols; c++) {
        size_t wd = s->width[c] < s->max_width ? s->width[c] : s->max_width;
        /* libxlsxwriter takes a width as a double; it is a whole number here */
        if (worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, (double)(wd + WIDTH_PADDING), NULL) !=
            LXW_NO_ERROR)
            return fail(w, "the sheet `%s` could not be laid out", s->name);
    }
    if (s->ncols &&
        worksheet_autofilter(s->ws, 0, 0, s->row - 1, (lxw_col_t)(s->ncols - 1)) != LXW_NO_ERROR)
        return fail(w, "the sheet `%s` could not be given its filter", s->name);
    s->ws = NULL;
    return true;
}

/* The row the next record goes to: a new part of the sheet when this one
 * is full (Excel's limit is 1,048,576 rows, the header included). */
static bool sheet_next_row(XlsxReport *w, Sheet *s, lxw_row_t *row)
{
    if (s->row >= LXW_ROW_MAX) {
        if (!sheet_finish(w, s))
            return false;
        s->part++;
        if (!sheet_begin(w, s))
            return false;
    }
    *row = s->row++;
    return true;
}

static bool put_text(XlsxReport *w, Sheet *s, lxw_row_t row, size_t col, const char *text, size_t len)
{
    if (!len)
        return true; /* an empty cell is no cell */
    clean_text(w, text, len);
    note_width(s, col, w->clean.s, w->clean.len);
    lxw_error e = worksheet_write_string(s->ws, row, (lxw_col_t)col, w->clean.s, NULL);
    return e == LXW_NO_ERROR || fail_cell(w, s, col, e);
}

/* A number, given as its exact decimal text (as CSV writes it), shown with
 * the places that text has. */
static bool put_number(XlsxReport *w, Sheet *s, lxw_row_t row, size_t col, const char *text, size_t len)
{
    Dec d;
    double v;
    if (!len)
        return true;
    if (dec_parse(text, len, &d) != DEC_OK || !exact_double(d, &v))
        return put_text(w, s, row, col, text, len);
    const char *point = memchr(text, '.', len);
    int places = point ? (int)(len - (size_t)(point - text) - 1) : 0;
    lxw_format *f = places <= DEC_MAX_SCALE ? places_format(w, places) : NULL;
    if (!f)
        return fail(w, "out of memory");
    note_width(s, col, text, len);
    lxw_error e = worksheet_write_number(s->ws, row, (lxw_col_t)col, v, f);
    return e == LXW_NO_ERROR || fail_cell(w, s, col, e);
}

/* ---- the workbook ---- */

bool report_xlsx_target_ok(OutFile *out, char *err, size_t errsize)
{
    int fd = fileno(outfile_stream(out));
    if (isatty(fd)) {
        snprintf(err, errsize, "an Excel workbook cannot be shown on a terminal; give -o FILE.xlsx");
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_CUR) < 0) {
        snprintf(err, errsize, "an Excel workbook cannot be written to a pipe (it is finished by going back "
                 "in the file); give -o FILE.xlsx");
        return false;
    }
    return true;
}

XlsxReport *report_xlsx_new(OutFile *out, const Rules *r, const char *columns, Explainer *x, char *err,
                            size_t errsize)
{
    XlsxReport *w = mem_calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    w->x = x;
    w->file = mem_strndup(outfile_name(out), strlen(outfile_name(out)));
    if (!w->file) {
        snprintf(err, errsize, "out of memory");
        report_xlsx_free(w);
        return NULL;
    }
    /* The results' columns are CSV's: the CSV report chooses them (an
     * unknown column is refused here, as for CSV). */
    if (!(w->cols = report_new(NULL, REPORT_CSV, r, columns, err, errsize))) {
        report_xlsx_free(w);
        return NULL;
    }
    size_t ncols = report_ncolumns(w->cols);
    w->result_header = mem_calloc(ncols ? ncols : 1, sizeof *w->result_header);
    if (!w->result_header) {
        snprintf(err, errsize, "out of memory");
        report_xlsx_free(w);
        return NULL;
    }
    for (size_t i = 0; i < ncols; i++)
        w->result_header[i] = report_column_name(w->cols, i);
    w->results = (Sheet){ .name = "results", .part = 1, .header = w->result_header, .ncols = ncols,
                          .max_width = RESULTS_MAX_WIDTH };
    w->explain = (Sheet){ .name = "explanations", .part = 1, .header = explain_header, .ncols = 2,
                          .max_width = EXPLAIN_MAX_WIDTH };

    /* The workbook is written through the OutFile's descriptor, by the name
     * /dev/fd gives it: the same file, so that the temporary file, the
     * checks and the rename of outfile.c serve a workbook too.  The name
     * must lead to that very file, or the workbook would go elsewhere. */
    int fd = fileno(outfile_stream(out));
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    struct stat by_fd, by_name;
    if (fstat(fd, &by_fd) != 0 || stat(path, &by_name) != 0 || by_fd.st_dev != by_name.st_dev ||
        by_fd.st_ino != by_name.st_ino) {
        snprintf(err, errsize, "cannot write %s: this system has no /dev/fd, through which the workbook is "
                 "written; use --format csv", w->file);
        report_xlsx_free(w);
        return NULL;
    }
    lxw_workbook_options options = { .constant_memory = LXW_TRUE };
    /* Its temporary files where award keeps its own (README: $TMPDIR). */
    char *tmpdir = getenv("TMPDIR");
    if (tmpdir && *tmpdir)
        options.tmpdir = tmpdir;
    w->wb = workbook_new_opt(path, &options);
    if (!w->wb || !(w->bold = workbook_add_format(w->wb))) {
        snprintf(err, errsize, "out of memory");
        report_xlsx_free(w);
        return NULL;
    }
    format_set_bold(w->bold);
    if (!sheet_begin(w, &w->results) || !sheet_begin(w, &w->explain)) {
        snprintf(err, errsize, "%s", w->err);
        report_xlsx_free(w);
        return NULL;
    }
    return w;
}

/* The result's row of the results sheet. */
static bool write_result_row(XlsxReport *w, const AppResult *res)
{
    Sheet *s = &w->results;
    lxw_row_t row;
    if (!sheet_next_row(w, s, &row))
        return false;
    for (size_t c = 0; c < s->ncols; c++) {
        report_cell(w->cols, c, res, &w->cell);
        bool ok = report_column_kind(w->cols, c) == REPORT_CELL_TEXT
                      ? put_text(w, s, row, c, w->cell.s, w->cell.len)
                      : put_number(w, s, row, c, w->cell.s, w->cell.len);
        if (!ok)
            return false;
    }
    return true;
}

/* The result's explanation, as explain_text writes it, one line a row. */
static bool write_explanation(XlsxReport *w, const AppResult *res)
{
    /* open_memstream's buffer is the C library's (free, not mem_free): the
     * explainer writes to a stream, and this one grows as it needs. */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return fail(w, "out of memory");
    explain_text(w->x, res, f);
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        free(text);
        return fail(w, "out of memory");
    }
    Sheet *s = &w->explain;
    bool ok = true;
    for (size_t i = 0; ok && i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
        lxw_row_t row;
        ok = sheet_next_row(w, s, &row) && put_text(w, s, row, 0, res->id, res->id_len) &&
             put_text(w, s, row, 1, text + i, n);
        i += n + 1;
    }
    free(text);
    return ok;
}

bool report_xlsx_result(XlsxReport *w, const AppResult *res)
{
    if (w->failed)
        return false;
    w->res = res;
    if (!tally_add(&w->tally, res))
        return fail(w, "out of memory");
    bool ok = write_result_row(w, res) && write_explanation(w, res);
    w->res = NULL;
    return ok;
}

/* The counts sheet: --summary csv's rows (category, kind, tier, count). */
static bool write_counts(XlsxReport *w)
{
    Sheet s = { .name = "counts", .part = 1, .header = counts_header, .ncols = 4,
                .max_width = RESULTS_MAX_WIDTH };
    size_t n;
    const TallyRow *rows = tally_rows(&w->tally, &n);
    bool ok = sheet_begin(w, &s);
    for (size_t i = 0; ok && i < n; i++) {
        const char *cat = rows[i].cat ? rows[i].cat->id : "";
        const char *kind = rows[i].agency ? "agency" : "application";
        char count[32];
        int clen = snprintf(count, sizeof count, "%zu", rows[i].count);
        lxw_row_t row;
        ok = sheet_next_row(w, &s, &row) && put_text(w, &s, row, 0, cat, strlen(cat)) &&
             put_text(w, &s, row, 1, kind, strlen(kind)) && put_text(w, &s, row, 2, rows[i].tier, strlen(rows[i].tier)) &&
             put_number(w, &s, row, 3, count, (size_t)clen);
    }
    ok = ok && sheet_finish(w, &s);
    mem_free(s.width);
    return ok;
}

/* What libxlsxwriter's failure to write the workbook means. */
static void fail_close(XlsxReport *w, lxw_error e, int err_no)
{
    switch (e) {
    case LXW_ERROR_CREATING_TMPFILE:
        fail(w, "no temporary file could be made in $TMPDIR, or /tmp, to put the workbook together%s%s",
             err_no ? ": " : "", err_no ? strerror(err_no) : "");
        break;
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        fail(w, "out of memory");
        break;
    default:
        if (err_no)
            fail(w, "%s", strerror(err_no));
        else
            fail(w, "the workbook could not be put together (libxlsxwriter: %s)", lxw_strerror(e));
        break;
    }
}

bool report_xlsx_end(XlsxReport *w, bool complete)
{
    if (!w->wb)
        return complete && !w->failed;
    bool ok = complete && !w->failed && sheet_finish(w, &w->results) && sheet_finish(w, &w->explain) &&
              write_counts(w);
    /* Closing writes the workbook.  Unfinished, it goes to the temporary
     * file, which the caller removes; closing is still what frees it. */
    int saved = mute_stderr();
    errno = 0;
    lxw_error e = workbook_close(w->wb);
    int err_no = errno;
    unmute_stderr(saved);
    w->wb = NULL;
    if (ok && e != LXW_NO_ERROR)
        fail_close(w, e, err_no);
    return ok && !w->failed;
}

const char *report_xlsx_error(const XlsxReport *w)
{
    return w->failed ? w->err : NULL;
}

void report_xlsx_free(XlsxReport *w)
{
    if (!w)
        return;
    if (w->wb)
        report_xlsx_end(w, false);
    report_free(w->cols);
    mem_free(w->result_header);
    mem_free(w->results.width);
    mem_free(w->explain.width);
    tally_free(&w->tally);
    sb_free(&w->cell);
    sb_free(&w->clean);
    mem_free(w->file);
    mem_free(w);
}

Tally *report_xlsx_tally(XlsxReport *w)
{
    return &w->tally;
}

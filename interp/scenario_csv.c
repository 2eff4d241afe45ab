/* scenario_csv.c -- cases kept in a spreadsheet: a CSV file (as Excel saves
 * it) whose rows are cases, run by `award test`, and the export of a
 * scenario file's cases to such a file (`award test --export`).
 *
 * A row is read by the same CSV reader as `award eval`'s data (data.h):
 * byte-order mark, CRLF, quoted cells with commas and line breaks, ragged
 * rows, all as there, and its field cells reach the evaluator exactly as a
 * data row's do, so a row means what the same row means in `award eval`.
 * Only the header is also read here, with libcsv, to learn its names: the
 * reader maps a header onto names it is given, and an unknown column must
 * be an error, not a column passed over.  The reader first reads the
 * header itself (stopping at the first row), so a header it refuses is
 * refused with its own message before anything here looks at it.
 *
 * Rows stream: each is judged and checked in the reader's callback, with a
 * fresh evaluator (each case is an application alone, as in a scenario
 * file), and nothing of it is kept, so a spreadsheet of any length runs in
 * the memory of one row.  Every row ends as a pass, a failure (through the
 * scenario runner's checker and printer) or an error at its line.
 *
 * The export reads a scenario file as `award test` does (reuse applied),
 * and writes a row per judged application.  A case that a row cannot hold
 * with the same meaning (a value a cell would read differently, an
 * expectation about a batch or about the rule file, two expectations for
 * one cell) is an error at its place in the scenario file, and nothing is
 * written. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "data.h"
#include "i18n.h"
#include "outfile.h"
#include "scenario_csv.h"
#include "utext.h"

/* The reader's limit on the text of one row (data.h: "a record whose
 * schema fields hold more than 1 MiB of text"): every column of a case
 * spreadsheet is in the schema, so a row holds at most this much. */
#define ROW_LIMIT ((size_t)1024 * 1024)

/* ---- the columns ---- */

typedef enum ColKind {
    COL_FIELD,             /* a field of the rules */
    COL_CASE, COL_SCENARIO, COL_RULES,
    COL_NOTE,              /* for people: how the figures were worked out; not read */
    COL_ELIGIBLE, COL_FAILED, COL_TOTAL, COL_TIER, COL_CATEGORY, COL_STAGE, COL_PENDING,
    COL_ERROR, COL_ERROR_ON,
    COL_POINTS,            /* `expect points ITEM` */
} ColKind;

/* The columns with a fixed name, in the order the export writes them. */
static const struct {
    const char *name;
    ColKind kind;
} fixed_cols[] = {
    { "scenario", COL_SCENARIO },
    { "case", COL_CASE },
    { "expect eligible", COL_ELIGIBLE },
    { "expect failed", COL_FAILED },
    { "expect total", COL_TOTAL },
    { "expect tier", COL_TIER },
    { "expect category", COL_CATEGORY },
    { "expect stage", COL_STAGE },
    { "expect pending", COL_PENDING },
    { "expect error", COL_ERROR },
    { "expect error on", COL_ERROR_ON },
    { "rules", COL_RULES },
    { "note", COL_NOTE },
};
enum { NFIXED = sizeof fixed_cols / sizeof fixed_cols[0] };

#define POINTS_PREFIX "expect points "

typedef struct Column {
    char *name;            /* as in the header, without the blanks around it (heap) */
    ColKind kind;
    const char *item;      /* COL_POINTS: the score item (inside name) */
} Column;

bool scn_csv_is_csv(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

bool scn_csv_walked(const char *name)
{
    size_t n = strlen(name);
    return n >= 9 && strcasecmp(name + n - 9, "cases.csv") == 0;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* s[0..*len) without the spaces and tabs around it. */
static const char *trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n && is_blank(*s))
        s++, n--;
    while (n && is_blank(s[n - 1]))
        n--;
    *len = n;
    return s;
}

/* ---- reading the header's names ---- */

typedef struct HeaderRead {
    Column *cols;
    size_t n, cap;
    bool done;             /* the first row has ended */
    bool nomem;
} HeaderRead;

static void on_header_cell(void *s, size_t len, void *data)
{
    HeaderRead *h = data;
    if (h->done || h->nomem)
        return;
    Column *more = mem_grow(h->cols, &h->cap, h->n + 1, sizeof *more);
    const char *t = trim(s ? s : "", &len);
    char *name = more ? mem_strndup(t, len) : NULL;
    if (!name) {
        if (more)
            h->cols = more;
        h->nomem = true;
        return;
    }
    h->cols = more;
    h->cols[h->n++] = (Column){ .name = name };
}

static void on_header_row(int c, void *data)
{
    (void)c;
    HeaderRead *h = data;
    /* a line of blanks is one empty cell to libcsv; to the reader it is
     * no row, and the header comes after it */
    if (h->n == 1 && h->cols[0].name[0] == '\0' && !h->done) {
        mem_free(h->cols[0].name);
        h->n = 0;
    }
    if (h->n > 0)
        h->done = true;
}

static void free_columns(Column *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mem_free(cols[i].name);
    mem_free(cols);
}

/* The names of the header row of `in` (from its start), which the data
 * reader has accepted.  False when memory ran out or the file could not
 * be read (reported into why). */
static bool read_header(FILE *in, HeaderRead *h, const char **why)
{
    struct csv_parser p;
    char buf[16384];
    bool first = true;
    *why = NULL;
    /* libcsv's default (not strict) keeps a quote inside an unquoted cell
     * as text, as the reader does; unquoted cells lose the blanks around
     * them there too */
    if (csv_init(&p, 0) != 0) {
        *why = _("out of memory");
        return false;
    }
    csv_set_realloc_func(&p, mem_realloc);
    csv_set_free_func(&p, mem_free);
    while (!h->done && !h->nomem) {
        size_t got = fread(buf, 1, sizeof buf, in);
        if (got == 0)
            break;
        size_t skip = first && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        first = false;
        if (csv_parse(&p, buf + skip, got - skip, on_header_cell, on_header_row, h) != got - skip &&
            csv_error(&p) == CSV_ENOMEM)
            h->nomem = true;
    }
    if (ferror(in))
        *why = strerror(errno ? errno : EIO);
    if (!h->done && !h->nomem && !*why)
        csv_fini(&p, on_header_cell, on_header_row, h);
    csv_free(&p);
    if (h->nomem)
        *why = _("out of memory");
    return *why == NULL;
}

/* ---- running a spreadsheet ---- */

/* One rule file as the rows of one spreadsheet use it. */
typedef struct RulesUse {
    Loaded *l;
    int32_t *slot;         /* per column: the input a field column sets, else -1 */
    bool ok;               /* it could be read and checks without errors */
} RulesUse;

typedef struct CsvRun {
    Runner *run;
    const char *path;
    Column *cols;
    size_t ncols;
    size_t header_line;
    int col_case, col_scenario, col_rules; /* -1: no such column */
    bool header_ok;
    const char *flag;      /* --rules, as given; NULL: none */
    char *flag_real;       /* its real path (heap; NULL when unknown) */
    char *cur;             /* the rule file of the row above, resolved (heap) */
    char *last_cell;       /* the `rules` cell that named it (heap) */
    size_t gen;            /* counts the changes of cur */
    size_t cached;         /* uses[cached] is the rule file of cur (or of --rules) ... */
    size_t cached_gen;     /* ... while gen is this */
    RulesUse *uses;
    size_t nuses, capuses;
    Arena arena;           /* one row's expectations, titles and fields */
    size_t rows;
} CsvRun;

__attribute__((format(printf, 3, 4)))
static void row_error(CsvRun *cr, size_t line, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    scn_printf(cr->run, "%s:%zu: %s: %s\n", cr->path, line, _("error"), msg);
}

/* "PATH: error: MESSAGE", for what is wrong with the whole file; fmt is
 * translated by the caller. */
__attribute__((format(printf, 3, 4)))
static void file_error(Runner *run, const char *path, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    scn_printf(run, "%s: %s: %s\n", path, _("error"), msg);
}

/* Whether two paths name one file (by their real paths; by their text
 * when one cannot be resolved). */
static bool same_file(const char *a, const char *a_real, const char *b)
{
    char *b_real = realpath(b, NULL);
    bool same = a_real && b_real ? strcmp(a_real, b_real) == 0 : strcmp(a, b) == 0;
    free(b_real);
    return same;
}

/* The closest of the names a column may have, for "did you mean". */
static const char *closest_column(const char *name, const Rules *r)
{
    size_t n = NFIXED + (r ? r->ninputs : 0);
    const char **names = mem_calloc(n + 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < NFIXED; i++)
        names[i] = fixed_cols[i].name;
    for (size_t i = 0; r && i < r->ninputs; i++)
        names[NFIXED + i] = r->inputs[i]->name;
    const char *guess = diag_suggest(name, names, n);
    mem_free(names);
    return guess;
}

/* What each column is: a column of cases (case, expect tier, ...) or a
 * field (which the rule file of each row decides); false (each said) for
 * a column without a name or an `expect` column this program does not
 * know. */
static bool classify_columns(CsvRun *cr)
{
    bool ok = true;
    for (size_t c = 0; c < cr->ncols; c++) {
        Column *col = &cr->cols[c];
        col->kind = COL_FIELD;
        if (col->name[0] == '\0') {
            row_error(cr, cr->header_line,
                      _("column %zu has no name in the header row; name it (a field of the rules, `case`, "
                        "`expect tier`, ...) or delete the column"),
                      c + 1);
            ok = false;
            continue;
        }
        for (size_t k = 0; k < NFIXED; k++)
            if (strcmp(col->name, fixed_cols[k].name) == 0)
                col->kind = fixed_cols[k].kind;
        size_t plen = strlen(POINTS_PREFIX);
        if (strncmp(col->name, POINTS_PREFIX, plen) == 0 && col->name[plen] != '\0') {
            col->kind = COL_POINTS;
            col->item = col->name + plen;
        } else if (col->kind == COL_FIELD && strncmp(col->name, "expect ", 7) == 0) {
            const char *guess = closest_column(col->name, NULL);
            /* TRANSLATORS: the names of the columns are kept as they are. */
            if (guess)
                row_error(cr, cr->header_line,
                          _("column `%s` is not an expectation a spreadsheet can hold; did you mean `%s`? (they are "
                            "expect eligible, expect failed, expect total, expect tier, expect category, expect "
                            "stage, expect pending, expect error, expect error on and expect points ITEM)"),
                          col->name, guess);
            else
                row_error(cr, cr->header_line,
                          _("column `%s` is not an expectation a spreadsheet can hold (they are expect eligible, "
                            "expect failed, expect total, expect tier, expect category, expect stage, expect "
                            "pending, expect error, expect error on and expect points ITEM)"),
                          col->name);
            ok = false;
        }
        int *where = col->kind == COL_CASE ? &cr->col_case : col->kind == COL_SCENARIO ? &cr->col_scenario
                     : col->kind == COL_RULES ? &cr->col_rules : NULL;
        if (where)
            *where = (int)c;
    }
    return ok;
}

/* The columns against the rules of u: each field column to its input
 * there (-1: the rules have no such field). */
static void map_columns(CsvRun *cr, RulesUse *u)
{
    const Rules *r = u->l->rules;
    for (size_t c = 0; c < cr->ncols; c++) {
        u->slot[c] = -1;
        for (size_t s = 0; cr->cols[c].kind == COL_FIELD && s < r->ninputs && u->slot[c] < 0; s++)
            if (strcmp(r->inputs[s]->name, cr->cols[c].name) == 0)
                u->slot[c] = (int32_t)s;
    }
}

/* Whether every cell the row fills means something in its rules: a field
 * column names a field of them, `expect points` one of their score items,
 * `expect stage` and `expect pending` need stages.  A column may be empty
 * on the rows of rules it means nothing in (a spreadsheet may hold the
 * cases of two rule files).  False (said at the row's line) otherwise. */
static bool row_columns_fit(CsvRun *cr, const RulesUse *u, const RawRecord *rec)
{
    const Rules *r = u->l->rules;
    bool ok = true;
    for (size_t c = 0; c < cr->ncols; c++) {
        const Column *col = &cr->cols[c];
        size_t len = rec->fields[c].kind == RAW_TEXT ? rec->fields[c].len : 0;
        if (len == 0 || (trim(rec->fields[c].text, &len), len == 0))
            continue;
        if (col->kind == COL_FIELD && u->slot[c] < 0) {
            const char *guess = closest_column(col->name, r);
            if (guess)
                row_error(cr, rec->line, _("column `%s` is not a field of %s; did you mean `%s`?"), col->name,
                          u->l->shown, guess);
            else
                row_error(cr, rec->line,
                          _("column `%s` is not a field of %s, nor a column of cases (case, scenario, rules, "
                            "note, expect ...)"),
                          col->name, u->l->shown);
            ok = false;
        } else if (col->kind == COL_POINTS) {
            bool known = false;
            for (size_t k = 0; k < r->nnodes && !known; k++)
                known = strcmp(r->nodes[k]->name, col->item) == 0;
            if (known)
                continue;
            const char **names = mem_calloc(r->nnodes + 1, sizeof *names);
            const char *guess = NULL;
            if (names) {
                for (size_t k = 0; k < r->nnodes; k++)
                    names[k] = r->nodes[k]->name;
                guess = diag_suggest(col->item, names, r->nnodes);
            }
            if (guess)
                row_error(cr, rec->line, _("column `%s`: %s has no score item `%s`; did you mean `%s`?"), col->name,
                          u->l->shown, col->item, guess);
            else
                row_error(cr, rec->line, _("column `%s`: %s has no score item `%s`"), col->name, u->l->shown,
                          col->item);
            mem_free(names);
            ok = false;
        } else if ((col->kind == COL_STAGE || col->kind == COL_PENDING) && r->nstages == 0) {
            row_error(cr, rec->line,
                      _("column `%s`: %s has no stages, so an application never stops at one or waits for one; "
                        "leave the cell empty"),
                      col->name, u->l->shown);
            ok = false;
        }
    }
    return ok;
}

/* The rule file of a row, loaded, with its columns checked the first time
 * a row uses it; NULL when the row cannot be run (said at its line, or,
 * for a rule file already found wrong, counted only). */
static RulesUse *row_rules(CsvRun *cr, const RawRecord *rec)
{
    const char *cell = "";
    size_t len = 0;
    if (cr->col_rules >= 0 && rec->fields[cr->col_rules].kind == RAW_TEXT) {
        len = rec->fields[cr->col_rules].len;
        cell = trim(rec->fields[cr->col_rules].text, &len);
    }
    /* a cell as the row above's names the same file: most spreadsheets
     * repeat it on every row, and resolving it is system calls */
    if (len && !(cr->last_cell && strlen(cr->last_cell) == len && memcmp(cr->last_cell, cell, len) == 0)) {
        char *named = mem_strndup(cell, len);
        char *path = named ? scn_join_path(cr->path, named) : NULL;
        if (!path) {
            mem_free(named);
            row_error(cr, rec->line, _("out of memory reading this row's rule file"));
            return NULL;
        }
        if (cr->flag && !same_file(cr->flag, cr->flag_real, path)) {
            char *shown = scn_shown_path(path);
            row_error(cr, rec->line,
                      _("this row's `rules` cell names %s (%s), and --rules gives %s: keep one of them"), named,
                      shown ? shown : path, cr->flag);
            mem_free(shown);
            mem_free(named);
            mem_free(path);
            return NULL;
        }
        mem_free(cr->last_cell);
        cr->last_cell = named;
        mem_free(cr->cur);
        cr->cur = path;
        cr->gen++;
    }
    const char *path = cr->cur ? cr->cur : cr->flag;
    if (!path) {
        if (cr->col_rules < 0)
            row_error(cr, rec->line,
                      _("this row names no rule file: add a column `rules` with the path of the rule file (from the "
                        "spreadsheet's folder), or give it with --rules RULES"));
        else
            row_error(cr, rec->line,
                      _("this row names no rule file: fill its `rules` cell (an empty cell means the rule file of "
                        "the row above), or give it with --rules RULES"));
        return NULL;
    }
    if (cr->cached < cr->nuses && cr->cached_gen == cr->gen)
        return cr->uses[cr->cached].ok ? &cr->uses[cr->cached] : NULL;
    Loaded *l = scn_load_rules(cr->run, path);
    if (!l) {
        row_error(cr, rec->line, _("out of memory loading the rule file %s"), path);
        return NULL;
    }
    cr->cached_gen = cr->gen;
    for (cr->cached = 0; cr->cached < cr->nuses; cr->cached++)
        if (cr->uses[cr->cached].l == l)
            return cr->uses[cr->cached].ok ? &cr->uses[cr->cached] : NULL;
    RulesUse *more = mem_grow(cr->uses, &cr->capuses, cr->nuses + 1, sizeof *more);
    int32_t *slot = more ? mem_calloc(cr->ncols + 1, sizeof *slot) : NULL;
    if (!slot) {
        if (more)
            cr->uses = more;
        row_error(cr, rec->line, _("out of memory loading the rule file %s"), path);
        return NULL;
    }
    cr->uses = more;
    cr->cached = cr->nuses;
    RulesUse *u = &cr->uses[cr->nuses++];
    *u = (RulesUse){ .l = l, .slot = slot };
    if (!l->rules)
        row_error(cr, rec->line, _("cannot read the rule file %s; no row that uses it is run"), l->shown);
    else if (!l->ok)
        row_error(cr, rec->line, _("the rule file %s does not check: run `award check %s`; no row that uses it is run"),
                  l->shown, l->shown);
    else
        u->ok = true;
    if (u->ok)
        map_columns(cr, u);
    return u->ok ? u : NULL;
}

/* yes/no in the words a tester may type: yes, no, true, false (in any
 * case), ใช่, ไม่ใช่.  False when the cell is none of them. */
static bool yes_no(const char *s, size_t len, bool *yes)
{
    s = trim(s, &len);
    static const char *const yes_words[] = { "yes", "true", "ใช่" };
    static const char *const no_words[] = { "no", "false", "ไม่ใช่" };
    for (size_t i = 0; i < 3; i++) {
        if (strlen(yes_words[i]) == len && strncasecmp(s, yes_words[i], len) == 0) {
            *yes = true;
            return true;
        }
        if (strlen(no_words[i]) == len && strncasecmp(s, no_words[i], len) == 0) {
            *yes = false;
            return true;
        }
    }
    return false;
}

/* The next item of a cell holding several (`expect failed`, `expect error
 * on`): one per line of the cell, or, when the cell is one line and
 * `semicolons` is set, separated by `;`.  Blanks around an item are not
 * part of it, and empty items are passed over.  False after the last. */
static bool next_item(const char **p, const char *end, bool semicolons, const char **item, size_t *len)
{
    for (;;) {
        if (*p >= end)
            return false;
        const char *s = *p, *stop = s;
        while (stop < end && *stop != '\n' && *stop != '\r' && !(semicolons && *stop == ';'))
            stop++;
        *p = stop < end ? stop + 1 : end;
        *len = (size_t)(stop - s);
        *item = trim(s, len);
        if (*len)
            return true;
    }
}

static bool has_line_break(const char *s, size_t len)
{
    return memchr(s, '\n', len) || memchr(s, '\r', len);
}

/* An expectation into the row's list; false when memory ran out. */
static bool push(CsvRun *cr, Case *c, Expect e)
{
    return scn_exp_push(&cr->arena, &c->expect, e);
}

/* The row's expectations, from its `expect ...` cells, into c; false (said
 * at the row's line) when a cell does not say what its column asks. */
static bool row_expectations(CsvRun *cr, const RawRecord *rec, Case *c)
{
    for (size_t k = 0; k < cr->ncols; k++) {
        const Column *col = &cr->cols[k];
        const RawField *f = &rec->fields[k];
        if (col->kind == COL_FIELD || col->kind == COL_CASE || col->kind == COL_SCENARIO || col->kind == COL_RULES ||
            col->kind == COL_NOTE || f->kind != RAW_TEXT)
            continue;
        size_t len = f->len;
        const char *s = trim(f->text, &len);
        if (len == 0)
            continue; /* an empty cell: not checked */
        Expect e = { 0 };
        bool yes = false, nomem = false;
        switch (col->kind) {
        case COL_ELIGIBLE:
        case COL_PENDING:
            if (!yes_no(s, len, &yes)) {
                row_error(cr, rec->line, _("column `%s`: \"%.*s\" is not yes or no (ใช่ or ไม่ใช่)"), col->name,
                          (int)len, s);
                return false;
            }
            e.kind = col->kind == COL_ELIGIBLE ? (yes ? EXP_ELIGIBLE : EXP_NOT_ELIGIBLE)
                                               : (yes ? EXP_PENDING : EXP_NOT_PENDING);
            nomem = !push(cr, c, e);
            break;
        case COL_TOTAL:
        case COL_POINTS:
            if (dec_parse(s, len, &e.num) != DEC_OK) {
                row_error(cr, rec->line, _("column `%s`: \"%.*s\" is not a number such as 855.00"), col->name,
                          (int)len, s);
                return false;
            }
            e.kind = col->kind == COL_TOTAL ? EXP_TOTAL : EXP_POINTS;
            e.name = col->item;
            nomem = !push(cr, c, e);
            break;
        case COL_TIER:
        case COL_CATEGORY:
        case COL_STAGE:
            e.kind = col->kind == COL_TIER ? EXP_TIER : col->kind == COL_CATEGORY ? EXP_CATEGORY : EXP_STAGE;
            e.name = arena_strndup(&cr->arena, s, len);
            nomem = !e.name || !push(cr, c, e);
            break;
        case COL_ERROR:
            if (yes_no(s, len, &yes)) {
                e.kind = yes ? EXP_ERROR : EXP_NO_ERROR;
                nomem = !push(cr, c, e);
                break;
            }
            /* parts of the message; a message may hold `;`, so only
             * lines separate them */
            __attribute__((fallthrough));
        case COL_FAILED:
        case COL_ERROR_ON: {
            const char *p = s, *item;
            size_t n;
            bool semicolons = col->kind != COL_ERROR && !has_line_break(s, len);
            while (!nomem && next_item(&p, s + len, semicolons, &item, &n)) {
                e.kind = col->kind == COL_FAILED ? EXP_BECAUSE : EXP_ERROR;
                char *t = arena_strndup(&cr->arena, item, n);
                if (col->kind == COL_ERROR_ON)
                    e.name = t;
                else
                    e.text = t;
                nomem = !t || !push(cr, c, e);
            }
            break;
        }
        default:
            break;
        }
        if (nomem) {
            row_error(cr, rec->line, _("out of memory reading this row's expectations"));
            return false;
        }
    }
    return true;
}

/* A cell's text in the row's arena (NULL when the column is absent or the
 * cell empty, or when memory ran out: *nomem). */
static const char *cell_text(CsvRun *cr, const RawRecord *rec, int col, bool *nomem)
{
    if (col < 0 || rec->fields[col].kind != RAW_TEXT || rec->fields[col].len == 0)
        return NULL;
    char *t = arena_strndup(&cr->arena, rec->fields[col].text, rec->fields[col].len);
    *nomem |= !t;
    return t;
}

/* One row: its rule file, its expectations, then the application it
 * describes, judged alone and checked. */
static int on_row(void *ctx, const RawRecord *rec)
{
    CsvRun *cr = ctx;
    Runner *run = cr->run;
    cr->rows++;
    if (!cr->header_ok) {
        run->failed++; /* the header's mistakes are said above */
        return 0;
    }
    if (rec->error) {
        row_error(cr, rec->line, _("%s"), rec->error);
        run->failed++;
        return 0;
    }
    arena_reset(&cr->arena);
    RulesUse *u = row_rules(cr, rec);
    Case c = { 0 };
    if (!u || !row_columns_fit(cr, u, rec) || !row_expectations(cr, rec, &c)) {
        run->failed++;
        return 0;
    }
    const Rules *r = u->l->rules;
    bool nomem = false;
    const char *scenario = cell_text(cr, rec, cr->col_scenario, &nomem);
    c.title = cell_text(cr, rec, cr->col_case, &nomem);
    if (!c.title && scenario) {
        c.is_base = true; /* the scenario's base application: named by the scenario alone */
    } else if (!c.title) {
        char name[48];
        /* the row as a spreadsheet numbers it: the header is row 1 */
        /* TRANSLATORS: the name of a case without one: its row in the spreadsheet. */
        snprintf(name, sizeof name, _("row %zu"), rec->number + 1);
        c.title = arena_strndup(&cr->arena, name, strlen(name));
        nomem |= !c.title;
    }
    RawField *fields = nomem ? NULL : arena_alloc(&cr->arena, sizeof *fields * (r->ninputs + 1));
    Evaluator *ev = fields ? eval_new(r) : NULL;
    if (!ev) {
        row_error(cr, rec->line, _("out of memory running this row"));
        run->failed++;
        return 0;
    }
    for (size_t k = 0; k < cr->ncols; k++)
        if (u->slot[k] >= 0)
            fields[u->slot[k]] = rec->fields[k];
    RawRecord app = { .fields = fields, .items = NULL, .line = rec->line, .number = rec->number };
    eval_set_coverage(ev, u->l->cov);
    bool was_english = i18n_hold_english(true); /* its data errors in English, as expectations quote them */
    const AppResult *res = eval_record(ev, &app, cr->path);
    i18n_hold_english(was_english);
    Where w = { .path = cr->path, .line = rec->line, .scenario = scenario };
    int bad = scn_check_case(run, &w, &c, r, res);
    eval_free(ev);
    bad ? run->failed++ : run->passed++;
    return 0;
}

/* The data reader stops here at the first row: the header is read. */
static int stop_at_row(void *ctx, const RawRecord *rec)
{
    (void)ctx;
    (void)rec;
    return 1;
}

/* The line of the header row: the first that is not blank (the reader
 * passes over blank lines before it).  Lines end in LF, CR LF or CR. */
static size_t header_line_of(FILE *in)
{
    size_t line = 1;
    unsigned char bom[3];
    if (fseek(in, 0, SEEK_SET) != 0)
        return line;
    if (fread(bom, 1, 3, in) != 3 || memcmp(bom, "\xEF\xBB\xBF", 3) != 0)
        rewind(in);
    int ch, prev = 0;
    while ((ch = getc(in)) != EOF && (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')) {
        line += ch == '\r' || (ch == '\n' && prev != '\r');
        prev = ch;
    }
    return line;
}

/* A whole-input message of the data reader ("cases.csv:1: the header
 * names `x` twice"), with "error:" after its place, as every message of
 * `award test` has. */
static void reader_error(CsvRun *cr, const char *err)
{
    size_t n = strlen(cr->path), at = 0;
    if (strncmp(err, cr->path, n) == 0 && err[n] == ':') {
        at = n + 1;
        size_t d = at;
        while (err[d] >= '0' && err[d] <= '9')
            d++;
        if (d > at && err[d] == ':')
            at = d + 1;
        scn_printf(cr->run, "%.*s %s:%s\n", (int)at, err, _("error"), err + at);
    } else if (strncmp(err, cr->path, n) == 0) {
        scn_printf(cr->run, "%s: %s\n", _("error"), err); /* "cases.csv is UTF-16 text ..." */
    } else {
        file_error(cr->run, cr->path, "%s", err);
    }
    cr->run->failed++;
}

/* Run the header's checks and the rows of an open spreadsheet. */
static void run_open(CsvRun *cr, FILE *in)
{
    Runner *run = cr->run;
    char err[1024];
    /* the reader's own view of the header first: a file it refuses (not
     * UTF-8, an empty file, a broken header) is refused in its words */
    static const DataSchema none = { 0, NULL };
    if (data_read_csv(in, cr->path, &none, stop_at_row, NULL, err, sizeof err) < 0) {
        reader_error(cr, err);
        return;
    }
    HeaderRead h = { 0 };
    const char *why = NULL;
    if (fseek(in, 0, SEEK_SET) != 0 || !read_header(in, &h, &why)) {
        /* TRANSLATORS: "it" is the spreadsheet named before. */
        file_error(run, cr->path, _("cannot read it again: %s"), why ? why : strerror(errno));
        free_columns(h.cols, h.n);
        run->failed++;
        return;
    }
    cr->cols = h.cols;
    cr->ncols = h.n;
    cr->header_line = header_line_of(in);
    cr->header_ok = classify_columns(cr);
    const char **names = mem_calloc(cr->ncols + 1, sizeof *names);
    bool *required = mem_calloc(cr->ncols + 1, sizeof *required);
    if (!names || !required) {
        mem_free(names);
        mem_free(required);
        file_error(run, cr->path, "%s", _("out of memory reading its header"));
        run->failed++;
        return;
    }
    for (size_t k = 0; k < cr->ncols; k++) {
        names[k] = cr->cols[k].name;
        /* a column the reader did not find under the name read here would
         * be a disagreement between the two; say so rather than read the
         * rows without it */
        required[k] = cr->cols[k].name[0] != '\0';
    }
    DataSchema schema = { cr->ncols, names };
    int rc = fseek(in, 0, SEEK_SET) != 0 ? -2
             : data_read_required(in, cr->path, DATA_CSV, &schema, required, on_row, cr, err, sizeof err);
    if (rc == -2) {
        file_error(run, cr->path, _("cannot read it again: %s"), strerror(errno));
        run->failed++;
    } else if (rc < 0) {
        reader_error(cr, err);
    } else if (cr->rows == 0 && !cr->header_ok) {
        run->failed++; /* mistakes in the header are a failure even without rows */
    } else if (cr->rows == 0) {
        scn_printf(run, "%s:%zu: %s: %s\n", cr->path, cr->header_line, _("warning"),
                   _("this spreadsheet holds no case: only its header row"));
    }
    mem_free(names);
    mem_free(required);
}

void scn_csv_run(Runner *run, const char *path, const char *rules_flag)
{
    CsvRun cr = { .run = run, .path = path, .col_case = -1, .col_scenario = -1, .col_rules = -1,
                  .flag = rules_flag, .cached = SIZE_MAX, .cached_gen = SIZE_MAX };
    if (rules_flag)
        cr.flag_real = realpath(rules_flag, NULL);
    arena_init(&cr.arena, 8192);
    FILE *in = fopen(path, "rb");
    if (!in) {
        file_error(run, path, _("cannot read it: %s"), strerror(errno));
        run->failed++;
    } else {
        run_open(&cr, in);
        fclose(in); /* read only: nothing to lose in the close */
    }
    free_columns(cr.cols, cr.ncols);
    for (size_t i = 0; i < cr.nuses; i++)
        mem_free(cr.uses[i].slot);
    mem_free(cr.uses);
    mem_free(cr.cur);
    mem_free(cr.last_cell);
    free(cr.flag_real);
    arena_free(&cr.arena);
}

/* ---- export: a scenario file's cases as a spreadsheet ---- */

typedef struct OutCol {
    ColKind kind;
    char *name;            /* the header (heap) */
    const char *key;       /* COL_FIELD: the field; COL_POINTS: the item */
    uint64_t order;        /* fields: the rule file that first gives it (high half), its place there */
} OutCol;

typedef struct Cell {
    const char *s;
    size_t len;
} Cell;

/* A rule file the exported scenarios run against. */
typedef struct ExRules {
    Loaded *l;
    char *cell;            /* its path from the spreadsheet's folder (heap) */
    int32_t *slot;         /* per column: the input a field column sets, else -1 */
} ExRules;

typedef struct Export {
    Suite su;
    Diags *d;
    Runner run;            /* loads the rule files; prints nothing */
    const char *dir;       /* the folder the spreadsheet goes to, for the `rules` paths */
    OutCol *cols;
    size_t ncols, capcols;
    ExRules *rules;
    size_t nrules, caprules;
    Loaded **of;           /* per scenario: its rule file (NULL: cannot be used) */
    unsigned char **left;  /* per scenario, per case: left out (--leave-out-unexportable) */
    Arena arena;           /* one row's cells */
    bool mistake;          /* the scenario file or a rule file is wrong, or memory ran out */
    bool bad;              /* a mistake, or something a row cannot hold: nothing is written */
    bool leave_out;        /* --leave-out-unexportable */
    size_t left_apps, left_exps;
    size_t nsc;            /* scenarios: the length of of and left */
} Export;

/* A mistake at a place of the scenario file, or (at.file == UINT32_MAX)
 * about the whole export. */
__attribute__((format(printf, 3, 4)))
static void ex_error(Export *x, Span at, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const Source *src = at.file == UINT32_MAX ? NULL : scn_file_at(&x->su, at)->src;
    diag_error(x->d, src, src ? at : (Span){ 0 }, "%s", msg);
    x->bad = x->mistake = true;
}

/* Something a spreadsheet cannot hold: an error, or, with
 * --leave-out-unexportable, a warning (what it is about is left out). */
__attribute__((format(printf, 3, 4)))
static void ex_unexportable(Export *x, Span at, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const Source *src = scn_file_at(&x->su, at)->src;
    if (x->leave_out) {
        diag_warning(x->d, src, at, "%s; left out", msg);
    } else {
        diag_error(x->d, src, at, "%s", msg);
        x->bad = true;
    }
}

/* "case "T" of scenario "S"", or "the base of scenario "S"", for messages. */
static const char *case_name(const Scenario *s, const Case *c, char *buf, size_t size)
{
    if (c->is_base)
        /* TRANSLATORS: put into messages: "%s cannot be written as a spreadsheet row". */
        snprintf(buf, size, _("the base of scenario \"%s\""), s->title);
    else
        snprintf(buf, size, _("case \"%s\" of scenario \"%s\""), c->title, s->title);
    return buf;
}

/* The column of kind (and key), added when new; NULL when memory ran out. */
static OutCol *ex_column(Export *x, ColKind kind, const char *key, uint64_t order)
{
    for (size_t i = 0; i < x->ncols; i++)
        if (x->cols[i].kind == kind && (!key || strcmp(x->cols[i].key, key) == 0))
            return &x->cols[i];
    OutCol *more = mem_grow(x->cols, &x->capcols, x->ncols + 1, sizeof *more);
    if (!more)
        return NULL;
    x->cols = more;
    char *name = NULL;
    if (kind == COL_FIELD) {
        name = mem_strndup(key, strlen(key));
    } else if (kind == COL_POINTS) {
        size_t n = strlen(POINTS_PREFIX) + strlen(key) + 1;
        name = mem_alloc(n);
        if (name)
            snprintf(name, n, "%s%s", POINTS_PREFIX, key);
    } else {
        for (size_t k = 0; k < NFIXED; k++)
            if (fixed_cols[k].kind == kind)
                name = mem_strndup(fixed_cols[k].name, strlen(fixed_cols[k].name));
    }
    if (!name)
        return NULL;
    OutCol *c = &x->cols[x->ncols++];
    *c = (OutCol){ .kind = kind, .name = name, .key = kind == COL_POINTS ? name + strlen(POINTS_PREFIX) : key,
                   .order = order };
    return c;
}

static ColKind exp_column(ExpKind k)
{
    switch (k) {
    case EXP_ELIGIBLE:
    case EXP_NOT_ELIGIBLE: return COL_ELIGIBLE;
    case EXP_BECAUSE: return COL_FAILED;
    case EXP_TOTAL: return COL_TOTAL;
    case EXP_POINTS: return COL_POINTS;
    case EXP_TIER: return COL_TIER;
    case EXP_CATEGORY: return COL_CATEGORY;
    case EXP_STAGE: return COL_STAGE;
    case EXP_PENDING:
    case EXP_NOT_PENDING: return COL_PENDING;
    case EXP_NO_ERROR: return COL_ERROR;
    default: return COL_FIELD; /* EXP_ERROR decides by its form; the rest have none */
    }
}

/* The columns a case needs: its fields and its expectations. */
static bool ex_discover(Export *x, size_t rules_index, const Rules *r, const SFields *given, const Case *c)
{
    const SFields *sets[2] = { given, c->is_base ? NULL : &c->with };
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; sets[k] && i < sets[k]->n; i++) {
            const SField *f = &sets[k]->f[i];
            /* ordered by the first rule file that has the field, then its place there */
            if (!ex_column(x, COL_FIELD, r->inputs[f->slot]->name, ((uint64_t)rules_index << 32) + f->slot))
                return false;
        }
    for (size_t i = 0; i < c->expect.n; i++) {
        const Expect *e = &c->expect.e[i];
        ColKind kind = exp_column(e->kind);
        if (e->kind == EXP_ERROR)
            kind = e->name ? COL_ERROR_ON : COL_ERROR;
        if (kind != COL_FIELD && !ex_column(x, kind, kind == COL_POINTS ? e->name : NULL, 0))
            return false;
    }
    return true;
}

/* The export's column order: scenario and case, the fields (in the order
 * of the rules), the expectations, rules. */
static int col_rank(const OutCol *c)
{
    if (c->kind == COL_SCENARIO)
        return 0;
    if (c->kind == COL_CASE)
        return 1;
    if (c->kind == COL_FIELD)
        return 2;
    if (c->kind == COL_POINTS)
        return 4 + COL_ERROR_ON;
    if (c->kind == COL_RULES)
        return 5 + COL_ERROR_ON;
    return 3 + (int)c->kind;
}

static int cmp_cols(const void *a, const void *b)
{
    const OutCol *x = a, *y = b;
    int rx = col_rank(x), ry = col_rank(y);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    if (x->kind == COL_FIELD)
        return (x->order > y->order) - (x->order < y->order);
    return strcmp(x->key ? x->key : "", y->key ? y->key : "");
}

/* Whether the text reads as a number where data are read (ASCII digits, or
 * Thai ones), well formed or too long. */
static bool reads_as_number(const char *s, size_t len)
{
    Dec d;
    char buf[128];
    size_t n;
    if (dec_parse(s, len, &d) != DEC_SYNTAX)
        return true;
    return utext_thai_digits(s, len, buf, sizeof buf, &n) && dec_parse(buf, n, &d) != DEC_SYNTAX;
}

static bool is_numeric(KindTag t) { return t == KIND_INTEGER || t == KIND_DECIMAL || t == KIND_YEAR; }

/* NULL when a cell holding the value f (of a field of kind k) means what f
 * means in the scenario file; else why not.  The evaluator reads a cell
 * as text that it converts; a scenario value carries its kind, as JSON
 * does: a text in quotes is never a number, a number never true. */
static const char *scalar_differs(const Kind *k, const RawField *f)
{
    switch (f->kind) {
    case RAW_NUMBER:
        if (k->tag == KIND_BOOL && f->len == 1 && (f->text[0] == '0' || f->text[0] == '1'))
            return _("in a cell of a true/false field, 1 and 0 mean true and false; in a scenario they are numbers, "
                     "which the field refuses");
        if (k->tag == KIND_ENUM)
            for (size_t i = 0; i < k->nnames; i++)
                if (strlen(k->names[i]) == f->len && memcmp(k->names[i], f->text, f->len) == 0)
                    return _("in a cell it is a name of the field's values; in a scenario it is a number, which the "
                             "field refuses");
        return NULL;
    case RAW_STRING:
        if (f->len == 0)
            return NULL;
        if (is_numeric(k->tag) && reads_as_number(f->text, f->len))
            return _("in a cell it is a number; in a scenario a value in quotes is a text, which a field of "
                     "numbers refuses (write it without quotes to give the number)");
        if (k->tag == KIND_BOOL && ((f->len == 4 && memcmp(f->text, "true", 4) == 0) ||
                                    (f->len == 5 && memcmp(f->text, "false", 5) == 0) ||
                                    (f->len == 1 && (f->text[0] == '0' || f->text[0] == '1'))))
            return _("in a cell it is true or false; in a scenario a value in quotes is a text, which a true/false "
                     "field refuses");
        return NULL;
    case RAW_BOOL:
        if (k->tag == KIND_BOOL)
            return NULL;
        return _("in a cell, true and false are words like any other; in a scenario they are true and false, which "
                 "this field refuses");
    case RAW_ARRAY:
        return _("a cell holds one value, or a list's items separated by `;` in a field that is a list; this field "
                 "is not a list");
    default:
        return NULL;
    }
}

/* The cell of field `in` holding f, into c (in the export's arena): its
 * text, or a list's items joined by `;`.  Returns NULL when the cell
 * surely means what f means in the scenario file, else why it may not
 * (whether it does for this case, its result says: see row_cells). */
static const char *field_cell(Export *x, const InputDecl *in, const RawField *f, const RawField *items, Cell *c)
{
    *c = (Cell){ "", 0 };
    if (f->kind == RAW_ABSENT)
        return NULL;
    if (f->kind != RAW_ARRAY) {
        *c = (Cell){ f->text, f->len };
        if (in->kind.tag != KIND_LIST)
            return scalar_differs(&in->kind, f);
        if (f->kind == RAW_STRING && f->len == 0)
            return NULL;
        return _("in a cell of a list field, the text is the list's items separated by `;`; in a scenario a "
                 "single value is not a list, and the field refuses it (write it in [ ])");
    }
    const char *why = in->kind.tag == KIND_LIST ? NULL : scalar_differs(&in->kind, f);
    size_t len = f->count ? f->count - 1 : 0;
    for (uint32_t i = 0; i < f->count; i++) {
        const RawField *it = &items[f->first + i];
        size_t n = it->len;
        if (!why)
            why = scalar_differs(in->kind.elem, it);
        if (!why && (n == 0 || trim(it->text, &n) != it->text || n != it->len))
            why = _("an item is empty, or begins or ends with a blank, which a cell's list does not keep");
        if (!why && memchr(it->text, ';', it->len))
            why = _("an item holds `;`, which separates the items of a list in a cell");
        len += it->len;
    }
    char *t = arena_alloc(&x->arena, len + 1);
    if (!t)
        return _("out of memory");
    size_t at = 0;
    for (uint32_t i = 0; i < f->count; i++) {
        const RawField *it = &items[f->first + i];
        if (i)
            t[at++] = ';';
        memcpy(t + at, it->text, it->len);
        at += it->len;
    }
    *c = (Cell){ t, at };
    return why;
}

/* Whether a cell keeps the text as it is: the reader drops the blanks
 * around an item of a list cell and splits it at line ends. */
static bool keeps(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && trim(s, &n) == s && n == strlen(s) && !strchr(s, '\n') && !strchr(s, '\r');
}

/* Texts into one cell: separated by "; ", or each on a line of its own
 * when one of them holds `;` or `lines` is set. */
static Cell join_texts(Export *x, const char *const *t, size_t n, bool lines)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += strlen(t[i]) + 2;
        lines |= strchr(t[i], ';') != NULL;
    }
    char *out = arena_alloc(&x->arena, len + 1);
    if (!out)
        return (Cell){ "", 0 };
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(out + at, lines ? "\n" : "; ", lines ? 1 : 2);
            at += lines ? 1 : 2;
        }
        memcpy(out + at, t[i], strlen(t[i]));
        at += strlen(t[i]);
    }
    return (Cell){ out, at };
}

static Cell text_cell(const char *s) { return (Cell){ s, strlen(s) }; }

static int col_index(const Export *x, ColKind kind, const char *key)
{
    for (size_t i = 0; i < x->ncols; i++)
        if (x->cols[i].kind == kind && (!key || strcmp(x->cols[i].key, key) == 0))
            return (int)i;
    return -1;
}

/* The cells of a case's expectations; false (each said when `report`)
 * when two of them want one cell, or one cannot be written there. */
static bool exp_cells(Export *x, const Scenario *s, const Case *c, Cell *cells, bool report)
{
    char who[1024];
    case_name(s, c, who, sizeof who);
    const char **failed = arena_alloc(&x->arena, sizeof *failed * (c->expect.n + 1));
    const char **texts = arena_alloc(&x->arena, sizeof *texts * (c->expect.n + 1));
    const char **on = arena_alloc(&x->arena, sizeof *on * (c->expect.n + 1));
    const Expect **first = arena_alloc(&x->arena, sizeof *first * (x->ncols + 1));
    if (!failed || !texts || !on || !first) {
        if (report)
            ex_error(x, c->at, _("out of memory writing %s"), who);
        return false;
    }
    size_t nfailed = 0, ntexts = 0, non = 0;
    bool any_error = false, ok = true;
    for (size_t i = 0; i < c->expect.n; i++) {
        const Expect *e = &c->expect.e[i];
        const char *bad = NULL;
        ColKind kind = e->kind == EXP_ERROR ? (e->name ? COL_ERROR_ON : COL_ERROR) : exp_column(e->kind);
        int k = col_index(x, kind, kind == COL_POINTS ? e->name : NULL);
        char num[DEC_FMT_MAX];
        Cell v = { "", 0 };
        switch (e->kind) {
        case EXP_ELIGIBLE: v = text_cell("yes"); break;
        case EXP_NOT_ELIGIBLE: v = text_cell("no"); break;
        case EXP_PENDING: v = text_cell("yes"); break;
        case EXP_NOT_PENDING: v = text_cell("no"); break;
        case EXP_NO_ERROR: v = text_cell("no"); break;
        case EXP_TOTAL:
        case EXP_POINTS: {
            /* exactly as written: 855.00 stays 855.00, 5.988 stays 5.988 */
            size_t n = dec_format(e->num, 0, num);
            char *t = arena_strndup(&x->arena, num, n);
            v = t ? (Cell){ t, n } : v;
            break;
        }
        case EXP_TIER:
        case EXP_CATEGORY:
        case EXP_STAGE:
            if (!keeps(e->name))
                bad = _("the name begins or ends with a blank, which a cell does not keep");
            v = text_cell(e->name);
            break;
        case EXP_BECAUSE:
            if (!keeps(e->text))
                bad = _("the message is empty, or begins or ends with a blank, which a cell does not keep");
            failed[nfailed++] = e->text;
            break;
        case EXP_ERROR:
            if (e->name) {
                on[non++] = e->name;
            } else if (e->text) {
                bool yes;
                if (!keeps(e->text))
                    bad = _("the text is empty, or begins or ends with a blank, which a cell does not keep");
                else if (yes_no(e->text, strlen(e->text), &yes))
                    bad = _("in the `expect error` cell, that text would mean yes or no");
                texts[ntexts++] = e->text;
            } else {
                any_error = true;
            }
            break;
        default:
            bad = e->kind == EXP_AGENCY ? _("an `agency` expectation is about the scenario's cases judged together")
                                        : _("a `check` expectation is about the rule file, not an application");
            break;
        }
        if (!bad && k >= 0 && v.len) {
            if (!first[k]) {
                cells[k] = v;
                first[k] = e;
            } else if ((cells[k].len != v.len || memcmp(cells[k].s, v.s, v.len) != 0) &&
                       !((kind == COL_TOTAL || kind == COL_POINTS) && dec_cmp(first[k]->num, e->num) == 0)) {
                bad = _("the case has another expectation for the same cell, with another value");
            }
        }
        if (bad) {
            ok = false;
            if (report)
                ex_unexportable(x, e->at, _("%s cannot be written as a spreadsheet row: %s"), who, bad);
        }
    }
    int k;
    if (nfailed && (k = col_index(x, COL_FAILED, NULL)) >= 0)
        cells[k] = join_texts(x, failed, nfailed, false);
    if ((ntexts || any_error) && (k = col_index(x, COL_ERROR, NULL)) >= 0) {
        if (cells[k].len) {
            ok = false; /* `no` (no data error) together with an error */
            if (report)
                ex_unexportable(x, c->at, _("%s cannot be written as a spreadsheet row: it expects a data error and none"),
                         who);
        }
        /* a text of the message implies a data error: `yes` is said by it */
        cells[k] = ntexts ? join_texts(x, texts, ntexts, true) : text_cell("yes");
    }
    if (non && (k = col_index(x, COL_ERROR_ON, NULL)) >= 0)
        cells[k] = join_texts(x, on, non, false);
    return ok;
}

/* The place of the field in slot, where the case (or its base) gives it. */
static Span field_at(const Scenario *s, const Case *c, size_t slot)
{
    for (size_t i = 0; !c->is_base && i < c->with.n; i++)
        if (c->with.f[i].slot == slot)
            return c->with.f[i].at;
    for (size_t i = 0; i < s->given.n; i++)
        if (s->given.f[i].slot == slot)
            return s->given.f[i].at;
    return c->at;
}

/* Whether two results are the same in everything an expectation can look
 * at (the data error word for word, eligibility and each failed
 * condition, category, points, total, tier, stage). */
static bool same_result(const Rules *r, const AppResult *a, const AppResult *b)
{
    if (a->error != b->error || a->cat != b->cat)
        return false;
    if (a->error)
        return strcmp(a->message, b->message) == 0;
    if (a->eligible != b->eligible || a->nfailed != b->nfailed || a->scored != b->scored ||
        strcmp(a->tier_id, b->tier_id) != 0 || a->stage != b->stage || a->pending != b->pending ||
        (a->scored && dec_cmp(a->total, b->total) != 0))
        return false;
    for (size_t i = 0; i < a->nfailed; i++)
        if (a->failed[i] != b->failed[i])
            return false;
    for (size_t k = 0; k < r->nnodes; k++)
        if (a->has_points[k] != b->has_points[k] || (a->has_points[k] && dec_cmp(a->points[k], b->points[k]) != 0))
            return false;
    return true;
}

/* Whether the row (cells) gives its application the result the case
 * gives it in the scenario file (b: the case's record).  -1 when memory
 * ran out; *missing is then, or when they differ, a field the case leaves
 * out whose empty cell the result reads as empty, not missing (or NULL). */
static int same_as_case(Export *x, const ExRules *er, const Cell *cells, const Built *b, const char **missing)
{
    const Rules *r = er->l->rules;
    *missing = NULL;
    RawField *row = arena_alloc(&x->arena, sizeof *row * (r->ninputs + 1));
    Evaluator *e1 = row ? eval_new(r) : NULL, *e2 = e1 ? eval_new(r) : NULL;
    if (!e2) {
        eval_free(e1);
        return -1;
    }
    /* as the reader gives it: a cell of every column, absent without one */
    for (size_t k = 0; k < x->ncols; k++)
        if (x->cols[k].kind == COL_FIELD && er->slot[k] >= 0)
            row[er->slot[k]] = (RawField){ .kind = RAW_TEXT, .text = cells[k].s, .len = cells[k].len };
    RawRecord rec = { .fields = row, .line = b->rec.line, .number = b->rec.number };
    bool was_english = i18n_hold_english(true); /* as `award test` will evaluate the row */
    const AppResult *want = eval_record(e1, &b->rec, "x");
    const AppResult *got = eval_record(e2, &rec, "x");
    i18n_hold_english(was_english);
    int same = same_result(r, want, got);
    for (size_t k = 0; want->error && k < x->ncols && !*missing; k++) {
        if (x->cols[k].kind != COL_FIELD || er->slot[k] < 0 || b->fields[er->slot[k]].kind != RAW_ABSENT)
            continue;
        char is[300];
        snprintf(is, sizeof is, "`%s` is missing", x->cols[k].name);
        if (strstr(want->message, is))
            *missing = x->cols[k].name;
    }
    eval_free(e1);
    eval_free(e2);
    return same;
}

/* The cells of one case's row (in the export's arena, reset here); NULL
 * when the row cannot mean what the case means (each reason said when
 * `report`) or memory ran out.  A value whose cell may read differently
 * (field_cell) is kept when the row gives the very result of the case:
 * most often the case's category does not read the field at all. */
static Cell *row_cells(Export *x, const Scenario *s, const Case *c, const ExRules *er, bool report)
{
    static const SFields none = { 0 };
    arena_reset(&x->arena);
    const Rules *r = er->l->rules;
    char who[1024];
    case_name(s, c, who, sizeof who);
    Cell *cells = arena_alloc(&x->arena, sizeof *cells * (x->ncols + 1));
    const char **why = arena_alloc(&x->arena, sizeof *why * (x->ncols + 1));
    Built b;
    if (!cells || !why || !scn_build_record(r, &s->given, c->is_base ? &none : &c->with, &b, 1)) {
        ex_error(x, c->at, _("out of memory writing %s"), who);
        return NULL;
    }
    for (size_t k = 0; k < x->ncols; k++) {
        const OutCol *col = &x->cols[k];
        if (col->kind == COL_SCENARIO)
            cells[k] = text_cell(s->title);
        else if (col->kind == COL_CASE)
            cells[k] = text_cell(c->is_base ? "" : c->title);
        else if (col->kind == COL_RULES)
            cells[k] = text_cell(er->cell);
        else if (col->kind == COL_FIELD && er->slot[k] >= 0)
            why[k] = field_cell(x, r->inputs[er->slot[k]], &b.fields[er->slot[k]], b.items, &cells[k]);
    }
    bool ok = exp_cells(x, s, c, cells, report);
    size_t total = 0;
    bool utf8 = true;
    for (size_t k = 0; k < x->ncols; k++) {
        total += cells[k].len;
        utf8 &= !cells[k].len || utext_valid(cells[k].s, cells[k].len, NULL);
    }
    if (total > ROW_LIMIT || !utf8) {
        ok = false;
        if (report)
            ex_unexportable(x, c->at, _("%s cannot be written as a spreadsheet row: %s"), who,
                            !utf8 ? _("its title or a value is not valid UTF-8 text, which the spreadsheet reader refuses")
                                  : _("its cells hold more than 1 MiB of text, the most a row may hold"));
    } else if (report) {
        const char *missing;
        int same = same_as_case(x, er, cells, &b, &missing);
        if (same < 0) {
            ex_error(x, c->at, _("out of memory writing %s"), who);
            ok = false;
        } else if (!same) {
            bool said = false;
            for (size_t k = 0; k < x->ncols; k++)
                if (x->cols[k].kind == COL_FIELD && er->slot[k] >= 0 && why[k]) {
                    int32_t slot = er->slot[k];
                    ex_unexportable(x, field_at(s, c, (size_t)slot),
                                    _("%s cannot be written as a spreadsheet row: field `%s`: %s"), who,
                                    r->inputs[slot]->name, why[k]);
                    said = true;
                }
            if (!said && missing)
                ex_unexportable(x, c->at,
                                _("%s cannot be written as a spreadsheet row: it leaves out the field `%s`, which "
                                  "is missing from the application; other rows fill that column, and a cell left "
                                  "empty is read as empty, so the data error would say \"field `%s` is empty\""),
                                who, missing, missing);
            else if (!said)
                ex_unexportable(x, c->at, _("%s cannot be written as a spreadsheet row: the row would give the "
                                            "application another result"), who);
            ok = false;
        }
    }
    scn_free_built(&b);
    return ok ? cells : NULL;
}

/* The path of target from the folder dir, both absolute and resolved:
 * "../rules/x.award".  Heap; NULL when memory ran out. */
static char *relative_path(const char *dir, const char *target)
{
    size_t i = 0, common = 0;  /* common: just after the last `/` both share */
    while (dir[i] && dir[i] == target[i]) {
        if (dir[i] == '/')
            common = i + 1;
        i++;
    }
    if (dir[i] == '\0' && target[i] == '/')
        common = i + 1;
    size_t ups = 0;
    const char *rest = common <= strlen(dir) ? dir + common : "";
    if (*rest) {
        ups = 1;
        for (const char *p = rest; *p; p++)
            ups += *p == '/' && p[1] != '\0';
    }
    size_t n = 3 * ups + strlen(target + common) + 1;
    char *out = mem_alloc(n);
    if (!out)
        return NULL;
    size_t at = 0;
    for (size_t u = 0; u < ups; u++, at += 3)
        memcpy(out + at, "../", 3);
    memcpy(out + at, target + common, strlen(target + common) + 1);
    return out;
}

/* A cell as Excel writes one: in quotes (each quote doubled) when it holds
 * a comma, a quote or a line end, or begins or ends with a blank, which
 * the reader would drop from a cell without quotes. */
static void write_cell(FILE *o, const char *s, size_t len)
{
    bool quote = len && (is_blank(s[0]) || is_blank(s[len - 1]) || memchr(s, ',', len) || memchr(s, '"', len) ||
                         memchr(s, '\n', len) || memchr(s, '\r', len));
    if (!quote) {
        if (len) /* an empty cell may have no text at all */
            fwrite(s, 1, len, o);
        return;
    }
    putc('"', o);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            putc('"', o);
        putc(s[i], o);
    }
    putc('"', o);
}

static ExRules *ex_rules_of(Export *x, Loaded *l)
{
    for (size_t i = 0; i < x->nrules; i++)
        if (x->rules[i].l == l)
            return &x->rules[i];
    return NULL;
}

/* Each rule file's input for each field column (-1: it has no such
 * field, and its rows leave the column empty: a spreadsheet may hold the
 * cases of two rule files), and the path of the file from the
 * spreadsheet's folder. */
static void map_rules(Export *x, const char *dir_real)
{
    for (size_t i = 0; i < x->nrules; i++) {
        ExRules *er = &x->rules[i];
        const Rules *r = er->l->rules;
        er->slot = mem_calloc(x->ncols + 1, sizeof *er->slot);
        er->cell = er->l->path[0] == '/' ? relative_path(dir_real, er->l->path) : NULL;
        if (!er->slot || !er->cell) {
            ex_error(x, (Span){ .file = UINT32_MAX }, _("out of memory placing the columns"));
            return;
        }
        for (size_t k = 0; k < x->ncols; k++) {
            er->slot[k] = -1;
            for (size_t s = 0; x->cols[k].kind == COL_FIELD && s < r->ninputs && er->slot[k] < 0; s++)
                if (strcmp(r->inputs[s]->name, x->cols[k].key) == 0)
                    er->slot[k] = (int32_t)s;
        }
    }
}

/* The folder a spreadsheet written to out (NULL: standard output, taken
 * to be saved in the current folder) lies in, resolved.  Heap (free()). */
static char *folder_of(const char *out)
{
    const char *slash = out ? strrchr(out, '/') : NULL;
    if (!slash)
        return realpath(".", NULL);
    if (slash == out)
        return realpath("/", NULL);
    char *dir = mem_strndup(out, (size_t)(slash - out));
    char *real = dir ? realpath(dir, NULL) : NULL;
    mem_free(dir);
    return real;
}

static void write_all(Export *x, FILE *o)
{
    const SFile *f = x->su.files[0];
    fputs("\xEF\xBB\xBF", o); /* the byte-order mark by which Excel reads the file as UTF-8 (Thai) */
    for (size_t k = 0; k < x->ncols; k++) {
        if (k)
            putc(',', o);
        write_cell(o, x->cols[k].name, strlen(x->cols[k].name));
    }
    fputs("\r\n", o);
    for (size_t i = 0; i < f->nsc; i++) {
        const Scenario *s = &f->sc[i];
        for (size_t j = 0; x->of[i] && j < s->ncases; j++) {
            if (x->left[i][j])
                continue;
            const Cell *cells = row_cells(x, s, &s->cases[j], ex_rules_of(x, x->of[i]), false);
            for (size_t k = 0; cells && k < x->ncols; k++) {
                if (k)
                    putc(',', o);
                write_cell(o, cells[k].s, cells[k].len);
            }
            fputs("\r\n", o);
        }
    }
}

/* Pass 1: each scenario's rule file and fields, what a spreadsheet cannot
 * hold of it, and the columns its cases need. */
static void ex_collect(Export *x)
{
    const SFile *f = x->su.files[0];
    for (size_t i = 0; i < f->nsc; i++) {
        Scenario *s = &f->sc[i];
        /* agency expectations judge the cases together: the whole
         * scenario is out; check expectations alone leave the cases in */
        bool batch = false;
        for (size_t k = 0; k < s->batch.n; k++)
            batch |= s->batch.e[k].kind == EXP_AGENCY;
        for (size_t k = 0; k < s->batch.n; k++)
            if (batch || s->batch.e[k].kind != EXP_AGENCY)
                ex_unexportable(x, s->batch.e[k].at, _("scenario \"%s\" cannot be written as a spreadsheet: %s"),
                                s->title,
                                s->batch.e[k].kind == EXP_AGENCY
                                    ? _("an `agency` expectation judges the scenario's cases together, as one "
                                        "batch, and the rows of a spreadsheet are each judged alone")
                                    : _("a `check` expectation is about the rule file's own messages, not an "
                                        "application"));
        x->left_exps += s->batch.n;
        if (s->ncases == 0)
            continue; /* only `check` expectations: its rules may well not check */
        char *path = scn_join_path(scn_file_at(&x->su, s->rules_at)->path, s->rules);
        Loaded *l = path ? scn_load_rules(&x->run, path) : NULL;
        mem_free(path);
        if (!l || !l->ok) {
            ex_error(x, s->rules_at,
                     !l           ? _("the rule file \"%s\" could not be loaded: out of memory")
                     : !l->rules ? _("the rule file \"%s\" cannot be read")
                                  : _("the rule file \"%s\" does not check: run `award check` on it"),
                     s->rules);
            continue;
        }
        const Rules *r = l->rules;
        bool names = scn_check_field_names(&x->su, s, NULL, r, &s->given);
        for (size_t j = 0; j < s->ncases; j++)
            names &= scn_check_field_names(&x->su, s, &s->cases[j], r, &s->cases[j].with);
        if (!names) {
            x->bad = x->mistake = true;
            continue;
        }
        if (batch) {
            x->left_apps += s->ncases;
            continue; /* x->of[i] stays NULL: no row */
        }
        x->of[i] = l;
        x->left[i] = mem_calloc(s->ncases + 1, 1);
        if (!x->left[i]) {
            ex_error(x, s->at, _("out of memory"));
            return;
        }
        ExRules *er = ex_rules_of(x, l);
        if (!er) {
            ExRules *more = mem_grow(x->rules, &x->caprules, x->nrules + 1, sizeof *more);
            if (!more) {
                ex_error(x, s->at, _("out of memory"));
                return;
            }
            x->rules = more;
            er = &x->rules[x->nrules++];
            *er = (ExRules){ .l = l };
        }
        for (size_t j = 0; j < s->ncases; j++)
            if (!ex_discover(x, (size_t)(er - x->rules), r, &s->given, &s->cases[j])) {
                ex_error(x, s->at, _("out of memory"));
                return;
            }
    }
}

int scn_csv_export(const char *scenario_path, const char *out_path, bool leave_out)
{
    Export x = { .run = { .out = stderr }, .leave_out = leave_out };
    x.d = diag_new();
    if (!x.d) {
        cli_say("out of memory exporting %s", scenario_path);
        return 3;
    }
    x.su.d = x.d;
    arena_init(&x.arena, 8192);
    int rc = 1;
    char *dir_real = folder_of(out_path);
    if (!dir_real) {
        cli_say("cannot find the folder of %s: %s", out_path ? out_path : ".", strerror(errno));
        rc = 2;
    } else if (scn_load_suite(&x.su, scenario_path)) {
        const SFile *f = x.su.files[0];
        x.of = mem_calloc(f->nsc + 1, sizeof *x.of);
        x.left = mem_calloc(f->nsc + 1, sizeof *x.left);
        x.nsc = f->nsc;
        if (!x.of || !x.left)
            ex_error(&x, (Span){ .file = UINT32_MAX }, _("out of memory"));
        else
            ex_collect(&x);
        if (!x.mistake && (!ex_column(&x, COL_SCENARIO, NULL, 0) || !ex_column(&x, COL_CASE, NULL, 0) ||
                       !ex_column(&x, COL_RULES, NULL, 0)))
            ex_error(&x, (Span){ .file = UINT32_MAX }, _("out of memory"));
        if (!x.mistake) {
            qsort(x.cols, x.ncols, sizeof *x.cols, cmp_cols);
            map_rules(&x, dir_real);
        }
        /* every case is looked at, so that all that a row cannot hold is said at once */
        for (size_t i = 0; !x.mistake && i < f->nsc; i++)
            for (size_t j = 0; x.of[i] && j < f->sc[i].ncases; j++)
                if (!row_cells(&x, &f->sc[i], &f->sc[i].cases[j], ex_rules_of(&x, x.of[i]), true) && !x.mistake) {
                    x.left[i][j] = 1;
                    x.left_apps++;
                }
        if (!x.bad) {
            char err[PATH_MAX + 512];
            const char **inputs = mem_calloc(x.su.nfiles + x.nrules + 1, sizeof *inputs);
            size_t n = 0;
            for (size_t i = 0; inputs && i < x.su.nfiles; i++)
                inputs[n++] = x.su.files[i]->path;
            for (size_t i = 0; inputs && i < x.nrules; i++)
                inputs[n++] = x.rules[i].l->path;
            if (!inputs) {
                cli_say("out of memory exporting %s", scenario_path);
                rc = 3;
            } else if (!out_path) {
                write_all(&x, stdout);
                rc = 0; /* the caller flushes standard output and checks it */
            } else if (outfile_is_input(out_path, inputs, n, err, sizeof err)) {
                cli_say("%s", err);
                rc = 2;
            } else {
                OutFile *o = outfile_open(out_path, err, sizeof err);
                if (o)
                    write_all(&x, outfile_stream(o));
                if (!o || !outfile_close(o, true, err, sizeof err)) {
                    cli_say("%s", err);
                    rc = 2;
                } else {
                    rc = 0;
                }
            }
            mem_free(inputs);
        }
    }
    diag_sort(x.d);
    diag_print(x.d, stderr);
    const SFile *f0 = x.su.nfiles ? x.su.files[0] : NULL;
    if (rc == 0 && (x.left_apps || x.left_exps)) {
        char apps[64], exps[64];
        /* TRANSLATORS: the counts put into "left out of the spreadsheet: %s and %s ...". */
        snprintf(apps, sizeof apps, P_("%zu application", "%zu applications", x.left_apps), x.left_apps);
        snprintf(exps, sizeof exps, P_("%zu expectation", "%zu expectations", x.left_exps), x.left_exps);
        cli_say("left out of the spreadsheet: %s and %s about the rule file or a batch (each said above); `award "
                "test` counts them in %s, not in the spreadsheet",
                apps, exps, scenario_path);
    }
    if (rc == 0 && f0 && f0->skipped)
        cli_say("note: %s skips %zu of the applications and expectations it reuses; a spreadsheet has no `skip`, so "
                "they are not in it",
                scenario_path, f0->skipped);
    if (rc == 1) {
        size_t n = diag_count(x.d, DIAG_ERROR);
        cli_say(P_("nothing was written: %s cannot be exported as it is (%zu error)",
                   "nothing was written: %s cannot be exported as it is (%zu errors)", n),
                scenario_path, n);
    }
    diag_free(x.d);
    scn_suite_free(&x.su);
    for (size_t i = 0; i < x.ncols; i++)
        mem_free(x.cols[i].name);
    mem_free(x.cols);
    for (size_t i = 0; i < x.nrules; i++) {
        mem_free(x.rules[i].slot);
        mem_free(x.rules[i].cell);
    }
    mem_free(x.rules);
    for (size_t i = 0; x.left && i < x.nsc; i++)
        mem_free(x.left[i]);
    mem_free(x.left);
    mem_free(x.of);
    scn_runner_free(&x.run);
    arena_free(&x.arena);
    free(dir_real);
    return rc;
}

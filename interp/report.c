/* report.c -- the three output formats of `award eval`.
 *
 * CSV (RFC 4180, quoted only where needed) and JSON (one object per line)
 * are written as results come; the table keeps rows until the end to align
 * them by display width, so that Thai labels line up.
 *
 * Every text reaches the output exact in CSV and JSON, and harmless on a
 * terminal in the table: a cell may hold anything a data file can (a quoted
 * line break, a tab, ESC [ 2J), and in the table such characters are shown
 * escaped so that no cell can move the cursor or draw a fake row.
 *
 * The words for people (the table's closing count, why an application
 * waits, what is wrong with --columns) are in the language of the messages
 * (i18n.h); the names of columns, the CSV header and the JSON keys are for
 * programs and stay as they are in every language. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "strbuf.h"
#include "tally.h"
#include "utext.h"

typedef enum ColKind {
    COL_ID, COL_CATEGORY, COL_ELIGIBLE, COL_TOTAL, COL_TIER, COL_TIER_LABEL,
    COL_FAILED, COL_ERROR, COL_SOURCE, COL_LINE, COL_REASON, COL_STAGE, COL_KIND,
    COL_NODE,      /* a score item's points */
    COL_FIELD,     /* an input field, as the record gave it */
} ColKind;

static const char *const col_names[] = {
    "id", "category", "eligible", "total", "tier", "tier_label",
    "failed", "error", "source", "line", "reason", "stage", "kind",
};

typedef struct Column {
    ColKind kind;
    uint32_t node_column;  /* COL_NODE: index into Rules.columns; COL_FIELD: input slot */
    const char *name;
} Column;

struct Report {
    FILE *out;
    ReportFormat fmt;
    const Rules *r;
    Column *cols;
    size_t ncols;
    /* the table's kept rows: ncols strings each (see TABLE_WIDTH_ROWS) */
    char **cells;
    size_t nrows, caprows;
    size_t *width;          /* the table's column widths, once they are set */
    Sb cell;                /* one cell being built */
    Sb shown;               /* a table cell as shown, control characters escaped */
    bool broken;            /* an allocation failed: nothing more is written */
    Sb line;                /* one CSV row being built, written whole */
    ReportExplainFn explain; /* eval --explain, see report.h */
    bool header_pending;    /* the CSV header in `line` is not written yet */
    bool summary;           /* report_set_summary: counts only, written at the end */
    Tally tally;            /* the summary's counts (tally.h) */
    bool bom;               /* report_set_bom: a byte-order mark before it */
    void *explain_ctx;
};

const char *report_column_help(void)
{
    /* TRANSLATORS: the names before the last comma are column names, to
     * be kept as they are. */
    return _("id, kind, category, eligible, total, tier, tier_label, failed, error, reason, stage, source, "
             "line, the name of any score item (part1, efficiency, ...) and of any input field (agency, ...)");
}

/* A score item's points: exact, with at least the report's decimals
 * (17.996, 72.00, 71.89), never rounded and never padded past exact. */
static void format_points(Dec d, int precision, char *buf)
{
    dec_format(dec_normalize(d), precision, buf);
}

/* ---- the value of one column for one result, as text ---- */

static const char *failed_text(const Require *q)
{
    return q->message ? q->message : q->source;
}

/* The failed conditions, each by its message (or its text), joined. */
static void buf_failed(Sb *to, const AppResult *res)
{
    for (size_t i = 0; i < res->nfailed; i++) {
        if (i)
            sb_str(to, " | ");
        sb_str(to, failed_text(res->failed[i]));
    }
}

/* Why an application waits: the stage whose fields have not come.  A
 * sentence for people, like a data error: in the language of the messages
 * in every format. */
static void buf_pending(Sb *to, const AppResult *res)
{
    if (res->stage->label)
        /* TRANSLATORS: the reason of a pending application: a stage and its label. */
        sb_printf(to, _("waits for stage `%s` (%s): none of its fields has a value yet"), res->stage->id,
                  res->stage->label);
    else
        sb_printf(to, _("waits for stage `%s`: none of its fields has a value yet"), res->stage->id);
}

/* An input field of the record as it was given (a list's items joined by
 * `;`, as CSV writes them); an agency row has only its agency code. */
static void field_text(const Report *rep, uint32_t slot, const AppResult *res, Sb *to)
{
    if (res->agency_row) {
        if ((int)slot == rep->r->slot_agency)
            sb_add(to, res->id, res->id_len);
        return;
    }
    if (!res->rec)
        return;
    const RawField *f = &res->rec->fields[slot];
    if (f->kind == RAW_ARRAY) {
        for (uint32_t i = 0; i < f->count; i++) {
            const RawField *it = &res->rec->items[f->first + i];
            if (i)
                sb_str(to, ";");
            sb_add(to, it->text, it->len);
        }
    } else if (f->kind != RAW_ABSENT && f->kind != RAW_NULL) {
        sb_add(to, f->text, f->len);
    }
}

/* The text of one cell, appended to `to` (nothing when there is nothing). */
static void cell(Report *rep, const Column *c, const AppResult *res, Sb *to)
{
    char b[DEC_FMT_MAX];
    sb_add(to, "", 0);
    switch (c->kind) {
    case COL_ID:
        sb_add(to, res->id, res->id_len);
        break;
    case COL_CATEGORY:
        if (res->cat)
            sb_str(to, res->cat->id);
        break;
    case COL_ELIGIBLE:
        sb_str(to, res->eligible ? "true" : "false");
        break;
    case COL_TOTAL:
        if (res->scored) {
            sb_add(to, b, dec_format(res->total, rep->r->precision, b));
        }
        break;
    case COL_TIER:
        sb_str(to, res->tier_id);
        break;
    case COL_TIER_LABEL:
        if (res->tier && res->tier->label)
            sb_str(to, res->tier->label);
        else if (res->stopped && res->stage->stop_label)
            sb_str(to, res->stage->stop_label);
        break;
    case COL_FAILED:
        buf_failed(to, res);
        break;
    case COL_ERROR:
        if (res->error)
            sb_str(to, res->message);
        break;
    case COL_REASON: /* why it got what it got: failed conditions or the error */
        if (res->error)
            sb_str(to, res->message);
        else if (res->pending)
            buf_pending(to, res);
        else
            buf_failed(to, res);
        break;
    case COL_STAGE:
        if (res->stage)
            sb_str(to, res->stage->id);
        break;
    case COL_KIND: /* an application, or a result decided per agency */
        sb_str(to, res->agency_row ? "agency" : "application");
        break;
    case COL_FIELD:
        field_text(rep, c->node_column, res, to);
        break;
    case COL_SOURCE:
        if (res->source)
            sb_str(to, res->source);
        break;
    case COL_LINE:
        if (res->line) {
            snprintf(b, sizeof b, "%zu", res->line);
            sb_str(to, b);
        }
        break;
    case COL_NODE: {
        /* The points of the node of this name in the result's tree. */
        const Rules *r = rep->r;
        if (!res->scored)
            break;
        for (size_t i = 0; i < r->nnodes; i++) {
            if (res->has_points[i] && r->nodes[i]->parent && r->nodes[i]->column == c->node_column) {
                format_points(res->points[i], rep->r->precision, b);
                sb_str(to, b);
                break;
            }
        }
        break;
    }
    }
}

/* ---- the columns, for a writer that lays out its own cells ---- */

size_t report_ncolumns(const Report *rep) { return rep->ncols; }

const char *report_column_name(const Report *rep, size_t i) { return rep->cols[i].name; }

ReportCellKind report_column_kind(const Report *rep, size_t i)
{
    switch (rep->cols[i].kind) {
    case COL_TOTAL:
    case COL_NODE: return REPORT_CELL_DECIMAL;
    case COL_LINE: return REPORT_CELL_WHOLE;
    default: return REPORT_CELL_TEXT;
    }
}

void report_cell(Report *rep, size_t i, const AppResult *res, Sb *to)
{
    sb_reset(to);
    cell(rep, &rep->cols[i], res, to);
}

/* ---- set-up ---- */

static bool add_column(Report *rep, const char *name, size_t len, char *err, size_t errsize)
{
    Column c = { 0 };
    bool found = false;
    for (size_t i = 0; i < sizeof col_names / sizeof col_names[0]; i++)
        if (strlen(col_names[i]) == len && memcmp(col_names[i], name, len) == 0) {
            c.kind = (ColKind)i;
            c.name = col_names[i];
            found = true;
        }
    for (size_t i = 0; !found && i < rep->r->ncolumns; i++)
        if (strlen(rep->r->columns[i]) == len && memcmp(rep->r->columns[i], name, len) == 0) {
            c.kind = COL_NODE;
            c.node_column = (uint32_t)i;
            c.name = rep->r->columns[i];
            found = true;
        }
    for (size_t i = 0; !found && i < rep->r->ninputs; i++)
        if (strlen(rep->r->inputs[i]->name) == len && memcmp(rep->r->inputs[i]->name, name, len) == 0) {
            c.kind = COL_FIELD;
            c.node_column = rep->r->inputs[i]->slot;
            c.name = rep->r->inputs[i]->name;
            found = true;
        }
    if (!found) {
        snprintf(err, errsize, _("unknown column `%.*s`; the columns are %s"), (int)len, name,
                 report_column_help());
        return false;
    }
    Column *cols = mem_realloc(rep->cols, (rep->ncols + 1) * sizeof *rep->cols);
    if (!cols) {
        snprintf(err, errsize, "%s", _("out of memory"));
        return false;
    }
    rep->cols = cols;
    rep->cols[rep->ncols++] = c;
    return true;
}


Report *report_new(FILE *out, ReportFormat fmt, const Rules *r, const char *columns,
                   char *err, size_t errsize)
{
    Report *rep = mem_calloc(1, sizeof *rep);
    if (!rep) {
        snprintf(err, errsize, "%s", _("out of memory"));
        return NULL;
    }
    rep->out = out;
    rep->fmt = fmt;
    rep->r = r;
    /* Staged rules show the stage each application reached, beside its
     * category; rules without stages are shown as they always were. */
    const char *defaults = fmt == REPORT_TABLE
                               ? (r->nstages ? "id,category,stage,total,tier,tier_label,reason"
                                             : "id,category,total,tier,tier_label,reason")
                               : (r->nstages ? "id,kind,category,stage,eligible,total,tier,failed,error"
                                             : "id,kind,category,eligible,total,tier,failed,error");
    const char *spec = columns ? columns : defaults;
    /* An empty list, or an empty name in it (`id,,tier`, a trailing
     * comma), is a mistake: it would print rows with nothing in them, or
     * quietly fewer columns than the user counted. */
    if (!*spec) {
        snprintf(err, errsize, _("the column list is empty; give column names separated by commas, "
                                 "such as id,total,tier; the columns are %s"),
                 report_column_help());
        report_free(rep);
        return NULL;
    }
    for (const char *p = spec;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (!len) {
            snprintf(err, errsize, _("the column list `%s` has an empty name; separate the names with "
                                     "single commas, such as id,total,tier"),
                     spec);
            report_free(rep);
            return NULL;
        }
        if (!add_column(rep, p, len, err, errsize)) {
            report_free(rep);
            return NULL;
        }
        if (!end)
            break;
        p = end + 1;
    }
    if (!columns && fmt == REPORT_CSV)
        for (size_t i = 0; i < r->ncolumns; i++)
            if (!add_column(rep, r->columns[i], strlen(r->columns[i]), err, errsize)) {
                report_free(rep);
                return NULL;
            }
    if (fmt == REPORT_CSV) {
        sb_reset(&rep->line);
        for (size_t i = 0; i < rep->ncols; i++) {
            if (i)
                sb_add(&rep->line, ",", 1);
            sb_add_csv(&rep->line, rep->cols[i].name, strlen(rep->cols[i].name));
        }
        sb_add(&rep->line, "\n", 1);
        rep->header_pending = true; /* written with the first row, or at the end */
    }
    return rep;
}

/* CSV for Excel (report_set_bom): the UTF-8 byte-order mark first. */
static void write_bom(Report *rep)
{
    if (rep->bom)
        fputs("\xEF\xBB\xBF", rep->out);
}

/* The CSV header line, kept in rep->line by report_new, with the
 * byte-order mark first when asked for. */
static void write_header(Report *rep)
{
    if (!rep->header_pending)
        return;
    rep->header_pending = false;
    write_bom(rep);
    fwrite(rep->line.s, 1, rep->line.len, rep->out);
}

void report_free(Report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->nrows * rep->ncols; i++)
        mem_free(rep->cells[i]);
    mem_free(rep->cells);
    mem_free(rep->width);
    mem_free(rep->cols);
    tally_free(&rep->tally);
    sb_free(&rep->cell);
    sb_free(&rep->shown);
    sb_free(&rep->line);
    mem_free(rep);
}

/* ---- CSV ---- */

/* A cell with a comma, a quote or a line break must be quoted; so must one
 * with any other control character (C0, DEL, or C1: U+0080 to U+009F, in
 * UTF-8 0xC2 0x80..0x9F), which RFC 4180 allows only inside quotes, and
 * one that starts or ends with a space or a tab, which a reader such as
 * libcsv (and ours) drops around an unquoted cell. */

/* Columns whose text never needs quotes: names from the rule file (an
 * identifier has no comma, quote or line break), the outcomes the
 * evaluator spells itself, and numbers. */
static bool never_quoted(ColKind k)
{
    return k == COL_CATEGORY || k == COL_ELIGIBLE || k == COL_TOTAL ||
           k == COL_TIER || k == COL_LINE || k == COL_NODE || k == COL_STAGE || k == COL_KIND;
}


/* A row is built whole and written with one call: one fwrite per row
 * instead of several per cell.  Each cell is written straight into the
 * row; the rare one that needs quotes is moved out and back, quoted. */
static void write_csv(Report *rep, const AppResult *res)
{
    Sb *line = &rep->line;
    sb_reset(line);
    for (size_t i = 0; i < rep->ncols; i++) {
        if (i)
            sb_add(line, ",", 1);
        size_t start = line->len;
        cell(rep, &rep->cols[i], res, line);
        if (!never_quoted(rep->cols[i].kind) &&
            sb_csv_needs_quotes(line->s + start, line->len - start)) {
            sb_reset(&rep->cell);
            sb_add(&rep->cell, line->s + start, line->len - start);
            line->len = start;
            sb_add_csv(line, rep->cell.s, rep->cell.len);
        }
    }
    sb_add(line, "\n", 1);
    fwrite(line->s, 1, line->len, rep->out);
}

/* ---- JSON ---- */

/* JSON strings are built in a scratch buffer (see sb_add_json), then
 * written in one call. */
static void json_string(Report *rep, const char *s, size_t len)
{
    sb_reset(&rep->cell);
    sb_add_json(&rep->cell, s, len);
    fwrite(rep->cell.s, 1, rep->cell.len, rep->out);
}

static void json_cstr(Report *rep, const char *s)
{
    if (s)
        json_string(rep, s, strlen(s));
    else
        fputs("null", rep->out);
}

static void write_json(Report *rep, const AppResult *res)
{
    FILE *out = rep->out;
    const Rules *r = rep->r;
    char b[DEC_FMT_MAX];
    fputs("{\"id\":", out);
    json_string(rep, res->id, res->id_len);
    fputs(res->agency_row ? ",\"kind\":\"agency\"" : ",\"kind\":\"application\"", out);
    if (res->agency_row)
        fputs(",\"agency_level\":true", out);
    fputs(",\"category\":", out);
    json_cstr(rep, res->cat ? res->cat->id : NULL);
    if (res->cat && res->cat->title) {
        fputs(",\"category_title\":", out);
        json_cstr(rep, res->cat->title);
    }
    fprintf(out, ",\"eligible\":%s", res->eligible ? "true" : "false");
    fputs(",\"failed\":[", out);
    for (size_t i = 0; i < res->nfailed; i++) {
        const Require *q = res->failed[i];
        unsigned line, col;
        diag_linecol(rules_source(r, q->span), q->span.start, &line, &col);
        fprintf(out, "%s{\"message\":", i ? "," : "");
        json_cstr(rep, q->message);
        fputs(",\"condition\":", out);
        json_cstr(rep, q->source);
        fprintf(out, ",\"line\":%u", line);
        if (q->span.file != 0) { /* inherited from a file the rules extend */
            fputs(",\"file\":", out);
            json_cstr(rep, diag_source_name(rules_source(r, q->span)));
        }
        fputc('}', out);
    }
    fputs("]", out);
    if (res->scored) {
        fputs(",\"scores\":{", out);
        bool first = true;
        for (size_t i = 0; i < r->nnodes; i++) {
            if (!res->has_points[i] || !r->nodes[i]->parent)
                continue;
            fputs(first ? "" : ",", out);
            first = false;
            json_cstr(rep, r->nodes[i]->name);
            format_points(res->points[i], r->precision, b);
            fprintf(out, ":%s", b);
        }
        dec_format(res->total, r->precision, b);
        fprintf(out, "},\"total\":%s", b);
    } else {
        fputs(",\"total\":null", out);
    }
    fputs(",\"tier\":", out);
    json_cstr(rep, res->tier_id);
    fputs(",\"tier_label\":", out);
    json_cstr(rep, res->tier ? res->tier->label : res->stopped ? res->stage->stop_label : NULL);
    if (r->nstages && !res->agency_row) {
        /* where it got to: the stage it stopped at or waits for, else the last */
        fputs(",\"stage\":", out);
        json_cstr(rep, res->stage ? res->stage->id : NULL);
        fputs(",\"stage_label\":", out);
        json_cstr(rep, res->stage ? res->stage->label : NULL);
        fprintf(out, ",\"stopped\":%s,\"pending\":%s", res->stopped ? "true" : "false",
                res->pending ? "true" : "false");
    }
    fputs(",\"error\":", out);
    json_cstr(rep, res->error ? res->message : NULL);
    if (res->source && !res->agency_row) {
        fputs(",\"source\":", out);
        json_cstr(rep, res->source);
        fprintf(out, ",\"line\":%zu", res->line);
    }
    if (rep->explain) {
        fputs(",\"explain\":", out);
        rep->explain(rep->explain_ctx, res, out);
    }
    fputs("}\n", out);
}

/* ---- table ---- */

/* A table's columns are as wide as their widest cell among the first
 * TABLE_WIDTH_ROWS rows.  Those rows are kept until then; every later row
 * is printed as it comes, with the same widths (a wider cell pushes the
 * rest of its row right), so a table of any length takes bounded memory. */
#define TABLE_WIDTH_ROWS 1000

static void table_widths(Report *rep)
{
    rep->width = mem_calloc(rep->ncols, sizeof *rep->width);
    if (!rep->width) {
        rep->broken = true;
        return;
    }
    for (size_t c = 0; c < rep->ncols; c++) {
        rep->width[c] = utext_width(rep->cols[c].name, strlen(rep->cols[c].name));
        for (size_t i = 0; i < rep->nrows; i++) {
            const char *s = rep->cells[i * rep->ncols + c];
            size_t w = utext_width(s, strlen(s));
            if (w > rep->width[c])
                rep->width[c] = w;
        }
    }
}

/* One line of the table: the header when cells is NULL. */
static void table_line(Report *rep, char *const *cells)
{
    /* No padding after the last cell that has text. */
    size_t ncells = rep->ncols;
    while (cells && ncells > 1 && !cells[ncells - 1][0])
        ncells--;
    for (size_t c = 0; c < ncells; c++) {
        const char *s = cells ? cells[c] : rep->cols[c].name;
        bool last = c + 1 == ncells;
        bool right = rep->cols[c].kind == COL_TOTAL || rep->cols[c].kind == COL_NODE;
        utext_pad(rep->out, s, strlen(s), last ? 0 : rep->width[c], right);
        if (!last)
            fputs("  ", rep->out);
    }
    fputc('\n', rep->out);
}

/* Print the kept rows (the header first, with the widths, if not yet
 * printed) and forget them. */
static void write_table(Report *rep)
{
    if (!rep->width) {
        table_widths(rep);
        if (rep->broken)
            return;
        table_line(rep, NULL);
    }
    for (size_t i = 0; i < rep->nrows; i++)
        table_line(rep, &rep->cells[i * rep->ncols]);
    for (size_t i = 0; i < rep->nrows * rep->ncols; i++)
        mem_free(rep->cells[i]);
    rep->nrows = 0;
}

/* s[0..len) as the table shows it, into `to` (see sb_add_shown). */
static void table_text(Sb *to, const char *s, size_t len)
{
    sb_reset(to);
    sb_add_shown(to, s, len);
    sb_add(to, "", 0);
}

static void keep_row(Report *rep, const AppResult *res)
{
    if (rep->nrows == rep->caprows) {
        size_t cap = rep->caprows ? rep->caprows * 2 : 64;
        char **cells = mem_realloc(rep->cells, cap * rep->ncols * sizeof *rep->cells);
        if (!cells) {
            rep->broken = true;
            return;
        }
        rep->cells = cells;
        rep->caprows = cap;
    }
    char **row = &rep->cells[rep->nrows * rep->ncols];
    for (size_t i = 0; i < rep->ncols; i++) {
        sb_reset(&rep->cell);
        cell(rep, &rep->cols[i], res, &rep->cell);
        table_text(&rep->shown, rep->cell.s, rep->cell.len);
        row[i] = mem_strndup(rep->shown.s, rep->shown.len);
        if (!row[i]) {
            while (i--)
                mem_free(row[i]);
            rep->broken = true;
            return;
        }
    }
    rep->nrows++;
    if (rep->width || rep->nrows == TABLE_WIDTH_ROWS)
        write_table(rep);
}

/* ---- entry points ---- */

void report_set_summary(Report *rep)
{
    rep->summary = true;
    rep->header_pending = false; /* no rows, so no header of theirs */
}

/* The table's closing line: how many results, and of what. */
static void write_count_line(FILE *out, const Tally *t)
{
    fputc('\n', out);
    /* TRANSLATORS: the closing line of a table of results. */
    fprintf(out, P_("%zu application, %zu with data errors", "%zu applications, %zu with data errors", t->napps),
            t->napps, t->nerrors);
    if (t->nagency)
        /* TRANSLATORS: after "53 applications, 8 with data errors". */
        fprintf(out, P_("; %zu agency-level result", "; %zu agency-level results", t->nagency), t->nagency);
    fputc('\n', out);
}

static void json_text(FILE *out, Sb *scratch, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    sb_reset(scratch);
    sb_add_json_cstr(scratch, s);
    fwrite(scratch->s, 1, scratch->len, out);
}

bool report_counts(FILE *out, ReportFormat fmt, bool bom, bool closing, Tally *counts)
{
    size_t n;
    const TallyRow *rows = tally_rows(counts, &n);
    if (fmt == REPORT_JSON) {
        Sb scratch = { 0 };
        fputs("{\"summary\":[", out);
        for (size_t i = 0; i < n; i++) {
            const TallyRow *t = &rows[i];
            fputs(i ? ",{\"category\":" : "{\"category\":", out);
            json_text(out, &scratch, t->cat ? t->cat->id : NULL);
            fprintf(out, ",\"kind\":\"%s\",\"tier\":", t->agency ? "agency" : "application");
            json_text(out, &scratch, t->tier);
            fprintf(out, ",\"count\":%zu}", t->count);
        }
        fprintf(out, "],\"applications\":%zu,\"data_errors\":%zu,\"agency_results\":%zu}\n", counts->napps,
                counts->nerrors, counts->nagency);
        sb_free(&scratch);
        return !ferror(out);
    }
    const char *sep = fmt == REPORT_CSV ? "," : "  ";
    if (fmt == REPORT_CSV) {
        if (bom)
            fputs("\xEF\xBB\xBF", out);
        fputs("category,kind,tier,count\n", out);
    }
    /* the table's columns as wide as their widest cell */
    size_t wcat = strlen("category"), wtier = strlen("tier");
    for (size_t i = 0; i < n; i++) {
        const TallyRow *t = &rows[i];
        size_t wc = t->cat ? utext_width(t->cat->id, strlen(t->cat->id)) : 0;
        size_t wt = utext_width(t->tier, strlen(t->tier));
        wcat = wc > wcat ? wc : wcat;
        wtier = wt > wtier ? wt : wtier;
    }
    if (fmt == REPORT_TABLE) {
        utext_pad(out, "category", 8, wcat, false);
        fputs(sep, out);
        utext_pad(out, "kind", 4, 11, false);
        fputs(sep, out);
        utext_pad(out, "tier", 4, wtier, false);
        fprintf(out, "%scount\n", sep);
    }
    for (size_t i = 0; i < n; i++) {
        const TallyRow *t = &rows[i];
        const char *cat = t->cat ? t->cat->id : "";
        const char *kind = t->agency ? "agency" : "application";
        if (fmt == REPORT_CSV) {
            fprintf(out, "%s%s%s%s%s%s%zu\n", cat, sep, kind, sep, t->tier, sep, t->count);
        } else {
            utext_pad(out, cat, strlen(cat), wcat, false);
            fputs(sep, out);
            utext_pad(out, kind, strlen(kind), 11, false);
            fputs(sep, out);
            utext_pad(out, t->tier, strlen(t->tier), wtier, false);
            fprintf(out, "%s%5zu\n", sep, t->count);
        }
    }
    if (fmt == REPORT_TABLE && closing)
        write_count_line(out, counts);
    return !ferror(out);
}

void report_set_bom(Report *rep)
{
    rep->bom = true;
}

void report_set_explain(Report *rep, ReportExplainFn fn, void *ctx)
{
    rep->explain = fn;
    rep->explain_ctx = ctx;
}

bool report_result(Report *rep, const AppResult *res)
{
    /* Once the output failed, nothing more can reach it: the caller stops
     * at the next check, and until then nothing is formatted in vain. */
    if (rep->broken || ferror(rep->out))
        return false;
    if (!tally_add(&rep->tally, res)) {
        rep->broken = true;
        return false;
    }
    if (rep->summary)
        return true;
    switch (rep->fmt) {
    case REPORT_CSV:
        write_header(rep);
        write_csv(rep, res);
        break;
    case REPORT_JSON: write_json(rep, res); break;
    case REPORT_TABLE:
        if (rep->explain) {
            if (rep->tally.napps + rep->tally.nagency > 1)
                fputc('\n', rep->out);
            rep->explain(rep->explain_ctx, res, rep->out);
        } else {
            keep_row(rep, res);
        }
        break;
    }
    return !rep->broken && !ferror(rep->out);
}

bool report_end(Report *rep)
{
    write_header(rep); /* an empty batch still gets its header */
    if (rep->broken || ferror(rep->out))
        return false;
    if (rep->summary)
        return report_counts(rep->out, rep->fmt, rep->bom, true, &rep->tally);
    if (rep->fmt != REPORT_TABLE)
        return true;
    if (!rep->explain)
        write_table(rep);
    write_count_line(rep->out, &rep->tally);
    return !ferror(rep->out);
}

Tally *report_tally(Report *rep)
{
    return &rep->tally;
}

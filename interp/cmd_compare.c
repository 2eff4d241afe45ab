/* cmd_compare.c -- `award compare OLD NEW DATA...`: what adopting NEW
 * instead of OLD does to real applications, in one pass over the data.
 *
 * Each record is read once, with a schema that is the union of both rule
 * files' fields (OLD's in its order, then NEW's own), and given to two
 * evaluators: OLD's sees the record as it is read (its fields come first),
 * NEW's through a slot map when its fields are not the first ones in the
 * same order.  compare.c pairs the two results; this file writes each
 * change as it comes (text, CSV or JSON), then the counts and matrices.
 * Memory is two evaluators' and the agency-level results, as for eval. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "eval.h"
#include "i18n.h"
#include "mem.h"
#include "utext.h"

const char usage_compare[] =
    "usage: award compare OLD NEW DATA... [--year Y] [--format text|csv|json] [--input FORMAT] [-o FILE]\n"
    "\n"
    "What adopting the rule file NEW instead of OLD does to real applications.\n"
    "Every application in the DATA files is read once and judged under both\n"
    "rule files.  Each application whose category, eligibility, total or tier\n"
    "changes is listed with its result before and after and why: the\n"
    "conditions that now fail or now hold (with their message and place), the\n"
    "score items whose points changed, the tier threshold that moved.  The\n"
    "applications that do not change are counted, not listed.  Then, for each\n"
    "category (agency-level ones too), the tiers before and after and the\n"
    "transition matrix: rows the tier under OLD, columns the tier under NEW.\n"
    "\n"
    "options:\n"
    "  --year Y          judge under both files as if their award year were Y\n"
    "                    (2559, or with its era: 2559BE, 2016CE), to tell a change\n"
    "                    of policy from the change of the year itself\n"
    "  --format FORMAT   text (default, for people), csv (one row per changed\n"
    "                    application) or json (one object: changes, counts, matrices)\n"
    "  --input FORMAT    read every DATA as csv or json, whatever its name\n"
    "  -o, --output FILE write to FILE instead of standard output (not an input;\n"
    "                    replaced only when everything was written)\n"
    "\n"
    "Exit status 0 when no application changed, 1 when some did (as diff), 2 on\n"
    "a usage error, a data file that cannot be used or was not read to its end,\n"
    "rule files that do not check, or results that could not be written.\n";

typedef enum CmpFormat { OUT_TEXT, OUT_CSV, OUT_JSON } CmpFormat;

/* ---- --year ---- */

/* Read `--year` as a year and an optional era: "2559", "2559BE",
 * "2559 BE", "2016CE".  *era is 'B', 'C' or 0 (none given). */
static bool parse_year(const char *s, int64_t *year, char *era)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return false;
    long long y = strtoll(s, &end, 10);
    if (errno || y < 1 || y > 9999)
        return false;
    while (*end == ' ')
        end++;
    *era = 0;
    if (strcmp(end, "BE") == 0)
        *era = 'B';
    else if (strcmp(end, "CE") == 0)
        *era = 'C';
    else if (*end)
        return false;
    *year = y;
    return true;
}

/* Judge under r as if its year were `year` of era `era` (0: r's own).  The
 * evaluator reads the year from the rules for every `year` in a condition,
 * a let, a score or a range, so this is all it takes. */
static void set_year(Rules *r, int64_t year, char era)
{
    int64_t be = era == 'C' ? year + 543 : era == 'B' ? year : r->year_ce ? year + 543 : year;
    r->year_be = be;
    r->year_ce_value = be - 543;
    r->year = r->year_ce ? r->year_ce_value : r->year_be;
}

/* ---- reading: one record, two evaluators ---- */

typedef struct Run {
    Rules *r[2];
    Evaluator *ev[2];
    Compare *cmp;
    CmpFormat fmt;
    OutFile *out;
    FILE *f;
    const char *source;
    const char *paths[2];
    int64_t file_year[2];   /* the year each file says (before --year) */
    uint32_t *map;          /* NEW's slot -> union slot; NULL when the same */
    RawField *fields;       /* NEW's fields of the record being read */
    size_t nchanged;        /* changes written (for separators) */
    Sb cell, row;           /* CSV */
} Run;

static void write_change(Run *run, const CmpChange *ch);

static int on_record(void *ctx, const RawRecord *rec)
{
    Run *run = ctx;
    const AppResult *o = eval_record(run->ev[CMP_OLD], rec, run->source);
    RawRecord mine = *rec;
    if (run->map) {
        for (size_t j = 0; j < run->r[CMP_NEW]->ninputs; j++)
            run->fields[j] = rec->fields[run->map[j]];
        mine.fields = run->fields;
    }
    const AppResult *n = eval_record(run->ev[CMP_NEW], &mine, run->source);
    const CmpChange *ch = compare_app(run->cmp, o, n);
    if (ch)
        write_change(run, ch);
    return outfile_failed(run->out) ? 1 : 0;
}

/* The union of both files' fields: OLD's, then NEW's own; and NEW's map
 * into it (NULL when NEW's fields are the first ones, in order). */
static DataSchema union_schema(Run *run, Arena *a)
{
    const Rules *o = run->r[CMP_OLD], *n = run->r[CMP_NEW];
    const char **names = arena_alloc(a, sizeof *names * (o->ninputs + n->ninputs + 1));
    size_t count = 0;
    for (size_t i = 0; i < o->ninputs; i++)
        names[count++] = o->inputs[i]->name;
    uint32_t *map = mem_calloc(n->ninputs + 1, sizeof *map);
    bool same = true;
    for (size_t j = 0; j < n->ninputs; j++) {
        size_t k = 0;
        while (k < count && strcmp(names[k], n->inputs[j]->name) != 0)
            k++;
        if (k == count)
            names[count++] = n->inputs[j]->name;
        map[j] = (uint32_t)k;
        same &= k == j;
    }
    if (same) {
        mem_free(map);
        map = NULL;
    }
    run->map = map;
    run->fields = map ? mem_calloc(n->ninputs + 1, sizeof *run->fields) : NULL;
    return (DataSchema){ count, names };
}

/* The columns a CSV header must have: the id and category fields of both
 * files (as cli_read_data asks for one file's). */
static bool *required_columns(const Run *run, const DataSchema *schema)
{
    bool *req = mem_calloc(schema->count + 1, sizeof *req);
    for (int s = 0; req && s < 2; s++) {
        const Rules *r = run->r[s];
        int slots[2] = { r->slot_id, r->slot_type };
        for (int k = 0; k < 2; k++)
            if (slots[k] >= 0)
                req[s == CMP_OLD || !run->map ? (size_t)slots[k] : run->map[slots[k]]] = true;
    }
    return req;
}

/* Read every data file into on_record, as one batch, with the required
 * columns of both files. */
static void read_all(const Args *args, Run *run, const DataSchema *schema, ReadOutcome *res)
{
    bool *required = required_columns(run, schema);
    if (!required) {
        cli_say("out of memory");
        res->rc = 3;
        res->stopped = true;
        return;
    }
    cli_read_data_required(args, required, schema, on_record, run, &run->source, res);
    mem_free(required);
}

static void on_agency_old(void *ctx, const AppResult *res) { compare_agency(((Run *)ctx)->cmp, CMP_OLD, res); }
static void on_agency_new(void *ctx, const AppResult *res) { compare_agency(((Run *)ctx)->cmp, CMP_NEW, res); }
static void on_agency_change(void *ctx, const CmpChange *ch) { write_change(ctx, ch); }

/* ---- what the writers share ---- */

static const char *const what_words[] = { "result", "category", "error", "eligible", "total", "tier" };

/* "file:line" of a span of side s's rules, into buf. */
static const char *place(const Run *run, int s, Span at, char *buf, size_t size)
{
    const Source *src = rules_source(run->r[s], at);
    unsigned line, col;
    diag_linecol(src, at.start, &line, &col);
    snprintf(buf, size, "%s:%u", diag_source_name(src), line);
    return buf;
}

static const char *cond_text(const Require *q) { return q->message ? q->message : q->source; }

/* A tier's rule as the rule file says it: "at least 800", "from 50 to
 * 100", "otherwise". */
static const char *tier_rule(const TierEntry *t, char *buf, size_t size)
{
    char lo[DEC_FMT_MAX], hi[DEC_FMT_MAX];
    dec_format(t->lo, 0, lo);
    dec_format(t->hi, 0, hi);
    if (t->rule == TIER_AT_LEAST)
        snprintf(buf, size, "at least %s", lo);
    else if (t->rule == TIER_RANGE)
        snprintf(buf, size, "from %s to %s", lo, hi);
    else
        snprintf(buf, size, "otherwise");
    return buf;
}

/* Points or a total, exact, with at least side s's decimals. */
static const char *number(const Run *run, int s, Dec d, char *buf)
{
    dec_format(dec_normalize(d), run->r[s]->precision, buf);
    return buf;
}

/* ---- text ---- */

static void text_outcome(Run *run, const CmpChange *ch, int s)
{
    FILE *f = run->f;
    const CmpOutcome *o = &ch->side[s];
    char b[DEC_FMT_MAX];
    fputs(s == CMP_OLD ? "  before  " : "  after   ", f);
    if (!o->present) {
        fputs("no result (no application of the agency is without a data error)\n", f);
        return;
    }
    if (ch->what & CMP_CATEGORY)
        fprintf(f, "category %s: ", o->cat ? o->cat->id : "none");
    if (o->error) {
        Sb shown = { 0 };
        sb_add_shown(&shown, o->message, strlen(o->message));
        fprintf(f, "data error: %s\n", shown.s);
        sb_free(&shown);
        return;
    }
    fputs(o->tier_id, f);
    if (o->scored)
        fprintf(f, ", total %s", number(run, s, o->total, b));
    fputs("\n", f);
}

static void text_change(Run *run, const CmpChange *ch)
{
    FILE *f = run->f;
    char b[512], b2[512], x[DEC_FMT_MAX], y[DEC_FMT_MAX];
    Sb id = { 0 };
    sb_add_shown(&id, ch->id, ch->id_len);
    const CmpOutcome *o = &ch->side[CMP_OLD], *n = &ch->side[CMP_NEW];
    const CategoryDecl *cat = o->cat ? o->cat : n->cat;
    if (run->nchanged++)
        fputc('\n', f);
    fprintf(f, "%s%s", ch->agency_row ? "agency " : "", id.s);
    if (cat)
        fprintf(f, "  %s", cat->id);
    if (ch->source && !ch->agency_row)
        fprintf(f, "  %s:%zu", ch->source, ch->line);
    fputc('\n', f);
    sb_free(&id);
    text_outcome(run, ch, CMP_OLD);
    text_outcome(run, ch, CMP_NEW);
    for (size_t i = 0; i < ch->nmoved; i++) {
        const TierEntry *a = ch->moved_old[i], *t = ch->moved_new[i];
        const TierEntry *any = a ? a : t;
        if (a && t)
            fprintf(f, "  - the tier `%s` now takes %s (%s); it took %s (%s)\n", any->id,
                    tier_rule(t, b, sizeof b), place(run, CMP_NEW, t->span, b2, sizeof b2),
                    tier_rule(a, x, sizeof x), place(run, CMP_OLD, a->span, y, sizeof y));
        else
            fprintf(f, "  - the tier `%s` is only in %s (%s)\n", any->id, a ? "OLD" : "NEW",
                    place(run, a ? CMP_OLD : CMP_NEW, any->span, b, sizeof b));
    }
    for (size_t i = 0; i < ch->nnow_fail; i++)
        fprintf(f, "  - %s: %s (%s)\n", ch->now_fail[i].alone ? "a new condition fails" : "now fails",
                cond_text(ch->now_fail[i].q), place(run, CMP_NEW, ch->now_fail[i].q->span, b, sizeof b));
    for (size_t i = 0; i < ch->nnow_hold; i++)
        fprintf(f, "  - %s: %s (%s)\n",
                ch->now_hold[i].alone ? "a condition that failed is no longer required" : "now holds",
                cond_text(ch->now_hold[i].q), place(run, CMP_OLD, ch->now_hold[i].q->span, b, sizeof b));
    for (size_t i = 0; i < ch->npoints; i++) {
        const CmpPoints *p = &ch->points[i];
        fprintf(f, "  - `%s` %s -> %s points\n", p->name,
                p->node[CMP_OLD] ? number(run, CMP_OLD, p->points[CMP_OLD], x) : "no",
                p->node[CMP_NEW] ? number(run, CMP_NEW, p->points[CMP_NEW], y) : "no");
    }
}

/* Column widths of a matrix as shown: the label column, then one per
 * label, then the total. */
static void text_matrix(Run *run, const CmpMatrix *m, const bool *shown)
{
    FILE *f = run->f;
    size_t n = m->ntiers + 1;
    size_t lw = utext_width("OLD \\ NEW", 9);
    if (lw < utext_width("after", 5))
        lw = utext_width("after", 5);
    for (size_t i = 0; i < n; i++)
        if (shown[i] && utext_width(m->tiers[i], strlen(m->tiers[i])) > lw)
            lw = utext_width(m->tiers[i], strlen(m->tiers[i]));
    char b[32];
    fputs("    ", f);
    utext_pad(f, "OLD \\ NEW", 9, lw, false);
    for (size_t j = 0; j < n; j++)
        if (shown[j]) {
            fputs("  ", f);
            utext_pad(f, m->tiers[j], strlen(m->tiers[j]), utext_width(m->tiers[j], strlen(m->tiers[j])) < 5 ? 5 : 0,
                      true);
        }
    fputs("  before\n", f);
    for (size_t i = 0; i < n; i++) {
        if (!shown[i])
            continue;
        fputs("    ", f);
        utext_pad(f, m->tiers[i], strlen(m->tiers[i]), lw, false);
        for (size_t j = 0; j < n; j++)
            if (shown[j]) {
                size_t w = utext_width(m->tiers[j], strlen(m->tiers[j]));
                snprintf(b, sizeof b, "%llu", (unsigned long long)m->count[i * n + j]);
                fputs("  ", f);
                utext_pad(f, b, strlen(b), w < 5 ? 5 : w, true);
            }
        snprintf(b, sizeof b, "%llu", (unsigned long long)compare_row_total(m, i));
        fputs("  ", f);
        utext_pad(f, b, strlen(b), 6, true);
        fputc('\n', f);
    }
    fputs("    ", f);
    utext_pad(f, "after", 5, lw, false);
    for (size_t j = 0; j < n; j++)
        if (shown[j]) {
            size_t w = utext_width(m->tiers[j], strlen(m->tiers[j]));
            snprintf(b, sizeof b, "%llu", (unsigned long long)compare_col_total(m, j));
            fputs("  ", f);
            utext_pad(f, b, strlen(b), w < 5 ? 5 : w, true);
        }
    fputc('\n', f);
}

/* Which lines of a matrix are shown: every tier; "error" and "(none)"
 * only when something is counted there. */
static bool *shown_lines(const CmpMatrix *m, bool *any)
{
    size_t n = m->ntiers + 1;
    bool *shown = mem_calloc(n, sizeof *shown);
    *any = false;
    for (size_t i = 0; i < n; i++) {
        uint64_t used = compare_row_total(m, i) + compare_col_total(m, i);
        *any |= used != 0;
        shown[i] = (i != m->error && i != m->ntiers) || used;
    }
    return shown;
}

/* The number of a category as each side gives it. */
static void category_title(FILE *f, const CmpMatrix *m)
{
    const CategoryDecl *o = m->cat[CMP_OLD], *n = m->cat[CMP_NEW];
    if (!m->id) {
        fputs("applications that name no category (data errors)\n", f);
        return;
    }
    if (o && n && o->number != n->number)
        fprintf(f, "category %s (number %lld in OLD, %lld in NEW)", m->id, (long long)o->number,
                (long long)n->number);
    else if (o && n && strcmp(o->id, n->id) != 0)
        fprintf(f, "category %lld %s (%s in OLD)", (long long)n->number, n->id, o->id);
    else
        fprintf(f, "category %lld %s", (long long)(o ? o : n)->number, m->id);
    fputs(o && n ? "" : o ? ", only in OLD" : ", only in NEW", f);
    fputs((o ? o : n)->per_agency ? ", per agency:\n" : ":\n", f);
}

static void text_summary(Run *run)
{
    FILE *f = run->f;
    CmpCounts k = compare_counts(run->cmp);
    if (run->nchanged)
        fputc('\n', f);
    fprintf(f, "%llu application%s compared: %llu changed, %llu unchanged\n", (unsigned long long)k.apps,
            k.apps == 1 ? "" : "s", (unsigned long long)k.apps_changed,
            (unsigned long long)(k.apps - k.apps_changed));
    if (k.agency_rows)
        fprintf(f, "%llu agency-level result%s compared: %llu changed, %llu unchanged\n",
                (unsigned long long)k.agency_rows, k.agency_rows == 1 ? "" : "s",
                (unsigned long long)k.agency_changed, (unsigned long long)(k.agency_rows - k.agency_changed));
    for (size_t i = 0; i < compare_nmatrices(run->cmp); i++) {
        const CmpMatrix *m = compare_matrix(run->cmp, i);
        bool any;
        bool *shown = shown_lines(m, &any);
        if (m->id || any) {
            fputc('\n', f);
            category_title(f, m);
            if (any)
                text_matrix(run, m, shown);
            else
                fputs("    no applications\n", f);
        }
        mem_free(shown);
    }
}

static void text_header(Run *run, const char *year_arg)
{
    for (int s = 0; s < 2; s++) {
        const Rules *r = run->r[s];
        fprintf(run->f, "%s  %s  year %lld %s", s == CMP_OLD ? "OLD" : "NEW", run->paths[s], (long long)r->year,
                r->year_ce ? "CE" : "BE");
        if (year_arg)
            fprintf(run->f, " (by --year %s; the file says %lld)", year_arg, (long long)run->file_year[s]);
        fputc('\n', run->f);
    }
    fputc('\n', run->f);
}

/* ---- CSV ---- */


static void csv_put(Run *run, const char *s)
{
    if (run->row.len)
        sb_add(&run->row, ",", 1);
    sb_add_csv(&run->row, s ? s : "", s ? strlen(s) : 0);
}

static const char csv_header[] =
    "id,agency_level,category_old,category_new,eligible_old,eligible_new,total_old,total_new,tier_old,"
    "tier_new,changed,now_fails,now_holds,points,tiers_moved,error_old,error_new,source,line\n";

static void csv_change(Run *run, const CmpChange *ch)
{
    char b[512], b2[512], x[DEC_FMT_MAX], y[DEC_FMT_MAX];
    Sb *c = &run->cell;
    sb_reset(&run->row);
    sb_reset(c);
    sb_add(c, ch->id, ch->id_len);
    csv_put(run, c->s);
    csv_put(run, ch->agency_row ? "true" : "false");
    for (int s = 0; s < 2; s++)
        csv_put(run, ch->side[s].present && ch->side[s].cat ? ch->side[s].cat->id : "");
    for (int s = 0; s < 2; s++)
        csv_put(run, !ch->side[s].present ? "" : ch->side[s].eligible ? "true" : "false");
    for (int s = 0; s < 2; s++)
        csv_put(run, ch->side[s].scored ? number(run, s, ch->side[s].total, x) : "");
    for (int s = 0; s < 2; s++)
        csv_put(run, ch->side[s].present ? ch->side[s].tier_id : "");
    sb_reset(c);
    for (size_t i = 0; i < sizeof what_words / sizeof *what_words; i++)
        if (ch->what & (1u << i))
            sb_printf(c, "%s%s", c->len ? " " : "", what_words[i]);
    csv_put(run, c->s);
    sb_reset(c);
    for (size_t i = 0; i < ch->nnow_fail; i++)
        sb_printf(c, "%s%s%s (%s)", i ? " | " : "", ch->now_fail[i].alone ? "new condition: " : "",
                  cond_text(ch->now_fail[i].q), place(run, CMP_NEW, ch->now_fail[i].q->span, b, sizeof b));
    csv_put(run, c->s);
    sb_reset(c);
    for (size_t i = 0; i < ch->nnow_hold; i++)
        sb_printf(c, "%s%s%s (%s)", i ? " | " : "", ch->now_hold[i].alone ? "no longer required: " : "",
                  cond_text(ch->now_hold[i].q), place(run, CMP_OLD, ch->now_hold[i].q->span, b, sizeof b));
    csv_put(run, c->s);
    sb_reset(c);
    for (size_t i = 0; i < ch->npoints; i++) {
        const CmpPoints *p = &ch->points[i];
        sb_printf(c, "%s%s %s -> %s", i ? " | " : "", p->name,
                  p->node[CMP_OLD] ? number(run, CMP_OLD, p->points[CMP_OLD], x) : "none",
                  p->node[CMP_NEW] ? number(run, CMP_NEW, p->points[CMP_NEW], y) : "none");
    }
    csv_put(run, c->s);
    sb_reset(c);
    for (size_t i = 0; i < ch->nmoved; i++) {
        const TierEntry *a = ch->moved_old[i], *t = ch->moved_new[i];
        sb_printf(c, "%s%s: %s -> %s", i ? " | " : "", (a ? a : t)->id, a ? tier_rule(a, b, sizeof b) : "none",
                  t ? tier_rule(t, b2, sizeof b2) : "none");
    }
    csv_put(run, c->s);
    for (int s = 0; s < 2; s++)
        csv_put(run, ch->side[s].present && ch->side[s].error ? ch->side[s].message : "");
    csv_put(run, ch->agency_row ? "" : ch->source);
    snprintf(b, sizeof b, "%zu", ch->line);
    csv_put(run, ch->agency_row ? "" : b);
    sb_add(&run->row, "\n", 1);
    fwrite(run->row.s, 1, run->row.len, run->f);
}

/* ---- JSON ---- */

/* A JSON string (see sb_add_json), written in one call. */
static void json_str(FILE *f, const char *s, size_t len)
{
    Sb t = { 0 };
    sb_add_json(&t, s, len);
    fwrite(t.s, 1, t.len, f);
    sb_free(&t);
}

static void json_cstr(FILE *f, const char *s)
{
    if (s)
        json_str(f, s, strlen(s));
    else
        fputs("null", f);
}

static void json_outcome(Run *run, const CmpOutcome *o, int s)
{
    FILE *f = run->f;
    char x[DEC_FMT_MAX];
    if (!o->present) {
        fputs("null", f);
        return;
    }
    fputs("{\"category\":", f);
    json_cstr(f, o->cat ? o->cat->id : NULL);
    fprintf(f, ",\"eligible\":%s,\"total\":%s,\"tier\":", o->eligible ? "true" : "false",
            o->scored ? number(run, s, o->total, x) : "null");
    json_cstr(f, o->tier_id);
    fputs(",\"error\":", f);
    json_cstr(f, o->error ? o->message : NULL);
    fputc('}', f);
}

static void json_conds(Run *run, const CmpCond *q, size_t n, int s)
{
    FILE *f = run->f;
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        const Source *src = rules_source(run->r[s], q[i].q->span);
        unsigned line, col;
        diag_linecol(src, q[i].q->span.start, &line, &col);
        fputs(i ? ",{\"message\":" : "{\"message\":", f);
        json_cstr(f, q[i].q->message);
        fputs(",\"condition\":", f);
        json_cstr(f, q[i].q->source);
        fputs(",\"file\":", f);
        json_cstr(f, diag_source_name(src));
        fprintf(f, ",\"line\":%u,\"%s\":%s}", line, s == CMP_NEW ? "new_condition" : "removed",
                q[i].alone ? "true" : "false");
    }
    fputc(']', f);
}

static void json_change(Run *run, const CmpChange *ch)
{
    FILE *f = run->f;
    char b[128], x[DEC_FMT_MAX], y[DEC_FMT_MAX];
    fputs(run->nchanged++ ? ",\n{\"id\":" : "\n{\"id\":", f);
    json_str(f, ch->id, ch->id_len);
    fprintf(f, ",\"agency_level\":%s", ch->agency_row ? "true" : "false");
    if (!ch->agency_row) {
        fputs(",\"source\":", f);
        json_cstr(f, ch->source);
        fprintf(f, ",\"line\":%zu", ch->line);
    }
    fputs(",\"changed\":[", f);
    bool first = true;
    for (size_t i = 0; i < sizeof what_words / sizeof *what_words; i++)
        if (ch->what & (1u << i)) {
            fprintf(f, "%s\"%s\"", first ? "" : ",", what_words[i]);
            first = false;
        }
    fputs("],\"old\":", f);
    json_outcome(run, &ch->side[CMP_OLD], CMP_OLD);
    fputs(",\"new\":", f);
    json_outcome(run, &ch->side[CMP_NEW], CMP_NEW);
    fputs(",\"now_fails\":", f);
    json_conds(run, ch->now_fail, ch->nnow_fail, CMP_NEW);
    fputs(",\"now_holds\":", f);
    json_conds(run, ch->now_hold, ch->nnow_hold, CMP_OLD);
    fputs(",\"points\":[", f);
    for (size_t i = 0; i < ch->npoints; i++) {
        const CmpPoints *p = &ch->points[i];
        fputs(i ? ",{\"item\":" : "{\"item\":", f);
        json_cstr(f, p->name);
        fprintf(f, ",\"old\":%s,\"new\":%s}", p->node[CMP_OLD] ? number(run, CMP_OLD, p->points[CMP_OLD], x) : "null",
                p->node[CMP_NEW] ? number(run, CMP_NEW, p->points[CMP_NEW], y) : "null");
    }
    fputs("],\"tiers_moved\":[", f);
    for (size_t i = 0; i < ch->nmoved; i++) {
        const TierEntry *a = ch->moved_old[i], *t = ch->moved_new[i];
        fputs(i ? ",{\"tier\":" : "{\"tier\":", f);
        json_cstr(f, (a ? a : t)->id);
        fputs(",\"old\":", f);
        json_cstr(f, a ? tier_rule(a, b, sizeof b) : NULL);
        fputs(",\"new\":", f);
        json_cstr(f, t ? tier_rule(t, b, sizeof b) : NULL);
        fputc('}', f);
    }
    fputs("]}", f);
}

static void json_header(Run *run, const char *year_arg)
{
    FILE *f = run->f;
    for (int s = 0; s < 2; s++) {
        const Rules *r = run->r[s];
        fputs(s == CMP_OLD ? "{\"old\":{\"rules\":" : ",\"new\":{\"rules\":", f);
        json_cstr(f, run->paths[s]);
        fprintf(f, ",\"year\":%lld,\"era\":\"%s\",\"year_from\":\"%s\"}", (long long)r->year,
                r->year_ce ? "CE" : "BE", year_arg ? "--year" : "rules");
    }
    fputs(",\"changed\":[", f);
}

static void json_summary(Run *run)
{
    FILE *f = run->f;
    CmpCounts k = compare_counts(run->cmp);
    fprintf(f, "%s],\n\"applications\":{\"compared\":%llu,\"changed\":%llu,\"unchanged\":%llu}", run->nchanged ? "\n" : "",
            (unsigned long long)k.apps, (unsigned long long)k.apps_changed,
            (unsigned long long)(k.apps - k.apps_changed));
    fprintf(f, ",\n\"agency_level\":{\"compared\":%llu,\"changed\":%llu,\"unchanged\":%llu}",
            (unsigned long long)k.agency_rows, (unsigned long long)k.agency_changed,
            (unsigned long long)(k.agency_rows - k.agency_changed));
    fputs(",\n\"categories\":[", f);
    for (size_t i = 0; i < compare_nmatrices(run->cmp); i++) {
        const CmpMatrix *m = compare_matrix(run->cmp, i);
        size_t n = m->ntiers + 1;
        fputs(i ? ",\n{\"id\":" : "\n{\"id\":", f);
        json_cstr(f, m->id);
        for (int s = 0; s < 2; s++) {
            fputs(s == CMP_OLD ? ",\"number_old\":" : ",\"number_new\":", f);
            if (m->cat[s])
                fprintf(f, "%lld", (long long)m->cat[s]->number);
            else
                fputs("null", f);
        }
        const CategoryDecl *c = m->cat[CMP_OLD] ? m->cat[CMP_OLD] : m->cat[CMP_NEW];
        fprintf(f, ",\"per_agency\":%s,\"tiers\":[", c && c->per_agency ? "true" : "false");
        for (size_t t = 0; t < n; t++) {
            fputs(t ? "," : "", f);
            json_cstr(f, m->tiers[t]);
        }
        for (int s = 0; s < 2; s++) {
            fputs(s == CMP_OLD ? "],\"before\":{" : "},\"after\":{", f);
            for (size_t t = 0; t < m->ntiers; t++) {
                fputs(t ? "," : "", f);
                json_cstr(f, m->tiers[t]);
                fprintf(f, ":%llu", (unsigned long long)(s == CMP_OLD ? compare_row_total(m, t)
                                                                     : compare_col_total(m, t)));
            }
        }
        fputs("},\"matrix\":[", f);
        for (size_t r = 0; r < n; r++) {
            fputs(r ? ",[" : "[", f);
            for (size_t t = 0; t < n; t++)
                fprintf(f, "%s%llu", t ? "," : "", (unsigned long long)m->count[r * n + t]);
            fputc(']', f);
        }
        fputs("]}", f);
    }
    fputs("]}\n", f);
}

static void write_change(Run *run, const CmpChange *ch)
{
    if (run->fmt == OUT_TEXT)
        text_change(run, ch);
    else if (run->fmt == OUT_CSV)
        csv_change(run, ch);
    else
        json_change(run, ch);
}

/* ---- the command ---- */

/* Load both rule files; NULL in r[] (after the messages) when one does not
 * check. */
static bool load_both(const Args *args, Diags *d, Rules **r)
{
    r[CMP_OLD] = cli_load_checked(args->rules, d);
    if (!r[CMP_OLD])
        return false;
    r[CMP_NEW] = cli_load_checked(args->rules2, d);
    return r[CMP_NEW] != NULL;
}

/* The data errors of each side, as eval reports them. */
static void say_errors(const Run *run)
{
    for (int s = 0; s < 2; s++) {
        const Evaluator *ev = run->ev[s];
        if (eval_problem(ev))
            /* TRANSLATORS: %s says why the ids could not be kept in a file. */
            cli_say("warning: application ids are kept in memory (%s); the duplicate-id check is still exact",
                    eval_problem(ev));
        /* TRANSLATORS: OLD and NEW name the two rule files of the command
         * line (as its help says); then a rule file, and the counts. */
        if (eval_errors(ev) && s == CMP_OLD)
            cli_say(P_("under OLD (%s), %zu of %zu application had data errors (tier `error`)",
                       "under OLD (%s), %zu of %zu applications had data errors (tier `error`)", eval_count(ev)),
                    run->paths[s], eval_errors(ev), eval_count(ev));
        else if (eval_errors(ev))
            cli_say(P_("under NEW (%s), %zu of %zu application had data errors (tier `error`)",
                       "under NEW (%s), %zu of %zu applications had data errors (tier `error`)", eval_count(ev)),
                    run->paths[s], eval_errors(ev), eval_count(ev));
    }
}

int cmd_compare(int argc, char **argv)
{
    Args args;
    int rc = cli_parse_args("compare", usage_compare, "format input output year", 2, argc, argv, &args);
    if (rc < 0)
        rc = cli_check_inputs("compare", &args);
    if (rc >= 0) {
        cli_args_free(&args);
        return rc;
    }
    CmpFormat fmt = OUT_TEXT;
    if (args.format && strcmp(args.format, "csv") == 0)
        fmt = OUT_CSV;
    else if (args.format && strcmp(args.format, "json") == 0)
        fmt = OUT_JSON;
    else if (args.format && strcmp(args.format, "text") != 0) {
        cli_args_free(&args);
        return cli_usage_error("compare", "unknown format `%s` for compare: use text, csv or json", args.format);
    }
    int64_t year = 0;
    char era = 0;
    if (args.year && !parse_year(args.year, &year, &era)) {
        cli_args_free(&args);
        return cli_usage_error("compare", "`--year %s` is not a year: give a whole number from 1 to 9999, "
                                          "with its era if you like (2559, 2559BE, 2016CE)", args.year);
    }
    if ((rc = cli_check_output(&args)) >= 0) {
        cli_args_free(&args);
        return rc;
    }

    Diags *d = diag_new();
    Run run = { .fmt = fmt, .paths = { args.rules, args.rules2 } };
    if (!load_both(&args, d, run.r)) {
        rules_free(run.r[CMP_OLD]);
        diag_free(d);
        cli_args_free(&args);
        return 2;
    }
    rc = 0;
    if (args.year && !era && run.r[CMP_OLD]->year_ce != run.r[CMP_NEW]->year_ce) {
        rc = cli_usage_error("compare", "%s counts years in the %s and %s in the %s: say which era `--year %s` "
                                        "is in, as %sBE or %sCE", args.rules, run.r[CMP_OLD]->year_ce ? "CE" : "BE",
                             args.rules2, run.r[CMP_NEW]->year_ce ? "CE" : "BE", args.year, args.year, args.year);
        goto done;
    }
    for (int s = 0; s < 2; s++) {
        run.file_year[s] = run.r[s]->year;
        if (args.year)
            set_year(run.r[s], year, era);
    }

    char err[512];
    if (!(run.out = outfile_open(args.output, err, sizeof err))) {
        cli_say("%s", err);
        rc = 2;
        goto done;
    }
    run.f = outfile_stream(run.out);
    Arena arena;
    arena_init(&arena, 1024);
    DataSchema schema = union_schema(&run, &arena);
    for (int s = 0; s < 2; s++)
        run.ev[s] = eval_new(run.r[s]);
    run.cmp = compare_new(run.r[CMP_OLD], run.r[CMP_NEW]);
    if (fmt == OUT_TEXT)
        text_header(&run, args.year);
    else if (fmt == OUT_CSV)
        fputs(csv_header, run.f);
    else
        json_header(&run, args.year);

    ReadOutcome got = { 0 };
    if (!outfile_failed(run.out))
        read_all(&args, &run, &schema, &got);
    rc = got.rc;
    bool wrote = !got.stopped && !outfile_failed(run.out);
    if (wrote && !got.unread.len) {
        /* OLD's agency-level results are kept, NEW's paired with them. */
        eval_finish(run.ev[CMP_OLD], on_agency_old, &run);
        eval_finish(run.ev[CMP_NEW], on_agency_new, &run);
        compare_agencies(run.cmp, on_agency_change, &run);
    }
    if (wrote && fmt == OUT_TEXT)
        text_summary(&run);
    else if (wrote && fmt == OUT_JSON)
        json_summary(&run);
    wrote = wrote && !outfile_failed(run.out);
    if (!cli_end_output(run.out, rc < 2 && wrote)) {
        rc = 2;
    } else {
        if (got.unread.len && cli_has_agency_level(run.r[CMP_OLD]))
            /* TRANSLATORS: %s is a data file and why it could not be read to its end. */
            cli_say("agency-level awards were not compared: %s could not be read whole", got.unread.s);
        say_errors(&run);
        /* An incomplete comparison is trouble (2), not a finding (1). */
        if (got.unread.len || got.stopped)
            rc = 2;
        else if (rc == 0 && compare_counts(run.cmp).apps_changed + compare_counts(run.cmp).agency_changed)
            rc = 1;
    }
    sb_free(&got.unread);
    sb_free(&run.cell);
    sb_free(&run.row);
    compare_free(run.cmp);
    for (int s = 0; s < 2; s++)
        eval_free(run.ev[s]);
    mem_free(run.map);
    mem_free(run.fields);
    arena_free(&arena);
done:
    diag_print(d, stderr); /* warnings of the rule files, if any */
    rules_free(run.r[CMP_OLD]);
    rules_free(run.r[CMP_NEW]);
    diag_free(d);
    cli_args_free(&args);
    return rc;
}

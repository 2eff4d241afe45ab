/* report_html.c -- the HTML page of `award report` (see report_html.h).
 *
 * The page is for a director who opens one file in a browser, possibly
 * with no network: everything it needs is in it.  The histogram is SVG
 * drawn here, with every coordinate worked out from exact decimals (a
 * threshold of 799.99 is drawn at 799.99, not near it), and printed with
 * two decimal places.
 *
 * Counts per outcome come from tally.h, the code behind `award eval
 * --summary`, so that the page and the summary cannot disagree.
 *
 * The page's own words (headings, notes, the chart's titles and legend,
 * the heads of its tables) are in the language of the messages (i18n.h),
 * and so is its lang attribute; ids, tiers and classes, and the labels and
 * messages of the rule file, are as written.  A sentence that holds markup
 * (a name in <code>) is put together by html_sentence, which escapes the
 * words of the translation and none of the markup. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "mem.h"
#include "report_html.h"
#include "strbuf.h"
#include "tally.h"
#include "utext.h"

/* Every text of the page is escaped by the one HTML escaper (strbuf.h). */
static void esc(Sb *to, const char *s) { sb_add_html(to, s, strlen(s)); }

/* A translated sentence whose only conversions are %s, each filled with a
 * piece of HTML (escaped already by the caller) from `args`, in order; the
 * sentence's own words are escaped.  A %s beyond args adds nothing. */
static void html_sentence(Sb *to, const char *fmt, const char *const *args, size_t nargs)
{
    size_t next = 0;
    const char *run = fmt;
    for (const char *p = fmt; *p; p++) {
        if (p[0] != '%' || (p[1] != 's' && p[1] != '%'))
            continue;
        sb_add_html(to, run, (size_t)(p - run));
        if (p[1] == '%')
            sb_str(to, "%");
        else if (next < nargs)
            sb_str(to, args[next++]);
        p++;
        run = p + 1;
    }
    esc(to, run);
}

/* The text of a buffer: "" when nothing was added. */
static const char *txt_of(const Sb *t) { return t->s ? t->s : ""; }

/* A plain sentence made in t (then emptied), escaped into b. */
static void esc_sb(Sb *b, Sb *t)
{
    if (t->len)
        sb_add_html(b, t->s, t->len);
    sb_reset(t);
}

/* ---- exact arithmetic for the chart ---- */

static const Dec dec_zero = { 0, 0 };

/* 10^e as a decimal, for e from -DEC_MAX_SCALE up to 30. */
static Dec pow10_dec(int e)
{
    if (e < 0)
        return (Dec){ 1, -e };
    dec_int c = 1;
    for (int i = 0; i < e; i++)
        c *= 10;
    return (Dec){ c, 0 };
}

/* floor(a / b) for b > 0, as a whole number; false on overflow. */
static bool div_floor(Dec a, Dec b, int64_t *q)
{
    Dec t, back;
    if (dec_div_round(a, b, 0, DEC_DOWN, &t) != DEC_OK || !dec_to_int(t, q))
        return false;
    /* DEC_DOWN truncates toward zero: below zero, one less unless exact */
    if (dec_cmp(a, dec_zero) < 0) {
        if (dec_mul(t, b, &back) != DEC_OK)
            return false;
        if (dec_cmp(back, a) != 0)
            (*q)--;
    }
    return true;
}

/* Whether a is a whole multiple of b (b > 0). */
static bool is_multiple(Dec a, Dec b)
{
    int64_t q;
    Dec back;
    return div_floor(a, b, &q) && dec_mul(dec_from_int(q), b, &back) == DEC_OK && dec_cmp(back, a) == 0;
}

bool html_bins(Dec lo_value, Dec hi_value, const Dec *marks, size_t nmarks, HtmlBins *out)
{
    if (dec_cmp(hi_value, lo_value) <= 0 && dec_add(lo_value, dec_from_int(1), &hi_value) != DEC_OK)
        return false;
    static const Dec mult[] = { { 1, 0 }, { 2, 0 }, { 25, 1 }, { 5, 0 } };
    bool found = false;
    size_t best_aligned = 0;
    int64_t best_dist = 0;
    for (int e = -DEC_MAX_SCALE; e <= 30; e++) {
        for (size_t m = 0; m < sizeof mult / sizeof mult[0]; m++) {
            Dec w, lo, span, top;
            int64_t q, n;
            if (dec_mul(pow10_dec(e), mult[m], &w) != DEC_OK || !div_floor(lo_value, w, &q) ||
                dec_mul(dec_from_int(q), w, &lo) != DEC_OK || dec_sub(hi_value, lo, &span) != DEC_OK ||
                dec_div_round(span, w, 0, DEC_UP, &span) != DEC_OK || !dec_to_int(span, &n))
                continue;
            if (n < 10 || n > 50 || dec_mul(dec_from_int(n), w, &top) != DEC_OK || dec_add(lo, top, &top) != DEC_OK)
                continue;
            size_t aligned = 0;
            for (size_t i = 0; i < nmarks; i++) {
                Dec off;
                if (dec_cmp(marks[i], lo) >= 0 && dec_cmp(marks[i], top) <= 0 &&
                    dec_sub(marks[i], lo, &off) == DEC_OK && is_multiple(off, w))
                    aligned++;
            }
            int64_t dist = n > 25 ? n - 25 : 25 - n;
            if (!found || aligned > best_aligned || (aligned == best_aligned && dist < best_dist)) {
                found = true;
                best_aligned = aligned;
                best_dist = dist;
                *out = (HtmlBins){ lo, w, (size_t)n };
            }
        }
    }
    return found;
}

/* x0 + (v - lo) * width_px / (hi - lo) in hundredths of a pixel. */
static bool x_hundredths(Dec v, Dec lo, Dec hi, long x0, long width_px, int64_t *out)
{
    Dec off, span, num, q;
    int64_t h;
    if (dec_sub(v, lo, &off) != DEC_OK || dec_sub(hi, lo, &span) != DEC_OK || dec_cmp(span, dec_zero) <= 0 ||
        dec_mul(off, dec_from_int(width_px), &num) != DEC_OK ||
        dec_div_round(num, span, 2, DEC_HALF_EVEN, &q) != DEC_OK || dec_mul(q, dec_from_int(100), &q) != DEC_OK ||
        !dec_to_int(q, &h) || __builtin_add_overflow(h, (int64_t)x0 * 100, out))
        return false;
    return true;
}

/* Hundredths as text with two places: 12345 -> "123.45". */
static const char *fmt_h(int64_t h, char *buf, size_t size)
{
    uint64_t a = h < 0 ? (uint64_t)0 - (uint64_t)h : (uint64_t)h;
    snprintf(buf, size, "%s%llu.%02llu", h < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
    return buf;
}

bool html_x(Dec v, Dec lo, Dec hi, long x0, long width_px, char *buf)
{
    int64_t h;
    if (!x_hundredths(v, lo, hi, x0, width_px, &h))
        return false;
    fmt_h(h, buf, DEC_FMT_MAX);
    return true;
}

/* A decimal as people write it: no trailing zeros (800, 750.01). */
static const char *fmt_num(Dec d, char *buf)
{
    dec_format(dec_normalize(d), 0, buf);
    return buf;
}

/* ---- what is kept for the page ---- */

/* One scored application of a category with a chart: its total, and its
 * outcome as a tier's place in the category's table, or `nentries` when
 * it was not eligible (its total is still shown, greyed). */
typedef struct Kept {
    Dec total;
    uint32_t cls;
} Kept;

typedef struct CatStats {
    Kept *kept;
    size_t nkept, capkept;
    size_t *failed;        /* per condition of the category (its `requires`): results that failed it */
    size_t nfailing;       /* results that failed at least one */
} CatStats;

struct HtmlReport {
    const Rules *r;
    Explainer *x;
    const char *rules_path;
    const char *const *data;
    size_t ndata;
    CatStats *cats;        /* per category */
    Tally tally;           /* the counts of `award eval --summary` */
    const TallyRow *counts;/* ... in the summary's order, once all are in */
    size_t ncounts;
    bool *shown;           /* per count: listed on the page already */
    FILE *rows;            /* every result's row, in order (a temporary file) */
    FILE *errs;            /* the data errors' rows (a temporary file) */
    Sb line;               /* one row being built */
    size_t napps, nerrors, nagency, nunknown;
    bool agency_rows;      /* the agency-level rows have begun */
    bool broken;
    char problem[256];     /* why, once broken */
};

static void fail(HtmlReport *h, const char *what)
{
    if (!h->broken)
        snprintf(h->problem, sizeof h->problem, "%s", what);
    h->broken = true;
}

/* The same, with the system's reason. */
static void fail_errno(HtmlReport *h, const char *what)
{
    if (!h->broken)
        snprintf(h->problem, sizeof h->problem, "%s: %s", what, strerror(errno));
    h->broken = true;
}

/* An unnamed temporary file: made in $TMPDIR (or /tmp) and unlinked at
 * once, so that nothing is left behind whatever happens to the run. */
static FILE *temp_file(char *err, size_t errsize)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    size_t n = strlen(dir) + sizeof "/award-report-XXXXXX";
    char *path = mem_alloc(n);
    if (!path) {
        snprintf(err, errsize, "%s", _("out of memory"));
        return NULL;
    }
    snprintf(path, n, "%s/award-report-XXXXXX", dir);
    int fd = mkstemp(path);
    FILE *f = NULL;
    if (fd < 0) {
        snprintf(err, errsize, _("cannot make a temporary file in %s: %s"), dir, strerror(errno));
    } else {
        unlink(path);
        f = fdopen(fd, "w+");
        if (!f) {
            snprintf(err, errsize, _("cannot use a temporary file in %s: %s"), dir, strerror(errno));
            close(fd);
        }
    }
    mem_free(path);
    return f;
}

HtmlReport *html_report_new(const Rules *r, Explainer *x, const char *rules_path, const char *const *data,
                            size_t ndata, char *err, size_t errsize)
{
    HtmlReport *h = mem_calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, errsize, "%s", _("out of memory"));
        return NULL;
    }
    *h = (HtmlReport){ .r = r, .x = x, .rules_path = rules_path, .data = data, .ndata = ndata };
    h->cats = mem_calloc(r->ncategories ? r->ncategories : 1, sizeof *h->cats);
    bool ok = h->cats != NULL;
    for (size_t c = 0; ok && c < r->ncategories; c++) {
        size_t n = r->categories[c]->nrequires;
        h->cats[c].failed = mem_calloc(n ? n : 1, sizeof *h->cats[c].failed);
        ok = h->cats[c].failed != NULL;
    }
    if (!ok) {
        snprintf(err, errsize, "%s", _("out of memory"));
        html_report_free(h);
        return NULL;
    }
    h->rows = temp_file(err, errsize);
    h->errs = h->rows ? temp_file(err, errsize) : NULL;
    if (!h->errs) {
        html_report_free(h);
        return NULL;
    }
    return h;
}

void html_report_free(HtmlReport *h)
{
    if (!h)
        return;
    for (size_t c = 0; h->cats && c < h->r->ncategories; c++) {
        mem_free(h->cats[c].kept);
        mem_free(h->cats[c].failed);
    }
    mem_free(h->cats);
    tally_free(&h->tally);
    mem_free(h->shown);
    /* Closing a temporary file already unlinked cannot lose anything the
     * page needs: what it held was copied, or the page was not made. */
    if (h->rows)
        fclose(h->rows);
    if (h->errs)
        fclose(h->errs);
    sb_free(&h->line);
    mem_free(h);
}

/* ---- one result ---- */

static const char *tier_label_of(const AppResult *res)
{
    if (res->tier && res->tier->label)
        return res->tier->label;
    if (res->stopped && res->stage && res->stage->stop_label)
        return res->stage->stop_label;
    return NULL;
}

/* The agency of an application as its record gave it. */
static void add_agency(HtmlReport *h, const AppResult *res, Sb *to)
{
    int slot = h->r->slot_agency;
    if (res->agency_row) {
        sb_add_html(to, res->id, res->id_len);
    } else if (slot >= 0 && res->rec) {
        const RawField *f = &res->rec->fields[slot];
        if (f->kind != RAW_ABSENT && f->kind != RAW_NULL && f->kind != RAW_ARRAY)
            sb_add_html(to, f->text, f->len);
    }
}

/* One head of a column of the list, escaped into to. */
static void head_cell(Sb *to, const char *cls, const char *word)
{
    sb_str(to, cls ? "<span class=\"n\">" : "<span>");
    esc(to, word);
    sb_str(to, "</span>");
}

/* The heading of the list of rows: the same grid as each row. */
static void list_head(Sb *to, bool agency, bool with_agency, bool staged)
{
    sb_printf(to, "<div class=\"list %s%s%s\" data-kind=\"%s\">\n<div class=\"row head\">",
              agency ? "agencies" : "apps", with_agency && !agency ? " with-agency" : "", staged ? " staged" : "",
              agency ? "agency" : "application");
    /* TRANSLATORS: the heads of the columns of the list of every result. */
    head_cell(to, NULL, agency ? _("agency") : _("id"));
    if (with_agency && !agency)
        head_cell(to, NULL, _("agency"));
    head_cell(to, NULL, _("category"));
    head_cell(to, NULL, _("eligible"));
    head_cell(to, "n", _("total"));
    head_cell(to, NULL, _("result"));
    if (staged)
        head_cell(to, NULL, _("stage"));
    sb_str(to, "</div>\n");
}

static void add_row(HtmlReport *h, const AppResult *res)
{
    const Rules *r = h->r;
    Sb *b = &h->line;
    char num[DEC_FMT_MAX];
    sb_reset(b);
    bool with_agency = r->slot_agency >= 0;
    bool staged = r->nstages > 0 && !res->agency_row;
    if (res->agency_row && !h->agency_rows) {
        h->agency_rows = true;
        sb_str(b, "</div>\n<h3>");
        esc(b, _("Agency-level results"));
        sb_str(b, "</h3>\n");
        list_head(b, true, false, false);
    }
    sb_printf(b, "<details class=\"row\" data-kind=\"%s\" data-category=\"%s\" data-tier=\"",
              res->agency_row ? "agency" : "application", res->cat ? res->cat->id : "");
    esc(b, res->tier_id);
    sb_str(b, "\" data-id=\"");
    sb_add_html(b, res->id, res->id_len);
    sb_str(b, "\"><summary><span class=\"id\">");
    sb_add_html(b, res->id, res->id_len);
    sb_str(b, "</span>");
    if (with_agency && !res->agency_row) {
        sb_str(b, "<span>");
        add_agency(h, res, b);
        sb_str(b, "</span>");
    }
    sb_str(b, "<span>");
    if (res->cat)
        esc(b, res->cat->id);
    sb_str(b, "</span><span>");
    /* TRANSLATORS: in the column "eligible" of the list of results. */
    esc(b, res->error ? "" : res->eligible ? _("yes") : _("no"));
    sb_str(b, "</span><span class=\"n\">");
    if (res->scored) {
        dec_format(res->total, r->precision, num);
        sb_str(b, num);
    }
    sb_printf(b, "</span><span class=\"tier t-%s\">", res->error ? "error" : res->eligible ? "ok" : "no");
    esc(b, res->tier_id);
    const char *label = tier_label_of(res);
    if (label) {
        sb_str(b, " <small>");
        esc(b, label);
        sb_str(b, "</small>");
    }
    sb_str(b, "</span>");
    if (staged) {
        sb_str(b, "<span>");
        if (res->stage)
            esc(b, res->stage->id);
        sb_str(b, "</span>");
    }
    sb_str(b, "</summary>\n");
    /* the explanation, written by explain.h's HTML writer after the row */
    fwrite(b->s, 1, b->len, h->rows);
    explain_html(h->x, res, h->rows);
    fputs("</details>\n", h->rows);
    if (ferror(h->rows))
        fail_errno(h, _("cannot write a temporary file"));
}

/* A data error's row: where it is and what is wrong. */
static void add_error(HtmlReport *h, const AppResult *res)
{
    Sb *b = &h->line;
    sb_reset(b);
    sb_str(b, "<tr><td class=\"id\">");
    sb_add_html(b, res->id, res->id_len);
    sb_str(b, "</td><td>");
    if (res->cat)
        esc(b, res->cat->id);
    sb_str(b, "</td><td class=\"where\">");
    const char *msg = res->message ? res->message : "";
    if (res->source) {
        esc(b, res->source);
        sb_printf(b, ":%zu", res->line);
        /* The message starts with the same place: not twice on one row. */
        char place[64];
        size_t sl = strlen(res->source);
        int pl = snprintf(place, sizeof place, ":%zu: ", res->line);
        if (strncmp(msg, res->source, sl) == 0 && pl > 0 && strncmp(msg + sl, place, (size_t)pl) == 0)
            msg += sl + (size_t)pl;
    }
    sb_str(b, "</td><td>");
    esc(b, msg);
    sb_str(b, "</td></tr>\n");
    if (fwrite(b->s, 1, b->len, h->errs) != b->len)
        fail_errno(h, _("cannot write a temporary file"));
}

/* Whether category c gets a histogram: scored, with a tier table. */
static bool charted(const CategoryDecl *c)
{
    return c->score && c->tiers && !c->per_agency;
}

bool html_report_result(HtmlReport *h, const AppResult *res)
{
    if (h->broken)
        return false;
    if (!tally_add(&h->tally, res))
        fail(h, _("out of memory"));
    if (res->agency_row)
        h->nagency++;
    else
        h->napps++;
    const CategoryDecl *c = res->cat;
    CatStats *cs = c ? &h->cats[c->index] : NULL;
    if (res->error) {
        h->nerrors++;
        h->nunknown += !c;
        add_error(h, res);
    }
    if (cs && res->nfailed) {
        cs->nfailing++;
        for (size_t i = 0; i < res->nfailed; i++) {
            const Require *q = res->failed[i];
            if (q >= c->requires && q < c->requires + c->nrequires)
                cs->failed[q - c->requires]++;
        }
    }
    if (cs && res->scored && !res->error && charted(c)) {
        Kept *k = mem_grow(cs->kept, &cs->capkept, cs->nkept + 1, sizeof *k);
        if (!k) {
            fail(h, _("out of memory"));
        } else {
            cs->kept = k;
            uint32_t cls = (uint32_t)c->tiers->nentries;
            if (res->eligible && res->tier && res->tier >= c->tiers->entries &&
                res->tier < c->tiers->entries + c->tiers->nentries)
                cls = (uint32_t)(res->tier - c->tiers->entries);
            cs->kept[cs->nkept++] = (Kept){ res->total, cls };
        }
    }
    add_row(h, res);
    return !h->broken;
}

/* ---- the counts ---- */

static bool sort_counts(HtmlReport *h)
{
    h->counts = tally_rows(&h->tally, &h->ncounts);
    h->shown = mem_calloc(h->ncounts ? h->ncounts : 1, sizeof *h->shown);
    if (!h->shown)
        fail(h, _("out of memory"));
    return !h->broken;
}

/* The count of (category, kind, tier), and whether the summary has it (a
 * count of 0 is not in the summary); marks it listed. */
static size_t take_count(HtmlReport *h, const CategoryDecl *cat, bool agency, const char *tier, bool *found)
{
    for (size_t i = 0; i < h->ncounts; i++)
        if (h->counts[i].cat == cat && h->counts[i].agency == agency && strcmp(h->counts[i].tier, tier) == 0) {
            h->shown[i] = true;
            *found = true;
            return h->counts[i].count;
        }
    *found = false;
    return 0;
}

/* ---- the chart ---- */

/* Tier colours, strongest for the first (highest) tier of a table; the
 * tier of `otherwise`, which takes whatever is left (`fail`, `no_award`),
 * in a colour of its own, so that it does not read as one more award. */
static const char *const tier_colour[] = {
    "#1b6e3a", "#4f9f5e", "#93c47d", "#c9e3b8", "#2c5d8f", "#6a9bd1", "#a9c8ea", "#d6e4f5",
};
#define OTHERWISE_COLOUR "#d9a35f"
#define NOT_ELIGIBLE_COLOUR "#a3a3a3"

static const char *colour_of(const TierDecl *t, size_t i)
{
    if (t->entries[i].rule == TIER_OTHERWISE)
        return OTHERWISE_COLOUR;
    return tier_colour[i % (sizeof tier_colour / sizeof tier_colour[0])];
}

/* Chart geometry, in pixels. */
enum {
    CH_LEFT = 64,      /* the y axis and its numbers */
    CH_WIDTH = 800,    /* the plot */
    CH_RIGHT = 40,
    CH_HEIGHT = 220,
    CH_BELOW = 46,     /* the x axis's numbers and its title */
    CH_LABEL_ROW = 17, /* one row of band labels above the plot */
    CH_MARK_ROW = 15,  /* one row of threshold numbers */
    CH_MAX_ROWS = 4,
};

/* Place a label spanning [from, to) (hundredths of a pixel) in the first
 * of the rows whose last label ends before it; rows[] holds each row's
 * end.  Returns the row (the last one when all are taken). */
static int place(int64_t *rows, int *nrows, int64_t from, int64_t to)
{
    for (int i = 0; i < *nrows; i++)
        if (rows[i] + 400 <= from) {
            rows[i] = to;
            return i;
        }
    if (*nrows < CH_MAX_ROWS) {
        rows[*nrows] = to;
        return (*nrows)++;
    }
    rows[CH_MAX_ROWS - 1] = to;
    return CH_MAX_ROWS - 1;
}

/* The width a short text takes at the chart's font size, roughly: the
 * rows of labels need only know when two would overlap. */
static int64_t text_width_h(const char *s) { return (int64_t)utext_width(s, strlen(s)) * 700 + 400; }

/* A tier threshold: where the table changes tier. */
typedef struct Mark {
    Dec v;
    const TierEntry *e;
    const char *bound;     /* "at-least", "from" or "to" */
    int64_t x;             /* hundredths of a pixel */
    int row;               /* the row of its number above the plot */
} Mark;

/* A stretch of the axis where every total gets the same tier. */
typedef struct Band {
    Dec lo, hi;
    const TierEntry *e;    /* NULL: no tier there (a gap in the table) */
    int64_t x0, x1;        /* the stretch, in hundredths of a pixel */
    int64_t label_at;      /* where its label starts */
    int row;               /* the row of its label above the plot */
} Band;

/* One category's chart, worked out before it is drawn. */
typedef struct Chart {
    const CategoryDecl *c;
    const TierDecl *t;
    Mark *marks;           /* every threshold, by value */
    size_t nmarks;
    Band *bands;
    size_t nbands;
    HtmlBins bins;
    Dec lo, hi;            /* the axis: lo to hi, the ends of the bins */
    size_t ncls;           /* outcomes a bar is split into: each tier, then not eligible */
    size_t *count;         /* per bin and outcome */
    uint64_t ymax, ystep;  /* the count axis */
    int label_rows, mark_rows;
    int top, base;         /* the plot's top and its x axis, in pixels */
    bool oom;              /* memory ran out (else a failure is an axis too long) */
} Chart;

static void chart_free(Chart *ch)
{
    mem_free(ch->marks);
    mem_free(ch->bands);
    mem_free(ch->count);
}

static int mark_cmp(const void *a, const void *b)
{
    const Mark *x = a, *y = b;
    return dec_cmp(x->v, y->v);
}

static const char *tier_name(const TierEntry *e) { return e->label ? e->label : e->id; }

/* x of value v on the chart's axis, in hundredths of a pixel. */
static bool chart_x(const Chart *ch, Dec v, int64_t *x)
{
    return x_hundredths(v, ch->lo, ch->hi, CH_LEFT, CH_WIDTH, x);
}

/* y of a count, in hundredths of a pixel: the x axis less count's share
 * of the plot's height, rounded to the nearest hundredth. */
static int64_t chart_y(const Chart *ch, uint64_t count)
{
    return (int64_t)((uint64_t)ch->base * 100 - (count * CH_HEIGHT * 200 + ch->ymax) / (2 * ch->ymax));
}

/* Every threshold of the tier table, by value. */
static bool chart_marks(Chart *ch)
{
    const TierDecl *t = ch->t;
    ch->marks = mem_calloc(2 * t->nentries + 1, sizeof *ch->marks);
    if (!ch->marks)
        return !(ch->oom = true);
    for (size_t i = 0; i < t->nentries; i++) {
        const TierEntry *e = &t->entries[i];
        if (e->rule == TIER_AT_LEAST) {
            ch->marks[ch->nmarks++] = (Mark){ .v = e->lo, .e = e, .bound = "at-least" };
        } else if (e->rule == TIER_RANGE) {
            ch->marks[ch->nmarks++] = (Mark){ .v = e->lo, .e = e, .bound = "from" };
            ch->marks[ch->nmarks++] = (Mark){ .v = e->hi, .e = e, .bound = "to" };
        }
    }
    qsort(ch->marks, ch->nmarks, sizeof *ch->marks, mark_cmp);
    return true;
}

/* The axis: from zero (or the lowest total or threshold, when below) to
 * the score's maximum (or the highest total or threshold, when above), in
 * bins; then every total counted into its bin, in one pass. */
static bool chart_bins(Chart *ch, const CatStats *cs)
{
    const ScoreNode *root = ch->c->score->root;
    Dec lo = dec_zero, hi = root->has_out_of ? root->out_of : dec_zero;
    for (size_t i = 0; i < cs->nkept; i++) {
        if (dec_cmp(cs->kept[i].total, lo) < 0)
            lo = cs->kept[i].total;
        if (dec_cmp(cs->kept[i].total, hi) > 0)
            hi = cs->kept[i].total;
    }
    Dec *values = mem_calloc(ch->nmarks + 1, sizeof *values);
    if (!values)
        return !(ch->oom = true);
    for (size_t i = 0; i < ch->nmarks; i++) {
        values[i] = ch->marks[i].v;
        if (dec_cmp(values[i], lo) < 0)
            lo = values[i];
        if (dec_cmp(values[i], hi) > 0)
            hi = values[i];
    }
    bool ok = html_bins(lo, hi, values, ch->nmarks, &ch->bins);
    mem_free(values);
    ch->lo = ch->bins.lo;
    if (!ok || dec_mul(dec_from_int((int64_t)ch->bins.count), ch->bins.width, &ch->hi) != DEC_OK ||
        dec_add(ch->hi, ch->lo, &ch->hi) != DEC_OK)
        return false;
    ch->count = mem_calloc(ch->bins.count * ch->ncls, sizeof *ch->count);
    if (!ch->count)
        return !(ch->oom = true);
    for (size_t i = 0; i < cs->nkept; i++) {
        Dec off;
        int64_t k;
        if (dec_sub(cs->kept[i].total, ch->lo, &off) != DEC_OK || !div_floor(off, ch->bins.width, &k))
            return false;
        if (k < 0)
            k = 0;
        if ((size_t)k >= ch->bins.count) /* the top of the axis is in the last bin */
            k = (int64_t)ch->bins.count - 1;
        ch->count[(size_t)k * ch->ncls + cs->kept[i].cls]++;
    }
    for (size_t i = 0; i < ch->nmarks; i++)
        if (!chart_x(ch, ch->marks[i].v, &ch->marks[i].x))
            return false;
    return true;
}

/* The bands: between two consecutive distinct thresholds (and the ends of
 * the axis), the tier that the table gives the value half-way; neighbours
 * of one tier make one band.  A stretch that no tier takes (the gap of
 * `from 0 to 749.99`, `from 750.01 to ...`) is a band of no tier. */
static bool chart_bands(Chart *ch)
{
    ch->bands = mem_calloc(ch->nmarks + 1, sizeof *ch->bands);
    if (!ch->bands)
        return !(ch->oom = true);
    Dec a = ch->lo;
    for (size_t i = 0; i <= ch->nmarks; i++) {
        Dec z = i < ch->nmarks ? ch->marks[i].v : ch->hi, mid;
        if (dec_cmp(z, a) <= 0)
            continue;
        if (dec_add(a, z, &mid) != DEC_OK || dec_div(mid, dec_from_int(2), &mid) != DEC_OK)
            return false;
        const TierEntry *e = eval_pick_tier(ch->t, mid);
        if (ch->nbands && ch->bands[ch->nbands - 1].e == e)
            ch->bands[ch->nbands - 1].hi = z;
        else
            ch->bands[ch->nbands++] = (Band){ .lo = a, .hi = z, .e = e };
        a = z;
    }
    for (size_t i = 0; i < ch->nbands; i++)
        if (!chart_x(ch, ch->bands[i].lo, &ch->bands[i].x0) || !chart_x(ch, ch->bands[i].hi, &ch->bands[i].x1))
            return false;
    return true;
}

/* Where the labels go, above the plot: the band labels in rows, then the
 * threshold numbers in rows, so that none covers another; then the count
 * axis (1, 2 or 5 times a power of ten per step, at most 5 steps). */
static void chart_layout(Chart *ch)
{
    int64_t label_rows[CH_MAX_ROWS], mark_rows[CH_MAX_ROWS];
    char num[DEC_FMT_MAX];
    for (size_t i = 0; i < ch->nbands; i++) {
        Band *bd = &ch->bands[i];
        if (!bd->e)
            continue;
        int64_t w = text_width_h(tier_name(bd->e)), from = (bd->x0 + bd->x1) / 2 - w / 2;
        int64_t left = CH_LEFT * 100, right = (CH_LEFT + CH_WIDTH + CH_RIGHT) * 100;
        if (from + w > right)
            from = right - w;
        if (from < left)
            from = left;
        bd->label_at = from;
        bd->row = place(label_rows, &ch->label_rows, from, from + w);
    }
    for (size_t i = 0; i < ch->nmarks; i++) {
        int64_t w = text_width_h(fmt_num(ch->marks[i].v, num));
        ch->marks[i].row = place(mark_rows, &ch->mark_rows, ch->marks[i].x - w / 2, ch->marks[i].x + w / 2);
    }
    ch->top = 8 + ch->label_rows * CH_LABEL_ROW + ch->mark_rows * CH_MARK_ROW + 6;
    ch->base = ch->top + CH_HEIGHT;
    size_t most = 0;
    for (size_t k = 0; k < ch->bins.count; k++) {
        size_t sum = 0;
        for (size_t j = 0; j < ch->ncls; j++)
            sum += ch->count[k * ch->ncls + j];
        most = sum > most ? sum : most;
    }
    for (uint64_t p = 1;; p *= 10) {
        if (most <= 5 * p || most <= 10 * p || most <= 25 * p) {
            ch->ystep = most <= 5 * p ? p : most <= 10 * p ? 2 * p : 5 * p;
            break;
        }
    }
    ch->ymax = most ? (most + ch->ystep - 1) / ch->ystep * ch->ystep : 1;
}

/* The tier bands behind everything, with their labels above the plot. */
static void draw_bands(const Chart *ch, Sb *b)
{
    char xs[32], ws[32];
    for (size_t i = 0; i < ch->nbands; i++) {
        const Band *bd = &ch->bands[i];
        if (!bd->e)
            continue;
        size_t idx = (size_t)(bd->e - ch->t->entries);
        sb_printf(b, "<rect class=\"band\" data-tier=\"%s\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" "
                     "fill=\"%s\" fill-opacity=\"0.14\"/>\n",
                  bd->e->id, fmt_h(bd->x0, xs, sizeof xs), ch->top, fmt_h(bd->x1 - bd->x0, ws, sizeof ws),
                  CH_HEIGHT, colour_of(ch->t, idx));
        sb_printf(b, "<text class=\"band-label\" data-tier=\"%s\" x=\"%s\" y=\"%d\">", bd->e->id,
                  fmt_h(bd->label_at, xs, sizeof xs), 8 + bd->row * CH_LABEL_ROW + 12);
        esc(b, tier_name(bd->e));
        sb_str(b, "</text>\n");
    }
}

/* The count axis and its grid. */
static void draw_counts_axis(const Chart *ch, Sb *b)
{
    char ys[32];
    for (uint64_t v = 0; v <= ch->ymax; v += ch->ystep) {
        fmt_h(chart_y(ch, v), ys, sizeof ys);
        sb_printf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\"/>"
                     "<text class=\"ytick\" x=\"%d\" y=\"%s\" dy=\"4\">%llu</text>\n",
                  CH_LEFT, CH_LEFT + CH_WIDTH, ys, ys, CH_LEFT - 8, ys, (unsigned long long)v);
    }
    sb_printf(b, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", CH_LEFT, CH_LEFT, ch->top,
              ch->base);
    sb_printf(b, "<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"%d\" y=\"16\">",
              -(ch->top + CH_HEIGHT / 2));
    /* TRANSLATORS: the title of the chart's axis of counts. */
    esc(b, _("applications"));
    sb_str(b, "</text>\n");
}

/* The bars: per bin, the tiers from the highest up, then the totals of
 * applications that were not eligible. */
static void draw_bars(const Chart *ch, Sb *b)
{
    char xs[32], ws[32], ys[32], hs[32], n1[DEC_FMT_MAX], n2[DEC_FMT_MAX];
    Sb t = { 0 };
    for (size_t k = 0; k < ch->bins.count; k++) {
        Dec blo, bhi;
        int64_t x0, x1;
        if (dec_mul(dec_from_int((int64_t)k), ch->bins.width, &blo) != DEC_OK || dec_add(blo, ch->lo, &blo) != DEC_OK ||
            dec_add(blo, ch->bins.width, &bhi) != DEC_OK || !chart_x(ch, blo, &x0) || !chart_x(ch, bhi, &x1))
            continue;
        /* a hair of white between bars, but never thinner than a pixel */
        int64_t w = x1 - x0 - 100 > 100 ? x1 - x0 - 100 : 100;
        uint64_t cum = 0;
        for (size_t j = 0; j < ch->ncls; j++) {
            size_t n = ch->count[k * ch->ncls + j];
            if (!n)
                continue;
            int64_t y_lo = chart_y(ch, cum);
            cum += n;
            int64_t y_hi = chart_y(ch, cum);
            bool tiered = j + 1 < ch->ncls;
            sb_printf(b, "<rect class=\"bar\" data-bin=\"%zu\" data-count=\"%zu\" x=\"%s\" y=\"%s\" width=\"%s\" "
                         "height=\"%s\" fill=\"%s\"><title>",
                      k, n, fmt_h(x0 + 50, xs, sizeof xs), fmt_h(y_hi, ys, sizeof ys), fmt_h(w, ws, sizeof ws),
                      fmt_h(y_lo - y_hi, hs, sizeof hs), tiered ? colour_of(ch->t, j) : NOT_ELIGIBLE_COLOUR);
            fmt_num(blo, n1);
            fmt_num(bhi, n2);
            /* TRANSLATORS: what a bar of the chart counts: totals from one
             * number to under another, how many, and a tier's label. */
            const char *what = tiered ? tier_name(&ch->t->entries[j]) : _("not eligible");
            if (k + 1 < ch->bins.count)
                sb_printf(&t, _("%s to under %s: %zu %s"), n1, n2, n, what);
            else
                /* TRANSLATORS: the same for the last bar, which counts its
                 * right edge too. */
                sb_printf(&t, _("%s to  %s: %zu %s"), n1, n2, n, what);
            esc_sb(b, &t);
            sb_str(b, "</title></rect>\n");
        }
    }
    sb_free(&t);
}

/* The value axis, with numbers every few bins, and its title. */
static void draw_value_axis(const Chart *ch, Sb *b)
{
    static const size_t every[] = { 1, 2, 4, 5, 10 };
    char xs[32], num[DEC_FMT_MAX];
    size_t tick = 10;
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++)
        if (ch->bins.count / every[i] <= 10) {
            tick = every[i];
            break;
        }
    sb_printf(b, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", CH_LEFT, CH_LEFT + CH_WIDTH,
              ch->base, ch->base);
    for (size_t k = 0; k <= ch->bins.count; k += tick) {
        Dec v;
        int64_t x;
        if (dec_mul(dec_from_int((int64_t)k), ch->bins.width, &v) != DEC_OK || dec_add(v, ch->lo, &v) != DEC_OK ||
            !chart_x(ch, v, &x))
            continue;
        fmt_h(x, xs, sizeof xs);
        sb_printf(b, "<line class=\"tick\" x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\"/>"
                     "<text class=\"xtick\" x=\"%s\" y=\"%d\">%s</text>\n",
                  xs, xs, ch->base, ch->base + 5, xs, ch->base + 18, fmt_num(v, num));
    }
    const ScoreNode *root = ch->c->score->root;
    sb_printf(b, "<text class=\"axis-title\" x=\"%d\" y=\"%d\">", CH_LEFT + CH_WIDTH / 2, ch->base + 38);
    Sb t = { 0 };
    /* TRANSLATORS: the title of the chart's axis of totals: a score's
     * name, and the most it gives. */
    if (root->has_out_of)
        sb_printf(&t, _("total of score `%s` (out of %s)"), ch->c->score->name, fmt_num(root->out_of, num));
    else
        sb_printf(&t, _("total of score `%s`"), ch->c->score->name);
    esc_sb(b, &t);
    sb_free(&t);
    sb_str(b, "</text>\n");
}

/* Every threshold at its exact place, over the bars, with its number. */
static void draw_thresholds(const Chart *ch, Sb *b)
{
    char xs[32], num[DEC_FMT_MAX];
    for (size_t i = 0; i < ch->nmarks; i++) {
        const Mark *m = &ch->marks[i];
        fmt_h(m->x, xs, sizeof xs);
        fmt_num(m->v, num);
        int ytext = 8 + ch->label_rows * CH_LABEL_ROW + m->row * CH_MARK_ROW + 11;
        sb_printf(b, "<line class=\"threshold\" data-threshold=\"%s\" data-tier=\"%s\" data-bound=\"%s\" "
                     "x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\"><title>",
                  num, m->e->id, m->bound, xs, xs, ytext + 3, ch->base);
        Sb t = { 0 };
        /* TRANSLATORS: a threshold line of the chart: a tier's label, and
         * the total where the tier ends or starts. */
        if (strcmp(m->bound, "to") == 0)
            sb_printf(&t, _("%s: up to %s"), tier_name(m->e), num);
        else
            sb_printf(&t, _("%s: from %s"), tier_name(m->e), num);
        esc_sb(b, &t);
        sb_free(&t);
        sb_printf(b, "</title></line>\n<text class=\"threshold-value\" x=\"%s\" y=\"%d\">%s</text>\n", xs,
                  ytext, num);
    }
}

/* Under the chart: which colour is which, and how a bar counts. */
static void draw_key(const Chart *ch, Sb *b)
{
    char n1[DEC_FMT_MAX], n2[DEC_FMT_MAX];
    sb_str(b, "<p class=\"key\">");
    for (size_t j = 0; j < ch->t->nentries; j++) {
        sb_printf(b, "<span><i style=\"background:%s\"></i>", colour_of(ch->t, j));
        esc(b, tier_name(&ch->t->entries[j]));
        sb_str(b, "</span> ");
    }
    sb_printf(b, "<span><i style=\"background:%s\"></i>", NOT_ELIGIBLE_COLOUR);
    /* TRANSLATORS: the legend of the chart. */
    esc(b, _("not eligible (total shown for reference)"));
    sb_str(b, "</span> <span><i class=\"thr\"></i>");
    esc(b, _("tier threshold"));
    sb_str(b, "</span></p>\n<p class=\"note\">");
    Sb t = { 0 };
    sb_printf(&t,
              _("Each bar counts the totals from its left edge up to, but not including, its right edge (the last "
                "bar also counts %s). Bars of %s points."),
              fmt_num(ch->hi, n1), fmt_num(ch->bins.width, n2));
    esc_sb(b, &t);
    sb_free(&t);
    sb_str(b, "</p>\n");
}

/* The histogram of a category's totals, as SVG, appended to b.  False
 * (nothing appended) when it cannot be drawn. */
static bool histogram(HtmlReport *h, const CategoryDecl *c, const CatStats *cs, Sb *b)
{
    Chart ch = { .c = c, .t = c->tiers, .ncls = c->tiers->nentries + 1 };
    if (!chart_marks(&ch) || !chart_bins(&ch, cs) || !chart_bands(&ch)) {
        if (ch.oom)
            fail(h, _("out of memory"));
        chart_free(&ch);
        return false;
    }
    chart_layout(&ch);
    char n1[DEC_FMT_MAX], n2[DEC_FMT_MAX], n3[DEC_FMT_MAX];
    int w = CH_LEFT + CH_WIDTH + CH_RIGHT, ht = ch.base + CH_BELOW;
    sb_printf(b, "<svg class=\"histogram\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                 "height=\"%d\" viewBox=\"0 0 %d %d\" data-category=\"%s\" data-lo=\"%s\" data-hi=\"%s\" "
                 "data-bin=\"%s\" data-x0=\"%d\" data-width=\"%d\">\n",
              w, ht, w, ht, c->id, fmt_num(ch.lo, n1), fmt_num(ch.hi, n2), fmt_num(ch.bins.width, n3), CH_LEFT,
              CH_WIDTH);
    sb_str(b, "<title>");
    Sb t = { 0 };
    /* TRANSLATORS: the title of a chart, for those who cannot see it: a
     * category's id, the width of a bar, the lowest and highest totals. */
    sb_printf(&t, _("Totals of category %s in bars of %s points, from %s to %s, with the tier thresholds as vertical "
                    "lines"),
              c->id, n3, n1, n2);
    esc_sb(b, &t);
    sb_free(&t);
    sb_str(b, "</title>\n");
    draw_bands(&ch, b);
    draw_counts_axis(&ch, b);
    draw_bars(&ch, b);
    draw_value_axis(&ch, b);
    draw_thresholds(&ch, b);
    sb_str(b, "</svg>\n");
    draw_key(&ch, b);
    chart_free(&ch);
    return true;
}

/* ---- the page ---- */

static const char style[] =
    "<style>\n"
    "body{font-family:\"Loma\",\"Garuda\",\"Norasi\",\"Tlwg Typo\",\"TlwgTypo\",\"Waree\",\"Sarabun\","
    "sans-serif;margin:1.5em auto;max-width:64em;padding:0 1em;color:#1d1d1d;line-height:1.5}\n"
    "h1{font-size:1.55em;margin-bottom:.2em}h2{font-size:1.3em;margin-top:2em;border-bottom:2px solid #1b6e3a}\n"
    "h3{font-size:1.05em;margin-top:1.4em}\n"
    ".meta{color:#444}code{font-family:\"Tlwg Typo\",\"TlwgTypo\",monospace;font-size:.92em}\n"
    "td.where{white-space:nowrap}\n"
    "nav ul{columns:2;padding-left:1.2em}\n"
    "table{border-collapse:collapse;margin:.5em 0}th,td{border-bottom:1px solid #ddd;padding:.25em .7em;"
    "text-align:left;vertical-align:top}th{background:#f1f4f1}\n"
    "td.n,th.n,.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "tr.zero td{color:#999}tr.sum td{font-weight:bold;border-top:2px solid #999}\n"
    ".warn{background:#fff4d6;border-left:4px solid #d99a00;padding:.5em 1em}\n"
    "svg.histogram{max-width:100%;height:auto;display:block;margin:1em 0 .2em}\n"
    "svg text{font-family:inherit;font-size:12px;fill:#222}\n"
    "svg .band-label{font-size:12.5px;font-weight:bold}\n"
    "svg .ytick{text-anchor:end}svg .xtick,svg .axis-title,svg .threshold-value{text-anchor:middle}\n"
    "svg .threshold-value{font-size:11px;fill:#a31515;font-weight:bold}\n"
    "svg .grid{stroke:#e3e3e3}svg .axis,svg .tick{stroke:#333}\n"
    "svg .bar{stroke:#fff;stroke-width:.5}\n"
    "svg .threshold{stroke:#a31515;stroke-width:1.5;stroke-dasharray:5 3}\n"
    ".key span{margin-right:1.2em;white-space:nowrap}.key i{display:inline-block;width:.9em;height:.9em;"
    "margin-right:.3em;vertical-align:-.1em;border:1px solid #888}\n"
    ".key i.thr{border:0;border-left:2px dashed #a31515;width:.3em}\n"
    ".note{color:#555;font-size:.9em}\n"
    ".list{border-top:1px solid #bbb;margin:.5em 0}\n"
    ".list .row>summary,.list .row.head{display:grid;gap:.6em;padding:.2em .4em;border-bottom:1px solid #e5e5e5;"
    "grid-template-columns:11em 9em 5em 6em minmax(10em,1fr)}\n"
    ".list.with-agency .row>summary,.list.with-agency .row.head{grid-template-columns:11em 6em 9em 5em 6em "
    "minmax(10em,1fr)}\n"
    ".list.staged .row>summary,.list.staged .row.head{grid-template-columns:11em 9em 5em 6em minmax(10em,1fr) "
    "9em}\n"
    ".list.with-agency.staged .row>summary,.list.with-agency.staged .row.head{grid-template-columns:11em 6em 9em "
    "5em 6em minmax(10em,1fr) 9em}\n"
    ".list.agencies .row>summary,.list.agencies .row.head{grid-template-columns:11em 9em 5em 6em "
    "minmax(10em,1fr)}\n"
    ".list .row.head{font-weight:bold;background:#f1f4f1}\n"
    ".list summary{cursor:pointer;list-style:none}.list summary::-webkit-details-marker{display:none}\n"
    ".list summary>span:first-child::before{content:\"\\25B8\\00A0\";color:#1b6e3a}\n"
    ".list details[open]>summary>span:first-child::before{content:\"\\25BE\\00A0\"}\n"
    ".list summary:hover{background:#f6f9f6}\n"
    ".t-ok{color:#1b6e3a}.t-no{color:#8a4b00}.t-error{color:#a31515}\n"
    /* the explanations (explain_html's fragments, which carry no style) */
    ".explain{margin:.2em 0 1em 1.4em;padding:.5em 1em;border-left:3px solid #1b6e3a;background:#fafbfa}\n"
    ".explain.ineligible,.explain.stopped{border-left-color:#8a4b00}.explain.error{border-left-color:#a31515}\n"
    ".explain.pending{border-left-color:#888}\n"
    ".explain h3.id{font-size:1em;margin:0 0 .3em}.explain h4{font-size:1em;margin:.8em 0 .3em}\n"
    ".explain dl.head{display:grid;grid-template-columns:7em 1fr;gap:.1em .8em;margin:.2em 0}\n"
    ".explain dt{color:#555}.explain dd{margin:0}.explain dd.error{color:#a31515}\n"
    ".explain ol.stages{margin:0;padding-left:1.2em}\n"
    ".explain li.passed{color:#1b6e3a}.explain li.failed{color:#8a4b00}.explain li.waits,"
    ".explain li.not-reached{color:#888}\n"
    ".explain section.conditions>ol{list-style:none;padding-left:0;margin:0}\n"
    ".explain li.condition{padding:.15em 0;border-bottom:1px dotted #ddd}\n"
    ".explain .place,.explain .stage{color:#666;font-size:.85em;margin-right:.3em}\n"
    ".explain .mark{font-weight:bold;margin-right:.3em}.explain .held .mark{color:#1b6e3a}\n"
    ".explain .failed .mark{color:#a31515}.explain .unknown .mark{color:#8a4b00}"
    ".explain li.not-assessed{color:#999}\n"
    ".explain p.values,.explain p.won,.explain p.unknown{margin:.1em 0 .1em 1.5em;font-size:.9em;color:#333}\n"
    ".explain ul.needs,.explain ul.how{margin:.1em 0 .2em .4em;padding-left:1em;font-size:.9em}\n"
    ".explain table.score caption{text-align:left;font-weight:bold;padding:.3em 0}.explain th{white-space:nowrap}\n"
    ".explain td.points,.explain td.out-of{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".explain tr.depth-1 td.name{padding-left:1.7em}.explain tr.depth-2 td.name{padding-left:2.7em}\n"
    ".explain tr.depth-3 td.name{padding-left:3.7em}\n"
    ".explain tr.group td{font-weight:bold}.explain tr.total td{font-weight:bold;border-top:2px solid #999}\n"
    ".explain tr.not-given td.points{color:#999}.explain tr.cut td.points{color:#8a4b00}\n"
    ".explain section.tier p{margin:.2em 0}\n"
    "@media print{details>.explain{display:none}}\n"
    "</style>\n";

/* The rule of a tier, in words, with its thresholds as attributes for
 * programs that read the page (the tests do). */
static void tier_rule(Sb *b, const TierEntry *e)
{
    char n1[DEC_FMT_MAX], n2[DEC_FMT_MAX];
    Sb t = { 0 };
    /* the words are those of an explanation's tier (explain_text.c) */
    switch (e->rule) {
    case TIER_AT_LEAST:
        sb_printf(b, "<td class=\"rule\" data-at-least=\"%s\">", fmt_num(e->lo, n1));
        sb_printf(&t, _("at least %s"), n1);
        break;
    case TIER_RANGE:
        sb_printf(b, "<td class=\"rule\" data-from=\"%s\" data-to=\"%s\">", fmt_num(e->lo, n1), fmt_num(e->hi, n2));
        sb_printf(&t, _("from %s to %s"), n1, n2);
        break;
    case TIER_OTHERWISE:
        sb_str(b, "<td class=\"rule\">");
        sb_str(&t, _("otherwise"));
        break;
    }
    esc_sb(b, &t);
    sb_free(&t);
    sb_str(b, "</td>");
}

/* One row of a table of counts. */
static void count_row(HtmlReport *h, Sb *b, const CategoryDecl *cat, bool agency, const char *tier,
                      const char *label, const char *meaning, const TierEntry *e, size_t *sum)
{
    bool found;
    size_t n = take_count(h, cat, agency, tier, &found);
    *sum += n;
    sb_printf(b, "<tr class=\"count%s\" data-kind=\"%s\" data-tier=\"", n ? "" : " zero",
              agency ? "agency" : "application");
    esc(b, tier);
    sb_printf(b, "\" data-count=\"%zu\"><td>", n);
    esc(b, tier);
    sb_str(b, "</td><td>");
    if (label)
        esc(b, label);
    sb_str(b, "</td>");
    if (e) {
        tier_rule(b, e);
    } else {
        sb_str(b, "<td>");
        esc(b, meaning);
        sb_str(b, "</td>");
    }
    sb_printf(b, "<td class=\"n\">%zu</td></tr>\n", n);
}

/* The counts of one category (NULL: applications whose category could not
 * be told), every outcome it can have in rule order, then any other the
 * summary has. */
static void count_table(HtmlReport *h, Sb *b, const CategoryDecl *c)
{
    const Rules *r = h->r;
    const CategoryDecl *cat = c;
    size_t sum = 0;
    sb_printf(b, "<table class=\"counts\" data-category=\"%s\">\n<thead><tr><th>", c ? c->id : "");
    /* TRANSLATORS: the heads of the table of counts of a category. */
    esc(b, _("result"));
    sb_str(b, "</th><th>");
    esc(b, _("label"));
    sb_str(b, "</th><th>");
    esc(b, _("rule or meaning"));
    sb_str(b, "</th><th class=\"n\">");
    esc(b, _("count"));
    sb_str(b, "</th></tr></thead>\n<tbody>\n");
    if (c && c->per_agency) {
        /* TRANSLATORS: what a result (`awarded`, `ineligible`, ...) means,
         * in the table of counts. */
        count_row(h, b, cat, true, "awarded", NULL, _("agencies that meet every condition"), NULL, &sum);
        count_row(h, b, cat, true, "ineligible", NULL, _("agencies that fail a condition"), NULL, &sum);
    } else if (c) {
        if (c->tiers)
            for (size_t i = 0; i < c->tiers->nentries; i++)
                count_row(h, b, cat, false, c->tiers->entries[i].id, c->tiers->entries[i].label, NULL,
                          &c->tiers->entries[i], &sum);
        else
            count_row(h, b, cat, false, "awarded", NULL, _("meets every condition (not scored)"), NULL, &sum);
        for (size_t s = 0; s < r->nstages; s++) {
            const StageDecl *st = r->stages[s];
            if (!st->stop_id)
                continue;
            char meaning[512];
            if (st->label)
                snprintf(meaning, sizeof meaning, _("failed a condition at stage `%s` (%s)"), st->id, st->label);
            else
                snprintf(meaning, sizeof meaning, _("failed a condition at stage `%s`"), st->id);
            count_row(h, b, cat, false, st->stop_id, st->stop_label, meaning, NULL, &sum);
        }
        count_row(h, b, cat, false, "ineligible", NULL,
                  r->nstages ? _("failed a condition (at a stage with no result of its own)") : _("failed a condition"),
                  NULL, &sum);
        if (r->nstages)
            count_row(h, b, cat, false, "pending", NULL, _("waits for a stage that has not been held"), NULL, &sum);
    }
    bool found = false;
    if (c && c->per_agency)
        take_count(h, cat, false, "error", &found);
    if (!c || !c->per_agency || found)
        count_row(h, b, cat, false, "error", NULL,
                  c && c->per_agency ? _("applications made for this agency-level category (data errors)")
                                     : _("data error: could not be evaluated (see Data errors)"),
                  NULL, &sum);
    for (size_t i = 0; i < h->ncounts; i++)
        if (h->counts[i].cat == cat && !h->shown[i])
            count_row(h, b, cat, h->counts[i].agency, h->counts[i].tier, NULL, "", NULL, &sum);
    sb_str(b, "</tbody>\n<tfoot><tr class=\"sum\"><td colspan=\"3\">");
    /* TRANSLATORS: the sum of a table of counts. */
    esc(b, _("all"));
    sb_printf(b, "</td><td class=\"n\">%zu</td></tr></tfoot>\n</table>\n", sum);
}

/* Why results of a category were not eligible: each condition that
 * failed, with how many failed it. */
static void failed_table(HtmlReport *h, Sb *b, const CategoryDecl *c)
{
    const Rules *r = h->r;
    const CatStats *cs = &h->cats[c->index];
    Sb t = { 0 };
    sb_str(b, "<p>");
    if (!cs->nfailing) {
        esc(b, c->per_agency ? _("No agencies failed a condition.") : _("No applications failed a condition."));
        sb_str(b, "</p>\n");
        return;
    }
    if (c->per_agency)
        sb_printf(&t,
                  P_("%zu agency failed at least one condition. One that failed two conditions is counted under "
                     "both, so the counts may add up to more.",
                     "%zu agencies failed at least one condition. One that failed two conditions is counted under "
                     "both, so the counts may add up to more.",
                     cs->nfailing),
                  cs->nfailing);
    else
        sb_printf(&t,
                  P_("%zu application failed at least one condition. One that failed two conditions is counted "
                     "under both, so the counts may add up to more.",
                     "%zu applications failed at least one condition. One that failed two conditions is counted "
                     "under both, so the counts may add up to more.",
                     cs->nfailing),
                  cs->nfailing);
    esc_sb(b, &t);
    sb_printf(b, "</p>\n<table class=\"failed\" data-category=\"%s\">\n<thead><tr><th>", c->id);
    /* TRANSLATORS: the heads of the table of conditions not met; the last
     * counts agencies or applications. */
    esc(b, _("condition"));
    sb_str(b, "</th>");
    if (r->nstages && !c->per_agency) {
        sb_str(b, "<th>");
        esc(b, _("stage"));
        sb_str(b, "</th>");
    }
    sb_str(b, "<th>");
    esc(b, _("rule file"));
    sb_str(b, "</th><th class=\"n\">");
    esc(b, c->per_agency ? _("agencies") : _("applications"));
    sb_str(b, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < c->nrequires; i++) {
        if (!cs->failed[i])
            continue;
        const Require *q = &c->requires[i];
        const Source *src = rules_source(r, q->span);
        unsigned line, col;
        diag_linecol(src, q->span.start, &line, &col);
        sb_str(b, "<tr><td>");
        esc(b, q->message ? q->message : q->source);
        if (q->message) {
            sb_str(b, "<br><code>");
            esc(b, q->source);
            sb_str(b, "</code>");
        }
        sb_str(b, "</td>");
        if (r->nstages && !c->per_agency && q->stage < r->nstages) {
            sb_str(b, "<td>");
            esc(b, r->stages[q->stage]->id);
            sb_str(b, "</td>");
        }
        /* the file only for a condition taken from a file these rules extend */
        sb_str(b, "<td class=\"where\">");
        if (q->span.file != 0)
            /* TRANSLATORS: a place in a rule file these rules extend. */
            sb_printf(&t, _("line %u of %s"), line, diag_source_name(src));
        else
            sb_printf(&t, _("line %u"), line);
        esc_sb(b, &t);
        sb_printf(b, "</td><td class=\"n\">%zu</td></tr>\n", cs->failed[i]);
    }
    sb_free(&t);
    sb_str(b, "</tbody>\n</table>\n");
}

static bool copy_file(FILE *from, FILE *to)
{
    char buf[1 << 14];
    if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
        return false;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return true; /* the output's own error: its caller sees it */
    return !ferror(from);
}

/* An element with one plain text: <h3>Results</h3>. */
static void element(Sb *b, const char *open, const char *text, const char *close)
{
    sb_str(b, open);
    esc(b, text);
    sb_str(b, close);
}

static void category_section(HtmlReport *h, Sb *b, const CategoryDecl *c)
{
    CatStats *cs = &h->cats[c->index];
    Sb t = { 0 }, u = { 0 };
    sb_printf(b, "<section class=\"category\" id=\"cat-%s\" data-category=\"%s\">\n<h2>", c->id, c->id);
    /* TRANSLATORS: the heading of a category's part of the page, before its id and title. */
    sb_printf(&t, _("Category %lld"), (long long)c->number);
    esc_sb(b, &t);
    sb_str(b, " &middot; ");
    esc(b, c->id);
    if (c->title) {
        sb_str(b, ": ");
        esc(b, c->title);
    }
    sb_str(b, "</h2>\n<p class=\"meta\">");
    if (c->per_agency) {
        esc(b, _("Awarded per agency, from the results of the agency's other applications in this batch."));
    } else if (charted(c)) {
        sb_str(&t, "<code>");
        esc(&t, c->score->name);
        sb_str(&t, "</code>");
        sb_str(&u, "<code>");
        esc(&u, c->tiers->name);
        sb_str(&u, "</code>");
        const char *args[] = { txt_of(&t), txt_of(&u), "" };
        if (c->tiers->label) {
            Sb l = { 0 };
            esc(&l, c->tiers->label);
            args[2] = txt_of(&l);
            /* TRANSLATORS: how a category is scored: a score's name, a
             * tier table's name and its label from the rule file. */
            html_sentence(b, _("Scored by %s, tiers %s (%s)."), args, 3);
            sb_free(&l);
        } else {
            html_sentence(b, _("Scored by %s, tiers %s."), args, 2);
        }
        sb_reset(&t);
        sb_reset(&u);
    } else {
        esc(b, _("Not scored: decided by its conditions alone."));
    }
    sb_str(b, "</p>\n");
    if (charted(c)) {
        if (!cs->nkept)
            element(b, "<p class=\"note\">", _("No application of this category has a total, so there is no chart."),
                    "</p>\n");
        else if (!histogram(h, c, cs, b))
            element(b, "<p class=\"note\">", _("The totals are too far apart to be charted."), "</p>\n");
    }
    /* TRANSLATORS: the headings of a category's part of the page. */
    element(b, "<h3>", _("Results"), "</h3>\n");
    count_table(h, b, c);
    element(b, "<h3>", _("Conditions not met"), "</h3>\n");
    failed_table(h, b, c);
    sb_str(b, "</section>\n");
    sb_free(&t);
    sb_free(&u);
}

bool html_report_write(HtmlReport *h, FILE *out, const char *unread, char *err, size_t errsize)
{
    const Rules *r = h->r;
    if (!h->broken)
        sort_counts(h);
    if (h->broken) {
        snprintf(err, errsize, "%s", h->problem);
        return false;
    }
    Sb b = { 0 }, t = { 0 }, u = { 0 }, v = { 0 };
    const char *title = r->title ? r->title : r->name;
    /* TRANSLATORS: the code of the language, for the lang attribute of the
     * HTML page: `th` for Thai. */
    sb_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
              _("en"));
    /* TRANSLATORS: the title of the page: the award's title and its year (B.E.). */
    sb_printf(&t, _("%s %lld: results"), title, (long long)r->year_be);
    esc_sb(&b, &t);
    sb_str(&b, "</title>\n");
    sb_str(&b, style);
    sb_str(&b, "</head>\n<body>\n<header>\n<h1>");
    esc(&b, title);
    sb_str(&b, " &middot; ");
    /* TRANSLATORS: a year of the Buddhist Era. */
    sb_printf(&t, _("B.E. %lld"), (long long)r->year_be);
    esc_sb(&b, &t);
    sb_str(&b, "</h1>\n<p class=\"meta\">");
    sb_str(&t, "<code>");
    esc(&t, h->rules_path);
    sb_str(&t, "</code>");
    sb_str(&u, "<code>");
    esc(&u, r->name);
    sb_str(&u, "</code>");
    for (size_t i = 0; i < h->ndata; i++) {
        if (i)
            /* TRANSLATORS: between the last two items of a list: "a, b and c". */
            esc(&v, i + 1 == h->ndata ? _(" and ") : ", ");
        sb_str(&v, "<code>");
        esc(&v, strcmp(h->data[i], "-") == 0 ? _("standard input") : h->data[i]);
        sb_str(&v, "</code>");
    }
    const char *args[] = { txt_of(&t), txt_of(&u), txt_of(&v) };
    /* TRANSLATORS: the rule file, the name of its award, and the data
     * files ("a.csv and b.csv"). */
    html_sentence(&b, P_("Rules %s (%s), applied to the data file %s.", "Rules %s (%s), applied to the data files %s.",
                         h->ndata),
                  args, 3);
    sb_reset(&t);
    sb_reset(&u);
    sb_reset(&v);
    sb_str(&b, "</p>\n<p class=\"totals\">");
    /* the words of the closing line of `award eval`'s table (report.c) */
    sb_printf(&t, P_("%zu application, %zu with data errors", "%zu applications, %zu with data errors", h->napps),
              h->napps, h->nerrors);
    if (h->nagency)
        sb_printf(&t, P_("; %zu agency-level result", "; %zu agency-level results", h->nagency), h->nagency);
    sb_str(&t, ".");
    esc_sb(&b, &t);
    sb_str(&b, "</p>\n");
    if (unread && *unread) {
        sb_str(&b, "<p class=\"warn\">");
        /* TRANSLATORS: %s is the reason a data file was not read to its end. */
        sb_printf(&t,
                  _("Not every data file could be read to its end (%s): the applications read are all here, but no "
                    "agency-level award was decided."),
                  unread);
        esc_sb(&b, &t);
        sb_str(&b, "</p>\n");
    }
    sb_str(&b, "</header>\n<nav>\n<ul>\n");
    for (size_t c = 0; c < r->ncategories; c++) {
        const CategoryDecl *cat = r->categories[c];
        sb_printf(&b, "<li><a href=\"#cat-%s\">%lld ", cat->id, (long long)cat->number);
        esc(&b, cat->id);
        if (cat->title) {
            sb_str(&b, ": ");
            esc(&b, cat->title);
        }
        sb_str(&b, "</a></li>\n");
    }
    /* TRANSLATORS: the links at the top of the page to its parts. */
    if (h->nunknown)
        element(&b, "<li><a href=\"#no-category\">", _("Applications with no category"), "</a></li>\n");
    element(&b, "<li><a href=\"#errors\">", _("Data errors"), "</a></li>\n");
    element(&b, "<li><a href=\"#results\">", _("Every result, with its explanation"), "</a></li>\n</ul>\n</nav>\n");
    fwrite(b.s, 1, b.len, out);

    for (size_t c = 0; c < r->ncategories && !h->broken; c++) {
        sb_reset(&b);
        category_section(h, &b, r->categories[c]);
        fwrite(b.s, 1, b.len, out);
    }
    sb_reset(&b);
    bool unknown = false;
    for (size_t i = 0; i < h->ncounts; i++)
        unknown |= h->counts[i].cat == NULL;
    if (unknown) {
        element(&b, "<section id=\"no-category\">\n<h2>", _("Applications whose category could not be told"),
                "</h2>\n");
        element(&b, "<p>", _("Their category field names no category of these rules; each is a data error below."),
                "</p>\n");
        count_table(h, &b, NULL);
        sb_str(&b, "</section>\n");
    }
    element(&b, "<section id=\"errors\">\n<h2>", _("Data errors"), "</h2>\n");
    if (h->nerrors) {
        sb_printf(&t,
                  P_("%zu application could not be evaluated; each must be corrected in its data file and the "
                     "batch run again.",
                     "%zu applications could not be evaluated; each must be corrected in its data file and the "
                     "batch run again.",
                     h->nerrors),
                  h->nerrors);
        sb_str(&b, "<p>");
        esc_sb(&b, &t);
        /* TRANSLATORS: the heads of the table of data errors. */
        element(&b, "</p>\n<table class=\"errors\">\n<thead><tr><th>", _("id"), "</th>");
        element(&b, "<th>", _("category"), "</th>");
        element(&b, "<th>", _("where"), "</th>");
        element(&b, "<th>", _("what is wrong"), "</th></tr></thead>\n<tbody>\n");
    } else {
        element(&b, "<p>", _("None: every application could be evaluated."), "</p>\n");
    }
    fwrite(b.s, 1, b.len, out);
    bool ok = !h->nerrors || copy_file(h->errs, out);
    sb_reset(&b);
    if (h->nerrors)
        sb_str(&b, "</tbody>\n</table>\n");
    element(&b, "</section>\n<section id=\"results\">\n<h2>", _("Every result"), "</h2>\n");
    element(&b, "<p>",
            _("In the order read; click a row for its explanation: every condition with the values it saw, every "
              "score item, and the tier."),
            "</p>\n");
    list_head(&b, false, r->slot_agency >= 0, r->nstages > 0);
    fwrite(b.s, 1, b.len, out);
    ok = ok && copy_file(h->rows, out);
    fputs("</div>\n</section>\n</body>\n</html>\n", out);
    sb_free(&b);
    sb_free(&t);
    sb_free(&u);
    sb_free(&v);
    if (!ok || h->broken) {
        snprintf(err, errsize, "%s", h->broken ? h->problem : _("cannot read back a temporary file"));
        return false;
    }
    return true;
}

Tally *html_report_tally(HtmlReport *h)
{
    return &h->tally;
}

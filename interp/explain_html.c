/* explain_html.c -- the HTML writer of explanations: explain_html
 * (explain.h), one self-contained fragment for a page.
 *
 * The fragment is a <section class="explain"> with the head as a <dl>,
 * every condition of the category in an <ol> (those of stages the
 * application did not get to as well, marked not-assessed), the score as a
 * <table> and the tier as paragraphs.  The phrases are those of the text
 * (explain_words.h), every one HTML-escaped (sb_add_html), labels and
 * messages in Thai as the rule file writes them.  Classes say what a page's
 * style sheet may colour: held, failed, unknown, not-assessed for
 * conditions; given, not-given, cut for score rows; the outcome on the
 * result.  No script, no style attribute: a page that shows many results
 * styles them once. */
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "explain_model.h"
#include "explain_words.h"
#include "strbuf.h"

/* The phrase built in t, escaped into b; t is emptied. */
static void put(Sb *b, Sb *t)
{
    if (t->len)
        sb_add_html(b, t->s, t->len);
    sb_reset(t);
}

/* One phrase of t's buffer, escaped into b. */
static void put_line(Sb *b, const Sb *t, const XwLine *l)
{
    sb_add_html(b, t->s + l->start, l->end - l->start);
}

static const char *outcome_class(XmOutcome o)
{
    switch (o) {
    case XO_ERROR: return "error";
    case XO_PENDING: return "pending";
    case XO_STOPPED: return "stopped";
    case XO_INELIGIBLE: return "ineligible";
    default: return "eligible";
    }
}

static const char *stage_class(XmStageState s)
{
    switch (s) {
    case XS_PASSED: return "passed";
    case XS_FAILED: return "failed";
    case XS_WAITS: return "waits";
    default: return "not-reached";
    }
}

static const char *condition_class(XmResult r)
{
    switch (r) {
    case XM_HOLDS: return "held";
    case XM_FAILS: return "failed";
    case XM_UNKNOWN: return "failed unknown";
    default: return "not-assessed";
    }
}

static void head(Sb *b, Sb *t, const Explanation *m)
{
    sb_str(b, "<h3 class=\"id\">");
    sb_add_shown(t, m->id, m->id_len);
    put(b, t);
    sb_str(b, "</h3>\n");
    XwLine lines[XW_HEAD_MAX];
    size_t n = xw_head(t, m, false, lines);
    bool open = false;
    for (size_t i = 0; i < n; i++) {
        if (!lines[i].label) {
            sb_str(b, open ? "</dl>\n<p class=\"kind\">" : "<p class=\"kind\">");
            put_line(b, t, &lines[i]);
            sb_str(b, "</p>\n");
            open = false;
            continue;
        }
        if (!open)
            sb_str(b, "<dl class=\"head\">\n");
        open = true;
        sb_str(b, "<dt>");
        sb_add_html_cstr(b, lines[i].label);
        sb_str(b, "</dt><dd");
        if (lines[i].role == XH_RESULT)
            sb_printf(b, " class=\"result %s\"", outcome_class(m->outcome));
        else if (lines[i].role == XH_ERROR)
            sb_str(b, " class=\"error\"");
        sb_str(b, ">");
        put_line(b, t, &lines[i]);
        sb_str(b, "</dd>\n");
    }
    sb_reset(t);
    if (m->staged && m->outcome != XO_ERROR) {
        if (!open)
            sb_str(b, "<dl class=\"head\">\n");
        open = true;
        sb_str(b, "<dt>");
        sb_add_html_cstr(b, xw_word(XW_STAGES));
        sb_str(b, "</dt><dd><ol class=\"stages\">\n");
        for (size_t i = 0; i < m->nstages; i++) {
            sb_printf(b, "<li class=\"%s\">", stage_class(m->stages[i].state));
            xw_stage(t, &m->stages[i]);
            put(b, t);
            sb_str(b, "</li>\n");
        }
        sb_str(b, "</ol></dd>\n");
    }
    if (open)
        sb_str(b, "</dl>\n");
}

/* ---- conditions ---- */

static void needs(Sb *b, Sb *t, const XmNeed *n)
{
    if (n->tag == XN_ALL) {
        for (size_t i = 0; i < n->nkids; i++)
            needs(b, t, n->kids[i]);
        return;
    }
    sb_str(b, "<li>");
    if (n->tag != XN_ANY) {
        xw_need(t, n);
        put(b, t);
        sb_str(b, "</li>\n");
        return;
    }
    xw_needs_one_of(t);
    put(b, t);
    sb_str(b, "\n<ul>\n");
    for (size_t i = 0; i < n->nkids; i++) {
        sb_str(b, "<li>");
        xw_need_choice(t, n->kids[i]);
        put(b, t);
        sb_str(b, "</li>\n");
    }
    sb_str(b, "</ul></li>\n");
}

static void needs_list(Sb *b, Sb *t, const XmNeed *n)
{
    if (!n)
        return;
    sb_str(b, "<ul class=\"needs\">\n");
    needs(b, t, n);
    sb_str(b, "</ul>\n");
}

static void condition(Sb *b, Sb *t, const Explanation *m, const XmCondition *c)
{
    sb_printf(b, "<li class=\"condition %s\"><span class=\"place\">", condition_class(c->result));
    xw_place(t, c->line, c->file);
    put(b, t);
    sb_str(b, "</span> ");
    if (c->stage_id && !m->agency_row) {
        sb_str(b, "<span class=\"stage\">");
        sb_add_html_cstr(b, c->stage_id);
        sb_str(b, "</span> ");
    }
    sb_str(b, "<span class=\"mark\">");
    sb_add_html_cstr(b, xw_result_mark(c->result));
    sb_str(b, "</span> <span class=\"message\">");
    if (c->message) {
        sb_add_html_cstr(b, c->message);
    } else {
        sb_str(b, "<code>");
        sb_add_html_cstr(b, c->text);
        sb_str(b, "</code>");
    }
    sb_str(b, "</span>\n");
    xw_condition_values(t, c);
    if (t->len) {
        sb_str(b, "<p class=\"values\">");
        put(b, t);
        sb_str(b, "</p>\n");
    }
    for (size_t k = 0; k < c->nwon; k++) {
        sb_printf(b, "<p class=\"won %s\">", c->won[k].at.count ? "held" : "failed");
        xw_won(t, &c->won[k]);
        put(b, t);
        sb_str(b, "</p>\n");
    }
    if (c->result == XM_UNKNOWN) {
        sb_str(b, "<p class=\"unknown\">");
        xw_unknown(t, c);
        put(b, t);
        sb_str(b, "</p>\n");
    }
    needs_list(b, t, c->need);
    sb_str(b, "</li>\n");
}

/* Every condition of the category; the title counts those assessed. */
static void conditions(Sb *b, Sb *t, const Explanation *m)
{
    size_t nholds = 0, n = 0;
    for (size_t i = 0; i < m->nconds_all; i++) {
        n += m->conds[i].result != XM_NOT_ASSESSED;
        nholds += m->conds[i].result == XM_HOLDS;
    }
    sb_str(b, "<section class=\"conditions\">\n<h4>");
    bool pending = n == 0 && m->outcome == XO_PENDING;
    xw_conditions_title(t, m, pending ? m->stage_id : NULL, pending, nholds, n);
    put(b, t);
    sb_str(b, "</h4>\n");
    if (m->nconds_all) {
        sb_str(b, "<ol>\n");
        for (size_t i = 0; i < m->nconds_all; i++)
            condition(b, t, m, &m->conds[i]);
        sb_str(b, "</ol>\n");
    }
    sb_str(b, "</section>\n");
}

/* ---- the score ---- */

static void score_row(Sb *b, Sb *t, const Explanation *m, const XmNode *n, bool recurse)
{
    static const char *const kinds[] = { [XM_SCORE] = "total", [XM_GROUP] = "group", [XM_ITEM] = "item",
                                         [XM_BONUS] = "bonus" };
    sb_printf(b, "<tr class=\"%s depth-%zu", kinds[n->kind], n->depth);
    if (n->kind == XM_BONUS)
        sb_str(b, n->given ? " given" : " not-given");
    if (n->cut)
        sb_str(b, " cut");
    sb_str(b, "\"><td class=\"name\">");
    xw_node_name(t, n);
    put(b, t);
    sb_str(b, "</td><td class=\"points\">");
    if (n->has_points)
        xw_points(t, m, n->points);
    else
        sb_str(t, "-");
    put(b, t);
    sb_str(b, "</td><td class=\"out-of\">");
    xw_num(t, n->out_of);
    put(b, t);
    sb_str(b, "</td><td class=\"label\">");
    if (n->kind != XM_SCORE)
        sb_add_html_cstr(b, n->label);
    XwLine lines[XW_NODE_MAX];
    size_t nl = xw_node_lines(t, m, n, lines);
    if (nl) {
        sb_str(b, "\n<ul class=\"how\">\n");
        for (size_t k = 0; k < nl; k++) {
            sb_str(b, "<li>");
            put_line(b, t, &lines[k]);
            sb_str(b, "</li>\n");
        }
        sb_str(b, "</ul>\n");
    }
    sb_reset(t);
    needs_list(b, t, n->need);
    sb_str(b, "</td></tr>\n");
    for (size_t i = 0; recurse && i < n->nkids; i++)
        score_row(b, t, m, &n->kids[i], true);
}

static void score(Sb *b, Sb *t, const Explanation *m)
{
    sb_str(b, "<table class=\"score\">\n<caption>");
    xw_score_title(t, m);
    put(b, t);
    sb_str(b, "</caption>\n<thead><tr>");
    static const XwWord heads[] = { XW_ITEM, XW_POINTS, XW_OUT_OF, XW_LABEL };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        sb_str(b, "<th>");
        sb_add_html_cstr(b, xw_word(heads[i]));
        sb_str(b, "</th>");
    }
    sb_str(b, "</tr></thead>\n<tbody>\n");
    /* the items first, the total (the root) last, as in the text */
    for (size_t i = 0; i < m->score->nkids; i++)
        score_row(b, t, m, &m->score->kids[i], true);
    sb_str(b, "</tbody>\n<tfoot>\n");
    score_row(b, t, m, m->score, false);
    sb_str(b, "</tfoot>\n</table>\n");
}

static void tier(Sb *b, Sb *t, const Explanation *m)
{
    XwLine lines[XW_TIER_MAX];
    size_t n = xw_tier_lines(t, m, lines);
    if (n) {
        sb_printf(b, "<section class=\"tier %s\">\n", m->eligible ? "eligible" : "ineligible");
        for (size_t i = 0; i < n; i++) {
            sb_str(b, "<p>");
            put_line(b, t, &lines[i]);
            sb_str(b, "</p>\n");
        }
        sb_str(b, "</section>\n");
    }
    sb_reset(t);
}

/* ---- the whole ---- */

void explanation_html(const Explanation *m, FILE *out)
{
    Sb b = { 0 }; /* the fragment */
    Sb t = { 0 }; /* one phrase of it */
    sb_printf(&b, "<section class=\"explain %s\">\n", outcome_class(m->outcome));
    head(&b, &t, m);
    if (m->outcome != XO_ERROR) {
        conditions(&b, &t, m);
        if (m->scored) {
            score(&b, &t, m);
            tier(&b, &t, m);
        }
    }
    sb_str(&b, "</section>\n");
    fwrite(b.s, 1, b.len, out);
    sb_free(&b);
    sb_free(&t);
}

void explain_html(Explainer *x, const AppResult *res, FILE *out)
{
    explanation_html(explain_build(x, res), out);
}

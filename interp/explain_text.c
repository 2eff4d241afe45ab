/* explain_text.c -- the words of an explanation (explain_words.h) and the
 * text writer, explain_text (explain.h).
 *
 * Every word of an explanation is here: the phrases that say the facts of
 * the model, which the HTML writer escapes and the JSON writer keeps in
 * `want`, `is` and `rule`, and the text layout for people, aligned by
 * display width so that Thai labels and Thai words line up.  The words are
 * in the language chosen at start-up (i18n.h): each sentence is one format
 * of the catalogue, translated as it is written. */
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "explain_model.h"
#include "explain_words.h"
#include "i18n.h"
#include "mem.h"
#include "strbuf.h"
#include "textmeasure.h"
#include "utext.h"

#define MAX_SHOWN 10         /* items of a list or range named in a sentence */
#define TEXT_SHOWN 60        /* characters of a text value shown before it is cut */
#define LABEL_WIDTH 10       /* columns of the head's labels ("category  "), at least */

/* ---- numbers ---- */

void xw_dec(Sb *b, Dec d, int places)
{
    char t[DEC_FMT_MAX];
    sb_add(b, t, dec_format(d, places, t));
}

void xw_num(Sb *b, Dec d) { xw_dec(b, dec_normalize(d), 0); }

void xw_points(Sb *b, const Explanation *m, Dec d) { xw_dec(b, dec_normalize(d), m->precision); }

/* A whole number with its thousands grouped: 1,412. */
static void xw_count(Sb *b, Dec d)
{
    char t[DEC_FMT_MAX];
    dec_format(d, 0, t);
    const char *digits = t[0] == '-' ? t + 1 : t;
    size_t n = strlen(digits);
    if (digits != t)
        sb_str(b, "-");
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            sb_str(b, ",");
        sb_add(b, digits + i, 1);
    }
}

/* ---- phrases built apart ----
 *
 * A sentence is one format of the catalogue with %s where a value, a list
 * or a smaller phrase goes, so that a translation can order its words its
 * own way (docs/translating.md).  The pieces are built first, each in a
 * buffer of its own, and then put into the sentence. */

/* The text of a piece: "" when nothing was added. */
static const char *txt(const Sb *t) { return t->s ? t->s : ""; }

/* ---- values ---- */

void xw_value(Sb *b, const Value *v, const Kind *k)
{
    switch (v->tag) {
    case VAL_ABSENT:
        /* TRANSLATORS: the value of a field left empty, as in "score = empty". */
        sb_str(b, _("empty"));
        break;
    case VAL_BOOL:
        /* true and false are words of the rule language */
        sb_str(b, v->b ? "true" : "false");
        break;
    case VAL_NUM:
        xw_dec(b, v->num, 0);
        break;
    case VAL_TEXT:
        if (k && k->tag == KIND_TEXT) {
            /* a long answer (an essay of 1,400 words) is shown by its start */
            size_t cut = v->len, chars = 0;
            for (size_t i = 0; i < v->len && cut == v->len;) {
                int32_t cp;
                size_t n = utext_decode(v->p.text + i, v->len - i, &cp);
                /* a vowel sign or tone mark stays with its letter */
                if (chars >= TEXT_SHOWN && utext_width(v->p.text + i, n) != 0)
                    cut = i;
                chars++;
                i += n;
            }
            sb_add(b, "\"", 1);
            sb_add_shown(b, v->p.text, cut);
            sb_add(b, "\"", 1);
            if (cut < v->len) {
                size_t all = text_chars(v->p.text, v->len);
                /* TRANSLATORS: after the start of a long text that was cut. */
                sb_printf(b, P_("... (%zu characters in all)", "... (%zu characters in all)", all), all);
            }
        } else {
            sb_add_shown(b, v->p.text, v->len);
        }
        break;
    case VAL_DATE: {
        int y, m, d;
        date_from_days(v->date, &y, &m, &d);
        sb_printf(b, "%04d-%02d-%02d", y, m, d);
        break;
    }
    case VAL_LIST: {
        const Kind *ek = k && (k->tag == KIND_LIST || k->tag == KIND_RANGE) ? k->elem : NULL;
        sb_str(b, "[");
        for (uint32_t i = 0; i < v->len; i++) {
            if (i)
                sb_str(b, ", ");
            xw_value(b, &v->p.items[i], ek);
        }
        sb_str(b, "]");
        break;
    }
    case VAL_RANGE:
        sb_printf(b, "%lld .. %lld", (long long)v->lo, (long long)v->hi);
        break;
    }
}

/* Whether a field's value seen is empty: left empty, or an empty value. */
static bool seen_empty(const XmSeen *s)
{
    return (s->value.state == XM_EMPTY && !s->expr) || (s->value.state == XM_OK && s->value.v.tag == VAL_ABSENT);
}

/* A value seen: an empty field is "empty", a value that needs one "unknown". */
static void xw_seen_value(Sb *b, const XmSeen *s)
{
    if (s->value.state == XM_OK)
        xw_value(b, &s->value.v, s->value.kind);
    else if (s->value.state == XM_EMPTY)
        /* TRANSLATORS: the value of an expression that needs an empty field. */
        sb_str(b, s->expr ? _("unknown") : _("empty"));
    else
        /* TRANSLATORS: a value, as in "ratio = cannot be computed". */
        sb_str(b, _("cannot be computed"));
}

void xw_seen(Sb *b, const XmSeenList *l)
{
    for (size_t i = 0; i < l->count; i++) {
        sb_printf(b, "%s%s = ", i ? ", " : "", l->items[i].name);
        xw_seen_value(b, &l->items[i]);
    }
}

/* "it is 79.99", or with how far it is from the bound (away: 1 short, -1
 * over), or "it is empty" for the current value of a name. */
static void xw_it_is(Sb *b, const XmValue *v, int away, const Sb *distance)
{
    if (v->state != XM_OK) {
        /* TRANSLATORS: what a field holds now, after what it needs. */
        sb_str(b, v->state == XM_EMPTY ? _("it is empty") : _("it is not known"));
        return;
    }
    Sb t = { 0 };
    xw_value(&t, &v->v, v->kind);
    if (away > 0)
        /* TRANSLATORS: "it is 79.99, 0.01 short" of what it needs. */
        sb_printf(b, _("it is %s, %s short"), txt(&t), txt(distance));
    else if (away < 0)
        /* TRANSLATORS: "it is 1500, 100 over" what it may be at most. */
        sb_printf(b, _("it is %s, %s over"), txt(&t), txt(distance));
    else
        sb_printf(b, _("it is %s"), txt(&t));
    sb_free(&t);
}

/* The words that join the last two items of a list. */
typedef enum Conj { CONJ_AND, CONJ_OR } Conj;

static const char *conj_text(Conj c)
{
    /* TRANSLATORS: between the last two items of a list: "a, b and c". */
    return c == CONJ_AND ? _(" and ") : _(" or ");
}

/* "good or excellent", "6, 9 or 12"; at most MAX_SHOWN, then "and 3 more". */
static void xw_items(Sb *b, const Value *items, size_t n, const Kind *k, Conj conj)
{
    size_t shown = n > MAX_SHOWN ? MAX_SHOWN : n;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            sb_str(b, i + 1 == shown && shown == n ? conj_text(conj) : ", ");
        xw_value(b, &items[i], k);
    }
    if (shown < n)
        /* TRANSLATORS: at the end of a list cut short: "a, b, c and 3 more". */
        sb_printf(b, P_(" and %zu more", " and %zu more", n - shown), n - shown);
}

void xw_place(Sb *b, unsigned line, const char *file)
{
    if (file)
        sb_printf(b, "%s:%u", file, line);
    else
        /* TRANSLATORS: a place in the rule file explained. */
        sb_printf(b, _("line %u"), line);
}

/* ---- the head ---- */

/* "ineligible: 4 of 6 conditions fail" (what: the result's words before
 * the colon, or the stage). */
static void xw_failing(Sb *b, const char *what, size_t nfailed, size_t nconds)
{
    /* English says "fails" after one, "fail" after more; the count of
     * conditions chooses the plural of the catalogue. */
    if (nfailed == 1)
        /* TRANSLATORS: "assessment: 1 of 6 conditions fails"; the first %s
         * is a stage or a result (`ineligible`). */
        sb_printf(b, P_("%s: %zu of %zu condition fails", "%s: %zu of %zu conditions fails", nconds), what,
                  nfailed, nconds);
    else
        sb_printf(b, P_("%s: %zu of %zu condition fail", "%s: %zu of %zu conditions fail", nconds), what,
                  nfailed, nconds);
}

static void xw_result(Sb *b, const Explanation *m)
{
    switch (m->outcome) {
    case XO_ERROR:
        /* TRANSLATORS: `error` is the tier of a data error, as in the results. */
        sb_str(b, _("error: the application could not be evaluated"));
        break;
    case XO_PENDING:
        if (m->stage_label)
            /* TRANSLATORS: `pending` is a tier as in the results; then a
             * stage and its label from the rule file. */
            sb_printf(b, _("pending: waits for stage `%s` (%s)"), m->stage_id, m->stage_label);
        else
            sb_printf(b, _("pending: waits for stage `%s`"), m->stage_id);
        break;
    case XO_STOPPED: {
        Sb t = { 0 };
        sb_str(&t, m->result_id);
        if (m->result_label)
            sb_printf(&t, " (%s)", m->result_label);
        /* stopped at a stage: "fail (ไม่ผ่าน): stopped at stage `x`, where
         * 2 of 5 conditions fail" */
        if (m->nfailed == 1)
            /* TRANSLATORS: the first %s is a tier and its label. */
            sb_printf(b,
                      P_("%s: stopped at stage `%s`, where %zu of %zu condition fails",
                         "%s: stopped at stage `%s`, where %zu of %zu conditions fails", m->nconds),
                      txt(&t), m->stage_id, m->nfailed, m->nconds);
        else
            sb_printf(b,
                      P_("%s: stopped at stage `%s`, where %zu of %zu condition fail",
                         "%s: stopped at stage `%s`, where %zu of %zu conditions fail", m->nconds),
                      txt(&t), m->stage_id, m->nfailed, m->nconds);
        sb_free(&t);
        break;
    }
    case XO_INELIGIBLE:
        xw_failing(b, "ineligible", m->nfailed, m->nconds);
        break;
    case XO_TIER:
        sb_str(b, m->result_id);
        if (m->result_label)
            sb_printf(b, " (%s)", m->result_label);
        break;
    case XO_AWARDED:
        /* TRANSLATORS: `awarded` is the result of a category without tiers. */
        sb_str(b, m->nconds == 0 ? _("awarded: it has no conditions") : _("awarded: every condition holds"));
        break;
    }
}

/* "completeness passed (all 14 conditions hold)" */
void xw_stage(Sb *b, const XmStage *s)
{
    switch (s->state) {
    case XS_NOT_REACHED:
        /* TRANSLATORS: %s is a stage of assessment. */
        sb_printf(b, _("%s not reached"), s->id);
        break;
    case XS_WAITS:
        sb_printf(b, _("%s waits: none of the fields it reads first has a value yet"), s->id);
        break;
    case XS_FAILED:
        xw_failing(b, s->id, s->nfailed, s->nconds);
        break;
    case XS_PASSED:
        if (s->nconds > 2)
            sb_printf(b, P_("%s passed (all %zu conditions hold)", "%s passed (all %zu conditions hold)", s->nconds),
                      s->id, s->nconds);
        else if (s->nconds == 2)
            sb_printf(b, _("%s passed (both %zu conditions hold)"), s->id, s->nconds);
        else if (s->nconds == 1)
            sb_printf(b, _("%s passed (%zu condition holds)"), s->id, s->nconds);
        else
            sb_printf(b, _("%s passed"), s->id);
        break;
    }
}

static void line_start(XwLine *l, const char *label, int role, const Sb *b)
{
    l->label = label;
    l->start = b->len;
    l->role = role;
}

/* The labels of the head, in the reader's language. */
static const char *head_label(XwHead h)
{
    switch (h) {
    /* TRANSLATORS: the labels of an explanation's first lines: "from FILE,
     * line 48", "category 1 standard", "result ...", "error ...", "total
     * 590.00 of 1000". */
    case XH_FROM: return _("from");
    case XH_CATEGORY: return _("category");
    case XH_RESULT: return _("result");
    case XH_ERROR: return _("error");
    case XH_TOTAL: return _("total");
    case XH_STAGES: return xw_word(XW_STAGES);
    default: return NULL;
    }
}

size_t xw_head(Sb *b, const Explanation *m, bool stages, XwLine *lines)
{
    size_t n = 0;
    if (m->agency_row) {
        line_start(&lines[n], NULL, XH_KIND, b);
        sb_str(b, _("agency-level result, from the agency's applications in this batch"));
        lines[n++].end = b->len;
    } else if (m->source) {
        line_start(&lines[n], head_label(XH_FROM), XH_FROM, b);
        Sb t = { 0 };
        sb_add_shown(&t, m->source, strlen(m->source));
        /* TRANSLATORS: where an application was read: a data file and its line. */
        sb_printf(b, _("%s, line %zu"), txt(&t), m->line);
        sb_free(&t);
        lines[n++].end = b->len;
    }
    line_start(&lines[n], head_label(XH_CATEGORY), XH_CATEGORY, b);
    if (m->has_category)
        sb_printf(b, "%lld %s%s%s", (long long)m->cat_number, m->cat_id, m->cat_title ? ": " : "",
                  m->cat_title ? m->cat_title : "");
    else
        /* TRANSLATORS: the category of an application whose category is not known. */
        sb_str(b, _("unknown"));
    lines[n++].end = b->len;
    line_start(&lines[n], head_label(XH_RESULT), XH_RESULT, b);
    xw_result(b, m);
    lines[n++].end = b->len;
    if (m->outcome == XO_ERROR) {
        line_start(&lines[n], head_label(XH_ERROR), XH_ERROR, b);
        sb_add_shown(b, m->error, strlen(m->error));
        lines[n++].end = b->len;
        return n;
    }
    if (m->scored) {
        line_start(&lines[n], head_label(XH_TOTAL), XH_TOTAL, b);
        Sb total = { 0 }, out_of = { 0 };
        xw_dec(&total, m->total, m->precision);
        xw_num(&out_of, m->out_of);
        /* TRANSLATORS: points and the most there are: "590.00 of 1000". */
        sb_printf(b, _("%s of %s"), txt(&total), txt(&out_of));
        sb_free(&total);
        sb_free(&out_of);
        lines[n++].end = b->len;
    }
    if (m->staged && stages) {
        line_start(&lines[n], head_label(XH_STAGES), XH_STAGES, b);
        for (size_t i = 0; i < m->nstages; i++) {
            if (i)
                sb_str(b, "; ");
            xw_stage(b, &m->stages[i]);
        }
        lines[n++].end = b->len;
    }
    return n;
}

size_t xw_head_label_width(void)
{
    static const XwHead heads[] = { XH_FROM, XH_CATEGORY, XH_RESULT, XH_ERROR, XH_TOTAL, XH_STAGES };
    size_t w = 0;
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        const char *l = head_label(heads[i]);
        size_t lw = utext_width(l, strlen(l));
        if (lw > w)
            w = lw;
    }
    return w;
}

/* ---- conditions ---- */

void xw_holds(Sb *b, size_t nholds, size_t n)
{
    if (nholds == n) {
        /* TRANSLATORS: of the conditions of a category: all of them hold. */
        if (n == 1)
            sb_str(b, _("it holds"));
        else if (n == 2)
            sb_str(b, _("both hold"));
        else
            sb_printf(b, P_("all %zu hold", "all %zu hold", n), n);
    } else {
        sb_printf(b, P_("%zu of %zu holds", "%zu of %zu hold", nholds), nholds, n);
    }
}

void xw_conditions_title(Sb *b, const Explanation *m, const char *stage, bool pending, size_t nholds, size_t n)
{
    if (pending) {
        sb_printf(b, _("conditions: none assessed yet at stage `%s`"), stage);
    } else if (n == 0 && stage) {
        sb_printf(b, _("conditions: none at stage `%s`"), stage);
    } else if (n == 0) {
        sb_str(b, _("conditions: none"));
    } else {
        Sb t = { 0 };
        xw_holds(&t, nholds, n);
        /* TRANSLATORS: "conditions (RULE FILE): 2 of 6 hold". */
        sb_printf(b, _("conditions (%s): %s"), m->rules, txt(&t));
        sb_free(&t);
    }
}

const char *xw_result_mark(XmResult r)
{
    /* TRANSLATORS: whether one condition holds, before its message; the
     * text writer lines up what follows, whatever the width. */
    return r == XM_HOLDS ? _("holds") : r == XM_NOT_ASSESSED ? _("not assessed") : _("FAILS");
}

const char *xw_word(XwWord w)
{
    /* TRANSLATORS: the heads of the columns of a score table, and the
     * label of the list of stages. */
    static const char *const words[] = {
        [XW_ITEM] = N_("item"), [XW_POINTS] = N_("points"), [XW_OUT_OF] = N_("out of"), [XW_LABEL] = N_("label"),
        [XW_STAGES] = N_("stages"),
    };
    return _(words[w]);
}

void xw_condition_values(Sb *b, const XmCondition *c)
{
    /* a field alone, or a single won(...), is said by its values */
    bool text = c->message && !c->single;
    if (!c->seen.count) {
        if (text)
            sb_printf(b, "`%s`", c->text);
        return;
    }
    Sb t = { 0 };
    xw_seen(&t, &c->seen);
    if (text)
        /* TRANSLATORS: a condition as written and the values it saw:
         * "`x >= 80` with x = 79.99". */
        sb_printf(b, _("`%s` with %s"), c->text, txt(&t));
    else if (c->single)
        sb_str(b, txt(&t));
    else
        /* TRANSLATORS: the values a condition or a bonus saw: "with x = 79.99". */
        sb_printf(b, _("with %s"), txt(&t));
    sb_free(&t);
}

/* "PS-2558-001, PS-2558-002 and 3 more" */
static void xw_ids(Sb *b, const XmWinners *w)
{
    for (size_t i = 0; i < w->nids; i++) {
        if (i)
            sb_str(b, i + 1 == w->nids && w->count == w->nids ? conj_text(CONJ_AND) : ", ");
        sb_add(b, w->ids[i], w->lens[i]);
    }
    if (w->count > w->nids)
        sb_printf(b, P_(" and %zu more", " and %zu more", w->count - w->nids), w->count - w->nids);
}

/* What the agency's eligible applications of the category got instead:
 * "good (PS-2558-005); fail (PS-2558-015)". */
static void xw_others(Sb *b, const XmWon *w)
{
    for (size_t i = 0; i < w->nothers; i++) {
        sb_printf(b, "%s%s (", i ? "; " : "", w->others[i].tier);
        xw_ids(b, &w->others[i]);
        sb_str(b, ")");
    }
}

void xw_won(Sb *b, const XmWon *w)
{
    Sb t = { 0 };
    if (w->at.count) {
        xw_ids(&t, &w->at);
        /* TRANSLATORS: "won(standard, outstanding): yes, by A1, A2 and 3 more". */
        sb_printf(b, _("%s: yes, by %s"), w->call, txt(&t));
    } else if (w->nothers) {
        xw_others(&t, w);
        /* TRANSLATORS: "won(...): no; its eligible `standard` applications
         * got good (A1); fail (A2)": tiers and application ids. */
        sb_printf(b, _("%s: no; its eligible `%s` applications got %s"), w->call, w->category, txt(&t));
    } else {
        sb_printf(b, _("%s: no; it has no eligible `%s` application"), w->call, w->category);
    }
    sb_free(&t);
}

void xw_unknown(Sb *b, const XmCondition *c)
{
    /* the first field it read that is empty */
    const char *empty = NULL;
    for (size_t k = 0; k < c->seen.count && !empty; k++)
        if (!c->seen.items[k].expr && seen_empty(&c->seen.items[k]))
            empty = c->seen.items[k].name;
    if (empty)
        sb_printf(b, _("unknown, since %s is empty: it does not hold"), empty);
    else
        sb_str(b, _("unknown, since it needs a value that is empty: it does not hold"));
}

/* ---- needs ---- */

static const char *op_text(ExprTag t)
{
    switch (t) {
    case EX_EQ: return "=";
    case EX_NE: return "!=";
    case EX_LT: return "<";
    case EX_LE: return "<=";
    case EX_GT: return ">";
    default: return ">=";
    }
}

/* `name op value`, or "name to be other than value" for != (the value
 * already written in v). */
static void xw_compare(Sb *b, const char *name, ExprTag op, const Sb *v)
{
    if (op == EX_NE)
        /* TRANSLATORS: what a field needs: "level to be other than 3". */
        sb_printf(b, _("%s to be other than %s"), name, txt(v));
    else
        sb_printf(b, "%s %s %s", name, op_text(op), txt(v));
}

void xw_need_want(Sb *b, const XmNeed *n)
{
    Sb t = { 0 };
    switch (n->tag) {
    case XN_ALL:
    case XN_ANY:
        break;
    case XN_HOLD:
        /* the condition as written, or its negation in the rule language */
        if (n->want)
            sb_str(b, n->expr);
        else
            sb_printf(b, "not (%s)", n->expr);
        break;
    case XN_BOUND:
        xw_num(&t, n->bound);
        xw_compare(b, n->name, n->op, &t);
        break;
    case XN_MEASURE: {
        /* TRANSLATORS: what a text or list needs: "q3 to have at most
         * 1,400 words"; the last %s is a unit (words, characters, items). */
        xw_count(&t, n->bound);
        sb_printf(b,
                  n->op == EX_EQ   ? _("%s to have exactly %s %s")
                  : n->op == EX_NE ? _("%s to have other than %s %s")
                  : n->op == EX_LT ? _("%s to have fewer than %s %s")
                  : n->op == EX_LE ? _("%s to have at most %s %s")
                  : n->op == EX_GT ? _("%s to have more than %s %s")
                                   : _("%s to have at least %s %s"),
                  n->name, txt(&t), _(n->unit));
        break;
    }
    case XN_COMPARE:
        if (n->scale) {
            /* on an ordered scale, the values that pass, in its order:
             * "level to be involve, collaborate or empower" */
            for (size_t i = n->from; i < n->to; i++)
                sb_printf(&t, "%s%s", i == n->from ? "" : i + 1 == n->to ? conj_text(CONJ_OR) : ", ",
                          n->scale->names[i]);
            /* TRANSLATORS: what a field needs: "level to be good or excellent". */
            sb_printf(b, _("%s to be %s"), n->name, txt(&t));
            break;
        }
        xw_value(&t, &n->target.v, n->target.kind);
        xw_compare(b, n->name, n->op, &t);
        break;
    case XN_IN: {
        const Value *c = &n->target.v;
        if (c->tag == VAL_RANGE) {
            if (n->want)
                /* TRANSLATORS: what a field needs: "grade from 1 to 5". */
                sb_printf(b, _("%s from %lld to %lld"), n->name, (long long)c->lo, (long long)c->hi);
            else
                sb_printf(b, _("%s outside %lld to %lld"), n->name, (long long)c->lo, (long long)c->hi);
        } else if (n->want) {
            xw_items(&t, c->p.items, c->len, n->item_kind, CONJ_OR);
            sb_printf(b, _("%s to be %s"), n->name, txt(&t));
        } else {
            xw_items(&t, c->p.items, c->len, n->item_kind, CONJ_AND);
            /* TRANSLATORS: what a field needs: "kind to be none of a, b and c". */
            sb_printf(b, _("%s to be none of %s"), n->name, txt(&t));
        }
        break;
    }
    case XN_INCLUDE:
        xw_value(&t, &n->target.v, n->target.kind);
        if (n->want)
            /* TRANSLATORS: what a list needs: "channels to include web". */
            sb_printf(b, _("%s to include %s"), n->name, txt(&t));
        else
            sb_printf(b, _("%s not to include %s"), n->name, txt(&t));
        break;
    case XN_INCLUDE_EACH:
        if (n->nitems == 0) {
            sb_printf(b, _("%s to include nothing"), n->name);
        } else if (n->nitems == 1) {
            xw_items(&t, n->items, n->nitems, n->item_kind, CONJ_AND);
            sb_printf(b, _("%s to include %s"), n->name, txt(&t));
        } else if (n->nitems <= MAX_SHOWN) {
            xw_items(&t, n->items, n->nitems, n->item_kind, CONJ_AND);
            sb_printf(b, _("%s to include each of %s"), n->name, txt(&t));
        } else {
            sb_printf(b, _("%s to include every item of %s"), n->name, n->coll);
        }
        break;
    case XN_EVERY:
        /* TRANSLATORS: what `all y in list: expr` needs: "every y in list: expr". */
        sb_printf(b, _("every %s in %s: %s"), n->var, n->coll, n->expr);
        break;
    case XN_SOME:
        /* TRANSLATORS: what `any y in list: expr` needs: "some y in list with expr". */
        sb_printf(b, _("some %s in %s with %s"), n->var, n->coll, n->expr);
        break;
    case XN_FLAG:
        sb_printf(b, "%s = %s", n->name, n->want ? "true" : "false");
        break;
    case XN_PRESENT:
        /* TRANSLATORS: what a field needs: a value, or none. */
        sb_printf(b, n->want ? _("%s to be given") : _("%s to be left empty"), n->name);
        break;
    case XN_WON:
        /* TRANSLATORS: what an agency-level condition needs: "an eligible
         * `standard` application of AGENCY at outstanding" (a tier). */
        if (n->want && n->awarded)
            sb_printf(b, _("an eligible `%s` application of %.*s"), n->won->category, (int)n->agency_len,
                      n->agency);
        else if (n->want)
            sb_printf(b, _("an eligible `%s` application of %.*s at %s"), n->won->category, (int)n->agency_len,
                      n->agency, n->won->at.tier);
        else if (n->awarded)
            sb_printf(b, _("no eligible `%s` application of %.*s"), n->won->category, (int)n->agency_len,
                      n->agency);
        else
            sb_printf(b, _("no eligible `%s` application of %.*s at %s"), n->won->category, (int)n->agency_len,
                      n->agency, n->won->at.tier);
        break;
    }
    sb_free(&t);
}

bool xw_need_is(Sb *b, const XmNeed *n)
{
    Sb t = { 0 };
    switch (n->tag) {
    case XN_ALL:
    case XN_ANY:
        return false;
    case XN_HOLD:
        /* TRANSLATORS: why a condition as a whole does not pass yet. */
        sb_str(b, n->current.state == XM_EMPTY   ? _("it is unknown: it needs a value that is empty")
                  : n->current.state == XM_ERROR ? _("it cannot be computed")
                  : n->want                      ? _("it does not hold")
                                                 : _("it holds"));
        break;
    case XN_BOUND:
        if (n->away)
            xw_num(&t, n->distance);
        xw_it_is(b, &n->current, n->away, &t);
        break;
    case XN_MEASURE: {
        if (n->current.state != XM_OK) {
            sb_str(b, n->current.state == XM_EMPTY ? _("it is empty") : _("it is not known"));
            break;
        }
        Sb d = { 0 };
        xw_count(&t, n->current.v.num);
        if (n->away)
            xw_count(&d, n->distance);
        if (n->away > 0)
            /* TRANSLATORS: how many a text or list has: "it has 1,200, 200 short". */
            sb_printf(b, _("it has %s, %s short"), txt(&t), txt(&d));
        else if (n->away < 0)
            sb_printf(b, _("it has %s, %s over"), txt(&t), txt(&d));
        else
            sb_printf(b, _("it has %s"), txt(&t));
        sb_free(&d);
        break;
    }
    case XN_COMPARE:
    case XN_IN:
    case XN_INCLUDE:
    case XN_FLAG:
    case XN_PRESENT:
        xw_it_is(b, &n->current, 0, NULL);
        break;
    case XN_INCLUDE_EACH:
        xw_items(&t, n->bad, n->nbad, n->item_kind, CONJ_AND);
        /* TRANSLATORS: the items a list lacks: "it lacks web and phone". */
        sb_printf(b, _("it lacks %s"), txt(&t));
        break;
    case XN_EVERY:
        xw_items(&t, n->bad, n->nbad, n->item_kind, CONJ_AND);
        /* TRANSLATORS: "it fails for y = a and b": the items of `all y in ...`
         * for which it does not hold. */
        sb_printf(b, _("it fails for %s = %s"), n->var, txt(&t));
        break;
    case XN_SOME:
        if (n->nitems == 0) {
            /* TRANSLATORS: a list with no items. */
            sb_printf(b, _("%s is empty"), n->coll);
        } else if (n->nitems == 1) {
            xw_value(&t, &n->items[0], n->item_kind);
            /* TRANSLATORS: the only item of a list does not pass. */
            sb_printf(b, _("%s does not"), txt(&t));
        } else if (n->nitems == 2) {
            Sb u = { 0 };
            xw_value(&t, &n->items[0], n->item_kind);
            xw_value(&u, &n->items[1], n->item_kind);
            /* TRANSLATORS: neither item of a list of two passes. */
            sb_printf(b, _("neither %s nor %s does"), txt(&t), txt(&u));
            sb_free(&u);
        } else {
            xw_items(&t, n->items, n->nitems, n->item_kind, CONJ_AND);
            /* TRANSLATORS: no item of the list passes. */
            sb_printf(b, _("none of %s does"), txt(&t));
        }
        break;
    case XN_WON:
        if (!n->want) {
            xw_ids(&t, &n->won->at);
            /* TRANSLATORS: the applications (or tiers and applications) an agency has. */
            sb_printf(b, _("it has %s"), txt(&t));
        } else if (n->won->nothers) {
            xw_others(&t, n->won);
            sb_printf(b, _("it has %s"), txt(&t));
        } else {
            sb_str(b, n->awarded ? _("it has none") : _("it has none at any tier"));
        }
        break;
    }
    sb_free(&t);
    return true;
}

/* "W; I" of a leaf (a line of a choice: the reader knows what it is) */
static void xw_leaf(Sb *b, const XmNeed *n)
{
    xw_need_want(b, n);
    size_t mark = b->len;
    sb_str(b, "; ");
    if (!xw_need_is(b, n))
        b->len = mark, b->s[mark] = '\0';
}

/* A group on one line: "a (it is 1) and (b (it is 2) or c (it is 3))". */
static void xw_need_inline(Sb *b, const XmNeed *n)
{
    if (n->tag != XN_ALL && n->tag != XN_ANY) {
        xw_need_want(b, n);
        size_t mark = b->len;
        sb_str(b, " (");
        if (xw_need_is(b, n))
            sb_str(b, ")");
        else
            b->len = mark, b->s[mark] = '\0';
        return;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        if (i)
            sb_str(b, conj_text(n->tag == XN_ALL ? CONJ_AND : CONJ_OR));
        bool paren = n->kids[i]->tag == XN_ALL || n->kids[i]->tag == XN_ANY;
        sb_str(b, paren ? "(" : "");
        xw_need_inline(b, n->kids[i]);
        sb_str(b, paren ? ")" : "");
    }
}

void xw_need(Sb *b, const XmNeed *n)
{
    Sb want = { 0 }, is = { 0 };
    xw_need_want(&want, n);
    if (xw_need_is(&is, n))
        /* TRANSLATORS: what would make a condition hold, and what it is
         * now: "needs unit_coverage_pct >= 80; it is 79.99, 0.01 short". */
        sb_printf(b, _("needs %s; %s"), txt(&want), txt(&is));
    else
        sb_printf(b, _("needs %s"), txt(&want));
    sb_free(&want);
    sb_free(&is);
}

/* TRANSLATORS: before a list of choices, any one of which would do. */
void xw_needs_one_of(Sb *b) { sb_str(b, _("needs one of:")); }

void xw_need_choice(Sb *b, const XmNeed *n)
{
    if (n->tag == XN_ALL || n->tag == XN_ANY)
        xw_need_inline(b, n);
    else
        xw_leaf(b, n);
}

/* ---- the score ---- */

void xw_score_title(Sb *b, const Explanation *m)
{
    if (m->score->label)
        /* TRANSLATORS: the title of a score table: a score's name and its label. */
        sb_printf(b, _("score `%s`: %s"), m->score_name, m->score->label);
    else
        sb_printf(b, _("score `%s`"), m->score_name);
}

/* TRANSLATORS: the last row of a score table, the sum of every part. */
void xw_node_name(Sb *b, const XmNode *n) { sb_str(b, n->kind == XM_SCORE ? _("total") : n->name); }

/* The rounding modes are words of the rule language (`half-up`). */
static const char *mode_words(DecRound m)
{
    switch (m) {
    case DEC_HALF_UP: return "half-up";
    case DEC_HALF_EVEN: return "half-even";
    case DEC_UP: return "up";
    default: return "down";
    }
}

size_t xw_node_lines(Sb *b, const Explanation *m, const XmNode *n, XwLine *lines)
{
    size_t count = 0;
    Sb t = { 0 }, u = { 0 };
#define LINE_START() line_start(&lines[count], NULL, 0, b)
#define LINE_END() (lines[count++].end = b->len)
    switch (n->kind) {
    case XM_BONUS:
        LINE_START();
        /* TRANSLATORS: whether a bonus was given, and its condition as written. */
        if (n->given)
            sb_printf(b, _("given: `%s` holds"), n->expr);
        else if (n->value.state == XM_EMPTY)
            sb_printf(b, _("not given: `%s` is unknown (it needs a value that is empty)"), n->expr);
        else
            sb_printf(b, _("not given: `%s` does not hold"), n->expr);
        LINE_END();
        if (n->seen.count) {
            LINE_START();
            xw_seen(&t, &n->seen);
            sb_printf(b, _("with %s"), txt(&t));
            LINE_END();
        }
        break;
    case XM_ITEM:
        if (!n->plain && n->expr) {
            LINE_START();
            bool ok = n->value.state == XM_OK;
            if (n->has_weight) {
                xw_num(&t, n->weight);
                if (ok) {
                    xw_value(&u, &n->value.v, n->value.kind);
                    /* TRANSLATORS: how an item's points were computed:
                     * "weight 2 × q1 = 2 × 35"; the × and = are kept. */
                    sb_printf(b, _("weight %s × %s = %s × %s"), txt(&t), n->expr, txt(&t), txt(&u));
                } else {
                    sb_printf(b, _("weight %s × %s"), txt(&t), n->expr);
                }
            } else {
                sb_printf(b, "= %s", n->expr);
                if (ok && n->computed) {
                    sb_str(b, " = ");
                    xw_value(b, &n->value.v, n->value.kind);
                }
            }
            if (n->seen.count) {
                sb_str(b, "; ");
                xw_seen(b, &n->seen);
            }
            LINE_END();
        }
        if (n->cut) {
            LINE_START();
            sb_reset(&t);
            sb_reset(&u);
            xw_points(&t, m, n->before);
            xw_num(&u, n->out_of);
            /* TRANSLATORS: an item's points cut to its cap: "130.00, capped at 120". */
            sb_printf(b, _("%s, capped at %s"), txt(&t), txt(&u));
            LINE_END();
        }
        break;
    case XM_GROUP:
    case XM_SCORE:
        if (n->cut) {
            LINE_START();
            xw_points(&t, m, n->before);
            xw_num(&u, n->out_of);
            /* TRANSLATORS: a group's points cut to its cap: "sum 610.00, capped at 600". */
            sb_printf(b, _("sum %s, capped at %s"), txt(&t), txt(&u));
            LINE_END();
        }
        break;
    }
    if (n->has_round && n->kind != XM_BONUS) {
        Dec before = n->cut ? n->out_of : n->before;
        LINE_START();
        int places = n->round_places;
        unsigned long np = places < 0 ? 0 : (unsigned long)places;
        if (dec_cmp(before, n->points) != 0) {
            sb_reset(&t);
            xw_num(&t, before);
            /* TRANSLATORS: "exactly 84.125, rounded half-up to 2 decimal
             * places"; half-up (a rounding mode) is a word of the rule file. */
            sb_printf(b, P_("exactly %s, rounded %s to %d decimal place", "exactly %s, rounded %s to %d decimal places", np),
                      txt(&t), mode_words(n->round_mode), places);
        } else {
            sb_printf(b, P_("rounded %s to %d decimal place: no change", "rounded %s to %d decimal places: no change", np),
                      mode_words(n->round_mode), places);
        }
        LINE_END();
    }
#undef LINE_START
#undef LINE_END
    sb_free(&t);
    sb_free(&u);
    return count;
}

/* ---- the tier ---- */

void xw_tier_rule(Sb *b, const XmTierEntry *e)
{
    Sb lo = { 0 }, hi = { 0 };
    switch (e->rule) {
    case TIER_AT_LEAST:
        xw_num(&lo, e->lo);
        /* TRANSLATORS: the rule of a tier: "at least 800", "from 80 to
         * 89.99", "otherwise" (for every total below the others). */
        sb_printf(b, _("at least %s"), txt(&lo));
        break;
    case TIER_RANGE:
        xw_num(&lo, e->lo);
        xw_num(&hi, e->hi);
        sb_printf(b, _("from %s to %s"), txt(&lo), txt(&hi));
        break;
    case TIER_OTHERWISE:
        sb_str(b, _("otherwise"));
        break;
    }
    sb_free(&lo);
    sb_free(&hi);
}

/* "outstanding (ระดับดีเด่น, at least 800, line 93)" */
static void xw_tier_named(Sb *b, const XmTierEntry *e)
{
    sb_printf(b, "%s (%s%s", e->id, e->label ? e->label : "", e->label ? ", " : "");
    xw_tier_rule(b, e);
    sb_str(b, ", ");
    xw_place(b, e->line, e->file);
    sb_str(b, ")");
}

/* "160.00 points short of good (ระดับดี, at least 750, line 96)" */
static void xw_short_of(Sb *b, const Explanation *m, bool and)
{
    Sb pts = { 0 }, named = { 0 };
    xw_dec(&pts, m->tier.short_by, m->precision);
    xw_tier_named(&named, &m->tier.next);
    if (and)
        /* TRANSLATORS: after "had every condition held, ... would be ...". */
        sb_printf(b, _("and %s points short of %s"), txt(&pts), txt(&named));
    else
        /* TRANSLATORS: how far the total is from the next tier up. */
        sb_printf(b, _("%s points short of %s"), txt(&pts), txt(&named));
    sb_free(&pts);
    sb_free(&named);
}

size_t xw_tier_lines(Sb *b, const Explanation *m, XwLine *lines)
{
    const XmTier *t = &m->tier;
    size_t n = 0;
    if (!m->has_tier || (m->eligible && !t->has_entry))
        return 0;
    const XmTierEntry *e = &t->entry;
    Sb total = { 0 }, s1 = { 0 }, s2 = { 0 };
    xw_dec(&total, m->total, m->precision);
    line_start(&lines[n], NULL, 0, b);
    if (!m->eligible) {
        sb_printf(b, _("tier: ineligible, so no tier of `%s` is given"), t->table);
        lines[n++].end = b->len;
        if (t->has_entry) {
            line_start(&lines[n], NULL, 0, b);
            xw_tier_named(&s1, e);
            /* TRANSLATORS: the tier an ineligible application's total
             * would have had: "590.00 would be fail (ไม่ผ่าน, otherwise, line 97)". */
            sb_printf(b, _("had every condition held, %s would be %s"), txt(&total), txt(&s1));
            lines[n++].end = b->len;
            if (t->has_next) {
                line_start(&lines[n], NULL, 0, b);
                xw_short_of(b, m, true);
                lines[n++].end = b->len;
            }
        }
    } else {
        sb_str(&s1, e->id);
        if (e->label)
            sb_printf(&s1, " (%s)", e->label);
        xw_place(&s2, e->line, e->file);
        if (e->rule == TIER_OTHERWISE) {
            /* TRANSLATORS: "tier: fail (ไม่ผ่าน), otherwise: 590.00 is below
             * every tier above it (line 97 of `levels`)": the tier and its
             * label, the total, the place of the tier and the tier table. */
            sb_printf(b, _("tier: %s, otherwise: %s is below every tier above it (%s of `%s`)"), txt(&s1), txt(&total),
                      txt(&s2), t->table);
        } else {
            Sb rule = { 0 };
            xw_tier_rule(&rule, e);
            /* TRANSLATORS: "tier: good (ระดับดี), since 760.00 is at least
             * 750 (line 96 of `levels`)": the tier and its label, the total,
             * the tier's rule, its place and the tier table. */
            sb_printf(b, _("tier: %s, since %s is %s (%s of `%s`)"), txt(&s1), txt(&total), txt(&rule), txt(&s2),
                      t->table);
            sb_free(&rule);
        }
        lines[n++].end = b->len;
        if (e->note) {
            line_start(&lines[n], NULL, 0, b);
            /* TRANSLATORS: a tier's note, from the rule file. */
            sb_printf(b, _("note: %s"), e->note);
            lines[n++].end = b->len;
        }
        line_start(&lines[n], NULL, 0, b);
        if (t->has_next)
            xw_short_of(b, m, false);
        else
            sb_str(b, _("the highest tier"));
        lines[n++].end = b->len;
    }
    sb_free(&total);
    sb_free(&s1);
    sb_free(&s2);
    return n;
}

/* ==== the text writer ==== */

static void put_indent(FILE *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(' ', out);
}

/* b's text from `from` on, as one line at `indent`; b is cut back. */
static void put_line(FILE *out, size_t indent, Sb *b, size_t from)
{
    put_indent(out, indent);
    if (b->len > from) {
        fwrite(b->s + from, 1, b->len - from, out);
        b->len = from;
        b->s[from] = '\0';
    }
    fputc('\n', out);
}

/* "needs ..." lines, each at `indent`. */
static void write_needs(FILE *out, Sb *b, const XmNeed *n, size_t indent)
{
    if (!n)
        return;
    size_t mark = b->len;
    if (n->tag == XN_ALL) {
        for (size_t i = 0; i < n->nkids; i++)
            write_needs(out, b, n->kids[i], indent);
        return;
    }
    if (n->tag != XN_ANY) {
        xw_need(b, n);
        put_line(out, indent, b, mark);
        return;
    }
    xw_needs_one_of(b);
    put_line(out, indent, b, mark);
    for (size_t i = 0; i < n->nkids; i++) {
        sb_str(b, "- ");
        xw_need_choice(b, n->kids[i]);
        put_line(out, indent + 2, b, mark);
    }
}

/* One condition: whether it holds, with the values it saw and, when it
 * fails, what would pass. */
static void write_condition(FILE *out, Sb *b, const XmCondition *c, size_t wplace, size_t wmark)
{
    size_t indent = 4 + wplace + 2 + wmark + 2;
    xw_place(b, c->line, c->file);
    fputs("    ", out);
    utext_pad(out, b->s, b->len, wplace, false);
    sb_reset(b);
    const char *mark = xw_result_mark(c->result);
    fputs("  ", out);
    utext_pad(out, mark, strlen(mark), wmark, false);
    fputs("  ", out);
    if (c->message)
        fprintf(out, "%s\n", c->message);
    else
        fprintf(out, "`%s`\n", c->text);
    xw_condition_values(b, c);
    if (b->len)
        put_line(out, indent, b, 0);
    for (size_t k = 0; k < c->nwon; k++) {
        xw_won(b, &c->won[k]);
        put_line(out, indent, b, 0);
    }
    if (c->result == XM_UNKNOWN) {
        xw_unknown(b, c);
        put_line(out, indent, b, 0);
    }
    write_needs(out, b, c->need, indent);
}

/* The conditions that decided the result: all of them, or with stages
 * those of the stage where the application stopped, waits, or ended (the
 * stages before it passed: the head's stages line says so). */
static void write_conditions(FILE *out, Sb *b, const Explanation *m)
{
    if (m->outcome == XO_PENDING) {
        xw_conditions_title(b, m, m->stage_id, true, 0, 0);
        fputc('\n', out);
        put_line(out, 2, b, 0);
        return;
    }
    size_t nholds = 0, n = 0, wplace = 0;
    for (size_t i = 0; i < m->nconds_all; i++) {
        const XmCondition *c = &m->conds[i];
        if (m->staged && c->stage != m->at)
            continue;
        n++;
        nholds += c->result == XM_HOLDS;
        xw_place(b, c->line, c->file);
        size_t w = utext_width(b->s, b->len);
        if (w > wplace)
            wplace = w;
        sb_reset(b);
    }
    /* the messages start in one column: the marks "holds" and "FAILS" are
     * as wide in English, not in every language */
    size_t wmark = 0;
    static const XmResult marks[] = { XM_HOLDS, XM_FAILS };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        const char *mark = xw_result_mark(marks[i]);
        size_t w = utext_width(mark, strlen(mark));
        if (w > wmark)
            wmark = w;
    }
    xw_conditions_title(b, m, m->staged ? m->stage_id : NULL, false, nholds, n);
    fputc('\n', out);
    put_line(out, 2, b, 0);
    for (size_t i = 0; i < m->nconds_all; i++)
        if (!m->staged || m->conds[i].stage == m->at)
            write_condition(out, b, &m->conds[i], wplace, wmark);
}

/* A score row's texts, kept in one buffer. */
typedef struct Row {
    const XmNode *n;
    size_t name, points, out_of, end;   /* offsets in the buffer */
} Row;

typedef struct Rows {
    Row *items;
    size_t count, cap;
    Sb text;
} Rows;

static void add_row(Rows *rows, const Explanation *m, const XmNode *n, bool recurse)
{
    if (rows->count == rows->cap) {
        size_t cap = rows->cap;
        Row *items = mem_grow(rows->items, &cap, rows->count + 1, sizeof *items);
        if (!items)
            return; /* out of memory is fatal in mem_alloc; here only an overflow */
        rows->items = items;
        rows->cap = cap;
    }
    Row *r = &rows->items[rows->count++];
    Sb *b = &rows->text;
    r->n = n;
    r->name = b->len;
    for (size_t i = 0; i < n->depth; i++)
        sb_str(b, "  ");
    xw_node_name(b, n);
    r->points = b->len;
    if (n->has_points)
        xw_points(b, m, n->points);
    else
        sb_str(b, "-");
    r->out_of = b->len;
    xw_num(b, n->out_of);
    r->end = b->len;
    for (size_t i = 0; recurse && i < n->nkids; i++)
        add_row(rows, m, &n->kids[i], true);
}

static void write_score(FILE *out, Sb *b, const Explanation *m)
{
    Rows rows = { 0 };
    /* the items first, the total (the root) last */
    for (size_t i = 0; i < m->score->nkids; i++)
        add_row(&rows, m, &m->score->kids[i], true);
    add_row(&rows, m, m->score, false);
    const char *t = rows.text.s;
    size_t wname = 0, wpoints = 0, wout = 0;
    for (size_t i = 0; i < rows.count; i++) {
        const Row *r = &rows.items[i];
        size_t w = utext_width(t + r->name, r->points - r->name);
        if (w > wname)
            wname = w;
        if (r->out_of - r->points > wpoints)
            wpoints = r->out_of - r->points;
        if (r->end - r->out_of > wout)
            wout = r->end - r->out_of;
    }
    xw_score_title(b, m);
    fputc('\n', out);
    put_line(out, 2, b, 0);
    /* TRANSLATORS: between the points of a score row and its most:
     * "350.00 of 600"; keep a space on either side. */
    const char *of = _(" of ");
    size_t wof = utext_width(of, strlen(of));
    size_t label_col = 4 + wname + 2 + wpoints + wof + wout + 2;
    for (size_t i = 0; i < rows.count; i++) {
        const Row *r = &rows.items[i];
        fputs("    ", out);
        utext_pad(out, t + r->name, r->points - r->name, wname, false);
        fputs("  ", out);
        utext_pad(out, t + r->points, r->out_of - r->points, wpoints, true);
        fputs(of, out);
        const char *label = r->n->kind != XM_SCORE ? r->n->label : NULL;
        utext_pad(out, t + r->out_of, r->end - r->out_of, label ? wout : 0, true);
        if (label)
            fprintf(out, "  %s", label);
        fputc('\n', out);
        XwLine lines[XW_NODE_MAX];
        size_t nl = xw_node_lines(b, m, r->n, lines);
        for (size_t k = 0; k < nl; k++) {
            put_indent(out, label_col);
            fwrite(b->s + lines[k].start, 1, lines[k].end - lines[k].start, out);
            fputc('\n', out);
        }
        sb_reset(b);
        write_needs(out, b, r->n->need, label_col);
    }
    sb_free(&rows.text);
    mem_free(rows.items);
}

static void write_tier(FILE *out, Sb *b, const Explanation *m)
{
    XwLine lines[XW_TIER_MAX];
    size_t n = xw_tier_lines(b, m, lines);
    for (size_t i = 0; i < n; i++) {
        if (i == 0)
            fputc('\n', out);
        put_indent(out, i ? 4 : 2);
        fwrite(b->s + lines[i].start, 1, lines[i].end - lines[i].start, out);
        fputc('\n', out);
    }
    sb_reset(b);
}

void explanation_text(const Explanation *m, FILE *out)
{
    Sb b = { 0 };
    sb_add_shown(&b, m->id, m->id_len);
    put_line(out, 0, &b, 0);
    XwLine head[XW_HEAD_MAX];
    size_t n = xw_head(&b, m, true, head);
    /* the labels in a column wide enough for the widest in the language */
    size_t wlabel = xw_head_label_width() + 2;
    if (wlabel < LABEL_WIDTH)
        wlabel = LABEL_WIDTH;
    for (size_t i = 0; i < n; i++) {
        fputs("  ", out);
        if (head[i].label)
            utext_pad(out, head[i].label, strlen(head[i].label), wlabel, false);
        fwrite(b.s + head[i].start, 1, head[i].end - head[i].start, out);
        fputc('\n', out);
    }
    sb_reset(&b);
    if (m->outcome != XO_ERROR) {
        write_conditions(out, &b, m);
        if (m->scored) {
            write_score(out, &b, m);
            write_tier(out, &b, m);
        }
    }
    sb_free(&b);
}

void explain_text(Explainer *x, const AppResult *res, FILE *out)
{
    explanation_text(explain_build(x, res), out);
}

/* explain_text.c -- the words of an explanation (explain_words.h) and the
 * text writer, explain_text (explain.h).
 *
 * Every English word of an explanation is here: the phrases that say the
 * facts of the model, which the HTML writer escapes and the JSON writer
 * keeps in `want`, `is` and `rule`, and the text layout for people, aligned
 * by display width so that Thai labels line up. */
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "explain_model.h"
#include "explain_words.h"
#include "mem.h"
#include "strbuf.h"
#include "textmeasure.h"
#include "utext.h"

#define MAX_SHOWN 10         /* items of a list or range named in a sentence */
#define TEXT_SHOWN 60        /* characters of a text value shown before it is cut */
#define LABEL_WIDTH 10       /* columns of the head's labels ("category  ") */

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

/* ---- values ---- */

void xw_value(Sb *b, const Value *v, const Kind *k)
{
    switch (v->tag) {
    case VAL_ABSENT:
        sb_str(b, "empty");
        break;
    case VAL_BOOL:
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
            if (cut < v->len)
                sb_printf(b, "... (%zu characters in all)", text_chars(v->p.text, v->len));
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

/* A value seen: an empty field is "empty", a value that needs one "unknown". */
static void xw_seen_value(Sb *b, const XmSeen *s)
{
    if (s->value.state == XM_OK)
        xw_value(b, &s->value.v, s->value.kind);
    else if (s->value.state == XM_EMPTY)
        sb_str(b, s->expr ? "unknown" : "empty");
    else
        sb_str(b, "cannot be computed");
}

void xw_seen(Sb *b, const XmSeenList *l)
{
    for (size_t i = 0; i < l->count; i++) {
        sb_printf(b, "%s%s = ", i ? ", " : "", l->items[i].name);
        xw_seen_value(b, &l->items[i]);
    }
}

/* "it is 79.99" / "it is empty" for the current value of a name. */
static void xw_it_is(Sb *b, const XmValue *v)
{
    sb_str(b, "it is ");
    if (v->state == XM_OK)
        xw_value(b, &v->v, v->kind);
    else
        sb_str(b, v->state == XM_EMPTY ? "empty" : "not known");
}

/* "good or excellent", "6, 9 or 12" (and/or as `conj`); at most MAX_SHOWN. */
static void xw_items(Sb *b, const Value *items, size_t n, const Kind *k, const char *conj)
{
    size_t shown = n > MAX_SHOWN ? MAX_SHOWN : n;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            sb_str(b, i + 1 == shown && shown == n ? conj : ", ");
        xw_value(b, &items[i], k);
    }
    if (shown < n)
        sb_printf(b, " and %zu more", n - shown);
}

void xw_place(Sb *b, unsigned line, const char *file)
{
    if (file)
        sb_printf(b, "%s:%u", file, line);
    else
        sb_printf(b, "line %u", line);
}

/* ---- the head ---- */

/* "s" when n is not one: "1 condition", "2 conditions". */
static const char *plural(size_t n) { return n == 1 ? "" : "s"; }
/* "s" when n is one: "1 fails", "2 fail". */
static const char *singular(size_t n) { return n == 1 ? "s" : ""; }

static void xw_result(Sb *b, const Explanation *m)
{
    switch (m->outcome) {
    case XO_ERROR:
        sb_str(b, "error: the application could not be evaluated");
        break;
    case XO_PENDING:
        sb_printf(b, "pending: waits for stage `%s`", m->stage_id);
        if (m->stage_label)
            sb_printf(b, " (%s)", m->stage_label);
        break;
    case XO_STOPPED:
        sb_str(b, m->result_id);
        if (m->result_label)
            sb_printf(b, " (%s)", m->result_label);
        sb_printf(b, ": stopped at stage `%s`, where %zu of %zu condition%s fail%s", m->stage_id, m->nfailed,
                  m->nconds, plural(m->nconds), singular(m->nfailed));
        break;
    case XO_INELIGIBLE:
        sb_printf(b, "ineligible: %zu of %zu condition%s fail%s", m->nfailed, m->nconds, plural(m->nconds),
                  singular(m->nfailed));
        break;
    case XO_TIER:
        sb_str(b, m->result_id);
        if (m->result_label)
            sb_printf(b, " (%s)", m->result_label);
        break;
    case XO_AWARDED:
        sb_printf(b, "awarded: %s", m->nconds == 0 ? "it has no conditions" : "every condition holds");
        break;
    }
}

/* "completeness passed (all 14 conditions hold)" */
void xw_stage(Sb *b, const XmStage *s)
{
    sb_str(b, s->id);
    switch (s->state) {
    case XS_NOT_REACHED:
        sb_str(b, " not reached");
        break;
    case XS_WAITS:
        sb_str(b, " waits: none of the fields it reads first has a value yet");
        break;
    case XS_FAILED:
        sb_printf(b, ": %zu of %zu condition%s fail%s", s->nfailed, s->nconds, plural(s->nconds),
                  singular(s->nfailed));
        break;
    case XS_PASSED:
        if (s->nconds)
            sb_printf(b, " passed (%s%zu condition%s hold%s)", s->nconds > 2 ? "all " : s->nconds == 2 ? "both " : "",
                      s->nconds, plural(s->nconds), singular(s->nconds));
        else
            sb_str(b, " passed");
        break;
    }
}

static void line_start(XwLine *l, const char *label, int role, const Sb *b)
{
    l->label = label;
    l->start = b->len;
    l->role = role;
}

size_t xw_head(Sb *b, const Explanation *m, bool stages, XwLine *lines)
{
    size_t n = 0;
    if (m->agency_row) {
        line_start(&lines[n], NULL, XH_KIND, b);
        sb_str(b, "agency-level result, from the agency's applications in this batch");
        lines[n++].end = b->len;
    } else if (m->source) {
        line_start(&lines[n], "from", XH_FROM, b);
        sb_add_shown(b, m->source, strlen(m->source));
        sb_printf(b, ", line %zu", m->line);
        lines[n++].end = b->len;
    }
    line_start(&lines[n], "category", XH_CATEGORY, b);
    if (m->has_category)
        sb_printf(b, "%lld %s%s%s", (long long)m->cat_number, m->cat_id, m->cat_title ? ": " : "",
                  m->cat_title ? m->cat_title : "");
    else
        sb_str(b, "unknown");
    lines[n++].end = b->len;
    line_start(&lines[n], "result", XH_RESULT, b);
    xw_result(b, m);
    lines[n++].end = b->len;
    if (m->outcome == XO_ERROR) {
        line_start(&lines[n], "error", XH_ERROR, b);
        sb_add_shown(b, m->error, strlen(m->error));
        lines[n++].end = b->len;
        return n;
    }
    if (m->scored) {
        line_start(&lines[n], "total", XH_TOTAL, b);
        xw_dec(b, m->total, m->precision);
        sb_str(b, " of ");
        xw_num(b, m->out_of);
        lines[n++].end = b->len;
    }
    if (m->staged && stages) {
        line_start(&lines[n], xw_word(XW_STAGES), XH_STAGES, b);
        for (size_t i = 0; i < m->nstages; i++) {
            if (i)
                sb_str(b, "; ");
            xw_stage(b, &m->stages[i]);
        }
        lines[n++].end = b->len;
    }
    return n;
}

/* ---- conditions ---- */

void xw_holds(Sb *b, size_t nholds, size_t n)
{
    if (nholds == n) {
        if (n == 1)
            sb_str(b, "it holds");
        else if (n == 2)
            sb_str(b, "both hold");
        else
            sb_printf(b, "all %zu hold", n);
    } else {
        sb_printf(b, "%zu of %zu hold%s", nholds, n, singular(nholds));
    }
}

void xw_conditions_title(Sb *b, const Explanation *m, const char *stage, bool pending, size_t nholds, size_t n)
{
    if (pending)
        sb_printf(b, "conditions: none assessed yet at stage `%s`", stage);
    else if (n == 0 && stage)
        sb_printf(b, "conditions: none at stage `%s`", stage);
    else if (n == 0)
        sb_str(b, "conditions: none");
    else {
        sb_printf(b, "conditions (%s): ", m->rules);
        xw_holds(b, nholds, n);
    }
}

const char *xw_result_mark(XmResult r)
{
    return r == XM_HOLDS ? "holds" : r == XM_NOT_ASSESSED ? "not assessed" : "FAILS";
}

const char *xw_word(XwWord w)
{
    static const char *const words[] = {
        [XW_ITEM] = "item", [XW_POINTS] = "points", [XW_OUT_OF] = "out of", [XW_LABEL] = "label",
        [XW_STAGES] = "stages",
    };
    return words[w];
}

void xw_condition_values(Sb *b, const XmCondition *c)
{
    size_t mark = b->len;
    /* a field alone, or a single won(...), is said by its values */
    if (c->message && !c->single)
        sb_printf(b, "`%s`", c->text);
    if (c->seen.count) {
        sb_str(b, b->len > mark ? " with " : c->single ? "" : "with ");
        xw_seen(b, &c->seen);
    }
}

/* "PS-2558-001, PS-2558-002 and 3 more" */
static void xw_ids(Sb *b, const XmWinners *w)
{
    for (size_t i = 0; i < w->nids; i++) {
        if (i)
            sb_str(b, i + 1 == w->nids && w->count == w->nids ? " and " : ", ");
        sb_add(b, w->ids[i], w->lens[i]);
    }
    if (w->count > w->nids)
        sb_printf(b, " and %zu more", w->count - w->nids);
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
    sb_printf(b, "%s: ", w->call);
    if (w->at.count) {
        sb_str(b, "yes, by ");
        xw_ids(b, &w->at);
    } else if (w->nothers) {
        sb_printf(b, "no; its eligible `%s` applications got ", w->category);
        xw_others(b, w);
    } else {
        sb_printf(b, "no; it has no eligible `%s` application", w->category);
    }
}

void xw_unknown(Sb *b, const XmCondition *c)
{
    /* the first field it read that is empty */
    Sb t = { 0 };
    const char *empty = NULL;
    for (size_t k = 0; k < c->seen.count && !empty; k++) {
        if (c->seen.items[k].expr)
            continue;
        sb_reset(&t);
        xw_seen_value(&t, &c->seen.items[k]);
        if (t.s && strcmp(t.s, "empty") == 0)
            empty = c->seen.items[k].name;
    }
    sb_free(&t);
    if (empty)
        sb_printf(b, "unknown, since %s is empty: it does not hold", empty);
    else
        sb_str(b, "unknown, since it needs a value that is empty: it does not hold");
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

void xw_need_want(Sb *b, const XmNeed *n)
{
    switch (n->tag) {
    case XN_ALL:
    case XN_ANY:
        break;
    case XN_HOLD:
        if (n->want)
            sb_str(b, n->expr);
        else
            sb_printf(b, "not (%s)", n->expr);
        break;
    case XN_BOUND:
        if (n->op == EX_NE)
            sb_printf(b, "%s to be other than ", n->name);
        else
            sb_printf(b, "%s %s ", n->name, op_text(n->op));
        xw_num(b, n->bound);
        break;
    case XN_MEASURE: {
        static const char *const how[] = {
            [EX_EQ] = "exactly", [EX_NE] = "other than", [EX_LT] = "fewer than", [EX_LE] = "at most",
            [EX_GT] = "more than", [EX_GE] = "at least",
        };
        sb_printf(b, "%s to have %s ", n->name, how[n->op]);
        xw_count(b, n->bound);
        sb_printf(b, " %s", n->unit);
        break;
    }
    case XN_COMPARE:
        if (n->scale) {
            /* on an ordered scale, the values that pass, in its order:
             * "level to be involve, collaborate or empower" */
            sb_printf(b, "%s to be ", n->name);
            for (size_t i = n->from; i < n->to; i++)
                sb_printf(b, "%s%s", i == n->from ? "" : i + 1 == n->to ? " or " : ", ", n->scale->names[i]);
            break;
        }
        if (n->op == EX_NE)
            sb_printf(b, "%s to be other than ", n->name);
        else
            sb_printf(b, "%s %s ", n->name, op_text(n->op));
        xw_value(b, &n->target.v, n->target.kind);
        break;
    case XN_IN: {
        const Value *c = &n->target.v;
        if (c->tag == VAL_RANGE) {
            sb_printf(b, "%s %s %lld to %lld", n->name, n->want ? "from" : "outside", (long long)c->lo,
                      (long long)c->hi);
        } else {
            sb_printf(b, "%s %s ", n->name, n->want ? "to be" : "to be none of");
            xw_items(b, c->p.items, c->len, n->item_kind, n->want ? " or " : " and ");
        }
        break;
    }
    case XN_INCLUDE:
        sb_printf(b, "%s %s ", n->name, n->want ? "to include" : "not to include");
        xw_value(b, &n->target.v, n->target.kind);
        break;
    case XN_INCLUDE_EACH:
        sb_printf(b, "%s to include ", n->name);
        if (n->nitems == 0) {
            sb_str(b, "nothing");
        } else if (n->nitems <= MAX_SHOWN) {
            sb_str(b, n->nitems == 1 ? "" : "each of ");
            xw_items(b, n->items, n->nitems, n->item_kind, " and ");
        } else {
            sb_printf(b, "every item of %s", n->coll);
        }
        break;
    case XN_EVERY:
        sb_printf(b, "every %s in %s: %s", n->var, n->coll, n->expr);
        break;
    case XN_SOME:
        sb_printf(b, "some %s in %s with %s", n->var, n->coll, n->expr);
        break;
    case XN_FLAG:
        sb_printf(b, "%s = %s", n->name, n->want ? "true" : "false");
        break;
    case XN_PRESENT:
        sb_printf(b, "%s to be %s", n->name, n->want ? "given" : "left empty");
        break;
    case XN_WON:
        sb_printf(b, "%s eligible `%s` application of %.*s", n->want ? "an" : "no", n->won->category,
                  (int)n->agency_len, n->agency);
        if (!n->awarded)
            sb_printf(b, " at %s", n->won->at.tier);
        break;
    }
}

bool xw_need_is(Sb *b, const XmNeed *n)
{
    switch (n->tag) {
    case XN_ALL:
    case XN_ANY:
        return false;
    case XN_HOLD:
        sb_str(b, n->current.state == XM_EMPTY   ? "it is unknown: it needs a value that is empty"
                  : n->current.state == XM_ERROR ? "it cannot be computed"
                  : n->want                      ? "it does not hold"
                                                 : "it holds");
        break;
    case XN_BOUND:
        xw_it_is(b, &n->current);
        if (n->away) {
            sb_str(b, ", ");
            xw_num(b, n->distance);
            sb_str(b, n->away > 0 ? " short" : " over");
        }
        break;
    case XN_MEASURE:
        if (n->current.state != XM_OK) {
            sb_str(b, n->current.state == XM_EMPTY ? "it is empty" : "it is not known");
            break;
        }
        sb_str(b, "it has ");
        xw_count(b, n->current.v.num);
        if (n->away) {
            sb_str(b, ", ");
            xw_count(b, n->distance);
            sb_str(b, n->away > 0 ? " short" : " over");
        }
        break;
    case XN_COMPARE:
    case XN_IN:
    case XN_INCLUDE:
    case XN_FLAG:
    case XN_PRESENT:
        xw_it_is(b, &n->current);
        break;
    case XN_INCLUDE_EACH:
        sb_str(b, "it lacks ");
        xw_items(b, n->bad, n->nbad, n->item_kind, " and ");
        break;
    case XN_EVERY:
        sb_printf(b, "it fails for %s = ", n->var);
        xw_items(b, n->bad, n->nbad, n->item_kind, " and ");
        break;
    case XN_SOME:
        if (n->nitems == 0) {
            sb_printf(b, "%s is empty", n->coll);
            break;
        }
        sb_str(b, n->nitems == 1 ? "" : n->nitems == 2 ? "neither " : "none of ");
        xw_items(b, n->items, n->nitems, n->item_kind, n->nitems == 2 ? " nor " : " and ");
        sb_str(b, n->nitems == 1 ? " does not" : " does");
        break;
    case XN_WON:
        if (!n->want) {
            sb_str(b, "it has ");
            xw_ids(b, &n->won->at);
        } else if (n->won->nothers) {
            sb_str(b, "it has ");
            xw_others(b, n->won);
        } else {
            sb_printf(b, "it has none%s", n->awarded ? "" : " at any tier");
        }
        break;
    }
    return true;
}

/* "W; I" of a leaf */
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
            sb_str(b, n->tag == XN_ALL ? " and " : " or ");
        bool paren = n->kids[i]->tag == XN_ALL || n->kids[i]->tag == XN_ANY;
        sb_str(b, paren ? "(" : "");
        xw_need_inline(b, n->kids[i]);
        sb_str(b, paren ? ")" : "");
    }
}

void xw_need(Sb *b, const XmNeed *n)
{
    sb_str(b, "needs ");
    xw_leaf(b, n);
}

void xw_needs_one_of(Sb *b) { sb_str(b, "needs one of:"); }

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
    sb_printf(b, "score `%s`", m->score_name);
    if (m->score->label)
        sb_printf(b, ": %s", m->score->label);
}

void xw_node_name(Sb *b, const XmNode *n) { sb_str(b, n->kind == XM_SCORE ? "total" : n->name); }

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
#define LINE_START() line_start(&lines[count], NULL, 0, b)
#define LINE_END() (lines[count++].end = b->len)
    switch (n->kind) {
    case XM_BONUS:
        LINE_START();
        if (n->given)
            sb_printf(b, "given: `%s` holds", n->expr);
        else
            sb_printf(b, "not given: `%s` %s", n->expr,
                      n->value.state == XM_EMPTY ? "is unknown (it needs a value that is empty)" : "does not hold");
        LINE_END();
        if (n->seen.count) {
            LINE_START();
            sb_str(b, "with ");
            xw_seen(b, &n->seen);
            LINE_END();
        }
        break;
    case XM_ITEM:
        if (!n->plain && n->expr) {
            LINE_START();
            bool ok = n->value.state == XM_OK;
            if (n->has_weight) {
                sb_str(b, "weight ");
                xw_num(b, n->weight);
                sb_printf(b, " × %s", n->expr);
                if (ok) {
                    sb_str(b, " = ");
                    xw_num(b, n->weight);
                    sb_str(b, " × ");
                    xw_value(b, &n->value.v, n->value.kind);
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
            xw_points(b, m, n->before);
            sb_str(b, ", capped at ");
            xw_num(b, n->out_of);
            LINE_END();
        }
        break;
    case XM_GROUP:
    case XM_SCORE:
        if (n->cut) {
            LINE_START();
            sb_str(b, "sum ");
            xw_points(b, m, n->before);
            sb_str(b, ", capped at ");
            xw_num(b, n->out_of);
            LINE_END();
        }
        break;
    }
    if (n->has_round && n->kind != XM_BONUS) {
        Dec before = n->cut ? n->out_of : n->before;
        LINE_START();
        if (dec_cmp(before, n->points) != 0) {
            sb_str(b, "exactly ");
            xw_num(b, before);
            sb_printf(b, ", rounded %s to %d decimal place%s", mode_words(n->round_mode), n->round_places,
                      n->round_places == 1 ? "" : "s");
        } else {
            sb_printf(b, "rounded %s to %d decimal place%s: no change", mode_words(n->round_mode), n->round_places,
                      n->round_places == 1 ? "" : "s");
        }
        LINE_END();
    }
#undef LINE_START
#undef LINE_END
    return count;
}

/* ---- the tier ---- */

void xw_tier_rule(Sb *b, const XmTierEntry *e)
{
    switch (e->rule) {
    case TIER_AT_LEAST:
        sb_str(b, "at least ");
        xw_num(b, e->lo);
        break;
    case TIER_RANGE:
        sb_str(b, "from ");
        xw_num(b, e->lo);
        sb_str(b, " to ");
        xw_num(b, e->hi);
        break;
    case TIER_OTHERWISE:
        sb_str(b, "otherwise");
        break;
    }
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

size_t xw_tier_lines(Sb *b, const Explanation *m, XwLine *lines)
{
    const XmTier *t = &m->tier;
    size_t n = 0;
    if (!m->has_tier || (m->eligible && !t->has_entry))
        return 0;
    const XmTierEntry *e = &t->entry;
    line_start(&lines[n], NULL, 0, b);
    if (!m->eligible) {
        sb_printf(b, "tier: ineligible, so no tier of `%s` is given", t->table);
        lines[n++].end = b->len;
        if (!t->has_entry)
            return n;
        line_start(&lines[n], NULL, 0, b);
        sb_str(b, "had every condition held, ");
        xw_dec(b, m->total, m->precision);
        sb_str(b, " would be ");
        xw_tier_named(b, e);
        lines[n++].end = b->len;
        if (t->has_next) {
            line_start(&lines[n], NULL, 0, b);
            sb_str(b, "and ");
            xw_dec(b, t->short_by, m->precision);
            sb_str(b, " points short of ");
            xw_tier_named(b, &t->next);
            lines[n++].end = b->len;
        }
        return n;
    }
    sb_printf(b, "tier: %s", e->id);
    if (e->label)
        sb_printf(b, " (%s)", e->label);
    sb_str(b, ", ");
    if (e->rule == TIER_OTHERWISE) {
        sb_str(b, "otherwise: ");
        xw_dec(b, m->total, m->precision);
        sb_str(b, " is below every tier above it");
    } else {
        sb_str(b, "since ");
        xw_dec(b, m->total, m->precision);
        sb_str(b, " is ");
        xw_tier_rule(b, e);
    }
    sb_str(b, " (");
    xw_place(b, e->line, e->file);
    sb_printf(b, " of `%s`)", t->table);
    lines[n++].end = b->len;
    if (e->note) {
        line_start(&lines[n], NULL, 0, b);
        sb_printf(b, "note: %s", e->note);
        lines[n++].end = b->len;
    }
    line_start(&lines[n], NULL, 0, b);
    if (t->has_next) {
        xw_dec(b, t->short_by, m->precision);
        sb_str(b, " points short of ");
        xw_tier_named(b, &t->next);
    } else {
        sb_str(b, "the highest tier");
    }
    lines[n++].end = b->len;
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
static void write_condition(FILE *out, Sb *b, const XmCondition *c, size_t wplace)
{
    size_t indent = 4 + wplace + 2 + 5 + 2;
    xw_place(b, c->line, c->file);
    fputs("    ", out);
    utext_pad(out, b->s, b->len, wplace, false);
    sb_reset(b);
    fprintf(out, "  %s  ", xw_result_mark(c->result));
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
        if (b->len > wplace)
            wplace = b->len;
        sb_reset(b);
    }
    xw_conditions_title(b, m, m->staged ? m->stage_id : NULL, false, nholds, n);
    fputc('\n', out);
    put_line(out, 2, b, 0);
    for (size_t i = 0; i < m->nconds_all; i++)
        if (!m->staged || m->conds[i].stage == m->at)
            write_condition(out, b, &m->conds[i], wplace);
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
    size_t label_col = 4 + wname + 2 + wpoints + 4 + wout + 2;
    for (size_t i = 0; i < rows.count; i++) {
        const Row *r = &rows.items[i];
        fputs("    ", out);
        utext_pad(out, t + r->name, r->points - r->name, wname, false);
        fputs("  ", out);
        utext_pad(out, t + r->points, r->out_of - r->points, wpoints, true);
        fputs(" of ", out);
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
    for (size_t i = 0; i < n; i++) {
        fputs("  ", out);
        if (head[i].label)
            utext_pad(out, head[i].label, strlen(head[i].label), LABEL_WIDTH, false);
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

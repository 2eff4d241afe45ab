/* explain_json.c -- the JSON writer of explanations: explain_json
 * (explain.h), the member `explain` of eval's JSON.
 *
 * Numbers are exact decimal literals, values keep their kind (a list is a
 * list, an empty field null), and the members are named as docs/explain.md
 * lists them.  A need's `want` and `is` and a tier's `rule` are the
 * sentences of the text (explain_words.h), so that a program shows people
 * the words the text gives them. */
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "explain_model.h"
#include "explain_words.h"
#include "mem.h"
#include "strbuf.h"

static const char *bool_text(bool b) { return b ? "true" : "false"; }

static void json_value(Sb *b, const Value *v, const Kind *k)
{
    switch (v->tag) {
    case VAL_ABSENT:
        sb_str(b, "null");
        break;
    case VAL_BOOL:
        sb_str(b, bool_text(v->b));
        break;
    case VAL_NUM:
        xw_dec(b, v->num, 0);
        break;
    case VAL_TEXT:
        sb_add_json(b, v->p.text, v->len);
        break;
    case VAL_DATE: {
        int y, m, d;
        date_from_days(v->date, &y, &m, &d);
        sb_printf(b, "\"%04d-%02d-%02d\"", y, m, d);
        break;
    }
    case VAL_LIST: {
        const Kind *ek = k && (k->tag == KIND_LIST || k->tag == KIND_RANGE) ? k->elem : NULL;
        sb_str(b, "[");
        for (uint32_t i = 0; i < v->len; i++) {
            if (i)
                sb_str(b, ",");
            json_value(b, &v->p.items[i], ek);
        }
        sb_str(b, "]");
        break;
    }
    case VAL_RANGE:
        sb_printf(b, "{\"from\":%lld,\"to\":%lld}", (long long)v->lo, (long long)v->hi);
        break;
    }
}

/* A value the model may lack: null when it could not be had. */
static void json_xvalue(Sb *b, const XmValue *v)
{
    if (v->state == XM_OK)
        json_value(b, &v->v, v->kind);
    else
        sb_str(b, "null");
}

static void json_items(Sb *b, const Value *items, size_t n, const Kind *k)
{
    sb_str(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_str(b, ",");
        json_value(b, &items[i], k);
    }
    sb_str(b, "]");
}

static void json_seen(Sb *b, const XmSeenList *l)
{
    sb_str(b, "[");
    for (size_t i = 0; i < l->count; i++) {
        sb_str(b, i ? ",{" : "{");
        sb_str(b, l->items[i].expr ? "\"expr\":" : "\"name\":");
        sb_add_json_cstr(b, l->items[i].name);
        sb_str(b, ",\"value\":");
        json_xvalue(b, &l->items[i].value);
        sb_str(b, "}");
    }
    sb_str(b, "]");
}

static void json_ids(Sb *b, const XmWinners *w)
{
    sb_str(b, "[");
    for (size_t i = 0; i < w->nids; i++) {
        if (i)
            sb_str(b, ",");
        sb_add_json(b, w->ids[i], w->lens[i]);
    }
    sb_str(b, "]");
}

static const char *op_json(ExprTag t)
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

/* ---- needs ---- */

/* `s`, the sentence a words function wrote to `t`, as a JSON string. */
static void json_words(Sb *b, Sb *t) { sb_add_json(b, t->s ? t->s : "", t->len); }

static void json_name_op(Sb *b, const char *name, ExprTag op)
{
    sb_str(b, ",\"name\":");
    sb_add_json_cstr(b, name);
    sb_printf(b, ",\"op\":\"%s\",\"value\":", op_json(op));
}

static void json_need(Sb *b, Sb *t, const XmNeed *n)
{
    if (n->tag == XN_ALL || n->tag == XN_ANY) {
        sb_str(b, n->tag == XN_ALL ? "{\"all_of\":[" : "{\"one_of\":[");
        for (size_t i = 0; i < n->nkids; i++) {
            sb_str(b, i ? "," : "");
            json_need(b, t, n->kids[i]);
        }
        sb_str(b, "]}");
        return;
    }
    sb_str(b, "{\"want\":");
    sb_reset(t);
    xw_need_want(t, n);
    json_words(b, t);
    sb_str(b, ",\"is\":");
    sb_reset(t);
    if (xw_need_is(t, n))
        json_words(b, t);
    else
        sb_str(b, "null");
    switch (n->tag) {
    case XN_ALL:
    case XN_ANY:
    case XN_HOLD:
        break;
    case XN_BOUND:
        json_name_op(b, n->name, n->op);
        xw_num(b, n->bound);
        sb_str(b, ",\"current\":");
        json_xvalue(b, &n->current);
        if (n->away) {
            sb_str(b, n->away > 0 ? ",\"short\":" : ",\"over\":");
            xw_num(b, n->distance);
        }
        break;
    case XN_MEASURE:
        json_name_op(b, n->expr, n->op);
        xw_num(b, n->bound);
        sb_str(b, ",\"current\":");
        json_xvalue(b, &n->current);
        sb_str(b, ",\"unit\":");
        sb_add_json_cstr(b, n->unit);
        break;
    case XN_COMPARE:
        json_name_op(b, n->name, n->op);
        json_value(b, &n->target.v, n->target.kind);
        sb_str(b, ",\"current\":");
        json_xvalue(b, &n->current);
        break;
    case XN_IN:
        sb_str(b, ",\"name\":");
        sb_add_json_cstr(b, n->name);
        sb_str(b, n->want ? ",\"one_of\":" : ",\"none_of\":");
        if (n->target.v.tag == VAL_RANGE)
            json_value(b, &n->target.v, NULL);
        else
            json_items(b, n->target.v.p.items, n->target.v.len, n->item_kind);
        sb_str(b, ",\"current\":");
        json_xvalue(b, &n->current);
        break;
    case XN_INCLUDE:
        sb_str(b, ",\"name\":");
        sb_add_json_cstr(b, n->name);
        sb_str(b, n->want ? ",\"include\":" : ",\"exclude\":");
        json_value(b, &n->target.v, n->target.kind);
        sb_str(b, ",\"current\":");
        json_xvalue(b, &n->current);
        break;
    case XN_INCLUDE_EACH:
        sb_str(b, ",\"name\":");
        sb_add_json_cstr(b, n->name);
        sb_str(b, ",\"missing\":");
        json_items(b, n->bad, n->nbad, n->item_kind);
        break;
    case XN_EVERY:
        sb_str(b, ",\"fails_for\":");
        json_items(b, n->bad, n->nbad, n->item_kind);
        break;
    case XN_SOME:
        sb_str(b, ",\"fails_for\":");
        json_items(b, n->items, n->nitems, n->item_kind);
        break;
    case XN_FLAG:
        json_name_op(b, n->name, EX_EQ);
        sb_str(b, bool_text(n->want));
        sb_str(b, ",\"current\":");
        json_xvalue(b, &n->current);
        break;
    case XN_PRESENT:
        sb_str(b, ",\"name\":");
        sb_add_json_cstr(b, n->name);
        sb_printf(b, ",\"present\":%s,\"current\":", bool_text(n->want));
        json_xvalue(b, &n->current);
        break;
    case XN_WON:
        sb_str(b, ",\"category\":");
        sb_add_json_cstr(b, n->won->category);
        sb_str(b, ",\"tier\":");
        sb_add_json_cstr(b, n->won->at.tier);
        sb_printf(b, ",\"won\":%s", bool_text(n->want));
        break;
    }
    sb_str(b, "}");
}

/* The needs as a JSON array: every item is needed. */
static void json_needs(Sb *b, Sb *t, const XmNeed *n)
{
    sb_str(b, "[");
    if (n && n->tag == XN_ALL) {
        for (size_t i = 0; i < n->nkids; i++) {
            sb_str(b, i ? "," : "");
            json_need(b, t, n->kids[i]);
        }
    } else if (n) {
        json_need(b, t, n);
    }
    sb_str(b, "]");
}

/* ---- conditions ---- */

static const char *result_json(XmResult r)
{
    return r == XM_HOLDS ? "holds" : r == XM_FAILS ? "fails" : r == XM_UNKNOWN ? "unknown" : "not_assessed";
}

static void json_won(Sb *b, const XmWon *w)
{
    sb_str(b, "{\"category\":");
    sb_add_json_cstr(b, w->category);
    sb_str(b, ",\"tier\":");
    sb_add_json_cstr(b, w->at.tier);
    sb_printf(b, ",\"won\":%s,\"count\":%zu,\"ids\":", bool_text(w->at.count != 0), w->at.count);
    json_ids(b, &w->at);
    sb_str(b, ",\"other_tiers\":[");
    for (size_t i = 0; i < w->nothers; i++) {
        sb_str(b, i ? ",{\"tier\":" : "{\"tier\":");
        sb_add_json_cstr(b, w->others[i].tier);
        sb_printf(b, ",\"count\":%zu,\"ids\":", w->others[i].count);
        json_ids(b, &w->others[i]);
        sb_str(b, "}");
    }
    sb_str(b, "]}");
}

static void json_condition(Sb *b, Sb *t, const Explanation *m, const XmCondition *c)
{
    sb_printf(b, "{\"line\":%u,\"message\":", c->line);
    sb_add_json_cstr(b, c->message);
    sb_str(b, ",\"condition\":");
    sb_add_json_cstr(b, c->text);
    sb_printf(b, ",\"result\":\"%s\"", result_json(c->result));
    if (m->agency_row) {
        sb_str(b, ",\"won\":[");
        for (size_t k = 0; k < c->nwon; k++) {
            sb_str(b, k ? "," : "");
            json_won(b, &c->won[k]);
        }
        sb_str(b, "]");
    } else {
        sb_str(b, ",\"values\":");
        json_seen(b, &c->seen);
    }
    sb_str(b, ",\"needs\":");
    json_needs(b, t, c->need);
    if (c->stage_id && !m->agency_row) {
        sb_str(b, ",\"stage\":");
        sb_add_json_cstr(b, c->stage_id);
    }
    sb_str(b, "}");
}

/* ---- the score ---- */

static const char *round_mode_json(DecRound m)
{
    switch (m) {
    case DEC_HALF_UP: return "half-up";
    case DEC_HALF_EVEN: return "half-even";
    case DEC_UP: return "up";
    default: return "down";
    }
}

static void json_node(Sb *b, Sb *t, const Explanation *m, const XmNode *n)
{
    static const char *const kinds[] = { [XM_SCORE] = "score", [XM_GROUP] = "group", [XM_ITEM] = "item",
                                         [XM_BONUS] = "bonus" };
    sb_str(b, "{\"name\":");
    sb_add_json_cstr(b, n->name);
    sb_str(b, ",\"label\":");
    sb_add_json_cstr(b, n->label);
    sb_printf(b, ",\"kind\":\"%s\",\"points\":", kinds[n->kind]);
    if (n->has_points)
        xw_points(b, m, n->points);
    else
        sb_str(b, "null");
    sb_str(b, ",\"out_of\":");
    xw_num(b, n->out_of);
    switch (n->kind) {
    case XM_BONUS:
        sb_printf(b, ",\"given\":%s,\"condition\":", bool_text(n->given));
        sb_add_json_cstr(b, n->expr);
        sb_printf(b, ",\"result\":\"%s\",\"values\":",
                  n->value.state == XM_EMPTY                    ? "unknown"
                  : n->value.state == XM_OK && n->value.v.b     ? "holds"
                                                                : "fails");
        json_seen(b, &n->seen);
        sb_str(b, ",\"needs\":");
        json_needs(b, t, n->given ? NULL : n->need);
        break;
    case XM_ITEM:
        if (n->has_weight) {
            sb_str(b, ",\"weight\":");
            xw_num(b, n->weight);
        }
        sb_str(b, ",\"value\":{\"expr\":");
        sb_add_json_cstr(b, n->expr);
        sb_str(b, ",\"value\":");
        json_xvalue(b, &n->value);
        sb_str(b, "},\"values\":");
        json_seen(b, &n->seen);
        sb_str(b, ",\"before_cap\":");
        xw_points(b, m, n->before);
        sb_printf(b, ",\"capped\":%s,\"cut\":%s", bool_text(n->capped), bool_text(n->cut));
        break;
    case XM_GROUP:
    case XM_SCORE:
        sb_str(b, ",\"sum\":");
        xw_points(b, m, n->before);
        sb_printf(b, ",\"capped\":%s,\"cut\":%s", bool_text(n->capped), bool_text(n->cut));
        break;
    }
    if (n->has_round)
        sb_printf(b, ",\"round\":{\"places\":%d,\"mode\":\"%s\"}", n->round_places, round_mode_json(n->round_mode));
    if (n->kind == XM_GROUP || n->kind == XM_SCORE) {
        sb_str(b, ",\"items\":[");
        for (size_t k = 0; k < n->nkids; k++) {
            sb_str(b, k ? "," : "");
            json_node(b, t, m, &n->kids[k]);
        }
        sb_str(b, "]");
    }
    sb_str(b, "}");
}

/* ---- the tier ---- */

/* A tier entry, its closing brace left to the caller. */
static void json_tier(Sb *b, Sb *t, const XmTierEntry *e)
{
    sb_str(b, "{\"id\":");
    sb_add_json_cstr(b, e->id);
    sb_str(b, ",\"label\":");
    sb_add_json_cstr(b, e->label);
    sb_str(b, ",\"rule\":");
    sb_reset(t);
    xw_tier_rule(t, e);
    json_words(b, t);
    sb_printf(b, ",\"line\":%u,\"note\":", e->line);
    sb_add_json_cstr(b, e->note);
}

static void json_tiers(Sb *b, Sb *t, const Explanation *m)
{
    const XmTier *tr = &m->tier;
    if (!m->has_tier || !tr->has_entry)
        return;
    sb_str(b, m->eligible ? ",\"tier\":" : ",\"tier_if_eligible\":");
    json_tier(b, t, &tr->entry);
    sb_str(b, "}");
    if (m->eligible || tr->has_next)
        sb_str(b, m->eligible ? ",\"next_tier\":" : ",\"next_tier_if_eligible\":");
    if (tr->has_next) {
        json_tier(b, t, &tr->next);
        sb_str(b, ",\"short\":");
        xw_dec(b, tr->short_by, m->precision);
        sb_str(b, "}");
    } else if (m->eligible) {
        sb_str(b, "null");
    }
}

/* ---- the whole ---- */

void explanation_json(const Explanation *m, FILE *out)
{
    Sb b = { 0 }; /* the whole object */
    Sb t = { 0 }; /* one sentence of it */
    sb_str(&b, "{\"rules\":");
    sb_add_json_cstr(&b, m->rules);
    if (m->outcome == XO_ERROR) {
        sb_str(&b, ",\"error\":");
        sb_add_json_cstr(&b, m->error);
    } else {
        sb_str(&b, ",\"conditions\":[");
        for (size_t i = 0; i < m->nconds_all; i++) {
            sb_str(&b, i ? "," : "");
            json_condition(&b, &t, m, &m->conds[i]);
        }
        sb_str(&b, "]");
        if (m->scored) {
            sb_str(&b, ",\"score\":");
            json_node(&b, &t, m, m->score);
            json_tiers(&b, &t, m);
        }
    }
    sb_str(&b, "}");
    fwrite(b.s, 1, b.len, out);
    sb_free(&b);
    sb_free(&t);
}

void explain_json(Explainer *x, const AppResult *res, FILE *out)
{
    explanation_json(explain_build(x, res), out);
}

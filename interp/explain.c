/* explain.c -- why an application got its result: the model (see explain.h
 * and explain_model.h).  The writers are explain_text.c (with the words of
 * every writer), explain_json.c and explain_html.c.
 *
 * explain_build gathers the facts of one result into an Explanation kept in
 * the explainer's arena: each condition with its result, the values it saw
 * and, when it failed, what would have passed it (a tree of needs: all of,
 * one of, or a leaf of a known shape); each node of the score tree with how
 * it got its points; the tier and the next one up; for an agency-level
 * result, the applications behind each won(...).
 *
 * Values come from the evaluator (eval_expr_value) while the result is still
 * valid.  A quantifier's body reads its variable, which the evaluator does
 * not let us set, so such bodies are evaluated with the variable bound here
 * (xv) and every part without it is left to the evaluator.
 *
 * "What would pass" is solved exactly for the common shapes: a comparison
 * that is linear in one field or let (x >= 80, year - x <= 3, 2 * x + y > 7)
 * gives the bound on that field, rounded to what the field can hold (a whole
 * number, or `precision` decimals); a bool field, `not`, `and`, `or`, any(),
 * all(), `x in [...]`, `L` including a value, a quantifier over a list or a
 * range (which items fail), present(x), a measure of a text (words(q) <=
 * 1400) and won(c, t) each get a leaf of their own; anything else is the
 * condition that must hold. */
#include <stdio.h>
#include <string.h>

#include "builtins.h"
#include "explain.h"
#include "explain_model.h"
#include "show.h"
#include "strbuf.h"
#include "value.h"

#define MAX_WALK 100000      /* numbers of a range walked, as in eval.c */
#define MAX_VAR_DEPTH 64     /* quantifier nesting the local evaluator binds */
#define MAX_SOLVE 10000      /* parts of conditions solved per explanation; the
                                rest are conditions that must hold */

/* ---- the explainer ---- */

struct Explainer {
    const Rules *r;
    Evaluator *ev;
    Arena arena;              /* the model of one explanation */
    Sb tmp;                   /* building one text of the rule file */
    Value vars[MAX_VAR_DEPTH];
    bool var_set[MAX_VAR_DEPTH];
    size_t solve_left;        /* see MAX_SOLVE: lets built of lets (`a2 = a1 and
                                 a1`) would otherwise be solved once per path */
    uint8_t *failed;          /* by Require.index: failed in the result */
};

Explainer *explain_new(const Rules *r, Evaluator *ev)
{
    Explainer *x = mem_calloc(1, sizeof *x);
    x->r = r;
    x->ev = ev;
    arena_init(&x->arena, 8192);
    return x;
}

void explain_free(Explainer *x)
{
    if (!x)
        return;
    arena_free(&x->arena);
    mem_free(x->tmp.s);
    mem_free(x);
}

/* Space in the arena for `count` items of `size` bytes: a list grows by
 * doubling into a new block, so n items cost n copies in all. */
static void *grow(Explainer *x, void *items, size_t count, size_t *cap, size_t size)
{
    if (count < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *more = arena_alloc(&x->arena, ncap * size);
    if (count)
        memcpy(more, items, count * size);
    *cap = ncap;
    return more;
}

/* ---- texts of the rule file ---- */

/* The text of a part of the rule file, blanks and line breaks run together
 * into one space. */
static const char *span_text(Explainer *x, Span sp)
{
    Sb *b = &x->tmp;
    size_t mark = b->len;
    bool blank = false;
    size_t text_len = 0;
    const Source *src = rules_source(x->r, sp);
    const char *text = src ? diag_source_text(src, &text_len) : "";
    for (uint32_t i = sp.start; i < sp.end && i < text_len; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = true;
            continue;
        }
        if (blank && b->len > mark)
            sb_add(b, " ", 1);
        blank = false;
        sb_add(b, &c, 1);
    }
    const char *s = arena_strndup(&x->arena, b->s ? b->s + mark : "", b->len - mark);
    b->len = mark;
    return s;
}

/* An expression as written; one a later year's file changed (a category
 * renamed inside it), as the tree now says. */
static const char *expr_text(Explainer *x, const Expr *e)
{
    if (!e->retold)
        return span_text(x, e->span);
    Sb b = { 0 };
    show_expr(&b, e);
    const char *s = arena_strndup(&x->arena, b.s, b.len);
    sb_free(&b);
    return s;
}

static unsigned line_of(const Explainer *x, Span sp)
{
    unsigned line = 0, col = 0;
    diag_linecol(rules_source(x->r, sp), sp.start, &line, &col);
    return line;
}

/* The file of a rule: NULL for the rule file explained, else the earlier
 * year's file it extends (a rule this year inherits). */
static const char *file_of(const Explainer *x, Span sp)
{
    return sp.file == 0 ? NULL : diag_source_name(rules_source(x->r, sp));
}

/* ---- evaluating parts of conditions ---- */

static bool is_num_kind(const Kind *k)
{
    return k && (k->tag == KIND_INTEGER || k->tag == KIND_DECIMAL || k->tag == KIND_YEAR);
}

/* Does the expression read a quantifier variable (of its own or an outer
 * quantifier)?  A let is its own world: its body is not looked into. */
static bool has_var(const Expr *e)
{
    if (!e)
        return false;
    if (e->tag == EX_NAME)
        return e->ref == REF_VAR;
    if (has_var(e->a) || has_var(e->b))
        return true;
    for (size_t i = 0; i < e->nargs; i++)
        if (has_var(e->args[i]))
            return true;
    return false;
}

/* Evaluate with the quantifier variables bound here: the evaluator does
 * the rest, so explanations use the very semantics of evaluation. */
static XmState xv(Explainer *x, const Expr *e, Value *out)
{
    for (uint32_t i = 0; i < MAX_VAR_DEPTH; i++)
        if (x->var_set[i])
            eval_bind(x->ev, i, &x->vars[i]);
    return (XmState)eval_expr_value(x->ev, e, out);
}

static XmState xv_bool(Explainer *x, const Expr *e, bool *out)
{
    Value v;
    XmState st = xv(x, e, &v);
    if (st == XM_OK)
        *out = v.b;
    return st;
}

/* The value of `e` with its kind, for the model. */
static XmValue xm_value(Explainer *x, const Expr *e, const Kind *k)
{
    XmValue v = { .kind = k };
    v.state = xv(x, e, &v.v);
    return v;
}

/* The items of a list or range value, one at a time. */
static bool coll_size(const Value *c, uint64_t *n)
{
    if (c->tag == VAL_RANGE) {
        if (c->hi < c->lo) {
            *n = 0;
            return true;
        }
        uint64_t w = (uint64_t)c->hi - (uint64_t)c->lo;
        if (w >= MAX_WALK)
            return false;
        *n = w + 1;
        return true;
    }
    if (c->tag == VAL_LIST) {
        *n = c->len;
        return true;
    }
    return false;
}

/* The items of a list or a (short) range value, in the arena. */
static bool coll_items(Explainer *x, const Value *c, Value **items, size_t *n)
{
    uint64_t size;
    if (!coll_size(c, &size))
        return false;
    if (c->tag == VAL_LIST) {
        *items = (Value *)c->p.items;
        *n = c->len;
        return true;
    }
    *items = arena_alloc(&x->arena, sizeof **items * (size + 1));
    for (uint64_t i = 0; i < size; i++)
        (*items)[i] = (Value){ .tag = VAL_NUM, .num = dec_from_int(c->lo + (int64_t)i) };
    *n = (size_t)size;
    return true;
}

/* ---- the values a condition saw ---- */

static void seen_add(Explainer *x, XmSeenList *l, const char *name, bool expr, XmState st, const Value *v,
                     const Kind *k)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].expr == expr && strcmp(l->items[i].name, name) == 0)
            return;
    l->items = grow(x, l->items, l->count, &l->cap, sizeof *l->items);
    XmSeen *s = &l->items[l->count++];
    s->name = name;
    s->expr = expr;
    s->value = (XmValue){ .state = st, .kind = k };
    if (st == XM_OK)
        s->value.v = *v;
}

/* A side of a comparison worth showing with its value: not a plain name
 * or literal. */
static bool is_computed(const Expr *e)
{
    switch (e->tag) {
    case EX_NAME: case EX_NUMBER: case EX_STRING: case EX_BOOL: case EX_DATE: case EX_YEAR:
    case EX_LIST: case EX_MODE:
        return false;
    case EX_NEG:
        return e->a->tag != EX_NUMBER;
    default:
        return true;
    }
}

static bool is_compare(const Expr *e)
{
    return e->tag == EX_EQ || e->tag == EX_NE || e->tag == EX_LT || e->tag == EX_LE || e->tag == EX_GT ||
           e->tag == EX_GE;
}

/* Every field and let the expression reads (a let, then what it reads), the
 * award year, and each computed side of a comparison, with their values. */
static void walk_seen(Explainer *x, const Expr *e, XmSeenList *l, int depth)
{
    if (!e || depth > 64)
        return;
    const Rules *r = x->r;
    Value v;
    switch (e->tag) {
    case EX_NAME:
        if (e->ref == REF_INPUT) {
            XmState st = (XmState)eval_expr_value(x->ev, e, &v);
            seen_add(x, l, e->v.str, false, st, &v, &r->inputs[e->slot]->kind);
        } else if (e->ref == REF_LET) {
            /* each let once: a let used twice by the let it builds would
             * otherwise be walked once per path, exponentially */
            for (size_t i = 0; i < l->count; i++)
                if (!l->items[i].expr && strcmp(l->items[i].name, e->v.str) == 0)
                    return;
            XmState st = (XmState)eval_expr_value(x->ev, e, &v);
            seen_add(x, l, e->v.str, false, st, &v, e->kind);
            walk_seen(x, r->lets[e->slot]->expr, l, depth + 1);
        } else if (e->ref == REF_SCORE) {
            XmState st = (XmState)eval_expr_value(x->ev, e, &v);
            seen_add(x, l, e->v.str, false, st, &v, e->kind);
        }
        return;
    case EX_YEAR: {
        XmState st = (XmState)eval_expr_value(x->ev, e, &v);
        seen_add(x, l, "year", false, st, &v, e->kind);
        return;
    }
    default:
        break;
    }
    walk_seen(x, e->a, l, depth);
    walk_seen(x, e->b, l, depth);
    for (size_t i = 0; i < e->nargs; i++)
        walk_seen(x, e->args[i], l, depth);
    if (is_compare(e)) {
        const Expr *sides[2] = { e->a, e->b };
        for (int i = 0; i < 2; i++) {
            if (!is_computed(sides[i]) || has_var(sides[i]))
                continue;
            XmState st = xv(x, sides[i], &v);
            seen_add(x, l, expr_text(x, sides[i]), true, st, &v, sides[i]->kind);
        }
    }
}

/* ---- what would pass ---- */

static XmNeed *need_new(Explainer *x, XmNeedTag tag)
{
    XmNeed *n = arena_alloc(&x->arena, sizeof *n);
    n->tag = tag;
    return n;
}

static void need_push(Explainer *x, XmNeed *g, XmNeed *k)
{
    if (!k)
        return;
    if (k->tag == g->tag) {
        for (size_t i = 0; i < k->nkids; i++)
            need_push(x, g, k->kids[i]);
        return;
    }
    g->kids = grow(x, g->kids, g->nkids, &g->cap, sizeof *g->kids);
    g->kids[g->nkids++] = k;
}

/* A group of one is that one; of none, nothing. */
static XmNeed *need_done(XmNeed *g)
{
    if (g->nkids == 0)
        return NULL;
    return g->nkids == 1 ? g->kids[0] : g;
}

static ExprTag op_negate(ExprTag t)
{
    switch (t) {
    case EX_EQ: return EX_NE;
    case EX_NE: return EX_EQ;
    case EX_LT: return EX_GE;
    case EX_LE: return EX_GT;
    case EX_GT: return EX_LE;
    default: return EX_LT;
    }
}

/* a OP b read as b OP' a */
static ExprTag op_swap(ExprTag t)
{
    switch (t) {
    case EX_LT: return EX_GT;
    case EX_LE: return EX_GE;
    case EX_GT: return EX_LT;
    case EX_GE: return EX_LE;
    default: return t;
    }
}

/* The condition as a whole must hold (or not): the answer of last resort. */
static XmNeed *need_hold(Explainer *x, const Expr *e, bool want)
{
    XmNeed *n = need_new(x, XN_HOLD);
    Value v;
    n->current.state = xv(x, e, &v);
    n->expr = expr_text(x, e);
    n->want = want;
    return n;
}

/* Does `e` read the name `n` (same kind of reference, same slot), itself or
 * through the lets it uses? */
static bool depends(const Rules *r, const Expr *e, const Expr *n, int depth)
{
    if (!e || depth > 64)
        return false;
    if (e->tag == EX_NAME) {
        if (e->ref == n->ref && e->slot == n->slot)
            return true;
        if (e->ref == REF_LET)
            return depends(r, r->lets[e->slot]->expr, n, depth + 1);
        return false;
    }
    if (depends(r, e->a, n, depth) || depends(r, e->b, n, depth))
        return true;
    for (size_t i = 0; i < e->nargs; i++)
        if (depends(r, e->args[i], n, depth))
            return true;
    return false;
}

/* e = A * n + B, when e is linear in the name n.  Every part that does not
 * read n is evaluated. */
static bool lin(Explainer *x, const Expr *e, const Expr *n, Dec *A, Dec *B)
{
    if (e->tag == EX_NAME && e->ref == n->ref && e->slot == n->slot) {
        *A = dec_from_int(1);
        *B = dec_from_int(0);
        return true;
    }
    if (!depends(x->r, e, n, 0)) {
        Value v;
        if (has_var(e) || xv(x, e, &v) != XM_OK || v.tag != VAL_NUM)
            return false;
        *A = dec_from_int(0);
        *B = v.num;
        return true;
    }
    Dec a1, b1, a2, b2;
    switch (e->tag) {
    case EX_NEG:
        if (!lin(x, e->a, n, &a1, &b1))
            return false;
        *A = dec_neg(a1);
        *B = dec_neg(b1);
        return true;
    case EX_ADD:
    case EX_SUB:
        if (!lin(x, e->a, n, &a1, &b1) || !lin(x, e->b, n, &a2, &b2))
            return false;
        if (e->tag == EX_ADD)
            return dec_add(a1, a2, A) == DEC_OK && dec_add(b1, b2, B) == DEC_OK;
        return dec_sub(a1, a2, A) == DEC_OK && dec_sub(b1, b2, B) == DEC_OK;
    case EX_MUL: {
        const Expr *k = e->a, *o = e->b;
        if (depends(x->r, k, n, 0)) {
            k = e->b;
            o = e->a;
        }
        Value kv;
        if (depends(x->r, k, n, 0) || has_var(k) || xv(x, k, &kv) != XM_OK || kv.tag != VAL_NUM ||
            !lin(x, o, n, &a1, &b1))
            return false;
        return dec_mul(kv.num, a1, A) == DEC_OK && dec_mul(kv.num, b1, B) == DEC_OK;
    }
    case EX_DIV: {
        Value kv;
        if (depends(x->r, e->b, n, 0) || has_var(e->b) || xv(x, e->b, &kv) != XM_OK ||
            kv.tag != VAL_NUM || !lin(x, e->a, n, &a1, &b1))
            return false;
        return dec_div(a1, kv.num, A) == DEC_OK && dec_div(b1, kv.num, B) == DEC_OK;
    }
    default:
        return false;
    }
}

/* The names of numbers the comparison reads directly, in order: the
 * unknowns a bound can be given for. */
static void collect_names(const Expr *e, const Expr **out, size_t *n, size_t max)
{
    if (!e || *n >= max)
        return;
    if (e->tag == EX_NAME) {
        if ((e->ref == REF_INPUT || e->ref == REF_LET || e->ref == REF_SCORE) && is_num_kind(e->kind)) {
            for (size_t i = 0; i < *n; i++)
                if (out[i]->ref == e->ref && out[i]->slot == e->slot)
                    return;
            out[(*n)++] = e;
        }
        return;
    }
    if (e->tag == EX_CALL)
        return; /* min(a, b) >= 3: no single bound */
    collect_names(e->a, out, n, max);
    collect_names(e->b, out, n, max);
}

static const Kind *name_kind(const Explainer *x, const Expr *n)
{
    return n->ref == REF_INPUT ? &x->r->inputs[n->slot]->kind : n->kind;
}

/* Decimals a field of this kind holds: a bound is rounded to them. */
static int name_places(const Explainer *x, const Expr *n)
{
    const Kind *k = name_kind(x, n);
    if (k->tag == KIND_INTEGER || k->tag == KIND_YEAR)
        return 0;
    if (k->tag == KIND_DECIMAL && n->ref == REF_INPUT)
        return x->r->precision;
    return -1; /* exact */
}

/* q rounded to `places` toward plus infinity (ceil) or minus infinity. */
static bool div_to(Dec num, Dec den, int places, bool ceil, Dec *out)
{
    int sign = (dec_cmp(num, dec_from_int(0)) > 0) - (dec_cmp(num, dec_from_int(0)) < 0);
    sign *= (dec_cmp(den, dec_from_int(0)) > 0) - (dec_cmp(den, dec_from_int(0)) < 0);
    DecRound mode = (sign >= 0) == ceil ? DEC_UP : DEC_DOWN;
    return dec_div_round(num, den, places, mode, out) == DEC_OK;
}

/* x OP y linear in one name: the bound on that name. */
static XmNeed *solve_linear(Explainer *x, const Expr *e, ExprTag op)
{
    const Expr *names[16];
    size_t nn = 0;
    collect_names(e->a, names, &nn, 16);
    collect_names(e->b, names, &nn, 16);
    /* fields before lets: a field is what the agency can change */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nn; i++) {
            const Expr *n = names[i];
            if ((n->ref == REF_INPUT) != (pass == 0))
                continue;
            Dec aL, bL, aR, bR, A, B;
            if (!lin(x, e->a, n, &aL, &bL) || !lin(x, e->b, n, &aR, &bR))
                continue;
            if (dec_sub(aL, aR, &A) != DEC_OK || dec_sub(bL, bR, &B) != DEC_OK || dec_is_zero(A))
                continue;
            /* A n + B OP 0, so n OP' -B / A */
            ExprTag o = dec_cmp(A, dec_from_int(0)) < 0 ? op_swap(op) : op;
            Dec nb = dec_neg(B), bound;
            int places = name_places(x, n);
            bool ok = dec_div(nb, A, &bound) == DEC_OK; /* exact */
            if (places >= 0 && o != EX_EQ && o != EX_NE) {
                /* the nearest value the field can hold: a whole number, or
                 * `precision` decimals */
                Dec step = { .coef = 1, .scale = places }, lo, hi;
                ok = div_to(nb, A, places, true, &hi) && div_to(nb, A, places, false, &lo);
                if (ok) {
                    switch (o) {
                    case EX_GE: bound = hi; break;
                    case EX_GT: ok = dec_add(lo, step, &bound) == DEC_OK; o = EX_GE; break;
                    case EX_LE: bound = lo; break;
                    default: ok = dec_sub(hi, step, &bound) == DEC_OK; o = EX_LE; break;
                    }
                }
            }
            if (!ok)
                continue;
            XmNeed *need = need_new(x, XN_BOUND);
            const Kind *k = name_kind(x, n);
            need->name = n->v.str;
            need->op = o;
            need->bound = bound;
            need->current = xm_value(x, n, k);
            const XmValue *cur = &need->current;
            bool bound_op = o == EX_GE || o == EX_LE || o == EX_GT || o == EX_LT;
            /* no distance for a year: "2 years short" of 2555 says nothing */
            if (cur->state == XM_OK && cur->v.tag == VAL_NUM && k->tag != KIND_YEAR && bound_op) {
                bool up = o == EX_GE || o == EX_GT;
                Dec dist;
                DecStatus ds = up ? dec_sub(bound, cur->v.num, &dist) : dec_sub(cur->v.num, bound, &dist);
                if (ds == DEC_OK && dec_cmp(dist, dec_from_int(0)) > 0) {
                    need->away = up ? 1 : -1;
                    need->distance = dist;
                }
            }
            return need;
        }
    }
    return NULL;
}

/* Does the expression read no field, let or variable (a constant)? */
static bool is_constant(const Expr *e)
{
    if (!e)
        return true;
    if (e->tag == EX_NAME)
        return false;
    if (!is_constant(e->a) || !is_constant(e->b))
        return false;
    for (size_t i = 0; i < e->nargs; i++)
        if (!is_constant(e->args[i]))
            return false;
    return true;
}

static bool is_plain_name(const Expr *e)
{
    return e->tag == EX_NAME && (e->ref == REF_INPUT || e->ref == REF_LET);
}

/* A count a plain function gives (builtins.h): words(q3), length(items). */
static const BuiltinInfo *measure_of(const Expr *e)
{
    if (e->tag != EX_CALL || e->nargs != 1)
        return NULL;
    const BuiltinInfo *info = builtin_info(e->fn);
    return info && info->unit ? info : NULL;
}

/* `words(q3) <= 1400`: q3 to have at most 1400 words, and how many it has. */
static XmNeed *solve_measure(Explainer *x, const Expr *call, const Expr *limit, ExprTag op)
{
    const BuiltinInfo *info = measure_of(call);
    Value lv;
    if (xv(x, limit, &lv) != XM_OK || lv.tag != VAL_NUM)
        return NULL;
    XmNeed *n = need_new(x, XN_MEASURE);
    n->current = xm_value(x, call, call->kind);
    const Expr *arg = call->args[0];
    n->name = arg->tag == EX_NAME ? arg->v.str : expr_text(x, arg);
    n->expr = expr_text(x, call);
    n->op = op;
    n->bound = lv.num;
    n->unit = info->unit;
    const XmValue *cur = &n->current;
    Dec dist;
    bool up = op == EX_GE || op == EX_GT;
    if (cur->state == XM_OK && (op == EX_LE || op == EX_GE) &&
        (up ? dec_sub(lv.num, cur->v.num, &dist) : dec_sub(cur->v.num, lv.num, &dist)) == DEC_OK &&
        dec_cmp(dist, dec_from_int(0)) > 0) {
        n->away = up ? 1 : -1;
        n->distance = dist;
    }
    return n;
}

static XmNeed *solve_compare(Explainer *x, const Expr *e, bool want)
{
    ExprTag op = want ? e->tag : op_negate(e->tag);
    if (measure_of(e->a) && is_constant(e->b)) {
        XmNeed *n = solve_measure(x, e->a, e->b, op);
        if (n)
            return n;
    } else if (measure_of(e->b) && is_constant(e->a)) {
        XmNeed *n = solve_measure(x, e->b, e->a, op_swap(op));
        if (n)
            return n;
    }
    if (is_num_kind(e->a->kind) && is_num_kind(e->b->kind)) {
        XmNeed *n = solve_linear(x, e, op);
        if (n)
            return n;
    }
    /* a name against a constant, of any kind: prior_level = "good" */
    const Expr *name = NULL, *other = NULL;
    if (is_plain_name(e->a) && is_constant(e->b)) {
        name = e->a;
        other = e->b;
    } else if (is_plain_name(e->b) && is_constant(e->a)) {
        name = e->b;
        other = e->a;
        op = op_swap(op);
    }
    if (name) {
        Value cv;
        if (xv(x, other, &cv) == XM_OK) {
            XmNeed *n = need_new(x, XN_COMPARE);
            const Kind *k = name_kind(x, name);
            n->current = xm_value(x, name, k);
            n->name = name->v.str;
            n->op = op;
            n->target = (XmValue){ .state = XM_OK, .v = cv, .kind = k };
            int rank = k->tag == KIND_ENUM && k->ordered && op != EX_EQ && op != EX_NE ? enum_rank(k, &cv) : -1;
            if (rank >= 0) {
                /* on an ordered scale, the values that pass, in its order */
                n->scale = k;
                n->from = op == EX_GT ? (size_t)rank + 1 : op == EX_GE ? (size_t)rank : 0;
                n->to = op == EX_LT ? (size_t)rank : op == EX_LE ? (size_t)rank + 1 : k->nnames;
            }
            return n;
        }
    }
    return need_hold(x, e, want);
}

static XmNeed *solve_in(Explainer *x, const Expr *e, bool want)
{
    const Expr *elem = e->a, *coll = e->b;
    Value cv;
    if (is_plain_name(elem) && is_constant(coll) && xv(x, coll, &cv) == XM_OK) {
        /* prior_level in ["good", "excellent"], x in 1 .. 5 */
        XmNeed *n = need_new(x, XN_IN);
        const Kind *k = name_kind(x, elem);
        n->current = xm_value(x, elem, k);
        n->name = elem->v.str;
        n->want = want;
        n->target = (XmValue){ .state = XM_OK, .v = cv, .kind = NULL };
        n->item_kind = k;
        return n;
    }
    Value ev;
    if (is_plain_name(coll) && !has_var(elem) && xv(x, elem, &ev) == XM_OK) {
        /* 2556 in reports_sent */
        XmNeed *n = need_new(x, XN_INCLUDE);
        const Kind *k = name_kind(x, coll);
        n->current = xm_value(x, coll, k);
        n->name = coll->v.str;
        n->want = want;
        n->target = (XmValue){ .state = XM_OK, .v = ev, .kind = k->tag == KIND_LIST ? k->elem : NULL };
        return n;
    }
    return need_hold(x, e, want);
}

/* all y in C: body / any y in C: body -- which items fail. */
static XmNeed *solve_quant(Explainer *x, const Expr *e, bool want)
{
    if (!want || e->var_depth >= MAX_VAR_DEPTH)
        return need_hold(x, e, want);
    Value c;
    Value *items;
    size_t n;
    if (xv(x, e->a, &c) != XM_OK || !coll_items(x, &c, &items, &n))
        return need_hold(x, e, want);
    const Kind *ek = e->a->kind && (e->a->kind->tag == KIND_LIST || e->a->kind->tag == KIND_RANGE)
                     ? e->a->kind->elem : NULL;
    /* the items for which the body does not hold */
    Value *bad = arena_alloc(&x->arena, sizeof *bad * (n + 1));
    size_t nbad = 0;
    Value saved = x->vars[e->var_depth];
    bool was_set = x->var_set[e->var_depth];
    x->var_set[e->var_depth] = true;
    for (size_t i = 0; i < n; i++) {
        bool holds = false;
        x->vars[e->var_depth] = items[i];
        if (xv_bool(x, e->b, &holds) != XM_OK || !holds)
            bad[nbad++] = items[i];
    }
    x->vars[e->var_depth] = saved;
    x->var_set[e->var_depth] = was_set;
    const Expr *body = e->b;
    XmNeed *need;
    if (e->tag == EX_ALL && body->tag == EX_IN && body->a->tag == EX_NAME && body->a->ref == REF_VAR &&
        body->a->slot == e->var_depth && is_plain_name(body->b)) {
        /* all y in year - 2 .. year: y in reports_sent */
        need = need_new(x, XN_INCLUDE_EACH);
        need->name = body->b->v.str;
    } else {
        need = need_new(x, e->tag == EX_ALL ? XN_EVERY : XN_SOME);
        need->var = e->var;
        need->expr = expr_text(x, body);
    }
    need->want = true;
    need->coll = expr_text(x, e->a);
    need->items = items;
    need->nitems = n;
    need->bad = bad;
    need->nbad = nbad;
    need->item_kind = ek;
    return need;
}

/* What would make `e` hold (want true) or fail (want false); NULL when it
 * already does. */
static XmNeed *solve(Explainer *x, const Expr *e, bool want, int depth)
{
    bool now = false;
    XmState st = xv_bool(x, e, &now);
    if (st == XM_OK && now == want)
        return NULL;
    if (depth > 64 || x->solve_left == 0)
        return need_hold(x, e, want);
    x->solve_left--;
    switch (e->tag) {
    case EX_NAME:
        if (e->ref == REF_LET) {
            XmNeed *n = solve(x, x->r->lets[e->slot]->expr, want, depth + 1);
            return n ? n : need_hold(x, e, want);
        }
        if (e->ref == REF_INPUT) {
            XmNeed *n = need_new(x, XN_FLAG);
            n->name = e->v.str;
            n->want = want;
            n->current = xm_value(x, e, e->kind);
            return n;
        }
        return need_hold(x, e, want);
    case EX_NOT:
        return solve(x, e->a, !want, depth + 1);
    case EX_AND:
    case EX_OR: {
        /* and/true and or/false need every side; the others either */
        XmNeed *g = need_new(x, (e->tag == EX_AND) == want ? XN_ALL : XN_ANY);
        need_push(x, g, solve(x, e->a, want, depth + 1));
        need_push(x, g, solve(x, e->b, want, depth + 1));
        XmNeed *n = need_done(g);
        return n ? n : need_hold(x, e, want);
    }
    case EX_CALL:
        if (e->fn == FN_ANY || e->fn == FN_ALL) {
            XmNeed *g = need_new(x, (e->fn == FN_ALL) == want ? XN_ALL : XN_ANY);
            for (size_t i = 0; i < e->nargs; i++)
                need_push(x, g, solve(x, e->args[i], want, depth + 1));
            XmNeed *n = need_done(g);
            return n ? n : need_hold(x, e, want);
        }
        if (e->fn == FN_PRESENT && e->nargs == 1 && e->args[0]->tag == EX_NAME) {
            const Expr *a = e->args[0];
            XmNeed *n = need_new(x, XN_PRESENT);
            n->name = a->v.str;
            n->want = want;
            n->current = xm_value(x, a, a->kind);
            return n;
        }
        return need_hold(x, e, want);
    case EX_EQ: case EX_NE: case EX_LT: case EX_LE: case EX_GT: case EX_GE:
        return solve_compare(x, e, want);
    case EX_IN:
        return solve_in(x, e, want);
    case EX_ALL:
    case EX_ANY:
        return solve_quant(x, e, want);
    default:
        return need_hold(x, e, want);
    }
}

/* ---- agency-level conditions ---- */

static void winners(Explainer *x, size_t agency, uint32_t cat, uint32_t tier, XmWinners *w)
{
    w->tier = x->r->tier_names[tier];
    w->count = eval_winners(x->ev, agency, cat, tier, w->ids, w->lens, XM_WINNERS_SHOWN);
    w->nids = w->count < XM_WINNERS_SHOWN ? w->count : XM_WINNERS_SHOWN;
}

/* One won(category, tier), with what the agency's eligible applications of
 * the category got at the other tiers. */
static XmWon *won_new(Explainer *x, size_t agency, const Expr *call)
{
    XmWon *w = arena_alloc(&x->arena, sizeof *w);
    w->call = expr_text(x, call);
    w->category = x->r->categories[call->won_cat]->id;
    winners(x, agency, call->won_cat, call->won_tier, &w->at);
    size_t cap = 0;
    for (uint32_t t = 0; t < x->r->ntier_names; t++) {
        if (t == call->won_tier)
            continue;
        XmWinners o;
        winners(x, agency, call->won_cat, t, &o);
        if (!o.count)
            continue;
        w->others = grow(x, w->others, w->nothers, &cap, sizeof *w->others);
        w->others[w->nothers++] = o;
    }
    return w;
}

static bool ag_eval(Explainer *x, size_t agency, const Expr *e)
{
    switch (e->tag) {
    case EX_CALL:
        if (e->fn == FN_WON)
            return eval_winners(x->ev, agency, e->won_cat, e->won_tier, NULL, NULL, 0) != 0;
        if (e->fn == FN_ANY || e->fn == FN_ALL) {
            bool want_all = e->fn == FN_ALL, result = want_all;
            for (size_t i = 0; i < e->nargs && result == want_all; i++)
                result = ag_eval(x, agency, e->args[i]);
            return result;
        }
        return false;
    case EX_AND:
        return ag_eval(x, agency, e->a) && ag_eval(x, agency, e->b);
    case EX_OR:
        return ag_eval(x, agency, e->a) || ag_eval(x, agency, e->b);
    case EX_NOT:
        return !ag_eval(x, agency, e->a);
    case EX_BOOL:
        return e->v.boolean;
    default:
        return false;
    }
}

static void collect_won(const Expr *e, const Expr **out, size_t *n, size_t max)
{
    if (!e || *n >= max)
        return;
    if (e->tag == EX_CALL && e->fn == FN_WON) {
        out[(*n)++] = e;
        return;
    }
    collect_won(e->a, out, n, max);
    collect_won(e->b, out, n, max);
    for (size_t i = 0; i < e->nargs; i++)
        collect_won(e->args[i], out, n, max);
}

/* An agency-level condition of another shape must hold (or not); it is not
 * given to the evaluator, which cannot evaluate won(...). */
static XmNeed *ag_hold(Explainer *x, const Expr *e, bool want)
{
    XmNeed *n = need_new(x, XN_HOLD);
    n->expr = expr_text(x, e);
    n->want = want;
    n->current.state = XM_OK;
    return n;
}

static XmNeed *ag_solve(Explainer *x, size_t agency, const AppResult *res, const Expr *e, bool want, int depth)
{
    if (ag_eval(x, agency, e) == want)
        return NULL;
    if (depth > 64)
        return ag_hold(x, e, want);
    switch (e->tag) {
    case EX_NOT:
        return ag_solve(x, agency, res, e->a, !want, depth + 1);
    case EX_AND:
    case EX_OR: {
        XmNeed *g = need_new(x, (e->tag == EX_AND) == want ? XN_ALL : XN_ANY);
        need_push(x, g, ag_solve(x, agency, res, e->a, want, depth + 1));
        need_push(x, g, ag_solve(x, agency, res, e->b, want, depth + 1));
        XmNeed *n = need_done(g);
        return n ? n : ag_hold(x, e, want);
    }
    case EX_CALL:
        if (e->fn == FN_ANY || e->fn == FN_ALL) {
            XmNeed *g = need_new(x, (e->fn == FN_ALL) == want ? XN_ALL : XN_ANY);
            for (size_t i = 0; i < e->nargs; i++)
                need_push(x, g, ag_solve(x, agency, res, e->args[i], want, depth + 1));
            XmNeed *n = need_done(g);
            return n ? n : ag_hold(x, e, want);
        }
        if (e->fn == FN_WON) {
            XmNeed *n = need_new(x, XN_WON);
            n->want = want;
            n->won = won_new(x, agency, e);
            n->awarded = strcmp(n->won->at.tier, "awarded") == 0;
            n->agency = res->id;
            n->agency_len = res->id_len;
            return n;
        }
        return ag_hold(x, e, want);
    default:
        return ag_hold(x, e, want);
    }
}

/* ---- conditions ---- */

/* Whether the application got to the stage of condition q and had it
 * assessed: not when it stopped before it or waits for it. */
static bool stage_assessed(const AppResult *res, const Require *q)
{
    if (!res->stage)
        return true;
    return q->stage < res->stage->index || (q->stage == res->stage->index && !res->pending);
}

static void conditions(Explainer *x, const AppResult *res, Explanation *m)
{
    const CategoryDecl *cat = res->cat;
    /* the failed conditions, marked once (not a scan per condition) */
    x->failed = arena_alloc(&x->arena, x->r->nrequires_all + 1);
    for (size_t i = 0; i < res->nfailed; i++)
        x->failed[res->failed[i]->index] = 1;
    m->conds = arena_alloc(&x->arena, sizeof *m->conds * (cat->nrequires + 1));
    m->nconds_all = cat->nrequires;
    for (size_t i = 0; i < cat->nrequires; i++) {
        const Require *q = &cat->requires[i];
        XmCondition *c = &m->conds[i];
        c->line = line_of(x, q->span);
        c->file = file_of(x, q->span);
        c->message = q->message;
        c->text = expr_text(x, q->cond);
        const Expr *ce = q->cond;
        c->single = (ce->tag == EX_NAME && ce->ref == REF_INPUT) || (ce->tag == EX_CALL && ce->fn == FN_WON);
        c->stage = q->stage;
        c->stage_id = x->r->nstages ? x->r->stages[q->stage]->id : NULL;
        bool failed = x->failed[q->index];
        if (!stage_assessed(res, q)) {
            /* its fields may not even have been read: nothing to evaluate */
            c->result = XM_NOT_ASSESSED;
            continue;
        }
        if (res->agency_row) {
            c->result = failed ? XM_FAILS : XM_HOLDS;
            const Expr *calls[32];
            size_t n = 0;
            collect_won(q->cond, calls, &n, 32);
            c->won = arena_alloc(&x->arena, sizeof *c->won * (n + 1));
            for (size_t k = 0; k < n; k++)
                c->won[k] = *won_new(x, res->agency, calls[k]);
            c->nwon = n;
            if (failed) {
                c->need = ag_solve(x, res->agency, res, q->cond, true, 0);
                if (!c->need)
                    c->need = ag_hold(x, q->cond, true);
            }
            continue;
        }
        Value v;
        int st = eval_expr_value(x->ev, q->cond, &v);
        c->result = !failed ? XM_HOLDS : st == XM_EMPTY ? XM_UNKNOWN : XM_FAILS;
        walk_seen(x, q->cond, &c->seen, 0);
        if (failed) {
            c->need = solve(x, q->cond, true, 0);
            if (!c->need)
                c->need = need_hold(x, q->cond, true);
        }
    }
}

/* With stages: how far the application went, stage by stage. */
static void stages(Explainer *x, const AppResult *res, Explanation *m)
{
    const CategoryDecl *cat = res->cat;
    m->staged = true;
    m->at = res->stage->index;
    m->nstages = x->r->nstages;
    m->stages = arena_alloc(&x->arena, sizeof *m->stages * (m->nstages + 1));
    for (size_t i = 0; i < cat->nrequires; i++)
        if (cat->requires[i].stage < m->nstages)
            m->stages[cat->requires[i].stage].nconds++;
    for (size_t i = 0; i < res->nfailed; i++)
        if (res->failed[i]->stage < m->nstages)
            m->stages[res->failed[i]->stage].nfailed++;
    for (size_t st = 0; st < m->nstages; st++) {
        XmStage *s = &m->stages[st];
        s->id = x->r->stages[st]->id;
        s->state = st > m->at                       ? XS_NOT_REACHED
                   : st == m->at && res->pending    ? XS_WAITS
                   : s->nfailed                     ? XS_FAILED
                                                    : XS_PASSED;
    }
}

/* ---- score nodes ---- */

/* Does the leaf read the field or let of its own name, as it is? */
static bool leaf_is_plain(const ScoreNode *n)
{
    return n->expr && n->expr->tag == EX_NAME && !n->has_weight && strcmp(n->expr->v.str, n->name) == 0;
}

static void score_node(Explainer *x, const AppResult *res, const ScoreNode *n, size_t depth, XmNode *out)
{
    uint32_t i = n->index;
    out->kind = !n->parent ? XM_SCORE : n->tag == NODE_GROUP ? XM_GROUP : n->tag == NODE_LEAF ? XM_ITEM : XM_BONUS;
    out->name = n->name;
    out->label = n->label;
    out->depth = depth;
    out->has_points = res->has_points[i];
    out->points = res->points[i];
    out->out_of = n->out_of;
    out->before = res->raw_points[i];
    out->capped = n->capped;
    out->cut = res->cut[i];
    out->has_weight = n->has_weight;
    out->weight = n->weight;
    out->has_round = n->has_round;
    out->round_places = n->round_places;
    out->round_mode = n->round_mode;
    switch (n->tag) {
    case NODE_BONUS:
        out->expr = expr_text(x, n->expr);
        out->value = xm_value(x, n->expr, n->expr->kind);
        out->given = res->has_points[i] && !dec_is_zero(res->points[i]);
        walk_seen(x, n->expr, &out->seen, 0);
        if (!out->given)
            out->need = solve(x, n->expr, true, 0);
        break;
    case NODE_LEAF:
        out->plain = leaf_is_plain(n);
        if (n->expr) {
            out->expr = expr_text(x, n->expr);
            out->computed = is_computed(n->expr);
            out->value = xm_value(x, n->expr, n->expr->kind);
            walk_seen(x, n->expr, &out->seen, 0);
        }
        break;
    case NODE_GROUP:
        break;
    }
    if (n->tag != NODE_GROUP)
        return;
    out->kids = arena_alloc(&x->arena, sizeof *out->kids * (n->nkids + 1));
    out->nkids = n->nkids;
    for (size_t k = 0; k < n->nkids; k++)
        score_node(x, res, n->kids[k], n->parent ? depth + 1 : depth, &out->kids[k]);
}

/* ---- tiers ---- */

/* The tier above `cur` (tried before it) that the least more points would
 * reach, and how many. */
static const TierEntry *next_up(const TierDecl *t, const TierEntry *cur, Dec total, Dec *dist)
{
    const TierEntry *best = NULL;
    for (size_t i = 0; i < t->nentries && &t->entries[i] != cur; i++) {
        const TierEntry *e = &t->entries[i];
        Dec d;
        if (e->rule == TIER_OTHERWISE || dec_cmp(e->lo, total) <= 0 || dec_sub(e->lo, total, &d) != DEC_OK)
            continue;
        if (!best || dec_cmp(d, *dist) < 0) {
            best = e;
            *dist = d;
        }
    }
    return best;
}

static XmTierEntry tier_entry(const Explainer *x, const TierEntry *e)
{
    return (XmTierEntry){ .id = e->id, .label = e->label, .note = e->note, .rule = e->rule, .lo = e->lo,
                          .hi = e->hi, .line = line_of(x, e->span), .file = file_of(x, e->span) };
}

static void tier(Explainer *x, const AppResult *res, Explanation *m)
{
    const TierDecl *t = res->cat->tiers;
    if (!t)
        return;
    m->has_tier = true;
    m->tier.table = t->name;
    const TierEntry *e = res->eligible ? res->tier : eval_pick_tier(t, res->total);
    if (!e)
        return;
    m->tier.has_entry = true;
    m->tier.entry = tier_entry(x, e);
    const TierEntry *up = next_up(t, e, res->total, &m->tier.short_by);
    if (up) {
        m->tier.has_next = true;
        m->tier.next = tier_entry(x, up);
    }
}

/* ---- the whole ---- */

const Explanation *explain_build(Explainer *x, const AppResult *res)
{
    arena_reset(&x->arena);
    x->tmp.len = 0;
    /* One explanation gets the work budget of one application (see
     * eval.h), and a bound on what is solved: its time is bounded too. */
    eval_renew_budget(x->ev);
    x->solve_left = MAX_SOLVE;
    Explanation *m = arena_alloc(&x->arena, sizeof *m);
    const CategoryDecl *cat = res->cat;
    m->rules = x->r->path;
    m->id = res->id;
    m->id_len = res->id_len;
    m->agency_row = res->agency_row;
    m->source = res->agency_row ? NULL : res->source;
    m->line = res->line;
    m->precision = x->r->precision;
    if (cat) {
        m->has_category = true;
        m->cat_number = cat->number;
        m->cat_id = cat->id;
        m->cat_title = cat->title;
    }
    if (res->error) {
        m->outcome = XO_ERROR;
        m->error = res->message;
        return m;
    }
    m->eligible = res->eligible;
    m->nfailed = res->nfailed;
    m->nconds = cat->nrequires;
    if (res->stage) { /* the conditions of the stage that decided */
        m->nconds = 0;
        for (size_t i = 0; i < cat->nrequires; i++)
            m->nconds += cat->requires[i].stage == res->stage->index;
        m->stage_id = res->stage->id;
    }
    if (res->pending) {
        m->outcome = XO_PENDING;
        m->stage_label = res->stage->label;
    } else if (res->stopped && (res->stage->stop_id || res->stage->index + 1 < x->r->nstages)) {
        m->outcome = XO_STOPPED;
        m->result_id = res->tier_id;
        m->result_label = res->stage->stop_label;
    } else if (!res->eligible) {
        m->outcome = XO_INELIGIBLE;
    } else if (res->tier) {
        m->outcome = XO_TIER;
        m->result_id = res->tier->id;
        m->result_label = res->tier->label;
    } else {
        m->outcome = XO_AWARDED;
    }
    m->scored = res->scored;
    m->total = res->total;
    if (res->stage)
        stages(x, res, m);
    if (cat->nrequires)
        conditions(x, res, m);
    if (res->scored) {
        m->out_of = cat->score->root->out_of;
        m->score_name = cat->score->name;
        m->score = arena_alloc(&x->arena, sizeof *m->score);
        score_node(x, res, cat->score->root, 0, m->score);
        tier(x, res, m);
    }
    return m;
}

/* explain.c -- why an application got its result (see explain.h).
 *
 * An explanation is made in two steps.  First the facts are gathered into a
 * small model kept in the explainer's arena: each condition with its result,
 * the values it saw and, when it failed, what would have passed it (a tree of
 * "needs": all of, one of, or one sentence).  Then the model, the score tree
 * of the category and its tier table are written out as text or as JSON.
 *
 * Values come from the evaluator (eval_expr_value) while the result is still
 * valid.  A quantifier's body reads its variable, which the evaluator does
 * not let us set, so such bodies are evaluated here by a small evaluator
 * (xv) that handles the variable itself and hands every part without it to
 * the evaluator.
 *
 * "What would pass" is solved exactly for the common shapes: a comparison
 * that is linear in one field or let (x >= 80, year - x <= 3, 2 * x + y > 7)
 * gives the bound on that field, rounded to what the field can hold (a whole
 * number, or `precision` decimals); a bool field, `not`, `and`, `or`, any(),
 * all(), `x in [...]`, `L` including a value, a quantifier over a list or a
 * range (which items fail), present(x) and won(c, t) each get their own
 * sentence; anything else is named as the condition that must hold. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "explain.h"
#include "show.h"
#include "strbuf.h"
#include "textmeasure.h"
#include "utext.h"
#include "value.h"

#define MAX_SHOWN 10         /* items of a list or range named in a sentence */
#define MAX_WALK 100000      /* numbers of a range walked, as in eval.c */
#define WINNERS_SHOWN 4      /* ids of winning applications shown */
#define MAX_VAR_DEPTH 64     /* quantifier nesting the local evaluator binds */
#define MAX_SOLVE 10000      /* parts of conditions solved per explanation; the
                                rest are named as conditions that must hold */

/* A number: exact, with at least `places` decimals. */
static void sb_dec(Sb *b, Dec d, int places)
{
    char t[DEC_FMT_MAX];
    sb_add(b, t, dec_format(d, places, t));
}

/* A number as short as it is exact: 80, 0.01, 2555. */
static void sb_num(Sb *b, Dec d) { sb_dec(b, dec_normalize(d), 0); }

/* ---- the explainer ---- */

struct Explainer {
    const Rules *r;
    Evaluator *ev;
    Arena arena;              /* the model of one explanation */
    Sb tmp;                   /* building one string of the model */
    Value vars[MAX_VAR_DEPTH];
    bool var_set[MAX_VAR_DEPTH];
    const char *text;         /* the rule file's text */
    size_t text_len;
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

/* The string built in x->tmp since `mark`, kept in the arena; x->tmp is
 * cut back to the mark.  Each function that builds strings notes its mark
 * first (m0), so that it may be called while another string is being built. */
static const char *take_from(Explainer *x, size_t mark)
{
    const char *s = arena_strndup(&x->arena, x->tmp.s ? x->tmp.s + mark : "", x->tmp.len - mark);
    x->tmp.len = mark;
    return s;
}

#define TAKE() take_from(x, m0)
#define MARK() size_t m0 = x->tmp.len

/* Text from the data (an id, a value, a message quoting one) as the text
 * explanation shows it: control characters escaped (sb_add_shown), so that
 * no value can draw a line of its own or send the terminal a command. */
static const char *shown_text(Explainer *x, const char *s, size_t len)
{
    MARK();
    sb_add_shown(&x->tmp, s, len);
    return TAKE();
}

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

/* Where a rule is: "line 12" in the rule file named, "FILE:12" in a file
 * it extends (an earlier year's rule that this year inherits). */
static const char *place_of(Explainer *x, Span sp)
{
    char buf[600];
    if (sp.file == 0)
        snprintf(buf, sizeof buf, "line %u", line_of(x, sp));
    else
        snprintf(buf, sizeof buf, "%s:%u", diag_source_name(rules_source(x->r, sp)), line_of(x, sp));
    return arena_strndup(&x->arena, buf, strlen(buf));
}

/* ---- values ---- */

static bool is_num_kind(const Kind *k)
{
    return k && (k->tag == KIND_INTEGER || k->tag == KIND_DECIMAL || k->tag == KIND_YEAR);
}

/* A value for people (json false) or for programs (json true).  `k` is its
 * kind when known: text is quoted, enumeration names are not. */
/* Characters of a text value an explanation shows before it cuts it. */
#define TEXT_SHOWN 60

static void sb_value(Sb *b, const Value *v, const Kind *k, bool json)
{
    switch (v->tag) {
    case VAL_ABSENT:
        sb_str(b, json ? "null" : "empty");
        break;
    case VAL_BOOL:
        sb_str(b, v->b ? "true" : "false");
        break;
    case VAL_NUM:
        sb_dec(b, v->num, 0);
        break;
    case VAL_TEXT:
        if (json)
            sb_add_json(b, v->p.text, v->len);
        else if (k && k->tag == KIND_TEXT) {
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
        sb_printf(b, json ? "\"%04d-%02d-%02d\"" : "%04d-%02d-%02d", y, m, d);
        break;
    }
    case VAL_LIST: {
        const Kind *ek = k && (k->tag == KIND_LIST || k->tag == KIND_RANGE) ? k->elem : NULL;
        sb_str(b, "[");
        for (uint32_t i = 0; i < v->len; i++) {
            if (i)
                sb_str(b, json ? "," : ", ");
            sb_value(b, &v->p.items[i], ek, json);
        }
        sb_str(b, "]");
        break;
    }
    case VAL_RANGE:
        if (json)
            sb_printf(b, "{\"from\":%lld,\"to\":%lld}", (long long)v->lo, (long long)v->hi);
        else
            sb_printf(b, "%lld .. %lld", (long long)v->lo, (long long)v->hi);
        break;
    }
}

static const char *value_str(Explainer *x, const Value *v, const Kind *k, bool json)
{
    MARK();
    sb_value(&x->tmp, v, k, json);
    return TAKE();
}

/* ---- evaluating parts of conditions ---- */

enum { XV_OK = 0, XV_ABSENT = 1, XV_ERROR = 2 };

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

static int xv(Explainer *x, const Expr *e, Value *out);

static int xv_bool(Explainer *x, const Expr *e, bool *out)
{
    Value v;
    int st = xv(x, e, &v);
    if (st == XV_OK)
        *out = v.b;
    return st;
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

static Value coll_item(const Value *c, uint64_t i)
{
    if (c->tag == VAL_RANGE)
        return (Value){ .tag = VAL_NUM, .num = dec_from_int(c->lo + (int64_t)i) };
    return c->p.items[i];
}

/* Evaluate with the quantifier variables bound here: the evaluator does
 * the rest, so explanations use the very semantics of evaluation. */
static int xv(Explainer *x, const Expr *e, Value *out)
{
    for (uint32_t i = 0; i < MAX_VAR_DEPTH; i++)
        if (x->var_set[i])
            eval_bind(x->ev, i, &x->vars[i]);
    return eval_expr_value(x->ev, e, out);
}

/* ---- the values a condition saw ---- */

typedef struct Seen {
    const char *name;   /* a field, a let, "year", or an expression's text */
    bool expr;          /* name is an expression */
    const char *text;   /* its value for people */
    const char *json;   /* its value for programs */
} Seen;

typedef struct SeenList {
    Seen *items;
    size_t count, cap;
} SeenList;

static void seen_add(Explainer *x, SeenList *l, const char *name, bool expr, int st, const Value *v,
                     const Kind *k)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].expr == expr && strcmp(l->items[i].name, name) == 0)
            return;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        Seen *items = arena_alloc(&x->arena, cap * sizeof *items);
        if (l->count)
            memcpy(items, l->items, l->count * sizeof *items);
        l->items = items;
        l->cap = cap;
    }
    Seen *s = &l->items[l->count++];
    s->name = name;
    s->expr = expr;
    if (st == XV_OK) {
        s->text = value_str(x, v, k, false);
        s->json = value_str(x, v, k, true);
    } else if (st == XV_ABSENT) {
        s->text = expr ? "unknown" : "empty";
        s->json = "null";
    } else {
        s->text = "cannot be computed";
        s->json = "null";
    }
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
static void walk_seen(Explainer *x, const Expr *e, SeenList *l, int depth)
{
    if (!e || depth > 64)
        return;
    const Rules *r = x->r;
    Value v;
    switch (e->tag) {
    case EX_NAME:
        if (e->ref == REF_INPUT) {
            int st = eval_expr_value(x->ev, e, &v);
            seen_add(x, l, e->v.str, false, st, &v, &r->inputs[e->slot]->kind);
        } else if (e->ref == REF_LET) {
            /* each let once: a let used twice by the let it builds would
             * otherwise be walked once per path, exponentially */
            for (size_t i = 0; i < l->count; i++)
                if (!l->items[i].expr && strcmp(l->items[i].name, e->v.str) == 0)
                    return;
            int st = eval_expr_value(x->ev, e, &v);
            seen_add(x, l, e->v.str, false, st, &v, e->kind);
            walk_seen(x, r->lets[e->slot]->expr, l, depth + 1);
        } else if (e->ref == REF_SCORE) {
            int st = eval_expr_value(x->ev, e, &v);
            seen_add(x, l, e->v.str, false, st, &v, e->kind);
        }
        return;
    case EX_YEAR: {
        int st = eval_expr_value(x->ev, e, &v);
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
            int st = xv(x, sides[i], &v);
            seen_add(x, l, expr_text(x, sides[i]), true, st, &v, sides[i]->kind);
        }
    }
}

/* ---- what would pass ---- */

typedef enum NeedTag { NEED_LEAF, NEED_ALL, NEED_ANY } NeedTag;

typedef struct Need Need;
struct Need {
    NeedTag tag;
    const char *want;    /* leaf: what would pass, "unit_coverage_pct >= 80" */
    const char *is;      /* leaf: what it is, "it is 79.99, 0.01 short"; may be NULL */
    const char *json;    /* leaf: further JSON members, each after a ','; may be NULL */
    Need **kids;         /* NEED_ALL, NEED_ANY */
    size_t nkids, cap;
};

static Need *need_leaf(Explainer *x, const char *want, const char *is, const char *json)
{
    Need *n = arena_alloc(&x->arena, sizeof *n);
    n->tag = NEED_LEAF;
    n->want = want;
    n->is = is;
    n->json = json;
    return n;
}

static Need *need_group(Explainer *x, NeedTag tag)
{
    Need *n = arena_alloc(&x->arena, sizeof *n);
    n->tag = tag;
    return n;
}

static void need_push(Explainer *x, Need *g, Need *k)
{
    if (!k)
        return;
    if (k->tag == g->tag) {
        for (size_t i = 0; i < k->nkids; i++)
            need_push(x, g, k->kids[i]);
        return;
    }
    if (g->nkids == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 4;
        Need **kids = arena_alloc(&x->arena, cap * sizeof *kids);
        if (g->nkids)
            memcpy(kids, g->kids, g->nkids * sizeof *kids);
        g->kids = kids;
        g->cap = cap;
    }
    g->kids[g->nkids++] = k;
}

/* A group of one is that one; of none, nothing. */
static Need *need_done(Need *g)
{
    if (g->nkids == 0)
        return NULL;
    return g->nkids == 1 ? g->kids[0] : g;
}

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

/* "it is 79.99" / "it is empty" for the current value of a name. */
static void sb_it_is(Sb *b, int st, const Value *v, const Kind *k)
{
    sb_str(b, "it is ");
    if (st == XV_OK)
        sb_value(b, v, k, false);
    else
        sb_str(b, st == XV_ABSENT ? "empty" : "not known");
}

/* ,"current":79.99 */
static void sb_json_current(Sb *b, int st, const Value *v, const Kind *k)
{
    sb_str(b, ",\"current\":");
    if (st == XV_OK)
        sb_value(b, v, k, true);
    else
        sb_str(b, "null");
}

/* The condition as a whole must hold (or not): the answer of last resort. */
static Need *need_generic(Explainer *x, const Expr *e, bool want)
{
    MARK();
    Value v;
    int st = xv(x, e, &v);
    const char *t = expr_text(x, e);
    if (want)
        sb_str(&x->tmp, t);
    else
        sb_printf(&x->tmp, "not (%s)", t);
    const char *w = TAKE();
    const char *is = st == XV_ABSENT ? "it is unknown: it needs a value that is empty"
                     : st == XV_ERROR ? "it cannot be computed"
                     : want ? "it does not hold" : "it holds";
    return need_leaf(x, w, is, NULL);
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
        if (has_var(e) || xv(x, e, &v) != XV_OK || v.tag != VAL_NUM)
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
        if (depends(x->r, k, n, 0) || has_var(k) || xv(x, k, &kv) != XV_OK || kv.tag != VAL_NUM ||
            !lin(x, o, n, &a1, &b1))
            return false;
        return dec_mul(kv.num, a1, A) == DEC_OK && dec_mul(kv.num, b1, B) == DEC_OK;
    }
    case EX_DIV: {
        Value kv;
        if (depends(x->r, e->b, n, 0) || has_var(e->b) || xv(x, e->b, &kv) != XV_OK ||
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

/* Decimals a field of this kind holds: a bound is rounded to them. */
static int name_places(const Explainer *x, const Expr *n)
{
    const Kind *k = n->ref == REF_INPUT ? &x->r->inputs[n->slot]->kind : n->kind;
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
static Need *solve_linear(Explainer *x, const Expr *e, ExprTag op)
{
    MARK();
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
            Value cur;
            int st = xv(x, n, &cur);
            const Kind *k = n->ref == REF_INPUT ? &x->r->inputs[n->slot]->kind : n->kind;
            Sb *b = &x->tmp;
            if (o == EX_NE) {
                sb_printf(b, "%s to be other than ", n->v.str);
                sb_num(b, bound);
            } else {
                sb_printf(b, "%s %s ", n->v.str, op_text(o));
                sb_num(b, bound);
            }
            const char *want = TAKE();
            sb_it_is(b, st, &cur, k);
            Dec dist = dec_from_int(0);
            bool has_dist = false;
            bool bound_op = o == EX_GE || o == EX_LE || o == EX_GT || o == EX_LT;
            if (st == XV_OK && cur.tag == VAL_NUM && k->tag != KIND_YEAR && bound_op) {
                bool up = o == EX_GE || o == EX_GT;
                DecStatus ds = up ? dec_sub(bound, cur.num, &dist) : dec_sub(cur.num, bound, &dist);
                if (ds == DEC_OK && dec_cmp(dist, dec_from_int(0)) > 0) {
                    has_dist = true;
                    sb_str(b, ", ");
                    sb_num(b, dist);
                    sb_str(b, up ? " short" : " over");
                }
            }
            const char *is = TAKE();
            sb_str(b, ",\"name\":");
            sb_add_json_cstr(b, n->v.str);
            sb_str(b, ",\"op\":");
            sb_add_json_cstr(b, op_text(o));
            sb_str(b, ",\"value\":");
            sb_num(b, bound);
            sb_json_current(b, st, &cur, k);
            if (has_dist) {
                sb_str(b, (o == EX_GE || o == EX_GT) ? ",\"short\":" : ",\"over\":");
                sb_num(b, dist);
            }
            return need_leaf(x, want, is, TAKE());
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

static const Kind *name_kind(const Explainer *x, const Expr *n)
{
    return n->ref == REF_INPUT ? &x->r->inputs[n->slot]->kind : n->kind;
}

/* A count a plain function gives (builtins.h): words(q3), length(items). */
static const BuiltinInfo *measure_of(const Expr *e)
{
    if (e->tag != EX_CALL || e->nargs != 1)
        return NULL;
    const BuiltinInfo *info = builtin_info(e->fn);
    return info && info->unit ? info : NULL;
}

/* A whole number with its thousands grouped: 1,412. */
static void sb_count(Sb *b, Dec d)
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

/* `words(q3) <= 1400`: "q3 to have at most 1,400 words; it has 1,412, 12
 * over". */
static Need *solve_measure(Explainer *x, const Expr *call, const Expr *limit, ExprTag op)
{
    MARK();
    const BuiltinInfo *info = measure_of(call);
    Value lv, cv;
    if (xv(x, limit, &lv) != XV_OK || lv.tag != VAL_NUM)
        return NULL;
    int st = xv(x, call, &cv);
    const Expr *arg = call->args[0];
    const char *what = arg->tag == EX_NAME ? arg->v.str : expr_text(x, arg);
    static const char *const how[] = {
        [EX_EQ] = "exactly", [EX_NE] = "other than", [EX_LT] = "fewer than", [EX_LE] = "at most",
        [EX_GT] = "more than", [EX_GE] = "at least",
    };
    Sb *b = &x->tmp;
    sb_printf(b, "%s to have %s ", what, how[op]);
    sb_count(b, lv.num);
    sb_printf(b, " %s", info->unit);
    const char *w = TAKE();
    if (st != XV_OK) {
        sb_str(b, st == XV_ABSENT ? "it is empty" : "it is not known");
    } else {
        sb_str(b, "it has ");
        sb_count(b, cv.num);
        Dec dist;
        bool up = op == EX_GE || op == EX_GT;
        if ((op == EX_LE || op == EX_GE) &&
            (up ? dec_sub(lv.num, cv.num, &dist) : dec_sub(cv.num, lv.num, &dist)) == DEC_OK &&
            dec_cmp(dist, dec_from_int(0)) > 0) {
            sb_str(b, ", ");
            sb_count(b, dist);
            sb_str(b, up ? " short" : " over");
        }
    }
    const char *is = TAKE();
    sb_str(b, ",\"name\":");
    sb_add_json_cstr(b, expr_text(x, call));
    sb_printf(b, ",\"op\":\"%s\",\"value\":", op_text(op));
    sb_num(b, lv.num);
    sb_json_current(b, st, &cv, call->kind);
    sb_str(b, ",\"unit\":");
    sb_add_json_cstr(b, info->unit);
    return need_leaf(x, w, is, TAKE());
}

static Need *solve_compare(Explainer *x, const Expr *e, bool want)
{
    MARK();
    ExprTag op = want ? e->tag : op_negate(e->tag);
    if (measure_of(e->a) && is_constant(e->b)) {
        Need *n = solve_measure(x, e->a, e->b, op);
        if (n)
            return n;
    } else if (measure_of(e->b) && is_constant(e->a)) {
        Need *n = solve_measure(x, e->b, e->a, op_swap(op));
        if (n)
            return n;
    }
    if (is_num_kind(e->a->kind) && is_num_kind(e->b->kind)) {
        Need *n = solve_linear(x, e, op);
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
        Value cv, nv;
        if (xv(x, other, &cv) == XV_OK) {
            int st = xv(x, name, &nv);
            const Kind *k = name_kind(x, name);
            Sb *b = &x->tmp;
            int rank = k->tag == KIND_ENUM && k->ordered && op != EX_EQ && op != EX_NE ? enum_rank(k, &cv) : -1;
            if (rank >= 0) {
                /* on an ordered scale, the values that pass, in its order:
                 * "level to be involve, collaborate or empower" */
                size_t from = op == EX_GT ? (size_t)rank + 1 : op == EX_GE ? (size_t)rank : 0;
                size_t to = op == EX_LT ? (size_t)rank : op == EX_LE ? (size_t)rank + 1 : k->nnames;
                sb_printf(b, "%s to be ", name->v.str);
                for (size_t i = from; i < to; i++)
                    sb_printf(b, "%s%s", i == from ? "" : i + 1 == to ? " or " : ", ", k->names[i]);
            } else if (op == EX_NE)
                sb_printf(b, "%s to be other than ", name->v.str);
            else
                sb_printf(b, "%s %s ", name->v.str, op_text(op));
            if (rank < 0)
                sb_value(b, &cv, k, false);
            const char *w = TAKE();
            sb_it_is(b, st, &nv, k);
            const char *is = TAKE();
            sb_str(b, ",\"name\":");
            sb_add_json_cstr(b, name->v.str);
            sb_printf(b, ",\"op\":\"%s\",\"value\":", op_text(op));
            sb_value(b, &cv, k, true);
            sb_json_current(b, st, &nv, k);
            return need_leaf(x, w, is, TAKE());
        }
    }
    return need_generic(x, e, want);
}

/* "good or excellent", "6, 9 or 12" (and/or as `conj`); at most MAX_SHOWN. */
static void sb_items(Sb *b, const Value *items, size_t n, const Kind *k, const char *conj)
{
    size_t shown = n > MAX_SHOWN ? MAX_SHOWN : n;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            sb_str(b, i + 1 == shown && shown == n ? conj : ", ");
        sb_value(b, &items[i], k, false);
    }
    if (shown < n)
        sb_printf(b, " and %zu more", n - shown);
}

static void sb_json_items(Sb *b, const Value *items, size_t n, const Kind *k)
{
    sb_str(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_str(b, ",");
        sb_value(b, &items[i], k, true);
    }
    sb_str(b, "]");
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
        (*items)[i] = coll_item(c, i);
    *n = (size_t)size;
    return true;
}

static Need *solve_in(Explainer *x, const Expr *e, bool want)
{
    MARK();
    const Expr *elem = e->a, *coll = e->b;
    Sb *b = &x->tmp;
    Value cv;
    if (is_plain_name(elem) && is_constant(coll) && xv(x, coll, &cv) == XV_OK) {
        /* prior_level in ["good", "excellent"], x in 1 .. 5 */
        Value nv;
        int st = xv(x, elem, &nv);
        const Kind *k = name_kind(x, elem);
        if (cv.tag == VAL_RANGE) {
            sb_printf(b, "%s %s %lld to %lld", elem->v.str, want ? "from" : "outside", (long long)cv.lo,
                      (long long)cv.hi);
        } else {
            sb_printf(b, "%s %s ", elem->v.str, want ? "to be" : "to be none of");
            sb_items(b, cv.p.items, cv.len, k, want ? " or " : " and ");
        }
        const char *w = TAKE();
        sb_it_is(b, st, &nv, k);
        const char *is = TAKE();
        sb_str(b, ",\"name\":");
        sb_add_json_cstr(b, elem->v.str);
        sb_str(b, want ? ",\"one_of\":" : ",\"none_of\":");
        if (cv.tag == VAL_RANGE)
            sb_value(b, &cv, NULL, true);
        else
            sb_json_items(b, cv.p.items, cv.len, k);
        sb_json_current(b, st, &nv, k);
        return need_leaf(x, w, is, TAKE());
    }
    Value ev;
    if (is_plain_name(coll) && !has_var(elem) && xv(x, elem, &ev) == XV_OK) {
        /* 2556 in reports_sent */
        Value lv;
        int st = xv(x, coll, &lv);
        const Kind *k = name_kind(x, coll);
        const Kind *ek = k->tag == KIND_LIST ? k->elem : NULL;
        sb_printf(b, "%s %s ", coll->v.str, want ? "to include" : "not to include");
        sb_value(b, &ev, ek, false);
        const char *w = TAKE();
        sb_it_is(b, st, &lv, k);
        const char *is = TAKE();
        sb_str(b, ",\"name\":");
        sb_add_json_cstr(b, coll->v.str);
        sb_str(b, want ? ",\"include\":" : ",\"exclude\":");
        sb_value(b, &ev, ek, true);
        sb_json_current(b, st, &lv, k);
        return need_leaf(x, w, is, TAKE());
    }
    return need_generic(x, e, want);
}

/* all y in C: body / any y in C: body -- which items fail. */
static Need *solve_quant(Explainer *x, const Expr *e, bool want)
{
    MARK();
    if (!want || e->var_depth >= MAX_VAR_DEPTH)
        return need_generic(x, e, want);
    Value c;
    Value *items;
    size_t n;
    if (xv(x, e->a, &c) != XV_OK || !coll_items(x, &c, &items, &n))
        return need_generic(x, e, want);
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
        if (xv_bool(x, e->b, &holds) != XV_OK || !holds)
            bad[nbad++] = items[i];
    }
    x->vars[e->var_depth] = saved;
    x->var_set[e->var_depth] = was_set;
    Sb *b = &x->tmp;
    const char *ctext = expr_text(x, e->a);
    if (e->tag == EX_ALL) {
        const Expr *body = e->b;
        if (body->tag == EX_IN && body->a->tag == EX_NAME && body->a->ref == REF_VAR &&
            body->a->slot == e->var_depth && is_plain_name(body->b)) {
            /* all y in year - 2 .. year: y in reports_sent */
            const char *lname = body->b->v.str;
            sb_printf(b, "%s to include ", lname);
            if (n == 0) {
                sb_str(b, "nothing");
            } else if (n <= MAX_SHOWN) {
                sb_str(b, n == 1 ? "" : "each of ");
                sb_items(b, items, n, ek, " and ");
            } else {
                sb_printf(b, "every item of %s", ctext);
            }
            const char *w = TAKE();
            sb_str(b, "it lacks ");
            sb_items(b, bad, nbad, ek, " and ");
            const char *is = TAKE();
            sb_str(b, ",\"name\":");
            sb_add_json_cstr(b, lname);
            sb_str(b, ",\"missing\":");
            sb_json_items(b, bad, nbad, ek);
            return need_leaf(x, w, is, TAKE());
        }
        sb_printf(b, "every %s in %s: %s", e->var, ctext, expr_text(x, e->b));
        const char *w = TAKE();
        sb_printf(b, "it fails for %s = ", e->var);
        sb_items(b, bad, nbad, ek, " and ");
        const char *is = TAKE();
        sb_str(b, ",\"fails_for\":");
        sb_json_items(b, bad, nbad, ek);
        return need_leaf(x, w, is, TAKE());
    }
    sb_printf(b, "some %s in %s with %s", e->var, ctext, expr_text(x, e->b));
    const char *w = TAKE();
    if (n == 0) {
        sb_printf(b, "%s is empty", ctext);
    } else {
        sb_str(b, n == 1 ? "" : n == 2 ? "neither " : "none of ");
        sb_items(b, items, n, ek, n == 2 ? " nor " : " and ");
        sb_str(b, n == 1 ? " does not" : " does");
    }
    const char *is = TAKE();
    sb_str(b, ",\"fails_for\":");
    sb_json_items(b, items, n, ek);
    return need_leaf(x, w, is, TAKE());
}

/* What would make `e` hold (want true) or fail (want false); NULL when it
 * already does. */
static Need *solve(Explainer *x, const Expr *e, bool want, int depth)
{
    MARK();
    bool now = false;
    int st = xv_bool(x, e, &now);
    if (st == XV_OK && now == want)
        return NULL;
    if (depth > 64 || x->solve_left == 0)
        return need_generic(x, e, want);
    x->solve_left--;
    Sb *b = &x->tmp;
    switch (e->tag) {
    case EX_NAME:
        if (e->ref == REF_LET) {
            Need *n = solve(x, x->r->lets[e->slot]->expr, want, depth + 1);
            return n ? n : need_generic(x, e, want);
        }
        if (e->ref == REF_INPUT) {
            Value v;
            int vs = xv(x, e, &v);
            sb_printf(b, "%s = %s", e->v.str, want ? "true" : "false");
            const char *w = TAKE();
            sb_it_is(b, vs, &v, e->kind);
            const char *is = TAKE();
            sb_str(b, ",\"name\":");
            sb_add_json_cstr(b, e->v.str);
            sb_printf(b, ",\"op\":\"=\",\"value\":%s", want ? "true" : "false");
            sb_json_current(b, vs, &v, e->kind);
            return need_leaf(x, w, is, TAKE());
        }
        return need_generic(x, e, want);
    case EX_NOT:
        return solve(x, e->a, !want, depth + 1);
    case EX_AND:
    case EX_OR: {
        /* and/true and or/false need every side; the others either */
        Need *g = need_group(x, (e->tag == EX_AND) == want ? NEED_ALL : NEED_ANY);
        need_push(x, g, solve(x, e->a, want, depth + 1));
        need_push(x, g, solve(x, e->b, want, depth + 1));
        Need *n = need_done(g);
        return n ? n : need_generic(x, e, want);
    }
    case EX_CALL:
        if (e->fn == FN_ANY || e->fn == FN_ALL) {
            Need *g = need_group(x, (e->fn == FN_ALL) == want ? NEED_ALL : NEED_ANY);
            for (size_t i = 0; i < e->nargs; i++)
                need_push(x, g, solve(x, e->args[i], want, depth + 1));
            Need *n = need_done(g);
            return n ? n : need_generic(x, e, want);
        }
        if (e->fn == FN_PRESENT && e->nargs == 1 && e->args[0]->tag == EX_NAME) {
            const Expr *a = e->args[0];
            Value v;
            int vs = xv(x, a, &v);
            sb_printf(b, "%s to be %s", a->v.str, want ? "given" : "left empty");
            const char *w = TAKE();
            sb_it_is(b, vs, &v, a->kind);
            const char *is = TAKE();
            sb_str(b, ",\"name\":");
            sb_add_json_cstr(b, a->v.str);
            sb_printf(b, ",\"present\":%s", want ? "true" : "false");
            sb_json_current(b, vs, &v, a->kind);
            return need_leaf(x, w, is, TAKE());
        }
        return need_generic(x, e, want);
    case EX_EQ: case EX_NE: case EX_LT: case EX_LE: case EX_GT: case EX_GE:
        return solve_compare(x, e, want);
    case EX_IN:
        return solve_in(x, e, want);
    case EX_ALL:
    case EX_ANY:
        return solve_quant(x, e, want);
    default:
        return need_generic(x, e, want);
    }
}

/* ---- agency-level conditions ---- */

/* One won(category, tier) and what the agency won in that category. */
typedef struct Won {
    const Expr *call;
    const CategoryDecl *cat;
    const char *tier;        /* the tier's id, "awarded" when not scored */
    size_t count;            /* applications of the agency that won it */
    const char *ids[WINNERS_SHOWN];
    size_t lens[WINNERS_SHOWN];
    size_t nids;
} Won;

static void won_fill(Explainer *x, size_t agency, uint32_t cat, uint32_t tier, Won *w)
{
    w->cat = x->r->categories[cat];
    w->tier = x->r->tier_names[tier];
    w->count = eval_winners(x->ev, agency, cat, tier, w->ids, w->lens, WINNERS_SHOWN);
    w->nids = w->count < WINNERS_SHOWN ? w->count : WINNERS_SHOWN;
}

static bool ag_eval(Explainer *x, size_t agency, const Expr *e)
{
    switch (e->tag) {
    case EX_CALL:
        if (e->fn == FN_WON) {
            Won w;
            won_fill(x, agency, e->won_cat, e->won_tier, &w);
            return w.count != 0;
        }
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

/* "PS-2558-001, PS-2558-002 and 3 more" */
static void sb_ids(Sb *b, const Won *w)
{
    for (size_t i = 0; i < w->nids; i++) {
        if (i)
            sb_str(b, i + 1 == w->nids && w->count == w->nids ? " and " : ", ");
        sb_add(b, w->ids[i], w->lens[i]);
    }
    if (w->count > w->nids)
        sb_printf(b, " and %zu more", w->count - w->nids);
}

static void sb_json_ids(Sb *b, const Won *w)
{
    sb_str(b, "[");
    for (size_t i = 0; i < w->nids; i++) {
        if (i)
            sb_str(b, ",");
        sb_add_json(b, w->ids[i], w->lens[i]);
    }
    sb_str(b, "]");
}

/* What the agency's eligible applications of the category got instead:
 * "good (PS-2558-005)". Empty when none. */
static void sb_other_tiers(Explainer *x, Sb *b, size_t agency, const Expr *call, bool json)
{
    bool first = true;
    for (uint32_t t = 0; t < x->r->ntier_names; t++) {
        if (t == call->won_tier)
            continue;
        Won w;
        won_fill(x, agency, call->won_cat, t, &w);
        if (!w.count)
            continue;
        if (json) {
            sb_str(b, first ? "" : ",");
            sb_str(b, "{\"tier\":");
            sb_add_json_cstr(b, w.tier);
            sb_printf(b, ",\"count\":%zu,\"ids\":", w.count);
            sb_json_ids(b, &w);
            sb_str(b, "}");
        } else {
            sb_str(b, first ? "" : "; ");
            sb_printf(b, "%s (", w.tier);
            sb_ids(b, &w);
            sb_str(b, ")");
        }
        first = false;
    }
}

/* An agency-level condition of another shape must hold (or not); it is not
 * given to the evaluator, which cannot evaluate won(...). */
static Need *ag_generic(Explainer *x, const Expr *e, bool want)
{
    MARK();
    const char *t = expr_text(x, e);
    if (want)
        sb_str(&x->tmp, t);
    else
        sb_printf(&x->tmp, "not (%s)", t);
    return need_leaf(x, TAKE(), want ? "it does not hold" : "it holds", NULL);
}

static Need *ag_solve(Explainer *x, size_t agency, const AppResult *res, const Expr *e, bool want, int depth)
{
    MARK();
    if (ag_eval(x, agency, e) == want)
        return NULL;
    if (depth > 64)
        return ag_generic(x, e, want);
    Sb *b = &x->tmp;
    switch (e->tag) {
    case EX_NOT:
        return ag_solve(x, agency, res, e->a, !want, depth + 1);
    case EX_AND:
    case EX_OR: {
        Need *g = need_group(x, (e->tag == EX_AND) == want ? NEED_ALL : NEED_ANY);
        need_push(x, g, ag_solve(x, agency, res, e->a, want, depth + 1));
        need_push(x, g, ag_solve(x, agency, res, e->b, want, depth + 1));
        Need *n = need_done(g);
        return n ? n : ag_generic(x, e, want);
    }
    case EX_CALL:
        if (e->fn == FN_ANY || e->fn == FN_ALL) {
            Need *g = need_group(x, (e->fn == FN_ALL) == want ? NEED_ALL : NEED_ANY);
            for (size_t i = 0; i < e->nargs; i++)
                need_push(x, g, ag_solve(x, agency, res, e->args[i], want, depth + 1));
            Need *n = need_done(g);
            return n ? n : ag_generic(x, e, want);
        }
        if (e->fn == FN_WON) {
            const CategoryDecl *c = x->r->categories[e->won_cat];
            const char *tier = x->r->tier_names[e->won_tier];
            bool awarded = strcmp(tier, "awarded") == 0;
            if (want)
                sb_printf(b, "an eligible `%s` application of %.*s", c->id, (int)res->id_len, res->id);
            else
                sb_printf(b, "no eligible `%s` application of %.*s", c->id, (int)res->id_len, res->id);
            if (!awarded)
                sb_printf(b, " at %s", tier);
            const char *w = TAKE();
            if (want) {
                size_t mark = b->len;
                sb_other_tiers(x, b, agency, e, false);
                if (b->len == mark) {
                    sb_printf(b, "it has none%s", awarded ? "" : " at any tier");
                } else {
                    char *others = mem_strndup(b->s + mark, b->len - mark);
                    b->len = mark;
                    sb_printf(b, "it has %s", others);
                    mem_free(others);
                }
            } else {
                Won won;
                won_fill(x, agency, e->won_cat, e->won_tier, &won);
                sb_str(b, "it has ");
                sb_ids(b, &won);
            }
            const char *is = TAKE();
            sb_str(b, ",\"category\":");
            sb_add_json_cstr(b, c->id);
            sb_str(b, ",\"tier\":");
            sb_add_json_cstr(b, tier);
            sb_printf(b, ",\"won\":%s", want ? "true" : "false");
            return need_leaf(x, w, is, TAKE());
        }
        return ag_generic(x, e, want);
    default:
        return ag_generic(x, e, want);
    }
}

/* ---- conditions ---- */

typedef enum CondResult {
    COND_HOLDS, COND_FAILS, COND_UNKNOWN,
    COND_NOT_ASSESSED,   /* at a stage the application did not get to */
} CondResult;

typedef struct Cond {
    const Require *q;
    unsigned line;
    const char *place;    /* "line 12", or "FILE:12" in a file it extends */
    const char *text;     /* the condition, blanks run together */
    CondResult result;
    SeenList seen;
    Need *need;           /* when it does not hold */
    Won *won;             /* agency rows: each won(...) it reads */
    size_t nwon;
} Cond;

static const char *result_name(CondResult c)
{
    return c == COND_HOLDS ? "holds" : c == COND_FAILS ? "fails" : c == COND_UNKNOWN ? "unknown" : "not_assessed";
}

static bool in_failed(const Explainer *x, const Require *q) { return x->failed[q->index]; }

/* Whether the application got to the stage of condition q and had it
 * assessed: not when it stopped before it or waits for it. */
static bool stage_assessed(const AppResult *res, const Require *q)
{
    if (!res->stage)
        return true;
    return q->stage < res->stage->index || (q->stage == res->stage->index && !res->pending);
}

static Cond *conditions(Explainer *x, const AppResult *res)
{
    const CategoryDecl *cat = res->cat;
    /* One explanation gets the work budget of one application (see
     * eval.h), and a bound on what is solved: its time is bounded too. */
    eval_renew_budget(x->ev);
    x->solve_left = MAX_SOLVE;
    /* the failed conditions, marked once (not a scan per condition) */
    x->failed = arena_alloc(&x->arena, x->r->nrequires_all + 1);
    for (size_t i = 0; i < res->nfailed; i++)
        x->failed[res->failed[i]->index] = 1;
    Cond *cs = arena_alloc(&x->arena, sizeof *cs * (cat->nrequires + 1));
    for (size_t i = 0; i < cat->nrequires; i++) {
        const Require *q = &cat->requires[i];
        Cond *c = &cs[i];
        c->q = q;
        c->line = line_of(x, q->span);
        c->place = place_of(x, q->span);
        c->text = expr_text(x, q->cond);
        bool failed = in_failed(x, q);
        if (!stage_assessed(res, q)) {
            /* its fields may not even have been read: nothing to evaluate */
            c->result = COND_NOT_ASSESSED;
            continue;
        }
        if (res->agency_row) {
            c->result = failed ? COND_FAILS : COND_HOLDS;
            const Expr *calls[32];
            size_t n = 0;
            collect_won(q->cond, calls, &n, 32);
            c->won = arena_alloc(&x->arena, sizeof *c->won * (n + 1));
            for (size_t k = 0; k < n; k++) {
                c->won[k].call = calls[k];
                won_fill(x, res->agency, calls[k]->won_cat, calls[k]->won_tier, &c->won[k]);
            }
            c->nwon = n;
            if (failed) {
                c->need = ag_solve(x, res->agency, res, q->cond, true, 0);
                if (!c->need)
                    c->need = ag_generic(x, q->cond, true);
            }
            continue;
        }
        Value v;
        int st = eval_expr_value(x->ev, q->cond, &v);
        c->result = !failed ? COND_HOLDS : st == XV_ABSENT ? COND_UNKNOWN : COND_FAILS;
        walk_seen(x, q->cond, &c->seen, 0);
        if (failed) {
            c->need = solve(x, q->cond, true, 0);
            if (!c->need)
                c->need = need_generic(x, q->cond, true);
        }
    }
    return cs;
}

/* ---- tiers ---- */

static void sb_tier_rule(Sb *b, const TierEntry *t)
{
    switch (t->rule) {
    case TIER_AT_LEAST:
        sb_str(b, "at least ");
        sb_num(b, t->lo);
        break;
    case TIER_RANGE:
        sb_str(b, "from ");
        sb_num(b, t->lo);
        sb_str(b, " to ");
        sb_num(b, t->hi);
        break;
    case TIER_OTHERWISE:
        sb_str(b, "otherwise");
        break;
    }
}


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

/* ---- score nodes ---- */

static const char *mode_name(DecRound m)
{
    switch (m) {
    case DEC_HALF_UP: return "half-up";
    case DEC_HALF_EVEN: return "half-even";
    case DEC_UP: return "up";
    default: return "down";
    }
}

static void sb_points(Sb *b, const Explainer *x, Dec d)
{
    sb_dec(b, dec_normalize(d), x->r->precision);
}

/* Does the leaf read the field or let of its own name, as it is? */
static bool leaf_is_plain(const ScoreNode *n)
{
    return n->expr && n->expr->tag == EX_NAME && !n->has_weight && strcmp(n->expr->v.str, n->name) == 0;
}

/* How a node got its points, as lines for people. */
typedef struct Lines {
    const char **items;
    size_t count, cap;
} Lines;

static void lines_add(Explainer *x, Lines *l, const char *s)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        const char **items = arena_alloc(&x->arena, cap * sizeof *items);
        if (l->count)
            memcpy(items, l->items, l->count * sizeof *items);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = s;
}

static void sb_seen_text(Sb *b, const SeenList *l)
{
    for (size_t i = 0; i < l->count; i++)
        sb_printf(b, "%s%s = %s", i ? ", " : "", l->items[i].name, l->items[i].text);
}

static void sb_seen_json(Sb *b, const SeenList *l)
{
    sb_str(b, "[");
    for (size_t i = 0; i < l->count; i++) {
        sb_str(b, i ? ",{" : "{");
        sb_str(b, l->items[i].expr ? "\"expr\":" : "\"name\":");
        sb_add_json_cstr(b, l->items[i].name);
        sb_printf(b, ",\"value\":%s}", l->items[i].json);
    }
    sb_str(b, "]");
}

/* ---- writing needs ---- */

static void sb_need_inline(Sb *b, const Need *n)
{
    if (n->tag == NEED_LEAF) {
        sb_str(b, n->want);
        if (n->is)
            sb_printf(b, " (%s)", n->is);
        return;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        if (i)
            sb_str(b, n->tag == NEED_ALL ? " and " : " or ");
        bool paren = n->kids[i]->tag != NEED_LEAF;
        sb_str(b, paren ? "(" : "");
        sb_need_inline(b, n->kids[i]);
        sb_str(b, paren ? ")" : "");
    }
}

static void put_indent(FILE *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(' ', out);
}

/* "needs ..." lines, each at `indent`. */
static void write_needs(Explainer *x, FILE *out, const Need *n, size_t indent)
{
    if (!n)
        return;
    Sb *b = &x->tmp;
    if (n->tag == NEED_LEAF) {
        put_indent(out, indent);
        fprintf(out, "needs %s%s%s\n", n->want, n->is ? "; " : "", n->is ? n->is : "");
        return;
    }
    if (n->tag == NEED_ALL) {
        for (size_t i = 0; i < n->nkids; i++)
            write_needs(x, out, n->kids[i], indent);
        return;
    }
    put_indent(out, indent);
    fputs("needs one of:\n", out);
    for (size_t i = 0; i < n->nkids; i++) {
        const Need *k = n->kids[i];
        put_indent(out, indent + 2);
        if (k->tag == NEED_LEAF) {
            fprintf(out, "- %s%s%s\n", k->want, k->is ? "; " : "", k->is ? k->is : "");
        } else {
            size_t mark = b->len;
            sb_need_inline(b, k);
            fprintf(out, "- %s\n", b->s + mark);
            b->len = mark;
        }
    }
}

static void sb_need_json(Sb *b, const Need *n)
{
    if (n->tag == NEED_LEAF) {
        sb_str(b, "{\"want\":");
        sb_add_json_cstr(b, n->want);
        sb_str(b, ",\"is\":");
        sb_add_json_cstr(b, n->is);
        if (n->json)
            sb_str(b, n->json);
        sb_str(b, "}");
        return;
    }
    sb_str(b, n->tag == NEED_ALL ? "{\"all_of\":[" : "{\"one_of\":[");
    for (size_t i = 0; i < n->nkids; i++) {
        sb_str(b, i ? "," : "");
        sb_need_json(b, n->kids[i]);
    }
    sb_str(b, "]}");
}

/* The needs as a JSON array: every item is needed. */
static void sb_needs_json(Sb *b, const Need *n)
{
    sb_str(b, "[");
    if (n && n->tag == NEED_ALL) {
        for (size_t i = 0; i < n->nkids; i++) {
            sb_str(b, i ? "," : "");
            sb_need_json(b, n->kids[i]);
        }
    } else if (n) {
        sb_need_json(b, n);
    }
    sb_str(b, "]");
}

/* ---- text ---- */

typedef struct Row {
    const ScoreNode *n;
    size_t depth;
    const char *name;      /* with its indent */
    const char *points;
    const char *out_of;
    Lines detail;
} Row;

/* Lines that say how a node got its points. */
static void node_detail(Explainer *x, const AppResult *res, const ScoreNode *n, Lines *l, const Need **need)
{
    MARK();
    Sb *b = &x->tmp;
    uint32_t i = n->index;
    *need = NULL;
    switch (n->tag) {
    case NODE_BONUS: {
        Value v;
        int st = eval_expr_value(x->ev, n->expr, &v);
        bool given = res->has_points[i] && !dec_is_zero(res->points[i]);
        if (given)
            sb_printf(b, "given: `%s` holds", expr_text(x, n->expr));
        else
            sb_printf(b, "not given: `%s` %s", expr_text(x, n->expr),
                      st == XV_ABSENT ? "is unknown (it needs a value that is empty)" : "does not hold");
        lines_add(x, l, TAKE());
        SeenList seen = { 0 };
        walk_seen(x, n->expr, &seen, 0);
        if (seen.count) {
            sb_str(b, "with ");
            sb_seen_text(b, &seen);
            lines_add(x, l, TAKE());
        }
        if (!given)
            *need = solve(x, n->expr, true, 0);
        break;
    }
    case NODE_LEAF:
        if (!leaf_is_plain(n) && n->expr) {
            Value v;
            int st = eval_expr_value(x->ev, n->expr, &v);
            if (n->has_weight) {
                sb_str(b, "weight ");
                sb_num(b, n->weight);
                sb_printf(b, " × %s", expr_text(x, n->expr));
                if (st == XV_OK) {
                    sb_str(b, " = ");
                    sb_num(b, n->weight);
                    sb_str(b, " × ");
                    sb_value(b, &v, n->expr->kind, false);
                }
            } else {
                sb_printf(b, "= %s", expr_text(x, n->expr));
                if (st == XV_OK && is_computed(n->expr)) {
                    sb_str(b, " = ");
                    sb_value(b, &v, n->expr->kind, false);
                }
            }
            SeenList seen = { 0 };
            walk_seen(x, n->expr, &seen, 0);
            if (seen.count) {
                sb_str(b, "; ");
                sb_seen_text(b, &seen);
            }
            lines_add(x, l, TAKE());
        }
        if (res->cut[i]) {
            sb_points(b, x, res->raw_points[i]);
            sb_str(b, ", capped at ");
            sb_num(b, n->out_of);
            lines_add(x, l, TAKE());
        }
        break;
    case NODE_GROUP:
        if (res->cut[i]) {
            sb_str(b, "sum ");
            sb_points(b, x, res->raw_points[i]);
            sb_str(b, ", capped at ");
            sb_num(b, n->out_of);
            lines_add(x, l, TAKE());
        }
        break;
    }
    if (n->has_round && n->tag != NODE_BONUS) {
        Dec before = res->raw_points[i];
        if (res->cut[i])
            before = n->out_of;
        if (dec_cmp(before, res->points[i]) != 0) {
            sb_str(b, "exactly ");
            sb_num(b, before);
            sb_printf(b, ", rounded %s to %d decimal place%s", mode_name(n->round_mode), n->round_places,
                      n->round_places == 1 ? "" : "s");
            lines_add(x, l, TAKE());
        } else {
            sb_printf(b, "rounded %s to %d decimal place%s: no change", mode_name(n->round_mode),
                      n->round_places, n->round_places == 1 ? "" : "s");
            lines_add(x, l, TAKE());
        }
    }
}

typedef struct RowList {
    Row *items;
    size_t count, cap;
    const Need **needs;
} RowList;

static void collect_rows(Explainer *x, const AppResult *res, const ScoreNode *n, size_t depth, RowList *rows,
                         bool recurse)
{
    MARK();
    if (rows->count == rows->cap) {
        size_t cap = rows->cap ? rows->cap * 2 : 32;
        Row *items = arena_alloc(&x->arena, cap * sizeof *items);
        const Need **needs = arena_alloc(&x->arena, cap * sizeof *needs);
        if (rows->count) {
            memcpy(items, rows->items, rows->count * sizeof *items);
            memcpy(needs, rows->needs, rows->count * sizeof *needs);
        }
        rows->items = items;
        rows->needs = needs;
        rows->cap = cap;
    }
    size_t at = rows->count++;
    Row *row = &rows->items[at];
    Sb *b = &x->tmp;
    row->n = n;
    row->depth = depth;
    for (size_t i = 0; i < depth; i++)
        sb_str(b, "  ");
    sb_str(b, n->parent ? n->name : "total");
    row->name = TAKE();
    if (res->has_points[n->index])
        sb_points(b, x, res->points[n->index]);
    else
        sb_str(b, "-");
    row->points = TAKE();
    sb_num(b, n->out_of);
    row->out_of = TAKE();
    node_detail(x, res, n, &row->detail, &rows->needs[at]);
    /* rows->items may move below: `row` is not used after this */
    for (size_t i = 0; recurse && i < n->nkids; i++)
        collect_rows(x, res, n->kids[i], depth + 1, rows, true);
}

static void write_score_text(Explainer *x, const AppResult *res, FILE *out)
{
    const ScoreDecl *s = res->cat->score;
    RowList rows = { 0 };
    /* the items first, the total (the root) last */
    for (size_t i = 0; i < s->root->nkids; i++)
        collect_rows(x, res, s->root->kids[i], 0, &rows, true);
    collect_rows(x, res, s->root, 0, &rows, false);
    size_t wname = 0, wpoints = 0, wout = 0;
    for (size_t i = 0; i < rows.count; i++) {
        const Row *r = &rows.items[i];
        size_t w = utext_width(r->name, strlen(r->name));
        if (w > wname)
            wname = w;
        if (strlen(r->points) > wpoints)
            wpoints = strlen(r->points);
        if (strlen(r->out_of) > wout)
            wout = strlen(r->out_of);
    }
    fprintf(out, "\n  score `%s`%s%s\n", s->name, s->root->label ? ": " : "", s->root->label ? s->root->label : "");
    size_t label_col = 4 + wname + 2 + wpoints + 4 + wout + 2;
    for (size_t i = 0; i < rows.count; i++) {
        const Row *r = &rows.items[i];
        fputs("    ", out);
        utext_pad(out, r->name, strlen(r->name), wname, false);
        fputs("  ", out);
        utext_pad(out, r->points, strlen(r->points), wpoints, true);
        fputs(" of ", out);
        const char *label = r->n->parent ? r->n->label : NULL;
        utext_pad(out, r->out_of, strlen(r->out_of), label ? wout : 0, true);
        if (label)
            fprintf(out, "  %s", label);
        fputc('\n', out);
        for (size_t k = 0; k < r->detail.count; k++) {
            put_indent(out, label_col);
            fprintf(out, "%s\n", r->detail.items[k]);
        }
        write_needs(x, out, rows.needs[i], label_col);
    }
}

static void write_tier_text(Explainer *x, const AppResult *res, FILE *out)
{
    const CategoryDecl *cat = res->cat;
    const TierDecl *t = cat->tiers;
    if (!t)
        return;
    Sb *b = &x->tmp;
    char total[DEC_FMT_MAX];
    dec_format(res->total, x->r->precision, total);
    const TierEntry *e = res->tier;
    if (!res->eligible) {
        e = eval_pick_tier(t, res->total);
        fprintf(out, "\n  tier: ineligible, so no tier of `%s` is given\n", t->name);
        if (e) {
            sb_tier_rule(b, e);
            fprintf(out, "    had every condition held, %s would be %s (%s%s%s, %s)\n", total, e->id,
                    e->label ? e->label : "", e->label ? ", " : "", b->s, place_of(x, e->span));
            b->len = 0;
            Dec dist;
            const TierEntry *up = next_up(t, e, res->total, &dist);
            if (up) {
                char d[DEC_FMT_MAX];
                dec_format(dist, x->r->precision, d);
                sb_tier_rule(b, up);
                fprintf(out, "    and %s points short of %s (%s%s%s, %s)\n", d, up->id,
                        up->label ? up->label : "", up->label ? ", " : "", b->s, place_of(x, up->span));
                b->len = 0;
            }
        }
        return;
    }
    if (!e)
        return;
    sb_tier_rule(b, e);
    fprintf(out, "\n  tier: %s%s%s%s, ", e->id, e->label ? " (" : "", e->label ? e->label : "", e->label ? ")" : "");
    if (e->rule == TIER_OTHERWISE)
        fprintf(out, "otherwise: %s is below every tier above it", total);
    else
        fprintf(out, "since %s is %s", total, b->s);
    fprintf(out, " (%s of `%s`)\n", place_of(x, e->span), t->name);
    b->len = 0;
    if (e->note)
        fprintf(out, "    note: %s\n", e->note);
    Dec dist;
    const TierEntry *up = next_up(t, e, res->total, &dist);
    if (up) {
        char d[DEC_FMT_MAX];
        dec_format(dist, x->r->precision, d);
        sb_tier_rule(b, up);
        fprintf(out, "    %s points short of %s (%s%s%s, %s)\n", d, up->id, up->label ? up->label : "",
                up->label ? ", " : "", b->s, place_of(x, up->span));
        b->len = 0;
    } else {
        fputs("    the highest tier\n", out);
    }
}

/* One condition: whether it holds, with the values it saw and, when it
 * fails, what would pass. */
static void write_condition_text(Explainer *x, const AppResult *res, const Cond *c, size_t wline, FILE *out)
{
    Sb *b = &x->tmp;
    size_t indent = 4 + wline + 2 + 5 + 2;
    const char *t = c->place;
    fputs("    ", out);
    utext_pad(out, t, strlen(t), wline, false);
    fprintf(out, "  %s  ", c->result == COND_HOLDS ? "holds" : "FAILS");
    if (c->q->message)
        fprintf(out, "%s\n", c->q->message);
    else
        fprintf(out, "`%s`\n", c->text);
    /* the condition with the values it saw; a field alone, or a single
     * won(...), is said by its values */
    const Expr *ce = c->q->cond;
    bool alone = (ce->tag == EX_NAME && ce->ref == REF_INPUT) || (ce->tag == EX_CALL && ce->fn == FN_WON);
    if (c->q->message && !alone)
        sb_printf(b, "`%s`", c->text);
    if (c->seen.count) {
        sb_str(b, b->len ? " with " : alone ? "" : "with ");
        sb_seen_text(b, &c->seen);
    }
    if (b->len) {
        put_indent(out, indent);
        fprintf(out, "%s\n", b->s);
        b->len = 0;
    }
    for (size_t k = 0; k < c->nwon; k++) {
        const Won *w = &c->won[k];
        put_indent(out, indent);
        fprintf(out, "%s: ", expr_text(x, w->call));
        if (w->count) {
            sb_ids(b, w);
            fprintf(out, "yes, by %s\n", b->s);
            b->len = 0;
        } else {
            sb_other_tiers(x, b, res->agency, w->call, false);
            if (b->len)
                fprintf(out, "no; its eligible `%s` applications got %s\n", w->cat->id, b->s);
            else
                fprintf(out, "no; it has no eligible `%s` application\n", w->cat->id);
            b->len = 0;
        }
    }
    if (c->result == COND_UNKNOWN) {
        const char *empty = NULL;
        for (size_t k = 0; k < c->seen.count && !empty; k++)
            if (!c->seen.items[k].expr && strcmp(c->seen.items[k].text, "empty") == 0)
                empty = c->seen.items[k].name;
        put_indent(out, indent);
        if (empty)
            fprintf(out, "unknown, since %s is empty: it does not hold\n", empty);
        else
            fputs("unknown, since it needs a value that is empty: it does not hold\n", out);
    }
    write_needs(x, out, c->need, indent);
}

/* With stages: the way through them, one line: "completeness passed (14
 * conditions hold); assessment: 1 of 6 conditions fails". */
static void write_stages_text(Explainer *x, const AppResult *res, FILE *out)
{
    const CategoryDecl *cat = res->cat;
    size_t at = res->stage->index;
    fputs("  stages    ", out);
    for (size_t st = 0; st < x->r->nstages; st++) {
        size_t n = 0, nfail = 0;
        for (size_t i = 0; i < cat->nrequires; i++)
            if (cat->requires[i].stage == st)
                n++;
        for (size_t i = 0; i < res->nfailed; i++)
            nfail += res->failed[i]->stage == st;
        fprintf(out, "%s%s", st ? "; " : "", x->r->stages[st]->id);
        if (st > at)
            fputs(" not reached", out);
        else if (st == at && res->pending)
            fputs(" waits: none of the fields it reads first has a value yet", out);
        else if (nfail)
            fprintf(out, ": %zu of %zu condition%s fail%s", nfail, n, n == 1 ? "" : "s", nfail == 1 ? "s" : "");
        else if (n)
            fprintf(out, " passed (%s%zu condition%s hold%s)", n > 2 ? "all " : n == 2 ? "both " : "", n,
                    n == 1 ? "" : "s", n == 1 ? "s" : "");
        else
            fputs(" passed", out);
    }
    fputc('\n', out);
}

/* The conditions that decided the result: all of them, or with stages
 * those of the stage where the application stopped, waits, or ended (the
 * stages before it passed: write_stages_text says so). */
static void write_conditions_text(Explainer *x, const AppResult *res, FILE *out)
{
    const CategoryDecl *cat = res->cat;
    if (res->pending) {
        fprintf(out, "\n  conditions: none assessed yet at stage `%s`\n", res->stage->id);
        return;
    }
    Cond *cs = cat->nrequires ? conditions(x, res) : NULL;
    size_t nholds = 0, n = 0, wline = 0;
    for (size_t i = 0; i < cat->nrequires; i++) {
        if (res->stage && cat->requires[i].stage != res->stage->index)
            continue;
        n++;
        nholds += cs[i].result == COND_HOLDS;
        size_t w = strlen(cs[i].place);
        if (w > wline)
            wline = w;
    }
    if (n == 0) {
        if (res->stage)
            fprintf(out, "\n  conditions: none at stage `%s`\n", res->stage->id);
        else
            fputs("\n  conditions: none\n", out);
        return;
    }
    fprintf(out, "\n  conditions (%s): ", x->r->path);
    if (nholds == n)
        fprintf(out, n == 1 ? "it holds\n" : n == 2 ? "both hold\n" : "all %zu hold\n", n);
    else
        fprintf(out, "%zu of %zu hold%s\n", nholds, n, nholds == 1 ? "s" : "");
    for (size_t i = 0; i < cat->nrequires; i++)
        if (!res->stage || cat->requires[i].stage == res->stage->index)
            write_condition_text(x, res, &cs[i], wline, out);
}

void explain_text(Explainer *x, const AppResult *res, FILE *out)
{
    arena_reset(&x->arena);
    x->tmp.len = 0;
    const CategoryDecl *cat = res->cat;
    fprintf(out, "%s\n", shown_text(x, res->id, res->id_len));
    if (res->agency_row)
        fputs("  agency-level result, from the agency's applications in this batch\n", out);
    else if (res->source)
        fprintf(out, "  from      %s, line %zu\n", shown_text(x, res->source, strlen(res->source)), res->line);
    if (cat)
        fprintf(out, "  category  %lld %s%s%s\n", (long long)cat->number, cat->id, cat->title ? ": " : "",
                cat->title ? cat->title : "");
    else
        fputs("  category  unknown\n", out);
    if (res->error) {
        fputs("  result    error: the application could not be evaluated\n", out);
        fprintf(out, "  error     %s\n", shown_text(x, res->message, strlen(res->message)));
        return;
    }
    size_t n = cat->nrequires;
    if (res->stage) { /* the conditions of the stage that decided */
        n = 0;
        for (size_t i = 0; i < cat->nrequires; i++)
            n += cat->requires[i].stage == res->stage->index;
    }
    if (res->pending) {
        fprintf(out, "  result    pending: waits for stage `%s`%s%s%s\n", res->stage->id,
                res->stage->label ? " (" : "", res->stage->label ? res->stage->label : "",
                res->stage->label ? ")" : "");
    } else if (res->stopped && (res->stage->stop_id || res->stage->index + 1 < x->r->nstages)) {
        fprintf(out, "  result    %s%s%s%s: stopped at stage `%s`, where %zu of %zu condition%s fail%s\n",
                res->tier_id, res->stage->stop_label ? " (" : "",
                res->stage->stop_label ? res->stage->stop_label : "", res->stage->stop_label ? ")" : "",
                res->stage->id, res->nfailed, n, n == 1 ? "" : "s", res->nfailed == 1 ? "s" : "");
    } else if (!res->eligible)
        fprintf(out, "  result    ineligible: %zu of %zu condition%s fail%s\n", res->nfailed, n, n == 1 ? "" : "s",
                res->nfailed == 1 ? "s" : "");
    else if (res->tier)
        fprintf(out, "  result    %s%s%s%s\n", res->tier->id, res->tier->label ? " (" : "",
                res->tier->label ? res->tier->label : "", res->tier->label ? ")" : "");
    else
        fprintf(out, "  result    awarded: %s\n", n == 0 ? "it has no conditions" : "every condition holds");
    if (res->scored) {
        char t[DEC_FMT_MAX];
        dec_format(res->total, x->r->precision, t);
        fprintf(out, "  total     %s of ", t);
        sb_num(&x->tmp, cat->score->root->out_of);
        fprintf(out, "%s\n", x->tmp.s);
        x->tmp.len = 0;
    }
    if (res->stage)
        write_stages_text(x, res, out);
    write_conditions_text(x, res, out);
    if (res->scored) {
        write_score_text(x, res, out);
        write_tier_text(x, res, out);
    }
}

/* ---- JSON ---- */

static void json_node(Explainer *x, const AppResult *res, const ScoreNode *n, Sb *b)
{
    uint32_t i = n->index;
    sb_str(b, "{\"name\":");
    sb_add_json_cstr(b, n->name);
    sb_str(b, ",\"label\":");
    sb_add_json_cstr(b, n->label);
    sb_printf(b, ",\"kind\":\"%s\"", !n->parent ? "score" : n->tag == NODE_GROUP ? "group"
                                     : n->tag == NODE_LEAF ? "item" : "bonus");
    sb_str(b, ",\"points\":");
    if (res->has_points[i])
        sb_points(b, x, res->points[i]);
    else
        sb_str(b, "null");
    sb_str(b, ",\"out_of\":");
    sb_num(b, n->out_of);
    switch (n->tag) {
    case NODE_BONUS: {
        Value v;
        int st = eval_expr_value(x->ev, n->expr, &v);
        bool given = res->has_points[i] && !dec_is_zero(res->points[i]);
        sb_printf(b, ",\"given\":%s,\"condition\":", given ? "true" : "false");
        sb_add_json_cstr(b, expr_text(x, n->expr));
        sb_printf(b, ",\"result\":\"%s\",\"values\":",
                  st == XV_ABSENT ? "unknown" : st == XV_OK && v.b ? "holds" : "fails");
        SeenList seen = { 0 };
        walk_seen(x, n->expr, &seen, 0);
        sb_seen_json(b, &seen);
        sb_str(b, ",\"needs\":");
        sb_needs_json(b, given ? NULL : solve(x, n->expr, true, 0));
        break;
    }
    case NODE_LEAF: {
        Value v;
        int st = eval_expr_value(x->ev, n->expr, &v);
        if (n->has_weight) {
            sb_str(b, ",\"weight\":");
            sb_num(b, n->weight);
        }
        sb_str(b, ",\"value\":{\"expr\":");
        sb_add_json_cstr(b, expr_text(x, n->expr));
        sb_str(b, ",\"value\":");
        if (st == XV_OK)
            sb_value(b, &v, n->expr->kind, true);
        else
            sb_str(b, "null");
        sb_str(b, "},\"values\":");
        SeenList seen = { 0 };
        walk_seen(x, n->expr, &seen, 0);
        sb_seen_json(b, &seen);
        sb_str(b, ",\"before_cap\":");
        sb_points(b, x, res->raw_points[i]);
        sb_printf(b, ",\"capped\":%s,\"cut\":%s", n->capped ? "true" : "false", res->cut[i] ? "true" : "false");
        break;
    }
    case NODE_GROUP:
        sb_str(b, ",\"sum\":");
        sb_points(b, x, res->raw_points[i]);
        sb_printf(b, ",\"capped\":%s,\"cut\":%s", n->capped ? "true" : "false", res->cut[i] ? "true" : "false");
        break;
    }
    if (n->has_round)
        sb_printf(b, ",\"round\":{\"places\":%d,\"mode\":\"%s\"}", n->round_places, mode_name(n->round_mode));
    if (n->tag == NODE_GROUP) {
        sb_str(b, ",\"items\":[");
        for (size_t k = 0; k < n->nkids; k++) {
            sb_str(b, k ? "," : "");
            json_node(x, res, n->kids[k], b);
        }
        sb_str(b, "]");
    }
    sb_str(b, "}");
}

static void json_tier(Explainer *x, Sb *b, const TierEntry *e)
{
    sb_str(b, "{\"id\":");
    sb_add_json_cstr(b, e->id);
    sb_str(b, ",\"label\":");
    sb_add_json_cstr(b, e->label);
    sb_str(b, ",\"rule\":\"");
    sb_tier_rule(b, e);
    sb_printf(b, "\",\"line\":%u,\"note\":", line_of(x, e->span));
    sb_add_json_cstr(b, e->note);
}

void explain_json(Explainer *x, const AppResult *res, FILE *out)
{
    arena_reset(&x->arena);
    x->tmp.len = 0;
    Sb b = { 0 }; /* the whole object: x->tmp builds its strings */
    const CategoryDecl *cat = res->cat;
    sb_str(&b, "{\"rules\":");
    sb_add_json_cstr(&b, x->r->path);
    if (res->error) {
        sb_str(&b, ",\"error\":");
        sb_add_json_cstr(&b, res->message);
        sb_str(&b, "}");
        fputs(b.s, out);
        mem_free(b.s);
        return;
    }
    sb_str(&b, ",\"conditions\":[");
    Cond *cs = cat->nrequires ? conditions(x, res) : NULL;
    for (size_t i = 0; i < cat->nrequires; i++) {
        const Cond *c = &cs[i];
        sb_printf(&b, "%s{\"line\":%u,\"message\":", i ? "," : "", c->line);
        sb_add_json_cstr(&b, c->q->message);
        sb_str(&b, ",\"condition\":");
        sb_add_json_cstr(&b, c->text);
        sb_printf(&b, ",\"result\":\"%s\"", result_name(c->result));
        if (res->agency_row) {
            sb_str(&b, ",\"won\":[");
            for (size_t k = 0; k < c->nwon; k++) {
                const Won *w = &c->won[k];
                sb_str(&b, k ? ",{\"category\":" : "{\"category\":");
                sb_add_json_cstr(&b, w->cat->id);
                sb_str(&b, ",\"tier\":");
                sb_add_json_cstr(&b, w->tier);
                sb_printf(&b, ",\"won\":%s,\"count\":%zu,\"ids\":", w->count ? "true" : "false", w->count);
                sb_json_ids(&b, w);
                sb_str(&b, ",\"other_tiers\":[");
                sb_other_tiers(x, &b, res->agency, w->call, true);
                sb_str(&b, "]}");
            }
            sb_str(&b, "]");
        } else {
            sb_str(&b, ",\"values\":");
            sb_seen_json(&b, &c->seen);
        }
        sb_str(&b, ",\"needs\":");
        sb_needs_json(&b, c->need);
        if (x->r->nstages && !res->agency_row) {
            sb_str(&b, ",\"stage\":");
            sb_add_json_cstr(&b, x->r->stages[c->q->stage]->id);
        }
        sb_str(&b, "}");
    }
    sb_str(&b, "]");
    if (res->scored) {
        sb_str(&b, ",\"score\":");
        json_node(x, res, cat->score->root, &b);
        const TierDecl *t = cat->tiers;
        const TierEntry *e = res->eligible ? res->tier : eval_pick_tier(t, res->total);
        if (res->eligible && e) {
            sb_str(&b, ",\"tier\":");
            json_tier(x, &b, e);
            sb_str(&b, "}");
            Dec dist;
            const TierEntry *up = next_up(t, e, res->total, &dist);
            sb_str(&b, ",\"next_tier\":");
            if (up) {
                json_tier(x, &b, up);
                sb_str(&b, ",\"short\":");
                sb_dec(&b, dist, x->r->precision);
                sb_str(&b, "}");
            } else {
                sb_str(&b, "null");
            }
        } else if (e) {
            sb_str(&b, ",\"tier_if_eligible\":");
            json_tier(x, &b, e);
            sb_str(&b, "}");
            Dec dist;
            const TierEntry *up = next_up(t, e, res->total, &dist);
            if (up) {
                sb_str(&b, ",\"next_tier_if_eligible\":");
                json_tier(x, &b, up);
                sb_str(&b, ",\"short\":");
                sb_dec(&b, dist, x->r->precision);
                sb_str(&b, "}");
            }
        }
    }
    sb_str(&b, "}");
    fputs(b.s, out);
    mem_free(b.s);
}

/* ast.c -- the tree of a rule file: the builders the grammar's actions
 * use (so parser.y stays a grammar), and what the later layers ask of a
 * tree (the file of a span, the handle of a condition, the name of a kind).
 * The front end, one way: load.c reads files, parse.c parses one file's
 * text, extend.c applies a later year's changes, check.c checks. */
#include <stdio.h>
#include <string.h>

#include "ast.h"
#include "parse_ctx.h"

void ptrvec_push(Arena *a, PtrVec *v, void *item)
{
    if (v->count == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void **items = arena_alloc(a, cap * sizeof *items);
        if (v->count)
            memcpy(items, v->items, v->count * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->count++] = item;
}

static void check_depth(ParseCtx *pc, Expr *e)
{
    if (e->depth > PARSE_MAX_EXPR_DEPTH && !pc->abort) {
        diag_error(pc->diags, pc->src, e->span,
                   "this expression is nested more than %d deep; the rest of the file is not read",
                   PARSE_MAX_EXPR_DEPTH);
        pc->abort = true;
    }
}

Expr *ast_expr(ParseCtx *pc, ExprTag tag, Span at)
{
    Expr *e = arena_alloc(&pc->rules->arena, sizeof *e);
    e->tag = tag;
    e->span = at;
    e->depth = 1;
    return e;
}

Expr *ast_binary(ParseCtx *pc, ExprTag tag, Expr *a, Expr *b, Span at)
{
    Expr *e = ast_expr(pc, tag, at);
    e->a = a;
    e->b = b;
    e->depth = 1 + (a->depth > b->depth ? a->depth : b->depth);
    check_depth(pc, e);
    return e;
}

Expr *ast_unary(ParseCtx *pc, ExprTag tag, Expr *a, Span at)
{
    Expr *e = ast_expr(pc, tag, at);
    e->a = a;
    e->depth = 1 + a->depth;
    check_depth(pc, e);
    return e;
}

const char *ast_source_text(ParseCtx *pc, Span at)
{
    return arena_strndup(&pc->rules->arena, pc->text + at.start, at.end - at.start);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil, as arithmetic on whole numbers). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_from_days(int32_t days, int *y, int *m, int *d)
{
    /* Howard Hinnant's civil_from_days, as arithmetic on whole numbers */
    long z = (long)days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

bool parse_date(const char *t, int32_t *days)
{
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (t[i] != '-')
                return false;
        } else if (t[i] < '0' || t[i] > '9') {
            return false;
        }
    }
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int m = (t[5] - '0') * 10 + (t[6] - '0');
    int d = (t[8] - '0') * 10 + (t[9] - '0');
    static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return false;
    *days = days_from_civil(y, m, d);
    return true;
}

const char *kind_name(const Kind *k, char *buf, size_t size)
{
    const char *s = "?";
    switch (k->tag) {
    case KIND_ERROR: s = "error"; break;
    case KIND_BOOL: s = "bool"; break;
    case KIND_INTEGER: s = "integer"; break;
    case KIND_DECIMAL: s = "decimal"; break;
    case KIND_YEAR: s = "year"; break;
    case KIND_TEXT: s = "text"; break;
    case KIND_DATE: s = "date"; break;
    case KIND_ENUM: s = "one of"; break;
    case KIND_CATEGORY: s = "category"; break;
    case KIND_MODE: s = "rounding mode"; break;
    case KIND_LIST:
    case KIND_RANGE: {
        char inner[64];
        snprintf(buf, size, "%s of %s", k->tag == KIND_LIST ? "list" : "range",
                 k->elem ? kind_name(k->elem, inner, sizeof inner) : "anything");
        return buf;
    }
    }
    if (k->tag == KIND_ENUM && k->nnames > 0) {
        size_t n = (size_t)snprintf(buf, size, "one of ");
        for (size_t i = 0; i < k->nnames && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? (k->ordered ? " < " : ", ") : "", k->names[i]);
        return buf;
    }
    snprintf(buf, size, "%s", s);
    return buf;
}

Rules *rules_new(const char *path)
{
    Rules *r = mem_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    arena_init(&r->arena, 16384);
    r->path = path;
    r->precision = 2;
    r->slot_id = r->slot_agency = r->slot_type = -1;
    return r;
}

const Source *rules_source(const Rules *r, Span at)
{
    return at.file < r->nfiles ? r->files[at.file] : NULL;
}

const char *rules_text_at(const Rules *r, Span at)
{
    const Source *src = rules_source(r, at);
    return src ? diag_source_text(src, NULL) + at.start : "";
}

void rules_free(Rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->owned_texts.count; i++)
        mem_free(r->owned_texts.items[i]);
    arena_free(&r->arena);
    mem_free(r);
}

/* The quantifier variables around an expression, innermost first. */
typedef struct Bound {
    const char *name;
    const struct Bound *up;
} Bound;

/* The first name an expression reads, in the order written, skipping the
 * variables of the quantifiers around it (bound names hold no field). */
static const char *first_name(const Expr *e, const Bound *bound)
{
    if (!e)
        return NULL;
    if (e->tag == EX_NAME) {
        for (const Bound *b = bound; b; b = b->up)
            if (strcmp(b->name, e->v.str) == 0)
                return NULL;
        return e->v.str;
    }
    const char *n = first_name(e->a, bound);
    if (n)
        return n;
    Bound inner = { e->var, bound };
    n = first_name(e->b, e->tag == EX_ALL || e->tag == EX_ANY ? &inner : bound);
    for (size_t i = 0; !n && i < e->nargs; i++)
        n = first_name(e->args[i], bound);
    return n;
}

const char *require_first_name(const Require *q)
{
    const char *n = first_name(q->cond, NULL);
    return n ? n : "";
}

const char *require_handle(const CategoryDecl *c, const Require *q, bool *ambiguous)
{
    if (ambiguous)
        *ambiguous = false;
    if (q->name)
        return q->name;
    const char *n = first_name(q->cond, NULL);
    if (!n)
        return NULL;
    for (size_t i = 0; i < c->nrequires; i++) {
        const Require *o = &c->requires[i];
        if (o == q)
            continue;
        const char *on = o->name ? o->name : first_name(o->cond, NULL);
        if (on && strcmp(on, n) == 0) {
            if (ambiguous)
                *ambiguous = true;
            return NULL;
        }
    }
    return n;
}

bool stage_field(const Rules *r, const CategoryDecl *c, size_t slot, size_t st)
{
    int k = (int)slot;
    return c->reads && c->reads[slot] == st + 1 && !r->inputs[slot]->optional && k != r->slot_id &&
           k != r->slot_type && k != r->slot_agency;
}

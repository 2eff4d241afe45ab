/* rdiff.c -- the changes between two sets of rules (rdiff.h).
 *
 * Every kind of part is paired the same way: a pairing (which old part is
 * which new part), then one walk in NEW's order that says, for each part,
 * added, or what changed, and, after the part that preceded it in OLD,
 * each old part that has no partner (removed).  The values are written as
 * text here, once, so that the text and JSON writers show the same words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ast_eq.h"
#include "rdiff.h"
#include "show.h"
#include "strbuf.h"

typedef struct Ctx {
    Rdiff *d;
    const Rules *o, *n;
    size_t cap;            /* of d->changes */
    bool broken;           /* an allocation failed: the result is dropped */
    /* The group the next changes are listed under, and where it sorts. */
    const char *group;
    uint32_t gfile, gstart;
    size_t gseq;
    size_t *keys;          /* per change: gseq, then the sort key parts */
    size_t keycap;
    Sb tmp;                /* a value being written */
} Ctx;

/* Sort keys of one change, kept beside d->changes. */
typedef struct Key {
    uint32_t file, start;  /* where its group sits in NEW */
    size_t gseq, cseq;     /* its group's creation, its own */
} Key;

/* ---- strings ---- */

static const char *keep(Ctx *C, const char *s, size_t len)
{
    char *p = arena_strndup(&C->d->arena, s, len);
    if (!p) {
        C->broken = true;
        return "";
    }
    return p;
}

/* The text of tmp, kept; tmp is emptied. */
static const char *keep_tmp(Ctx *C)
{
    const char *s = keep(C, C->tmp.s ? C->tmp.s : "", C->tmp.len);
    sb_reset(&C->tmp);
    return s;
}

__attribute__((format(printf, 2, 3)))
static const char *fmt(Ctx *C, const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof buf) {
        /* A long name or label: write it again into a block its size. */
        char *big = arena_alloc(&C->d->arena, (size_t)n + 1);
        if (!big) {
            C->broken = true;
            return "";
        }
        va_start(ap, f);
        vsnprintf(big, (size_t)n + 1, f, ap);
        va_end(ap);
        return big;
    }
    return keep(C, buf, (size_t)n);
}

/* Text of the file as a reviewer reads it on one line: line breaks and
 * runs of blanks become one space, comments go (not a `#` in quotes). */
static void add_one_line(Sb *to, const char *s, size_t len)
{
    bool space = false, quoted = false;
    size_t start = to->len;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!quoted && c == '#') {
            while (i + 1 < len && s[i + 1] != '\n' && s[i + 1] != '\r')
                i++;
            space = true;
            continue;
        }
        if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
            space = true;
            continue;
        }
        if (space && to->len > start)
            sb_add(to, " ", 1);
        space = false;
        sb_add(to, &c, 1);
        if (c == '"')
            quoted = !quoted;
        else if (c == '\\' && quoted && i + 1 < len)
            sb_add(to, &s[++i], 1);
    }
    sb_add(to, "", 0);
}

/* An expression as written, on one line; one a later year's file changed
 * (a category renamed inside it) as the tree now says, or old and new
 * would read alike. */
static void add_expr(Ctx *C, const Rules *r, const Expr *e)
{
    if (e->retold)
        show_expr(&C->tmp, e);
    else
        add_one_line(&C->tmp, rules_text_at(r, e->span), e->span.end - e->span.start);
}

static const char *expr_text(Ctx *C, const Rules *r, const Expr *e)
{
    if (!e)
        return NULL;
    add_expr(C, r, e);
    return keep_tmp(C);
}

static const char *dec_text(Ctx *C, Dec d)
{
    char b[DEC_FMT_MAX];
    return keep(C, b, dec_format(dec_normalize(d), 0, b));
}

static const char *yes_no(bool b) { return b ? "yes" : "no"; }

static const char *mode_name(DecRound m)
{
    switch (m) {
    case DEC_HALF_UP: return "half-up";
    case DEC_HALF_EVEN: return "half-even";
    case DEC_DOWN: return "down";
    case DEC_UP: return "up";
    }
    return "?";
}

static bool same_text(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* ---- changes ---- */

static RdiffSide side(const Rules *r, Span at, bool placed, const char *text)
{
    RdiffSide s = { .text = text };
    if (r && placed && (s.src = rules_source(r, at))) {
        unsigned col;
        diag_linecol(s.src, at.start, &s.line, &col);
    }
    return s;
}

/* Start the group that the next changes are listed under; it sorts at
 * `at` in NEW (no place: after everything). */
static void group(Ctx *C, const char *name, const Span *at)
{
    C->group = name;
    C->gfile = at ? at->file : UINT32_MAX;
    C->gstart = at ? at->start : UINT32_MAX;
    C->gseq++;
}

static RdiffChange *add(Ctx *C, RdiffKind kind, const char *what, const char *path, const char *subject)
{
    Rdiff *d = C->d;
    RdiffChange *ch = mem_grow(d->changes, &C->cap, d->nchanges + 1, sizeof *ch);
    if (!ch) {
        C->broken = true;
        return NULL;
    }
    d->changes = ch;
    Key *k = mem_grow(C->keys, &C->keycap, d->nchanges + 1, sizeof *k);
    if (!k) {
        C->broken = true;
        return NULL;
    }
    C->keys = (size_t *)k;
    k[d->nchanges] = (Key){ C->gfile, C->gstart, C->gseq, d->nchanges };
    ch = &d->changes[d->nchanges++];
    *ch = (RdiffChange){ .kind = kind, .what = what, .path = path, .subject = subject, .group = C->group };
    return ch;
}

/* The whole part on one side: added (old NULL) or removed (new NULL). */
static void added_or_removed(Ctx *C, bool added, const char *what, const char *path, const char *subject,
                             Span at, const char *text)
{
    RdiffChange *ch = add(C, added ? RDIFF_ADDED : RDIFF_REMOVED, what, path, subject);
    if (!ch)
        return;
    if (added)
        ch->new = side(C->n, at, true, text);
    else
        ch->old = side(C->o, at, true, text);
}

/* One attribute of a part present on both sides, when its values differ
 * (texts compared: every value here is written the same way for equal
 * values, so equal texts are equal values). */
typedef struct Both {
    const char *what, *path, *subject;
    Span oat, nat;         /* where the part is on each side */
    bool oplaced, nplaced;
} Both;

static void change(Ctx *C, const Both *b, const char *name, const char *ov, const char *nv, bool is_text)
{
    RdiffChange *ch = add(C, RDIFF_CHANGED, b->what, b->path, b->subject);
    if (!ch)
        return;
    ch->attr = name;
    ch->is_text = is_text;
    ch->old = side(C->o, b->oat, b->oplaced, ov);
    ch->new = side(C->n, b->nat, b->nplaced, nv);
}

/* An attribute that is an expression: compared as trees, shown as text. */
static void attr_expr(Ctx *C, const Both *b, const char *name, const Expr *oe, const Expr *ne)
{
    if (expr_equal(oe, ne))
        return;
    const char *ot = expr_text(C, C->o, oe), *nt = expr_text(C, C->n, ne);
    RdiffChange *ch = add(C, RDIFF_CHANGED, b->what, b->path, b->subject);
    if (!ch)
        return;
    ch->attr = name;
    ch->old = side(C->o, oe ? oe->span : b->oat, true, ot);
    ch->new = side(C->n, ne ? ne->span : b->nat, true, nt);
}

static void attr(Ctx *C, const Both *b, const char *name, const char *ov, const char *nv, bool is_text)
{
    if (!same_text(ov, nv))
        change(C, b, name, ov, nv, is_text);
}

static Both both(const char *what, const char *path, const char *subject, Span oat, Span nat)
{
    return (Both){ what, path, subject, oat, nat, true, true };
}

/* ---- pairing ---- */

/* Which old part is which new part: o2n[i] the new index of old part i,
 * n2o[j] the old index of new part j, -1 when it has none. */
typedef struct Pairing {
    size_t no, nn;
    long *o2n, *n2o;
} Pairing;

static bool pairing_init(Ctx *C, Pairing *p, size_t no, size_t nn)
{
    p->no = no;
    p->nn = nn;
    p->o2n = arena_alloc(&C->d->arena, (no + 1) * sizeof *p->o2n);
    p->n2o = arena_alloc(&C->d->arena, (nn + 1) * sizeof *p->n2o);
    if (!p->o2n || !p->n2o) {
        C->broken = true;
        return false;
    }
    for (size_t i = 0; i < no; i++)
        p->o2n[i] = -1;
    for (size_t j = 0; j < nn; j++)
        p->n2o[j] = -1;
    return true;
}

static void pair(Pairing *p, size_t i, size_t j)
{
    p->o2n[i] = (long)j;
    p->n2o[j] = (long)i;
}

/* Pair parts whose names are equal (NULL names pair with nothing). */
static void pair_by_name(Pairing *p, const char *const *on, const char *const *nn)
{
    for (size_t i = 0; i < p->no; i++)
        for (size_t j = 0; on[i] && j < p->nn; j++)
            if (p->n2o[j] < 0 && nn[j] && strcmp(on[i], nn[j]) == 0) {
                pair(p, i, j);
                break;
            }
}

/* The gap old part i sits in: the new index of the nearest paired old part
 * before it, -1 when none. */
static long old_gap(const Pairing *p, size_t i)
{
    while (i-- > 0)
        if (p->o2n[i] >= 0)
            return p->o2n[i];
    return -1;
}

static long new_gap(const Pairing *p, size_t j)
{
    while (j-- > 0)
        if (p->n2o[j] >= 0)
            return (long)j;
    return -1;
}

/* Called for each part in NEW's order: oi -1 added, ni -1 removed.
 * `anchor` is the new part a removed one is listed at (-1: none). */
typedef void PartFn(Ctx *C, void *ctx, long oi, long ni, long anchor);

static void walk(Ctx *C, const Pairing *p, PartFn *fn, void *ctx)
{
    /* The removed parts, by gap: gone[k] for the gap after new part k-1. */
    size_t *count = arena_alloc(&C->d->arena, (p->nn + 2) * sizeof *count);
    size_t *gone = arena_alloc(&C->d->arena, (p->no + 1) * sizeof *gone);
    if (!count || !gone) {
        C->broken = true;
        return;
    }
    long gap = -1;
    for (size_t i = 0; i < p->no; i++) {
        if (p->o2n[i] >= 0)
            gap = p->o2n[i];
        else
            count[gap + 1]++;
    }
    for (size_t k = 1; k <= p->nn + 1; k++) /* count[k]: where gap k-1 starts */
        count[k] += count[k - 1];
    for (size_t k = p->nn + 1; k > 0; k--)
        count[k] = count[k - 1];
    count[0] = 0;
    gap = -1;
    for (size_t i = 0; i < p->no; i++) {
        if (p->o2n[i] >= 0)
            gap = p->o2n[i];
        else
            gone[count[gap + 1]++] = i;
    }
    /* Now count[k] is where gap k-1 ends.  Removed parts with no paired
     * part before them come first, listed at NEW's first part. */
    size_t from = 0;
    for (gap = -1; gap < (long)p->nn && !C->broken; gap++) {
        if (gap >= 0)
            fn(C, ctx, p->n2o[gap], gap, gap);
        for (; from < count[gap + 1] && !C->broken; from++)
            fn(C, ctx, (long)gone[from], -1, gap >= 0 ? gap : p->nn ? 0 : -1);
    }
}

/* ---- the award ---- */

static const char *year_text(Ctx *C, const Rules *r)
{
    return fmt(C, "%lld %s", (long long)r->year, r->year_ce ? "CE" : "BE");
}

static void diff_award(Ctx *C)
{
    const Rules *o = C->o, *n = C->n;
    Span top = { 0, 0, 0 }; /* before every part */
    group(C, fmt(C, "award `%s`", n->name), &top);
    Both b = both("award", "award", "the award", o->name_span, n->name_span);
    attr(C, &b, "name", o->name, n->name, false);
    attr(C, &b, "title", o->title, n->title, true);
    b.oat = o->year_span;
    b.nat = n->year_span;
    attr(C, &b, "year", year_text(C, o), year_text(C, n), false);
    /* The precision keeps no place of its own: the award's name stands for it. */
    b.oat = o->name_span;
    b.nat = n->name_span;
    b.oplaced = b.nplaced = false;
    attr(C, &b, "precision", fmt(C, "%d", o->precision), fmt(C, "%d", n->precision), false);
}

/* ---- inputs and lets ---- */

static const char *range_text(Ctx *C, const Rules *r, const InputDecl *in)
{
    if (!in->lo && !in->hi)
        return NULL;
    if (in->lo && in->hi && !in->lo_strict && !in->hi_strict) {
        add_expr(C, r, in->lo);
        sb_str(&C->tmp, " to ");
        add_expr(C, r, in->hi);
        return keep_tmp(C);
    }
    if (in->lo) {
        sb_str(&C->tmp, in->lo_strict ? "> " : ">= ");
        add_expr(C, r, in->lo);
    }
    if (in->hi) {
        sb_str(&C->tmp, in->lo ? " and " : "");
        sb_str(&C->tmp, in->hi_strict ? "< " : "<= ");
        add_expr(C, r, in->hi);
    }
    return keep_tmp(C);
}

static const char *kind_text(Ctx *C, const Kind *k)
{
    char buf[1024];
    return fmt(C, "%s", kind_name(k, buf, sizeof buf));
}

/* An input as declared: `optional year`, `decimal 0 to 100 "label"`. */
static const char *input_text(Ctx *C, const Rules *r, const InputDecl *in)
{
    const char *range = range_text(C, r, in);
    return fmt(C, "%s%s%s%s%s%s%s", in->optional ? "optional " : "", kind_text(C, &in->kind), range ? " " : "",
               range ? range : "", in->label ? " \"" : "", in->label ? in->label : "", in->label ? "\"" : "");
}

static void one_input(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)ctx;
    (void)anchor;
    const InputDecl *o = oi >= 0 ? C->o->inputs[oi] : NULL, *n = ni >= 0 ? C->n->inputs[ni] : NULL;
    const InputDecl *any = n ? n : o;
    const char *path = fmt(C, "input/%s", any->name);
    const char *subject = fmt(C, "input `%s`", any->name);
    if (!o || !n) {
        added_or_removed(C, n != NULL, "input", path, subject, any->span,
                         input_text(C, n ? C->n : C->o, any));
        return;
    }
    Both b = both("input", path, subject, o->span, n->span);
    if (!kind_equal(&o->kind, &n->kind))
        change(C, &b, "kind", kind_text(C, &o->kind), kind_text(C, &n->kind), false);
    attr(C, &b, "optional", yes_no(o->optional), yes_no(n->optional), false);
    if (!expr_equal(o->lo, n->lo) || !expr_equal(o->hi, n->hi) || o->lo_strict != n->lo_strict ||
        o->hi_strict != n->hi_strict) {
        change(C, &b, "range", range_text(C, C->o, o), range_text(C, C->n, n), false);
    }
    attr(C, &b, "label", o->label, n->label, true);
}

static void one_let(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)ctx;
    (void)anchor;
    const LetDecl *o = oi >= 0 ? C->o->lets[oi] : NULL, *n = ni >= 0 ? C->n->lets[ni] : NULL;
    const LetDecl *any = n ? n : o;
    const char *path = fmt(C, "let/%s", any->name);
    const char *subject = fmt(C, "let `%s`", any->name);
    if (!o || !n) {
        added_or_removed(C, n != NULL, "let", path, subject, any->span,
                         expr_text(C, n ? C->n : C->o, any->expr));
        return;
    }
    Both b = both("let", path, subject, o->span, n->span);
    attr_expr(C, &b, "value", o->expr, n->expr);
}

/* Pair two lists of named parts and walk them. */
static void diff_named(Ctx *C, const char *const *on, size_t no, const char *const *nn, size_t nnew, PartFn *fn,
                       void *ctx)
{
    Pairing p;
    if (!pairing_init(C, &p, no, nnew))
        return;
    pair_by_name(&p, on, nn);
    walk(C, &p, fn, ctx);
}

static const char **input_names(Ctx *C, const Rules *r)
{
    const char **v = arena_alloc(&C->d->arena, (r->ninputs + 1) * sizeof *v);
    if (!v) {
        C->broken = true;
        return NULL;
    }
    for (size_t i = 0; i < r->ninputs; i++)
        v[i] = r->inputs[i]->name;
    return v;
}

static const char **let_names(Ctx *C, const Rules *r)
{
    const char **v = arena_alloc(&C->d->arena, (r->nlets + 1) * sizeof *v);
    if (!v) {
        C->broken = true;
        return NULL;
    }
    for (size_t i = 0; i < r->nlets; i++)
        v[i] = r->lets[i]->name;
    return v;
}

static void diff_inputs_lets(Ctx *C)
{
    const Rules *o = C->o, *n = C->n;
    const char **on = input_names(C, o), **nn = input_names(C, n);
    if (!on || !nn)
        return;
    group(C, "input", n->ninputs ? &n->inputs[0]->span : NULL);
    diff_named(C, on, o->ninputs, nn, n->ninputs, one_input, NULL);
    on = let_names(C, o);
    nn = let_names(C, n);
    if (!on || !nn)
        return;
    group(C, "let", n->nlets ? &n->lets[0]->span : NULL);
    diff_named(C, on, o->nlets, nn, n->nlets, one_let, NULL);
}

/* ---- scores ---- */

static const char *round_text(Ctx *C, const ScoreNode *s)
{
    return s->has_round ? fmt(C, "%d %s", s->round_places, mode_name(s->round_mode)) : NULL;
}

static const char *form_name(NodeTag t)
{
    return t == NODE_GROUP ? "group" : t == NODE_BONUS ? "bonus" : "item";
}

/* Whether an item's value was written (`= expr`): the checker gives an
 * item without one its own name, placed at the item's name. */
static bool value_written(const ScoreNode *s)
{
    return s->expr && !(s->expr->tag == EX_NAME && s->expr->span.start == s->span.start);
}

/* A score node as declared, on one line: `out of 120, capped = x "label"`,
 * `50 when any(a, b) "label"`, a group with its items' names. */
static const char *node_text(Ctx *C, const Rules *r, const ScoreNode *s)
{
    Sb *t = &C->tmp;
    char b[DEC_FMT_MAX];
    if (s->tag == NODE_BONUS) {
        sb_add(t, b, dec_format(dec_normalize(s->out_of), 0, b));
        if (s->expr) {
            sb_str(t, " when ");
            add_expr(C, r, s->expr);
        }
    } else {
        if (s->has_weight) {
            sb_str(t, "weight ");
            sb_add(t, b, dec_format(dec_normalize(s->weight), 0, b));
        }
        else if (s->has_out_of) { /* a weight is also what the item is out of */
            sb_str(t, "out of ");
            sb_add(t, b, dec_format(dec_normalize(s->out_of), 0, b));
        }
        if (s->capped)
            sb_str(t, ", capped");
        if (s->has_round)
            sb_printf(t, ", round %d %s", s->round_places, mode_name(s->round_mode));
        if (value_written(s)) {
            sb_str(t, " = ");
            add_expr(C, r, s->expr);
        }
        if (s->tag == NODE_GROUP) {
            sb_str(t, " {");
            for (size_t i = 0; i < s->nkids; i++)
                sb_printf(t, "%s %s", i ? "," : "", s->kids[i]->name);
            sb_str(t, " }");
        }
    }
    if (s->label)
        sb_printf(t, " \"%s\"", s->label);
    return keep_tmp(C);
}

/* The names children are paired by: their own, and for bonuses `bonus`,
 * `bonus2`, ... by their order among the group's bonuses. */
static const char **kid_names(Ctx *C, const ScoreNode *g)
{
    const char **v = arena_alloc(&C->d->arena, (g->nkids + 1) * sizeof *v);
    if (!v) {
        C->broken = true;
        return NULL;
    }
    int bonuses = 0;
    for (size_t i = 0; i < g->nkids; i++) {
        const ScoreNode *k = g->kids[i];
        if (k->tag != NODE_BONUS)
            v[i] = k->name;
        else if (++bonuses == 1)
            v[i] = "bonus";
        else
            v[i] = fmt(C, "bonus%d", bonuses);
    }
    return v;
}

typedef struct NodeWalk {
    const ScoreNode *og, *ng;      /* the two groups */
    const char **on, **nn;         /* their children's names */
    const char *path, *inner;      /* "score/service/part1"; "part1/" */
} NodeWalk;

static void diff_node(Ctx *C, const ScoreNode *o, const ScoreNode *n, const char *path, const char *inner,
                      const char *pname);

static void one_node(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)anchor;
    NodeWalk *w = ctx;
    const ScoreNode *o = oi >= 0 ? w->og->kids[oi] : NULL, *n = ni >= 0 ? w->ng->kids[ni] : NULL;
    const char *name = n ? w->nn[ni] : w->on[oi];
    const char *path = fmt(C, "%s/%s", w->path, name);
    const char *inner = fmt(C, "%s%s", w->inner, name);
    if (o && n && o->tag == n->tag) {
        diff_node(C, o, n, path, inner, name);
        return;
    }
    /* Gone, new, or an item that became a group (or back): out, then in. */
    if (o)
        added_or_removed(C, false, form_name(o->tag), path, fmt(C, "%s `%s`", form_name(o->tag), inner), o->span,
                         node_text(C, C->o, o));
    if (n)
        added_or_removed(C, true, form_name(n->tag), path, fmt(C, "%s `%s`", form_name(n->tag), inner), n->span,
                         node_text(C, C->n, n));
}

/* An item's value: its expression, else (none written) its own name. */
static bool value_same(const ScoreNode *o, const ScoreNode *n)
{
    const Expr *x = o->expr, *y = n->expr;
    if (!x || !y) {
        const Expr *e = x ? x : y;
        return !e || (e->tag == EX_NAME && strcmp(e->v.str, o->name) == 0);
    }
    return expr_equal(x, y);
}

static const char *value_text(Ctx *C, const Rules *r, const ScoreNode *s)
{
    return s->expr ? expr_text(C, r, s->expr) : s->name;
}

/* Two nodes of the same form and name: what differs, then their children.
 * `pname` is its name in paths (a bonus: `bonus`, `bonus2`). */
static void diff_node(Ctx *C, const ScoreNode *o, const ScoreNode *n, const char *path, const char *inner,
                      const char *pname)
{
    (void)pname;
    const char *what = n->parent ? form_name(n->tag) : "score";
    const char *subject = n->parent ? fmt(C, "%s `%s`", what, inner) : fmt(C, "score `%s`", n->name);
    Both b = both(what, path, subject, o->span, n->span);
    if (n->tag == NODE_BONUS) {
        attr(C, &b, "points", dec_text(C, o->out_of), dec_text(C, n->out_of), false);
        attr_expr(C, &b, "condition", o->expr, n->expr);
        attr(C, &b, "label", o->label, n->label, true);
        return;
    }
    if (!o->has_weight || !n->has_weight) /* else the weight says it */
        attr(C, &b, "out_of", o->has_out_of ? dec_text(C, o->out_of) : NULL,
             n->has_out_of ? dec_text(C, n->out_of) : NULL, false);
    attr(C, &b, "weight", o->has_weight ? dec_text(C, o->weight) : NULL,
         n->has_weight ? dec_text(C, n->weight) : NULL, false);
    attr(C, &b, "capped", yes_no(o->capped), yes_no(n->capped), false);
    attr(C, &b, "round", round_text(C, o), round_text(C, n), false);
    if (n->tag == NODE_LEAF && !value_same(o, n)) {
        RdiffChange *ch = add(C, RDIFF_CHANGED, b.what, b.path, b.subject);
        if (ch) {
            ch->attr = "value";
            ch->old = side(C->o, o->expr ? o->expr->span : o->span, true, value_text(C, C->o, o));
            ch->new = side(C->n, n->expr ? n->expr->span : n->span, true, value_text(C, C->n, n));
        }
    }
    attr(C, &b, "label", o->label, n->label, true);
    if (n->tag != NODE_GROUP)
        return;
    NodeWalk w = { o, n, kid_names(C, o), kid_names(C, n), path, n->parent ? fmt(C, "%s/", inner) : "" };
    if (w.on && w.nn)
        diff_named(C, w.on, o->nkids, w.nn, n->nkids, one_node, &w);
}

static void one_score(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)ctx;
    const ScoreDecl *o = oi >= 0 ? C->o->scores[oi] : NULL, *n = ni >= 0 ? C->n->scores[ni] : NULL;
    const ScoreDecl *any = n ? n : o;
    const Span *at = anchor >= 0 ? &C->n->scores[anchor]->span : NULL;
    group(C, fmt(C, "score `%s`", any->name), at);
    const char *path = fmt(C, "score/%s", any->name);
    if (!o || !n) {
        added_or_removed(C, n != NULL, "score", path, fmt(C, "score `%s`", any->name), any->span,
                         node_text(C, n ? C->n : C->o, any->root));
        return;
    }
    diff_node(C, o->root, n->root, path, "", n->name);
}

/* ---- tier tables ---- */

static const char *tier_rule_text(Ctx *C, const TierEntry *e)
{
    char a[DEC_FMT_MAX], b[DEC_FMT_MAX];
    switch (e->rule) {
    case TIER_AT_LEAST:
        dec_format(dec_normalize(e->lo), 0, a);
        return fmt(C, "at least %s", a);
    case TIER_RANGE:
        dec_format(dec_normalize(e->lo), 0, a);
        dec_format(dec_normalize(e->hi), 0, b);
        return fmt(C, "from %s to %s", a, b);
    case TIER_OTHERWISE:
        break;
    }
    return "otherwise";
}

static const char *tier_text(Ctx *C, const TierEntry *e)
{
    const char *rule = tier_rule_text(C, e);
    return fmt(C, "%s%s%s%s%s%s%s", e->label ? "\"" : "", e->label ? e->label : "", e->label ? "\" " : "", rule,
               e->note ? " note \"" : "", e->note ? e->note : "", e->note ? "\"" : "");
}

static const char *on_text(Ctx *C, const TierDecl *t)
{
    for (size_t i = 0; i < t->non; i++)
        sb_printf(&C->tmp, "%s%s", i ? ", " : "", t->on[i]);
    return keep_tmp(C);
}

typedef struct TierWalk {
    const TierDecl *ot, *nt;
    const char *path;
} TierWalk;

static void one_tier(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)anchor;
    TierWalk *w = ctx;
    const TierEntry *o = oi >= 0 ? &w->ot->entries[oi] : NULL, *n = ni >= 0 ? &w->nt->entries[ni] : NULL;
    const TierEntry *any = n ? n : o;
    const char *path = fmt(C, "%s/%s", w->path, any->id);
    const char *subject = fmt(C, "tier `%s`", any->id);
    if (!o || !n) {
        added_or_removed(C, n != NULL, "tier", path, subject, any->span, tier_text(C, any));
        return;
    }
    Both b = both("tier", path, subject, o->span, n->span);
    attr(C, &b, "rule", tier_rule_text(C, o), tier_rule_text(C, n), false);
    attr(C, &b, "label", o->label, n->label, true);
    attr(C, &b, "note", o->note, n->note, true);
}

/* The ids of the tiers both tables have, in one table's order: the first
 * tier that matches is given, so their order is part of the rules. */
static const char *common_order(Ctx *C, const TierDecl *t, const Pairing *p, bool old_side)
{
    for (size_t i = 0, k = 0; i < t->nentries; i++)
        if ((old_side ? p->o2n[i] : p->n2o[i]) >= 0)
            sb_printf(&C->tmp, "%s%s", k++ ? ", " : "", t->entries[i].id);
    return keep_tmp(C);
}

static void one_tiers(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)ctx;
    const TierDecl *o = oi >= 0 ? C->o->tiers[oi] : NULL, *n = ni >= 0 ? C->n->tiers[ni] : NULL;
    const TierDecl *any = n ? n : o;
    group(C, fmt(C, "tiers `%s`", any->name), anchor >= 0 ? &C->n->tiers[anchor]->span : NULL);
    const char *path = fmt(C, "tiers/%s", any->name);
    const char *subject = fmt(C, "tiers `%s`", any->name);
    if (!o || !n) {
        const char *on = on_text(C, any);
        for (size_t i = 0; i < any->nentries; i++)
            sb_printf(&C->tmp, "%s%s", i ? ", " : " {", any->entries[i].id);
        const char *entries = keep_tmp(C);
        added_or_removed(C, n != NULL, "tiers", path, subject, any->span,
                         fmt(C, "on %s%s }%s%s%s", on, entries, any->label ? " \"" : "", any->label ? any->label : "",
                             any->label ? "\"" : ""));
        return;
    }
    Both b = both("tiers", path, subject, o->span, n->span);
    attr(C, &b, "on", on_text(C, o), on_text(C, n), false);
    attr(C, &b, "label", o->label, n->label, true);
    Pairing p;
    if (!pairing_init(C, &p, o->nentries, n->nentries))
        return;
    for (size_t i = 0; i < o->nentries; i++)
        for (size_t j = 0; j < n->nentries; j++)
            if (p.n2o[j] < 0 && strcmp(o->entries[i].id, n->entries[j].id) == 0) {
                pair(&p, i, j);
                break;
            }
    attr(C, &b, "order", common_order(C, o, &p, true), common_order(C, n, &p, false), false);
    TierWalk w = { o, n, path };
    walk(C, &p, one_tier, &w);
}

/* ---- categories and their conditions ---- */

/* Whether a condition's handle was written in the file (not derived). */
static bool handle_given(const Require *q) { return q->name && q->name_span.end > q->name_span.start; }

/* Pair the conditions of two categories: by handle when both have one;
 * then by an equal condition (spacing and brackets aside); then a left-over
 * old and a left-over new condition that stand in the same place between
 * conditions already paired, in order, unless both have handles written
 * in their files (two different given handles are two different
 * conditions; a derived handle follows the text, so it does not count).  What is left was
 * removed or added.  The third step is what a reviewer reads best: a
 * condition edited where it stands (`>= 80` made `>= 85`, its message
 * reworded) is one change with both texts, not a removal and an addition
 * far apart. */
static void pair_requires(Pairing *p, const CategoryDecl *o, const CategoryDecl *n)
{
    for (size_t i = 0; i < p->no; i++)
        for (size_t j = 0; o->requires[i].name && j < p->nn; j++)
            if (p->n2o[j] < 0 && n->requires[j].name && strcmp(o->requires[i].name, n->requires[j].name) == 0) {
                pair(p, i, j);
                break;
            }
    for (size_t i = 0; i < p->no; i++)
        for (size_t j = 0; p->o2n[i] < 0 && j < p->nn; j++)
            if (p->n2o[j] < 0 && expr_equal(o->requires[i].cond, n->requires[j].cond))
                pair(p, i, j);
    /* Each pair made here becomes the gap's new start, so the left-overs
     * of one gap pair in order: the first old with the first new, ... */
    for (size_t i = 0; i < p->no; i++) {
        if (p->o2n[i] >= 0)
            continue;
        long gap = old_gap(p, i);
        for (size_t j = 0; j < p->nn; j++) {
            if (p->n2o[j] >= 0 || new_gap(p, j) != gap)
                continue;
            if (handle_given(&o->requires[i]) && handle_given(&n->requires[j]))
                break;
            pair(p, i, j);
            break;
        }
    }
}

static const char *require_path(Ctx *C, const char *cat, const Require *q, size_t index)
{
    return q->name ? fmt(C, "category/%s/require/%s", cat, q->name) : fmt(C, "category/%s/require/%zu", cat, index + 1);
}

typedef struct ReqWalk {
    const CategoryDecl *oc, *nc;
} ReqWalk;

/* Whether category c takes the group of conditions `group`. */
static bool takes_group(const CategoryDecl *c, const char *group)
{
    for (size_t i = 0; i < c->nown; i++)
        if (c->requires[i].group && strcmp(c->requires[i].group, group) == 0)
            return true;
    return false;
}

static void one_require(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)anchor;
    ReqWalk *w = ctx;
    const Require *o = oi >= 0 ? &w->oc->requires[oi] : NULL, *n = ni >= 0 ? &w->nc->requires[ni] : NULL;
    const Require *any = n ? n : o;
    /* a condition of a group both sides take: the group's diff says it */
    if (any->group && takes_group(w->oc, any->group) && takes_group(w->nc, any->group))
        return;
    const char *path = require_path(C, w->nc->id, any, n ? (size_t)ni : (size_t)oi);
    const char *handle = n && n->name ? n->name : o && o->name ? o->name : NULL;
    const char *subject = handle ? fmt(C, "condition `%s`", handle) : "condition";
    if (!o || !n) {
        const Rules *r = n ? C->n : C->o;
        add_expr(C, r, any->cond);
        if (any->message)
            sb_printf(&C->tmp, " \"%s\"", any->message);
        added_or_removed(C, n != NULL, "condition", path, subject, any->span, keep_tmp(C));
        return;
    }
    Both b = both("condition", path, subject, o->span, n->span);
    /* A handle written on both sides and changed matters to next year's
     * change files; one derived, or given on one side only, is no change
     * in what the rules decide. */
    if (handle_given(o) && handle_given(n))
        attr(C, &b, "handle", o->name, n->name, false);
    attr_expr(C, &b, "condition", o->cond, n->cond);
    attr(C, &b, "message", o->message, n->message, true);
}

static void one_category(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)ctx;
    const CategoryDecl *o = oi >= 0 ? C->o->categories[oi] : NULL, *n = ni >= 0 ? C->n->categories[ni] : NULL;
    const CategoryDecl *any = n ? n : o;
    group(C, fmt(C, "category %lld `%s`", (long long)any->number, any->id),
          anchor >= 0 ? &C->n->categories[anchor]->span : NULL);
    const char *path = fmt(C, "category/%s", any->id);
    const char *subject = fmt(C, "category `%s`", any->id);
    if (!o || !n) {
        const char *scored = any->score_name ? fmt(C, ", scored by %s, tiers %s", any->score_name, any->tiers_name)
                                             : "";
        added_or_removed(C, n != NULL, "category", path, subject, any->span,
                         fmt(C, "%lld %s%s%s%s, %zu condition%s%s%s", (long long)any->number, any->id,
                             any->title ? " \"" : "", any->title ? any->title : "", any->title ? "\"" : "",
                             any->nown, any->nown == 1 ? "" : "s", scored,
                             any->per_agency ? ", per agency" : ""));
        return;
    }
    Both b = both("category", path, subject, o->span, n->span);
    if (strcmp(o->id, n->id) != 0) {
        RdiffChange *ch = add(C, RDIFF_RENAMED, "category", path, fmt(C, "category %lld", (long long)n->number));
        if (ch) {
            ch->attr = "id";
            ch->old = side(C->o, o->span, true, o->id);
            ch->new = side(C->n, n->span, true, n->id);
        }
    }
    b.oat = o->number_span;
    b.nat = n->number_span;
    attr(C, &b, "number", fmt(C, "%lld", (long long)o->number), fmt(C, "%lld", (long long)n->number), false);
    b.oat = o->span;
    b.nat = n->span;
    attr(C, &b, "title", o->title, n->title, true);
    attr(C, &b, "per_agency", yes_no(o->per_agency), yes_no(n->per_agency), false);
    b.oat = o->score_name ? o->score_span : o->span;
    b.nat = n->score_name ? n->score_span : n->span;
    attr(C, &b, "scored_by", o->score_name, n->score_name, false);
    b.oat = o->tiers_name ? o->tiers_span : o->span;
    b.nat = n->tiers_name ? n->tiers_span : n->span;
    attr(C, &b, "tiers", o->tiers_name, n->tiers_name, false);
    Pairing p;
    /* its own conditions: what its stages require of all is the stages' */
    if (!pairing_init(C, &p, o->nown, n->nown))
        return;
    pair_requires(&p, o, n);
    ReqWalk w = { o, n };
    walk(C, &p, one_require, &w);
}

/* Categories pair by id; then an old one whose id is gone and a new one of
 * the same number whose id is new are one category, renamed. */
static void diff_categories(Ctx *C)
{
    const Rules *o = C->o, *n = C->n;
    Pairing p;
    if (!pairing_init(C, &p, o->ncategories, n->ncategories))
        return;
    for (size_t i = 0; i < p.no; i++)
        for (size_t j = 0; j < p.nn; j++)
            if (p.n2o[j] < 0 && strcmp(o->categories[i]->id, n->categories[j]->id) == 0) {
                pair(&p, i, j);
                break;
            }
    for (size_t i = 0; i < p.no; i++)
        for (size_t j = 0; p.o2n[i] < 0 && j < p.nn; j++)
            if (p.n2o[j] < 0 && o->categories[i]->number == n->categories[j]->number)
                pair(&p, i, j);
    walk(C, &p, one_category, NULL);
}

/* ---- stages and groups of conditions ---- */

/* A condition as the diff shows it: its text, and its message. */
static const char *require_text(Ctx *C, const Rules *r, const Require *q)
{
    const char *t = expr_text(C, r, q->cond);
    return q->message_src ? fmt(C, "%s \"%s\"", t, q->message_src) : t;
}

/* Two lists of conditions (a stage's own, a group's): each one that is in
 * only one of them, by its text and message. */
static void diff_require_list(Ctx *C, const char *what, const char *path, const char *subject,
                              const Require *o, size_t no, const Require *n, size_t nn)
{
    for (int added = 0; added < 2; added++) {
        const Require *from = added ? n : o, *other = added ? o : n;
        size_t nfrom = added ? nn : no, nother = added ? no : nn;
        const Rules *rf = added ? C->n : C->o;
        for (size_t i = 0; i < nfrom; i++) {
            /* the same condition written otherwise (brackets, 80 and 80.00) is the same */
            bool found = false;
            for (size_t j = 0; j < nother && !found; j++)
                found = expr_equal(from[i].cond, other[j].cond) && same_text(from[i].message_src, other[j].message_src);
            const char *t = found ? NULL : require_text(C, rf, &from[i]);
            if (!found)
                added_or_removed(C, added, what, fmt(C, "%s/%zu", path, i + 1), fmt(C, "condition of %s", subject),
                                 from[i].span, t);
        }
    }
}

static const char *stage_text(Ctx *C, const StageDecl *st)
{
    return fmt(C, "%s%s%s%s%s%s%s%s%s", st->id, st->label ? " \"" : "", st->label ? st->label : "",
               st->label ? "\"" : "", st->stop_id ? " otherwise " : "", st->stop_id ? st->stop_id : "",
               st->stop_label ? " \"" : "", st->stop_label ? st->stop_label : "", st->stop_label ? "\"" : "");
}

static void one_stage(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)ctx;
    (void)anchor;
    const StageDecl *o = oi >= 0 ? C->o->stages[oi] : NULL, *n = ni >= 0 ? C->n->stages[ni] : NULL;
    const StageDecl *any = n ? n : o;
    const char *path = fmt(C, "stage/%s", any->id);
    const char *subject = fmt(C, "stage `%s`", any->id);
    if (!o || !n) {
        added_or_removed(C, n != NULL, "stage", path, subject, any->span, stage_text(C, any));
        return;
    }
    Both b = both("stage", path, subject, o->span, n->span);
    attr(C, &b, "place", fmt(C, "%u", o->index + 1), fmt(C, "%u", n->index + 1), false);
    attr(C, &b, "label", o->label, n->label, true);
    attr(C, &b, "result", o->stop_id ? o->stop_id : "ineligible", n->stop_id ? n->stop_id : "ineligible", false);
    attr(C, &b, "result label", o->stop_label, n->stop_label, true);
    diff_require_list(C, "condition of a stage", fmt(C, "%s/require", path), subject, o->requires, o->nrequires,
                      n->requires, n->nrequires);
}

static void one_group(Ctx *C, void *ctx, long oi, long ni, long anchor)
{
    (void)ctx;
    (void)anchor;
    const CondGroup *o = oi >= 0 ? C->o->groups[oi] : NULL, *n = ni >= 0 ? C->n->groups[ni] : NULL;
    const CondGroup *any = n ? n : o;
    const char *path = fmt(C, "conditions/%s", any->name);
    const char *subject = fmt(C, "group `%s`", any->name);
    if (!o || !n) {
        added_or_removed(C, n != NULL, "conditions", path, subject, any->span,
                         fmt(C, "%s, %zu condition%s", any->name, any->nrequires, any->nrequires == 1 ? "" : "s"));
        return;
    }
    Both b = both("conditions", path, subject, o->span, n->span);
    attr(C, &b, "label", o->label, n->label, true);
    diff_require_list(C, "condition of a group", fmt(C, "%s/require", path), subject, o->requires, o->nrequires,
                      n->requires, n->nrequires);
}

static void diff_stages_groups(Ctx *C)
{
    const Rules *o = C->o, *n = C->n;
    size_t most = o->nstages + o->ngroups + n->nstages + n->ngroups + 1;
    const char **on = arena_alloc(&C->d->arena, most * sizeof *on);
    const char **nn = arena_alloc(&C->d->arena, most * sizeof *nn);
    if (!on || !nn) {
        C->broken = true;
        return;
    }
    group(C, "stages", n->nstages ? &n->stages_span : NULL);
    for (size_t i = 0; i < o->nstages; i++)
        on[i] = o->stages[i]->id;
    for (size_t i = 0; i < n->nstages; i++)
        nn[i] = n->stages[i]->id;
    diff_named(C, on, o->nstages, nn, n->nstages, one_stage, NULL);
    for (size_t i = 0; i < o->ngroups; i++)
        on[i] = o->groups[i]->name;
    for (size_t i = 0; i < n->ngroups; i++)
        nn[i] = n->groups[i]->name;
    group(C, "conditions", n->ngroups ? &n->groups[0]->span : NULL);
    diff_named(C, on, o->ngroups, nn, n->ngroups, one_group, NULL);
}

/* ---- the whole ---- */

static void diff_scores_tiers(Ctx *C)
{
    const Rules *o = C->o, *n = C->n;
    const char **on = arena_alloc(&C->d->arena, (o->nscores + o->ntiers + 1) * sizeof *on);
    const char **nn = arena_alloc(&C->d->arena, (n->nscores + n->ntiers + 1) * sizeof *nn);
    if (!on || !nn) {
        C->broken = true;
        return;
    }
    for (size_t i = 0; i < o->nscores; i++)
        on[i] = o->scores[i]->name;
    for (size_t i = 0; i < n->nscores; i++)
        nn[i] = n->scores[i]->name;
    diff_named(C, on, o->nscores, nn, n->nscores, one_score, NULL);
    for (size_t i = 0; i < o->ntiers; i++)
        on[i] = o->tiers[i]->name;
    for (size_t i = 0; i < n->ntiers; i++)
        nn[i] = n->tiers[i]->name;
    diff_named(C, on, o->ntiers, nn, n->ntiers, one_tiers, NULL);
}

static int key_cmp(const void *a, const void *b)
{
    const Key *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->gseq != y->gseq)
        return x->gseq < y->gseq ? -1 : 1;
    return (x->cseq > y->cseq) - (x->cseq < y->cseq);
}

/* Put the changes in the order of their groups in NEW. */
static void sort_changes(Ctx *C)
{
    Rdiff *d = C->d;
    Key *k = (Key *)C->keys;
    if (d->nchanges < 2)
        return;
    /* NEW read from several files (it extends another): places in
     * different files do not sort; the walk's order is the order of the
     * whole rules, as `award show` writes them. */
    if (C->n->nfiles > 1)
        for (size_t i = 0; i < d->nchanges; i++)
            k[i].file = 0, k[i].start = 0;
    qsort(k, d->nchanges, sizeof *k, key_cmp);
    RdiffChange *sorted = mem_calloc(d->nchanges, sizeof *sorted);
    if (!sorted) {
        C->broken = true;
        return;
    }
    for (size_t i = 0; i < d->nchanges; i++)
        sorted[i] = d->changes[k[i].cseq];
    mem_free(d->changes);
    d->changes = sorted;
}

Rdiff *rdiff_new(const Rules *old, const Rules *new)
{
    Rdiff *d = mem_calloc(1, sizeof *d);
    if (!d)
        return NULL;
    arena_init(&d->arena, 8192);
    Ctx C = { .d = d, .o = old, .n = new };
    diff_award(&C);
    if (!C.broken)
        diff_inputs_lets(&C);
    if (!C.broken)
        diff_scores_tiers(&C);
    if (!C.broken)
        diff_stages_groups(&C);
    if (!C.broken)
        diff_categories(&C);
    if (!C.broken)
        sort_changes(&C);
    mem_free(C.keys);
    sb_free(&C.tmp);
    if (C.broken) {
        rdiff_free(d);
        return NULL;
    }
    return d;
}

void rdiff_free(Rdiff *d)
{
    if (!d)
        return;
    mem_free(d->changes);
    arena_free(&d->arena);
    mem_free(d);
}

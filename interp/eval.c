/* eval.c -- the evaluator: one application at a time, against checked rules.
 *
 * This file sets the evaluator up and evaluates expressions, scores and the
 * agency-level categories.  The steps of one record are eval_record.c's
 * (pick the category; stage by stage convert and range-check exactly the
 * fields the category reads there, evaluate every condition of the stage;
 * then the score tree and the tier), the conversion of fields
 * eval_fields.c's.  Names were resolved to slots by the checker, so
 * nothing here looks a name up.
 *
 * Evaluation of an expression gives EV_OK with a value, EV_ABSENT when it
 * needs an optional field that was left empty (a condition that needs one
 * does not hold), or EV_ERROR with a message (an overflow, an inexact
 * division), which makes the application a data error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "builtins.h"
#include "i18n.h"
#include "idset.h"
#include "parse_ctx.h"
#include "strbuf.h"
#include "utext.h"
#include "value.h"

/* Most whole numbers a range a .. b may hold when a rule walks it. */
#define MAX_RANGE_WALK EVAL_MAX_RANGE_WALK

/* A list of at least this many items gets a sorted index the first time
 * `in` looks into it (see ListIndex); a shorter one is scanned. */
#define LIST_INDEX_MIN 16

#include "eval_internal.h"


/* Start a fresh budget and forget the lists indexed (their memory is in
 * the per-record arena). */
void ev_budget_reset(Evaluator *ev)
{
    ev->steps_left = EVAL_STEP_BUDGET;
    ev->out_of_steps = false;
    ev->rule = NULL;
    ev->nlists = 0;
}

/* ---- messages ---- */


/* Add one problem to the current data error; problems are joined by "; ".
 * The format is translated here (i18n.h), so callers pass English: the
 * message is stored in the result and written later, and the language was
 * fixed by i18n_init before the first record.  A message too long for buf
 * is cut between characters, never inside one (a Thai letter takes three
 * bytes). */
void msg_add(Evaluator *ev, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, _(fmt), ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n, bad;
    if (len >= sizeof buf) {
        len = sizeof buf - 1;
        if (!utext_valid(buf, len, &bad))
            len = bad; /* the character the cut went through */
    }
    if (ev->msg.len)
        sb_str(&ev->msg, "; ");
    sb_add(&ev->msg, buf, len);
}

/* ---- text sets ---- */

static void textset_grow(TextSet *ts)
{
    size_t n = ts->nslots ? ts->nslots * 2 : 1024;
    uint32_t *slots = mem_calloc(n, sizeof *slots);
    for (size_t i = 0; i < ts->count; i++) {
        size_t j = ts->entries[i].hash & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = (uint32_t)(i + 1);
    }
    mem_free(ts->slots);
    ts->slots = slots;
    ts->nslots = n;
}

/* Index of the text, adding it (with `info`) when new; *added says which. */
size_t ev_textset_add(TextSet *ts, const char *s, size_t len, size_t info, bool *added)
{
    if ((ts->count + 1) * 2 > ts->nslots)
        textset_grow(ts);
    uint64_t h = idset_hash(s, len);
    size_t j = h & (ts->nslots - 1);
    while (ts->slots[j]) {
        struct TextEntry *e = &ts->entries[ts->slots[j] - 1];
        if (e->hash == h && e->len == len && memcmp(ts->bytes + e->off, s, len) == 0) {
            *added = false;
            return ts->slots[j] - 1;
        }
        j = (j + 1) & (ts->nslots - 1);
    }
    if (ts->count == ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 256;
        ts->entries = mem_realloc(ts->entries, ts->cap * sizeof *ts->entries);
    }
    if (ts->nbytes + len > ts->capbytes) {
        ts->capbytes = (ts->nbytes + len) * 2 + 256;
        ts->bytes = mem_realloc(ts->bytes, ts->capbytes);
    }
    memcpy(ts->bytes + ts->nbytes, s, len);
    ts->entries[ts->count] = (struct TextEntry){ ts->nbytes, len, h, info };
    ts->nbytes += len;
    ts->slots[j] = (uint32_t)(ts->count + 1);
    *added = true;
    return ts->count++;
}

static void textset_free(TextSet *ts)
{
    mem_free(ts->bytes);
    mem_free(ts->slots);
    mem_free(ts->entries);
}

/* ---- set-up ---- */

static void fast_bound(FastBound *b, Dec d)
{
    for (int s = 0; s <= DEC_MAX_SCALE; s++) {
        int64_t c = (int64_t)d.coef;
        b->ok[s] = s >= d.scale && c == d.coef &&
                   !__builtin_mul_overflow(c, dec_pow10[s - (s >= d.scale ? d.scale : s)], &c);
        b->at[s] = b->ok[s] ? c : 0;
    }
}


/* A score item that is a field as it is (`efficiency out of 120`, no
 * weight, cap or rounding) whose range, checked before any score, already
 * keeps it within 0 to its `out of`: its points are the field's value,
 * with nothing to check. */
static bool is_plain_leaf(const Rules *r, const ScoreNode *n)
{
    if (n->tag != NODE_LEAF || n->has_weight || n->capped || n->has_round || !n->expr ||
        n->expr->tag != EX_NAME || n->expr->ref != REF_INPUT)
        return false;
    const InputDecl *in = r->inputs[n->expr->slot];
    Dec zero = dec_from_int(0);
    return in->lo && in->lo->tag == EX_NUMBER && dec_cmp(in->lo->v.num, zero) >= 0 &&
           in->hi && in->hi->tag == EX_NUMBER && dec_cmp(in->hi->v.num, n->out_of) <= 0;
}

Evaluator *eval_new(const Rules *r)
{
    Evaluator *ev = mem_calloc(1, sizeof *ev);
    ev->r = r;
    arena_init(&ev->arena, 8192);
    ev->slots = mem_calloc(r->ninputs + 1, sizeof *ev->slots);
    ev->slot_ok = mem_calloc(r->ninputs + 1, 1);
    ev->let_vals = mem_calloc(r->nlets + 1, sizeof *ev->let_vals);
    ev->let_state = mem_calloc(r->nlets + 1, 1);
    ev->vars = mem_calloc(r->max_var_depth + 1, sizeof *ev->vars);
    size_t most = 1;
    for (size_t i = 0; i < r->ncategories; i++)
        if (r->categories[i]->nrequires > most)
            most = r->categories[i]->nrequires;
    ev->failed = mem_calloc(most, sizeof *ev->failed);
    ev->points = mem_calloc(r->nnodes + 1, sizeof *ev->points);
    ev->has_points = mem_calloc(r->nnodes + 1, 1);
    ev->raw_points = mem_calloc(r->nnodes + 1, sizeof *ev->raw_points);
    ev->cut = mem_calloc(r->nnodes + 1, 1);
    /* Ids in RAM: 16 384 before a spill to disk (a smaller tier 0 than
     * idset's default, so that a batch reaches the set's memory bound by
     * about 100 000 applications and stays there), and the default 4 MiB
     * filter over the spilled ones (see idset.h for the figures). */
    ev->ids = idset_new(&(IdSetConfig){ .ram_entries = 16384 });
    /* Data errors are made in the reader's language (msg_add): one look-up
     * now reads the catalogue at set-up, not in the middle of the first
     * application that has an error. */
    (void)_("row %zu");
    ev->ranges = mem_calloc(r->ninputs + 1, sizeof *ev->ranges);
    for (size_t k = 0; k < r->ninputs; k++) {
        const InputDecl *in = r->inputs[k];
        FastRange *f = &ev->ranges[k];
        f->usable = (in->lo || in->hi) && (!in->lo || in->lo->tag == EX_NUMBER) &&
                    (!in->hi || in->hi->tag == EX_NUMBER);
        if (in->lo && in->lo->tag == EX_NUMBER)
            fast_bound(&f->lo, in->lo->v.num);
        if (in->hi && in->hi->tag == EX_NUMBER)
            fast_bound(&f->hi, in->hi->v.num);
    }
    ev->plain_leaf = mem_calloc(r->nnodes + 1, 1);
    for (size_t k = 0; k < r->nnodes; k++)
        ev->plain_leaf[k] = is_plain_leaf(r, r->nodes[k]);
    ev->plans = mem_calloc(r->ncategories + 1, sizeof *ev->plans);
    size_t nst = r->nstages ? r->nstages : 1;
    for (size_t i = 0; i < r->ncategories; i++) {
        const CategoryDecl *c = r->categories[i];
        Plan *p = &ev->plans[i];
        p->convert = mem_calloc(r->ninputs + 1, sizeof *p->convert);
        p->ranged = mem_calloc(r->ninputs + 1, sizeof *p->ranged);
        p->convert_at = mem_calloc(nst + 1, sizeof *p->convert_at);
        p->ranged_at = mem_calloc(nst + 1, sizeof *p->ranged_at);
        p->required = mem_calloc(nst + 1, sizeof *p->required);
        for (size_t st = 0; st < nst; st++) {
            p->convert_at[st] = p->nconvert;
            p->ranged_at[st] = p->nranged;
            for (size_t k = 0; c->reads && k < r->ninputs; k++) {
                if (c->reads[k] != st + 1 || (int)k == r->slot_type || (int)k == r->slot_id)
                    continue;
                p->convert[p->nconvert++] = (uint32_t)k;
                if (r->inputs[k]->lo || r->inputs[k]->hi)
                    p->ranged[p->nranged++] = (uint32_t)k;
                p->required[st] += stage_field(r, c, k, st);
            }
        }
        p->convert_at[nst] = p->nconvert;
        p->ranged_at[nst] = p->nranged;
    }
    return ev;
}

void eval_free(Evaluator *ev)
{
    if (!ev)
        return;
    builtin_env_free(&ev->env);
    arena_free(&ev->arena);
    mem_free(ev->slots);
    mem_free(ev->slot_ok);
    mem_free(ev->let_vals);
    mem_free(ev->let_state);
    mem_free(ev->vars);
    mem_free(ev->failed);
    mem_free(ev->points);
    mem_free(ev->has_points);
    mem_free(ev->raw_points);
    mem_free(ev->cut);
    for (size_t i = 0; i < ev->r->ncategories; i++) {
        mem_free(ev->plans[i].convert);
        mem_free(ev->plans[i].ranged);
        mem_free(ev->plans[i].convert_at);
        mem_free(ev->plans[i].ranged_at);
        mem_free(ev->plans[i].required);
    }
    mem_free(ev->plans);
    mem_free(ev->ranges);
    mem_free(ev->plain_leaf);
    mem_free(ev->winner_bytes);
    mem_free(ev->lists);
    sb_free(&ev->msg);
    sb_free(&ev->place_msg);
    mem_free(ev->sources);
    for (size_t i = 0; i < ev->nagency_info; i++)
        mem_free(ev->agency_info[i].won);
    mem_free(ev->agency_info);
    idset_free(ev->ids);
    textset_free(&ev->agencies);
    mem_free(ev);
}

DataSchema eval_schema(const Evaluator *ev)
{
    const Rules *r = ev->r;
    const char **names = arena_alloc((Arena *)&r->arena, sizeof *names * (r->ninputs + 1));
    for (size_t i = 0; i < r->ninputs; i++)
        names[i] = r->inputs[i]->name;
    return (DataSchema){ r->ninputs, names };
}

size_t eval_count(const Evaluator *ev) { return ev->count; }
size_t eval_errors(const Evaluator *ev) { return ev->errors; }
const char *eval_problem(const Evaluator *ev) { return idset_problem(ev->ids); }

/* ---- expressions ---- */

static EvStatus ev_expr(Evaluator *ev, const Expr *e, Value *out);
static EvStatus node_points(Evaluator *ev, const ScoreNode *n, Dec *out);

/* A score's total, worked out once per application: a condition that
 * reads it (`require report >= 600`) and the category's scoring share it. */
EvStatus ev_score_total(Evaluator *ev, const ScoreDecl *sd, Value *out)
{
    const ScoreNode *root = sd->root;
    Dec t;
    if (ev->has_points[root->index]) {
        t = ev->points[root->index];
    } else {
        const Expr *rule = ev->rule;
        EvStatus st = node_points(ev, root, &t);
        ev->rule = rule;
        if (st != EV_OK)
            return st;
    }
    *out = (Value){ .tag = VAL_NUM, .num = t };
    return EV_OK;
}

/* The text of a rule for a message, on one line (blanks and line breaks
 * run together) and shortened to about 60 bytes, never inside a UTF-8
 * sequence: a message is one cell of one row. */
static const char *rule_text(const Evaluator *ev, const Expr *e, char *buf, size_t size)
{
    size_t len = 0;
    const char *text = rules_text_at(ev->r, e->span) - e->span.start;
    bool blank = false, cut = false;
    for (uint32_t i = e->span.start; i < e->span.end; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = len > 0;
            continue;
        }
        if (len + 2 > 60 && (c & 0xC0) != 0x80) {
            cut = true;
            break;
        }
        if (len + 2 >= size - 4)
            break;
        if (blank)
            buf[len++] = ' ';
        blank = false;
        buf[len++] = (char)c;
    }
    if (cut)
        memcpy(buf + len, "...", 3), len += 3;
    buf[len] = '\0';
    return buf;
}

static EvStatus arith_error(Evaluator *ev, const Expr *e, DecStatus st)
{
    unsigned line, col;
    char t[96];
    diag_linecol(rules_source(ev->r, e->span), e->span.start, &line, &col);
    const char *text = rule_text(ev, e, t, sizeof t), *file = diag_source_name(rules_source(ev->r, e->span));
    /* one whole sentence per case, for the translations */
    if (st == DEC_OVERFLOW)
        msg_add(ev, "`%s` is too large to hold exactly (the rule at %s:%u:%u)", text, file, line, col);
    else if (st == DEC_DIVZERO)
        msg_add(ev, "`%s` divides by zero (the rule at %s:%u:%u)", text, file, line, col);
    else
        msg_add(ev, "`%s` does not give an exact decimal (wrap it in round(...)) (the rule at %s:%u:%u)", text,
                file, line, col);
    return EV_ERROR;
}

/* ---- the work budget ---- */

/* The application took every step it may: say which rule, once, and stop
 * (every evaluation after this gives EV_ERROR at once). */
static EvStatus steps_exhausted(Evaluator *ev)
{
    if (ev->out_of_steps)
        return EV_ERROR;
    ev->out_of_steps = true;
    ev->steps_left = 0;
    const Expr *e = ev->rule;
    if (!e) {
        msg_add(ev, "evaluation stopped after %llu steps, the most one application may take",
                (unsigned long long)EVAL_STEP_BUDGET);
        return EV_ERROR;
    }
    unsigned line, col;
    char t[96];
    diag_linecol(rules_source(ev->r, e->span), e->span.start, &line, &col);
    msg_add(ev, "evaluation of `%s` (the rule at %s:%u:%u) stopped after %llu steps, the most one "
                "application may take: it walks lists or ranges, one inside another, too long for "
                "that; walk shorter ones, or fewer inside one another",
            rule_text(ev, e, t, sizeof t), diag_source_name(rules_source(ev->r, e->span)), line, col,
            (unsigned long long)EVAL_STEP_BUDGET);
    return EV_ERROR;
}

/* Take n steps of work from the budget; false when it does not have them. */
static inline bool charge(Evaluator *ev, uint64_t n)
{
    if (ev->steps_left < n || ev->out_of_steps) {
        ev->steps_left = 0;
        return false;
    }
    ev->steps_left -= n;
    return true;
}

/* ---- indexed lists ---- */

/* Sort item indices by value (a merge sort: no qsort_r in C11, and its
 * worst case is n log n whatever the data). */
static void sort_order(const Value *items, uint32_t *a, uint32_t *tmp, uint32_t n)
{
    for (uint32_t width = 1; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = mid + width < n ? mid + width : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = value_compare(&items[a[j]], &items[a[i]]) < 0 ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, sizeof *a * n);
        if (width > UINT32_MAX / 2)
            break;
    }
}

/* The entry of a list value, made when first asked for. */
static ListIndex *list_entry(Evaluator *ev, const Value *c)
{
    for (size_t i = 0; i < ev->nlists; i++)
        if (ev->lists[i].items == c->p.items && ev->lists[i].len == c->len)
            return &ev->lists[i];
    if (ev->nlists == ev->caplists) {
        size_t cap = ev->caplists ? ev->caplists * 2 : 8;
        ev->lists = mem_realloc(ev->lists, cap * sizeof *ev->lists);
        ev->caplists = cap;
    }
    ListIndex *l = &ev->lists[ev->nlists++];
    *l = (ListIndex){ .items = c->p.items, .len = c->len };
    return l;
}

/* Whether x is an item of list c (c->len >= LIST_INDEX_MIN): a binary
 * search in the list's order, made the first time.  Equality is
 * value_compare's, so 2557 finds 2557.0. */
static EvStatus list_has(Evaluator *ev, const Value *x, const Value *c, bool *found)
{
    ListIndex *l = list_entry(ev, c);
    if (!l->order) {
        /* about n log n compares, charged as n steps per 16 items of depth */
        uint32_t n = c->len, depth = 1;
        while (depth < 32 && (UINT32_C(1) << depth) < n)
            depth++;
        if (!charge(ev, (uint64_t)n * depth / 4 + 1))
            return steps_exhausted(ev);
        uint32_t *order = arena_alloc(&ev->arena, sizeof *order * n);
        uint32_t *tmp = arena_alloc(&ev->arena, sizeof *tmp * n);
        for (uint32_t i = 0; i < n; i++)
            order[i] = i;
        sort_order(c->p.items, order, tmp, n);
        l->order = order;
    }
    uint32_t lo = 0, hi = c->len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int cmp = value_compare(&c->p.items[l->order[mid]], x);
        if (cmp == 0) {
            *found = true;
            return EV_OK;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return EV_OK;
}

static EvStatus ev_num(Evaluator *ev, const Expr *e, Dec *out)
{
    Value v;
    EvStatus st = ev_expr(ev, e, &v);
    if (st == EV_OK)
        *out = v.num;
    return st;
}

EvStatus ev_bool(Evaluator *ev, const Expr *e, bool *out)
{
    Value v;
    EvStatus st = ev_expr(ev, e, &v);
    if (st == EV_OK)
        *out = v.b;
    return st;
}

int value_compare(const Value *a, const Value *b)
{
    switch (a->tag) {
    case VAL_NUM:
        return dec_cmp(a->num, b->num);
    case VAL_DATE:
        return (a->date > b->date) - (a->date < b->date);
    case VAL_BOOL:
        return (int)a->b - (int)b->b;
    case VAL_TEXT: {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->p.text, b->p.text, n);
        if (c)
            return c;
        return (a->len > b->len) - (a->len < b->len);
    }
    default:
        return 0;
    }
}

/* The ordered scale (`one of a < b < c`) an ordering comparison compares
 * on, or NULL: its values compare by their place in it, not as texts. */
static const Kind *ordered_scale(const Expr *e)
{
    if (e->tag == EX_EQ || e->tag == EX_NE)
        return NULL;
    const Kind *k = e->a->kind && e->a->kind->tag == KIND_ENUM ? e->a->kind : e->b->kind;
    return k && k->tag == KIND_ENUM && k->ordered ? k : NULL;
}

int enum_rank(const Kind *k, const Value *v)
{
    for (size_t i = 0; i < k->nnames; i++)
        if (strlen(k->names[i]) == v->len && memcmp(k->names[i], v->p.text, v->len) == 0)
            return (int)i;
    return -1; /* not one of them: the checker and the reader let none through */
}

/* Whether x is in the collection `coll`: a list literal, a list value or a
 * range. */
static EvStatus ev_member(Evaluator *ev, const Expr *e, const Value *x, const Expr *coll, bool *found)
{
    *found = false;
    if (coll->tag == EX_LIST) {
        for (size_t i = 0; i < coll->nargs && !*found; i++) {
            Value item;
            EvStatus st = ev_expr(ev, coll->args[i], &item);
            if (st != EV_OK)
                return st;
            *found = value_compare(x, &item) == 0;
        }
        return EV_OK;
    }
    Value c;
    EvStatus st = ev_expr(ev, coll, &c);
    if (st != EV_OK)
        return st;
    if (c.tag == VAL_RANGE) {
        int64_t n;
        *found = dec_to_int(x->num, &n) && n >= c.lo && n <= c.hi;
        return EV_OK;
    }
    if (c.len >= LIST_INDEX_MIN)
        return list_has(ev, x, &c, found);
    if (!charge(ev, c.len))
        return steps_exhausted(ev);
    for (uint32_t i = 0; i < c.len && !*found; i++)
        *found = value_compare(x, &c.p.items[i]) == 0;
    (void)e;
    return EV_OK;
}

/* How many whole numbers lo .. hi holds, saturating instead of overflowing. */
static uint64_t range_size(const Value *c)
{
    if (c->hi < c->lo)
        return 0;
    uint64_t width = (uint64_t)c->hi - (uint64_t)c->lo; /* exact: hi >= lo */
    return width == UINT64_MAX ? UINT64_MAX : width + 1;
}

static EvStatus ev_quant(Evaluator *ev, const Expr *e, Value *out)
{
    Value c;
    EvStatus st = ev_expr(ev, e->a, &c);
    if (st != EV_OK)
        return st;
    /* As any(...) and all(...): unknown items decide nothing. */
    bool decisive = e->tag == EX_ANY, unknown = false, decided = false;
    Value *var = &ev->vars[e->var_depth];
    if (c.tag == VAL_RANGE) {
        if (range_size(&c) > MAX_RANGE_WALK) {
            msg_add(ev, "the range %lld .. %lld is too long to walk (more than %d numbers)",
                    (long long)c.lo, (long long)c.hi, MAX_RANGE_WALK);
            return EV_ERROR;
        }
        uint64_t size = range_size(&c);
        for (uint64_t k = 0; k < size && !decided; k++) {
            *var = (Value){ .tag = VAL_NUM, .num = dec_from_int(c.lo + (int64_t)k) };
            bool b = false;
            st = ev_bool(ev, e->b, &b);
            if (st == EV_ERROR)
                return st;
            unknown |= st == EV_ABSENT;
            decided = st == EV_OK && b == decisive;
        }
    } else {
        for (uint32_t i = 0; i < c.len && !decided; i++) {
            *var = c.p.items[i];
            bool b = false;
            st = ev_bool(ev, e->b, &b);
            if (st == EV_ERROR)
                return st;
            unknown |= st == EV_ABSENT;
            decided = st == EV_OK && b == decisive;
        }
    }
    if (!decided && unknown)
        return EV_ABSENT;
    *out = (Value){ .tag = VAL_BOOL, .b = decided ? decisive : !decisive };
    return EV_OK;
}

/* min, max and sum over a range lo .. hi, without walking it. */
static EvStatus fold_range(Evaluator *ev, const Expr *e, const Value *c, Value *out)
{
    if (c->hi < c->lo) {
        if (e->fn == FN_SUM) {
            *out = (Value){ .tag = VAL_NUM, .num = dec_from_int(0) };
            return EV_OK;
        }
        msg_add(ev, "%s(...) of an empty range has no value", e->fname);
        return EV_ERROR;
    }
    Dec r;
    if (e->fn == FN_MIN) {
        r = dec_from_int(c->lo);
    } else if (e->fn == FN_MAX) {
        r = dec_from_int(c->hi);
    } else {
        /* (lo + hi) * count / 2: one of the two factors is even */
        Dec n, ends;
        DecStatus ds = dec_sub(dec_from_int(c->hi), dec_from_int(c->lo), &n);
        if (ds == DEC_OK)
            ds = dec_add(n, dec_from_int(1), &n);
        if (ds == DEC_OK)
            ds = dec_add(dec_from_int(c->lo), dec_from_int(c->hi), &ends);
        if (ds == DEC_OK)
            ds = dec_mul(ends, n, &r);
        if (ds == DEC_OK)
            ds = dec_div(r, dec_from_int(2), &r);
        if (ds != DEC_OK)
            return arith_error(ev, e, ds);
    }
    *out = (Value){ .tag = VAL_NUM, .num = r };
    return EV_OK;
}

/* min, max or sum of the items of a list value (charged one step each). */
static EvStatus fold_items(Evaluator *ev, const Expr *e, const Value *items, size_t count, Dec *out)
{
    if (!charge(ev, count))
        return steps_exhausted(ev);
    if (count == 0 && e->fn != FN_SUM) {
        msg_add(ev, "%s(...) of an empty list has no value", e->fname);
        return EV_ERROR;
    }
    Dec acc = e->fn == FN_SUM ? dec_from_int(0) : items[0].num;
    for (size_t i = 0; i < count; i++) {
        Dec d = items[i].num;
        if (e->fn == FN_SUM) {
            DecStatus ds = dec_add(acc, d, &acc);
            if (ds != DEC_OK)
                return arith_error(ev, e, ds);
        } else if (e->fn == FN_MIN ? dec_cmp(d, acc) < 0 : dec_cmp(d, acc) > 0) {
            acc = d;
        }
    }
    *out = acc;
    return EV_OK;
}

/* The numbers a min/max/sum call works on: its arguments, or one list or
 * range. */
static EvStatus ev_fold(Evaluator *ev, const Expr *e, Value *out)
{
    EvStatus st;
    bool over_list = e->nargs == 1 && (e->args[0]->kind->tag == KIND_LIST || e->args[0]->kind->tag == KIND_RANGE);
    if (over_list) {
        Value one;
        if ((st = ev_expr(ev, e->args[0], &one)) != EV_OK)
            return st;
        if (one.tag == VAL_RANGE)
            return fold_range(ev, e, &one, out);
        Dec r;
        if (one.len >= LIST_INDEX_MIN) {
            /* Once per list and application: sum(L) inside a quantifier
             * over L would otherwise cost the square of its length. */
            ListIndex *l = list_entry(ev, &one);
            bool *has = e->fn == FN_SUM ? &l->has_sum : e->fn == FN_MIN ? &l->has_min : &l->has_max;
            Dec *val = e->fn == FN_SUM ? &l->sum : e->fn == FN_MIN ? &l->min : &l->max;
            if (!*has) {
                if ((st = fold_items(ev, e, one.p.items, one.len, val)) != EV_OK)
                    return st;
                *has = true;
            }
            r = *val;
        } else if ((st = fold_items(ev, e, one.p.items, one.len, &r)) != EV_OK) {
            return st;
        }
        *out = (Value){ .tag = VAL_NUM, .num = r };
        return EV_OK;
    }
    Dec acc = dec_from_int(0);
    for (size_t i = 0; i < e->nargs; i++) {
        Dec d;
        if ((st = ev_num(ev, e->args[i], &d)) != EV_OK)
            return st;
        if (e->fn == FN_SUM) {
            DecStatus ds = dec_add(acc, d, &acc);
            if (ds != DEC_OK)
                return arith_error(ev, e, ds);
        } else if (i == 0 || (e->fn == FN_MIN ? dec_cmp(d, acc) < 0 : dec_cmp(d, acc) > 0)) {
            acc = d;
        }
    }
    if (e->nargs == 0 && e->fn != FN_SUM) {
        msg_add(ev, "%s(...) of an empty list has no value", e->fname);
        return EV_ERROR;
    }
    *out = (Value){ .tag = VAL_NUM, .num = acc };
    return EV_OK;
}

static EvStatus ev_call(Evaluator *ev, const Expr *e, Value *out)
{
    EvStatus st;
    switch (e->fn) {
    case FN_ANY:
    case FN_ALL: {
        /* Like `or` and `and`: an unknown item (an empty optional field)
         * decides nothing; a deciding item wins wherever it stands. */
        bool decisive = e->fn == FN_ANY, unknown = false;
        for (size_t i = 0; i < e->nargs; i++) {
            bool b = false;
            st = ev_bool(ev, e->args[i], &b);
            if (st == EV_ERROR)
                return st;
            if (st == EV_ABSENT) {
                unknown = true;
            } else if (b == decisive) {
                *out = (Value){ .tag = VAL_BOOL, .b = b };
                return EV_OK;
            }
        }
        if (unknown)
            return EV_ABSENT;
        *out = (Value){ .tag = VAL_BOOL, .b = !decisive };
        return EV_OK;
    }
    case FN_MIN:
    case FN_MAX:
    case FN_SUM:
        return ev_fold(ev, e, out);
    case FN_COUNT:
    case FN_LENGTH:
    case FN_WORDS:
    case FN_CHARS: {
        /* a plain function: the row's apply, on its argument's value */
        const BuiltinInfo *info = builtin_info(e->fn);
        Value arg;
        if ((st = ev_expr(ev, e->args[0], &arg)) != EV_OK)
            return st;
        if (arg.tag == VAL_TEXT && !charge(ev, arg.len / 64)) /* a long text is work too */
            return steps_exhausted(ev);
        Dec n;
        switch (info->apply(&ev->env, &arg, &n)) {
        case APPLY_OK:
            break;
        case APPLY_TOO_BIG:
            return arith_error(ev, e, DEC_OVERFLOW);
        case APPLY_NO_DICTIONARY:
            msg_add(ev, "%s(...) cannot count Thai words: libthai's dictionary could not be opened "
                        "(install the Debian package libthai-data)", e->fname);
            return EV_ERROR;
        }
        *out = (Value){ .tag = VAL_NUM, .num = n };
        return EV_OK;
    }
    case FN_ROUND: {
        int64_t places = 0;
        dec_to_int(e->args[1]->v.num, &places);
        DecRound mode = e->args[2]->v.mode;
        Dec r;
        DecStatus ds;
        const Expr *x = e->args[0];
        if (x->tag == EX_DIV) {
            /* round(a / b, ...) rounds the true quotient, even one that
             * does not terminate. */
            Dec a, b;
            if ((st = ev_num(ev, x->a, &a)) != EV_OK || (st = ev_num(ev, x->b, &b)) != EV_OK)
                return st;
            ds = dec_div_round(a, b, (int)places, mode, &r);
        } else {
            Dec a;
            if ((st = ev_num(ev, x, &a)) != EV_OK)
                return st;
            ds = dec_round(a, (int)places, mode, &r);
        }
        if (ds != DEC_OK)
            return arith_error(ev, e, ds);
        *out = (Value){ .tag = VAL_NUM, .num = r };
        return EV_OK;
    }
    case FN_PRESENT: {
        const Expr *a = e->args[0];
        *out = (Value){ .tag = VAL_BOOL, .b = ev->slots[a->slot].tag != VAL_ABSENT };
        return EV_OK;
    }
    case FN_WON:
    case FN_UNKNOWN:
        break;
    }
    msg_add(ev, "internal error: %s(...) cannot be evaluated here", e->fname);
    return EV_ERROR;
}

static EvStatus ev_let(Evaluator *ev, uint32_t index, Value *out)
{
    switch (ev->let_state[index]) {
    case 2:
        *out = ev->let_vals[index];
        return EV_OK;
    case 3:
        return EV_ABSENT;
    default:
        break;
    }
    /* The vars of the caller are not visible in a let; a let's own
     * quantifiers use depths from 0, so save what they may overwrite. */
    size_t nv = ev->r->max_var_depth;
    Value saved[8];
    Value *keep = nv <= 8 ? saved : arena_alloc(&ev->arena, sizeof(Value) * nv);
    memcpy(keep, ev->vars, sizeof(Value) * nv);
    EvStatus st = ev_expr(ev, ev->r->lets[index]->expr, out);
    memcpy(ev->vars, keep, sizeof(Value) * nv);
    if (st == EV_OK) {
        ev->let_vals[index] = *out;
        ev->let_state[index] = 2;
    } else if (st == EV_ABSENT) {
        ev->let_state[index] = 3;
    }
    return st;
}

static EvStatus ev_expr(Evaluator *ev, const Expr *e, Value *out)
{
    EvStatus st;
    Value a, b;
    DecStatus ds;
    /* One step per expression node evaluated: a quantifier's body costs
     * its size once per item, so nested walks add up here. */
    if (ev->steps_left == 0)
        return steps_exhausted(ev);
    ev->steps_left--;
    switch (e->tag) {
    case EX_NUMBER:
        *out = (Value){ .tag = VAL_NUM, .num = e->v.num };
        return EV_OK;
    case EX_STRING:
        *out = (Value){ .tag = VAL_TEXT, .len = (uint32_t)strlen(e->v.str), .p.text = e->v.str };
        return EV_OK;
    case EX_BOOL:
        *out = (Value){ .tag = VAL_BOOL, .b = e->v.boolean };
        return EV_OK;
    case EX_DATE:
        *out = (Value){ .tag = VAL_DATE, .date = e->v.date };
        return EV_OK;
    case EX_YEAR:
        *out = (Value){ .tag = VAL_NUM, .num = dec_from_int(ev->r->year) };
        return EV_OK;
    case EX_MODE:
        break;
    case EX_NAME:
        switch (e->ref) {
        case REF_INPUT:
            *out = ev->slots[e->slot];
            return out->tag == VAL_ABSENT ? EV_ABSENT : EV_OK;
        case REF_LET:
            return ev_let(ev, e->slot, out);
        case REF_VAR:
            *out = ev->vars[e->slot];
            return EV_OK;
        case REF_SCORE:
            return ev_score_total(ev, ev->r->scores[e->slot], out);
        case REF_NONE:
            break;
        }
        break;
    case EX_NEG:
        if ((st = ev_expr(ev, e->a, &a)) != EV_OK)
            return st;
        *out = (Value){ .tag = VAL_NUM, .num = dec_neg(a.num) };
        return EV_OK;
    case EX_NOT:
        if ((st = ev_expr(ev, e->a, &a)) != EV_OK)
            return st; /* not (unknown) is unknown */
        *out = (Value){ .tag = VAL_BOOL, .b = !a.b };
        return EV_OK;
    case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV:
        if ((st = ev_expr(ev, e->a, &a)) != EV_OK || (st = ev_expr(ev, e->b, &b)) != EV_OK)
            return st;
        *out = (Value){ .tag = VAL_NUM };
        if (a.tag == VAL_DATE) {
            *out = (Value){ .tag = VAL_NUM, .num = dec_from_int((int64_t)a.date - b.date) };
            return EV_OK;
        }
        switch (e->tag) {
        case EX_ADD: ds = dec_add(a.num, b.num, &out->num); break;
        case EX_SUB: ds = dec_sub(a.num, b.num, &out->num); break;
        case EX_MUL: ds = dec_mul(a.num, b.num, &out->num); break;
        default: ds = dec_div(a.num, b.num, &out->num); break;
        }
        return ds == DEC_OK ? EV_OK : arith_error(ev, e, ds);
    case EX_EQ: case EX_NE: case EX_LT: case EX_LE: case EX_GT: case EX_GE: {
        int c;
        const Value *in;
        if (e->a->tag == EX_NAME && e->a->ref == REF_INPUT && e->b->tag == EX_NUMBER &&
            (in = &ev->slots[e->a->slot])->tag == VAL_NUM) {
            /* field OP number, the most common condition: no copies */
            c = dec_cmp(in->num, e->b->v.num);
        } else {
            if ((st = ev_expr(ev, e->a, &a)) != EV_OK || (st = ev_expr(ev, e->b, &b)) != EV_OK)
                return st;
            const Kind *scale = ordered_scale(e);
            c = scale ? enum_rank(scale, &a) - enum_rank(scale, &b) : value_compare(&a, &b);
        }
        bool r = false;
        switch (e->tag) {
        case EX_EQ: r = c == 0; break;
        case EX_NE: r = c != 0; break;
        case EX_LT: r = c < 0; break;
        case EX_LE: r = c <= 0; break;
        case EX_GT: r = c > 0; break;
        default: r = c >= 0; break;
        }
        *out = (Value){ .tag = VAL_BOOL, .b = r };
        return EV_OK;
    }
    case EX_AND:
    case EX_OR: {
        /* A side that needs an empty optional field is unknown: `or` still
         * holds when the other side holds, `and` still fails when the other
         * side fails, in whichever order they are written. */
        bool decisive = e->tag == EX_OR, l = false, r = false;
        EvStatus sl = ev_bool(ev, e->a, &l);
        if (sl == EV_ERROR)
            return sl;
        if (sl == EV_OK && l == decisive) {
            *out = (Value){ .tag = VAL_BOOL, .b = l };
            return EV_OK;
        }
        EvStatus sr = ev_bool(ev, e->b, &r);
        if (sr == EV_ERROR)
            return sr;
        if (sr == EV_OK && r == decisive) {
            *out = (Value){ .tag = VAL_BOOL, .b = r };
            return EV_OK;
        }
        if (sl == EV_ABSENT || sr == EV_ABSENT)
            return EV_ABSENT;
        *out = (Value){ .tag = VAL_BOOL, .b = !decisive };
        return EV_OK;
    }
    case EX_IN: {
        if ((st = ev_expr(ev, e->a, &a)) != EV_OK)
            return st;
        bool found;
        if ((st = ev_member(ev, e, &a, e->b, &found)) != EV_OK)
            return st;
        *out = (Value){ .tag = VAL_BOOL, .b = found };
        return EV_OK;
    }
    case EX_RANGE: {
        Dec lo, hi;
        if ((st = ev_num(ev, e->a, &lo)) != EV_OK || (st = ev_num(ev, e->b, &hi)) != EV_OK)
            return st;
        *out = (Value){ .tag = VAL_RANGE };
        if (!dec_to_int(lo, &out->lo) || !dec_to_int(hi, &out->hi)) {
            msg_add(ev, "a range needs whole numbers");
            return EV_ERROR;
        }
        return EV_OK;
    }
    case EX_LIST: {
        Value *items = arena_alloc(&ev->arena, sizeof *items * (e->nargs + 1));
        for (size_t i = 0; i < e->nargs; i++)
            if ((st = ev_expr(ev, e->args[i], &items[i])) != EV_OK)
                return st;
        *out = (Value){ .tag = VAL_LIST, .len = (uint32_t)e->nargs, .p.items = items };
        return EV_OK;
    }
    case EX_CALL:
        return ev_call(ev, e, out);
    case EX_ALL:
    case EX_ANY:
        return ev_quant(ev, e, out);
    }
    msg_add(ev, "internal error: an expression of an unknown form");
    return EV_ERROR;
}

/* ---- scores ---- */

/* A field's range bound: most are numbers written in the rules, taken as
 * they are; others (`0 to partners_total`) are evaluated. */
EvStatus ev_bound(Evaluator *ev, const Expr *e, Value *out)
{
    if (e->tag == EX_NUMBER) {
        out->tag = VAL_NUM;
        out->num = e->v.num;
        return EV_OK;
    }
    return ev_expr(ev, e, out);
}

/* A score item's points outside 0 .. its `out of`. */
static EvStatus node_error(Evaluator *ev, const ScoreNode *n, Dec v)
{
    char b1[DEC_FMT_MAX], b2[DEC_FMT_MAX];
    dec_format(v, ev->r->precision, b1);
    dec_format(n->out_of, 0, b2);
    msg_add(ev, "score `%s`: points %s, outside 0 to %s", n->name, b1, b2);
    return EV_ERROR;
}

static EvStatus node_points(Evaluator *ev, const ScoreNode *n, Dec *out)
{
    Dec v = dec_from_int(0);
    EvStatus st;
    DecStatus ds = DEC_OK;
    switch (n->tag) {
    case NODE_BONUS: {
        bool b;
        ev->rule = n->expr;
        st = ev_bool(ev, n->expr, &b);
        if (st == EV_ERROR)
            return st;
        if (st == EV_OK && b)
            v = n->out_of;
        ev->raw_points[n->index] = v;
        if (ev->cov)
            (dec_is_zero(v) ? ev->cov->bonus_withheld : ev->cov->bonus_given)[n->index]++;
        break;
    }
    case NODE_LEAF:
        if (n->expr->tag == EX_NAME && n->expr->ref == REF_INPUT &&
            ev->slots[n->expr->slot].tag == VAL_NUM) {
            v = ev->slots[n->expr->slot].num;  /* `efficiency out of 120`: the field itself */
            st = EV_OK;
        } else {
            ev->rule = n->expr;
            st = ev_num(ev, n->expr, &v);
        }
        if (st == EV_ABSENT) {
            msg_add(ev, "score `%s` needs a value that is missing", n->name);
            return EV_ERROR;
        }
        if (st != EV_OK)
            return st;
        if (n->has_weight && (ds = dec_mul(n->weight, v, &v)) != DEC_OK)
            return arith_error(ev, n->expr, ds);
        ev->raw_points[n->index] = v;
        if (n->capped && dec_cmp(v, n->out_of) > 0) {
            v = n->out_of;
            ev->cut[n->index] = 1;
        }
        break;
    case NODE_GROUP:
        for (size_t i = 0; i < n->nkids; i++) {
            const ScoreNode *kid = n->kids[i];
            Dec k;
            if (ev->plain_leaf[kid->index] && ev->slots[kid->expr->slot].tag == VAL_NUM) {
                k = ev->slots[kid->expr->slot].num;
                ev->raw_points[kid->index] = k;
                ev->points[kid->index] = k;
                ev->has_points[kid->index] = 1;
                if (ev->cov)
                    ev->cov->node_scored[kid->index]++;
            } else if ((st = node_points(ev, kid, &k)) != EV_OK) {
                return st;
            }
            if ((ds = dec_add(v, k, &v)) != DEC_OK) {
                msg_add(ev, "score `%s` is too large to hold exactly", n->name);
                return EV_ERROR;
            }
        }
        ev->raw_points[n->index] = v;
        if (n->capped && dec_cmp(v, n->out_of) > 0) {
            v = n->out_of;
            ev->cut[n->index] = 1;
        }
        break;
    }
    if (n->has_round && (ds = dec_round(v, n->round_places, n->round_mode, &v)) != DEC_OK) {
        msg_add(ev, "score `%s` cannot be rounded", n->name);
        return EV_ERROR;
    }
    if (n->tag != NODE_BONUS && (v.coef < 0 || dec_cmp(v, n->out_of) > 0))
        return node_error(ev, n, v);
    ev->points[n->index] = v;
    ev->has_points[n->index] = 1;
    if (ev->cov) {
        ev->cov->node_scored[n->index]++;
        ev->cov->cap_cut[n->index] += ev->cut[n->index];
    }
    *out = v;
    return EV_OK;
}

const TierEntry *eval_pick_tier(const TierDecl *t, Dec total)
{
    for (size_t i = 0; i < t->nentries; i++) {
        const TierEntry *e = &t->entries[i];
        switch (e->rule) {
        case TIER_AT_LEAST:
            if (dec_cmp(total, e->lo) >= 0)
                return e;
            break;
        case TIER_RANGE:
            if (dec_cmp(total, e->lo) >= 0 && dec_cmp(total, e->hi) <= 0)
                return e;
            break;
        case TIER_OTHERWISE:
            return e;
        }
    }
    return NULL;
}

void ev_add_winner(Evaluator *ev, Winners *w, const char *id, size_t len)
{
    if (w->count < WINNERS_KEPT) {
        if (ev->nwinner_bytes + len > ev->capwinner_bytes) {
            ev->capwinner_bytes = (ev->nwinner_bytes + len) * 2 + 256;
            ev->winner_bytes = mem_realloc(ev->winner_bytes, ev->capwinner_bytes);
        }
        memcpy(ev->winner_bytes + ev->nwinner_bytes, id, len);
        w->off[w->count] = ev->nwinner_bytes;
        w->len[w->count] = (uint32_t)len;
        ev->nwinner_bytes += len;
    }
    w->count++;
}

size_t eval_winners(const Evaluator *ev, size_t agency, uint32_t cat, uint32_t tier,
                    const char **ids, size_t *lens, size_t max)
{
    const Rules *r = ev->r;
    if (agency >= ev->agencies.count || cat >= r->ncategories || tier >= r->ntier_names)
        return 0;
    const Winners *w = &ev->agency_info[agency].won[cat * r->ntier_names + tier];
    for (size_t i = 0; i < max && i < w->count && i < WINNERS_KEPT; i++) {
        ids[i] = ev->winner_bytes + w->off[i];
        lens[i] = w->len[i];
    }
    return w->count;
}

int eval_expr_value(Evaluator *ev, const Expr *e, Value *out)
{
    ev->rule = e;
    switch (ev_expr(ev, e, out)) {
    case EV_OK: return 0;
    case EV_ABSENT: return 1;
    default: return 2;
    }
}

void eval_set_coverage(Evaluator *ev, Coverage *cov) { ev->cov = cov; }

void eval_renew_budget(Evaluator *ev)
{
    ev->steps_left = EVAL_STEP_BUDGET;
    ev->out_of_steps = false;
}

uint64_t eval_steps(const Evaluator *ev) { return EVAL_STEP_BUDGET - ev->steps_left; }

void eval_bind(Evaluator *ev, uint32_t depth, const Value *v)
{
    if (depth < ev->r->max_var_depth)
        ev->vars[depth] = *v;
}

Coverage *coverage_new(const Rules *r)
{
    Coverage *c = mem_calloc(1, sizeof *c);
    c->cond_true = mem_calloc(r->nrequires_all + 1, sizeof(uint32_t));
    c->cond_false = mem_calloc(r->nrequires_all + 1, sizeof(uint32_t));
    c->node_scored = mem_calloc(r->nnodes + 1, sizeof(uint32_t));
    c->bonus_given = mem_calloc(r->nnodes + 1, sizeof(uint32_t));
    c->bonus_withheld = mem_calloc(r->nnodes + 1, sizeof(uint32_t));
    c->cap_cut = mem_calloc(r->nnodes + 1, sizeof(uint32_t));
    c->tier_given = mem_calloc(r->ntier_entries_all + 1, sizeof(uint32_t));
    c->category_used = mem_calloc(r->ncategories + 1, sizeof(uint32_t));
    c->category_given = mem_calloc(r->ncategories + 1, sizeof(uint32_t));
    c->stage_reached = mem_calloc(r->nstages + 1, sizeof(uint32_t));
    c->stage_stopped = mem_calloc(r->nstages + 1, sizeof(uint32_t));
    c->stage_pending = mem_calloc(r->nstages + 1, sizeof(uint32_t));
    return c;
}

void coverage_free(Coverage *c)
{
    if (!c)
        return;
    mem_free(c->cond_true);
    mem_free(c->cond_false);
    mem_free(c->node_scored);
    mem_free(c->bonus_given);
    mem_free(c->bonus_withheld);
    mem_free(c->cap_cut);
    mem_free(c->tier_given);
    mem_free(c->category_used);
    mem_free(c->category_given);
    mem_free(c->stage_reached);
    mem_free(c->stage_stopped);
    mem_free(c->stage_pending);
    mem_free(c);
}

/* ---- agency-level categories ---- */

static EvStatus ev_agency_cond(Evaluator *ev, const Agency *a, const Expr *e, bool *out)
{
    EvStatus st;
    bool l;
    switch (e->tag) {
    case EX_CALL:
        if (e->fn == FN_WON) {
            *out = a->won[e->won_cat * ev->r->ntier_names + e->won_tier].count != 0;
            return EV_OK;
        }
        if (e->fn == FN_ANY || e->fn == FN_ALL) {
            bool want_all = e->fn == FN_ALL, result = want_all;
            for (size_t i = 0; i < e->nargs && result == want_all; i++)
                if ((st = ev_agency_cond(ev, a, e->args[i], &result)) != EV_OK)
                    return st;
            *out = result;
            return EV_OK;
        }
        break;
    case EX_AND:
    case EX_OR:
        if ((st = ev_agency_cond(ev, a, e->a, &l)) != EV_OK)
            return st;
        if (l == (e->tag == EX_OR)) {
            *out = l;
            return EV_OK;
        }
        return ev_agency_cond(ev, a, e->b, out);
    case EX_NOT:
        if ((st = ev_agency_cond(ev, a, e->a, &l)) != EV_OK)
            return st;
        *out = !l;
        return EV_OK;
    default:
        break;
    }
    Value v;
    st = ev_expr(ev, e, &v);
    *out = v.b;
    return st;
}

size_t eval_finish(Evaluator *ev, AgencyResultFn fn, void *ctx)
{
    const Rules *r = ev->r;
    size_t n = 0;
    for (size_t i = 0; i < ev->agencies.count; i++) {
        const Agency *a = &ev->agency_info[i];
        if (!a->has_ok)
            continue;
        for (size_t c = 0; c < r->ncategories; c++) {
            const CategoryDecl *cat = r->categories[c];
            if (!cat->per_agency)
                continue;
            arena_reset(&ev->arena);
            ev_budget_reset(ev);
            msg_clear(ev);
            AppResult *res = &ev->res;
            const struct TextEntry *e = &ev->agencies.entries[i];
            *res = (AppResult){ .id = ev->agencies.bytes + e->off, .id_len = e->len, .agency_row = true,
                                .cat = cat, .points = ev->points, .has_points = ev->has_points,
                                .raw_points = ev->raw_points, .cut = ev->cut, .agency = i };
            memset(ev->has_points, 0, r->nnodes);
            bool eligible = true;
            for (size_t k = 0; k < cat->nrequires; k++) {
                bool holds = false;
                EvStatus st = ev_agency_cond(ev, a, cat->requires[k].cond, &holds);
                if (st != EV_OK || !holds) {
                    ev->failed[res->nfailed++] = &cat->requires[k];
                    eligible = false;
                }
                if (ev->cov)
                    (st == EV_OK && holds ? ev->cov->cond_true : ev->cov->cond_false)[cat->requires[k].index]++;
            }
            if (ev->cov) {
                ev->cov->category_used[cat->index]++;
                ev->cov->category_given[cat->index] += eligible;
            }
            res->failed = ev->failed;
            res->eligible = eligible;
            res->tier_id = eligible ? "awarded" : "ineligible";
            fn(ctx, res);
            n++;
        }
    }
    return n;
}

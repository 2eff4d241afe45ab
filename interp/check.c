/* check.c -- the checker of rule files.
 *
 * One pass over the tree after parsing: declarations into name tables, every
 * name resolved to its slot, every expression given a kind, score trees
 * numbered, tiers and categories tied to their scores.  Then the warnings
 * that help an author: parts that do not add up to their whole, scores that
 * fall in no tier, conditions that can never hold.
 *
 * A kind of KIND_ERROR marks an expression already reported, so that one
 * mistake gives one message. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "builtins.h"
#include "eval.h"
#include "ast_eq.h"
#include "i18n.h"
#include "strbuf.h"

/* The deepest `all x in ...` nesting a condition may have. */
#define MAX_VARS 32

/* The height of a let is the height of its expression, with a let it reads
 * counted as that let's height: how deep the evaluator (and this checker)
 * recurse to compute it.  Bounded, so that a chain of 200,000 lets, each
 * built on the one before, is an error here rather than a stack overflow
 * later; real rule files stay far below it (the parser bounds one
 * expression at PARSE_MAX_EXPR_DEPTH). */
#define MAX_LET_HEIGHT 2000

static const Kind K_ERROR = { .tag = KIND_ERROR };
static const Kind K_BOOL = { .tag = KIND_BOOL };
static const Kind K_INT = { .tag = KIND_INTEGER };
static const Kind K_DEC = { .tag = KIND_DECIMAL };
static const Kind K_TEXT = { .tag = KIND_TEXT };
static const Kind K_DATE = { .tag = KIND_DATE };
static const Kind K_MODE = { .tag = KIND_MODE };
static const Kind K_RANGE_INT = { .tag = KIND_RANGE, .elem = &K_INT };

typedef struct NameEntry {
    const char *key;       /* NULL: an empty slot */
    size_t val;            /* an index into the declarations of that sort */
} NameEntry;

typedef struct NameMap {
    NameEntry *slots;
    size_t mask;           /* slots - 1; slots is a power of two */
} NameMap;

/* Known bounds of a numeric expression: lo/hi set when known. */
typedef struct Bounds {
    bool has_lo, has_hi;
    Dec lo, hi;
} Bounds;

/* What is known of a let, worked out on first need (Checker.let_facts). */
enum { LET_BOUNDS_BUSY = 1, LET_BOUNDS_DONE = 2, LET_PLACES_BUSY = 4, LET_PLACES_DONE = 8 };

typedef struct Checker {
    Rules *r;
    Diags *d;
    uint8_t *let_state;       /* 0 not seen, 1 being checked, 2 done */
    const LetDecl **let_path; /* the lets being checked, for cycle messages */
    size_t let_depth;
    const char *vars[MAX_VARS];
    const Kind *var_kinds[MAX_VARS];
    size_t nvars;
    const CategoryDecl *cat;  /* the category being checked, or NULL */
    bool in_condition;        /* checking a category's condition: a score's
                                 total may be read */
    uint8_t *score_read;      /* by score: a condition reads its total */
    /* declared names, by sort (see NameMap) */
    NameMap input_map, let_map, score_map, tier_map, category_map;
    NameMap number_map;        /* categories by number, written as text */
    const char **number_keys;  /* those texts, by category index */
    NameMap tier_name_map;     /* distinct tier ids: index in Rules.tier_names */
    NameMap *entry_maps;       /* by tier table: its entries' ids */
    uint8_t *let_facts;        /* by let: LET_* flags */
    Bounds *let_bounds;        /* by let, when LET_BOUNDS_DONE */
    int *let_places;           /* by let, when LET_PLACES_DONE */
    uint32_t *let_height;      /* by let: see MAX_LET_HEIGHT */
    uint32_t ref_height;       /* the highest let read by the let being checked */
    uint32_t path_height;      /* the lets being checked, their heights summed */
    bool lets_too_deep;        /* reported: do not follow lets any further */
    uint32_t *let_stamp;       /* by let: the stamp of the category and stage
                                  that last read it (see Reads) */
    uint32_t stamp;            /* the last stamp given */
    /* the quantifiers around the expression being checked: how many items
     * each may walk, and their product (see check_walk) */
    uint64_t walk_sizes[MAX_VARS];
    uint64_t walk;             /* 1 outside any quantifier */
    bool walk_warned;          /* this nest has had its warning */
} Checker;

/* The message formats are translated by diag.c; each is a whole sentence,
 * so that a translation can order its words (see i18n.h). */
#define ERR(C, span, ...) diag_error((C)->d, rules_source((C)->r, (span)), (span), __VA_ARGS__)
#define WARN(C, span, ...) diag_warning((C)->d, rules_source((C)->r, (span)), (span), __VA_ARGS__)
#define NOTE(C, span, ...) diag_note((C)->d, rules_source((C)->r, (span)), (span), __VA_ARGS__)

static bool is_num(const Kind *k)
{
    return k->tag == KIND_INTEGER || k->tag == KIND_DECIMAL || k->tag == KIND_YEAR;
}
static bool is_int(const Kind *k) { return k->tag == KIND_INTEGER || k->tag == KIND_YEAR; }
static bool is_err(const Kind *k) { return k->tag == KIND_ERROR; }

static const char *kname(const Kind *k, char *buf) { return kind_name(k, buf, 128); }

/* ---- name tables ---- */

/* The names of one sort of declaration (fields, lets, scores, tier tables,
 * categories), found by hash: every look-up, duplicate check and list of
 * distinct names is then constant time per name, so that a rule file of
 * 200,000 lets is checked in time proportional to its size, not to its
 * square.  A map is sized once for the names it will hold and lives in the
 * rules' arena. */
static void map_init(Arena *a, NameMap *m, size_t n)
{
    size_t size = 16;
    while (size / 2 < n + 1)
        size *= 2;  /* at most half full: probes stay short */
    m->slots = arena_alloc(a, size * sizeof *m->slots);
    m->mask = size - 1;
}

static uint64_t name_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;  /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h ^ (h >> 29);
}

/* The slot holding `key`, or the empty slot where it would go. */
static NameEntry *map_slot(const NameMap *m, const char *key)
{
    size_t j = (size_t)name_hash(key) & m->mask;
    while (m->slots[j].key && strcmp(m->slots[j].key, key) != 0)
        j = (j + 1) & m->mask;
    return &m->slots[j];
}

/* The value kept under `key`; when there is none, `val` is kept and
 * returned.  The first declaration of a name is the one that counts. */
static size_t map_put(NameMap *m, const char *key, size_t val)
{
    NameEntry *e = map_slot(m, key);
    if (!e->key) {
        e->key = key;
        e->val = val;
    }
    return e->val;
}

static bool map_get(const NameMap *m, const char *key, size_t *val)
{
    if (!m->slots)
        return false;
    const NameEntry *e = map_slot(m, key);
    if (e->key)
        *val = e->val;
    return e->key != NULL;
}

static InputDecl *find_input(const Checker *C, const char *name)
{
    size_t i;
    return map_get(&C->input_map, name, &i) ? C->r->inputs[i] : NULL;
}

static LetDecl *find_let(const Checker *C, const char *name)
{
    size_t i;
    return map_get(&C->let_map, name, &i) ? C->r->lets[i] : NULL;
}

static ScoreDecl *find_score(const Checker *C, const char *name)
{
    size_t i;
    return map_get(&C->score_map, name, &i) ? C->r->scores[i] : NULL;
}

static TierDecl *find_tiers(const Checker *C, const char *name)
{
    size_t i;
    return map_get(&C->tier_map, name, &i) ? C->r->tiers[i] : NULL;
}

static CategoryDecl *find_category(const Checker *C, const char *name)
{
    size_t i;
    return map_get(&C->category_map, name, &i) ? C->r->categories[i] : NULL;
}

/* Fill the maps of declared names, the first of each name winning; the
 * checks that report a name declared twice come later, in file order. */
static void build_name_maps(Checker *C)
{
    Rules *r = C->r;
    map_init(&r->arena, &C->input_map, r->ninputs);
    for (size_t i = 0; i < r->ninputs; i++)
        map_put(&C->input_map, r->inputs[i]->name, i);
    map_init(&r->arena, &C->let_map, r->nlets);
    for (size_t i = 0; i < r->nlets; i++)
        map_put(&C->let_map, r->lets[i]->name, i);
    map_init(&r->arena, &C->score_map, r->nscores);
    for (size_t i = 0; i < r->nscores; i++)
        map_put(&C->score_map, r->scores[i]->name, i);
    map_init(&r->arena, &C->tier_map, r->ntiers);
    for (size_t i = 0; i < r->ntiers; i++)
        map_put(&C->tier_map, r->tiers[i]->name, i);
    map_init(&r->arena, &C->category_map, r->ncategories);
    map_init(&r->arena, &C->number_map, r->ncategories);
    C->number_keys = arena_alloc(&r->arena, sizeof *C->number_keys * (r->ncategories + 1));
    for (size_t i = 0; i < r->ncategories; i++) {
        char num[32];
        int n = snprintf(num, sizeof num, "%lld", (long long)r->categories[i]->number);
        C->number_keys[i] = arena_strndup(&r->arena, num, n > 0 ? (size_t)n : 0);
        map_put(&C->category_map, r->categories[i]->id, i);
        map_put(&C->number_map, C->number_keys[i], i);
    }
}

/* Whether the messages are full (see DIAG_MAX_ERRORS): a further error is
 * only counted, so looking for a suggestion for it, which costs time in the
 * number of names, is skipped.  Without this, a file of many thousands of
 * unknown names would take time in their number times all names. */
static bool errors_full(const Checker *C) { return diag_count(C->d, DIAG_ERROR) >= DIAG_MAX_ERRORS; }

/* What sort of name was not found: each sort has sentences of its own. */
typedef enum Unknown { UNK_NAME, UNK_CATEGORY, UNK_FUNCTION, UNK_SCORE, UNK_STAGE, UNK_TIERS } Unknown;

/* Report an unknown name, with the closest known one of `names`. */
static void unknown_name(Checker *C, Span at, Unknown what, const char *name,
                         const char **names, size_t n)
{
    const char *guess = diag_suggest(name, names, n);
    switch (what) {
    case UNK_NAME:
        if (guess)
            ERR(C, at, "unknown name `%s`; did you mean `%s`?", name, guess);
        else
            ERR(C, at, "unknown name `%s`", name);
        break;
    case UNK_CATEGORY:
        if (guess)
            ERR(C, at, "unknown category `%s`; did you mean `%s`?", name, guess);
        else
            ERR(C, at, "unknown category `%s`", name);
        break;
    case UNK_FUNCTION:
        if (guess)
            ERR(C, at, "unknown function `%s`; did you mean `%s`?", name, guess);
        else
            ERR(C, at, "unknown function `%s`", name);
        break;
    case UNK_SCORE:
        if (guess)
            ERR(C, at, "unknown score `%s`; did you mean `%s`?", name, guess);
        else
            ERR(C, at, "unknown score `%s`", name);
        break;
    case UNK_STAGE:
        if (guess)
            ERR(C, at, "unknown stage `%s`; did you mean `%s`?", name, guess);
        else
            ERR(C, at, "unknown stage `%s`", name);
        break;
    case UNK_TIERS:
        if (guess)
            ERR(C, at, "unknown tier table `%s`; did you mean `%s`?", name, guess);
        else
            ERR(C, at, "unknown tier table `%s`", name);
        break;
    }
}

/* Every name an expression could mean here: variables, lets, inputs. */
static const char **value_names(Checker *C, size_t *n)
{
    Rules *r = C->r;
    *n = 0;
    if (errors_full(C))
        return NULL;
    const char **names = arena_alloc(&r->arena, sizeof *names * (C->nvars + r->nlets + r->ninputs + 1));
    size_t k = 0;
    for (size_t i = 0; i < C->nvars; i++)
        names[k++] = C->vars[i];
    for (size_t i = 0; i < r->nlets; i++)
        names[k++] = r->lets[i]->name;
    for (size_t i = 0; i < r->ninputs; i++)
        names[k++] = r->inputs[i]->name;
    *n = k;
    return names;
}

/* ---- expressions ---- */

static const Kind *check_expr(Checker *C, Expr *e);
static const Kind *check_let(Checker *C, LetDecl *l);

/* What must be true or false, or a number: each a sentence of its own. */
typedef enum Want {
    /* true or false */
    W_AFTER_COLON, W_BOOL_ARGUMENT, W_AFTER_NOT, W_AND_SIDE, W_OR_SIDE, W_BONUS_CONDITION, W_CONDITION,
    /* a number */
    W_NUM_ARGUMENT, W_TO_ROUND, W_AFTER_MINUS, W_ITEM_VALUE, W_RANGE_BOUND,
} Want;

/* `e` (at `at`) is of kind k, which is not what `what` must be. */
static void wrong_kind(Checker *C, Span at, Want what, const Kind *k)
{
    char b[128];
    const char *kn = kname(k, b);
    switch (what) {
    case W_AFTER_COLON: ERR(C, at, "the condition after `:` must be true or false, but this is %s", kn); break;
    case W_BOOL_ARGUMENT: ERR(C, at, "each argument must be true or false, but this is %s", kn); break;
    case W_AFTER_NOT: ERR(C, at, "the value after `not` must be true or false, but this is %s", kn); break;
    case W_AND_SIDE: ERR(C, at, "each side of `and` must be true or false, but this is %s", kn); break;
    case W_OR_SIDE: ERR(C, at, "each side of `or` must be true or false, but this is %s", kn); break;
    case W_BONUS_CONDITION: ERR(C, at, "a bonus condition must be true or false, but this is %s", kn); break;
    case W_CONDITION: ERR(C, at, "a condition must be true or false, but this is %s", kn); break;
    case W_NUM_ARGUMENT: ERR(C, at, "each argument must be a number, but this is %s", kn); break;
    case W_TO_ROUND: ERR(C, at, "the value to round must be a number, but this is %s", kn); break;
    case W_AFTER_MINUS: ERR(C, at, "the value after `-` must be a number, but this is %s", kn); break;
    case W_ITEM_VALUE: ERR(C, at, "a score item's value must be a number, but this is %s", kn); break;
    case W_RANGE_BOUND: ERR(C, at, "a range bound must be a number, but this is %s", kn); break;
    }
}

static const Kind *expect_bool(Checker *C, Expr *e, Want what)
{
    const Kind *k = check_expr(C, e);
    if (!is_err(k) && k->tag != KIND_BOOL) {
        wrong_kind(C, e->span, what, k);
        return &K_ERROR;
    }
    return k;
}

static const Kind *expect_num(Checker *C, Expr *e, Want what)
{
    const Kind *k = check_expr(C, e);
    if (!is_err(k) && !is_num(k)) {
        wrong_kind(C, e->span, what, k);
        return &K_ERROR;
    }
    return k;
}

/* Kind of a + b etc.: integer when both are whole numbers. */
static const Kind *arith_kind(const Kind *a, const Kind *b, ExprTag op)
{
    if (is_err(a) || is_err(b))
        return &K_ERROR;
    if (op != EX_DIV && is_int(a) && is_int(b))
        return &K_INT;
    return &K_DEC;
}

/* An enumeration compared with a text literal: the literal must be one of
 * its names. */
static bool check_enum_literal(Checker *C, const Kind *enm, const Expr *lit)
{
    if (lit->tag != EX_STRING)
        return false;
    for (size_t i = 0; i < enm->nnames; i++)
        if (strcmp(enm->names[i], lit->v.str) == 0)
            return true;
    char b[256];
    const char *guess = diag_suggest(lit->v.str, (const char **)enm->names, enm->nnames);
    if (guess)
        ERR(C, lit->span, "\"%s\" is not one of the values (%s); did you mean \"%s\"?", lit->v.str,
            kind_name(enm, b, sizeof b) + 7, guess);
    else
        ERR(C, lit->span, "\"%s\" is not one of the values (%s)", lit->v.str,
            kind_name(enm, b, sizeof b) + 7);
    return true;
}

/* Whether values of kinds a and b can be compared with = and !=. */
static bool comparable(Checker *C, const Kind *a, const Expr *ea, const Kind *b, const Expr *eb)
{
    if (is_num(a) && is_num(b))
        return true;
    if (a->tag == KIND_ENUM && (b->tag == KIND_TEXT || b->tag == KIND_ENUM)) {
        if (b->tag == KIND_TEXT)
            return check_enum_literal(C, a, eb) || true;
        return a->names == b->names || kind_equal(a, b); /* two fields of one scale */
    }
    if (b->tag == KIND_ENUM && a->tag == KIND_TEXT)
        return check_enum_literal(C, b, ea) || true;
    if (a->tag == b->tag && (a->tag == KIND_TEXT || a->tag == KIND_DATE || a->tag == KIND_BOOL))
        return true;
    return false;
}

/* A quotient must be exact: dividing by a constant made of 2s and 5s
 * always is (x / 5, x / 0.25); anything else may leave endless decimals
 * and must be rounded where it is made, by round(a / b, places, mode). */
static bool const_value(const Rules *r, const Expr *e, Dec *out);
static int div_places(Dec d);
#define PLACES_UNBOUNDED 1000

static void check_exact_division(Checker *C, const Expr *e)
{
    Dec c;
    if (const_value(C->r, e->b, &c) && div_places(c) < PLACES_UNBOUNDED)
        return;
    int w = (int)(e->span.end - e->span.start);
    const char *text = rules_text_at(C->r, e->span);
    if (w > 60)
        w = 60;
    ERR(C, e->span,
        "`%.*s` may not give an exact decimal (only dividing by a number made of 2s and 5s always "
        "does); round it where it is made, e.g. round(%.*s, %d, half-up), or compare by "
        "multiplying instead", w, text, w, text, C->r->precision);
}

/* A name that is no quantifier variable, let or field: no value of its
 * own.  (A category is no value, so a category `basic` does not hide the
 * value `basic` of a scale.) */
static bool unbound_name(Checker *C, const Expr *e)
{
    if (e->tag != EX_NAME)
        return false;
    for (size_t i = 0; i < C->nvars; i++)
        if (strcmp(C->vars[i], e->v.str) == 0)
            return false;
    return !find_let(C, e->v.str) && !find_input(C, e->v.str) &&
           !(C->in_condition && find_score(C, e->v.str));
}

/* `level >= involve`: a bare name that nothing else is called, set against
 * an enumeration that has it among its values, is that value, as if it
 * were written "involve". */
static void as_enum_value(Checker *C, const Kind *k, Expr *e)
{
    if (!k || k->tag != KIND_ENUM || !unbound_name(C, e))
        return;
    for (size_t i = 0; i < k->nnames; i++) {
        if (strcmp(k->names[i], e->v.str) == 0) {
            e->tag = EX_STRING;
            e->v.str = k->names[i];
            return;
        }
    }
    /* a misspelt value (`level >= involv`): taken as a value, so that the
     * message lists the values and the closest one */
    if (diag_suggest(e->v.str, (const char **)k->names, k->nnames) && !find_category(C, e->v.str) &&
        !find_score(C, e->v.str))
        e->tag = EX_STRING;
}

static const char *const OP_TEXT[] = {
    [EX_EQ] = "=", [EX_NE] = "!=", [EX_LT] = "<", [EX_LE] = "<=", [EX_GT] = ">", [EX_GE] = ">=",
};

/* `level >= "involve"` on a `one of` without an order: what to write
 * instead, in the words of the rule file. */
static void unordered_enum(Checker *C, const Expr *e, const Kind *k)
{
    bool left = e->a->kind == k;
    const Expr *field = left ? e->a : e->b, *other = left ? e->b : e->a;
    /* TRANSLATORS: stands for a field's name in `... in [a, b]` and
     * `declare ... as an ordered scale` when the value is not a plain name. */
    const char *fname = field->tag == EX_NAME ? field->v.str : _("the value");
    /* With a value on the other side, the values that would pass if they
     * were in the order written: `level >= involve` lists involve and those
     * after it. */
    size_t from = 0, to = k->nnames;
    ExprTag op = left ? e->tag : e->tag == EX_LT ? EX_GT : e->tag == EX_LE ? EX_GE : e->tag == EX_GT ? EX_LT : EX_LE;
    for (size_t i = 0; other->tag == EX_STRING && i < k->nnames; i++) {
        if (strcmp(k->names[i], other->v.str) != 0)
            continue;
        from = op == EX_GE ? i : op == EX_GT ? i + 1 : 0;
        to = op == EX_LE ? i + 1 : op == EX_LT ? i : k->nnames;
    }
    Sb names = { 0 }, pass = { 0 }, order = { 0 };
    for (size_t i = 0; i < k->nnames; i++) {
        sb_printf(&names, "%s%s", i ? ", " : "", k->names[i]);
        sb_printf(&order, "%s%s", i ? " < " : "", k->names[i]);
        if (i >= from && i < to)
            sb_printf(&pass, "%s%s", i > from ? ", " : "", k->names[i]);
    }
    ERR(C, e->span, "the values of `%s` (%s) have no order, so `%s` cannot compare them", fname,
        names.s ? names.s : "", OP_TEXT[e->tag]);
    NOTE(C, e->span, "list the values that pass, as in `%s in [%s]`, or declare `%s` as an ordered scale, "
         "lowest first: `one of %s`", fname, pass.s ? pass.s : "", fname, order.s ? order.s : "");
    sb_free(&names);
    sb_free(&pass);
    sb_free(&order);
}

static const Kind *check_compare(Checker *C, Expr *e)
{
    const Kind *a, *b;
    if (unbound_name(C, e->a) && !unbound_name(C, e->b)) {
        b = check_expr(C, e->b);
        as_enum_value(C, b, e->a);
        a = check_expr(C, e->a);
    } else {
        a = check_expr(C, e->a);
        as_enum_value(C, a, e->b);
        b = check_expr(C, e->b);
    }
    if (is_err(a) || is_err(b))
        return &K_BOOL;
    char b1[128], b2[128];
    bool ordered = e->tag != EX_EQ && e->tag != EX_NE;
    if (!comparable(C, a, e->a, b, e->b)) {
        ERR(C, e->span, "cannot compare %s with %s", kname(a, b1), kname(b, b2));
        return &K_BOOL;
    }
    const Kind *enm = a->tag == KIND_ENUM ? a : b->tag == KIND_ENUM ? b : NULL;
    if (ordered && enm && !enm->ordered)
        unordered_enum(C, e, enm);
    else if (ordered && !enm && !(is_num(a) || a->tag == KIND_DATE || a->tag == KIND_TEXT))
        ERR(C, e->span, "%s values have no order: use = or !=", kname(a, b1));
    return &K_BOOL;
}

static const Kind *elem_of(Checker *C, Expr *coll, const Kind *k)
{
    char b[128];
    if (is_err(k))
        return &K_ERROR;
    if ((k->tag == KIND_LIST || k->tag == KIND_RANGE) && k->elem)
        return k->elem;
    if (k->tag == KIND_LIST)
        return &K_ERROR; /* the empty list [] */
    ERR(C, coll->span, "expected a list or a range (a .. b) here, but this is %s", kname(k, b));
    return &K_ERROR;
}

static const Kind *check_in(Checker *C, Expr *e)
{
    const Kind *a = check_expr(C, e->a);
    if (e->b->tag == EX_LIST)
        for (size_t i = 0; i < e->b->nargs; i++)
            as_enum_value(C, a, e->b->args[i]);
    const Kind *ck = check_expr(C, e->b);
    const Kind *elem = elem_of(C, e->b, ck);
    if (is_err(a) || is_err(elem))
        return &K_BOOL;
    char b1[128], b2[128];
    if (a->tag == KIND_ENUM && e->b->tag == EX_LIST) {
        for (size_t i = 0; i < e->b->nargs; i++)
            if (!comparable(C, a, e->a, e->b->args[i]->kind, e->b->args[i]))
                ERR(C, e->b->args[i]->span, "cannot compare %s with %s", kname(a, b1),
                    kname(e->b->args[i]->kind, b2));
        return &K_BOOL;
    }
    if (!comparable(C, a, e->a, elem, e->b))
        ERR(C, e->span, "cannot look for %s in a list of %s", kname(a, b1), kname(elem, b2));
    return &K_BOOL;
}

static bool const_value(const Rules *r, const Expr *e, Dec *out);
static Bounds expr_bounds(Checker *C, const Expr *e, int depth);

/* How many items a quantifier over `coll` may walk: a range's length when
 * its ends are known (constant, or fields with a range), else the most the
 * evaluator walks; a list as if it held that many too (a record can).  A
 * range with constant ends that is too long to walk at all is an error
 * here, rather than a data error of every application. */
static uint64_t check_walk(Checker *C, const Expr *coll)
{
    const uint64_t most = EVAL_MAX_RANGE_WALK;
    if (coll->tag != EX_RANGE)
        return most;
    Dec lo, hi;
    int64_t l, h;
    if (const_value(C->r, coll->a, &lo) && const_value(C->r, coll->b, &hi)) {
        if (!dec_to_int(lo, &l) || !dec_to_int(hi, &h))
            return most;  /* not whole numbers: reported as such */
        if (h < l)
            return 0;
        uint64_t n = (uint64_t)h - (uint64_t)l;
        if (n >= most) {
            char a[DEC_FMT_MAX], b[DEC_FMT_MAX];
            dec_format(lo, 0, a);
            dec_format(hi, 0, b);
            ERR(C, coll->span,
                "the range %s .. %s is too long to walk: a quantifier may walk at most %d numbers; "
                "test the ends instead (x >= a and x <= b), or use `in`, count(...) or sum(...), "
                "which do not walk", a, b, EVAL_MAX_RANGE_WALK);
            return most;
        }
        return n + 1;
    }
    Bounds a = expr_bounds(C, coll->a, 0), b = expr_bounds(C, coll->b, 0);
    if (a.has_lo && b.has_hi && dec_to_int(a.lo, &l) && dec_to_int(b.hi, &h)) {
        if (h < l)
            return 0;
        uint64_t n = (uint64_t)h - (uint64_t)l;
        return n >= most ? most : n + 1;
    }
    return most;
}

static const Kind *check_quant(Checker *C, Expr *e)
{
    const Kind *ck = check_expr(C, e->a);
    const Kind *elem = elem_of(C, e->a, ck);
    if (C->nvars == MAX_VARS) {
        ERR(C, e->span, "quantifiers are nested more than %d deep", MAX_VARS);
        return &K_ERROR;
    }
    /* Quantifiers inside one another walk the product of their lengths:
     * warn where that may pass the work budget of an application. */
    uint64_t size = is_err(ck) ? 1 : check_walk(C, e->a);
    uint64_t outer = C->walk, inner;
    if (__builtin_mul_overflow(outer, size, &inner))
        inner = UINT64_MAX;
    C->walk_sizes[C->nvars] = size;
    if (outer > 1 && inner > EVAL_STEP_BUDGET && !C->walk_warned) {
        char sizes[32 * MAX_VARS];
        size_t k = 0;
        for (size_t i = 0; i <= C->nvars && k < sizeof sizes; i++)
            k += (size_t)snprintf(sizes + k, sizeof sizes - k, "%s%llu", i ? " x " : "",
                                  (unsigned long long)C->walk_sizes[i]);
        WARN(C, e->span,
             "quantifiers inside one another may walk up to %s items here, more than the %u "
             "steps one application may take; an application that needs them all gets a data "
             "error: walk shorter lists or ranges, or fewer inside one another",
             sizes, EVAL_STEP_BUDGET);
        C->walk_warned = true;
    }
    C->walk = inner;
    for (size_t i = 0; i < C->nvars; i++)
        if (strcmp(C->vars[i], e->var) == 0)
            ERR(C, e->span, "`%s` is already a variable of an enclosing `all`/`any`", e->var);
    if (find_input(C, e->var) || find_let(C, e->var))
        WARN(C, e->span, "the variable `%s` hides the field or `let` of the same name", e->var);
    e->var_depth = (uint32_t)C->nvars;
    C->vars[C->nvars] = e->var;
    C->var_kinds[C->nvars] = elem;
    C->nvars++;
    if (C->nvars > C->r->max_var_depth)
        C->r->max_var_depth = (uint32_t)C->nvars;
    expect_bool(C, e->b, W_AFTER_COLON);
    C->nvars--;
    C->walk = outer;
    if (outer == 1)
        C->walk_warned = false;
    return &K_BOOL;
}

static const Kind *check_name(Checker *C, Expr *e)
{
    const char *name = e->v.str;
    for (size_t i = C->nvars; i-- > 0;) {
        if (strcmp(C->vars[i], name) == 0) {
            e->ref = REF_VAR;
            e->slot = (uint32_t)i;
            return C->var_kinds[i];
        }
    }
    if (C->cat && C->cat->per_agency) {
        if (find_input(C, name) || find_let(C, name)) {
            ERR(C, e->span,
                "category `%s` is decided per agency, from the results of its applications; "
                "it cannot read `%s` (use won(category, tier))", C->cat->id, name);
            return &K_ERROR;
        }
    }
    LetDecl *l = find_let(C, name);
    if (l) {
        e->ref = REF_LET;
        e->slot = l->index;
        const Kind *k = check_let(C, l);
        if (C->let_height[l->index] > C->ref_height)
            C->ref_height = C->let_height[l->index];
        return k;
    }
    InputDecl *in = find_input(C, name);
    if (in) {
        e->ref = REF_INPUT;
        e->slot = in->slot;
        return &in->kind;
    }
    size_t si;
    if (C->in_condition && C->cat && !C->cat->per_agency && map_get(&C->score_map, name, &si)) {
        /* `require report >= 600`: the score's total, worked out for the
         * application (at the stage of the condition) */
        e->ref = REF_SCORE;
        e->slot = (uint32_t)si;
        C->score_read[si] = 1;
        return &K_DEC;
    }
    if (find_category(C, name) || find_score(C, name)) {
        if (find_category(C, name))
            ERR(C, e->span, "`%s` is a category, not a value", name);
        else
            ERR(C, e->span, "`%s` is a score: its total can be read only in a category's condition "
                            "(`require %s >= ...`), not in a let or a score", name, name);
        return &K_ERROR;
    }
    size_t n;
    const char **names = value_names(C, &n);
    unknown_name(C, e->span, UNK_NAME, name, names, n);
    return &K_ERROR;
}

static const Kind *check_won(Checker *C, Expr *e)
{
    if (!C->cat || !C->cat->per_agency) {
        ERR(C, e->span, "won(...) can only be used in a category decided `per agency`");
        return &K_ERROR;
    }
    if (e->nargs != 2 || e->args[0]->tag != EX_NAME || e->args[1]->tag != EX_NAME) {
        ERR(C, e->span, "won takes a category and a tier, as in won(standard, outstanding)");
        return &K_ERROR;
    }
    Rules *r = C->r;
    Expr *ce = e->args[0], *te = e->args[1];
    ce->kind = te->kind = &K_ERROR;
    CategoryDecl *cat = find_category(C, ce->v.str);
    if (!cat) {
        size_t n = errors_full(C) ? 0 : r->ncategories;
        const char **ids = arena_alloc(&r->arena, sizeof *ids * (n + 1));
        for (size_t i = 0; i < n; i++)
            ids[i] = r->categories[i]->id;
        unknown_name(C, ce->span, UNK_CATEGORY, ce->v.str, ids, n);
        return &K_ERROR;
    }
    if (cat->per_agency) {
        ERR(C, ce->span, "`%s` is itself decided per agency; won(...) looks at application categories",
            cat->id);
        return &K_ERROR;
    }
    e->won_cat = cat->index;
    /* The tier must be one the category can give. */
    const char *t = te->v.str;
    if (!cat->tiers_name) {
        if (strcmp(t, "awarded") != 0) {
            ERR(C, te->span, "category `%s` is not scored: the only tier it gives is `awarded`", cat->id);
            return &K_ERROR;
        }
    } else {
        size_t ti, at;
        TierDecl *td = map_get(&C->tier_map, cat->tiers_name, &ti) ? r->tiers[ti] : NULL;
        if (td && !(C->entry_maps[ti].slots && map_get(&C->entry_maps[ti], t, &at))) {
            const char **ids = arena_alloc(&r->arena, sizeof *ids * (td->nentries + 1));
            for (size_t i = 0; i < td->nentries; i++)
                ids[i] = td->entries[i].id;
            const char *guess = diag_suggest(t, ids, td->nentries);
            if (guess)
                ERR(C, te->span, "category `%s` has no tier `%s`; did you mean `%s`?", cat->id, t, guess);
            else
                ERR(C, te->span, "category `%s` has no tier `%s` (its tiers are `%s`)", cat->id, t,
                    td->name);
            return &K_ERROR;
        }
    }
    size_t ni;
    if (map_get(&C->tier_name_map, t, &ni))
        e->won_tier = (uint32_t)ni;
    return &K_BOOL;
}

/* A plain function (builtins.h): its one argument, of the row's sort; it
 * gives a whole number. */
static const Kind *check_plain_call(Checker *C, Expr *e, const BuiltinInfo *info)
{
    char b[128];
    if (e->nargs != 1) {
        if (info->arg == ARG_TEXT)
            ERR(C, e->span, "%s takes one text, as in %s", info->name, info->synopsis);
        else
            ERR(C, e->span, "%s takes one list, as in %s", info->name, info->synopsis);
        for (size_t i = 0; i < e->nargs; i++)
            check_expr(C, e->args[i]);
        return &K_INT;
    }
    const Kind *k = check_expr(C, e->args[0]);
    if (is_err(k))
        return &K_INT;
    bool collection = k->tag == KIND_LIST || k->tag == KIND_RANGE;
    if (info->arg == ARG_TEXT && k->tag != KIND_TEXT && collection)
        ERR(C, e->args[0]->span, "%s(...) counts in a text, but this is %s; count(...) counts the items of a list",
            info->name, kname(k, b));
    else if (info->arg == ARG_TEXT && k->tag != KIND_TEXT)
        ERR(C, e->args[0]->span, "%s(...) counts in a text, but this is %s", info->name, kname(k, b));
    else if (info->arg == ARG_COLLECTION && !collection && k->tag == KIND_TEXT)
        ERR(C, e->args[0]->span, "%s(...) needs a list, but this is %s; words(...) and chars(...) measure a text",
            info->name, kname(k, b));
    else if (info->arg == ARG_COLLECTION && !collection)
        ERR(C, e->args[0]->span, "%s(...) needs a list, but this is %s", info->name, kname(k, b));
    return &K_INT;
}

static const Kind *check_call(Checker *C, Expr *e)
{
    const BuiltinInfo *info = builtin_find(e->fname);
    e->fn = info ? info->fn : FN_UNKNOWN;
    char b[128];
    switch (e->fn) {
    case FN_UNKNOWN: {
        size_t n = 0;
        const BuiltinInfo *all = builtin_all(&n);
        const char **names = arena_alloc(&C->r->arena, sizeof *names * (n + 1));
        for (size_t i = 0; i < n; i++)
            names[i] = all[i].name;
        unknown_name(C, e->span, UNK_FUNCTION, e->fname, names, n);
        if (!diag_suggest(e->fname, names, n)) {
            Sb list = { 0 };
            for (size_t i = 0; i < n; i++)
                sb_printf(&list, "%s%s", i ? ", " : "", all[i].synopsis);
            diag_note(C->d, NULL, (Span){ 0 }, "the functions are %s (docs/language.md, section 7)", list.s);
            sb_free(&list);
        }
        for (size_t i = 0; i < e->nargs; i++)
            check_expr(C, e->args[i]);
        return &K_ERROR;
    }
    case FN_ANY:
    case FN_ALL:
        if (e->nargs == 0)
            ERR(C, e->span, "%s(...) needs at least one condition", e->fname);
        for (size_t i = 0; i < e->nargs; i++)
            expect_bool(C, e->args[i], W_BOOL_ARGUMENT);
        return &K_BOOL;
    case FN_MIN:
    case FN_MAX:
    case FN_SUM: {
        if (e->nargs == 0) {
            ERR(C, e->span, "%s(...) needs at least one number", e->fname);
            return &K_ERROR;
        }
        if (e->nargs == 1) {
            const Kind *k = check_expr(C, e->args[0]);
            if (k->tag == KIND_LIST || k->tag == KIND_RANGE) {
                const Kind *el = k->elem ? k->elem : &K_ERROR;
                if (!is_err(el) && !is_num(el))
                    ERR(C, e->args[0]->span, "%s(...) needs numbers, but this is %s", e->fname, kname(k, b));
                return is_int(el) ? &K_INT : &K_DEC;
            }
            if (!is_err(k) && !is_num(k))
                ERR(C, e->args[0]->span, "%s(...) needs numbers, but this is %s", e->fname, kname(k, b));
            return is_int(k) ? &K_INT : &K_DEC;
        }
        bool all_int = true;
        for (size_t i = 0; i < e->nargs; i++) {
            const Kind *k = expect_num(C, e->args[i], W_NUM_ARGUMENT);
            all_int = all_int && is_int(k);
        }
        return all_int ? &K_INT : &K_DEC;
    }
    case FN_COUNT:
    case FN_LENGTH:
    case FN_WORDS:
    case FN_CHARS:
        return check_plain_call(C, e, info);
    case FN_ROUND: {
        if (e->nargs != 3) {
            ERR(C, e->span, "round takes a number, the decimal places and a mode, "
                            "as in round(x, 2, half-up)");
            return &K_ERROR;
        }
        if (e->args[0]->tag == EX_DIV)
            e->args[0]->in_round = true; /* round(a / b, ...) rounds the true quotient */
        expect_num(C, e->args[0], W_TO_ROUND);
        Expr *p = e->args[1];
        int64_t places = -1;
        if (p->tag != EX_NUMBER || !dec_to_int(p->v.num, &places) || places < 0 || places > DEC_MAX_SCALE)
            ERR(C, p->span, "the decimal places must be a whole number from 0 to %d", DEC_MAX_SCALE);
        p->kind = &K_INT;
        Expr *m = e->args[2];
        if (m->tag == EX_NAME && (strcmp(m->v.str, "up") == 0 || strcmp(m->v.str, "down") == 0)) {
            m->tag = EX_MODE;
            m->v.mode = strcmp(m->v.str, "up") == 0 ? DEC_UP : DEC_DOWN;
        }
        if (m->tag != EX_MODE)
            ERR(C, m->span, "expected a rounding mode: half-up, half-even, up or down");
        m->kind = &K_MODE;
        return &K_DEC;
    }
    case FN_PRESENT: {
        if (e->nargs != 1 || e->args[0]->tag != EX_NAME) {
            ERR(C, e->span, "present takes the name of an optional field, as in present(outstanding_year)");
            return &K_BOOL;
        }
        const Kind *k = check_expr(C, e->args[0]);
        if (!is_err(k) && e->args[0]->ref != REF_INPUT)
            ERR(C, e->args[0]->span, "present(...) asks about a field; `%s` is not one", e->args[0]->v.str);
        else if (!is_err(k) && !C->r->inputs[e->args[0]->slot]->optional)
            WARN(C, e->args[0]->span,
                 "`%s` is not declared optional, so it is always present when this is evaluated",
                 e->args[0]->v.str);
        return &K_BOOL;
    }
    case FN_WON:
        return check_won(C, e);
    }
    return &K_ERROR;
}

static const Kind *check_expr_inner(Checker *C, Expr *e)
{
    char b1[128], b2[128];
    switch (e->tag) {
    case EX_NUMBER:
        return dec_places(e->v.num) == 0 ? &K_INT : &K_DEC;
    case EX_STRING:
        return &K_TEXT;
    case EX_BOOL:
        return &K_BOOL;
    case EX_DATE:
        return &K_DATE;
    case EX_MODE:
        ERR(C, e->span, "a rounding mode is only used as round(x, places, mode)");
        return &K_ERROR;
    case EX_YEAR:
        return &K_INT;
    case EX_NAME:
        return check_name(C, e);
    case EX_NEG:
        return is_int(expect_num(C, e->a, W_AFTER_MINUS)) ? &K_INT : &K_DEC;
    case EX_NOT:
        expect_bool(C, e->a, W_AFTER_NOT);
        return &K_BOOL;
    case EX_ADD:
    case EX_SUB:
    case EX_MUL:
    case EX_DIV: {
        const Kind *a = check_expr(C, e->a), *b = check_expr(C, e->b);
        static const char ops[] = "+-*/";
        char op = ops[e->tag - EX_ADD];
        if (e->tag == EX_SUB && a->tag == KIND_DATE && b->tag == KIND_DATE)
            return &K_INT; /* days between two dates */
        if (!is_err(a) && !is_num(a)) {
            ERR(C, e->a->span, "cannot use `%c` on %s: it needs numbers", op, kname(a, b1));
            return &K_ERROR;
        }
        if (!is_err(b) && !is_num(b)) {
            ERR(C, e->b->span, "cannot use `%c` on %s: it needs numbers", op, kname(b, b2));
            return &K_ERROR;
        }
        if (e->tag == EX_DIV && e->b->tag == EX_NUMBER && dec_is_zero(e->b->v.num))
            ERR(C, e->b->span, "division by zero");
        else if (e->tag == EX_DIV && !e->in_round && !is_err(a) && !is_err(b))
            check_exact_division(C, e);
        return arith_kind(a, b, e->tag);
    }
    case EX_EQ: case EX_NE: case EX_LT: case EX_LE: case EX_GT: case EX_GE:
        return check_compare(C, e);
    case EX_AND:
    case EX_OR:
        expect_bool(C, e->a, e->tag == EX_AND ? W_AND_SIDE : W_OR_SIDE);
        expect_bool(C, e->b, e->tag == EX_AND ? W_AND_SIDE : W_OR_SIDE);
        return &K_BOOL;
    case EX_IN:
        return check_in(C, e);
    case EX_RANGE: {
        const Kind *a = check_expr(C, e->a), *b = check_expr(C, e->b);
        if (!is_err(a) && !is_int(a))
            ERR(C, e->a->span, "a range needs whole numbers, but this is %s", kname(a, b1));
        if (!is_err(b) && !is_int(b))
            ERR(C, e->b->span, "a range needs whole numbers, but this is %s", kname(b, b2));
        return &K_RANGE_INT;
    }
    case EX_LIST: {
        const Kind *elem = NULL;
        for (size_t i = 0; i < e->nargs; i++) {
            const Kind *k = check_expr(C, e->args[i]);
            if (is_err(k))
                continue;
            if (!elem)
                elem = k;
            else if (!(is_num(elem) && is_num(k)) && elem->tag != k->tag)
                ERR(C, e->args[i]->span, "a list holds values of one kind: this is %s, the first is %s",
                    kname(k, b1), kname(elem, b2));
        }
        Kind *lk = arena_alloc(&C->r->arena, sizeof *lk);
        lk->tag = KIND_LIST;
        lk->elem = elem;
        return lk;
    }
    case EX_CALL:
        return check_call(C, e);
    case EX_ALL:
    case EX_ANY:
        return check_quant(C, e);
    }
    return &K_ERROR;
}

static const Kind *check_expr(Checker *C, Expr *e)
{
    e->kind = check_expr_inner(C, e);
    return e->kind;
}

static const Kind *check_let(Checker *C, LetDecl *l)
{
    if (C->let_state[l->index] == 2)
        return C->r->let_kinds[l->index];
    if (C->let_state[l->index] == 1) {
        /* A cycle: name the whole path once, at the let that closes it. */
        char path[512];
        size_t n = 0;
        size_t first = 0;
        while (first < C->let_depth && C->let_path[first] != l)
            first++;
        for (size_t i = first; i < C->let_depth && n < sizeof path; i++)
            n += (size_t)snprintf(path + n, sizeof path - n, "%s -> ", C->let_path[i]->name);
        if (n < sizeof path)
            snprintf(path + n, sizeof path - n, "%s", l->name);
        ERR(C, l->span, "`%s` is defined in terms of itself: %s", l->name, path);
        C->r->let_kinds[l->index] = &K_ERROR;
        return &K_ERROR;
    }
    uint32_t own = l->expr->depth;
    if (C->lets_too_deep || C->path_height + own > MAX_LET_HEIGHT) {
        if (!C->lets_too_deep)
            ERR(C, l->span,
                "`%s` is built on lets nested too deep (more than %d levels of expression in all, "
                "through %zu lets); compute it through fewer lets, one built on the next",
                l->name, MAX_LET_HEIGHT, C->let_depth);
        C->lets_too_deep = true;
        C->r->let_kinds[l->index] = &K_ERROR;
        C->let_state[l->index] = 2;
        return &K_ERROR;
    }
    C->let_state[l->index] = 1;
    C->let_path[C->let_depth++] = l;
    C->path_height += own;
    uint32_t saved_ref = C->ref_height;
    C->ref_height = 0;
    /* A let sees no quantifier variables of the place that uses it. */
    size_t saved_vars = C->nvars;
    const CategoryDecl *saved_cat = C->cat;
    uint64_t saved_walk = C->walk;   /* a let is evaluated once per application */
    bool saved_warned = C->walk_warned;
    bool saved_cond = C->in_condition;
    C->nvars = 0;
    C->cat = NULL;
    C->in_condition = false;
    C->walk = 1;
    C->walk_warned = false;
    const Kind *k = check_expr(C, l->expr);
    C->nvars = saved_vars;
    C->cat = saved_cat;
    C->in_condition = saved_cond;
    C->walk = saved_walk;
    C->walk_warned = saved_warned;
    C->let_depth--;
    C->path_height -= own;
    uint32_t height = own + C->ref_height;
    C->let_height[l->index] = height;
    C->ref_height = saved_ref > height ? saved_ref : height;
    if (height > MAX_LET_HEIGHT && !C->lets_too_deep) {
        ERR(C, l->span,
            "`%s` is built on lets nested too deep (more than %d levels of expression in all); "
            "compute it through fewer lets, one built on the next", l->name, MAX_LET_HEIGHT);
        C->lets_too_deep = true;
        k = &K_ERROR;
    }
    if (C->let_state[l->index] == 1) {
        C->r->let_kinds[l->index] = k;
        C->let_state[l->index] = 2;
    }
    return C->r->let_kinds[l->index];
}

/* ---- constant facts, for warnings ---- */

/* The value of a constant expression (numbers, year, - and + - * / of them). */
static bool const_value(const Rules *r, const Expr *e, Dec *out)
{
    Dec a, b;
    switch (e->tag) {
    case EX_NUMBER:
        *out = e->v.num;
        return true;
    case EX_YEAR:
        *out = dec_from_int(r->year);
        return true;
    case EX_NEG:
        if (!const_value(r, e->a, &a))
            return false;
        *out = dec_neg(a);
        return true;
    case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV:
        if (!const_value(r, e->a, &a) || !const_value(r, e->b, &b))
            return false;
        switch (e->tag) {
        case EX_ADD: return dec_add(a, b, out) == DEC_OK;
        case EX_SUB: return dec_sub(a, b, out) == DEC_OK;
        case EX_MUL: return dec_mul(a, b, out) == DEC_OK;
        default: return dec_div(a, b, out) == DEC_OK;
        }
    default:
        return false;
    }
}


static Bounds let_bounds(Checker *C, uint32_t index);

/* Whether a score node has a bonus anywhere below it. */
static bool has_bonus(const ScoreNode *n)
{
    if (n->tag == NODE_BONUS)
        return true;
    for (size_t i = 0; i < n->nkids; i++)
        if (has_bonus(n->kids[i]))
            return true;
    return false;
}

static Bounds expr_bounds(Checker *C, const Expr *e, int depth)
{
    const Rules *r = C->r;
    Bounds bd = { 0 };
    Dec c;
    if (depth > 64)
        return bd;
    if (const_value(r, e, &c)) {
        bd.has_lo = bd.has_hi = true;
        bd.lo = bd.hi = c;
        return bd;
    }
    if (e->tag == EX_NAME && e->ref == REF_INPUT) {
        const InputDecl *in = r->inputs[e->slot];
        if (in->lo && !in->lo_strict && const_value(r, in->lo, &bd.lo))
            bd.has_lo = true;
        if (in->hi && !in->hi_strict && const_value(r, in->hi, &bd.hi))
            bd.has_hi = true;
        return bd;
    }
    if (e->tag == EX_NAME && e->ref == REF_LET)
        return let_bounds(C, e->slot);
    if (e->tag == EX_NAME && e->ref == REF_SCORE) {
        const ScoreNode *root = r->scores[e->slot]->root;
        bd.has_lo = bd.has_hi = true;
        bd.lo = dec_from_int(0);
        bd.hi = root->out_of; /* a total can pass its maximum only uncapped, with a bonus */
        bd.has_hi = root->capped || !has_bonus(root);
        return bd;
    }
    if (e->tag == EX_ADD || e->tag == EX_MUL || e->tag == EX_DIV || e->tag == EX_SUB) {
        Bounds a = expr_bounds(C, e->a, depth + 1), b = expr_bounds(C, e->b, depth + 1);
        Dec zero = dec_from_int(0);
        bool nonneg = a.has_lo && dec_cmp(a.lo, zero) >= 0 && b.has_lo && dec_cmp(b.lo, zero) >= 0;
        switch (e->tag) {
        case EX_ADD:
            bd.has_lo = a.has_lo && b.has_lo && dec_add(a.lo, b.lo, &bd.lo) == DEC_OK;
            bd.has_hi = a.has_hi && b.has_hi && dec_add(a.hi, b.hi, &bd.hi) == DEC_OK;
            break;
        case EX_SUB:
            bd.has_lo = a.has_lo && b.has_hi && dec_sub(a.lo, b.hi, &bd.lo) == DEC_OK;
            bd.has_hi = a.has_hi && b.has_lo && dec_sub(a.hi, b.lo, &bd.hi) == DEC_OK;
            break;
        case EX_MUL:
            if (nonneg) {
                bd.has_lo = dec_mul(a.lo, b.lo, &bd.lo) == DEC_OK;
                bd.has_hi = a.has_hi && b.has_hi && dec_mul(a.hi, b.hi, &bd.hi) == DEC_OK;
            }
            break;
        default: /* division by a positive constant */
            if (nonneg && b.has_hi && dec_cmp(b.lo, b.hi) == 0 && !dec_is_zero(b.lo)) {
                bd.has_lo = dec_div(a.lo, b.lo, &bd.lo) == DEC_OK;
                bd.has_hi = a.has_hi && dec_div(a.hi, b.lo, &bd.hi) == DEC_OK;
            }
        }
    }
    return bd;
}

/* A let's bounds, worked out once: lets built of lets (`a2 = a1 + a1`,
 * `a3 = a2 + a2`, ...) would otherwise be walked once per path to them,
 * which is exponential in the length of the chain. */
static Bounds let_bounds(Checker *C, uint32_t index)
{
    if (C->let_facts[index] & LET_BOUNDS_DONE)
        return C->let_bounds[index];
    if (C->let_facts[index] & LET_BOUNDS_BUSY)
        return (Bounds){ 0 };  /* a cycle, reported elsewhere */
    C->let_facts[index] |= LET_BOUNDS_BUSY;
    Bounds bd = expr_bounds(C, C->r->lets[index]->expr, 0);
    C->let_bounds[index] = bd;
    C->let_facts[index] |= LET_BOUNDS_DONE;
    return bd;
}

/* Warn about `x OP c` that can never hold (or always holds) given the
 * declared range of x. */
static void check_condition_range(Checker *C, const Expr *e)
{
    if (e->tag == EX_AND || e->tag == EX_OR) {
        check_condition_range(C, e->a);
        check_condition_range(C, e->b);
        return;
    }
    if (e->tag == EX_NOT) {
        check_condition_range(C, e->a);
        return;
    }
    if (e->tag < EX_EQ || e->tag > EX_GE || !e->a->kind || !e->b->kind)
        return;
    if (!is_num(e->a->kind) || !is_num(e->b->kind))
        return;
    Bounds x = expr_bounds(C, e->a, 0);
    Dec c;
    if (!const_value(C->r, e->b, &c) || (x.has_lo && x.has_hi && dec_cmp(x.lo, x.hi) == 0))
        return;
    /* never: the condition is false on the whole known range */
    bool never = false, always = false;
    switch (e->tag) {
    case EX_GE: never = x.has_hi && dec_cmp(x.hi, c) < 0; always = x.has_lo && dec_cmp(x.lo, c) >= 0; break;
    case EX_GT: never = x.has_hi && dec_cmp(x.hi, c) <= 0; always = x.has_lo && dec_cmp(x.lo, c) > 0; break;
    case EX_LE: never = x.has_lo && dec_cmp(x.lo, c) > 0; always = x.has_hi && dec_cmp(x.hi, c) <= 0; break;
    case EX_LT: never = x.has_lo && dec_cmp(x.lo, c) >= 0; always = x.has_hi && dec_cmp(x.hi, c) < 0; break;
    case EX_EQ:
        never = (x.has_hi && dec_cmp(x.hi, c) < 0) || (x.has_lo && dec_cmp(x.lo, c) > 0);
        break;
    default: break;
    }
    if (!never && !always)
        return;
    char lo[DEC_FMT_MAX], hi[DEC_FMT_MAX], range[2 * DEC_FMT_MAX + 128];
    if (x.has_lo)
        dec_format(x.lo, 0, lo);
    if (x.has_hi)
        dec_format(x.hi, 0, hi);
    /* TRANSLATORS: what the left side of a condition always is, the end of
     * "this condition can never hold: the left side is %s". */
    if (x.has_lo && x.has_hi)
        snprintf(range, sizeof range, _("always from %s to %s"), lo, hi);
    else if (x.has_lo)
        snprintf(range, sizeof range, _("never below %s"), lo);
    else
        snprintf(range, sizeof range, _("never above %s"), hi);
    if (never)
        WARN(C, e->span, "this condition can never hold: the left side is %s", range);
    else if (always)
        WARN(C, e->span, "this condition always holds: the left side is %s", range);
}

/* ---- decimal places a value can have ---- */

/* Extra places that dividing by d can add (d = 8 -> 3, d = 2.5 -> 1), or
 * PLACES_UNBOUNDED when the quotient may not terminate (d = 3). */
static int div_places(Dec d)
{
    d = dec_normalize(d);
    dec_int m = d.coef < 0 ? -d.coef : d.coef;
    if (m == 0)
        return 0;
    int twos = 0, fives = 0;
    while (m % 2 == 0) { m /= 2; twos++; }
    while (m % 5 == 0) { m /= 5; fives++; }
    if (m != 1)
        return PLACES_UNBOUNDED;
    int extra = (twos > fives ? twos : fives) - d.scale;
    return extra > 0 ? extra : 0;
}

static int let_places(Checker *C, uint32_t index);

static int expr_places(Checker *C, const Expr *e, int depth)
{
    const Rules *r = C->r;
    if (depth > 64)
        return PLACES_UNBOUNDED;
    Dec c;
    switch (e->tag) {
    case EX_NUMBER:
        return dec_places(e->v.num);
    case EX_NAME:
        if (e->ref == REF_INPUT)
            return r->inputs[e->slot]->kind.tag == KIND_DECIMAL ? r->precision : 0;
        if (e->ref == REF_LET)
            return let_places(C, e->slot);
        if (e->ref == REF_SCORE)
            return r->scores[e->slot]->max_places;
        return e->kind && is_int(e->kind) ? 0 : r->precision;
    case EX_NEG:
        return expr_places(C, e->a, depth + 1);
    case EX_ADD:
    case EX_SUB: {
        int a = expr_places(C, e->a, depth + 1), b = expr_places(C, e->b, depth + 1);
        return a > b ? a : b;
    }
    case EX_MUL: {
        int p = expr_places(C, e->a, depth + 1) + expr_places(C, e->b, depth + 1);
        return p > PLACES_UNBOUNDED ? PLACES_UNBOUNDED : p;
    }
    case EX_DIV:
        if (!const_value(r, e->b, &c))
            return PLACES_UNBOUNDED;
        {
            int p = expr_places(C, e->a, depth + 1) + div_places(c);
            return p > PLACES_UNBOUNDED ? PLACES_UNBOUNDED : p;
        }
    case EX_CALL:
        if (e->fn == FN_ROUND && e->nargs == 3) {
            int64_t p = 0;
            dec_to_int(e->args[1]->v.num, &p);
            return (int)p;
        }
        if (e->fn == FN_MIN || e->fn == FN_MAX || e->fn == FN_SUM) {
            int best = 0;
            for (size_t i = 0; i < e->nargs; i++) {
                int p = e->args[i]->kind && (e->args[i]->kind->tag == KIND_LIST)
                            ? (e->args[i]->kind->elem && is_int(e->args[i]->kind->elem) ? 0 : r->precision)
                            : expr_places(C, e->args[i], depth + 1);
                if (p > best)
                    best = p;
            }
            return best;
        }
        return 0;
    default:
        return 0;
    }
}

/* A let's decimal places, worked out once (see let_bounds). */
static int let_places(Checker *C, uint32_t index)
{
    if (C->let_facts[index] & LET_PLACES_DONE)
        return C->let_places[index];
    if (C->let_facts[index] & LET_PLACES_BUSY)
        return PLACES_UNBOUNDED;
    C->let_facts[index] |= LET_PLACES_BUSY;
    int p = expr_places(C, C->r->lets[index]->expr, 0);
    C->let_places[index] = p;
    C->let_facts[index] |= LET_PLACES_DONE;
    return p;
}

/* ---- score trees ---- */

static void check_node(Checker *C, ScoreNode *n, PtrVec *nodes, const char *score_name);

static int node_places(Checker *C, ScoreNode *n)
{
    int p = 0;
    switch (n->tag) {
    case NODE_BONUS:
        p = dec_places(n->out_of);
        break;
    case NODE_LEAF:
        if (n->expr)
            p = expr_places(C, n->expr, 0);
        else
            p = C->r->precision; /* reads a field or a let: see check_leaf */
        if (n->has_weight && p < PLACES_UNBOUNDED)
            p += dec_places(n->weight);
        break;
    case NODE_GROUP:
        for (size_t i = 0; i < n->nkids; i++) {
            int k = node_places(C, n->kids[i]);
            if (k > p)
                p = k;
        }
        if (n->capped && dec_places(n->out_of) > p)
            p = dec_places(n->out_of);
        break;
    }
    if (n->has_round && p > n->round_places && p < PLACES_UNBOUNDED)
        p = n->round_places;
    return p;
}

/* After a message about a score item or a tier whose text an earlier
 * year's file holds: where a later year's file changed it, or the items
 * that add up to it, so the author sees the change that made the message. */
static void note_node_changes(Checker *C, const ScoreNode *n, bool kids_too)
{
    enum { MAX_NOTES = 3 };
    int shown = 0;
    if (n->changed.end > n->changed.start) {
        NOTE(C, n->changed, "`%s` was changed here", n->name);
        shown++;
    }
    for (size_t i = 0; kids_too && i < n->nkids && shown < MAX_NOTES; i++)
        if (n->kids[i]->changed.end > n->kids[i]->changed.start) {
            NOTE(C, n->kids[i]->changed, "`%s` was changed here", n->kids[i]->name);
            shown++;
        }
}

static void note_tier_change(Checker *C, const TierEntry *e)
{
    if (e->changed.end > e->changed.start)
        NOTE(C, e->changed, "tier `%s` was changed here", e->id);
}

static void check_leaf(Checker *C, ScoreNode *n)
{
    char b[128];
    if (!n->expr) {
        /* `efficiency out of 120` reads the field or let of the same name. */
        Expr *e = arena_alloc(&C->r->arena, sizeof *e);
        e->tag = EX_NAME;
        e->span = n->span;
        e->depth = 1;
        e->v.str = n->name;
        const Kind *k = check_expr(C, e);
        if (is_err(k))
            return; /* already reported */
        if (!is_num(k)) {
            ERR(C, n->span, "score item `%s` reads `%s`, which is %s, not a number", n->name, n->name,
                kname(k, b));
            return;
        }
        n->expr = e;
        Bounds bd = expr_bounds(C, e, 0);
        if (bd.has_hi && dec_cmp(bd.hi, n->out_of) > 0) {
            char hi[DEC_FMT_MAX], mx[DEC_FMT_MAX];
            dec_format(bd.hi, 0, hi);
            dec_format(n->out_of, 0, mx);
            WARN(C, n->span, "`%s` can be as much as %s, more than the %s it is out of", n->name, hi, mx);
            note_node_changes(C, n, false);
        } else if (!bd.has_hi) {
            char mx[DEC_FMT_MAX];
            dec_format(n->out_of, 0, mx);
            WARN(C, n->span,
                 "`%s` has no upper bound; declare its range (0 to %s) so that bad data is caught "
                 "where it is read", n->name, mx);
        }
        return;
    }
    const Kind *k = expect_num(C, n->expr, W_ITEM_VALUE);
    (void)k;
    if (n->has_weight) {
        Bounds bd = expr_bounds(C, n->expr, 0);
        if (bd.has_hi && dec_cmp(bd.hi, dec_from_int(1)) > 0) {
            char hi[DEC_FMT_MAX];
            dec_format(bd.hi, 0, hi);
            WARN(C, n->expr->span,
                 "with `weight`, the value is the share of the weight earned, from 0 to 1; "
                 "this one can reach %s", hi);
        }
    }
}

static void check_node(Checker *C, ScoreNode *n, PtrVec *nodes, const char *score_name)
{
    n->index = (uint32_t)nodes->count;
    ptrvec_push(&C->r->arena, nodes, n);
    char b1[DEC_FMT_MAX], b2[DEC_FMT_MAX];
    switch (n->tag) {
    case NODE_BONUS:
        expect_bool(C, n->expr, W_BONUS_CONDITION);
        if (n->parent && !n->parent->capped && n->parent->parent == NULL && n->parent->nkids == 1)
            break;
        return;
    case NODE_LEAF:
        check_leaf(C, n);
        return;
    case NODE_GROUP:
        break;
    }
    if (n->tag != NODE_GROUP)
        return;
    if (n->nkids == 0) {
        ERR(C, n->span, "`%s` has no items to add up", n->name);
        return;
    }
    Dec sum = dec_from_int(0), bonus = dec_from_int(0);
    /* A bonus is reported under its group's name: part1_bonus, and
     * part1_bonus2 for a second one. */
    int nbonus = 0;
    NameMap kid_names;
    map_init(&C->r->arena, &kid_names, n->nkids);
    for (size_t i = 0; i < n->nkids; i++) {
        ScoreNode *k = n->kids[i];
        if (k->tag == NODE_BONUS) {
            char name[256];
            if (++nbonus == 1)
                snprintf(name, sizeof name, "%s_bonus", n->name);
            else
                snprintf(name, sizeof name, "%s_bonus%d", n->name, nbonus);
            k->name = arena_strndup(&C->r->arena, name, strlen(name));
        }
        if (k->tag != NODE_BONUS && map_put(&kid_names, k->name, i) != i)
            ERR(C, k->span, "`%s` appears twice in `%s`", k->name, n->name);
        check_node(C, k, nodes, score_name);
        if (k->tag == NODE_BONUS)
            dec_add(bonus, k->out_of, &bonus);
        else
            dec_add(sum, k->out_of, &sum);
    }
    if (dec_cmp(sum, n->out_of) != 0) {
        dec_format(sum, 0, b1);
        dec_format(n->out_of, 0, b2);
        WARN(C, n->span, "the items of `%s` add up to %s, but it is out of %s", n->name, b1, b2);
        note_node_changes(C, n, true);
    }
    Dec most;
    if (!dec_is_zero(bonus) && dec_add(sum, bonus, &most) == DEC_OK && dec_cmp(most, n->out_of) > 0 &&
        !n->capped) {
        dec_format(most, 0, b1);
        dec_format(n->out_of, 0, b2);
        WARN(C, n->span,
             "with its bonus `%s` can reach %s, over the %s it is out of; add `, capped` to cut it "
             "there (an application over it gets an error)", n->name, b1, b2);
        note_node_changes(C, n, true);
    }
}

static void check_score(Checker *C, size_t si, PtrVec *nodes)
{
    ScoreDecl *s = C->r->scores[si];
    size_t same = si;
    if (map_get(&C->score_map, s->name, &same) && same != si) {
        ERR(C, s->span, "there is already a score `%s`", s->name);
        NOTE(C, C->r->scores[same]->span, "the first `%s` is here", s->name);
    }
    size_t first = nodes->count;
    check_node(C, s->root, nodes, s->name);
    /* Every item of a tree has a name of its own: results report points
     * by name. */
    /* By name: the first item of that name, and the first whose parent
     * differs from the first's; an item clashes with the earliest of the
     * two that has another parent. */
    NameMap by_name;
    map_init(&C->r->arena, &by_name, nodes->count - first);
    size_t *other = arena_alloc(&C->r->arena, sizeof *other * (nodes->count - first + 1));
    for (size_t i = first + 1; i < nodes->count; i++) {
        ScoreNode *n = nodes->items[i];
        size_t f = map_put(&by_name, n->name, i);
        if (f == i) {
            other[i - first] = 0;
            continue;
        }
        ScoreNode *o = nodes->items[f];
        size_t second = other[f - first];
        if (o->parent == n->parent)
            o = second && second < i ? nodes->items[second] : NULL;
        else if (!second)
            other[f - first] = i;
        if (o) {
            ERR(C, n->span, "score `%s` already has an item `%s`; results report points by name, "
                            "so give this one another", s->name, n->name);
            NOTE(C, o->span, "the first `%s` is here", o->name);
        }
    }
    s->max_places = node_places(C, s->root);
    if (s->max_places > C->r->precision) {
        if (s->max_places >= PLACES_UNBOUNDED)
            ; /* reported at the division itself */
        else
            ERR(C, s->span,
                "score `%s` can have %d decimal places, but results are reported with %d; round it: "
                "`out of ..., round %d half-up` (or half-even, up, down)",
                s->name, s->max_places, C->r->precision, C->r->precision);
    }
}

/* ---- tiers ---- */

static void format_step(Dec *step, int places)
{
    step->coef = 1;
    step->scale = places;
}

static void check_tier_coverage(Checker *C, TierDecl *t, ScoreDecl *s)
{
    /* Scores move in steps of 10^-places, from 0 to the score's maximum. */
    int places = s->max_places < DEC_MAX_SCALE ? s->max_places : DEC_MAX_SCALE;
    Dec step;
    format_step(&step, places);
    Dec max = s->root->out_of;
    for (size_t i = 0; i < t->nentries; i++)
        if (t->entries[i].rule == TIER_OTHERWISE)
            return; /* everything left over falls there */
    /* Intervals covered, walked upward from 0. */
    Dec cursor = dec_from_int(0);
    for (;;) {
        /* the entry that covers cursor, or the lowest one above it */
        const TierEntry *cover = NULL, *next = NULL;
        for (size_t i = 0; i < t->nentries; i++) {
            const TierEntry *e = &t->entries[i];
            bool covers = dec_cmp(e->lo, cursor) <= 0 &&
                          (e->rule == TIER_AT_LEAST || dec_cmp(cursor, e->hi) <= 0);
            if (covers && (!cover || cover->rule == TIER_RANGE)) {
                cover = e;
            } else if (!covers && dec_cmp(e->lo, cursor) > 0 && (!next || dec_cmp(e->lo, next->lo) < 0)) {
                next = e;
            }
        }
        if (cover) {
            if (cover->rule == TIER_AT_LEAST)
                return;
            if (dec_add(cover->hi, step, &cursor) != DEC_OK || dec_cmp(cursor, max) > 0)
                return;
            continue;
        }
        char from[DEC_FMT_MAX], to[DEC_FMT_MAX];
        dec_format(cursor, places, from);
        Dec end = max;
        if (next && dec_sub(next->lo, step, &end) != DEC_OK)
            return;
        if (dec_cmp(end, max) > 0)
            end = max;
        if (dec_cmp(end, cursor) < 0) {
            if (!next)
                return;
            cursor = next->lo;
            continue;
        }
        dec_format(end, places, to);
        if (dec_cmp(end, cursor) == 0)
            WARN(C, t->span, "a `%s` of %s falls in no tier of `%s`", s->name, from, t->name);
        else
            WARN(C, t->span, "a `%s` from %s to %s falls in no tier of `%s`", s->name, from, to, t->name);
        if (places > C->r->precision)
            diag_note(C->d, NULL, (Span){ 0 },
                      "`%s` can have %d decimal places; rounding it to %d, or tiers written with "
                      "`at least`, close the gap", s->name, places, C->r->precision);
        if (!next)
            return;
        cursor = next->lo;
    }
}

static void check_tiers(Checker *C, size_t ti)
{
    TierDecl *t = C->r->tiers[ti];
    Rules *r = C->r;
    size_t first = ti;
    if (map_get(&C->tier_map, t->name, &first) && first != ti) {
        ERR(C, t->span, "there is already a tier table `%s`", t->name);
        NOTE(C, r->tiers[first]->span, "the first `%s` is here", t->name);
    }
    t->scores = arena_alloc(&r->arena, sizeof *t->scores * (t->non + 1));
    for (size_t i = 0; i < t->non; i++) {
        t->scores[i] = find_score(C, t->on[i]);
        if (!t->scores[i]) {
            size_t n = errors_full(C) ? 0 : r->nscores;
            const char **names = arena_alloc(&r->arena, sizeof *names * (n + 1));
            for (size_t j = 0; j < n; j++)
                names[j] = r->scores[j]->name;
            unknown_name(C, t->on_span, UNK_SCORE, t->on[i], names, n);
        }
    }
    if (t->nentries == 0) {
        ERR(C, t->span, "tier table `%s` has no tiers", t->name);
        return;
    }
    map_init(&r->arena, &C->entry_maps[ti], t->nentries);
    const TierEntry *prev_at_least = NULL;
    char b1[DEC_FMT_MAX], b2[DEC_FMT_MAX];
    for (size_t i = 0; i < t->nentries; i++) {
        TierEntry *e = &t->entries[i];
        if (map_put(&C->entry_maps[ti], e->id, i) != i)
            ERR(C, e->span, "tier `%s` appears twice in `%s`", e->id, t->name);
        if (strcmp(e->id, "ineligible") == 0 || strcmp(e->id, "error") == 0 || strcmp(e->id, "awarded") == 0)
            ERR(C, e->span, "`%s` is a result the tool gives by itself; name this tier otherwise", e->id);
        if (e->rule == TIER_OTHERWISE && i + 1 < t->nentries)
            ERR(C, t->entries[i + 1].span, "tier `%s` comes after `otherwise` and can never be given",
                t->entries[i + 1].id);
        if (e->rule == TIER_RANGE && dec_cmp(e->lo, e->hi) > 0) {
            dec_format(e->lo, 0, b1);
            dec_format(e->hi, 0, b2);
            ERR(C, e->span, "tier `%s` runs from %s down to %s: write the smaller number first", e->id, b1, b2);
        }
        if (e->rule == TIER_AT_LEAST) {
            /* prev_at_least: the lowest threshold so far, which takes
             * every score above it */
            if (prev_at_least && dec_cmp(e->lo, prev_at_least->lo) >= 0) {
                dec_format(prev_at_least->lo, 0, b1);
                WARN(C, e->span, "tier `%s` is never given: `%s` before it takes every score from %s",
                     e->id, prev_at_least->id, b1);
                note_tier_change(C, e);
                note_tier_change(C, prev_at_least);
            } else {
                prev_at_least = e;
            }
        }
        for (size_t j = 0; j < t->non; j++) {
            ScoreDecl *s = t->scores[j];
            if (s && e->rule != TIER_OTHERWISE && dec_cmp(e->lo, s->root->out_of) > 0) {
                dec_format(e->lo, 0, b1);
                dec_format(s->root->out_of, 0, b2);
                WARN(C, e->span, "tier `%s` starts at %s, but `%s` is out of %s: it is never given",
                     e->id, b1, s->name, b2);
                note_tier_change(C, e);
            }
        }
        /* Overlapping ranges: the first listed wins; say so. */
        for (size_t j = 0; j < i && e->rule == TIER_RANGE; j++) {
            const TierEntry *o = &t->entries[j];
            if (o->rule == TIER_RANGE && dec_cmp(e->lo, o->hi) <= 0 && dec_cmp(o->lo, e->hi) <= 0)
                WARN(C, e->span, "tier `%s` overlaps `%s`; scores in both get `%s`, listed first",
                     e->id, o->id, o->id);
        }
    }
    for (size_t j = 0; j < t->non; j++)
        if (t->scores[j])
            check_tier_coverage(C, t, t->scores[j]);
}

/* ---- inputs and categories ---- */

static void check_inputs(Checker *C)
{
    Rules *r = C->r;
    char b[128];
    for (size_t i = 0; i < r->ninputs; i++) {
        InputDecl *in = r->inputs[i];
        in->slot = (uint32_t)i;
        size_t first = i;
        if (map_get(&C->input_map, in->name, &first) && first != i) {
            ERR(C, in->span, "the field `%s` is declared twice", in->name);
            NOTE(C, r->inputs[first]->span, "the first `%s` is here", in->name);
        }
        if (in->kind.tag == KIND_CATEGORY) {
            if (r->slot_type >= 0) {
                ERR(C, in->span, "only one field picks the category; `%s` already does",
                    r->inputs[r->slot_type]->name);
            } else {
                r->slot_type = (int)i;
            }
        }
        if (in->kind.tag == KIND_LIST && in->kind.elem &&
            (in->kind.elem->tag == KIND_CATEGORY))
            ERR(C, in->kind_span, "a list of categories is not a field kind");
        if (strcmp(in->name, "id") == 0) {
            r->slot_id = (int)i;
            if (in->kind.tag != KIND_TEXT)
                ERR(C, in->kind_span, "the application id must be text");
        }
        if (strcmp(in->name, "agency") == 0) {
            r->slot_agency = (int)i;
            if (in->kind.tag != KIND_TEXT)
                ERR(C, in->kind_span, "the agency code must be text");
        }
    }
    for (size_t i = 0; i < r->ninputs; i++) {
        InputDecl *in = r->inputs[i];
        if (!in->lo && !in->hi)
            continue;
        const Kind *vk = in->kind.tag == KIND_LIST ? in->kind.elem : &in->kind;
        if (!vk || !is_num(vk)) {
            ERR(C, in->kind_span, "only numbers have a range, and `%s` is %s", in->name, kname(&in->kind, b));
            continue;
        }
        Expr *bounds[2] = { in->lo, in->hi };
        for (int k = 0; k < 2; k++) {
            if (!bounds[k])
                continue;
            const Kind *bk = expect_num(C, bounds[k], W_RANGE_BOUND);
            if (is_err(bk))
                continue;
            if (bounds[k]->tag == EX_NAME && bounds[k]->ref == REF_INPUT) {
                if (bounds[k]->slot == in->slot)
                    ERR(C, bounds[k]->span, "a field's range cannot depend on the field itself");
            } else if (bounds[k]->tag == EX_NAME) {
                ERR(C, bounds[k]->span, "a range bound is a number or another field");
            }
        }
        Dec lo, hi;
        if (in->lo && in->hi && const_value(r, in->lo, &lo) && const_value(r, in->hi, &hi) &&
            dec_cmp(lo, hi) > 0)
            ERR(C, in->span, "the range of `%s` is empty: it starts above where it ends", in->name);
    }
    if (r->slot_id < 0 && r->name)
        ERR(C, r->name_span, "declare the application id: an input `id text`");
    if (r->slot_type < 0 && r->ncategories > 0 && r->name)
        ERR(C, r->name_span, "declare which field picks the category, e.g. `type category`");
}

/* What one category reads, worked out stage by stage: reads[slot] is set
 * to `mark` (1 + the stage) where it is still 0, so each field belongs to
 * the first stage that reads it.  A let is followed once per stage. */
typedef struct Reads {
    const Rules *r;
    uint8_t *reads;
    uint32_t *let_stamp;   /* by let: the last stamp it was followed with */
    uint32_t stamp;        /* distinct per category and stage */
    uint8_t mark;
} Reads;

static void collect_node_reads(Reads *R, const ScoreNode *n);

/* Mark every input that `e` reads, through lets, range bounds and the
 * scores a condition reads. */
static void collect_reads(Reads *R, const Expr *e)
{
    if (!e)
        return;
    if (e->tag == EX_NAME) {
        if (e->ref == REF_INPUT && !R->reads[e->slot]) {
            R->reads[e->slot] = R->mark;
            const InputDecl *in = R->r->inputs[e->slot];
            collect_reads(R, in->lo);
            collect_reads(R, in->hi);
        } else if (e->ref == REF_LET && R->let_stamp[e->slot] != R->stamp) {
            R->let_stamp[e->slot] = R->stamp;
            collect_reads(R, R->r->lets[e->slot]->expr);
        } else if (e->ref == REF_SCORE) {
            collect_node_reads(R, R->r->scores[e->slot]->root);
        }
        return;
    }
    collect_reads(R, e->a);
    collect_reads(R, e->b);
    for (size_t i = 0; i < e->nargs; i++)
        collect_reads(R, e->args[i]);
}

static void collect_node_reads(Reads *R, const ScoreNode *n)
{
    collect_reads(R, n->expr);
    for (size_t i = 0; i < n->nkids; i++)
        collect_node_reads(R, n->kids[i]);
}

/* ---- stages of assessment, and shared groups of conditions ---- */

/* Results an application gets whatever the rules say: a stage's result
 * may not be called so. */
static const char *const own_results[] = { "pending", "error", "awarded" };

static void check_stages(Checker *C)
{
    Rules *r = C->r;
    if (r->stages_span.end && r->nstages == 0)
        ERR(C, r->stages_span, "`stages` lists no stage: write one a line, in the order applications go "
                               "through them, e.g. `screening \"รอบคัดกรอง\" otherwise screened_out`");
    for (size_t i = 0; i < r->nstages; i++) {
        StageDecl *st = r->stages[i];
        st->index = (uint32_t)i;
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->stages[j]->id, st->id) == 0) {
                ERR(C, st->span, "there are two stages called `%s`", st->id);
                NOTE(C, r->stages[j]->span, "the first is here");
                break;
            }
        if (!st->stop_id)
            continue;
        for (size_t k = 0; k < sizeof own_results / sizeof own_results[0]; k++) {
            if (strcmp(st->stop_id, own_results[k]) != 0)
                continue;
            if (k == 0)
                ERR(C, st->stop_span, "`%s` is a result of its own (an application waiting for a stage); call "
                    "the result of stopping at `%s` something else, such as `not_considered`", st->stop_id, st->id);
            else if (k == 1)
                ERR(C, st->stop_span, "`%s` is a result of its own (an application with a data error); call "
                    "the result of stopping at `%s` something else, such as `not_considered`", st->stop_id, st->id);
            else
                ERR(C, st->stop_span, "`%s` is a result of its own (an application of an unscored category); "
                    "call the result of stopping at `%s` something else, such as `not_considered`", st->stop_id,
                    st->id);
        }
        size_t t;
        if (map_get(&C->tier_name_map, st->stop_id, &t))
            ERR(C, st->stop_span, "`%s` is already a tier; the result of stopping at `%s` needs a name of its own",
                st->stop_id, st->id);
        for (size_t j = 0; j < i; j++)
            if (r->stages[j]->stop_id && strcmp(r->stages[j]->stop_id, st->stop_id) == 0) {
                ERR(C, st->stop_span, "stages `%s` and `%s` give the same result `%s`, so a result would not "
                    "say where the application stopped", r->stages[j]->id, st->id, st->stop_id);
                break;
            }
    }
}

static CondGroup *find_group(const Rules *r, const char *name)
{
    for (size_t i = 0; i < r->ngroups; i++)
        if (strcmp(r->groups[i]->name, name) == 0)
            return r->groups[i];
    return NULL;
}

/* The group a condition takes (`require form3`), or NULL.  A field or a
 * let of the same name is what the name means (the group is told to take
 * another name). */
static CondGroup *taken_group(const Checker *C, const Require *q)
{
    if (!q->cond || q->cond->tag != EX_NAME || find_input(C, q->cond->v.str) || find_let(C, q->cond->v.str))
        return NULL;
    return find_group(C->r, q->cond->v.str);
}

/* Put condition q into out[m]: itself (a copy that shares its index when it
 * is a stage's own), or, for `require GROUP`, the group's conditions, each
 * with its own message.  Returns the new count. */
static size_t take_condition(Checker *C, uint8_t *used, Require *q, Require *out, size_t m)
{
    Rules *r = C->r;
    CondGroup *g = taken_group(C, q);
    if (!g) {
        out[m] = *q;
        if (q->stage_wide)
            out[m].shared = q;
        return m + 1;
    }
    for (size_t j = 0; j < r->ngroups; j++)
        if (r->groups[j] == g)
            used[j] = 1;
    /* a stage's `require GROUP` is copied into every category: say it once */
    if ((q->message || q->name) && (!q->stage_wide || !q->cond->kind)) {
        ERR(C, q->message ? q->message_span : q->name_span,
            "`%s` is a group of conditions, each with its own message and name; take it with "
            "`require %s` alone", g->name, g->name);
        q->cond->kind = &K_ERROR;
    }
    for (size_t j = 0; j < g->nrequires; j++) {
        Require *x = &out[m++];
        *x = g->requires[j];
        x->stage_name = q->stage_name;
        x->stage_span = q->stage_span;
        x->stage_wide = q->stage_wide;
        x->group = g->name;
        x->shared = &g->requires[j];
        x->group_span = q->span;
    }
    return m;
}

/* Every `require GROUP` becomes the group's conditions, in place, each
 * with its own message; every category takes the conditions its stages
 * require of all; and every condition gets its stage. */
static void expand_groups(Checker *C)
{
    Rules *r = C->r;
    uint8_t *used = arena_alloc(&r->arena, r->ngroups + 1);
    for (size_t i = 0; i < r->ngroups; i++) {
        CondGroup *g = r->groups[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->groups[j]->name, g->name) == 0) {
                ERR(C, g->span, "there are two groups of conditions called `%s`", g->name);
                NOTE(C, r->groups[j]->span, "the first is here");
                break;
            }
        if (find_input(C, g->name) || find_let(C, g->name)) {
            if (find_input(C, g->name))
                ERR(C, g->span, "`%s` is already the name of a field; a group of conditions needs a name of its "
                    "own", g->name);
            else
                ERR(C, g->span, "`%s` is already the name of a let; a group of conditions needs a name of its own",
                    g->name);
            used[i] = 1; /* no second message about it */
        }
        for (size_t k = 0; k < g->nrequires; k++)
            if (taken_group(C, &g->requires[k])) {
                ERR(C, g->requires[k].span, "a group of conditions cannot take another group; "
                    "list its conditions here, or take both groups in the category");
                g->requires[k].cond->kind = &K_ERROR; /* said: not checked again as a name */
            }
        if (g->nrequires == 0)
            WARN(C, g->span, "the group of conditions `%s` has no conditions", g->name);
    }
    /* What every category requires at a stage, written in the stage. */
    size_t nwide = 0;
    for (size_t st = 0; st < r->nstages; st++) {
        StageDecl *sd = r->stages[st];
        for (size_t k = 0; k < sd->nrequires; k++) {
            Require *q = &sd->requires[k];
            q->stage_name = sd->id;
            q->stage_span = sd->span;
            q->stage_wide = true;
            const CondGroup *g = taken_group(C, q);
            nwide += g ? g->nrequires : 1;
        }
    }
    for (size_t i = 0; i < r->ncategories; i++) {
        CategoryDecl *c = r->categories[i];
        size_t wide = c->per_agency ? 0 : nwide;
        size_t n = wide;
        bool any = wide > 0;
        for (size_t k = 0; k < c->nrequires; k++) {
            const CondGroup *g = taken_group(C, &c->requires[k]);
            n += g ? g->nrequires : 1;
            any |= g != NULL;
        }
        c->nown = c->nrequires;
        if (any) {
            Require *out = arena_alloc(&r->arena, sizeof *out * (n + 1));
            size_t m = 0;
            /* the category's own first: its conditions keep their places */
            for (size_t k = 0; k < c->nrequires; k++)
                m = take_condition(C, used, &c->requires[k], out, m);
            c->nown = m;
            for (size_t st = 0; wide && st < r->nstages; st++)
                for (size_t k = 0; k < r->stages[st]->nrequires; k++)
                    m = take_condition(C, used, &r->stages[st]->requires[k], out, m);
            c->requires = out;
            c->nrequires = m;
        }
        /* Each condition's stage: the block it is written in, else the last. */
        for (size_t k = 0; k < c->nrequires; k++) {
            Require *q = &c->requires[k];
            q->stage = r->nstages ? (uint32_t)(r->nstages - 1) : 0;
            if (!q->stage_name)
                continue;
            c->staged = true;
            if (!r->nstages) {
                ERR(C, q->stage_span, "`stage %s` needs the stages of assessment declared first, in the award: "
                    "`stages { ... }` (docs/language.md, recipes)", q->stage_name);
                continue;
            }
            size_t st = r->nstages;
            for (size_t j = 0; j < r->nstages && st == r->nstages; j++)
                if (strcmp(r->stages[j]->id, q->stage_name) == 0)
                    st = j;
            if (st == r->nstages) {
                /* report an unknown stage once per block, not per condition */
                if (k == 0 || c->requires[k - 1].stage_name != q->stage_name) {
                    const char **names = arena_alloc(&r->arena, sizeof *names * (r->nstages + 1));
                    for (size_t j = 0; j < r->nstages; j++)
                        names[j] = r->stages[j]->id;
                    unknown_name(C, q->stage_span, UNK_STAGE, q->stage_name, names, r->nstages);
                }
                continue;
            }
            q->stage = (uint32_t)st;
        }
        if (c->per_agency && c->staged)
            ERR(C, c->span, "category `%s` is decided per agency, from the results of its applications: "
                "it has no stages of its own", c->id);
    }
    for (size_t i = 0; i < r->ngroups; i++)
        if (!used[i])
            WARN(C, r->groups[i]->span, "no category takes the group of conditions `%s` (write `require %s` "
                 "in a category)", r->groups[i]->name, r->groups[i]->name);
}

/* ---- conditions: handles, messages that name categories, literal years ---- */

/* Every condition gets its handle (Require.name): the one given, checked
 * to be unique in its category, else the derived one when unique. */
static void check_handles(Checker *C, CategoryDecl *c)
{
    const char **derived = arena_alloc(&C->r->arena, sizeof *derived * (c->nrequires + 1));
    for (size_t i = 0; i < c->nrequires; i++) {
        Require *q = &c->requires[i];
        derived[i] = require_handle(c, q, NULL);
        if (!q->name)
            continue;
        for (size_t j = 0; j < i; j++)
            if (c->requires[j].name && strcmp(c->requires[j].name, q->name) == 0) {
                ERR(C, q->name_span, "two conditions of `%s` are called `%s`", c->id, q->name);
                NOTE(C, c->requires[j].name_span.end ? c->requires[j].name_span : c->requires[j].span,
                     "the first is here");
                break;
            }
    }
    for (size_t i = 0; i < c->nrequires; i++)
        if (!c->requires[i].name)
            c->requires[i].name = derived[i];
}

static bool name_char(unsigned char ch)
{
    return ch == '_' || ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
           (ch >= 'A' && ch <= 'Z');
}

/* `{id}` in a message is the title of category id, so that renaming a
 * category renames it in every message that names it; `{{` is a `{` and
 * `}}` a `}`. */
static void expand_message(Checker *C, Require *q)
{
    const char *m = q->message_src;
    if (!m || !strpbrk(m, "{}"))
        return;
    Rules *r = C->r;
    Sb b = { 0 };
    for (const char *p = m; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            sb_add(&b, p, 1);
            p += 2;
            continue;
        }
        size_t n = 0;
        while (p[0] == '{' && name_char((unsigned char)p[1 + n]))
            n++;
        if (n == 0 || p[1 + n] != '}') {
            sb_add(&b, p, 1);
            p++;
            continue;
        }
        char *id = arena_strndup(&r->arena, p + 1, n);
        const CategoryDecl *cat = find_category(C, id);
        /* the reference's own place, when the text in quotes has it as written */
        Span at = q->message_span;
        const char *src = rules_text_at(r, at);
        size_t slen = at.end - at.start;
        for (size_t k = 0; k + n + 2 <= slen; k++)
            if (src[k] == '{' && memcmp(src + k + 1, id, n) == 0 && src[k + 1 + n] == '}') {
                at = (Span){ at.start + (uint32_t)k, at.start + (uint32_t)(k + n + 2), at.file };
                break;
            }
        if (!cat) {
            const char **names = arena_alloc(&r->arena, sizeof *names * (r->ncategories + 1));
            for (size_t j = 0; j < r->ncategories; j++)
                names[j] = r->categories[j]->id;
            const char *guess = diag_suggest(id, names, r->ncategories);
            if (guess)
                ERR(C, at, "`{%s}` names no category; did you mean `{%s}`? (write `{{` for a `{` itself)", id,
                    guess);
            else
                ERR(C, at, "`{%s}` names no category: `{ID}` in a message is the title of category ID "
                           "(write `{{` for a `{` itself)", id);
        } else if (!cat->title) {
            ERR(C, at, "category `%s` has no title for `{%s}` to show", id, id);
        } else {
            sb_str(&b, cat->title);
        }
        p += n + 2;
    }
    q->message = arena_strndup(&r->arena, b.s ? b.s : "", b.len);
    sb_free(&b);
}

static bool is_compare(ExprTag t)
{
    return t == EX_EQ || t == EX_NE || t == EX_LT || t == EX_LE || t == EX_GT || t == EX_GE;
}

/* A condition inherited from an earlier year's file that compares a year
 * with a literal one (`outstanding_year >= 2555`): the literal stays put
 * when `year` moves, which may or may not be meant.  Say so, with the form
 * that moves with the year; `keep require NAME` says it is meant. */
static void warn_literal_year(Checker *C, const CategoryDecl *c, const Require *q, const Expr *e)
{
    if (!e)
        return;
    if (is_compare(e->tag)) {
        const Expr *lit = e->b->tag == EX_NUMBER ? e->b : e->a->tag == EX_NUMBER ? e->a : NULL;
        const Expr *other = lit == e->b ? e->a : e->b;
        int64_t y = 0;
        if (lit && other->kind && other->kind->tag == KIND_YEAR && dec_to_int(lit->v.num, &y)) {
            Rules *r = C->r;
            int64_t base = r->base_year_be, d = base - y;
            char rel[64];
            if (d >= 0)
                snprintf(rel, sizeof rel, "year - %lld", (long long)d);
            else
                snprintf(rel, sizeof rel, "year + %lld", (long long)-d);
            long long gap = d < 0 ? -d : d;
            if (d >= 0)
                WARN(C, lit->span,
                     P_("the year %lld stays %lld when the award year moves (%lld in the file this one extends, "
                        "%lld here): to keep it %lld year before the award year, write `%s`; if %lld is meant, "
                        "say `keep require %s` in `change category %s`",
                        "the year %lld stays %lld when the award year moves (%lld in the file this one extends, "
                        "%lld here): to keep it %lld years before the award year, write `%s`; if %lld is meant, "
                        "say `keep require %s` in `change category %s`", (unsigned long)gap),
                     (long long)y, (long long)y, (long long)base, (long long)r->year_be, gap, rel, (long long)y,
                     q->name ? q->name : "NAME", c->id);
            else
                WARN(C, lit->span,
                     P_("the year %lld stays %lld when the award year moves (%lld in the file this one extends, "
                        "%lld here): to keep it %lld year after the award year, write `%s`; if %lld is meant, "
                        "say `keep require %s` in `change category %s`",
                        "the year %lld stays %lld when the award year moves (%lld in the file this one extends, "
                        "%lld here): to keep it %lld years after the award year, write `%s`; if %lld is meant, "
                        "say `keep require %s` in `change category %s`", (unsigned long)gap),
                     (long long)y, (long long)y, (long long)base, (long long)r->year_be, gap, rel, (long long)y,
                     q->name ? q->name : "NAME", c->id);
            return;
        }
    }
    warn_literal_year(C, c, q, e->a);
    warn_literal_year(C, c, q, e->b);
}

static void check_category(Checker *C, CategoryDecl *c)
{
    Rules *r = C->r;
    size_t first = c->index;
    if (map_get(&C->number_map, C->number_keys[c->index], &first) && first != c->index) {
        CategoryDecl *o = r->categories[first];
        ERR(C, c->number_span, "category number %lld is used twice", (long long)c->number);
        NOTE(C, o->number_span, "it is first used by `%s`", o->id);
    }
    first = c->index;
    if (map_get(&C->category_map, c->id, &first) && first != c->index) {
        CategoryDecl *o = r->categories[first];
        ERR(C, c->span, "there is already a category `%s`", c->id);
        NOTE(C, o->span, "the first `%s` is here", c->id);
    }
    C->cat = c;
    C->in_condition = true;
    for (size_t i = 0; i < c->nrequires; i++) {
        if (c->requires[i].shared && c->requires[i].cond->kind)
            continue; /* a shared condition, checked where first taken */
        expect_bool(C, c->requires[i].cond, W_CONDITION);
        check_condition_range(C, c->requires[i].cond);
    }
    C->in_condition = false;
    C->cat = NULL;
    check_handles(C, c);
    for (size_t i = 0; i < c->nrequires; i++) {
        Require *q = &c->requires[i];
        expand_message(C, q);
        if (r->base_year_be && r->base_year_be != r->year_be && q->span.file != 0 && !q->kept)
            warn_literal_year(C, c, q, q->cond);
    }
    if (c->per_agency) {
        if (c->score_name)
            ERR(C, c->score_span, "a category decided per agency is not scored");
        if (c->nrequires == 0)
            WARN(C, c->span, "category `%s` has no conditions: every agency gets it", c->id);
        if (r->slot_agency < 0)
            ERR(C, c->span, "category `%s` is decided per agency: declare the field `agency text`", c->id);
        r->has_agency_categories = true;
        return;
    }
    if (c->score_name) {
        c->score = find_score(C, c->score_name);
        if (!c->score) {
            size_t n = errors_full(C) ? 0 : r->nscores;
            const char **names = arena_alloc(&r->arena, sizeof *names * (n + 1));
            for (size_t j = 0; j < n; j++)
                names[j] = r->scores[j]->name;
            unknown_name(C, c->score_span, UNK_SCORE, c->score_name, names, n);
        }
        c->tiers = find_tiers(C, c->tiers_name);
        if (!c->tiers) {
            size_t n = errors_full(C) ? 0 : r->ntiers;
            const char **names = arena_alloc(&r->arena, sizeof *names * (n + 1));
            for (size_t j = 0; j < n; j++)
                names[j] = r->tiers[j]->name;
            unknown_name(C, c->tiers_span, UNK_TIERS, c->tiers_name, names, n);
        } else if (c->score) {
            bool grades = false;
            for (size_t j = 0; j < c->tiers->non; j++)
                if (c->tiers->scores[j] == c->score)
                    grades = true;
            if (!grades) {
                if (c->tiers->non > 1)
                    ERR(C, c->tiers_span, "tier table `%s` grades other scores, such as `%s`, not `%s`",
                        c->tiers->name, c->tiers->on[0], c->score->name);
                else
                    ERR(C, c->tiers_span, "tier table `%s` grades `%s`, not `%s`", c->tiers->name,
                        c->tiers->on[0], c->score->name);
                NOTE(C, c->tiers->on_span, "`%s` says what it grades here", c->tiers->name);
            }
        }
    }
    /* The inputs this category reads: its conditions, its score tree, and
     * the fields that pick and name the application. */
    if (C->lets_too_deep)
        return;  /* reported; following them could overflow the stack */
    c->reads = arena_alloc(&r->arena, r->ninputs + 1);
    /* Lets seen by this category at a stage: a stamp per let, not a fresh
     * array per category, so that many categories and many lets cost their
     * sum.  The score is read at the last stage. */
    size_t nst = r->nstages ? r->nstages : 1;
    Reads R = { r, c->reads, C->let_stamp, 0, 0 };
    for (size_t st = 0; st < nst; st++) {
        R.stamp = ++C->stamp;
        R.mark = (uint8_t)(st + 1);
        for (size_t i = 0; i < c->nrequires; i++)
            if (c->requires[i].stage == st)
                collect_reads(&R, c->requires[i].cond);
        if (c->score && st + 1 == nst)
            collect_node_reads(&R, c->score->root);
    }
    if (r->slot_agency >= 0)
        c->reads[r->slot_agency] = 1;
}

static void collect_tier_names(Checker *C)
{
    Rules *r = C->r;
    PtrVec names = { 0 };
    size_t nentries = 0;
    for (size_t i = 0; i < r->ntiers; i++)
        nentries += r->tiers[i]->nentries;
    map_init(&r->arena, &C->tier_name_map, nentries + 1);
    for (size_t i = 0; i < r->ntiers; i++) {
        for (size_t j = 0; j < r->tiers[i]->nentries; j++) {
            TierEntry *e = &r->tiers[i]->entries[j];
            e->index = (uint32_t)r->ntier_entries_all++;
            size_t k = map_put(&C->tier_name_map, e->id, names.count);
            if (k == names.count)
                ptrvec_push(&r->arena, &names, (void *)e->id);
            e->name_index = (uint32_t)k;
        }
    }
    map_put(&C->tier_name_map, "awarded", names.count);
    ptrvec_push(&r->arena, &names, (void *)"awarded");
    r->tier_names = (const char **)names.items;
    r->ntier_names = names.count;
}

static void collect_columns(Rules *r, PtrVec *nodes)
{
    PtrVec cols = { 0 };
    r->nodes = (ScoreNode **)nodes->items;
    r->nnodes = nodes->count;
    NameMap seen;
    map_init(&r->arena, &seen, r->nnodes);
    for (size_t i = 0; i < r->nnodes; i++) {
        ScoreNode *n = r->nodes[i];
        if (!n->parent)
            continue; /* a root is the total */
        size_t k = map_put(&seen, n->name, cols.count);
        if (k == cols.count)
            ptrvec_push(&r->arena, &cols, (void *)n->name);
        n->column = (uint32_t)k;
    }
    r->columns = (const char **)cols.items;
    r->ncolumns = cols.count;
}

static void warn_unused_inputs(Checker *C)
{
    Rules *r = C->r;
    uint8_t *used = arena_alloc(&r->arena, r->ninputs + 1);
    for (size_t i = 0; i < r->ncategories; i++)
        if (r->categories[i]->reads)
            for (size_t j = 0; j < r->ninputs; j++)
                used[j] |= r->categories[i]->reads[j];
    for (size_t j = 0; j < r->ninputs; j++) {
        int s = (int)j;
        if (!used[j] && s != r->slot_id && s != r->slot_type && s != r->slot_agency)
            WARN(C, r->inputs[j]->span, "the field `%s` is declared but no category reads it",
                 r->inputs[j]->name);
    }
}

bool check_rules(Rules *r, Diags *d)
{
    size_t errors_before = diag_count(d, DIAG_ERROR);
    Checker C = { .r = r, .d = d, .walk = 1 };
    C.let_state = arena_alloc(&r->arena, r->nlets + 1);
    C.let_path = arena_alloc(&r->arena, sizeof *C.let_path * (r->nlets + 1));
    C.let_facts = arena_alloc(&r->arena, r->nlets + 1);
    C.let_bounds = arena_alloc(&r->arena, sizeof *C.let_bounds * (r->nlets + 1));
    C.let_places = arena_alloc(&r->arena, sizeof *C.let_places * (r->nlets + 1));
    C.let_height = arena_alloc(&r->arena, sizeof *C.let_height * (r->nlets + 1));
    C.let_stamp = arena_alloc(&r->arena, sizeof *C.let_stamp * (r->nlets + 1));
    r->let_kinds = arena_alloc(&r->arena, sizeof *r->let_kinds * (r->nlets + 1));

    if (r->name && r->year == 0)
        ERR(&C, r->name_span, "say which year the award is for, e.g. `year 2558 BE`");
    for (size_t i = 0; i < r->nlets; i++)
        r->lets[i]->index = (uint32_t)i;
    build_name_maps(&C);
    collect_tier_names(&C);
    check_stages(&C);
    expand_groups(&C);
    for (size_t i = 0; i < r->ngroups; i++)
        for (size_t j = 0; j < r->groups[i]->nrequires; j++)
            r->groups[i]->requires[j].index = (uint32_t)r->nrequires_all++;
    for (size_t i = 0; i < r->nstages; i++)
        for (size_t j = 0; j < r->stages[i]->nrequires; j++)
            r->stages[i]->requires[j].index = (uint32_t)r->nrequires_all++;
    for (size_t i = 0; i < r->ncategories; i++) {
        r->categories[i]->index = (uint32_t)i;
        for (size_t j = 0; j < r->categories[i]->nrequires; j++) {
            Require *q = &r->categories[i]->requires[j];
            q->index = q->shared ? q->shared->index : (uint32_t)r->nrequires_all++;
        }
    }
    C.entry_maps = arena_alloc(&r->arena, sizeof *C.entry_maps * (r->ntiers + 1));
    C.score_read = arena_alloc(&r->arena, r->nscores + 1);
    check_inputs(&C);

    for (size_t i = 0; i < r->nlets; i++) {
        LetDecl *l = r->lets[i];
        size_t first = i;
        if (map_get(&C.let_map, l->name, &first) && first != i)
            ERR(&C, l->span, "`%s` is defined twice", l->name);
        if (find_input(&C, l->name))
            ERR(&C, l->span, "`%s` is already the name of a field", l->name);
        check_let(&C, l);
    }

    PtrVec nodes = { 0 };
    for (size_t i = 0; i < r->nscores; i++)
        check_score(&C, i, &nodes);
    collect_columns(r, &nodes);
    for (size_t i = 0; i < r->ntiers; i++)
        check_tiers(&C, i);
    for (size_t i = 0; i < r->ncategories; i++)
        check_category(&C, r->categories[i]);
    uint8_t *score_used = C.score_read;
    for (size_t j = 0; j < r->ncategories; j++) {
        size_t si;
        if (r->categories[j]->score && map_get(&C.score_map, r->categories[j]->score->name, &si))
            score_used[si] = 1;
    }
    for (size_t i = 0; i < r->nscores; i++) {
        bool used = score_used[i];
        if (!used)
            WARN(&C, r->scores[i]->span, "no category is scored by `%s`", r->scores[i]->name);
    }
    if (r->name && r->ncategories == 0)
        WARN(&C, r->name_span, "award `%s` has no categories", r->name);
    if (diag_count(d, DIAG_ERROR) == errors_before)
        warn_unused_inputs(&C);
    return diag_count(d, DIAG_ERROR) == errors_before;
}

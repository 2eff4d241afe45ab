/* ast_eq.c -- structural equality of expressions, kinds and score nodes
 * (ast_eq.h), for `award diff` and anything else that sets two rule trees
 * side by side. */
#include <string.h>

#include "ast_eq.h"

/* Two texts that may each be absent (a label, a message). */
static bool text_equal(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

bool expr_equal(const Expr *a, const Expr *b)
{
    if (!a || !b)
        return a == b;
    if (a->tag != b->tag)
        return false;
    switch (a->tag) {
    case EX_NUMBER:
        return dec_cmp(a->v.num, b->v.num) == 0;
    case EX_STRING:
    case EX_NAME:
        return strcmp(a->v.str, b->v.str) == 0;
    case EX_BOOL:
        return a->v.boolean == b->v.boolean;
    case EX_DATE:
        return a->v.date == b->v.date;
    case EX_MODE:
        return a->v.mode == b->v.mode;
    case EX_YEAR:
        return true;
    case EX_NEG: case EX_NOT:
        return expr_equal(a->a, b->a);
    case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV:
    case EX_EQ: case EX_NE: case EX_LT: case EX_LE: case EX_GT: case EX_GE:
    case EX_AND: case EX_OR: case EX_IN: case EX_RANGE:
        return expr_equal(a->a, b->a) && expr_equal(a->b, b->b);
    case EX_ALL: case EX_ANY:
        return text_equal(a->var, b->var) && expr_equal(a->a, b->a) && expr_equal(a->b, b->b);
    case EX_CALL:
    case EX_LIST:
        /* a call's arguments compare as a list's items */
        if (a->tag == EX_CALL && !text_equal(a->fname, b->fname))
            return false;
        if (a->nargs != b->nargs)
            return false;
        for (size_t i = 0; i < a->nargs; i++)
            if (!expr_equal(a->args[i], b->args[i]))
                return false;
        return true;
    }
    return false;
}

bool kind_equal(const Kind *a, const Kind *b)
{
    if (!a || !b)
        return a == b;
    if (a->tag != b->tag)
        return false;
    if (a->tag == KIND_LIST || a->tag == KIND_RANGE)
        return kind_equal(a->elem, b->elem);
    if (a->tag != KIND_ENUM)
        return true;
    /* A `one of` is a set: each name of one is a name of the other (a
     * file's names are distinct, the checker says so); an ordered scale is
     * a sequence. */
    if (a->nnames != b->nnames || a->ordered != b->ordered)
        return false;
    if (a->ordered) {
        for (size_t i = 0; i < a->nnames; i++)
            if (strcmp(a->names[i], b->names[i]) != 0)
                return false;
        return true;
    }
    for (size_t i = 0; i < a->nnames; i++) {
        bool found = false;
        for (size_t j = 0; j < b->nnames && !found; j++)
            found = strcmp(a->names[i], b->names[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* An item's value: its expression, or (none written) the field or let of
 * its own name, which `= NAME` also says. */
static bool value_equal(const ScoreNode *a, const ScoreNode *b)
{
    const Expr *x = a->expr, *y = b->expr;
    if (a->tag == NODE_LEAF && (!x || !y) && x != y) {
        const Expr *e = x ? x : y;
        return e->tag == EX_NAME && strcmp(e->v.str, a->name) == 0;
    }
    return expr_equal(x, y);
}

bool node_equal(const ScoreNode *a, const ScoreNode *b)
{
    if (!a || !b)
        return a == b;
    if (a->tag != b->tag || !text_equal(a->name, b->name) || !text_equal(a->label, b->label))
        return false;
    if (a->has_out_of != b->has_out_of || (a->has_out_of && dec_cmp(a->out_of, b->out_of) != 0))
        return false;
    if (a->capped != b->capped || a->has_round != b->has_round)
        return false;
    if (a->has_round && (a->round_places != b->round_places || a->round_mode != b->round_mode))
        return false;
    if (a->has_weight != b->has_weight || (a->has_weight && dec_cmp(a->weight, b->weight) != 0))
        return false;
    if (!value_equal(a, b) || a->nkids != b->nkids)
        return false;
    for (size_t i = 0; i < a->nkids; i++)
        if (!node_equal(a->kids[i], b->kids[i]))
            return false;
    return true;
}

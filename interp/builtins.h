/* builtins.h -- the table of the rule language's built-in functions.
 *
 * One row per function: its name, how a call is written, how many
 * arguments it takes and, for a plain function (one argument, evaluated,
 * then measured), the sort of that argument, its value, and the unit
 * explanations count in.  The checker checks a call's arity and a plain
 * function's argument from the row and says what exists when a name is
 * unknown; the evaluator calls a plain function's `apply`.  The functions
 * that are not plain (any and all decide on the first deciding argument,
 * min, max and sum fold numbers or one list, round reads its places and
 * mode as written, present and won name a field or a category) keep a case
 * of their own in check.c and eval.c.  A new plain function is one row
 * and one `apply` here. */
#ifndef AWARD_BUILTINS_H
#define AWARD_BUILTINS_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "value.h"

/* The argument a plain function takes. */
typedef enum ArgSort {
    ARG_SPECIAL = 0,   /* not a plain function: check.c's and eval.c's own case */
    ARG_TEXT,          /* a text */
    ARG_COLLECTION,    /* a list or a range */
} ArgSort;

/* What a plain function may need besides its argument: the Thai word
 * breaker, made by the evaluator on first need (textmeasure.h). */
struct WordBreaker;
typedef struct BuiltinEnv {
    struct WordBreaker *words;
    bool words_tried;          /* word_breaker_new was called (it may have failed) */
} BuiltinEnv;

/* A plain function's result: the count, or why there is none. */
typedef enum ApplyStatus { APPLY_OK, APPLY_TOO_BIG, APPLY_NO_DICTIONARY } ApplyStatus;

typedef struct BuiltinInfo {
    const char *name;
    Builtin fn;
    const char *synopsis;     /* "min(a, b, ...)": how a call is written */
    int min_args, max_args;   /* max -1: no bound */
    ArgSort arg;
    const char *unit;         /* a plain function: what it counts, for
                                 explanations ("words"); NULL otherwise */
    ApplyStatus (*apply)(BuiltinEnv *env, const Value *arg, Dec *out);
} BuiltinInfo;

/* The row of `name`, or NULL. */
const BuiltinInfo *builtin_find(const char *name);
/* The row of a resolved function (never NULL for a known Builtin). */
const BuiltinInfo *builtin_info(Builtin fn);
/* Every row, in the order documented. */
const BuiltinInfo *builtin_all(size_t *n);

/* Free what plain functions made (the word breaker). */
void builtin_env_free(BuiltinEnv *env);

#endif

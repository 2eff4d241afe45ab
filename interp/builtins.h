/* builtins.h -- the table of the rule language's built-in functions.
 *
 * One row per function: its name and how a call is written, which
 * messages show.  The checker finds a
 * call's function here (and says what exists when a name is unknown); the
 * kinds of the arguments, the evaluation and the explanation of each are
 * still the checker's, the evaluator's and explain.c's cases for its
 * Builtin (issue 12 moves them into the row). */
#ifndef AWARD_BUILTINS_H
#define AWARD_BUILTINS_H

#include <stddef.h>

#include "ast.h"

typedef struct BuiltinInfo {
    const char *name;
    Builtin fn;
    const char *synopsis;     /* "min(a, b, ...)": how a call is written */
} BuiltinInfo;

/* The row of `name`, or NULL. */
const BuiltinInfo *builtin_find(const char *name);
/* Every row, in the order documented. */
const BuiltinInfo *builtin_all(size_t *n);

#endif

/* builtins.c -- the table of built-in functions (see builtins.h).  A new
 * function is one row here, then its cases in check.c, eval.c and
 * explain.c. */
#include <string.h>

#include "builtins.h"

static const BuiltinInfo table[] = {
    { "any", FN_ANY, "any(a, b, ...)" },
    { "all", FN_ALL, "all(a, b, ...)" },
    { "min", FN_MIN, "min(a, b, ...)" },
    { "max", FN_MAX, "max(a, b, ...)" },
    { "sum", FN_SUM, "sum(a, b, ...)" },
    { "count", FN_COUNT, "count(list)" },
    { "round", FN_ROUND, "round(x, places, mode)" },
    { "present", FN_PRESENT, "present(field)" },
    { "won", FN_WON, "won(category, tier)" },
};

const BuiltinInfo *builtin_find(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

const BuiltinInfo *builtin_all(size_t *n)
{
    *n = sizeof table / sizeof table[0];
    return table;
}

/* builtins.c -- the table of built-in functions (see builtins.h), and the
 * plain functions' values. */
#include <string.h>

#include "builtins.h"
#include "i18n.h"
#include "textmeasure.h"

/* ---- the plain functions ---- */

static ApplyStatus count_items(BuiltinEnv *env, const Value *c, Dec *out)
{
    (void)env;
    if (c->tag != VAL_RANGE) {
        *out = dec_from_int(c->len);
        return APPLY_OK;
    }
    /* hi - lo + 1 in decimals: a range may span all of int64 */
    Dec n;
    if (dec_sub(dec_from_int(c->hi), dec_from_int(c->lo), &n) != DEC_OK ||
        dec_add(n, dec_from_int(1), &n) != DEC_OK)
        return APPLY_TOO_BIG;
    *out = dec_cmp(n, dec_from_int(0)) < 0 ? dec_from_int(0) : n;
    return APPLY_OK;
}

static ApplyStatus count_words(BuiltinEnv *env, const Value *t, Dec *out)
{
    if (!env->words_tried) {
        env->words_tried = true;
        env->words = word_breaker_new();
    }
    if (!env->words)
        return APPLY_NO_DICTIONARY;
    *out = dec_from_int((int64_t)text_words(env->words, t->p.text, t->len));
    return APPLY_OK;
}

static ApplyStatus count_chars(BuiltinEnv *env, const Value *t, Dec *out)
{
    (void)env;
    *out = dec_from_int((int64_t)text_chars(t->p.text, t->len));
    return APPLY_OK;
}

void builtin_env_free(BuiltinEnv *env)
{
    word_breaker_free(env->words);
    *env = (BuiltinEnv){ 0 };
}

/* ---- the table ----
 *
 * The units are marked for the catalogue (N_): an explanation written for
 * people translates its unit with _() where it prints it; JSON keeps the
 * English word, which is data. */

static const BuiltinInfo table[] = {
    { "any", FN_ANY, "any(a, b, ...)", 1, -1, ARG_SPECIAL, NULL, NULL },
    { "all", FN_ALL, "all(a, b, ...)", 1, -1, ARG_SPECIAL, NULL, NULL },
    { "min", FN_MIN, "min(a, b, ...)", 1, -1, ARG_SPECIAL, NULL, NULL },
    { "max", FN_MAX, "max(a, b, ...)", 1, -1, ARG_SPECIAL, NULL, NULL },
    { "sum", FN_SUM, "sum(a, b, ...)", 1, -1, ARG_SPECIAL, NULL, NULL },
    { "count", FN_COUNT, "count(list)", 1, 1, ARG_COLLECTION, N_("items"), count_items },
    { "length", FN_LENGTH, "length(list)", 1, 1, ARG_COLLECTION, N_("items"), count_items },
    { "words", FN_WORDS, "words(text)", 1, 1, ARG_TEXT, N_("words"), count_words },
    { "chars", FN_CHARS, "chars(text)", 1, 1, ARG_TEXT, N_("characters"), count_chars },
    { "round", FN_ROUND, "round(x, places, mode)", 3, 3, ARG_SPECIAL, NULL, NULL },
    { "present", FN_PRESENT, "present(field)", 1, 1, ARG_SPECIAL, NULL, NULL },
    { "won", FN_WON, "won(category, tier)", 2, 2, ARG_SPECIAL, NULL, NULL },
};

const BuiltinInfo *builtin_find(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

const BuiltinInfo *builtin_info(Builtin fn)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].fn == fn)
            return &table[i];
    return NULL;
}

const BuiltinInfo *builtin_all(size_t *n)
{
    *n = sizeof table / sizeof table[0];
    return table;
}

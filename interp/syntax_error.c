/* syntax_error.c -- the message for a syntax error.
 *
 * The parser says what it found and what it expected (as SynToks: it knows
 * bison's symbols, this file does not); this file says it the way a policy
 * officer reads it: "expected `}`, found `require`", a chained comparison
 * named as such, a word of the language used as a name, the bracket left
 * open.  It also tells the token filter how to recover: skip the broken
 * item to its line's end, and a `{ ... }` block inside it whole.
 *
 * The message is one sentence with the list of what was expected in it;
 * the words of the list (a name, the end of the line) and its separators
 * are translated here, the sentence itself by diag.c. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "syntax_error.h"

/* More expected tokens than this are never listed (MAXEXP is far less). */
#define MAX_EXPECTED 256

/* Words of a criteria sheet written where the rule language has a sign:
 * the message after "found `more`" says how to write it (translated when
 * used). */
static const struct Phrasing {
    const char *word;
    const char *advice;
} phrasings[] = {
    { "more", N_("`more than N` is written `> N`, and `at least N` is `>= N`") },
    { "greater", N_("`greater than N` is written `> N`") },
    { "less", N_("`less than N` is written `< N`, and `at most N` is `<= N`") },
    { "fewer", N_("`fewer than N` is written `< N`") },
    { "than", N_("`more than N` is written `> N`, `less than N` is `< N`") },
    { "at", N_("in a condition, `at least N` is written `>= N` and `at most N` is `<= N`") },
    { "least", N_("in a condition, `at least N` is written `>= N`") },
    { "most", N_("in a condition, `at most N` is written `<= N`") },
    { "points", N_("a number stands alone in a rule file: write `750`, not `750 points`") },
    { "percent", N_("a percentage is the number itself: write `80`, not `80 percent`") },
    { "equals", N_("`equals` is written `=`") },
    { "is", N_("`x is N` is written `x = N`") },
    { "between", N_("`between A and B` is written `x >= A and x <= B`, or `x in A .. B`") },
};

static const char *phrasing_advice(const char *word, int len)
{
    for (size_t i = 0; i < sizeof phrasings / sizeof phrasings[0]; i++)
        if ((int)strlen(phrasings[i].word) == len && memcmp(phrasings[i].word, word, (size_t)len) == 0)
            return phrasings[i].advice;
    return NULL;
}

/* The verbs of a file that extends another: the token filter makes them
 * words only there, so elsewhere they are never what is missing. */
static bool is_verb(SynTok t)
{
    static const char *const verbs[] = { "add", "change", "remove", "rename", "keep" };
    for (size_t i = 0; t.cls == SYN_WORD && i < sizeof verbs / sizeof verbs[0]; i++)
        if (strcmp(t.name, verbs[i]) == 0)
            return true;
    return false;
}

/* How a token is named in a message: "`require`" for a keyword or a
 * symbol, "a name" for a name, and so on, in the reader's language. */
static const char *describe(SynTok t, char *buf, size_t size)
{
    /* TRANSLATORS: what the parser expected or found, as in "expected a
     * name or `}`, found the end of the line". */
    switch (t.cls) {
    case SYN_NAME: return _("a name");
    case SYN_TEXT: return _("a text in quotes");
    case SYN_NUMBER: return _("a number");
    case SYN_BOOL: return _("true or false");
    case SYN_DATE: return _("a date");
    case SYN_MODE: return _("a rounding mode");
    case SYN_EOF: return _("the end of the file");
    case SYN_EOL: return _("the end of the line");
    case SYN_WORD: case SYN_SOFT: break;
    }
    const char *name = t.name;
    if (name[0] == '\'')
        snprintf(buf, size, "`%c`", name[1]);
    else
        snprintf(buf, size, "`%s`", name);
    return buf;
}

/* Up to `max` bytes of s, not cutting a UTF-8 sequence in half. */
static int utf8_prefix(const char *s, int len, int max)
{
    if (len <= max)
        return len;
    int n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static bool is_closer(SynTok t)
{
    const char *name = t.name;
    return strcmp(name, "')'") == 0 || strcmp(name, "']'") == 0 || strcmp(name, "'}'") == 0;
}

void syntax_error_report(ParseCtx *pc, SynTok got, Span where, const SynTok *want, int n)
{
    if (pc->abort)
        return;
    enum { MAXEXP = 10 };
    const Span *at = &where;
    SynTok expected[MAX_EXPECTED];
    if (n > MAX_EXPECTED)
        n = MAX_EXPECTED;
    /* At the end of the file, an end of line is never what is missing;
     * where a name is wanted, the words that are names too are among the
     * names, not listed one by one. */
    bool name_wanted = false;
    for (int i = 0; i < n; i++)
        name_wanted |= want[i].cls == SYN_NAME;
    int k = 0;
    for (int i = 0; i < n; i++)
        if ((got.cls != SYN_EOF || want[i].cls != SYN_EOL) && !(name_wanted && want[i].cls == SYN_SOFT) &&
            !(!pc->rf->extends && is_verb(want[i])))
            expected[k++] = want[i];
    n = k;
    int nall = n;

    /* What was expected ("`}`, a name or the end of the line") and what
     * was found ("`tiers`", "the end of the file"), each into its buffer. */
    char list[512];
    size_t len = 0;
    char buf[96];
    list[0] = '\0';
    if (n > MAXEXP)
        n = 0; /* too many to list: say what was unexpected */
    for (int i = 0; i < n && len < sizeof list; i++) {
        /* TRANSLATORS: the separators of a list of what was expected,
         * "A, B or C"; mind the spaces. */
        const char *sep = i == 0 ? "" : i == n - 1 ? _(" or ") : _(", ");
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", sep, describe(expected[i], buf, sizeof buf));
    }
    char found[160];
    if (got.cls == SYN_EOF || got.cls == SYN_EOL) {
        snprintf(found, sizeof found, "%s", describe(got, buf, sizeof buf));
    } else {
        int w = (int)(at->end - at->start);
        snprintf(found, sizeof found, "`%.*s`", utf8_prefix(pc->text + at->start, w, 40), pc->text + at->start);
    }
    const char *gname = got.name;
    bool comparison = strcmp(gname, "'<'") == 0 || strcmp(gname, "'>'") == 0 || strcmp(gname, "'='") == 0 ||
                      strcmp(gname, "<=") == 0 || strcmp(gname, ">=") == 0 || strcmp(gname, "!=") == 0;
    bool wants_name = false;
    for (int i = 0; i < nall; i++)
        wants_name |= expected[i].cls == SYN_NAME;
    if (comparison && !wants_name) {
        int w = (int)(at->end - at->start);
        diag_error(pc->diags, pc->src, *at,
                   "comparisons cannot be chained: write `a < b and b < c`, not `a < b < c` (found `%.*s`)",
                   w, pc->text + at->start);
    } else {
        if (n > 0)
            diag_error(pc->diags, pc->src, *at, "expected %s, found %s", list, found);
        else if (got.cls == SYN_EOF)
            diag_error(pc->diags, pc->src, *at, "the file's end comes too early: something is missing before it");
        else if (got.cls == SYN_EOL)
            diag_error(pc->diags, pc->src, *at, "the line's end comes too early: something is missing before it");
        else
            diag_error(pc->diags, pc->src, *at, "unexpected %s", found);
        /* a word of a criteria sheet where a sign belongs */
        const char *advice = got.cls == SYN_NAME || got.cls == SYN_SOFT || got.cls == SYN_WORD
                                 ? phrasing_advice(pc->text + at->start, (int)(at->end - at->start))
                                 : NULL;
        if (advice && !wants_name)
            diag_note(pc->diags, NULL, (Span){ 0 }, "%s", _(advice));
    }
    /* A word of the language where a name was wanted, or starting a line
     * as a field or item name would. */
    size_t ls = at->start;
    while (ls > 0 && (pc->text[ls - 1] == ' ' || pc->text[ls - 1] == '\t'))
        ls--;
    bool starts_line = ls <= pc->start || pc->text[ls - 1] == '\n' || pc->text[ls - 1] == '\r';
    /* `true`, `false` and the rounding modes are words too, written as
     * they stand in the text. */
    bool word = (got.cls == SYN_WORD && gname[0] >= 'a' && gname[0] <= 'z') || got.cls == SYN_BOOL ||
                got.cls == SYN_MODE;
    /* In a file that extends another, the items of a change block are
     * changes: a plain item there wants its verb. */
    bool in_changes = false;
    for (int i = 0; i < nall; i++)
        in_changes |= pc->rf->extends && is_verb(expected[i]);
    if (in_changes && got.cls != SYN_EOF && got.cls != SYN_EOL) {
        int w = (int)(at->end - at->start);
        diag_note(pc->diags, NULL, (Span){ 0 },
                  "this file extends another, so each item here is a change: write `add %.*s ...` to add "
                  "it, or `change` or `remove` with the name of what it changes",
                  utf8_prefix(pc->text + at->start, w, 40), pc->text + at->start);
    } else if ((wants_name || starts_line) && word) {
        int w = (int)(at->end - at->start);
        const char *t = got.cls == SYN_WORD ? gname : pc->text + at->start;
        diag_note(pc->diags, NULL, (Span){ 0 },
                  "`%.*s` is a word of the rule language and cannot be a name; choose another",
                  got.cls == SYN_WORD ? (int)strlen(gname) : w, t);
    }
    /* The parser now skips to the end of the broken item, unless the token
     * it stopped at already ends it. */
    pc->recovering = got.cls != SYN_EOL && got.cls != SYN_EOF && strcmp(gname, "'}'") != 0;
    if (strcmp(gname, "'{'") == 0)
        pc->skip_block = true;

    /* Name the bracket left open, where one is. */
    bool wants_closer = false;
    for (int i = 0; i < nall; i++)
        if (is_closer(expected[i]))
            wants_closer = true;
    /* A `(` or `[` left open is worth naming whenever a closer would do;
     * a `{` only at the end of the file (elsewhere a missing `}` is found
     * by parse_lex, at the next item that cannot be inside the block). */
    size_t depth = pc->nopen_before > pc->nopen ? pc->nopen_before : pc->nopen;
    if (depth > 0) {
        const Opener *o = &pc->open[depth - 1];
        bool name_it = o->tok == '{' ? got.cls == SYN_EOF : wants_closer;
        if (name_it && o->at.start < at->start)
            diag_note(pc->diags, pc->src, o->at, "`%c` opened here is not closed", o->tok);
    }
}

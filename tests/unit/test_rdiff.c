/* test_rdiff.c -- unit tests of `award diff`'s core (rdiff.c) and of the
 * structural equality it stands on (ast_eq.c): two small rule texts, the
 * second one edited in one place, give exactly the change a reviewer must
 * see (its kind, part, path, attribute, both values and both lines), and
 * nothing for edits that change no meaning (spacing, comments, brackets,
 * order of declarations). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "ast.h"
#include "ast_eq.h"
#include "check.h"
#include "diag.h"
#include "mem.h"
#include "rdiff.h"

/* ---- helpers ---- */

/* The rules of most tests.  Line numbers are in the comments. */
static const char BASE[] =
    "award t \"Title\" {\n"                                     /* 1 */
    "  year 2558 BE\n"                                          /* 2 */
    "  precision 2\n"                                           /* 3 */
    "  input {\n"                                               /* 4 */
    "    id text\n"                                             /* 5 */
    "    type category\n"                                       /* 6 */
    "    a integer 0 to 100 \"field a\"\n"                      /* 7 */
    "    b integer 0 to 100\n"                                  /* 8 */
    "    n integer >= 0\n"                                      /* 9 */
    "    ok bool\n"                                             /* 10 */
    "    good bool\n"                                           /* 11 */
    "  }\n"                                                     /* 12 */
    "  let big = a >= 50\n"                                     /* 13 */
    "  score s \"Score\" out of 100 {\n"                        /* 14 */
    "    p1 \"Part 1\" out of 50, capped {\n"                   /* 15 */
    "      a out of 50 = a / 2\n"                               /* 16 */
    "      bonus 5 \"extra\" when good\n"                       /* 17 */
    "    }\n"                                                   /* 18 */
    "    p2 out of 50 {\n"                                      /* 19 */
    "      b out of 50 = b / 2\n"                               /* 20 */
    "    }\n"                                                   /* 21 */
    "  }\n"                                                     /* 22 */
    "  tiers levels \"Levels\" on s {\n"                        /* 23 */
    "    gold \"Gold\" at least 80 note \"visit\"\n"            /* 24 */
    "    silver \"Silver\" at least 60\n"                       /* 25 */
    "    fail otherwise\n"                                      /* 26 */
    "  }\n"                                                     /* 27 */
    "  category 1 first \"One\" {\n"                              /* 28 */
    "    require ok \"must be ok\"\n"                           /* 29 */
    "    require n >= 1 \"at least one\"\n"                     /* 30 */
    "    require big\n"                                         /* 31 */
    "    scored by s, tiers levels\n"                           /* 32 */
    "  }\n"                                                     /* 33 */
    "  category 2 two \"Two\" {\n"                              /* 34 */
    "    require n >= 2\n"                                      /* 35 */
    "  }\n"                                                     /* 36 */
    "}\n";                                                      /* 37 */

typedef struct Side {
    char *text;
    Diags *d;
    Rules *r;
} Side;

static void load(Side *s, const char *name, const char *text)
{
    s->text = strdup(text);
    assert_non_null(s->text);
    s->d = diag_new();
    s->r = rules_parse(s->d, name, s->text, strlen(s->text));
    assert_non_null(s->r);
    bool ok = diag_count(s->d, DIAG_ERROR) == 0 && check_rules(s->r, s->d);
    if (!ok) {
        char *o = render(s->d);
        fail_msg("%s does not check:\n%s\n%s", name, o, text);
    }
}

static void unload(Side *s)
{
    rules_free(s->r);
    diag_free(s->d);
    free(s->text);
}

/* `text` with `from` (which must occur exactly once) made `to`. */
static char *edit(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at || strstr(at + 1, from))
        fail_msg("`%s` is not once in the text", from);
    size_t len = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(len);
    assert_non_null(out);
    snprintf(out, len, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

static const char *kind_word(RdiffKind k)
{
    return k == RDIFF_ADDED ? "added" : k == RDIFF_REMOVED ? "removed" : k == RDIFF_CHANGED ? "changed" : "renamed";
}

/* Every change on a line: KIND WHAT PATH [ATTR] OLD@LINE -> NEW@LINE. */
static char *render_changes(const Rdiff *d)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    for (size_t i = 0; i < d->nchanges; i++) {
        const RdiffChange *c = &d->changes[i];
        fprintf(f, "%s %s %s", kind_word(c->kind), c->what, c->path);
        if (c->attr)
            fprintf(f, " [%s]", c->attr);
        fprintf(f, " %s@%u -> %s@%u\n", c->old.text ? c->old.text : "-", c->old.line,
                c->new.text ? c->new.text : "-", c->new.line);
    }
    fclose(f);
    return buf;
}

/* The changes from old to new, rendered (malloc: free()). */
static char *diff_texts(const char *old, const char *new)
{
    Side o, n;
    load(&o, "old.award", old);
    load(&n, "new.award", new);
    Rdiff *d = rdiff_new(o.r, n.r);
    assert_non_null(d);
    char *out = render_changes(d);
    rdiff_free(d);
    unload(&o);
    unload(&n);
    return out;
}

/* BASE against BASE with one edit must give exactly `want`. */
static void expect_edit(const char *from, const char *to, const char *want)
{
    char *new = edit(BASE, from, to);
    char *got = diff_texts(BASE, new);
    if (strcmp(got, want) != 0)
        fail_msg("changing `%s` to `%s`: expected\n%s\ngot\n%s", from, to, want, got);
    free(got);
    free(new);
}

/* ---- no change ---- */

static void same_file_no_changes(void **state)
{
    (void)state;
    char *got = diff_texts(BASE, BASE);
    assert_string_equal(got, "");
    free(got);
}

/* Spacing, line breaks, comments, brackets, 50 against 50.0, and the order
 * of the parts of the file change no meaning. */
static void same_meaning_no_changes(void **state)
{
    (void)state;
    char *a = edit(BASE, "  let big = a >= 50\n", "");
    char *b = edit(a, "    ok bool\n", "    ok bool   # a comment\n");
    char *c = edit(b, "    require n >= 1 \"at least one\"\n", "    require (n)   >=\n       1.0 \"at least one\"\n");
    char *d = edit(c, "  category 2 two", "  let big = ((a >= 50.00))\n  category 2 two");
    char *got = diff_texts(BASE, d);
    assert_string_equal(got, "");
    free(got);
    free(a);
    free(b);
    free(c);
    free(d);
}

/* ---- the award ---- */

static void award_title_year_precision(void **state)
{
    (void)state;
    expect_edit("award t \"Title\"", "award t \"New title\"",
                "changed award award [title] Title@1 -> New title@1\n");
    expect_edit("year 2558 BE", "year 2015 CE", "changed award award [year] 2558 BE@2 -> 2015 CE@2\n");
    /* The precision has no line of its own: no place on either side. */
    expect_edit("precision 2", "precision 3", "changed award award [precision] 2@0 -> 3@0\n");
    /* Saying the default is no change. */
    expect_edit("  precision 2\n", "", "");
}

/* ---- inputs and lets ---- */

static void input_changes(void **state)
{
    (void)state;
    expect_edit("    good bool\n", "    good bool\n    extra text \"new field\"\n",
                "added input input/extra -@0 -> text \"new field\"@12\n");
    expect_edit("    n integer >= 0\n", "    n decimal >= 0\n", "changed input input/n [kind] integer@9 -> decimal@9\n");
    expect_edit("    n integer >= 0\n", "    n optional integer >= 0\n",
                "changed input input/n [optional] no@9 -> yes@9\n");
    expect_edit("    n integer >= 0\n", "    n integer > 0\n", "changed input input/n [range] >= 0@9 -> > 0@9\n");
    expect_edit("    n integer >= 0\n", "    n integer 0 to b\n",
                "changed input input/n [range] >= 0@9 -> 0 to b@9\n");
    expect_edit("    n integer >= 0\n", "    n integer\n", "changed input input/n [range] >= 0@9 -> -@9\n");
    expect_edit("a integer 0 to 100 \"field a\"", "a integer 0 to 100 \"the field a\"",
                "changed input input/a [label] field a@7 -> the field a@7\n");
}

static void input_removed_at_its_old_place(void **state)
{
    (void)state;
    /* `b` is read by p2; its item reads another field instead. */
    char *a = edit(BASE, "    b integer 0 to 100\n", "");
    char *b = edit(a, "      b out of 50 = b / 2\n", "      b out of 50 = a / 2\n");
    char *got = diff_texts(BASE, b);
    assert_string_equal(got, "removed input input/b integer 0 to 100@8 -> -@0\n"
                             "changed item score/s/p2/b [value] b / 2@20 -> a / 2@19\n");
    free(got);
    free(a);
    free(b);
}

static void kinds_of_one_of_are_sets(void **state)
{
    (void)state;
    char *a = edit(BASE, "    good bool\n", "    good bool\n    lvl one of low, mid, high\n");
    char *b = edit(a, "low, mid, high", "high, low, mid");
    char *c = edit(a, "low, mid, high", "low, mid, top");
    char *got = diff_texts(a, b);
    assert_string_equal(got, "");
    free(got);
    got = diff_texts(a, c);
    assert_string_equal(got, "changed input input/lvl [kind] one of low, mid, high@12 -> one of low, mid, top@12\n");
    free(got);
    free(a);
    free(b);
    free(c);
}

static void let_changes(void **state)
{
    (void)state;
    expect_edit("let big = a >= 50", "let big = a >= 60", "changed let let/big [value] a >= 50@13 -> a >= 60@13\n");
    expect_edit("  let big = a >= 50\n", "  let big = a >= 50\n  let small = a < 10\n",
                "added let let/small -@0 -> a < 10@14\n");
}

/* ---- scores ---- */

static void score_item_changes(void **state)
{
    (void)state;
    expect_edit("p1 \"Part 1\" out of 50, capped", "p1 \"Part 1\" out of 60, capped",
                "changed group score/s/p1 [out_of] 50@15 -> 60@15\n");
    expect_edit("p1 \"Part 1\" out of 50, capped", "p1 \"Part 1\" out of 50",
                "changed group score/s/p1 [capped] yes@15 -> no@15\n");
    expect_edit("p2 out of 50 {", "p2 out of 50, round 1 half-even {",
                "changed group score/s/p2 [round] -@19 -> 1 half-even@19\n");
    expect_edit("p1 \"Part 1\" out of", "p1 \"First part\" out of",
                "changed group score/s/p1 [label] Part 1@15 -> First part@15\n");
    expect_edit("      a out of 50 = a / 2\n", "      a out of 50 = a / 4 + a / 4\n",
                "changed item score/s/p1/a [value] a / 2@16 -> a / 4 + a / 4@16\n");
    expect_edit("      b out of 50 = b / 2\n", "      b weight 50 = b / 100\n",
                "changed item score/s/p2/b [weight] -@20 -> 50@20\n"
                "changed item score/s/p2/b [value] b / 2@20 -> b / 100@20\n");
    expect_edit("score s \"Score\" out of 100 {", "score s \"Score\" out of 100, round 2 half-up {",
                "changed score score/s [round] -@14 -> 2 half-up@14\n");
}

static void score_item_added_removed(void **state)
{
    (void)state;
    expect_edit("      b out of 50 = b / 2\n", "      b out of 50 = b / 2\n      n out of 50, capped\n",
                "added item score/s/p2/n -@0 -> out of 50, capped@21\n");
    /* An item made a group: the item out, the group in. */
    expect_edit("      b out of 50 = b / 2\n", "      b out of 50 {\n        half out of 50 = b / 2\n      }\n",
                "removed item score/s/p2/b out of 50 = b / 2@20 -> -@0\n"
                "added group score/s/p2/b -@0 -> out of 50 { half }@20\n");
}

/* An item without `= expr` scores the field of its name: `= n` says the same. */
static void item_value_by_its_name(void **state)
{
    (void)state;
    char *a = edit(BASE, "      b out of 50 = b / 2\n", "      n out of 50, capped\n");
    char *b = edit(a, "      n out of 50, capped\n", "      n out of 50, capped = n\n");
    char *got = diff_texts(a, b);
    assert_string_equal(got, "");
    free(got);
    /* The same from a tree the checker has not filled in (no expression). */
    Side x, y;
    load(&x, "a.award", a);
    load(&y, "b.award", b);
    ScoreNode *leaf = x.r->scores[0]->root->kids[1]->kids[0];
    leaf->expr = NULL;
    assert_true(node_equal(leaf, y.r->scores[0]->root->kids[1]->kids[0]));
    Rdiff *d = rdiff_new(x.r, y.r);
    got = render_changes(d);
    assert_string_equal(got, "");
    free(got);
    rdiff_free(d);
    unload(&x);
    unload(&y);
    free(a);
    free(b);
}

static void bonus_changes(void **state)
{
    (void)state;
    expect_edit("bonus 5 \"extra\" when good", "bonus 6 \"extra\" when good",
                "changed bonus score/s/p1/bonus [points] 5@17 -> 6@17\n");
    expect_edit("bonus 5 \"extra\" when good", "bonus 5 \"extra\" when good and ok",
                "changed bonus score/s/p1/bonus [condition] good@17 -> good and ok@17\n");
    expect_edit("bonus 5 \"extra\" when good", "bonus 5 \"more\" when good",
                "changed bonus score/s/p1/bonus [label] extra@17 -> more@17\n");
    /* A second bonus pairs with no first one: added, named by its order. */
    expect_edit("      bonus 5 \"extra\" when good\n", "      bonus 5 \"extra\" when good\n      bonus 1 when ok\n",
                "added bonus score/s/p1/bonus2 -@0 -> 1 when ok@18\n");
}

/* ---- tiers ---- */

static void tier_changes(void **state)
{
    (void)state;
    expect_edit("gold \"Gold\" at least 80", "gold \"Gold\" at least 85",
                "changed tier tiers/levels/gold [rule] at least 80@24 -> at least 85@24\n");
    expect_edit("silver \"Silver\" at least 60", "silver \"Silver\" from 60 to 79.99",
                "changed tier tiers/levels/silver [rule] at least 60@25 -> from 60 to 79.99@25\n");
    expect_edit("gold \"Gold\"", "gold \"Golden\"", "changed tier tiers/levels/gold [label] Gold@24 -> Golden@24\n");
    expect_edit(" note \"visit\"", "", "changed tier tiers/levels/gold [note] visit@24 -> -@24\n");
    expect_edit("tiers levels \"Levels\"", "tiers levels \"Grades\"",
                "changed tiers tiers/levels [label] Levels@23 -> Grades@23\n");
    expect_edit("    silver \"Silver\" at least 60\n", "    silver \"Silver\" at least 60\n    bronze at least 40\n",
                "added tier tiers/levels/bronze -@0 -> at least 40@26\n");
    expect_edit("    silver \"Silver\" at least 60\n", "",
                "removed tier tiers/levels/silver \"Silver\" at least 60@25 -> -@0\n");
}

/* The first tier that matches is given: their order is a change. */
static void tier_order(void **state)
{
    (void)state;
    char *a = edit(BASE, "    gold \"Gold\" at least 80 note \"visit\"\n", "");
    char *b = edit(a, "    fail otherwise\n", "    gold \"Gold\" at least 80 note \"visit\"\n    fail otherwise\n");
    char *got = diff_texts(BASE, b);
    assert_string_equal(got, "changed tiers tiers/levels [order] gold, silver, fail@23 -> silver, gold, fail@23\n");
    free(got);
    free(a);
    free(b);
}

/* ---- categories and conditions ---- */

static void category_changes(void **state)
{
    (void)state;
    expect_edit("category 2 two \"Two\"", "category 3 two \"Two\"",
                "changed category category/two [number] 2@34 -> 3@34\n");
    expect_edit("category 2 two \"Two\"", "category 2 two \"Second\"",
                "changed category category/two [title] Two@34 -> Second@34\n");
    expect_edit("category 2 two \"Two\" {\n    require n >= 2\n",
                "category 2 two \"Two\" {\n    require n >= 2\n    scored by s, tiers levels\n",
                "changed category category/two [scored_by] -@34 -> s@36\n"
                "changed category category/two [tiers] -@34 -> levels@36\n");
    /* A category renamed: an id gone, the same number under a new id. */
    expect_edit("category 2 two \"Two\"", "category 2 deux \"Two\"",
                "renamed category category/deux [id] two@34 -> deux@34\n");
    expect_edit("  category 2 two \"Two\" {\n    require n >= 2\n  }\n", "",
                "removed category category/two 2 two \"Two\", 1 condition@34 -> -@0\n");
    expect_edit("  category 2 two \"Two\" {\n", "  category 3 three {\n    require ok\n  }\n  category 2 two \"Two\" {\n",
                "added category category/three -@0 -> 3 three, 1 condition@34\n");
}

static void condition_changed_in_place(void **state)
{
    (void)state;
    expect_edit("require n >= 1 \"at least one\"", "require n >= 3 \"at least one\"",
                "changed condition category/first/require/n [condition] n >= 1@30 -> n >= 3@30\n");
    expect_edit("require n >= 1 \"at least one\"", "require n >= 1 \"one or more\"",
                "changed condition category/first/require/n [message] at least one@30 -> one or more@30\n");
}

static void condition_added_removed(void **state)
{
    (void)state;
    expect_edit("    require ok \"must be ok\"\n", "", "removed condition category/first/require/ok ok \"must be ok\"@29 -> -@0\n");
    expect_edit("    require big\n", "    require big\n    require good\n",
                "added condition category/first/require/good -@0 -> good@32\n");
}

/* A condition that only moved is the same condition. */
static void condition_moved(void **state)
{
    (void)state;
    char *a = edit(BASE, "    require ok \"must be ok\"\n", "");
    char *b = edit(a, "    require big\n", "    require big\n    require ok \"must be ok\"\n");
    char *got = diff_texts(BASE, b);
    assert_string_equal(got, "");
    free(got);
    free(a);
    free(b);
}

/* A condition removed in one place and another added elsewhere are not one
 * changed condition: they stand in different places. */
static void condition_replaced_elsewhere(void **state)
{
    (void)state;
    char *a = edit(BASE, "    require ok \"must be ok\"\n", "");
    char *b = edit(a, "    require big\n", "    require big\n    require good\n");
    char *got = diff_texts(BASE, b);
    assert_string_equal(got, "removed condition category/first/require/ok ok \"must be ok\"@29 -> -@0\n"
                             "added condition category/first/require/good -@0 -> good@31\n");
    free(got);
    free(a);
    free(b);
}

/* Conditions with handles pair by handle wherever they stand, and two
 * different handles never pair. */
static void conditions_pair_by_handle(void **state)
{
    (void)state;
    char *new = edit(BASE, "    require ok \"must be ok\"\n    require n >= 1 \"at least one\"\n",
                     "    require n >= 5 \"at least one\"\n    require ok \"must be ok\"\n");
    Side o, n;
    load(&o, "old.award", BASE);
    load(&n, "new.award", new);
    CategoryDecl *oc = o.r->categories[0], *nc = n.r->categories[0];
    oc->requires[0].name = "ok_rule";
    oc->requires[1].name = "count";
    nc->requires[0].name = "count";
    nc->requires[1].name = "ok_rule";
    Rdiff *d = rdiff_new(o.r, n.r);
    char *got = render_changes(d);
    assert_string_equal(got, "changed condition category/first/require/count [condition] n >= 1@30 -> n >= 5@29\n");
    free(got);
    rdiff_free(d);
    /* Different handles: out and in, even in the same place. */
    nc->requires[0].name = "how_many";
    d = rdiff_new(o.r, n.r);
    got = render_changes(d);
    assert_string_equal(got, "added condition category/first/require/how_many -@0 -> n >= 5 \"at least one\"@29\n"
                             "removed condition category/first/require/count n >= 1 \"at least one\"@30 -> -@0\n");
    free(got);
    rdiff_free(d);
    unload(&o);
    unload(&n);
    free(new);
}

/* ---- order ---- */

/* Groups come in NEW's order: a score moved after the tiers is listed
 * there; within a group, NEW's order. */
static void groups_in_new_order(void **state)
{
    (void)state;
    char *a = edit(BASE, "  category 2 two \"Two\" {\n", "  category 2 two \"Two\" {\n    require good\n");
    char *b = edit(a, "  let big = a >= 50\n", "  let big = a >= 51\n");
    char *c = edit(b, "award t \"Title\"", "award t \"T\"");
    char *got = diff_texts(BASE, c);
    assert_string_equal(got, "changed award award [title] Title@1 -> T@1\n"
                             "changed let let/big [value] a >= 50@13 -> a >= 51@13\n"
                             "added condition category/two/require/good -@0 -> good@35\n");
    free(got);
    free(a);
    free(b);
    free(c);
    /* NEW declares the tiers before the score: they are listed first. */
    const char *tiers = "  tiers levels \"Levels\" on s {\n"
                        "    gold \"Gold\" at least 80 note \"visit\"\n"
                        "    silver \"Silver\" at least 60\n"
                        "    fail otherwise\n"
                        "  }\n";
    a = edit(BASE, tiers, "");
    b = edit(a, "  score s", "  tiers levels \"Levels\" on s {\n    gold \"Gold\" at least 90 note \"visit\"\n"
                             "    silver \"Silver\" at least 60\n    fail otherwise\n  }\n  score s");
    c = edit(b, "p2 out of 50 {", "p2 \"Part 2\" out of 50 {");
    got = diff_texts(BASE, c);
    assert_string_equal(got, "changed tier tiers/levels/gold [rule] at least 80@24 -> at least 90@15\n"
                             "changed group score/s/p2 [label] -@19 -> Part 2@24\n");
    free(got);
    free(a);
    free(b);
    free(c);
}

/* ---- equality ---- */

static Expr *first_condition(Side *s) { return s->r->categories[0]->requires[0].cond; }

static void expr_equal_cases(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        bool equal;
    } cases[] = {
        { "n >= 1", "(n) >= (1)", true },
        { "n >= 1", "n >= 1.00", true },
        { "n >= 1", "n > 1", false },
        { "n >= 1", "1 <= n", false },
        { "ok and good", "good and ok", false },
        { "any(ok, good)", "any(ok, good)", true },
        { "any(ok, good)", "all(ok, good)", false },
        { "any(ok, good)", "any(ok)", false },
        { "n in [1, 2]", "n in [1, 2, 3]", false },
        { "all y in [1, 2]: y > 0", "all z in [1, 2]: z > 0", false },
        { "all y in [1, 2]: n > 0", "all z in [1, 2]: n > 0", false },
        { "all y in [1, 2]: n > 0", "all y in [1, 2]: n > 0", true },
        { "year - n > 2", "year - n > 2", true },
        { "\"x\" = \"x\"", "\"x\" = \"y\"", false },
        { "n + 1 > 2", "n - 1 > 2", false },
        { "not ok", "ok", false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char ra[128], rb[128];
        snprintf(ra, sizeof ra, "require %s \"must be ok\"", cases[i].a);
        snprintf(rb, sizeof rb, "require %s \"must be ok\"", cases[i].b);
        char *a = edit(BASE, "require ok \"must be ok\"", ra);
        char *b = edit(BASE, "require ok \"must be ok\"", rb);
        Side x, y;
        load(&x, "a.award", a);
        load(&y, "b.award", b);
        if (expr_equal(first_condition(&x), first_condition(&y)) != cases[i].equal)
            fail_msg("`%s` and `%s` should%s be equal", cases[i].a, cases[i].b, cases[i].equal ? "" : " not");
        unload(&x);
        unload(&y);
        free(a);
        free(b);
    }
    assert_true(expr_equal(NULL, NULL));
}

static void node_equal_cases(void **state)
{
    (void)state;
    Side x, y;
    load(&x, "a.award", BASE);
    load(&y, "b.award", BASE);
    assert_true(node_equal(x.r->scores[0]->root, y.r->scores[0]->root));
    assert_false(node_equal(x.r->scores[0]->root->kids[0], y.r->scores[0]->root->kids[1]));
    y.r->scores[0]->root->kids[0]->kids[1]->out_of = dec_from_int(6); /* the bonus */
    assert_false(node_equal(x.r->scores[0]->root, y.r->scores[0]->root));
    unload(&x);
    unload(&y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(same_file_no_changes, start_test, end_test),
        cmocka_unit_test_setup_teardown(same_meaning_no_changes, start_test, end_test),
        cmocka_unit_test_setup_teardown(award_title_year_precision, start_test, end_test),
        cmocka_unit_test_setup_teardown(input_changes, start_test, end_test),
        cmocka_unit_test_setup_teardown(input_removed_at_its_old_place, start_test, end_test),
        cmocka_unit_test_setup_teardown(kinds_of_one_of_are_sets, start_test, end_test),
        cmocka_unit_test_setup_teardown(let_changes, start_test, end_test),
        cmocka_unit_test_setup_teardown(score_item_changes, start_test, end_test),
        cmocka_unit_test_setup_teardown(score_item_added_removed, start_test, end_test),
        cmocka_unit_test_setup_teardown(item_value_by_its_name, start_test, end_test),
        cmocka_unit_test_setup_teardown(bonus_changes, start_test, end_test),
        cmocka_unit_test_setup_teardown(tier_changes, start_test, end_test),
        cmocka_unit_test_setup_teardown(tier_order, start_test, end_test),
        cmocka_unit_test_setup_teardown(category_changes, start_test, end_test),
        cmocka_unit_test_setup_teardown(condition_changed_in_place, start_test, end_test),
        cmocka_unit_test_setup_teardown(condition_added_removed, start_test, end_test),
        cmocka_unit_test_setup_teardown(condition_moved, start_test, end_test),
        cmocka_unit_test_setup_teardown(condition_replaced_elsewhere, start_test, end_test),
        cmocka_unit_test_setup_teardown(conditions_pair_by_handle, start_test, end_test),
        cmocka_unit_test_setup_teardown(groups_in_new_order, start_test, end_test),
        cmocka_unit_test_setup_teardown(expr_equal_cases, start_test, end_test),
        cmocka_unit_test_setup_teardown(node_equal_cases, start_test, end_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

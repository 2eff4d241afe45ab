/* test_check.c -- unit tests for the checker (rules_parse + check_rules, and
 * check_load on the shipped rule files): every error and warning it gives,
 * at its place and with its exact words, the follow-on messages it must not
 * give, and the facts it computes for the evaluator (slots, kinds, node
 * indices, report columns, tier names, the inputs each category reads). */
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
#include "check.h"
#include "dec.h"
#include "diag.h"
#include "mem.h"

/* ---- helpers ---- */

typedef struct Checked {
    Diags *d;
    Rules *r;
    bool ok;         /* check_rules' answer */
    char *out;       /* every message as printed */
    char *text;      /* the rule text (malloc'd; the Rules borrows it) */
} Checked;

/* Parse and check `text`; the parse itself must be clean. */
static Checked check_text(const char *text)
{
    Checked c = { 0 };
    c.text = strdup(text);
    assert_non_null(c.text);
    c.d = diag_new();
    c.r = rules_parse(c.d, "t.award", c.text, strlen(c.text));
    assert_non_null(c.r);
    if (diag_count(c.d, DIAG_ERROR)) {
        char *o = render(c.d);
        fail_msg("the test text does not parse:\n%s", o);
    }
    c.ok = check_rules(c.r, c.d);
    c.out = render(c.d);
    return c;
}

/* The award of most tests: a body of items after a fixed set of inputs. */
static const char HEAD[] =
    "award t {\n"                       /* 1 */
    "  year 2558 BE\n"                  /* 2 */
    "  input {\n"                       /* 3 */
    "    id text\n"                     /* 4 */
    "    agency text\n"                 /* 5 */
    "    type category\n"               /* 6 */
    "    x decimal 0 to 100\n"          /* 7 */
    "    n integer >= 0\n"              /* 8 */
    "    b bool\n"                      /* 9 */
    "    s text\n"                      /* 10 */
    "    lvl one of low, mid, high\n"   /* 11 */
    "    oy optional year\n"            /* 12 */
    "    ys list of year\n"             /* 13 */
    "    d date\n"                      /* 14 */
    "  }\n";                            /* 15: the body starts on line 16 */

static Checked check_body(const char *body)
{
    size_t len = strlen(HEAD) + strlen(body) + 4;
    char *text = malloc(len);
    assert_non_null(text);
    snprintf(text, len, "%s%s}\n", HEAD, body);
    Checked c = check_text(text);
    free(text);
    return c;
}

static void release_only(Checked *c)
{
    rules_free(c->r);
    diag_free(c->d);
    free(c->out);
    free(c->text);
}

static void release(Checked *c)
{
    release_only(c);
    assert_int_equal(mem_live_blocks(), baseline);
}

static size_t errors(const Checked *c) { return diag_count(c->d, DIAG_ERROR); }
static size_t warnings(const Checked *c) { return diag_count(c->d, DIAG_WARNING); }

static void expect_out(const Checked *c, const char *needle)
{
    if (!strstr(c->out, needle))
        fail_msg("expected to find\n  %s\nin the messages:\n%s", needle, c->out);
}

static void expect_not_out(const Checked *c, const char *needle)
{
    if (strstr(c->out, needle))
        fail_msg("did not expect\n  %s\nin the messages:\n%s", needle, c->out);
}

static size_t count_in(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
        n++;
    return n;
}

static void expect_counts(const Checked *c, size_t nerr, size_t nwarn)
{
    if (errors(c) != nerr || warnings(c) != nwarn)
        fail_msg("expected %zu errors and %zu warnings, got %zu and %zu:\n%s", nerr, nwarn, errors(c),
                 warnings(c), c->out);
}

static const InputDecl *input(const Rules *r, const char *name)
{
    for (size_t i = 0; i < r->ninputs; i++)
        if (strcmp(r->inputs[i]->name, name) == 0)
            return r->inputs[i];
    fail_msg("no input `%s`", name);
    return NULL;
}

static const CategoryDecl *category(const Rules *r, const char *id)
{
    for (size_t i = 0; i < r->ncategories; i++)
        if (strcmp(r->categories[i]->id, id) == 0)
            return r->categories[i];
    fail_msg("no category `%s`", id);
    return NULL;
}

static const ScoreNode *node(const Rules *r, const char *score, const char *name)
{
    for (size_t i = 0; i < r->nnodes; i++) {
        const ScoreNode *n = r->nodes[i];
        const ScoreNode *root = n;
        while (root->parent)
            root = root->parent;
        if (strcmp(root->name, score) == 0 && strcmp(n->name, name) == 0)
            return n;
    }
    fail_msg("no node `%s` in `%s`", name, score);
    return NULL;
}

/* ---- names ---- */

static void test_unknown_names(void **state)
{
    (void)state;
    Checked c = check_body("  category 1 c {\n"
                           "    require xx > 1\n"              /* 17 */
                           "    require zzzzzz\n"              /* 18 */
                           "    require mx(1, 2) > 0\n"        /* 19 */
                           "    require core_misson\n"         /* 20 */
                           "  }\n");
    assert_false(c.ok);
    expect_counts(&c, 4, 0);
    expect_out(&c, "t.award:17:13: error: unknown name `xx`; did you mean `x`?\n"
                   "   17 |     require xx > 1\n"
                   "      |             ^~\n");
    /* nothing close enough: no guess */
    expect_out(&c, "t.award:18:13: error: unknown name `zzzzzz`\n");
    expect_out(&c, "t.award:19:13: error: unknown function `mx`; did you mean `max`?\n");
    expect_out(&c, "t.award:20:13: error: unknown name `core_misson`\n");
    /* an unknown name is one message: `xx > 1` is not also "cannot compare" */
    expect_not_out(&c, "cannot compare");
    /* nothing is "unused" while there are errors */
    expect_not_out(&c, "no category reads it");
    release(&c);

    /* a let is a candidate, and so is a quantifier's variable */
    c = check_body("  let in_use = n >= 12\n"
                   "  category 1 c {\n"
                   "    require in_used\n"                   /* 18 */
                   "    require all year_x in ys: year_y > 1\n"  /* 19 */
                   "  }\n");
    expect_out(&c, "t.award:18:13: error: unknown name `in_used`; did you mean `in_use`?\n");
    expect_out(&c, "t.award:19:31: error: unknown name `year_y`; did you mean `year_x`?\n");
    expect_counts(&c, 2, 0);
    release(&c);

    /* a category used as a value; a score's total outside a category's
     * condition (in a condition it is the total: tests/scenarios/language/stages) */
    c = check_body("  score sc out of 100 {\n    x out of 100\n  }\n"
                   "  tiers tt on sc {\n    all_ at least 0\n  }\n"
                   "  let high = sc > 1\n"                     /* 22 */
                   "  category 1 c {\n"
                   "    require c\n"                         /* 24 */
                   "    require high\n"
                   "    scored by sc, tiers tt\n"
                   "  }\n");
    expect_out(&c, "t.award:22:14: error: `sc` is a score: its total can be read only in a category's "
                   "condition (`require sc >= ...`), not in a let or a score\n");
    expect_out(&c, "t.award:24:13: error: `c` is a category, not a value\n");
    expect_counts(&c, 2, 0);
    release(&c);

    /* unknown scores and tier tables named by a category */
    c = check_body("  score sc out of 100 {\n    x out of 100\n  }\n"
                   "  tiers tt on sc {\n    all_ at least 0\n  }\n"
                   "  tiers uu on scx {\n    all_ at least 0\n  }\n"   /* 22 */
                   "  category 1 c {\n"
                   "    scored by sd, tiers tu\n"                    /* 26 */
                   "  }\n");
    expect_out(&c, "t.award:22:15: error: unknown score `scx`; did you mean `sc`?\n");
    expect_out(&c, "t.award:26:15: error: unknown score `sd`; did you mean `sc`?\n");
    expect_out(&c, "t.award:26:25: error: unknown tier table `tu`; did you mean `tt`?\n");
    release(&c);
}

/* ---- kinds ---- */

static void test_kind_errors(void **state)
{
    (void)state;
    Checked c = check_body("  category 1 c {\n"
                           "    require s = 1\n"              /* 17 */
                           "    require b + 1 > 0\n"          /* 18 */
                           "    require x and n\n"            /* 19 */
                           "    require not x\n"              /* 20 */
                           "    require b < true\n"           /* 21 */
                           "    require x\n"                  /* 22 */
                           "    require ys = ys\n"            /* 23 */
                           "    require count(x) > 1\n"       /* 24 */
                           "    require d + 1 > d\n"          /* 25 */
                           "    require 1 in x\n"             /* 26 */
                           "    require 1 in [1, \"a\"]\n"    /* 27 */
                           "    require x in 1.5 .. 3\n"      /* 28 */
                           "  }\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:17:13: error: cannot compare text with integer\n"
                   "   17 |     require s = 1\n"
                   "      |             ^~~~~\n");
    expect_out(&c, "t.award:18:13: error: cannot use `+` on bool: it needs numbers\n");
    /* each side of `and` is its own message */
    expect_out(&c, "t.award:19:13: error: each side of `and` must be true or false, but this is decimal\n");
    expect_out(&c, "t.award:19:19: error: each side of `and` must be true or false, but this is integer\n");
    expect_out(&c, "t.award:20:17: error: the value after `not` must be true or false, but this is decimal\n");
    expect_out(&c, "t.award:21:13: error: bool values have no order: use = or !=\n");
    expect_out(&c, "t.award:22:13: error: a condition must be true or false, but this is decimal\n");
    expect_out(&c, "t.award:23:13: error: cannot compare list of year with list of year\n");
    expect_out(&c, "t.award:24:19: error: count(...) needs a list, but this is decimal\n");
    expect_out(&c, "t.award:25:13: error: cannot use `+` on date: it needs numbers\n");
    expect_out(&c, "t.award:26:18: error: expected a list or a range (a .. b) here, but this is decimal\n");
    expect_out(&c, "t.award:27:22: error: a list holds values of one kind: this is text, the first is integer\n");
    expect_out(&c, "t.award:28:18: error: a range needs whole numbers, but this is decimal\n");
    /* one mistake, one message: `b + 1 > 0` says nothing about `>` */
    expect_counts(&c, 13, 0);
    release(&c);

    /* what is right stays quiet, and gets its kind */
    c = check_body("  let days = d - 2015-01-01\n"
                   "  let half = x / 2\n"
                   "  let whole = n * 2 + 1\n"
                   "  let age = year - oy\n"
                   "  let many = count(ys) + max(ys) - min(1, n)\n"
                   "  let r = round(x / 3, 2, half-even)\n"
                   "  category 1 c {\n"
                   "    require days >= 0 and half <= 40 and whole > 5 and age >= 0 and many > 0 and r >= 0\n"
                   "    require lvl = \"high\" or lvl in [\"low\", \"mid\"] or s = \"x\" or s < \"y\"\n"
                   "    require d >= 2015-01-01 and b = true and b != false\n"
                   "    require all y in ys: y in year - 2 .. year\n"
                   "    require present(oy) and count(ys) = 0 or 2558 in ys\n"
                   "  }\n");
    expect_counts(&c, 0, 0);
    assert_true(c.ok);
    const Rules *r = c.r;
    assert_int_equal(r->let_kinds[0]->tag, KIND_INTEGER);   /* days between dates */
    assert_int_equal(r->let_kinds[1]->tag, KIND_DECIMAL);   /* division */
    assert_int_equal(r->let_kinds[2]->tag, KIND_INTEGER);
    assert_int_equal(r->let_kinds[3]->tag, KIND_INTEGER);
    assert_int_equal(r->let_kinds[4]->tag, KIND_INTEGER);
    assert_int_equal(r->let_kinds[5]->tag, KIND_DECIMAL);
    release(&c);
}

static void test_enum_literals(void **state)
{
    (void)state;
    Checked c = check_body("  category 1 c {\n"
                           "    require lvl = \"hgh\"\n"                 /* 17 */
                           "    require \"zzz\" != lvl\n"                /* 18 */
                           "    require lvl in [\"low\", \"mids\"]\n"    /* 19 */
                           "    require lvl = \"high\"\n"                /* 20 */
                           "  }\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:17:19: error: \"hgh\" is not one of the values (low, mid, high); did you mean \"high\"?\n");
    expect_out(&c, "t.award:18:13: error: \"zzz\" is not one of the values (low, mid, high)\n");
    expect_out(&c, "t.award:19:28: error: \"mids\" is not one of the values (low, mid, high); did you mean \"mid\"?\n");
    expect_counts(&c, 3, 0);
    release(&c);
}

/* ---- declarations ---- */

static void test_duplicates(void **state)
{
    (void)state;
    Checked c = check_text("award t {\n"
                           "  year 2558 BE\n"
                           "  input {\n"
                           "    id text\n"
                           "    type category\n"
                           "    x decimal 0 to 100\n"          /* 6 */
                           "    x integer\n"                   /* 7 */
                           "  }\n"
                           "  let l = x\n"                     /* 9 */
                           "  let l = 1\n"                     /* 10 */
                           "  let x = 2\n"                     /* 11 */
                           "  score sc out of 100 {\n"         /* 12 */
                           "    x out of 100\n"
                           "  }\n"
                           "  score sc out of 100 {\n"         /* 15 */
                           "    x out of 50\n"
                           "    x out of 50\n"                 /* 17 */
                           "  }\n"
                           "  tiers tt on sc {\n"
                           "    hi at least 50\n"              /* 20 */
                           "    hi otherwise\n"                /* 21 */
                           "  }\n"
                           "  category 1 c {\n"                /* 23 */
                           "    scored by sc, tiers tt\n"
                           "  }\n"
                           "  category 1 c2 {\n"               /* 26 */
                           "    require true\n"
                           "  }\n"
                           "  category 2 c {\n"                /* 29 */
                           "    require true\n"
                           "  }\n"
                           "}\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:7:5: error: the field `x` is declared twice\n"
                   "    7 |     x integer\n"
                   "      |     ^\n"
                   "t.award:6:5: note: the first `x` is here\n");
    expect_out(&c, "t.award:10:7: error: `l` is defined twice\n");
    expect_out(&c, "t.award:11:7: error: `x` is already the name of a field\n");
    expect_out(&c, "t.award:15:9: error: there is already a score `sc`\n");
    expect_out(&c, "t.award:12:9: note: the first `sc` is here\n");
    expect_out(&c, "t.award:17:5: error: `x` appears twice in `sc`\n");
    expect_out(&c, "t.award:21:5: error: tier `hi` appears twice in `tt`\n");
    expect_out(&c, "t.award:26:12: error: category number 1 is used twice\n");
    expect_out(&c, "t.award:23:12: note: it is first used by `c`\n");
    expect_out(&c, "t.award:29:14: error: there is already a category `c`\n");
    expect_out(&c, "t.award:23:14: note: the first `c` is here\n");
    /* a duplicate number and a duplicate id are told apart */
    assert_int_equal(count_in(c.out, "is used twice"), 1);
    assert_int_equal(count_in(c.out, "there is already a category"), 1);
    release(&c);

    c = check_body("  score sc out of 100 {\n    x out of 100\n  }\n"
                   "  tiers tt on sc {\n    hi at least 0\n  }\n"
                   "  tiers tt on sc {\n    lo at least 0\n  }\n"       /* 22 */
                   "  category 1 c {\n    scored by sc, tiers tt\n  }\n");
    expect_out(&c, "t.award:22:9: error: there is already a tier table `tt`\n");
    expect_out(&c, "t.award:19:9: note: the first `tt` is here\n");
    release(&c);
}

static void test_let_cycles(void **state)
{
    (void)state;
    Checked c = check_body("  let a = lb and x > 1\n"    /* 16 */
                           "  let lb = not a\n"          /* 17 */
                           "  let me = me or lb\n"       /* 18 */
                           "  let c1 = c2\n"             /* 19 */
                           "  let c2 = c3\n"             /* 20 */
                           "  let c3 = c1\n"             /* 21 */
                           "  let fine = x > 1\n"
                           "  category 1 c {\n"
                           "    require a and me and fine\n"
                           "  }\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:16:7: error: `a` is defined in terms of itself: a -> lb -> a\n"
                   "   16 |   let a = lb and x > 1\n"
                   "      |       ^\n");
    expect_out(&c, "t.award:18:7: error: `me` is defined in terms of itself: me -> me\n");
    expect_out(&c, "t.award:19:7: error: `c1` is defined in terms of itself: c1 -> c2 -> c3 -> c1\n");
    /* one message per cycle, and none for using a let in a cycle */
    expect_counts(&c, 3, 0);
    assert_int_equal(c.r->let_kinds[6]->tag, KIND_BOOL);
    release(&c);
}

/* ---- won() and agency-level categories ---- */

static const char SCORED[] =
    "  score sc out of 100 {\n    x out of 100\n  }\n"       /* 16-18 */
    "  tiers tt on sc {\n"                                     /* 19 */
    "    high at least 80\n    low otherwise\n  }\n"           /* 20-22 */
    "  category 1 c {\n    require b\n    scored by sc, tiers tt\n  }\n"   /* 23-26 */
    "  category 2 u {\n    require n > 1\n  }\n";             /* 27-29 */

static Checked check_scored(const char *more)
{
    char body[4096];
    snprintf(body, sizeof body, "%s%s", SCORED, more);
    return check_body(body);
}

static void test_won(void **state)
{
    (void)state;
    /* outside a per-agency category */
    Checked c = check_scored("  category 3 v {\n    require won(c, high)\n  }\n");   /* 31 */
    assert_false(c.ok);
    expect_out(&c, "t.award:31:13: error: won(...) can only be used in a category decided `per agency`\n");
    expect_counts(&c, 1, 0);
    release(&c);

    /* in a let, even one a per-agency category uses */
    c = check_scored("  let w = won(c, high)\n  category 3 v per agency {\n    require won(c, high)\n  }\n");
    expect_out(&c, "t.award:30:11: error: won(...) can only be used in a category decided `per agency`\n");
    expect_counts(&c, 1, 0);
    release(&c);

    c = check_scored("  category 3 pa per agency {\n"
                     "    require won(cc, high)\n"         /* 31 */
                     "    require won(zz, high)\n"         /* 32 */
                     "    require won(c, hig)\n"           /* 33 */
                     "    require won(c, nope)\n"          /* 34 */
                     "    require won(u, high)\n"          /* 35 */
                     "    require won(pa, awarded)\n"      /* 36 */
                     "    require won(c)\n"                /* 37 */
                     "    require b\n"                     /* 38 */
                     "    require won(u, awarded) and not won(c, low)\n"
                     "  }\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:31:17: error: unknown category `cc`; did you mean `c`?\n");
    expect_out(&c, "t.award:32:17: error: unknown category `zz`\n");
    expect_out(&c, "t.award:33:20: error: category `c` has no tier `hig`; did you mean `high`?\n");
    expect_out(&c, "t.award:34:20: error: category `c` has no tier `nope` (its tiers are `tt`)\n");
    expect_out(&c, "t.award:35:20: error: category `u` is not scored: the only tier it gives is `awarded`\n");
    expect_out(&c, "t.award:36:17: error: `pa` is itself decided per agency; won(...) looks at application categories\n");
    expect_out(&c, "t.award:37:13: error: won takes a category and a tier, as in won(standard, outstanding)\n");
    expect_out(&c, "t.award:38:13: error: category `pa` is decided per agency, from the results of its "
                   "applications; it cannot read `b` (use won(category, tier))\n");
    expect_counts(&c, 8, 0);
    release(&c);

    /* reading a let or a field through present() is reading too */
    c = check_scored("  let l = b\n"
                     "  category 3 pa per agency {\n"
                     "    require l\n"                     /* 32 */
                     "    require present(oy)\n"           /* 33 */
                     "  }\n");
    expect_out(&c, "t.award:32:13: error: category `pa` is decided per agency, from the results of its "
                   "applications; it cannot read `l` (use won(category, tier))\n");
    expect_out(&c, "it cannot read `oy`");
    release(&c);

    /* a per-agency category is not scored, needs `agency`, and says so when
     * it has no conditions */
    c = check_scored("  category 3 pa per agency {\n    scored by sc, tiers tt\n  }\n");
    expect_out(&c, "t.award:31:15: error: a category decided per agency is not scored\n");
    expect_out(&c, "t.award:30:14: warning: category `pa` has no conditions: every agency gets it\n");
    release(&c);

    c = check_text("award t {\n  year 2558 BE\n  input {\n    id text\n    type category\n  }\n"
                   "  category 1 a {\n    require true\n  }\n"
                   "  category 2 pa per agency {\n    require won(a, awarded)\n  }\n}\n");
    expect_out(&c, "t.award:10:14: error: category `pa` is decided per agency: declare the field `agency text`\n");
    release(&c);
}

static void test_present(void **state)
{
    (void)state;
    Checked c = check_body("  let l = 1\n"
                           "  category 1 c {\n"
                           "    require present(x)\n"      /* 18 */
                           "    require present(oy)\n"     /* 19 */
                           "    require present(l)\n"      /* 20 */
                           "    require present(1)\n"      /* 21 */
                           "  }\n");
    expect_out(&c, "t.award:18:21: warning: `x` is not declared optional, so it is always present when this is evaluated\n");
    expect_not_out(&c, "`oy` is not declared optional");
    expect_out(&c, "t.award:20:21: error: present(...) asks about a field; `l` is not one\n");
    expect_out(&c, "t.award:21:13: error: present takes the name of an optional field, as in present(outstanding_year)\n");
    expect_counts(&c, 2, 1);
    release(&c);

    /* a warning alone leaves the rules usable */
    c = check_body("  category 1 c {\n    require present(x) and present(oy) and b\n  }\n");
    assert_true(c.ok);
    expect_counts(&c, 0, 1 + 5);   /* present(x), and n s lvl ys d that no category reads */
    expect_out(&c, "t.award:17:21: warning: `x` is not declared optional");
    release(&c);
}

/* ---- scores ---- */

static void test_score_places(void **state)
{
    (void)state;
    Checked c = check_body("  score s1 out of 100 {\n"           /* 16 */
                           "    p out of 50 = x * 0.5 * 0.1\n"
                           "    q out of 50 = x / 2\n"
                           "  }\n"
                           "  score s2 out of 100 {\n"           /* 20 */
                           "    p out of 100 = x / 3\n"
                           "  }\n"
                           "  score s3 out of 100, round 2 half-up {\n"
                           "    p out of 100 = x / 8\n"       /* 5 places, rounded */
                           "  }\n"
                           "  score s4 out of 100 {\n"
                           "    p out of 50 = round(x / 3, 2, half-even)\n"
                           "    q out of 50 = x / 8 * 8\n"      /* 5 places */
                           "  }\n"
                           "  score s5 out of 100 {\n"          /* 30 */
                           "    p out of 100 = x / 2.5\n"       /* 2 + 1 places */
                           "  }\n"
                           "  tiers tt on s1, s2, s3, s4, s5 {\n    all_ at least 0\n  }\n"
                           "  category 1 c1 {\n    scored by s1, tiers tt\n  }\n"
                           "  category 2 c2 {\n    scored by s2, tiers tt\n  }\n"
                           "  category 3 c3 {\n    scored by s3, tiers tt\n  }\n"
                           "  category 4 c4 {\n    scored by s4, tiers tt\n  }\n"
                           "  category 5 c5 {\n    scored by s5, tiers tt\n  }\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:16:9: error: score `s1` can have 4 decimal places, but results are reported with 2; "
                   "round it: `out of ..., round 2 half-up` (or half-even, up, down)\n");
    /* the division that may not end is named where it is, with the cure */
    expect_out(&c, "t.award:21:20: error: `x / 3` may not give an exact decimal (only dividing by a number "
                   "made of 2s and 5s always does); round it where it is made, e.g. round(x / 3, 2, half-up), "
                   "or compare by multiplying instead\n"
                   "   21 |     p out of 100 = x / 3\n"
                   "      |                    ^~~~~\n");
    expect_out(&c, "score `s4` can have 5 decimal places");
    expect_out(&c, "t.award:30:9: error: score `s5` can have 3 decimal places");
    expect_not_out(&c, "`s3`");
    expect_not_out(&c, "x / 8");
    expect_counts(&c, 4, 0);
    assert_int_equal(c.r->scores[2]->max_places, 2);
    assert_int_equal(c.r->scores[0]->max_places, 4);
    assert_int_equal(c.r->scores[4]->max_places, 3);
    release(&c);

    /* with precision 3 a decimal field has 3 places, and the advice
     * follows the precision */
    static const char P3[] =
        "award t {\n  year 2558 BE\n  precision 3\n"
        "  input {\n    id text\n    type category\n    x decimal 0 to 100\n  }\n"
        "  score s out of 100%s {\n    p out of 50 = x / 2\n    q out of 50 = round(x / 2, 1, up)\n  }\n"
        "  tiers tt on s {\n    all_ at least 0\n  }\n"
        "  category 1 c {\n    scored by s, tiers tt\n  }\n}\n";
    char text[1024];
    snprintf(text, sizeof text, P3, "");
    c = check_text(text);
    expect_counts(&c, 1, 0);
    expect_out(&c, "t.award:9:9: error: score `s` can have 4 decimal places, but results are reported with 3; "
                   "round it: `out of ..., round 3 half-up` (or half-even, up, down)\n");
    assert_int_equal(c.r->scores[0]->max_places, 4);
    release(&c);
    snprintf(text, sizeof text, P3, ", round 3 half-up");
    c = check_text(text);
    expect_counts(&c, 0, 0);
    assert_int_equal(c.r->scores[0]->max_places, 3);
    release(&c);
}

/* Regression (found by this suite, since fixed): a division that may not terminate, inside a score that is rounded
 * as a whole (`out of 100, round 2 half-up`), passes the checker: the new
 * inexact_div check in check_score only runs when max_places exceeds the
 * precision, and the score's rounding already brought max_places down to
 * 2.  But the evaluator computes x / 3 exactly (dec_div) before any
 * rounding, so every application whose x is not a multiple of 3 gets the
 * data error "`x / 3` does not give an exact decimal (wrap it in
 * round(...))".  Reproduction:
 *     score s out of 100, round 2 half-up {
 *       p out of 100 = x / 3
 *     }
 * checks clean; evaluating x = 1 is a data error. */
static void test_bug_rounded_score_with_inexact_division(void **state)
{
    (void)state;
    Checked c = check_body("  score s out of 100, round 2 half-up {\n"
                           "    p out of 100 = x / 3\n"          /* 17 */
                           "  }\n"
                           "  tiers tt on s {\n    all_ at least 0\n  }\n"
                           "  category 1 c {\n    scored by s, tiers tt\n  }\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:17:20: error: `x / 3` may not give an exact decimal");
    release(&c);
}

static void test_score_sums_and_bounds(void **state)
{
    (void)state;
    Checked c = check_body("  score sc out of 100, round 2 half-up {\n"   /* 16 */
                           "    x out of 50\n"                   /* 17 */
                           "    n out of 40\n"                   /* 18 */
                           "    w weight 10 = x\n"               /* 19 */
                           "    bonus 10 when b\n"
                           "    grp out of 20 {\n"               /* 21 */
                           "      w2 weight 5 = x / 100\n"
                           "      w3 weight 10 = x / 100\n"
                           "    }\n"
                           "  }\n"
                           "  tiers tt on sc {\n    all_ at least 0\n  }\n"
                           "  category 1 c {\n    scored by sc, tiers tt\n  }\n");
    assert_true(c.ok);
    expect_out(&c, "t.award:17:5: warning: `x` can be as much as 100, more than the 50 it is out of\n");
    expect_out(&c, "t.award:18:5: warning: `n` has no upper bound; declare its range (0 to 40) so that bad data "
                   "is caught where it is read\n");
    expect_out(&c, "t.award:19:19: warning: with `weight`, the value is the share of the weight earned, from 0 "
                   "to 1; this one can reach 100\n");
    expect_out(&c, "t.award:21:5: warning: the items of `grp` add up to 15, but it is out of 20\n");
    expect_out(&c, "t.award:16:9: warning: the items of `sc` add up to 120, but it is out of 100\n");
    expect_out(&c, "t.award:16:9: warning: with its bonus `sc` can reach 130, over the 100 it is out of; add "
                   "`, capped` to cut it there (an application over it gets an error)\n");
    /* x / 100 is at most 1: no weight warning for w2, w3 */
    expect_not_out(&c, "t.award:22:");
    expect_not_out(&c, "t.award:23:");
    release(&c);

    /* bonuses are named after their group, so that two get two columns */
    c = check_body("  score sc out of 100, capped {\n"
                   "    x out of 100\n"
                   "    bonus 10 when b\n"
                   "    bonus 5 when n > 3\n"
                   "    g out of 10, capped {\n      bonus 10 when b\n    }\n"
                   "  }\n"
                   "  tiers tt on sc {\n    all_ at least 0\n  }\n"
                   "  category 1 c {\n    scored by sc, tiers tt\n  }\n");
    assert_true(c.ok);
    assert_int_equal(c.r->nnodes, 6);
    assert_string_equal(c.r->nodes[2]->name, "sc_bonus");
    assert_string_equal(c.r->nodes[3]->name, "sc_bonus2");
    assert_string_equal(c.r->nodes[5]->name, "g_bonus");
    assert_int_equal(c.r->ncolumns, 5);
    assert_int_equal(c.r->nodes[3]->column, 2);
    assert_int_equal(c.r->nodes[5]->column, 4);
    release(&c);

    /* the bonus warning goes when the group is capped */
    c = check_body("  score sc out of 100, capped {\n"
                   "    x out of 100\n"
                   "    bonus 10 when b\n"
                   "  }\n"
                   "  tiers tt on sc {\n    all_ at least 0\n  }\n"
                   "  category 1 c {\n    scored by sc, tiers tt\n  }\n");
    expect_not_out(&c, "with its bonus");
    expect_not_out(&c, "add up to");
    release(&c);

    /* a leaf that reads a field of another kind; a group with no items */
    c = check_body("  score sc out of 100 {\n    b out of 50\n    e out of 50 {\n    }\n  }\n"
                   "  tiers tt on sc {\n    all_ at least 0\n  }\n"
                   "  category 1 c {\n    scored by sc, tiers tt\n  }\n");
    expect_out(&c, "t.award:17:5: error: score item `b` reads `b`, which is bool, not a number\n");
    expect_out(&c, "t.award:18:5: error: `e` has no items to add up\n");
    release(&c);
}

/* The public-service score without `, capped` on Part 1: the checker must
 * see that the bonus can take it to 650. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run the tests from the repository root)", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t len = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(len);
    assert_non_null(out);
    snprintf(out, len, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

static void test_shipped_bonus_needs_cap(void **state)
{
    (void)state;
    char *text = slurp("rules/2558/public-service.award");
    char *uncapped = replace(text, "out of 600, capped {", "out of 600 {");
    Checked c = check_text(uncapped);
    assert_true(c.ok);
    expect_counts(&c, 0, 1);
    expect_out(&c, "warning: with its bonus `part1` can reach 650, over the 600 it is out of; add `, capped`");
    release_only(&c);
    free(uncapped);

    /* and a weight changed in participatory: the parts no longer add up */
    free(text);
    text = slurp("rules/2558/participatory.award");
    char *changed = replace(text, "weight 55 = i8 / 5", "weight 54 = i8 / 5");
    c = check_text(changed);
    assert_true(c.ok);
    expect_counts(&c, 0, 1);
    expect_out(&c, "warning: the items of `success` add up to 79, but it is out of 80\n");
    release_only(&c);
    free(changed);
    free(text);
    assert_int_equal(mem_live_blocks(), baseline);
}

/* ---- conditions that cannot vary ---- */

static void test_condition_ranges(void **state)
{
    (void)state;
    Checked c = check_body("  let pct = x\n"
                           "  category 1 c {\n"
                           "    require x >= 150\n"          /* 18 */
                           "    require x <= 100\n"          /* 19 */
                           "    require x > 100\n"           /* 20 */
                           "    require x < 0\n"             /* 21 */
                           "    require n >= 0\n"            /* 22 */
                           "    require n = -1\n"            /* 23 */
                           "    require b or x / 2 > 50\n"   /* 24 */
                           "    require pct + 10 >= 111\n"   /* 25 */
                           "    require x >= 80\n"           /* 26: fine */
                           "    require x > 0 and n < 1000\n"
                           "    require year - 2 >= 2550\n"  /* constant: not a warning */
                           "  }\n");
    assert_true(c.ok);
    expect_out(&c, "t.award:18:13: warning: this condition can never hold: the left side is always from 0 to 100\n"
                   "   18 |     require x >= 150\n"
                   "      |             ^~~~~~~~\n");
    expect_out(&c, "t.award:19:13: warning: this condition always holds: the left side is always from 0 to 100\n");
    expect_out(&c, "t.award:20:13: warning: this condition can never hold: the left side is always from 0 to 100\n");
    expect_out(&c, "t.award:21:13: warning: this condition can never hold: the left side is always from 0 to 100\n");
    expect_out(&c, "t.award:22:13: warning: this condition always holds: the left side is never below 0\n");
    expect_out(&c, "t.award:23:13: warning: this condition can never hold: the left side is never below 0\n");
    expect_out(&c, "t.award:24:18: warning: this condition can never hold: the left side is always from 0 to 50\n");
    expect_out(&c, "t.award:25:13: warning: this condition can never hold: the left side is always from 10 to 110\n");
    expect_not_out(&c, "t.award:26:");
    expect_not_out(&c, "t.award:27:");
    expect_not_out(&c, "t.award:28:");
    /* 8 of those, and 5 fields nobody reads (s, lvl, oy, ys, d) */
    expect_counts(&c, 0, 8 + 5);
    release(&c);
}

/* Regression (found by this suite, since fixed): check_condition_range (check.c) formats the bounds of the left side
 * for its message before knowing whether there is one to give, and when
 * the left side has neither bound it prints the uninitialised buffer `hi`
 * with %s ("never above %s"): a read of uninitialised stack memory, which
 * can run past the buffer if it holds no zero byte.  Every comparison with
 * a constant whose left side has no known bounds does it, the shipped
 * public-service file included (`year - invented_year <= 3`), so `award
 * check rules/2558/public-service.award` under valgrind reports
 * "Conditional jump or move depends on uninitialised value(s)" in strlen
 * called from snprintf in check_condition_range, and so does every test
 * that checks it (test_check, test_eval) under `make valgrind`.  Nothing is
 * printed from the buffer, so only valgrind (or MSan) shows this. */
static void test_bug_unbounded_condition_reads_uninitialised(void **state)
{
    (void)state;
    Checked c = check_body("  category 1 c {\n    require year - oy <= 3 and s = \"x\"\n  }\n");
    expect_counts(&c, 0, 6);
    release(&c);
}

/* ---- tiers ---- */

/* A 3-place score: an integer from 0 to 1000 over 1000, times 100. */
static const char GAP_TEXT[] =
    "award g {\n"
    "  year 2558 BE\n"
    "  precision %d\n"
    "  input {\n    id text\n    type category\n    k integer 0 to 1000\n  }\n"
    "  score s out of 100%s {\n    a weight 100 = k / 1000\n  }\n"     /* 9 */
    "  tiers t on s {\n"                                                /* 12 */
    "    fail from 0 to 79.99\n"
    "    good from 80 to 89.99\n"
    "    top from 90 to 100\n"
    "  }\n"
    "  category 1 c {\n    scored by s, tiers t\n  }\n"
    "}\n";

static Checked check_gap(int precision, const char *opts)
{
    char text[1024];
    snprintf(text, sizeof text, GAP_TEXT, precision, opts);
    return check_text(text);
}

static void test_tier_gaps(void **state)
{
    (void)state;
    /* precision 3: the score is fine, and 89.99 .. 90 holds 89.991 to 89.999 */
    Checked c = check_gap(3, "");
    assert_true(c.ok);
    assert_int_equal(c.r->scores[0]->max_places, 3);
    expect_counts(&c, 0, 2);
    expect_out(&c, "t.award:12:9: warning: a `s` from 79.991 to 79.999 falls in no tier of `t`\n"
                   "   12 |   tiers t on s {\n"
                   "      |         ^\n"
                   "t.award:12:9: warning: a `s` from 89.991 to 89.999 falls in no tier of `t`\n");
    /* with as many places as the report has, no note about rounding */
    expect_not_out(&c, "note:");
    release(&c);

    /* precision 2 and the same unrounded score: an error for the places,
     * the same gaps, and a note saying how to close them */
    c = check_gap(2, "");
    assert_false(c.ok);
    expect_counts(&c, 1, 2);
    expect_out(&c, "t.award:9:9: error: score `s` can have 3 decimal places, but results are reported with 2");
    expect_out(&c, "t.award:12:9: warning: a `s` from 89.991 to 89.999 falls in no tier of `t`\n"
                   "   12 |   tiers t on s {\n"
                   "      |         ^\n"
                   "      = note: `s` can have 3 decimal places; rounding it to 2, or tiers written with "
                   "`at least`, close the gap\n");
    release(&c);

    /* rounded to 2 places: the ranges meet, no gap */
    c = check_gap(2, ", round 2 half-up");
    assert_true(c.ok);
    assert_int_equal(c.r->scores[0]->max_places, 2);
    expect_counts(&c, 0, 0);
    release(&c);

    /* gaps at the bottom and the top, and one a single step wide */
    c = check_text("award g {\n  year 2558 BE\n"
                   "  input {\n    id text\n    type category\n    x decimal 0 to 100\n  }\n"
                   "  score s out of 100 {\n    x out of 100\n  }\n"
                   "  tiers t on s {\n"                          /* 11 */
                   "    low from 10 to 50\n"
                   "    mid from 50.02 to 90\n"
                   "    high from 90.01 to 99\n"
                   "  }\n"
                   "  category 1 c {\n    scored by s, tiers t\n  }\n}\n");
    expect_out(&c, "t.award:11:9: warning: a `s` from 0.00 to 9.99 falls in no tier of `t`\n");
    expect_out(&c, "t.award:11:9: warning: a `s` of 50.01 falls in no tier of `t`\n");
    expect_out(&c, "t.award:11:9: warning: a `s` from 99.01 to 100.00 falls in no tier of `t`\n");
    expect_counts(&c, 0, 3);
    release(&c);

    /* `at least` or `otherwise` leave nothing out */
    c = check_text("award g {\n  year 2558 BE\n"
                   "  input {\n    id text\n    type category\n    x decimal 0 to 100\n  }\n"
                   "  score s out of 100 {\n    x out of 100\n  }\n"
                   "  tiers t on s {\n    high at least 90\n    mid from 10 to 89.99\n    low otherwise\n  }\n"
                   "  tiers u on s {\n    high at least 90\n    mid from 0 to 89.99\n  }\n"
                   "  category 1 c {\n    scored by s, tiers t\n  }\n"
                   "  category 2 e {\n    scored by s, tiers u\n  }\n}\n");
    expect_counts(&c, 0, 0);
    release(&c);
}

static void test_tier_order(void **state)
{
    (void)state;
    Checked c = check_scored("  tiers t2 on sc {\n"            /* 30 */
                             "    high at least 50\n"         /* 31 */
                             "    mid at least 60\n"          /* 32 */
                             "    rest otherwise\n"           /* 33 */
                             "    late at least 10\n"         /* 34 */
                             "    back from 90 to 80\n"       /* 35 */
                             "    ineligible at least 1\n"    /* 36 */
                             "    top at least 200\n"         /* 37 */
                             "  }\n"
                             "  category 3 c3 {\n    scored by sc, tiers t2\n  }\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:32:5: warning: tier `mid` is never given: `high` before it takes every score from 50\n");
    expect_out(&c, "t.award:34:5: error: tier `late` comes after `otherwise` and can never be given\n");
    expect_out(&c, "t.award:35:5: error: tier `back` runs from 90 down to 80: write the smaller number first\n");
    expect_out(&c, "t.award:36:5: error: `ineligible` is a result the tool gives by itself; name this tier otherwise\n");
    expect_out(&c, "t.award:37:5: warning: tier `top` starts at 200, but `sc` is out of 100: it is never given\n");
    release(&c);

    c = check_scored("  tiers t2 on sc {\n    a from 0 to 60\n    b from 50 to 100\n  }\n"   /* 31, 32 */
                     "  category 3 c3 {\n    scored by sc, tiers t2\n  }\n");
    expect_out(&c, "t.award:32:5: warning: tier `b` overlaps `a`; scores in both get `a`, listed first\n");
    expect_counts(&c, 0, 1 + 5);    /* and s lvl oy ys d, which no category reads */
    release(&c);

    /* a tier table on another score than the category's */
    c = check_scored("  score other out of 100 {\n    x out of 100\n  }\n"
                     "  category 3 c3 {\n    scored by other, tiers tt\n  }\n");   /* 34 */
    assert_false(c.ok);
    expect_out(&c, "t.award:34:28: error: tier table `tt` grades `sc`, not `other`\n"
                   "   34 |     scored by other, tiers tt\n"
                   "      |                            ^~\n"
                   "t.award:19:15: note: `tt` says what it grades here\n");
    expect_counts(&c, 1, 0);
    release(&c);

    c = check_scored("  score other out of 100 {\n    x out of 100\n  }\n"
                     "  score third out of 100 {\n    x out of 100\n  }\n"
                     "  tiers t2 on other, sc {\n    z at least 0\n  }\n"
                     "  category 3 c3 {\n    scored by third, tiers t2\n  }\n");   /* 40 */
    expect_out(&c, "t.award:40:28: error: tier table `t2` grades other scores, such as `other`, not `third`\n");
    release(&c);
}

/* Regression (found by this suite, since fixed): after one unreachable `at least` tier, the next one is explained by
 * the unreachable one: "tier `top` is never given: `mid` before it takes
 * every score from 60", though `mid` takes nothing and `high` (from 50)
 * is what shadows both; check_tiers sets prev_at_least to every `at least`
 * entry, reachable or not.  Reproduction (tiers on a score out of 100):
 *     high at least 50
 *     mid  at least 60
 *     top  at least 70
 * gives the message above for `top`. */
static void test_bug_unreachable_tier_blames_unreachable(void **state)
{
    (void)state;
    Checked c = check_scored("  tiers t2 on sc {\n    high at least 50\n    mid at least 60\n    top at least 70\n  }\n"
                             "  category 3 c3 {\n    scored by sc, tiers t2\n  }\n");
    expect_out(&c, "tier `top` is never given: `high` before it takes every score from 50");
    release(&c);
}

/* ---- inputs ---- */

static void test_input_declarations(void **state)
{
    (void)state;
    Checked c = check_text("award t {\n  year 2558 BE\n"
                           "  input {\n"
                           "    id integer\n"                  /* 4 */
                           "    agency bool\n"                 /* 5 */
                           "    type category\n"
                           "    kind category\n"               /* 7 */
                           "    s text 0 to 5\n"               /* 8 */
                           "    r decimal 10 to 5\n"           /* 9 */
                           "    me integer 0 to me\n"          /* 10 */
                           "    cats list of category\n"       /* 11 */
                           "    lb integer 0 to lim\n"         /* 12 */
                           "  }\n"
                           "  let lim = 5\n"
                           "  category 1 c {\n    require true\n  }\n}\n");
    assert_false(c.ok);
    expect_out(&c, "t.award:4:8: error: the application id must be text\n");
    expect_out(&c, "t.award:5:12: error: the agency code must be text\n");
    expect_out(&c, "t.award:7:5: error: only one field picks the category; `type` already does\n");
    expect_out(&c, "t.award:8:7: error: only numbers have a range, and `s` is text\n");
    expect_out(&c, "t.award:9:5: error: the range of `r` is empty: it starts above where it ends\n");
    expect_out(&c, "t.award:10:21: error: a field's range cannot depend on the field itself\n");
    expect_out(&c, "t.award:11:10: error: a list of categories is not a field kind\n");
    expect_out(&c, "t.award:12:21: error: a range bound is a number or another field\n");
    release(&c);

    c = check_text("award t {\n  year 2558 BE\n  input {\n    x bool\n  }\n"
                   "  category 1 c {\n    require x\n  }\n}\n");
    expect_out(&c, "t.award:1:7: error: declare the application id: an input `id text`\n");
    expect_out(&c, "t.award:1:7: error: declare which field picks the category, e.g. `type category`\n");
    expect_counts(&c, 2, 0);
    release(&c);

    c = check_text("award t {\n  input {\n    id text\n  }\n}\n");
    expect_out(&c, "t.award:1:7: error: say which year the award is for, e.g. `year 2558 BE`\n");
    expect_out(&c, "t.award:1:7: warning: award `t` has no categories\n");
    release(&c);
}

static void test_unused_fields(void **state)
{
    (void)state;
    Checked c = check_body("  score sc out of 100 {\n    x out of 100\n  }\n"
                           "  score spare out of 100 {\n    x out of 100\n  }\n"   /* 19 */
                           "  tiers tt on sc, spare {\n    all_ at least 0\n  }\n"
                           "  category 1 c {\n    require b\n    scored by sc, tiers tt\n  }\n");
    assert_true(c.ok);
    /* id, agency and type are never "unused" */
    expect_not_out(&c, "`id` is declared");
    expect_not_out(&c, "`agency` is declared");
    expect_not_out(&c, "`type` is declared");
    expect_not_out(&c, "`x` is declared");
    expect_not_out(&c, "`b` is declared");
    expect_out(&c, "t.award:8:5: warning: the field `n` is declared but no category reads it\n");
    expect_out(&c, "t.award:14:5: warning: the field `d` is declared but no category reads it\n");
    expect_out(&c, "t.award:19:9: warning: no category is scored by `spare`\n");
    expect_counts(&c, 0, 1 + 6);    /* n s lvl oy ys d */
    release(&c);

    /* a field read only as another's range bound is read */
    c = check_text("award t {\n  year 2558 BE\n"
                   "  input {\n    id text\n    type category\n    tot integer >= 0\n    part integer 0 to tot\n  }\n"
                   "  category 1 c {\n    require part >= 2\n  }\n}\n");
    expect_counts(&c, 0, 0);
    release(&c);
}

/* ---- the shipped rule files ---- */

static Checked load(const char *path)
{
    Checked c = { 0 };
    c.d = diag_new();
    c.r = check_load(path, c.d);
    c.out = render(c.d);
    c.ok = diag_count(c.d, DIAG_ERROR) == 0;
    return c;
}

static void test_shipped_files_check_clean(void **state)
{
    (void)state;
    Checked c = load("rules/2558/public-service.award");
    assert_non_null(c.r);
    if (errors(&c) || warnings(&c))
        fail_msg("public-service.award:\n%s", c.out);
    release(&c);
    c = load("rules/2558/participatory.award");
    assert_non_null(c.r);
    if (errors(&c) || warnings(&c))
        fail_msg("participatory.award:\n%s", c.out);
    release(&c);
}

static void test_load_missing_file(void **state)
{
    (void)state;
    Checked c = load("rules/2558/no-such-file.award");
    assert_null(c.r);
    expect_counts(&c, 1, 0);
    /* no source to show: the path is in the message */
    expect_out(&c, "error: cannot read the rule file rules/2558/no-such-file.award: No such file or directory\n");
    release(&c);
}

/* The inputs `reads` marks for a category, as names, in slot order. */
static void assert_reads(const Rules *r, const char *cat_id, const char *const *want, size_t nwant)
{
    const CategoryDecl *c = category(r, cat_id);
    assert_non_null(c->reads);
    for (size_t i = 0; i < nwant; i++)
        if (!c->reads[input(r, want[i])->slot])
            fail_msg("category `%s` should read `%s`", cat_id, want[i]);
    size_t n = 0;
    for (size_t s = 0; s < r->ninputs; s++) {
        if (!c->reads[s])
            continue;
        n++;
        bool listed = false;
        for (size_t i = 0; i < nwant; i++)
            listed = listed || strcmp(want[i], r->inputs[s]->name) == 0;
        if (!listed)
            fail_msg("category `%s` should not read `%s`", cat_id, r->inputs[s]->name);
    }
    assert_int_equal(n, nwant);
}

#define SCORE_FIELDS "efficiency", "quality", "partnership", "access", "new_ideas", \
                     "objectives", "service_quality", "value", "sustainability",   \
                     "one_stop", "e_service", "database", "complaint_system", "transparency"
/* Form 3, read by every type decided per application at the completeness
 * stage (rules/2558/public-service.award, the end of the file) */
#define FORM3_FIELDS "form3_pages", "summary_pages", "q1", "q2", "q3", "q4", "q5", "q6_1", "q6_2", \
                     "q6_3", "q7", "q8", "q9", "q10"

static void test_public_service_facts(void **state)
{
    (void)state;
    Checked c = load("rules/2558/public-service.award");
    assert_true(c.ok);
    const Rules *r = c.r;
    assert_int_equal(r->slot_id, 0);
    assert_int_equal(r->slot_agency, 1);
    assert_int_equal(r->slot_type, 2);
    assert_true(r->has_agency_categories);
    assert_int_equal(r->max_var_depth, 1);
    for (size_t i = 0; i < r->ninputs; i++)
        assert_int_equal(r->inputs[i]->slot, i);
    assert_int_equal(r->let_kinds[0]->tag, KIND_BOOL);

    static const char *const standard[] = { "agency", "core_mission", "prior_award", "complaints",
                                            "unit_coverage_pct", "standard_pct", "months_in_use", SCORE_FIELDS,
                                            FORM3_FIELDS };
    assert_reads(r, "standard", standard, sizeof standard / sizeof standard[0]);
    assert_int_equal(sizeof standard / sizeof standard[0], 35);
    static const char *const integrated[] = { "agency", "partners_total", "partners_gov", "agreement",
                                              "objectives_met", "months_in_use", "joint_plan", SCORE_FIELDS,
                                              FORM3_FIELDS };
    assert_reads(r, "integrated", integrated, sizeof integrated / sizeof integrated[0]);
    static const char *const innovation[] = { "agency", "novel", "ip_protected", "invented_year",
                                              "months_in_use", "public_accepted", "improves_efficiency",
                                              SCORE_FIELDS, FORM3_FIELDS };
    assert_reads(r, "innovation", innovation, sizeof innovation / sizeof innovation[0]);
    static const char *const development[] = { "agency", "applies_tools", "months_in_use", "same_as_prior",
                                               "further_developed", SCORE_FIELDS,
                                               FORM3_FIELDS };
    assert_reads(r, "development", development, sizeof development / sizeof development[0]);
    static const char *const continuous[] = { "agency", "outstanding_year", "standard_kept", "reports_sent",
                                              FORM3_FIELDS };
    assert_reads(r, "continuous", continuous, sizeof continuous / sizeof continuous[0]);
    /* the agency-level category reads nothing of an application */
    assert_null(category(r, "excellent")->reads);

    /* categories: indices, scores and tiers tied up */
    for (size_t i = 0; i < r->ncategories; i++)
        assert_int_equal(r->categories[i]->index, i);
    assert_ptr_equal(category(r, "standard")->score, r->scores[0]);
    assert_ptr_equal(category(r, "development")->tiers, r->tiers[0]);
    assert_null(category(r, "continuous")->score);
    assert_null(category(r, "excellent")->score);
    assert_ptr_equal(r->tiers[0]->scores[0], r->scores[0]);

    /* nodes in tree order, each knowing its index; columns shared by name */
    static const char *const nodes[] = { "service", "part1", "efficiency", "quality", "partnership",
                                         "access", "new_ideas", "part1_bonus", "part2", "objectives",
                                         "service_quality", "value", "sustainability" };
    assert_int_equal(r->nnodes, 13);
    for (size_t i = 0; i < 13; i++) {
        assert_string_equal(r->nodes[i]->name, nodes[i]);
        assert_int_equal(r->nodes[i]->index, i);
    }
    assert_ptr_equal(r->nodes[0], r->scores[0]->root);
    assert_int_equal(r->ncolumns, 12);
    for (size_t i = 1; i < 13; i++) {
        assert_int_equal(r->nodes[i]->column, i - 1);
        assert_string_equal(r->columns[i - 1], nodes[i]);
    }
    assert_int_equal(r->scores[0]->max_places, 2);

    /* tier names: the distinct tier ids, then "awarded" */
    assert_int_equal(r->ntier_names, 4);
    assert_string_equal(r->tier_names[0], "outstanding");
    assert_string_equal(r->tier_names[1], "good");
    assert_string_equal(r->tier_names[2], "fail");
    assert_string_equal(r->tier_names[3], "awarded");
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(r->tiers[0]->entries[i].name_index, i);

    /* won() resolved to a category index and a tier-name index */
    const CategoryDecl *ex = category(r, "excellent");
    const Expr *w = ex->requires[1].cond;
    assert_int_equal(w->tag, EX_CALL);
    assert_int_equal(w->fn, FN_WON);
    assert_int_equal(w->won_cat, 1);
    assert_int_equal(w->won_tier, 0);
    const Expr *or = ex->requires[2].cond;
    assert_int_equal(or->tag, EX_OR);
    assert_int_equal(or->a->won_cat, 2);
    assert_int_equal(or->b->won_cat, 3);
    assert_int_equal(or->b->won_tier, 0);

    /* names resolved to slots, with kinds */
    const Expr *e = category(r, "innovation")->requires[1].cond;   /* year - invented_year <= 3 */
    assert_int_equal(e->tag, EX_LE);
    assert_int_equal(e->kind->tag, KIND_BOOL);
    assert_int_equal(e->a->kind->tag, KIND_INTEGER);
    assert_int_equal(e->a->b->ref, REF_INPUT);
    assert_int_equal(e->a->b->slot, input(r, "invented_year")->slot);
    assert_int_equal(e->a->b->kind->tag, KIND_YEAR);
    e = category(r, "standard")->requires[5].cond;                 /* in_use_a_year */
    assert_int_equal(e->ref, REF_LET);
    assert_int_equal(e->slot, 0);
    assert_int_equal(e->kind->tag, KIND_BOOL);
    e = category(r, "continuous")->requires[4].cond;               /* all y in ...: y in reports_sent */
    assert_int_equal(e->tag, EX_ALL);
    assert_int_equal(e->var_depth, 0);
    assert_int_equal(e->a->kind->tag, KIND_RANGE);
    assert_int_equal(e->b->a->ref, REF_VAR);
    assert_int_equal(e->b->a->slot, 0);
    assert_int_equal(e->b->a->kind->tag, KIND_INTEGER);
    assert_int_equal(e->b->b->kind->tag, KIND_LIST);
    assert_int_equal(e->b->b->kind->elem->tag, KIND_YEAR);
    /* a leaf that names its field gets an expression for it */
    const ScoreNode *eff = node(r, "service", "efficiency");
    assert_non_null(eff->expr);
    assert_int_equal(eff->expr->ref, REF_INPUT);
    assert_int_equal(eff->expr->slot, input(r, "efficiency")->slot);
    release(&c);
}

static void test_participatory_facts(void **state)
{
    (void)state;
    Checked c = load("rules/2558/participatory.award");
    assert_true(c.ok);
    const Rules *r = c.r;
    assert_false(r->has_agency_categories);
    static const char *const dev[] = { "agency", "applied_before", "core_mission", "urgent_policy",
                                       "i1", "i2", "i3", "i4", "i5", "i6", "i8", "i10" };
    assert_reads(r, "development", dev, sizeof dev / sizeof dev[0]);
    static const char *const exp[] = { "agency", "prior_level", "expanded_areas", "extended", "core_mission",
                                       "urgent_policy", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8",
                                       "i9", "i10" };
    assert_reads(r, "expansion", exp, sizeof exp / sizeof exp[0]);
    static const char *const exc[] = { "agency", "excellent_years", "new_projects", "core_mission" };
    assert_reads(r, "excellent", exc, sizeof exc / sizeof exc[0]);

    /* two trees, 11 and 13 nodes; same-named nodes share a column */
    assert_int_equal(r->nnodes, 24);
    for (size_t i = 0; i < r->nnodes; i++)
        assert_int_equal(r->nodes[i]->index, i);
    assert_string_equal(r->nodes[0]->name, "development_score");
    assert_string_equal(r->nodes[11]->name, "expansion_score");
    assert_int_equal(r->ncolumns, 12);
    static const char *const cols[] = { "capability", "policy", "culture", "mechanism", "civil_support",
                                        "success", "openness", "plan", "collaboration", "satisfaction",
                                        "expansion", "expansion_results" };
    for (size_t i = 0; i < 12; i++)
        assert_string_equal(r->columns[i], cols[i]);
    assert_int_equal(node(r, "expansion_score", "capability")->column, 0);
    assert_int_equal(node(r, "expansion_score", "collaboration")->column, 8);
    assert_int_equal(node(r, "expansion_score", "satisfaction")->column, 9);
    assert_int_equal(node(r, "expansion_score", "expansion")->column, 10);
    assert_int_equal(node(r, "development_score", "satisfaction")->column, 9);
    assert_int_equal(node(r, "development_score", "satisfaction")->index, 10);
    assert_int_equal(node(r, "expansion_score", "satisfaction")->index, 23);
    assert_int_equal(r->scores[0]->max_places, 2);
    assert_int_equal(r->scores[1]->max_places, 2);

    assert_int_equal(r->ntier_names, 5);
    static const char *const tiers[] = { "excellent", "good", "commendation", "fail", "awarded" };
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(r->tier_names[i], tiers[i]);
    assert_int_equal(r->tiers[0]->non, 2);
    assert_ptr_equal(r->tiers[0]->scores[1], r->scores[1]);

    /* the enumeration literal and the list it is looked for in */
    const Expr *e = category(r, "expansion")->requires[0].cond;
    assert_int_equal(e->tag, EX_IN);
    assert_int_equal(e->a->kind->tag, KIND_ENUM);
    assert_int_equal(e->a->kind->nnames, 4);
    assert_int_equal(e->b->kind->tag, KIND_LIST);
    assert_int_equal(e->b->kind->elem->tag, KIND_TEXT);
    release(&c);
}

/* Two rule files checked with one Diags: each message names its file. */
static void test_two_files_one_diags(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Rules *a = check_load("rules/2558/public-service.award", d);
    const char *bad = "award t {\n  year 2558 BE\n  input {\n    id text\n    type category\n  }\n"
                      "  category 1 c {\n    require nope\n  }\n}\n";
    Rules *b = rules_parse(d, "other.award", bad, strlen(bad));
    assert_false(check_rules(b, d));
    char *out = render(d);
    if (!strstr(out, "other.award:8:13: error: unknown name `nope`"))
        fail_msg("%s", out);
    assert_int_equal(diag_count(d, DIAG_ERROR), 1);
    free(out);
    rules_free(a);
    rules_free(b);
    diag_free(d);
    assert_int_equal(mem_live_blocks(), baseline);
}

/* ---- scale: checking is linear (or n log n) in the size of the file ---- */

/* A growing text for the big rule files below. */
typedef struct Big {
    char *s;
    size_t len, cap;
} Big;

static void big_add(Big *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void big_add(Big *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (b->s && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        b->cap = b->cap * 2 + (size_t)n + 4096;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
}

/* 200,000 lets and 2,000 categories, each let and category looked up by
 * name: every look-up and duplicate check used to scan the list, which
 * took over a minute for this file.  The duplicates at the end must still
 * be found, each once, at the later declaration. */
static void test_many_lets_and_categories(void **state)
{
    (void)state;
    Big b = { 0 };
    big_add(&b, "%s", HEAD);
    for (int i = 0; i < 200000; i++)
        big_add(&b, "  let l%d = n + %d\n", i, i);
    big_add(&b, "  let l5 = n\n");
    for (int i = 0; i < 2000; i++)
        big_add(&b, "  category %d c%d \"C\" {\n    require l%d > %d \"m\"\n  }\n", i + 1, i, i * 100,
                i * 100);
    big_add(&b, "  category 7 c9 \"C\" {\n    require l0 > 0 \"m\"\n  }\n}\n");
    Checked c = check_text(b.s);
    free(b.s);
    assert_int_equal(errors(&c), 3);
    expect_out(&c, "error: `l5` is defined twice");
    expect_out(&c, "error: category number 7 is used twice");
    expect_out(&c, "error: there is already a category `c9`");
    assert_int_equal(count_in(c.out, "is defined twice"), 1);
    release(&c);
}

/* A let built on the one before, 200,000 deep, in file order and the
 * other way round: the evaluator would recurse that deep, so it is an
 * error of the file (once), not a stack overflow here or later. */
static void test_let_chain_too_deep(void **state)
{
    (void)state;
    for (int reversed = 0; reversed < 2; reversed++) {
        Big b = { 0 };
        big_add(&b, "%s", HEAD);
        int n = 200000;
        for (int i = 0; i < n; i++) {
            if (i == 0)
                big_add(&b, "  let l%d = n\n", reversed ? n - 1 : 0);
            else if (reversed)
                big_add(&b, "  let l%d = l%d + 1\n", n - 1 - i, n - i);
            else
                big_add(&b, "  let l%d = l%d + 1\n", i, i - 1);
        }
        big_add(&b, "  category 1 one_c \"C\" {\n    require l%d > 0 \"m\"\n  }\n}\n", reversed ? 0 : n - 1);
        Checked c = check_text(b.s);
        free(b.s);
        assert_false(c.ok);
        assert_int_equal(errors(&c), 1);
        expect_out(&c, "is built on lets nested too deep (more than 2000 levels of expression in all");
        release(&c);
    }
}

/* Lets that each use the one before twice: the bounds and decimal places
 * of a let are worked out once, not once per path to it (2^60 paths). */
static void test_let_doubling_is_linear(void **state)
{
    (void)state;
    Big b = { 0 };
    big_add(&b, "%s", HEAD);
    big_add(&b, "  let a0 = x\n");
    for (int i = 1; i <= 60; i++)
        big_add(&b, "  let a%d = a%d + a%d\n", i, i - 1, i - 1);
    big_add(&b, "  score s \"S\" out of 100 {\n    a60 out of 100\n  }\n"
                "  tiers t on s {\n    ok at least 0\n  }\n"
                "  category 1 one_c \"C\" {\n    require a60 >= 0 \"m\"\n    scored by s, tiers t\n  }\n}\n");
    Checked c = check_text(b.s);
    free(b.s);
    assert_int_equal(errors(&c), 0);
    /* the bounds were followed through all 60 lets: 0 to 100 * 2^60 */
    expect_out(&c, "this condition always holds: the left side is always from 0 to 115292150460684697600");
    release(&c);
}

/* The walk of quantifiers: a range with constant ends too long to walk is
 * an error at the range; quantifiers inside one another that may pass the
 * work budget get a warning at the inner one; a let's quantifier is not
 * multiplied by the quantifier that reads the let. */
static void test_walk_bounds(void **state)
{
    (void)state;
    Checked c = check_body("  category 1 one_c \"C\" {\n"                              /* 16 */
                           "    require all a in 1 .. 1000000000000: a > n \"m\"\n"     /* 17 */
                           "    require n in 1 .. 1000000000000 \"m\"\n"                /* 18 */
                           "    require count(0 .. 1000000000000) > 1 \"m\"\n"          /* 19 */
                           "    require all a in year - 100000 .. year: a > n \"m\"\n"  /* 20 */
                           "  }\n");
    assert_int_equal(errors(&c), 2);
    expect_out(&c, "t.award:17:22: error: the range 1 .. 1000000000000 is too long to walk");
    expect_out(&c, "t.award:20:22: error: the range -97442 .. 2558 is too long to walk");
    release(&c);

    c = check_body("  let late = any y in ys: all z in 1 .. 1000: y > z\n"                 /* 16 */
                   "  category 1 one_c \"C\" {\n"                                         /* 17 */
                   "    require all a in 1 .. 100000: all c in 1 .. 1000: a + c > n \"m\"\n" /* 18 */
                   "    require any y in ys: any z in ys: y = z + 1 \"m\"\n"               /* 19 */
                   "    require all a in 1 .. 100: all c in 1 .. 100: a > c \"m\"\n"        /* 20 */
                   "    require all y in ys: late \"m\"\n"                                 /* 21 */
                   "  }\n");
    assert_int_equal(errors(&c), 0);
    assert_int_equal(count_in(c.out, "quantifiers inside one another may walk"), 3);
    expect_out(&c, "t.award:16:27: warning: quantifiers inside one another may walk up to 100000 x 1000 items");
    expect_out(&c, "t.award:18:35: warning: quantifiers inside one another may walk up to 100000 x 1000 items");
    expect_out(&c, "t.award:19:26: warning: quantifiers inside one another may walk up to 100000 x 100000 items");
    release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, start_test, end_test)
        T(test_unknown_names),
        T(test_kind_errors),
        T(test_enum_literals),
        T(test_duplicates),
        T(test_let_cycles),
        T(test_won),
        T(test_present),
        T(test_score_places),
        T(test_bug_rounded_score_with_inexact_division),
        T(test_score_sums_and_bounds),
        T(test_shipped_bonus_needs_cap),
        T(test_condition_ranges),
        T(test_bug_unbounded_condition_reads_uninitialised),
        T(test_tier_gaps),
        T(test_tier_order),
        T(test_bug_unreachable_tier_blames_unreachable),
        T(test_input_declarations),
        T(test_unused_fields),
        T(test_shipped_files_check_clean),
        T(test_load_missing_file),
        T(test_public_service_facts),
        T(test_participatory_facts),
        T(test_two_files_one_diags),
        T(test_many_lets_and_categories),
        T(test_let_chain_too_deep),
        T(test_let_doubling_is_linear),
        T(test_walk_bounds),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

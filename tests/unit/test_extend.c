/* test_extend.c -- unit tests for a later year's rules as changes to an
 * earlier year's (`extends`: load.c, extend.c, the soft words of
 * parser.y): every kind of change and what it does to the tree, the errors
 * and warnings a change gets and the file each points into, chains and
 * cycles, handles of conditions, `{id}` in messages, the literal-year
 * warning, and old rule files whose field names are the new words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "support.h"

#include "ast.h"
#include "check.h"
#include "diag.h"
#include "mem.h"

/* ---- files in a temporary directory ---- */

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/award-extend-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name)
{
    static char buf[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(path_of(name), "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

typedef struct Loaded {
    Diags *d;
    Rules *r;
    char *out;      /* every message, printed */
} Loaded;

static Loaded load(const char *name)
{
    Loaded l = { 0 };
    l.d = diag_new();
    l.r = check_load(path_of(name), l.d);
    diag_sort(l.d);
    l.out = render(l.d);
    return l;
}

static void release(Loaded *l)
{
    rules_free(l->r);
    diag_free(l->d);
    free(l->out);
}

static size_t errors(const Loaded *l) { return diag_count(l->d, DIAG_ERROR); }
static size_t warnings(const Loaded *l) { return diag_count(l->d, DIAG_WARNING); }

/* The message text contains `want` (with the temp dir written as `@`). */
static void expect_out(const Loaded *l, const char *want)
{
    char buf[1024];
    size_t n = 0;
    for (const char *p = want; *p && n + 70 < sizeof buf; p++) {
        if (*p == '@')
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", dir);
        else
            buf[n++] = *p;
    }
    buf[n] = '\0';
    if (!strstr(l->out, buf))
        fail_msg("expected in the messages:\n%s\ngot:\n%s", buf, l->out);
}

static const CategoryDecl *category(const Rules *r, const char *id)
{
    for (size_t i = 0; i < r->ncategories; i++)
        if (strcmp(r->categories[i]->id, id) == 0)
            return r->categories[i];
    return NULL;
}

static const ScoreNode *node(const ScoreNode *g, const char *name)
{
    for (size_t i = 0; i < g->nkids; i++) {
        if (strcmp(g->kids[i]->name, name) == 0)
            return g->kids[i];
        const ScoreNode *n = node(g->kids[i], name);
        if (n)
            return n;
    }
    return NULL;
}

static bool has_input(const Rules *r, const char *name)
{
    for (size_t i = 0; i < r->ninputs; i++)
        if (strcmp(r->inputs[i]->name, name) == 0)
            return true;
    return false;
}

/* ---- the earlier year ---- */

static const char BASE[] =
    "award prize \"รางวัล\" {\n"                                     /* 1 */
    "  year 2558 BE\n"                                               /* 2 */
    "  input {\n"                                                    /* 3 */
    "    id text\n"                                                  /* 4 */
    "    agency text\n"                                              /* 5 */
    "    type category\n"                                            /* 6 */
    "    months integer >= 0 \"เดือน\"\n"                            /* 7 */
    "    a decimal 0 to 60\n"                                        /* 8 */
    "    b decimal 0 to 40\n"                                        /* 9 */
    "    joint bool\n"                                               /* 10 */
    "    since optional year\n"                                      /* 11 */
    "  }\n"                                                          /* 12 */
    "  score s out of 100 {\n"                                       /* 13 */
    "    p1 out of 60, capped {\n"                                   /* 14 */
    "      a out of 60\n"                                            /* 15 */
    "      bonus 5 when joint\n"                                     /* 16 */
    "    }\n"                                                        /* 17 */
    "    b out of 40\n"                                              /* 18 */
    "  }\n"                                                          /* 19 */
    "  tiers levels on s {\n"                                        /* 20 */
    "    top \"ดีเด่น\" at least 80\n"                                /* 21 */
    "    fail otherwise\n"                                           /* 22 */
    "  }\n"                                                          /* 23 */
    "  category 1 std \"มาตรฐาน\" {\n"                                /* 24 */
    "    require months >= 12 \"ใช้จริง 1 ปี\"\n"                     /* 25 */
    "    require joint\n"                                            /* 26 */
    "    scored by s, tiers levels\n"                                /* 27 */
    "  }\n"                                                          /* 28 */
    "  category 2 best \"ยอดเยี่ยม\" per agency {\n"                  /* 29 */
    "    require won(std, top) \"ต้องได้{std} ระดับดีเด่น {{std}}\"\n"  /* 30 */
    "  }\n"                                                          /* 31 */
    "  category 3 cont \"ต่อเนื่อง\" {\n"                             /* 32 */
    "    require present(since)\n"                                   /* 33 */
    "    require recent: since >= 2555\n"                            /* 34 */
    "  }\n"                                                          /* 35 */
    "}\n";

static void test_base_alone(void **state)
{
    (void)state;
    write_file("base.award", BASE);
    Loaded l = load("base.award");
    assert_int_equal(errors(&l), 0);
    /* {std} is the category's title */
    assert_string_equal(category(l.r, "best")->requires[0].message, "ต้องได้มาตรฐาน ระดับดีเด่น {std}");
    /* handles: given, or the first name read when unique */
    const CategoryDecl *c = category(l.r, "std");
    assert_string_equal(c->requires[0].name, "months");
    assert_string_equal(c->requires[1].name, "joint");
    c = category(l.r, "cont");
    assert_string_equal(c->requires[0].name, "since");
    assert_string_equal(c->requires[1].name, "recent");
    assert_int_equal(l.r->nfiles, 1);
    release(&l);
}

static void test_every_kind_of_change(void **state)
{
    (void)state;
    write_file("base.award", BASE);
    write_file("next.award",
               "award prize \"รางวัลใหม่\" extends \"base.award\" {\n"          /* 1 */
               "  year 2565 BE\n"                                              /* 2 */
               "  input {\n"                                                   /* 3 */
               "    add crisis bool \"วิกฤต\"\n"                                /* 4 */
               "    change months integer >= 0 \"จำนวนเดือน\"\n"               /* 5 */
               "    change b decimal 0 to 30\n"                               /* 6 */
               "  }\n"                                                         /* 7 */
               "  change score s {\n"                                          /* 7 */
               "    change p1 out of 70 {\n"                                   /* 8 */
               "      change a out of 70\n"                                    /* 9 */
               "      change bonus 10\n"                                       /* 10 */
               "    }\n"                                                       /* 11 */
               "    change b out of 30\n"                                      /* 12 */
               "  }\n"                                                         /* 13 */
               "  change tiers levels {\n"                                     /* 14 */
               "    change top at least 85\n"                                  /* 15 */
               "    add good \"ดี\" at least 70\n"                              /* 16 */
               "  }\n"                                                         /* 17 */
               "  rename category std to standard\n"                           /* 18 */
               "  change category standard \"มาตรฐานใหม่\" {\n"                 /* 19 */
               "    change require months: months >= 6\n"                      /* 20 */
               "    remove require joint\n"                                    /* 21 */
               "    add require crisis \"ต่อเนื่องในภาวะวิกฤต\"\n"               /* 22 */
               "  }\n"                                                         /* 23 */
               "  change category cont {\n"                                    /* 24 */
               "    keep require recent\n"                                     /* 25 */
               "  }\n"                                                         /* 26 */
               "}\n");
    Loaded l = load("next.award");
    if (errors(&l) || warnings(&l))
        fail_msg("%s", l.out);
    const Rules *r = l.r;
    assert_int_equal(r->nfiles, 2);
    assert_int_equal(r->year_be, 2565);
    assert_int_equal(r->base_year_be, 2558);
    assert_string_equal(r->title, "รางวัลใหม่");
    assert_true(has_input(r, "crisis"));
    assert_string_equal(r->inputs[3]->label, "จำนวนเดือน");
    const ScoreNode *root = r->scores[0]->root;
    int64_t v = 0;
    assert_true(dec_to_int(node(root, "p1")->out_of, &v) && v == 70);
    assert_true(node(root, "p1")->capped);  /* what a change does not give is kept */
    assert_true(dec_to_int(node(root, "a")->out_of, &v) && v == 70);
    assert_true(dec_to_int(node(root, "b")->out_of, &v) && v == 30);
    const ScoreNode *p1 = node(root, "p1");
    assert_int_equal(p1->kids[1]->tag, NODE_BONUS);
    assert_true(dec_to_int(p1->kids[1]->out_of, &v) && v == 10);
    const TierDecl *t = r->tiers[0];
    assert_int_equal(t->nentries, 3);
    assert_string_equal(t->entries[0].id, "top");
    assert_true(dec_to_int(t->entries[0].lo, &v) && v == 85);
    assert_string_equal(t->entries[1].id, "good");  /* before `otherwise` */
    assert_string_equal(t->entries[2].id, "fail");
    assert_null(category(r, "std"));
    const CategoryDecl *c = category(r, "standard");
    assert_non_null(c);
    assert_string_equal(c->title, "มาตรฐานใหม่");
    assert_int_equal(c->nrequires, 2);
    assert_string_equal(c->requires[0].source, "months >= 6");
    assert_string_equal(c->requires[0].message, "ใช้จริง 1 ปี"); /* kept: not given */
    assert_string_equal(c->requires[1].name, "crisis");
    /* the rename followed into won() and {std}: the title is the new one */
    const CategoryDecl *best = category(r, "best");
    assert_string_equal(best->requires[0].message, "ต้องได้มาตรฐานใหม่ ระดับดีเด่น {std}");
    /* spans: inherited text in file 1, the change's text in file 0 */
    assert_int_equal(c->requires[0].span.file, 0);
    assert_int_equal(category(r, "cont")->requires[0].span.file, 1);
    release(&l);
}

static void test_chain_and_cycle(void **state)
{
    (void)state;
    write_file("base.award", BASE);
    write_file("y2565.award", "award prize extends \"base.award\" {\n  year 2565 BE\n"
                              "  change tiers levels {\n    change top at least 85\n  }\n}\n");
    write_file("y2566.award", "award prize extends \"y2565.award\" {\n  year 2566 BE\n"
                              "  change tiers levels {\n    change top at least 90\n  }\n"
                              "  change category cont {\n    keep require recent\n  }\n}\n");
    Loaded l = load("y2566.award");
    if (errors(&l) || warnings(&l))
        fail_msg("%s", l.out);
    int64_t v = 0;
    assert_true(dec_to_int(l.r->tiers[0]->entries[0].lo, &v) && v == 90);
    assert_int_equal(l.r->nfiles, 3);
    assert_int_equal(l.r->year_be, 2566);
    release(&l);

    write_file("c1.award", "award prize extends \"c2.award\" {\n  year 2566 BE\n}\n");
    write_file("c2.award", "award prize extends \"c1.award\" {\n  year 2565 BE\n}\n");
    l = load("c1.award");
    assert_int_equal(errors(&l), 1);
    expect_out(&l, "@/c2.award:1:21: error: these files extend one another in a circle: "
                   "@/c1.award extends @/c2.award extends @/c1.award");
    release(&l);

    write_file("self.award", "award prize extends \"self.award\" {\n}\n");
    l = load("self.award");
    assert_int_equal(errors(&l), 1);
    expect_out(&l, "in a circle: @/self.award extends @/self.award");
    release(&l);

    write_file("gone.award", "award prize extends \"nowhere.award\" {\n  year 2565 BE\n}\n");
    l = load("gone.award");
    assert_int_equal(errors(&l), 1);
    expect_out(&l, "@/gone.award:1:21: error: cannot read @/nowhere.award, the rule file this one extends: "
                   "No such file or directory");
    release(&l);
}

static void test_change_errors_point_into_the_right_file(void **state)
{
    (void)state;
    write_file("base.award", BASE);
    write_file("bad.award",
               "award prize extends \"base.award\" {\n"             /* 1 */
               "  year 2565 BE\n"                                   /* 2 */
               "  input {\n"                                        /* 3 */
               "    change monts integer >= 0\n"                    /* 4 */
               "    add joint bool\n"                               /* 5 */
               "    change a decimal 0 to 60\n"                     /* 6 */
               "  }\n"                                              /* 7 */
               "  change tiers levels {\n"                          /* 8 */
               "    change topp at least 90\n"                       /* 9 */
               "  }\n"                                              /* 10 */
               "  change score s {\n"                               /* 11 */
               "    change bonus 6\n"                               /* 12 */
               "  }\n"                                              /* 13 */
               "  category 9 extra {\n"                             /* 14 */
               "  }\n"                                              /* 15 */
               "  change category cont {\n"                         /* 16 */
               "    change require recnt: since >= 2560\n"          /* 17 */
               "  }\n"                                              /* 18 */
               "  remove category nothing\n"                        /* 19 */
               "}\n");
    Loaded l = load("bad.award");
    expect_out(&l, "@/bad.award:4:12: error: there is no field `monts` to change; did you mean `months`?");
    expect_out(&l, "@/bad.award:5:9: error: there is already a field `joint`: write `change` to change it");
    expect_out(&l, "@/base.award:10:5: note: `joint` is here");
    expect_out(&l, "@/bad.award:6:5: warning: this change makes no difference: the field `a` is already so");
    expect_out(&l, "@/base.award:8:5: note: as it was given here");
    expect_out(&l, "@/bad.award:9:12: error: there is no tier `topp` in `levels` to change; did you mean `top`?");
    expect_out(&l, "@/bad.award:12:12: error: `s` has no bonus of its own to change; the bonus is in `p1`");
    expect_out(&l, "@/bad.award:14:14: error: this file extends another, so it states changes: write "
                   "`add category extra ...` to add it");
    expect_out(&l, "@/bad.award:17:20: error: there is no condition `recnt` in category `cont` to change; "
                   "did you mean `recent`?");
    expect_out(&l, "@/bad.award:19:19: error: there is no category `nothing` to remove");
    assert_int_equal(errors(&l), 7);
    release(&l);
}

static void test_literal_year_warning(void **state)
{
    (void)state;
    write_file("base.award", BASE);
    write_file("moved.award", "award prize extends \"base.award\" {\n  year 2565 BE\n}\n");
    Loaded l = load("moved.award");
    assert_int_equal(errors(&l), 0);
    assert_int_equal(warnings(&l), 1);
    expect_out(&l, "@/base.award:34:30: warning: the year 2555 stays 2555 when the award year moves (2558 in the "
                   "file this one extends, 2565 here): to keep it 3 years before the award year, write "
                   "`year - 3`; if 2555 is meant, say `keep require recent` in `change category cont`");
    release(&l);

    /* the same year: nothing moved */
    write_file("same.award", "award prize extends \"base.award\" {\n  change tiers levels {\n"
                             "    change top at least 85\n  }\n}\n");
    l = load("same.award");
    assert_int_equal(errors(&l), 0);
    assert_int_equal(warnings(&l), 1);
    expect_out(&l, "@/same.award:1:7: warning: this file does not say its year, so it keeps 2558 BE of the file "
                   "it extends");
    release(&l);
}

static void test_handles(void **state)
{
    (void)state;
    write_file("base.award", BASE);
    /* `since` starts two conditions of cont only if `recent` had no name;
     * here present(since) is the only one: it is `since` */
    write_file("h.award", "award prize extends \"base.award\" {\n  year 2565 BE\n"
                          "  change category cont {\n    remove require since\n    keep require recent\n  }\n}\n");
    Loaded l = load("h.award");
    if (errors(&l) || warnings(&l))
        fail_msg("%s", l.out);
    assert_int_equal(category(l.r, "cont")->nrequires, 1);
    release(&l);

    write_file("amb.award", "award prize {\n  year 2558 BE\n  input {\n    id text\n    type category\n"
                            "    n integer\n  }\n  category 1 c {\n    require n > 1\n    require n < 9\n  }\n}\n");
    write_file("amb2.award", "award prize extends \"amb.award\" {\n  year 2565 BE\n"
                             "  change category c {\n    remove require n\n  }\n}\n");
    l = load("amb2.award");
    assert_int_equal(errors(&l), 1);
    expect_out(&l, "@/amb2.award:4:20: error: more than one condition of `c` starts with `n`");
    expect_out(&l, "@/amb.award:9:13: note: one of them");
    expect_out(&l, "@/amb.award:10:13: note: one of them");
    release(&l);

    write_file("dup.award", "award prize {\n  year 2558 BE\n  input {\n    id text\n    type category\n"
                            "    n integer\n  }\n  category 1 c {\n    require x: n > 1\n    require x: n < 9\n"
                            "  }\n}\n");
    l = load("dup.award");
    assert_int_equal(errors(&l), 1);
    expect_out(&l, "@/dup.award:10:13: error: two conditions of `c` are called `x`");
    release(&l);
}

static void test_category_title_in_messages(void **state)
{
    (void)state;
    write_file("t.award", "award prize {\n  year 2558 BE\n  input {\n    id text\n    type category\n  }\n"
                          "  category 1 c \"ชื่อ\" {\n    require true \"ดู {c} และ {cc} และ {{c}}\"\n  }\n}\n");
    Loaded l = load("t.award");
    assert_int_equal(errors(&l), 1);
    expect_out(&l, "@/t.award:8:29: error: `{cc}` names no category; did you mean `{c}`?");
    release(&l);
}

/* The new words are names everywhere they mean nothing: an old file with
 * fields called `add`, `change`, `extends` ... still reads. */
static void test_new_words_are_still_names(void **state)
{
    (void)state;
    write_file("old.award",
               "award extends \"x\" {\n  year 2558 BE\n  input {\n    id text\n    type category\n"
               "    add integer\n    change bool\n    remove bool\n    rename bool\n    keep bool\n"
               "    extends integer\n  }\n  let total = add + extends\n"
               "  category 1 c {\n    require change and not remove\n    require rename or keep\n"
               "    require total > 1\n  }\n}\n");
    Loaded l = load("old.award");
    if (errors(&l))
        fail_msg("%s", l.out);
    release(&l);
    /* in a file that extends, only at the start of an item */
    write_file("base.award", BASE);
    write_file("new.award", "award prize extends \"base.award\" {\n  year 2565 BE\n"
                            "  input {\n    add add bool\n    add change bool\n  }\n"
                            "  change category std {\n    add require add and change\n  }\n"
                            "  change category cont {\n    keep require recent\n  }\n}\n");
    l = load("new.award");
    if (errors(&l) || warnings(&l))
        fail_msg("%s", l.out);
    assert_true(has_input(l.r, "add"));
    assert_true(has_input(l.r, "change"));
    release(&l);
}


/* Every word of the language, as a field name: the words that mean
 * something only in their own place are names everywhere else (declared,
 * read in a condition, listed in `one of`); the others are refused with a
 * message that says so.  docs/language.md section 2 lists both. */
static void test_every_word_as_a_field_name(void **state)
{
    (void)state;
    static const char *const soft[] = {
        "text", "bool", "integer", "decimal", "date", "list", "one", "of", "optional", "out", "capped",
        "weight", "at", "least", "from", "to", "otherwise", "by", "per", "on", "note", "when",
        "extends", "add", "change", "remove", "rename", "keep",
    };
    static const char *const reserved[] = {
        "award", "year", "precision", "input", "category", "let", "score", "round", "bonus", "tiers",
        "require", "scored", "and", "or", "not", "in", "true", "false", "all", "any", "half-up", "half-even",
    };
    char text[1024];
    for (size_t i = 0; i < sizeof soft / sizeof soft[0]; i++) {
        const char *w = soft[i];
        snprintf(text, sizeof text,
                 "award a {\n  year 2558 BE\n  input {\n    id text\n    type category\n"
                 "    %s bool \"label\"\n    k one of x, %s\n  }\n  let v = %s\n"
                 "  category 1 c {\n    require %s\n    require v and %s\n    require k = \"%s\"\n  }\n}\n",
                 w, w, w, w, w, w);
        write_file("word.award", text);
        Loaded l = load("word.award");
        if (errors(&l) || warnings(&l))
            fail_msg("`%s` as a field name:\n%s", w, l.out);
        release(&l);
    }
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        const char *w = reserved[i];
        snprintf(text, sizeof text,
                 "award a {\n  year 2558 BE\n  input {\n    id text\n    type category\n    %s bool\n  }\n"
                 "  category 1 c {\n    require true\n  }\n}\n", w);
        write_file("word.award", text);
        Loaded l = load("word.award");
        if (errors(&l) == 0)
            fail_msg("`%s` was taken as a field name; the docs say it cannot be", w);
        char want[160];
        snprintf(want, sizeof want, "`%s` is a word of the rule language and cannot be a name", w);
        if (!strstr(l.out, want) && !strstr(l.out, "expected `}`"))
            fail_msg("`%s` as a field name: no message saying why:\n%s", w, l.out);
        release(&l);
    }
}

/* A warning about inherited text that a change caused names the change. */
static void test_warning_names_the_change(void **state)
{
    (void)state;
    write_file("base.award", BASE);
    write_file("sum.award", "award prize extends \"base.award\" {\n  year 2565 BE\n"
                            "  change score s {\n    change b out of 30\n  }\n"
                            "  change tiers levels {\n    change top at least 120\n  }\n"
                            "  change category cont {\n    keep require recent\n  }\n}\n");
    Loaded l = load("sum.award");
    assert_int_equal(errors(&l), 0);
    expect_out(&l, "@/base.award:13:9: warning: the items of `s` add up to 90, but it is out of 100");
    expect_out(&l, "@/sum.award:4:5: note: `b` was changed here");
    expect_out(&l, "@/base.award:21:5: warning: tier `top` starts at 120, but `s` is out of 100: it is never given");
    expect_out(&l, "@/sum.award:7:5: note: tier `top` was changed here");
    release(&l);
}

#define T(f) cmocka_unit_test_setup_teardown(f, start_test, end_test)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_base_alone),
        T(test_every_kind_of_change),
        T(test_chain_and_cycle),
        T(test_change_errors_point_into_the_right_file),
        T(test_literal_year_warning),
        T(test_handles),
        T(test_category_title_in_messages),
        T(test_new_words_are_still_names),
        T(test_every_word_as_a_field_name),
        T(test_warning_names_the_change),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}

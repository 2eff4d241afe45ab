/* test_compare.c -- the comparison of two rule files (compare.c): two small
 * inline rule files, OLD and NEW, two evaluators fed the same records, and
 * what compare_app and compare_agencies make of each pair of results: what
 * changed, why (a threshold moved, a condition paired by its message now
 * fails, a condition removed no longer fails, a score item's points), and
 * the transition matrices, which must add up to the applications given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "check.h"
#include "compare.h"
#include "eval.h"
#include "mem.h"

static const char old_text[] =
    "award t \"T\" {\n"
    "  year 2560 BE\n"
    "  input {\n"
    "    id text\n"
    "    agency text\n"
    "    type category\n"
    "    a decimal 0 to 100\n"
    "    b decimal 0 to 100\n"
    "    ok bool\n"
    "  }\n"
    "  score s \"S\" out of 200 {\n"
    "    a \"A\" out of 100\n"
    "    b \"B\" out of 100\n"
    "  }\n"
    "  tiers lv on s {\n"
    "    high \"H\" at least 150\n"
    "    low \"L\" otherwise\n"
    "  }\n"
    "  category 1 c1 \"C1\" {\n"
    "    require ok \"must be ok\"\n"
    "    require a >= 20 \"a big enough\"\n"
    "    require b >= 10 \"b at least 10\"\n"
    "    scored by s, tiers lv\n"
    "  }\n"
    "  category 2 gone \"G\" {\n"
    "    require ok \"must be ok\"\n"
    "  }\n"
    "  category 9 top \"Top\" per agency {\n"
    "    require won(c1, high) \"needs a high c1\"\n"
    "  }\n"
    "}\n";

/* NEW: high needs 160, `a big enough` needs 50, `b at least 10` is gone,
 * b counts at most 90, category `gone` is gone and `fresh` is new. */
static const char new_text[] =
    "award t \"T\" {\n"
    "  year 2560 BE\n"
    "  input {\n"
    "    id text\n"
    "    agency text\n"
    "    type category\n"
    "    a decimal 0 to 100\n"
    "    b decimal 0 to 100\n"
    "    ok bool\n"
    "  }\n"
    "  score s \"S\" out of 200 {\n"
    "    a \"A\" out of 100\n"
    "    b \"B\" out of 100 = min(b, 90)\n"
    "  }\n"
    "  tiers lv on s {\n"
    "    high \"H\" at least 160\n"
    "    low \"L\" otherwise\n"
    "  }\n"
    "  category 1 c1 \"C1\" {\n"
    "    require ok \"must be ok\"\n"
    "    require a >= 50 \"a big enough\"\n"
    "    scored by s, tiers lv\n"
    "  }\n"
    "  category 3 fresh \"F\" {\n"
    "    require ok \"must be ok\"\n"
    "  }\n"
    "  category 9 top \"Top\" per agency {\n"
    "    require won(c1, high) \"needs a high c1\"\n"
    "  }\n"
    "}\n";

typedef struct Env {
    Diags *d;
    Rules *r[2];
    Evaluator *ev[2];
    Compare *c;
    RawField fields[6];
    RawRecord rec;
    size_t n;
} Env;

static Rules *parse(Diags *d, const char *name, const char *text)
{
    Rules *r = rules_parse(d, name, text, strlen(text));
    assert_non_null(r);
    if (diag_count(d, DIAG_ERROR) || !check_rules(r, d)) {
        char *o = render(d);
        fail_msg("%s does not check:\n%s", name, o);
    }
    return r;
}

static void env_init(Env *e)
{
    memset(e, 0, sizeof *e);
    e->d = diag_new();
    e->r[CMP_OLD] = parse(e->d, "old.award", old_text);
    e->r[CMP_NEW] = parse(e->d, "new.award", new_text);
    for (int s = 0; s < 2; s++)
        e->ev[s] = eval_new(e->r[s]);
    e->c = compare_new(e->r[CMP_OLD], e->r[CMP_NEW]);
    e->rec.fields = e->fields;
}

static void env_free(Env *e)
{
    compare_free(e->c);
    for (int s = 0; s < 2; s++) {
        eval_free(e->ev[s]);
        rules_free(e->r[s]);
    }
    diag_free(e->d);
}

static void cell(RawField *f, const char *text) { *f = (RawField){ .kind = RAW_TEXT, .text = text, .len = strlen(text) }; }

/* One application (both files have the same fields, in the same order),
 * judged under both and compared. */
static const CmpChange *app(Env *e, const char *id, const char *agency, const char *type, const char *a,
                            const char *b, const char *ok)
{
    const char *v[6] = { id, agency, type, a, b, ok };
    for (int i = 0; i < 6; i++)
        cell(&e->fields[i], v[i]);
    e->rec.number = ++e->n;
    e->rec.line = e->n + 1;
    const AppResult *o = eval_record(e->ev[CMP_OLD], &e->rec, "in.csv");
    const AppResult *n = eval_record(e->ev[CMP_NEW], &e->rec, "in.csv");
    return compare_app(e->c, o, n);
}

static const CmpMatrix *matrix(const Env *e, const char *id)
{
    for (size_t i = 0; i < compare_nmatrices(e->c); i++) {
        const CmpMatrix *m = compare_matrix(e->c, i);
        if (id ? m->id && strcmp(m->id, id) == 0 : !m->id)
            return m;
    }
    fail_msg("no matrix for %s", id ? id : "no category");
    return NULL;
}

static size_t tier(const CmpMatrix *m, const char *label)
{
    for (size_t i = 0; i <= m->ntiers; i++)
        if (strcmp(m->tiers[i], label) == 0)
            return i;
    fail_msg("matrix %s has no line %s", m->id ? m->id : "(no category)", label);
    return 0;
}

static uint64_t cell_of(const CmpMatrix *m, const char *old_tier, const char *new_tier)
{
    return m->count[tier(m, old_tier) * (m->ntiers + 1) + tier(m, new_tier)];
}

static void is_dec(Dec d, const char *want)
{
    char b[DEC_FMT_MAX];
    dec_format(dec_normalize(d), 0, b);
    assert_string_equal(b, want);
}

/* ---- the tests ---- */

static void unchanged_is_not_reported_but_counted(void **state)
{
    (void)state;
    Env e;
    env_init(&e);
    assert_null(app(&e, "A1", "D1", "1", "90", "80", "true"));  /* 170: high under both */
    assert_null(app(&e, "A2", "D1", "1", "60", "50", "true"));  /* 110: low under both */
    const CmpMatrix *m = matrix(&e, "c1");
    assert_int_equal(cell_of(m, "high", "high"), 1);
    assert_int_equal(cell_of(m, "low", "low"), 1);
    CmpCounts k = compare_counts(e.c);
    assert_int_equal(k.apps, 2);
    assert_int_equal(k.apps_changed, 0);
    env_free(&e);
}

static void moved_threshold_is_the_reason(void **state)
{
    (void)state;
    Env e;
    env_init(&e);
    const CmpChange *ch = app(&e, "A1", "D1", "1", "80", "75", "true");  /* 155 */
    assert_non_null(ch);
    assert_int_equal(ch->what, CMP_TIER);
    assert_string_equal(ch->side[CMP_OLD].tier_id, "high");
    assert_string_equal(ch->side[CMP_NEW].tier_id, "low");
    assert_int_equal(ch->nnow_fail + ch->nnow_hold + ch->npoints, 0);
    assert_int_equal(ch->nmoved, 1);
    assert_string_equal(ch->moved_old[0]->id, "high");
    is_dec(ch->moved_old[0]->lo, "150");
    is_dec(ch->moved_new[0]->lo, "160");
    assert_int_equal(cell_of(matrix(&e, "c1"), "high", "low"), 1);
    env_free(&e);
}

static void points_and_threshold_together(void **state)
{
    (void)state;
    Env e;
    env_init(&e);
    const CmpChange *ch = app(&e, "A1", "D1", "1", "60", "100", "true");  /* 160 -> 150 */
    assert_non_null(ch);
    assert_int_equal(ch->what, CMP_TOTAL | CMP_TIER);
    assert_int_equal(ch->npoints, 1);
    assert_string_equal(ch->points[0].name, "b");
    is_dec(ch->points[0].points[CMP_OLD], "100");
    is_dec(ch->points[0].points[CMP_NEW], "90");
    is_dec(ch->side[CMP_OLD].total, "160");
    is_dec(ch->side[CMP_NEW].total, "150");
    assert_int_equal(ch->nmoved, 1);
    env_free(&e);
}

static void condition_paired_by_message_now_fails(void **state)
{
    (void)state;
    Env e;
    env_init(&e);
    const CmpChange *ch = app(&e, "A1", "D1", "1", "30", "80", "true");  /* a >= 20 holds, a >= 50 not */
    assert_non_null(ch);
    assert_int_equal(ch->what, CMP_ELIGIBLE | CMP_TIER);
    assert_int_equal(ch->nnow_fail, 1);
    assert_string_equal(ch->now_fail[0].q->message, "a big enough");
    assert_false(ch->now_fail[0].alone);  /* the same condition, a new threshold */
    assert_int_equal(ch->nnow_hold, 0);
    assert_int_equal(ch->nmoved, 0);      /* not tiered under NEW: no threshold to blame */
    assert_int_equal(cell_of(matrix(&e, "c1"), "low", "ineligible"), 1);
    env_free(&e);
}

static void removed_condition_no_longer_fails(void **state)
{
    (void)state;
    Env e;
    env_init(&e);
    const CmpChange *ch = app(&e, "A1", "D1", "1", "90", "5", "true");  /* b >= 10 fails under OLD only */
    assert_non_null(ch);
    assert_int_equal(ch->what, CMP_ELIGIBLE | CMP_TIER);
    assert_int_equal(ch->nnow_fail, 0);
    assert_int_equal(ch->nnow_hold, 1);
    assert_string_equal(ch->now_hold[0].q->message, "b at least 10");
    assert_true(ch->now_hold[0].alone);   /* NEW has no such condition */
    env_free(&e);
}

static void category_in_one_file_only(void **state)
{
    (void)state;
    Env e;
    env_init(&e);
    const CmpChange *ch = app(&e, "G1", "D2", "2", "1", "1", "true");
    assert_non_null(ch);
    assert_true(ch->what & CMP_CATEGORY);
    assert_true(ch->what & CMP_ERROR);
    assert_string_equal(ch->side[CMP_OLD].tier_id, "awarded");
    assert_true(ch->side[CMP_NEW].error);
    assert_null(ch->side[CMP_NEW].cat);
    /* Counted in `gone` as leaving it, and under "no category" as arriving. */
    const CmpMatrix *gone = matrix(&e, "gone");
    assert_null(gone->cat[CMP_NEW]);
    assert_int_equal(cell_of(gone, "awarded", "(none)"), 1);
    assert_int_equal(cell_of(matrix(&e, NULL), "(none)", "error"), 1);
    const CmpMatrix *fresh = matrix(&e, "fresh");
    assert_null(fresh->cat[CMP_OLD]);
    assert_int_equal(compare_row_total(fresh, tier(fresh, "awarded")), 0);
    env_free(&e);
}

/* eval_finish gives each agency-level result while it is valid. */
static Compare *finishing;
static void keep_old(void *ctx, const AppResult *res) { (void)ctx; compare_agency(finishing, CMP_OLD, res); }
static void keep_new(void *ctx, const AppResult *res) { (void)ctx; compare_agency(finishing, CMP_NEW, res); }

typedef struct Seen {
    size_t n;
    char id[4][8];
    unsigned what[4];
    size_t nfail[4];
} Seen;

static void seen(void *ctx, const CmpChange *ch)
{
    Seen *s = ctx;
    assert_true(ch->agency_row);
    assert_true(s->n < 4);
    snprintf(s->id[s->n], sizeof s->id[s->n], "%.*s", (int)ch->id_len, ch->id);
    s->what[s->n] = ch->what;
    s->nfail[s->n++] = ch->nnow_fail;
}

static void agency_level_results_pair_by_agency(void **state)
{
    (void)state;
    Env e;
    env_init(&e);
    assert_non_null(app(&e, "A1", "D1", "1", "80", "75", "true"));  /* D1: high -> low */
    assert_null(app(&e, "A2", "D2", "1", "95", "90", "true"));      /* D2: high under both */
    finishing = e.c;
    eval_finish(e.ev[CMP_OLD], keep_old, NULL);
    eval_finish(e.ev[CMP_NEW], keep_new, NULL);
    Seen s = { 0 };
    assert_int_equal(compare_agencies(e.c, seen, &s), 1);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.id[0], "D1");
    assert_int_equal(s.what[0], CMP_ELIGIBLE | CMP_TIER);
    assert_int_equal(s.nfail[0], 1);   /* won(c1, high) now fails */
    const CmpMatrix *top = matrix(&e, "top");
    assert_int_equal(cell_of(top, "awarded", "ineligible"), 1);
    assert_int_equal(cell_of(top, "awarded", "awarded"), 1);
    CmpCounts k = compare_counts(e.c);
    assert_int_equal(k.agency_rows, 2);
    assert_int_equal(k.agency_changed, 1);
    env_free(&e);
}

/* Every application is in one line of one matrix per side: the tiers
 * before (rows, less "(none)") add up to the applications, and so do the
 * tiers after (columns). */
static void matrices_add_up(void **state)
{
    (void)state;
    Env e;
    env_init(&e);
    const char *rows[][6] = {
        { "A1", "D1", "1", "80", "75", "true" },  { "A2", "D1", "1", "60", "100", "true" },
        { "A3", "D2", "1", "30", "80", "true" },  { "A4", "D2", "1", "90", "5", "true" },
        { "A5", "D3", "2", "1", "1", "true" },    { "A6", "D3", "3", "1", "1", "false" },
        { "A7", "D3", "1", "101", "1", "true" },  { "A8", "D4", "x", "1", "1", "true" },
        { "A9", "D4", "1", "99", "99", "true" },
    };
    size_t n = sizeof rows / sizeof rows[0], changed = 0;
    for (size_t i = 0; i < n; i++)
        changed += app(&e, rows[i][0], rows[i][1], rows[i][2], rows[i][3], rows[i][4], rows[i][5]) != NULL;
    uint64_t before = 0, after = 0;
    for (size_t i = 0; i < compare_nmatrices(e.c); i++) {
        const CmpMatrix *m = compare_matrix(e.c, i);
        for (size_t t = 0; t < m->ntiers; t++) {
            before += compare_row_total(m, t);
            after += compare_col_total(m, t);
        }
    }
    assert_int_equal(before, n);
    assert_int_equal(after, n);
    CmpCounts k = compare_counts(e.c);
    assert_int_equal(k.apps, n);
    assert_int_equal(k.apps_changed, changed);
    /* A6 names category 3: no category under OLD, `fresh` under NEW. */
    assert_int_equal(cell_of(matrix(&e, "fresh"), "(none)", "ineligible"), 1);
    assert_int_equal(cell_of(matrix(&e, NULL), "error", "(none)"), 1);
    assert_int_equal(cell_of(matrix(&e, NULL), "error", "error"), 1);   /* A8 */
    assert_int_equal(cell_of(matrix(&e, "c1"), "error", "error"), 1);   /* A7 */
    env_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(unchanged_is_not_reported_but_counted, start_test, end_test),
        cmocka_unit_test_setup_teardown(moved_threshold_is_the_reason, start_test, end_test),
        cmocka_unit_test_setup_teardown(points_and_threshold_together, start_test, end_test),
        cmocka_unit_test_setup_teardown(condition_paired_by_message_now_fails, start_test, end_test),
        cmocka_unit_test_setup_teardown(removed_condition_no_longer_fails, start_test, end_test),
        cmocka_unit_test_setup_teardown(category_in_one_file_only, start_test, end_test),
        cmocka_unit_test_setup_teardown(agency_level_results_pair_by_agency, start_test, end_test),
        cmocka_unit_test_setup_teardown(matrices_add_up, start_test, end_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

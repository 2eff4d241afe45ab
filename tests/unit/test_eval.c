/* test_eval.c -- unit tests for the evaluator: the shipped 2558 rule files
 * (loaded with check_load, so the tests run from the repository root) and
 * small rule files written inline, fed records built by hand the way the
 * readers deliver them (CSV cells as RAW_TEXT; JSON numbers, booleans,
 * strings, nulls and arrays), and the results checked field by field:
 * category, eligibility and each failed condition, the points of score
 * nodes, the exact total, the tier, data errors and their messages, and the
 * agency-level results of eval_finish. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"
#include "eval_support.h"

#include "ast.h"
#include "check.h"
#include "data.h"
#include "dec.h"
#include "diag.h"
#include "eval.h"
#include "mem.h"

/* ---- helpers (and eval_support.h) ---- */

static Dec D(const char *s)
{
    Dec d = {0, 0};
    assert_int_equal(dec_parse(s, strlen(s), &d), DEC_OK);
    return d;
}

static void assert_dec_is(Dec got, const char *want)
{
    if (dec_cmp(got, D(want)) != 0) {
        char b[DEC_FMT_MAX];
        dec_format(got, 0, b);
        fail_msg("expected %s, got %s", want, b);
    }
}

static uint32_t node_index(const Rules *r, const char *score, const char *name)
{
    for (size_t i = 0; i < r->nnodes; i++) {
        const ScoreNode *n = r->nodes[i], *root = n;
        while (root->parent)
            root = root->parent;
        if (strcmp(root->name, score) == 0 && strcmp(n->name, name) == 0)
            return n->index;
    }
    fail_msg("no node `%s` in `%s`", name, score);
    return 0;
}

static void assert_points(const Env *e, const AppResult *res, const char *score, const char *name,
                          const char *want)
{
    uint32_t i = node_index(e->r, score, name);
    if (!res->has_points[i])
        fail_msg("node `%s` has no points", name);
    assert_dec_is(res->points[i], want);
}

static void assert_ok(const AppResult *res)
{
    if (res->error)
        fail_msg("unexpected data error: %s", res->message);
}

static void assert_error(const AppResult *res, const char *part)
{
    if (!res->error)
        fail_msg("expected a data error with \"%s\", got tier %s", part, res->tier_id);
    assert_string_equal(res->tier_id, "error");
    assert_false(res->eligible);
    assert_false(res->scored);
    assert_null(res->tier);
    assert_int_equal(res->nfailed, 0);
    if (!strstr(res->message, part))
        fail_msg("expected \"%s\" in the message \"%s\"", part, res->message);
}

/* The failed conditions, by message (or source text), in order. */
static void assert_failed(const AppResult *res, const char *const *want, size_t n)
{
    assert_ok(res);
    if (res->nfailed != n) {
        fprintf(stderr, "failed conditions:\n");
        for (size_t i = 0; i < res->nfailed; i++)
            fprintf(stderr, "  %s\n", res->failed[i]->message ? res->failed[i]->message : res->failed[i]->source);
        fail_msg("expected %zu failed conditions, got %zu", n, res->nfailed);
    }
    for (size_t i = 0; i < n; i++) {
        const Require *q = res->failed[i];
        const char *m = q->message ? q->message : q->source;
        if (strcmp(m, want[i]) != 0 && strcmp(q->source, want[i]) != 0)
            fail_msg("failed condition %zu is \"%s\", expected \"%s\"", i, m, want[i]);
    }
    assert_int_equal(res->eligible, n == 0);
}

/* ---- the public service award (ps_app: eval_support.h) ---- */

static void test_standard_outstanding(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    const AppResult *res = eval(&e, &x);
    assert_ok(res);
    assert_string_equal(res->cat->id, "standard");
    assert_int_equal(res->id_len, 4);
    assert_memory_equal(res->id, "PS-1", 4);
    assert_string_equal(res->source, "in.csv");
    assert_int_equal(res->line, 2);
    assert_false(res->agency_row);
    assert_true(res->eligible);
    assert_int_equal(res->nfailed, 0);
    assert_true(res->scored);
    assert_dec_is(res->total, "800");
    assert_non_null(res->tier);
    assert_string_equal(res->tier->id, "outstanding");
    assert_string_equal(res->tier_id, "outstanding");
    assert_string_equal(res->tier->note, "ตรวจประเมิน ณ พื้นที่");
    assert_points(&e, res, "service", "service", "800");
    assert_points(&e, res, "service", "part1", "500");
    assert_points(&e, res, "service", "part2", "300");
    assert_points(&e, res, "service", "efficiency", "100");
    assert_points(&e, res, "service", "sustainability", "75");
    assert_points(&e, res, "service", "part1_bonus", "0");
    /* every node got points */
    for (size_t i = 0; i < e.r->nnodes; i++)
        assert_true(res->has_points[i]);
    assert_int_equal(eval_count(e.ev), 1);
    assert_int_equal(eval_errors(e.ev), 0);
    /* the schema the readers map to: the inputs by slot */
    DataSchema sc = eval_schema(e.ev);
    assert_int_equal(sc.count, e.r->ninputs);
    assert_int_equal(sc.count, 53); /* 39, and Form 3's 14 */
    assert_string_equal(sc.names[0], "id");
    assert_string_equal(sc.names[2], "type");
    assert_string_equal(sc.names[38], "transparency");
    env_free(&e);
}

static void test_tier_boundaries(void **state)
{
    (void)state;
    static const struct { const char *sustainability, *total, *tier; } cases[] = {
        { "24.99", "749.99", "fail" },
        { "25", "750", "good" },
        { "25.01", "750.01", "good" },
        { "74.99", "799.99", "good" },
        { "75", "800", "outstanding" },
        { "75.00", "800", "outstanding" },
        { "0", "725", "fail" },
    };
    Env e = load(PS);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Rec x;
        char id[16];
        snprintf(id, sizeof id, "B%zu", i);
        ps_app(&x, e.r, i + 1, id, "D001", "4");
        txt(&x, "sustainability", cases[i].sustainability);
        const AppResult *res = eval(&e, &x);
        assert_ok(res);
        assert_string_equal(res->cat->id, "development");
        assert_true(res->eligible);
        assert_dec_is(res->total, cases[i].total);
        if (strcmp(res->tier_id, cases[i].tier) != 0)
            fail_msg("a total of %s gave `%s`, not `%s`", cases[i].total, res->tier_id, cases[i].tier);
        assert_string_equal(res->tier->id, cases[i].tier);
    }
    env_free(&e);
}

static void test_bonus_and_cap(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    /* 5 x 120 + 50 is cut to 600; with 4 x 100, the most there is */
    ps_app(&x, e.r, 1, "C1", "D001", "2");
    for (size_t i = 0; i < 5; i++)
        txt(&x, PART1[i], "120");
    for (size_t i = 0; i < 4; i++)
        txt(&x, PART2[i], "100.00");
    txt(&x, "one_stop", "true");
    const AppResult *res = eval(&e, &x);
    assert_ok(res);
    assert_points(&e, res, "service", "part1_bonus", "50");
    assert_points(&e, res, "service", "part1", "600");
    assert_points(&e, res, "service", "part2", "400");
    assert_dec_is(res->total, "1000");
    assert_string_equal(res->tier_id, "outstanding");

    /* below the cap the bonus counts whole: 5 x 100 + 50 */
    ps_app(&x, e.r, 2, "C2", "D001", "2");
    txt(&x, "transparency", "1");
    res = eval(&e, &x);
    assert_ok(res);
    assert_points(&e, res, "service", "part1_bonus", "50");
    assert_points(&e, res, "service", "part1", "550");
    assert_dec_is(res->total, "850");

    /* the cap cuts only what is over: 5 x 110 + 50 = 600 exactly, and
     * 110 x 4 + 115.5 + 50 = 605.5 -> 600 */
    ps_app(&x, e.r, 3, "C3", "D001", "2");
    for (size_t i = 0; i < 5; i++)
        txt(&x, PART1[i], "110");
    txt(&x, "database", "true");
    txt(&x, "e_service", "true");       /* several characteristics: still one bonus */
    res = eval(&e, &x);
    assert_points(&e, res, "service", "part1", "600");
    assert_points(&e, res, "service", "part1_bonus", "50");
    txt(&x, "new_ideas", "115.5");
    x.rec.number = 4;
    txt(&x, "id", "C4");
    res = eval(&e, &x);
    assert_ok(res);
    assert_points(&e, res, "service", "part1", "600");
    assert_points(&e, res, "service", "new_ideas", "115.5");
    assert_dec_is(res->total, "900");

    /* JSON booleans for the characteristics, no bonus when all false */
    ps_app(&x, e.r, 5, "C5", "D001", "2");
    for (size_t i = 0; i < 5; i++)
        jbool(&x, BONUS[i], false);
    res = eval(&e, &x);
    assert_points(&e, res, "service", "part1_bonus", "0");
    assert_points(&e, res, "service", "part1", "500");
    jbool(&x, "complaint_system", true);
    txt(&x, "id", "C6");
    res = eval(&e, &x);
    assert_points(&e, res, "service", "part1_bonus", "50");
    assert_dec_is(res->total, "850");
    env_free(&e);
}

static void test_ineligible_is_still_scored(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    ps_app(&x, e.r, 1, "I1", "D001", "standard");
    txt(&x, "prior_award", "false");
    txt(&x, "complaints", "2");
    txt(&x, "unit_coverage_pct", "79.99");
    txt(&x, "standard_pct", "80");         /* just enough */
    txt(&x, "months_in_use", "11");
    const AppResult *res = eval(&e, &x);
    static const char *const want[] = { M_PRIOR, M_COMPLAINTS, M_COVERAGE, M_YEAR1 };
    assert_failed(res, want, 4);
    assert_string_equal(res->cat->id, "standard");
    assert_true(res->scored);
    assert_dec_is(res->total, "800");
    assert_null(res->tier);
    assert_string_equal(res->tier_id, "ineligible");
    env_free(&e);
}

static void test_category_conditions(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    const AppResult *res;

    /* 2 integrated */
    ps_app(&x, e.r, 1, "G1", "D001", "integrated");
    txt(&x, "partners_total", "3");
    txt(&x, "partners_gov", "2");
    res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    assert_string_equal(res->cat->id, "integrated");
    ps_app(&x, e.r, 2, "G2", "D001", "2");
    txt(&x, "partners_total", "2");
    txt(&x, "partners_gov", "1");
    txt(&x, "joint_plan", "false");
    res = eval(&e, &x);
    static const char *const g2[] = { M_PARTNERS, M_GOV, "ต้องมีแผนการดำเนินการร่วมกันที่ระบุหน้าที่ของแต่ละหน่วยงาน" };
    assert_failed(res, g2, 3);

    /* 3 innovation: novel or protected; invented at most 3 years before 2558 */
    ps_app(&x, e.r, 3, "N1", "D001", "3");
    txt(&x, "novel", "false");
    txt(&x, "ip_protected", "true");
    txt(&x, "invented_year", "2555");
    res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    ps_app(&x, e.r, 4, "N2", "D001", "3");
    txt(&x, "novel", "false");
    txt(&x, "invented_year", "2554");
    res = eval(&e, &x);
    static const char *const n2[] = { M_NOVEL, M_3YEARS };
    assert_failed(res, n2, 2);

    /* 4 development: not like a prior award, or developed further */
    ps_app(&x, e.r, 5, "V1", "D001", "4");
    txt(&x, "same_as_prior", "true");
    res = eval(&e, &x);
    static const char *const v1[] = { M_NOT_SAME };
    assert_failed(res, v1, 1);
    ps_app(&x, e.r, 6, "V2", "D001", "development");
    txt(&x, "same_as_prior", "true");
    txt(&x, "further_developed", "true");
    res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    assert_string_equal(res->tier_id, "outstanding");
    env_free(&e);
}

static void test_continuous(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    /* first a scored one, so that its points must not show through */
    ps_app(&x, e.r, 1, "S1", "D001", "1");
    assert_ok(eval(&e, &x));

    ps_app(&x, e.r, 2, "K1", "D001", "6");
    const AppResult *res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    assert_string_equal(res->cat->id, "continuous");
    assert_false(res->scored);
    assert_null(res->tier);
    assert_string_equal(res->tier_id, "awarded");
    for (size_t i = 0; i < e.r->nnodes; i++)
        assert_false(res->has_points[i]);

    /* an empty optional year: its conditions fail, it is not an error */
    ps_app(&x, e.r, 3, "K2", "D001", "6");
    txt(&x, "outstanding_year", "");
    res = eval(&e, &x);
    static const char *const k2[] = { M_EVER, M_SINCE, M_KEPT3 };
    assert_failed(res, k2, 3);
    assert_string_equal(res->tier_id, "ineligible");
    /* absent and JSON null alike */
    ps_app(&x, e.r, 4, "K3", "D001", "6");
    absent(&x, "outstanding_year");
    assert_failed(eval(&e, &x), k2, 3);
    ps_app(&x, e.r, 5, "K4", "D001", "6");
    jnull(&x, "outstanding_year");
    assert_failed(eval(&e, &x), k2, 3);

    /* 2556 is too recent, 2554 too early; 2555 is the only year */
    ps_app(&x, e.r, 6, "K5", "D001", "6");
    txt(&x, "outstanding_year", "2556");
    static const char *const k5[] = { M_KEPT3 };
    assert_failed(eval(&e, &x), k5, 1);
    ps_app(&x, e.r, 7, "K6", "D001", "6");
    jnum(&x, "outstanding_year", "2554");
    static const char *const k6[] = { M_SINCE };
    assert_failed(eval(&e, &x), k6, 1);

    /* reports: all three years, in any order, as CSV or JSON */
    static const char *const k7[] = { M_REPORTS };
    ps_app(&x, e.r, 8, "K7", "D001", "6");
    txt(&x, "reports_sent", "2556;2558");
    assert_failed(eval(&e, &x), k7, 1);
    ps_app(&x, e.r, 9, "K8", "D001", "6");
    txt(&x, "reports_sent", " 2558 ; 2556;2557 ");
    assert_failed(eval(&e, &x), NULL, 0);
    ps_app(&x, e.r, 10, "K9", "D001", "6");
    txt(&x, "reports_sent", "");
    assert_failed(eval(&e, &x), k7, 1);
    ps_app(&x, e.r, 11, "K10", "D001", "6");
    absent(&x, "reports_sent");
    assert_failed(eval(&e, &x), k7, 1);
    ps_app(&x, e.r, 12, "K11", "D001", "6");
    static const char *const years[] = { "2555", "2556", "2557", "2558" };
    jarray(&x, "reports_sent", RAW_NUMBER, years, 4);
    assert_failed(eval(&e, &x), NULL, 0);
    ps_app(&x, e.r, 13, "K12", "D001", "6");
    jarray(&x, "reports_sent", RAW_NUMBER, years, 3);
    assert_failed(eval(&e, &x), k7, 1);
    ps_app(&x, e.r, 14, "K13", "D001", "6");
    jarray(&x, "reports_sent", RAW_NUMBER, years, 0);
    assert_failed(eval(&e, &x), k7, 1);
    env_free(&e);
}

/* ---- data errors ---- */

static void test_data_errors_fields(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    const AppResult *res;
    size_t n = 0;

    /* a field the category reads, missing or empty; every message starts
     * with the record's place */
    ps_app(&x, e.r, ++n, "E1", "D001", "1");
    absent(&x, "core_mission");
    res = eval(&e, &x);
    assert_error(res, "field `core_mission` is missing");
    assert_string_equal(res->message, "in.csv:2: field `core_mission` is missing");
    assert_non_null(res->cat);
    assert_string_equal(res->cat->id, "standard");
    assert_memory_equal(res->id, "E1", 2);
    ps_app(&x, e.r, ++n, "E2", "D001", "1");
    txt(&x, "complaints", "");
    assert_error(eval(&e, &x), "field `complaints` is empty");
    ps_app(&x, e.r, ++n, "E2b", "D001", "1");
    jnull(&x, "efficiency");
    assert_error(eval(&e, &x), "field `efficiency` is empty");
    /* the agency is read by every category */
    ps_app(&x, e.r, ++n, "E2c", "D001", "1");
    absent(&x, "agency");
    assert_error(eval(&e, &x), "field `agency` is missing");

    /* fields it does not read may be anything */
    ps_app(&x, e.r, ++n, "E3", "D001", "1");
    txt(&x, "partners_total", "lots");
    txt(&x, "partners_gov", "-7");
    txt(&x, "novel", "maybe");
    txt(&x, "invented_year", "2557.5");
    txt(&x, "reports_sent", "x;;y");
    absent(&x, "standard_kept");
    jstr(&x, "outstanding_year", "long ago");
    res = eval(&e, &x);
    assert_ok(res);
    assert_string_equal(res->tier_id, "outstanding");

    /* mistyped */
    ps_app(&x, e.r, ++n, "E4", "D001", "1");
    txt(&x, "complaints", "two");
    assert_error(eval(&e, &x), "field `complaints`: expected a whole number, found \"two\"");
    ps_app(&x, e.r, ++n, "E5", "D001", "1");
    txt(&x, "core_mission", "yes");
    assert_error(eval(&e, &x), "field `core_mission`: expected true or false, found \"yes\"");
    ps_app(&x, e.r, ++n, "E5b", "D001", "1");
    txt(&x, "core_mission", "TRUE");
    assert_error(eval(&e, &x), "field `core_mission`: expected true or false, found \"TRUE\"");
    ps_app(&x, e.r, ++n, "E6", "D001", "1");
    txt(&x, "months_in_use", "12.5");
    assert_error(eval(&e, &x), "field `months_in_use`: expected a whole number, found \"12.5\"");
    ps_app(&x, e.r, ++n, "E7", "D001", "1");
    jbool(&x, "complaints", false);
    assert_error(eval(&e, &x), "field `complaints`: expected a whole number, found false");
    ps_app(&x, e.r, ++n, "E8", "D001", "3");
    txt(&x, "invented_year", "B.E. 2557");
    assert_error(eval(&e, &x), "field `invented_year`: expected a year, found \"B.E. 2557\"");
    ps_app(&x, e.r, ++n, "E9", "D001", "1");
    txt(&x, "efficiency", "1e2");
    assert_error(eval(&e, &x), "field `efficiency`: expected a number, found \"1e2\"");
    ps_app(&x, e.r, ++n, "E10", "D001", "1");
    jstr(&x, "efficiency", "100");       /* a JSON string is not a number */
    assert_error(eval(&e, &x), "field `efficiency`: expected a number, found \"100\"");
    ps_app(&x, e.r, ++n, "E11", "D001", "6");
    txt(&x, "reports_sent", "2556;;2558");
    assert_error(eval(&e, &x), "field `reports_sent`: an item of the list is empty");
    ps_app(&x, e.r, ++n, "E12", "D001", "6");
    txt(&x, "reports_sent", "2556;2557.0;สองห้าห้าแปด");
    assert_error(eval(&e, &x), "field `reports_sent`: expected a year, found \"สองห้าห้าแปด\"");

    /* a long value is shortened in the message, never inside a character */
    char thai[128] = "", want[160];
    for (int i = 0; i < 20; i++)
        strcat(thai, "ก");
    ps_app(&x, e.r, ++n, "E13", "D001", "1");
    txt(&x, "complaints", thai);
    snprintf(want, sizeof want, "found \"%.39s...\"", thai);
    res = eval(&e, &x);
    assert_error(res, want);

    /* out of range */
    ps_app(&x, e.r, ++n, "R1", "D001", "1");
    txt(&x, "unit_coverage_pct", "100.01");
    assert_error(eval(&e, &x), "field `unit_coverage_pct`: 100.01 is outside 0 to 100");
    ps_app(&x, e.r, ++n, "R2", "D001", "1");
    txt(&x, "complaints", "-1");
    assert_error(eval(&e, &x), "field `complaints`: -1 is below 0");
    ps_app(&x, e.r, ++n, "R3", "D001", "1");
    txt(&x, "efficiency", "120.01");
    assert_error(eval(&e, &x), "field `efficiency`: 120.01 is outside 0 to 120");
    ps_app(&x, e.r, ++n, "R4", "D001", "1");
    txt(&x, "objectives", "-0.01");
    assert_error(eval(&e, &x), "field `objectives`: -0.01 is outside 0 to 100");
    ps_app(&x, e.r, ++n, "R5", "D001", "2");
    txt(&x, "partners_total", "3");
    txt(&x, "partners_gov", "4");
    assert_error(eval(&e, &x), "field `partners_gov`: 4 is outside 0 to 3, the value of partners_total");
    /* equal is fine */
    ps_app(&x, e.r, ++n, "R6", "D001", "2");
    txt(&x, "partners_total", "3");
    txt(&x, "partners_gov", "3");
    assert_failed(eval(&e, &x), NULL, 0);
    /* the bound itself broken: one message, about it */
    ps_app(&x, e.r, ++n, "R7", "D001", "2");
    txt(&x, "partners_total", "three");
    res = eval(&e, &x);
    assert_error(res, "field `partners_total`: expected a whole number, found \"three\"");
    if (strstr(res->message, "partners_gov"))
        fail_msg("a message about partners_gov too: %s", res->message);

    /* more than 2 decimal places */
    ps_app(&x, e.r, ++n, "P1", "D001", "1");
    txt(&x, "standard_pct", "80.125");
    assert_error(eval(&e, &x), "field `standard_pct`: \"80.125\" has 3 decimal places; at most 2 are allowed");
    ps_app(&x, e.r, ++n, "P2", "D001", "1");
    jnum(&x, "quality", "99.999");
    assert_error(eval(&e, &x), "field `quality`: \"99.999\" has 3 decimal places; at most 2 are allowed");

    /* several problems: every one is told */
    ps_app(&x, e.r, ++n, "M1", "D001", "1");
    txt(&x, "complaints", "none");
    txt(&x, "standard_pct", "101");
    absent(&x, "value");
    res = eval(&e, &x);
    assert_error(res, "field `complaints`: expected a whole number, found \"none\"");
    assert_error(res, "field `value` is missing");
    assert_error(res, "field `standard_pct`: 101 is outside 0 to 100");
    assert_non_null(strstr(res->message, "; "));

    assert_int_equal(eval_count(e.ev), n);
    assert_int_equal(eval_errors(e.ev), n - 2);   /* E3 and R6 were fine */
    env_free(&e);
}

static void test_data_errors_records(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    const AppResult *res;

    /* the type names no category */
    ps_app(&x, e.r, 1, "T1", "D001", "9");
    res = eval(&e, &x);
    assert_error(res, "field `type`: \"9\" names no category (the categories are 1 standard, 2 integrated, "
                      "3 innovation, 4 development, 6 continuous)");
    assert_null(res->cat);
    ps_app(&x, e.r, 2, "T2", "D001", "standrad");
    assert_error(eval(&e, &x), "field `type`: \"standrad\" names no category");
    ps_app(&x, e.r, 3, "T3", "D001", "");
    assert_error(eval(&e, &x), "field `type` is empty: it says which category the application is for");
    ps_app(&x, e.r, 4, "T4", "D001", "1");
    absent(&x, "type");
    assert_error(eval(&e, &x), "field `type` is missing");
    /* a JSON number names it too */
    ps_app(&x, e.r, 5, "T5", "D001", "1");
    jnum(&x, "type", "3");
    res = eval(&e, &x);
    assert_ok(res);
    assert_string_equal(res->cat->id, "innovation");

    /* the agency-level category: no application can name it */
    ps_app(&x, e.r, 6, "T6", "D001", "5");
    res = eval(&e, &x);
    assert_error(res, "category 5 `excellent` is awarded per agency from its other results; no application can "
                      "be made for it");
    ps_app(&x, e.r, 7, "T7", "D001", "excellent");
    assert_error(eval(&e, &x), "category 5 `excellent` is awarded per agency");

    /* a duplicate id: the first is evaluated, the second is an error */
    ps_app(&x, e.r, 8, "DUP", "D001", "1");
    assert_ok(eval(&e, &x));
    ps_app(&x, e.r, 9, "DUP", "D002", "2");
    res = eval(&e, &x);
    assert_error(res, "id \"DUP\" was already used by record 8; each application needs its own id");
    assert_memory_equal(res->id, "DUP", 3);
    /* ids that differ by case are different ids */
    ps_app(&x, e.r, 10, "dup", "D001", "1");
    assert_ok(eval(&e, &x));
    /* a second input names the first */
    ps_app(&x, e.r, 1, "DUP", "D001", "1");
    res = eval_record(e.ev, &x.rec, "more.json");
    assert_error(res, "more.json:2: id \"DUP\" was already used by record 8 of in.csv; each application "
                      "needs its own id");
    assert_string_equal(res->source, "more.json");
    /* a used id is the whole error, even with broken fields (the fields are
     * converted before the id is looked up, and their errors dropped) */
    ps_app(&x, e.r, 3, "DUP", "D001", "1");
    txt(&x, "complaints", "many");
    txt(&x, "standard_pct", "101");
    res = eval_record(e.ev, &x.rec, "more.json");
    assert_error(res, "id");
    assert_string_equal(res->message, "more.json:4: id \"DUP\" was already used by record 8 of in.csv; "
                                      "each application needs its own id");
    /* and a new id with the same broken fields gets their errors */
    ps_app(&x, e.r, 4, "NEW-1", "D001", "1");
    txt(&x, "complaints", "many");
    res = eval_record(e.ev, &x.rec, "more.json");
    assert_error(res, "field `complaints`: expected a whole number");

    /* a problem with the whole record (from the reader) */
    ps_app(&x, e.r, 11, "W1", "D001", "1");
    x.rec.line = 40;
    x.rec.error = "row has 3 fields, the header has 40";
    res = eval(&e, &x);
    assert_error(res, "in.csv:40: row has 3 fields, the header has 40");
    assert_memory_equal(res->id, "W1", 2);
    assert_int_equal(res->line, 40);

    /* no usable id: the record is named by its number */
    ps_app(&x, e.r, 12, "", "D001", "1");
    res = eval(&e, &x);
    assert_error(res, "field `id` is empty");
    assert_int_equal(res->id_len, strlen("row 12"));
    assert_memory_equal(res->id, "row 12", 6);
    ps_app(&x, e.r, 13, "x", "D001", "1");
    absent(&x, "id");
    res = eval(&e, &x);
    assert_error(res, "field `id` is missing");
    assert_memory_equal(res->id, "row 13", 6);
    ps_app(&x, e.r, 14, "\xff\xfe", "D001", "1");
    res = eval(&e, &x);
    assert_error(res, "field `id` is not valid text");
    assert_memory_equal(res->id, "row 14", 6);
    /* a JSON number is a usable id */
    ps_app(&x, e.r, 15, "x", "D001", "1");
    jnum(&x, "id", "1015");
    res = eval(&e, &x);
    assert_ok(res);
    assert_memory_equal(res->id, "1015", 4);

    /* after all that, a good record is still evaluated as ever */
    ps_app(&x, e.r, 16, "OK", "D001", "1");
    res = eval(&e, &x);
    assert_ok(res);
    assert_string_equal(res->tier_id, "outstanding");
    assert_int_equal(eval_count(e.ev), 19);
    assert_int_equal(eval_errors(e.ev), 14);
    env_free(&e);
}

/* Many more ids than the evaluator keeps in memory: the early ones are on
 * disk (see idset.h), and a used one is still found, with its record. */
static void test_duplicate_ids_past_memory(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    char id[32];
    const size_t n = 40000; /* two spills of 16 384 and more */
    for (size_t i = 1; i <= n; i++) {
        snprintf(id, sizeof id, "A-%zu", i);
        ps_app(&x, e.r, i, id, "D001", "1");
        const AppResult *res = eval(&e, &x);
        if (res->error)
            fail_msg("record %zu: %s", i, res->message);
    }
    static const size_t again[] = { 1, 5, 16384, 16385, 30000, 40000 };
    for (size_t k = 0; k < sizeof again / sizeof *again; k++) {
        snprintf(id, sizeof id, "A-%zu", again[k]);
        ps_app(&x, e.r, n + 1 + k, id, "D001", "1");
        const AppResult *res = eval(&e, &x);
        char want[160];
        snprintf(want, sizeof want, "in.csv:%zu: id \"%s\" was already used by record %zu; "
                 "each application needs its own id", n + 2 + k, id, again[k]);
        assert_true(res->error);
        assert_string_equal(res->message, want);
    }
    /* new ids after all that are still new */
    ps_app(&x, e.r, n + 10, "A-0", "D001", "1");
    assert_ok(eval(&e, &x));
    assert_null(eval_problem(e.ev));
    env_free(&e);

    /* no place for the temporary files: the ids stay in memory, the check
     * stays exact, and the evaluator says why */
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", "/nonexistent/award-test", 1);
    e = load(PS);
    const size_t m = 20000;
    for (size_t i = 1; i <= m; i++) {
        snprintf(id, sizeof id, "B-%zu", i);
        ps_app(&x, e.r, i, id, "D001", "1");
        assert_ok(eval(&e, &x));
    }
    assert_non_null(eval_problem(e.ev));
    assert_non_null(strstr(eval_problem(e.ev), "/nonexistent/award-test"));
    ps_app(&x, e.r, m + 1, "B-7", "D001", "1");
    const AppResult *res = eval(&e, &x);
    assert_true(res->error);
    assert_non_null(strstr(res->message, "was already used by record 7;"));
    env_free(&e);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}

/* Field ranges at their edges: strict and not, bounds with more or fewer
 * decimals than the value, values too wide for 64 bits (the quick check of
 * constant bounds must agree with the general one everywhere). */
static const char RANGES[] =
    "award ranges {\n"
    "  year 2558 BE\n"
    "  precision 4\n"
    "  input {\n"
    "    id text\n"
    "    agency text\n"
    "    type category\n"
    "    a decimal > 0.5\n"
    "    b decimal < 99.95\n"
    "    c integer >= 3\n"
    "    d decimal 0.25 to 1.5\n"
    "  }\n"
    "  category 1 c {\n"
    "    require a + b + c + d >= 0\n"
    "  }\n"
    "}\n";

static void range_rec(Rec *x, const Rules *r, size_t number, const char *a, const char *b,
                      const char *c, const char *d)
{
    static char ids[64][16];
    snprintf(ids[number % 64], sizeof ids[0], "r%zu", number);
    rec_init(x, r, number);
    txt(x, "id", ids[number % 64]);
    txt(x, "agency", "A");
    txt(x, "type", "1");
    txt(x, "a", a);
    txt(x, "b", b);
    txt(x, "c", c);
    txt(x, "d", d);
}

static void test_range_edges(void **state)
{
    (void)state;
    Env e = inline_rules(RANGES);
    Rec x;
    size_t k = 0;
    static const struct {
        const char *a, *b, *c, *d, *error;   /* error NULL: in range */
    } cases[] = {
        { "0.5001", "99.9499", "3", "0.25", NULL },
        { "1", "99", "3", "1.5", NULL },
        { "0.6", "0", "4", "1.50", NULL },
        { "0.5", "1", "3", "1", "field `a`: 0.5 is below or equal to 0.5" },
        { "0.50", "1", "3", "1", "field `a`: 0.50 is below or equal to 0.5" },
        { "0.5000", "1", "3", "1", "field `a`: 0.5000 is below or equal to 0.5" },
        { "0", "1", "3", "1", "field `a`: 0 is below or equal to 0.5" },
        { "-7", "1", "3", "1", "field `a`: -7 is below or equal to 0.5" },
        { "1", "99.95", "3", "1", "field `b`: 99.95 is above or equal to 99.95" },
        { "1", "100", "3", "1", "field `b`: 100 is above or equal to 99.95" },
        { "1", "99.9500", "3", "1", "field `b`: 99.9500 is above or equal to 99.95" },
        { "1", "1", "2", "1", "field `c`: 2 is below 3" },
        { "1", "1", "-3", "1", "field `c`: -3 is below 3" },
        { "1", "1", "3", "0.2499", "field `d`: 0.2499 is outside 0.25 to 1.5" },
        { "1", "1", "3", "1.5001", "field `d`: 1.5001 is outside 0.25 to 1.5" },
        { "1", "1", "3", "2", "field `d`: 2 is outside 0.25 to 1.5" },
        /* wider than 64 bits: the general comparison */
        { "123456789012345678901234567890", "1", "3", "1", NULL },
        { "1", "-123456789012345678901234567890", "3", "1", NULL },
        { "1", "123456789012345678901234567.8", "3", "1",
          "field `b`: 123456789012345678901234567.8 is above or equal to 99.95" },
        { "1", "1", "-99999999999999999999", "1", "field `c`: -99999999999999999999 is below 3" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        range_rec(&x, e.r, ++k, cases[i].a, cases[i].b, cases[i].c, cases[i].d);
        const AppResult *res = eval(&e, &x);
        if (!cases[i].error) {
            if (res->error)
                fail_msg("case %zu: %s", i, res->message);
        } else {
            assert_true(res->error);
            char want[200];
            snprintf(want, sizeof want, "in.csv:%zu: %s", k + 1, cases[i].error);
            assert_string_equal(res->message, want);
        }
    }
    env_free(&e);
}

/* ---- agency-level results ---- */

typedef struct Row {
    char id[32];
    char tier[32];
    bool eligible, agency_row;
    size_t nfailed;
    char failed[3][400];
    const char *cat;
} Row;

typedef struct Rows {
    Row row[16];
    size_t n;
} Rows;

static void collect_row(void *ctx, const AppResult *res)
{
    Rows *rows = ctx;
    assert_true(rows->n < 16);
    Row *w = &rows->row[rows->n++];
    snprintf(w->id, sizeof w->id, "%.*s", (int)res->id_len, res->id);
    snprintf(w->tier, sizeof w->tier, "%s", res->tier_id);
    w->eligible = res->eligible;
    w->agency_row = res->agency_row;
    w->nfailed = res->nfailed;
    w->cat = res->cat ? res->cat->id : NULL;
    for (size_t i = 0; i < res->nfailed && i < 3; i++)
        snprintf(w->failed[i], sizeof w->failed[i], "%s", res->failed[i]->message);
}

/* An application of `agency` in `type` with a total of `sustainability` +
 * 725 (800 and more is outstanding). */
static const AppResult *app(Env *e, size_t *n, const char *agency, const char *type, const char *sustainability)
{
    static Rec x;
    static char id[32];
    ++*n;
    snprintf(id, sizeof id, "A%zu", *n);
    ps_app(&x, e->r, *n, id, agency, type);
    txt(&x, "sustainability", sustainability);
    return eval(e, &x);
}

static void test_agency_results(void **state)
{
    (void)state;
    Env e = load(PS);
    size_t n = 0;
    Rec x;
    const AppResult *res;

    /* D7 appears first, with a data error; it has a good application at
     * the very end, so its row comes first */
    ps_app(&x, e.r, ++n, "X0", "D7", "1");
    absent(&x, "quality");
    assert_error(eval(&e, &x), "field `quality` is missing");
    /* D2: outstanding standard and integrated, development only good */
    assert_string_equal(app(&e, &n, "D2", "1", "75")->tier_id, "outstanding");
    /* D1: outstanding in 1, 2 and 3 */
    assert_string_equal(app(&e, &n, "D1", "1", "80")->tier_id, "outstanding");
    /* D3: nothing but data errors */
    ps_app(&x, e.r, ++n, "X1", "D3", "1");
    txt(&x, "complaints", "many");
    assert_error(eval(&e, &x), "complaints");
    assert_string_equal(app(&e, &n, "D2", "2", "75")->tier_id, "outstanding");
    assert_string_equal(app(&e, &n, "D1", "2", "75")->tier_id, "outstanding");
    assert_string_equal(app(&e, &n, "D2", "4", "50")->tier_id, "good");
    ps_app(&x, e.r, ++n, "X2", "D3", "9");
    assert_error(eval(&e, &x), "names no category");
    assert_string_equal(app(&e, &n, "D1", "3", "100")->tier_id, "outstanding");
    /* D4: outstanding totals, but the standard one is ineligible */
    ps_app(&x, e.r, ++n, "X3", "D4", "1");
    txt(&x, "complaints", "1");
    res = eval(&e, &x);
    assert_string_equal(res->tier_id, "ineligible");
    assert_dec_is(res->total, "800");
    assert_string_equal(app(&e, &n, "D4", "2", "75")->tier_id, "outstanding");
    assert_string_equal(app(&e, &n, "D4", "4", "75")->tier_id, "outstanding");
    /* D5: its integrated application is a data error */
    assert_string_equal(app(&e, &n, "D5", "1", "75")->tier_id, "outstanding");
    ps_app(&x, e.r, ++n, "X4", "D5", "2");
    txt(&x, "partners_gov", "9");
    assert_error(eval(&e, &x), "partners_gov");
    assert_string_equal(app(&e, &n, "D5", "4", "75")->tier_id, "outstanding");
    /* D6: only a continuous award */
    assert_string_equal(app(&e, &n, "D6", "6", "75")->tier_id, "awarded");
    assert_string_equal(app(&e, &n, "D7", "4", "75")->tier_id, "outstanding");

    Rows rows = { 0 };
    size_t got = eval_finish(e.ev, collect_row, &rows);
    assert_int_equal(got, 6);
    assert_int_equal(rows.n, 6);
    /* in order of first appearance, D3 left out */
    static const char *const order[] = { "D7", "D2", "D1", "D4", "D5", "D6" };
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(rows.row[i].id, order[i]);
        assert_true(rows.row[i].agency_row);
        assert_string_equal(rows.row[i].cat, "excellent");
    }
    assert_int_equal(rows.row[0].nfailed, 2);
    Row *d2 = &rows.row[1], *d1 = &rows.row[2], *d4 = &rows.row[3], *d5 = &rows.row[4], *d6 = &rows.row[5];
    assert_true(d1->eligible);
    assert_string_equal(d1->tier, "awarded");
    assert_int_equal(d1->nfailed, 0);
    assert_false(d2->eligible);
    assert_string_equal(d2->tier, "ineligible");
    assert_int_equal(d2->nfailed, 1);
    assert_string_equal(d2->failed[0], M_EX_THIRD);
    assert_false(d4->eligible);
    assert_int_equal(d4->nfailed, 1);
    assert_string_equal(d4->failed[0], M_EX_STANDARD);
    assert_false(d5->eligible);
    assert_int_equal(d5->nfailed, 1);
    assert_string_equal(d5->failed[0], M_EX_INTEGRATED);
    assert_int_equal(d6->nfailed, 3);
    assert_string_equal(d6->failed[0], M_EX_STANDARD);
    assert_string_equal(d6->failed[1], M_EX_INTEGRATED);
    assert_string_equal(d6->failed[2], M_EX_THIRD);
    env_free(&e);
}

/* A `good` in one category does not count as `outstanding`, nor an
 * outstanding in another category as this one's. */
static void test_agency_tiers_are_per_category(void **state)
{
    (void)state;
    Env e = load(PS);
    size_t n = 0;
    app(&e, &n, "Q", "1", "74.99");    /* good */
    app(&e, &n, "Q", "2", "75");
    app(&e, &n, "Q", "2", "75");       /* two in integrated... */
    app(&e, &n, "Q", "3", "75");
    app(&e, &n, "R", "3", "75");       /* ...and one for another agency */
    app(&e, &n, "R", "4", "75");
    Rows rows = { 0 };
    assert_int_equal(eval_finish(e.ev, collect_row, &rows), 2);
    assert_string_equal(rows.row[0].id, "Q");
    assert_int_equal(rows.row[0].nfailed, 1);
    assert_string_equal(rows.row[0].failed[0], M_EX_STANDARD);
    assert_string_equal(rows.row[1].id, "R");
    assert_int_equal(rows.row[1].nfailed, 2);
    env_free(&e);

    /* no agency-level category: no rows at all */
    e = load(PP);
    Rows none = { 0 };
    assert_int_equal(eval_finish(e.ev, collect_row, &none), 0);
    assert_int_equal(none.n, 0);
    env_free(&e);
}

/* Regression (found by this suite, since fixed): an agency code given as a JSON number is accepted as the text it is
 * when the application is evaluated (KIND_TEXT takes RAW_NUMBER, as the id
 * does), but note_agency in eval.c only takes RAW_TEXT and RAW_STRING, so
 * the agency is never recorded and gets no agency-level row, even when it
 * won everything.  Reproduction: JSON records {"id":"a","agency":1001,
 * "type":1,...}, {"id":"b","agency":1001,"type":2,...}, {"id":"c",
 * "agency":1001,"type":3,...}, all outstanding: eval_finish gives no row
 * for 1001 (expected `excellent` awarded). */
static void test_bug_numeric_agency_gets_no_row(void **state)
{
    (void)state;
    Env e = load(PS);
    Rec x;
    static const char *const types[] = { "1", "2", "3" };
    static const char *const ids[] = { "a", "b", "c" };
    for (size_t i = 0; i < 3; i++) {
        ps_app(&x, e.r, i + 1, ids[i], "x", types[i]);
        jnum(&x, "agency", "1001");
        const AppResult *res = eval(&e, &x);
        assert_ok(res);
        assert_string_equal(res->tier_id, "outstanding");
    }
    Rows rows = { 0 };
    assert_int_equal(eval_finish(e.ev, collect_row, &rows), 1);
    assert_string_equal(rows.row[0].id, "1001");
    assert_string_equal(rows.row[0].tier, "awarded");
    env_free(&e);
}

/* ---- the participatory award ---- */

/* Weights of development (type 1): i1 6, i2 4, i3 4, i4 6, i5 5, i6 5, i8 55,
 * i10 15.  A type-1 application with the given levels. */
static void pp_dev(Rec *x, const Rules *r, size_t number, const char *id, const char *const *levels)
{
    static const char *const names[] = { "i1", "i2", "i3", "i4", "i5", "i6", "i8", "i10" };
    rec_init(x, r, number);
    txt(x, "id", id);
    txt(x, "agency", "P01");
    txt(x, "type", "1");
    txt(x, "applied_before", "false");
    txt(x, "core_mission", "false");
    txt(x, "urgent_policy", "true");
    for (size_t i = 0; i < 8; i++)
        txt(x, names[i], levels[i]);
}

static void test_participatory_exact_points(void **state)
{
    (void)state;
    Env e = load(PP);
    Rec x;
    /* 6 x 4.99 / 5 = 5.988 exactly, kept unrounded below the total */
    static const char *const lv1[] = { "4.99", "4.91", "5", "5", "4.98", "5", "4.10", "5" };
    pp_dev(&x, e.r, 1, "J1", lv1);
    const AppResult *res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    assert_string_equal(res->cat->id, "development");
    assert_points(&e, res, "development_score", "policy", "5.988");
    assert_int_equal(dec_places(res->points[node_index(e.r, "development_score", "policy")]), 3);
    assert_points(&e, res, "development_score", "culture", "3.928");
    assert_points(&e, res, "development_score", "capability", "19.916");
    assert_points(&e, res, "development_score", "openness", "4.98");
    assert_points(&e, res, "development_score", "collaboration", "45.1");
    assert_points(&e, res, "development_score", "success", "70.08");
    /* the total is 89.996 exactly, rounded half up to 90.00: excellent */
    assert_dec_is(res->total, "90");
    assert_points(&e, res, "development_score", "development_score", "90.00");
    char b[DEC_FMT_MAX];
    dec_format(res->total, 2, b);
    assert_string_equal(b, "90.00");
    assert_string_equal(res->tier_id, "excellent");
    /* the expansion tree is not touched */
    assert_false(res->has_points[node_index(e.r, "expansion_score", "policy")]);

    /* 89.988 rounds to 89.99: good */
    static const char *const lv2[] = { "4.99", "4.90", "5", "5", "4.98", "5", "4.10", "5" };
    pp_dev(&x, e.r, 2, "J2", lv2);
    res = eval(&e, &x);
    assert_dec_is(res->total, "89.99");
    assert_string_equal(res->tier_id, "good");

    /* all fives: 100; all zeros: 0 and fail; 70 and 69.99 */
    static const char *const five[] = { "5", "5", "5", "5", "5", "5", "5", "5" };
    pp_dev(&x, e.r, 3, "J3", five);
    res = eval(&e, &x);
    assert_dec_is(res->total, "100");
    assert_string_equal(res->tier_id, "excellent");
    static const char *const zero[] = { "0", "0", "0", "0", "0", "0", "0", "0.00" };
    pp_dev(&x, e.r, 4, "J4", zero);
    res = eval(&e, &x);
    assert_dec_is(res->total, "0");
    assert_string_equal(res->tier_id, "fail");
    /* i8 = 2.3: 55 x 2.3 / 5 = 25.3, total 45 + 25.3 = 70.3 */
    static const char *const c70[] = { "5", "5", "5", "5", "5", "5", "2.3", "5" };
    pp_dev(&x, e.r, 5, "J5", c70);
    res = eval(&e, &x);
    assert_dec_is(res->total, "70.3");
    assert_string_equal(res->tier_id, "commendation");
    /* i10 = 4.99: 14.97, i8 = 2.26: 24.86, 30 + 14.97 + 24.86 = 69.83 */
    static const char *const c69[] = { "5", "5", "5", "5", "5", "5", "2.26", "4.99" };
    pp_dev(&x, e.r, 6, "J6", c69);
    res = eval(&e, &x);
    assert_dec_is(res->total, "69.83");
    assert_string_equal(res->tier_id, "fail");

    /* i7 and i9 are not read by type 1: garbage there is no error */
    pp_dev(&x, e.r, 7, "J7", five);
    txt(&x, "i7", "abc");
    txt(&x, "i9", "9.999");
    txt(&x, "prior_level", "gold");
    assert_ok(eval(&e, &x));
    /* i8 is: out of range */
    static const char *const bad[] = { "5", "5", "5", "5", "5", "5", "5.01", "5" };
    pp_dev(&x, e.r, 8, "J8", bad);
    assert_error(eval(&e, &x), "field `i8`: 5.01 is outside 0 to 5");
    env_free(&e);
}

static void test_participatory_other_types(void **state)
{
    (void)state;
    Env e = load(PP);
    Rec x;
    static const char *const all10[] = { "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "i10" };
    /* type 2 from JSON: weights 4 3 3 5 | 5 5 5 50 5 15 */
    rec_init(&x, e.r, 1);
    jstr(&x, "id", "X1");
    jstr(&x, "agency", "P01");
    jnum(&x, "type", "2");
    jstr(&x, "prior_level", "good");
    jnum(&x, "expanded_areas", "1");
    jbool(&x, "extended", true);
    jbool(&x, "core_mission", true);
    jbool(&x, "urgent_policy", false);
    for (size_t i = 0; i < 10; i++)
        jnum(&x, all10[i], "4");
    jnum(&x, "i8", "4.99");
    const AppResult *res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    assert_string_equal(res->cat->id, "expansion");
    /* 0.8 x 50 + 4.99 x 10 = 40 + 49.9 = 89.9 */
    assert_points(&e, res, "expansion_score", "collaboration", "49.9");
    assert_points(&e, res, "expansion_score", "capability", "12");
    assert_dec_is(res->total, "89.9");
    assert_string_equal(res->tier_id, "good");
    assert_false(res->has_points[node_index(e.r, "development_score", "policy")]);

    /* conditions of type 2: the prior level, the spread, the mission */
    jstr(&x, "id", "X2");
    jstr(&x, "prior_level", "commendation");
    jbool(&x, "extended", false);
    jbool(&x, "core_mission", false);
    res = eval(&e, &x);
    static const char *const want[] = { "ต้องเคยได้รับรางวัลในระดับดีหรือดีเยี่ยม",
                                        "ต้องขยายพื้นที่หรือกลุ่มเป้าหมายไม่น้อยกว่า 3 พื้นที่ หรือต่อยอดโครงการ",
                                        "ต้องสอดคล้องกับภารกิจหลักของส่วนราชการหรือนโยบายเร่งด่วนสำคัญของรัฐบาล" };
    assert_failed(res, want, 3);
    assert_true(res->scored);
    jstr(&x, "id", "X3");
    jstr(&x, "prior_level", "excellent");
    jnum(&x, "expanded_areas", "3");
    jbool(&x, "urgent_policy", true);
    assert_failed(eval(&e, &x), NULL, 0);
    jstr(&x, "id", "X4");
    jstr(&x, "prior_level", "Good");
    assert_error(eval(&e, &x), "field `prior_level`: \"Good\" is not one of none, commendation, good, excellent");

    /* type 3: two consecutive years before 2558 */
    static const struct { const char *years; bool ok; } cases[] = {
        { "2555;2556", true }, { "2556;2557", true }, { "2557;2558", false }, { "2554;2556", false },
        { "2550;2553;2557;2556", true }, { "2557", false }, { "", false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char id[16];
        snprintf(id, sizeof id, "Y%zu", i);
        rec_init(&x, e.r, 10 + i);
        txt(&x, "id", id);
        txt(&x, "agency", "P02");
        txt(&x, "type", "excellent");
        txt(&x, "excellent_years", cases[i].years);
        txt(&x, "new_projects", "3");
        txt(&x, "core_mission", "true");
        res = eval(&e, &x);
        assert_ok(res);
        if (res->eligible != cases[i].ok)
            fail_msg("excellent_years %s: eligible %d", cases[i].years, res->eligible);
        assert_string_equal(res->tier_id, cases[i].ok ? "awarded" : "ineligible");
        assert_false(res->scored);
    }
    env_free(&e);
}

/* ---- expressions, on small rule files ---- */

static const char CALC[] =
    "award calc {\n"
    "  year 2558 BE\n"
    "  input {\n"
    "    id text\n"
    "    agency text\n"
    "    type category\n"
    "    x decimal 0 to 100\n"
    "    n integer >= 0\n"
    "    ys list of year\n"
    "    ks list of integer 0 to 10\n"
    "  }\n"
    "  score s out of 1000000 {\n"
    "    r3 out of 100 = round(x / 3, 2, half-even)\n"
    "    r3u out of 100 = round(x / 3, 2, up)\n"
    "    r8e out of 100 = round(x / 8, 2, half-even)\n"
    "    r8u out of 100 = round(x / 8, 2, half-up)\n"
    "    r8d out of 100 = round(x / 8, 2, down)\n"
    "    rr out of 100 = round(x * 1.5, 0, half-even)\n"
    "    mn out of 10000 = min(ys)\n"
    "    mx out of 10000 = max(ys)\n"
    "    sm out of 100000 = sum(ys)\n"
    "    ct out of 100 = count(ys)\n"
    "    m3 out of 1000 = max(x, n, 3)\n"
    "    l3 out of 1000 = min(x, n, 3)\n"
    "    s3 out of 1000 = sum(x, n, 0.5)\n"
    "    sk out of 1000 = sum(ks) + count(ks)\n"
    "    lit out of 1000 = max([7, 2, 9]) + count([1, 2]) + count(1 .. 4)\n"
    "  }\n"
    "  tiers tt on s {\n    all_ at least 0\n  }\n"
    "  category 1 c {\n    scored by s, tiers tt\n  }\n"
    "}\n";

static void calc_rec(Rec *x, const Rules *r, size_t number, const char *xv, const char *nv, const char *ys,
                     const char *ks)
{
    char id[16];
    static char ids[64][16];
    snprintf(id, sizeof id, "c%zu", number);
    memcpy(ids[number % 64], id, sizeof id);
    rec_init(x, r, number);
    txt(x, "id", ids[number % 64]);
    txt(x, "agency", "A");
    txt(x, "type", "1");
    txt(x, "x", xv);
    txt(x, "n", nv);
    txt(x, "ys", ys);
    txt(x, "ks", ks);
}

static void test_calculations(void **state)
{
    (void)state;
    Env e = inline_rules(CALC);
    Rec x;
    calc_rec(&x, e.r, 1, "1", "7", "2557;2555;2558", "1;2;3");
    const AppResult *res = eval(&e, &x);
    assert_ok(res);
    assert_points(&e, res, "s", "r3", "0.33");      /* 0.333... */
    assert_points(&e, res, "s", "r3u", "0.34");
    assert_points(&e, res, "s", "r8e", "0.12");     /* 0.125: a tie, to even */
    assert_points(&e, res, "s", "r8u", "0.13");
    assert_points(&e, res, "s", "r8d", "0.12");
    assert_points(&e, res, "s", "rr", "2");         /* 1.5: a tie, to even */
    assert_points(&e, res, "s", "mn", "2555");
    assert_points(&e, res, "s", "mx", "2558");
    assert_points(&e, res, "s", "sm", "7670");
    assert_points(&e, res, "s", "ct", "3");
    assert_points(&e, res, "s", "m3", "7");
    assert_points(&e, res, "s", "l3", "1");
    assert_points(&e, res, "s", "s3", "8.5");
    assert_points(&e, res, "s", "sk", "9");
    assert_points(&e, res, "s", "lit", "15");
    assert_dec_is(res->total, "12829.54");

    calc_rec(&x, e.r, 2, "2", "0", "2556", "");
    res = eval(&e, &x);
    assert_ok(res);
    assert_points(&e, res, "s", "r3", "0.67");      /* 0.666... */
    assert_points(&e, res, "s", "r8e", "0.25");
    assert_points(&e, res, "s", "rr", "3");
    assert_points(&e, res, "s", "m3", "3");
    assert_points(&e, res, "s", "l3", "0");
    assert_points(&e, res, "s", "sk", "0");          /* empty list: sum 0, count 0 */
    assert_points(&e, res, "s", "mn", "2556");

    calc_rec(&x, e.r, 3, "0.36", "1", "2556", "");
    res = eval(&e, &x);
    assert_points(&e, res, "s", "r8e", "0.04");     /* 0.045: to even */
    assert_points(&e, res, "s", "r8u", "0.05");
    assert_points(&e, res, "s", "r3", "0.12");
    assert_points(&e, res, "s", "rr", "1");         /* 0.54 */
    calc_rec(&x, e.r, 4, "2.5", "1", "2556", "");
    res = eval(&e, &x);
    assert_points(&e, res, "s", "rr", "4");         /* 3.75 */
    assert_points(&e, res, "s", "r3", "0.83");      /* 0.8333... */

    /* min of an empty list has no value: a data error, not a crash (an
     * empty JSON array; for an empty CSV cell see test_min_of_empty) */
    calc_rec(&x, e.r, 5, "1", "1", "", "");
    jarray(&x, "ys", RAW_NUMBER, NULL, 0);
    assert_error(eval(&e, &x), "min(...) of an empty list has no value");
    /* a list item out of its range */
    calc_rec(&x, e.r, 6, "1", "1", "2556", "3;11");
    assert_error(eval(&e, &x), "field `ks`: 11 is outside 0 to 10");
    /* JSON arrays of numbers */
    calc_rec(&x, e.r, 7, "1", "1", "", "");
    static const char *const ys[] = { "2550", "2560" };
    jarray(&x, "ys", RAW_NUMBER, ys, 2);
    static const char *const ks[] = { "10", "0", "5" };
    jarray(&x, "ks", RAW_NUMBER, ks, 3);
    res = eval(&e, &x);
    assert_ok(res);
    assert_points(&e, res, "s", "mn", "2550");
    assert_points(&e, res, "s", "sk", "18");
    static const char *const bad[] = { "2550", "true" };
    calc_rec(&x, e.r, 8, "1", "1", "", "");
    jarray(&x, "ys", RAW_BOOL, bad, 2);
    assert_error(eval(&e, &x), "field `ys`: expected a year, found true");
    env_free(&e);
}

/* min and max of an empty list field from CSV (or absent) are a data
 * error, as for an empty JSON array (they gave 0 until 560e2ea). */
static void test_min_of_empty(void **state)
{
    (void)state;
    Env e = inline_rules(CALC);
    Rec x;
    calc_rec(&x, e.r, 1, "1", "1", "", "");
    assert_error(eval(&e, &x), "min(...) of an empty list has no value");
    calc_rec(&x, e.r, 2, "1", "1", "", "");
    absent(&x, "ys");
    assert_error(eval(&e, &x), "min(...) of an empty list has no value");
    env_free(&e);
}

/* min, max and sum of a range (they gave 0 until 560e2ea). */
static void test_fold_over_range(void **state)
{
    (void)state;
    Env e = inline_rules("award r {\n  year 2558 BE\n"
                         "  input {\n    id text\n    type category\n    n integer 1 to 50\n  }\n"
                         "  score s out of 1000 {\n"
                         "    t out of 500 = sum(1 .. 5) + max(1 .. 5)\n"
                         "    u out of 500 = min(n .. 50) + sum(n .. n + 1)\n"
                         "  }\n"
                         "  tiers tt on s {\n    all_ at least 0\n  }\n"
                         "  category 1 c {\n    scored by s, tiers tt\n  }\n}\n");
    Rec x;
    rec_init(&x, e.r, 1);
    txt(&x, "id", "r1");
    txt(&x, "type", "1");
    txt(&x, "n", "3");
    const AppResult *res = eval(&e, &x);
    assert_ok(res);
    assert_points(&e, res, "s", "t", "20");
    assert_points(&e, res, "s", "u", "10");
    env_free(&e);
}

static const char CONDS[] =
    "award cond {\n"
    "  year 2558 BE\n"
    "  input {\n"
    "    id text\n"
    "    type category\n"
    "    x decimal 0 to 100\n"
    "    n integer >= 0\n"
    "    ys list of year\n"
    "    d date\n"
    "    lvl one of low, mid, high\n"
    "    oy optional year\n"
    "    big decimal\n"
    "  }\n"
    "  let late = oy > 2550\n"
    "  let has57 = any v in ys: v = 2557\n"
    "  category 1 c {\n"
    "    require all y in ys: y >= 2550 \"all-list\"\n"
    "    require any y in ys: y = 2557 \"any-list\"\n"
    "    require all k in n .. n + 2: k * 2 <= 20 \"all-range\"\n"
    "    require any k in 0 .. n: k * k = n \"square\"\n"
    "    require lvl in [\"mid\", \"high\"] \"in-list\"\n"
    "    require n in 1 .. 10 \"in-range\"\n"
    "    require x in [1.5, 2.50, 3] \"in-decimals\"\n"
    "    require d >= 2015-01-01 and d < 2016-01-01 \"date\"\n"
    "    require d - 2015-01-01 >= 31 \"days\"\n"
    "    require late \"late\"\n"
    "    require not late or x > 2 \"not-late\"\n"
    "    require any y in ys: has57 and y = 2550 \"nested\"\n"
    "    require lvl != \"low\" \"not-low\"\n"
    "  }\n"
    "  category 2 e {\n"
    "    require big * big * big > 0 \"overflow\"\n"
    "    require round(x / n, 2, half-up) > 1 \"divide\"\n"
    "    require all k in 0 .. n: k >= 0 \"walk\"\n"
    "  }\n"
    "}\n";

static void cond_rec(Rec *x, const Rules *r, size_t number, const char *id)
{
    rec_init(x, r, number);
    txt(x, "id", id);
    txt(x, "type", "1");
    txt(x, "x", "2.5");
    txt(x, "n", "4");
    txt(x, "ys", "2550;2557");
    txt(x, "d", "2015-02-01");
    txt(x, "lvl", "high");
    txt(x, "oy", "2556");
    txt(x, "big", "1");
}

static void test_conditions(void **state)
{
    (void)state;
    Env e = inline_rules(CONDS);
    Rec x;
    const AppResult *res;

    cond_rec(&x, e.r, 1, "q1");
    res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    assert_string_equal(res->tier_id, "awarded");

    /* each condition failing on its own */
    cond_rec(&x, e.r, 2, "q2");
    txt(&x, "ys", "2549;2557");
    res = eval(&e, &x);
    static const char *const f2[] = { "all-list", "nested" };
    assert_failed(res, f2, 2);

    cond_rec(&x, e.r, 3, "q3");
    txt(&x, "ys", "2550;2556");
    res = eval(&e, &x);
    static const char *const f3[] = { "any-list", "nested" };
    assert_failed(res, f3, 2);

    /* an empty list: `all` holds, `any` does not */
    cond_rec(&x, e.r, 4, "q4");
    txt(&x, "ys", "");
    res = eval(&e, &x);
    static const char *const f4[] = { "any-list", "nested" };
    assert_failed(res, f4, 2);

    /* n = 9: 9 .. 11 has 11 * 2 > 20; 3 * 3 = 9 */
    cond_rec(&x, e.r, 5, "q5");
    txt(&x, "n", "9");
    res = eval(&e, &x);
    static const char *const f5[] = { "all-range" };
    assert_failed(res, f5, 1);
    /* n = 8: 8 .. 10 fine; 8 is no square */
    cond_rec(&x, e.r, 6, "q6");
    txt(&x, "n", "8");
    static const char *const f6[] = { "square" };
    assert_failed(eval(&e, &x), f6, 1);
    /* n = 0: 0 is a square (0 .. 0 has one number), 0 is not in 1 .. 10 */
    cond_rec(&x, e.r, 7, "q7");
    txt(&x, "n", "0");
    static const char *const f7[] = { "in-range" };
    assert_failed(eval(&e, &x), f7, 1);
    /* n = 16 is a square, and too big for both ranges */
    cond_rec(&x, e.r, 8, "q8");
    txt(&x, "n", "16");
    static const char *const f8[] = { "all-range", "in-range" };
    assert_failed(eval(&e, &x), f8, 2);

    cond_rec(&x, e.r, 9, "q9");
    txt(&x, "lvl", "low");
    static const char *const f9[] = { "in-list", "not-low" };
    assert_failed(eval(&e, &x), f9, 2);
    cond_rec(&x, e.r, 10, "q10");
    jstr(&x, "lvl", "mid");
    assert_failed(eval(&e, &x), NULL, 0);
    cond_rec(&x, e.r, 10, "q10b");
    jstr(&x, "lvl", "medium");
    assert_error(eval(&e, &x), "field `lvl`: \"medium\" is not one of low, mid, high");

    /* 2.5 is 2.50; 2.51 is in no list */
    cond_rec(&x, e.r, 11, "q11");
    txt(&x, "x", "2.51");
    static const char *const f11[] = { "in-decimals" };
    assert_failed(eval(&e, &x), f11, 1);
    cond_rec(&x, e.r, 12, "q12");
    jnum(&x, "x", "3.00");
    assert_failed(eval(&e, &x), NULL, 0);

    /* dates: 2015-02-01 is day 31 of 2015; the day before is 30 */
    cond_rec(&x, e.r, 13, "q13");
    txt(&x, "d", "2015-01-31");
    static const char *const f13[] = { "days" };
    assert_failed(eval(&e, &x), f13, 1);
    cond_rec(&x, e.r, 14, "q14");
    txt(&x, "d", "2016-01-01");
    static const char *const f14[] = { "date" };
    assert_failed(eval(&e, &x), f14, 1);
    cond_rec(&x, e.r, 15, "q15");
    txt(&x, "d", "2014-12-31");
    static const char *const f15[] = { "date", "days" };
    assert_failed(eval(&e, &x), f15, 2);
    cond_rec(&x, e.r, 16, "q16");
    txt(&x, "d", "2015-02-29");
    assert_error(eval(&e, &x), "field `d`: expected a date YYYY-MM-DD, found \"2015-02-29\"");
    cond_rec(&x, e.r, 17, "q17");
    txt(&x, "d", "1/2/2015");
    assert_error(eval(&e, &x), "field `d`: expected a date YYYY-MM-DD");
    env_free(&e);
}

/* A let is computed once per record, and afresh for each record. */
static void test_let_memo(void **state)
{
    (void)state;
    Env e = inline_rules(CONDS);
    Rec x;
    /* oy empty: `late` needs it, so it fails; `not late or x > 2` is
     * unknown or false, and fails too (with x = 1.5) */
    cond_rec(&x, e.r, 1, "m1");
    txt(&x, "oy", "");
    txt(&x, "x", "1.5");
    static const char *const f1[] = { "late", "not-late" };
    assert_failed(eval(&e, &x), f1, 2);
    /* unknown or true holds (x = 2.5) */
    cond_rec(&x, e.r, 1, "m1b");
    txt(&x, "oy", "");
    static const char *const f1b[] = { "late" };
    assert_failed(eval(&e, &x), f1b, 1);
    /* next record: 2556 > 2550, so late holds (not the "absent" of before) */
    cond_rec(&x, e.r, 2, "m2");
    txt(&x, "oy", "2556");
    txt(&x, "x", "1.5");
    static const char *const f2[] = { "not-late" };
    assert_failed(eval(&e, &x), f2, 1);
    /* and not late here, whatever the record before said */
    cond_rec(&x, e.r, 3, "m3");
    txt(&x, "oy", "2540");
    txt(&x, "x", "1.5");
    static const char *const f3[] = { "late" };
    assert_failed(eval(&e, &x), f3, 1);
    cond_rec(&x, e.r, 4, "m4");
    jnull(&x, "oy");
    txt(&x, "x", "1.5");
    assert_failed(eval(&e, &x), f1, 2);
    /* a let with its own quantifier, used inside another quantifier, does
     * not disturb that quantifier's variable (`nested` needs y = 2550
     * after has57 walked ys up to 2557) */
    cond_rec(&x, e.r, 5, "m5");
    txt(&x, "ys", "2550;2557");
    assert_failed(eval(&e, &x), NULL, 0);
    /* has57 afresh: no 2557 this time */
    cond_rec(&x, e.r, 6, "m6");
    txt(&x, "ys", "2550;2556");
    static const char *const f6[] = { "any-list", "nested" };
    assert_failed(eval(&e, &x), f6, 2);
    env_free(&e);
}

/* A side of and/or that needs an empty optional field is unknown: `or`
 * holds when the other side holds, `and` fails when the other side fails,
 * in either order; otherwise the condition does not hold. */
static void test_and_or_with_absent(void **state)
{
    (void)state;
    Env e = inline_rules("award u {\n  year 2558 BE\n"
                         "  input {\n    id text\n    type category\n    o optional integer\n    f bool\n  }\n"
                         "  category 1 c {\n"
                         "    require o > 3 or f \"or1\"\n"
                         "    require f or o > 3 \"or2\"\n"
                         "    require o > 3 and f \"and1\"\n"
                         "    require f and o > 3 \"and2\"\n"
                         "    require not (o > 3) \"not\"\n"
                         "  }\n}\n");
    static const struct { const char *o, *f; const char *failed[5]; size_t n; } cases[] = {
        { "", "true", { "and1", "and2", "not" }, 3 },
        { "", "false", { "or1", "or2", "and1", "and2", "not" }, 5 },
        { "5", "false", { "and1", "and2", "not" }, 3 },
        { "5", "true", { "not" }, 1 },
        { "1", "true", { "and1", "and2" }, 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Rec x;
        char id[8];
        snprintf(id, sizeof id, "u%zu", i);
        rec_init(&x, e.r, i + 1);
        txt(&x, "id", id);
        txt(&x, "type", "1");
        txt(&x, "o", cases[i].o);
        txt(&x, "f", cases[i].f);
        assert_failed(eval(&e, &x), cases[i].failed, cases[i].n);
    }
    env_free(&e);
}

static void test_arithmetic_errors(void **state)
{
    (void)state;
    Env e = inline_rules(CONDS);
    Rec x;
    /* fine */
    cond_rec(&x, e.r, 1, "o1");
    txt(&x, "type", "2");
    txt(&x, "n", "2");
    txt(&x, "big", "1000000000000");         /* 10^12: cubed 10^36 fits */
    const AppResult *res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    /* 10^13 cubed does not fit 128 bits: a data error naming the place */
    cond_rec(&x, e.r, 2, "o2");
    txt(&x, "type", "2");
    txt(&x, "n", "2");
    txt(&x, "big", "10000000000000");
    res = eval(&e, &x);
    assert_error(res, "t.award:");
    assert_error(res, "`big * big * big` is too large to hold exactly");
    /* dividing by a zero field */
    cond_rec(&x, e.r, 3, "o3");
    txt(&x, "type", "2");
    txt(&x, "n", "0");
    assert_error(eval(&e, &x), "`round(x / n, 2, half-up)` divides by zero");
    /* a quotient that does not end is rounded where it is made:
     * round(1 / 3, 2, half-up) = 0.33, which is not > 1 */
    cond_rec(&x, e.r, 4, "o4");
    txt(&x, "type", "2");
    txt(&x, "n", "3");
    txt(&x, "x", "1");
    res = eval(&e, &x);
    assert_false(res->error);
    assert_false(res->eligible);
    bool divide_failed = false;
    for (size_t i = 0; i < res->nfailed; i++)
        divide_failed = divide_failed || strcmp(res->failed[i]->message, "divide") == 0;
    assert_true(divide_failed);
    /* a range too long to walk */
    cond_rec(&x, e.r, 5, "o5");
    txt(&x, "type", "2");
    txt(&x, "n", "200000");
    txt(&x, "x", "100");
    assert_error(eval(&e, &x), "the range 0 .. 200000 is too long to walk (more than 100000 numbers)");
    /* a number too long for a field */
    cond_rec(&x, e.r, 6, "o6");
    txt(&x, "type", "2");
    txt(&x, "big", "1234567890123456789012345678901234567890123");
    res = eval(&e, &x);
    assert_error(res, "field `big`: \"1234567890123456789012345678901234567890");
    assert_error(res, "is too long a number");
    /* the evaluator goes on */
    cond_rec(&x, e.r, 7, "o7");
    res = eval(&e, &x);
    assert_failed(res, NULL, 0);
    env_free(&e);

    /* overflow in a score: points over the maximum, a sum too large for
     * 128 bits, a product too large */
    e = inline_rules("award o {\n  year 2558 BE\n"
                     "  input {\n    id text\n    type category\n    v integer >= 0\n  }\n"
                     "  score s out of 99999999999999999999999999999999999999 {\n"
                     "    a out of 99999999999999999999999999999999999999 = v * v\n"
                     "    b out of 99999999999999999999999999999999999999 = v * v\n"
                     "    c out of 100 = v\n"
                     "  }\n"
                     "  tiers tt on s {\n    all_ at least 0\n  }\n"
                     "  category 1 c {\n    scored by s, tiers tt\n  }\n}\n");
    static const struct { const char *v, *msg; } big[] = {
        { "3", NULL },
        { "200", "score `c`: points 200.00, outside 0 to 100" },
        /* 6.4e37 twice: over the 38 digits a number may have */
        { "8000000000000000000", "score `s` is too large to hold exactly" },
        { "10000000000000000000", "`v * v` is too large to hold exactly" },
    };
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        char id[8];
        snprintf(id, sizeof id, "s%zu", i);
        rec_init(&x, e.r, i + 1);
        txt(&x, "id", id);
        txt(&x, "type", "1");
        txt(&x, "v", big[i].v);
        res = eval(&e, &x);
        if (big[i].msg) {
            assert_error(res, big[i].msg);
        } else {
            assert_ok(res);
            assert_dec_is(res->total, "21");
        }
    }
    env_free(&e);
}

/* The score's maximum is enforced where no cap says otherwise. */
static void test_points_over_maximum(void **state)
{
    (void)state;
    Env e = inline_rules("award o {\n  year 2558 BE\n"
                         "  input {\n    id text\n    type category\n    v decimal 0 to 100\n    b bool\n  }\n"
                         "  score s out of 100 {\n"
                         "    v out of 100\n"
                         "    bonus 10 when b\n"
                         "  }\n"
                         "  tiers tt on s {\n    hi at least 50\n    lo otherwise\n  }\n"
                         "  category 1 c {\n    scored by s, tiers tt\n  }\n}\n");
    Rec x;
    rec_init(&x, e.r, 1);
    txt(&x, "id", "v1");
    txt(&x, "type", "1");
    txt(&x, "v", "95");
    txt(&x, "b", "true");
    assert_error(eval(&e, &x), "score `s`: points 105.00, outside 0 to 100");
    rec_init(&x, e.r, 2);
    txt(&x, "id", "v2");
    txt(&x, "type", "1");
    txt(&x, "v", "90");
    txt(&x, "b", "true");
    const AppResult *res = eval(&e, &x);
    assert_ok(res);
    assert_dec_is(res->total, "100");
    assert_string_equal(res->tier_id, "hi");
    env_free(&e);
}

/* The tier gap the checker warns about, met at run time: a data error. */
static void test_no_tier_at_run_time(void **state)
{
    (void)state;
    Env e = inline_rules("award g {\n  year 2558 BE\n  precision 3\n"
                         "  input {\n    id text\n    type category\n    k integer 0 to 1000\n"
                         "    w optional integer 0 to 1000\n  }\n"
                         "  score s out of 100 {\n    a weight 100 = k / 1000\n  }\n"
                         "  score t out of 100 {\n    w out of 100 = w / 10\n  }\n"
                         "  tiers lv on s, t {\n"
                         "    fail from 0 to 79.99\n    good from 80 to 89.99\n    top from 90 to 100\n  }\n"
                         "  category 1 c {\n    scored by s, tiers lv\n  }\n"
                         "  category 2 d {\n    scored by t, tiers lv\n  }\n}\n");
    assert_int_equal(diag_count(e.d, DIAG_WARNING), 2);
    Rec x;
    rec_init(&x, e.r, 1);
    txt(&x, "id", "g1");
    txt(&x, "type", "1");
    txt(&x, "k", "900");
    const AppResult *res = eval(&e, &x);
    assert_ok(res);
    assert_string_equal(res->tier_id, "top");
    rec_init(&x, e.r, 2);
    txt(&x, "id", "g2");
    txt(&x, "type", "1");
    txt(&x, "k", "899");
    assert_string_equal(eval(&e, &x)->tier_id, "good");
    rec_init(&x, e.r, 3);
    txt(&x, "id", "g3");
    txt(&x, "type", "1");
    txt(&x, "k", "8999");
    assert_error(eval(&e, &x), "field `k`: 8999 is outside 0 to 1000");
    /* a fraction for a whole-number field (89.995 needs another k: below) */
    rec_init(&x, e.r, 4);
    txt(&x, "id", "g4");
    txt(&x, "type", "1");
    jnum(&x, "k", "899.95");
    assert_error(eval(&e, &x), "field `k`: expected a whole number");
    env_free(&e);

    e = inline_rules("award g {\n  year 2558 BE\n  precision 3\n"
                     "  input {\n    id text\n    type category\n    k integer 0 to 100000\n"
                     "    w optional integer 0 to 1000\n  }\n"
                     "  score s out of 100 {\n    a out of 100 = k / 1000\n  }\n"
                     "  score t out of 100 {\n    w out of 100 = w / 10\n  }\n"
                     "  tiers lv on s, t {\n"
                     "    fail from 0 to 79.99\n    good from 80 to 89.99\n    top from 90 to 100\n  }\n"
                     "  category 1 c {\n    scored by s, tiers lv\n  }\n"
                     "  category 2 d {\n    scored by t, tiers lv\n  }\n}\n");
    rec_init(&x, e.r, 1);
    txt(&x, "id", "h1");
    txt(&x, "type", "1");
    txt(&x, "k", "89995");
    assert_error(eval(&e, &x), "a `s` of 89.995 falls in no tier of `lv`");
    /* a score item that needs an empty optional field: a data error */
    rec_init(&x, e.r, 2);
    txt(&x, "id", "h2");
    txt(&x, "type", "2");
    txt(&x, "w", "");
    assert_error(eval(&e, &x), "score `w` needs a value that is missing");
    rec_init(&x, e.r, 3);
    txt(&x, "id", "h3");
    txt(&x, "type", "2");
    txt(&x, "w", "905");
    res = eval(&e, &x);
    assert_ok(res);
    assert_dec_is(res->total, "90.5");
    assert_string_equal(res->tier_id, "top");
    env_free(&e);
}

/* Regression (found by this suite, since fixed): the length check of a range walked by a quantifier, count() of a
 * range and sum() of a range compute hi - lo (+ 1) in int64_t, which
 * overflows for wide ranges (undefined behaviour; UBSan: "signed integer
 * overflow" in ev_quant, ev_call and fold_range).  Without UBSan the
 * wrapped length passes the MAX_RANGE_WALK check, so `all k in -n .. n:`
 * starts walking 2^64 numbers instead of giving the data error "the range
 * ... is too long to walk", and count(0 .. n) is negative.  Reproduction:
 * `require all k in 0 - n .. n: k >= 0`, `require count(0 .. n) > 0` and
 * `require sum(0 - n .. n) = 0` with n = 9223372036854775807. */
static void test_bug_wide_range_overflow(void **state)
{
    (void)state;
    Env e = inline_rules("award w {\n  year 2558 BE\n"
                         "  input {\n    id text\n    type category\n    n integer\n  }\n"
                         "  category 1 c {\n    require all k in 0 - n .. n: k >= 0 \"walk\"\n  }\n"
                         "  category 2 d {\n    require count(0 .. n) > 0 \"count\"\n"
                         "    require sum(0 - n .. n) = 0 \"sum\"\n  }\n}\n");
    Rec x;
    rec_init(&x, e.r, 1);
    txt(&x, "id", "w1");
    txt(&x, "type", "1");
    txt(&x, "n", "9223372036854775807");
    assert_error(eval(&e, &x), "is too long to walk");
    rec_init(&x, e.r, 2);
    txt(&x, "id", "w2");
    txt(&x, "type", "2");
    txt(&x, "n", "9223372036854775807");
    assert_failed(eval(&e, &x), NULL, 0);
    env_free(&e);
}

/* Two evaluators over two rule files in one process: no shared state. */
static void test_two_evaluators(void **state)
{
    (void)state;
    Env a = load(PS);
    Env b = load(PS);
    Rec x;
    ps_app(&x, a.r, 1, "same", "D1", "1");
    assert_ok(eval(&a, &x));
    ps_app(&x, b.r, 1, "same", "D1", "1");
    assert_ok(eval(&b, &x));          /* not a duplicate: another batch */
    eval_free(b.ev);
    rules_free(b.r);
    diag_free(b.d);
    env_free(&a);
}

/* ---- bounded evaluation ---- */

static const char LISTS[] =
    "award lists {\n"                                                        /* 1 */
    "  year 2558 BE\n"                                                       /* 2 */
    "  input {\n"                                                            /* 3 */
    "    id text\n"                                                          /* 4 */
    "    type category\n"                                                    /* 5 */
    "    ys list of year\n"                                                  /* 6 */
    "    vs list of decimal\n"                                               /* 7 */
    "    n integer 0 to 1000\n"                                              /* 8 */
    "  }\n"                                                                  /* 9 */
    "  category 1 run \"R\" {\n"                                             /* 10 */
    "    require any y in ys: y < year and y + 1 < year and y + 1 in ys \"two\"\n" /* 11 */
    "  }\n"                                                                  /* 12 */
    "  category 2 sums \"S\" {\n"                                            /* 13 */
    "    require all v in vs: v <= max(vs) and v >= min(vs) and sum(vs) >= v \"sum\"\n" /* 14 */
    "  }\n"                                                                  /* 15 */
    "  category 3 nest \"N\" {\n"                                            /* 16 */
    "    require all a in 1 .. 100000: all b in 1 .. 200: a + b > n \"all\"\n" /* 17 */
    "  }\n"                                                                  /* 18 */
    "}\n";

/* "v0;v1;...": n numbers from `from` by `step`, as a CSV cell. */
static char *number_cell(int n, long from, long step, const char *suffix)
{
    size_t cap = (size_t)n * 24 + 16, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s%ld%s", i ? ";" : "", from + step * i, suffix);
    return s;
}

/* `y + 1 in ys` inside a quantifier over ys: a binary search in an order
 * of the list made once per application, so 100,000 years take about a
 * million steps (it used to be 100,000 squared compares, 20 s for 50,000).
 * Equality stays exact: 2557 finds 2557.0. */
static void test_in_long_list_is_fast(void **state)
{
    (void)state;
    Env e = inline_rules(LISTS);
    Rec x;
    /* no two years in a row: every item is tried */
    char *cell = number_cell(100000, -200000, 2, "");
    rec_init(&x, e.r, 1);
    txt(&x, "id", "A");
    txt(&x, "type", "1");
    txt(&x, "ys", cell);
    const AppResult *res = eval(&e, &x);
    assert_ok(res);
    assert_false(res->eligible);
    assert_true(eval_steps(e.ev) < 2000000);
    free(cell);
    /* 2556 and 2557.0 among 40 others */
    cell = number_cell(40, 1000, 3, "");
    size_t len = strlen(cell);
    char *more = malloc(len + 32);
    assert_non_null(more);
    snprintf(more, len + 32, "%s;2557.0;2556", cell);
    rec_init(&x, e.r, 2);
    txt(&x, "id", "B");
    txt(&x, "type", "1");
    txt(&x, "ys", more);
    res = eval(&e, &x);
    assert_ok(res);
    assert_true(res->eligible);
    free(more);
    free(cell);
    env_free(&e);
}

/* sum, min and max of a list inside a quantifier over the same list are
 * worked out once per application. */
static void test_list_folds_once(void **state)
{
    (void)state;
    Env e = inline_rules(LISTS);
    Rec x;
    char *cell = number_cell(100000, 1, 1, ".5");
    rec_init(&x, e.r, 1);
    txt(&x, "id", "A");
    txt(&x, "type", "2");
    txt(&x, "vs", cell);
    const AppResult *res = eval(&e, &x);
    assert_ok(res);
    assert_true(res->eligible);
    assert_true(eval_steps(e.ev) < 3000000);
    free(cell);
    env_free(&e);
}

/* A walk of 20 million items passes the budget: that application is a data
 * error naming the rule; the next one starts with a full budget. */
static void test_work_budget(void **state)
{
    (void)state;
    Env e = inline_rules(LISTS);
    Rec x;
    rec_init(&x, e.r, 1);
    txt(&x, "id", "A");
    txt(&x, "type", "3");
    txt(&x, "n", "0");
    const AppResult *res = eval(&e, &x);
    assert_error(res, "in.csv:2: evaluation of `all a in 1 .. 100000: all b in 1 .. 200: a + b > n` "
                      "(the rule at t.award:17:13) stopped after 10000000 steps");
    /* the next application: the walk stops at once (1 + 1 > 1000 fails) */
    rec_init(&x, e.r, 2);
    txt(&x, "id", "B");
    txt(&x, "type", "3");
    txt(&x, "n", "1000");
    res = eval(&e, &x);
    assert_ok(res);
    assert_false(res->eligible);
    assert_true(eval_steps(e.ev) < 100);
    env_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, start_test, end_test)
        T(test_in_long_list_is_fast),
        T(test_list_folds_once),
        T(test_work_budget),
        T(test_standard_outstanding),
        T(test_tier_boundaries),
        T(test_bonus_and_cap),
        T(test_ineligible_is_still_scored),
        T(test_category_conditions),
        T(test_continuous),
        T(test_data_errors_fields),
        T(test_data_errors_records),
        T(test_duplicate_ids_past_memory),
        T(test_range_edges),
        T(test_agency_results),
        T(test_agency_tiers_are_per_category),
        T(test_bug_numeric_agency_gets_no_row),
        T(test_participatory_exact_points),
        T(test_participatory_other_types),
        T(test_calculations),
        T(test_min_of_empty),
        T(test_fold_over_range),
        T(test_conditions),
        T(test_let_memo),
        T(test_and_or_with_absent),
        T(test_arithmetic_errors),
        T(test_points_over_maximum),
        T(test_no_tier_at_run_time),
        T(test_bug_wide_range_overflow),
        T(test_two_evaluators),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

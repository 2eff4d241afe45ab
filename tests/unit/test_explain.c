/* test_explain.c -- unit tests for explanations (explain.c): the shipped
 * 2558 rule files and small inline ones, records built by hand the way the
 * readers deliver them (as in test_eval.c), each result explained as text
 * and as JSON right after eval_record (or in eval_finish's callback), and
 * the explanation checked for the values each condition saw, what would have
 * passed a failed one, the score items with their caps, bonuses and
 * rounding, the tier with its rule and the distance to the next one, the
 * applications behind an agency-level award, and data errors.  The JSON is
 * parsed with yajl to prove it well formed. */
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
#include <yajl/yajl_tree.h>

#include "ast.h"
#include "check.h"
#include "data.h"
#include "dec.h"
#include "diag.h"
#include "eval.h"
#include "explain.h"
#include "mem.h"
#include "utext.h"

/* ---- helpers (and eval_support.h) ---- */

/* The explanation as text and as JSON (checked to parse), caller frees. */
static char *as_text(Env *e, const AppResult *res) { return written(explain_text, e, res, NULL); }

static char *as_json(Env *e, const AppResult *res)
{
    char *buf = written(explain_json, e, res, NULL);
    char err[256];
    yajl_val v = yajl_tree_parse(buf, err, sizeof err);
    if (!v)
        fail_msg("the JSON does not parse: %s\n%s", err, buf);
    if (!YAJL_IS_OBJECT(v))
        fail_msg("the JSON is not an object:\n%s", buf);
    yajl_tree_free(v);
    assert_null(strchr(buf, '\n'));
    return buf;
}

/* ---- the public service award (ps_app: eval_support.h) ---- */

static void test_outstanding(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    const AppResult *res = eval(&e, &x);
    char *t = as_text(&e, res);
    has(t, "PS-1\n  from      in.csv, line 2\n");
    has(t, "  category  1 standard: รางวัลภาพรวมมาตรฐานการบริการที่เป็นเลิศ\n");
    has(t, "  result    outstanding (ระดับดีเด่น)\n  total     800.00 of 1000\n");
    has(t, "conditions (rules/2558/public-service.award): all 6 hold\n");
    has(t, "    line 104  holds  " M_COVERAGE "\n");
    has(t, "`unit_coverage_pct >= 80` with unit_coverage_pct = 90\n");
    has(t, "`in_use_a_year` with in_use_a_year = true, months_in_use = 24\n");
    /* a field alone is said by its value */
    has(t, "                     core_mission = true\n");
    lacks(t, "FAILS");
    /* nothing is needed but the bonus, which it did not get */
    const char *needs = strstr(t, "needs");
    assert_non_null(needs);
    assert_true(needs > strstr(t, "part1_bonus"));
    has(t, "tier: outstanding (ระดับดีเด่น), since 800.00 is at least 800 (line 93 of `levels`)\n");
    has(t, "    note: ตรวจประเมิน ณ พื้นที่\n    the highest tier\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "\"tier\":{\"id\":\"outstanding\",\"label\":\"ระดับดีเด่น\",\"rule\":\"at least 800\",\"line\":93,"
           "\"note\":\"ตรวจประเมิน ณ พื้นที่\"},\"next_tier\":null");
    has(j, "{\"line\":104,\"message\":\"" M_COVERAGE "\",\"condition\":\"unit_coverage_pct >= 80\","
           "\"result\":\"holds\",\"values\":[{\"name\":\"unit_coverage_pct\",\"value\":90}],\"needs\":[],\"stage\":\"assessment\"}");
    free(j);
    env_free(&e);
}

/* 79.99 % needs 80: 0.01 short; the total would have been outstanding. */
static void test_would_pass_a_bound(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "standard");
    txt(&x, "unit_coverage_pct", "79.99");
    txt(&x, "months_in_use", "11");
    const AppResult *res = eval(&e, &x);
    assert_false(res->eligible);
    char *t = as_text(&e, res);
    has(t, "  result    ineligible: 2 of 6 conditions fail\n");
    has(t, "conditions (rules/2558/public-service.award): 4 of 6 hold\n");
    has(t, "    line 104  FAILS  " M_COVERAGE "\n"
           "                     `unit_coverage_pct >= 80` with unit_coverage_pct = 79.99\n"
           "                     needs unit_coverage_pct >= 80; it is 79.99, 0.01 short\n");
    /* through the let: the field it reads */
    has(t, "`in_use_a_year` with in_use_a_year = false, months_in_use = 11\n"
           "                     needs months_in_use >= 12; it is 11, 1 short\n");
    has(t, "  tier: ineligible, so no tier of `levels` is given\n"
           "    had every condition held, 800.00 would be outstanding (ระดับดีเด่น, at least 800, line 93)\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "\"needs\":[{\"want\":\"unit_coverage_pct >= 80\",\"is\":\"it is 79.99, 0.01 short\","
           "\"name\":\"unit_coverage_pct\",\"op\":\">=\",\"value\":80,\"current\":79.99,\"short\":0.01}]");
    has(j, "\"tier_if_eligible\":{\"id\":\"outstanding\"");
    lacks(j, "\"next_tier\"");
    free(j);
    env_free(&e);
}

/* 799.99 is good, 0.01 points short of outstanding; 796.50, 3.50 short;
 * 749.99 is fail by `otherwise`, 0.01 short of good. */
static void test_distance_to_the_next_tier(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    txt(&x, "sustainability", "74.99");
    const AppResult *res = eval(&e, &x);
    assert_string_equal(res->tier_id, "good");
    char *t = as_text(&e, res);
    has(t, "  result    good (ระดับดี)\n  total     799.99 of 1000\n");
    has(t, "  tier: good (ระดับดี), since 799.99 is at least 750 (line 96 of `levels`)\n"
           "    0.01 points short of outstanding (ระดับดีเด่น, at least 800, line 93)\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "\"tier\":{\"id\":\"good\",\"label\":\"ระดับดี\",\"rule\":\"at least 750\",\"line\":96,\"note\":null},"
           "\"next_tier\":{\"id\":\"outstanding\",\"label\":\"ระดับดีเด่น\",\"rule\":\"at least 800\",\"line\":93,"
           "\"note\":\"ตรวจประเมิน ณ พื้นที่\",\"short\":0.01}");
    free(j);

    ps_app(&x, e.r, 2, "PS-2", "D001", "1");
    txt(&x, "sustainability", "71.5");
    t = as_text(&e, eval(&e, &x));
    has(t, "    3.50 points short of outstanding (ระดับดีเด่น, at least 800, line 93)\n");
    free(t);

    ps_app(&x, e.r, 3, "PS-3", "D001", "1");
    txt(&x, "sustainability", "24.99");
    t = as_text(&e, eval(&e, &x));
    has(t, "  tier: fail (ไม่ผ่าน), otherwise: 749.99 is below every tier above it (line 97 of `levels`)\n"
           "    0.01 points short of good (ระดับดี, at least 750, line 96)\n");
    free(t);
    env_free(&e);
}

/* Part 1: 5 x 112 + 50 = 610, capped at 600; the bonus with its values. */
static void test_cap_and_bonus(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    for (size_t i = 0; i < 5; i++)
        txt(&x, PART1[i], "112");
    txt(&x, "transparency", "true");
    const AppResult *res = eval(&e, &x);
    char *t = as_text(&e, res);
    has(t, "    part1              600.00 of  600  ส่วนที่ 1 กระบวนการจัดการ\n"
           "                                       sum 610.00, capped at 600\n");
    has(t, "      efficiency       112.00 of  120  การเพิ่มประสิทธิภาพการให้บริการ\n");
    has(t, "      part1_bonus       50.00 of   50  กรณีพิเศษ สอดคล้องกับแผนยุทธศาสตร์การพัฒนาระบบราชการไทย\n"
           "                                       given: `any(one_stop, e_service, database, complaint_system, "
           "transparency)` holds\n"
           "                                       with one_stop = false, e_service = false, database = false, "
           "complaint_system = false, transparency = true\n");
    has(t, "    total              900.00 of 1000\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "{\"name\":\"part1\",\"label\":\"ส่วนที่ 1 กระบวนการจัดการ\",\"kind\":\"group\",\"points\":600.00,"
           "\"out_of\":600,\"sum\":610.00,\"capped\":true,\"cut\":true,\"items\":[");
    has(j, "\"kind\":\"bonus\",\"points\":50.00,\"out_of\":50,\"given\":true,");
    free(j);

    /* no bonus: what would give it */
    ps_app(&x, e.r, 2, "PS-2", "D001", "1");
    t = as_text(&e, eval(&e, &x));
    has(t, "      part1_bonus        0.00 of   50  กรณีพิเศษ สอดคล้องกับแผนยุทธศาสตร์การพัฒนาระบบราชการไทย\n"
           "                                       not given: `any(one_stop, e_service, database, "
           "complaint_system, transparency)` does not hold\n");
    has(t, "                                       needs one of:\n"
           "                                         - one_stop = true; it is false\n"
           "                                         - e_service = true; it is false\n");
    lacks(t, "capped at");
    free(t);
    env_free(&e);
}

/* Every score row puts " of " at the same display column, Thai or not. */
static void test_columns_line_up(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    char *t = as_text(&e, eval(&e, &x));
    const char *p = strstr(t, "  score `service`");
    assert_non_null(p);
    size_t col = 0, rows = 0;
    for (const char *line = strchr(p, '\n') + 1; *line && *line != '\n'; line = strchr(line, '\n') + 1) {
        const char *of = strstr(line, " of ");
        const char *end = strchr(line, '\n');
        if (!of || of > end || strspn(line, " ") > 12)
            continue; /* a detail line */
        size_t w = utext_width(line, (size_t)(of - line));
        if (rows++ == 0)
            col = w;
        else if (w != col)
            fail_msg("\" of \" at column %zu, not %zu, in: %.*s", w, col, (int)(end - line), line);
    }
    assert_int_equal(rows, 13); /* 2 groups, 10 items and a bonus, and the total */
    free(t);
    env_free(&e);
}

/* year - invented_year <= 3: a bound on the year, without a distance. */
static void test_year_bound(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "innovation");
    txt(&x, "invented_year", "2554");
    char *t = as_text(&e, eval(&e, &x));
    has(t, "FAILS  " M_3YEARS "\n"
           "                     `year - invented_year <= 3` with year = 2558, invented_year = 2554, "
           "year - invented_year = 4\n"
           "                     needs invented_year >= 2555; it is 2554\n");
    free(t);
    env_free(&e);
}

/* Category 6: a year missing from a list; an empty optional field. */
static void test_continuous(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "6");
    txt(&x, "reports_sent", "2556;2558");
    const AppResult *res = eval(&e, &x);
    char *t = as_text(&e, res);
    has(t, "  result    ineligible: 1 of 5 conditions fails\n");
    lacks(t, "total");
    lacks(t, "score");
    has(t, "    line 152  FAILS  " M_REPORTS "\n"
           "                     `all y in year - 2 .. year: y in reports_sent` with year = 2558, "
           "reports_sent = [2556, 2558]\n"
           "                     needs reports_sent to include each of 2556, 2557 and 2558; it lacks 2557\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "\"values\":[{\"name\":\"year\",\"value\":2558},{\"name\":\"reports_sent\",\"value\":[2556,2558]}],"
           "\"needs\":[{\"want\":\"reports_sent to include each of 2556, 2557 and 2558\",\"is\":\"it lacks 2557\","
           "\"name\":\"reports_sent\",\"missing\":[2557]}]");
    lacks(j, "\"score\"");
    free(j);

    ps_app(&x, e.r, 2, "PS-2", "D001", "continuous");
    txt(&x, "outstanding_year", "");
    res = eval(&e, &x);
    t = as_text(&e, res);
    has(t, "  result    ineligible: 3 of 5 conditions fail\n");
    has(t, "`present(outstanding_year)` with outstanding_year = empty\n"
           "                     needs outstanding_year to be given; it is empty\n");
    has(t, "`outstanding_year >= 2555` with outstanding_year = empty\n"
           "                     unknown, since outstanding_year is empty: it does not hold\n"
           "                     needs outstanding_year >= 2555; it is empty\n");
    has(t, "year - outstanding_year = unknown\n");
    has(t, "needs outstanding_year <= 2555; it is empty\n");
    free(t);
    j = as_json(&e, res);
    has(j, "\"result\":\"unknown\",\"values\":[{\"name\":\"outstanding_year\",\"value\":null}]");
    free(j);

    /* a year before 2555, and one too recent */
    ps_app(&x, e.r, 3, "PS-3", "D001", "6");
    txt(&x, "outstanding_year", "2556");
    t = as_text(&e, eval(&e, &x));
    has(t, "needs outstanding_year <= 2555; it is 2556\n");
    free(t);
    env_free(&e);
}

/* not a or b: either side, each with what it is. */
static void test_either_side(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "4");
    txt(&x, "same_as_prior", "true");
    char *t = as_text(&e, eval(&e, &x));
    has(t, "`not same_as_prior or further_developed` with same_as_prior = true, further_developed = false\n"
           "                     needs one of:\n"
           "                       - same_as_prior = false; it is true\n"
           "                       - further_developed = true; it is false\n");
    free(t);
    env_free(&e);
}

static void test_data_error(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "2");
    txt(&x, "efficiency", "130");
    const AppResult *res = eval(&e, &x);
    assert_true(res->error);
    char *t = as_text(&e, res);
    assert_string_equal(t, "PS-1\n"
                           "  from      in.csv, line 2\n"
                           "  category  2 integrated: รางวัลบูรณาการการบริการที่เป็นเลิศ\n"
                           "  result    error: the application could not be evaluated\n"
                           "  error     in.csv:2: field `efficiency`: 130 is outside 0 to 120\n");
    free(t);
    char *j = as_json(&e, res);
    assert_string_equal(j, "{\"rules\":\"rules/2558/public-service.award\","
                           "\"error\":\"in.csv:2: field `efficiency`: 130 is outside 0 to 120\"}");
    free(j);

    /* an unknown category */
    ps_app(&x, e.r, 2, "PS-2", "D001", "9");
    t = as_text(&e, eval(&e, &x));
    has(t, "  category  unknown\n");
    free(t);
    env_free(&e);
}

/* ---- agency-level results ---- */

static void test_agency(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    /* D: six outstanding type 1, one good type 2 (799.99), one type 3 */
    assert_string_equal(agency_batch(&e, &x), "good");
    AgencyCtx a = { &e, "D", { as_text, as_json }, { NULL, NULL } };
    assert_int_equal(eval_finish(e.ev, explain_agency, &a), 1);
    char *text = a.out[0], *json = a.out[1];
    assert_non_null(text);
    has(text, "D\n  agency-level result, from the agency's applications in this batch\n"
              "  category  5 excellent: รางวัลบริการภาครัฐยอดเยี่ยม\n"
              "  result    ineligible: 1 of 3 conditions fails\n");
    has(text, "won(standard, outstanding): yes, by A1, A2, A3, A4 and 2 more\n");
    has(text, "    line 141  FAILS  " M_EX_INTEGRATED "\n"
              "                     won(integrated, outstanding): no; its eligible `integrated` applications got "
              "good (B1)\n"
              "                     needs an eligible `integrated` application of D at outstanding; it has good (B1)\n");
    has(text, "                     `won(innovation, outstanding) or won(development, outstanding)`\n"
              "                     won(innovation, outstanding): yes, by C1\n"
              "                     won(development, outstanding): no; it has no eligible `development` application\n");
    has(json, "\"won\":[{\"category\":\"standard\",\"tier\":\"outstanding\",\"won\":true,\"count\":6,"
              "\"ids\":[\"A1\",\"A2\",\"A3\",\"A4\"],\"other_tiers\":[]}]");
    has(json, "\"won\":[{\"category\":\"integrated\",\"tier\":\"outstanding\",\"won\":false,\"count\":0,"
              "\"ids\":[],\"other_tiers\":[{\"tier\":\"good\",\"count\":1,\"ids\":[\"B1\"]}]}]");
    free(text);
    free(json);
    env_free(&e);
}

/* ---- the participatory award ---- */

static void pg_app(Rec *x, const Rules *r, size_t number, const char *id, const char *type)
{
    rec_init(x, r, number);
    txt(x, "id", id);
    txt(x, "agency", "P");
    txt(x, "type", type);
    txt(x, "core_mission", "true");
    txt(x, "urgent_policy", "false");
    txt(x, "applied_before", "false");
    txt(x, "prior_level", "good");
    txt(x, "expanded_areas", "3");
    txt(x, "extended", "false");
    txt(x, "excellent_years", "2556;2557");
    txt(x, "new_projects", "3");
    static const char *const levels[] = { "4.83", "4.5", "4", "4.5", "4.5", "4.5", "4", "4.5", "4", "4.5" };
    static const char *const names[] = { "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "i10" };
    for (size_t i = 0; i < 10; i++)
        txt(x, names[i], levels[i]);
}

/* PG-2558-001: 17.996 + 72.00 = 89.996, rounded half up to 90.00. */
static void test_rounding_and_weights(void **state)
{
    (void)state;
    Env e = load_explained(PP);
    Rec x;
    pg_app(&x, e.r, 1, "PG-1", "1");
    const AppResult *res = eval(&e, &x);
    assert_string_equal(res->tier_id, "excellent");
    char *t = as_text(&e, res);
    has(t, "    capability       17.996 of  20  มิติที่ 1 ความสามารถของหน่วยงานภาครัฐ\n");
    has(t, "      policy          5.796 of   6  การกำหนดนโยบาย/ทิศทางที่ให้ความสำคัญกับการมีส่วนร่วมของประชาชน\n"
           "                                    weight 6 × i1 / 5 = 6 × 0.966; i1 = 4.83\n");
    has(t, "    total             90.00 of 100\n"
           "                                    exactly 89.996, rounded half-up to 2 decimal places\n");
    has(t, "  tier: excellent (ระดับดีเยี่ยม), since 90.00 is at least 90 (line 84 of `levels`)\n"
           "    the highest tier\n");
    has(t, "`serves_mission` with serves_mission = true, core_mission = true, urgent_policy = false\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "\"kind\":\"score\",\"points\":90.00,\"out_of\":100,\"sum\":89.996,\"capped\":false,\"cut\":false,"
           "\"round\":{\"places\":2,\"mode\":\"half-up\"}");
    has(j, "\"weight\":6,\"value\":{\"expr\":\"i1 / 5\",\"value\":0.966},\"values\":[{\"name\":\"i1\",\"value\":4.83}]");
    free(j);

    /* 89.992: good, 0.01 short of excellent */
    pg_app(&x, e.r, 2, "PG-2", "1");
    txt(&x, "i1", "4.82");
    txt(&x, "i3", "4.01");
    res = eval(&e, &x);
    t = as_text(&e, res);
    has(t, "    total             89.99 of 100\n"
           "                                    exactly 89.992, rounded half-up to 2 decimal places\n");
    has(t, "    0.01 points short of excellent (ระดับดีเยี่ยม, at least 90, line 84)\n");
    free(t);
    env_free(&e);
}

static void test_in_a_list_and_quantifiers(void **state)
{
    (void)state;
    Env e = load_explained(PP);
    Rec x;
    pg_app(&x, e.r, 1, "PG-1", "2");
    txt(&x, "prior_level", "commendation");
    txt(&x, "expanded_areas", "2");
    char *t = as_text(&e, eval(&e, &x));
    has(t, "`prior_level in [\"good\", \"excellent\"]` with prior_level = commendation\n"
           "                     needs prior_level to be good or excellent; it is commendation\n");
    has(t, "`expanded_areas >= 3 or extended` with expanded_areas = 2, extended = false\n"
           "                     needs one of:\n"
           "                       - expanded_areas >= 3; it is 2, 1 short\n"
           "                       - extended = true; it is false\n");
    free(t);

    pg_app(&x, e.r, 2, "PG-2", "3");
    txt(&x, "excellent_years", "2555;2557");
    const AppResult *res = eval(&e, &x);
    t = as_text(&e, res);
    has(t, "with excellent_years = [2555, 2557], year = 2558\n"
           "                     needs some y in excellent_years with y < year and y + 1 < year and "
           "y + 1 in excellent_years; neither 2555 nor 2557 does\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "\"fails_for\":[2555,2557]");
    free(j);

    pg_app(&x, e.r, 3, "PG-3", "3");
    txt(&x, "excellent_years", "");
    t = as_text(&e, eval(&e, &x));
    has(t, "with excellent_years = [], year = 2558\n");
    has(t, "; excellent_years is empty\n");
    free(t);

    /* the quantifier holds: nothing needed */
    pg_app(&x, e.r, 4, "PG-4", "3");
    txt(&x, "excellent_years", "2558;2557;2556");
    t = as_text(&e, eval(&e, &x));
    has(t, "  result    awarded: every condition holds\n");
    lacks(t, "needs");
    free(t);
    env_free(&e);
}

/* ---- shapes of conditions, on inline rules ---- */

static const char SHAPES[] =
    "award t \"ทดสอบ\" {\n"
    "  year 2558 BE\n"
    "  precision 2\n"
    "  input {\n"
    "    id      text\n"
    "    type    category\n"
    "    staff   integer >= 1\n"
    "    trained integer 0 to staff\n"
    "    n       integer\n"
    "    d       decimal\n"
    "    a       integer\n"
    "    b       integer\n"
    "    m       integer\n"
    "    won_in  optional year\n"
    "    code    one of red, green, blue\n"
    "    name    text\n"
    "  }\n"
    "  category 1 c \"หนึ่ง\" {\n"
    "    require trained * 100 >= staff * 80  \"ร้อยละ 80\"\n"
    "    require n > 2.5\n"
    "    require d > 79.99\n"
    "    require not (a >= 3)\n"
    "    require min(a, b) >= 3\n"
    "    require not present(won_in)\n"
    "    require code in [\"red\", \"green\"]\n"
    "    require 2 * a + 1 < b\n"
    "    require 0 - 2 * m >= 5\n"
    "    require name = \"x\"\n"
    "    require (d - 50) / 4 = n\n"
    "    require 2556 in [a, b]\n"
    "  }\n"
    "}\n";

static void test_shapes(void **state)
{
    (void)state;
    Env e = inline_explained(SHAPES);
    Rec x;
    rec_init(&x, e.r, 1);
    txt(&x, "id", "S-1");
    txt(&x, "type", "1");
    txt(&x, "staff", "40");
    txt(&x, "trained", "30");
    txt(&x, "n", "2");
    txt(&x, "d", "79.99");
    txt(&x, "a", "5");
    txt(&x, "b", "1");
    txt(&x, "m", "1");
    txt(&x, "won_in", "2550");
    txt(&x, "code", "blue");
    txt(&x, "name", "ชื่อ");
    const AppResult *res = eval(&e, &x);
    assert_int_equal(res->nfailed, 12);
    char *t = as_text(&e, res);
    /* two fields: the bound is on the first, the other is taken as it is */
    has(t, "    line 19  FAILS  ร้อยละ 80\n"
           "                    `trained * 100 >= staff * 80` with trained = 30, staff = 40, trained * 100 = 3000, "
           "staff * 80 = 3200\n"
           "                    needs trained >= 32; it is 30, 2 short\n");
    /* a whole number above 2.5 is at least 3; a decimal of 2 places above
     * 79.99 at least 80 */
    has(t, "needs n >= 3; it is 2, 1 short\n");
    has(t, "needs d >= 80; it is 79.99, 0.01 short\n");
    /* not (a >= 3) */
    has(t, "needs a <= 2; it is 5, 3 over\n");
    /* no single bound: the condition itself */
    has(t, "    line 23  FAILS  `min(a, b) >= 3`\n"
           "                    with a = 5, b = 1, min(a, b) = 1\n"
           "                    needs min(a, b) >= 3; it does not hold\n");
    has(t, "needs won_in to be left empty; it is 2550\n");
    has(t, "needs code to be red or green; it is blue\n");
    has(t, "needs a <= -1; it is 5, 6 over\n");
    /* -2m - 5 >= 0: m <= -2.5, and a whole number: m <= -3 */
    has(t, "needs m <= -3; it is 1, 4 over\n");
    has(t, "needs name = \"x\"; it is \"ชื่อ\"\n");
    /* = keeps the exact value, even one the field cannot hold */
    has(t, "needs d = 58; it is 79.99\n");
    has(t, "needs 2556 in [a, b]; it does not hold\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "{\"want\":\"trained >= 32\",\"is\":\"it is 30, 2 short\",\"name\":\"trained\",\"op\":\">=\","
           "\"value\":32,\"current\":30,\"short\":2}");
    has(j, "\"over\":3}");
    has(j, "{\"want\":\"code to be red or green\",\"is\":\"it is blue\",\"name\":\"code\","
           "\"one_of\":[\"red\",\"green\"],\"current\":\"blue\"}");
    free(j);
    env_free(&e);
}

/* A category without conditions: what would give its bonus is solved as
 * in any other (the budget of an explanation is its own, not what the
 * last explanation with conditions left). */
static const char NO_CONDITIONS[] =
    "award t \"ทดสอบ\" {\n"
    "  year 2558 BE\n"
    "  precision 2\n"
    "  input {\n"
    "    id    text\n"
    "    type  category\n"
    "    a     integer 0 to 10\n"
    "    flag  bool\n"
    "  }\n"
    "  score s \"คะแนน\" out of 15 {\n"
    "    a \"เอ\" out of 10\n"
    "    bonus 5 \"โบนัส\"\n"
    "      when flag\n"
    "  }\n"
    "  tiers lv \"ระดับ\" on s {\n"
    "    good \"ดี\" at least 10\n"
    "    fail \"ไม่ผ่าน\" otherwise\n"
    "  }\n"
    "  category 1 c \"หนึ่ง\" {\n"
    "    scored by s, tiers lv\n"
    "  }\n"
    "}\n";

static void test_bonus_without_conditions(void **state)
{
    (void)state;
    Env e = inline_explained(NO_CONDITIONS);
    Rec x;
    rec_init(&x, e.r, 1);
    txt(&x, "id", "X1");
    txt(&x, "type", "1");
    txt(&x, "a", "5");
    txt(&x, "flag", "false");
    const AppResult *res = eval(&e, &x);
    char *t = as_text(&e, res);
    has(t, "\n  conditions: none\n");
    has(t, "not given: `flag` does not hold\n"
           "                         with flag = false\n"
           "                         needs flag = true; it is false\n");
    free(t);
    char *j = as_json(&e, res);
    has(j, "\"needs\":[{\"want\":\"flag = true\",\"is\":\"it is false\",\"name\":\"flag\",\"op\":\"=\","
           "\"value\":true,\"current\":false}]");
    free(j);
    env_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, start_test, end_test)
        T(test_outstanding),
        T(test_would_pass_a_bound),
        T(test_distance_to_the_next_tier),
        T(test_cap_and_bonus),
        T(test_columns_line_up),
        T(test_year_bound),
        T(test_continuous),
        T(test_either_side),
        T(test_data_error),
        T(test_agency),
        T(test_rounding_and_weights),
        T(test_in_a_list_and_quantifiers),
        T(test_shapes),
        T(test_bonus_without_conditions),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

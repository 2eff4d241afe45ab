/* test_report_html.c -- the HTML page of `award report` (report_html.c):
 * a histogram's bins are 1, 2, 2.5 or 5 times a power of
 * ten, 10 to 50 of them, on the tier thresholds where they can be; an x
 * position is exact to two places (half-even); and a page made from a small
 * batch has its thresholds where the tier table says, its tier labels, its
 * counts, each failed condition counted once per application that failed
 * it, and each data error with its place.  tests/build/test_report_html.sh
 * checks the pages of the shipped examples in a browser. */
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
#include "data.h"
#include "dec.h"
#include "eval.h"
#include "explain.h"
#include "mem.h"
#include "report_html.h"
#include "strbuf.h"

static Dec num(const char *s)
{
    Dec d;
    assert_int_equal(dec_parse(s, strlen(s), &d), DEC_OK);
    return d;
}

static void assert_dec(Dec d, const char *want)
{
    char b[DEC_FMT_MAX];
    dec_format(dec_normalize(d), 0, b);
    assert_string_equal(b, want);
}

/* ---- bins ---- */

static void test_bins_on_thresholds(void **state)
{
    (void)state;
    HtmlBins b;
    /* the Public Service tiers: 750 and 800 of 1000 -> bins of 50 (25
     * would also fall on both, but 20 bins are nearer 25 than 40 are) */
    Dec ps[] = { num("750"), num("800") };
    assert_true(html_bins(num("0"), num("1000"), ps, 2, &b));
    assert_dec(b.lo, "0");
    assert_dec(b.width, "50");
    assert_int_equal(b.count, 20);
    /* the Participatory tiers: 70, 80, 90 of 100 -> bins of 5 */
    Dec pg[] = { num("70"), num("80"), num("90") };
    assert_true(html_bins(num("0"), num("100"), pg, 3, &b));
    assert_dec(b.width, "5");
    assert_int_equal(b.count, 20);
    /* a threshold off every round number: as many fall on edges as can
     * (here 0 and 800, not 750.01), and the bins still cover the range */
    Dec gap[] = { num("0"), num("749.99"), num("750.01"), num("799.99"), num("800") };
    assert_true(html_bins(num("0"), num("1000"), gap, 5, &b));
    assert_dec(b.width, "50");
    /* 12.5 falls on bins of 2.5, not on 2 or 5 */
    Dec q[] = { num("12.5") };
    assert_true(html_bins(num("0"), num("60"), q, 1, &b));
    assert_dec(b.width, "2.5");
    assert_int_equal(b.count, 24);
}

static void test_bins_cover_any_range(void **state)
{
    (void)state;
    HtmlBins b;
    Dec top;
    /* below zero: lo is a multiple of the width at or below the lowest */
    assert_true(html_bins(num("-12.5"), num("40"), NULL, 0, &b));
    assert_true(dec_cmp(b.lo, num("-12.5")) <= 0);
    assert_int_equal(dec_mul(dec_from_int((int64_t)b.count), b.width, &top), DEC_OK);
    assert_int_equal(dec_add(top, b.lo, &top), DEC_OK);
    assert_true(dec_cmp(top, num("40")) >= 0);
    assert_true(b.count >= 10 && b.count <= 50);
    /* tiny values */
    assert_true(html_bins(num("0"), num("0.003"), NULL, 0, &b));
    assert_dec(b.width, "0.0001");
    assert_int_equal(b.count, 30);
    /* one value only: still an axis */
    assert_true(html_bins(num("5"), num("5"), NULL, 0, &b));
    assert_true(b.count >= 10 && b.count <= 50);
    assert_int_equal(dec_mul(dec_from_int((int64_t)b.count), b.width, &top), DEC_OK);
    assert_int_equal(dec_add(top, b.lo, &top), DEC_OK);
    assert_true(dec_cmp(b.lo, num("5")) <= 0 && dec_cmp(top, num("5")) > 0);
}

/* ---- positions ---- */

static void x_is(const char *v, const char *lo, const char *hi, long x0, long w, const char *want)
{
    char b[DEC_FMT_MAX];
    assert_true(html_x(num(v), num(lo), num(hi), x0, w, b));
    assert_string_equal(b, want);
}

static void test_x_exact(void **state)
{
    (void)state;
    x_is("800", "0", "1000", 64, 800, "704.00");
    x_is("750.01", "0", "1000", 64, 800, "664.01");  /* 600.008, to two places */
    x_is("749.99", "0", "1000", 64, 800, "663.99");
    x_is("1", "0", "3", 0, 100, "33.33");             /* a third, not a binary fraction */
    x_is("1", "0", "8", 0, 1, "0.12");                /* 0.125: half to even */
    x_is("3", "0", "8", 0, 1, "0.38");                /* 0.375: half to even */
    x_is("-5", "-10", "10", 10, 200, "60.00");
    char b[DEC_FMT_MAX];
    assert_false(html_x(num("1"), num("2"), num("2"), 0, 100, b)); /* no axis */
}

/* ---- a page ---- */

static const char rules_text[] =
    "award gap \"ช่องว่าง\" {\n"
    "  year 2558 BE\n"
    "  input {\n"
    "    id    text\n"
    "    type  category\n"
    "    ok    bool\n"
    "    score_in decimal 0 to 1000\n"
    "  }\n"
    "  score total out of 1000 {\n"
    "    score_in out of 1000\n"
    "  }\n"
    "  tiers levels on total {\n"
    "    outstanding \"ระดับดีเด่น\" at least 800\n"
    "    good        \"ระดับดี\"    from 750.01 to 799.99\n"
    "    fail        \"ไม่ผ่าน\"     from 0 to 749.99\n"
    "  }\n"
    "  category 1 std \"มาตรฐาน\" {\n"
    "    require ok \"ต้องผ่านการรับรอง\"\n"
    "    require score_in > 100 \"ต้องได้มากกว่า 100\"\n"
    "    scored by total, tiers levels\n"
    "  }\n"
    "}\n";

static const char data_text[] =
    "id,type,ok,score_in\n"
    "G-1,1,true,750\n"                 /* falls in no tier: a data error */
    "G-2,1,true,750.01\n"
    "\"<i>G&3</i>\",1,true,812.5\n"
    "G-4,1,false,99\n"                 /* fails both conditions */
    "G-5,1,false,799.99\n"             /* fails one */
    "G-6,1,true,799.99\n";

typedef struct Run {
    Evaluator *ev;
    HtmlReport *h;
} Run;

static int on_record(void *ctx, const RawRecord *rec)
{
    Run *run = ctx;
    assert_true(html_report_result(run->h, eval_record(run->ev, rec, "t.csv")));
    return 0;
}

static void test_page(void **state)
{
    (void)state;
    char *text = strdup(rules_text);
    assert_non_null(text);
    Diags *d = diag_new();
    Rules *r = rules_parse(d, "t.award", text, strlen(text));
    assert_non_null(r);
    if (!check_rules(r, d) || diag_count(d, DIAG_ERROR)) {
        char *o = render(d);
        fail_msg("the rules do not check:\n%s", o);
    }
    Evaluator *ev = eval_new(r);
    Explainer *x = explain_new(r, ev);
    const char *files[] = { "t.csv" };
    char err[256];
    HtmlReport *h = html_report_new(r, x, "t.award", files, 1, err, sizeof err);
    assert_non_null(h);
    FILE *in = fmemopen((void *)data_text, strlen(data_text), "r");
    assert_non_null(in);
    Run run = { ev, h };
    DataSchema schema = eval_schema(ev);
    assert_int_equal(data_read(in, "t.csv", DATA_CSV, &schema, on_record, &run, err, sizeof err), 0);
    fclose(in);
    char *page = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&page, &size);
    assert_non_null(out);
    assert_true(html_report_write(h, out, NULL, err, sizeof err));
    assert_int_equal(fclose(out), 0);

    /* the thresholds, each where the tier table puts it (x0 64, 800 wide, 0 to 1000) */
    assert_non_null(strstr(page, "data-lo=\"0\" data-hi=\"1000\" data-bin=\"50\" data-x0=\"64\" data-width=\"800\""));
    assert_non_null(strstr(page, "data-threshold=\"750.01\" data-tier=\"good\" data-bound=\"from\" x1=\"664.01\" "
                                 "x2=\"664.01\""));
    assert_non_null(strstr(page, "data-threshold=\"799.99\" data-tier=\"good\" data-bound=\"to\" x1=\"703.99\""));
    assert_non_null(strstr(page, "data-threshold=\"800\" data-tier=\"outstanding\" data-bound=\"at-least\" "
                                 "x1=\"704.00\""));
    /* the bands, labelled as in the rules */
    assert_non_null(strstr(page, "data-tier=\"good\" x=\""));
    assert_non_null(strstr(page, ">ระดับดี</text>"));
    assert_non_null(strstr(page, ">ระดับดีเด่น</text>"));
    /* counts: G-2 and G-6 good, <i>G&3</i> outstanding, G-4 and G-5
     * ineligible, G-1 an error */
    assert_non_null(strstr(page, "data-tier=\"good\" data-count=\"2\""));
    assert_non_null(strstr(page, "data-tier=\"outstanding\" data-count=\"1\""));
    assert_non_null(strstr(page, "data-tier=\"ineligible\" data-count=\"2\""));
    assert_non_null(strstr(page, "data-tier=\"error\" data-count=\"1\""));
    /* conditions: `ok` failed by two, `score_in > 100` by one */
    assert_non_null(strstr(page, "2 applications failed at least one condition."));
    const char *ok = strstr(page, "ต้องผ่านการรับรอง<br>");
    const char *gt = strstr(page, "ต้องได้มากกว่า 100<br>");
    assert_non_null(ok);
    assert_non_null(gt);
    assert_non_null(strstr(ok, "<td class=\"n\">2</td>"));
    assert_true(strstr(ok, "<td class=\"n\">2</td>") < gt);
    assert_non_null(strstr(gt, "<td class=\"n\">1</td>"));
    /* the data error: its place once, then what is wrong */
    assert_non_null(strstr(page, "<td class=\"where\">t.csv:2</td><td>a `total` of 750.00 falls in no tier"));
    /* the id with markup is text */
    assert_null(strstr(page, "<i>G&3"));
    assert_non_null(strstr(page, "data-id=\"&lt;i&gt;G&amp;3&lt;/i&gt;\""));
    /* every result has its explanation */
    size_t rows = 0, explained = 0;
    for (const char *p = page; (p = strstr(p, "<details class=\"row\"")); p++)
        rows++;
    for (const char *p = page; (p = strstr(p, "</summary>\n<section class=\"explain ")); p++)
        explained++;
    assert_int_equal(rows, 6);
    assert_int_equal(explained, 6);
    free(page);
    html_report_free(h);
    explain_free(x);
    eval_free(ev);
    rules_free(r);
    diag_free(d);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bins_on_thresholds, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_bins_cover_any_range, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_x_exact, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_page, start_test, end_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

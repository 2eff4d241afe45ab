/* test_report.c -- the table report: its columns are sized by the first
 * rows, and every later row is written as it comes, in bounded memory. */
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
#include "diag.h"
#include "eval.h"
#include "mem.h"
#include "report.h"

#define PS "rules/2558/public-service.award"

/* The table's lines, split. */
typedef struct Lines {
    char *text;
    char *line[4000];
    size_t n;
} Lines;

static void split(Lines *l, char *text)
{
    l->text = text;
    l->n = 0;
    for (char *p = text; *p && l->n < sizeof l->line / sizeof *l->line;) {
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        l->line[l->n++] = p;
        p = nl + 1;
    }
}

static void result(AppResult *res, const char *id, const char *tier)
{
    *res = (AppResult){ .id = id, .id_len = strlen(id), .tier_id = tier };
}

static void test_table_streams_after_its_first_rows(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Rules *r = check_load(PS, d);
    assert_non_null(r);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    char err[200];
    Report *rep = report_new(out, REPORT_TABLE, r, "id,tier", err, sizeof err);
    assert_non_null(rep);

    /* 1000 rows with ids of at most 6 characters set the width of `id`;
     * a longer id after them does not widen the table */
    char id[40];
    AppResult res;
    long live_at_1100 = 0;
    for (int i = 1; i <= 3000; i++) {
        if (i == 1500)
            snprintf(id, sizeof id, "A-LONG-ID-%d", i);
        else
            snprintf(id, sizeof id, "A%d", i % 10000);
        result(&res, id, i % 2 ? "good" : "fail");
        report_result(rep, &res);
        if (i == 1100)
            live_at_1100 = mem_live_blocks();
    }
    /* rows after the first 1000 are not kept: memory does not grow */
    assert_int_equal(mem_live_blocks(), live_at_1100);
    report_end(rep);
    assert_int_equal(fflush(out), 0);

    Lines l;
    split(&l, text);
    assert_true(l.n >= 3001);
    assert_string_equal(l.line[0], "id     tier");
    assert_string_equal(l.line[1], "A1     good");
    assert_string_equal(l.line[1000], "A1000  fail");
    assert_string_equal(l.line[1001], "A1001  good");
    assert_string_equal(l.line[1500], "A-LONG-ID-1500  fail");
    assert_string_equal(l.line[3000], "A3000  fail");

    report_free(rep);
    fclose(out);
    free(text);
    rules_free(r);
    diag_free(d);
}

/* A short table is sized by all its rows, as before. */
static void test_short_table_sized_by_all_rows(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Rules *r = check_load(PS, d);
    assert_non_null(r);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    char err[200];
    Report *rep = report_new(out, REPORT_TABLE, r, "id,tier", err, sizeof err);
    assert_non_null(rep);
    AppResult res;
    result(&res, "A1", "good");
    report_result(rep, &res);
    result(&res, "A-LONGER-ID", "fail");
    report_result(rep, &res);
    report_end(rep);
    assert_int_equal(fflush(out), 0);
    Lines l;
    split(&l, text);
    assert_true(l.n >= 3);
    assert_string_equal(l.line[0], "id           tier");
    assert_string_equal(l.line[1], "A1           good");
    assert_string_equal(l.line[2], "A-LONGER-ID  fail");
    report_free(rep);
    fclose(out);
    free(text);
    rules_free(r);
    diag_free(d);
}

int main(void)
{
    (void)render;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_table_streams_after_its_first_rows, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_short_table_sized_by_all_rows, start_test, end_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

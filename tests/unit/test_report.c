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

/* A table report of columns id and tier over the public-service rules,
 * written to memory. */
typedef struct Table {
    Diags *d;
    Rules *r;
    char *text;
    size_t size;
    FILE *out;
    Report *rep;
} Table;

static void table_open(Table *t)
{
    *t = (Table){ .d = diag_new() };
    t->r = check_load(PS, t->d);
    assert_non_null(t->r);
    t->out = open_memstream(&t->text, &t->size);
    assert_non_null(t->out);
    char err[200];
    t->rep = report_new(t->out, REPORT_TABLE, t->r, "id,tier", err, sizeof err);
    assert_non_null(t->rep);
}

/* End the report and split what it wrote into lines. */
static void table_end(Table *t, Lines *l)
{
    report_end(t->rep);
    assert_int_equal(fflush(t->out), 0);
    split(l, t->text);
}

static void table_close(Table *t)
{
    report_free(t->rep);
    fclose(t->out);
    free(t->text);
    rules_free(t->r);
    diag_free(t->d);
}

static void test_table_streams_after_its_first_rows(void **state)
{
    (void)state;
    Table t;
    table_open(&t);

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
        report_result(t.rep, &res);
        if (i == 1100)
            live_at_1100 = mem_live_blocks();
    }
    /* rows after the first 1000 are not kept: memory does not grow */
    assert_int_equal(mem_live_blocks(), live_at_1100);
    Lines l;
    table_end(&t, &l);
    assert_true(l.n >= 3001);
    assert_string_equal(l.line[0], "id     tier");
    assert_string_equal(l.line[1], "A1     good");
    assert_string_equal(l.line[1000], "A1000  fail");
    assert_string_equal(l.line[1001], "A1001  good");
    assert_string_equal(l.line[1500], "A-LONG-ID-1500  fail");
    assert_string_equal(l.line[3000], "A3000  fail");
    table_close(&t);
}

/* A short table is sized by all its rows, as before. */
static void test_short_table_sized_by_all_rows(void **state)
{
    (void)state;
    Table t;
    table_open(&t);
    AppResult res;
    result(&res, "A1", "good");
    report_result(t.rep, &res);
    result(&res, "A-LONGER-ID", "fail");
    report_result(t.rep, &res);
    Lines l;
    table_end(&t, &l);
    assert_true(l.n >= 3);
    assert_string_equal(l.line[0], "id           tier");
    assert_string_equal(l.line[1], "A1           good");
    assert_string_equal(l.line[2], "A-LONGER-ID  fail");
    table_close(&t);
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

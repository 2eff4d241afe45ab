/* test_report.c -- the reports: the table's columns are sized by the first
 * rows, and every later row is written as it comes, in bounded memory;
 * control characters are escaped in the table and exact in CSV and JSON;
 * a column list with nothing in it is refused; a failed write is told. */
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

static void report_open(Table *t, ReportFormat fmt)
{
    *t = (Table){ .d = diag_new() };
    t->r = check_load(PS, t->d);
    assert_non_null(t->r);
    t->out = open_memstream(&t->text, &t->size);
    assert_non_null(t->out);
    char err[200];
    t->rep = report_new(t->out, fmt, t->r, "id,tier", err, sizeof err);
    assert_non_null(t->rep);
}

static void table_open(Table *t) { report_open(t, REPORT_TABLE); }

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

/* Ids with a quoted line break, a tab, a terminal command, DEL, a C1
 * control, a byte that is not UTF-8 and a bidi override: each table row
 * stays one line, shows them escaped, and is aligned by what it shows;
 * Thai marks still take no column. */
static void test_table_escapes_control_characters(void **state)
{
    (void)state;
    static const char *const ids[] = {
        "A\nB", "C\tD", "\x1b[2J", "E\x7f", "F\xc2\x85G", "H\xff", "I\xe2\x80\xaeJ", "ผู้", "K\rL",
    };
    static const char *const shown[] = {
        "A\\nB      good", "C\\tD      good", "\\x1b[2J   good",
        "E\\x7f     good", "F\\u0085G  good", "H\\xff     good",
        "I\\u202eJ  good", "ผู้         good", "K\\rL      good",
    };
    Table t;
    table_open(&t);
    AppResult res;
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        result(&res, ids[i], "good");
        assert_true(report_result(t.rep, &res));
    }
    Lines l;
    table_end(&t, &l);
    assert_true(l.n >= 1 + sizeof ids / sizeof *ids);
    assert_string_equal(l.line[0], "id        tier");
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        assert_string_equal(l.line[1 + i], shown[i]);
    /* nothing raw reached the output */
    for (const char *p = t.text; *p; p++)
        assert_true((unsigned char)*p >= 0x20 || *p == '\n');
    table_close(&t);
}

/* The same ids in CSV: exact, quoted where a reader would otherwise lose
 * or misread them (a control character, a space at either end). */
static void test_csv_quotes_control_characters(void **state)
{
    (void)state;
    static const char *const ids[] = { "A\tB", "\x1b[2J", "E\x7f", "F\xc2\x85G", " lead", "trail\t", "plain", "ผู้" };
    static const char *const rows[] = {
        "\"A\tB\",good", "\"\x1b[2J\",good", "\"E\x7f\",good", "\"F\xc2\x85G\",good",
        "\" lead\",good", "\"trail\t\",good", "plain,good", "ผู้,good",
    };
    Table t;
    report_open(&t, REPORT_CSV);
    AppResult res;
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        result(&res, ids[i], "good");
        assert_true(report_result(t.rep, &res));
    }
    Lines l;
    table_end(&t, &l);
    assert_int_equal(l.n, 1 + sizeof ids / sizeof *ids);
    assert_string_equal(l.line[0], "id,tier");
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        assert_string_equal(l.line[1 + i], rows[i]);
    table_close(&t);
}

/* JSON: control characters, DEL, C1 and the line separator escaped; a byte
 * that is not UTF-8 (JSON cannot hold it) as U+FFFD; Thai as it is. */
static void test_json_escapes_control_characters(void **state)
{
    (void)state;
    Table t;
    report_open(&t, REPORT_JSON);
    AppResult res;
    result(&res, "A\n\x1b\x7f\xc2\x85\xe2\x80\xa8\xff\"\\ผู้", "good");
    assert_true(report_result(t.rep, &res));
    Lines l;
    table_end(&t, &l);
    assert_int_equal(l.n, 1);
    assert_non_null(strstr(l.line[0], "{\"id\":\"A\\n\\u001b\\u007f\\u0085\\u2028\\ufffd\\\"\\\\ผู้\","));
    table_close(&t);
}

/* An empty column list, or an empty name in one, is refused with a
 * message; before, it printed rows with nothing in them. */
static void test_empty_column_names_refused(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Rules *r = check_load(PS, d);
    assert_non_null(r);
    static const char *const lists[] = { "", ",", ",,", "id,,tier", "id,", ",id" };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        for (int fmt = REPORT_TABLE; fmt <= REPORT_CSV; fmt++) {
            char err[400] = "";
            Report *rep = report_new(stdout, (ReportFormat)fmt, r, lists[i], err, sizeof err);
            assert_null(rep);
            assert_non_null(strstr(err, lists[i][0] ? "has an empty name" : "the column list is empty"));
        }
    }
    rules_free(r);
    diag_free(d);
}

/* A write that fails is told by report_result and report_end, and stays
 * told (the stream's error flag is sticky). */
static void test_failed_write_is_told(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Rules *r = check_load(PS, d);
    assert_non_null(r);
    FILE *full = fopen("/dev/full", "w");
    assert_non_null(full);
    setvbuf(full, NULL, _IONBF, 0);
    char err[200];
    Report *rep = report_new(full, REPORT_CSV, r, "id,tier", err, sizeof err);
    assert_non_null(rep);
    AppResult res;
    result(&res, "A1", "good");
    assert_false(report_result(rep, &res));
    assert_false(report_result(rep, &res));
    assert_false(report_end(rep));
    report_free(rep);
    fclose(full);
    rules_free(r);
    diag_free(d);
}

int main(void)
{
    (void)render;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_table_escapes_control_characters, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_csv_quotes_control_characters, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_json_escapes_control_characters, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_empty_column_names_refused, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_failed_write_is_told, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_table_streams_after_its_first_rows, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_short_table_sized_by_all_rows, start_test, end_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

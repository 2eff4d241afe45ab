/* test_scenario_csv.c -- unit tests for case spreadsheets (scenario_csv.c)
 * through scenario_main, run in a child process (as test_scenario.c
 * does): a spreadsheet streams, so fifty thousand rows take the memory of
 * a hundred, and the run gives back every block it took. */
#define _GNU_SOURCE /* wait4 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scenario_support.h"

/* t.award with a list of years, which a spreadsheet cell holds as 2556;2557. */
static const char RULES[] = T_AWARD("    years list of year      \"years\"\n");

static const char HEADER[] = "\xEF\xBB\xBF" "case,id,type,x,years,expect eligible,expect failed,expect total,expect tier,rules\r\n";
static const char ROW[] = "\"five, good\",A,1,5,2556;2557,yes,,5,good,t.award\r\n"
                          "zero,A,1,0,,no,x must be at least 1,,ineligible,\r\n"
                          "\"a data\nerror\",A,1,11,,,,,error,\r\n";

/* exported by test_export_gives_back_every_block */
static const char SCENARIO[] =
    "rules \"t.award\"\n"
    "scenario \"small\"\n"
    "  given base { id \"A\", type 1, x 5, years [2556, 2557] }\n"
    "  expect eligible, tier good, total 5\n"
    "  case \"zero\" with { x 0 }\n"
    "    expect not eligible, because \"x must be at least 1\"\n"
    "  case \"text for a number\" with { x \"4\" }\n"
    "    expect error on x\n"
    "  case \"low\" with { x 4 }\n"
    "    expect eligible, tier fail, points x 4\n";

/* A spreadsheet of the header and `copies` times the three rows. */
static void write_cases(const char *name, int copies)
{
    char path[256];
    path_in(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(HEADER, f);
    for (int i = 0; i < copies; i++)
        fputs(ROW, f);
    assert_int_equal(fclose(f), 0);
}

static int make_dir(void **state)
{
    (void)state;
    if (make_temp_dir("award-scncsv") != 0)
        return -1;
    write_file("t.award", RULES, sizeof RULES - 1);
    write_file("t.scenario", SCENARIO, sizeof SCENARIO - 1);
    return 0;
}

/* scenario_main(argv) in a child, its output thrown away; the child
 * checks that every block it took is given back (status 97 if not).
 * These skip under valgrind (see under_valgrind). */
static ChildRun run_quiet(int argc, char **argv)
{
    return run_child("/dev/null", "/dev/null", 0, true, argc, argv);
}

/* Rows are judged as they are read: 50,000 rows in the memory of 100. */
static void test_rows_stream(void **state)
{
    (void)state;
    if (under_valgrind())
        skip(); /* before writing 50,000 rows for nothing */
    char small[256], large[256];
    write_cases("small-cases.csv", 34);
    write_cases("large-cases.csv", 16667);
    path_in(small, sizeof small, "small-cases.csv");
    path_in(large, sizeof large, "large-cases.csv");
    char *a1[] = { small }, *a2[] = { large };
    ChildRun s = run_quiet(1, a1), l = run_quiet(1, a2);
    assert_int_equal(s.status, 0);
    assert_int_equal(l.status, 0);
#ifdef UNDER_ASAN
    /* the sanitizer keeps freed blocks in quarantine (256 MB) */
    long more_kb = 600L << 10;
#else
    long more_kb = 2048;
#endif
    if (l.peak_kb > s.peak_kb + more_kb)
        fail_msg("50,001 rows took %ld KB at the peak, 102 rows %ld KB", l.peak_kb, s.peak_kb);
}

/* An export, with a case left out, gives back every block it took. */
static void test_export_gives_back_every_block(void **state)
{
    (void)state;
    char scen[256], out[256];
    path_in(scen, sizeof scen, "t.scenario");
    path_in(out, sizeof out, "exported-cases.csv");
    char export[] = "--export", o[] = "-o", leave[] = "--leave-out-unexportable";
    char *argv[] = { export, scen, o, out, leave };
    assert_int_equal(run_quiet(5, argv).status, 0);
    char *again[] = { out };
    assert_int_equal(run_quiet(1, again).status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_stream),
        cmocka_unit_test(test_export_gives_back_every_block),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}

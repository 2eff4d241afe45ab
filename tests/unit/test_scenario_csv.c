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
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "mem.h"
#include "scenario.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static const char RULES[] =
    "award t \"t\" {\n"
    "  year 2566 BE\n"
    "  input {\n"
    "    id    text              \"id\"\n"
    "    type  category          \"type\"\n"
    "    x     integer 0 to 10   \"x\"\n"
    "    years list of year      \"years\"\n"
    "  }\n"
    "  score points \"p\" out of 10 {\n"
    "    x \"x\" out of 10\n"
    "  }\n"
    "  tiers levels on points {\n"
    "    good \"g\" at least 5\n"
    "    fail \"f\" otherwise\n"
    "  }\n"
    "  category 1 main \"main\" {\n"
    "    require x >= 1 \"x must be at least 1\"\n"
    "    scored by points, tiers levels\n"
    "  }\n"
    "}\n";

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

static char dir[64];

static void path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

static void write_file(const char *name, const char *text, size_t len)
{
    char path[256];
    path_in(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

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
    snprintf(dir, sizeof dir, "%s/award-scncsv-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    write_file("t.award", RULES, sizeof RULES - 1);
    write_file("t.scenario", SCENARIO, sizeof SCENARIO - 1);
    return 0;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A forked child carries the parent's heap into valgrind's leak check,
 * so these run in the plain and the AddressSanitizer suites only. */
static bool under_valgrind(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre && strstr(pre, "vgpreload") != NULL;
}

typedef struct Run {
    int status;   /* scenario_main's exit status; 97: blocks left; 128+N: signal N */
    long peak_kb;
} Run;

/* scenario_main(argv) in a child, its output thrown away.  The child
 * checks that every block it took is given back. */
static Run run_child(int argc, char **argv)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(98);
        long before = mem_live_blocks();
        int rc = scenario_main(argc, argv);
        fflush(stdout);
        _exit(mem_live_blocks() != before ? 97 : rc);
    }
    int status = 0;
    struct rusage ru;
    assert_int_equal(wait4(pid, &status, 0, &ru), pid);
    return (Run){ .status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), .peak_kb = ru.ru_maxrss };
}

/* Rows are judged as they are read: 50,000 rows in the memory of 100. */
static void test_rows_stream(void **state)
{
    (void)state;
    if (under_valgrind())
        skip();
    char small[256], large[256];
    write_cases("small-cases.csv", 34);
    write_cases("large-cases.csv", 16667);
    path_in(small, sizeof small, "small-cases.csv");
    path_in(large, sizeof large, "large-cases.csv");
    char *a1[] = { small }, *a2[] = { large };
    Run s = run_child(1, a1), l = run_child(1, a2);
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
    if (under_valgrind())
        skip();
    char scen[256], out[256];
    path_in(scen, sizeof scen, "t.scenario");
    path_in(out, sizeof out, "exported-cases.csv");
    char export[] = "--export", o[] = "-o", leave[] = "--leave-out-unexportable";
    char *argv[] = { export, scen, o, out, leave };
    assert_int_equal(run_child(5, argv).status, 0);
    char *again[] = { out };
    assert_int_equal(run_child(1, again).status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_stream),
        cmocka_unit_test(test_export_gives_back_every_block),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}

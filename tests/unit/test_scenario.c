/* test_scenario.c -- unit tests for `award test` (scenario_main) as a
 * whole run: each test writes its files to a fresh temporary folder and
 * runs scenario_main in a child process, with standard output and error in
 * files (or on /dev/full), and looks at the exit status, the output and the
 * child's peak memory.  Covered: a scenario file of many cases runs in
 * bounded memory; an empty folder is an error that says so; a folder with a
 * symbolic-link loop, and a file named by two paths, are run once; a failed
 * write to standard output is exit status 2 with a message; byte-order
 * marks, lone-CR line ends and UTF-16 in scenario files.  (The runs are
 * in child processes, so the leak check of support.h does not apply.) */
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
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "scenario.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* A small rule file: one category, one score item, two tiers. */
static const char RULES[] =
    "award t \"t\" {\n"
    "  year 2566 BE\n"
    "  input {\n"
    "    id    text              \"id\"\n"
    "    type  category          \"type\"\n"
    "    x     integer 0 to 10   \"x\"\n"
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

/* Three cases: the base and two. */
static const char SCENARIO[] =
    "rules \"t.award\"\n"
    "\n"
    "scenario \"small\"\n"
    "  given base { id \"A\", type 1, x 5 }\n"
    "  expect eligible, tier good, total 5\n"
    "  case \"zero\" with { x 0 }\n"
    "    expect not eligible, because \"x must be at least 1\"\n"
    "  case \"low\" with { x 4 }\n"
    "    expect eligible, tier fail\n";

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

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/award-scenario-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    write_file("t.award", RULES, sizeof RULES - 1);
    return 0;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Whether this runs under valgrind (its preload library is in
 * LD_PRELOAD).  A forked child carries the parent's whole heap into
 * valgrind's leak check at its exit, and valgrind needs more address space
 * than the limit below, so the tests here are skipped under valgrind; they
 * run in the plain and the AddressSanitizer suites, and `award test` runs
 * under valgrind in the end-to-end cases. */
static bool under_valgrind(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre && strstr(pre, "vgpreload") != NULL;
}

typedef struct Run {
    int status;        /* the exit status of scenario_main */
    char *out, *err;   /* what it printed (plain malloc) */
    long peak_kb;      /* the child's peak resident memory */
} Run;

/* scenario_main(args) in a child; stdout_to: a path, or NULL for a file in
 * the test folder.  limit_mb: the child's address space is limited to it
 * (not under AddressSanitizer, which reserves terabytes up front), so a
 * runaway allocation fails at once instead of filling the machine. */
static Run run_award_test(const char *stdout_to, long limit_mb, int argc, ...)
{
    char *argv[16];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc && i < 16; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    if (under_valgrind())
        skip();
    char out[256], err[256];
    path_in(out, sizeof out, "stdout.txt");
    path_in(err, sizeof err, "stderr.txt");
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(stdout_to ? stdout_to : out, "w", stdout) || !freopen(err, "w", stderr))
            _exit(98);
#ifndef UNDER_ASAN
        if (limit_mb) {
            struct rlimit rl = { (rlim_t)limit_mb << 20, (rlim_t)limit_mb << 20 };
            setrlimit(RLIMIT_AS, &rl);
        }
#else
        (void)limit_mb;
#endif
        int rc = scenario_main(argc, argv);
        fflush(stderr);
        _exit(rc);
    }
    int status = 0;
    struct rusage ru;
    assert_int_equal(wait4(pid, &status, 0, &ru), pid);
    Run r = { .status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
              .peak_kb = ru.ru_maxrss };
    r.out = stdout_to ? calloc(1, 1) : slurp(out);
    r.err = slurp(err);
    return r;
}

static void run_free(Run *r)
{
    free(r->out);
    free(r->err);
}

static void expect_in(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find\n  %s\nin\n%s", needle, hay);
}

/* ---- tests ---- */

/* Every quoted text used to allocate the rest of the file: 8,000 cases
 * took 1.9 GB, 20,000 would take about 12 GB.  Now the file's cases cost
 * about 350 bytes each. */
static void test_many_cases_bounded_memory(void **state)
{
    (void)state;
    enum { CASES = 20000 };
    char path[256];
    path_in(path, sizeof path, "big.scenario");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("rules \"t.award\"\n\nscenario \"big\"\n  given base { id \"A\", type 1, x 5 }\n"
          "  expect eligible, tier good\n", f);
    for (int i = 0; i < CASES; i++)
        fprintf(f, "  case \"case %d\" with { x %d }\n    expect %s\n", i, i % 11,
                i % 11 ? "eligible" : "not eligible, because \"x must be at least 1\"");
    assert_int_equal(fclose(f), 0);
    Run r = run_award_test(NULL, 512, 1, path);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "20001 passed, 0 failed\n");
#ifdef UNDER_ASAN
    long limit_kb = 600L << 10;  /* the sanitizer's shadow and quarantine */
#else
    long limit_kb = 100L << 10;
#endif
    if (r.peak_kb > limit_kb)
        fail_msg("%d cases took %ld kB at the peak; at most %ld expected", CASES, r.peak_kb, limit_kb);
    run_free(&r);
}

/* An empty folder said only "test needs scenario files" (and was a
 * qsort(NULL, 0) under UBSan); now it is named. */
static void test_empty_folder(void **state)
{
    (void)state;
    char empty[256];
    path_in(empty, sizeof empty, "empty");
    assert_int_equal(mkdir(empty, 0700), 0);
    Run r = run_award_test(NULL, 0, 1, empty);
    assert_int_equal(r.status, 2);
    expect_in(r.err, "holds no scenario files (*.scenario)");
    expect_in(r.err, empty);
    run_free(&r);
    /* a folder holding only other files, and only hidden ones */
    write_file("empty/.hidden.scenario", SCENARIO, sizeof SCENARIO - 1);
    write_file("empty/notes.txt", "x", 1);
    r = run_award_test(NULL, 0, 1, empty);
    assert_int_equal(r.status, 2);
    expect_in(r.err, "holds no scenario files");
    run_free(&r);
}

/* A link back up the tree made the walk go round until the path was too
 * long (41 times); a second name of the same file ran it twice. */
static void test_links_run_once(void **state)
{
    (void)state;
    char sub[256], link[256], other[256], file[256];
    path_in(sub, sizeof sub, "sub");
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file("sub/a.scenario", SCENARIO, sizeof SCENARIO - 1);
    write_file("sub/t.award", RULES, sizeof RULES - 1);
    path_in(link, sizeof link, "sub/loop");
    assert_int_equal(symlink("..", link), 0);
    path_in(other, sizeof other, "sub/b.scenario");
    assert_int_equal(symlink("a.scenario", other), 0);
    path_in(file, sizeof file, "sub/a.scenario");
    Run r = run_award_test(NULL, 0, 1, dir);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "3 passed, 0 failed\n");
    run_free(&r);
    /* named again, as a file and through the folder */
    r = run_award_test(NULL, 0, 4, file, sub, other, dir);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "3 passed, 0 failed\n");
    run_free(&r);
}

/* A full disk: exit status 0 and no message, before. */
static void test_full_device(void **state)
{
    (void)state;
    write_file("a.scenario", SCENARIO, sizeof SCENARIO - 1);
    char file[256];
    path_in(file, sizeof file, "a.scenario");
    Run r = run_award_test("/dev/full", 0, 1, file);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "award: cannot write standard output: No space left on device\n");
    run_free(&r);
    r = run_award_test("/dev/full", 0, 1, "--help");
    assert_int_equal(r.status, 2);
    expect_in(r.err, "cannot write standard output");
    run_free(&r);
}

/* Notepad's "UTF-8 with BOM", old Mac line ends, and UTF-16. */
static void test_file_encodings(void **state)
{
    (void)state;
    char file[256];
    path_in(file, sizeof file, "a.scenario");

    char text[sizeof SCENARIO + 3] = "\xEF\xBB\xBF";
    memcpy(text + 3, SCENARIO, sizeof SCENARIO);
    write_file("a.scenario", text, sizeof text - 1);
    Run r = run_award_test(NULL, 0, 1, file);
    assert_string_equal(r.out, "3 passed, 0 failed\n");
    assert_int_equal(r.status, 0);
    run_free(&r);

    char cr[sizeof SCENARIO + 16];
    size_t n = 0;
    for (const char *c = SCENARIO; *c; c++)
        cr[n++] = *c == '\n' ? '\r' : *c;
    memcpy(cr + n, "# end\r", 6);
    n += 6;
    write_file("a.scenario", cr, n);
    r = run_award_test(NULL, 0, 1, file);
    assert_string_equal(r.out, "3 passed, 0 failed\n");
    assert_int_equal(r.status, 0);
    run_free(&r);

    /* a mistake on line 4 of a CR-only file is reported on line 4 */
    static const char bad[] = "rules \"t.award\"\r\rscenario \"s\"\r  given base { id \"A\", type 1, x 5 } ?\r";
    write_file("a.scenario", bad, sizeof bad - 1);
    r = run_award_test(NULL, 0, 1, file);
    assert_int_equal(r.status, 1);
    expect_in(r.out, "a.scenario:4:38: error: expected the end of the line, found `?`\n");
    run_free(&r);

    static const char utf16[] = "\xFF\xFEr\0u\0l\0e\0s\0";
    write_file("a.scenario", utf16, sizeof utf16 - 1);
    r = run_award_test(NULL, 0, 1, file);
    assert_int_equal(r.status, 1);
    expect_in(r.out, "is UTF-16 text; scenario files must be UTF-8: save it as UTF-8");
    run_free(&r);
}

/* A runaway token is quoted cut, not whole. */
static void test_long_token_cut(void **state)
{
    (void)state;
    char text[3000];
    char word[2001];
    memset(word, 'w', 2000);
    word[2000] = '\0';
    snprintf(text, sizeof text, "rules \"t.award\"\nscenario \"s\" %s\n", word);
    write_file("a.scenario", text, strlen(text));
    char file[256];
    path_in(file, sizeof file, "a.scenario");
    Run r = run_award_test(NULL, 0, 1, file);
    assert_int_equal(r.status, 1);
    expect_in(r.out, "expected the end of the line, found `wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww…`\n");
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, make_dir, remove_dir)
        T(test_many_cases_bounded_memory),
        T(test_empty_folder),
        T(test_links_run_once),
        T(test_full_device),
        T(test_file_encodings),
        T(test_long_token_cut),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

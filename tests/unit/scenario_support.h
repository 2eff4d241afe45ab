/* scenario_support.h -- what the unit tests of `award test` share
 * (test_scenario.c, test_scenario_csv.c): a temporary folder for the files
 * a test writes, and scenario_main run in a child process, whose exit
 * status and peak memory are what the tests look at.  Define _GNU_SOURCE
 * (for wait4) before the first #include, and include this after
 * <cmocka.h>.  What some test file does not use is marked unused, so that
 * -Werror stays quiet. */
#ifndef AWARD_TEST_SCENARIO_SUPPORT_H
#define AWARD_TEST_SCENARIO_SUPPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mem.h"
#include "scenario.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* ---- the rule file ---- */

/* t.award, the rule file of these tests: one category, one score item, two
 * tiers.  more_inputs: lines of fields after x, or "". */
#define T_AWARD(more_inputs) \
    "award t \"t\" {\n" \
    "  year 2566 BE\n" \
    "  input {\n" \
    "    id    text              \"id\"\n" \
    "    type  category          \"type\"\n" \
    "    x     integer 0 to 10   \"x\"\n" \
    more_inputs \
    "  }\n" \
    "  score points \"p\" out of 10 {\n" \
    "    x \"x\" out of 10\n" \
    "  }\n" \
    "  tiers levels on points {\n" \
    "    good \"g\" at least 5\n" \
    "    fail \"f\" otherwise\n" \
    "  }\n" \
    "  category 1 main \"main\" {\n" \
    "    require x >= 1 \"x must be at least 1\"\n" \
    "    scored by points, tiers levels\n" \
    "  }\n" \
    "}\n"

/* ---- the folder ---- */

/* The test folder, made by make_temp_dir. */
static char dir[64];

static void path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

/* Writes `len` bytes of text to the file `name` in the folder. */
static void write_file(const char *name, const char *text, size_t len)
{
    char path[256];
    path_in(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A fresh folder, prefix-XXXXXX in $TMPDIR (or /tmp), as `dir`; for a
 * cmocka setup: 0, or -1 when it cannot be made. */
static int make_temp_dir(const char *prefix)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/%s-XXXXXX", tmp ? tmp : "/tmp", prefix);
    return mkdtemp(dir) ? 0 : -1;
}

/* The folder and all in it, gone; a cmocka teardown. */
static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- a run in a child process ---- */

/* Whether this runs under valgrind (its preload library is in
 * LD_PRELOAD).  A forked child carries the parent's whole heap into
 * valgrind's leak check at its exit, and valgrind needs more address space
 * than the limits the tests set, so runs in a child are skipped under
 * valgrind; they run in the plain and the AddressSanitizer suites, and
 * `award test` runs under valgrind in the end-to-end cases. */
static bool under_valgrind(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre && strstr(pre, "vgpreload") != NULL;
}

typedef struct ChildRun {
    int status;     /* scenario_main's exit status; 97: blocks left (with
                       count_blocks); 98: no output file; 128+N: signal N */
    long peak_kb;   /* the child's peak resident memory */
} ChildRun;

/* scenario_main(argc, argv) in a child, its standard output and error
 * written to the files out and err (paths).  limit_mb: the child's address
 * space is limited to it (not under AddressSanitizer, which reserves
 * terabytes up front), so that a runaway allocation fails at once instead
 * of filling the machine; 0: no limit.  count_blocks: the child checks
 * that every block it took is given back.  The child does not flush
 * standard output for scenario_main, which must do it (and say when it
 * cannot).  Skips the test under valgrind (see under_valgrind). */
static ChildRun run_child(const char *out, const char *err, long limit_mb, bool count_blocks, int argc,
                          char **argv)
{
    if (under_valgrind())
        skip();
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(out, "w", stdout) || !freopen(err, "w", stderr))
            _exit(98);
#ifndef UNDER_ASAN
        if (limit_mb) {
            struct rlimit rl = { (rlim_t)limit_mb << 20, (rlim_t)limit_mb << 20 };
            setrlimit(RLIMIT_AS, &rl);
        }
#else
        (void)limit_mb;
#endif
        long before = mem_live_blocks();
        int rc = scenario_main(argc, argv);
        fflush(stderr);
        _exit(count_blocks && mem_live_blocks() != before ? 97 : rc);
    }
    int status = 0;
    struct rusage ru;
    assert_int_equal(wait4(pid, &status, 0, &ru), pid);
    return (ChildRun){ .status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
                       .peak_kb = ru.ru_maxrss };
}

#endif

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
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "scenario_support.h"

/* A small rule file: one category, one score item, two tiers. */
static const char RULES[] = T_AWARD("");

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

static int make_dir(void **state)
{
    (void)state;
    if (make_temp_dir("award-scenario") != 0)
        return -1;
    write_file("t.award", RULES, sizeof RULES - 1);
    return 0;
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

typedef struct Run {
    int status;        /* the exit status of scenario_main */
    char *out, *err;   /* what it printed (plain malloc) */
    long peak_kb;      /* the child's peak resident memory */
} Run;

/* scenario_main(args) in a child (see run_child); stdout_to: a path, or
 * NULL for a file in the test folder, which is read back. */
static Run run_award_test(const char *stdout_to, long limit_mb, int argc, ...)
{
    char *argv[16];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc && i < 16; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    char out[256], err[256];
    path_in(out, sizeof out, "stdout.txt");
    path_in(err, sizeof err, "stderr.txt");
    ChildRun c = run_child(stdout_to ? stdout_to : out, err, limit_mb, false, argc, argv);
    Run r = { .status = c.status, .peak_kb = c.peak_kb };
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

/* ---- scenario files across years: `from` ---- */

/* t.award of the next year: good from 6 points, and a new field y that
 * every application must have true. */
static const char RULES_NEXT[] =
    "award t extends \"t.award\" {\n"
    "  year 2567 BE\n"
    "  input {\n"
    "    add y bool \"y\"\n"
    "  }\n"
    "  change tiers levels {\n"
    "    change good at least 6\n"
    "  }\n"
    "  change category main {\n"
    "    add require y \"y must hold\"\n"
    "  }\n"
    "}\n";

/* t.award again, with only its year changed: no case can tell them apart. */
static const char RULES_SAME[] = "award t extends \"t.award\" {\n  year 2567 BE\n}\n";

static void write_text(const char *name, const char *text)
{
    write_file(name, text, strlen(text));
}

static Run run_one(const char *name)
{
    char file[256];
    path_in(file, sizeof file, name);
    return run_award_test(NULL, 0, 1, file);
}

/* A reusing file runs every case of its base against its own rules. */
static void test_from_reuses_every_case(void **state)
{
    (void)state;
    write_text("a.scenario", SCENARIO);
    write_text("same.award", RULES_SAME);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"same.award\"\n");
    Run r = run_one("b.scenario");
    assert_string_equal(r.out, "3 passed, 0 failed\n");
    assert_int_equal(r.status, 0);
    run_free(&r);
    /* against the rules named, not the base file's: 6 points now for good */
    write_text("next.award", RULES_NEXT);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n");
    r = run_one("b.scenario");
    expect_in(r.out, "a.scenario:5: FAIL \"small\"\n    expected: tier good\n    got:      eligible, tier fail, total 5.00\n");
    char want[512];
    snprintf(want, sizeof want, "    reused:   by %s/b.scenario:1 (from \"a.scenario\"), against %s/next.award\n", dir, dir);
    expect_in(r.out, want);
    expect_in(r.out, "2 passed, 1 failed\n");
    assert_int_equal(r.status, 1);
    run_free(&r);
}

/* The failure of a reused expectation names the place in the base file,
 * the `from` line and the rules; an expectation changed in the reusing
 * file replaces the base's, which is not checked any more. */
static void test_from_changed_expectation(void **state)
{
    (void)state;
    write_text("a.scenario", SCENARIO);
    write_text("next.award", RULES_NEXT);
    write_text("b.scenario",
               "# 2567\n"
               "from \"a.scenario\"\n"
               "rules \"next.award\"\n"
               "given { y true }\n"
               "in scenario \"small\"\n"
               "  expect eligible, tier fail\n"
               "  case \"low\" expect eligible, tier good\n");
    Run r = run_one("b.scenario");
    /* the base now expects fail (and passes); "low" now expects good at 4 points */
    expect_in(r.out, "b.scenario:7: FAIL \"small\" / \"low\"\n    expected: tier good\n"
                     "    got:      eligible, tier fail, total 4.00\n");
    assert_null(strstr(r.out, "a.scenario:5"));
    assert_null(strstr(r.out, "a.scenario:9"));
    expect_in(r.out, "2 passed, 1 failed\n");
    run_free(&r);
    /* the base's expectations replaced, the cases' kept: all pass */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"small\"\n  expect eligible, tier fail\n");
    r = run_one("b.scenario");
    assert_string_equal(r.out, "3 passed, 0 failed\n");
    run_free(&r);
    /* a changed case keeps its fields and merges the new ones */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true, x 6 }\n"
                             "in scenario \"small\"\n  expect eligible, tier good\n"
                             "  case \"zero\" with { y false } expect eligible\n");
    r = run_one("b.scenario");
    expect_in(r.out, "b.scenario:6: FAIL \"small\" / \"zero\"\n    expected: eligible\n"
                     "    got:      not eligible, tier ineligible, total 0.00, because \"x must be at least 1\" and \"y must hold\"\n");
    run_free(&r);
}

/* Fields merged at file level, and in `in scenario`; `empty` takes one out. */
static void test_from_merged_fields(void **state)
{
    (void)state;
    write_text("a.scenario", SCENARIO);
    write_text("next.award", RULES_NEXT);
    /* without y every application is a data error (y is missing) */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\n"
                             "in scenario \"small\"\n  expect error on y\n");
    Run r = run_one("b.scenario");
    expect_in(r.out, "a.scenario:9: FAIL \"small\" / \"low\"\n    expected: eligible\n");
    expect_in(r.out, "1 passed, 2 failed\n");
    run_free(&r);
    /* y at file level, x raised to 6 for this scenario's base only */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"small\"\n  given { x 6 }\n  expect eligible, tier good, total 6\n"
                             "  case \"low\" with { x 5 } expect eligible, tier fail\n");
    r = run_one("b.scenario");
    assert_string_equal(r.out, "3 passed, 0 failed\n");
    run_free(&r);
    /* `y empty` in the scenario takes the file's y out again */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"small\"\n  given { y empty }\n  expect error on y\n"
                             "  case \"low\" expect error on y\n  case \"zero\" expect error on y\n");
    r = run_one("b.scenario");
    assert_string_equal(r.out, "3 passed, 0 failed\n");
    run_free(&r);
    /* `empty` that takes out nothing is an error, with the closest field */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"small\"\n  given { xx empty }\n");
    r = run_one("b.scenario");
    expect_in(r.out, "b.scenario:5:11: error: `xx empty` takes out nothing: the base of the reused scenario "
                     "\"small\" has no field `xx`; did you mean `x`?\n");
    expect_in(r.out, "0 passed, 1 failed\n");
    run_free(&r);
    /* a field the new rules do not have points into the base file and at `from` */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"t.award\"\ngiven { y true }\n");
    r = run_one("b.scenario");
    expect_in(r.out, "b.scenario:3:9: error: the rules have no field `y`; did you mean `x`?\n");
    run_free(&r);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\n"
                             "scenario \"own\"\n  given { id \"B\", type 1, x 5, y true, z 1 }\n  expect eligible\n");
    r = run_one("b.scenario");
    expect_in(r.out, "b.scenario:4:40: error: the rules have no field `z`; did you mean `x`?\n");
    run_free(&r);
}

/* An unknown title is an error with the closest one. */
static void test_from_unknown_titles(void **state)
{
    (void)state;
    write_text("a.scenario", SCENARIO);
    write_text("next.award", RULES_NEXT);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"smal\"\n  expect eligible\n"
                             "skip scenario \"big\" because \"gone\"\n");
    Run r = run_one("b.scenario");
    expect_in(r.out, "b.scenario:4:13: error: the file named by `from` (");
    expect_in(r.out, "a.scenario) has no scenario \"smal\"; did you mean \"small\"?\n");
    expect_in(r.out, "a.scenario) has no scenario \"big\"\n");
    expect_in(r.out, "0 passed, 1 failed\n");
    assert_int_equal(r.status, 1);
    run_free(&r);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"small\"\n  case \"lo\" expect eligible\n"
                             "  add case \"zero\" with { x 0 }\n  case \"low\"\n");
    r = run_one("b.scenario");
    expect_in(r.out, "b.scenario:5:8: error: the reused scenario \"small\" has no case \"lo\"; did you mean \"low\"?\n");
    expect_in(r.out, "b.scenario:6:3: error: the reused scenario \"small\" has a case \"zero\" already");
    expect_in(r.out, "b.scenario:7:3: error: this changes nothing in the case \"low\"");
    run_free(&r);
    /* `in scenario` needs `from` */
    write_text("b.scenario", "rules \"t.award\"\nin scenario \"small\"\n  expect eligible\n");
    r = run_one("b.scenario");
    expect_in(r.out, "b.scenario:2:1: error: `in scenario` is about a scenario reused with `from`");
    run_free(&r);
}

/* `skip` drops a reused case or scenario, with a reason, and is counted. */
static void test_from_skip(void **state)
{
    (void)state;
    write_text("a.scenario", SCENARIO);
    write_text("next.award", RULES_NEXT);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"small\"\n  expect eligible, tier fail\n"
                             "  skip case \"zero\" because \"x 0 is not allowed any more\"\n");
    Run r = run_one("b.scenario");
    assert_string_equal(r.out, "2 passed, 0 failed, 1 skipped\n");
    assert_int_equal(r.status, 0);
    run_free(&r);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\n"
                             "skip scenario \"small\" because \"not for 2567\"\n");
    r = run_one("b.scenario");
    expect_in(r.out, "0 passed, 0 failed, 3 skipped\n");
    run_free(&r);
    /* never without a reason */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\n"
                             "skip scenario \"small\"\n");
    r = run_one("b.scenario");
    expect_in(r.out, "b.scenario:3:22: error: expected `because \"...\"`: why the scenario no longer applies, "
                     "found the end of the line\n");
    assert_int_equal(r.status, 1);
    run_free(&r);
}

/* 2568 from 2567 from 2566: the changes of each year apply in turn; a
 * failure names every `from` on the way. */
static void test_from_chain(void **state)
{
    (void)state;
    write_text("a.scenario", SCENARIO);
    write_text("next.award", RULES_NEXT);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"small\"\n  expect eligible, tier fail\n");
    assert_int_equal(mkdir(strcat(strcpy((char[256]){ 0 }, dir), "/c"), 0700), 0);
    write_text("c/c.scenario", "# 2568: the same rules\n\nfrom \"../b.scenario\"\n"
                               "in scenario \"small\"\n  given { x 6 }\n");
    Run r = run_one("c/c.scenario");
    /* x 6 is good again, so b's expectation fails: it names b and c */
    expect_in(r.out, "b.scenario:5: FAIL \"small\"\n    expected: tier fail\n    got:      eligible, tier good, total 6.00\n"
                     "    reused:   by ");
    expect_in(r.out, "c/c.scenario:3 (from \"../b.scenario\"), against ");
    expect_in(r.out, "2 passed, 1 failed\n");
    run_free(&r);
    /* two levels: a's expectation names c's and b's `from` lines */
    write_text("c/c.scenario", "from \"../b.scenario\"\nin scenario \"small\"\n  expect eligible, tier fail\n"
                               "  case \"low\" with { x 9 }\n");
    r = run_one("c/c.scenario");
    expect_in(r.out, "a.scenario:9: FAIL \"small\" / \"low\"\n    expected: tier fail\n"
                     "    got:      eligible, tier good, total 9.00\n    reused:   by ");
    expect_in(r.out, "b.scenario:1 (from \"a.scenario\")\n    reused:   by ");
    expect_in(r.out, "c/c.scenario:1 (from \"../b.scenario\"), against ");
    run_free(&r);
}

/* A file that reuses itself, directly or through others. */
static void test_from_cycle(void **state)
{
    (void)state;
    write_text("a.scenario", "from \"b.scenario\"\n");
    write_text("b.scenario", "from \"a.scenario\"\n");
    Run r = run_one("a.scenario");
    expect_in(r.out, "b.scenario:1:6: error: these scenario files reuse each other in a circle: ");
    expect_in(r.out, "a.scenario from ");
    expect_in(r.out, "b.scenario from ");
    expect_in(r.out, "0 passed, 1 failed\n");
    assert_int_equal(r.status, 1);
    run_free(&r);
    write_text("a.scenario", "from \"a.scenario\"\n");
    r = run_one("a.scenario");
    expect_in(r.out, "a.scenario:1:6: error: these scenario files reuse each other in a circle: ");
    run_free(&r);
    write_text("a.scenario", "from \"nowhere.scenario\"\n");
    r = run_one("a.scenario");
    expect_in(r.out, "a.scenario:1:6: error: cannot read the scenario file ");
    expect_in(r.out, "nowhere.scenario that `from` names: No such file or directory\n");
    run_free(&r);
}

/* --coverage counts the reused cases against the new rules. */
static void test_from_coverage(void **state)
{
    (void)state;
    write_text("a.scenario", SCENARIO);
    write_text("next.award", RULES_NEXT);
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n"
                             "in scenario \"small\"\n  given { x 6 }\n  expect eligible, tier good\n"
                             "  add case \"no y\" with { y false } expect not eligible, because \"y must hold\"\n");
    char file[256];
    path_in(file, sizeof file, "b.scenario");
    Run r = run_award_test(NULL, 0, 2, "--coverage", file);
    expect_in(r.out, "next.award:\n  9 of 9 covered: everything\n4 passed, 0 failed\n");
    assert_null(strstr(r.out, "coverage of %s/t.award"));
    run_free(&r);
    /* without the added case, the new condition is never seen failing */
    write_text("b.scenario", "from \"a.scenario\"\nrules \"next.award\"\ngiven { y true }\n");
    r = run_award_test(NULL, 0, 2, "--coverage", file);
    expect_in(r.out, "condition `y` (category `main`) is never seen failing\n");
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
        T(test_from_reuses_every_case),
        T(test_from_changed_expectation),
        T(test_from_merged_fields),
        T(test_from_unknown_titles),
        T(test_from_skip),
        T(test_from_chain),
        T(test_from_cycle),
        T(test_from_coverage),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

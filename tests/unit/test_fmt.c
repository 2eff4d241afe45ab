/* test_fmt.c -- unit tests for fmt: alignment of labels and messages in
 * display columns (Thai marks take none), comments kept in place,
 * idempotence and the same token sequence over every shipped file and
 * every tests/diag rule file, and the located error of an unclosed quote. */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"
#include "fmt.h"
#include "utext.h"

/* fmt of s as a rule file, as a plain malloc'd string (free()). */
static char *fmt_as(const char *s, FmtLang lang)
{
    Sb out = { 0 };
    FmtError err;
    assert_true(fmt_text(s, strlen(s), lang, &out, &err));
    char *r = strdup(out.s ? out.s : "");
    sb_free(&out);
    return r;
}

static void check_fmt(const char *in, const char *want)
{
    char *got = fmt_as(in, FMT_RULES);
    assert_string_equal(got, want);
    char *again = fmt_as(got, FMT_RULES);
    assert_string_equal(again, want);
    free(got);
    free(again);
}

static void test_align_input_and_requires(void **state)
{
    (void)state;
    check_fmt("award a {\n"
              "input {\n"
              "id text \"รหัส\"\n"
              "unit_coverage_pct decimal 0 to 100 \"ร้อยละ\"\n"
              "}\n"
              "category 1 c \"C\" {\n"
              "require complaints = 0 \"ต้องไม่เคยได้รับการร้องเรียน\"\n"
              "require x \"ข\"\n"
              "scored by s, tiers t\n"
              "}\n"
              "}\n",
              "award a {\n"
              "  input {\n"
              "    id                text              \"รหัส\"\n"
              "    unit_coverage_pct decimal 0 to 100  \"ร้อยละ\"\n"
              "  }\n"
              "  category 1 c \"C\" {\n"
              "    require complaints = 0  \"ต้องไม่เคยได้รับการร้องเรียน\"\n"
              "    require x               \"ข\"\n"
              "    scored by s, tiers t\n"
              "  }\n"
              "}\n");
}

/* ระดับดีเด่น is 11 code points and 8 columns; ไม่ผ่าน 7 and 5: the
 * next column is past the widest as displayed. */
static void test_thai_alignment(void **state)
{
    (void)state;
    char *got = fmt_as("tiers t on s {\n  outstanding \"ระดับดีเด่น\" at least 800\n"
                       "  fail \"ไม่ผ่าน\" otherwise\n}\n", FMT_RULES);
    assert_string_equal(got, "tiers t on s {\n"
                             "  outstanding \"ระดับดีเด่น\" at least 800\n"
                             "  fail        \"ไม่ผ่าน\"    otherwise\n"
                             "}\n");
    /* the same column in display width, not in bytes or code points */
    char *l1 = strstr(got, "outstanding"), *l2 = strstr(got, "fail");
    size_t c1 = utext_width(l1, (size_t)(strstr(l1, "at least") - l1));
    size_t c2 = utext_width(l2, (size_t)(strstr(l2, "otherwise") - l2));
    assert_int_equal(c1, c2);
    free(got);
}

/* A message on the next line goes under the messages of the block; a
 * comment line and a blank line do not end the run; a block does.  Lines
 * of the same shape (a word, other words, a text) align whatever their
 * first word: the formatter knows no keyword. */
static void test_continuation_and_runs(void **state)
{
    (void)state;
    check_fmt("c {\n"
              "  require a \"m1\"\n"
              "  # between\n"
              "\n"
              "\n"
              "  require not same or further_developed\n"
              "      \"m2\"\n"
              "  bonus 50 \"b\"\n"
              "        when any(x, y)\n"
              "  part \"p\" out of 6 {\n"
              "    q \"q\" out of 6\n"
              "  }\n"
              "  require bb \"m3\"\n"
              "}\n",
              "c {\n"
              "  require a   \"m1\"\n"
              "  # between\n"
              "\n"
              "  require not same or further_developed\n"
              "              \"m2\"\n"
              "  bonus   50  \"b\"\n"
              "        when any(x, y)\n"
              "  part \"p\" out of 6 {\n"
              "    q \"q\" out of 6\n"
              "  }\n"
              "  require bb \"m3\"\n"
              "}\n");
}

static void test_spacing_and_whitespace(void **state)
{
    (void)state;
    /* blanks between atoms: kept or not, never added (half-up, a>=3);
     * brackets and commas get their own; tabs, CRLF, trailing blanks,
     * leading blank lines; a comment keeps its text */
    check_fmt("\n\nlet x = any( a ,b )\t# why \t\r\n"
              "let y=a>=3 and  half-up\r\n",
              "let x = any(a, b)  # why\n"
              "let y=a>=3 and half-up\n");
    /* a scenario file keeps its indentation and two blank lines */
    char *got = fmt_as("scenario \"s\"\n  given base {\n      id \"x\" ,type 1 }\n    expect  eligible\n\n\n\n"
                       "scenario \"t\"\n", FMT_SCENARIO);
    assert_string_equal(got, "scenario \"s\"\n  given base {\n      id \"x\", type 1 }\n    expect eligible\n\n\n"
                             "scenario \"t\"\n");
    free(got);
    assert_int_equal(fmt_lang("-", "# c\nrules \"x\"", 10), FMT_SCENARIO);
    assert_int_equal(fmt_lang("-", "award x {", 9), FMT_RULES);
    assert_int_equal(fmt_lang("a/b.scenario", "", 0), FMT_SCENARIO);
}

static void test_unclosed_quote(void **state)
{
    (void)state;
    const char *s = "award x {\n  year 2558 BE \"ไม่ปิด\n}\n";
    Sb out = { 0 };
    FmtError err;
    assert_false(fmt_text(s, strlen(s), FMT_RULES, &out, &err));
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 16);
    assert_null(out.s);
    FmtTok *toks;
    assert_true(fmt_tokens(s, strlen(s), &toks, &err) == (size_t)-1);
    assert_null(toks);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    Sb b = { 0 };
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_add(&b, buf, n);
    fclose(f);
    *len = b.len;
    char *r = malloc(b.len + 1);
    memcpy(r, b.s ? b.s : "", b.len);
    r[b.len] = '\0';
    sb_free(&b);
    return r;
}

/* The tokens of a and b, kind and text, line breaks included (blank
 * lines do not count) are the same. */
static void assert_same_tokens(const char *path, const char *a, size_t alen, const char *b, size_t blen)
{
    FmtTok *ta, *tb;
    FmtError err;
    size_t na = fmt_tokens(a, alen, &ta, &err), nb = fmt_tokens(b, blen, &tb, &err);
    if (na != nb)
        fail_msg("%s: %zu tokens before formatting, %zu after", path, na, nb);
    for (size_t i = 0; i < na; i++)
        if (ta[i].kind != tb[i].kind || ta[i].len != tb[i].len || memcmp(ta[i].s, tb[i].s, ta[i].len) != 0)
            fail_msg("%s: token %zu was `%.*s`, is `%.*s`", path, i, (int)ta[i].len, ta[i].s, (int)tb[i].len,
                     tb[i].s);
    mem_free(ta);
    mem_free(tb);
}

/* Over every shipped rule and scenario file and every tests/diag rule
 * file: fmt(fmt(x)) == fmt(x), and x and fmt(x) have the same tokens. */
static void test_files_idempotent_same_tokens(void **state)
{
    (void)state;
    static const char *const patterns[] = {
        "rules/*/*.award", "examples/*/*.award", "tests/scenarios/*/*.scenario", "tests/scenarios/*/*/*.award",
        "tests/diag/*.award", "tests/fmt/*.award",
    };
    size_t files = 0;
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
        glob_t g;
        if (glob(patterns[p], 0, NULL, &g) != 0)
            continue;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            const char *path = g.gl_pathv[i];
            size_t len;
            char *text = slurp(path, &len);
            FmtLang lang = fmt_lang(path, text, len);
            Sb once = { 0 }, twice = { 0 };
            FmtError err;
            if (fmt_text(text, len, lang, &once, &err)) {
                assert_true(fmt_text(once.s ? once.s : "", once.len, lang, &twice, &err));
                if (once.len != twice.len || (once.len && memcmp(once.s, twice.s, once.len) != 0))
                    fail_msg("%s: formatting the formatted text changes it", path);
                assert_same_tokens(path, text, len, once.s ? once.s : "", once.len);
                files++;
            }
            sb_free(&once);
            sb_free(&twice);
            free(text);
        }
        globfree(&g);
    }
    assert_true(files >= 20);
}

int main(void)
{
    (void)render;   /* support.h's, for tests of messages */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_align_input_and_requires, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_thai_alignment, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_continuation_and_runs, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_spacing_and_whitespace, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_unclosed_quote, start_test, end_test),
        cmocka_unit_test_setup_teardown(test_files_idempotent_same_tokens, start_test, end_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_diag.c -- unit tests for diag: places, carets under Thai text, tabs,
 * CRLF, ends of files, notes, truncation, summary and suggestions.  The
 * expected outputs are written out by hand, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "diag.h"
#include "mem.h"

/* ---- helpers ---- */

/* Blocks live when the running test started: a failed test leaks what it
 * held, and that must not fail the tests after it. */
static char *render_summary(const Diags *d)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    diag_print_summary(d, f);
    fclose(f);
    return buf;
}

static void check_print(const Diags *d, const char *want)
{
    char *got = render(d);
    assert_string_equal(got, want);
    free(got);
}

static void check_summary(const Diags *d, const char *want)
{
    char *got = render_summary(d);
    assert_string_equal(got, want);
    free(got);
}

/* The span of the first occurrence of needle in text. */
static Span find(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    uint32_t start = (uint32_t)(p - text);
    return (Span){ .start = start, .end = start + (uint32_t)strlen(needle) };
}

static Span at(uint32_t off) { return (Span){ .start = off, .end = off }; }

static Source *source(Diags *d, const char *name, const char *text)
{
    Source *s = diag_source(d, name, text, strlen(text));
    assert_non_null(s);
    return s;
}

static void done(Diags *d)
{
    diag_free(d);
    assert_int_equal(mem_live_blocks(), baseline);
}

static void check_linecol(const Source *s, uint32_t off, unsigned line, unsigned col)
{
    unsigned l = 0, c = 0;
    diag_linecol(s, off, &l, &c);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
}

/* ---- the example of the brief ---- */

static const char EXAMPLE[] =
    "# เกณฑ์รางวัลหน่วยงานดีเด่น\n"
    "\n"
    "award หน่วยงานดีเด่น {\n"
    "  year 2558\n"
    "\n"
    "  # คุณสมบัติ\n"
    "  criteria {\n"
    "    score >= 80\n"
    "  }\n"
    "\n"
    "  check ภารกิจ {\n"
    "    require core_misson \"ต้องเป็นภารกิจหลัก\"\n"
    "  }\n"
    "}\n";

static void test_brief_example(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Source *s = source(d, "rules/x.award", EXAMPLE);
    static const char *const names[] = { "score", "core_budget", "core_mission" };
    const char *guess = diag_suggest("core_misson", names, 3);
    assert_string_equal(guess, "core_mission");
    diag_error(d, s, find(EXAMPLE, "core_misson"), "unknown name `%s`", "core_misson");
    diag_note(d, NULL, at(0), "did you mean `%s`?", guess);
    check_print(d,
        "rules/x.award:12:13: error: unknown name `core_misson`\n"
        "   12 |     require core_misson \"ต้องเป็นภารกิจหลัก\"\n"
        "      |             ^~~~~~~~~~~\n"
        "      = note: did you mean `core_mission`?\n");
    check_summary(d, "1 error\n");
    done(d);
}

/* ---- carets on Thai lines ---- */

static const char THAI[] =
    "ต้องเป็นภารกิจหลัก\n"
    "ถ้า ที่ตั้ง = \"กรุงเทพ\" แล้ว\n";

static void test_thai_caret(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Source *s = source(d, "t.award", THAI);
    /* ต้องเป็น is 8 code points but 6 columns: ้ and ็ take none. */
    diag_error(d, s, find(THAI, "ภารกิจหลัก"), "bad");
    /* ถ้า (2) + space + ที่ตั้ง (3) + " = \"" (4) = 10 columns before. */
    diag_warning(d, s, find(THAI, "กรุงเทพ"), "city %d", 7);
    diag_note(d, s, find(THAI, "ที่ตั้ง"), "defined here");
    check_print(d,
        "t.award:1:7: error: bad\n"
        "    1 | ต้องเป็นภารกิจหลัก\n"
        "      |       ^~~~~~~~\n"
        "t.award:2:11: warning: city 7\n"
        "    2 | ถ้า ที่ตั้ง = \"กรุงเทพ\" แล้ว\n"
        "      |           ^~~~~~\n"
        "t.award:2:4: note: defined here\n"
        "    2 | ถ้า ที่ตั้ง = \"กรุงเทพ\" แล้ว\n"
        "      |    ^~~\n");
    check_summary(d, "1 error and 1 warning\n");
    done(d);
}

static void test_linecol_thai(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Source *s = source(d, "t.award", THAI);
    check_linecol(s, 0, 1, 1);
    check_linecol(s, 3, 1, 2);                    /* after ต */
    check_linecol(s, 6, 1, 2);                    /* after ต้: the tone mark is free */
    check_linecol(s, find(THAI, "ภารกิจหลัก").start, 1, 7);
    check_linecol(s, find(THAI, "\n").start, 1, 15); /* end of line 1 */
    check_linecol(s, find(THAI, "ถ้า").start, 2, 1);
    check_linecol(s, find(THAI, "แล้ว").start, 2, 19);
    /* An offset inside a character counts as that character's start. */
    check_linecol(s, 4, 1, 2);
    check_linecol(s, 5, 1, 2);
    check_linecol(s, find(THAI, "ภารกิจหลัก").start + 2, 1, 7);
    /* Past the end: the end of the last line. */
    check_linecol(s, (uint32_t)sizeof THAI - 1, 2, 22);
    check_linecol(s, 100000, 2, 22);
    done(d);
}

static void test_wide_caret(void **state)
{
    (void)state;
    static const char text[] = "日本 x\n";
    Diags *d = diag_new();
    Source *s = source(d, "w.award", text);
    diag_error(d, s, find(text, "x"), "x");
    diag_error(d, s, find(text, "日本"), "wide");
    check_print(d,
        "w.award:1:6: error: x\n"
        "    1 | 日本 x\n"
        "      |      ^\n"
        "w.award:1:1: error: wide\n"
        "    1 | 日本 x\n"
        "      | ^~~~\n");
    done(d);
}

/* ---- tabs, CRLF, ends of lines and files ---- */

static void test_tabs(void **state)
{
    (void)state;
    static const char text[] = "rule:\n\tx =\tfoo\n";
    Diags *d = diag_new();
    Source *s = source(d, "tab.award", text);
    diag_error(d, s, find(text, "foo"), "E");
    check_print(d,
        "tab.award:2:6: error: E\n"
        "    2 | \tx =\tfoo\n"
        "      | \t   \t^~~\n");
    done(d);
}

static void test_crlf(void **state)
{
    (void)state;
    static const char text[] = "a = 1\r\nbb = oops\r\nc\r\n";
    Diags *d = diag_new();
    Source *s = source(d, "crlf.award", text);
    Span oops = find(text, "oops");
    diag_error(d, s, oops, "word");
    diag_error(d, s, at(find(text, "\r\nc").start), "at the CR");
    diag_error(d, s, (Span){ .start = oops.start, .end = find(text, "c\r").end }, "over the CRLF");
    diag_error(d, s, at((uint32_t)strlen(text)), "at EOF");
    char *got = render(d);
    assert_null(strchr(got, '\r'));
    assert_string_equal(got,
        "crlf.award:2:6: error: word\n"
        "    2 | bb = oops\n"
        "      |      ^~~~\n"
        "crlf.award:2:10: error: at the CR\n"
        "    2 | bb = oops\n"
        "      |          ^\n"
        "crlf.award:2:6: error: over the CRLF\n"
        "    2 | bb = oops\n"
        "      |      ^~~~\n"
        "crlf.award:3:2: error: at EOF\n"
        "    3 | c\n"
        "      |  ^\n");
    free(got);
    check_linecol(s, find(text, "\nbb").start, 1, 6);  /* the LF of line 1 */
    done(d);
}

static void test_last_line_without_newline(void **state)
{
    (void)state;
    static const char text[] = "x = 1\ny = oops";
    Diags *d = diag_new();
    Source *s = source(d, "nonl.award", text);
    diag_error(d, s, find(text, "oops"), "word");
    diag_error(d, s, at((uint32_t)strlen(text)), "unexpected end of file");
    diag_error(d, s, (Span){ .start = find(text, "oops").start, .end = 500 }, "past the end");
    check_print(d,
        "nonl.award:2:5: error: word\n"
        "    2 | y = oops\n"
        "      |     ^~~~\n"
        "nonl.award:2:9: error: unexpected end of file\n"
        "    2 | y = oops\n"
        "      |         ^\n"
        "nonl.award:2:5: error: past the end\n"
        "    2 | y = oops\n"
        "      |     ^~~~\n");
    done(d);
}

static void test_eof_after_newline(void **state)
{
    (void)state;
    static const char text[] = "rule ภารกิจ\n";
    static const char blank[] = "a\n\n";
    Diags *d = diag_new();
    Source *s = source(d, "eof.award", text);
    Source *b = source(d, "blank.award", blank);
    /* The offset after the final newline is the end of the last line, not
     * a line 2 that does not exist. */
    diag_error(d, s, at((uint32_t)strlen(text)), "unexpected end of file");
    diag_error(d, b, at((uint32_t)strlen(blank)), "unexpected end of file");
    check_print(d,
        "eof.award:1:11: error: unexpected end of file\n"
        "    1 | rule ภารกิจ\n"
        "      |           ^\n"
        "blank.award:2:1: error: unexpected end of file\n"
        "    2 |\n"
        "      | ^\n");
    check_linecol(b, 1, 1, 2);
    check_linecol(b, 2, 2, 1);
    check_linecol(b, 3, 2, 1);
    done(d);
}

static void test_empty_file(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Source *s = diag_source(d, "empty.award", "", 0);
    Source *n = diag_source(d, "null.award", NULL, 0);
    assert_non_null(s);
    assert_non_null(n);
    check_linecol(s, 0, 1, 1);
    check_linecol(n, 7, 1, 1);
    diag_error(d, s, at(0), "unexpected end of file");
    diag_error(d, n, (Span){ .start = 3, .end = 9 }, "nothing here");
    check_print(d,
        "empty.award:1:1: error: unexpected end of file\n"
        "    1 |\n"
        "      | ^\n"
        "null.award:1:1: error: nothing here\n"
        "    1 |\n"
        "      | ^\n");
    done(d);
}

static void test_multiline_and_odd_spans(void **state)
{
    (void)state;
    static const char text[] = "let total = sum(\n  a, b)\n";
    Diags *d = diag_new();
    Source *s = source(d, "m.award", text);
    diag_error(d, s, (Span){ .start = find(text, "sum(").start, .end = find(text, "b)").end },
               "over two lines");
    diag_error(d, s, at(find(text, "total").start), "empty span");
    Span t = find(text, "total");
    diag_error(d, s, (Span){ .start = t.end, .end = t.start }, "backwards span");
    diag_error(d, s, at(find(text, "\n").start), "at the newline");
    check_print(d,
        "m.award:1:13: error: over two lines\n"
        "    1 | let total = sum(\n"
        "      |             ^~~~\n"
        "m.award:1:5: error: empty span\n"
        "    1 | let total = sum(\n"
        "      |     ^\n"
        "m.award:1:10: error: backwards span\n"
        "    1 | let total = sum(\n"
        "      |          ^\n"
        "m.award:1:17: error: at the newline\n"
        "    1 | let total = sum(\n"
        "      |                 ^\n");
    done(d);
}

/* ---- notes, several sources, messages without a place ---- */

static void test_notes(void **state)
{
    (void)state;
    static const char main_text[] = "use ภาษี\nrequire ภาษี > 0\n";
    static const char lib_text[] = "# lib\nfn ภาษี(x) = x\n";
    Diags *d = diag_new();
    Source *m = source(d, "main.award", main_text);
    Source *l = source(d, "lib/tax.award", lib_text);
    /* A note before any message has nothing to attach to. */
    diag_note(d, NULL, at(0), "dropped");
    Span use = find(main_text, "ภาษี >");
    use.end = use.start + (uint32_t)strlen("ภาษี");
    diag_error(d, m, use, "`ภาษี` is a function");
    diag_note(d, l, find(lib_text, "ภาษี"), "defined here");
    diag_note(d, NULL, at(0), "call it: `ภาษี(...)`");
    diag_note(d, m, find(main_text, "use"), "imported here");
    diag_warning(d, NULL, at(0), "no year given; using %d", 2558);
    diag_note(d, NULL, at(0), "add `year 2558`");
    check_print(d,
        "main.award:2:9: error: `ภาษี` is a function\n"
        "    2 | require ภาษี > 0\n"
        "      |         ^~~\n"
        "lib/tax.award:2:4: note: defined here\n"
        "    2 | fn ภาษี(x) = x\n"
        "      |    ^~~\n"
        "      = note: call it: `ภาษี(...)`\n"
        "main.award:1:1: note: imported here\n"
        "    1 | use ภาษี\n"
        "      | ^~~\n"
        "warning: no year given; using 2558\n"
        "      = note: add `year 2558`\n");
    check_summary(d, "1 error and 1 warning\n");
    assert_string_equal(diag_source_name(l), "lib/tax.award");
    size_t len = 0;
    assert_ptr_equal(diag_source_text(m, &len), main_text);
    assert_int_equal(len, strlen(main_text));
    assert_ptr_equal(diag_source_text(m, NULL), main_text);
    done(d);
}

static void test_source_name_copied(void **state)
{
    (void)state;
    char name[] = "a.award";
    Diags *d = diag_new();
    Source *s = source(d, name, "x\n");
    name[0] = 'b';
    diag_error(d, s, at(0), "e");
    check_print(d,
        "a.award:1:1: error: e\n"
        "    1 | x\n"
        "      | ^\n");
    done(d);
}

static void test_wide_gutter(void **state)
{
    (void)state;
    enum { LINES = 10000 };
    char *text = mem_alloc(2 * LINES + 1);
    for (int i = 0; i < LINES; i++)
        memcpy(text + 2 * i, "l\n", 2);
    text[2 * LINES] = '\0';
    Diags *d = diag_new();
    Source *s = diag_source(d, "big.award", text, 2 * LINES);
    diag_error(d, s, (Span){ .start = 2 * (LINES - 1), .end = 2 * LINES - 1 }, "far");
    diag_note(d, s, (Span){ .start = 4, .end = 5 }, "near");
    diag_note(d, NULL, at(0), "plain");
    diag_error(d, s, (Span){ .start = 2 * 999, .end = 2 * 999 + 1 }, "line 1000");
    diag_error(d, s, (Span){ .start = 2 * 499, .end = 2 * 499 + 1 }, "line 500");
    /* The gutter fits the widest line number of each message, notes
     * included, and is at least 4. */
    check_print(d,
        "big.award:10000:1: error: far\n"
        " 10000 | l\n"
        "       | ^\n"
        "big.award:3:1: note: near\n"
        "     3 | l\n"
        "       | ^\n"
        "       = note: plain\n"
        "big.award:1000:1: error: line 1000\n"
        " 1000 | l\n"
        "      | ^\n"
        "big.award:500:1: error: line 500\n"
        "  500 | l\n"
        "      | ^\n");
    diag_free(d);
    mem_free(text);
    assert_int_equal(mem_live_blocks(), baseline);
}

/* Binary search against a plain scan, on lines of many lengths. */
static void test_linecol_many_lines(void **state)
{
    (void)state;
    enum { LINES = 500 };
    char *text = mem_alloc(LINES * 40);
    size_t len = 0;
    for (int i = 0; i < LINES; i++) {
        for (int k = 0; k < i % 7; k++) {
            memcpy(text + len, "ที่", 9);         /* 3 code points, 1 column */
            len += 9;
        }
        if (i % 3 == 0)
            text[len++] = 'a';
        text[len++] = '\n';
    }
    Diags *d = diag_new();
    Source *s = diag_source(d, "many.award", text, len);
    unsigned line = 1, col = 1;
    size_t ls = 0;
    for (size_t off = 0; off < len; off++) {
        /* Columns only advance at the start of a character. */
        if (off > 0 && text[off - 1] != '\n' &&
            ((unsigned char)text[off] & 0xC0) != 0x80) {
            int32_t prev_start = (int32_t)off - 1;
            while (((unsigned char)text[prev_start] & 0xC0) == 0x80)
                prev_start--;
            if ((unsigned char)text[prev_start] == 'a' ||
                memcmp(text + prev_start, "ท", 3) == 0)
                col++;
        }
        if (off > 0 && text[off - 1] == '\n') {
            line++;
            col = 1;
            ls = off;
        }
        unsigned l, c;
        diag_linecol(s, (uint32_t)off, &l, &c);
        if (l != line || c != col)
            fail_msg("offset %zu (line start %zu): got %u:%u, want %u:%u",
                     off, ls, l, c, line, col);
    }
    diag_free(d);
    mem_free(text);
    assert_int_equal(mem_live_blocks(), baseline);
}

/* ---- counting, truncation, summary ---- */

static void test_summary_wording(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Source *s = source(d, "s.award", "x\n");
    check_summary(d, "");
    check_print(d, "");
    diag_error(d, s, at(0), "e");
    check_summary(d, "1 error\n");
    diag_error(d, s, at(0), "e");
    check_summary(d, "2 errors\n");
    diag_warning(d, s, at(0), "w");
    check_summary(d, "2 errors and 1 warning\n");
    diag_warning(d, s, at(0), "w");
    check_summary(d, "2 errors and 2 warnings\n");
    assert_int_equal(diag_count(d, DIAG_ERROR), 2);
    assert_int_equal(diag_count(d, DIAG_WARNING), 2);
    done(d);

    d = diag_new();
    diag_warning(d, NULL, at(0), "w");
    check_summary(d, "1 warning\n");
    diag_warning(d, NULL, at(0), "w");
    diag_warning(d, NULL, at(0), "w");
    check_summary(d, "3 warnings\n");
    diag_error(d, NULL, at(0), "e");
    check_summary(d, "1 error and 3 warnings\n");
    done(d);

    /* Several sources: one summary over all of them. */
    d = diag_new();
    Source *a = source(d, "a.award", "a\n");
    Source *b = source(d, "b.award", "b\n");
    diag_error(d, a, at(0), "e");
    diag_error(d, b, at(0), "e");
    diag_warning(d, b, at(0), "w");
    check_summary(d, "2 errors and 1 warning\n");
    done(d);
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void test_truncation(void **state)
{
    (void)state;
    Diags *d = diag_new();
    Source *s = source(d, "many.award", "abc\n");
    for (int i = 1; i <= 105; i++) {
        diag_error(d, s, (Span){ .start = 1, .end = 2 }, "error number %d", i);
        diag_note(d, NULL, at(0), "note of %d", i);
        if (i == 102)
            diag_warning(d, s, (Span){ .start = 0, .end = 3 }, "a warning after the cap");
    }
    assert_int_equal(diag_count(d, DIAG_ERROR), 105);
    assert_int_equal(diag_count(d, DIAG_WARNING), 1);
    char *got = render(d);
    assert_int_equal(count_of(got, ": error: "), 100);
    assert_non_null(strstr(got, ": error number 100\n"));
    assert_null(strstr(got, ": error number 101\n"));
    assert_null(strstr(got, "note of 101\n"));
    assert_non_null(strstr(got, "note of 100\n"));
    /* The warning is kept; the note added after it belongs to a dropped
     * error and must not be shown under the warning. */
    const char *tail =
        "many.award:1:2: error: error number 100\n"
        "    1 | abc\n"
        "      |  ^\n"
        "      = note: note of 100\n"
        "many.award:1:1: warning: a warning after the cap\n"
        "    1 | abc\n"
        "      | ^~~\n"
        "5 more errors not shown\n";
    size_t gl = strlen(got), tl = strlen(tail);
    assert_true(gl > tl);
    assert_string_equal(got + gl - tl, tail);
    free(got);
    check_summary(d, "105 errors and 1 warning\n");
    done(d);

    d = diag_new();
    for (int i = 0; i < 100; i++)
        diag_error(d, NULL, at(0), "e");
    got = render(d);
    assert_null(strstr(got, "not shown"));
    free(got);
    diag_error(d, NULL, at(0), "e");
    got = render(d);
    size_t n = strlen(got);
    assert_true(n > 23);
    assert_string_equal(got + n - 23, "1 more error not shown\n");
    free(got);
    check_summary(d, "101 errors\n");
    done(d);
}

/* ---- failing allocations ---- */

static void test_allocation_failures(void **state)
{
    (void)state;
    static const char text[] = "ต้องเป็นภารกิจหลัก\n";
    /* Make each allocation of a short session fail in turn: nothing may
     * crash or leak, and every error is still counted. */
    for (long n = 1; n <= 20; n++) {
        mem_fail_after(n);
        Diags *d = diag_new();
        if (!d) {
            mem_fail_after(0);
            assert_int_equal(mem_live_blocks(), baseline);
            continue;
        }
        Source *s = diag_source(d, "f.award", text, strlen(text));
        diag_error(d, s, find(text, "ภารกิจ"), "first %d", 1);
        diag_note(d, NULL, at(0), "note");
        diag_error(d, s, find(text, "หลัก"), "second");
        static const char *const names[] = { "ภารกิจหลัก", "ภารกิจรอง" };
        (void)diag_suggest("ภารกิจหลก", names, 2);
        mem_fail_after(0);
        assert_int_equal(diag_count(d, DIAG_ERROR), 2);
        char *out = render(d);
        free(out);
        done(d);
    }
}

/* ---- suggestions ---- */

static void test_suggest(void **state)
{
    (void)state;
    static const char *const en[] = { "score", "core_budget", "core_mission", "year" };
    assert_string_equal(diag_suggest("core_misson", en, 4), "core_mission");
    assert_string_equal(diag_suggest("scre", en, 4), "score");
    /* A transposition is two edits; length 5 allows one. */
    assert_null(diag_suggest("scroe", en, 4));
    assert_null(diag_suggest("budget", en, 4));
    assert_null(diag_suggest("x", en, 0));
    assert_null(diag_suggest("anything", NULL, 0));

    static const char *const th[] = { "ภารกิจรอง", "ภารกิจหลัก", "ที่ตั้ง" };
    /* Missing ั: one code point, though three bytes. */
    assert_string_equal(diag_suggest("ภารกิจหลก", th, 3), "ภารกิจหลัก");
    /* A different tone mark. */
    assert_string_equal(diag_suggest("ที่ตั่ง", th, 3), "ที่ตั้ง");
    /* Inserting one Thai letter is one edit (three bytes). */
    static const char *const short_th[] = { "กฎห" };
    assert_string_equal(diag_suggest("กฎ", short_th, 1), "กฎห");
    /* The limit is a third of the length in code points: "กขค" (3) allows
     * one edit, so two substitutions are too far even though each changes
     * just one byte. */
    static const char *const far_th[] = { "กงจ" };
    assert_null(diag_suggest("กขค", far_th, 1));
    static const char *const near_th[] = { "กงค" };
    assert_string_equal(diag_suggest("กขค", near_th, 1), "กงค");
}

static void test_suggest_limits_and_ties(void **state)
{
    (void)state;
    /* Ties go to the first candidate. */
    static const char *const tie[] = { "bat", "cap", "cat2" };
    assert_string_equal(diag_suggest("cat", tie, 3), "bat");
    /* The closer candidate wins even when it comes later. */
    static const char *const closer[] = { "abcdXY", "abcdeX", "abcdeY" };
    assert_string_equal(diag_suggest("abcdeg", closer, 3), "abcdeX");
    /* Length 12: limit min(3, 12/3) = 3. */
    static const char *const three[] = { "abcdefghiXYZ" };
    static const char *const four[] = { "abcdefghWXYZ" };
    assert_string_equal(diag_suggest("abcdefghijkl", three, 1), "abcdefghiXYZ");
    assert_null(diag_suggest("abcdefghijkl", four, 1));
    /* Length 30: still at most 3. */
    static const char *const long4[] = { "aaaaaaaaaaaaaaaaaaaaaaaaaabbbb" };
    static const char *const long3[] = { "aaaaaaaaaaaaaaaaaaaaaaaaaaabbb" };
    assert_null(diag_suggest("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", long4, 1));
    assert_non_null(diag_suggest("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", long3, 1));
    /* Length 6: limit 2. */
    static const char *const six[] = { "abcdXY", "abXYZf" };
    assert_string_equal(diag_suggest("abcdef", six, 2), "abcdXY");
    assert_null(diag_suggest("abcdef", six + 1, 1));
    /* Length 2: at least 1. */
    static const char *const two[] = { "ax", "xy" };
    assert_string_equal(diag_suggest("ab", two, 2), "ax");
    assert_null(diag_suggest("ab", two + 1, 1));
    /* Insertions and deletions count one each. */
    static const char *const indel[] = { "totals" };
    assert_string_equal(diag_suggest("total", indel, 1), "totals");
    static const char *const del[] = { "tota" };
    assert_string_equal(diag_suggest("total", del, 1), "tota");
    /* The name itself is never suggested; other candidates still are. */
    static const char *const self[] = { "total", "totals" };
    assert_string_equal(diag_suggest("total", self, 2), "totals");
    assert_null(diag_suggest("total", self, 1));
    /* NULL entries are skipped. */
    static const char *const holes[] = { NULL, "score" };
    assert_string_equal(diag_suggest("scor", holes, 2), "score");
    assert_int_equal(mem_live_blocks(), baseline);
}

/* diag_sort: files in registration order, places within a file, stable at
 * one place, and notes travel with their message. */
static void test_sort(void **state)
{
    (void)state;
    Diags *d = diag_new();
    const char *a_text = "one\ntwo\nthree\n";
    const char *b_text = "xyz\n";
    Source *a = diag_source(d, "a.award", a_text, strlen(a_text));
    Source *b = diag_source(d, "b.award", b_text, strlen(b_text));
    diag_error(d, b, (Span){ .start = 0, .end = 1 }, "in b");
    diag_error(d, a, (Span){ .start = 8, .end = 13 }, "three");
    diag_note(d, a, (Span){ .start = 0, .end = 3 }, "note of three");
    diag_warning(d, a, (Span){ .start = 4, .end = 7 }, "two, first");
    diag_error(d, a, (Span){ .start = 4, .end = 7 }, "two, second");
    diag_error(d, NULL, (Span){ 0 }, "no file");
    diag_sort(d);
    check_print(d,
                "error: no file\n"
                "a.award:2:1: warning: two, first\n"
                "    2 | two\n"
                "      | ^~~\n"
                "a.award:2:1: error: two, second\n"
                "    2 | two\n"
                "      | ^~~\n"
                "a.award:3:1: error: three\n"
                "    3 | three\n"
                "      | ^~~~~\n"
                "a.award:1:1: note: note of three\n"
                "    1 | one\n"
                "      | ^~~\n"
                "b.award:1:1: error: in b\n"
                "    1 | xyz\n"
                "      | ^\n");
    diag_free(d);
    assert_int_equal(mem_live_blocks(), baseline);
}

/* Lines ending in a lone CR (old Mac files), and all three kinds in one
 * file: each break ends one line, the snippet shows no CR. */
static void test_cr_only_and_mixed(void **state)
{
    (void)state;
    static const char text[] = "a = 1\rbb = oops\rc\r";
    Diags *d = diag_new();
    Source *s = source(d, "cr.award", text);
    diag_error(d, s, find(text, "oops"), "word");
    diag_error(d, s, at((uint32_t)strlen(text)), "at EOF");
    char *got = render(d);
    assert_null(strchr(got, '\r'));
    assert_string_equal(got,
        "cr.award:2:6: error: word\n"
        "    2 | bb = oops\n"
        "      |      ^~~~\n"
        "cr.award:3:2: error: at EOF\n"
        "    3 | c\n"
        "      |  ^\n");
    free(got);
    static const char mixed[] = "one\ntwo\r\nthree\rfour";
    Source *m = source(d, "mixed.award", mixed);
    check_linecol(m, find(mixed, "two").start, 2, 1);
    check_linecol(m, find(mixed, "three").start, 3, 1);
    check_linecol(m, find(mixed, "four").start + 2, 4, 3);
    check_linecol(m, find(mixed, "\rfour").start, 3, 6);  /* the CR of line 3 */
    done(d);
}

/* A UTF-8 byte-order mark is not part of line 1: columns count from after
 * it, the snippet does not show it, an offset inside it is column 1. */
static void test_bom(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF" "ab = oops\nx\n";
    Diags *d = diag_new();
    Source *s = source(d, "bom.award", text);
    diag_error(d, s, find(text, "oops"), "word");
    diag_error(d, s, at(0), "at the start");
    check_print(d,
        "bom.award:1:6: error: word\n"
        "    1 | ab = oops\n"
        "      |      ^~~~\n"
        "bom.award:1:1: error: at the start\n"
        "    1 | ab = oops\n"
        "      | ^\n");
    check_linecol(s, 1, 1, 1);
    check_linecol(s, find(text, "x").start, 2, 1);
    assert_int_equal(diag_bom_length(text, strlen(text)), 3);
    assert_int_equal(diag_bom_length("\xEF\xBB", 2), 0);
    assert_int_equal(diag_bom_length("abc", 3), 0);
    done(d);
}

static void test_utf16_detected(void **state)
{
    (void)state;
    assert_true(diag_is_utf16("\xFF\xFE", 2));
    assert_true(diag_is_utf16("\xFE\xFF", 2));
    assert_true(diag_is_utf16("a\0", 2));
    assert_true(diag_is_utf16("\0a", 2));
    assert_false(diag_is_utf16("ab", 2));
    assert_false(diag_is_utf16("\xEF\xBB\xBF", 3));
    assert_false(diag_is_utf16("\xE0\xB8\x81", 3));  /* Thai ก in UTF-8 */
    assert_false(diag_is_utf16("a", 1));
    assert_false(diag_is_utf16("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_brief_example, start_test),
        cmocka_unit_test_setup(test_thai_caret, start_test),
        cmocka_unit_test_setup(test_linecol_thai, start_test),
        cmocka_unit_test_setup(test_wide_caret, start_test),
        cmocka_unit_test_setup(test_tabs, start_test),
        cmocka_unit_test_setup(test_crlf, start_test),
        cmocka_unit_test_setup(test_last_line_without_newline, start_test),
        cmocka_unit_test_setup(test_eof_after_newline, start_test),
        cmocka_unit_test_setup(test_empty_file, start_test),
        cmocka_unit_test_setup(test_multiline_and_odd_spans, start_test),
        cmocka_unit_test_setup(test_notes, start_test),
        cmocka_unit_test_setup(test_source_name_copied, start_test),
        cmocka_unit_test_setup(test_wide_gutter, start_test),
        cmocka_unit_test_setup(test_linecol_many_lines, start_test),
        cmocka_unit_test_setup(test_summary_wording, start_test),
        cmocka_unit_test_setup(test_truncation, start_test),
        cmocka_unit_test_setup(test_allocation_failures, start_test),
        cmocka_unit_test_setup(test_suggest, start_test),
        cmocka_unit_test_setup(test_suggest_limits_and_ties, start_test),
        cmocka_unit_test_setup(test_sort, start_test),
        cmocka_unit_test_setup(test_cr_only_and_mixed, start_test),
        cmocka_unit_test_setup(test_bom, start_test),
        cmocka_unit_test_setup(test_utf16_detected, start_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_utext.c -- unit tests for utext: validity, decoding, display width
 * and padding of UTF-8 text, with Thai at the centre. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "utext.h"

#define VALID(lit) utext_valid(lit, sizeof(lit) - 1, NULL)

static void check_invalid(const char *s, size_t len, size_t want_off)
{
    size_t off = 9999;
    assert_false(utext_valid(s, len, &off));
    assert_int_equal(off, want_off);
    assert_false(utext_valid(s, len, NULL));
}

static void test_valid_text(void **state)
{
    (void)state;
    assert_true(utext_valid("", 0, NULL));
    assert_true(utext_valid(NULL, 0, NULL));
    assert_true(VALID("require core_mission"));
    assert_true(VALID("ต้องเป็นภารกิจหลัก"));
    assert_true(VALID("\xF0\x9F\x98\x80"));      /* U+1F600, 4 bytes */
    assert_true(VALID("\xF4\x8F\xBF\xBF"));      /* U+10FFFF, the last */
    assert_true(VALID("\xED\x9F\xBF"));          /* U+D7FF, just below surrogates */
    assert_true(VALID("\xEE\x80\x80"));          /* U+E000, just above */
    assert_true(VALID("a\0b"));                  /* NUL is a character */
    size_t off = 42;
    assert_true(utext_valid("ok", 2, &off));
    assert_int_equal(off, 42);                   /* untouched on success */
}

static void test_invalid_text(void **state)
{
    (void)state;
    check_invalid("\xC0\x80", 2, 0);              /* overlong NUL */
    check_invalid("\xC1\xBF", 2, 0);              /* overlong 0x7F */
    check_invalid("ab\xE0\x80\x80", 5, 2);        /* overlong 3-byte */
    check_invalid("\xF0\x80\x80\x80", 4, 0);      /* overlong 4-byte */
    check_invalid("ab\xED\xA0\x80", 5, 2);        /* surrogate U+D800 */
    check_invalid("\xED\xBF\xBF", 3, 0);          /* surrogate U+DFFF */
    check_invalid("\xF4\x90\x80\x80", 4, 0);      /* U+110000 */
    check_invalid("\xF5\x80\x80\x80", 4, 0);      /* no such lead byte */
    check_invalid("x\xE0\xB8", 3, 1);             /* truncated Thai letter */
    check_invalid("\xE0\xB8", 2, 0);
    check_invalid("ก\x80", 4, 3);                 /* stray continuation */
    check_invalid("\xFF", 1, 0);
    check_invalid("\xE0\xB8\x41", 3, 0);          /* continuation missing */
    /* The length bounds the check: a sequence cut by len is truncated. */
    check_invalid("ก", 2, 0);
    assert_true(utext_valid("กx", 3, NULL));
}

static void test_decode(void **state)
{
    (void)state;
    int32_t cp = 0;
    assert_int_equal(utext_decode("ท", 3, &cp), 3);
    assert_int_equal(cp, 0x0E17);
    assert_int_equal(utext_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(utext_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(utext_decode("\xC3\xA9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    /* Invalid: one byte, -1, so scanning can go on. */
    assert_int_equal(utext_decode("\xC0\x80", 2, &cp), 1);
    assert_int_equal(cp, -1);
    assert_int_equal(utext_decode("\xE0\xB8", 2, &cp), 1);
    assert_int_equal(cp, -1);
    assert_int_equal(utext_decode("ท", 2, &cp), 1);  /* cut by len */
    assert_int_equal(cp, -1);
    assert_int_equal(utext_decode("\xED\xA0\x80", 3, &cp), 1);
    assert_int_equal(cp, -1);
}

#define WIDTH(lit) utext_width(lit, sizeof(lit) - 1)
#define CHARS(lit) utext_chars(lit, sizeof(lit) - 1)

static void test_width_thai(void **state)
{
    (void)state;
    assert_int_equal(WIDTH("ที่"), 1);            /* ท + sara ii + mai ek */
    assert_int_equal(WIDTH("ภารกิจหลัก"), 8);     /* sara i and mai han-akat take none */
    assert_int_equal(WIDTH("ต้องเป็น"), 6);
    assert_int_equal(WIDTH("ที่ตั้ง"), 3);
    assert_int_equal(WIDTH("กรุงเทพ"), 6);
    assert_int_equal(WIDTH("ำ"), 1);              /* sara am is spacing */
    assert_int_equal(WIDTH("ถ้า ที่ตั้ง"), 6);
    /* Every combining mark listed in the brief takes no column. */
    static const char *const marks[] = {
        "\xE0\xB8\xB1",                             /* U+0E31 */
        "\xE0\xB8\xB4", "\xE0\xB8\xB5", "\xE0\xB8\xB6", "\xE0\xB8\xB7",
        "\xE0\xB8\xB8", "\xE0\xB8\xB9", "\xE0\xB8\xBA", /* U+0E34..0E3A */
        "\xE0\xB9\x87", "\xE0\xB9\x88", "\xE0\xB9\x89", "\xE0\xB9\x8A",
        "\xE0\xB9\x8B", "\xE0\xB9\x8C", "\xE0\xB9\x8D", "\xE0\xB9\x8E", /* U+0E47..0E4E */
    };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        assert_int_equal(utext_width(marks[i], 3), 0);
}

static void test_width_other(void **state)
{
    (void)state;
    assert_int_equal(utext_width("", 0), 0);
    assert_int_equal(utext_width(NULL, 0), 0);
    assert_int_equal(WIDTH("core_mission"), 12);
    assert_int_equal(WIDTH("\t"), 1);
    assert_int_equal(WIDTH("a\tb"), 3);
    assert_int_equal(WIDTH("日本"), 4);           /* wide */
    assert_int_equal(WIDTH("é"), 1);
    assert_int_equal(WIDTH("e\xCC\x81"), 1);      /* e + combining acute */
    assert_int_equal(WIDTH("\xFF"), 1);           /* invalid byte */
    assert_int_equal(WIDTH("a\xC0\x80z"), 4);     /* two invalid bytes */
    /* len bounds the text: the first 3 bytes of "ที่" are ท alone, and a
     * Thai letter cut after 2 bytes is two invalid bytes. */
    assert_int_equal(utext_width("ที่", 3), 1);
    assert_int_equal(utext_width("ท", 2), 2);
}

static void test_chars(void **state)
{
    (void)state;
    assert_int_equal(CHARS(""), 0);
    assert_int_equal(CHARS("ที่"), 3);
    assert_int_equal(CHARS("ภารกิจหลัก"), 10);
    assert_int_equal(CHARS("abc"), 3);
    assert_int_equal(CHARS("a\xE0\xB8"), 3);      /* 2 invalid bytes, 1 each */
    assert_int_equal(CHARS("\xF0\x9F\x98\x80!"), 2);
}

static char *pad(const char *s, size_t width, bool right)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    utext_pad(f, s, strlen(s), width, right);
    fclose(f);
    return buf;
}

static void check_pad(const char *s, size_t width, bool right, const char *want)
{
    char *got = pad(s, width, right);
    assert_string_equal(got, want);
    free(got);
}

static void test_pad(void **state)
{
    (void)state;
    check_pad("ที่", 4, false, "ที่   ");
    check_pad("ที่", 4, true, "   ที่");
    check_pad("ภารกิจหลัก", 10, false, "ภารกิจหลัก  ");
    check_pad("ภารกิจหลัก", 8, false, "ภารกิจหลัก");  /* exactly as wide */
    check_pad("ภารกิจหลัก", 3, true, "ภารกิจหลัก");   /* wider: unchanged */
    check_pad("abc", 5, false, "abc  ");
    check_pad("42", 5, true, "   42");
    check_pad("", 3, false, "   ");
    check_pad("", 0, false, "");
    check_pad("日本", 5, false, "日本 ");
    /* A Thai column and an ASCII column padded to one width line up. */
    char *a = pad("ที่ตั้ง", 8, false), *b = pad("location", 8, false);
    assert_int_equal(utext_width(a, strlen(a)), utext_width(b, strlen(b)));
    free(a);
    free(b);
}

/* Thai digits are the same number as ASCII ones; other Thai letters, and
 * text without a Thai digit, are left alone. */
static void test_thai_digits(void **state)
{
    (void)state;
    char buf[32];
    size_t n = 0;
    assert_true(utext_thai_digits("๘๐", strlen("๘๐"), buf, sizeof buf, &n));
    assert_int_equal(n, 2);
    assert_memory_equal(buf, "80", 2);
    assert_true(utext_thai_digits("๒๕๖๕", strlen("๒๕๖๕"), buf, sizeof buf, &n));
    assert_memory_equal(buf, "2565", n);
    assert_true(utext_thai_digits("๗๙.๙๙", strlen("๗๙.๙๙"), buf, sizeof buf, &n));
    assert_int_equal(n, 5);
    assert_memory_equal(buf, "79.99", 5);
    assert_true(utext_thai_digits("1๐", strlen("1๐"), buf, sizeof buf, &n)); /* mixed */
    assert_memory_equal(buf, "10", 2);
    assert_false(utext_thai_digits("80", 2, buf, sizeof buf, &n));
    /* ก (U+0E01) and ๚ (U+0E5A, after ๙) are not digits */
    assert_false(utext_thai_digits("ก๚", strlen("ก๚"), buf, sizeof buf, &n));
    /* too long for the buffer: not converted */
    assert_false(utext_thai_digits("๑๒๓", strlen("๑๒๓"), buf, 2, &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_text),
        cmocka_unit_test(test_invalid_text),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_width_thai),
        cmocka_unit_test(test_width_other),
        cmocka_unit_test(test_chars),
        cmocka_unit_test(test_pad),
        cmocka_unit_test(test_thai_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

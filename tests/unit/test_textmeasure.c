/* test_textmeasure.c -- unit tests for textmeasure: words and characters of
 * a text as a reader counts them, against hand-counted Thai sentences and,
 * where the outside corpus is present, against a human-segmented set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"
#include "textmeasure.h"

#define WORDS(wb, lit) text_words(wb, lit, sizeof(lit) - 1)
#define CHARS(lit) text_chars(lit, sizeof(lit) - 1)

static WordBreaker *new_breaker(void)
{
    WordBreaker *wb = word_breaker_new();
    if (!wb)
        fail_msg("libthai's dictionary could not be opened (package libthai-data)");
    return wb;
}

/* ---- words: hand-counted sentences ----
 * Each count is justified word by word, with | where a word ends.  Thai
 * compounds come apart where libthai's dictionary has the parts and not the
 * whole (ส่วน|ราชการ); that is the dictionary's convention, and the
 * human-segmented set below mostly agrees with it. */

static void words_thai_sentences(void **state)
{
    (void)state;
    WordBreaker *wb = new_breaker();
    /* ต้อง|ไม่|เคย|ได้|รับ|การ|ร้องเรียน: must | not | ever | get | receive |
     * (nominaliser) | complaint */
    assert_int_equal(WORDS(wb, "ต้องไม่เคยได้รับการร้องเรียน"), 7);
    /* สำนักงาน | ก.พ.ร. (one abbreviation of three pieces) | ประกาศ|ผล|รางวัล |
     * ปี | พ.ศ. (one abbreviation) | ๒๕๖๕ (a number in Thai digits) */
    assert_int_equal(WORDS(wb, "สำนักงาน ก.พ.ร. ประกาศผลรางวัล ปี พ.ศ. ๒๕๖๕"), 8);
    /* ประชาชน|พึงพอใจ|การ|บริการ | ร้อยละ | 85.5 (one number) | จาก|ผู้|ตอบ |
     * 1,400 (one number: the comma is between digits) | คน */
    assert_int_equal(WORDS(wb, "ประชาชนพึงพอใจการบริการ ร้อยละ 85.5 จากผู้ตอบ 1,400 คน"), 11);
    /* เจ้าหน้าที่|ยิ้มแย้ม|แจ่มใส | พูดจา|ดีๆ (ๆ repeats ดี, no word of its own) |
     * กับ|ทุก|คน */
    assert_int_equal(WORDS(wb, "เจ้าหน้าที่ยิ้มแย้มแจ่มใส พูดจาดีๆ กับทุกคน"), 8);
    /* ลด|ขั้นตอน|จาก | ๑๒ | ขั้นตอน | เหลือ | ๕ | ขั้นตอน: Thai digits are numbers */
    assert_int_equal(WORDS(wb, "ลดขั้นตอนจาก ๑๒ ขั้นตอน เหลือ ๕ ขั้นตอน"), 8);
    /* โรงพยาบาล|เปิด|บริการ|ทุก|วัน | ตั้งแต่ | 08.30 | น. (นาฬิกา, abbreviated) |
     * ถึง | 16.30 | น. */
    assert_int_equal(WORDS(wb, "โรงพยาบาลเปิดบริการทุกวัน ตั้งแต่ 08.30 น. ถึง 16.30 น."), 11);
    /* ข้อมูล | ประชาชน | ผู้ประกอบการ | และ | ผ่าน | การ|ตรวจ: the colon, comma,
     * semicolon and quotes are no words */
    assert_int_equal(WORDS(wb, "ข้อมูล: ประชาชน, ผู้ประกอบการ; และ \"ผ่าน\" การตรวจ"), 7);
    /* ประชาชน|พอใจ|มากๆ | ขอบคุณ|ครับ: the emoji and the !!! are no words */
    assert_int_equal(WORDS(wb, "ประชาชนพอใจมากๆ 👍 ขอบคุณครับ!!!"), 5);
    /* ตัว|ชี้|วัด|ที่ | 1 | KPI-1 (the hyphen joins a letter and a digit) |
     * บรรลุ|เป้าหมาย; the brackets are no words */
    assert_int_equal(WORDS(wb, "ตัวชี้วัดที่ 1 (KPI-1) บรรลุเป้าหมาย"), 8);
    /* สมัคร|ได้|ที่ | www.opdc.go.th (full stops between letters join) |
     * ก่อน|วัน|ที่ | 15 | มี.ค. (one abbreviation: March) */
    assert_int_equal(WORDS(wb, "สมัครได้ที่ www.opdc.go.th ก่อนวันที่ 15 มี.ค."), 9);
    word_breaker_free(wb);
}

/* ๆ and ฯ: never words of their own, never a reason to split. */
static void words_repeat_and_abbreviation_marks(void **state)
{
    (void)state;
    WordBreaker *wb = new_breaker();
    assert_int_equal(WORDS(wb, "ดีมาก ๆ"), 2);             /* ดี|มาก, ๆ written apart */
    assert_int_equal(WORDS(wb, "เล่นๆ"), 1);               /* เล่น */
    assert_int_equal(WORDS(wb, "ๆ ๆ ฯ"), 0);
    assert_int_equal(WORDS(wb, "กรุงเทพฯ"), 1);            /* the city's name, shortened */
    assert_int_equal(WORDS(wb, "ฯลฯ"), 1);                 /* "and so on" */
    /* An abbreviation ends at its last full stop: น.ส. | สม|หญิง (a name) */
    assert_int_equal(WORDS(wb, "น.ส.สมหญิง"), 3);
    /* A Thai word and a number that touch are two words: ปี | ๒๕๖๕ */
    assert_int_equal(WORDS(wb, "ปี๒๕๖๕"), 2);
    word_breaker_free(wb);
}

static void words_other_scripts_and_numbers(void **state)
{
    (void)state;
    WordBreaker *wb = new_breaker();
    assert_int_equal(WORDS(wb, "The award is given twice a year."), 7);
    /* Don't | re-submit | the | e-mail */
    assert_int_equal(WORDS(wb, "Don't re-submit the e-mail."), 4);
    assert_int_equal(WORDS(wb, "Don’t"), 1);                  /* U+2019 */
    /* a | b (a comma joins digits only) | 1,400 | 1 | 400 (two commas) | 1 */
    assert_int_equal(WORDS(wb, "a,b 1,400 1,,400 1."), 6);
    assert_int_equal(WORDS(wb, "3.5% ๘๕.๕ ๑,๔๐๐"), 3);
    assert_int_equal(WORDS(wb, "-5 +7 $100"), 3);               /* signs are not words */
    assert_int_equal(WORDS(wb, "e\xCC\x81t\xC3\xA9"), 1);       /* a combining accent stays in */
    assert_int_equal(WORDS(wb, "Ⅻ ½"), 2);                      /* numbers, not digits */
    word_breaker_free(wb);
}

static void words_nothing_to_count(void **state)
{
    (void)state;
    WordBreaker *wb = new_breaker();
    assert_int_equal(text_words(wb, "", 0), 0);
    assert_int_equal(text_words(wb, NULL, 0), 0);
    assert_int_equal(WORDS(wb, "    \t\n\r\n  "), 0);
    assert_int_equal(WORDS(wb, "\xE2\x80\x8B\xC2\xA0"), 0);     /* zero-width and no-break space */
    assert_int_equal(WORDS(wb, "!?., ;: () -- ... \"\" ''"), 0);
    assert_int_equal(WORDS(wb, "👨‍👩‍👧 🇹🇭 ✓ © ฿"), 0);
    assert_int_equal(WORDS(wb, "\xE0\xB9\x88\xE0\xB9\x89"), 0); /* tone marks alone */
    assert_int_equal(WORDS(wb, "\xCC\x81"), 0);                  /* a combining accent alone */
    word_breaker_free(wb);
}

/* An invalid byte separates words and is no word itself. */
static void words_invalid_utf8(void **state)
{
    (void)state;
    WordBreaker *wb = new_breaker();
    assert_int_equal(WORDS(wb, "abc\xFF" "def"), 2);
    assert_int_equal(WORDS(wb, "ต้อง\xFFไม่"), 2);
    assert_int_equal(WORDS(wb, "\xFF\xFE\xC0\x80"), 0);
    assert_int_equal(WORDS(wb, "\xE0\xB8"), 0);                  /* a Thai letter cut short */
    assert_int_equal(WORDS(wb, "1\xFF,400"), 2);                 /* nothing joins across it */
    assert_int_equal(WORDS(wb, "a\0b"), 2);                      /* NUL separates too */
    /* The length bounds the reading: the text sits in a block of exactly
     * its size (AddressSanitizer would see a byte read past it), and the
     * last letter is cut by the length. */
    static const char thai[] = "ต้องไม่";
    size_t n = sizeof thai - 1;
    char *exact = malloc(n);
    assert_non_null(exact);
    memcpy(exact, thai, n);
    assert_int_equal(text_words(wb, exact, n), 2);
    assert_int_equal(text_words(wb, exact, n - 1), 2);           /* ต้อง|ม + a broken byte pair */
    assert_int_equal(text_chars(exact, n), 5);
    assert_int_equal(text_chars(exact, n - 1), 7);               /* ต้ อ ง ไ ม + 2 broken bytes */
    free(exact);
    word_breaker_free(wb);
}

/* A Thai run longer than the breaker's buffer is counted in pieces, with
 * no word lost or added where a piece ends; and one breaker serves many
 * texts, each counted as if it were the first. */
static void words_long_runs_and_reuse(void **state)
{
    (void)state;
    WordBreaker *wb = new_breaker();
    static const char sentence[] = "ต้องไม่เคยได้รับการร้องเรียน";   /* 7 words, 28 Thai letters */
    size_t one = sizeof sentence - 1;
    size_t reps = 200;                                  /* 5 600 letters, no space */
    char *text = malloc(one * reps);
    assert_non_null(text);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * one, sentence, one);
    assert_int_equal(text_words(wb, text, one * reps), 7 * reps);
    /* ต้|อ|ง|ไ|ม่|เ|ค|ย|ไ|ด้|รั|บ|ก|า|ร|ร้|อ|ง|เ|รี|ย|น: 22 characters */
    assert_int_equal(text_chars(text, one * reps), 22 * reps);
    assert_int_equal(WORDS(wb, "กรุงเทพฯ"), 1);
    assert_int_equal(text_words(wb, text, one * 3), 21);
    /* The same with a space, an English word and a number between copies. */
    static const char mixed[] = "หน่วยบริการทั่วประเทศ Service 1,400 ";  /* 4 + 1 + 1 */
    size_t m = sizeof mixed - 1;
    char *text2 = malloc(m * reps);
    assert_non_null(text2);
    for (size_t i = 0; i < reps; i++)
        memcpy(text2 + i * m, mixed, m);
    assert_int_equal(text_words(wb, text2, m * reps), 6 * reps);
    free(text2);
    free(text);
    word_breaker_free(wb);
}

static void breaker_out_of_memory(void **state)
{
    (void)state;
    mem_fail_after(1);
    assert_null(word_breaker_new());
    mem_fail_after(0);
    word_breaker_free(NULL);
}

/* ---- characters ---- */

static void chars_thai(void **state)
{
    (void)state;
    assert_int_equal(CHARS("กำ"), 1);         /* sara am joins its consonant */
    assert_int_equal(CHARS("น้ำ"), 1);        /* tone mark and sara am */
    assert_int_equal(CHARS("ที่"), 1);         /* vowel above and tone mark */
    assert_int_equal(CHARS("เก็บ"), 3);       /* เ | ก็ | บ: a leading vowel is its own */
    assert_int_equal(CHARS("ต้องไม่"), 5);     /* ต้ | อ | ง | ไ | ม่ */
    assert_int_equal(CHARS("ศึกษา"), 4);      /* ศึ | ก | ษ | า */
    assert_int_equal(CHARS("๒๕๖๕"), 4);
    assert_int_equal(CHARS("กรุงเทพฯ"), 7);   /* ก | รุ | ง | เ | ท | พ | ฯ */
}

static void chars_combining_and_emoji(void **state)
{
    (void)state;
    assert_int_equal(CHARS(""), 0);
    assert_int_equal(text_chars(NULL, 0), 0);
    assert_int_equal(CHARS("award"), 5);
    assert_int_equal(CHARS("e\xCC\x81"), 1);                  /* e + combining acute */
    assert_int_equal(CHARS("a\xCC\x80\xCC\x81" "b"), 2);      /* two accents on a */
    assert_int_equal(CHARS("👨‍👩‍👧"), 1);                       /* family: three people, two ZWJ */
    assert_int_equal(CHARS("👍🏽"), 1);                         /* with a skin tone */
    assert_int_equal(CHARS("🇹🇭"), 1);                         /* a flag: two regional indicators */
    assert_int_equal(CHARS("🇹🇭🇹🇭"), 2);
    assert_int_equal(CHARS("\r\n"), 1);                        /* CR LF is one */
    assert_int_equal(CHARS("\n\r"), 2);
    assert_int_equal(CHARS("a\r\nb"), 3);
    assert_int_equal(CHARS("\xE2\x80\x8B"), 1);                /* zero-width space */
}

/* An invalid byte is one character, and nothing joins it. */
static void chars_invalid_utf8(void **state)
{
    (void)state;
    assert_int_equal(CHARS("a\xFF" "b"), 3);
    assert_int_equal(CHARS("\xE0\xB8"), 2);                    /* a Thai letter cut short: 2 bytes */
    assert_int_equal(CHARS("\xC0\x80"), 2);                    /* overlong NUL */
    assert_int_equal(CHARS("\xFF\xCC\x81"), 2);                /* the accent cannot join it */
    assert_int_equal(CHARS("ก\xFF\xE0\xB9\x88"), 3);           /* nor can a tone mark */
    assert_int_equal(CHARS("a\0b"), 3);
}

/* ---- against people: the human-segmented set ----
 * ../shared/corpora/thai-words/gold.tsv beside the repository (or
 * $AWARD_CORPORA/thai-words/gold.tsv): 427 sentences, each with the number
 * of words people found in it.  Thai segmentation has no single right
 * answer, so what is checked is the share of sentences within 15 % of the
 * people's count, and the total against theirs.  Measured when written:
 * 86.65 % within 15 %, total +3.69 %. */

#define GOLD_LINES 427

/* The corpus path, found from this file's own path (tests/unit/ under the
 * repository root, as the Makefile compiles it) rather than a fixed one. */
static void gold_path(char *buf, size_t size)
{
    const char *env = getenv("AWARD_CORPORA");
    if (env && *env) {
        snprintf(buf, size, "%s/thai-words/gold.tsv", env);
        return;
    }
    const char *me = __FILE__;
    const char *at = strstr(me, "tests/unit/test_textmeasure.c");
    int root = at ? (int)(at - me) : 0;
    snprintf(buf, size, "%.*s../shared/corpora/thai-words/gold.tsv", root, me);
}

static void words_against_people(void **state)
{
    (void)state;
    char path[4096];
    gold_path(path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f)
        skip();
    WordBreaker *wb = new_breaker();
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    size_t lines = 0, within = 0, exact = 0, gold_total = 0, ours_total = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        char *tab = memchr(line, '\t', (size_t)n);
        assert_non_null(tab);
        char *end;
        unsigned long gold = strtoul(line, &end, 10);
        assert_ptr_equal(end, tab);
        assert_true(gold > 0);
        const char *text = tab + 1;
        size_t ours = text_words(wb, text, (size_t)(line + n - text));
        size_t diff = ours > gold ? ours - gold : gold - ours;
        within += diff * 100 <= 15 * gold;
        exact += diff == 0;
        gold_total += gold;
        ours_total += ours;
        lines++;
    }
    free(line);
    assert_int_equal(fclose(f), 0);
    word_breaker_free(wb);
    assert_int_equal(lines, GOLD_LINES);
    printf("thai-words: %zu sentences; within 15%% of the people's count: %zu (%.2f%%); "
           "exact: %zu; words %zu against %zu (%+.2f%%)\n",
           lines, within, 100.0 * (double)within / (double)lines, exact,
           ours_total, gold_total,
           100.0 * ((double)ours_total - (double)gold_total) / (double)gold_total);
    /* A little below what was measured (370 of 427 within, +3.69 %):
     * at least 85 % within, the total within 6 %. */
    assert_true(within * 1000 >= lines * 850);
    assert_true(ours_total * 100 <= gold_total * 106);
    assert_true(ours_total * 100 >= gold_total * 94);
}

int main(void)
{
    (void)render;   /* support.h's, for tests of messages */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(words_thai_sentences, start_test, end_test),
        cmocka_unit_test_setup_teardown(words_repeat_and_abbreviation_marks, start_test, end_test),
        cmocka_unit_test_setup_teardown(words_other_scripts_and_numbers, start_test, end_test),
        cmocka_unit_test_setup_teardown(words_nothing_to_count, start_test, end_test),
        cmocka_unit_test_setup_teardown(words_invalid_utf8, start_test, end_test),
        cmocka_unit_test_setup_teardown(words_long_runs_and_reuse, start_test, end_test),
        cmocka_unit_test_setup_teardown(breaker_out_of_memory, start_test, end_test),
        cmocka_unit_test_setup_teardown(chars_thai, start_test, end_test),
        cmocka_unit_test_setup_teardown(chars_combining_and_emoji, start_test, end_test),
        cmocka_unit_test_setup_teardown(chars_invalid_utf8, start_test, end_test),
        cmocka_unit_test_setup_teardown(words_against_people, start_test, end_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

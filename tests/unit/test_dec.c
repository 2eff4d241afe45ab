/* test_dec.c -- unit tests for dec.c: exact decimal arithmetic.
 *
 * Values are written as text and checked as text, so a test fails on a
 * wrong scale (2.5 vs 2.50) as well as on a wrong value.  Besides the
 * tables, a seeded random run checks algebraic laws on thousands of values
 * and compares division rounding against a plain int64 reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "dec.h"

#define I128_MAX ((dec_int)(~(unsigned __int128)0 >> 1))
#define I128_MIN (-I128_MAX - 1)

/* 10^38 - 1: the largest coefficient dec.c produces. */
static const char COEF_MAX_TEXT[] = "99999999999999999999999999999999999999";

static Dec D(const char *s)
{
    Dec d = {0, 0};
    DecStatus st = dec_parse(s, strlen(s), &d);
    if (st != DEC_OK)
        fail_msg("dec_parse(\"%s\") gave status %d", s, (int)st);
    return d;
}

static Dec mk(dec_int coef, int scale)
{
    Dec d = {coef, scale};
    return d;
}

/* Rotating buffers so one assertion can format several values. */
static const char *S(Dec d)
{
    static char bufs[8][DEC_FMT_MAX];
    static int next;
    char *b = bufs[next++ % 8];
    size_t n = dec_format(d, 0, b);
    assert_int_equal(n, strlen(b));
    assert_true(n < DEC_FMT_MAX);
    return b;
}

enum Op { ADD, SUB, MUL, DIV };

static DecStatus apply(enum Op op, Dec a, Dec b, Dec *r)
{
    switch (op) {
    case ADD: return dec_add(a, b, r);
    case SUB: return dec_sub(a, b, r);
    case MUL: return dec_mul(a, b, r);
    case DIV: return dec_div(a, b, r);
    }
    return DEC_SYNTAX;
}

static void check_op(enum Op op, const char *a, const char *b, const char *want)
{
    Dec r = {0, 0};
    DecStatus st = apply(op, D(a), D(b), &r);
    if (st != DEC_OK)
        fail_msg("op %d on %s, %s: status %d, want %s", (int)op, a, b, (int)st, want);
    assert_string_equal(S(r), want);
}

static void check_op_fails(enum Op op, const char *a, const char *b, DecStatus want)
{
    Dec r = mk(12345, 3);
    DecStatus st = apply(op, D(a), D(b), &r);
    if (st != want)
        fail_msg("op %d on %s, %s: status %d, want %d", (int)op, a, b, (int)st, (int)want);
    /* a failed operation leaves its output alone */
    assert_true(r.coef == 12345 && r.scale == 3);
}

static void check_round(const char *a, int places, DecRound mode, const char *want)
{
    Dec r = {0, 0};
    assert_int_equal(dec_round(D(a), places, mode, &r), DEC_OK);
    if (strcmp(S(r), want) != 0)
        fail_msg("round(%s, %d, mode %d) = %s, want %s", a, places, (int)mode, S(r), want);
}

static void check_div_round(const char *a, const char *b, int places, DecRound mode,
                            const char *want)
{
    Dec r = {0, 0};
    assert_int_equal(dec_div_round(D(a), D(b), places, mode, &r), DEC_OK);
    if (strcmp(S(r), want) != 0)
        fail_msg("div_round(%s / %s, %d, mode %d) = %s, want %s", a, b, places, (int)mode,
                 S(r), want);
}

static DecStatus parse_status(const char *s)
{
    Dec d = mk(7, 1);
    DecStatus st = dec_parse(s, strlen(s), &d);
    if (st != DEC_OK)
        assert_true(d.coef == 7 && d.scale == 1);
    return st;
}

/* ---- parse ---------------------------------------------------------------- */

static void test_parse_valid(void **state)
{
    (void)state;
    Dec d = D("12.50");
    assert_true(d.coef == 1250 && d.scale == 2);
    d = D("-0.005");
    assert_true(d.coef == -5 && d.scale == 3);
    d = D("+3");
    assert_true(d.coef == 3 && d.scale == 0);
    d = D("007");
    assert_true(d.coef == 7 && d.scale == 0);
    d = D("-0");
    assert_true(d.coef == 0 && d.scale == 0);
    d = D("-0.00");
    assert_true(d.coef == 0 && d.scale == 2);
    d = D("0.000000000000000001");
    assert_true(d.coef == 1 && d.scale == 18);
    /* leading zeros do not count toward the 38 digits */
    d = D("0000000000000000000000000000000000000000000000000042.5");
    assert_true(d.coef == 425 && d.scale == 1);
    d = D("9223372036854775807");
    assert_true(d.coef == INT64_MAX);
    d = D("18446744073709551616"); /* 2^64: past one 64-bit chunk */
    assert_true(d.coef == (dec_int)1 << 64);
    d = D("1234567890123456789012345678901234567.8");
    assert_string_equal(S(d), "1234567890123456789012345678901234567.8");
    d = D(COEF_MAX_TEXT);
    assert_string_equal(S(d), COEF_MAX_TEXT);
    d = D("-99999999999999999999.999999999999999999");
    assert_true(d.scale == 18);
    assert_string_equal(S(d), "-99999999999999999999.999999999999999999");

    /* only len bytes are read */
    assert_int_equal(dec_parse("12.5abc", 4, &d), DEC_OK);
    assert_string_equal(S(d), "12.5");
    assert_int_equal(dec_parse("7\0" "5", 1, &d), DEC_OK);
    assert_string_equal(S(d), "7");
}

static void test_parse_rejects(void **state)
{
    (void)state;
    static const char *bad[] = {
        "", "+", "-", ".", "1.", ".5", "-.5", "1e3", "1E3", " 1", "1 ", "1,000",
        "--1", "+-1", "-+1", "1..2", "1.2.3", "0x10", "1_000", "๑", "1-",
        "abc", "1.5x", "\t1", "+.", "NaN", "inf",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (parse_status(bad[i]) != DEC_SYNTAX)
            fail_msg("\"%s\" was not rejected", bad[i]);
    Dec d;
    assert_int_equal(dec_parse("1\0" "2", 3, &d), DEC_SYNTAX);
    assert_int_equal(dec_parse(NULL, 0, &d), DEC_SYNTAX);
    /* syntax is checked over the whole text, even after too many digits */
    assert_int_equal(parse_status("1234567890123456789012345678901234567890x"), DEC_SYNTAX);
    assert_int_equal(parse_status("1.0000000000000000000x"), DEC_SYNTAX);
}

static void test_parse_limits(void **state)
{
    (void)state;
    /* 19 decimals, even zeros: the scale is as written */
    assert_int_equal(parse_status("1.0000000000000000000"), DEC_INEXACT);
    assert_int_equal(parse_status("0.0000000000000000001"), DEC_INEXACT);
    assert_int_equal(parse_status("-1.00000000000000000000000000000000000000000"), DEC_INEXACT);
    /* 39 significant digits */
    assert_int_equal(parse_status("100000000000000000000000000000000000000"), DEC_OVERFLOW);
    assert_int_equal(parse_status("-100000000000000000000000000000000000000"), DEC_OVERFLOW);
    assert_int_equal(parse_status("99999999999999999999999.9999999999999999"), DEC_OVERFLOW);
    assert_int_equal(parse_status("170141183460469231731687303715884105728"), DEC_OVERFLOW);
    assert_int_equal(parse_status("340282366920938463463374607431768211457"), DEC_OVERFLOW);
    assert_int_equal(
        parse_status("999999999999999999999999999999999999999999999999999999999999999999999"),
        DEC_OVERFLOW);
    assert_int_equal(parse_status("00000000000000000000000000000000000000000000000001"), DEC_OK);
}

/* ---- format --------------------------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    char buf[DEC_FMT_MAX];
    assert_int_equal(dec_format(D("0.5"), 2, buf), 4);
    assert_string_equal(buf, "0.50");
    dec_format(D("2.5"), 2, buf);
    assert_string_equal(buf, "2.50");
    dec_format(D("5.988"), 2, buf);
    assert_string_equal(buf, "5.988");
    dec_format(D("-0.05"), 0, buf);
    assert_string_equal(buf, "-0.05");
    dec_format(D("-7"), 3, buf);
    assert_string_equal(buf, "-7.000");
    dec_format(D("-0.00"), 0, buf);
    assert_string_equal(buf, "0.00");
    dec_format(D("0"), 0, buf);
    assert_string_equal(buf, "0");
    dec_format(D("100"), 0, buf);
    assert_string_equal(buf, "100");
    dec_format(D("0.000000000000000001"), 0, buf);
    assert_string_equal(buf, "0.000000000000000001");
    /* min_places is clamped to 0..DEC_MAX_SCALE */
    dec_format(D("1"), -5, buf);
    assert_string_equal(buf, "1");
    assert_int_equal(dec_format(D("1"), 1000, buf), 20);
    assert_string_equal(buf, "1.000000000000000000");
    /* exactly 19 and 20 digits: the 64-bit chunk boundary */
    dec_format(D("9999999999999999999"), 0, buf);
    assert_string_equal(buf, "9999999999999999999");
    dec_format(D("10000000000000000000"), 0, buf);
    assert_string_equal(buf, "10000000000000000000");
    dec_format(D("18446744073709551616"), 0, buf);
    assert_string_equal(buf, "18446744073709551616");
    dec_format(D("-1000000000000000000000000000000000000.5"), 0, buf);
    assert_string_equal(buf, "-1000000000000000000000000000000000000.5");
}

static void test_format_extremes(void **state)
{
    (void)state;
    char buf[DEC_FMT_MAX];
    dec_format(mk(I128_MAX, 0), 0, buf);
    assert_string_equal(buf, "170141183460469231731687303715884105727");
    dec_format(mk(I128_MIN, 0), 0, buf);
    assert_string_equal(buf, "-170141183460469231731687303715884105728");
    /* the longest text there is */
    size_t n = dec_format(mk(I128_MIN, 18), DEC_MAX_SCALE, buf);
    assert_string_equal(buf, "-170141183460469231731.687303715884105728");
    assert_int_equal(n, strlen(buf));
    n = dec_format(mk(I128_MIN, 0), 18, buf);
    assert_string_equal(buf, "-170141183460469231731687303715884105728.000000000000000000");
    assert_true(n < DEC_FMT_MAX);
    dec_format(mk(-1, 18), 0, buf);
    assert_string_equal(buf, "-0.000000000000000001");
}

static void test_format_round_trip(void **state)
{
    (void)state;
    static const char *texts[] = {
        "0", "1", "-1", "0.1", "-0.1", "12.50", "0.000", "5.988", "79.99", "100.00",
        "123456789.123456789", "-0.000000000000000001", "99999999999999999999.999999999999999999",
        "99999999999999999999999999999999999999", "-99999999999999999999999999999999999999",
        "9999999999999999999.9", "1000000000000000000000000000000000000.0",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        Dec d = D(texts[i]);
        assert_string_equal(S(d), texts[i]);
        Dec back = D(S(d));
        assert_true(back.coef == d.coef && back.scale == d.scale);
    }
}

/* ---- add / sub ------------------------------------------------------------- */

static void test_add_sub(void **state)
{
    (void)state;
    check_op(ADD, "0.1", "0.2", "0.3");
    Dec r;
    assert_int_equal(dec_add(D("0.1"), D("0.2"), &r), DEC_OK);
    assert_int_equal(dec_cmp(r, D("0.3")), 0);
    check_op(ADD, "1.50", "1", "2.50");
    check_op(ADD, "1", "1.50", "2.50");
    check_op(ADD, "-1.25", "1.25", "0.00");
    check_op(ADD, "0.000000000000000001", "1000000", "1000000.000000000000000001");
    check_op(SUB, "79.99", "80", "-0.01");
    check_op(SUB, "80", "79.99", "0.01");
    check_op(SUB, "-5", "-5.5", "0.5");
    check_op(SUB, "0", "0.000", "0.000");
    check_op(ADD, "49999999999999999999999999999999999999", "50000000000000000000000000000000000000",
             COEF_MAX_TEXT);
    check_op(SUB, "-49999999999999999999999999999999999999", "50000000000000000000000000000000000000",
             "-99999999999999999999999999999999999999");
}

static void test_participatory_weights(void **state)
{
    (void)state;
    /* weights from a participation criterion must sum to exactly 1 */
    static const char *w[] = {"0.25", "0.15", "0.30", "0.10", "0.20"};
    Dec sum = D("0");
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(dec_add(sum, D(w[i]), &sum), DEC_OK);
    assert_string_equal(S(sum), "1.00");
    assert_int_equal(dec_cmp(sum, D("1")), 0);

    /* ten times 0.1, a classic binary floating point failure */
    sum = D("0");
    for (int i = 0; i < 10; i++)
        assert_int_equal(dec_add(sum, D("0.1"), &sum), DEC_OK);
    assert_string_equal(S(sum), "1.0");

    /* weighted score: 85.5*0.4 + 90*0.35 + 72.25*0.25 */
    Dec t1, t2, t3, s;
    assert_int_equal(dec_mul(D("85.5"), D("0.4"), &t1), DEC_OK);
    assert_int_equal(dec_mul(D("90"), D("0.35"), &t2), DEC_OK);
    assert_int_equal(dec_mul(D("72.25"), D("0.25"), &t3), DEC_OK);
    assert_int_equal(dec_add(t1, t2, &s), DEC_OK);
    assert_int_equal(dec_add(s, t3, &s), DEC_OK);
    assert_string_equal(S(s), "83.7625");
    assert_int_equal(dec_round(s, 2, DEC_HALF_UP, &s), DEC_OK);
    assert_string_equal(S(s), "83.76");
}

static void test_add_overflow(void **state)
{
    (void)state;
    check_op_fails(ADD, COEF_MAX_TEXT, "1", DEC_OVERFLOW);
    check_op_fails(ADD, COEF_MAX_TEXT, "0.1", DEC_OVERFLOW);
    check_op_fails(SUB, "-99999999999999999999999999999999999999", "1", DEC_OVERFLOW);
    check_op_fails(SUB, COEF_MAX_TEXT, "-" "99999999999999999999999999999999999999",
                   DEC_OVERFLOW);
    check_op_fails(ADD, "99999999999999999999.999999999999999999", "0.000000000000000001",
                   DEC_OVERFLOW);
    /* aligning the scale alone overflows */
    check_op_fails(ADD, "10000000000000000000000000000000000000", "0.5", DEC_OVERFLOW);
    check_op_fails(SUB, "-0.5", "10000000000000000000000000000000000000", DEC_OVERFLOW);
    check_op(SUB, "0.5", "10000000000000000000000000000000000000",
             "-9999999999999999999999999999999999999.5");
    check_op_fails(ADD, "10000000000000000000000000", "0.000000000000000001", DEC_OVERFLOW);
    /* 1.75e37 + 9.9e36 at scale 1 needs 39 digits */
    check_op_fails(ADD, "17500000000000000000000000000000000000",
                   "9900000000000000000000000000000000000.0", DEC_OVERFLOW);
    /* hand-built operands at the __int128 limits: no UB, just overflow */
    Dec r;
    assert_int_equal(dec_add(mk(I128_MAX, 0), mk(I128_MAX, 0), &r), DEC_OVERFLOW);
    assert_int_equal(dec_sub(mk(I128_MIN, 0), mk(1, 0), &r), DEC_OVERFLOW);
    assert_int_equal(dec_sub(mk(0, 0), mk(I128_MIN, 0), &r), DEC_OVERFLOW);
    assert_int_equal(dec_add(mk(I128_MIN, 0), mk(I128_MIN, 3), &r), DEC_OVERFLOW);
    assert_int_equal(dec_sub(mk(I128_MIN, 0), mk(I128_MIN, 0), &r), DEC_OK);
    assert_string_equal(S(r), "0");
    assert_int_equal(dec_add(mk(I128_MAX, 0), mk(I128_MIN, 0), &r), DEC_OK);
    assert_string_equal(S(r), "-1");
}

static void test_add_wide_alignment(void **state)
{
    (void)state;
    /* Aligning 1.75e37 to scale 1 passes 2^127, yet the result fits. */
    const char *big = "17500000000000000000000000000000000000";
    const char *other = "9900000000000000000000000000000000000.0";
    check_op(ADD, big, "-9900000000000000000000000000000000000.0",
             "7600000000000000000000000000000000000.0");
    check_op(ADD, "-9900000000000000000000000000000000000.0", big,
             "7600000000000000000000000000000000000.0");
    check_op(SUB, big, other, "7600000000000000000000000000000000000.0");
    check_op(SUB, other, big, "-7600000000000000000000000000000000000.0");
    check_op(SUB, "-17500000000000000000000000000000000000", "-9900000000000000000000000000000000000.1",
             "-7599999999999999999999999999999999999.9");
    check_op(ADD, "-17500000000000000000000000000000000000", "9900000000000000000000000000000000000.3",
             "-7599999999999999999999999999999999999.7");
    /* near the edge: the result has all 38 digits */
    check_op(SUB, "17000000000000000000", "7000000000000000000.000000000000000001",
             "9999999999999999999.999999999999999999");
    check_op(ADD, "171000000000000000000", "-99999999999999999999.999999999999999999",
             "71000000000000000000.000000000000000001");
    check_op(SUB, "-99999999999999999999.999999999999999999", "-171000000000000000000",
             "71000000000000000000.000000000000000001");
    /* ... and where it does not */
    check_op_fails(ADD, "200000000000000000000", "-50000000000000000000.000000000000000000",
                   DEC_OVERFLOW);
    check_op_fails(SUB, "-200000000000000000000", "-99999999999999999999.999999999999999999",
                   DEC_OVERFLOW);
    check_op_fails(SUB, "50000000000000000000.000000000000000000", "200000000000000000000",
                   DEC_OVERFLOW);
}

/* ---- mul ------------------------------------------------------------------- */

static void test_mul(void **state)
{
    (void)state;
    check_op(MUL, "6", "4.99", "29.94");
    check_op(MUL, "1.5", "1.5", "2.25");
    check_op(MUL, "2.50", "4", "10.00");
    check_op(MUL, "-0.5", "0.2", "-0.10");
    check_op(MUL, "-3", "-7.25", "21.75");
    check_op(MUL, "0", "-7.25", "0.00");
    check_op(MUL, "0.000000001", "0.000000001", "0.000000000000000001");
    check_op(MUL, "9999999999999999999", "10000000000000000000",
             "99999999999999999990000000000000000000");
    check_op(MUL, "-9999999999999999999", "10000000000000000000",
             "-99999999999999999990000000000000000000");
}

static void test_mul_scale_limit(void **state)
{
    (void)state;
    /* scales add past 18: trailing zero decimals are dropped to fit */
    check_op(MUL, "1.000000000000000000", "1.000000000000000000", "1.000000000000000000");
    check_op(MUL, "0.000000000000000005", "0.2", "0.000000000000000001");
    check_op(MUL, "-0.000000000000000005", "0.2", "-0.000000000000000001");
    check_op(MUL, "2.5000000000", "4.000000000", "10.000000000000000000");
    check_op_fails(MUL, "0.000000000000000001", "0.1", DEC_INEXACT);
    check_op_fails(MUL, "0.0000000001", "0.0000000001", DEC_INEXACT);
    check_op_fails(MUL, "1.000000000000000001", "1.000000000000000001", DEC_INEXACT);
    /* a 256-bit product whose exact value fits after dropping 18 zeros */
    check_op(MUL, "13301.026920318603515625", "351553092.233190414957150208",
             "4676017143714.914677945359911607");
    check_op(MUL, "-13301.026920318603515625", "351553092.233190414957150208",
             "-4676017143714.914677945359911607");
    /* and ones that do not */
    check_op_fails(MUL, "13301.026920318603515626", "351553092.233190414957150208",
                   DEC_INEXACT);
    check_op_fails(MUL, "99999999999999999999.999999999999999999",
                   "99999999999999999999.999999999999999999", DEC_OVERFLOW);
    check_op_fails(MUL, "10000000000000000000.000000000000000000",
                   "10000000000000000000.000000000000000000", DEC_OVERFLOW);
    check_op(MUL, "1000000000000000000.000000000000000000", "99.000000000000000000",
             "99000000000000000000.000000000000000000");
}

static void test_mul_overflow(void **state)
{
    (void)state;
    check_op_fails(MUL, "10000000000000000000", "10000000000000000000", DEC_OVERFLOW);
    check_op_fails(MUL, COEF_MAX_TEXT, "2", DEC_OVERFLOW);
    check_op_fails(MUL, COEF_MAX_TEXT, "-1.1", DEC_OVERFLOW);
    check_op_fails(MUL, COEF_MAX_TEXT, COEF_MAX_TEXT, DEC_OVERFLOW);
    check_op_fails(MUL, "-99999999999999999999999999999999999999",
                   "99999999999999999999999999999999999999", DEC_OVERFLOW);
    check_op(MUL, COEF_MAX_TEXT, "-1", "-99999999999999999999999999999999999999");
    Dec r;
    assert_int_equal(dec_mul(mk(I128_MIN, 0), mk(-1, 0), &r), DEC_OVERFLOW);
    assert_int_equal(dec_mul(mk(I128_MIN, 9), mk(-1, 9), &r), DEC_OVERFLOW);
    /* 17014118346046923173.1687303715884105728 has 19 decimals */
    assert_int_equal(dec_mul(mk(I128_MIN, 10), mk(-1, 10), &r), DEC_INEXACT);
    assert_int_equal(dec_mul(mk(I128_MAX, 18), mk(I128_MAX, 18), &r), DEC_OVERFLOW);
}

/* ---- div ------------------------------------------------------------------- */

static void test_div(void **state)
{
    (void)state;
    Dec p, q;
    assert_int_equal(dec_mul(D("6"), D("4.99"), &p), DEC_OK);
    assert_int_equal(dec_div(p, D("5"), &q), DEC_OK);
    assert_string_equal(S(q), "5.988");
    assert_int_equal(dec_cmp(q, D("5.988")), 0);

    check_op(DIV, "1", "4", "0.25");
    check_op(DIV, "10", "4", "2.5");
    check_op(DIV, "10.00", "4", "2.50");
    check_op(DIV, "7.5", "2.5", "3");
    check_op(DIV, "6", "0.5", "12");
    check_op(DIV, "6.00", "2.0", "3.0");
    check_op(DIV, "-1", "8", "-0.125");
    check_op(DIV, "1", "-8", "-0.125");
    check_op(DIV, "-1", "-8", "0.125");
    check_op(DIV, "0", "-3", "0");
    check_op(DIV, "0.000", "7", "0.000");
    check_op(DIV, "1", "1024", "0.0009765625");
    check_op(DIV, "1", "0.000000000000000001", "1000000000000000000");
    check_op_fails(DIV, "0.000000000000000001", "1000000000000000000", DEC_INEXACT);
    check_op(DIV, "1", "262144", "0.000003814697265625"); /* 2^-18: exactly 18 places */
    check_op(DIV, "100", "3.2", "31.25");
    check_op(DIV, COEF_MAX_TEXT, "1", COEF_MAX_TEXT);
    check_op(DIV, COEF_MAX_TEXT, "-99999999999999999999999999999999999999", "-1");
    /* remainders above 3.4e37, where 10r no longer fits 128 bits */
    check_op(DIV, "60000000000000000000.000000000000000000", "80000000000000000000.000000000000000000",
             "0.75");
    check_op(DIV, "75000000000000000000.000000000000000000", "80000000000000000000.000000000000000000",
             "0.9375");
    check_op(DIV, "-99999999999999999999.999999999999999999", "99999999999999999999.999999999999999999",
             "-1");
    check_op_fails(DIV, "99999999999999999999.999999999999999998",
                   "99999999999999999999.999999999999999999", DEC_INEXACT);
}

static void test_div_failures(void **state)
{
    (void)state;
    check_op_fails(DIV, "1", "3", DEC_INEXACT);
    check_op_fails(DIV, "2", "-3", DEC_INEXACT);
    check_op_fails(DIV, "1", "524288", DEC_INEXACT); /* 2^-19: 19 places */
    check_op_fails(DIV, "0.000000000000000001", "2", DEC_INEXACT);
    check_op_fails(DIV, "1", "0", DEC_DIVZERO);
    check_op_fails(DIV, "0", "0.00", DEC_DIVZERO);
    check_op_fails(DIV, COEF_MAX_TEXT, "0.1", DEC_OVERFLOW);
    check_op_fails(DIV, "100000000000000000000", "0.000000000000000001", DEC_OVERFLOW);
    check_op_fails(DIV, "60000000000000000000000000000000000000", "0.5", DEC_OVERFLOW);
    check_op(DIV, "10000000000000000000000000000000000000", "0.5",
             "20000000000000000000000000000000000000");
    Dec r;
    assert_int_equal(dec_div(mk(I128_MIN, 0), mk(-1, 0), &r), DEC_OVERFLOW);
    assert_int_equal(dec_div(mk(I128_MIN, 0), mk(I128_MIN, 0), &r), DEC_OK);
    assert_string_equal(S(r), "1");
}

static void check_div_round_modes(const char *a, const char *b, int places, const char *half_up,
                                  const char *half_even, const char *down, const char *up)
{
    check_div_round(a, b, places, DEC_HALF_UP, half_up);
    check_div_round(a, b, places, DEC_HALF_EVEN, half_even);
    check_div_round(a, b, places, DEC_DOWN, down);
    check_div_round(a, b, places, DEC_UP, up);
}

static void test_div_round_table(void **state)
{
    (void)state;
    /*                     a      b     pl  half-up   half-even  down     up */
    check_div_round_modes("1", "3", 2, "0.33", "0.33", "0.33", "0.34");
    check_div_round_modes("2", "3", 2, "0.67", "0.67", "0.66", "0.67");
    check_div_round_modes("-2", "3", 2, "-0.67", "-0.67", "-0.66", "-0.67");
    check_div_round_modes("2", "-3", 2, "-0.67", "-0.67", "-0.66", "-0.67");
    check_div_round_modes("-1", "-3", 2, "0.33", "0.33", "0.33", "0.34");
    /* exact ties */
    check_div_round_modes("1", "8", 2, "0.13", "0.12", "0.12", "0.13");
    check_div_round_modes("3", "8", 2, "0.38", "0.38", "0.37", "0.38");
    check_div_round_modes("-1", "8", 2, "-0.13", "-0.12", "-0.12", "-0.13");
    check_div_round_modes("-3", "8", 2, "-0.38", "-0.38", "-0.37", "-0.38");
    check_div_round_modes("5", "2", 0, "3", "2", "2", "3");
    check_div_round_modes("7", "2", 0, "4", "4", "3", "4");
    check_div_round_modes("-5", "2", 0, "-3", "-2", "-2", "-3");
    /* exact quotients are not moved by any mode */
    check_div_round_modes("29.94", "5", 3, "5.988", "5.988", "5.988", "5.988");
    check_div_round_modes("29.94", "5", 5, "5.98800", "5.98800", "5.98800", "5.98800");
    check_div_round_modes("29.94", "5", 2, "5.99", "5.99", "5.98", "5.99");
    check_div_round_modes("0", "7", 2, "0.00", "0.00", "0.00", "0.00");
    /* more decimals in a than wanted: the divisor is scaled instead */
    check_div_round_modes("1.2345", "1", 2, "1.23", "1.23", "1.23", "1.24");
    check_div_round_modes("1.2350", "1", 2, "1.24", "1.24", "1.23", "1.24");
    check_div_round_modes("1.2250", "1", 2, "1.23", "1.22", "1.22", "1.23");
    check_div_round_modes("-1.2250", "1.0", 2, "-1.23", "-1.22", "-1.22", "-1.23");
    /* divisor * 10^18 passes 2^128: quotient is tiny but not zero */
    check_div_round_modes("0.000000000000000001", "10000000000000000000000000000000000000", 0,
                          "0", "0", "0", "1");
    check_div_round_modes("-0.000000000000000001", "10000000000000000000000000000000000000", 0,
                          "0", "0", "0", "-1");
    check_div_round_modes("0.000000000000000000", "10000000000000000000000000000000000000", 0,
                          "0", "0", "0", "0");
    /* long expansions, to all 18 places */
    check_div_round_modes("1", "7", 18, "0.142857142857142857", "0.142857142857142857",
                          "0.142857142857142857", "0.142857142857142858");
    check_div_round_modes("2", "3", 18, "0.666666666666666667", "0.666666666666666667",
                          "0.666666666666666666", "0.666666666666666667");
    check_div_round_modes("100", "3", 0, "33", "33", "33", "34");
    check_div_round_modes("0.000000000000000001", "0.000000000000000003", 18,
                          "0.333333333333333333", "0.333333333333333333",
                          "0.333333333333333333", "0.333333333333333334");
    /* big remainders (slow digit path) */
    check_div_round_modes("60000000000000000000.000000000000000000",
                          "70000000000000000000.000000000000000000", 5, "0.85714", "0.85714",
                          "0.85714", "0.85715");
    check_div_round_modes(COEF_MAX_TEXT, "7", 0, "14285714285714285714285714285714285714",
                          "14285714285714285714285714285714285714",
                          "14285714285714285714285714285714285714",
                          "14285714285714285714285714285714285715");
}

static void test_div_round_failures(void **state)
{
    (void)state;
    Dec r = mk(5, 1);
    assert_int_equal(dec_div_round(D("1"), D("0"), 2, DEC_HALF_UP, &r), DEC_DIVZERO);
    assert_int_equal(dec_div_round(D("1"), D("3"), 19, DEC_HALF_UP, &r), DEC_INEXACT);
    assert_int_equal(dec_div_round(D("1"), D("3"), -1, DEC_HALF_UP, &r), DEC_INEXACT);
    assert_int_equal(dec_div_round(D(COEF_MAX_TEXT), D("0.1"), 0, DEC_DOWN, &r), DEC_OVERFLOW);
    assert_int_equal(dec_div_round(D("1"), D("3"), 18, DEC_DOWN, &r), DEC_OK);
    /* quotient just past the bound */
    assert_int_equal(dec_div_round(D(COEF_MAX_TEXT), D("0.999999999999999999"), 0, DEC_DOWN, &r),
                     DEC_OVERFLOW);
    /* a 38-digit quotient with a remainder, rounded both ways */
    assert_int_equal(dec_div_round(D(COEF_MAX_TEXT), D("1.000000000000000001"), 0, DEC_UP, &r),
                     DEC_OK);
    assert_string_equal(S(r), "99999999999999999900000000000000000099");
    assert_int_equal(dec_div_round(D(COEF_MAX_TEXT), D("1.000000000000000001"), 0, DEC_DOWN, &r),
                     DEC_OK);
    assert_string_equal(S(r), "99999999999999999900000000000000000098");
    assert_int_equal(dec_div_round(mk(I128_MIN, 0), mk(-1, 0), 0, DEC_DOWN, &r), DEC_OVERFLOW);
}

/* ---- round ----------------------------------------------------------------- */

static void check_round_modes(const char *a, int places, const char *half_up,
                              const char *half_even, const char *down, const char *up)
{
    check_round(a, places, DEC_HALF_UP, half_up);
    check_round(a, places, DEC_HALF_EVEN, half_even);
    check_round(a, places, DEC_DOWN, down);
    check_round(a, places, DEC_UP, up);
}

static void test_round_table(void **state)
{
    (void)state;
    /*                 value   places half-up   half-even down     up */
    check_round_modes("2.345", 2, "2.35", "2.34", "2.34", "2.35");
    check_round_modes("2.355", 2, "2.36", "2.36", "2.35", "2.36");
    check_round_modes("-2.345", 2, "-2.35", "-2.34", "-2.34", "-2.35");
    check_round_modes("-2.355", 2, "-2.36", "-2.36", "-2.35", "-2.36");
    check_round_modes("89.995", 2, "90.00", "90.00", "89.99", "90.00");
    check_round_modes("89.994", 2, "89.99", "89.99", "89.99", "90.00");
    check_round_modes("89.996", 2, "90.00", "90.00", "89.99", "90.00");
    check_round_modes("-89.995", 2, "-90.00", "-90.00", "-89.99", "-90.00");
    check_round_modes("2.5", 0, "3", "2", "2", "3");
    check_round_modes("3.5", 0, "4", "4", "3", "4");
    check_round_modes("-2.5", 0, "-3", "-2", "-2", "-3");
    check_round_modes("-3.5", 0, "-4", "-4", "-3", "-4");
    check_round_modes("0.5", 0, "1", "0", "0", "1");
    check_round_modes("0.004", 2, "0.00", "0.00", "0.00", "0.01");
    check_round_modes("-0.004", 2, "0.00", "0.00", "0.00", "-0.01");
    check_round_modes("2.3450001", 2, "2.35", "2.35", "2.34", "2.35");
    check_round_modes("2.3449999", 2, "2.34", "2.34", "2.34", "2.35");
    check_round_modes("9.99999", 3, "10.000", "10.000", "9.999", "10.000");
    check_round_modes("0.000000000000000001", 17, "0.00000000000000000", "0.00000000000000000",
                      "0.00000000000000000", "0.00000000000000001");
    check_round_modes("0.500000000000000000", 0, "1", "0", "0", "1");
    check_round_modes("1.500000000000000000", 0, "2", "2", "1", "2");
    /* coefficients past 64 bits */
    check_round_modes("12345678901234567890123.4565", 3, "12345678901234567890123.457",
                      "12345678901234567890123.456", "12345678901234567890123.456",
                      "12345678901234567890123.457");
    check_round_modes("-12345678901234567890123.4575", 3, "-12345678901234567890123.458",
                      "-12345678901234567890123.458", "-12345678901234567890123.457",
                      "-12345678901234567890123.458");
    check_round_modes("9999999999999999999999999999999999999.9", 0,
                      "10000000000000000000000000000000000000",
                      "10000000000000000000000000000000000000",
                      "9999999999999999999999999999999999999",
                      "10000000000000000000000000000000000000");
    /* fewer places: only the scale changes */
    check_round_modes("2.5", 2, "2.50", "2.50", "2.50", "2.50");
    check_round_modes("-7", 3, "-7.000", "-7.000", "-7.000", "-7.000");
    check_round_modes("1.25", 2, "1.25", "1.25", "1.25", "1.25");
}

static void test_round_failures(void **state)
{
    (void)state;
    Dec r = mk(3, 0);
    assert_int_equal(dec_round(D(COEF_MAX_TEXT), 1, DEC_HALF_UP, &r), DEC_OVERFLOW);
    assert_int_equal(dec_round(D("10000000000000000000000"), 18, DEC_HALF_UP, &r), DEC_OVERFLOW);
    assert_int_equal(dec_round(D("1.5"), 19, DEC_HALF_UP, &r), DEC_INEXACT);
    assert_int_equal(dec_round(D("1.5"), -1, DEC_HALF_UP, &r), DEC_INEXACT);
    assert_true(r.coef == 3 && r.scale == 0);
    assert_int_equal(dec_round(mk(I128_MIN, 1), 0, DEC_UP, &r), DEC_OK);
    assert_string_equal(S(r), "-17014118346046923173168730371588410573");
    assert_int_equal(dec_round(mk(I128_MIN, 0), 0, DEC_UP, &r), DEC_OVERFLOW);
}

/* ---- compare and friends ----------------------------------------------------- */

static void test_cmp(void **state)
{
    (void)state;
    assert_int_equal(dec_cmp(D("79.99"), D("80")), -1);
    assert_int_equal(dec_cmp(D("80"), D("79.99")), 1);
    assert_int_equal(dec_cmp(D("80.00"), D("80")), 0);
    assert_int_equal(dec_cmp(D("2.50"), D("2.5")), 0);
    assert_int_equal(dec_cmp(D("-0.00"), D("0")), 0);
    assert_int_equal(dec_cmp(D("-1"), D("0")), -1);
    assert_int_equal(dec_cmp(D("-1.5"), D("-1.49")), -1);
    assert_int_equal(dec_cmp(D("0.000000000000000001"), D("0")), 1);
    assert_int_equal(dec_cmp(D("79.999999999999999999"), D("80")), -1);
}

static void test_cmp_extremes(void **state)
{
    (void)state;
    Dec max0 = D(COEF_MAX_TEXT), min0 = D("-99999999999999999999999999999999999999");
    Dec max18 = D("99999999999999999999.999999999999999999");
    Dec tiny = D("0.000000000000000001"), ntiny = D("-0.000000000000000001");
    assert_int_equal(dec_cmp(max0, tiny), 1);
    assert_int_equal(dec_cmp(tiny, max0), -1);
    assert_int_equal(dec_cmp(min0, ntiny), -1);
    assert_int_equal(dec_cmp(ntiny, min0), 1);
    assert_int_equal(dec_cmp(max0, max18), 1);
    assert_int_equal(dec_cmp(max18, max0), -1);
    assert_int_equal(dec_cmp(min0, max18), -1);
    assert_int_equal(dec_cmp(max18, min0), 1);
    assert_int_equal(dec_cmp(max0, ntiny), 1);
    assert_int_equal(dec_cmp(min0, tiny), -1);
    assert_int_equal(dec_cmp(D("100000000000000000000"), max18), 1);
    assert_int_equal(dec_cmp(D("99999999999999999999"), max18), -1);
    assert_int_equal(dec_cmp(D("-100000000000000000000"), D("-99999999999999999999.999999999999999999")),
                     -1);
    /* hand-built coefficients at the __int128 limits */
    Dec hmax = mk(I128_MAX, 0), hmin = mk(I128_MIN, 0);
    assert_int_equal(dec_cmp(hmax, hmin), 1);
    assert_int_equal(dec_cmp(hmin, hmax), -1);
    assert_int_equal(dec_cmp(hmin, hmin), 0);
    assert_int_equal(dec_cmp(hmax, mk(I128_MAX, 18)), 1);
    assert_int_equal(dec_cmp(mk(I128_MAX, 18), hmax), -1);
    assert_int_equal(dec_cmp(hmin, mk(I128_MIN, 18)), -1);
    assert_int_equal(dec_cmp(mk(I128_MIN, 18), hmin), 1);
    assert_int_equal(dec_cmp(mk(I128_MIN, 1), mk(I128_MAX, 0)), -1);
    assert_int_equal(dec_cmp(mk(I128_MAX, 1), mk(I128_MIN, 0)), 1);
    /* same value, different scale, both at the top */
    assert_int_equal(dec_cmp(D("10000000000000000000.000000000000000000"), D("10000000000000000000")), 0);
}

static void test_places_normalize(void **state)
{
    (void)state;
    assert_int_equal(dec_places(D("2.50")), 1);
    assert_int_equal(dec_places(D("3.000")), 0);
    assert_int_equal(dec_places(D("0.000")), 0);
    assert_int_equal(dec_places(D("-0.120")), 2);
    assert_int_equal(dec_places(D("100")), 0);
    assert_int_equal(dec_places(D("0.000000000000000001")), 18);
    assert_string_equal(S(dec_normalize(D("2.50"))), "2.5");
    assert_string_equal(S(dec_normalize(D("-3.000"))), "-3");
    assert_string_equal(S(dec_normalize(D("0.000"))), "0");
    assert_string_equal(S(dec_normalize(D("100"))), "100");
    assert_string_equal(S(dec_normalize(D("1000000000000000000.000000000000000000"))),
                        "1000000000000000000");
    assert_string_equal(S(dec_normalize(D("-12345678901234567890.123450000000000000"))),
                        "-12345678901234567890.12345");
    assert_true(dec_is_zero(D("0")));
    assert_true(dec_is_zero(D("-0.000")));
    assert_false(dec_is_zero(D("0.000000000000000001")));
    assert_false(dec_is_zero(D("-1")));
}

static void test_int_conversions(void **state)
{
    (void)state;
    int64_t n = 0;
    assert_true(dec_to_int(dec_from_int(INT64_MAX), &n) && n == INT64_MAX);
    assert_true(dec_to_int(dec_from_int(INT64_MIN), &n) && n == INT64_MIN);
    assert_true(dec_to_int(dec_from_int(-42), &n) && n == -42);
    assert_string_equal(S(dec_from_int(INT64_MIN)), "-9223372036854775808");
    assert_string_equal(S(dec_from_int(0)), "0");
    assert_true(dec_to_int(D("3.00"), &n) && n == 3);
    assert_true(dec_to_int(D("-9223372036854775808.000"), &n) && n == INT64_MIN);
    n = 99;
    assert_false(dec_to_int(D("3.5"), &n));
    assert_false(dec_to_int(D("0.000000000000000001"), &n));
    assert_false(dec_to_int(D("9223372036854775808"), &n));
    assert_false(dec_to_int(D("-9223372036854775809.0"), &n));
    assert_false(dec_to_int(D(COEF_MAX_TEXT), &n));
    assert_int_equal(n, 99);
}

static void test_neg(void **state)
{
    (void)state;
    assert_string_equal(S(dec_neg(D("1.50"))), "-1.50");
    assert_string_equal(S(dec_neg(D("-0.001"))), "0.001");
    assert_string_equal(S(dec_neg(D("0.00"))), "0.00");
    assert_string_equal(S(dec_neg(D(COEF_MAX_TEXT))), "-99999999999999999999999999999999999999");
    assert_string_equal(S(dec_neg(D("-99999999999999999999999999999999999999"))), COEF_MAX_TEXT);
    assert_true(dec_neg(mk(I128_MAX, 2)).coef == -I128_MAX);
    /* the one value with no negation is left alone, not overflowed */
    Dec m = dec_neg(mk(I128_MIN, 3));
    assert_true(m.coef == I128_MIN && m.scale == 3);
}

/* ---- properties over random values ----------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Mostly small everyday numbers, sometimes long ones up to 38 digits. */
static Dec random_dec(void)
{
    static const uint64_t lim[] = {10, 1000, 100000, 10000000000ULL, 10000000000000000000ULL};
    dec_int c = (dec_int)(rnd() % lim[rnd() % 5]);
    if (rnd() % 8 == 0)
        c = c * (dec_int)10000000000000000000ULL + (dec_int)(rnd() % 10000000000000000000ULL);
    if (rnd() % 2)
        c = -c;
    int scale = (int)(rnd() % 4 ? rnd() % 5 : rnd() % 19);
    return mk(c, scale);
}

static int sign_of(Dec a)
{
    return (a.coef > 0) - (a.coef < 0);
}

static void test_random_laws(void **state)
{
    (void)state;
    for (int i = 0; i < 20000; i++) {
        Dec a = random_dec(), b = random_dec(), r1, r2, r3;

        Dec back = D(S(a));
        assert_true(back.coef == a.coef && back.scale == a.scale);

        assert_int_equal(dec_cmp(a, b), -dec_cmp(b, a));
        assert_int_equal(dec_cmp(a, dec_normalize(a)), 0);

        DecStatus s1 = dec_add(a, b, &r1), s2 = dec_add(b, a, &r2);
        assert_int_equal(s1, s2);
        if (s1 == DEC_OK) {
            assert_true(r1.coef == r2.coef && r1.scale == r2.scale);
            assert_int_equal(dec_sub(r1, b, &r3), DEC_OK);
            assert_int_equal(dec_cmp(r3, a), 0);
            assert_int_equal(dec_cmp(r1, a), sign_of(b));
        }
        if (dec_sub(a, b, &r1) == DEC_OK)
            assert_int_equal(sign_of(r1), dec_cmp(a, b));

        s1 = dec_mul(a, b, &r1);
        s2 = dec_mul(b, a, &r2);
        assert_int_equal(s1, s2);
        if (s1 == DEC_OK) {
            assert_true(r1.coef == r2.coef && r1.scale == r2.scale);
            if (!dec_is_zero(b)) {
                assert_int_equal(dec_div_round(r1, b, a.scale, DEC_DOWN, &r3), DEC_OK);
                assert_int_equal(dec_cmp(r3, a), 0);
            }
        }

        s1 = dec_div(a, b, &r1);
        if (dec_is_zero(b)) {
            assert_int_equal(s1, DEC_DIVZERO);
        } else if (s1 == DEC_OK) {
            assert_true(r1.scale >= a.scale - b.scale);
            s2 = dec_mul(r1, b, &r2);
            /* the product's scale r1.scale + b.scale may need a 39th digit */
            if (s2 == DEC_OVERFLOW)
                assert_true(r1.scale + b.scale > a.scale);
            else if (s2 != DEC_OK || dec_cmp(r2, a) != 0)
                fail_msg("(%s / %s) * %s: status %d, %s", S(a), S(b), S(b), (int)s2, S(r2));
            /* and no smaller scale would do */
            if (r1.scale > 0 && r1.scale > a.scale - b.scale)
                assert_int_equal(dec_places(r1), r1.scale);
        } else if (s1 == DEC_INEXACT) {
            assert_int_equal(dec_div_round(a, b, 18, DEC_DOWN, &r2), DEC_OK);
            if (dec_mul(r2, b, &r3) == DEC_OK)
                assert_int_not_equal(dec_cmp(r3, a), 0);
        }

        int places = (int)(rnd() % 19);
        for (int m = 0; m < 4; m++) {
            s1 = dec_round(a, places, (DecRound)m, &r1);
            s2 = dec_div_round(a, dec_from_int(1), places, (DecRound)m, &r2);
            assert_int_equal(s1, s2);
            if (s1 == DEC_OK) {
                assert_true(r1.coef == r2.coef && r1.scale == r2.scale);
                assert_int_equal(r1.scale, places);
            }
        }
    }
}

/* Division rounding against an int64 reference written independently. */
static int64_t ref_div_round(int64_t n, int64_t d, int places, DecRound mode)
{
    for (int i = 0; i < places; i++)
        n *= 10;
    int64_t q = n / d, r = n % d;
    int64_t ar = r < 0 ? -r : r, ad = d < 0 ? -d : d;
    int64_t away = (n < 0) != (d < 0) ? -1 : 1;
    if (r == 0)
        return q;
    switch (mode) {
    case DEC_DOWN: return q;
    case DEC_UP: return q + away;
    case DEC_HALF_UP: return 2 * ar >= ad ? q + away : q;
    case DEC_HALF_EVEN:
        if (2 * ar > ad || (2 * ar == ad && q % 2 != 0))
            return q + away;
        return q;
    }
    return 0;
}

static void test_div_round_reference(void **state)
{
    (void)state;
    for (int64_t n = -120; n <= 120; n++)
        for (int64_t d = -24; d <= 24; d++) {
            if (d == 0)
                continue;
            for (int places = 0; places <= 4; places++)
                for (int m = 0; m < 4; m++) {
                    Dec r;
                    assert_int_equal(dec_div_round(dec_from_int(n), dec_from_int(d), places,
                                                   (DecRound)m, &r),
                                     DEC_OK);
                    assert_int_equal(r.scale, places);
                    int64_t want = ref_div_round(n, d, places, (DecRound)m);
                    if (r.coef != want)
                        fail_msg("%lld/%lld at %d mode %d: got %s, want coef %lld", (long long)n,
                                 (long long)d, places, m, S(r), (long long)want);
                    /* scaled operands give the same quotient */
                    Dec a = mk((dec_int)n * 1000, 3), b = mk((dec_int)d * 10, 1), r2;
                    assert_int_equal(dec_div_round(a, b, places, (DecRound)m, &r2), DEC_OK);
                    assert_true(r2.coef == r.coef && r2.scale == r.scale);
                }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_limits),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_extremes),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_add_sub),
        cmocka_unit_test(test_participatory_weights),
        cmocka_unit_test(test_add_overflow),
        cmocka_unit_test(test_add_wide_alignment),
        cmocka_unit_test(test_mul),
        cmocka_unit_test(test_mul_scale_limit),
        cmocka_unit_test(test_mul_overflow),
        cmocka_unit_test(test_div),
        cmocka_unit_test(test_div_failures),
        cmocka_unit_test(test_div_round_table),
        cmocka_unit_test(test_div_round_failures),
        cmocka_unit_test(test_round_table),
        cmocka_unit_test(test_round_failures),
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_cmp_extremes),
        cmocka_unit_test(test_places_normalize),
        cmocka_unit_test(test_int_conversions),
        cmocka_unit_test(test_neg),
        cmocka_unit_test(test_random_laws),
        cmocka_unit_test(test_div_round_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

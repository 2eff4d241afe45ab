/* dec.h -- exact decimal numbers.
 *
 * A Dec is an integer coefficient scaled by a power of ten:
 *     value = coef * 10^(-scale),   0 <= scale <= DEC_MAX_SCALE.
 * The coefficient is a 128-bit signed integer, so every score the awards can
 * produce is held exactly; no binary floating point is used anywhere.
 *
 * Every operation either gives the exact result or says why it cannot:
 * DEC_OVERFLOW when the result does not fit, DEC_INEXACT when a quotient does
 * not terminate within DEC_MAX_SCALE places (use dec_div_round, which rounds
 * the true quotient correctly).  Results are not normalised: 1.50 + 1 is
 * 2.50 with scale 2.  Dec values are plain structs, passed and returned by
 * value; nothing is allocated. */
#ifndef AWARD_DEC_H
#define AWARD_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

__extension__ typedef __int128 dec_int;

#define DEC_MAX_SCALE 18

typedef struct Dec {
    dec_int coef;  /* signed coefficient */
    int scale;     /* digits after the decimal point, 0..DEC_MAX_SCALE */
} Dec;

typedef enum DecStatus {
    DEC_OK = 0,
    DEC_OVERFLOW,   /* the exact result does not fit */
    DEC_INEXACT,    /* the exact result needs more than DEC_MAX_SCALE places */
    DEC_DIVZERO,    /* division by zero */
    DEC_SYNTAX,     /* dec_parse: not a decimal number */
} DecStatus;

/* Rounding modes, as rule files name them.  "half-up" rounds a tie away
 * from zero (2.345 -> 2.35, -2.345 -> -2.35); "half-even" rounds a tie to the
 * even neighbour; "down" drops digits (toward zero); "up" rounds away from
 * zero when any dropped digit is not zero. */
typedef enum DecRound { DEC_HALF_UP, DEC_HALF_EVEN, DEC_DOWN, DEC_UP } DecRound;

/* Parse [+-]digits[.digits] exactly as written (no exponent, no spaces,
 * no thousands separators); "12.50" has scale 2.  DEC_INEXACT when there are
 * more than DEC_MAX_SCALE decimals, DEC_OVERFLOW when the digits do not fit.
 * (In line, below: the short numbers of every data cell.) */
static inline DecStatus dec_parse(const char *s, size_t len, Dec *out);

Dec dec_from_int(int64_t n);
/* Fits in int64 and has no non-zero decimals. */
bool dec_to_int(Dec a, int64_t *out);

static inline DecStatus dec_add(Dec a, Dec b, Dec *out);
static inline DecStatus dec_sub(Dec a, Dec b, Dec *out);
DecStatus dec_mul(Dec a, Dec b, Dec *out);
/* Exact quotient, or DEC_INEXACT when it does not terminate within
 * DEC_MAX_SCALE places (1/3), or DEC_DIVZERO. */
DecStatus dec_div(Dec a, Dec b, Dec *out);
/* The true quotient a/b rounded to `places` (0..DEC_MAX_SCALE) decimals by
 * `mode`: correctly rounded even when the quotient does not terminate. */
DecStatus dec_div_round(Dec a, Dec b, int places, DecRound mode, Dec *out);
/* Round to `places` decimals; a value with fewer places is returned
 * unchanged except that its scale becomes `places` (2.5 -> 2.50). */
DecStatus dec_round(Dec a, int places, DecRound mode, Dec *out);
Dec dec_neg(Dec a);

/* -1, 0, 1; compares values, so 2.50 == 2.5. */
static inline int dec_cmp(Dec a, Dec b);
bool dec_is_zero(Dec a);
/* Number of decimals the value needs: 2.50 -> 1, 3.000 -> 0. */
int dec_places(Dec a);
/* Same value with trailing zero decimals removed. */
Dec dec_normalize(Dec a);

/* Longest text dec_format can write, with its NUL. */
#define DEC_FMT_MAX 64
/* Write the exact value with at least min_places decimals (padding with
 * zeros, never rounding): 2.5 with min_places 2 is "2.50", 5.988 is
 * "5.988".  buf must hold DEC_FMT_MAX bytes.  Returns the length. */
size_t dec_format(Dec a, int min_places, char *buf);

/* ---- in line: the common cases ----------------------------------------
 * Scores add and compare numbers dozens of times an application.  When both
 * coefficients fit 64 bits and aligning them to one scale stays within 64
 * bits (every figure of the awards), that is done here; anything else goes
 * to the general 128-bit code in dec.c. */

DecStatus dec_parse_general(const char *s, size_t len, Dec *out);

/* At most 18 characters of digits with at most one point between digits,
 * after an optional sign: the coefficient fits 64 bits as it is read.
 * Anything else, well-formed or not, goes to dec_parse_general. */
static inline DecStatus dec_parse(const char *s, size_t len, Dec *out)
{
    if (len == 0) /* before s + len: an empty field may come as NULL */
        return DEC_SYNTAX;
    bool neg = s[0] == '-';
    const char *p = s + (s[0] == '-' || s[0] == '+'), *end = s + len;
    if (end - p > 18 || p == end)
        return dec_parse_general(s, len, out);
    uint64_t v = 0;
    const char *point = NULL;
    for (const char *q = p; q < end; q++) {
        unsigned d = (unsigned)(unsigned char)*q - '0';
        if (d <= 9)
            v = v * 10 + d;
        else if (*q == '.' && !point && q > p && q + 1 < end)
            point = q;
        else
            return dec_parse_general(s, len, out);
    }
    out->coef = neg ? -(dec_int)v : (dec_int)v;
    out->scale = point ? (int)(end - point - 1) : 0;
    return DEC_OK;
}

DecStatus dec_add_general(Dec a, Dec b, Dec *out);
DecStatus dec_sub_general(Dec a, Dec b, Dec *out);
int dec_cmp_general(Dec a, Dec b);
extern const int64_t dec_pow10[DEC_MAX_SCALE + 1];

/* Both values as 64-bit coefficients of the larger scale, if they fit. */
static inline bool dec_align64(Dec a, Dec b, int64_t *x, int64_t *y, int *scale)
{
    *x = (int64_t)a.coef;
    *y = (int64_t)b.coef;
    if (*x != a.coef || *y != b.coef)
        return false;
    /* Scales are 0..DEC_MAX_SCALE (dec.c asserts it); the unsigned
     * difference also keeps a broken one from indexing past the table. */
    unsigned up = (unsigned)b.scale - (unsigned)a.scale, down = (unsigned)a.scale - (unsigned)b.scale;
    if (up == 0) {
        *scale = a.scale;
        return true;
    }
    if (up <= DEC_MAX_SCALE) {
        *scale = b.scale;
        return !__builtin_mul_overflow(*x, dec_pow10[up], x);
    }
    *scale = a.scale;
    return down <= DEC_MAX_SCALE && !__builtin_mul_overflow(*y, dec_pow10[down], y);
}

static inline int dec_cmp(Dec a, Dec b)
{
    int64_t x, y;
    int scale;
    if (a.scale == b.scale)
        return (a.coef > b.coef) - (a.coef < b.coef);
    if (dec_align64(a, b, &x, &y, &scale))
        return (x > y) - (x < y);
    return dec_cmp_general(a, b);
}

static inline DecStatus dec_add(Dec a, Dec b, Dec *out)
{
    int64_t x, y, r;
    int scale;
    if (dec_align64(a, b, &x, &y, &scale) && !__builtin_add_overflow(x, y, &r)) {
        out->coef = r;
        out->scale = scale;
        return DEC_OK;
    }
    return dec_add_general(a, b, out);
}

static inline DecStatus dec_sub(Dec a, Dec b, Dec *out)
{
    int64_t x, y, r;
    int scale;
    if (dec_align64(a, b, &x, &y, &scale) && !__builtin_sub_overflow(x, y, &r)) {
        out->coef = r;
        out->scale = scale;
        return DEC_OK;
    }
    return dec_sub_general(a, b, out);
}

#endif

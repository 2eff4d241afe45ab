/* dec.c -- exact decimal numbers: the arithmetic behind every score.
 *
 * See dec.h for the contract.  Every coefficient this module produces stays
 * within +-(10^38 - 1), i.e. at most 38 significant digits.  That one bound
 * makes negation always exact, keeps formatted text within DEC_FMT_MAX and
 * lets dec_parse detect overflow by counting digits.  An operand outside the
 * bound (only a Dec built by hand can have one, up to the full __int128
 * range) is still handled without undefined behaviour: the result is exact
 * or DEC_OVERFLOW.  A scale outside 0..DEC_MAX_SCALE is a caller's bug and
 * is caught by assert, since it would index past the power-of-ten table.
 *
 * On any status other than DEC_OK, *out is left untouched. */
#include "dec.h"

#include <assert.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

#define E19 ((u128)10000000000000000000ULL)
#define U128_MAX (~(u128)0)
#define COEF_MAX (E19 * E19 - 1)
#define DEC_INT_MIN (-(dec_int)(U128_MAX >> 1) - 1)

static const u128 ten_to[39] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
    10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL, E19,
    E19 * 10ULL, E19 * 100ULL, E19 * 1000ULL, E19 * 10000ULL,
    E19 * 100000ULL, E19 * 1000000ULL, E19 * 10000000ULL,
    E19 * 100000000ULL, E19 * 1000000000ULL, E19 * 10000000000ULL,
    E19 * 100000000000ULL, E19 * 1000000000000ULL, E19 * 10000000000000ULL,
    E19 * 100000000000000ULL, E19 * 1000000000000000ULL,
    E19 * 10000000000000000ULL, E19 * 100000000000000000ULL,
    E19 * 1000000000000000000ULL, E19 * E19,
};

/* room[k]: the largest r for which r * 10^k still fits in a u128, so long
 * division can bring down k digits at once without a 256-bit product. */
static const u128 room[20] = {
    U128_MAX, U128_MAX / 10ULL, U128_MAX / 100ULL, U128_MAX / 1000ULL,
    U128_MAX / 10000ULL, U128_MAX / 100000ULL, U128_MAX / 1000000ULL,
    U128_MAX / 10000000ULL, U128_MAX / 100000000ULL,
    U128_MAX / 1000000000ULL, U128_MAX / 10000000000ULL,
    U128_MAX / 100000000000ULL, U128_MAX / 1000000000000ULL,
    U128_MAX / 10000000000000ULL, U128_MAX / 100000000000000ULL,
    U128_MAX / 1000000000000000ULL, U128_MAX / 10000000000000000ULL,
    U128_MAX / 100000000000000000ULL, U128_MAX / 1000000000000000000ULL,
    U128_MAX / E19,
};

static inline bool scale_ok(Dec a)
{
    return a.scale >= 0 && a.scale <= DEC_MAX_SCALE;
}

/* |x| without the overflow -x has at the __int128 minimum. */
static inline u128 magnitude(dec_int x)
{
    return x < 0 ? -(u128)x : (u128)x;
}

/* Fast paths: most coefficients in the awards fit 64 bits.  For such x and
 * k <= 18, |x * 10^k| < 2^63 * 2^60 = 2^123, and a sum or difference of two
 * such values stays below 2^124, a product of two 64-bit coefficients below
 * 2^126: all within the bound 10^38 - 1 (about 2^126.2), so neither the
 * overflow checks nor the bound check can fail there. */
static inline bool fits64(dec_int x)
{
    return x == (dec_int)(int64_t)x;
}

static inline DecStatus make(dec_int coef, int scale, Dec *out)
{
    if (coef > (dec_int)COEF_MAX || coef < -(dec_int)COEF_MAX)
        return DEC_OVERFLOW;
    out->coef = coef;
    out->scale = scale;
    return DEC_OK;
}

static inline DecStatus make_signed(u128 mag, bool neg, int scale, Dec *out)
{
    if (mag > COEF_MAX)
        return DEC_OVERFLOW;
    out->coef = neg ? -(dec_int)mag : (dec_int)mag;
    out->scale = scale;
    return DEC_OK;
}

/* ---- parsing ------------------------------------------------------------ */

/* The digits of both runs (before and after the point) form one coefficient.
 * They are gathered 19 at a time in 64-bit arithmetic and folded into the
 * 128-bit total only for long numbers; `sig` counts significant digits,
 * which alone decides overflow since the bound is 10^38 - 1. */
typedef struct Acc {
    u128 hi;
    uint64_t lo;
    int nlo;
    int sig;
} Acc;

static const char *digit_run(const char *p, const char *end, Acc *acc)
{
    if (acc->sig == 0)
        while (p < end && *p == '0')
            p++;
    for (; p < end; p++) {
        unsigned d = (unsigned)(unsigned char)*p - '0';
        if (d > 9)
            break;
        if (acc->nlo == 19) {
            /* Past 38 digits the value is already known to overflow;
             * folding more would wrap. */
            if (acc->sig <= 38)
                acc->hi = acc->hi * E19 + acc->lo;
            acc->lo = 0;
            acc->nlo = 0;
        }
        acc->lo = acc->lo * 10 + d;
        acc->nlo++;
        acc->sig++;
    }
    return p;
}

/* What dec_parse (dec.h) does not read in line: long numbers, and every
 * text that is not a number. */
DecStatus dec_parse_general(const char *s, size_t len, Dec *out)
{
    if (len == 0)
        return DEC_SYNTAX;
    const char *p = s, *end = s + len;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-')) {
        neg = *p == '-';
        p++;
    }
    Acc acc = {0, 0, 0, 0};
    const char *q = digit_run(p, end, &acc);
    if (q == p)
        return DEC_SYNTAX;
    size_t places = 0;
    if (q < end && *q == '.') {
        const char *f = q + 1;
        q = digit_run(f, end, &acc);
        if (q == f)
            return DEC_SYNTAX;
        places = (size_t)(q - f);
    }
    if (q != end)
        return DEC_SYNTAX;
    /* Too many decimals is reported first: "1.000...0" with 40 zeros is
     * a scale problem, though it also has too many digits. */
    if (places > DEC_MAX_SCALE)
        return DEC_INEXACT;
    if (acc.sig > 38)
        return DEC_OVERFLOW;
    u128 mag = acc.hi * ten_to[acc.nlo] + acc.lo;
    return make_signed(mag, neg, (int)places, out);
}

/* ---- conversions -------------------------------------------------------- */

Dec dec_from_int(int64_t n)
{
    Dec d = {n, 0};
    return d;
}

bool dec_to_int(Dec a, int64_t *out)
{
    assert(scale_ok(a));
    if (a.scale == 0 && fits64(a.coef)) {
        *out = (int64_t)a.coef;
        return true;
    }
    dec_int p = (dec_int)ten_to[a.scale];
    if (a.coef % p != 0)
        return false;
    dec_int q = a.coef / p;
    if (q < INT64_MIN || q > INT64_MAX)
        return false;
    *out = (int64_t)q;
    return true;
}

/* ---- addition ----------------------------------------------------------- */

/* Aligning the smaller-scale operand overflowed, yet the sum may still fit
 * (1.75e37 - 9.9e36 at scale 1).  Split the other operand l = q*10^k + m,
 * |m| < 10^k, and form (h +- q)*10^k +- m: now any overflow on the way means
 * the result is beyond 1.7e38 - 10^18, which is past the bound anyway. */
static DecStatus add_sub_wide(Dec a, Dec b, bool sub, Dec *out)
{
    bool a_scaled = a.scale < b.scale;
    Dec h = a_scaled ? a : b, l = a_scaled ? b : a;
    dec_int p = (dec_int)ten_to[l.scale - h.scale];
    dec_int q = l.coef / p, m = l.coef % p, t, r = 0;
    bool ovf;
    if (!sub) /* h*p + l */
        ovf = __builtin_add_overflow(h.coef, q, &t) ||
              __builtin_mul_overflow(t, p, &t) ||
              __builtin_add_overflow(t, m, &r);
    else if (a_scaled) /* h*p - l */
        ovf = __builtin_sub_overflow(h.coef, q, &t) ||
              __builtin_mul_overflow(t, p, &t) ||
              __builtin_sub_overflow(t, m, &r);
    else /* l - h*p */
        ovf = __builtin_sub_overflow(q, h.coef, &t) ||
              __builtin_mul_overflow(t, p, &t) ||
              __builtin_add_overflow(t, m, &r);
    if (ovf)
        return DEC_OVERFLOW;
    return make(r, l.scale, out);
}

static DecStatus add_sub(Dec a, Dec b, bool sub, Dec *out)
{
    assert(scale_ok(a) && scale_ok(b));
    dec_int x = a.coef, y = b.coef, r;
    int scale = a.scale;
    if (fits64(x) && fits64(y)) {
        if (a.scale < b.scale) {
            scale = b.scale;
            x *= (dec_int)ten_to[b.scale - a.scale];
        } else if (a.scale > b.scale) {
            y *= (dec_int)ten_to[a.scale - b.scale];
        }
        out->coef = sub ? x - y : x + y;
        out->scale = scale;
        return DEC_OK;
    }
    if (a.scale < b.scale) {
        scale = b.scale;
        if (__builtin_mul_overflow(x, (dec_int)ten_to[b.scale - a.scale], &x))
            return add_sub_wide(a, b, sub, out);
    } else if (a.scale > b.scale) {
        if (__builtin_mul_overflow(y, (dec_int)ten_to[a.scale - b.scale], &y))
            return add_sub_wide(a, b, sub, out);
    }
    /* Both aligned operands fit __int128, so an overflow here means
     * |result| >= 2^127: past the bound. */
    if (sub ? __builtin_sub_overflow(x, y, &r) : __builtin_add_overflow(x, y, &r))
        return DEC_OVERFLOW;
    return make(r, scale, out);
}

DecStatus dec_add_general(Dec a, Dec b, Dec *out)
{
    return add_sub(a, b, false, out);
}

DecStatus dec_sub_general(Dec a, Dec b, Dec *out)
{
    return add_sub(a, b, true, out);
}

/* ---- multiplication ----------------------------------------------------- */

/* x*y/10^k for k <= 18, through a 256-bit product: the product of two large
 * coefficients can pass 2^128 while the quotient still fits
 * (coefficients 5^18*A and 2^18*B at scale 18 each). */
static DecStatus mul_div_wide(u128 x, u128 y, int k, u128 *out)
{
    uint64_t x0 = (uint64_t)x, x1 = (uint64_t)(x >> 64);
    uint64_t y0 = (uint64_t)y, y1 = (uint64_t)(y >> 64);
    u128 p00 = (u128)x0 * y0, p01 = (u128)x0 * y1;
    u128 p10 = (u128)x1 * y0, p11 = (u128)x1 * y1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    u128 top = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + (uint64_t)p11;
    uint64_t limb[4] = {
        (uint64_t)p00, (uint64_t)mid, (uint64_t)top,
        (uint64_t)((top >> 64) + (p11 >> 64)),
    };
    uint64_t d = (uint64_t)ten_to[k], quot[4];
    u128 rem = 0;
    for (int i = 3; i >= 0; i--) {
        u128 cur = rem << 64 | limb[i];
        quot[i] = (uint64_t)(cur / d);
        rem = cur % d;
    }
    u128 q = (u128)quot[1] << 64 | quot[0];
    if (quot[3] || quot[2] || q > COEF_MAX)
        return DEC_OVERFLOW;
    if (rem)
        return DEC_INEXACT;
    *out = q;
    return DEC_OK;
}

DecStatus dec_mul(Dec a, Dec b, Dec *out)
{
    assert(scale_ok(a) && scale_ok(b));
    int scale = a.scale + b.scale;
    if (scale <= DEC_MAX_SCALE && fits64(a.coef) && fits64(b.coef)) {
        out->coef = a.coef * b.coef;
        out->scale = scale;
        return DEC_OK;
    }
    if (scale <= DEC_MAX_SCALE) {
        dec_int r;
        if (__builtin_mul_overflow(a.coef, b.coef, &r))
            return DEC_OVERFLOW;
        return make(r, scale, out);
    }
    /* Keep as many decimals as allowed, and only if the ones dropped are
     * zeros: the product stays exact. */
    int strip = scale - DEC_MAX_SCALE;
    bool neg = (a.coef < 0) != (b.coef < 0);
    u128 x = magnitude(a.coef), y = magnitude(b.coef), p, q;
    if (!__builtin_mul_overflow(x, y, &p)) {
        /* q < 2^128 / 10 is within the bound: only exactness can fail */
        q = p / ten_to[strip];
        if (p - q * ten_to[strip] != 0)
            return DEC_INEXACT;
    } else {
        DecStatus st = mul_div_wide(x, y, strip, &q);
        if (st != DEC_OK)
            return st;
    }
    return make_signed(q, neg, DEC_MAX_SCALE, out);
}

/* ---- division ----------------------------------------------------------- */

/* One more digit of n/d when 10*r does not fit a u128 (r > 3.4e37): add r
 * ten times modulo d, counting the wraps.  r < d throughout. */
static uint64_t next_digit_slow(u128 *r, u128 d)
{
    u128 acc = 0, gap = d - *r;
    uint64_t digit = 0;
    for (int i = 0; i < 10; i++) {
        if (acc >= gap) {
            acc -= gap;
            digit++;
        } else {
            acc += *r;
        }
    }
    *r = acc;
    return digit;
}

/* Carry a long division k more decimal places: q = q*10^k + r*10^k / d and
 * r = r*10^k mod d, with r < d.  False once q passes the bound, which more
 * digits can never undo. */
static bool extend(u128 *q, u128 *r, u128 d, int k)
{
    while (k > 0) {
        if (*r == 0)
            return !__builtin_mul_overflow(*q, ten_to[k], q) && *q <= COEF_MAX;
        int step = k < 19 ? k : 19;
        while (step > 0 && *r > room[step])
            step--;
        u128 digits;
        if (step > 0) {
            u128 t = *r * ten_to[step];
            digits = t / d;
            *r = t - digits * d;
        } else {
            step = 1;
            digits = next_digit_slow(r, d);
        }
        if (__builtin_mul_overflow(*q, ten_to[step], q) ||
            __builtin_add_overflow(*q, digits, q) || *q > COEF_MAX)
            return false;
        k -= step;
    }
    return true;
}

/* Result scale of dec_div: the smallest scale that holds the quotient
 * exactly, but no less than a.scale - b.scale (the decimal "preferred
 * scale" of IEEE 754 and Python's decimal, the inverse of dec_mul's
 * scale rule): 10/4 = 2.5, 1/4 = 0.25, 10.00/4 = 2.50, 29.94/5 = 5.988,
 * 7.5/2.5 = 3, 6/0.5 = 12.  A quotient that needs more than DEC_MAX_SCALE
 * places is DEC_INEXACT (a too-large one that also never terminates may
 * report DEC_OVERFLOW instead: whichever is met first). */
DecStatus dec_div(Dec a, Dec b, Dec *out)
{
    assert(scale_ok(a) && scale_ok(b));
    if (b.coef == 0)
        return DEC_DIVZERO;
    bool neg = (a.coef < 0) != (b.coef < 0);
    int scale = a.scale > b.scale ? a.scale - b.scale : 0;
    u128 n = magnitude(a.coef), d = magnitude(b.coef);
    u128 q = n / d, r = n - q * d;
    /* value = n/d * 10^(b.scale - a.scale), wanted with `scale` decimals */
    if (!extend(&q, &r, d, b.scale - a.scale + scale))
        return DEC_OVERFLOW;
    while (r != 0) {
        if (scale == DEC_MAX_SCALE)
            return DEC_INEXACT;
        if (!extend(&q, &r, d, 1))
            return DEC_OVERFLOW;
        scale++;
    }
    return make_signed(q, neg, scale, out);
}

/* Apply `mode` to a truncated magnitude q.  rest: some remainder was
 * dropped; half: the dropped part compared with one half (-1, 0, 1).  All
 * four modes are symmetric about zero, so the sign comes after.  A mode
 * outside the enum truncates rather than reading garbage.  Rounding never
 * carries past the bound: a quotient in (10^38 - 1, 10^38) would need a
 * 39-digit dividend, but make_signed checks anyway. */
static DecStatus round_out(u128 q, bool rest, int half, DecRound mode,
                           bool neg, int scale, Dec *out)
{
    bool up;
    switch (mode) {
    case DEC_HALF_UP:
        up = half >= 0;
        break;
    case DEC_HALF_EVEN:
        up = half > 0 || (half == 0 && (q & 1));
        break;
    case DEC_UP:
        up = rest;
        break;
    case DEC_DOWN:
    default:
        up = false;
        break;
    }
    if (up)
        q++;
    return make_signed(q, neg, scale, out);
}

static inline int cmp_u128(u128 x, u128 y)
{
    return (x > y) - (x < y);
}

/* Places outside 0..DEC_MAX_SCALE give DEC_INEXACT: no Dec can carry them. */
DecStatus dec_div_round(Dec a, Dec b, int places, DecRound mode, Dec *out)
{
    assert(scale_ok(a) && scale_ok(b));
    if (places < 0 || places > DEC_MAX_SCALE)
        return DEC_INEXACT;
    if (b.coef == 0)
        return DEC_DIVZERO;
    bool neg = (a.coef < 0) != (b.coef < 0);
    u128 n = magnitude(a.coef), d = magnitude(b.coef), q, r;
    int e = b.scale - a.scale + places; /* wanted: n * 10^e / d */
    int half;
    if (e >= 0) {
        q = n / d;
        r = n - q * d;
        if (!extend(&q, &r, d, e))
            return DEC_OVERFLOW;
        half = cmp_u128(r, d - r);
    } else if (__builtin_mul_overflow(d, ten_to[-e], &d)) {
        /* The divisor passes 2^128 > 2n: the quotient is below one half. */
        q = 0;
        r = n;
        half = -1;
    } else {
        q = n / d;
        r = n - q * d;
        half = cmp_u128(r, d - r);
    }
    return round_out(q, r != 0, half, mode, neg, places, out);
}

/* Places outside 0..DEC_MAX_SCALE give DEC_INEXACT, as for dec_div_round. */
DecStatus dec_round(Dec a, int places, DecRound mode, Dec *out)
{
    assert(scale_ok(a));
    if (places < 0 || places > DEC_MAX_SCALE)
        return DEC_INEXACT;
    if (places >= a.scale) {
        dec_int c;
        if (__builtin_mul_overflow(a.coef, (dec_int)ten_to[places - a.scale], &c))
            return DEC_OVERFLOW;
        return make(c, places, out);
    }
    u128 n = magnitude(a.coef), p = ten_to[a.scale - places], q, r;
    if (n <= UINT64_MAX) { /* the usual case, without 128-bit division */
        uint64_t n64 = (uint64_t)n, p64 = (uint64_t)p;
        q = n64 / p64;
        r = n64 % p64;
    } else {
        q = n / p;
        r = n - q * p;
    }
    return round_out(q, r != 0, cmp_u128(r, p - r), mode, a.coef < 0, places, out);
}

/* Always exact for the coefficients this module makes.  The one coefficient
 * with no negation, the __int128 minimum (only a hand-built Dec), is
 * returned unchanged rather than overflowing. */
Dec dec_neg(Dec a)
{
    if (a.coef != DEC_INT_MIN)
        a.coef = -a.coef;
    return a;
}

/* ---- comparison --------------------------------------------------------- */

/* Align to the larger scale; when that overflows, the aligned coefficient
 * lies outside the __int128 range and the other inside it, so the sign of
 * the overflowing one decides. */
const int64_t dec_pow10[DEC_MAX_SCALE + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
    1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000,
    100000000000000, 1000000000000000, 10000000000000000,
    100000000000000000, 1000000000000000000,
};

/* dec_cmp's cases that dec.h does not do in line. */
int dec_cmp_general(Dec a, Dec b)
{
    assert(scale_ok(a) && scale_ok(b));
    dec_int x = a.coef, y = b.coef;
    if (a.scale == b.scale)
        return (x > y) - (x < y);
    if (fits64(x) && fits64(y)) {
        if (a.scale < b.scale)
            x *= (dec_int)ten_to[b.scale - a.scale];
        else
            y *= (dec_int)ten_to[a.scale - b.scale];
        return (x > y) - (x < y);
    }
    if (a.scale < b.scale) {
        if (__builtin_mul_overflow(x, (dec_int)ten_to[b.scale - a.scale], &x))
            return a.coef < 0 ? -1 : 1;
    } else if (a.scale > b.scale) {
        if (__builtin_mul_overflow(y, (dec_int)ten_to[a.scale - b.scale], &y))
            return b.coef < 0 ? 1 : -1;
    }
    return (x > y) - (x < y);
}

bool dec_is_zero(Dec a)
{
    return a.coef == 0;
}

Dec dec_normalize(Dec a)
{
    assert(scale_ok(a));
    if (a.coef == 0) {
        a.scale = 0;
    } else if (a.coef >= INT64_MIN && a.coef <= INT64_MAX) {
        int64_t c = (int64_t)a.coef;
        while (a.scale > 0 && c % 10 == 0) {
            c /= 10;
            a.scale--;
        }
        a.coef = c;
    } else {
        while (a.scale > 0 && a.coef % 10 == 0) {
            a.coef /= 10;
            a.scale--;
        }
    }
    return a;
}

int dec_places(Dec a)
{
    return dec_normalize(a).scale;
}

/* ---- formatting --------------------------------------------------------- */

/* min_places is clamped to 0..DEC_MAX_SCALE, which with at most 39 digits,
 * a sign and a point keeps the text within DEC_FMT_MAX (60 bytes at most). */
size_t dec_format(Dec a, int min_places, char *buf)
{
    assert(scale_ok(a));
    char digits[40];
    char *d = digits + sizeof digits;
    u128 u = magnitude(a.coef);
    /* Peel 19-digit chunks so each is converted in 64-bit arithmetic. */
    while (u > UINT64_MAX) {
        u128 hi = u / E19;
        uint64_t chunk = (uint64_t)(u - hi * E19);
        for (int i = 0; i < 19; i++) {
            *--d = (char)('0' + chunk % 10);
            chunk /= 10;
        }
        u = hi;
    }
    uint64_t v = (uint64_t)u;
    do {
        *--d = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    int nd = (int)(digits + sizeof digits - d);

    int places = min_places < 0 ? 0 : min_places;
    if (places > DEC_MAX_SCALE)
        places = DEC_MAX_SCALE;
    if (places < a.scale)
        places = a.scale;

    char *o = buf;
    if (a.coef < 0)
        *o++ = '-';
    if (nd > a.scale) {
        memcpy(o, d, (size_t)(nd - a.scale));
        o += nd - a.scale;
        d += nd - a.scale;
        nd = a.scale;
    } else {
        *o++ = '0';
    }
    if (places > 0) {
        *o++ = '.';
        memset(o, '0', (size_t)(a.scale - nd));
        o += a.scale - nd;
        memcpy(o, d, (size_t)nd);
        o += nd;
        memset(o, '0', (size_t)(places - a.scale));
        o += places - a.scale;
    }
    *o = '\0';
    return (size_t)(o - buf);
}

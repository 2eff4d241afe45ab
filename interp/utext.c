/* utext.c -- UTF-8 validity, decoding and display width, on top of
 * libutf8proc.  See utext.h. */
#include "utext.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

size_t utext_decode(const char *s, size_t len, int32_t *cp)
{
    if (len == 0) {
        *cp = -1;
        return 0;
    }
    /* No sequence is longer than 4 bytes; capping keeps the length inside
     * utf8proc's signed size type whatever len is. */
    utf8proc_ssize_t avail = len < 4 ? (utf8proc_ssize_t)len : 4;
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, avail, &c);
    if (n <= 0) {
        /* One byte at a time, so a caller can resynchronise on the next. */
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)n;
}

bool utext_valid(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            /* ASCII, most of any text, is valid as it is: after an ASCII
             * byte, eight are passed at a time while none has its high
             * bit set. */
            i++;
            while (len - i >= 8) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            continue;
        }
        int32_t cp;
        size_t n = utext_decode(s + i, len - i, &cp);
        if (cp < 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += n;
    }
    return true;
}

/* Columns one decoded code point takes; -1 stands for an invalid byte.
 * A tab counts one because callers that need alignment copy the tab itself
 * (the terminal then moves both lines to the same stop). */
static size_t cp_width(int32_t cp)
{
    if (cp < 0 || cp == '\t')
        return 1;
    int w = utf8proc_charwidth(cp);
    return w > 0 ? (size_t)w : 0;
}

size_t utext_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        int32_t cp;
        i += utext_decode(s + i, len - i, &cp);
        w += cp_width(cp);
    }
    return w;
}

size_t utext_chars(const char *s, size_t len)
{
    size_t n = 0, i = 0;
    while (i < len) {
        int32_t cp;
        i += utext_decode(s + i, len - i, &cp);
        n++;
    }
    return n;
}

static void put_spaces(FILE *out, size_t n)
{
    while (n--)
        putc(' ', out);
}

void utext_pad(FILE *out, const char *s, size_t len, size_t width, bool right)
{
    size_t w = utext_width(s, len);
    size_t fill = w < width ? width - w : 0;
    if (right)
        put_spaces(out, fill);
    if (len)
        fwrite(s, 1, len, out);
    if (!right)
        put_spaces(out, fill);
}

bool utext_thai_digits(const char *s, size_t len, char *buf, size_t size, size_t *out_len)
{
    /* U+0E50..U+0E59 are E0 B9 90..99 in UTF-8 */
    bool any = false;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (n == size)
            return false;
        if (i + 2 < len && (unsigned char)s[i] == 0xE0 && (unsigned char)s[i + 1] == 0xB9 &&
            (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
            buf[n++] = (char)('0' + ((unsigned char)s[i + 2] - 0x90));
            i += 2;
            any = true;
        } else {
            buf[n++] = s[i];
        }
    }
    *out_len = n;
    return any;
}

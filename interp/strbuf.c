/* strbuf.c -- the growing string of strbuf.h. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"
#include "strbuf.h"
#include "utext.h"

void sb_grow(Sb *b, size_t more)
{
    if (b->len + more + 1 > b->cap) {
        b->cap = (b->len + more + 1) * 2 + 64;
        b->s = mem_realloc(b->s, b->cap);
    }
}

void sb_printf(Sb *b, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof buf) {
        sb_add(b, buf, (size_t)n);
        return;
    }
    char *big = mem_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_add(b, big, (size_t)n);
    mem_free(big);
}

void sb_reset(Sb *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

void sb_free(Sb *b)
{
    mem_free(b->s);
    *b = (Sb){ 0 };
}

/* Whether code point cp (-1: a byte that is not UTF-8) is shown escaped. */
static bool shown_escaped(int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void sb_add_shown(Sb *b, const char *s, size_t len)
{
    size_t from = 0;  /* start of the text not yet added */
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)s[i];
        int32_t cp = ch;
        size_t n = 1;
        if (ch >= 0x80)
            n = utext_decode(s + i, len - i, &cp);
        if (shown_escaped(cp)) {
            sb_add(b, s + from, i - from);
            if (cp == '\n' || cp == '\r' || cp == '\t')
                sb_printf(b, "\\%c", cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't');
            else if (cp < 0x80)
                sb_printf(b, "\\x%02x", ch);
            else
                sb_printf(b, "\\u%04x", (unsigned)cp);
            from = i + n;
        }
        i += n;
    }
    sb_add(b, s + from, len - from);
}

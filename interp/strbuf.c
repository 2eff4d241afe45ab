/* strbuf.c -- the growing string of strbuf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"
#include "strbuf.h"

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

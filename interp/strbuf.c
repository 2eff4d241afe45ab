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
/* The code point at s[i] and its length in bytes: ASCII at once, the rest
 * through utext_decode (an invalid byte gives -1, length 1). */
static inline size_t decode_at(const char *s, size_t len, size_t i, int32_t *cp)
{
    unsigned char ch = (unsigned char)s[i];
    *cp = ch;
    return ch >= 0x80 ? utext_decode(s + i, len - i, cp) : 1;
}

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
        int32_t cp;
        size_t n = decode_at(s, len, i, &cp);
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

/* ---- JSON and CSV, for every writer ---- */

/* Whether code point cp is written escaped in JSON: by JSON's rule only
 * below U+0020, but DEL, the C1 controls and the line and paragraph
 * separators are escaped too, so that the output is plain to read on a
 * terminal and safe in JavaScript, and stays the same text for any JSON
 * reader. */
static bool json_escaped(int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029;
}

void sb_add_json(Sb *b, const char *s, size_t len)
{
    sb_add(b, "\"", 1);
    size_t plain = 0;   /* start of the run of bytes copied as they are */
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = decode_at(s, len, i, &cp);
        const char *esc = NULL;
        switch (cp) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case -1: esc = "\\ufffd"; break; /* not UTF-8: JSON cannot hold the byte */
        default: break;
        }
        if (esc || json_escaped(cp)) {
            sb_add(b, s + plain, i - plain);
            if (esc)
                sb_str(b, esc);
            else
                sb_printf(b, "\\u%04x", (unsigned)cp);
            plain = i + n;
        }
        i += n;
    }
    sb_add(b, s + plain, len - plain);
    sb_add(b, "\"", 1);
}

void sb_add_json_cstr(Sb *b, const char *s)
{
    if (s)
        sb_add_json(b, s, strlen(s));
    else
        sb_str(b, "null");
}

/* ---- HTML ---- */

void sb_add_html(Sb *b, const char *s, size_t len)
{
    size_t plain = 0;   /* start of the run of bytes copied as they are */
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = decode_at(s, len, i, &cp);
        const char *esc = NULL;
        switch (cp) {
        case '&': esc = "&amp;"; break;
        case '<': esc = "&lt;"; break;
        case '>': esc = "&gt;"; break;
        case '"': esc = "&quot;"; break;
        case '\'': esc = "&#39;"; break;
        case '\t': case '\n': case '\r': break;
        default:
            /* not UTF-8, or a control: U+FFFD, as the HTML parser itself
             * gives for NUL */
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
                esc = "\xef\xbf\xbd";
            break;
        }
        if (esc) {
            sb_add(b, s + plain, i - plain);
            sb_str(b, esc);
            plain = i + n;
        }
        i += n;
    }
    sb_add(b, s + plain, len - plain);
}

void sb_add_html_cstr(Sb *b, const char *s)
{
    if (s)
        sb_add_html(b, s, strlen(s));
}

bool sb_csv_needs_quotes(const char *s, size_t len)
{
    /* The bytes that may make a cell need quotes: C0 controls, `,`, `"`,
     * DEL, and 0xC2, which begins a C1 control (or another character,
     * told apart below).  One look-up a byte: this runs on every cell. */
    static const unsigned char special[256] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        [','] = 1, ['"'] = 1, [0x7f] = 1, [0xc2] = 1,
    };
    if (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        return true;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!special[ch])
            continue;
        if (ch != 0xc2)
            return true;
        if (i + 1 < len && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f)
            return true;
    }
    return false;
}

void sb_add_csv(Sb *b, const char *s, size_t len)
{
    if (!sb_csv_needs_quotes(s, len)) {
        sb_add(b, s, len);
        return;
    }
    sb_add(b, "\"", 1);
    for (size_t i = 0, from = 0; i <= len; i++) {
        if (i == len || s[i] == '"') {
            sb_add(b, s + from, i - from + (i < len)); /* a quote goes twice */
            from = i;
        }
    }
    sb_add(b, "\"", 1);
}

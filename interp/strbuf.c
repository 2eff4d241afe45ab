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

/* The code point at s[i] and its length in bytes: ASCII at once, the rest
 * through utext_decode (an invalid byte gives -1, length 1). */
static inline size_t decode_at(const char *s, size_t len, size_t i, int32_t *cp)
{
    unsigned char ch = (unsigned char)s[i];
    *cp = ch;
    return ch >= 0x80 ? utext_decode(s + i, len - i, cp) : 1;
}

/* An escaper's rule: the text that stands for code point cp (-1: the byte
 * `byte`, which is not UTF-8), written into buf if it must be made, or
 * NULL when the character is copied as it is. */
typedef const char *(*EscapeRule)(int32_t cp, unsigned char byte, char buf[16]);

/* Append s[0..len), each character by `rule`: runs of characters copied
 * as they are go in one call. */
static void add_escaped(Sb *b, const char *s, size_t len, EscapeRule rule)
{
    size_t plain = 0;   /* start of the run of bytes copied as they are */
    char buf[16];
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = decode_at(s, len, i, &cp);
        const char *esc = rule(cp, (unsigned char)s[i], buf);
        if (esc) {
            sb_add(b, s + plain, i - plain);
            sb_str(b, esc);
            plain = i + n;
        }
        i += n;
    }
    sb_add(b, s + plain, len - plain);
}

/* Shown text: controls, the line and paragraph separators and the
 * bidirectional overrides and isolates as C-like escapes, a byte that is
 * not UTF-8 as \xHH. */
static const char *shown_rule(int32_t cp, unsigned char byte, char buf[16])
{
    bool escaped = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
                   (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    if (!escaped)
        return NULL;
    switch (cp) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: break;
    }
    if (cp < 0x80)
        snprintf(buf, 16, "\\x%02x", byte);
    else
        snprintf(buf, 16, "\\u%04x", (unsigned)cp);
    return buf;
}

void sb_add_shown(Sb *b, const char *s, size_t len)
{
    add_escaped(b, s, len, shown_rule);
}

/* ---- JSON and CSV, for every writer ---- */

/* JSON: by JSON's rule only `"`, `\` and the code points below U+0020 must
 * be escaped, but DEL, the C1 controls and the line and paragraph
 * separators are escaped too, so that the output is plain to read on a
 * terminal and safe in JavaScript, and stays the same text for any JSON
 * reader.  A byte that is not UTF-8 becomes U+FFFD: JSON cannot hold it. */
static const char *json_rule(int32_t cp, unsigned char byte, char buf[16])
{
    (void)byte;
    switch (cp) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case -1: return "\\ufffd";
    default: break;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029) {
        snprintf(buf, 16, "\\u%04x", (unsigned)cp);
        return buf;
    }
    return NULL;
}

void sb_add_json(Sb *b, const char *s, size_t len)
{
    sb_add(b, "\"", 1);
    add_escaped(b, s, len, json_rule);
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

/* HTML: the five characters that can end a text or an attribute, and a
 * byte that is not UTF-8 or a control other than tab and line breaks as
 * U+FFFD, as the HTML parser itself gives for NUL. */
static const char *html_rule(int32_t cp, unsigned char byte, char buf[16])
{
    (void)byte;
    (void)buf;
    switch (cp) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\t': case '\n': case '\r': return NULL;
    default: break;
    }
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? "\xef\xbf\xbd" : NULL;
}

void sb_add_html(Sb *b, const char *s, size_t len)
{
    add_escaped(b, s, len, html_rule);
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

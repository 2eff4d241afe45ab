/* strbuf.h -- a growing NUL-terminated string, for messages and output
 * cells.  Ownership: the StrBuf owns `s` (from mem_alloc); sb_free
 * releases it.  A zeroed StrBuf is empty and ready. */
#ifndef AWARD_STRBUF_H
#define AWARD_STRBUF_H

#include <stddef.h>
#include <string.h>

typedef struct Sb {
    char *s;            /* the text, NUL-terminated once anything was added */
    size_t len, cap;
} Sb;

/* Make room for `more` bytes and the NUL after the text (out of line:
 * needed only while the buffer grows). */
void sb_grow(Sb *b, size_t more);

/* Append len bytes of s.  In line: output rows are built of many short
 * cells, and a call cost more than the copy. */
static inline void sb_add(Sb *b, const char *s, size_t len)
{
    if (b->len + len + 1 > b->cap)
        sb_grow(b, len);
    if (len)
        memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
}

static inline void sb_str(Sb *b, const char *s) { sb_add(b, s, strlen(s)); }
void sb_printf(Sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s[0..len) as text for people on a terminal: \n, \r and \t for
 * those, \xHH for other C0 controls, DEL and bytes that are not UTF-8,
 * \uHHHH for C1 controls, the line and paragraph separators and the
 * bidirectional overrides and isolates (a line break would draw a fake
 * row, ESC starts a terminal command, an override reorders the rest of the
 * line).  Everything else, Thai included, is copied as it is, so columns
 * are counted as before.  A backslash stays as it is: this is for reading;
 * CSV and JSON output give the exact text. */
void sb_add_shown(Sb *b, const char *s, size_t len);
/* Append s[0..len) as a JSON string, in its quotes: `"` and `\` escaped,
 * \n \r \t, \uHHHH for the other controls, DEL, the C1 controls and
 * the line and paragraph separators (plain on a terminal, safe in
 * JavaScript, the same text for any JSON reader), and \ufffd for a byte
 * that is not UTF-8 (JSON cannot hold it).  Every JSON writer uses it. */
void sb_add_json(Sb *b, const char *s, size_t len);
/* The same for a C string, and `null` for NULL. */
void sb_add_json_cstr(Sb *b, const char *s);
/* Append s[0..len) as HTML text, good inside an element or a quoted
 * attribute value: & < > " ' as character references, \ufffd for a byte
 * that is not UTF-8 and for a control character other than tab, line feed
 * and carriage return (HTML forbids them, and a reference to one of C1 is
 * read as a Windows-1252 letter).  Everything else, Thai included, is
 * copied as it is.  For every HTML writer. */
void sb_add_html(Sb *b, const char *s, size_t len);
/* The same for a C string; nothing for NULL. */
void sb_add_html_cstr(Sb *b, const char *s);
/* Whether a CSV cell needs quotes: a control character (C0, DEL, C1), a
 * `,` or `"`, or a space or tab at either end (which readers drop). */
bool sb_csv_needs_quotes(const char *s, size_t len);
/* Append s[0..len) as one CSV cell, quoted (a quote inside doubled) only
 * when it needs to be. */
void sb_add_csv(Sb *b, const char *s, size_t len);
/* Empty it, keeping its memory. */
void sb_reset(Sb *b);
void sb_free(Sb *b);

#endif

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
/* Empty it, keeping its memory. */
void sb_reset(Sb *b);
void sb_free(Sb *b);

#endif

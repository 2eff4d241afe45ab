/* strbuf.h -- a growing NUL-terminated string, for messages and output
 * cells.  Ownership: the StrBuf owns `s` (from mem_alloc); sb_free
 * releases it.  A zeroed StrBuf is empty and ready. */
#ifndef AWARD_STRBUF_H
#define AWARD_STRBUF_H

#include <stddef.h>

typedef struct Sb {
    char *s;            /* the text, NUL-terminated once anything was added */
    size_t len, cap;
} Sb;

void sb_add(Sb *b, const char *s, size_t len);
void sb_str(Sb *b, const char *s);
void sb_printf(Sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empty it, keeping its memory. */
void sb_reset(Sb *b);
void sb_free(Sb *b);

#endif

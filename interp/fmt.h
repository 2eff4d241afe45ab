/* fmt.h -- the canonical layout of rule files and scenario files (`award
 * fmt`): text in, formatted text out, no I/O.
 *
 * The formatter works on the lexical structure alone (words, numbers and
 * operators as "atoms", texts in quotes, comments, brackets, commas, line
 * breaks), never on the grammar, so a new keyword needs no change here.  It
 * never adds, removes, joins or splits a token, and never moves a token to
 * another line: it only changes the blanks between tokens and at the start
 * and end of lines, and the number of blank lines (at most one in a row).
 * Two atoms that touched still touch, and two that were apart stay apart,
 * so the scanner reads the same tokens before and after; fmt_tokens gives
 * that token sequence, for the tests that prove it.  docs/fmt.md describes
 * the layout.
 *
 * Ownership: the caller owns the Sb it passes (sb_free) and the token array
 * fmt_tokens returns (mem_free); tokens point into the text given. */
#ifndef AWARD_FMT_H
#define AWARD_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

typedef enum FmtLang {
    FMT_RULES,      /* a rule file: re-indented by its { } blocks, labels aligned */
    FMT_SCENARIO,   /* a scenario file: indentation kept, only spacing tidied */
} FmtLang;

/* Where and why a text cannot be formatted (an unclosed quote). */
typedef struct FmtError {
    size_t line, col;      /* 1-based; col in display columns, as diag.c counts */
    char msg[160];
} FmtError;

/* Which language `name` is in: a name ending in ".scenario" is a scenario
 * file, any other name a rule file; for "-" (standard input) or NULL, the
 * text decides: one whose first word is `rules` or `scenario` is a scenario
 * file. */
FmtLang fmt_lang(const char *name, const char *text, size_t len);

/* Append the formatted text[0..len) to out.  False, with err set and
 * nothing appended, when the text cannot be tokenized. */
bool fmt_text(const char *text, size_t len, FmtLang lang, Sb *out, FmtError *err);

typedef enum FmtTokKind { FT_ATOM, FT_TEXT, FT_COMMENT, FT_OPEN, FT_CLOSE, FT_COMMA, FT_BREAK } FmtTokKind;

typedef struct FmtTok {
    FmtTokKind kind;
    const char *s;         /* into the text; for FT_COMMENT without trailing blanks */
    size_t len;
} FmtTok;

/* The token sequence of text[0..len) as the formatter sees it, for the
 * check that formatting keeps the meaning: one FT_BREAK stands for one or
 * more line breaks (blank lines do not count), none at the start or end;
 * a byte-order mark is skipped.  Returns the count and a mem_alloc'd array
 * in *toks (NULL when there are none), or (size_t)-1 with err set. */
size_t fmt_tokens(const char *text, size_t len, FmtTok **toks, FmtError *err);

#endif

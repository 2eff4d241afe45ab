/* syntax_error.h -- the message for a syntax error, built from what the
 * parser expected and what it found (see syntax_error.c).  Internal to the
 * front end. */
#ifndef AWARD_SYNTAX_ERROR_H
#define AWARD_SYNTAX_ERROR_H

#include "parse_ctx.h"

/* What a token is, without bison's symbol numbers. */
typedef enum SynClass {
    SYN_WORD,    /* a word of the language or a symbol: `name` is its text ("require", "'}'", "<=") */
    SYN_SOFT,    /* a word of the language that is also a name where a name is wanted */
    SYN_NAME, SYN_TEXT, SYN_NUMBER, SYN_BOOL, SYN_DATE, SYN_MODE, SYN_EOF, SYN_EOL,
} SynClass;

typedef struct SynTok {
    SynClass cls;
    const char *name;   /* the grammar's name of the token */
} SynTok;

/* Report the syntax error at `at`: `got` was found where one of the n
 * tokens of `expected` was wanted.  Also sets how the token filter
 * recovers (ParseCtx.recovering, skip_block). */
void syntax_error_report(ParseCtx *pc, SynTok got, Span at, const SynTok *expected, int n);

#endif

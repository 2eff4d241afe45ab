/* parse_ctx.h -- state shared by the scanner, the parser and the AST builders
 * while one rule file is read.  Internal to the front end. */
#ifndef AWARD_PARSE_CTX_H
#define AWARD_PARSE_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

/* Brackets nested deeper than this are an error, not a stack overflow. */
#define PARSE_MAX_NESTING 200
/* Expressions deeper than this (a + a + ... or not not ...) likewise. */
#define PARSE_MAX_EXPR_DEPTH 1000

typedef struct Opener {
    int tok;        /* '(' '[' or '{' */
    Span at;
    int before;     /* the token before it: INPUT for an input block */
    int item;       /* the first token of the item it is in: CATEGORY for a
                       category's block, STAGE for a stage's inside it */
} Opener;

typedef struct ParseCtx {
    void *scanner;        /* the flex scanner (yyscan_t) */
    Rules *rules;
    Diags *diags;
    const Source *src;
    uint32_t file;        /* this file's index in Rules.files: every Span gets it */
    const char *text;
    size_t len;
    size_t start;         /* where the text begins: after a UTF-8 byte-order mark */
    size_t offset;        /* offset in text of the next token's start */
    bool abort;           /* a limit was hit: stop reporting, stop parsing */

    /* the lexer wrapper's state (see parse_lex in parser.y) */
    int last;             /* last token given to the parser */
    int prev;             /* the one before it */
    int item;             /* the first token of the current item */
    bool have_peek;       /* a token read ahead after a newline */
    int peek_tok;
    Span peek_loc;
    char peek_val[48];    /* its semantic value (a YYSTYPE), copied as bytes */
    bool recovering;      /* a syntax error was reported: skip the item */
    bool skip_block;      /* ... and the bad token was a `{`: skip its block */
    size_t close_pending; /* `}` to give for blocks left open (parse_lex) */
    bool newline_pending; /* ... each followed by an end of line */
    Span close_at;
    Opener open[PARSE_MAX_NESTING];
    size_t nopen;
    size_t nopen_before;  /* nopen before the last token was tracked */

    bool in_header;       /* between `award` and its `{`: `extends` is a word there */
    RuleFile *rf;         /* what the file says, as it is parsed */
    PtrVec cat_requires;              /* the category being read */
    const char *cur_stage;            /* the `stage NAME { ... }` being read */
    Span cur_stage_span;
    PtrVec group_requires;            /* the `conditions NAME { ... }` being read */
    const char *cat_score, *cat_tiers;
    Span cat_score_span, cat_tiers_span;
    TierEntry *cur_tier;              /* the tier entry being read */
} ParseCtx;

/* Days since 1970-01-01 of a YYYY-MM-DD text (proleptic Gregorian); false
 * when the month or day is not real. */
bool parse_date(const char *text, int32_t *days);

/* AST builders used by the grammar actions (ast.c). */
Expr *ast_expr(ParseCtx *pc, ExprTag tag, Span at);
Expr *ast_binary(ParseCtx *pc, ExprTag tag, Expr *a, Expr *b, Span at);
Expr *ast_unary(ParseCtx *pc, ExprTag tag, Expr *a, Span at);
const char *ast_source_text(ParseCtx *pc, Span at);

#endif

/* parse.c -- parsing one rule file's text: the scanner (grammar/lexer.l),
 * the token filter (lex_filter.c) and the grammar (grammar/parser.y) run
 * over it, into a RuleFile.  Reading files and following `extends` is
 * load.c's; the tree's builders are ast.c's. */
#include <stdio.h>
#include <string.h>

#include "ast.h"
#include "i18n.h"
#include "parse_ctx.h"
#include "parser.h"
/* The scanner's own entry point; the token filter's yylex wraps it. */
#define YY_DECL int raw_lex(YYSTYPE *yylval_param, Span *yylloc_param, yyscan_t yyscanner)
#include "lexer.h"
#include "utext.h"

/* Report every invalid UTF-8 sequence; the scanner then reads the bytes as
 * parts of names, so parsing can still go on. */
static void check_encoding(ParseCtx *pc)
{
    enum { MAX_SHOWN = 10 };
    size_t off = 0, bad = 0, places = 0;
    while (off < pc->len && !utext_valid(pc->text + off, pc->len - off, &bad)) {
        /* One message for a run of bad bytes (a word in another encoding). */
        size_t start = off + bad, end = start + 1;
        int32_t cp;
        while (end < pc->len && utext_decode(pc->text + end, pc->len - end, &cp) == 1 && cp < 0)
            end++;
        Span at = { (uint32_t)start, (uint32_t)end, pc->file };
        if (places++ < MAX_SHOWN && end - start == 1)
            diag_error(pc->diags, pc->src, at,
                       "this byte is not valid UTF-8: rule files must be UTF-8 (was this saved as TIS-620?)");
        else if (places <= MAX_SHOWN)
            diag_error(pc->diags, pc->src, at,
                       "these bytes are not valid UTF-8: rule files must be UTF-8 (was this saved as TIS-620?)");
        off = end;
    }
    if (places > MAX_SHOWN)
        diag_error(pc->diags, NULL, (Span){ 0 }, "%s: %zu more places are not valid UTF-8",
                   pc->rules->path, places - MAX_SHOWN);
}

RuleFile *rules_parse_file(Rules *r, Diags *diags, const char *path, const char *text, size_t len)
{
    const Source *src = diag_source(diags, path, text, len);
    if (!src)
        return NULL;
    ptrvec_push(&r->arena, &r->file_list, (void *)src);
    r->files = (const Source **)r->file_list.items;
    r->nfiles = r->file_list.count;
    RuleFile *rf = arena_alloc(&r->arena, sizeof *rf);
    rf->file = (uint32_t)(r->nfiles - 1);

    if (len > UINT32_MAX - 1) {
        diag_error(diags, src, (Span){ .file = rf->file }, "a rule file may be at most 4 GiB");
        return rf;
    }

    if (diag_is_utf16(text, len)) {
        /* Every other byte is zero: read on, it would give one message per
         * character, none of them saying what is wrong. */
        diag_error(diags, NULL, (Span){ 0 }, "%s is UTF-16 text; rule files must be UTF-8: %s", path,
                   _(DIAG_UTF16_ADVICE));
        return rf;
    }

    ParseCtx pc = { 0 };
    pc.rules = r;
    pc.rf = rf;
    pc.diags = diags;
    pc.src = src;
    pc.file = rf->file;
    pc.text = text;
    pc.len = len;
    /* A UTF-8 byte-order mark (Notepad's "UTF-8 with BOM") is not part of
     * the text: the scanner starts after it, spans stay offsets in text. */
    pc.start = diag_bom_length(text, len);
    pc.offset = pc.start;
    pc.last = NEWLINE;
    check_encoding(&pc);

    yyscan_t scanner;
    if (yylex_init_extra(&pc, &scanner) != 0) {
        diag_error(diags, src, (Span){ .file = rf->file }, "cannot start the scanner");
        return rf;
    }
    pc.scanner = scanner;
    YY_BUFFER_STATE buf = yy_scan_bytes(text + pc.start, (int)(len - pc.start), scanner);
    size_t errors_before = diag_count(diags, DIAG_ERROR);
    yyparse(&pc);
    rf->broken = diag_count(diags, DIAG_ERROR) > errors_before;
    yy_delete_buffer(buf, scanner);
    yylex_destroy(scanner);

    if (!rf->name && diag_count(diags, DIAG_ERROR) == 0)
        diag_error(diags, src, (Span){ .file = rf->file }, "a rule file must hold an `award name { ... }`");
    return rf;
}


/* lex_filter.c -- the token filter between the scanner and the parser.
 *
 * The flex scanner (grammar/lexer.l) gives every token, line breaks
 * included; the grammar wants items that end at a line break.  This filter
 * decides, token by token, what the parser sees:
 *
 * - which line breaks end an item: one after a token that can end an item,
 *   before a token that can begin one (so `and ...`, `when ...` and a label
 *   on the next line continue the item);
 * - the soft words: `extends` after the award's name, and the change verbs
 *   at the start of an item of a file that extends another, are words there
 *   and names everywhere else (so no field name of an old file breaks);
 * - recovery after a syntax error: the broken item is skipped to its line's
 *   end, a block inside it whole; an award-level item inside an unclosed
 *   block closes the blocks, with one message, so the rest of the file is
 *   read as written.
 *
 * It keeps the open brackets for messages (ParseCtx.open).  Like Lua's
 * llex.c beside lparser.c, it knows tokens, not grammar rules. */
#include <stdio.h>
#include <string.h>

#include "parse_ctx.h"
#include "parser.h"

/* ---- the lexer wrapper: soft words ---- */

/* Words that mean something only at the start of an item of a file that
 * extends another; anywhere else they are names. */
static const struct SoftWord {
    const char *word;
    int tok;
} change_verbs[] = {
    { "add", ADD }, { "change", CHANGE }, { "remove", REMOVE }, { "rename", RENAME }, { "keep", KEEP },
};

/* The innermost open block `{`, and how many blocks are open. */
static const Opener *inner_block(const ParseCtx *pc, size_t *depth)
{
    const Opener *in = NULL;
    *depth = 0;
    for (size_t i = 0; i < pc->nopen; i++)
        if (pc->open[i].tok == '{') {
            in = &pc->open[i];
            ++*depth;
        }
    return in;
}

static bool in_input_block(const ParseCtx *pc);

static int soft_word(ParseCtx *pc, int tok, const YYSTYPE *lval)
{
    if (tok != IDENT)
        return tok;
    /* Words of staged assessment, at the start of an item: `stages` and
     * `conditions` in the award's block, `stage` in a category's. */
    if ((pc->last == NEWLINE || pc->last == '{') && !in_input_block(pc)) {
        size_t depth;
        const Opener *blk = inner_block(pc, &depth);
        if (depth == 1 && strcmp(lval->str, "stages") == 0)
            return STAGES;
        if (depth == 1 && strcmp(lval->str, "conditions") == 0)
            return CONDITIONS;
        if (blk && (blk->item == CATEGORY || (blk->item == CHANGE && pc->rf->extends)) &&
            strcmp(lval->str, "stage") == 0)
            return STAGE; /* in a category, or a changed one */
    }
    if (pc->in_header && pc->last != AWARD && pc->nopen == 0 && strcmp(lval->str, "extends") == 0)
        return EXTENDS;
    if (pc->rf->extends && (pc->last == NEWLINE || pc->last == '{'))
        for (size_t i = 0; i < sizeof change_verbs / sizeof change_verbs[0]; i++)
            if (strcmp(lval->str, change_verbs[i].word) == 0)
                return change_verbs[i].tok;
    return tok;
}

/* ---- the lexer wrapper: which newlines end an item ---- */

/* Tokens after which a line may end an item. */
static bool can_end_item(int tok)
{
    switch (tok) {
    case IDENT: case NUMBER: case STRING: case DATE_LIT: case BOOLEAN:
    case MODE: case ')': case ']': case '}': case CAPPED: case OTHERWISE:
    case TEXT: case BOOL: case INTEGER: case DECIMAL: case YEAR: case DATE:
    case CATEGORY:
        return true;
    default:
        return false;
    }
}

/* Tokens that can begin an item: a newline before any other token joins
 * the two lines (`and ...`, `when ...`, a label in quotes, a closing `}`). */
static bool can_begin_item(int tok)
{
    switch (tok) {
    case IDENT: case AWARD: case YEAR: case PRECISION: case INPUT: case LET:
    case SCORE: case TIERS: case CATEGORY: case REQUIRE: case SCORED:
    case BONUS: case END: case ADD: case CHANGE: case REMOVE: case RENAME: case KEEP:
    case STAGES: case STAGE: case CONDITIONS:
        return true;
    default:
        return false;
    }
}

/* The words of the language that are names too where a name is wanted
 * (the grammar's rule `name`): a field may be called `note` or `from`. */
static bool soft_name(int tok)
{
    switch (tok) {
    case TEXT: case BOOL: case INTEGER: case DECIMAL: case DATE: case LIST: case ONE: case OF:
    case OPTIONAL: case OUT: case CAPPED: case WEIGHT: case AT: case LEAST: case FROM: case TO:
    case OTHERWISE: case BY: case PER: case ON: case NOTE: case WHEN:
        return true;
    default:
        return false;
    }
}

/* Tokens after which a word is a name in an expression (`require note`,
 * `v and when`), so a line may end on it: the same word after a label or
 * a number is the word itself (`"ดี" at`, `50 "..." when`) and the item
 * goes on. */
static bool name_before(int tok)
{
    switch (tok) {
    case REQUIRE: case AND: case OR: case NOT: case IN: case NE: case LE: case GE: case DOTDOT:
    case '=': case '<': case '>': case '+': case '-': case '*': case '/': case '(': case '[': case ',':
    case ':':
        return true;
    default:
        return false;
    }
}

/* Whether the innermost open block is an `input { ... }`, where every
 * line starts with a field's name (which may be such a word). */
static bool in_input_block(const ParseCtx *pc)
{
    for (size_t i = pc->nopen; i > 0; i--)
        if (pc->open[i - 1].tok == '{')
            return pc->open[i - 1].before == INPUT;
    return false;
}

int raw_lex(YYSTYPE *lval, Span *lloc, void *scanner);

static int next_raw(YYSTYPE *lval, Span *lloc, ParseCtx *pc)
{
    if (pc->have_peek) {
        pc->have_peek = false;
        memcpy(lval, pc->peek_val, sizeof *lval);
        *lloc = pc->peek_loc;
        return pc->peek_tok;
    }
    int tok = pc->abort ? END : raw_lex(lval, lloc, pc->scanner);
    if (tok == END) /* flex sets no location at the end */
        *lloc = (Span){ (uint32_t)pc->len, (uint32_t)pc->len, pc->file };
    return tok;
}


static void track_brackets(ParseCtx *pc, int tok, Span at)
{
    /* The openers as they were before this token: a message about it names
     * the bracket it closed too early (entries above nopen stay intact
     * until the next opener). */
    pc->nopen_before = pc->nopen;
    if (tok == '(' || tok == '[' || tok == '{') {
        if (pc->nopen == PARSE_MAX_NESTING) {
            diag_error(pc->diags, pc->src, at,
                       "brackets are nested more than %d deep; the rest of the file is not read",
                       PARSE_MAX_NESTING);
            pc->abort = true;
            return;
        }
        pc->open[pc->nopen++] = (Opener){ tok, at, pc->last, pc->item };
    } else if (tok == ')' || tok == ']' || tok == '}') {
        int want = tok == ')' ? '(' : tok == ']' ? '[' : '{';
        /* Pop up to the matching opener, so one missing `)` does not
         * confuse every later message. */
        size_t i = pc->nopen;
        while (i > 0 && pc->open[i - 1].tok != want)
            i--;
        if (i > 0)
            pc->nopen = i - 1;
    }
}

/* After a syntax error the parser skips the broken item up to its newline.
 * A block `{ ... }` inside that item is skipped whole, so that its closing
 * `}` is not taken for the end of the enclosing block. */
static int skip_block(YYSTYPE *lval, Span *lloc, ParseCtx *pc, int depth)
{
    while (depth > 0) {
        int tok = next_raw(lval, lloc, pc);
        if (tok == END)
            return END;
        track_brackets(pc, tok, *lloc);
        if (tok == '{')
            depth++;
        else if (tok == '}')
            depth--;
    }
    pc->recovering = false;
    pc->last = NEWLINE;
    return NEWLINE;
}

/* Items that belong in the award's own block, never in an inner one. */
static bool award_level(int tok)
{
    switch (tok) {
    case AWARD: case YEAR: case PRECISION: case INPUT: case LET:
    case SCORE: case TIERS: case CATEGORY:
        return true;
    default:
        return false;
    }
}

/* An award-level item starting a line inside an inner block means that
 * block's `}` is missing: say so once, where it shows, and close the
 * blocks here so that the rest of the file is read as written. */
static bool close_missing_blocks(ParseCtx *pc, int tok, const YYSTYPE *lval, Span at)
{
    size_t first = 0;
    while (first < pc->nopen && pc->open[first].tok != '{')
        first++;
    size_t inner = pc->nopen;
    while (inner > first + 1 && pc->open[inner - 1].tok != '{')
        inner--;
    if (first + 1 >= inner)
        return false;
    const Opener *o = &pc->open[inner - 1];
    unsigned line, col;
    diag_linecol(pc->src, o->at.start, &line, &col);
    const char *word = parse_token_name(tok);
    diag_error(pc->diags, pc->src, at, "expected `}` to close the block opened at line %u before `%s`",
               line, word);
    diag_note(pc->diags, pc->src, o->at, "this `{` is not closed");
    size_t blocks = 0;
    for (size_t i = first + 1; i < pc->nopen; i++)
        blocks += pc->open[i].tok == '{';
    pc->nopen = first + 1;
    pc->close_pending = blocks;
    pc->close_at = (Span){ at.start, at.start, at.file };
    pc->have_peek = true;
    pc->peek_tok = tok;
    pc->peek_loc = at;
    memcpy(pc->peek_val, lval, sizeof *lval);
    return true;
}

int yylex(YYSTYPE *lval, Span *lloc, ParseCtx *pc)
{
    if (pc->close_pending || pc->newline_pending) {
        *lloc = pc->close_at;
        if (pc->newline_pending) {
            pc->newline_pending = false;
            return pc->last = NEWLINE;
        }
        pc->close_pending--;
        pc->newline_pending = pc->close_pending == 0; /* `}` `}` then the end of the line */
        return pc->last = '}';
    }
    if (pc->skip_block) {
        pc->skip_block = false;
        return skip_block(lval, lloc, pc, 1);
    }
    for (;;) {
        int tok = next_raw(lval, lloc, pc);
        if (pc->recovering && tok == '{') {
            track_brackets(pc, tok, *lloc);
            return skip_block(lval, lloc, pc, 1);
        }
        if (pc->recovering && tok == '}')
            pc->recovering = false;
        if (tok != NEWLINE) {
            tok = soft_word(pc, tok, lval);
            if (pc->last == NEWLINE || pc->last == '{' || pc->last == 0)
                pc->item = tok;
            track_brackets(pc, tok, *lloc);
            if (pc->abort)
                tok = END;
            if (tok == AWARD)
                pc->in_header = true;
            else if (tok == '{')
                pc->in_header = false;
            pc->prev = pc->last;
            pc->last = tok;
            return tok;
        }
        Span nl = *lloc;
        /* Look past this newline and any blank lines after it. */
        YYSTYPE val;
        Span loc;
        int next;
        do
            next = next_raw(&val, &loc, pc);
        while (next == NEWLINE);
        pc->have_peek = true;
        pc->peek_tok = next;
        pc->peek_loc = loc;
        memcpy(pc->peek_val, &val, sizeof val);
        if (award_level(next) && !pc->recovering && close_missing_blocks(pc, next, &val, loc))
            return yylex(lval, lloc, pc);
        bool ends = can_end_item(pc->last) || (soft_name(pc->last) && name_before(pc->prev));
        bool begins = can_begin_item(next) || (soft_name(next) && in_input_block(pc));
        if ((ends || pc->recovering) && begins && next != END) {
            pc->recovering = false;
            *lloc = nl;
            pc->last = NEWLINE;
            return NEWLINE;
        }
        /* Otherwise the item goes on: the peeked token comes next. */
    }
}


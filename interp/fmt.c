/* fmt.c -- the canonical layout of rule files and scenario files.  See
 * fmt.h for what it promises and docs/fmt.md for the layout.
 *
 * Three passes over the lines: tokens (lex), indentation (indent), and the
 * columns of aligned items (align); then the lines are written out.  Only
 * blanks change, and only where the scanners do not care: between two
 * atoms the formatter keeps "touching" or "apart" as it found it, and it
 * adds or removes a blank only next to a quote, a comment, a bracket or a
 * comma, which no atom can swallow. */
#include <stdint.h>
#include <string.h>

#include "fmt.h"
#include "mem.h"
#include "utext.h"

enum {
    TAB_STOP = 8,      /* a tab in the indentation moves to the next multiple */
    INDENT = 2,        /* per { } block, as in the shipped files */
    MAX_CELLS = 32,    /* cells of a line that take part in alignment */
};

typedef struct Tok {
    FmtTokKind kind;
    size_t start, len;     /* bytes of the text; a comment without trailing blanks */
    bool space_before;     /* blanks before it on its line */
} Tok;

typedef enum LineKind { L_BLANK, L_COMMENT, L_ITEM, L_CONT, L_CLOSE } LineKind;

typedef struct Line {
    size_t start;          /* byte offset of the line */
    size_t first, ntok;    /* its tokens in Lex.toks */
    size_t src_indent;     /* columns of its leading blanks, tabs to TAB_STOP */
    size_t out_indent;     /* columns it gets */
    size_t depth_in;       /* brackets open before it */
    size_t depth_out;      /* ... and after it */
    LineKind kind;
    long item;             /* index of the item it belongs to, -1 for none */
    long block;            /* line that opened its { } block, -1 at the top */
    bool trailing;         /* its last token is a comment after code */
    long tcont_col;        /* a continuation starting with a text: its column, -1 if none */
} Line;

/* An item: a line at block level and its continuation lines. */
typedef struct Item {
    size_t line, nlines;
    bool alignable;        /* no bracket left open across its lines */
    char pattern[MAX_CELLS + 2];   /* cell kinds: H(ead), T(ext), X (the rest) */
    size_t ncells;         /* cells on its first line (<= MAX_CELLS) */
    bool virtual_t;        /* a continuation line starting with a text is cell ncells */
    size_t cell_tok[MAX_CELLS];    /* first token of each cell */
    size_t pos[MAX_CELLS];         /* column of each cell */
    size_t end[MAX_CELLS];         /* column after each cell */
    long group;            /* alignment group at the level being placed */
} Item;

typedef struct Lex {
    const char *text;
    size_t len, bom;
    Tok *toks;
    size_t ntoks, captoks;
    Line *lines;
    size_t nlines, caplines;
} Lex;

typedef struct Bracket {
    char c;
    size_t line;           /* where it was opened */
} Bracket;

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_eol(char c) { return c == '\n' || c == '\r'; }
static bool is_delim(char c)
{
    return is_blank(c) || is_eol(c) || c == '#' || c == '"' || c == '(' || c == ')' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == ',';
}

static bool add_tok(Lex *lx, Tok t)
{
    Tok *n = mem_grow(lx->toks, &lx->captoks, lx->ntoks + 1, sizeof *n);
    if (!n)
        return false;
    lx->toks = n;
    lx->toks[lx->ntoks++] = t;
    return true;
}

static bool add_line(Lex *lx, Line l)
{
    Line *n = mem_grow(lx->lines, &lx->caplines, lx->nlines + 1, sizeof *n);
    if (!n)
        return false;
    lx->lines = n;
    lx->lines[lx->nlines++] = l;
    return true;
}

static void set_error(FmtError *err, const Lex *lx, size_t line_start, size_t at, size_t lineno, const char *msg)
{
    if (!err)
        return;
    err->line = lineno;
    err->col = utext_width(lx->text + line_start, at - line_start) + 1;
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

static void lex_free(Lex *lx)
{
    mem_free(lx->toks);
    mem_free(lx->lines);
}

/* Split the text into lines and tokens.  False with err set on an unclosed
 * quote (or when memory ran out). */
static bool lex(Lex *lx, const char *text, size_t len, FmtError *err)
{
    memset(lx, 0, sizeof *lx);
    lx->text = text;
    lx->len = len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        lx->bom = 3;
    size_t i = lx->bom, lineno = 1;
    while (i < len || lineno == 1) {
        Line l = { .start = i, .first = lx->ntoks, .item = -1, .block = -1, .tcont_col = -1 };
        size_t col = 0;
        while (i < len && is_blank(text[i])) {
            col = text[i] == '\t' ? (col / TAB_STOP + 1) * TAB_STOP : col + 1;
            i++;
        }
        l.src_indent = col;
        bool space = false;
        while (i < len && !is_eol(text[i])) {
            char c = text[i];
            if (is_blank(c)) {
                space = true;
                i++;
                continue;
            }
            Tok t = { .start = i, .space_before = space };
            if (c == '#') {
                size_t j = i;
                while (j < len && !is_eol(text[j]))
                    j++;
                size_t e = j;
                while (e > i && is_blank(text[e - 1]))
                    e--;
                t.kind = FT_COMMENT;
                t.len = e - i;
                i = j;
            } else if (c == '"') {
                size_t j = i + 1;
                while (j < len && text[j] != '"' && !is_eol(text[j]))
                    j += text[j] == '\\' && j + 1 < len && !is_eol(text[j + 1]) ? 2 : 1;
                if (j >= len || text[j] != '"') {
                    set_error(err, lx, l.start, i, lineno,
                              "this text in quotes has no closing quote on its line; add the \" that ends it "
                              "(a text cannot go on to the next line)");
                    lex_free(lx);
                    return false;
                }
                t.kind = FT_TEXT;
                t.len = j + 1 - i;
                i = j + 1;
            } else if (c == '(' || c == '[' || c == '{' || c == ')' || c == ']' || c == '}' || c == ',') {
                t.kind = c == ',' ? FT_COMMA : (c == '(' || c == '[' || c == '{') ? FT_OPEN : FT_CLOSE;
                t.len = 1;
                i++;
            } else {
                size_t j = i;
                while (j < len && !is_delim(text[j]))
                    j++;
                t.kind = FT_ATOM;
                t.len = j - i;
                i = j;
            }
            space = false;
            if (!add_tok(lx, t))
                goto nomem;
        }
        l.ntok = lx->ntoks - l.first;
        l.trailing = l.ntok > 1 && lx->toks[lx->ntoks - 1].kind == FT_COMMENT;
        if (!add_line(lx, l))
            goto nomem;
        if (i >= len)
            break;
        i += text[i] == '\r' && i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
        lineno++;
        if (i >= len)
            break;   /* the text ends with its line break */
    }
    return true;
nomem:
    if (err) {
        err->line = lineno;
        err->col = 1;
        snprintf(err->msg, sizeof err->msg, "out of memory");
    }
    lex_free(lx);
    return false;
}

static const Tok *ltok(const Lex *lx, const Line *l, size_t k) { return &lx->toks[l->first + k]; }

static bool tok_is(const Lex *lx, const Tok *t, char c)
{
    return (t->kind == FT_OPEN || t->kind == FT_CLOSE || t->kind == FT_COMMA) && lx->text[t->start] == c;
}

/* Whether a blank goes between two tokens of a line.  Between atoms (and
 * texts and comments) the author's choice stays: the scanners read `a>=3`
 * and `a >= 3` alike, but `half-up` is one word and `half - up` three.
 * Next to brackets and commas, which are tokens of their own whatever is
 * around them, the layout is fixed. */
static bool space_between(const Lex *lx, const Tok *a, const Tok *b)
{
    if (b->kind == FT_COMMENT)
        return true;
    if (tok_is(lx, a, '(') || tok_is(lx, a, '['))
        return false;
    if (tok_is(lx, b, ')') || tok_is(lx, b, ']') || b->kind == FT_COMMA)
        return false;
    if (a->kind == FT_COMMA || tok_is(lx, a, '{') || tok_is(lx, b, '{') || tok_is(lx, b, '}'))
        return true;
    return b->space_before;
}

static size_t tok_width(const Lex *lx, const Tok *t) { return utext_width(lx->text + t->start, t->len); }

static bool atom_is(const Lex *lx, const Tok *t, const char *word)
{
    return t->kind == FT_ATOM && t->len == strlen(word) && memcmp(lx->text + t->start, word, t->len) == 0;
}

/* An operator: an atom of + - * / = ! < > . only (`>=`, `..`, `-`). */
static bool is_operator(const Lex *lx, const Tok *t)
{
    if (t->kind != FT_ATOM)
        return false;
    for (size_t i = 0; i < t->len; i++)
        if (!strchr("+-*/=!<>.", lx->text[t->start + i]))
            return false;
    return true;
}

/* Whether line l goes on with the item of the code line before it, by the
 * language's rule for lines (docs/language.md section 3), which is about
 * the tokens at the ends of the lines: the line before ends with an
 * operator, `and`, `or`, `not`, a comma or an opening bracket, or this one
 * starts with a text in quotes, an operator, `and`, `or`, `when` or `note`.
 * No word that starts an item is needed, so new ones change nothing. */
static bool goes_on(const Lex *lx, const Line *prev, const Line *l)
{
    size_t n = prev->trailing ? prev->ntok - 1 : prev->ntok;
    if (n > 0) {
        const Tok *e = ltok(lx, prev, n - 1);
        if (e->kind == FT_COMMA || e->kind == FT_OPEN || is_operator(lx, e) || atom_is(lx, e, "and") ||
            atom_is(lx, e, "or") || atom_is(lx, e, "not"))
            return true;
    }
    const Tok *b = ltok(lx, l, 0);
    return b->kind == FT_TEXT || is_operator(lx, b) || atom_is(lx, b, "and") || atom_is(lx, b, "or") ||
           atom_is(lx, b, "when") || atom_is(lx, b, "note");
}

/* ---- indentation ---- */

/* Room for `need` anchors; the new ones are -1 (no item yet). */
static bool grow_anchors(long **anchor, size_t *cap, size_t need)
{
    size_t old = *cap;
    long *a = mem_grow(*anchor, cap, need, sizeof *a);
    if (!a)
        return false;
    for (size_t i = old; i < *cap; i++)
        a[i] = -1;
    *anchor = a;
    return true;
}

/* Rule files: a line inside { } is indented one step more than the item
 * that opened the block; a line that goes on with an item (the author
 * indented it more than the item's first line) keeps how much more; a line
 * inside ( ) or [ ] opened on an earlier line is such a continuation too,
 * at least one step in.  Scenario files keep the author's indentation: the
 * scanner ignores it, and the layout of cases under scenarios is a matter
 * of words, not brackets. */
static bool indent(Lex *lx, FmtLang lang)
{
    size_t cap = 0;
    Bracket *stack = NULL;
    size_t depth = 0;
    /* per stack height: the first line of the item being read */
    size_t capanchor = 0;
    long *anchor = NULL;
    long last_code = -1;   /* the last line with code */
    bool ok = true;
    for (size_t n = 0; n < lx->nlines && ok; n++) {
        Line *l = &lx->lines[n];
        l->depth_in = depth;
        size_t lead = 0;
        while (lead < l->ntok && ltok(lx, l, lead)->kind == FT_CLOSE)
            lead++;
        size_t h = depth >= lead ? depth - lead : 0;   /* after its leading closers */
        if (l->ntok == 0) {
            l->kind = L_BLANK;
        } else if (ltok(lx, l, 0)->kind == FT_COMMENT) {
            l->kind = L_COMMENT;
        } else if (lead) {
            l->kind = L_CLOSE;
        } else {
            l->kind = L_ITEM;
        }
        if (!grow_anchors(&anchor, &capanchor, depth + 2)) {
            ok = false;
            break;
        }
        bool in_block = h == 0 || stack[h - 1].c == '{';
        /* The indentation of an item of the block at height h. */
        size_t block_indent = 0;
        long block = -1;
        for (size_t b = h; b > 0; b--)
            if (stack[b - 1].c == '{') {
                block = (long)stack[b - 1].line;
                const Line *op = &lx->lines[block];
                block_indent = (op->item >= 0 ? lx->lines[op->item].out_indent : op->out_indent) + INDENT;
                break;
            }
        l->block = block;
        if (lang == FMT_SCENARIO) {
            l->out_indent = l->src_indent;
        } else if (l->kind == L_BLANK) {
            /* nothing */
        } else if (!in_block) {
            /* inside ( ) or [ ]: goes on with the line that opened it */
            const Line *op = &lx->lines[stack[h - 1].line];
            size_t extra = l->src_indent > op->src_indent ? l->src_indent - op->src_indent : 0;
            l->out_indent = op->out_indent + (extra < INDENT ? INDENT : extra);
            l->item = op->item;
            if (l->kind == L_ITEM)
                l->kind = L_CONT;
        } else if (l->kind == L_COMMENT || l->kind == L_CLOSE) {
            l->out_indent = block_indent;
            if (l->kind == L_CLOSE)
                anchor[h] = -1;
        } else if (anchor[h] >= 0 && last_code >= 0 && goes_on(lx, &lx->lines[last_code], l)) {
            /* it keeps how much further in than the item's first line the
             * author put it, at least two steps */
            const Line *a = &lx->lines[anchor[h]];
            size_t extra = l->src_indent > a->src_indent ? l->src_indent - a->src_indent : 2 * INDENT;
            l->out_indent = a->out_indent + extra;
            l->kind = L_CONT;
            l->item = anchor[h];
        } else {
            l->out_indent = block_indent;
            anchor[h] = (long)n;
            l->item = (long)n;
        }
        if (lang == FMT_SCENARIO && l->kind == L_ITEM)
            l->item = (long)n;
        /* the brackets of the line */
        for (size_t k = 0; k < l->ntok; k++) {
            const Tok *t = ltok(lx, l, k);
            if (t->kind == FT_OPEN) {
                Bracket *s = mem_grow(stack, &cap, depth + 1, sizeof *s);
                if (!s || !grow_anchors(&anchor, &capanchor, depth + 2)) {
                    if (s)
                        stack = s;
                    ok = false;
                    break;
                }
                stack = s;
                stack[depth] = (Bracket){ lx->text[t->start], n };
                depth++;
                anchor[depth] = -1;
            } else if (t->kind == FT_CLOSE && depth > 0) {
                depth--;
            }
        }
        l->depth_out = depth;
        if (l->kind != L_BLANK && l->kind != L_COMMENT)
            last_code = (long)n;
    }
    mem_free(stack);
    mem_free(anchor);
    return ok;
}

/* ---- alignment ---- */

/* Width of tokens [from, to) of line l as written, blanks between them
 * included. */
static size_t span_width(const Lex *lx, const Line *l, size_t from, size_t to)
{
    size_t w = 0;
    for (size_t k = from; k < to; k++) {
        const Tok *t = ltok(lx, l, k);
        if (k > from && space_between(lx, ltok(lx, l, k - 1), t))
            w++;
        w += tok_width(lx, t);
    }
    return w;
}

/* The cells of an item's first line: its first token (H), each text at
 * the line's own bracket level (T), and the runs of tokens between (X).  A
 * trailing comment is no cell. */
static void cells(const Lex *lx, Item *it)
{
    const Line *l = &lx->lines[it->line];
    size_t n = l->trailing ? l->ntok - 1 : l->ntok;
    it->ncells = 0;
    it->alignable = it->alignable && n > 0 &&
                    (ltok(lx, l, 0)->kind == FT_ATOM || ltok(lx, l, 0)->kind == FT_TEXT);
    if (!it->alignable)
        return;
    it->pattern[0] = 'H';
    it->cell_tok[0] = 0;
    it->ncells = 1;
    size_t d = 0;
    for (size_t k = 1; k < n && it->ncells < MAX_CELLS; k++) {
        const Tok *t = ltok(lx, l, k);
        if (t->kind == FT_CLOSE && d > 0)
            d--;
        /* a text compared with (`lvl = "good"`) is part of an expression */
        char kind = d == 0 && t->kind == FT_TEXT && !is_operator(lx, ltok(lx, l, k - 1)) ? 'T' : 'X';
        char prev = it->pattern[it->ncells - 1];
        if (kind == 'T' || prev != 'X') {
            it->pattern[it->ncells] = kind;
            it->cell_tok[it->ncells++] = k;
        }
        if (t->kind == FT_OPEN)
            d++;
    }
    it->pattern[it->ncells] = '\0';
}

static size_t cell_end_tok(const Lex *lx, const Item *it, size_t c)
{
    const Line *l = &lx->lines[it->line];
    size_t n = l->trailing ? l->ntok - 1 : l->ntok;
    return c + 1 < it->ncells ? it->cell_tok[c + 1] : n;
}

/* Place the cells of the items of one run (run[0..n) index items):
 * column by column, items with the same cell kinds so far form a group,
 * and a group of two or more (counting items whose text is on the next
 * line) starts the cell at one column, past the widest: one blank, two
 * before a text that follows other words (a message or a label), as the
 * shipped files have them.  Groups split in two (T, X) at each column, so
 * the work is linear in the items. */
static bool place_run(Lex *lx, Item *items, const size_t *run, size_t n)
{
    if (n == 0)
        return true;
    size_t maxc = 0;
    for (size_t r = 0; r < n; r++) {
        Item *it = &items[run[r]];
        const Line *l = &lx->lines[it->line];
        it->pos[0] = l->out_indent;
        it->end[0] = it->pos[0] + span_width(lx, l, 0, cell_end_tok(lx, it, 0));
        it->group = 0;
        size_t c = it->ncells + (it->virtual_t ? 1 : 0);
        if (c > maxc)
            maxc = c;
    }
    size_t slots = 2 * n + 2;
    size_t *count = mem_calloc(slots, sizeof *count);
    size_t *online = mem_calloc(slots, sizeof *online);
    size_t *col = mem_calloc(slots, sizeof *col);
    long *renum = mem_calloc(slots, sizeof *renum);
    bool ok = count && online && col && renum;
    for (size_t c = 1; ok && c < maxc && c < MAX_CELLS; c++) {
        for (size_t g = 0; g < slots; g++) {
            count[g] = online[g] = col[g] = 0;
            renum[g] = -1;
        }
        /* the new groups: old group x kind of cell c */
        for (size_t r = 0; r < n; r++) {
            Item *it = &items[run[r]];
            if (it->group < 0)
                continue;
            bool on = c < it->ncells;
            bool virt = !on && it->virtual_t && c == it->ncells;
            if (!on && !virt) {
                it->group = -1;
                continue;
            }
            char kind = on ? it->pattern[c] : 'T';
            it->group = it->group * 2 + (kind == 'T' ? 0 : 1);
            count[it->group]++;
            if (on) {
                online[it->group]++;
                size_t gap = kind == 'T' && it->pattern[c - 1] == 'X' ? 2 : 1;
                size_t need = it->end[c - 1] + gap;
                if (need > col[it->group])
                    col[it->group] = need;
            }
        }
        /* place the cells; renumber the groups that go on */
        long next = 0;
        for (size_t r = 0; r < n; r++) {
            Item *it = &items[run[r]];
            if (it->group < 0)
                continue;
            size_t g = (size_t)it->group;
            bool aligned = count[g] >= 2 && online[g] >= 1;
            if (c < it->ncells) {
                const Line *l = &lx->lines[it->line];
                size_t t0 = it->cell_tok[c];
                if (aligned)
                    it->pos[c] = col[g];
                else
                    it->pos[c] = it->end[c - 1] + (space_between(lx, ltok(lx, l, t0 - 1), ltok(lx, l, t0)) ? 1 : 0);
                it->end[c] = it->pos[c] + span_width(lx, l, t0, cell_end_tok(lx, it, c));
            } else if (aligned) {
                /* the text on a continuation line starts at the column */
                for (size_t k = it->line + 1; k < it->line + it->nlines; k++)
                    if (lx->lines[k].kind == L_CONT && ltok(lx, &lx->lines[k], 0)->kind == FT_TEXT) {
                        lx->lines[k].tcont_col = (long)col[g];
                        break;
                    }
            }
            if (renum[g] < 0)
                renum[g] = next++;
            it->group = renum[g];
        }
    }
    mem_free(count);
    mem_free(online);
    mem_free(col);
    mem_free(renum);
    return ok;
}

/* Items of rule files, and the runs of them that align: the items of one
 * block in a row, across blank and comment lines, up to an item that
 * opens a block or a bracket it does not close on its line.  Only items
 * with a text (a label, a message) take part.  *line_item: per line, the
 * index of the item it starts in *out_items, or -1. */
static bool align(Lex *lx, Item **out_items, long **line_item)
{
    size_t nitems = 0, cap = 0;
    Item *items = NULL;
    long *li = mem_calloc(lx->nlines + 1, sizeof *li);
    size_t *run = mem_calloc(lx->nlines + 1, sizeof *run);
    if (!li || !run)
        goto nomem;
    for (size_t n = 0; n < lx->nlines; n++) {
        li[n] = -1;
        Line *l = &lx->lines[n];
        if (l->kind != L_ITEM)
            continue;
        Item *grown = mem_grow(items, &cap, nitems + 1, sizeof *grown);
        if (!grown)
            goto nomem;
        items = grown;
        li[n] = (long)nitems;
        Item *it = &items[nitems++];
        memset(it, 0, sizeof *it);
        it->line = n;
        it->nlines = 1;
        it->alignable = l->depth_out == l->depth_in;
        for (size_t k = n + 1; k < lx->nlines; k++) {
            const Line *c = &lx->lines[k];
            if (c->kind == L_BLANK || c->kind == L_COMMENT)
                continue;
            if (c->item != (long)n)
                break;
            it->nlines = k + 1 - n;
            if (c->depth_in != l->depth_in || c->depth_out != l->depth_in)
                it->alignable = false;
            if (!it->virtual_t && c->kind == L_CONT && ltok(lx, c, 0)->kind == FT_TEXT)
                it->virtual_t = true;
        }
        cells(lx, it);
        if (it->ncells >= MAX_CELLS)
            it->virtual_t = false;
    }
    size_t nrun = 0;
    long block = -2;
    for (size_t i = 0; i <= nitems; i++) {
        bool ends = i == nitems || !items[i].alignable || lx->lines[items[i].line].block != block;
        if (ends) {
            if (!place_run(lx, items, run, nrun))
                goto nomem;
            nrun = 0;
            block = i < nitems ? lx->lines[items[i].line].block : -2;
        }
        if (i == nitems)
            break;
        Item *it = &items[i];
        if (!it->alignable) {
            it->ncells = 0;
            block = -2;   /* nothing after it aligns with what came before */
            continue;
        }
        if (it->virtual_t || strchr(it->pattern + 1, 'T'))
            run[nrun++] = i;
        else
            it->ncells = 0;   /* written plainly */
    }
    mem_free(run);
    *out_items = items;
    *line_item = li;
    return true;
nomem:
    mem_free(items);
    mem_free(li);
    mem_free(run);
    return false;
}

/* ---- writing ---- */

static void spaces(Sb *out, size_t n)
{
    static const char blanks[] = "                                ";
    while (n) {
        size_t k = n < sizeof blanks - 1 ? n : sizeof blanks - 1;
        sb_add(out, blanks, k);
        n -= k;
    }
}

/* Write one line's tokens from column `at` on; cells of an aligned item
 * start at their columns.  Returns the column after the code (before a
 * trailing comment, which is not written). */
static size_t write_code(const Lex *lx, const Line *l, const Item *it, Sb *out)
{
    size_t at = l->out_indent;
    size_t n = l->trailing ? l->ntok - 1 : l->ntok;
    if (l->tcont_col >= 0)
        at = (size_t)l->tcont_col;
    spaces(out, at);
    size_t cell = 1;
    for (size_t k = 0; k < n; k++) {
        const Tok *t = ltok(lx, l, k);
        if (it && cell < it->ncells && it->cell_tok[cell] == k) {
            spaces(out, it->pos[cell] - at);
            at = it->pos[cell];
            cell++;
        } else if (k > 0 && space_between(lx, ltok(lx, l, k - 1), t)) {
            sb_add(out, " ", 1);
            at++;
        }
        sb_add(out, lx->text + t->start, t->len);
        at += tok_width(lx, t);
    }
    return at;
}

bool fmt_text(const char *text, size_t len, FmtLang lang, Sb *out, FmtError *err)
{
    Lex lx;
    if (!lex(&lx, text, len, err))
        return false;
    Item *items = NULL;
    long *line_item = NULL;
    bool ok = indent(&lx, lang);
    if (ok && lang == FMT_RULES)
        ok = align(&lx, &items, &line_item);
    if (!ok) {
        if (err) {
            err->line = err->col = 1;
            snprintf(err->msg, sizeof err->msg, "out of memory");
        }
        mem_free(items);
        lex_free(&lx);
        return false;
    }
    Sb body = { 0 };
    size_t *code_end = mem_calloc(lx.nlines + 1, sizeof *code_end);
    size_t *line_at = mem_calloc(lx.nlines + 1, sizeof *line_at);
    if (!code_end || !line_at) {
        mem_free(code_end);
        mem_free(line_at);
        mem_free(items);
        lex_free(&lx);
        if (err) {
            err->line = err->col = 1;
            snprintf(err->msg, sizeof err->msg, "out of memory");
        }
        return false;
    }
    /* First the code of every line, remembering where each line's text
     * is; then the trailing comments, aligned over the lines in a row that
     * have one, two blanks past the longest code. */
    Sb code = { 0 };
    size_t *starts = mem_calloc(lx.nlines + 1, sizeof *starts);
    for (size_t n = 0; n < lx.nlines; n++) {
        const Line *l = &lx.lines[n];
        const Item *it = line_item && line_item[n] >= 0 && items[line_item[n]].ncells ? &items[line_item[n]] : NULL;
        starts[n] = code.len;
        if (l->kind == L_BLANK) {
            code_end[n] = 0;
        } else if (l->kind == L_COMMENT) {
            spaces(&code, l->out_indent);
            const Tok *t = ltok(&lx, l, 0);
            sb_add(&code, lx.text + t->start, t->len);
        } else {
            code_end[n] = write_code(&lx, l, it, &code);
        }
        line_at[n] = code.len;
    }
    starts[lx.nlines] = code.len;
    if (lx.bom)
        sb_add(&body, lx.text, lx.bom);
    /* Scenario files keep two blank lines in a row: the shipped ones set
     * scenarios apart with two, and their parts with one. */
    size_t max_blank = lang == FMT_SCENARIO ? 2 : 1, blanks = 0;
    bool any = false;
    for (size_t n = 0; n < lx.nlines; n++) {
        const Line *l = &lx.lines[n];
        if (l->kind == L_BLANK) {
            blanks += any;
            continue;
        }
        for (; blanks; blanks--)
            if (blanks <= max_blank)
                sb_add(&body, "\n", 1);
        any = true;
        sb_add(&body, code.s + starts[n], line_at[n] - starts[n]);
        if (l->trailing) {
            size_t m = n, col = 0;
            while (m > 0 && lx.lines[m - 1].trailing)
                m--;
            for (; m < lx.nlines && lx.lines[m].trailing; m++)
                if (code_end[m] + 2 > col)
                    col = code_end[m] + 2;
            spaces(&body, col - code_end[n]);
            const Tok *t = ltok(&lx, l, l->ntok - 1);
            sb_add(&body, lx.text + t->start, t->len);
        }
        sb_add(&body, "\n", 1);
    }
    if (body.len)
        sb_add(out, body.s, body.len);
    sb_free(&body);
    sb_free(&code);
    mem_free(starts);
    mem_free(code_end);
    mem_free(line_at);
    mem_free(items);
    mem_free(line_item);
    lex_free(&lx);
    return true;
}

/* ---- the token sequence, for the meaning check ---- */

size_t fmt_tokens(const char *text, size_t len, FmtTok **toks, FmtError *err)
{
    *toks = NULL;
    Lex lx;
    if (!lex(&lx, text, len, err))
        return (size_t)-1;
    size_t n = 0, cap = 0;
    FmtTok *out = NULL;
    bool pending = false;
    for (size_t i = 0; i < lx.nlines; i++) {
        const Line *l = &lx.lines[i];
        for (size_t k = 0; k < l->ntok; k++) {
            const Tok *t = ltok(&lx, l, k);
            FmtTok *g = mem_grow(out, &cap, n + 2, sizeof *g);
            if (!g) {
                mem_free(out);
                lex_free(&lx);
                if (err) {
                    err->line = err->col = 1;
                    snprintf(err->msg, sizeof err->msg, "out of memory");
                }
                return (size_t)-1;
            }
            out = g;
            if (pending)
                out[n++] = (FmtTok){ FT_BREAK, "\n", 1 };
            pending = false;
            out[n++] = (FmtTok){ t->kind, text + t->start, t->len };
        }
        if (n)
            pending = true;
    }
    lex_free(&lx);
    *toks = out;
    return n;
}

FmtLang fmt_lang(const char *name, const char *text, size_t len)
{
    if (name && strcmp(name, "-") != 0) {
        size_t n = strlen(name);
        return n >= 9 && strcmp(name + n - 9, ".scenario") == 0 ? FMT_SCENARIO : FMT_RULES;
    }
    /* the first word, past blanks, comments and a byte-order mark */
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (;;) {
        while (i < len && (is_blank(text[i]) || is_eol(text[i])))
            i++;
        if (i < len && text[i] == '#') {
            while (i < len && !is_eol(text[i]))
                i++;
            continue;
        }
        break;
    }
    size_t j = i;
    while (j < len && !is_delim(text[j]))
        j++;
    if ((j - i == 5 && memcmp(text + i, "rules", 5) == 0) || (j - i == 8 && memcmp(text + i, "scenario", 8) == 0))
        return FMT_SCENARIO;
    return FMT_RULES;
}

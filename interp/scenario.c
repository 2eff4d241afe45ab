/* scenario.c -- `award test`: scenario files, their runner, and coverage.
 *
 * A scenario file is read by a small hand-written parser (the format is a
 * list of keyword lines, far simpler than a rule file) into scenarios; each
 * case becomes one application, built as RawRecord fields exactly as the
 * JSON reader would give them, and goes through the same evaluator as
 * `award eval`.  Mistakes in a scenario file are reported like mistakes in
 * a rule file: file:line:col, the line and a caret.
 *
 * A file may reuse another's scenarios (`from`, next year's scenarios from
 * last year's) against other rules, with changes (`given`, `in scenario`,
 * `skip`).  The files of such a chain are read into one Suite, each under
 * its own number, which every Span into it carries: a reused expectation
 * that fails is reported where it is written, with the `from` lines that
 * brought it in.
 *
 * Bounded: reading a file takes time and memory in proportion to it (each
 * token is measured before it is copied, arrays grow by doubling), and a
 * case costs the same whatever comes before it, so 100,000 cases run in
 * a few megabytes.  The text may start with a UTF-8 byte-order mark and
 * its lines may end in LF, CR LF or a lone CR; UTF-16 is refused with
 * advice.  Every allocation is checked (out of memory fails the file, it
 * never crashes), every write to standard output is checked (a failed one
 * is exit status 2), and a folder is walked once however many links lead
 * into it, each scenario file run once however many paths name it.
 *
 * What a scenario file says (Scenario, Case, Expect) and the runner's
 * pieces that judge and check one application are shared with
 * scenario_csv.c (cases kept in a spreadsheet) through
 * scenario_internal.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "eval.h"
#include "i18n.h"
#include "scenario.h"
#include "scenario_csv.h"
#include "scenario_internal.h"
#include "utext.h"

/* ---- the tokenizer ---- */

typedef enum TokKind { T_END, T_NL, T_STRING, T_NUMBER, T_WORD, T_PUNCT, T_BAD } TokKind;

typedef struct Tok {
    TokKind kind;
    Span at;
    const char *s;         /* T_WORD, T_NUMBER: the text; T_STRING: value */
    size_t len;
    char punct;
} Tok;

/* `"text" x N`: at most this many times, and this many bytes in all. */
#define SCENARIO_MAX_REPEAT 1000000
#define SCENARIO_MAX_REPEAT_BYTES (1u << 20)

typedef struct Parser {
    SFile *f;
    Diags *d;
    size_t pos;
    Tok tok;
    int depth;             /* inside { } or [ ]: newlines are blanks */
    bool failed;
    bool nomem;            /* an allocation failed: the file is not run */
    SField *fields;        /* scratch of parse_fields (heap, reused) */
    size_t capfields;
    RawField *items;       /* scratch of a [list] (heap, reused) */
    size_t capitems;
    Case scratch_case;     /* stands in for a case, scenario or patch that */
    Scenario scratch_sc;   /* could not be allocated, so parsing goes on */
    Patch scratch_patch;   /* safely */
} Parser;

static void p_nomem(Parser *p)
{
    p->nomem = true;
    p->failed = true;
}

/* arena_alloc that marks the file failed when memory runs out. */
static void *p_alloc(Parser *p, size_t size)
{
    void *m = arena_alloc(&p->f->arena, size);
    if (!m)
        p_nomem(p);
    return m;
}

/* A line ends at LF, CR LF or a lone CR (old Mac files). */
static bool is_eol(char c) { return c == '\n' || c == '\r'; }

static bool is_word_byte(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80 || c == '-';
}

static void next(Parser *p)
{
    const char *t = p->f->text;
    size_t n = p->f->len, i = p->pos;
    for (;;) {
        while (i < n && (t[i] == ' ' || t[i] == '\t' || (is_eol(t[i]) && p->depth > 0)))
            i++;
        if (i < n && t[i] == '#') {
            while (i < n && !is_eol(t[i]))
                i++;
            continue;
        }
        break;
    }
    Tok k = { .at = { .start = (uint32_t)i, .end = (uint32_t)i + 1, .file = p->f->index } };
    if (i >= n) {
        k.kind = T_END;
        k.at.end = k.at.start;
    } else if (is_eol(t[i])) {
        k.kind = T_NL;
        i += t[i] == '\r' && i + 1 < n && t[i + 1] == '\n' ? 2 : 1;
        k.at.end = (uint32_t)i;
    } else if (t[i] == '"') {
        /* Measure the value first, then copy it: the value's own size is
         * allocated, never the rest of the file. */
        size_t j = i + 1, m = 0;
        while (j < n && t[j] != '"' && !is_eol(t[j])) {
            if (t[j] == '\\' && j + 1 < n && (t[j + 1] == '"' || t[j + 1] == '\\'))
                j++;
            j++;
            m++;
        }
        char *out = p_alloc(p, m + 1);
        if (out) {
            m = 0;
            for (size_t c = i + 1; c < j; c++) {
                if (t[c] == '\\' && c + 1 < j && (t[c + 1] == '"' || t[c + 1] == '\\'))
                    c++;
                out[m++] = t[c];
            }
        } else {
            out = (char *)"";
            m = 0;
        }
        if (j >= n || t[j] != '"') {
            diag_error(p->d, p->f->src, (Span){ (uint32_t)i, (uint32_t)j, 0 },
                       "this text has no closing `\"` on its line");
            p->failed = true;
        } else {
            j++;
        }
        k.kind = T_STRING;
        k.s = out;
        k.len = m;
        k.at.end = (uint32_t)j;
        i = j;
    } else if ((t[i] >= '0' && t[i] <= '9') || (t[i] == '-' && i + 1 < n && t[i + 1] >= '0' && t[i + 1] <= '9')) {
        size_t j = i + 1;
        while (j < n && ((t[j] >= '0' && t[j] <= '9') || t[j] == '.'))
            j++;
        k.kind = T_NUMBER;
        k.s = t + i;
        k.len = j - i;
        k.at.end = (uint32_t)j;
        i = j;
    } else if (strchr("{}[],:", t[i])) {
        k.kind = T_PUNCT;
        k.punct = t[i];
        if (t[i] == '{' || t[i] == '[')
            p->depth++;
        else if ((t[i] == '}' || t[i] == ']') && p->depth > 0)
            p->depth--;
        i++;
    } else if (is_word_byte((unsigned char)t[i])) {
        size_t j = i;
        while (j < n && is_word_byte((unsigned char)t[j]))
            j++;
        k.kind = T_WORD;
        k.s = t + i;
        k.len = j - i;
        k.at.end = (uint32_t)j;
        i = j;
    } else {
        int32_t cp;
        size_t w = utext_decode(t + i, n - i, &cp);
        k.kind = T_BAD;
        k.at.end = (uint32_t)(i + w);
        i += w;
    }
    p->pos = i;
    p->tok = k;
}

static bool is_word(const Parser *p, const char *w)
{
    return p->tok.kind == T_WORD && p->tok.len == strlen(w) && memcmp(p->tok.s, w, p->tok.len) == 0;
}

static bool is_punct(const Parser *p, char c) { return p->tok.kind == T_PUNCT && p->tok.punct == c; }

/* The token's text, in the file's arena; "" when memory ran out (the file
 * is then marked failed and not run). */
static const char *tok_text(Parser *p)
{
    char *s = arena_strndup(&p->f->arena, p->tok.s, p->tok.len);
    if (!s) {
        p->nomem = true;
        p->failed = true;
        return "";
    }
    return s;
}

/* A token is quoted in a message whole up to SHOWN_CHARS characters, else
 * cut visibly: a runaway word or number may be the rest of the file. */
#define SHOWN_CHARS 40

/* Report what was found instead of `what` (translated by the caller, with
 * _()), skip to the end of the line. */
static void expected(Parser *p, const char *what)
{
    const char *t = p->f->text + p->tok.at.start;
    size_t len = p->tok.at.end - p->tok.at.start, shown = 0;
    for (size_t chars = 0; shown < len && chars < SHOWN_CHARS; chars++) {
        int32_t cp;
        shown += utext_decode(t + shown, len - shown, &cp);
    }
    if (p->tok.kind == T_END)
        /* TRANSLATORS: %s says what a scenario file should have there. */
        diag_error(p->d, p->f->src, p->tok.at, "expected %s, found the end of the file", what);
    else if (p->tok.kind == T_NL)
        diag_error(p->d, p->f->src, p->tok.at, "expected %s, found the end of the line", what);
    else
        diag_error(p->d, p->f->src, p->tok.at, "expected %s, found `%.*s%s`", what, (int)shown, t,
                   shown < len ? "…" : "");
    p->failed = true;
    p->depth = 0;
    while (p->tok.kind != T_NL && p->tok.kind != T_END)
        next(p);
}

static void skip_newlines(Parser *p)
{
    while (p->tok.kind == T_NL)
        next(p);
}

static void end_of_line(Parser *p)
{
    if (p->tok.kind != T_NL && p->tok.kind != T_END)
        expected(p, _("the end of the line"));
    skip_newlines(p);
}

/* ---- fields ---- */

static bool parse_scalar(Parser *p, RawField *out)
{
    Tok k = p->tok;
    if (k.kind == T_NUMBER) {
        Dec d;
        if (dec_parse(k.s, k.len, &d) != DEC_OK) {
            expected(p, _("a number such as 79.99"));
            return false;
        }
        *out = (RawField){ .kind = RAW_NUMBER, .text = k.s, .len = k.len };
    } else if (k.kind == T_STRING) {
        *out = (RawField){ .kind = RAW_STRING, .text = k.s, .len = k.len };
        next(p);
        /* "คำ " x 700: the text 700 times over, for an answer of a given
         * length (a word limit's boundary) without writing it out */
        if (is_word(p, "x")) {
            next(p);
            int64_t times = 0;
            Dec d;
            if (p->tok.kind != T_NUMBER || dec_parse(p->tok.s, p->tok.len, &d) != DEC_OK ||
                !dec_to_int(d, &times) || times < 0 || times > SCENARIO_MAX_REPEAT ||
                (uint64_t)times * k.len > SCENARIO_MAX_REPEAT_BYTES) {
                expected(p, _("how many times to repeat the text, a whole number (the text repeated is at most 1 MB)"));
                return false;
            }
            char *rep = p_alloc(p, (size_t)times * k.len + 1);
            if (!rep)
                return false;
            for (int64_t i = 0; i < times; i++)
                memcpy(rep + (size_t)i * k.len, k.s, k.len);
            *out = (RawField){ .kind = RAW_STRING, .text = rep, .len = (size_t)times * k.len };
            next(p);
        }
        return true;
    } else if (k.kind == T_WORD && (is_word(p, "true") || is_word(p, "false"))) {
        *out = (RawField){ .kind = RAW_BOOL, .text = k.s, .len = k.len };
    } else if (k.kind == T_WORD) {
        /* a bare name: a category or enumeration value, as text */
        *out = (RawField){ .kind = RAW_STRING, .text = k.s, .len = k.len };
    } else {
        expected(p, _("a value (a number, \"text\", true, false, a name or [a list])"));
        return false;
    }
    next(p);
    return true;
}

static int cmp_field(const void *a, const void *b)
{
    const SField *x = *(const SField *const *)a, *y = *(const SField *const *)b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* A field given twice is an error at its second place.  Sorted by name, so
 * a base of any number of fields is checked in n log n, not n squared. */
static void report_twice(Parser *p, const SFields *fs)
{
    if (fs->n < 2)
        return;
    const SField **by_name = mem_alloc(fs->n * sizeof *by_name);
    if (!by_name) {
        p->nomem = true;
        p->failed = true;
        return;
    }
    for (size_t i = 0; i < fs->n; i++)
        by_name[i] = &fs->f[i];
    qsort(by_name, fs->n, sizeof *by_name, cmp_field);
    for (size_t i = 1; i < fs->n; i++)
        if (strcmp(by_name[i - 1]->name, by_name[i]->name) == 0) {
            diag_error(p->d, p->f->src, by_name[i]->at, "the field `%s` is given twice", by_name[i]->name);
            p->failed = true;
        }
    mem_free(by_name);
}

/* { name value, name value ... } with commas or newlines between.  The
 * fields (and the items of a list) grow in the parser's scratch arrays,
 * reused from case to case, and are copied to the file's arena at their
 * exact size: a case costs its own fields, never spare room. */
static SFields parse_fields(Parser *p)
{
    SFields fs = { 0 };
    size_t n = 0;
    if (!is_punct(p, '{')) {
        expected(p, _("`{` and the fields of the application"));
        return fs;
    }
    Span open = p->tok.at;
    next(p);
    while (!is_punct(p, '}')) {
        if (p->tok.kind == T_END) {
            diag_error(p->d, p->f->src, p->tok.at, "expected `}` to close the fields");
            diag_note(p->d, p->f->src, open, "the `{` opened here");
            p->failed = true;
            return fs;
        }
        if (is_punct(p, ',')) {
            next(p);
            continue;
        }
        if (p->tok.kind != T_WORD) {
            expected(p, _("a field name"));
            return fs;
        }
        SField f = { .name = tok_text(p), .at = p->tok.at };
        next(p);
        if (is_word(p, "empty")) {
            f.kind = RAW_ABSENT;
            next(p);
        } else if (is_punct(p, '[')) {
            next(p);
            uint32_t ni = 0;
            while (!is_punct(p, ']')) {
                if (is_punct(p, ',')) {
                    next(p);
                    continue;
                }
                RawField *more = mem_grow(p->items, &p->capitems, (size_t)ni + 1, sizeof *more);
                if (!more) {
                    p_nomem(p);
                    return fs;
                }
                p->items = more;
                if (!parse_scalar(p, &p->items[ni++]))
                    return fs;
            }
            next(p);
            f.kind = RAW_ARRAY;
            f.nitems = ni;
            if (ni) {
                f.items = p_alloc(p, sizeof *f.items * ni);
                if (!f.items)
                    return fs;
                memcpy(f.items, p->items, sizeof *f.items * ni);
            }
        } else {
            RawField v;
            if (!parse_scalar(p, &v))
                return fs;
            f.kind = v.kind;
            f.text = v.text;
            f.len = v.len;
        }
        SField *more = mem_grow(p->fields, &p->capfields, n + 1, sizeof *more);
        if (!more) {
            p_nomem(p);
            return fs;
        }
        p->fields = more;
        f.order = n;
        p->fields[n++] = f;
    }
    next(p);
    if (n) {
        fs.f = p_alloc(p, sizeof *fs.f * n);
        if (!fs.f)
            return fs;
        memcpy(fs.f, p->fields, sizeof *fs.f * n);
        fs.n = n;
    }
    report_twice(p, &fs);
    return fs;
}

/* ---- expectations ---- */

/* False when memory ran out. */
bool scn_exp_push(Arena *a, ExpList *l, Expect e)
{
    if (l->n == l->cap) {
        /* from 1: most cases expect one or two things */
        Expect *more = arena_alloc(a, sizeof *more * (l->cap ? l->cap * 2 : 1));
        if (!more)
            return false;
        l->cap = l->cap ? l->cap * 2 : 1;
        if (l->n)
            memcpy(more, l->e, sizeof *more * l->n);
        l->e = more;
    }
    l->e[l->n++] = e;
    return true;
}

static void push_expect(Parser *p, ExpList *l, Expect e)
{
    if (!scn_exp_push(&p->f->arena, l, e))
        p_nomem(p);
}

static bool parse_number(Parser *p, Dec *out)
{
    if (p->tok.kind != T_NUMBER || dec_parse(p->tok.s, p->tok.len, out) != DEC_OK) {
        expected(p, _("a number"));
        return false;
    }
    next(p);
    return true;
}

static bool parse_name(Parser *p, const char **out, const char *what)
{
    if (p->tok.kind != T_WORD && p->tok.kind != T_STRING) {
        expected(p, what);
        return false;
    }
    *out = tok_text(p);
    next(p);
    return true;
}

/* expect a, b, c   (one line; case-level ones go to `own`, batch-level
 * ones to `batch`) */
static void parse_expect(Parser *p, ExpList *own, ExpList *batch)
{
    do {
        if (is_punct(p, ',')) {
            next(p);
            skip_newlines(p); /* a list may go on on the next line */
        }
        Expect e = { .at = p->tok.at };
        if (is_word(p, "eligible")) {
            e.kind = EXP_ELIGIBLE;
            next(p);
        } else if (is_word(p, "not")) {
            next(p);
            if (!is_word(p, "eligible")) {
                expected(p, _("`eligible` after `not`"));
                return;
            }
            e.kind = EXP_NOT_ELIGIBLE;
            e.at.end = p->tok.at.end;
            next(p);
        } else if (is_word(p, "because")) {
            next(p);
            if (p->tok.kind != T_STRING) {
                expected(p, _("the message of the condition that fails, in quotes"));
                return;
            }
            e.kind = EXP_BECAUSE;
            e.text = tok_text(p);
            next(p);
        } else if (is_word(p, "total")) {
            next(p);
            e.kind = EXP_TOTAL;
            if (!parse_number(p, &e.num))
                return;
        } else if (is_word(p, "points")) {
            next(p);
            e.kind = EXP_POINTS;
            if (!parse_name(p, &e.name, _("the name of a score item")) || !parse_number(p, &e.num))
                return;
        } else if (is_word(p, "tier")) {
            next(p);
            e.kind = EXP_TIER;
            if (!parse_name(p, &e.name, _("a tier")))
                return;
        } else if (is_word(p, "stage")) {
            next(p);
            e.kind = EXP_STAGE;
            if (!parse_name(p, &e.name, _("a stage")))
                return;
        } else if (is_word(p, "pending")) {
            e.kind = EXP_PENDING;
            next(p);
        } else if (is_word(p, "category")) {
            next(p);
            e.kind = EXP_CATEGORY;
            if (!parse_name(p, &e.name, _("a category")))
                return;
        } else if (is_word(p, "error")) {
            next(p);
            e.kind = EXP_ERROR;
            if (is_word(p, "on")) {
                next(p);
                if (!parse_name(p, &e.name, _("the field the error is about")))
                    return;
            } else if (p->tok.kind == T_STRING) {
                e.text = tok_text(p);
                next(p);
            }
        } else if (is_word(p, "agency")) {
            next(p);
            e.kind = EXP_AGENCY;
            if (!parse_name(p, &e.name, _("an agency code")) || !parse_name(p, &e.cat, _("a category")) ||
                !parse_name(p, &e.tier, _("`awarded` or `ineligible`")))
                return;
        } else if (is_word(p, "check")) {
            next(p);
            if (is_word(p, "clean")) {
                e.kind = EXP_CHECK_CLEAN;
                next(p);
            } else if (is_word(p, "error") || is_word(p, "warning")) {
                e.kind = EXP_CHECK_MSG;
                e.warning = is_word(p, "warning");
                next(p);
                if (is_word(p, "at")) {
                    next(p);
                    Dec l, c = dec_from_int(0);
                    int64_t li = 0, ci = 0;
                    if (!parse_number(p, &l))
                        return;
                    if (is_punct(p, ':')) {
                        next(p);
                        if (!parse_number(p, &c))
                            return;
                    }
                    dec_to_int(l, &li);
                    dec_to_int(c, &ci);
                    e.line = (unsigned)li;
                    e.col = (unsigned)ci;
                }
                if (p->tok.kind != T_STRING) {
                    expected(p, _("part of the message, in quotes"));
                    return;
                }
                e.text = tok_text(p);
                next(p);
            } else {
                expected(p, _("`clean`, `error` or `warning` after `check`"));
                return;
            }
        } else {
            expected(p, _("an expectation: eligible, not eligible, because \"...\", total N, "
                          "points ITEM N, tier T, category C, error, agency A C T, or check ..."));
            return;
        }
        bool batch_level = e.kind == EXP_AGENCY || e.kind == EXP_CHECK_CLEAN || e.kind == EXP_CHECK_MSG;
        push_expect(p, batch_level ? batch : own, e);
    } while (is_punct(p, ','));
    end_of_line(p);
}

/* ---- scenarios ---- */

/* A new, empty case at the end of a growing array of cases (a scenario's,
 * or a reusing file's `in scenario`). */
static Case *push_case(Parser *p, Case **cases, size_t *n, size_t *cap)
{
    /* on the heap, so that the arrays outgrown are freed, not kept */
    Case *more = mem_grow(*cases, cap, *n + 1, sizeof *more);
    if (!more) {
        p_nomem(p);
        memset(&p->scratch_case, 0, sizeof p->scratch_case);
        return &p->scratch_case;
    }
    *cases = more;
    Case *c = &more[(*n)++];
    memset(c, 0, sizeof *c);
    return c;
}

static Case *add_case(Parser *p, Scenario *s) { return push_case(p, &s->cases, &s->ncases, &s->capcases); }

/* Whether the next word after the current token (on the same line) is w:
 * `in` and `skip` start a block of their own only before `scenario`. */
static bool next_word_is(const Parser *p, const char *w)
{
    const char *t = p->f->text;
    size_t n = p->f->len, i = p->pos, len = strlen(w);
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    return n - i >= len && memcmp(t + i, w, len) == 0 &&
           (n - i == len || !is_word_byte((unsigned char)t[i + len]));
}

/* The end of a scenario's lines: the file's end, or the next `scenario`,
 * `in scenario` or `skip scenario`. */
static bool ends_block(const Parser *p)
{
    return p->tok.kind == T_END || is_word(p, "scenario") ||
           ((is_word(p, "in") || is_word(p, "skip")) && next_word_is(p, "scenario"));
}

/* `rules "PATH"`, after the word: the path and its place into *path and
 * *at; false (reported) when no path in quotes follows. */
static bool parse_rules_line(Parser *p, const char **path, Span *at)
{
    next(p);
    if (p->tok.kind != T_STRING) {
        expected(p, _("the path of a rule file, in quotes"));
        return false;
    }
    *path = tok_text(p);
    *at = p->tok.at;
    next(p);
    end_of_line(p);
    return true;
}

static void parse_scenario(Parser *p, Scenario *s, const char *file_rules, Span file_rules_at)
{
    s->rules = file_rules;
    s->rules_at = file_rules_at;
    Case *base = NULL;     /* the base, once it has expectations */
    Case *cur = NULL;      /* where `expect` lines go */
    for (;;) {
        skip_newlines(p);
        if (ends_block(p))
            break;
        if (is_word(p, "rules")) {
            if (parse_rules_line(p, &s->rules, &s->rules_at))
                s->own_rules = true;
        } else if (is_word(p, "given")) {
            next(p);
            if (p->tok.kind == T_WORD && !is_punct(p, '{'))
                next(p); /* an optional name: `given base {` */
            s->given = parse_fields(p);
            end_of_line(p);
            cur = NULL;
        } else if (is_word(p, "expect")) {
            Span at = p->tok.at;
            next(p);
            if (!cur) {
                /* expectations of the base application itself */
                if (!base) {
                    base = add_case(p, s);
                    base->is_base = true;
                    base->title = "given";
                    base->at = at;
                }
                cur = base;
            }
            parse_expect(p, &cur->expect, &s->batch);
        } else if (is_word(p, "case")) {
            Span at = p->tok.at;
            next(p);
            Case *c = add_case(p, s);
            if (base && s->ncases)
                base = &s->cases[0]; /* add_case may have moved the array */
            c->at = at;
            if (p->tok.kind != T_STRING) {
                expected(p, _("the case's title, in quotes"));
                cur = c;
                continue;
            }
            c->title = tok_text(p);
            next(p);
            if (is_word(p, "with")) {
                next(p);
                c->with = parse_fields(p);
            }
            if (is_word(p, "expect")) {
                next(p);
                parse_expect(p, &c->expect, &s->batch);
            } else {
                end_of_line(p);
            }
            cur = c;
        } else {
            expected(p, _("`rules`, `given`, `expect` or `case`"));
            skip_newlines(p);
        }
    }
    /* `expect` lines that hold only batch-level expectations (agency,
     * check) made a base case with nothing to check: drop it. */
    if (base && s->ncases > 0 && base == &s->cases[0] && base->expect.n == 0) {
        memmove(&s->cases[0], &s->cases[1], sizeof *s->cases * (s->ncases - 1));
        s->ncases--;
    }
    if (!s->rules) {
        diag_error(p->d, p->f->src, s->at, "scenario \"%s\" names no rule file: add `rules \"path\"`", s->title);
        p->failed = true;
    }
}

/* ---- reuse: `from`, `in scenario`, `skip` ---- */

static Case *add_patch_case(Parser *p, Patch *pt)
{
    return push_case(p, &pt->cases, &pt->ncases, &pt->capcases);
}

static Patch *add_patch(Parser *p)
{
    SFile *f = p->f;
    Patch *more = mem_grow(f->patches, &f->cappatches, f->npatches + 1, sizeof *more);
    if (!more) {
        p_nomem(p);
        mem_free(p->scratch_patch.cases);
        memset(&p->scratch_patch, 0, sizeof p->scratch_patch);
        return &p->scratch_patch;
    }
    f->patches = more;
    Patch *pt = &f->patches[f->npatches++];
    memset(pt, 0, sizeof *pt);
    return pt;
}

/* `because "REASON"` after a `skip`: a skip always says why. */
static bool parse_reason(Parser *p, const char **out, const char *what)
{
    if (!is_word(p, "because")) {
        expected(p, what);
        return false;
    }
    next(p);
    if (p->tok.kind != T_STRING || p->tok.len == 0) {
        expected(p, _("the reason, in quotes"));
        return false;
    }
    *out = tok_text(p);
    next(p);
    end_of_line(p);
    return true;
}

/* The lines of `in scenario "TITLE"`, after its title. */
static void parse_in(Parser *p, Patch *pt)
{
    Case *cur = NULL;      /* where `expect` lines go; NULL: the base */
    for (;;) {
        skip_newlines(p);
        if (ends_block(p))
            break;
        if (is_word(p, "rules")) {
            parse_rules_line(p, &pt->rules, &pt->rules_at);
        } else if (is_word(p, "given")) {
            Span at = p->tok.at;
            next(p);
            if (p->tok.kind == T_WORD && !is_punct(p, '{'))
                next(p); /* an optional name: `given base {` */
            if (pt->has_given) {
                diag_error(p->d, p->f->src, at, "`given` is written twice for this scenario: put its fields in one `{ }`");
                p->failed = true;
            }
            pt->given = parse_fields(p);
            pt->has_given = true;
            end_of_line(p);
            cur = NULL;
        } else if (is_word(p, "expect")) {
            Span at = p->tok.at;
            next(p);
            if (!cur) {
                if (pt->base_expect.n == 0)
                    pt->base_at = at;
                parse_expect(p, &pt->base_expect, &pt->batch);
            } else {
                parse_expect(p, &cur->expect, &pt->batch);
            }
        } else if (is_word(p, "case") || is_word(p, "add") || is_word(p, "skip")) {
            CaseOp op = is_word(p, "case") ? CASE_CHANGE : is_word(p, "add") ? CASE_ADD : CASE_SKIP;
            Span at = p->tok.at;
            next(p);
            if (op != CASE_CHANGE) {
                if (!is_word(p, "case")) {
                    expected(p, op == CASE_ADD ? _("`case` after `add`") : _("`case` after `skip` (or `skip scenario`)"));
                    continue;
                }
                next(p);
            }
            Case *c = add_patch_case(p, pt);
            c->op = op;
            c->at = at;
            cur = c;
            if (p->tok.kind != T_STRING) {
                expected(p, _("the case's title, in quotes"));
                continue;
            }
            c->title = tok_text(p);
            c->title_at = p->tok.at;
            next(p);
            if (op == CASE_SKIP) {
                parse_reason(p, &c->reason, _("`because \"...\"`: why the case no longer applies"));
                continue;
            }
            if (is_word(p, "with")) {
                next(p);
                c->with = parse_fields(p);
                c->has_with = true;
            }
            if (is_word(p, "expect")) {
                next(p);
                parse_expect(p, &c->expect, &pt->batch);
            } else {
                end_of_line(p);
            }
        } else {
            expected(p, _("`rules`, `given`, `expect`, `case`, `add case` or `skip case`"));
            skip_newlines(p);
        }
    }
}

static void parse_file(Parser *p)
{
    SFile *f = p->f;
    const char *file_rules = NULL;
    Span file_rules_at = { 0 };
    bool started = false;  /* a scenario, `in scenario` or `skip scenario` was seen */
    next(p);
    for (;;) {
        skip_newlines(p);
        if (p->tok.kind == T_END)
            break;
        /* The rules for the reused scenarios are those named before the first scenario. */
        if (!started && (is_word(p, "scenario") || is_word(p, "in") || is_word(p, "skip"))) {
            started = true;
            f->reuse_rules = file_rules;
            f->reuse_rules_at = file_rules_at;
        }
        if (is_word(p, "rules")) {
            parse_rules_line(p, &file_rules, &file_rules_at);
        } else if (is_word(p, "from")) {
            Span at = p->tok.at;
            next(p);
            if (p->tok.kind != T_STRING) {
                expected(p, _("the path of the scenario file to reuse, in quotes"));
                continue;
            }
            if (started) {
                diag_error(p->d, f->src, at, "`from` must come before the first scenario of the file");
                p->failed = true;
            } else if (f->from) {
                diag_error(p->d, f->src, at, "a scenario file may reuse one file only; this one has `from` already");
                diag_note(p->d, f->src, f->from_at, "the first `from`");
                p->failed = true;
            } else {
                f->from = tok_text(p);
                f->from_at = p->tok.at;
            }
            next(p);
            end_of_line(p);
        } else if (is_word(p, "given")) {
            Span at = p->tok.at;
            next(p);
            if (p->tok.kind == T_WORD && !is_punct(p, '{'))
                next(p);
            if (f->has_given) {
                diag_error(p->d, f->src, at, "`given` is written twice before the first scenario: put its fields in one `{ }`");
                p->failed = true;
            }
            f->given = parse_fields(p);
            f->has_given = true;
            f->given_at = at;
            end_of_line(p);
        } else if (is_word(p, "in") || is_word(p, "skip")) {
            bool skip = is_word(p, "skip");
            Span at = p->tok.at;
            next(p);
            if (!is_word(p, "scenario")) {
                expected(p, skip ? _("`scenario` after `skip`") : _("`scenario` after `in`"));
                continue;
            }
            next(p);
            if (!f->from) {
                diag_error(p->d, f->src, at,
                           "`%s scenario` is about a scenario reused with `from`, and this file has no `from "
                           "\"...\"` line before its first scenario",
                           skip ? "skip" : "in"); /* words of the scenario language */
                p->failed = true;
            }
            Patch *pt = add_patch(p);
            pt->skip = skip;
            if (p->tok.kind != T_STRING) {
                expected(p, _("the title of the reused scenario, in quotes"));
                pt->title = "?";
                continue;
            }
            pt->title = tok_text(p);
            pt->at = p->tok.at;
            next(p);
            if (skip)
                parse_reason(p, &pt->reason, _("`because \"...\"`: why the scenario no longer applies"));
            else {
                end_of_line(p);
                parse_in(p, pt);
            }
        } else if (is_word(p, "scenario")) {
            Span at = p->tok.at;
            next(p);
            Scenario *s = &p->scratch_sc;
            if (f->nsc == f->capsc) {
                Scenario *more = p_alloc(p, sizeof *more * (f->capsc ? f->capsc * 2 : 8));
                if (more) {
                    f->capsc = f->capsc ? f->capsc * 2 : 8;
                    if (f->nsc)
                        memcpy(more, f->sc, sizeof *more * f->nsc);
                    f->sc = more;
                }
            }
            if (f->nsc < f->capsc)
                s = &f->sc[f->nsc++];
            else
                mem_free(s->cases); /* out of memory: the scratch is reused */
            memset(s, 0, sizeof *s);
            s->at = at;
            if (p->tok.kind != T_STRING) {
                expected(p, _("the scenario's title, in quotes"));
                s->title = "?";
            } else {
                s->title = tok_text(p);
                next(p);
                end_of_line(p);
            }
            parse_scenario(p, s, file_rules, file_rules_at);
        } else {
            expected(p, _("`rules \"...\"`, `from \"...\"`, `scenario \"...\"`, `in scenario \"...\"` or `skip scenario \"...\"`"));
        }
    }
    if (!started) {
        f->reuse_rules = file_rules;
        f->reuse_rules_at = file_rules_at;
    }
    if (f->has_given && !f->from) {
        diag_error(p->d, f->src, f->given_at,
                   "a `given` before the first scenario changes the scenarios reused with `from`, and this file "
                   "has no `from \"...\"` line; put the fields in a scenario's `given`");
        p->failed = true;
    }
}

/* ---- running ---- */

/* Everything the runner prints goes through here, so that a write that
 * fails (a full disk, a closed pipe) is remembered and reported at the end
 * rather than lost. */
void scn_printf(Runner *run, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(run->out, fmt, ap);
    va_end(ap);
    if (n < 0 && !run->werr)
        run->werr = errno ? errno : EIO;
}

/* After output written by someone else (diag_print): did any of it fail? */
static void out_check(Runner *run)
{
    if (ferror(run->out) && !run->werr)
        run->werr = errno ? errno : EIO;
}

/* NULL when memory ran out. */
char *scn_join_path(const char *file, const char *rel)
{
    if (rel[0] == '/')
        return mem_strndup(rel, strlen(rel));
    const char *slash = strrchr(file, '/');
    size_t dir = slash ? (size_t)(slash - file) + 1 : 0;
    size_t n = strlen(rel);
    char *out = mem_alloc(dir + n + 1);
    if (!out)
        return NULL;
    memcpy(out, file, dir);
    memcpy(out + dir, rel, n + 1);
    return out;
}

/* A path as a person would type it from here: relative to the current
 * folder when under it.  NULL when memory ran out. */
char *scn_shown_path(const char *path)
{
    char real[PATH_MAX], cwd[PATH_MAX];
    if (realpath(path, real) && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (strncmp(real, cwd, n) == 0 && real[n] == '/')
            return mem_strndup(real + n + 1, strlen(real + n + 1));
    }
    return mem_strndup(path, strlen(path));
}

/* The rule file at path, loaded once; NULL when memory ran out. */
Loaded *scn_load_rules(Runner *run, const char *path)
{
    char real[PATH_MAX];
    const char *key = realpath(path, real) ? real : path;
    for (size_t i = 0; i < run->nloaded; i++)
        if (strcmp(run->loaded[i].path, key) == 0)
            return &run->loaded[i];
    Loaded *more = mem_grow(run->loaded, &run->caploaded, run->nloaded + 1, sizeof *run->loaded);
    if (!more)
        return NULL;
    run->loaded = more;
    Loaded l = { .path = mem_strndup(key, strlen(key)), .shown = scn_shown_path(path), .diags = diag_new() };
    if (!l.path || !l.shown || !l.diags) {
        mem_free(l.path);
        mem_free(l.shown);
        diag_free(l.diags);
        return NULL;
    }
    /* the rule file's messages in English: `check` expectations quote them */
    bool was_english = i18n_hold_english(true);
    l.rules = check_load(l.shown, l.diags);
    i18n_hold_english(was_english);
    diag_sort(l.diags);
    l.ok = l.rules && diag_count(l.diags, DIAG_ERROR) == 0;
    l.cov = l.ok ? coverage_new(l.rules) : NULL;
    if (l.ok && !l.cov) {
        rules_free(l.rules);
        mem_free(l.path);
        mem_free(l.shown);
        diag_free(l.diags);
        return NULL;
    }
    run->loaded[run->nloaded] = l;
    return &run->loaded[run->nloaded++];
}


/* Each field goes straight to its slot (resolved once by
 * scn_check_field_names), so a case costs its own fields and the rules'
 * inputs, never the rules' inputs times the fields.  False when memory ran
 * out (nothing to free then). */
bool scn_build_record(const Rules *r, const SFields *given, const SFields *with, Built *b, size_t number)
{
    size_t nitems = 0;
    const SFields *sets[2] = { given, with };
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < sets[k]->n; i++)
            nitems += sets[k]->f[i].nitems;
    b->fields = mem_calloc(r->ninputs + 1, sizeof *b->fields);
    b->items = mem_calloc(nitems + 1, sizeof *b->items);
    if (!b->fields || !b->items) {
        mem_free(b->fields);
        mem_free(b->items);
        return false;
    }
    size_t used = 0;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < sets[k]->n; i++) {
            const SField *f = &sets[k]->f[i];
            RawField *out = &b->fields[f->slot];
            *out = (RawField){ .kind = f->kind, .text = f->text, .len = f->len };
            if (f->kind == RAW_ARRAY) {
                out->first = (uint32_t)used;
                out->count = f->nitems;
                if (f->nitems)
                    memcpy(b->items + used, f->items, sizeof *f->items * f->nitems);
                used += f->nitems;
            }
        }
    b->rec = (RawRecord){ .fields = b->fields, .items = b->items, .line = 0, .number = number };
    return true;
}

void scn_free_built(Built *b)
{
    mem_free(b->fields);
    mem_free(b->items);
}

/* The file a span points into. */
const SFile *scn_file_at(const Suite *su, Span at)
{
    return su->files[at.file < su->nfiles ? at.file : 0];
}

static const Source *src_at(const Suite *su, Span at)
{
    return scn_file_at(su, at)->src;
}

/* Notes on the last message: the `from` lines through which text written
 * in file k reached the file run, nearest first. */
static void note_reused(const Suite *su, uint32_t k)
{
    for (; k > 0 && k < su->nfiles; k--)
        diag_note(su->d, su->files[k - 1]->src, su->files[k - 1]->from_at, "reused here");
}

/* Fields named in the scenario that the rules do not have: a typo would
 * otherwise pass silently.  Each known field gets its slot.  A field of a
 * reused scenario that the new rules no longer have says how to leave it
 * out, or to skip the case. */
bool scn_check_field_names(const Suite *su, const Scenario *sc, const Case *c, const Rules *r, SFields *fs)
{
    Diags *d = su->d;
    bool ok = true;
    for (size_t i = 0; i < fs->n; i++) {
        bool found = false;
        for (size_t s = 0; s < r->ninputs && !found; s++)
            if (strcmp(r->inputs[s]->name, fs->f[i].name) == 0) {
                found = true;
                fs->f[i].slot = s;
            }
        if (!found) {
            const char **names = mem_calloc(r->ninputs + 1, sizeof *names);
            const char *guess = NULL;
            if (names) {
                for (size_t s = 0; s < r->ninputs; s++)
                    names[s] = r->inputs[s]->name;
                guess = diag_suggest(fs->f[i].name, names, r->ninputs);
            }
            if (guess)
                diag_error(d, src_at(su, fs->f[i].at), fs->f[i].at, "the rules have no field `%s`; did you mean `%s`?",
                           fs->f[i].name, guess);
            else
                diag_error(d, src_at(su, fs->f[i].at), fs->f[i].at, "the rules have no field `%s`", fs->f[i].name);
            if (fs->f[i].at.file > 0) {
                note_reused(su, fs->f[i].at.file);
                if (c)
                    diag_note(d, NULL, (Span){ 0 },
                              "if the case no longer applies, write `skip case \"%s\" because \"...\"` under "
                              "`in scenario \"%s\"` in %s; `case \"%s\" with { %s empty }` there leaves the field out",
                              c->title, sc->title, su->files[0]->path, c->title, fs->f[i].name);
                else
                    diag_note(d, NULL, (Span){ 0 },
                              "`given { %s empty }` in %s (before its first scenario, or under `in scenario "
                              "\"%s\"`) leaves the field out of the base",
                              fs->f[i].name, su->files[0]->path, sc->title);
            }
            mem_free(names);
            ok = false;
        }
    }
    return ok;
}

/* A failure: where, which case, what was expected and what came out.
 * An expectation written in a reused file also names the `from` lines
 * that brought it here (nearest first) and the rules it ran against: the
 * tester sees which year's file to edit.  A row of a case spreadsheet has
 * every expectation on its own line, and is named by its `scenario` and
 * `case` cells. */
/* One labelled line under a failure: "    expected: TEXT", the texts of
 * every label starting in one column, however wide the labels are in the
 * language of the messages. */
static void failure_line(Runner *run, const char *label, const char *text)
{
    /* TRANSLATORS: the labels of the lines under a failure of `award test`;
     * what follows them is lined up. */
    const char *labels[] = { _("expected:"), _("got:"), _("reused:") };
    size_t width = 0;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t w = utext_width(labels[i], strlen(labels[i]));
        width = w > width ? w : width;
    }
    size_t pad = width + 1 - utext_width(label, strlen(label));
    scn_printf(run, "    %s%*s%s\n", label, (int)pad, "", text);
}

static void report_failure(Runner *run, const Where *w, const char *title, Span at, const char *want,
                           const char *got, const char *rules)
{
    /* TRANSLATORS: the word that starts a failure of `award test`:
     * "FILE:LINE: FAIL "scenario" / "case"". */
    const char *fail = _("FAIL");
    if (!w->su) {
        const char *first = w->scenario ? w->scenario : title;
        bool both = w->scenario && title;
        scn_printf(run, "%s:%zu: %s \"%s\"%s%s%s\n", w->path, w->line, fail, first ? first : "",
                   both ? " / \"" : "", both ? title : "", both ? "\"" : "");
        failure_line(run, _("expected:"), want);
        failure_line(run, _("got:"), got);
        return;
    }
    const Suite *su = w->su;
    unsigned line, col;
    const SFile *f = scn_file_at(su, at);
    diag_linecol(f->src, at.start, &line, &col);
    scn_printf(run, "%s:%u: %s \"%s\"%s%s%s\n", f->path, line, fail, w->s->title, title ? " / \"" : "",
               title ? title : "", title ? "\"" : "");
    failure_line(run, _("expected:"), want);
    failure_line(run, _("got:"), got);
    for (uint32_t k = at.file; k > 0 && k < su->nfiles; k--) {
        const SFile *by = su->files[k - 1];
        diag_linecol(by->src, by->from_at.start, &line, &col);
        char text[PATH_MAX * 3 + 64];
        /* TRANSLATORS: the file that reused a failed expectation with
         * `from "FILE"` (words of the scenario language), and the rule
         * file it ran against. */
        if (k == 1 && rules)
            snprintf(text, sizeof text, _("by %s:%u (from \"%s\"), against %s"), by->path, line, by->from, rules);
        else
            snprintf(text, sizeof text, _("by %s:%u (from \"%s\")"), by->path, line, by->from);
        failure_line(run, _("reused:"), text);
    }
}

/* What an application got, as the line `got:` of a failure shows it: the
 * facts one after the other, each in the language of the messages. */
static void describe_result(const Rules *r, const AppResult *res, char *buf, size_t size)
{
    char total[DEC_FMT_MAX] = "";
    if (res->error) {
        /* TRANSLATORS: what an application got: a data error and its message. */
        snprintf(buf, size, _("a data error: %s"), res->message);
        return;
    }
    /* TRANSLATORS: what an application got, fact after fact: "eligible,
     * tier good, total 760.00, at stage assessment, because "..." and "..."". */
    size_t n = (size_t)snprintf(buf, size, res->eligible ? _("eligible, tier %s") : _("not eligible, tier %s"),
                                res->tier_id);
    if (res->scored && n < size) {
        dec_format(res->total, r->precision, total);
        n += (size_t)snprintf(buf + n, size - n, _(", total %s"), total);
    }
    if (res->stage && n < size)
        n += (size_t)snprintf(buf + n, size - n, res->pending ? _(", waiting for stage %s") : _(", at stage %s"),
                              res->stage->id);
    for (size_t i = 0; i < res->nfailed && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, i == 0 ? _(", because \"%s\"") : _(" and \"%s\""),
                              res->failed[i]->message ? res->failed[i]->message : res->failed[i]->source);
}

static bool failed_has(const AppResult *res, const char *text)
{
    for (size_t i = 0; i < res->nfailed; i++) {
        const Require *q = res->failed[i];
        if ((q->message && strcmp(q->message, text) == 0) || strcmp(q->source, text) == 0)
            return true;
    }
    return false;
}

/* Check one application's expectations; returns the number that failed. */
int scn_check_case(Runner *run, const Where *w, const Case *c, const Rules *r, const AppResult *res)
{
    int bad = 0;
    char want[512], got[2048];
    describe_result(r, res, got, sizeof got);
    const char *title = c->is_base ? NULL : c->title;
    size_t because = 0;
    for (size_t i = 0; i < c->expect.n; i++) {
        const Expect *e = &c->expect.e[i];
        bool ok = true;
        char b1[DEC_FMT_MAX], b2[DEC_FMT_MAX];
        switch (e->kind) {
        /* TRANSLATORS: what a scenario expects, as the line `expected:` of
         * a failure shows it. */
        case EXP_ELIGIBLE:
            ok = !res->error && res->eligible;
            snprintf(want, sizeof want, "%s", _("eligible"));
            break;
        case EXP_NOT_ELIGIBLE:
            ok = !res->error && !res->eligible;
            snprintf(want, sizeof want, "%s", _("not eligible"));
            break;
        case EXP_BECAUSE:
            because++;
            ok = !res->error && failed_has(res, e->text);
            snprintf(want, sizeof want, _("not eligible because \"%s\""), e->text);
            break;
        case EXP_TOTAL:
            ok = !res->error && res->scored && dec_cmp(res->total, e->num) == 0;
            dec_format(e->num, r->precision, b1);
            snprintf(want, sizeof want, _("total %s"), b1);
            break;
        case EXP_POINTS: {
            ok = false;
            bool known = false;
            for (size_t k = 0; k < r->nnodes; k++) {
                if (strcmp(r->nodes[k]->name, e->name) != 0)
                    continue;
                known = true;
                if (!res->error && res->has_points[k]) {
                    ok = dec_cmp(res->points[k], e->num) == 0;
                    dec_format(dec_normalize(res->points[k]), r->precision, b2);
                    snprintf(got, sizeof got, _("%s has %s points"), e->name, b2);
                }
            }
            dec_format(e->num, r->precision, b1);
            snprintf(want, sizeof want, _("%s has %s points"), e->name, b1);
            if (!known)
                snprintf(got, sizeof got, _("the rules have no score item `%s`"), e->name);
            if (ok)
                describe_result(r, res, got, sizeof got);
            break;
        }
        case EXP_TIER:
            ok = strcmp(res->tier_id, e->name) == 0;
            snprintf(want, sizeof want, _("tier %s"), e->name);
            break;
        case EXP_CATEGORY:
            ok = res->cat && strcmp(res->cat->id, e->name) == 0;
            snprintf(want, sizeof want, _("category %s"), e->name);
            break;
        case EXP_STAGE:
            ok = !res->error && res->stage && strcmp(res->stage->id, e->name) == 0;
            snprintf(want, sizeof want, _("stage %s"), e->name);
            break;
        case EXP_PENDING:
            ok = !res->error && res->pending;
            snprintf(want, sizeof want, "%s", _("pending: waiting for a stage"));
            break;
        case EXP_NOT_PENDING:
            ok = !res->pending;
            snprintf(want, sizeof want, "%s", _("not pending: waiting for no stage"));
            break;
        case EXP_NO_ERROR:
            ok = !res->error;
            snprintf(want, sizeof want, "%s", _("no data error"));
            break;
        case EXP_ERROR:
            if (e->name) {
                char field[256];
                /* the message was made in English (i18n_hold_english) */
                snprintf(field, sizeof field, "field `%s`", e->name);
                ok = res->error && strstr(res->message, field) != NULL;
                snprintf(want, sizeof want, _("a data error on field `%s`"), e->name);
            } else if (e->text) {
                ok = res->error && strstr(res->message, e->text) != NULL;
                snprintf(want, sizeof want, _("a data error saying \"%s\""), e->text);
            } else {
                ok = res->error;
                snprintf(want, sizeof want, "%s", _("a data error"));
            }
            break;
        default:
            break;
        }
        if (!ok) {
            report_failure(run, w, title, e->at, want, got, r->path);
            describe_result(r, res, got, sizeof got);
            bad++;
        }
    }
    /* `because` lists every condition that fails, no more. */
    if (because && !res->error && because != res->nfailed && res->nfailed > because) {
        snprintf(want, sizeof want, P_("exactly the %zu failed condition listed", "exactly the %zu failed conditions listed", because),
                 because);
        report_failure(run, w, title, c->at, want, got, r->path);
        bad++;
    }
    return bad;
}

typedef struct AgencyCatch {
    const Scenario *s;
    const Expect *e;
    bool seen;
    bool ok;
    char got[256];
} AgencyCatch;

typedef struct BatchCtx {
    AgencyCatch *catches;
    size_t n;
} BatchCtx;

static void on_agency(void *ctx, const AppResult *res)
{
    BatchCtx *b = ctx;
    for (size_t i = 0; i < b->n; i++) {
        AgencyCatch *c = &b->catches[i];
        const Expect *e = c->e;
        if (strlen(e->name) != res->id_len || memcmp(e->name, res->id, res->id_len) != 0 ||
            strcmp(res->cat->id, e->cat) != 0)
            continue;
        c->seen = true;
        c->ok = strcmp(res->tier_id, e->tier) == 0;
        /* TRANSLATORS: an agency's code, a category and a result (`awarded`). */
        snprintf(c->got, sizeof c->got, _("agency %s: %s %s"), e->name, e->cat, res->tier_id);
    }
}

/* `check` expectations: the rule file's own messages. */
static int check_diagnostics(Runner *run, const Suite *su, const Scenario *s, Loaded *l)
{
    int bad = 0;
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    if (!mem) {
        /* out of memory: every `check` expectation fails, visibly */
        text = NULL;
    } else {
        /* in English, level words too, as the expectations quote them */
        bool was_english = i18n_hold_english(true);
        diag_print(l->diags, mem);
        i18n_hold_english(was_english);
        if (fclose(mem) != 0) {
            free(text);
            text = NULL;
        }
    }
    for (size_t i = 0; i < s->batch.n; i++) {
        const Expect *e = &s->batch.e[i];
        char want[512];
        bool ok = true;
        if (e->kind == EXP_CHECK_CLEAN) {
            ok = diag_count(l->diags, DIAG_ERROR) == 0 && diag_count(l->diags, DIAG_WARNING) == 0;
            snprintf(want, sizeof want, "%s", _("the rule file checks clean"));
        } else if (e->kind == EXP_CHECK_MSG) {
            /* the rule file's messages were printed in English above */
            const char *word = e->warning ? "warning" : "error";
            char head[128], level[128];
            if (e->col)
                snprintf(head, sizeof head, ":%u:%u: %s: ", e->line, e->col, word);
            else if (e->line)
                snprintf(head, sizeof head, ":%u:", e->line);
            else
                snprintf(head, sizeof head, "%s: ", word);
            snprintf(level, sizeof level, " %s: ", word);
            ok = false;
            for (char *ln = text; ln && *ln && !ok;) {
                char *end = strchr(ln, '\n');
                if (end)
                    *end = '\0';
                ok = strstr(ln, head) && strstr(ln, level) && strstr(ln, e->text);
                if (end)
                    *end = '\n';
                ln = end ? end + 1 : NULL;
            }
            /* TRANSLATORS: what a `check` expectation wants: a message of
             * the rule file, where it is, and words of its text. */
            if (e->col && e->warning)
                snprintf(want, sizeof want, _("a warning at line %u, column %u: \"%s\""), e->line, e->col, e->text);
            else if (e->col)
                snprintf(want, sizeof want, _("an error at line %u, column %u: \"%s\""), e->line, e->col, e->text);
            else if (e->line && e->warning)
                snprintf(want, sizeof want, _("a warning at line %u: \"%s\""), e->line, e->text);
            else if (e->line)
                snprintf(want, sizeof want, _("an error at line %u: \"%s\""), e->line, e->text);
            else if (e->warning)
                snprintf(want, sizeof want, _("a warning: \"%s\""), e->text);
            else
                snprintf(want, sizeof want, _("an error: \"%s\""), e->text);
        } else {
            continue;
        }
        if (!ok) {
            char got[512], errors[64], warnings[64];
            size_t ne = diag_count(l->diags, DIAG_ERROR), nw = diag_count(l->diags, DIAG_WARNING);
            /* the counts as `award check` says them (diag.c) */
            snprintf(errors, sizeof errors, P_("%zu error", "%zu errors", ne), ne);
            snprintf(warnings, sizeof warnings, P_("%zu warning", "%zu warnings", nw), nw);
            /* TRANSLATORS: "2 errors and 1 warning (run `award check FILE`)". */
            snprintf(got, sizeof got, _("%s and %s (run `award check %s`)"), errors, warnings, s->rules);
            {
                Where w = { .su = su, .s = s };
                report_failure(run, &w, NULL, e->at, want, got, l->shown);
            }
            bad++;
        }
        bad ? run->failed++ : run->passed++;
    }
    free(text);
    return bad;
}

static void run_scenario(Runner *run, const Suite *su, Scenario *s)
{
    Diags *d = su->d;
    char *path = scn_join_path(scn_file_at(su, s->rules_at)->path, s->rules);
    Loaded *l = path ? scn_load_rules(run, path) : NULL;
    mem_free(path);
    if (!l) {
        diag_error(d, src_at(su, s->rules_at), s->rules_at, "out of memory loading the rule file \"%s\"", s->rules);
        run->failed += s->ncases ? s->ncases : 1;
        return;
    }
    bool wants_check = false;
    for (size_t i = 0; i < s->batch.n; i++)
        wants_check |= s->batch.e[i].kind == EXP_CHECK_CLEAN || s->batch.e[i].kind == EXP_CHECK_MSG;
    if (wants_check)
        check_diagnostics(run, su, s, l);
    if (!l->rules) {
        diag_error(d, src_at(su, s->rules_at), s->rules_at, "cannot read the rule file \"%s\"", s->rules);
        run->failed++;
        return;
    }
    if (s->ncases == 0)
        return;
    if (!l->ok) {
        diag_error(d, src_at(su, s->rules_at), s->rules_at, "the rule file \"%s\" does not check: run `award check` on it",
                   s->rules);
        run->failed += s->ncases;
        return;
    }
    const Rules *r = l->rules;
    bool names_ok = scn_check_field_names(su, s, NULL, r, &s->given);
    for (size_t i = 0; i < s->ncases; i++)
        names_ok &= scn_check_field_names(su, s, &s->cases[i], r, &s->cases[i].with);
    if (!names_ok) {
        run->failed += s->ncases;
        return;
    }
    /* Cases are applications of their own, unless the scenario expects an
     * agency-level result: then they are one batch, in order. */
    size_t nagency = 0;
    for (size_t i = 0; i < s->batch.n; i++)
        nagency += s->batch.e[i].kind == EXP_AGENCY;
    Evaluator *ev = NULL;
    for (size_t i = 0; i < s->ncases; i++) {
        const Case *c = &s->cases[i];
        if (!ev || nagency == 0) {
            eval_free(ev);
            ev = eval_new(r);
            if (!ev) {
                diag_error(d, src_at(su, c->at), c->at, "out of memory starting the evaluator for this case");
                run->failed += s->ncases - i + nagency;
                return;
            }
            eval_set_coverage(ev, l->cov);
        }
        static const SFields none = { 0 };
        Built b;
        if (!scn_build_record(r, &s->given, c->is_base ? &none : &c->with, &b, i + 1)) {
            diag_error(d, src_at(su, c->at), c->at, "out of memory building this case");
            run->failed++;
            continue;
        }
        unsigned line, col;
        diag_linecol(src_at(su, c->at), c->at.start, &line, &col);
        b.rec.line = line;
        bool was_english = i18n_hold_english(true); /* its data errors in English, as expectations quote them */
        const AppResult *res = eval_record(ev, &b.rec, scn_file_at(su, c->at)->path);
        i18n_hold_english(was_english);
        Where w = { .su = su, .s = s };
        int bad = scn_check_case(run, &w, c, r, res);
        scn_free_built(&b);
        bad ? run->failed++ : run->passed++;
    }
    AgencyCatch *catches = nagency ? mem_calloc(nagency, sizeof *catches) : NULL;
    if (nagency && !catches) {
        diag_error(d, src_at(su, s->at), s->at, "out of memory checking the agency-level results of this scenario");
        run->failed += nagency;
    } else if (nagency) {
        size_t k = 0;
        for (size_t i = 0; i < s->batch.n; i++)
            if (s->batch.e[i].kind == EXP_AGENCY)
                catches[k++] = (AgencyCatch){ .s = s, .e = &s->batch.e[i] };
        BatchCtx ctx = { catches, nagency };
        bool was_english = i18n_hold_english(true);
        eval_finish(ev, on_agency, &ctx);
        i18n_hold_english(was_english);
        for (size_t i = 0; i < nagency; i++) {
            const Expect *e = catches[i].e;
            char want[256];
            snprintf(want, sizeof want, _("agency %s: %s %s"), e->name, e->cat, e->tier);
            if (!catches[i].seen)
                /* TRANSLATORS: a category, and an agency's code. */
                snprintf(catches[i].got, sizeof catches[i].got, _("no %s result for agency %s"), e->cat, e->name);
            if (!catches[i].ok) {
                Where w = { .su = su, .s = s };
                report_failure(run, &w, NULL, e->at, want, catches[i].got, r->path);
                run->failed++;
            } else {
                run->passed++;
            }
        }
        mem_free(catches);
    }
    eval_free(ev);
}

/* The whole file, or NULL with a reason: errno's, or one of ours (too
 * large for the byte offsets of messages, out of memory). */
static char *read_all(const char *path, size_t *len, const char **why)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        *why = strerror(errno);
        return NULL;
    }
    size_t cap = 8192, n = 0, got;
    char *buf = mem_alloc(cap);
    *why = NULL;
    while (buf && (got = fread(buf + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n < cap)
            continue;
        if (cap >= (size_t)UINT32_MAX / 2) {
            *why = _("a scenario file may be at most 2 GiB");
            break;
        }
        char *more = mem_realloc(buf, cap * 2);
        if (!more) {
            mem_free(buf);
            buf = NULL;
            break;
        }
        buf = more;
        cap *= 2;
    }
    if (!buf && !*why)
        *why = _("out of memory");
    else if (!*why && ferror(in))
        *why = strerror(errno);
    fclose(in);
    if (*why) {
        mem_free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* ---- applying `from`: the reused scenarios with this file's changes ---- */

/* old merged with add, in arena a: a field of add replaces old's field of
 * the same name, or is added; with drop_empty, `NAME empty` takes old's
 * field out instead.  used[k] (when given) is set when add's k-th field
 * met a field of old.  False when memory ran out. */
static bool merge_fields(Arena *a, SFields *old, const SFields *add, bool drop_empty, bool *used)
{
    if (add->n == 0)
        return true;
    SField *out = arena_alloc(a, sizeof *out * (old->n + add->n));
    if (!out)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < old->n; i++) {
        bool met = false;
        for (size_t k = 0; k < add->n && !met; k++)
            if (strcmp(old->f[i].name, add->f[k].name) == 0) {
                met = true;
                if (used)
                    used[k] = true;
            }
        if (!met)
            out[n++] = old->f[i];
    }
    for (size_t k = 0; k < add->n; k++)
        if (!drop_empty || add->f[k].kind != RAW_ABSENT)
            out[n++] = add->f[k];
    for (size_t i = 0; i < n; i++)
        out[i].order = i;
    old->f = out;
    old->n = n;
    return true;
}

/* What `award test` counts for a scenario: each application and each
 * agency or check expectation. */
static size_t scenario_weight(const Scenario *s)
{
    return s->ncases + s->batch.n ? s->ncases + s->batch.n : 1;
}

/* `NAME empty` in a `given` that took out no field of any base it was
 * merged into: a misspelt name would otherwise change nothing, silently. */
static bool check_taken_out(Suite *su, const SFields *given, const bool *used, const char *where,
                            const SFields *base)
{
    bool ok = true;
    for (size_t k = 0; k < given->n; k++) {
        if (given->f[k].kind != RAW_ABSENT || used[k])
            continue;
        const SField *f = &given->f[k];
        const char *guess = NULL;
        const char **names = base && base->n ? mem_calloc(base->n, sizeof *names) : NULL;
        if (names) {
            for (size_t i = 0; i < base->n; i++)
                names[i] = base->f[i].name;
            guess = diag_suggest(f->name, names, base->n);
            mem_free(names);
        }
        char what[700];
        if (where)
            /* TRANSLATORS: %s is "the base of the reused scenario "TITLE"". */
            snprintf(what, sizeof what, _("%s has no field `%s`"), where, f->name);
        else
            snprintf(what, sizeof what, _("no reused scenario's base has a field `%s`"), f->name);
        if (guess)
            diag_error(su->d, src_at(su, f->at), f->at, "`%s empty` takes out nothing: %s; did you mean `%s`?",
                       f->name, what, guess);
        else
            diag_error(su->d, src_at(su, f->at), f->at, "`%s empty` takes out nothing: %s", f->name, what);
        ok = false;
    }
    return ok;
}

/* The one of n things called `title` (titles[i]), or -1 with an error at
 * `at` (none: the closest title suggested; several: each place noted). */
static long find_title(Suite *su, Span at, const char *title, const char *const *titles, const Span *places,
                       size_t n, bool is_case, const char *in)
{
    long found = -1;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (titles[i] && strcmp(titles[i], title) == 0) {
            found = found < 0 ? (long)i : found;
            count++;
        }
    if (count == 1)
        return found;
    if (count == 0) {
        const char *guess = diag_suggest(title, titles, n);
        /* TRANSLATORS: the first %s is "the reused scenario "TITLE"" or
         * "the file named by `from` (PATH)". */
        if (guess && is_case)
            diag_error(su->d, src_at(su, at), at, "%s has no case \"%s\"; did you mean \"%s\"?", in, title, guess);
        else if (guess)
            diag_error(su->d, src_at(su, at), at, "%s has no scenario \"%s\"; did you mean \"%s\"?", in, title, guess);
        else if (is_case)
            diag_error(su->d, src_at(su, at), at, "%s has no case \"%s\"", in, title);
        else
            diag_error(su->d, src_at(su, at), at, "%s has no scenario \"%s\"", in, title);
        return -1;
    }
    if (is_case)
        diag_error(su->d, src_at(su, at), at,
                   "%s has %zu cases called \"%s\": give them different titles where they are written", in, count,
                   title);
    else
        diag_error(su->d, src_at(su, at), at,
                   "%s has %zu scenarios called \"%s\": give them different titles where they are written", in, count,
                   title);
    for (size_t i = 0; i < n; i++)
        if (titles[i] && strcmp(titles[i], title) == 0)
            diag_note(su->d, src_at(su, places[i]), places[i], "one is here");
    return -1;
}

/* The changes of `in scenario` (pt) to the reused scenario s, in f's
 * arena.  False when one of them is wrong (reported) or memory ran out. */
static bool patch_scenario(Suite *su, SFile *f, Scenario *s, const Patch *pt)
{
    Diags *d = su->d;
    bool ok = true;
    char in[512];
    /* TRANSLATORS: put into messages about it: "%s has no case ..." */
    snprintf(in, sizeof in, _("the reused scenario \"%s\""), s->title);
    if (pt->rules) {
        s->rules = pt->rules;
        s->rules_at = pt->rules_at;
        s->own_rules = true;
    }
    if (pt->has_given) {
        bool *used = pt->given.n ? mem_calloc(pt->given.n, sizeof *used) : NULL;
        SFields before = s->given;
        if ((pt->given.n && !used) || !merge_fields(&f->arena, &s->given, &pt->given, true, used)) {
            mem_free(used);
            diag_error(d, src_at(su, pt->at), pt->at, "out of memory changing this scenario");
            return false;
        }
        char where[600];
        /* TRANSLATORS: %s is "the reused scenario "TITLE"". */
        snprintf(where, sizeof where, _("the base of %s"), in);
        ok &= check_taken_out(su, &pt->given, used, where, &before);
        mem_free(used);
    }
    if (pt->base_expect.n) {
        /* the base's own expectations, replaced (or given, if it had none) */
        if (s->ncases == 0 || !s->cases[0].is_base) {
            Case *more = mem_grow(s->cases, &s->capcases, s->ncases + 1, sizeof *more);
            if (!more) {
                diag_error(d, src_at(su, pt->at), pt->at, "out of memory changing this scenario");
                return false;
            }
            s->cases = more;
            memmove(&s->cases[1], &s->cases[0], sizeof *s->cases * s->ncases);
            s->ncases++;
            memset(&s->cases[0], 0, sizeof s->cases[0]);
            s->cases[0].is_base = true;
            s->cases[0].title = "given";
        }
        s->cases[0].expect = pt->base_expect;
        s->cases[0].at = pt->base_at;
    }
    /* agency expectations replace the one for the same agency and
     * category; check expectations replace all the reused ones */
    bool checks_replaced = false;
    for (size_t i = 0; i < pt->batch.n; i++) {
        const Expect *e = &pt->batch.e[i];
        ExpList kept = { 0 };
        bool is_check = e->kind != EXP_AGENCY;
        for (size_t k = 0; k < s->batch.n; k++) {
            const Expect *o = &s->batch.e[k];
            bool gone = is_check ? !checks_replaced && o->kind != EXP_AGENCY
                                 : o->kind == EXP_AGENCY && strcmp(o->name, e->name) == 0 && strcmp(o->cat, e->cat) == 0;
            if (!gone && !scn_exp_push(&f->arena, &kept, *o)) {
                diag_error(d, src_at(su, e->at), e->at, "out of memory changing this scenario");
                return false;
            }
        }
        if (!scn_exp_push(&f->arena, &kept, *e)) {
            diag_error(d, src_at(su, e->at), e->at, "out of memory changing this scenario");
            return false;
        }
        checks_replaced |= is_check;
        s->batch = kept;
    }
    for (size_t i = 0; i < pt->ncases; i++) {
        const Case *pc = &pt->cases[i];
        if (!pc->title)
            continue; /* a syntax error, reported */
        const char **titles = mem_calloc(s->ncases + 1, sizeof *titles);
        Span *places = mem_calloc(s->ncases + 1, sizeof *places);
        if (!titles || !places) {
            mem_free(titles);
            mem_free(places);
            diag_error(d, src_at(su, pc->at), pc->at, "out of memory changing this scenario");
            return false;
        }
        for (size_t k = 0; k < s->ncases; k++)
            if (!s->cases[k].is_base && s->cases[k].op != CASE_SKIP) {
                titles[k] = s->cases[k].title;
                places[k] = s->cases[k].at;
            }
        long at = -1;
        if (pc->op == CASE_ADD) {
            for (size_t k = 0; k < s->ncases; k++)
                if (titles[k] && strcmp(titles[k], pc->title) == 0) {
                    diag_error(d, src_at(su, pc->at), pc->at,
                               "%s has a case \"%s\" already: to change it, write `case \"%s\" ...` without `add`",
                               in, pc->title, pc->title);
                    diag_note(d, src_at(su, places[k]), places[k], "the case is here");
                    ok = false;
                    break;
                }
        } else {
            at = find_title(su, pc->title_at, pc->title, titles, places, s->ncases, true, in);
            ok &= at >= 0;
        }
        mem_free(titles);
        mem_free(places);
        if (pc->op != CASE_ADD && at < 0)
            continue;
        if (pc->op == CASE_SKIP) {
            if (pc->expect.n) {
                diag_error(d, src_at(su, pc->at), pc->at, "a skipped case is not run: it needs no `expect`");
                ok = false;
            }
            s->cases[at].op = CASE_SKIP;
            f->skipped++;
        } else if (pc->op == CASE_CHANGE) {
            Case *c = &s->cases[at];
            if (!pc->has_with && pc->expect.n == 0) {
                diag_error(d, src_at(su, pc->at), pc->at,
                           "this changes nothing in the case \"%s\": give `with { ... }`, `expect ...`, or both",
                           pc->title);
                ok = false;
            }
            if (pc->has_with && !merge_fields(&f->arena, &c->with, &pc->with, false, NULL)) {
                diag_error(d, src_at(su, pc->at), pc->at, "out of memory changing this case");
                return false;
            }
            if (pc->expect.n) {
                c->expect = pc->expect;
                c->at = pc->at;
            }
        } else {
            Case *more = mem_grow(s->cases, &s->capcases, s->ncases + 1, sizeof *more);
            if (!more) {
                diag_error(d, src_at(su, pc->at), pc->at, "out of memory adding this case");
                return false;
            }
            s->cases = more;
            s->cases[s->ncases] = *pc;
            s->cases[s->ncases++].op = CASE_PLAIN;
        }
    }
    size_t w = 0;
    for (size_t k = 0; k < s->ncases; k++)
        if (s->cases[k].op != CASE_SKIP)
            s->cases[w++] = s->cases[k];
    s->ncases = w;
    return ok;
}

/* The scenarios of b (its own and those it reuses, changes applied) move
 * to the front of f's list, with f's changes applied: its `rules` for
 * those without rules of their own, its `given` merged into every base,
 * then each `in scenario` and `skip scenario` in the order written.
 * False when a change is wrong (reported) or memory ran out. */
static bool apply_reuse(Suite *su, SFile *f, SFile *b)
{
    Diags *d = su->d;
    size_t n = b->nsc, total = b->nsc + f->nsc;
    Scenario *all = arena_alloc(&f->arena, sizeof *all * (total ? total : 1));
    bool *used = f->given.n ? mem_calloc(f->given.n, sizeof *used) : NULL;
    if (!all || (f->given.n && !used)) {
        mem_free(used);
        diag_error(d, f->src, f->from_at, "out of memory reusing this file");
        return false;
    }
    if (n)
        memcpy(all, b->sc, sizeof *all * n);
    if (f->nsc)
        memcpy(all + n, f->sc, sizeof *all * f->nsc);
    b->nsc = 0; /* their cases are f's to free now */
    f->sc = all;
    f->nsc = f->capsc = total;
    f->skipped += b->skipped;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        Scenario *s = &all[i];
        if (f->reuse_rules && !s->own_rules) {
            s->rules = f->reuse_rules;
            s->rules_at = f->reuse_rules_at;
        }
        if (!merge_fields(&f->arena, &s->given, &f->given, true, used)) {
            mem_free(used);
            diag_error(d, f->src, f->given_at, "out of memory reusing this file");
            return false;
        }
    }
    if (f->given.n)
        ok &= check_taken_out(su, &f->given, used, NULL, NULL);
    mem_free(used);
    const char **titles = mem_calloc(n + 1, sizeof *titles);
    Span *places = mem_calloc(n + 1, sizeof *places);
    if (!titles || !places) {
        mem_free(titles);
        mem_free(places);
        diag_error(d, f->src, f->from_at, "out of memory reusing this file");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        titles[i] = all[i].title;
        places[i] = all[i].at;
    }
    char in[PATH_MAX + 64];
    /* TRANSLATORS: put into messages about it: "%s has no scenario ..." */
    snprintf(in, sizeof in, _("the file named by `from` (%s)"), b->path);
    for (size_t i = 0; i < f->npatches; i++) {
        const Patch *pt = &f->patches[i];
        long k = find_title(su, pt->at, pt->title, titles, places, n, false, in);
        if (k < 0) {
            ok = false;
            continue;
        }
        Scenario *s = &all[k];
        if (s->skipped) {
            diag_error(d, f->src, pt->at, "the scenario \"%s\" is skipped above in this file", pt->title);
            ok = false;
        } else if (pt->skip) {
            s->skipped = true;
            f->skipped += scenario_weight(s);
        } else {
            ok &= patch_scenario(su, f, s, pt);
        }
    }
    mem_free(titles);
    mem_free(places);
    size_t w = 0;
    for (size_t i = 0; i < total; i++) {
        if (all[i].skipped)
            mem_free(all[i].cases);
        else
            all[w++] = all[i];
    }
    f->nsc = w;
    return ok;
}

static void sfile_free(SFile *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nsc; i++)
        mem_free(f->sc[i].cases);
    for (size_t i = 0; i < f->npatches; i++)
        mem_free(f->patches[i].cases);
    mem_free(f->patches);
    arena_free(&f->arena);
    mem_free(f->text);
    mem_free(f->own_path);
    free(f->real);
    mem_free(f);
}

/* Read and parse the file at path as file number su->nfiles; `by` is the
 * file that names it with `from` (NULL for the file run).  NULL when it
 * cannot be read or has mistakes (reported). */
static SFile *read_sfile(Suite *su, char *path, bool owned, const SFile *by)
{
    SFile *f = mem_calloc(1, sizeof *f);
    SFile **more = f ? mem_grow(su->files, &su->capfiles, su->nfiles + 1, sizeof *more) : NULL;
    if (!more) {
        diag_error(su->d, NULL, (Span){ 0 }, "out of memory reading %s", path);
        mem_free(f);
        if (owned)
            mem_free(path);
        return NULL;
    }
    su->files = more;
    f->path = path;
    f->own_path = owned ? path : NULL;
    f->index = (uint32_t)su->nfiles;
    su->files[su->nfiles++] = f;
    f->real = realpath(path, NULL);
    const char *why;
    f->text = read_all(path, &f->len, &why);
    if (!f->text) {
        if (by)
            diag_error(su->d, by->src, by->from_at, "cannot read the scenario file %s that `from` names: %s", path, why);
        else
            diag_error(su->d, NULL, (Span){ 0 }, "cannot read %s: %s", path, why);
        return NULL;
    }
    if (diag_is_utf16(f->text, f->len)) {
        diag_error(su->d, NULL, (Span){ 0 }, "%s is UTF-16 text; scenario files must be UTF-8: %s", path,
                   _(DIAG_UTF16_ADVICE));
        if (by)
            diag_note(su->d, by->src, by->from_at, "reused here");
        return NULL;
    }
    arena_init(&f->arena, 16384);
    f->src = diag_source(su->d, path, f->text, f->len);
    Parser p = { .f = f, .d = su->d };
    p.failed = p.nomem = !f->src;
    /* A UTF-8 byte-order mark is not part of the text. */
    p.pos = diag_bom_length(f->text, f->len);
    if (f->src)
        parse_file(&p);
    if (p.nomem)
        diag_error(su->d, NULL, (Span){ 0 }, "out of memory reading %s", path);
    mem_free(p.scratch_sc.cases);
    mem_free(p.scratch_patch.cases);
    mem_free(p.fields);
    mem_free(p.items);
    if (p.failed && by)
        note_reused(su, f->index); /* the files that reuse it say where */
    return p.failed ? NULL : f;
}

/* The file at path and every file it reuses, read, with reuse applied
 * from the deepest up: su->files[0]->sc is then every scenario to run.
 * False when anything is wrong (reported). */
bool scn_load_suite(Suite *su, const char *path)
{
    SFile *f = read_sfile(su, (char *)path, false, NULL);
    while (f && f->from) {
        char *joined = scn_join_path(f->path, f->from);
        char *shown = joined ? scn_shown_path(joined) : NULL;
        mem_free(joined);
        if (!shown) {
            diag_error(su->d, f->src, f->from_at, "out of memory reading the file that `from` names");
            return false;
        }
        /* a file that reuses itself, directly or through others */
        char *real = realpath(shown, NULL);
        for (size_t k = 0; real && k < su->nfiles; k++)
            if (su->files[k]->real && strcmp(su->files[k]->real, real) == 0) {
                char circle[4096];
                size_t len = 0;
                for (size_t j = k; j < su->nfiles && len < sizeof circle; j++)
                    /* `from`, a word of the scenario language, between the files */
                    len += (size_t)snprintf(circle + len, sizeof circle - len, "%s from ", su->files[j]->path);
                if (len < sizeof circle)
                    snprintf(circle + len, sizeof circle - len, "%s", shown);
                diag_error(su->d, f->src, f->from_at,
                           "these scenario files reuse each other in a circle: %s; a file cannot reuse itself, "
                           "directly or through others",
                           circle);
                free(real);
                mem_free(shown);
                return false;
            }
        free(real);
        f = read_sfile(su, shown, true, f);
    }
    if (!f)
        return false;
    for (size_t k = su->nfiles - 1; k-- > 0;)
        if (!apply_reuse(su, su->files[k], su->files[k + 1]))
            return false;
    return true;
}

/* Run every scenario of one file (with those it reuses) and print its
 * messages; d is consumed. */
static void run_file(Runner *run, const char *path, Diags *d)
{
    Suite su = { .d = d };
    if (!scn_load_suite(&su, path)) {
        run->failed++; /* a broken scenario file is a failure of its own */
    } else {
        SFile *f = su.files[0];
        if (f->nsc == 0)
            diag_warning(d, f->src, (Span){ 0 }, "this file holds no scenario");
        for (size_t i = 0; i < f->nsc; i++)
            run_scenario(run, &su, &f->sc[i]);
        run->skipped += f->skipped;
    }
    /* The files' texts must outlive the messages that point into them. */
    diag_sort(d);
    diag_print(d, run->out);
    out_check(run);
    diag_free(d);
    scn_suite_free(&su);
}

void scn_suite_free(Suite *su)
{
    for (size_t i = 0; i < su->nfiles; i++)
        sfile_free(su->files[i]);
    mem_free(su->files);
    su->files = NULL;
    su->nfiles = su->capfiles = 0;
}

/* ---- coverage ---- */

static void coverage_line(Runner *run, const Rules *r, Span at, const char *what)
{
    unsigned line, col;
    const Source *src = rules_source(r, at);
    diag_linecol(src, at.start, &line, &col);
    scn_printf(run, "  %s:%u: %s\n", diag_source_name(src), line, what);
}

static size_t report_coverage(Runner *run, const Loaded *l)
{
    const Rules *r = l->rules;
    const Coverage *c = l->cov;
    size_t missing = 0, items = 0;
    char what[1024];
    /* TRANSLATORS: the heading of what `award test --coverage` found not
     * exercised in a rule file; the lines under it follow. */
    scn_printf(run, _("coverage of %s:"), r->path);
    scn_printf(run, "\n");
    uint8_t *shared_seen = mem_calloc(r->nrequires_all + 1, 1);
    for (size_t i = 0; i < r->ncategories; i++) {
        const CategoryDecl *cat = r->categories[i];
        items++;
        if (!c->category_used[cat->index]) {
            snprintf(what, sizeof what, _("category %lld `%s` is never evaluated"), (long long)cat->number, cat->id);
            coverage_line(run, r, cat->span, what);
            missing++;
        } else if (!c->category_given[cat->index]) {
            snprintf(what, sizeof what, _("category `%s` is never given (no eligible application)"), cat->id);
            coverage_line(run, r, cat->span, what);
            missing++;
        }
        for (size_t k = 0; k < cat->nrequires; k++) {
            const Require *q = &cat->requires[k];
            if (q->shared && shared_seen[q->index]++)
                continue; /* a shared group's condition counts once, over all its categories */
            bool t = c->cond_true[q->index], f = c->cond_false[q->index];
            items += 2;
            if (t && f)
                continue;
            missing += !t + !f;
            /* where the condition is: "group `g`", "stage `s`", "category `c`" */
            char of[300];
            if (q->shared && q->group)
                snprintf(of, sizeof of, _("group `%s`"), q->group);
            else if (q->shared)
                snprintf(of, sizeof of, _("stage `%s`"), q->stage_name);
            else
                snprintf(of, sizeof of, _("category `%s`"), cat->id);
            /* TRANSLATORS: a condition as written, and where it is ("group
             * `g`", "stage `s`" or "category `c`"). */
            if (!t && !f)
                snprintf(what, sizeof what, _("condition `%s` (%s) is never seen at all"), q->source, of);
            else if (!t)
                snprintf(what, sizeof what, _("condition `%s` (%s) is never seen holding"), q->source, of);
            else
                snprintf(what, sizeof what, _("condition `%s` (%s) is never seen failing"), q->source, of);
            coverage_line(run, r, q->span, what);
        }
    }
    for (size_t i = 0; i < r->nnodes; i++) {
        const ScoreNode *n = r->nodes[i];
        items++;
        if (!c->node_scored[i]) {
            snprintf(what, sizeof what, _("score item `%s` is never scored"), n->name);
            coverage_line(run, r, n->span, what);
            missing++;
            continue;
        }
        if (n->tag == NODE_BONUS) {
            items++;
            if (!c->bonus_given[i] || !c->bonus_withheld[i]) {
                snprintf(what, sizeof what, !c->bonus_given[i] ? _("bonus `%s` is never given") : _("bonus `%s` is never withheld"),
                         n->name);
                coverage_line(run, r, n->span, what);
                missing++;
            }
        }
        if (n->capped) {
            items++;
            if (!c->cap_cut[i]) {
                snprintf(what, sizeof what, _("the cap of `%s` never cuts its points"), n->name);
                coverage_line(run, r, n->span, what);
                missing++;
            }
        }
    }
    /* Each stage: reached; stopped at, where a condition can stop an
     * application; waited for, where it has fields of its own. */
    for (size_t st = 0; st < r->nstages; st++) {
        const StageDecl *sd = r->stages[st];
        bool can_stop = false, can_wait = false;
        for (size_t i = 0; i < r->ncategories; i++) {
            const CategoryDecl *cat = r->categories[i];
            for (size_t k = 0; k < cat->nrequires; k++)
                can_stop |= cat->requires[k].stage == st;
            for (size_t k = 0; st > 0 && k < r->ninputs; k++)
                can_wait |= stage_field(r, cat, k, st);
        }
        items += 1 + can_stop + can_wait;
        int never = !c->stage_reached[st] ? 1 : can_stop && !c->stage_stopped[st] ? 2
                                              : can_wait && !c->stage_pending[st] ? 3 : 0;
        if (never) {
            snprintf(what, sizeof what,
                     never == 1   ? _("stage `%s` is never reached")
                     : never == 2 ? _("stage `%s` is never where an application stops")
                                  : _("stage `%s` is never waited for (pending)"),
                     sd->id);
            coverage_line(run, r, sd->span, what);
            missing += !c->stage_reached[st] + (can_stop && !c->stage_stopped[st]) +
                       (can_wait && !c->stage_pending[st]);
        }
    }
    for (size_t i = 0; i < r->ntiers; i++) {
        const TierDecl *t = r->tiers[i];
        for (size_t k = 0; k < t->nentries; k++) {
            items++;
            if (!c->tier_given[t->entries[k].index]) {
                snprintf(what, sizeof what, _("tier `%s` of `%s` is never given"), t->entries[k].id, t->name);
                coverage_line(run, r, t->entries[k].span, what);
                missing++;
            }
        }
    }
    mem_free(shared_seen);
    scn_printf(run, "  ");
    /* TRANSLATORS: the last line of a rule file's coverage. */
    scn_printf(run, missing ? _("%zu of %zu covered") : _("%zu of %zu covered: everything"), items - missing, items);
    scn_printf(run, "\n");
    return missing;
}

/* ---- the command ---- */

const char scenario_usage[] =
    "usage: award test [--coverage] [--rules RULES] PATH...\n"
    "       award test --export FILE.scenario [-o FILE.csv] [--leave-out-unexportable]\n"
    "\n"
    "Run every scenario in the scenario files given, or in the *.scenario files\n"
    "under the folders given.  Each failure is printed with its file and line,\n"
    "the case, what was expected and what came out; the last line says\n"
    "`N passed, N failed` (and `N skipped` when a file reusing another skips\n"
    "cases).  A scenario file may reuse last year's with `from \"FILE\"` against\n"
    "new rules, stating only what the new year decides differently (see\n"
    "docs/scenarios.md).  Exit status 0 when everything passed, 1 when\n"
    "anything failed, 2 on a usage error.\n"
    "\n"
    "Cases may also be kept in a spreadsheet saved as CSV (a file named on the\n"
    "command line that ends in .csv, or a *cases.csv file under a folder): one\n"
    "row per case, with the columns `case`, `rules`, the application's fields\n"
    "and `expect eligible`, `expect failed`, `expect total`, `expect tier`, ...\n"
    "(docs/scenarios.md, \"Cases in a spreadsheet\").\n"
    "\n"
    "options:\n"
    "  --coverage      then list, per rule file, the conditions (seen holding and\n"
    "                  failing), score items, bonuses, caps, tiers and categories\n"
    "                  that no scenario exercised; anything unexercised is a failure\n"
    "  --rules RULES   the rule file of the spreadsheet rows whose `rules` column\n"
    "                  is empty (a row naming another rule file is an error)\n"
    "  --export FILE.scenario\n"
    "                  write the cases of the scenario file as a spreadsheet (CSV\n"
    "                  with a byte-order mark, so Excel shows Thai) that\n"
    "                  `award test` runs to the same result\n"
    "  -o FILE.csv     with --export: write there instead of standard output\n"
    "  --leave-out-unexportable\n"
    "                  with --export: leave out, each with a warning, the cases\n"
    "                  and expectations a spreadsheet cannot hold (such as\n"
    "                  `check` and `agency` expectations) instead of refusing\n";

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A set of files by identity (device and inode), whatever path names
 * them: a hash table with open addressing, doubling when half full. */
typedef struct FileId {
    dev_t dev;
    ino_t ino;
    bool used;
} FileId;

typedef struct IdSet {
    FileId *slots;
    size_t n, cap;          /* cap: 0 or a power of two */
} IdSet;

static size_t id_hash(dev_t dev, ino_t ino, size_t cap)
{
    uint64_t h = ((uint64_t)dev * 0x9E3779B97F4A7C15u) ^ ((uint64_t)ino * 0xC2B2AE3D27D4EB4Fu);
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static bool idset_has(const IdSet *set, const struct stat *st)
{
    if (set->cap == 0)
        return false;
    for (size_t k = id_hash(st->st_dev, st->st_ino, set->cap); set->slots[k].used; k = (k + 1) & (set->cap - 1))
        if (set->slots[k].dev == st->st_dev && set->slots[k].ino == st->st_ino)
            return true;
    return false;
}

/* 1 when st's file was not in the set (it now is), 0 when it was, -1 when
 * memory ran out. */
static int idset_add(IdSet *set, const struct stat *st)
{
    if (2 * (set->n + 1) > set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 64;
        FileId *slots = mem_calloc(ncap, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slots[i].used)
                continue;
            size_t k = id_hash(set->slots[i].dev, set->slots[i].ino, ncap);
            while (slots[k].used)
                k = (k + 1) & (ncap - 1);
            slots[k] = set->slots[i];
        }
        mem_free(set->slots);
        set->slots = slots;
        set->cap = ncap;
    }
    size_t k = id_hash(st->st_dev, st->st_ino, set->cap);
    for (; set->slots[k].used; k = (k + 1) & (set->cap - 1))
        if (set->slots[k].dev == st->st_dev && set->slots[k].ino == st->st_ino)
            return 0;
    set->slots[k] = (FileId){ .dev = st->st_dev, .ino = st->st_ino, .used = true };
    set->n++;
    return 1;
}

/* The scenario files to run, each once, in the order found. */
typedef struct FileList {
    char **paths;
    size_t n, cap;
    IdSet files, dirs;      /* every file listed and folder walked */
    size_t problems;        /* folders that could not be read */
    bool nomem;
} FileList;

/* Take path (heap, now owned by the list) unless its file is listed already
 * under this or another name. */
static void list_add(FileList *fl, char *path, const struct stat *st)
{
    int fresh = st ? idset_add(&fl->files, st) : 1;
    char **more = fresh > 0 ? mem_grow(fl->paths, &fl->cap, fl->n + 1, sizeof *fl->paths) : NULL;
    if (!more) {
        fl->nomem |= fresh < 0 || fresh > 0;
        mem_free(path);
        return;
    }
    fl->paths = more;
    fl->paths[fl->n++] = path;
}

/* Every *.scenario file under dir, sorted, into the list; returns how many
 * *.scenario files the folder holds (those listed already included).  A
 * folder reached again (a symbolic link to a folder above it: a loop; or
 * named twice) is not walked again. */
static size_t walk(FileList *fl, const char *dir, const struct stat *dst)
{
    int fresh = idset_add(&fl->dirs, dst);
    if (fresh <= 0) {
        fl->nomem |= fresh < 0;
        return 0;
    }
    DIR *dp = opendir(dir);
    if (!dp) {
        cli_say("cannot read the folder %s: %s", dir, strerror(errno));
        fl->problems++;
        return 0;
    }
    struct dirent *de;
    char **found = NULL;
    size_t nfound = 0, capfound = 0, count = 0;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        char *path = mem_alloc(len);
        char **more = path ? mem_grow(found, &capfound, nfound + 1, sizeof *found) : NULL;
        if (!more) {
            mem_free(path);
            fl->nomem = true;
            break;
        }
        found = more;
        snprintf(path, len, "%s/%s", dir, de->d_name);
        found[nfound++] = path;
    }
    closedir(dp);
    if (nfound > 1)
        qsort(found, nfound, sizeof *found, cmp_str);
    for (size_t i = 0; i < nfound; i++) {
        struct stat st;
        size_t len = strlen(found[i]);
        bool known = stat(found[i], &st) == 0;
        if (known && S_ISDIR(st.st_mode)) {
            count += walk(fl, found[i], &st);
            mem_free(found[i]);
        } else if ((len > 9 && strcmp(found[i] + len - 9, ".scenario") == 0) ||
                   scn_csv_walked(strrchr(found[i], '/') + 1)) {
            /* one that cannot be read is listed, to be reported as such */
            count++;
            list_add(fl, found[i], known ? &st : NULL);
        } else {
            mem_free(found[i]);
        }
    }
    mem_free(found);
    return count;
}

static void list_free(FileList *fl)
{
    for (size_t i = 0; i < fl->n; i++)
        mem_free(fl->paths[i]);
    mem_free(fl->paths);
    mem_free(fl->files.slots);
    mem_free(fl->dirs.slots);
}

/* The end of the run: standard output flushed, and a write that failed
 * (a full disk, a closed pipe) said so, with exit status 2. */
static int finish_output(Runner *run, int rc)
{
    if (fflush(run->out) != 0 && !run->werr)
        run->werr = errno ? errno : EIO;
    out_check(run);
    if (run->werr) {
        cli_say("cannot write standard output: %s", strerror(run->werr));
        return 2;
    }
    return rc;
}

/* The value of option `name` at argv[*i] (`--rules FILE` or
 * `--rules=FILE`), stepping *i over it; NULL when argv[*i] is another
 * option.  *missing is set when the option has no value. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

int scenario_main(int argc, char **argv)
{
    Runner run = { .out = stdout };
    FileList fl = { 0 };
    int rc = 0;
    const char *rules_flag = NULL, *export = NULL, *out = NULL;
    bool leave_out = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            scn_printf(&run, "%s", scenario_usage);
            rc = finish_output(&run, 0);
            goto done;
        }
        if (strcmp(argv[i], "--coverage") == 0) {
            run.coverage = true;
            continue;
        }
        if (strcmp(argv[i], "--leave-out-unexportable") == 0) {
            leave_out = true;
            continue;
        }
        bool missing = false;
        const char *v;
        if ((v = opt_value(argc, argv, &i, "--rules", &missing)))
            rules_flag = v;
        else if ((v = opt_value(argc, argv, &i, "--export", &missing)))
            export = v;
        else if ((v = opt_value(argc, argv, &i, "-o", &missing)) || (v = opt_value(argc, argv, &i, "--output", &missing)))
            out = v;
        if (missing) {
            cli_usage_error("test", "the option %s needs a file after it", argv[i]);
            rc = 2;
            goto done;
        }
        if (v)
            continue;
        if (argv[i][0] == '-') {
            cli_usage_error("test", "unknown option `%s` for test", argv[i]);
            rc = 2;
            goto done;
        }
        if (export) {
            cli_usage_error("test", "--export writes one scenario file as a spreadsheet; `%s` is one file too many",
                            argv[i]);
            rc = 2;
            goto done;
        }
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            cli_say("cannot read %s: %s", argv[i], strerror(errno));
            rc = 2;
            goto done;
        }
        if (S_ISDIR(st.st_mode)) {
            /* a folder named twice (or inside one named before) is walked once */
            if (!idset_has(&fl.dirs, &st)) {
                size_t problems = fl.problems;
                if (walk(&fl, argv[i], &st) == 0 && fl.problems == problems && !fl.nomem) {
                    cli_say("the folder %s holds no scenario files (*.scenario): name a scenario file, or a folder "
                            "that holds some",
                            argv[i]);
                    rc = 2;
                    goto done;
                }
            }
        } else {
            char *path = mem_strndup(argv[i], strlen(argv[i]));
            if (path)
                list_add(&fl, path, &st);
            else
                fl.nomem = true;
        }
        if (fl.nomem) {
            cli_say("out of memory listing the scenario files");
            rc = 3;
            goto done;
        }
    }
    if (export || out || leave_out) {
        const char *clash = !export ? "-o" : fl.n ? fl.paths[0] : run.coverage ? "--coverage" : rules_flag ? "--rules" : NULL;
        if (clash) {
            if (!export)
                cli_usage_error("test", "-o and --leave-out-unexportable are for --export; without it, test writes no "
                                        "file");
            else
                cli_usage_error("test", "--export FILE.scenario [-o FILE.csv] takes nothing else: run the spreadsheet "
                                        "with `award test` after");
            rc = 2;
            goto done;
        }
        rc = scn_csv_export(export, out, leave_out);
        if (!out) /* the spreadsheet went to standard output: flushed and checked there */
            rc = finish_output(&run, rc);
        goto done;
    }
    if (fl.n == 0 && fl.problems == 0) {
        cli_usage_error("test", "test needs scenario files or folders holding *.scenario files");
        rc = 2;
        goto done;
    }
    /* --rules gives a spreadsheet's rows their rule file; a scenario file
     * names its own, and would silently keep them */
    for (size_t i = 0; rules_flag && i < fl.n; i++)
        if (!scn_csv_is_csv(fl.paths[i])) {
            cli_say("--rules gives the rule file of case spreadsheets (*.csv); %s is a scenario file, which names "
                    "its rule file itself: run it without --rules",
                    fl.paths[i]);
            rc = 2;
            goto done;
        }
    run.failed += fl.problems;
    for (size_t i = 0; i < fl.n; i++) {
        if (scn_csv_is_csv(fl.paths[i])) {
            scn_csv_run(&run, fl.paths[i], rules_flag);
            continue;
        }
        Diags *d = diag_new();
        if (!d) {
            cli_say("out of memory running %s", fl.paths[i]);
            run.failed++;
            continue;
        }
        run_file(&run, fl.paths[i], d);
    }
    if (run.coverage) {
        size_t missing = 0;
        for (size_t i = 0; i < run.nloaded; i++)
            if (run.loaded[i].ok)
                missing += report_coverage(&run, &run.loaded[i]);
        if (missing)
            run.failed++;
    }
    /* skips are counted, so that none goes unnoticed; the line is as
     * before when there are none */
    /* TRANSLATORS: the last line of `award test`: how many passed and failed. */
    if (run.skipped)
        scn_printf(&run, _("%zu passed, %zu failed, %zu skipped"), run.passed, run.failed, run.skipped);
    else
        scn_printf(&run, _("%zu passed, %zu failed"), run.passed, run.failed);
    scn_printf(&run, "\n");
    rc = finish_output(&run, run.failed ? 1 : 0);
done:
    list_free(&fl);
    scn_runner_free(&run);
    return rc;
}

void scn_runner_free(Runner *run)
{
    for (size_t i = 0; i < run->nloaded; i++) {
        Loaded *l = &run->loaded[i];
        coverage_free(l->cov);
        rules_free(l->rules);
        diag_free(l->diags);
        mem_free(l->path);
        mem_free(l->shown);
    }
    mem_free(run->loaded);
    run->loaded = NULL;
    run->nloaded = run->caploaded = 0;
}

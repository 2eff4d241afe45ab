/* scenario.c -- `award test`: scenario files, their runner, and coverage.
 *
 * A scenario file is read by a small hand-written parser (the format is a
 * list of keyword lines, far simpler than a rule file) into scenarios; each
 * case becomes one application, built as RawRecord fields exactly as the
 * JSON reader would give them, and goes through the same evaluator as
 * `award eval`.  Mistakes in a scenario file are reported like mistakes in
 * a rule file: file:line:col, the line and a caret.
 *
 * Bounded: reading a file takes time and memory in proportion to it (each
 * token is measured before it is copied, arrays grow by doubling), and a
 * case costs the same whatever comes before it, so 100,000 cases run in
 * a few megabytes.  The text may start with a UTF-8 byte-order mark and
 * its lines may end in LF, CR LF or a lone CR; UTF-16 is refused with
 * advice.  Every allocation is checked (out of memory fails the file, it
 * never crashes), every write to standard output is checked (a failed one
 * is exit status 2), and a folder is walked once however many links lead
 * into it, each scenario file run once however many paths name it. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "eval.h"
#include "scenario.h"
#include "utext.h"


/* ---- what a scenario file says ---- */

/* One field of an application, as written: `unit_coverage_pct 79.99`. */
typedef struct SField {
    const char *name;
    RawKind kind;          /* RAW_NUMBER, RAW_STRING, RAW_BOOL, RAW_ARRAY, RAW_ABSENT (empty) */
    const char *text;
    size_t len;
    RawField *items;       /* RAW_ARRAY */
    uint32_t nitems;
    Span at;
    size_t order;          /* its place in the { }, for reporting duplicates */
    size_t slot;           /* the rules' input it sets (check_field_names) */
} SField;

typedef struct SFields {
    SField *f;
    size_t n;
} SFields;

typedef enum ExpKind {
    EXP_ELIGIBLE, EXP_NOT_ELIGIBLE, EXP_BECAUSE, EXP_TOTAL, EXP_POINTS, EXP_TIER,
    EXP_CATEGORY, EXP_ERROR, EXP_AGENCY, EXP_CHECK_CLEAN, EXP_CHECK_MSG,
} ExpKind;

typedef struct Expect {
    ExpKind kind;
    Span at;
    const char *name;      /* POINTS: node; TIER, CATEGORY: id; ERROR: field; AGENCY: agency code */
    const char *text;      /* BECAUSE: message; ERROR, CHECK_MSG: text to find */
    const char *cat, *tier;/* AGENCY */
    Dec num;               /* TOTAL, POINTS */
    bool warning;          /* CHECK_MSG */
    unsigned line, col;    /* CHECK_MSG: 0 when not given */
} Expect;

typedef struct ExpList {
    Expect *e;
    size_t n, cap;
} ExpList;

typedef struct Case {
    const char *title;
    Span at;
    SFields with;
    ExpList expect;
    bool is_base;
} Case;

typedef struct Scenario {
    const char *title;
    Span at;
    const char *rules;     /* as written, relative to the scenario file */
    Span rules_at;
    SFields given;
    Case *cases;           /* the base first, when it has expectations (heap) */
    size_t ncases, capcases;
    ExpList batch;         /* agency and check expectations */
} Scenario;

typedef struct SFile {
    const char *path;
    char *text;
    size_t len;
    Source *src;
    Arena arena;
    Scenario *sc;
    size_t nsc, capsc;
} SFile;

/* ---- the tokenizer ---- */

typedef enum TokKind { T_END, T_NL, T_STRING, T_NUMBER, T_WORD, T_PUNCT, T_BAD } TokKind;

typedef struct Tok {
    TokKind kind;
    Span at;
    const char *s;         /* T_WORD, T_NUMBER: the text; T_STRING: value */
    size_t len;
    char punct;
} Tok;

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
    Case scratch_case;     /* stands in for a case or scenario that could */
    Scenario scratch_sc;   /* not be allocated, so parsing goes on safely */
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
    Tok k = { .at = { .start = (uint32_t)i, .end = (uint32_t)i + 1 } };
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

/* Report what was found instead of `what`, skip to the end of the line. */
static void expected(Parser *p, const char *what)
{
    const char *t = p->f->text + p->tok.at.start;
    size_t len = p->tok.at.end - p->tok.at.start, shown = 0;
    for (size_t chars = 0; shown < len && chars < SHOWN_CHARS; chars++) {
        int32_t cp;
        shown += utext_decode(t + shown, len - shown, &cp);
    }
    if (p->tok.kind == T_END)
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
        expected(p, "the end of the line");
    skip_newlines(p);
}

/* ---- fields ---- */

static bool parse_scalar(Parser *p, RawField *out)
{
    Tok k = p->tok;
    if (k.kind == T_NUMBER) {
        Dec d;
        if (dec_parse(k.s, k.len, &d) != DEC_OK) {
            expected(p, "a number such as 79.99");
            return false;
        }
        *out = (RawField){ .kind = RAW_NUMBER, .text = k.s, .len = k.len };
    } else if (k.kind == T_STRING) {
        *out = (RawField){ .kind = RAW_STRING, .text = k.s, .len = k.len };
    } else if (k.kind == T_WORD && (is_word(p, "true") || is_word(p, "false"))) {
        *out = (RawField){ .kind = RAW_BOOL, .text = k.s, .len = k.len };
    } else if (k.kind == T_WORD) {
        /* a bare name: a category or enumeration value, as text */
        *out = (RawField){ .kind = RAW_STRING, .text = k.s, .len = k.len };
    } else {
        expected(p, "a value (a number, \"text\", true, false, a name or [a list])");
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
        expected(p, "`{` and the fields of the application");
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
            expected(p, "a field name");
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

static void push_expect(Parser *p, ExpList *l, Expect e)
{
    if (l->n == l->cap) {
        /* from 1: most cases expect one or two things */
        Expect *more = p_alloc(p, sizeof *more * (l->cap ? l->cap * 2 : 1));
        if (!more)
            return;
        l->cap = l->cap ? l->cap * 2 : 1;
        if (l->n)
            memcpy(more, l->e, sizeof *more * l->n);
        l->e = more;
    }
    l->e[l->n++] = e;
}

static bool parse_number(Parser *p, Dec *out)
{
    if (p->tok.kind != T_NUMBER || dec_parse(p->tok.s, p->tok.len, out) != DEC_OK) {
        expected(p, "a number");
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
                expected(p, "`eligible` after `not`");
                return;
            }
            e.kind = EXP_NOT_ELIGIBLE;
            e.at.end = p->tok.at.end;
            next(p);
        } else if (is_word(p, "because")) {
            next(p);
            if (p->tok.kind != T_STRING) {
                expected(p, "the message of the condition that fails, in quotes");
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
            if (!parse_name(p, &e.name, "the name of a score item") || !parse_number(p, &e.num))
                return;
        } else if (is_word(p, "tier")) {
            next(p);
            e.kind = EXP_TIER;
            if (!parse_name(p, &e.name, "a tier"))
                return;
        } else if (is_word(p, "category")) {
            next(p);
            e.kind = EXP_CATEGORY;
            if (!parse_name(p, &e.name, "a category"))
                return;
        } else if (is_word(p, "error")) {
            next(p);
            e.kind = EXP_ERROR;
            if (is_word(p, "on")) {
                next(p);
                if (!parse_name(p, &e.name, "the field the error is about"))
                    return;
            } else if (p->tok.kind == T_STRING) {
                e.text = tok_text(p);
                next(p);
            }
        } else if (is_word(p, "agency")) {
            next(p);
            e.kind = EXP_AGENCY;
            if (!parse_name(p, &e.name, "an agency code") || !parse_name(p, &e.cat, "a category") ||
                !parse_name(p, &e.tier, "`awarded` or `ineligible`"))
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
                    expected(p, "part of the message, in quotes");
                    return;
                }
                e.text = tok_text(p);
                next(p);
            } else {
                expected(p, "`clean`, `error` or `warning` after `check`");
                return;
            }
        } else {
            expected(p, "an expectation: eligible, not eligible, because \"...\", total N, "
                        "points ITEM N, tier T, category C, error, agency A C T, or check ...");
            return;
        }
        bool batch_level = e.kind == EXP_AGENCY || e.kind == EXP_CHECK_CLEAN || e.kind == EXP_CHECK_MSG;
        push_expect(p, batch_level ? batch : own, e);
    } while (is_punct(p, ','));
    end_of_line(p);
}

/* ---- scenarios ---- */

static Case *add_case(Parser *p, Scenario *s)
{
    /* on the heap, so that the arrays outgrown are freed, not kept */
    Case *more = mem_grow(s->cases, &s->capcases, s->ncases + 1, sizeof *more);
    if (!more) {
        p_nomem(p);
        memset(&p->scratch_case, 0, sizeof p->scratch_case);
        return &p->scratch_case;
    }
    s->cases = more;
    Case *c = &s->cases[s->ncases++];
    memset(c, 0, sizeof *c);
    return c;
}

static void parse_scenario(Parser *p, Scenario *s, const char *file_rules, Span file_rules_at)
{
    s->rules = file_rules;
    s->rules_at = file_rules_at;
    Case *base = NULL;     /* the base, once it has expectations */
    Case *cur = NULL;      /* where `expect` lines go */
    for (;;) {
        skip_newlines(p);
        if (p->tok.kind == T_END || is_word(p, "scenario"))
            break;
        if (is_word(p, "rules")) {
            next(p);
            if (p->tok.kind != T_STRING) {
                expected(p, "the path of a rule file, in quotes");
                continue;
            }
            s->rules = tok_text(p);
            s->rules_at = p->tok.at;
            next(p);
            end_of_line(p);
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
                expected(p, "the case's title, in quotes");
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
            expected(p, "`rules`, `given`, `expect` or `case`");
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

static void parse_file(Parser *p)
{
    SFile *f = p->f;
    const char *file_rules = NULL;
    Span file_rules_at = { 0 };
    next(p);
    for (;;) {
        skip_newlines(p);
        if (p->tok.kind == T_END)
            break;
        if (is_word(p, "rules")) {
            next(p);
            if (p->tok.kind != T_STRING) {
                expected(p, "the path of a rule file, in quotes");
                continue;
            }
            file_rules = tok_text(p);
            file_rules_at = p->tok.at;
            next(p);
            end_of_line(p);
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
                expected(p, "the scenario's title, in quotes");
                s->title = "?";
            } else {
                s->title = tok_text(p);
                next(p);
                end_of_line(p);
            }
            parse_scenario(p, s, file_rules, file_rules_at);
        } else {
            expected(p, "`rules \"...\"` or `scenario \"...\"`");
        }
    }
}

/* ---- running ---- */

/* A rule file loaded once for every scenario that names it. */
typedef struct Loaded {
    char *path;            /* as resolved */
    char *shown;           /* as named, which the rules and messages borrow */
    Rules *rules;
    Diags *diags;          /* its messages, kept for `check` expectations */
    bool ok;
    Coverage *cov;
} Loaded;

typedef struct Runner {
    Loaded *loaded;
    size_t nloaded, caploaded;
    size_t passed, failed;
    bool coverage;
    FILE *out;
    int werr;              /* errno of the first write to `out` that failed */
} Runner;

/* Everything the runner prints goes through here, so that a write that
 * fails (a full disk, a closed pipe) is remembered and reported at the end
 * rather than lost. */
__attribute__((format(printf, 2, 3)))
static void out_printf(Runner *run, const char *fmt, ...)
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
static char *join_path(const char *file, const char *rel)
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
static char *shown_path(const char *path)
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
static Loaded *load_rules(Runner *run, const char *path)
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
    Loaded l = { .path = mem_strndup(key, strlen(key)), .shown = shown_path(path), .diags = diag_new() };
    if (!l.path || !l.shown || !l.diags) {
        mem_free(l.path);
        mem_free(l.shown);
        diag_free(l.diags);
        return NULL;
    }
    l.rules = check_load(l.shown, l.diags);
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

/* The record of one case: the base's fields overridden by the case's. */
typedef struct Built {
    RawField *fields;
    RawField *items;
    RawRecord rec;
} Built;

/* Each field goes straight to its slot (resolved once by
 * check_field_names), so a case costs its own fields and the rules'
 * inputs, never the rules' inputs times the fields.  False when memory ran
 * out (nothing to free then). */
static bool build_record(const Rules *r, const SFields *given, const SFields *with, Built *b, size_t number)
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

static void free_built(Built *b)
{
    mem_free(b->fields);
    mem_free(b->items);
}

/* Fields named in the scenario that the rules do not have: a typo would
 * otherwise pass silently.  Each known field gets its slot. */
static bool check_field_names(SFile *f, Diags *d, const Rules *r, SFields *fs)
{
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
                diag_error(d, f->src, fs->f[i].at, "the rules have no field `%s`; did you mean `%s`?",
                           fs->f[i].name, guess);
            else
                diag_error(d, f->src, fs->f[i].at, "the rules have no field `%s`", fs->f[i].name);
            mem_free(names);
            ok = false;
        }
    }
    return ok;
}

/* A failure: where, which case, what was expected and what came out. */
static void report_failure(Runner *run, SFile *f, const Scenario *s, const char *title, Span at,
                           const char *want, const char *got)
{
    unsigned line, col;
    diag_linecol(f->src, at.start, &line, &col);
    out_printf(run, "%s:%u: FAIL \"%s\"%s%s%s\n", f->path, line, s->title, title ? " / \"" : "",
               title ? title : "", title ? "\"" : "");
    out_printf(run, "    expected: %s\n    got:      %s\n", want, got);
}

static void describe_result(const Rules *r, const AppResult *res, char *buf, size_t size)
{
    char total[DEC_FMT_MAX] = "";
    if (res->error) {
        snprintf(buf, size, "a data error: %s", res->message);
        return;
    }
    if (res->scored)
        dec_format(res->total, r->precision, total);
    size_t n = (size_t)snprintf(buf, size, "%s, tier %s%s%s", res->eligible ? "eligible" : "not eligible",
                                res->tier_id, res->scored ? ", total " : "", total);
    for (size_t i = 0; i < res->nfailed && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s\"%s\"", i == 0 ? ", because " : " and ",
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
static int check_case(Runner *run, SFile *f, const Scenario *s, const Case *c, const Rules *r,
                      const AppResult *res)
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
        case EXP_ELIGIBLE:
            ok = !res->error && res->eligible;
            snprintf(want, sizeof want, "eligible");
            break;
        case EXP_NOT_ELIGIBLE:
            ok = !res->error && !res->eligible;
            snprintf(want, sizeof want, "not eligible");
            break;
        case EXP_BECAUSE:
            because++;
            ok = !res->error && failed_has(res, e->text);
            snprintf(want, sizeof want, "not eligible because \"%s\"", e->text);
            break;
        case EXP_TOTAL:
            ok = !res->error && res->scored && dec_cmp(res->total, e->num) == 0;
            dec_format(e->num, r->precision, b1);
            snprintf(want, sizeof want, "total %s", b1);
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
                    snprintf(got, sizeof got, "%s has %s points", e->name, b2);
                }
            }
            dec_format(e->num, r->precision, b1);
            snprintf(want, sizeof want, "%s has %s points", e->name, b1);
            if (!known)
                snprintf(got, sizeof got, "the rules have no score item `%s`", e->name);
            if (ok)
                describe_result(r, res, got, sizeof got);
            break;
        }
        case EXP_TIER:
            ok = strcmp(res->tier_id, e->name) == 0;
            snprintf(want, sizeof want, "tier %s", e->name);
            break;
        case EXP_CATEGORY:
            ok = res->cat && strcmp(res->cat->id, e->name) == 0;
            snprintf(want, sizeof want, "category %s", e->name);
            break;
        case EXP_ERROR:
            if (e->name) {
                char field[256];
                snprintf(field, sizeof field, "field `%s`", e->name);
                ok = res->error && strstr(res->message, field) != NULL;
                snprintf(want, sizeof want, "a data error on field `%s`", e->name);
            } else if (e->text) {
                ok = res->error && strstr(res->message, e->text) != NULL;
                snprintf(want, sizeof want, "a data error saying \"%s\"", e->text);
            } else {
                ok = res->error;
                snprintf(want, sizeof want, "a data error");
            }
            break;
        default:
            break;
        }
        if (!ok) {
            report_failure(run, f, s, title, e->at, want, got);
            describe_result(r, res, got, sizeof got);
            bad++;
        }
    }
    /* `because` lists every condition that fails, no more. */
    if (because && !res->error && because != res->nfailed && res->nfailed > because) {
        snprintf(want, sizeof want, "exactly the %zu failed condition%s listed", because, because == 1 ? "" : "s");
        report_failure(run, f, s, title, c->at, want, got);
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
        snprintf(c->got, sizeof c->got, "agency %s: %s %s", e->name, e->cat, res->tier_id);
    }
}

/* `check` expectations: the rule file's own messages. */
static int check_diagnostics(Runner *run, SFile *f, const Scenario *s, Loaded *l)
{
    int bad = 0;
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    if (!mem) {
        /* out of memory: every `check` expectation fails, visibly */
        text = NULL;
    } else {
        diag_print(l->diags, mem);
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
            snprintf(want, sizeof want, "the rule file checks clean");
        } else if (e->kind == EXP_CHECK_MSG) {
            char head[64];
            if (e->col)
                snprintf(head, sizeof head, ":%u:%u: %s: ", e->line, e->col, e->warning ? "warning" : "error");
            else if (e->line)
                snprintf(head, sizeof head, ":%u:", e->line);
            else
                snprintf(head, sizeof head, "%s: ", e->warning ? "warning" : "error");
            ok = false;
            for (char *ln = text; ln && *ln && !ok;) {
                char *end = strchr(ln, '\n');
                if (end)
                    *end = '\0';
                const char *level = e->warning ? " warning: " : " error: ";
                ok = strstr(ln, head) && strstr(ln, level) && strstr(ln, e->text);
                if (end)
                    *end = '\n';
                ln = end ? end + 1 : NULL;
            }
            char place[64] = "";
            if (e->col)
                snprintf(place, sizeof place, " at line %u, column %u", e->line, e->col);
            else if (e->line)
                snprintf(place, sizeof place, " at line %u", e->line);
            snprintf(want, sizeof want, "%s%s: \"%s\"", e->warning ? "a warning" : "an error", place, e->text);
        } else {
            continue;
        }
        if (!ok) {
            char got[256];
            snprintf(got, sizeof got, "%zu error%s and %zu warning%s (run `award check %s`)",
                     diag_count(l->diags, DIAG_ERROR), diag_count(l->diags, DIAG_ERROR) == 1 ? "" : "s",
                     diag_count(l->diags, DIAG_WARNING), diag_count(l->diags, DIAG_WARNING) == 1 ? "" : "s",
                     s->rules);
            report_failure(run, f, s, NULL, e->at, want, got);
            bad++;
        }
        bad ? run->failed++ : run->passed++;
    }
    free(text);
    return bad;
}

static void run_scenario(Runner *run, SFile *f, Diags *d, Scenario *s)
{
    char *path = join_path(f->path, s->rules);
    Loaded *l = path ? load_rules(run, path) : NULL;
    mem_free(path);
    if (!l) {
        diag_error(d, f->src, s->rules_at, "out of memory loading the rule file \"%s\"", s->rules);
        run->failed += s->ncases ? s->ncases : 1;
        return;
    }
    bool wants_check = false;
    for (size_t i = 0; i < s->batch.n; i++)
        wants_check |= s->batch.e[i].kind == EXP_CHECK_CLEAN || s->batch.e[i].kind == EXP_CHECK_MSG;
    if (wants_check)
        check_diagnostics(run, f, s, l);
    if (!l->rules) {
        diag_error(d, f->src, s->rules_at, "cannot read the rule file \"%s\"", s->rules);
        run->failed++;
        return;
    }
    if (s->ncases == 0)
        return;
    if (!l->ok) {
        diag_error(d, f->src, s->rules_at, "the rule file \"%s\" does not check: run `award check` on it",
                   s->rules);
        run->failed += s->ncases;
        return;
    }
    const Rules *r = l->rules;
    bool names_ok = check_field_names(f, d, r, &s->given);
    for (size_t i = 0; i < s->ncases; i++)
        names_ok &= check_field_names(f, d, r, &s->cases[i].with);
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
                diag_error(d, f->src, c->at, "out of memory starting the evaluator for this case");
                run->failed += s->ncases - i + nagency;
                return;
            }
            eval_set_coverage(ev, l->cov);
        }
        static const SFields none = { 0 };
        Built b;
        if (!build_record(r, &s->given, c->is_base ? &none : &c->with, &b, i + 1)) {
            diag_error(d, f->src, c->at, "out of memory building this case");
            run->failed++;
            continue;
        }
        unsigned line, col;
        diag_linecol(f->src, c->at.start, &line, &col);
        b.rec.line = line;
        const AppResult *res = eval_record(ev, &b.rec, f->path);
        int bad = check_case(run, f, s, c, r, res);
        free_built(&b);
        bad ? run->failed++ : run->passed++;
    }
    AgencyCatch *catches = nagency ? mem_calloc(nagency, sizeof *catches) : NULL;
    if (nagency && !catches) {
        diag_error(d, f->src, s->at, "out of memory checking the agency-level results of this scenario");
        run->failed += nagency;
    } else if (nagency) {
        size_t k = 0;
        for (size_t i = 0; i < s->batch.n; i++)
            if (s->batch.e[i].kind == EXP_AGENCY)
                catches[k++] = (AgencyCatch){ .s = s, .e = &s->batch.e[i] };
        BatchCtx ctx = { catches, nagency };
        eval_finish(ev, on_agency, &ctx);
        for (size_t i = 0; i < nagency; i++) {
            const Expect *e = catches[i].e;
            char want[256];
            snprintf(want, sizeof want, "agency %s: %s %s", e->name, e->cat, e->tier);
            if (!catches[i].seen)
                snprintf(catches[i].got, sizeof catches[i].got, "no %s result for agency %s", e->cat, e->name);
            if (!catches[i].ok) {
                report_failure(run, f, s, NULL, e->at, want, catches[i].got);
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
            *why = "a scenario file may be at most 2 GiB";
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
        *why = "out of memory";
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

/* Run every scenario of one file and print its messages; d is consumed. */
static void run_file(Runner *run, const char *path, Diags *d)
{
    SFile f = { .path = path };
    Parser p = { .f = &f, .d = d };
    const char *why;
    f.text = read_all(path, &f.len, &why);
    if (!f.text) {
        diag_error(d, NULL, (Span){ 0 }, "cannot read %s: %s", path, why);
        run->failed++;
    } else if (diag_is_utf16(f.text, f.len)) {
        diag_error(d, NULL, (Span){ 0 }, "%s is UTF-16 text; scenario files must be UTF-8: " DIAG_UTF16_ADVICE,
                   path);
        run->failed++;
    } else {
        arena_init(&f.arena, 16384);
        f.src = diag_source(d, path, f.text, f.len);
        p.failed = p.nomem = !f.src;
        /* A UTF-8 byte-order mark is not part of the text. */
        p.pos = diag_bom_length(f.text, f.len);
        if (f.src)
            parse_file(&p);
        if (p.nomem)
            diag_error(d, NULL, (Span){ 0 }, "out of memory reading %s", path);
        if (p.failed) {
            run->failed++; /* a broken scenario file is a failure of its own */
        } else {
            if (f.nsc == 0)
                diag_warning(d, f.src, (Span){ 0 }, "this file holds no scenario");
            for (size_t i = 0; i < f.nsc; i++)
                run_scenario(run, &f, d, &f.sc[i]);
        }
    }
    /* The file's text must outlive the messages that point into it. */
    diag_sort(d);
    diag_print(d, run->out);
    out_check(run);
    diag_free(d);
    for (size_t i = 0; i < f.nsc; i++)
        mem_free(f.sc[i].cases);
    mem_free(p.scratch_sc.cases);
    mem_free(p.fields);
    mem_free(p.items);
    arena_free(&f.arena);
    mem_free(f.text);
}

/* ---- coverage ---- */

static void coverage_line(Runner *run, const Rules *r, Span at, const char *what)
{
    unsigned line, col;
    const Source *src = rules_source(r, at);
    diag_linecol(src, at.start, &line, &col);
    out_printf(run, "  %s:%u: %s\n", diag_source_name(src), line, what);
}

static size_t report_coverage(Runner *run, const Loaded *l)
{
    const Rules *r = l->rules;
    const Coverage *c = l->cov;
    size_t missing = 0, items = 0;
    char what[1024];
    out_printf(run, "coverage of %s:\n", r->path);
    for (size_t i = 0; i < r->ncategories; i++) {
        const CategoryDecl *cat = r->categories[i];
        items++;
        if (!c->category_used[cat->index]) {
            snprintf(what, sizeof what, "category %lld `%s` is never evaluated", (long long)cat->number, cat->id);
            coverage_line(run, r, cat->span, what);
            missing++;
        } else if (!c->category_given[cat->index]) {
            snprintf(what, sizeof what, "category `%s` is never given (no eligible application)", cat->id);
            coverage_line(run, r, cat->span, what);
            missing++;
        }
        for (size_t k = 0; k < cat->nrequires; k++) {
            const Require *q = &cat->requires[k];
            bool t = c->cond_true[q->index], f = c->cond_false[q->index];
            items += 2;
            if (t && f)
                continue;
            missing += !t + !f;
            snprintf(what, sizeof what, "condition `%s` (category `%s`) is never seen %s", q->source, cat->id,
                     !t && !f ? "at all" : !t ? "holding" : "failing");
            coverage_line(run, r, q->span, what);
        }
    }
    for (size_t i = 0; i < r->nnodes; i++) {
        const ScoreNode *n = r->nodes[i];
        items++;
        if (!c->node_scored[i]) {
            snprintf(what, sizeof what, "score item `%s` is never scored", n->name);
            coverage_line(run, r, n->span, what);
            missing++;
            continue;
        }
        if (n->tag == NODE_BONUS) {
            items++;
            if (!c->bonus_given[i] || !c->bonus_withheld[i]) {
                snprintf(what, sizeof what, "bonus `%s` is never %s", n->name, !c->bonus_given[i] ? "given" : "withheld");
                coverage_line(run, r, n->span, what);
                missing++;
            }
        }
        if (n->capped) {
            items++;
            if (!c->cap_cut[i]) {
                snprintf(what, sizeof what, "the cap of `%s` never cuts its points", n->name);
                coverage_line(run, r, n->span, what);
                missing++;
            }
        }
    }
    for (size_t i = 0; i < r->ntiers; i++) {
        const TierDecl *t = r->tiers[i];
        for (size_t k = 0; k < t->nentries; k++) {
            items++;
            if (!c->tier_given[t->entries[k].index]) {
                snprintf(what, sizeof what, "tier `%s` of `%s` is never given", t->entries[k].id, t->name);
                coverage_line(run, r, t->entries[k].span, what);
                missing++;
            }
        }
    }
    out_printf(run, "  %zu of %zu covered%s\n", items - missing, items, missing ? "" : ": everything");
    return missing;
}

/* ---- the command ---- */

const char scenario_usage[] =
    "usage: award test [--coverage] PATH...\n"
    "\n"
    "Run every scenario in the scenario files given, or in the *.scenario files\n"
    "under the folders given.  Each failure is printed with its file and line,\n"
    "the case, what was expected and what came out; the last line says\n"
    "`N passed, N failed`.  Exit status 0 when everything passed, 1 when\n"
    "anything failed, 2 on a usage error.\n"
    "\n"
    "options:\n"
    "  --coverage   then list, per rule file, the conditions (seen holding and\n"
    "               failing), score items, bonuses, caps, tiers and categories\n"
    "               that no scenario exercised; anything unexercised is a failure\n";

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
        fprintf(stderr, "award: cannot read the folder %s: %s\n", dir, strerror(errno));
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
        } else if (len > 9 && strcmp(found[i] + len - 9, ".scenario") == 0) {
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
        fprintf(stderr, "award: cannot write standard output: %s\n", strerror(run->werr));
        return 2;
    }
    return rc;
}

int scenario_main(int argc, char **argv)
{
    Runner run = { .out = stdout };
    FileList fl = { 0 };
    int rc = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            out_printf(&run, "%s", scenario_usage);
            rc = finish_output(&run, 0);
            goto done;
        }
        if (strcmp(argv[i], "--coverage") == 0) {
            run.coverage = true;
            continue;
        }
        if (argv[i][0] == '-') {
            fprintf(stderr, "award: unknown option `%s` for test\nRun `award help test` for usage.\n", argv[i]);
            rc = 2;
            goto done;
        }
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "award: cannot read %s: %s\n", argv[i], strerror(errno));
            rc = 2;
            goto done;
        }
        if (S_ISDIR(st.st_mode)) {
            /* a folder named twice (or inside one named before) is walked once */
            if (!idset_has(&fl.dirs, &st)) {
                size_t problems = fl.problems;
                if (walk(&fl, argv[i], &st) == 0 && fl.problems == problems && !fl.nomem) {
                    fprintf(stderr,
                            "award: the folder %s holds no scenario files (*.scenario): name a scenario "
                            "file, or a folder that holds some\n",
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
            fprintf(stderr, "award: out of memory listing the scenario files\n");
            rc = 3;
            goto done;
        }
    }
    if (fl.n == 0 && fl.problems == 0) {
        fprintf(stderr, "award: test needs scenario files or folders holding *.scenario files\n"
                        "Run `award help test` for usage.\n");
        rc = 2;
        goto done;
    }
    run.failed += fl.problems;
    for (size_t i = 0; i < fl.n; i++) {
        Diags *d = diag_new();
        if (!d) {
            fprintf(stderr, "award: out of memory running %s\n", fl.paths[i]);
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
    out_printf(&run, "%zu passed, %zu failed\n", run.passed, run.failed);
    rc = finish_output(&run, run.failed ? 1 : 0);
done:
    list_free(&fl);
    for (size_t i = 0; i < run.nloaded; i++) {
        Loaded *l = &run.loaded[i];
        coverage_free(l->cov);
        rules_free(l->rules);
        diag_free(l->diags);
        mem_free(l->path);
        mem_free(l->shown);
    }
    mem_free(run.loaded);
    return rc;
}

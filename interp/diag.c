/* diag.c -- collecting and printing diagnostics with source snippets.
 * The printed layout is described in diag.h.  Messages are translated here,
 * as they are added (see i18n.h), so every caller writes plain English. */
#include "diag.h"

#include <stdbool.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "utext.h"

struct Source {
    char *name;
    const char *text;   /* borrowed */
    size_t len;
    size_t *starts;     /* byte offset where each line begins */
    size_t nlines;
};

typedef struct Note {
    const Source *src;  /* NULL: a plain note without a place */
    Span at;
    char *text;
} Note;

typedef struct Msg {
    DiagLevel level;
    const Source *src;  /* NULL: a message about no particular place */
    Span at;
    char *text;
    Note *notes;
    size_t nnotes, capnotes;
} Msg;

struct Diags {
    Source **srcs;
    size_t nsrcs, capsrcs;
    Msg *msgs;
    size_t nmsgs, capmsgs;
    size_t errors, warnings;  /* everything added, kept or not */
    size_t kept_errors;
    /* The latest message was not kept, so its notes must not end up on
     * the message before it. */
    bool last_dropped;
};

/* Where a byte offset falls, clamped to the visible text of its line. */
typedef struct Place {
    size_t line;        /* 1-based */
    size_t ls, le;      /* line content [ls, le): no line break (LF, CR LF or CR) */
    size_t off;         /* the offset, inside [ls, le] and on a character */
    unsigned col;       /* 1-based display column of off */
} Place;


__attribute__((format(printf, 1, 0)))
static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return mem_strndup("(unprintable message)", 21);
    char *buf = mem_alloc((size_t)n + 1);
    if (buf)
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
    return buf;
}

/* ---- the set of messages ---- */

Diags *diag_new(void)
{
    Diags *d = mem_calloc(1, sizeof *d);
    return d;
}

static void free_msg(Msg *m)
{
    for (size_t i = 0; i < m->nnotes; i++)
        mem_free(m->notes[i].text);
    mem_free(m->notes);
    mem_free(m->text);
}

void diag_free(Diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nmsgs; i++)
        free_msg(&d->msgs[i]);
    mem_free(d->msgs);
    for (size_t i = 0; i < d->nsrcs; i++) {
        mem_free(d->srcs[i]->starts);
        mem_free(d->srcs[i]->name);
        mem_free(d->srcs[i]);
    }
    mem_free(d->srcs);
    mem_free(d);
}

/* The length of the line break at text[i]: 2 for CR LF, 1 for a lone LF or
 * a lone CR (old Mac files), 0 when text[i] ends no line. */
static size_t line_break(const char *text, size_t len, size_t i)
{
    if (text[i] == '\n')
        return 1;
    if (text[i] == '\r')
        return i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
    return 0;
}

size_t diag_bom_length(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

Source *diag_source(Diags *d, const char *name, const char *text, size_t len)
{
    Source **srcs = mem_grow(d->srcs, &d->capsrcs, d->nsrcs + 1, sizeof *srcs);
    if (!srcs)
        return NULL;
    d->srcs = srcs;

    /* A line break that ends the text does not open a line: an offset at
     * the very end then belongs to the last real line, so "unexpected end
     * of file" points just after its last character.  A UTF-8 byte-order
     * mark is not part of line 1: its columns count from after the mark. */
    if (!text) {        /* an empty file may come without a buffer */
        text = "";
        len = 0;
    }
    size_t first = diag_bom_length(text, len);
    size_t nlines = 1;
    for (size_t i = first; i < len;) {
        size_t b = line_break(text, len, i);
        i += b ? b : 1;
        if (b && i < len)
            nlines++;
    }

    Source *s = mem_alloc(sizeof *s);
    size_t *starts = mem_alloc(nlines * sizeof *starts);
    char *nm = mem_strndup(name, strlen(name));
    if (!s || !starts || !nm) {
        mem_free(s);
        mem_free(starts);
        mem_free(nm);
        return NULL;
    }
    starts[0] = first;
    size_t k = 1;
    for (size_t i = first; i < len;) {
        size_t b = line_break(text, len, i);
        i += b ? b : 1;
        if (b && i < len)
            starts[k++] = i;
    }
    s->name = nm;
    s->text = text;
    s->len = len;
    s->starts = starts;
    s->nlines = nlines;
    d->srcs[d->nsrcs++] = s;
    return s;
}

const char *diag_source_name(const Source *src) { return src->name; }

const char *diag_source_text(const Source *src, size_t *len)
{
    if (len)
        *len = src->len;
    return src->text;
}

static bool is_cont(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

static void locate(const Source *src, size_t off, Place *p)
{
    const char *t = src->text;
    if (off > src->len)
        off = src->len;
    size_t lo = 0, hi = src->nlines;  /* starts[lo] <= off < starts[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t ls = src->starts[lo];
    size_t le = ls;
    while (le < src->len && t[le] != '\n' && t[le] != '\r')
        le++;
    if (off < ls)
        off = ls;   /* inside a byte-order mark: the start of line 1 */
    if (off > le)
        off = le;
    /* Inside a character: move to its start.  A stray continuation byte is
     * a character of its own and stays where it is. */
    if (off < le && is_cont(t[off])) {
        size_t k = off;
        while (k > ls && off - k < 3 && is_cont(t[k]))
            k--;
        int32_t cp;
        size_t w = utext_decode(t + k, le - k, &cp);
        if (cp >= 0 && k + w > off)
            off = k;
    }
    p->line = lo + 1;
    p->ls = ls;
    p->le = le;
    p->off = off;
    p->col = (unsigned)(1 + utext_width(t + ls, off - ls));
}

void diag_linecol(const Source *src, uint32_t off, unsigned *line, unsigned *col)
{
    Place p;
    locate(src, off, &p);
    *line = (unsigned)p.line;
    *col = p.col;
}

static Msg *last_msg(Diags *d)
{
    if (d->last_dropped || d->nmsgs == 0)
        return NULL;
    return &d->msgs[d->nmsgs - 1];
}

void diag_add(Diags *d, DiagLevel level, const Source *src, Span at,
              const char *fmt, va_list ap)
{
    if (level == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
    d->last_dropped = true;
    if (level == DIAG_ERROR && d->kept_errors >= DIAG_MAX_ERRORS)
        return;
    Msg *msgs = mem_grow(d->msgs, &d->capmsgs, d->nmsgs + 1, sizeof *msgs);
    if (!msgs)
        return;
    d->msgs = msgs;
    char *text = vformat(_(fmt), ap);
    if (!text)
        return;
    msgs[d->nmsgs++] = (Msg){ .level = level, .src = src, .at = at, .text = text };
    if (level == DIAG_ERROR)
        d->kept_errors++;
    d->last_dropped = false;
}

void diag_error(Diags *d, const Source *src, Span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, DIAG_ERROR, src, at, fmt, ap);
    va_end(ap);
}

void diag_warning(Diags *d, const Source *src, Span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, DIAG_WARNING, src, at, fmt, ap);
    va_end(ap);
}

void diag_note(Diags *d, const Source *src, Span at, const char *fmt, ...)
{
    Msg *m = last_msg(d);
    if (!m)
        return;
    Note *notes = mem_grow(m->notes, &m->capnotes, m->nnotes + 1, sizeof *notes);
    if (!notes)
        return;
    m->notes = notes;
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(_(fmt), ap);
    va_end(ap);
    if (!text)
        return;
    notes[m->nnotes++] = (Note){ .src = src, .at = at, .text = text };
}

size_t diag_count(const Diags *d, DiagLevel level)
{
    return level == DIAG_ERROR ? d->errors : d->warnings;
}

/* ---- printing ---- */

static void put_n(FILE *out, int c, size_t n)
{
    while (n--)
        putc(c, out);
}

static size_t digits(size_t n)
{
    size_t k = 1;
    while (n >= 10) {
        n /= 10;
        k++;
    }
    return k;
}

static size_t line_of(const Source *src, Span at)
{
    Place p;
    locate(src, at.start, &p);
    return p.line;
}

/* A source line wider than SNIPPET_COLS columns is shown in part: from
 * SNIPPET_BEFORE columns before the span, SNIPPET_COLS columns in all, with
 * `…` where it is cut, so that a machine-written or pasted line of any
 * length gives a readable message. */
#define SNIPPET_COLS 160
#define SNIPPET_BEFORE 40

/* Where to start to show at most `cols` columns before byte off. */
static size_t back_cols(const char *t, size_t ls, size_t off, size_t cols)
{
    size_t i = off, w = 0;
    while (i > ls) {
        size_t j = i - 1;
        while (j > ls && is_cont(t[j]))
            j--;
        size_t cw = utext_width(t + j, i - j);
        if (w + cw > cols)
            break;
        w += cw;
        i = j;
    }
    return i;
}

/* Where to stop to show at most `cols` columns from byte from. */
static size_t fwd_cols(const char *t, size_t from, size_t le, size_t cols)
{
    size_t i = from, w = 0;
    while (i < le) {
        int32_t cp;
        size_t n = utext_decode(t + i, le - i, &cp);
        size_t cw = utext_width(t + i, n);
        if (w + cw > cols)
            break;
        w += cw;
        i += n;
    }
    return i;
}

/* The source line holding at.start, and under it the caret line. */
static void print_snippet(FILE *out, const Source *src, Span at, size_t gutter)
{
    const char *t = src->text;
    Place p;
    locate(src, at.start, &p);
    size_t end = at.end > at.start ? at.end : at.start;
    if (end > p.le)
        end = p.le;     /* a span over several lines: its first line only */
    if (end < p.off)
        end = p.off;
    while (end < p.le && is_cont(t[end]))
        end++;

    size_t from = p.ls, to = p.le;
    if (p.le - p.ls > SNIPPET_COLS && utext_width(t + p.ls, p.le - p.ls) > SNIPPET_COLS) {
        from = back_cols(t, p.ls, p.off, SNIPPET_BEFORE);
        to = fwd_cols(t, from, p.le, SNIPPET_COLS);
        if (end > to)
            end = to;
    }
    bool cut_before = from > p.ls, cut_after = to < p.le;

    /* No trailing blank after the bar of an empty line. */
    fprintf(out, " %*zu |", (int)gutter, p.line);
    if (p.le > p.ls) {
        putc(' ', out);
        if (cut_before)
            fputs("…", out);
        fwrite(t + from, 1, to - from, out);
        if (cut_after)
            fputs("…", out);
    }
    putc('\n', out);

    putc(' ', out);
    put_n(out, ' ', gutter);
    fputs(" | ", out);
    if (cut_before)
        putc(' ', out);
    /* Tabs are copied rather than counted so the terminal expands both
     * lines to the same tab stop. */
    for (size_t i = from; i < p.off;) {
        int32_t cp;
        size_t n = utext_decode(t + i, p.off - i, &cp);
        if (cp == '\t')
            putc('\t', out);
        else
            put_n(out, ' ', utext_width(t + i, n));
        i += n;
    }
    size_t w = utext_width(t + p.off, end - p.off);
    putc('^', out);
    put_n(out, '~', w > 1 ? w - 1 : 0);
    putc('\n', out);
}

static void print_head(FILE *out, const Source *src, Span at, const char *level,
                       const char *text)
{
    if (src) {
        unsigned line, col;
        diag_linecol(src, at.start, &line, &col);
        fprintf(out, "%s:%u:%u: %s: %s\n", src->name, line, col, level, text);
    } else {
        fprintf(out, "%s: %s\n", level, text);
    }
}

static void print_msg(FILE *out, const Msg *m)
{
    /* One gutter width for the whole message, so the bars of its notes'
     * snippets line up with its own. */
    size_t maxline = m->src ? line_of(m->src, m->at) : 0;
    for (size_t i = 0; i < m->nnotes; i++)
        if (m->notes[i].src) {
            size_t l = line_of(m->notes[i].src, m->notes[i].at);
            if (l > maxline)
                maxline = l;
        }
    size_t gutter = digits(maxline);
    if (gutter < 4)
        gutter = 4;

    /* TRANSLATORS: the level of a message, in "FILE:LINE:COL: error: ...".
     * Tools that look for the English words run award with --lang en. */
    const char *level = m->level == DIAG_ERROR ? _("error") : _("warning");
    print_head(out, m->src, m->at, level, m->text);
    if (m->src)
        print_snippet(out, m->src, m->at, gutter);
    for (size_t i = 0; i < m->nnotes; i++) {
        const Note *n = &m->notes[i];
        if (n->src) {
            /* TRANSLATORS: the level of a note under a message. */
            print_head(out, n->src, n->at, _("note"), n->text);
            print_snippet(out, n->src, n->at, gutter);
        } else {
            putc(' ', out);
            put_n(out, ' ', gutter);
            fprintf(out, " = %s: %s\n", _("note"), n->text);
        }
    }
}

/* diag_sort's order: files in the order registered, places within a file. */
static size_t source_rank(const Diags *d, const Source *src)
{
    for (size_t i = 0; i < d->nsrcs; i++)
        if (d->srcs[i] == src)
            return i + 1;
    return 0; /* messages about no file come first */
}

static bool msg_before(const Diags *d, const Msg *a, const Msg *b)
{
    size_t ra = source_rank(d, a->src), rb = source_rank(d, b->src);
    if (ra != rb)
        return ra < rb;
    return a->src && a->at.start < b->at.start;
}

void diag_sort(Diags *d)
{
    /* a stable insertion sort: messages at one place keep their order */
    for (size_t i = 1; i < d->nmsgs; i++) {
        Msg m = d->msgs[i];
        size_t j = i;
        while (j > 0 && msg_before(d, &m, &d->msgs[j - 1])) {
            d->msgs[j] = d->msgs[j - 1];
            j--;
        }
        d->msgs[j] = m;
    }
}

void diag_print(const Diags *d, FILE *out)
{
    for (size_t i = 0; i < d->nmsgs; i++)
        print_msg(out, &d->msgs[i]);
    size_t hidden = d->errors - d->kept_errors;
    if (hidden) {
        fprintf(out, P_("%zu more error not shown", "%zu more errors not shown", hidden), hidden);
        putc('\n', out);
    }
}

void diag_print_summary(const Diags *d, FILE *out)
{
    /* Each count in its own words (a language has its own plurals), then
     * the two joined by one sentence a translation may order its way. */
    char errors[128], warnings[128];
    snprintf(errors, sizeof errors, P_("%zu error", "%zu errors", d->errors), d->errors);
    snprintf(warnings, sizeof warnings, P_("%zu warning", "%zu warnings", d->warnings), d->warnings);
    if (d->errors && d->warnings)
        /* TRANSLATORS: the closing count, as in "3 errors and 1 warning". */
        fprintf(out, _("%s and %s"), errors, warnings);
    else if (d->errors)
        fputs(errors, out);
    else if (d->warnings)
        fputs(warnings, out);
    if (d->errors || d->warnings)
        putc('\n', out);
}

/* ---- suggestions ---- */

/* The code points of s; invalid bytes become -1 each.  NULL when out of
 * memory. */
static int32_t *decode_all(const char *s, size_t *n)
{
    size_t len = strlen(s);
    int32_t *cps = mem_alloc((len + 1) * sizeof *cps);
    if (!cps)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len;)
        i += utext_decode(s + i, len - i, &cps[k++]);
    *n = k;
    return cps;
}

/* Levenshtein distance, with two rows of scratch space in row (b_len + 1
 * entries each). */
static size_t distance(const int32_t *a, size_t an, const int32_t *b, size_t bn,
                       size_t *row)
{
    size_t *prev = row, *cur = row + bn + 1;
    for (size_t j = 0; j <= bn; j++)
        prev[j] = j;
    for (size_t i = 1; i <= an; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        size_t *tmp = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[bn];
}

const char *diag_suggest(const char *name, const char *const *candidates, size_t n)
{
    size_t nn;
    int32_t *a = decode_all(name, &nn);
    if (!a)
        return NULL;
    size_t limit = nn / 3;
    if (limit > 3)
        limit = 3;
    if (limit < 1)
        limit = 1;

    const char *found = NULL;
    size_t best = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t bn;
        int32_t *b = decode_all(candidates[i], &bn);
        if (!b)
            break;
        /* Lengths further apart than the limit cannot be close enough. */
        size_t gap = nn > bn ? nn - bn : bn - nn;
        if (gap <= limit) {
            size_t *row = mem_alloc(2 * (bn + 1) * sizeof *row);
            if (!row) {
                mem_free(b);
                break;
            }
            size_t dist = distance(a, nn, b, bn, row);
            mem_free(row);
            if (dist > 0 && dist < best) {
                best = dist;
                found = candidates[i];
            }
        }
        mem_free(b);
    }
    mem_free(a);
    return found;
}

/* ---- encodings ---- */

bool diag_is_utf16(const char *text, size_t len)
{
    if (len < 2)
        return false;
    unsigned char a = (unsigned char)text[0], b = (unsigned char)text[1];
    if ((a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF))
        return true;
    /* No mark: an ASCII character as UTF-16 little- or big-endian. */
    return (a != 0 && a < 0x80 && b == 0) || (a == 0 && b != 0 && b < 0x80);
}

/* load.c -- reading rule files: a file's text, the files it extends, one
 * after another, and the award they make together.
 *
 * The layers of the front end, one way: load.c reads files and follows
 * `extends`; ast.c parses one file's text (the scanner and the grammar);
 * extend.c applies a file's changes to the award of the file it extends;
 * check.c checks the award put together.  Only this file touches the file
 * system.
 *
 * A path after `extends` is relative to the directory of the file that
 * says it (as #include "..." is in C).  A chain of files may be as long as
 * MAX_CHAIN; a file that extends itself, directly or through others, is an
 * error naming the whole cycle. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "extend.h"
#include "i18n.h"
#include "mem.h"
#include "strbuf.h"

/* Files extending one another, at most: far past a real chain of years. */
#define MAX_CHAIN 64
/* The largest rule file read. */
#define MAX_RULE_FILE ((size_t)1 << 30)

/* Read a whole file into memory (mem_alloc'd, NUL-terminated); NULL with
 * the reason in err, in the reader's language (it ends a message). */
static char *read_text(const char *path, size_t *len, char *err, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsize, "%s", strerror(errno));
        return NULL;
    }
    size_t cap = 8192, n = 0, got;
    char *text = mem_alloc(cap);
    while ((got = fread(text + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n == cap - 1) {
            if (cap >= MAX_RULE_FILE) {
                fclose(f);
                mem_free(text);
                snprintf(err, errsize, "%s", _("it is larger than 1 GiB"));
                return NULL;
            }
            cap *= 2;
            text = mem_realloc(text, cap);
        }
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        mem_free(text);
        snprintf(err, errsize, "%s", _("it could not be read to its end"));
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}

/* The files of the chain being read, to find a cycle. */
typedef struct Chain {
    dev_t dev;
    ino_t ino;
    const char *path;
    const struct Chain *next;  /* the file that extends this one */
} Chain;

/* `base` relative to the directory of `from`, in r's arena. */
static const char *resolve(Rules *r, const char *from, const char *base)
{
    if (base[0] == '/')
        return base;
    const char *slash = strrchr(from, '/');
    if (!slash)
        return base;
    size_t dir = (size_t)(slash - from) + 1;
    size_t n = strlen(base);
    char *p = arena_alloc(&r->arena, dir + n + 1);
    memcpy(p, from, dir);
    memcpy(p + dir, base, n + 1);
    return p;
}

/* A path as people read it: "rules/2565/../2558/x.award" is shown as
 * "rules/2558/x.award" (by its text: only for messages, never to open). */
static const char *tidy(Rules *r, const char *path)
{
    size_t n = strlen(path);
    char *out = arena_alloc(&r->arena, n + 1);
    size_t len = 0;
    const char *p = path;
    bool abs = *p == '/';
    if (abs)
        out[len++] = '/';
    size_t base = len;   /* what a `..` may not remove */
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = strchr(p, '/');
        size_t w = e ? (size_t)(e - p) : strlen(p);
        if (w == 0)
            break;
        if (w == 1 && p[0] == '.') {
            /* nothing */
        } else if (w == 2 && p[0] == '.' && p[1] == '.' && len > base &&
                   !(len - base >= 2 && out[len - 1] == '.' && out[len - 2] == '.' &&
                     (len - base == 2 || out[len - 3] == '/'))) {
            while (len > base && out[len - 1] != '/')
                len--;
            if (len > base)
                len--;     /* the slash before it */
        } else {
            if (len > base)
                out[len++] = '/';
            memcpy(out + len, p, w);
            len += w;
        }
        p += w;
    }
    if (len == 0)
        out[len++] = '.';
    out[len] = '\0';
    return out;
}

static RuleFile *compose(Rules *r, Diags *d, RuleFile *rf, const Chain *chain, size_t depth);

/* The award year of f in the Buddhist Era (0 when it gives none). */
static int64_t year_be(const RuleFile *f)
{
    return !f->has_year ? 0 : f->year_ce ? f->year + 543 : f->year;
}

/* Read and put together the award of the file that `rf` extends. */
static RuleFile *load_base(Rules *r, Diags *d, RuleFile *rf, const Chain *chain, size_t depth)
{
    const Source *src = r->files[rf->file];
    const char *from = diag_source_name(src);
    const char *path = resolve(r, from, rf->extends);
    Span at = rf->extends_span;
    if (depth >= MAX_CHAIN) {
        diag_error(d, src, at, "more than %d files extend one another here; a chain of years this long is "
                               "surely a mistake", MAX_CHAIN);
        return NULL;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_error(d, src, at, "cannot read %s, the rule file this one extends: %s", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_error(d, src, at, "%s is a directory; `extends` names the rule file of the earlier year", path);
        return NULL;
    }
    for (const Chain *c = chain; c; c = c->next)
        if (c->dev == st.st_dev && c->ino == st.st_ino) {
            /* Said the way a reader follows it: from the first file on. */
            Sb msg = { 0 };
            const Chain *order[MAX_CHAIN + 1];
            size_t n = 0;
            for (const Chain *e = chain; e && n < MAX_CHAIN; e = e->next) {
                order[n++] = e;
                if (e == c)
                    break;
            }
            /* `extends` as the files say it: not translated */
            for (size_t i = n; i-- > 0;)
                sb_printf(&msg, "%s extends ", order[i]->path);
            sb_str(&msg, path);
            diag_error(d, src, at, "these files extend one another in a circle: %s", msg.s);
            sb_free(&msg);
            return NULL;
        }
    char err[256];
    size_t len = 0;
    char *text = read_text(path, &len, err, sizeof err);
    if (!text) {
        diag_error(d, src, at, "cannot read %s, the rule file this one extends: %s", path, err);
        return NULL;
    }
    ptrvec_push(&r->arena, &r->owned_texts, text);
    RuleFile *base = rules_parse_file(r, d, tidy(r, path), text, len);
    if (!base)
        return NULL;
    Chain link = { st.st_dev, st.st_ino, diag_source_name(r->files[base->file]), chain };
    return compose(r, d, base, &link, depth + 1);
}

/* The whole award of rf: rf itself, or its changes applied to the award
 * of the file it extends. */
static RuleFile *compose(Rules *r, Diags *d, RuleFile *rf, const Chain *chain, size_t depth)
{
    if (!rf->extends)
        return rf;
    RuleFile *base = load_base(r, d, rf, chain, depth);
    if (!base)
        return NULL;
    int64_t base_year = year_be(base);
    extend_apply(r, d, base, rf);
    r->base_year_be = base_year;
    return base;
}

#define COPY_VEC(dst, n, vec, type)                 \
    do {                                            \
        (dst) = (type **)(vec).items;               \
        (n) = (vec).count;                          \
    } while (0)

/* The award put together becomes the Rules the checker sees. */
static void fill(Rules *r, const RuleFile *f)
{
    r->name = f->name;
    r->title = f->title;
    r->name_span = f->name_span;
    if (f->has_year) {
        r->year = f->year;
        r->year_ce = f->year_ce;
        r->year_span = f->year_span;
        r->year_be = year_be(f);
        r->year_ce_value = f->year_ce ? f->year : f->year - 543;
    }
    if (f->has_precision) {
        r->precision = f->precision;
        r->has_precision = true;
    }
    COPY_VEC(r->inputs, r->ninputs, f->inputs, InputDecl);
    COPY_VEC(r->lets, r->nlets, f->lets, LetDecl);
    COPY_VEC(r->scores, r->nscores, f->scores, ScoreDecl);
    COPY_VEC(r->tiers, r->ntiers, f->tiers, TierDecl);
    COPY_VEC(r->categories, r->ncategories, f->categories, CategoryDecl);
    COPY_VEC(r->stages, r->nstages, f->stages, StageDecl);
    COPY_VEC(r->groups, r->ngroups, f->groups, CondGroup);
    r->stages_span = f->stages_span;
}

Rules *rules_parse(Diags *diags, const char *path, const char *text, size_t len)
{
    Rules *r = rules_new(path);
    if (!r)
        return NULL;
    RuleFile *rf = rules_parse_file(r, diags, path, text, len);
    if (!rf)
        return r;
    Chain self = { 0, 0, path, NULL };
    struct stat st;
    bool on_disk = stat(path, &st) == 0;
    if (on_disk) {
        self.dev = st.st_dev;
        self.ino = st.st_ino;
    }
    RuleFile *whole = compose(r, diags, rf, on_disk ? &self : NULL, 0);
    if (whole)
        fill(r, whole);
    /* A file not read to its end is not checked: its messages would be
     * about what is missing only because parsing stopped. */
    if (!whole || !rf->complete)
        r->name = NULL;
    return r;
}

Rules *check_load(const char *path, Diags *diags)
{
    char err[256];
    size_t len = 0;
    char *text = read_text(path, &len, err, sizeof err);
    if (!text) {
        diag_error(diags, NULL, (Span){ 0 }, "cannot read the rule file %s: %s", path, err);
        return NULL;
    }
    size_t errors = diag_count(diags, DIAG_ERROR);
    Rules *r = rules_parse(diags, path, text, len);
    if (!r) {
        mem_free(text);
        diag_error(diags, NULL, (Span){ 0 }, "out of memory reading the rule file %s", path);
        return NULL;
    }
    ptrvec_push(&r->arena, &r->owned_texts, text);
    if (diag_count(diags, DIAG_ERROR) == errors || r->name)
        check_rules(r, diags); /* more messages, from what did parse */
    return r;
}

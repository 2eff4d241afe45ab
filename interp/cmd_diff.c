/* cmd_diff.c -- `award diff OLD NEW`: what changed between two rule files,
 * for a reviewer (text) or a program (--format json).
 *
 * Both files are read and checked as `award eval` reads its rule file; the
 * comparison is rdiff.c's, and this file only writes it.  Exit status as
 * diff(1): 0 the same, 1 different, 2 trouble. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "mem.h"
#include "rdiff.h"
#include "utext.h"

const char usage_diff[] =
    "usage: award diff OLD NEW [--format text|json] [-o FILE]\n"
    "\n"
    "Say what changed from the rule file OLD to the rule file NEW, as a reviewer\n"
    "reads it: categories added, removed or renamed; conditions added, removed or\n"
    "changed; scores, bonuses, caps, rounding, tiers, labels, inputs, lets, the\n"
    "title, the year and the precision changed, each with its old and new value\n"
    "and the file and line of each.  Meanings are compared, not text: spacing,\n"
    "line breaks, comments and the order of the parts change nothing.  Both files\n"
    "must check (as for eval); either may extend another.\n"
    "\n"
    "options:\n"
    "  --format FORMAT   text (default, one line per change, under the part of the\n"
    "                    file it is in) or json (one object with every change)\n"
    "  -o, --output FILE write the changes to FILE instead of standard output (not\n"
    "                    OLD or NEW; replaced only when everything was written)\n"
    "\n"
    "Exit status 0 when the rules are the same (nothing is printed), 1 when they\n"
    "differ, 2 on a usage error, a rule file that cannot be read or does not\n"
    "check, or changes that could not be written.\n";

/* ---- the arguments ---- */

typedef struct DiffArgs {
    const char *old_path, *new_path;
    const char *output;
    bool json;
} DiffArgs;

/* The value of option `a` (joined with `=` or the next argument): NULL,
 * after the message, when it has none. */
static const char *option_value(int argc, char **argv, int *i, const char *eq)
{
    if (eq)
        return eq + 1;
    if (*i + 1 == argc) {
        cli_usage_error("diff", "`%s` needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

/* -1 to go on, else the exit status (help printed, or a usage error). */
static int parse_diff_args(int argc, char **argv, DiffArgs *a)
{
    *a = (DiffArgs){ 0 };
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (cli_is_help(s))
            return cli_emit(usage_diff);
        if (s[0] != '-' || !s[1]) {
            if (nfiles == 2)
                return cli_usage_error("diff", "diff takes two rule files, OLD and NEW; `%s` is a third", s);
            *(nfiles++ ? &a->new_path : &a->old_path) = s;
            continue;
        }
        const char *eq = s[1] == '-' ? strchr(s, '=') : NULL;
        size_t n = eq ? (size_t)(eq - s) : strlen(s);
        const char *v;
        if ((n == 8 && memcmp(s, "--format", 8) == 0)) {
            if (!(v = option_value(argc, argv, &i, eq)))
                return 2;
            if (strcmp(v, "json") == 0)
                a->json = true;
            else if (strcmp(v, "text") != 0)
                return cli_usage_error("diff", "unknown format `%s` for diff: use text or json", v);
        } else if (strcmp(s, "-o") == 0 || (n == 8 && memcmp(s, "--output", 8) == 0)) {
            if (!(v = option_value(argc, argv, &i, eq)))
                return 2;
            if (!*v)
                return cli_usage_error("diff", "`%.*s` needs a file name", (int)n, s);
            a->output = v;
        } else {
            return cli_usage_error("diff", "unknown option `%.*s` for diff", (int)n, s);
        }
    }
    if (nfiles < 2)
        return cli_usage_error("diff", "diff needs two rule files: OLD, then NEW");
    return -1;
}

/* ---- the two files ---- */

/* Read and check one rule file into *r; false, after its messages and a
 * line that says nothing was compared, when it does not check.  The
 * messages borrow the file's text: `d` outlives nothing of *r. */
static bool load(const char *path, Diags *d, Rules **r)
{
    *r = check_load(path, d);
    diag_sort(d);
    if (!diag_count(d, DIAG_ERROR))
        return true;
    diag_print(d, stderr);
    diag_print_summary(d, stderr);
    if (*r)
        cli_say("%s does not check; nothing was compared", path);
    else
        cli_say("%s cannot be read; nothing was compared", path);
    return false;
}

/* ---- text, for people ---- */

/* The words of an attribute ("out_of" -> "out of"). */
static void add_words(Sb *b, const char *attr)
{
    for (const char *p = attr; *p; p++)
        sb_add(b, *p == '_' ? " " : p, 1);
}

static void add_value(Sb *b, const RdiffSide *s, bool is_text)
{
    if (!s->text) {
        sb_str(b, "none");
        return;
    }
    if (is_text)
        sb_str(b, "\"");
    sb_add_shown(b, s->text, strlen(s->text));
    if (is_text)
        sb_str(b, "\"");
}

static void add_place(Sb *b, const RdiffSide *s)
{
    if (s->src)
        sb_printf(b, "%s:%u", diag_source_name(s->src), s->line);
    else
        sb_str(b, "-");
}

/* One change on one line:
 *   added input `x`: decimal 0 to 100  (NEW:33)
 *   tier `outstanding` rule: at least 800 → at least 850  (OLD:93 → NEW:93) */
static void text_change(Sb *b, const RdiffChange *c)
{
    sb_str(b, "  ");
    switch (c->kind) {
    case RDIFF_ADDED:
    case RDIFF_REMOVED: {
        bool added = c->kind == RDIFF_ADDED;
        const RdiffSide *s = added ? &c->new : &c->old;
        sb_str(b, added ? "added " : "removed ");
        sb_str(b, c->subject);
        sb_str(b, ": ");
        add_value(b, s, false);
        sb_str(b, "  (");
        add_place(b, s);
        sb_str(b, ")\n");
        return;
    }
    case RDIFF_RENAMED:
        sb_str(b, "renamed ");
        sb_str(b, c->subject);
        break;
    case RDIFF_CHANGED:
        sb_str(b, c->subject);
        /* "condition: a → b", not "condition condition: ..." */
        if (strcmp(c->attr, c->what) != 0) {
            sb_str(b, " ");
            add_words(b, c->attr);
        }
        break;
    }
    sb_str(b, ": ");
    add_value(b, &c->old, c->is_text);
    sb_str(b, " → ");
    add_value(b, &c->new, c->is_text);
    if (!c->old.src && !c->new.src) { /* the precision has no line of its own */
        sb_str(b, "\n");
        return;
    }
    sb_str(b, "  (");
    add_place(b, &c->old);
    sb_str(b, " → ");
    add_place(b, &c->new);
    sb_str(b, ")\n");
}

static void write_text(FILE *f, const Rdiff *d)
{
    Sb b = { 0 };
    const char *group = NULL;
    for (size_t i = 0; i < d->nchanges; i++) {
        const RdiffChange *c = &d->changes[i];
        if (c->group != group) { /* one string per group (rdiff.c) */
            group = c->group;
            sb_add_shown(&b, group, strlen(group));
            sb_str(&b, "\n");
        }
        text_change(&b, c);
        fwrite(b.s, 1, b.len, f);
        sb_reset(&b);
    }
    sb_free(&b);
}

/* ---- JSON, for programs ---- */

static void json_place(Sb *b, const RdiffSide *s)
{
    if (!s->src) {
        sb_str(b, "null");
        return;
    }
    Sb at = { 0 };
    sb_printf(&at, "%s:%u", diag_source_name(s->src), s->line);
    sb_add_json_cstr(b, at.s);
    sb_free(&at);
}

static const char *kind_word(RdiffKind k)
{
    switch (k) {
    case RDIFF_ADDED: return "added";
    case RDIFF_REMOVED: return "removed";
    case RDIFF_CHANGED: return "changed";
    case RDIFF_RENAMED: return "renamed";
    }
    return "?";
}

/* One object; one change a line, so that a person can read it too. */
static void write_json(FILE *f, const Rdiff *d, const char *old_path, const char *new_path)
{
    Sb b = { 0 };
    sb_str(&b, "{\"old\": ");
    sb_add_json_cstr(&b, old_path);
    sb_str(&b, ", \"new\": ");
    sb_add_json_cstr(&b, new_path);
    sb_str(&b, ", \"changes\": [");
    for (size_t i = 0; i < d->nchanges; i++) {
        const RdiffChange *c = &d->changes[i];
        sb_str(&b, i ? ",\n  " : "\n  ");
        sb_printf(&b, "{\"kind\": \"%s\", \"what\": ", kind_word(c->kind));
        sb_add_json_cstr(&b, c->what);
        sb_str(&b, ", \"path\": ");
        sb_add_json_cstr(&b, c->path);
        sb_str(&b, ", \"attr\": ");
        sb_add_json_cstr(&b, c->attr);
        sb_str(&b, ", \"old\": ");
        sb_add_json_cstr(&b, c->old.text);
        sb_str(&b, ", \"new\": ");
        sb_add_json_cstr(&b, c->new.text);
        sb_str(&b, ", \"old_at\": ");
        json_place(&b, &c->old);
        sb_str(&b, ", \"new_at\": ");
        json_place(&b, &c->new);
        sb_str(&b, "}");
        fwrite(b.s, 1, b.len, f);
        sb_reset(&b);
    }
    sb_str(&b, d->nchanges ? "\n]}\n" : "]}\n");
    fwrite(b.s, 1, b.len, f);
    sb_free(&b);
}

/* ---- the command ---- */

int cmd_diff(int argc, char **argv)
{
    DiffArgs a;
    int rc = parse_diff_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *paths[2] = { a.old_path, a.new_path };
    int dirs = 0;
    for (int k = 0; k < 2; k++)
        if (cli_is_directory(paths[k])) {
            cli_say("%s is a directory; diff takes two rule files, OLD and NEW", paths[k]);
            dirs++;
        }
    if (dirs)
        return 2;
    char err[512];
    if (outfile_is_input(a.output, paths, 2, err, sizeof err)) {
        cli_say("%s", err);
        return 2;
    }

    /* One Diags a file: each file's messages are printed on their own,
     * both when both do not check. */
    Diags *dold = diag_new(), *dnew = diag_new();
    Rules *old = NULL, *new = NULL;
    bool ok_old = load(a.old_path, dold, &old);
    bool ok_new = load(a.new_path, dnew, &new);
    Rdiff *d = NULL;
    OutFile *out = NULL;
    rc = 2;
    if (!ok_old || !ok_new)
        goto done;
    if (!(d = rdiff_new(old, new))) {
        cli_say("out of memory");
        rc = 3;
        goto done;
    }
    if (!(out = outfile_open(a.output, err, sizeof err))) {
        cli_say("%s", err);
        goto done;
    }
    if (a.json)
        write_json(outfile_stream(out), d, a.old_path, a.new_path);
    else
        write_text(outfile_stream(out), d);
    if (cli_end_output(out, true))
        rc = d->nchanges ? 1 : 0;
done:
    rdiff_free(d);
    rules_free(old);
    rules_free(new);
    diag_free(dold);
    diag_free(dnew);
    return rc;
}

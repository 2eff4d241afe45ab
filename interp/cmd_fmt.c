/* cmd_fmt.c -- `award fmt [--check] FILE...`: give rule files and scenario
 * files their canonical layout (fmt.c), in place, or say which do not have
 * it.  See docs/fmt.md. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fmt.h"
#include "i18n.h"
#include "mem.h"
#include "outfile.h"
#include "strbuf.h"

const char usage_fmt[] =
    "usage: award fmt [--check] FILE...\n"
    "\n"
    "Give rule files (.award) and scenario files (.scenario) their canonical\n"
    "layout: rule files indented 2 spaces per { } block, the labels and messages\n"
    "of the items of a block aligned in columns, one blank between words,\n"
    "at most one blank line in a row, no blanks at line ends, LF line ends.\n"
    "Scenario files keep their indentation; the rest is tidied the same way.\n"
    "No word, text, comment or line break is added, removed or moved to\n"
    "another line, so the file means exactly what it meant.\n"
    "\n"
    "A FILE that changes is replaced whole (a new file renamed over it), one\n"
    "that is formatted already is not touched.  A directory stands for every\n"
    "*.award and *.scenario file under it.  `-` reads standard input and writes\n"
    "the result to standard output (a scenario file when its first word is\n"
    "`rules` or `scenario`).\n"
    "\n"
    "options:\n"
    "  --check           change nothing: list on standard output the files that\n"
    "                    are not formatted, one per line\n"
    "\n"
    "Exit status 0 when every file is formatted (or was), 1 with --check when\n"
    "any is not, 2 on a usage error, a file that cannot be read or written, or\n"
    "a file that cannot be formatted (a text in quotes not closed on its line,\n"
    "shown as FILE:LINE:COLUMN), which is left as it was.\n";

typedef struct FmtRun {
    bool check;
    int rc;                /* 0, 1 (--check: some file not formatted), 2 */
    size_t files, unformatted;
    Sb paths;              /* scratch: the files of a directory */
} FmtRun;

static void worse(FmtRun *run, int rc)
{
    if (rc > run->rc)
        run->rc = rc;
}

/* Read a whole stream.  False, with errno set, when reading failed. */
static bool read_all(FILE *f, Sb *into)
{
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_add(into, buf, n);
    return !ferror(f);
}

static void format_one(FmtRun *run, const char *path)
{
    bool std = strcmp(path, "-") == 0;
    const char *shown = std ? _("standard input") : path;
    Sb in = { 0 }, out = { 0 };
    FILE *f = std ? stdin : fopen(path, "rb");
    if (!f || !read_all(f, &in)) {
        cli_say("cannot read %s: %s", shown, strerror(errno));
        if (f && !std)
            fclose(f);
        worse(run, 2);
        goto done;
    }
    if (!std)
        fclose(f);
    run->files++;
    FmtError err;
    if (!fmt_text(in.s ? in.s : "", in.len, fmt_lang(path, in.s ? in.s : "", in.len), &out, &err)) {
        /* the level word of every message about a place in a file (diag.c) */
        fprintf(stderr, "%s:%zu:%zu: %s: %s\n", shown, err.line, err.col, _("error"), err.msg);
        cli_say("%s was left as it was", shown);
        worse(run, 2);
        goto done;
    }
    bool same = in.len == out.len && (in.len == 0 || memcmp(in.s, out.s, in.len) == 0);
    if (run->check) {
        if (!same) {
            printf("%s\n", std ? "-" : path);
            run->unformatted++;
            worse(run, 1);
        }
    } else if (std) {
        if (out.len)
            fwrite(out.s, 1, out.len, stdout);
    } else if (!same) {
        /* A new file renamed over the old one: an interrupted run or a
         * full disk leaves the old file whole. */
        char msg[512];
        OutFile *o = outfile_open(path, msg, sizeof msg);
        if (o) {
            fwrite(out.s, 1, out.len, outfile_stream(o));
            if (!outfile_close(o, true, msg, sizeof msg))
                o = NULL;
        }
        if (!o) {
            /* TRANSLATORS: why a file could not be written, and the file. */
            cli_say("%s; %s was left as it was", msg, path);
            worse(run, 2);
        }
    }
done:
    sb_free(&in);
    sb_free(&out);
}

static bool wanted(const char *name)
{
    size_t n = strlen(name);
    return (n > 6 && strcmp(name + n - 6, ".award") == 0) || (n > 9 && strcmp(name + n - 9, ".scenario") == 0);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.award and *.scenario file under dir, in name order.  A hidden
 * entry (.git) is skipped, and a symbolic link to a directory is not
 * followed, so no folder is walked twice. */
static void format_dir(FmtRun *run, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        cli_say("cannot read the folder %s: %s", dir, strerror(errno));
        worse(run, 2);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **g = mem_grow(names, &cap, n + 1, sizeof *g);
        if (!g)
            break;
        names = g;
        names[n++] = mem_strndup(e->d_name, strlen(e->d_name));
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        Sb p = { 0 };
        sb_printf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        struct stat st;
        if (lstat(p.s, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth < 64)
                format_dir(run, p.s, depth + 1);
            else if (!S_ISDIR(st.st_mode) && wanted(names[i]) && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
                format_one(run, p.s);
        }
        sb_free(&p);
        mem_free(names[i]);
    }
    mem_free(names);
}

int cmd_fmt(int argc, char **argv)
{
    FmtRun run = { 0 };
    int nfiles = 0, nstdin = 0;
    bool options_end = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!options_end && cli_is_help(a))
            return cli_emit(usage_fmt);
        if (!options_end && strcmp(a, "--") == 0) {
            options_end = true;
        } else if (!options_end && strcmp(a, "--check") == 0) {
            run.check = true;
        } else if (!options_end && a[0] == '-' && a[1]) {
            return cli_usage_error("fmt", "unknown option `%s` for fmt", a);
        } else {
            nfiles++;
            nstdin += strcmp(a, "-") == 0;
        }
    }
    if (nfiles == 0)
        return cli_usage_error("fmt", "fmt needs at least one file or folder (`-` for standard input)");
    if (nstdin > 1)
        return cli_usage_error("fmt", "`-` (standard input) can be given only once");
    options_end = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!options_end && strcmp(a, "--") == 0) {
            options_end = true;
            continue;
        }
        if (!options_end && a[0] == '-' && a[1])
            continue;
        if (strcmp(a, "-") != 0 && cli_is_directory(a))
            format_dir(&run, a, 0);
        else
            format_one(&run, a);
    }
    /* TRANSLATORS: how many of the files given are not formatted. */
    if (run.check && run.unformatted == 1)
        cli_say(P_("%zu of %zu file is not formatted; `award fmt FILE...` formats it",
                   "%zu of %zu files is not formatted; `award fmt FILE...` formats it", run.files),
                run.unformatted, run.files);
    else if (run.check && run.unformatted)
        cli_say(P_("%zu of %zu file are not formatted; `award fmt FILE...` formats them",
                   "%zu of %zu files are not formatted; `award fmt FILE...` formats them", run.unformatted),
                run.unformatted, run.files);
    /* The list or the formatted text: a write that failed is an error. */
    if (fclose(stdout) != 0) {
        cli_say("cannot write standard output: %s", strerror(errno));
        worse(&run, 2);
    }
    return run.rc;
}

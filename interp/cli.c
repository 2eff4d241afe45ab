/* cli.c -- what the commands of `award` share: options, the inputs looked
 * at before anything is read, the rule file loaded and checked, the data
 * read as one batch, the output opened and closed with every write checked.
 *
 * This is the edge of the program: it prints to standard error.  Each
 * command lives in a file of its own (or in main.c) and is one row of the
 * command table in main.c.  Messages are translated where they are printed
 * (cli_usage_error, cli_say; see i18n.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "check.h"
#include "cli.h"
#include "i18n.h"
#include "mem.h"

/* "award: " and the message, translated, on a line of standard error. */
__attribute__((format(printf, 1, 0)))
static void vsay(const char *fmt, va_list ap)
{
    fprintf(stderr, "award: ");
    vfprintf(stderr, _(fmt), ap);
    putc('\n', stderr);
}

__attribute__((format(printf, 2, 3)))
int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, _("Run `award help %s` for usage."), cmd);
    else
        fputs(_("Run `award help` for usage."), stderr);
    putc('\n', stderr);
    return 2;
}

__attribute__((format(printf, 1, 2)))
void cli_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
}

bool cli_is_help(const char *a) { return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0; }

/* Write a help text (or the version) to standard output, checked like any
 * result: 0, or 2 with a message when it could not be written. */
int cli_emit(const char *text)
{
    char err[256];
    OutFile *o = outfile_open(NULL, err, sizeof err);
    if (o) {
        fputs(text, outfile_stream(o));
        if (outfile_close(o, true, err, sizeof err))
            return 0;
    }
    fprintf(stderr, "award: %s\n", err);
    return 2;
}

/* Whether path names a directory (which no command reads as a file). */
bool cli_is_directory(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}


void cli_args_free(Args *args)
{
    mem_free(args->data);
    mem_free(args->formats);
}

/* Whether word[0..n) is one of the space-separated words of `list`. */
static bool word_in(const char *list, const char *word, size_t n)
{
    for (const char *p = list; n && *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, word, n) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

/* Whether the option name name[0..n) is `opt`. */
static bool is_opt(const char *name, size_t n, const char *opt)
{
    return strlen(opt) == n && memcmp(name, opt, n) == 0;
}

/* Read the arguments of `cmd`, which takes the options named in `takes`
 * (e.g. "format input output columns explain").  An option's value is the
 * next argument or, GNU style, joined with `=` (`--format=csv`).  Returns
 * -1 to go on, or the exit status when help was printed or the arguments
 * are wrong.  Free args with cli_args_free in every case. */
int cli_parse_args(const char *cmd, const char *usage, const char *takes, int nrules, int argc, char **argv,
                   Args *args)
{
    *args = (Args){ .input = DATA_AUTO };
    args->data = mem_calloc((size_t)argc + 1, sizeof *args->data);
    args->formats = mem_calloc((size_t)argc + 1, sizeof *args->formats);
    if (!args->data || !args->formats) {
        cli_say("out of memory");
        return 3;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a))
            return cli_emit(usage);
        /* The option's name, without its dashes and any `=value`. */
        const char *name = strcmp(a, "-o") == 0 ? "output" : a[0] == '-' && a[1] == '-' ? a + 2 : NULL;
        const char *eq = name && a[1] == '-' ? strchr(name, '=') : NULL;
        size_t name_len = name ? (eq ? (size_t)(eq - name) : strlen(name)) : 0;
        bool known = name && word_in(takes, name, name_len);
        if (a[0] == '-' && a[1] && !known)
            return cli_usage_error(cmd, "unknown option `%.*s` for %s", (int)(name ? name_len + 2 : strlen(a)), a,
                               cmd);
        if (!known) {
            if (!args->rules)
                args->rules = a;
            else if (nrules == 2 && !args->rules2)
                args->rules2 = a;
            else
                args->data[args->ndata++] = a;
            continue;
        }
        if (is_opt(name, name_len, "explain") || is_opt(name, name_len, "bom") || is_opt(name, name_len, "quiet")) {
            if (eq)
                return cli_usage_error(cmd, "`--%.*s` takes no value (it was given `%s`)", (int)name_len, name, a);
            if (is_opt(name, name_len, "bom"))
                args->bom = true;
            else if (is_opt(name, name_len, "quiet"))
                args->quiet = true;
            else
                args->explain = true;
            continue;
        }
        const char *v;
        if (eq) {
            v = eq + 1;
        } else {
            if (i + 1 == argc)
                return cli_usage_error(cmd, "`%s` needs a value", a);
            v = argv[++i];
        }
        if (is_opt(name, name_len, "format")) {
            args->format = v;
        } else if (is_opt(name, name_len, "input")) {
            if (strcmp(v, "csv") == 0)
                args->input = DATA_CSV;
            else if (strcmp(v, "json") == 0)
                args->input = DATA_JSON;
            else
                return cli_usage_error(cmd, "unknown input format `%s`: use csv or json", v);
        } else if (is_opt(name, name_len, "output")) {
            if (!*v)
                return cli_usage_error(cmd, "`%.*s` needs a file name", (int)(a[1] == '-' ? name_len + 2 : 2), a);
            args->output = v;
        } else if (is_opt(name, name_len, "xlsx")) {
            if (!*v)
                return cli_usage_error(cmd, "`--xlsx` needs a file name");
            args->xlsx = v;
        } else if (is_opt(name, name_len, "columns")) {
            args->columns = v;
        } else if (is_opt(name, name_len, "summary")) {
            args->summary = true;
            args->format = v;
        } else if (is_opt(name, name_len, "id")) {
            args->id = v;
        } else if (is_opt(name, name_len, "year")) {
            args->year = v;
        }
    }
    if (nrules == 2 && (!args->rules2 || args->ndata == 0))
        return cli_usage_error(cmd, "%s needs two rule files (OLD and NEW) and at least one data file", cmd);
    if (!args->rules || args->ndata == 0)
        return cli_usage_error(cmd, "%s needs a rule file and at least one data file", cmd);
    return -1;
}

/* ---- the inputs, looked at before anything is read or written ---- */

/* Whether `path` ends in `.ext` (any case). */
static bool has_extension(const char *path, const char *ext)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) && strcasecmp(dot + 1, ext) == 0;
}

/* The format a data file's name gives (.csv; .json, .jsonl, .ndjson, in
 * any case), or DATA_AUTO for `-` and any other name. */
static DataFormat format_of_name(const char *path)
{
    if (has_extension(path, "csv"))
        return DATA_CSV;
    if (has_extension(path, "json") || has_extension(path, "jsonl") || has_extension(path, "ndjson"))
        return DATA_JSON;
    return DATA_AUTO;
}

/* Whether text[0..n) starts like a rule file: after a byte-order mark,
 * blank lines and `#` comments, the word `award` and a blank (every rule
 * file starts `award NAME`).  A data file cannot: a CSV header has commas
 * or one name, JSON starts with `[` or `{`. */
static bool looks_like_rules(const char *text, size_t n)
{
    size_t i = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (;;) {
        while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
            i++;
        if (i < n && text[i] == '#') {
            while (i < n && text[i] != '\n' && text[i] != '\r')
                i++;
            continue;
        }
        break;
    }
    return n - i >= 6 && memcmp(text + i, "award", 5) == 0 && (text[i + 5] == ' ' || text[i + 5] == '\t');
}

/* How much of a data file is read to see whether it is a rule file: the
 * comments at the top of a rule file are shorter than this. */
#define SNIFF_BYTES 16384

/* Look at the rule file and every data file before any is read or the
 * output is opened: a data file that is missing, a directory, or a rule
 * file (by its .award extension, or its first words when --input does not
 * say otherwise) is refused, with its reason, and so is a rule file that is
 * a directory or named like a data file.  Sets args->formats.  Returns -1
 * to go on, or 2 after printing every problem. */
int cli_check_inputs(const char *cmd, Args *args)
{
    int bad = 0;
    const char *rules[2] = { args->rules, args->rules2 };
    for (int k = 0; k < 2 && rules[k]; k++) {
        if (cli_is_directory(rules[k])) {
            if (args->rules2)
                cli_say("%s is a directory; %s takes two rule files, then the data files", rules[k], cmd);
            else
                cli_say("%s is a directory; %s takes one rule file, then the data files", rules[k], cmd);
            bad++;
        } else if (format_of_name(rules[k]) != DATA_AUTO) {
            if (args->rules2)
                cli_say("%s is a data file; %s takes the two rule files first, then the data files", rules[k], cmd);
            else
                cli_say("%s is a data file; %s takes the rule file first, then the data files", rules[k], cmd);
            bad++;
        }
    }
    char *head = mem_alloc(SNIFF_BYTES);
    if (!head) {
        cli_say("out of memory");
        return 3;
    }
    for (int i = 0; i < args->ndata; i++) {
        const char *path = args->data[i];
        args->formats[i] = args->input != DATA_AUTO ? args->input : format_of_name(path);
        if (strcmp(path, "-") == 0)
            continue;
        struct stat st;
        bool rule_file = has_extension(path, "award");
        if (stat(path, &st) != 0) {
            cli_say("cannot read %s: %s", path, strerror(errno));
            bad++;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            cli_say("%s is a directory, not a data file; give the data files in it, such as %s/*.csv", path, path);
            bad++;
            continue;
        }
        /* Only a regular file is opened here: a FIFO or a pipe would lose
         * what is read from it, or block. */
        if (S_ISREG(st.st_mode)) {
            FILE *f = fopen(path, "rb");
            if (!f) {
                cli_say("cannot read %s: %s", path, strerror(errno));
                bad++;
                continue;
            }
            if (!rule_file && args->input == DATA_AUTO)
                rule_file = looks_like_rules(head, fread(head, 1, SNIFF_BYTES, f));
            fclose(f);
        }
        if (rule_file && args->rules2) {
            cli_say("%s is a rule file; %s takes two rule files and then data files", path, cmd);
            bad++;
        } else if (rule_file) {
            cli_say("%s is a rule file; %s takes one rule file and then data files", path, cmd);
            bad++;
        }
    }
    mem_free(head);
    return bad ? 2 : -1;
}

/* Refuse an output that is an input (see outfile.h), before anything is
 * opened for writing.  Returns -1 to go on, or 2 with the message. */
int cli_check_output(const Args *args)
{
    char err[512];
    const char **inputs = mem_calloc((size_t)args->ndata + 3, sizeof *inputs);
    if (!inputs) {
        cli_say("out of memory");
        return 3;
    }
    size_t n = 0;
    inputs[n++] = args->rules;
    if (args->rules2)
        inputs[n++] = args->rules2;
    for (int i = 0; i < args->ndata; i++)
        inputs[n++] = args->data[i];
    bool clash = outfile_is_input(args->output, inputs, n, err, sizeof err);
    /* A second output must be neither an input nor the first output. */
    if (!clash && args->xlsx && args->output && strcmp(args->xlsx, args->output) == 0) {
        snprintf(err, sizeof err, "-o and --xlsx both name %s: give the page and the workbook a file each",
                 args->xlsx);
        clash = true;
    } else if (!clash && args->xlsx) {
        if (args->output)
            inputs[n++] = args->output;
        clash = outfile_is_input(args->xlsx, inputs, n, err, sizeof err);
    }
    mem_free(inputs);
    if (clash) {
        fprintf(stderr, "award: %s\n", err);
        return 2;
    }
    return -1;
}

/* Load and check the rule file; on errors print them and return NULL.
 * The messages borrow the file's text: the caller prints `d` again (for
 * warnings) before freeing the rules. */
Rules *cli_load_checked(const char *path, Diags *d)
{
    Rules *r = check_load(path, d);
    diag_sort(d);
    if (diag_count(d, DIAG_ERROR)) {
        diag_print(d, stderr);
        diag_print_summary(d, stderr);
        cli_say("%s does not check; nothing was evaluated", path);
        rules_free(r);
        return NULL;
    }
    return r;
}

/* Load and check the rule file and open the output (standard output when
 * `out_path` is NULL); false, with messages, when either fails. */
bool cli_start_run(const char *rules_path, const char *out_path, Diags *d, Rules **r, OutFile **out)
{
    char err[512];
    *r = cli_load_checked(rules_path, d);
    if (!*r)
        return false;
    if (!(*out = outfile_open(out_path, err, sizeof err))) {
        fprintf(stderr, "award: %s\n", err);
        rules_free(*r);
        *r = NULL;
        return false;
    }
    return true;
}

/* Flush and close the output, keeping it when `keep`; false after saying
 * why it could not be written. */
bool cli_end_output(OutFile *out, bool keep)
{
    char err[512];
    if (outfile_close(out, keep, err, sizeof err))
        return true;
    fprintf(stderr, "award: %s\n", err);
    return false;
}

/* Whether the rules have agency-level categories (decided from the whole
 * batch, see eval_finish). */
bool cli_has_agency_level(const Rules *r)
{
    for (size_t c = 0; c < r->ncategories; c++)
        if (r->categories[c]->per_agency)
            return true;
    return false;
}

/* ---- reading the data ---- */


/* The schema slots a CSV header must have a column for: the id and the
 * category field.  Without them no application can be named or judged, so
 * such a file is a whole-input error naming them, not rows of errors or no
 * rows at all.  (A column any other field lacks makes an error of each
 * application whose category reads it, naming the field.) */
static bool *required_columns(const Rules *r)
{
    bool *req = mem_calloc(r->ninputs + 1, sizeof *req);
    if (req && r->slot_id >= 0)
        req[r->slot_id] = true;
    if (req && r->slot_type >= 0)
        req[r->slot_type] = true;
    return req;
}

void cli_read_data_required(const Args *args, const bool *required, const DataSchema *schema, DataRecordFn fn,
                            void *ctx, const char **source, ReadOutcome *res)
{
    char err[512];
    for (int i = 0; i < args->ndata && !res->stopped; i++) {
        const char *path = args->data[i];
        bool is_stdin = strcmp(path, "-") == 0;
        FILE *in = is_stdin ? stdin : fopen(path, "rb");
        *source = is_stdin ? "<stdin>" : path;
        int got = -1;
        if (!in) {
            /* cli_check_inputs saw it; it went away since */
            cli_say("cannot read %s: %s", path, strerror(errno));
            res->rc = 2;
        } else {
            got = data_read_required(in, *source, args->formats[i], schema, required, fn, ctx, err, sizeof err);
            if (got < 0) {
                fprintf(stderr, "award: %s\n", err);
                if (res->rc == 0)
                    res->rc = 1;
            }
            if (!is_stdin)
                fclose(in);
        }
        if (got > 0)
            res->stopped = true;
        else if (got < 0) {
            if (res->unread.len)
                sb_str(&res->unread, ", ");
            sb_str(&res->unread, *source);
        }
    }
}

void cli_read_data(const Args *args, const Rules *r, const DataSchema *schema, DataRecordFn fn, void *ctx,
                   const char **source, ReadOutcome *res)
{
    bool *required = required_columns(r);
    if (!required) {
        cli_say("out of memory");
        res->rc = 3;
        res->stopped = true;
        return;
    }
    cli_read_data_required(args, required, schema, fn, ctx, source, res);
    mem_free(required);
}

/* A partial batch decides no agency-level award (eval_finish is not run):
 * the applications not read could have changed any of them.  Says so when
 * the rules have such awards. */
void cli_say_undecided(const Rules *r, const ReadOutcome *got)
{
    if (!got->unread.len || !cli_has_agency_level(r))
        return;
    cli_say("agency-level awards were not decided: %s could not be read whole", got->unread.s);
}

int cli_say_batch_end(const Evaluator *ev, const ReadOutcome *got, bool on_page, int rc)
{
    if (eval_problem(ev))
        /* TRANSLATORS: %s says why the ids could not be kept in a file. */
        cli_say("warning: application ids are kept in memory (%s); the duplicate-id check is still exact",
                eval_problem(ev));
    if (eval_errors(ev)) {
        /* TRANSLATORS: `error` is the tier of an application with a data error. */
        if (on_page)
            cli_say(P_("%zu of %zu application had data errors (tier `error`); the page lists them",
                       "%zu of %zu applications had data errors (tier `error`); the page lists them",
                       eval_count(ev)),
                    eval_errors(ev), eval_count(ev));
        else
            cli_say(P_("%zu of %zu application had data errors (tier `error`)",
                       "%zu of %zu applications had data errors (tier `error`)", eval_count(ev)),
                    eval_errors(ev), eval_count(ev));
    }
    if ((eval_errors(ev) || got->unread.len) && rc == 0)
        rc = 1;
    return rc;
}


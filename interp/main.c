/* main.c -- the `award` command: check rule files, evaluate applications.
 *
 * Exit status: 0 all well; 1 a rule file has errors (check), or an
 * application had a data error or a data file was not read to its end
 * (eval); 2 a usage error, an input that cannot be used (missing, a
 * directory, a rule file given as data), rules that do not check (eval), or
 * an output that could not be written.
 *
 * Every input is accounted for before anything is written: the data files
 * are looked at first (missing, a directory, a rule file in their place),
 * and an output that is an input is refused.  Every write is checked (see
 * outfile.h): a run whose results cannot be written stops and says so. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "check.h"
#include "data.h"
#include "eval.h"
#include "explain.h"
#include "mem.h"
#include "outfile.h"
#include "report.h"
#include "scenario.h"
#include "strbuf.h"

#define AWARD_VERSION "0.1.0"

static const char usage_main[] =
    "usage: award <command> [options] [files]\n"
    "\n"
    "Yearly award criteria as rule files, and the applications they judge.\n"
    "\n"
    "commands:\n"
    "  check RULES...             check rule files; every mistake with its place\n"
    "  eval RULES DATA...         evaluate applications (CSV or JSON) against rules\n"
    "  explain RULES DATA... --id ID\n"
    "                             why one application (or agency) got its result\n"
    "  test [--coverage] PATH...  run scenario files: what applications must give\n"
    "  help [COMMAND]             show help for a command\n"
    "\n"
    "options:\n"
    "  -h, --help                 show help\n"
    "  --version                  show the version\n"
    "\n"
    "Run `award help COMMAND` for the options of a command.  An option's value\n"
    "may follow it or be joined to it: `--format csv` or `--format=csv`.\n";

static const char usage_check[] =
    "usage: award check RULES...\n"
    "\n"
    "Read each rule file and report every error and warning as\n"
    "FILE:LINE:COLUMN: error|warning: MESSAGE, with the source line and a caret\n"
    "under the exact place.  A directory is not checked: give the rule files in\n"
    "it (`award check DIR/*.award`).  Exit status 0 when no file has errors\n"
    "(warnings allowed), 1 when any has, 2 on a usage error or a directory.\n";

static const char usage_eval[] =
    "usage: award eval RULES DATA... [--format table|csv|json] [--columns LIST] [--explain] [-o FILE]\n"
    "\n"
    "Evaluate every application in the DATA files (CSV with a header row, or\n"
    "JSON: an array of objects or one object per line; `-` reads standard\n"
    "input) against the RULES file, as one batch.  For each application: its\n"
    "category, eligibility with each failed condition, score points, total and\n"
    "tier, in input order; then the agency-level results.  The extension of a\n"
    "DATA file gives its format (.csv; .json, .jsonl, .ndjson); for `-` and any\n"
    "other name it is guessed from the first character (`[` or `{`: JSON).\n"
    "\n"
    "options:\n"
    "  --format FORMAT   table (default, for people), csv, or json (one object per line)\n"
    "  --columns LIST    the columns of csv and table output, comma-separated:\n"
    "                    id, category, eligible, total, tier, tier_label, failed, error,\n"
    "                    reason (failed or error), source, line, and any score item's name\n"
    "  --input FORMAT    read every DATA as csv or json, whatever its name\n"
    "  --explain         explain every result: conditions with their values, score items,\n"
    "                    the tier and the distance to the next (text or json, not csv)\n"
    "  -o, --output FILE write the results to FILE instead of standard output; FILE is\n"
    "                    replaced only when every result was written, and may not be\n"
    "                    the rule file or a data file\n"
    "\n"
    "A broken application (a missing, mistyped or out-of-range field, an unknown\n"
    "category, a duplicate id, a broken row) gets tier `error` with a message\n"
    "naming it and the field; every other application is still evaluated.  When\n"
    "a data file could not be read to its end, every application read is still\n"
    "reported, but no agency-level award is decided.\n"
    "Exit status 0 when every application was evaluated, 1 when any had a data\n"
    "error or a data file was not read to its end, 2 on a usage error, a data\n"
    "file that cannot be used (missing, a directory, a rule file), rules that do\n"
    "not check, or results that could not be written.\n";

static const char usage_explain[] =
    "usage: award explain RULES DATA... --id ID [--format text|json] [--input FORMAT] [-o FILE]\n"
    "\n"
    "Evaluate every application in the DATA files against the RULES file, as one\n"
    "batch (agency-level awards need all of them), and explain the result of the\n"
    "application whose id is ID; when no application has it, the agency-level\n"
    "results of the agency with that code.  An id used twice is explained twice.\n"
    "\n"
    "The explanation gives every condition of the category with its line in the\n"
    "rule file, its message, whether it held and the values it saw, and for one\n"
    "that failed what would have passed it; every score item with its points, out\n"
    "of what, its inputs, a bonus given or not, a cap or rounding that applied;\n"
    "the total, the tier and the rule that decided it, and the distance to the\n"
    "next tier up; for an agency-level award, the applications that counted.\n"
    "\n"
    "options:\n"
    "  --id ID           the application's id, or an agency's code\n"
    "  --format FORMAT   text (default, for people) or json (the result as `eval\n"
    "                    --format json` writes it, with an \"explain\" member)\n"
    "  --input FORMAT    read every DATA as csv or json, whatever its name (by default\n"
    "                    the extension decides, as for eval)\n"
    "  -o, --output FILE write the explanation to FILE instead of standard output (not\n"
    "                    an input; replaced only when everything was written)\n"
    "\n"
    "`award eval RULES DATA... --explain` explains every result: by default each\n"
    "as this text instead of a table row, with `--format json` as an \"explain\"\n"
    "member of each object (not with csv).\n"
    "\n"
    "Exit status 0 when the result was explained, 1 when it is a data error or a\n"
    "data file could not be read to its end (then no agency-level result is\n"
    "decided), 2 on a usage error, a data file that cannot be used, rules that\n"
    "do not check, results that could not be written, or when no application\n"
    "or agency has the id.\n";

__attribute__((format(printf, 2, 3)))
static int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "award: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nRun `award help%s%s` for usage.\n", cmd ? " " : "", cmd ? cmd : "");
    return 2;
}

static bool is_help(const char *a) { return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0; }

/* Write a help text (or the version) to standard output, checked like any
 * result: 0, or 2 with a message when it could not be written. */
static int emit(const char *text)
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
static bool is_directory(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- check ---- */

static int cmd_check(int argc, char **argv)
{
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i]))
            return emit(usage_check);
        if (argv[i][0] == '-' && argv[i][1])
            return usage_error("check", "unknown option `%s` for check", argv[i]);
        nfiles++;
    }
    if (nfiles == 0)
        return usage_error("check", "check needs at least one rule file");
    /* A directory is refused, with the way to name what is in it: checking
     * every file under it would also check what is not a rule file. */
    int dirs = 0;
    for (int i = 0; i < argc; i++)
        if (is_directory(argv[i])) {
            fprintf(stderr, "award: %s is a directory; give the rule files in it, such as "
                            "`award check %s/*.award`\n", argv[i], argv[i]);
            dirs++;
        }
    if (dirs)
        return 2;
    /* The messages borrow each file's text: free the rules after printing. */
    Diags *d = diag_new();
    Rules **rules = mem_calloc((size_t)argc, sizeof *rules);
    if (!rules) {
        diag_free(d);
        fprintf(stderr, "award: out of memory\n");
        return 3;
    }
    for (int i = 0; i < argc; i++)
        rules[i] = check_load(argv[i], d);
    diag_sort(d);
    diag_print(d, stderr);
    diag_print_summary(d, stderr);
    int rc = diag_count(d, DIAG_ERROR) ? 1 : 0;
    for (int i = 0; i < argc; i++)
        rules_free(rules[i]);
    mem_free(rules);
    diag_free(d);
    return rc;
}

/* ---- the arguments eval and explain share ---- */

typedef struct Args {
    const char *rules;         /* the rule file */
    const char **data;         /* the data files (`-` for standard input) */
    DataFormat *formats;       /* the format each is read as (see data_formats) */
    int ndata;
    const char *format;        /* --format, NULL when not given */
    DataFormat input;          /* --input */
    const char *output;        /* -o, --output */
    const char *columns;       /* --columns (eval) */
    const char *id;            /* --id (explain) */
    bool explain;              /* --explain (eval) */
} Args;

static void args_free(Args *args)
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
 * are wrong.  Free args with args_free in every case. */
static int parse_args(const char *cmd, const char *usage, const char *takes, int argc, char **argv, Args *args)
{
    *args = (Args){ .input = DATA_AUTO };
    args->data = mem_calloc((size_t)argc + 1, sizeof *args->data);
    args->formats = mem_calloc((size_t)argc + 1, sizeof *args->formats);
    if (!args->data || !args->formats) {
        fprintf(stderr, "award: out of memory\n");
        return 3;
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a))
            return emit(usage);
        /* The option's name, without its dashes and any `=value`. */
        const char *name = strcmp(a, "-o") == 0 ? "output" : a[0] == '-' && a[1] == '-' ? a + 2 : NULL;
        const char *eq = name && a[1] == '-' ? strchr(name, '=') : NULL;
        size_t name_len = name ? (eq ? (size_t)(eq - name) : strlen(name)) : 0;
        bool known = name && word_in(takes, name, name_len);
        if (a[0] == '-' && a[1] && !known)
            return usage_error(cmd, "unknown option `%.*s` for %s", (int)(name ? name_len + 2 : strlen(a)), a,
                               cmd);
        if (!known) {
            if (!args->rules)
                args->rules = a;
            else
                args->data[args->ndata++] = a;
            continue;
        }
        if (is_opt(name, name_len, "explain")) {
            if (eq)
                return usage_error(cmd, "`--explain` takes no value (it was given `%s`)", a);
            args->explain = true;
            continue;
        }
        const char *v;
        if (eq) {
            v = eq + 1;
        } else {
            if (i + 1 == argc)
                return usage_error(cmd, "`%s` needs a value", a);
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
                return usage_error(cmd, "unknown input format `%s`: use csv or json", v);
        } else if (is_opt(name, name_len, "output")) {
            if (!*v)
                return usage_error(cmd, "`%.*s` needs a file name", (int)(a[1] == '-' ? name_len + 2 : 2), a);
            args->output = v;
        } else if (is_opt(name, name_len, "columns")) {
            args->columns = v;
        } else if (is_opt(name, name_len, "id")) {
            args->id = v;
        }
    }
    if (!args->rules || args->ndata == 0)
        return usage_error(cmd, "%s needs a rule file and at least one data file", cmd);
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
static int check_inputs(const char *cmd, Args *args)
{
    int bad = 0;
    if (is_directory(args->rules)) {
        fprintf(stderr, "award: %s is a directory; %s takes one rule file, then the data files\n",
                args->rules, cmd);
        bad++;
    } else if (format_of_name(args->rules) != DATA_AUTO) {
        fprintf(stderr, "award: %s is a data file; %s takes the rule file first, then the data files\n",
                args->rules, cmd);
        bad++;
    }
    char *head = mem_alloc(SNIFF_BYTES);
    if (!head) {
        fprintf(stderr, "award: out of memory\n");
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
            fprintf(stderr, "award: cannot read %s: %s\n", path, strerror(errno));
            bad++;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "award: %s is a directory, not a data file; give the data files in it, "
                            "such as %s/*.csv\n", path, path);
            bad++;
            continue;
        }
        /* Only a regular file is opened here: a FIFO or a pipe would lose
         * what is read from it, or block. */
        if (S_ISREG(st.st_mode)) {
            FILE *f = fopen(path, "rb");
            if (!f) {
                fprintf(stderr, "award: cannot read %s: %s\n", path, strerror(errno));
                bad++;
                continue;
            }
            if (!rule_file && args->input == DATA_AUTO)
                rule_file = looks_like_rules(head, fread(head, 1, SNIFF_BYTES, f));
            fclose(f);
        }
        if (rule_file) {
            fprintf(stderr, "award: %s is a rule file; %s takes one rule file and then data files\n", path, cmd);
            bad++;
        }
    }
    mem_free(head);
    return bad ? 2 : -1;
}

/* Refuse an output that is an input (see outfile.h), before anything is
 * opened for writing.  Returns -1 to go on, or 2 with the message. */
static int check_output(const Args *args)
{
    char err[512];
    const char **inputs = mem_calloc((size_t)args->ndata + 1, sizeof *inputs);
    if (!inputs) {
        fprintf(stderr, "award: out of memory\n");
        return 3;
    }
    inputs[0] = args->rules;
    for (int i = 0; i < args->ndata; i++)
        inputs[i + 1] = args->data[i];
    bool clash = outfile_is_input(args->output, inputs, (size_t)args->ndata + 1, err, sizeof err);
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
static Rules *load_checked(const char *path, Diags *d)
{
    Rules *r = check_load(path, d);
    diag_sort(d);
    if (diag_count(d, DIAG_ERROR)) {
        diag_print(d, stderr);
        diag_print_summary(d, stderr);
        fprintf(stderr, "award: %s does not check; nothing was evaluated\n", path);
        rules_free(r);
        return NULL;
    }
    return r;
}

/* Load and check the rule file and open the output (standard output when
 * `out_path` is NULL); false, with messages, when either fails. */
static bool start_run(const char *rules_path, const char *out_path, Diags *d, Rules **r, OutFile **out)
{
    char err[512];
    *r = load_checked(rules_path, d);
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
static bool end_output(OutFile *out, bool keep)
{
    char err[512];
    if (outfile_close(out, keep, err, sizeof err))
        return true;
    fprintf(stderr, "award: %s\n", err);
    return false;
}

/* Whether the rules have agency-level categories (decided from the whole
 * batch, see eval_finish). */
static bool has_agency_level(const Rules *r)
{
    for (size_t c = 0; c < r->ncategories; c++)
        if (r->categories[c]->per_agency)
            return true;
    return false;
}

/* ---- reading the data ---- */

/* What reading every data file came to. */
typedef struct ReadOutcome {
    int rc;              /* 0; 1 when a file was not read to its end; 2 when one could not be opened */
    bool stopped;        /* the callback stopped the run: the output failed */
    Sb unread;           /* the files not read to their end, ", "-separated */
} ReadOutcome;

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

/* Read every data file into fn, as one batch; `*source` is set to the name
 * of the input being read.  Stops at once when fn returns nonzero. */
static void read_data(const Args *args, const Rules *r, const DataSchema *schema, DataRecordFn fn, void *ctx,
                      const char **source, ReadOutcome *res)
{
    char err[512];
    bool *required = required_columns(r);
    if (!required) {
        fprintf(stderr, "award: out of memory\n");
        res->rc = 3;
        res->stopped = true;
        return;
    }
    for (int i = 0; i < args->ndata && !res->stopped; i++) {
        const char *path = args->data[i];
        bool is_stdin = strcmp(path, "-") == 0;
        FILE *in = is_stdin ? stdin : fopen(path, "rb");
        *source = is_stdin ? "<stdin>" : path;
        int got = -1;
        if (!in) {
            /* check_inputs saw it; it went away since */
            fprintf(stderr, "award: cannot read %s: %s\n", path, strerror(errno));
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
    mem_free(required);
}

/* A partial batch decides no agency-level award (eval_finish is not run):
 * the applications not read could have changed any of them.  Says so when
 * the rules have such awards. */
static void say_undecided(const Rules *r, const ReadOutcome *got)
{
    if (!got->unread.len || !has_agency_level(r))
        return;
    fprintf(stderr, "award: agency-level awards were not decided: %s could not be read whole\n",
            got->unread.s);
}

/* ---- eval ---- */

typedef struct EvalRun {
    Evaluator *ev;
    Report *rep;
    OutFile *out;
    const char *source;
} EvalRun;

/* Stops the reading (nonzero) as soon as the output failed. */
static int on_record(void *ctx, const RawRecord *rec)
{
    EvalRun *run = ctx;
    report_result(run->rep, eval_record(run->ev, rec, run->source));
    return outfile_failed(run->out) ? 1 : 0;
}

static void on_agency(void *ctx, const AppResult *res)
{
    EvalRun *run = ctx;
    report_result(run->rep, res);
}

/* --explain: the explanation of each result, into the report */
static void explain_as_text(void *ctx, const AppResult *res, FILE *out) { explain_text(ctx, res, out); }
static void explain_as_json(void *ctx, const AppResult *res, FILE *out) { explain_json(ctx, res, out); }

static int cmd_eval(int argc, char **argv)
{
    Args args;
    int rc = parse_args("eval", usage_eval, "format input output columns explain", argc, argv, &args);
    if (rc < 0)
        rc = check_inputs("eval", &args);
    if (rc >= 0) {
        args_free(&args);
        return rc;
    }
    rc = 0;
    ReportFormat fmt = REPORT_TABLE;
    if (args.format && strcmp(args.format, "csv") == 0)
        fmt = REPORT_CSV;
    else if (args.format && strcmp(args.format, "json") == 0)
        fmt = REPORT_JSON;
    else if (args.format && strcmp(args.format, "table") != 0) {
        args_free(&args);
        return usage_error("eval", "unknown format `%s`: use table, csv or json", args.format);
    }
    if (args.explain && fmt == REPORT_CSV) {
        args_free(&args);
        return usage_error("eval", "--explain cannot be used with --format csv: an explanation takes many lines "
                                   "per application; use the default text output or --format json");
    }
    if ((rc = check_output(&args)) >= 0) {
        args_free(&args);
        return rc;
    }
    rc = 0;

    Diags *d = diag_new();
    Rules *r = NULL;
    OutFile *out = NULL;
    if (!start_run(args.rules, args.output, d, &r, &out)) {
        diag_free(d);
        args_free(&args);
        return 2;
    }

    char err[512];
    Report *rep = report_new(outfile_stream(out), fmt, r, args.columns, err, sizeof err);
    if (!rep) {
        fprintf(stderr, "award: %s\n", err);
        end_output(out, false);
        rc = 2;
        goto done;
    }
    Evaluator *ev = eval_new(r);
    Explainer *x = args.explain ? explain_new(r, ev) : NULL;
    if (x)
        report_set_explain(rep, fmt == REPORT_JSON ? explain_as_json : explain_as_text, x);
    DataSchema schema = eval_schema(ev);
    EvalRun run = { ev, rep, out, NULL };
    ReadOutcome got = { 0 };
    if (!outfile_failed(out)) /* the CSV header is written already */
        read_data(&args, r, &schema, on_record, &run, &run.source, &got);
    rc = got.rc;
    bool wrote = !got.stopped && !outfile_failed(out);
    if (wrote && !got.unread.len)
        eval_finish(ev, on_agency, &run);
    if (wrote)
        wrote = report_end(rep);
    /* The results first, then the messages about them below. */
    if (!end_output(out, rc < 2 && wrote)) {
        rc = 2;
    } else {
        say_undecided(r, &got);
        if (eval_problem(ev))
            fprintf(stderr, "award: warning: application ids are kept in memory (%s); "
                            "the duplicate-id check is still exact\n", eval_problem(ev));
        if (eval_errors(ev) && rc == 0)
            rc = 1;
        if (eval_errors(ev))
            fprintf(stderr, "award: %zu of %zu applications had data errors (tier `error`)\n",
                    eval_errors(ev), eval_count(ev));
    }
    if (got.unread.len && rc == 0)
        rc = 1;
    sb_free(&got.unread);
    explain_free(x);
    eval_free(ev);
    report_free(rep);
done:
    diag_print(d, stderr); /* warnings of the rule file, if any */
    rules_free(r);
    diag_free(d);
    args_free(&args);
    return rc;
}

/* ---- explain ---- */

typedef struct ExplainRun {
    Evaluator *ev;
    Explainer *x;
    Report *rep;              /* json: the result as eval writes it, with "explain" */
    OutFile *out;
    const char *id;
    size_t id_len;
    const char *source;
    size_t apps, agencies;    /* results explained */
    size_t errors;            /* ... of them data errors */
} ExplainRun;

static void explain_one(ExplainRun *run, const AppResult *res)
{
    if (run->rep) {
        report_result(run->rep, res);
    } else {
        FILE *f = outfile_stream(run->out);
        if (run->apps + run->agencies)
            fputc('\n', f);
        explain_text(run->x, res, f);
    }
    if (res->agency_row)
        run->agencies++;
    else
        run->apps++;
    run->errors += res->error;
}

static bool same_id(const ExplainRun *run, const AppResult *res)
{
    return res->id_len == run->id_len && memcmp(res->id, run->id, run->id_len) == 0;
}

/* Stops the reading (nonzero) as soon as the output failed. */
static int on_explain_record(void *ctx, const RawRecord *rec)
{
    ExplainRun *run = ctx;
    const AppResult *res = eval_record(run->ev, rec, run->source);
    if (same_id(run, res))
        explain_one(run, res);
    return outfile_failed(run->out) ? 1 : 0;
}

/* An agency's results are explained only when no application has the id. */
static void on_explain_agency(void *ctx, const AppResult *res)
{
    ExplainRun *run = ctx;
    if (run->apps == 0 && same_id(run, res))
        explain_one(run, res);
}

static int cmd_explain(int argc, char **argv)
{
    Args args;
    int rc = parse_args("explain", usage_explain, "format input output id", argc, argv, &args);
    if (rc < 0)
        rc = check_inputs("explain", &args);
    if (rc >= 0) {
        args_free(&args);
        return rc;
    }
    rc = 0;
    const char *id = args.id;
    bool json = args.format && strcmp(args.format, "json") == 0;
    if (args.format && !json && strcmp(args.format, "text") != 0) {
        args_free(&args);
        return usage_error("explain", "unknown format `%s` for explain: use text or json", args.format);
    }
    if (!id || !id[0]) {
        args_free(&args);
        return usage_error("explain", "explain needs `--id ID`: the application (or agency) to explain");
    }
    if ((rc = check_output(&args)) >= 0) {
        args_free(&args);
        return rc;
    }
    rc = 0;

    Diags *d = diag_new();
    Rules *r = NULL;
    OutFile *out = NULL;
    if (!start_run(args.rules, args.output, d, &r, &out)) {
        diag_free(d);
        args_free(&args);
        return 2;
    }

    char err[512];
    Evaluator *ev = eval_new(r);
    Explainer *x = explain_new(r, ev);
    Report *rep = json ? report_new(outfile_stream(out), REPORT_JSON, r, NULL, err, sizeof err) : NULL;
    if (rep)
        report_set_explain(rep, explain_as_json, x);
    ExplainRun run = { .ev = ev, .x = x, .rep = rep, .out = out, .id = id, .id_len = strlen(id) };
    DataSchema schema = eval_schema(ev);
    ReadOutcome got = { 0 };
    read_data(&args, r, &schema, on_explain_record, &run, &run.source, &got);
    rc = got.rc;
    bool whole = !got.unread.len;
    if (!got.stopped && !outfile_failed(out) && whole)
        eval_finish(ev, on_explain_agency, &run);
    if (!end_output(out, rc < 2 && !got.stopped)) {
        rc = 2;
    } else if (run.apps + run.agencies == 0) {
        say_undecided(r, &got);
        size_t n = eval_count(ev);
        bool agencies_seen = whole || !has_agency_level(r);
        fprintf(stderr, "award: no application has the id `%s`%s among the %zu application%s read%s\n", id,
                agencies_seen ? ", and no agency the code," : "", n, n == 1 ? "" : "s",
                agencies_seen ? "" : "; agency codes were not looked at, as no agency-level award "
                                     "was decided");
        rc = 2;
    } else {
        say_undecided(r, &got);
        if ((run.errors || !whole) && rc == 0)
            rc = 1;
    }
    sb_free(&got.unread);
    report_free(rep);
    explain_free(x);
    eval_free(ev);
    diag_print(d, stderr); /* warnings of the rule file, if any */
    rules_free(r);
    diag_free(d);
    args_free(&args);
    return rc;
}

int main(int argc, char **argv)
{
    /* Before any file is opened: no file may take a closed standard
     * output's number (outfile.h). */
    outfile_keep_std_fds();
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (is_help(cmd))
        return emit(usage_main);
    if (strcmp(cmd, "--version") == 0)
        return emit("award " AWARD_VERSION "\n");
    if (strcmp(cmd, "help") == 0) {
        const char *topic = argc > 2 ? argv[2] : NULL;
        if (!topic)
            return emit(usage_main);
        if (strcmp(topic, "check") == 0)
            return emit(usage_check);
        if (strcmp(topic, "eval") == 0)
            return emit(usage_eval);
        if (strcmp(topic, "explain") == 0)
            return emit(usage_explain);
        if (strcmp(topic, "test") == 0)
            return emit(scenario_usage);
        return usage_error(NULL, "no help on `%s`: the commands are check, eval, explain and test", topic);
    }
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc - 2, argv + 2);
    if (strcmp(cmd, "explain") == 0)
        return cmd_explain(argc - 2, argv + 2);
    if (strcmp(cmd, "test") == 0) {
        /* scenario_main flushes and checks its output; the close can
         * still fail (a network file system reports late). */
        int rc = scenario_main(argc - 2, argv + 2);
        if (rc != 2 && fclose(stdout) != 0) {
            fprintf(stderr, "award: cannot write standard output: %s\n", strerror(errno));
            return 2;
        }
        return rc;
    }
    return usage_error(NULL, "unknown command `%s`", cmd);
}

/* main.c -- the `award` command: check rule files, evaluate applications.
 *
 * Exit status: 0 all well; 1 a rule file has errors (check) or an
 * application had a data error (eval); 2 a usage error or rules that do not
 * check (eval). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "data.h"
#include "eval.h"
#include "explain.h"
#include "report.h"
#include "scenario.h"

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
    "Run `award help COMMAND` for the options of a command.\n";

static const char usage_check[] =
    "usage: award check RULES...\n"
    "\n"
    "Read each rule file and report every error and warning as\n"
    "FILE:LINE:COLUMN: error|warning: MESSAGE, with the source line and a caret\n"
    "under the exact place.  Exit status 0 when no file has errors (warnings\n"
    "allowed), 1 when any has, 2 on a usage error.\n";

static const char usage_eval[] =
    "usage: award eval RULES DATA... [--format table|csv|json] [--columns LIST] [--explain] [-o FILE]\n"
    "\n"
    "Evaluate every application in the DATA files (CSV with a header row, or\n"
    "JSON: an array of objects or one object per line; `-` reads standard\n"
    "input) against the RULES file, as one batch.  For each application: its\n"
    "category, eligibility with each failed condition, score points, total and\n"
    "tier, in input order; then the agency-level results.\n"
    "\n"
    "options:\n"
    "  --format FORMAT   table (default, for people), csv, or json (one object per line)\n"
    "  --columns LIST    the columns of csv and table output, comma-separated:\n"
    "                    id, category, eligible, total, tier, tier_label, failed, error,\n"
    "                    reason (failed or error), source, line, and any score item's name\n"
    "  --input FORMAT    read DATA as csv or json instead of guessing from its first character\n"
    "  --explain         explain every result: conditions with their values, score items,\n"
    "                    the tier and the distance to the next (text or json, not csv)\n"
    "  -o, --output FILE write the results to FILE instead of standard output\n"
    "\n"
    "A broken application (a missing, mistyped or out-of-range field, an unknown\n"
    "category, a duplicate id, a broken row) gets tier `error` with a message\n"
    "naming it and the field; every other application is still evaluated.\n"
    "Exit status 0 when every application was evaluated, 1 when any had a data\n"
    "error, 2 on a usage error or rules that do not check.\n";

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
    "  --input FORMAT    read DATA as csv or json instead of guessing from its first character\n"
    "  -o, --output FILE write the explanation to FILE instead of standard output\n"
    "\n"
    "`award eval RULES DATA... --explain` explains every result: by default each\n"
    "as this text instead of a table row, with `--format json` as an \"explain\"\n"
    "member of each object (not with csv).\n"
    "\n"
    "Exit status 0 when the result was explained, 1 when it is a data error or a\n"
    "data file could not be read as a whole, 2 on a usage error, rules that do\n"
    "not check, or when no application or agency has the id.\n";

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

/* ---- check ---- */

static int cmd_check(int argc, char **argv)
{
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_check, stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return usage_error("check", "unknown option `%s` for check", argv[i]);
        nfiles++;
    }
    if (nfiles == 0)
        return usage_error("check", "check needs at least one rule file");
    /* The messages borrow each file's text: free the rules after printing. */
    Diags *d = diag_new();
    Rules **rules = calloc((size_t)argc, sizeof *rules);
    for (int i = 0; i < argc; i++)
        rules[i] = check_load(argv[i], d);
    diag_sort(d);
    diag_print(d, stderr);
    diag_print_summary(d, stderr);
    int rc = diag_count(d, DIAG_ERROR) ? 1 : 0;
    for (int i = 0; i < argc; i++)
        rules_free(rules[i]);
    free(rules);
    diag_free(d);
    return rc;
}

/* ---- the arguments eval and explain share ---- */

typedef struct Args {
    const char *rules;         /* the rule file */
    const char **data;         /* the data files (`-` for standard input) */
    int ndata;
    const char *format;        /* --format, NULL when not given */
    DataFormat input;          /* --input */
    const char *output;        /* -o, --output */
    const char *columns;       /* --columns (eval) */
    const char *id;            /* --id (explain) */
    bool explain;              /* --explain (eval) */
} Args;

/* Whether `word` is one of the space-separated words of `list`. */
static bool word_in(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; n && (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* Read the arguments of `cmd`, which takes the options named in `takes`
 * (e.g. "format input output columns explain").  Returns -1 to go on, or
 * the exit status when help was printed or the arguments are wrong.
 * args->data is allocated: free it. */
static int parse_args(const char *cmd, const char *usage, const char *takes, int argc, char **argv, Args *args)
{
    *args = (Args){ .input = DATA_AUTO };
    args->data = calloc((size_t)argc + 1, sizeof *args->data);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage, stdout);
            return 0;
        }
        const char *name = strcmp(a, "-o") == 0 ? "output" : a[0] == '-' && a[1] == '-' ? a + 2 : NULL;
        bool known = name && word_in(takes, name);
        if (a[0] == '-' && a[1] && !known)
            return usage_error(cmd, "unknown option `%s` for %s", a, cmd);
        if (!known) {
            if (!args->rules)
                args->rules = a;
            else
                args->data[args->ndata++] = a;
            continue;
        }
        if (strcmp(name, "explain") == 0) {
            args->explain = true;
            continue;
        }
        if (i + 1 == argc)
            return usage_error(cmd, "`%s` needs a value", a);
        const char *v = argv[++i];
        if (strcmp(name, "format") == 0) {
            args->format = v;
        } else if (strcmp(name, "input") == 0) {
            if (strcmp(v, "csv") == 0)
                args->input = DATA_CSV;
            else if (strcmp(v, "json") == 0)
                args->input = DATA_JSON;
            else
                return usage_error(cmd, "unknown input format `%s`: use csv or json", v);
        } else if (strcmp(name, "output") == 0) {
            args->output = v;
        } else if (strcmp(name, "columns") == 0) {
            args->columns = v;
        } else if (strcmp(name, "id") == 0) {
            args->id = v;
        }
    }
    if (!args->rules || args->ndata == 0)
        return usage_error(cmd, "%s needs a rule file and at least one data file", cmd);
    return -1;
}

/* Load and check the rule file and open the output (standard output when
 * `out_path` is NULL) with a large buffer; false, with messages, when
 * either fails. */
static Rules *load_checked(const char *path, Diags *d);
static bool start_run(const char *rules_path, const char *out_path, Diags *d, Rules **r, FILE **out)
{
    static char outbuf[1 << 16];
    *r = load_checked(rules_path, d);
    if (!*r)
        return false;
    *out = stdout;
    if (out_path && !(*out = fopen(out_path, "w"))) {
        fprintf(stderr, "award: cannot write %s: %s\n", out_path, strerror(errno));
        rules_free(*r);
        *r = NULL;
        return false;
    }
    setvbuf(*out, outbuf, _IOFBF, sizeof outbuf);
    return true;
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

/* ---- eval ---- */

typedef struct EvalRun {
    Evaluator *ev;
    Report *rep;
    const char *source;
} EvalRun;

static int on_record(void *ctx, const RawRecord *rec)
{
    EvalRun *run = ctx;
    report_result(run->rep, eval_record(run->ev, rec, run->source));
    return 0;
}

static void on_agency(void *ctx, const AppResult *res)
{
    EvalRun *run = ctx;
    report_result(run->rep, res);
}

/* Read every data file into fn, as one batch; `*source` is set to the name
 * of the input being read.  Returns 0, 1 when a file could not be read as a
 * whole, or 2 when one could not be opened (the message is printed). */
static int read_data(const char **data, int ndata, DataFormat in_fmt, const DataSchema *schema,
                     DataRecordFn fn, void *ctx, const char **source)
{
    char err[512];
    int rc = 0;
    for (int i = 0; i < ndata; i++) {
        bool is_stdin = strcmp(data[i], "-") == 0;
        FILE *in = is_stdin ? stdin : fopen(data[i], "rb");
        *source = is_stdin ? "<stdin>" : data[i];
        if (!in) {
            fprintf(stderr, "award: cannot read %s: %s\n", data[i], strerror(errno));
            rc = 2;
            continue;
        }
        if (data_read(in, *source, in_fmt, schema, fn, ctx, err, sizeof err) < 0) {
            fprintf(stderr, "award: %s\n", err);
            if (rc == 0)
                rc = 1;
        }
        if (!is_stdin)
            fclose(in);
    }
    return rc;
}

/* --explain: the explanation of each result, into the report */
static void explain_as_text(void *ctx, const AppResult *res, FILE *out) { explain_text(ctx, res, out); }
static void explain_as_json(void *ctx, const AppResult *res, FILE *out) { explain_json(ctx, res, out); }

static int cmd_eval(int argc, char **argv)
{
    Args args;
    int rc = parse_args("eval", usage_eval, "format input output columns explain", argc, argv, &args);
    const char **data = args.data;
    if (rc >= 0) {
        free(data);
        return rc;
    }
    rc = 0;
    const char *rules_path = args.rules, *out_path = args.output, *columns = args.columns;
    DataFormat in_fmt = args.input;
    int ndata = args.ndata;
    bool explain = args.explain;
    ReportFormat fmt = REPORT_TABLE;
    if (args.format && strcmp(args.format, "csv") == 0)
        fmt = REPORT_CSV;
    else if (args.format && strcmp(args.format, "json") == 0)
        fmt = REPORT_JSON;
    else if (args.format && strcmp(args.format, "table") != 0) {
        free(data);
        return usage_error("eval", "unknown format `%s`: use table, csv or json", args.format);
    }
    if (explain && fmt == REPORT_CSV) {
        free(data);
        return usage_error("eval", "--explain cannot be used with --format csv: an explanation takes many lines "
                                   "per application; use the default text output or --format json");
    }

    Diags *d = diag_new();
    Rules *r = NULL;
    FILE *out = NULL;
    if (!start_run(rules_path, out_path, d, &r, &out)) {
        diag_free(d);
        free(data);
        return 2;
    }

    char err[512];
    Report *rep = report_new(out, fmt, r, columns, err, sizeof err);
    if (!rep) {
        fprintf(stderr, "award: %s\n", err);
        rc = 2;
        goto done;
    }
    Evaluator *ev = eval_new(r);
    Explainer *x = explain ? explain_new(r, ev) : NULL;
    if (x)
        report_set_explain(rep, fmt == REPORT_JSON ? explain_as_json : explain_as_text, x);
    DataSchema schema = eval_schema(ev);
    EvalRun run = { ev, rep, NULL };
    rc = read_data(data, ndata, in_fmt, &schema, on_record, &run, &run.source);
    eval_finish(ev, on_agency, &run);
    report_end(rep);
    fflush(out); /* the results first, then the count of errors below them */
    if (eval_problem(ev))
        fprintf(stderr, "award: warning: application ids are kept in memory (%s); "
                        "the duplicate-id check is still exact\n", eval_problem(ev));
    if (eval_errors(ev) && rc == 0)
        rc = 1;
    if (eval_errors(ev))
        fprintf(stderr, "award: %zu of %zu applications had data errors (tier `error`)\n",
                eval_errors(ev), eval_count(ev));
    explain_free(x);
    eval_free(ev);
    report_free(rep);
done:
    if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
        fprintf(stderr, "award: cannot write the results: %s\n", strerror(errno));
        rc = 2;
    }
    if (out == stdout)
        setvbuf(stdout, NULL, _IONBF, 0);
    diag_print(d, stderr); /* warnings of the rule file, if any */
    rules_free(r);
    diag_free(d);
    free(data);
    return rc;
}

/* ---- explain ---- */

typedef struct ExplainRun {
    Evaluator *ev;
    Explainer *x;
    Report *rep;              /* json: the result as eval writes it, with "explain" */
    FILE *out;
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
        if (run->apps + run->agencies)
            fputc('\n', run->out);
        explain_text(run->x, res, run->out);
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

static int on_explain_record(void *ctx, const RawRecord *rec)
{
    ExplainRun *run = ctx;
    const AppResult *res = eval_record(run->ev, rec, run->source);
    if (same_id(run, res))
        explain_one(run, res);
    return 0;
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
    const char **data = args.data;
    if (rc >= 0) {
        free(data);
        return rc;
    }
    rc = 0;
    const char *rules_path = args.rules, *out_path = args.output, *id = args.id;
    DataFormat in_fmt = args.input;
    int ndata = args.ndata;
    bool json = args.format && strcmp(args.format, "json") == 0;
    if (args.format && !json && strcmp(args.format, "text") != 0) {
        free(data);
        return usage_error("explain", "unknown format `%s` for explain: use text or json", args.format);
    }
    if (!id || !id[0]) {
        free(data);
        return usage_error("explain", "explain needs `--id ID`: the application (or agency) to explain");
    }

    Diags *d = diag_new();
    Rules *r = NULL;
    FILE *out = NULL;
    if (!start_run(rules_path, out_path, d, &r, &out)) {
        diag_free(d);
        free(data);
        return 2;
    }

    char err[512];
    Evaluator *ev = eval_new(r);
    Explainer *x = explain_new(r, ev);
    Report *rep = json ? report_new(out, REPORT_JSON, r, NULL, err, sizeof err) : NULL;
    if (rep)
        report_set_explain(rep, explain_as_json, x);
    ExplainRun run = { .ev = ev, .x = x, .rep = rep, .out = out, .id = id, .id_len = strlen(id) };
    DataSchema schema = eval_schema(ev);
    rc = read_data(data, ndata, in_fmt, &schema, on_explain_record, &run, &run.source);
    eval_finish(ev, on_explain_agency, &run);
    fflush(out);
    if (run.apps + run.agencies == 0) {
        size_t n = eval_count(ev);
        fprintf(stderr, "award: no application has the id `%s`, and no agency the code, among the %zu "
                        "application%s read\n", id, n, n == 1 ? "" : "s");
        rc = 2;
    } else if (run.errors && rc == 0) {
        rc = 1;
    }
    report_free(rep);
    explain_free(x);
    eval_free(ev);
    if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
        fprintf(stderr, "award: cannot write the explanation: %s\n", strerror(errno));
        rc = 2;
    }
    if (out == stdout)
        setvbuf(stdout, NULL, _IONBF, 0);
    diag_print(d, stderr); /* warnings of the rule file, if any */
    rules_free(r);
    diag_free(d);
    free(data);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (is_help(cmd)) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("award %s\n", AWARD_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0) {
        const char *topic = argc > 2 ? argv[2] : NULL;
        if (!topic)
            fputs(usage_main, stdout);
        else if (strcmp(topic, "check") == 0)
            fputs(usage_check, stdout);
        else if (strcmp(topic, "eval") == 0)
            fputs(usage_eval, stdout);
        else if (strcmp(topic, "explain") == 0)
            fputs(usage_explain, stdout);
        else if (strcmp(topic, "test") == 0)
            fputs(scenario_usage, stdout);
        else
            return usage_error(NULL, "no help on `%s`: the commands are check, eval, explain and test", topic);
        return 0;
    }
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc - 2, argv + 2);
    if (strcmp(cmd, "explain") == 0)
        return cmd_explain(argc - 2, argv + 2);
    if (strcmp(cmd, "test") == 0)
        return scenario_main(argc - 2, argv + 2);
    return usage_error(NULL, "unknown command `%s`", cmd);
}

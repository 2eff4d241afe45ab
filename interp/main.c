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
#include "cli.h"
#include "data.h"
#include "eval.h"
#include "explain.h"
#include "i18n.h"
#include "mem.h"
#include "outfile.h"
#include "report.h"
#include "report_xlsx.h"
#include "report_html.h"
#include "scenario.h"
#include "strbuf.h"

#define AWARD_VERSION "0.1.0"

static const char usage_check[] =
    "usage: award check RULES...\n"
    "\n"
    "Read each rule file and report every error and warning as\n"
    "FILE:LINE:COLUMN: error|warning: MESSAGE, with the source line and a caret\n"
    "under the exact place.  A directory is not checked: give the rule files in\n"
    "it (`award check DIR/*.award`).  Exit status 0 when no file has errors\n"
    "(warnings allowed), 1 when any has, 2 on a usage error or a directory.\n";

static const char usage_eval[] =
    "usage: award eval RULES DATA... [--format table|csv|json | --summary table|csv|json] [--columns LIST]\n"
    "                  [--explain] [--bom] [--quiet] [-o FILE]\n"
    "       award eval RULES DATA... --format xlsx -o FILE.xlsx [--columns LIST]\n"
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
    "  --format FORMAT   table (default, for people), csv, json (one object per line), or\n"
    "                    xlsx: an Excel workbook, written to the file of -o, with the sheets\n"
    "                    results (csv's columns), explanations and counts (as --summary)\n"
    "  --columns LIST    the columns of csv and table output, comma-separated:\n"
    "                    id, kind (application or agency), category, eligible, total,\n"
    "                    tier, tier_label, failed, error, reason (failed or error), stage,\n"
    "                    source, line, any score item's name and any input field's name\n"
    "  --summary FORMAT  instead of the results, how many there were per category, kind and\n"
    "                    tier, as a table, csv or json\n"
    "  --bom             with --format csv: begin with the UTF-8 byte-order mark, so that\n"
    "                    Excel shows Thai text as Thai\n"
    "  --quiet           no counts per category and tier on standard error at the end\n"
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

/* ---- check ---- */

static int cmd_check(int argc, char **argv)
{
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_emit(usage_check);
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error("check", "unknown option `%s` for check", argv[i]);
        nfiles++;
    }
    if (nfiles == 0)
        return cli_usage_error("check", "check needs at least one rule file");
    /* A directory is refused, with the way to name what is in it: checking
     * every file under it would also check what is not a rule file. */
    int dirs = 0;
    for (int i = 0; i < argc; i++)
        if (cli_is_directory(argv[i])) {
            cli_say("%s is a directory; give the rule files in it, such as `award check %s/*.award`", argv[i],
                    argv[i]);
            dirs++;
        }
    if (dirs)
        return 2;
    /* The messages borrow each file's text: free the rules after printing. */
    Diags *d = diag_new();
    Rules **rules = mem_calloc((size_t)argc, sizeof *rules);
    if (!rules) {
        diag_free(d);
        cli_say("out of memory");
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

/* ---- eval ---- */

typedef struct EvalRun {
    Evaluator *ev;
    Report *rep;
    XlsxReport *book;          /* --format xlsx: the workbook, instead of rep */
    OutFile *out;
    const char *source;
} EvalRun;

/* One result to the report or the workbook; false once the workbook
 * failed (a report's failed write shows in outfile_failed). */
static bool eval_emit(EvalRun *run, const AppResult *res)
{
    if (run->book)
        return report_xlsx_result(run->book, res);
    report_result(run->rep, res);
    return true;
}

/* Stops the reading (nonzero) as soon as the output failed. */
static int on_record(void *ctx, const RawRecord *rec)
{
    EvalRun *run = ctx;
    bool ok = eval_emit(run, eval_record(run->ev, rec, run->source));
    return !ok || outfile_failed(run->out) ? 1 : 0;
}

static void on_agency(void *ctx, const AppResult *res)
{
    eval_emit(ctx, res);
}

/* --explain: the explanation of each result, into the report */
static void explain_as_text(void *ctx, const AppResult *res, FILE *out) { explain_text(ctx, res, out); }
static void explain_as_json(void *ctx, const AppResult *res, FILE *out) { explain_json(ctx, res, out); }

static int cmd_eval(int argc, char **argv)
{
    Args args;
    int rc = cli_parse_args("eval", usage_eval, "format input output columns explain bom summary quiet", 1, argc, argv,
                            &args);
    if (rc < 0)
        rc = cli_check_inputs("eval", &args);
    if (rc >= 0) {
        cli_args_free(&args);
        return rc;
    }
    rc = 0;
    /* A workbook is made by report_xlsx.c, not by a Report: fmt stays the
     * table's, and the options of CSV and tables are checked as such. */
    bool xlsx = args.format && strcmp(args.format, "xlsx") == 0;
    if (xlsx && args.summary) {
        cli_args_free(&args);
        return cli_usage_error("eval", "--summary xlsx: a workbook always has the counts, on its sheet `counts`; "
                                   "use --format xlsx -o FILE.xlsx");
    }
    if (xlsx && (!args.output || strcmp(args.output, "-") == 0)) {
        cli_args_free(&args);
        return cli_usage_error("eval", "--format xlsx writes an Excel workbook, which must go to a file: "
                                   "give -o FILE.xlsx");
    }
    ReportFormat fmt = REPORT_TABLE;
    if (args.format && strcmp(args.format, "csv") == 0)
        fmt = REPORT_CSV;
    else if (args.format && strcmp(args.format, "json") == 0)
        fmt = REPORT_JSON;
    else if (args.format && !xlsx && strcmp(args.format, "table") != 0) {
        cli_args_free(&args);
        return cli_usage_error("eval", "unknown format `%s`: use table, csv, json or xlsx", args.format);
    }
    if (args.explain && fmt == REPORT_CSV) {
        cli_args_free(&args);
        return cli_usage_error("eval", "--explain cannot be used with --format csv: an explanation takes many lines "
                                   "per application; use the default text output or --format json");
    }
    if (args.summary && (args.explain || args.columns)) {
        cli_args_free(&args);
        return cli_usage_error("eval", "--summary writes counts, not results: it takes no --%s",
                               args.explain ? "explain" : "columns");
    }
    if (args.bom && fmt != REPORT_CSV) {
        cli_args_free(&args);
        return cli_usage_error("eval", "--bom is for --format csv: it marks the file as UTF-8 for Excel");
    }
    if ((rc = cli_check_output(&args)) >= 0) {
        cli_args_free(&args);
        return rc;
    }
    rc = 0;

    Diags *d = diag_new();
    Rules *r = NULL;
    OutFile *out = NULL;
    if (!cli_start_run(args.rules, args.output, d, &r, &out)) {
        diag_free(d);
        cli_args_free(&args);
        return 2;
    }

    char err[512];
    if (xlsx && !report_xlsx_target_ok(out, err, sizeof err)) {
        cli_end_output(out, false);
        rc = cli_usage_error("eval", "%s", err);
        goto done;
    }
    Report *rep = xlsx ? NULL : report_new(outfile_stream(out), fmt, r, args.columns, err, sizeof err);
    if (!rep && !xlsx) {
        fprintf(stderr, "award: %s\n", err);
        cli_end_output(out, false);
        rc = 2;
        goto done;
    }
    if (args.bom)
        report_set_bom(rep);
    if (args.summary)
        report_set_summary(rep);
    Evaluator *ev = eval_new(r);
    /* A workbook always has the explanations, on a sheet of their own. */
    Explainer *x = args.explain || xlsx ? explain_new(r, ev) : NULL;
    if (x && rep)
        report_set_explain(rep, fmt == REPORT_JSON ? explain_as_json : explain_as_text, x);
    XlsxReport *book = xlsx ? report_xlsx_new(out, r, args.columns, x, err, sizeof err) : NULL;
    if (xlsx && !book) {
        fprintf(stderr, "award: %s\n", err);
        cli_end_output(out, false);
        explain_free(x);
        eval_free(ev);
        rc = 2;
        goto done;
    }
    DataSchema schema = eval_schema(ev);
    EvalRun run = { ev, rep, book, out, NULL };
    ReadOutcome got = { 0 };
    if (!outfile_failed(out)) /* the CSV header is written already */
        cli_read_data(&args, r, &schema, on_record, &run, &run.source, &got);
    rc = got.rc;
    bool wrote = !got.stopped && !outfile_failed(out);
    if (wrote && !got.unread.len)
        eval_finish(ev, on_agency, &run);
    bool book_failed = false;
    if (book) {
        /* before the output is closed: the workbook is written through it */
        wrote = report_xlsx_end(book, wrote);
        if ((book_failed = report_xlsx_error(book) != NULL))
            fprintf(stderr, "award: %s\n", report_xlsx_error(book));
    } else if (wrote) {
        wrote = report_end(rep);
    }
    /* The results first, then the messages about them below. */
    if (!cli_end_output(out, rc < 2 && wrote) || book_failed) {
        rc = 2;
    } else {
        cli_say_undecided(r, &got);
        /* How many per category and tier, for the person at the terminal
         * (the results themselves may have gone to a file or a program).
         * A table of results has just said how many there were in all. */
        if (!args.summary && !args.quiet)
            report_counts(stderr, REPORT_TABLE, false, xlsx || fmt != REPORT_TABLE,
                          book ? report_xlsx_tally(book) : report_tally(rep));
        rc = cli_say_batch_end(ev, &got, false, rc);
    }
    sb_free(&got.unread);
    report_xlsx_free(book);
    explain_free(x);
    eval_free(ev);
    report_free(rep);
done:
    diag_print(d, stderr); /* warnings of the rule file, if any */
    rules_free(r);
    diag_free(d);
    cli_args_free(&args);
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
    int rc = cli_parse_args("explain", usage_explain, "format input output id", 1, argc, argv, &args);
    if (rc < 0)
        rc = cli_check_inputs("explain", &args);
    if (rc >= 0) {
        cli_args_free(&args);
        return rc;
    }
    rc = 0;
    const char *id = args.id;
    bool json = args.format && strcmp(args.format, "json") == 0;
    if (args.format && !json && strcmp(args.format, "text") != 0) {
        cli_args_free(&args);
        return cli_usage_error("explain", "unknown format `%s` for explain: use text or json", args.format);
    }
    if (!id || !id[0]) {
        cli_args_free(&args);
        return cli_usage_error("explain", "explain needs `--id ID`: the application (or agency) to explain");
    }
    if ((rc = cli_check_output(&args)) >= 0) {
        cli_args_free(&args);
        return rc;
    }
    rc = 0;

    Diags *d = diag_new();
    Rules *r = NULL;
    OutFile *out = NULL;
    if (!cli_start_run(args.rules, args.output, d, &r, &out)) {
        diag_free(d);
        cli_args_free(&args);
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
    cli_read_data(&args, r, &schema, on_explain_record, &run, &run.source, &got);
    rc = got.rc;
    bool whole = !got.unread.len;
    if (!got.stopped && !outfile_failed(out) && whole)
        eval_finish(ev, on_explain_agency, &run);
    if (!cli_end_output(out, rc < 2 && !got.stopped)) {
        rc = 2;
    } else if (run.apps + run.agencies == 0) {
        cli_say_undecided(r, &got);
        size_t n = eval_count(ev);
        bool agencies_seen = whole || !cli_has_agency_level(r);
        fprintf(stderr, "award: no application has the id `%s`%s among the %zu application%s read%s\n", id,
                agencies_seen ? ", and no agency the code," : "", n, n == 1 ? "" : "s",
                agencies_seen ? "" : "; agency codes were not looked at, as no agency-level award "
                                     "was decided");
        rc = 2;
    } else {
        cli_say_undecided(r, &got);
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
    cli_args_free(&args);
    return rc;
}

/* ---- the command table: a new command is one row ---- */

static int cmd_test(int argc, char **argv)
{
    /* scenario_main flushes and checks its output; the close can still
     * fail (a network file system reports late). */
    int rc = scenario_main(argc, argv);
    if (rc != 2 && fclose(stdout) != 0) {
        fprintf(stderr, "award: cannot write standard output: %s\n", strerror(errno));
        return 2;
    }
    return rc;
}

static const Command commands[] = {
    { "check", "check RULES...", "check rule files; every mistake with its place", usage_check, cmd_check },
    { "eval", "eval RULES DATA...", "evaluate applications (CSV or JSON) against rules", usage_eval, cmd_eval },
    { "explain", "explain RULES DATA... --id ID", "why one application (or agency) got its result",
      usage_explain, cmd_explain },
    { "test", "test [--coverage] PATH...", "run scenario files: what applications must give", scenario_usage,
      cmd_test },
    { "show", "show RULES", "the complete rules of a file, every change it extends applied", usage_show,
      cmd_show },
    { "diff", "diff OLD NEW", "what changed between two rule files, for a reviewer", usage_diff, cmd_diff },
    { "compare", "compare OLD NEW DATA...", "what adopting NEW instead of OLD does to applications",
      usage_compare, cmd_compare },
    { "fmt", "fmt [--check] FILE...", "lay out rule and scenario files the canonical way", usage_fmt, cmd_fmt },
    { "report", "report RULES DATA... -o FILE", "one HTML page of a batch's results, for a director",
      usage_report, cmd_report },
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static const Command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* `award --help`: the commands from the table, each with its summary. */
static int main_usage(FILE *to)
{
    Sb sb = { 0 };
    sb_str(&sb, "usage: award <command> [options] [files]\n\n"
                "Yearly award criteria as rule files, and the applications they judge.\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) {
        size_t w = strlen(commands[i].synopsis);
        sb_printf(&sb, "  %s%*s%s%s\n", commands[i].synopsis, w < 27 ? (int)(27 - w) : 0, "",
                  w < 27 ? "" : "\n                             ", commands[i].summary);
    }
    sb_str(&sb, "  help [COMMAND]             show help for a command\n"
                "\n"
                "options:\n"
                "  -h, --help                 show help\n"
                "  --version                  show the version\n"
                "  --lang th|en               the language of messages (else the locale's)\n"
                "\n"
                "Run `award help COMMAND` for the options of a command.  An option's value\n"
                "may follow it or be joined to it: `--format csv` or `--format=csv`.\n");
    int rc;
    if (to == stderr) {
        fputs(sb.s, stderr);
        rc = 2;
    } else {
        rc = cli_emit(sb.s);
    }
    sb_free(&sb);
    return rc;
}

/* --lang LANG or --lang=LANG, anywhere before a `--`: the language of the
 * messages, for every command.  Taken out of argv (argc is updated) before
 * the command reads its arguments; the messages then come in that language.
 * Returns -1 to go on, or 2 after a usage error. */
static int take_lang_option(int *argc, char **argv)
{
    const char *lang = NULL;
    bool missing = false, rest = false;
    int n = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        rest |= strcmp(a, "--") == 0;
        if (!rest && strcmp(a, "--lang") == 0) {
            if (i + 1 < *argc)
                lang = argv[++i];
            else
                missing = true;
        } else if (!rest && strncmp(a, "--lang=", 7) == 0) {
            lang = a + 7;
        } else {
            argv[n++] = argv[i];
        }
    }
    *argc = n;
    argv[n] = NULL;
    if (!missing && !lang) {
        i18n_init(NULL);
        return -1;
    }
    if (!missing && i18n_init(lang))
        return -1;
    /* A usage error about --lang, in the environment's language. */
    i18n_init(NULL);
    Sb langs = { 0 };
    i18n_languages(&langs);
    int rc = missing ? cli_usage_error(NULL, "`--lang` needs a language: %s", langs.s)
                     : cli_usage_error(NULL, "there are no messages in the language `%s`: --lang takes %s", lang,
                                       langs.s);
    sb_free(&langs);
    return rc;
}

int main(int argc, char **argv)
{
    /* Before any file is opened: no file may take a closed standard
     * output's number (outfile.h). */
    outfile_keep_std_fds();
    int lang_rc = take_lang_option(&argc, argv);
    if (lang_rc >= 0)
        return lang_rc;
    if (argc < 2)
        return main_usage(stderr);
    const char *name = argv[1];
    if (cli_is_help(name))
        return main_usage(stdout);
    if (strcmp(name, "--version") == 0)
        return cli_emit("award " AWARD_VERSION "\n");
    if (strcmp(name, "help") == 0) {
        const char *topic = argc > 2 ? argv[2] : NULL;
        if (!topic)
            return main_usage(stdout);
        const Command *c = find_command(topic);
        if (c)
            return cli_emit(c->usage);
        Sb names = { 0 };
        /* TRANSLATORS: the separators of a list of commands, "a, b and c". */
        for (size_t i = 0; i < NCOMMANDS; i++)
            sb_printf(&names, "%s%s", i == 0 ? "" : i + 1 == NCOMMANDS ? _(" and ") : _(", "), commands[i].name);
        int rc = cli_usage_error(NULL, "no help on `%s`: the commands are %s", topic, names.s);
        sb_free(&names);
        return rc;
    }
    const Command *c = find_command(name);
    if (c)
        return c->run(argc - 2, argv + 2);
    return cli_usage_error(NULL, "unknown command `%s`", name);
}

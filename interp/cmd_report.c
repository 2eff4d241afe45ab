/* cmd_report.c -- `award report RULES DATA... -o report.html`: one HTML
 * page for a director (see report_html.h): the batch evaluated as `award
 * eval` does, then written as charts, counts and explained rows. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "eval.h"
#include "explain.h"
#include "i18n.h"
#include "report.h"
#include "report_html.h"
#include "report_xlsx.h"

const char usage_report[] =
    "usage: award report RULES DATA... -o FILE [--xlsx FILE.xlsx] [--input FORMAT] [--quiet]\n"
    "\n"
    "Evaluate every application in the DATA files against the RULES file, as\n"
    "`award eval` does, and write one HTML page for a director to FILE: per\n"
    "category, a histogram of the totals with every tier threshold drawn at\n"
    "its place and the tiers labelled as in the rules; how many got each\n"
    "result (the counts of `award eval --summary`); the conditions that made\n"
    "applications ineligible, with how many failed each; every data error with\n"
    "its file and line; and every result, whose explanation opens with a click.\n"
    "The page needs no network and no script: open it in any browser, or mail\n"
    "it.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE write the page to FILE (`-o -`: standard output); FILE is\n"
    "                    replaced only when the whole page was written, and may not\n"
    "                    be the rule file or a data file\n"
    "  --xlsx FILE.xlsx  also write the Excel workbook of `award eval --format xlsx`\n"
    "                    (results, explanations, counts) from the same evaluation\n"
    "  --input FORMAT    read every DATA as csv or json, whatever its name\n"
    "  --quiet           no counts per category and tier on standard error at the end\n"
    "\n"
    "Exit status 0 when every application was evaluated, 1 when any had a data\n"
    "error or a data file was not read to its end (the page says so), 2 on a\n"
    "usage error, a data file that cannot be used, rules that do not check, or\n"
    "a page that could not be written.\n";

typedef struct ReportRun {
    Evaluator *ev;
    HtmlReport *html;
    XlsxReport *book; /* --xlsx, or NULL */
    bool failed;
    const char *source;
} ReportRun;

/* One result to the page and the workbook; false once either cannot
 * take it. */
static bool give(ReportRun *run, const AppResult *res)
{
    if (!html_report_result(run->html, res) || (run->book && !report_xlsx_result(run->book, res)))
        run->failed = true;
    return !run->failed;
}

/* Stops the reading (nonzero) once the page cannot be made. */
static int on_record(void *ctx, const RawRecord *rec)
{
    ReportRun *run = ctx;
    return give(run, eval_record(run->ev, rec, run->source)) ? 0 : 1;
}

static void on_agency(void *ctx, const AppResult *res)
{
    give(ctx, res);
}

int cmd_report(int argc, char **argv)
{
    Args args;
    int rc = cli_parse_args("report", usage_report, "input output xlsx quiet", 1, argc, argv, &args);
    if (rc < 0)
        rc = cli_check_inputs("report", &args);
    if (rc >= 0) {
        cli_args_free(&args);
        return rc;
    }
    /* A page of HTML on a terminal helps no one: the file is asked for. */
    if (!args.output) {
        cli_args_free(&args);
        return cli_usage_error("report", "report needs `-o FILE`, the HTML file to write (such as -o report.html)");
    }
    if ((rc = cli_check_output(&args)) >= 0) {
        cli_args_free(&args);
        return rc;
    }

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
    HtmlReport *html = html_report_new(r, x, args.rules, args.data, (size_t)args.ndata, err, sizeof err);
    ReadOutcome got = { 0 };
    bool wrote = false, book_ok = true;
    OutFile *book_out = NULL;
    ReportRun run = { ev, html, NULL, false, NULL };
    rc = 2;
    if (!html) {
        cli_say("%s", err);
    } else if (args.xlsx && !(book_out = outfile_open(args.xlsx, err, sizeof err))) {
        cli_say("%s", err);
    } else if (book_out && !report_xlsx_target_ok(book_out, err, sizeof err)) {
        rc = cli_usage_error("report", "%s", err);
    } else if (book_out && !(run.book = report_xlsx_new(book_out, r, NULL, x, err, sizeof err))) {
        cli_say("%s", err);
    } else {
        DataSchema schema = eval_schema(ev);
        cli_read_data(&args, r, &schema, on_record, &run, &run.source, &got);
        rc = got.rc;
        if (!got.stopped && !got.unread.len)
            eval_finish(ev, on_agency, &run);
        /* a page or workbook that failed says why: html_report_write
         * below, report_xlsx_error after it */
        wrote = rc < 2 && html_report_write(html, outfile_stream(out), got.unread.s, err, sizeof err);
        if (rc < 2 && !wrote) {
            cli_say("%s", err);
            rc = 2;
        }
    }
    if (run.book) {
        /* before its file is closed: the workbook is written through it */
        book_ok = report_xlsx_end(run.book, wrote);
        if (report_xlsx_error(run.book)) {
            cli_say("%s", report_xlsx_error(run.book));
            book_ok = false;
        }
    }
    /* Neither file is kept unless both were written whole. */
    bool keep = wrote && book_ok;
    if (book_out && !cli_end_output(book_out, keep))
        keep = false;
    if (!cli_end_output(out, keep) || !keep) {
        rc = rc < 2 ? 2 : rc;
    } else {
        cli_say_undecided(r, &got);
        if (!args.quiet)
            report_counts(stderr, REPORT_TABLE, false, true, html_report_tally(html));
        rc = cli_say_batch_end(ev, &got, true, rc);
    }
    sb_free(&got.unread);
    report_xlsx_free(run.book);
    html_report_free(html);
    explain_free(x);
    eval_free(ev);
    diag_print(d, stderr); /* warnings of the rule file, if any */
    rules_free(r);
    diag_free(d);
    cli_args_free(&args);
    return rc;
}

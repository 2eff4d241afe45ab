/* cli.h -- what the commands of `award` share (cli.c), and the command
 * table's row type.  A new command is a function `int cmd_NAME(int argc,
 * char **argv)` (arguments after the command's name) with its help text,
 * declared here and given one row in main.c's table. */
#ifndef AWARD_CLI_H
#define AWARD_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "ast.h"
#include "data.h"
#include "diag.h"
#include "eval.h"
#include "outfile.h"
#include "strbuf.h"

/* One command: its name, a one-line summary for `award help`, the synopsis
 * shown there, its help text, and what runs it (returns the exit status). */
typedef struct Command {
    const char *name;
    const char *synopsis;   /* e.g. "eval RULES DATA..." */
    const char *summary;
    const char *usage;
    int (*run)(int argc, char **argv);
} Command;

/* The commands that live outside main.c. */
extern const char usage_diff[], usage_compare[], usage_fmt[], usage_show[];
int cmd_diff(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_show(int argc, char **argv);

/* "award: MESSAGE" and where to find the usage, on standard error; returns 2.
 * The format is translated here (i18n.h): pass the English literal. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "award: MESSAGE" and a line break on standard error, the format
 * translated as by cli_usage_error. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool cli_is_help(const char *a);
/* Write a help text to standard output, checked: 0, or 2 with a message. */
int cli_emit(const char *text);
/* Whether path names a directory (which no command reads as a file). */
bool cli_is_directory(const char *path);

/* ---- the arguments of the commands that read data ---- */

typedef struct Args {
    const char *rules;         /* the rule file */
    const char *rules2;        /* compare: the second rule file (NEW) */
    const char **data;         /* the data files (`-` for standard input) */
    DataFormat *formats;       /* the format each is read as (see data_formats) */
    int ndata;
    const char *format;        /* --format, NULL when not given */
    DataFormat input;          /* --input */
    const char *output;        /* -o, --output */
    const char *xlsx;          /* --xlsx: a workbook beside the output (award report) */
    const char *columns;       /* --columns (eval) */
    const char *id;            /* --id (explain) */
    bool explain;              /* --explain (eval) */
    bool bom;                  /* --bom: a UTF-8 byte-order mark before CSV (for Excel) */
    bool quiet;                /* --quiet: no counts on standard error at the end */
    bool summary;              /* --summary FORMAT: counts instead of results */
    const char *year;          /* --year (compare) */
} Args;

/* What reading every data file came to. */
typedef struct ReadOutcome {
    int rc;              /* 0; 1 when a file was not read to its end; 2 when one could not be opened */
    bool stopped;        /* the callback stopped the run: the output failed */
    Sb unread;           /* the files not read to their end, ", "-separated */
} ReadOutcome;

void cli_args_free(Args *args);
/* Read the arguments of `cmd`: `nrules` rule files (1, or 2 for OLD NEW),
 * then data files, and the options named in `takes` (e.g. "format input
 * output columns explain id year").  An option's value is the next argument
 * or joined with `=`.  Returns -1 to go on, or the exit status when help was
 * printed or the arguments are wrong.  Free args with cli_args_free always. */
int cli_parse_args(const char *cmd, const char *usage, const char *takes, int nrules, int argc, char **argv,
                   Args *args);
/* Look at the rule files and every data file before any is read: missing,
 * a directory, a rule file given as data.  Sets args->formats.  -1 to go
 * on, or 2 after printing every problem (3 out of memory). */
int cli_check_inputs(const char *cmd, Args *args);
/* Refuse an output that is an input.  -1 to go on, or 2 with the message. */
int cli_check_output(const Args *args);
/* Load and check a rule file; on errors print them and return NULL.  The
 * messages borrow the file's text: print `d` again (for warnings) before
 * freeing the rules. */
Rules *cli_load_checked(const char *path, Diags *d);
/* Load and check the rule file and open the output (standard output when
 * out_path is NULL); false, with messages, when either fails. */
bool cli_start_run(const char *rules_path, const char *out_path, Diags *d, Rules **r, OutFile **out);
/* Flush and close the output, keeping it when `keep`; false after saying why. */
bool cli_end_output(OutFile *out, bool keep);
/* Whether the rules have agency-level categories. */
bool cli_has_agency_level(const Rules *r);
/* Read every data file into fn, as one batch; `*source` is set to the name
 * of the input being read.  Stops at once when fn returns nonzero.  The
 * schema's required columns are those of `r`. */
void cli_read_data(const Args *args, const Rules *r, const DataSchema *schema, DataRecordFn fn, void *ctx,
                   const char **source, ReadOutcome *res);
/* The same with the caller's required columns (by schema slot): compare
 * reads one batch for two rule files, whose schema is the union of both. */
void cli_read_data_required(const Args *args, const bool *required, const DataSchema *schema, DataRecordFn fn,
                            void *ctx, const char **source, ReadOutcome *res);
/* A partial batch decides no agency-level award: say so when r has such. */
void cli_say_undecided(const Rules *r, const ReadOutcome *got);
/* After a batch's output was written: says when the ids were kept in
 * memory and how many applications had data errors (`on_page`: adding that
 * the report's page lists them), and gives the exit status: rc, raised to 1
 * for a data error or a data file not read to its end. */
int cli_say_batch_end(const Evaluator *ev, const ReadOutcome *got, bool on_page, int rc);

#endif

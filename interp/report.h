/* report.h -- writing results: a table for people, CSV and JSON for programs.
 *
 * CSV and JSON stream: each result is written when it is given.  The table
 * keeps its rows until report_end, to align columns (it is for people, who
 * read hundreds of rows, not millions). */
#ifndef AWARD_REPORT_H
#define AWARD_REPORT_H

#include <stdio.h>

#include "ast.h"
#include "eval.h"

typedef enum ReportFormat { REPORT_TABLE, REPORT_CSV, REPORT_JSON } ReportFormat;

typedef struct Report Report;

/* `columns`: a comma-separated list of CSV/table columns, or NULL for the
 * default.  Returns NULL with a message in err when a column is unknown. */
Report *report_new(FILE *out, ReportFormat fmt, const Rules *r, const char *columns,
                   char *err, size_t errsize);
void report_result(Report *rep, const AppResult *res);
/* `eval --explain`: fn writes the explanation of each result while it is
 * valid.  JSON: fn writes the value of the result's "explain" member.
 * Table: no table is kept; each result is written at once, as fn's text,
 * blocks separated by a blank line, and report_end prints only the closing
 * count. */
typedef void (*ReportExplainFn)(void *ctx, const AppResult *res, FILE *out);
void report_set_explain(Report *rep, ReportExplainFn fn, void *ctx);
/* Flush what is kept; the table also prints a closing count. */
void report_end(Report *rep);
void report_free(Report *rep);

/* The columns a CSV report can have, for --help. */
const char *report_column_help(void);

#endif

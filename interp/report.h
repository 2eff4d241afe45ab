/* report.h -- writing results: a table for people, CSV and JSON for programs.
 *
 * CSV and JSON stream: each result is written when it is given.  The table
 * keeps its rows until report_end, to align columns (it is for people, who
 * read hundreds of rows, not millions).
 *
 * Texts: CSV and JSON give every text exactly (CSV quotes a cell holding a
 * control character or a space at either end; JSON escapes the controls,
 * and writes U+FFFD for a byte that is not UTF-8, which JSON cannot hold).
 * The table shows control characters escaped (\n, \t, \x1b, \u0085; see
 * report.c) so that no cell can act on the terminal.
 *
 * Failures: the report writes to `out` with stdio and relies on its sticky
 * error flag.  report_result and report_end return false once a write to
 * `out` failed (or memory ran out in a test); after that they write
 * nothing more, and the caller stops the run and says so (see outfile.h). */
#ifndef AWARD_REPORT_H
#define AWARD_REPORT_H

#include <stdio.h>

#include "ast.h"
#include "eval.h"
#include "tally.h"
#include "strbuf.h"

typedef enum ReportFormat { REPORT_TABLE, REPORT_CSV, REPORT_JSON } ReportFormat;

typedef struct Report Report;

/* `columns`: a comma-separated list of CSV/table columns, or NULL for the
 * default.  Returns NULL with a message in err when a column is unknown, or
 * the list is empty or has an empty name (`,,`, a trailing comma). */
Report *report_new(FILE *out, ReportFormat fmt, const Rules *r, const char *columns,
                   char *err, size_t errsize);
bool report_result(Report *rep, const AppResult *res);
/* CSV: write the UTF-8 byte-order mark before the header, which Excel
 * needs to read Thai as Thai (before the first report_result). */
void report_set_bom(Report *rep);
/* Write, instead of the results, how many there were per category, kind
 * (application or agency) and tier, in the report's format, at the end. */
void report_set_summary(Report *rep);
/* `eval --explain`: fn writes the explanation of each result while it is
 * valid.  JSON: fn writes the value of the result's "explain" member.
 * Table: no table is kept; each result is written at once, as fn's text,
 * blocks separated by a blank line, and report_end prints only the closing
 * count. */
typedef void (*ReportExplainFn)(void *ctx, const AppResult *res, FILE *out);
void report_set_explain(Report *rep, ReportExplainFn fn, void *ctx);
/* Write what is kept; the table also prints a closing count.  The caller
 * still flushes `out`. */
bool report_end(Report *rep);
void report_free(Report *rep);

/* The columns of a report, for a writer that lays out the cells itself
 * (the workbook of report_xlsx.c): a report made with REPORT_CSV, whose
 * `out` may then be NULL, chooses them as for CSV (the default, or
 * `columns`), and report_cell gives one result's cell exactly as CSV
 * writes it, before any quoting (empty when there is nothing). */
typedef enum ReportCellKind {
    REPORT_CELL_TEXT,     /* any text: an id, a label, a message, a field */
    REPORT_CELL_DECIMAL,  /* an exact decimal: the total, a score item's points */
    REPORT_CELL_WHOLE,    /* a whole number: the line in the data file */
} ReportCellKind;
size_t report_ncolumns(const Report *rep);
const char *report_column_name(const Report *rep, size_t i);
ReportCellKind report_column_kind(const Report *rep, size_t i);
void report_cell(Report *rep, size_t i, const AppResult *res, Sb *to);

/* The counts per category, kind and tier that `counts` holds, in a format:
 * what --summary writes, and the table `award eval` ends with on standard
 * error.  `bom`: CSV starts with the byte-order mark.  `closing`: a table
 * ends with the line of how many results (left out where the results'
 * own table has just said it).  False when a write to `out` failed. */
bool report_counts(FILE *out, ReportFormat fmt, bool bom, bool closing, Tally *counts);
/* The counts of every result given to the report so far. */
Tally *report_tally(Report *rep);

/* The columns a CSV report can have, for --help. */
const char *report_column_help(void);

#endif

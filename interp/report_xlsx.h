/* report_xlsx.h -- `award eval --format xlsx -o FILE.xlsx`: the results as
 * an Excel workbook, for evaluators who work in Excel.
 *
 * Three sheets:
 * - `results`: the columns of the CSV report (its default, or --columns),
 *   one row per result; ids and texts as text, `true`/`false` as text as
 *   CSV gives them, the total and the points of score items as numbers
 *   shown with exactly the decimals CSV gives (the number format of each
 *   cell has the places of its exact decimal); the header row frozen, an
 *   autofilter over the data, each column as wide as its widest cell (up to
 *   a limit);
 * - `explanations`: each result's explanation, the text `award explain`
 *   writes, one line a row beside the result's id;
 * - `counts`: the counts of `--summary` (tally.h), per category, kind and
 *   tier.
 * A sheet holds at most 1,048,576 rows (Excel's limit): rows beyond it
 * continue on a sheet of the same name and a number (`explanations 2`).
 *
 * The workbook is made by libxlsxwriter, which writes only to a file it
 * opens by name, and only when the workbook is closed.  It is given the
 * OutFile's own file (outfile.h: for -o FILE, the temporary file beside
 * FILE) by the name of its descriptor under /dev/fd, so that a workbook is
 * replaced, kept or removed exactly as every other output of -o.  Its
 * constant-memory mode keeps one row of each sheet in memory and the rest
 * in its temporary files (in $TMPDIR, or /tmp), so that a batch of any
 * size takes bounded memory.
 *
 * Use, while the OutFile is open:
 *     report_xlsx_target_ok(out, ...)      false: a usage error (a terminal, a pipe)
 *     w = report_xlsx_new(out, ...)
 *     report_xlsx_result(w, res) for each result (false: stop)
 *     report_xlsx_end(w, complete)         before outfile_close: it writes the file
 *     report_xlsx_error(w)                 what failed, or NULL
 *     report_xlsx_free(w)
 *
 * Ownership: the XlsxReport borrows `out`, the rules and the explainer,
 * which must outlive it. */
#ifndef AWARD_REPORT_XLSX_H
#define AWARD_REPORT_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "eval.h"
#include "tally.h"
#include "explain.h"
#include "outfile.h"

typedef struct XlsxReport XlsxReport;

/* Whether a workbook can be written to `out`: false, with the reason in
 * err (for a usage error), when it is a terminal or a pipe.  A workbook is
 * a zip archive, which is finished by going back in the file. */
bool report_xlsx_target_ok(OutFile *out, char *err, size_t errsize);

/* A workbook written, at report_xlsx_end, to out's file.  `columns` as for
 * report_new (NULL: the default columns of CSV); `x` explains each result
 * for the explanations sheet.  NULL, with the message in err, when a
 * column is unknown ("unknown column ...") or the workbook cannot be
 * started ("cannot write FILE: ..."). */
XlsxReport *report_xlsx_new(OutFile *out, const Rules *r, const char *columns, Explainer *x, char *err,
                            size_t errsize);

/* Add one result to the three sheets (its explanation is made now, while
 * the result is valid).  False once anything failed. */
bool report_xlsx_result(XlsxReport *w, const AppResult *res);

/* complete: every result was given; the counts are written, and the
 * workbook is put together and written to the file.  Otherwise the
 * workbook is only closed (what it writes goes to the temporary file,
 * which the caller then removes with outfile_close(out, false)).  Must be
 * called before outfile_close, which closes the descriptor the workbook is
 * written through.  True when complete and nothing failed. */
bool report_xlsx_end(XlsxReport *w, bool complete);

/* "cannot write FILE: what failed", or NULL while nothing failed. */
const char *report_xlsx_error(const XlsxReport *w);
/* The counts of every result given to the workbook so far. */
Tally *report_xlsx_tally(XlsxReport *w);

/* Also closes the workbook if report_xlsx_end was not called. */
void report_xlsx_free(XlsxReport *w);

#endif

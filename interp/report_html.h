/* report_html.h -- `award report`: one self-contained HTML page for a
 * director, from one batch of results.
 *
 * The page has, per category in rule order, a histogram of the totals
 * drawn as inline SVG with every tier threshold at its exact place and the
 * tier bands labelled as the rules label them, the counts per outcome
 * (the same counts as `award eval --summary`, from the same code), and the
 * conditions that made applications ineligible, with how many failed each;
 * then every data error with its place, and every result as a row whose
 * explanation opens with one click (<details>).  No script, no network: the
 * style sheet is in the page, and the fonts are the reader's (Thai fonts
 * named first).
 *
 * Bounds: one pass over the results.  What the page needs before the rows
 * (the counts, and per category the totals and the outcome of each scored
 * application, 48 bytes each) is kept in memory; the rows and the data
 * errors (each row with its explanation, from explain_html) are written as
 * they come to unnamed temporary files in $TMPDIR (or /tmp) and copied into
 * the page at the end.  Nothing is quadratic: a histogram's bins and bands
 * are counted in one pass over the totals.
 *
 * Text: every text from the rules or the data is escaped by sb_add_html
 * (strbuf.h), the one HTML escaper.
 *
 * Numbers: totals, bin edges, threshold positions and bar heights are
 * worked out in exact decimals and integers, and printed to two places;
 * no floating point.
 *
 * Ownership: the HtmlReport borrows the rules, the explainer and the names
 * it is given until html_report_free; it owns its temporary files. */
#ifndef AWARD_REPORT_HTML_H
#define AWARD_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ast.h"
#include "dec.h"
#include "eval.h"
#include "tally.h"
#include "explain.h"

typedef struct HtmlReport HtmlReport;

/* A report of results of rules `r` read from `rules_path` and the data
 * files data[0..ndata), which the page names.  `x` explains each result
 * (made for the evaluator that gives them).  NULL, with a message in err,
 * when a temporary file cannot be made. */
HtmlReport *html_report_new(const Rules *r, Explainer *x, const char *rules_path, const char *const *data,
                            size_t ndata, char *err, size_t errsize);
/* Take one result, while it is valid (right after eval_record, or in
 * eval_finish's callback).  False, with the reason kept for
 * html_report_write, once anything failed (a temporary file could not be
 * written, memory ran out); the caller stops reading. */
bool html_report_result(HtmlReport *h, const AppResult *res);
/* Write the whole page to `out`.  `unread`: the data files that were not
 * read to their end (", "-separated; NULL or "" when all were), so that the
 * page says no agency-level award was decided.  False, with the reason in
 * err, when something failed before (a write to `out` itself is the
 * caller's to check, see outfile.h). */
bool html_report_write(HtmlReport *h, FILE *out, const char *unread, char *err, size_t errsize);
/* The counts per category, kind and tier of every result given so far. */
Tally *html_report_tally(HtmlReport *h);
void html_report_free(HtmlReport *h);

/* ---- the pieces, for the unit tests ---- */

/* The bins of a histogram of values from lo_value to hi_value: `count`
 * bins of `width` from `lo` (a multiple of the width, at most lo_value) up
 * to lo + count * width (at least hi_value).  The width is 1, 2, 2.5 or 5
 * times a power of ten, giving 10 to 50 bins; among those, the one on
 * whose edges most of marks[0..nmarks) fall (the tier thresholds, so that
 * a bar does not straddle one), then the one nearest 25 bins.  False when
 * no width fits (values too far apart for exact decimals). */
typedef struct HtmlBins {
    Dec lo, width;
    size_t count;
} HtmlBins;
bool html_bins(Dec lo_value, Dec hi_value, const Dec *marks, size_t nmarks, HtmlBins *out);

/* The x coordinate of value v on an axis drawn from x0 (value lo) to
 * x0 + width_px (value hi): x0 + (v - lo) * width_px / (hi - lo), rounded
 * half-even to two places, as text in buf (DEC_FMT_MAX bytes).  False
 * when hi <= lo or the arithmetic overflows. */
bool html_x(Dec v, Dec lo, Dec hi, long x0, long width_px, char *buf);

/* ---- the command (cmd_report.c) ---- */

extern const char usage_report[];
int cmd_report(int argc, char **argv);

#endif

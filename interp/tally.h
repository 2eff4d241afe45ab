/* tally.h -- how many results there were per category, kind and tier: the
 * counts of `award eval --summary` (report.c) and of the `counts` sheet of
 * `--format xlsx` (report_xlsx.c), kept by one module so that both always
 * say the same.
 *
 * The distinct (category, kind, tier) are few, bounded by the rules
 * (categories times their outcomes), not by the data: looking a result up
 * among them keeps a batch linear in its size.
 *
 * Ownership: a zeroed Tally is empty and ready; tally_free releases its
 * rows.  A row borrows its category and tier name from the rules (or the
 * evaluator's own outcome names, such as "error"), which outlive it. */
#ifndef AWARD_TALLY_H
#define AWARD_TALLY_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "eval.h"

typedef struct TallyRow {
    const CategoryDecl *cat;  /* NULL when the category could not be told */
    bool agency;              /* an agency-level result, not an application */
    const char *tier;         /* a tier id, or one of the evaluator's outcomes */
    size_t count;
    size_t seq;               /* when first seen: the order within a category */
} TallyRow;

typedef struct Tally {
    TallyRow *rows;
    size_t n, cap;
    size_t napps;    /* results of applications (data errors included) */
    size_t nerrors;  /* of which data errors */
    size_t nagency;  /* agency-level results */
} Tally;

/* Count one result.  False when memory ran out (nothing was counted). */
bool tally_add(Tally *t, const AppResult *res);

/* The rows in the order the summary gives them: by category as the rules
 * declare them (the unknown category last), applications before agency
 * rows, then in the order first seen.  Sorts the rows in place; *n is set
 * to their number.  Valid until the next tally_add or tally_free. */
const TallyRow *tally_rows(Tally *t, size_t *n);

void tally_free(Tally *t);

#endif

/* explain.h -- why an application got its result: `award explain` and
 * `award eval --explain`.
 *
 * An explanation walks the rules of the result's category and says, for an
 * evaluator to read out to the agency:
 * - every condition with its line and message, whether it held, the values
 *   it saw (each field and let it reads, and each side of a comparison that
 *   is computed), and for a condition that failed what would have passed it
 *   ("needs unit_coverage_pct >= 80; it is 79.99, 0.01 short");
 * - every node of the score tree: points out of its maximum, how a computed
 *   or weighted item got its points, a group's sum before its cap, a bonus
 *   given or not (with its condition's values), rounding;
 * - the total, the tier and the rule of the tier table that decided it, the
 *   distance to the next tier up, and for an ineligible application the tier
 *   its total would have had;
 * - for an agency-level result, each won(category, tier) it looked at and
 *   the applications that counted;
 * - for a data error, the message.
 *
 * Text is for people (aligned by display width, so Thai labels line up);
 * JSON is for programs (numbers as exact decimal literals).
 *
 * An explanation reads the evaluator's state for the result, so it must be
 * made while the result is valid: right after eval_record returns it, or in
 * eval_finish's callback. */
#ifndef AWARD_EXPLAIN_H
#define AWARD_EXPLAIN_H

#include <stdio.h>

#include "ast.h"
#include "eval.h"

typedef struct Explainer Explainer;

/* An explainer for results of `ev`, which evaluates `r`. */
Explainer *explain_new(const Rules *r, Evaluator *ev);
void explain_free(Explainer *x);

/* The explanation of `res` as text: several lines, each ending in '\n'. */
void explain_text(Explainer *x, const AppResult *res, FILE *out);

/* The explanation of `res` as one JSON object, on one line, without a
 * newline (it is also the value of the "explain" member of eval's JSON). */
void explain_json(Explainer *x, const AppResult *res, FILE *out);

#endif

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
 * It is made in two steps, as jq keeps its values (jv.c) apart from their
 * printing (jv_print.c).  explain_build (explain.c) gathers the facts into
 * an Explanation, a model of plain data without words or markup
 * (explain_model.h).  Writers put the model out: as text for people
 * (explain_text.c, aligned by display width so that Thai labels line up,
 * and home of the English words every writer uses, explain_words.h); as
 * JSON for programs (explain_json.c, numbers as exact decimal literals); as
 * an HTML fragment for a page (explain_html.c).
 *
 * An explanation reads the evaluator's state for the result, so it must be
 * made while the result is valid: right after eval_record returns it, or in
 * eval_finish's callback; and it is written before the next one is built. */
#ifndef AWARD_EXPLAIN_H
#define AWARD_EXPLAIN_H

#include <stdio.h>

#include "ast.h"
#include "eval.h"

typedef struct Explainer Explainer;
typedef struct Explanation Explanation;

/* An explainer for results of `ev`, which evaluates `r`. */
Explainer *explain_new(const Rules *r, Evaluator *ev);
void explain_free(Explainer *x);

/* The explanation of `res` as text: several lines, each ending in '\n'. */
void explain_text(Explainer *x, const AppResult *res, FILE *out);

/* The explanation of `res` as one JSON object, on one line, without a
 * newline (it is also the value of the "explain" member of eval's JSON). */
void explain_json(Explainer *x, const AppResult *res, FILE *out);

/* The explanation of `res` as one HTML fragment: a <section
 * class="explain">, every text escaped, with classes (held, failed,
 * not-assessed, given, ...) for a page's style sheet to colour; no script
 * and no style.  Ends with a newline. */
void explain_html(Explainer *x, const AppResult *res, FILE *out);

/* The model of the explanation of `res` (explain_model.h), for a writer of
 * another form.  It belongs to the explainer: valid until the next
 * explain_build, explain_text, explain_json or explain_html on x, or
 * explain_free, and only while `res` is. */
const Explanation *explain_build(Explainer *x, const AppResult *res);

/* The writers, from a model: explain_text is explanation_text of
 * explain_build, and so on; a model can be written in several forms. */
void explanation_text(const Explanation *m, FILE *out);
void explanation_json(const Explanation *m, FILE *out);
void explanation_html(const Explanation *m, FILE *out);

#endif
